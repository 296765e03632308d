"""How reviews and inquiries lay out their recommendations, one table per convention, with short examples
written for these tests: labelled items over several paragraphs, lists introduced by "They include:",
unnumbered bullets under a heading (and those whose bullets a PDF converter lost), and a print header that must
never become a recommendation's words."""

from __future__ import annotations

import pytest

from lessons.cleaning import clean
from lessons.extraction.items import extract_items
from lessons.models import SourceText


def recs(text: str, doc_type: str | None = None) -> list[tuple[str | None, str]]:
    clean_text = clean(SourceText(text, "txt")).text
    return [(r.number, r.text) for r in extract_items(clean_text, (), doc_type).recommendations]


LABELLED_OVER_PARAGRAPHS = [
    pytest.param(
        "Recommendation 4\n\nThe Partnership should review its neglect strategy.\n\n"
        "It should make sure that all agencies use the Graded Care Profile.\n\n"
        "Recommendation 5:\n\nThe Board should audit referrals.\n\nConclusion\n\nThe review ends here.",
        [
            (
                "4",
                "The Partnership should review its neglect strategy. It should make sure that all agencies use the "
                "Graded Care Profile.",
            ),
            ("5", "The Board should audit referrals."),
        ],
        id="paragraphs until the next label; a heading ends the last",
    ),
    pytest.param(
        "Recommendation 1: Health visitors should ask about fathers.\n\n"
        "This should happen at every contact:\n• at the birth visit\n• at the six-week check\n\n"
        "Recommendation 2: Schools should be told of child protection plans.",
        [
            (
                "1",
                "Health visitors should ask about fathers. This should happen at every contact: at the birth visit "
                "at the six-week check",
            ),
            ("2", "Schools should be told of child protection plans."),
        ],
        id="sub-bullets after a second paragraph stay in the item",
    ),
    pytest.param(
        "Recommendation 3\n\nThe Board should commission training on:\n\na) coercive control;\n\n"
        "b) adolescent neglect.\n\nRecommendation 4\n\nGPs should flag the record.",
        [
            ("3", "The Board should commission training on: a) coercive control; b) adolescent neglect."),
            ("4", "GPs should flag the record."),
        ],
        id="lettered points inside a labelled item",
    ),
    pytest.param(
        "Recommendation 2\n\nGPs should flag the record of a child on a plan.\n\n"
        "NB. Each agency will give feedback to its staff.",
        [("2", "GPs should flag the record of a child on a plan.")],
        id="a note after the last item is not part of it",
    ),
    pytest.param(
        "Recommendation 1: The Partnership should publish a neglect strategy.\n\n"
        "Response: Accepted. The strategy is being drafted.",
        [("1", "The Partnership should publish a neglect strategy.")],
        id="a field after the item (its response) is not part of it",
    ),
    pytest.param(
        "Recommendation 6\n\nThe Board should audit referrals.\n\nIt should include: early help referrals.\n\n"
        "The Partnership will monitor these recommendations every quarter.",
        [("6", "The Board should audit referrals. It should include: early help referrals.")],
        id="words about the recommendations as a whole end the last",
    ),
]

INTRODUCTIONS = [
    pytest.param(
        "The review made six recommendations.\n\nThey include:\n\n• The Board should audit referrals.\n"
        "• Health visitors should record fathers.\n\nThe chair accepted them.",
        [(None, "The Board should audit referrals."), (None, "Health visitors should record fathers.")],
        id="They include: alone, bullets after it",
    ),
    pytest.param(
        "Recommendations\n\nThese include:\n\n1. The Board should audit referrals.\n"
        "2. Health visitors should record fathers.\n\nConclusion",
        [("1", "The Board should audit referrals."), ("2", "Health visitors should record fathers.")],
        id="These include: under a heading",
    ),
    pytest.param(
        "The recommendations are:\n\n1. The Board should audit referrals.\n2. Health visitors should record fathers.",
        [("1", "The Board should audit referrals."), ("2", "Health visitors should record fathers.")],
        id="The recommendations are:",
    ),
    pytest.param(
        "The review made six recommendations.\n\nThey include:\n\nThe Board should audit referrals.\n\n"
        "Health visitors should record fathers.\n\nThe chair said she was sorry.",
        [(None, "The Board should audit referrals."), (None, "Health visitors should record fathers.")],
        id="They include: then paragraphs that lost their bullets",
    ),
    pytest.param(
        "Recommendations\n\n1. The Board should review its thresholds.\n\nThey include:\n• the threshold for "
        "early help\n• the threshold for a strategy meeting\n\n2. Health visitors should record fathers.",
        [
            (
                "1",
                "The Board should review its thresholds. They include: the threshold for early help the threshold "
                "for a strategy meeting",
            ),
            ("2", "Health visitors should record fathers."),
        ],
        id="They include: inside an item introduces its sub-points",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LABELLED_OVER_PARAGRAPHS + INTRODUCTIONS)
def test_recommendation_conventions(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert recs(text) == expected


@pytest.mark.parametrize(("text", "expected"), INTRODUCTIONS)
def test_an_introduction_is_never_a_recommendation_of_a_press_statement(
    text: str, expected: list[tuple[str | None, str]]
) -> None:
    found = recs(text, "press_statement")
    assert found == expected
    assert not any(t.endswith(":") for _, t in found)


def test_they_include_with_nothing_after_it_is_no_prose_recommendation() -> None:
    text = "The review made six recommendations. They include:\n\nThe chair said she was sorry."
    assert recs(text, "press_statement") == []


INQUIRY_SUMMARY = (
    "Summary of the inquiry's report\n\nThe inquiry heard from 40 witnesses.\n\nRecommendations\n\n"
    "{0}The Department for Education should publish statutory guidance on home visits.\n"
    "{0}Police forces should record every contact with a child at risk.\n"
    "{0}Local authorities should fund independent advocates for children.\n\n"
    "Next steps\n\nThe government will respond within six months."
)
UNNUMBERED = [(None, "The Department for Education should publish statutory guidance on home visits."),
              (None, "Police forces should record every contact with a child at risk."),
              (None, "Local authorities should fund independent advocates for children.")]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(INQUIRY_SUMMARY.format("• "), id="• bullets"),
        pytest.param(INQUIRY_SUMMARY.format("- "), id="- bullets"),
        pytest.param(INQUIRY_SUMMARY.format("* "), id="* bullets"),
        pytest.param(INQUIRY_SUMMARY.format("o "), id="o bullets"),
        pytest.param(INQUIRY_SUMMARY.format("\uf0b7 "), id="symbol-font bullets"),
        pytest.param(INQUIRY_SUMMARY.format("").replace(".\n", ".\n\n"), id="bullets lost: paragraphs"),
        pytest.param(INQUIRY_SUMMARY.format(""), id="bullets lost: lines"),
        pytest.param(
            INQUIRY_SUMMARY.format("").replace("guidance on", "guidance\non"),
            id="bullets lost: wrapped lines",
        ),
    ],
)
def test_unnumbered_recommendations_under_a_heading(text: str) -> None:
    assert recs(text) == UNNUMBERED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(  # numbered items: the paragraph before them introduces them
            "Recommendations\n\nThe panel thinks the Board should act on the following.\n\n"
            "1. Audit referrals.\n2. Train staff.",
            [("1", "Audit referrals."), ("2", "Train staff.")],
            id="a paragraph before numbered items",
        ),
        pytest.param(  # paragraphs that do not advise are no recommendations
            "Recommendations\n\nThe panel met six times in 2023.\n\nIts members came from five agencies.",
            [],
            id="paragraphs without advice",
        ),
        pytest.param(  # under findings the paragraphs are findings, whatever they say
            "Findings\n\nAgencies should have shared information sooner.\n\nConclusion",
            [],
            id="findings",
        ),
    ],
)
def test_paragraphs_that_are_no_recommendations(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert recs(text) == expected


def test_a_print_header_never_becomes_a_recommendations_words() -> None:
    page = (
        "02/12/2026, 10:{minute} Independent review of children's social care - GOV.UK\n"
        "{body}\n"
        "https://www.gov.uk/government/publications/independent-review-of-childrens-social-care {n}/3"
    )
    bodies = [
        "Recommendations\n\nRecommendation 1\n\nThe Department should publish national guidance on thresholds",
        "for every partnership.\n\nRecommendation 2\n\nPolice forces should record every contact.",
        "Recommendation 3\n\nLocal authorities should fund advocates.\n\nAnnex A",
    ]
    text = "\n".join(page.format(minute=14 + n // 2, body=body, n=n) for n, body in enumerate(bodies, 1))
    assert recs(text) == [
        ("1", "The Department should publish national guidance on thresholds for every partnership."),
        ("2", "Police forces should record every contact."),
        ("3", "Local authorities should fund advocates."),
    ]
