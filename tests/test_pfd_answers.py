"""PFD response letters split into the parts answering each concern (by number, by quotation, or one run of
prose), the parts matched to a report's concerns, and the tracker's per-concern status on both engines."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import date

import docx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import lessons
from conftest import PG_URL, SHARED_DOCUMENTS, _pg_engine, _pg_unavailable
from lessons.cli import app
from lessons.extraction import extract
from lessons.extraction.pfd_answers import extract_answers
from lessons.settings import Settings
from lessons.tracking.answers import WORDING_THRESHOLD, Concern, Part, match_parts, wording_score
from lessons.web.render import records
from web_support import PASSWORD, client, log_in


def letter(body: str) -> str:
    return (
        "Westshire NHS Foundation Trust\n\nDr A Reid\nSenior Coroner\n\n3 June 2024\n\nDear Dr Reid\n\n"
        f"{body.strip()}\n\nI trust this response is helpful.\n\nYours sincerely\n\nChief Executive\n"
    )


INTRO = "Thank you for your Regulation 28 report dated 2 April 2024 following the inquest into the death of Sam.\n\n"

# (body, [(concern, quote or None, words the part starts with), ...])
SPLITS = [
    pytest.param(
        INTRO
        + "Concern 1\nWe have recruited two triage nurses.\n\nConcern 2\nThe school protocol is revised.",
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
        INTRO
        + "Concerns 1 and 2 are answered together: we have a new pathway.\n\nConcern 3\nAudits are monthly.",
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
        INTRO
        + '"Referrals to CAMHS were not triaged within the target time."\n\nWe have recruited two nurses.\n\n'
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
    pytest.param(
        INTRO + '"Think Family" training has been given to all staff this year.', id="a short quote"
    ),
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


# --- matching parts to a report's concerns ------------------------------------------------------------------

CONCERNS = [
    Concern("1", "Referrals to CAMHS were not triaged within the target time of five working days."),
    Concern("2", "The school was not told of the safety plan agreed with the family on discharge."),
    Concern("3", "Ward staff did not search the patient's belongings for ligatures on admission."),
]
TRIAGE = "Two more nurses now triage every CAMHS referral within five working days of receipt."
SCHOOL = "Our discharge protocol now sends every safety plan to the school the same day it is agreed."
UNRELATED = "The car park barrier was replaced and visitor parking is free after six in the evening."

# (parts, expected: for each concern the (part index, how) answering it)
MATCHES = [
    pytest.param([Part("1", None, UNRELATED), Part("3", None, UNRELATED)],
                 [[(0, "number")], [], [(1, "number")]], id="by number, whatever the words"),
    pytest.param([Part("1, 2", None, TRIAGE)], [[(0, "number")], [(0, "number")], []], id="two numbers"),
    pytest.param([Part(None, "the school was not told of the safety plan", "We agree. " + UNRELATED),
                  Part(None, "Ward staff did not search the patient's belongings", "Searches are now audited.")],
                 [[], [(0, "quote")], [(1, "quote")]], id="by quotation"),
    pytest.param([Part(None, None, "Intro. " + TRIAGE), Part(None, None, SCHOOL)],
                 [[(0, "wording")], [(1, "wording")], []], id="by wording"),
    pytest.param([Part(None, None, TRIAGE + " " + SCHOOL)],
                 [[(0, "whole letter")], [(0, "whole letter")], [(0, "whole letter")]], id="one part, all"),
    pytest.param([Part("7", None, SCHOOL), Part(None, "the car park barrier was broken", UNRELATED)],
                 [[], [(0, "wording")], []], id="no such number, nor quote: wording decides"),
    pytest.param([Part(None, None, UNRELATED), Part(None, None, "We have reviewed the inquest findings.")],
                 [[], [], []], id="unrelated parts answer nothing"),
]  # fmt: skip


@pytest.mark.parametrize(("parts", "expected"), MATCHES)
def test_parts_answer_concerns_by_number_quote_or_wording(parts: list[Part], expected: list) -> None:
    found = match_parts(CONCERNS, parts)
    assert [[(m.part, m.how) for m in matches] for matches in found] == expected


def test_an_unrelated_part_scores_below_the_wording_threshold_and_a_related_one_above() -> None:
    assert wording_score(CONCERNS, 0, UNRELATED) < WORDING_THRESHOLD
    assert wording_score(CONCERNS, 0, SCHOOL) < WORDING_THRESHOLD  # a sibling concern's answer
    assert wording_score(CONCERNS, 0, TRIAGE) >= WORDING_THRESHOLD


# --- a real report and a response letter, through the tracker, the API, the page and the CLI ---------------

REPORT = "pfd_2023_henderson_surrey.pdf"  # two concerns; recipients the Priory Group and NHS England; due 2023-06-16
PRIORY_LETTER = [
    "The Priory Group",
    "Ms Caroline Topping",
    "Assistant Coroner for Surrey",
    "9 June 2023",
    "Dear Ms Topping",
    "Regulation 28 report: Amy Henderson",
    "I write in response to your Regulation 28 report dated 21 April 2023 following the inquest into the death "
    "of Amy Henderson. I take the matters in turn.",
    "Concern 1",
    "Our admitting doctors now telephone the referring NHS hospital on the day of admission and record the risk "
    "history it gives.",
    "You found that there is no quick method to obtain NHS records on admission to a private hospital. We have "
    "agreed a same-day records request with the local NHS trusts.",
    "You also noted that the family were not kept informed about the date of the ward round.",
    "Families are now given the ward round timetable on the first day and a named contact.",
    "I hope this is helpful.",
    "Yours sincerely",
    "Chief Executive Officer",
    "The Priory Group",
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def answered(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[lessons.Library, int, int]]:
    """A library (on each engine) holding the real report and the Priory's response, linked on ingest."""
    if not SHARED_DOCUMENTS.is_dir():
        pytest.skip(f"../shared/eval/documents is absent ({SHARED_DOCUMENTS})")
    folder = tmp_path_factory.mktemp("answers")
    db = str(folder / "lessons.db")
    schema = None
    if request.param == "postgresql":
        if reason := _pg_unavailable():
            pytest.skip(reason)
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with _pg_engine().begin() as connection:
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
        db = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    letter_path = folder / "priory_response.docx"
    document = docx.Document()
    for paragraph in PRIORY_LETTER:
        document.add_paragraph(paragraph)
    document.save(str(letter_path))
    lib = lessons.Library(Settings.from_env(db=db, uploads=str(folder / "uploads"), embeddings=False))
    lib.ingest([SHARED_DOCUMENTS / REPORT, letter_path])
    lib.accounts.add("viewer", PASSWORD, "viewer")
    ids = {row["file_name"]: int(row["id"]) for row in lib.documents().to_dict("records")}
    yield lib, ids[REPORT], ids["priory_response.docx"]
    lib.close()
    if schema:
        with _pg_engine().begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


def test_the_tracker_shows_which_concerns_a_response_answers(
    answered: tuple[lessons.Library, int, int],
) -> None:
    lib, report, response = answered
    parts = lib.extraction(response)["answers"]
    assert [(p["concern"], bool(p["quote"])) for p in parts] == [("1", False), (None, True), (None, True)]
    (link,) = [row for row in records(lib.tracker.links(report)) if row["kind"] == "responds_to"]
    assert (link["source_id"], link["status"]) == (response, "suggested")

    first, second = lib.tracker.concern_answers(report)
    assert (first["number"], first["answered"], second["number"], second["answered"]) == (
        "1",
        True,
        "2",
        False,
    )
    assert [(a["document"], a["how"]) for a in first["answers"]] == [
        (response, "number"),
        (response, "quote"),
    ]
    text = lib.document(response)["text"]
    for answer in first["answers"]:
        assert " ".join(text[answer["start"] : answer["end"]].split()) == answer["text"]
    assert first["answers"][1]["text"].startswith("You found that there is no quick method")
    # The ward round part quotes no concern and shares too few of the second's words to answer it.
    assert second["answers"] == []

    after_56_days = date(2023, 7, 1)
    rows = {row["recipient"]: row for row in lib.tracker.responses_due(after_56_days)}
    priory = rows["Chief Executive Officer of The Priory Group"]
    assert (priory["status"], priory["responses"]) == ("responded", [response])
    assert [c["answer_status"] for c in priory["concerns"]] == ["answered", "overdue"]
    assert (priory["concerns_answered"], priory["concerns_overdue"]) == (1, 1)
    assert priory["concerns"][1]["days_overdue"] == 15  # due 2023-06-16
    nhs = rows["Chief Executive Officer if NHS England"]
    assert (nhs["status"], nhs["concerns_answered"], nhs["concerns_overdue"]) == ("overdue", 0, 2)
    assert {row["recipient"] for row in lib.tracker.overdue(after_56_days)} == set(rows)
    before_due = {row["recipient"]: row for row in lib.tracker.responses_due(date(2023, 6, 10))}
    assert [c["answer_status"] for c in before_due[priory["recipient"]]["concerns"]] == [
        "answered",
        "awaiting",
    ]
    assert lib.tracker.overdue(date(2023, 6, 10)) == []


def test_the_page_and_api_show_each_concerns_answer(answered: tuple[lessons.Library, int, int]) -> None:
    lib, report, response = answered
    web = client(lib)
    log_in(web, "viewer")
    items = web.get(f"/api/tracker/concerns/{report}").json()["items"]
    assert [(c["number"], c["answered"], len(c["answers"])) for c in items] == [
        ("1", True, 2),
        ("2", False, 0),
    ]
    page = web.get(f"/tracker?document={report}").text
    part = items[0]["answers"][0]["part"]
    assert f'href="/documents/{response}#p{part}"' in page
    assert "no answer yet" in page and page.count("no answer yet") == 1
    assert f'id="p{part}"' in web.get(f"/documents/{response}").text


def test_overdue_command_counts_concerns(answered: tuple[lessons.Library, int, int]) -> None:
    lib, _, response = answered
    result = CliRunner().invoke(
        app, ["overdue", "--at", "2023-07-01", "--format", "csv", "--db", lib.settings.db]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    priory = [r for r in rows if "Priory" in r["recipient"]]
    assert [(r["answer_status"], r["answered_in"]) for r in priory] == [
        ("answered", str(response)),
        ("overdue", ""),
    ]


def test_a_letters_actions_answer_the_concern_of_their_part() -> None:
    text = letter(
        INTRO + "Concern 1: referrals are not followed up.\n\nThe Trust has introduced a referral tracker. "
        "We will audit the tracker by September 2024.\n\nConcern 2: staff did not know the policy.\n\n"
        "All emergency department staff have completed escalation training."
    )
    found = extract(text)
    assert [(a.text, a.status, a.answers) for a in found.actions] == [
        ("The Trust has introduced a referral tracker.", "taken", ("1",)),
        ("We will audit the tracker by September 2024.", "planned", ("1",)),
        ("All emergency department staff have completed escalation training.", "taken", ("2",)),
    ]
