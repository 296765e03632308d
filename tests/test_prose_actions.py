"""Actions told in prose where a document responds, and actions tied to the recommendations they answer. Short
examples written for these tests, one table per convention; and the learning-and-improvement report of the
development set, whose actions must answer the recommendations of their own section."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lessons.cleaning import clean
from lessons.extraction import extract
from lessons.extraction.items import extract_items
from lessons.extraction.prose_actions import ProseAction, resolution_action, sentence_action
from lessons.reading import read_document

SUBJECT_SENTENCES = [
    # an organisation's name, the tense of the verb right after it, the due date
    ("NHS England will publish revised guidance by March 2025.", ("planned", "NHS England", "2025-03")),
    (
        "Northshire County Council plans to recruit two more social workers.",
        ("planned", "Northshire County Council", None),
    ),
    ("The Trust has introduced a new triage protocol.", ("taken", "Trust", None)),
    # a workforce acting for the writer's organisation: no owner of its own
    ("All emergency department staff have completed escalation training.", ("taken", None, None)),
    ("All staff should complete escalation training.", None),
    ("Staff were not aware of the escalation policy.", None),
    ("In addition, the Trust has appointed a named nurse for safeguarding.", ("taken", "Trust", None)),
    ("The Board is to commission training for all staff.", ("planned", "Board", None)),
    ("The Partnership intends to revise the procedure.", ("planned", "Partnership", None)),
    ("The LSCB Chair will write to the hospital to seek assurance.", ("planned", "LSCB", None)),
    ("The Trust is currently reviewing its discharge policy.", ("planned", "Trust", None)),
    ("Training sessions were delivered to all ward staff.", None),  # no organisation as subject
    # the writer is no owner; "by the end of 2025" is due in its last month
    ("We have updated our discharge policy.", ("taken", None, None)),
    ("We will audit compliance by the end of 2025.", ("planned", None, "2025-12")),
    (
        "All agencies have accepted the recommendations and are already implementing them.",
        ("taken", None, None),
    ),
    # hedges
    ("We may review the policy next year.", None),
    ("The Trust could consider a different approach.", None),
    ("The Board should consider further training.", None),  # a recommendation quoted back
    ("The Trust has not yet changed its policy.", None),
    # courtesies and states of mind
    ("Thank you for your report of 3 May.", None),
    ("We would like to offer our condolences to the family.", None),
    ("The Board has taken these findings very seriously.", None),
    ("The Board has been assured that changes have been made.", None),
    ("The Partnership is satisfied that agencies have reviewed their practice.", None),
    ("The Trust was asked to review its policy.", None),
    # the review or the death itself
    (
        "The Northshire Safeguarding Children Board has completed a Serious Case Review into the death of Child B.",
        None,
    ),
    ("The Partnership has today published the Child Practice Review report.", None),
    ("The Trust was called to the house where Sam died.", None),
]


@pytest.mark.parametrize(("sentence", "expected"), SUBJECT_SENTENCES)
def test_sentences_whose_subject_acts(
    sentence: str, expected: tuple[str, str | None, str | None] | None
) -> None:
    assert sentence_action(sentence) == (ProseAction(*expected) if expected else None)


RESOLUTIONS = [
    ("It was agreed that the Board will write to the Minister.", ("planned", "Board", None)),
    ("It was resolved that the policy be adopted by April 2025.", ("planned", None, "2025-04")),
    ("The Committee agreed to review its terms of reference.", ("planned", None, None)),
    ("It was agreed that the audit has been completed.", ("taken", None, None)),
    ("It was noted that attendance had improved.", None),
    ("It was agreed that members may wish to comment.", None),
]


@pytest.mark.parametrize(("sentence", "expected"), RESOLUTIONS)
def test_resolutions_in_minutes(sentence: str, expected: tuple[str, str | None, str | None] | None) -> None:
    assert resolution_action(sentence) == (ProseAction(*expected) if expected else None)


def test_resolutions_are_read_only_in_minutes() -> None:
    minutes = "Minutes of the meeting of the Safeguarding Board\n\nPresent: the Chair\n\nIt was agreed that the Board will write to the Minister."
    assert [a.status for a in extract_items(minutes, (), "other").actions] == ["planned"]
    narrative = "Background\n\nIt was agreed that the Board will write to the Minister."
    assert extract_items(narrative, (), "other").actions == ()


LISTS = [
    (  # a line stating an action, ending in a colon, opens a list of actions
        "The Trust will also:\n• train ward staff by June 2025\n• report progress to the Board\nYours sincerely",
        [
            ("train ward staff by June 2025", "planned", "Trust", "2025-06"),
            ("report progress to the Board", "planned", "Trust", None),
        ],
    ),
    (
        "We have taken the following steps:\n1. appointed a named nurse\n2. revised the checklist",
        [("appointed a named nurse", "taken", None, None), ("revised the checklist", "taken", None, None)],
    ),
    (  # a paragraph's last sentence introduces the list: "has commissioned" before it says nothing of the items
        "The Board has commissioned a review. Reviews are held when a child has:\n• died; or\n• been seriously harmed.",
        [("The Board has commissioned a review.", "taken", "Board", None)],
    ),
    ("Reviews are not about blame. They are to:\n- identify lessons\n- improve services", []),
    ("The Board should:\n• publish a strategy\n• audit referrals", []),
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_lists_under_a_line_that_states_an_action(
    text: str, expected: list[tuple[str, str, str | None, str | None]]
) -> None:
    actions = extract_items(text, (), "press_statement").actions
    assert [(a.text, a.status, a.owner, a.due) for a in actions] == expected


RESPONSE = """Board response to the review of Child P

Recommendations

Recommendation 1: The Partnership should review its neglect strategy.

Recommendation 2: The Trust should audit discharge planning.

{heading_1}

The Partnership accepts this recommendation. The Partnership has revised its neglect strategy. We will publish the revised toolkit by March 2025.

{heading_2}

The Trust will audit discharge planning by the end of 2025. Thank you for the opportunity to respond.
"""


@pytest.mark.parametrize(
    ("heading_1", "heading_2"),
    [
        ("Response to recommendation 1", "Response to recommendation 2"),
        ("Recommendation 1: response", "Recommendation 2 - progress update"),
    ],
)
@pytest.mark.parametrize("doc_type", ["board_response", "review_report"])
def test_a_response_to_recommendation_n_answers_n(heading_1: str, heading_2: str, doc_type: str) -> None:
    items = extract_items(RESPONSE.format(heading_1=heading_1, heading_2=heading_2), (), doc_type)
    assert [(r.number, r.text) for r in items.recommendations] == [
        ("1", "The Partnership should review its neglect strategy."),
        ("2", "The Trust should audit discharge planning."),
    ]
    assert [(a.text, a.status, a.owner, a.due, a.answers) for a in items.actions] == [
        ("The Partnership has revised its neglect strategy.", "taken", "Partnership", None, ("1",)),
        ("We will publish the revised toolkit by March 2025.", "planned", None, "2025-03", ("1",)),
        (
            "The Trust will audit discharge planning by the end of 2025.",
            "planned",
            "Trust",
            "2025-12",
            ("2",),
        ),
    ]


def test_a_response_that_accepts_then_introduces_its_work_yields_the_listed_actions() -> None:
    """A paragraph naming the recommendation and ending in a colon introduces actions, not recommendations:
    its last sentence is the introduction."""
    text = (
        "Recommendation 1\n\nThe Department should set up child protection units.\n\n"
        "Response to recommendation 1\n\nWe accept this recommendation. The Department for Education will set "
        "up pathfinder units by March 2025. The programme of work will also:\n\n"
        "• test a new national standard\n• develop guidance for local partners\n"
    )
    items = extract_items(text, (), "board_response")
    assert [r.number for r in items.recommendations] == ["1"]
    assert [(a.text, a.status, a.answers) for a in items.actions] == [
        ("The Department for Education will set up pathfinder units by March 2025.", "planned", ("1",)),
        ("test a new national standard", "planned", ("1",)),
        ("develop guidance for local partners", "planned", ("1",)),
    ]


GROUPS = """Theme - Neglect

Recommendations

1. The Board should publish a neglect strategy.
2. Agencies should train staff in the use of the toolkit.

LSCB Response

The LSCB accepts both recommendations and will report on them.

Actions taken

• The neglect toolkit has been revised.

Actions to be taken

• Train staff in the toolkit.

Theme - Escalation

Recommendations

3. The Board should promote the escalation procedure.

Our response

The Board has revised the escalation procedure. The Board will audit its use by December 2025.
"""


def test_actions_answer_the_recommendations_of_their_group() -> None:
    items = extract_items(GROUPS, (), "board_response")
    assert [(a.text, a.status, a.answers) for a in items.actions] == [
        # the group's actions are listed: the response's prose restates them and yields none
        ("The neglect toolkit has been revised.", "taken", ("1", "2")),
        ("Train staff in the toolkit.", "planned", ("1", "2")),
        ("The Board has revised the escalation procedure.", "taken", ("3",)),
        ("The Board will audit its use by December 2025.", "planned", ("3",)),
    ]


def test_narrative_outside_response_sections_yields_no_actions() -> None:
    review = (
        "Background\n\nThe Trust has introduced a new electronic record. Police were called on 3 May. The Council "
        "will hold a strategy meeting.\n\nAgency response\n\nThe Trust has revised its triage policy.\n\n"
        "Recommendations\n\n1. The Board should audit referrals."
    )
    assert extract_items(review, (), "review_report").actions == ()


SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
LEARNING_AND_IMPROVEMENT_REPORT = "003_c16dea13c7f814e0"


def test_southampton_actions_answer_the_recommendations_of_their_own_theme() -> None:
    """The report groups its recommendations by theme, then gives the board's response and its actions taken and
    to be taken: every action answers the recommendations of its theme, none another theme's."""
    path = SHARED / "documents" / f"{LEARNING_AND_IMPROVEMENT_REPORT}.txt"
    if not path.is_file():
        pytest.skip(f"../shared/eval is absent ({path}); it is present in CI")
    text = clean(read_document(path, path.read_bytes(), ocr=False)).text
    gold = json.loads(
        (SHARED / "gold" / f"{LEARNING_AND_IMPROVEMENT_REPORT}.json").read_text(encoding="utf-8")
    )
    numbers_of: dict[str, set[str]] = {}
    for recommendation in gold["recommendations"]:
        numbers_of.setdefault(recommendation["theme"], set()).add(recommendation["number"])
    themes = [
        (m.start(), m.group("theme").strip())
        for m in re.finditer(r"^Theme\s*[-–]\s*(?P<theme>.+)$", text, re.M)
    ]
    actions = extract(text).actions
    assert len(actions) == len(gold["actions"]) == 62
    own = 0
    for action in actions:
        theme = [name for start, name in themes if start < action.span.start][-1]
        assert set(action.answers) <= numbers_of[theme], (action.text, action.answers, theme)
        own += set(action.answers) == numbers_of[theme]
    assert own / len(actions) >= 0.9


def test_a_paragraph_labelled_response_answers_the_recommendation_before_it() -> None:
    text = (
        "Recommendations\n\nRecommendation 1: The Trust should introduce a discharge checklist.\n"
        "Response: The Trust has introduced a discharge checklist. The Trust will audit its use by May 2025.\n"
        "Recommendation 2: Agencies should share plans with schools.\n"
        "Response: Accepted. Agencies have agreed to share crisis plans with schools.\n"
    )
    items = extract_items(text, (), "board_response")
    assert [r.number for r in items.recommendations] == ["1", "2"]
    assert [(a.text, a.status, a.owner, a.due, a.answers) for a in items.actions] == [
        ("The Trust has introduced a discharge checklist.", "taken", "Trust", None, ("1",)),
        ("The Trust will audit its use by May 2025.", "planned", "Trust", "2025-05", ("1",)),
        ("Agencies have agreed to share crisis plans with schools.", "planned", None, None, ("2",)),
    ]


def test_a_press_statement_yields_what_was_done_in_response_and_nothing_else() -> None:
    statement = (
        "The Westshire Safeguarding Children Partnership has today published a Child Practice Review into the "
        "death of Baby Q. Our thoughts are with the family. The review found that agencies did not share "
        "information. The Partnership has accepted all the recommendations. Westshire Council has appointed a "
        "lead for pre-birth assessment. The Partnership will audit pre-birth referrals by the end of 2025. "
        "Agencies may wish to review their own procedures."
    )
    actions = extract_items(statement, (), "press_statement").actions
    assert [(a.status, a.owner, a.due) for a in actions] == [
        ("taken", "Partnership", None),
        ("taken", "Westshire Council", None),
        ("planned", "Partnership", "2025-12"),
    ]
