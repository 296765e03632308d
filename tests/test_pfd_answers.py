"""PFD response letters split into the parts answering each concern (by number, by quotation, or one run of
prose), the parts matched to a report's concerns, and the tracker's per-concern status on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import lessons
from lessons.extraction.pfd_answers import extract_answers


def letter(body: str) -> str:
    return (
        "Westshire NHS Foundation Trust\n\nDr A Reid\nSenior Coroner\n\n3 June 2024\n\nDear Dr Reid\n\n"
        f"{body.strip()}\n\nI trust this response is helpful.\n\nYours sincerely\n\nChief Executive\n"
    )


INTRO = "Thank you for your Regulation 28 report dated 2 April 2024 following the inquest into the death of Sam.\n\n"

# (body, [(concern, quote or None, words the part starts with), ...])
SPLITS = [
    pytest.param(
        INTRO + "Concern 1\nWe have recruited two triage nurses.\n\nConcern 2\nThe school protocol is revised.",
        [("1", None, "Concern 1"), ("2", None, "Concern 2")],
        id="concern-N headings",
    ),
    pytest.param(
        INTRO + "Matter of concern 1: triage. We have recruited nurses.\n\n"
        "Matter of concern 2: schools. The protocol is revised.",
        [("1", None, "Matter of concern 1"), ("2", None, "Matter of concern 2")],
        id="matter of concern N",
    ),
    pytest.param(
        INTRO + "MoC 1 - triage nurses are in post.\n\nMoC 3 - the protocol was revised in May.",
        [("1", None, "MoC 1"), ("3", None, "MoC 3")],
        id="MoC N",
    ),
    pytest.param(
        INTRO + "## Coroner's concern 2:\nThe school protocol is revised.\n\n"
        "## Coroner's concern 3:\nWe audit discharge letters monthly.",
        [("2", None, "## Coroner's concern 2"), ("3", None, "## Coroner's concern 3")],
        id="coroner's concern N heading",
    ),
    pytest.param(
        INTRO + "Concern one\nTriage nurses are in post.\n\nConcern two\nThe protocol is revised.",
        [("1", None, "Concern one"), ("2", None, "Concern two")],
        id="concern in words",
    ),
    pytest.param(
        INTRO + "In relation to concern 2, the protocol is revised.\n\n"
        "The first concern was about triage; nurses are in post.",
        [("2", None, "In relation to concern 2"), ("1", None, "The first concern")],
        id="in relation to concern N, ordinal",
    ),
    pytest.param(
        INTRO + "Concerns 1 and 2 are answered together: we have a new pathway.\n\nConcern 3\nAudits are monthly.",
        [("1, 2", None, "Concerns 1 and 2"), ("3", None, "Concern 3")],
        id="two concerns in one part",
    ),
    pytest.param(
        "I address each of the concerns you raised in turn.\n\n1. Triage nurses are in post.\n\n"
        "2. The protocol is revised.\n\n(3) Audits are monthly.",
        [("1", None, "1. Triage"), ("2", None, "2. The protocol"), ("3", None, "(3) Audits")],
        id="bare numbers after a lead-in about concerns",
    ),
    pytest.param(
        INTRO + "Concern 1\nWe have taken these steps:\n1. recruited nurses;\n2. revised the rota.\n\n"
        "Concern 2\nThe protocol is revised. As under concern 1, training follows.",
        [("1", None, "Concern 1"), ("2", None, "Concern 2")],
        id="a numbered list inside a part does not split it",
    ),
    pytest.param(
        INTRO + '"Referrals to CAMHS were not triaged within the target time."\n\nWe have recruited two nurses.\n\n'
        "You raised the concern that the school was not told of the safety plan. The protocol is revised.",
        [
            (None, "Referrals to CAMHS were not triaged within the target time.", '"Referrals'),
            (None, "the school was not told of the safety plan.", "You raised"),
        ],
        id="quotation marks and a lead-in",
    ),
    pytest.param(
        INTRO + "The coroner's concern: discharge letters did not reach the GP.\nAll letters are now sent "
        "electronically.\n\nReferrals were not triaged within the target time.\n\nResponse: two triage nurses "
        "are in post.",
        [
            (None, "discharge letters did not reach the GP.", "The coroner's concern"),
            (None, "Referrals were not triaged within the target time.", "Referrals"),
        ],
        id="a label and a quotation whose italics were lost",
    ),
    pytest.param(
        INTRO + "Concern 2\n“The school was not told of the safety plan.”\nThe protocol is revised.",
        [("2", "The school was not told of the safety plan.", "Concern 2")],
        id="number then quotation",
    ),
]


@pytest.mark.parametrize(("body", "expected"), SPLITS)
def test_a_letter_splits_at_each_concerns_marker(body: str, expected: list[tuple]) -> None:
    text = letter(body)
    answers = extract_answers(text)
    assert [(a.concern, a.quote) for a in answers] == [(c, q) for c, q, _ in expected]
    for answer, (_, _, opening) in zip(answers, expected, strict=True):
        assert answer.text.startswith(opening)
        assert text[answer.span.start : answer.span.end].startswith(opening)
        assert "trust this response" not in answer.text and "Yours" not in answer.text


NO_MARKERS = [
    pytest.param(INTRO + "We have recruited triage nurses and revised the school protocol.", id="prose"),
    pytest.param(
        INTRO + "The panel made these recommendations:\n1. Crisis plans must be clearer.\n"
        "2. Schools must be told earlier.",
        id="a numbered list of the trust's own recommendations",
    ),
    pytest.param(INTRO + '"Think Family" training has been given to all staff this year.', id="a short quote"),
]


@pytest.mark.parametrize("body", NO_MARKERS)
def test_a_letter_without_markers_is_one_answer(body: str) -> None:
    text = letter(body)
    (answer,) = extract_answers(text)
    assert (answer.concern, answer.quote) == (None, None)
    assert answer.text.startswith("Thank you for your Regulation 28 report")
    assert answer.text.endswith(body.strip().split()[-1])


def test_a_text_without_a_body_has_no_answers() -> None:
    assert extract_answers("") == ()
    assert extract_answers("Dear Sir\n\nYours sincerely\n") == ()
