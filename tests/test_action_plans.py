"""Action plan tables: the header row found in any wording and order, each row's action with what the row
says, the plan's recommendations, and every span holding its cell's words. Tables are built as readers give
them (a line per cell, a blank line after each row; merged cells once, with their spans); a whole DOCX plan
goes through reading, cleaning and extraction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from lessons.cleaning import clean
from lessons.extraction import extract
from lessons.extraction.action_plans import PlanItems, extract_action_plans, header_role, plan_header
from lessons.extraction.dates import find_cell_date
from lessons.extraction.plan_cells import action_parts, recommendation_numbers, says_done, split_lead
from lessons.extraction.records import Action, Recommendation
from lessons.models import Cell, Table
from lessons.reading import read_document

LEFT = "<<"  # in a built row: the cell to the left runs on over this column
TITLE = "Westshire Safeguarding Children Partnership\n\nChild T: multi-agency action plan\n\n"


def plan_table(
    rows: list[list[str | None]], before: str = TITLE, after: str = "", page: int | None = None
) -> tuple[str, Table]:
    """The text and the table a reader gives for `rows`: None is the cell above merged down over this row,
    LEFT the cell to the left merged across."""
    text = before
    cells = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == LEFT:
                continue
            row_span = next((n for n in range(1, len(rows) - r) if rows[r + n][c] is not None), len(rows) - r)
            column_span = next((n for n in range(1, len(row) - c) if row[c + n] != LEFT), len(row) - c)
            cells.append(Cell(value, len(text), len(text) + len(value), r, c, row_span, column_span))
            text += value + "\n"
        text += "\n"
    return text + after, Table(tuple(cells), page=page)


def plan_of(rows: list[list[str | None]], after: str = "", page: int | None = None) -> tuple[str, PlanItems]:
    text, table = plan_table(rows, after=after, page=page)
    return text, extract_action_plans(text, (table,))


def assert_spans_hold(text: str, items: Sequence[Action | Recommendation]) -> None:
    """Each item's span in the text holds the item's words (spaces aside)."""
    for item in items:
        assert " ".join(text[item.span.start : item.span.end].split()) == item.text


# --- header recognition -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Rec no", "number"),
        ("No.", "number"),
        ("Ref", "number"),
        ("Recommendation number", "number"),
        ("Recommendation", "recommendation"),
        ("Recommendations", "recommendation"),
        ("Learning point", "recommendation"),
        ("Finding", "recommendation"),
        ("Action", "action"),
        ("Actions to be taken", "action"),
        ("What will be done", "action"),
        ("Action required", "action"),
        ("Action No.", "action number"),
        ("Lead agency", "agency"),
        ("Agency", "agency"),
        ("Organisation", "agency"),
        ("Owner", "agency"),
        ("Responsible", "agency"),
        ("Who", "agency"),
        ("Lead", "agency"),
        ("Lead agency / officer", "agency"),
        ("Lead officer", "officer"),
        ("Named lead", "officer"),
        ("Responsible officer", "officer"),
        ("Target date", "target"),
        ("Timescale", "target"),
        ("Timescales", "target"),
        ("By when", "target"),
        ("Deadline", "target"),
        ("Completion date", "target"),
        ("Due", "target"),
        ("Status", "status"),
        ("Progress status", "status"),
        ("Current status", "status"),
        ("RAG", "rag"),
        ("RAG rating", "rag"),
        ("RAG status", "rag"),
        ("Progress", "progress"),
        ("Update", "progress"),
        ("Progress update", "progress"),
        ("Comments", "progress"),
        ("Evidence", "evidence"),
        ("Evidence of impact", "evidence"),
        ("Outcome", "evidence"),
        ("Impact", "evidence"),
        ("Success measures", "evidence"),
        ("Date", None),
        ("Theme", None),
        ("The partnership should make sure that the actions agreed are carried out", None),
    ],
)
def test_header_roles(header: str, role: str | None) -> None:
    assert header_role(header) == role


@pytest.mark.parametrize(
    ("rows", "expected_row", "expected_columns"),
    [
        # title rows above the header
        (
            [
                ["Child T action plan", LEFT, LEFT],
                ["Version 3, updated May 2025", LEFT, LEFT],
                ["Recommendation", "Action", "Lead agency"],
                ["1. Do X", "Write Y", "Police"],
            ],
            2,
            {"recommendation": 0, "action": 1, "agency": 2},
        ),
        # columns in any order, plural and capitalised wordings
        (
            [["TIMESCALE", "Actions to be taken", "Ref", "RAG Status"], ["Mar-25", "Write Y", "1", "Green"]],
            0,
            {"target": 0, "action": 1, "number": 2, "rag": 3},
        ),
        (
            [["What will be done", "Who", "By when"], ["Write Y", "Police", "May 2025"]],
            0,
            {"action": 0, "agency": 1, "target": 2},
        ),
        # an action's own number is neither the action nor the recommendation
        (
            [["Action No.", "Learning point", "Action required", "Named lead"], ["1.1", "x", "y", "z"]],
            0,
            {"recommendation": 1, "action": 2, "officer": 3},
        ),
        # a merged header cell names one column
        (
            [["Rec no", "Action", LEFT, "Owner"], ["1", "a", "b", "Police"]],
            0,
            {"number": 0, "action": 1, "agency": 3},
        ),
    ],
)
def test_plan_header(
    rows: list[list[str | None]], expected_row: int, expected_columns: dict[str, int]
) -> None:
    header = plan_header(plan_table(rows)[1])
    assert header is not None
    assert (header.row, header.columns) == (expected_row, expected_columns)


@pytest.mark.parametrize(
    "rows",
    [
        [["Date", "Event", "Agency"], ["3 May 2019", "Home visit", "Health visitor"]],  # a chronology
        [["Term", "Meaning"], ["MASH", "Multi-Agency Safeguarding Hub"]],  # a glossary
        [["Agency", "Number of contacts"], ["Police", "12"]],  # no action column
        [["Action"], ["Write Y"]],  # an action column alone
        [["Recommendation", "Lead agency", "Target date"], ["1. Do X", "Police", "May 2025"]],  # no action
    ],
)
def test_a_table_that_is_no_plan(rows: list[list[str | None]]) -> None:
    text, table = plan_table(rows)
    assert plan_header(table) is None
    assert extract_action_plans(text, (table,)).actions == ()


# --- row conventions -----------------------------------------------------------------------------------------


def test_a_merged_recommendation_cell_covers_its_rows() -> None:
    _, plan = plan_of(
        [
            ["Rec no", "Recommendation", "Action", "Lead agency"],
            ["1", "The partnership should refresh its neglect strategy.", "Refresh the strategy", "CSC"],
            [None, None, "Train staff in the graded care profile", "Health"],
            ["2", "Agencies should record fathers' details.", "Audit records of fathers", "Police"],
        ]
    )
    assert [(a.text, a.answers, a.recommendation) for a in plan.actions] == [
        ("Refresh the strategy", ("1",), "The partnership should refresh its neglect strategy."),
        (
            "Train staff in the graded care profile",
            ("1",),
            "The partnership should refresh its neglect strategy.",
        ),
        ("Audit records of fathers", ("2",), "Agencies should record fathers' details."),
    ]
    assert [(r.number, r.text) for r in plan.recommendations] == [
        ("1", "The partnership should refresh its neglect strategy."),
        ("2", "Agencies should record fathers' details."),
    ]


def test_a_blank_recommendation_cell_carries_the_one_above_down() -> None:
    _, plan = plan_of(
        [
            ["Recommendation", "Actions to be taken", "Who"],
            ["1. The board should review the threshold guidance.", "Review the guidance", "LSCP"],
            ["", "Publish a briefing", "LSCP"],
            ["Recommendation 2: GPs should code safeguarding concerns.", "Audit coding", "ICB"],
            ["", "", ""],
            ["", "Repeat the audit", "ICB"],
        ]
    )
    assert [a.answers for a in plan.actions] == [("1",), ("1",), ("2",), ("2",)]
    assert [(r.number, r.text) for r in plan.recommendations] == [
        ("1", "The board should review the threshold guidance."),
        ("2", "GPs should code safeguarding concerns."),
    ]


def test_a_recommendation_column_holding_only_numbers_gives_the_numbers() -> None:
    _, plan = plan_of(
        [
            ["Recommendation", "Action", "Lead agency", "Target date", "RAG"],
            ["1", "Write the protocol", "Community Health NHS Trust", "30/06/2024", "Amber"],
            ["R2", "Change the front door procedure", "Children's Social Care", "31/05/2024", "Green"],
        ]
    )
    assert [a.answers for a in plan.actions] == [("1",), ("2",)]
    assert plan.recommendations == ()  # the words are the review's


def test_a_recommendation_row_across_the_table_heads_the_rows_below() -> None:
    _, plan = plan_of(
        [
            ["Action required", "Responsible", "Timescale", "RAG"],
            ["Recommendation 1: The partnership should test its escalation policy.", LEFT, LEFT, LEFT],
            ["Run a multi-agency audit", "LSCP", "June 2025", "Amber"],
            ["Theme: Neglect", LEFT, LEFT, LEFT],
            ["Report to the board", "LSCP", "July 2025", "Green"],
            ["Recommendation 2: Schools should use the new referral form.", LEFT, LEFT, LEFT],
            ["Brief designated safeguarding leads", "Education", "Sept 2025", "Red"],
        ]
    )
    assert [(a.text, a.answers) for a in plan.actions] == [
        ("Run a multi-agency audit", ("1",)),
        ("Report to the board", ("1",)),
        ("Brief designated safeguarding leads", ("2",)),
    ]
    assert [r.number for r in plan.recommendations] == ["1", "2"]


def test_a_recommendation_cell_labelled_with_several_numbers_answers_them_all() -> None:
    _, plan = plan_of(
        [
            ["Recommendation", "Action"],
            [
                "Recommendations 3 and 4: The Board should review its escalation policy.",
                "Republish the policy",
            ],
        ]
    )
    assert [(r.number, r.text) for r in plan.recommendations] == [
        ("3, 4", "The Board should review its escalation policy.")
    ]
    assert [a.answers for a in plan.actions] == [("3", "4")]


UNRULED_ROWS = [
    pytest.param(  # top-aligned: the row, then the lines its action cell wrapped onto
        [["No.", "Action", "Lead agency", "Target date"],
         ["1", "Write a protocol for transferring", "Health", "30/06/2025"],
         ["", "records between areas", "", ""],
         ["2", "Train housing officers", "Housing", "31/12/2025"]],
        id="top-aligned",
    ),
    pytest.param(  # bottom-aligned: the wrapped lines come first, the number and dates on the last line
        [["No.", "Action", "Lead agency", "Target date"],
         ["", "Write a protocol for transferring", "", ""],
         ["1", "records between areas", "Health", "30/06/2025"],
         ["2", "Train housing officers", "Housing", "31/12/2025"]],
        id="bottom-aligned",
    ),
]  # fmt: skip


@pytest.mark.parametrize("rows", UNRULED_ROWS)
def test_a_pdf_tables_wrapped_action_is_joined_back(rows: list[list[str | None]]) -> None:
    text, plan = plan_of(rows, page=2)
    assert [(a.text, a.answers, a.owner, a.due) for a in plan.actions] == [
        ("Write a protocol for transferring records between areas", ("1",), "Health", "2025-06-30"),
        ("Train housing officers", ("2",), "Housing", "2025-12-31"),
    ]
    first = plan.actions[0].span
    assert (
        text[first.start : first.end].startswith("Write a protocol")
        and "records between areas" in text[first.start : first.end]
    )


def test_lower_case_actions_with_their_own_targets_stay_apart() -> None:
    rows: list[list[str | None]] = [
        ["No.", "Action", "Lead agency", "Target date"],
        ["1", "review the protocol", "Health", "30/06/2025"],
        ["", "brief staff on it", "Health", "31/07/2025"],
    ]
    for page in (None, 1):
        _, plan = plan_of(rows, page=page)
        assert [a.text for a in plan.actions] == ["review the protocol", "brief staff on it"]


@pytest.mark.parametrize(
    ("opening", "doc_type"),
    [
        # an opening that leaves the type in doubt (a "protocol" in the title): the plan decides
        ("Westshire Safeguarding Children Partnership\n\nAction plan: transfer protocol\n\n", "board_response"),
        # minutes are surely minutes: their action log stays an action log
        ("Minutes of the meeting of the Learning and Improvement Group held on 3 March 2025\n\n"
         "Present: A Smith (Chair), B Jones\n\nApologies: C Brown\n\n", "other"),
    ],
)  # fmt: skip
def test_a_plan_answering_recommendations_makes_an_unsure_other_a_board_response(
    opening: str, doc_type: str
) -> None:
    text, table = plan_table(
        [
            ["No.", "Action", "Lead agency", "Target date"],
            ["1", "Train housing officers", "Housing", "31/12/2025"],
        ],
        before=opening,
    )
    found = extract(text, tables=(table,))
    assert found.doc_type.value == doc_type


def test_one_action_merged_over_two_recommendations_answers_both() -> None:
    _, plan = plan_of(
        [
            ["Ref", "Action", "Owner"],
            ["3", "Commission a review of supervision", "CSC"],
            ["4", None, None],
        ]
    )
    assert [(a.text, a.answers) for a in plan.actions] == [("Commission a review of supervision", ("3", "4"))]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1", ("1",)),
        ("1.2", ("1.2",)),
        ("R3", ("3",)),
        ("Rec 4", ("4",)),
        ("Recommendations 2 and 5", ("2", "5")),
        ("2, 5 & 7", ("2", "5", "7")),
        ("1-3", ("1", "2", "3")),
        ("Recommendation 6 (2019 review)", ("6",)),
        ("Recommendation Three", ("Three",)),  # as the prose walker numbers "Recommendation Three:"
        ("", ()),
    ],
)
def test_recommendation_numbers(cell: str, expected: tuple[str, ...]) -> None:
    assert recommendation_numbers(cell) == expected


@pytest.mark.parametrize(
    ("cell", "owner", "officer"),
    [
        (
            "Children's Services - Jane Smith, Head of Service",
            "Children's Services",
            "Jane Smith, Head of Service",
        ),
        ("Police (DI Brown)", "Police", "DI Brown"),
        ("Adult Social Care – J Smith (Head of Service)", "Adult Social Care", "J Smith (Head of Service)"),
        ("Police\nDI Brown", "Police", "DI Brown"),
        ("ICB: Designated Nurse", "ICB", "Designated Nurse"),
        ("Jane Smith (Children's Services)", "Children's Services", "Jane Smith"),
        ("Jane Smith, Education", "Education", "Jane Smith"),
        ("Jane Smith", None, "Jane Smith"),
        ("Head of Safeguarding", None, "Head of Safeguarding"),
        ("Dr A Khan", None, "Dr A Khan"),
        ("Police", "Police", None),
        ("Early Help", "Early Help", None),
        ("Police / Health / Children's Social Care", "Police / Health / Children's Social Care", None),
        ("Westshire NHS Foundation Trust", "Westshire NHS Foundation Trust", None),
        ("All agencies", "All agencies", None),
        ("Police (CID)", "Police (CID)", None),
        ("Housing (Tenancy Services Manager)", "Housing", "Tenancy Services Manager"),
        ("Ambulance Service: Safeguarding Lead", "Ambulance Service", "Safeguarding Lead"),
        ("CAMHS Service Manager", None, "CAMHS Service Manager"),
        ("Sarah O'Neill, Service Manager, CSC", "CSC", "Sarah O'Neill, Service Manager"),
        ("Director of Children's Services", None, "Director of Children's Services"),
    ],
)
def test_lead_agency_and_officer(cell: str, owner: str | None, officer: str | None) -> None:
    assert split_lead(cell) == (owner, officer)


def test_an_officer_column_names_the_officer() -> None:
    _, plan = plan_of(
        [
            ["Action", "Lead agency", "Lead officer"],
            ["Write the protocol", "Police", "DS Green, Public Protection"],
        ]
    )
    assert [(a.owner, a.officer) for a in plan.actions] == [("Police", "DS Green, Public Protection")]


@pytest.mark.parametrize(
    ("target", "due"),
    [
        ("31/03/2025", "2025-03-31"),
        ("31.03.25", "2025-03-31"),
        ("31 March 2025", "2025-03-31"),
        ("31st March 2025", "2025-03-31"),
        ("March 2025", "2025-03"),
        ("End of March 2025", "2025-03"),
        ("Mar-25", "2025-03"),
        ("Sept 2025", "2025-09"),
        ("31-Mar-26", "2026-03-31"),
        ("31 March 26", "2026-03-31"),
        ("2025-03-31", "2025-03-31"),
        ("2025-03-31 00:00:00", "2025-03-31"),
        ("June 2025 (revised to 31/12/2025)", "2025-06"),
        ("Q3 2025/26", None),
        ("2025/26", None),
        ("Ongoing", None),
        ("Immediate", None),
    ],
)
def test_target_dates(target: str, due: str | None) -> None:
    assert find_cell_date(target) == due
    _, plan = plan_of([["Action", "Target date"], ["Write the protocol", target]])
    assert [(a.target, a.due) for a in plan.actions] == [(target, due)]


@pytest.mark.parametrize(
    ("header", "cell", "progress_status", "rag", "status"),
    [
        ("Status", "Complete", "Complete", None, "taken"),
        ("Status", "Completed", "Completed", None, "taken"),
        ("Progress status", "Closed", "Closed", None, "taken"),
        ("Current status", "Achieved", "Achieved", None, "taken"),
        ("Status", "In progress", "In progress", None, "planned"),
        ("Status", "Not complete", "Not complete", None, "planned"),
        ("Status", "Partially completed", "Partially completed", None, "planned"),
        ("Status", "Not started", "Not started", None, "planned"),
        ("Status", "Amber", None, "Amber", "planned"),  # a status column holding a rating is a RAG
        ("Status", "Red/Amber", None, "Red/Amber", "planned"),
        ("RAG", "Green", None, "Green", "planned"),
        ("RAG rating", "Blue", None, "Blue", "taken"),
        ("RAG status", "Complete", None, "Complete", "taken"),
    ],
)
def test_status_and_rag(
    header: str, cell: str, progress_status: str | None, rag: str | None, status: str
) -> None:
    _, plan = plan_of([["Action", header], ["Write the protocol", cell]])
    assert [(a.progress_status, a.rag, a.status) for a in plan.actions] == [(progress_status, rag, status)]


def test_progress_and_evidence_as_written() -> None:
    _, plan = plan_of(
        [
            ["Action", "Progress update", "Evidence of impact"],
            ["Write the protocol", "Completed - launched at the May board", "Audit: 9 of 10 cases"],
        ]
    )
    (action,) = plan.actions
    assert (action.progress, action.evidence, action.status) == (
        "Completed - launched at the May board",
        "Audit: 9 of 10 cases",
        "taken",  # no status column: a progress note that opens with "Completed"
    )


def test_says_done_needs_the_plan_to_say_so() -> None:
    assert not says_done("In progress", None, "Completed the first phase")
    assert not says_done(None, None, "Training will be completed in May")
    assert says_done(None, "Green", "Complete - audit reported to the Board")  # a RAG says nothing of done


@pytest.mark.parametrize(
    ("cell", "actions"),
    [
        ("Write the protocol", ["Write the protocol"]),
        ("• Write the protocol\n• Brief staff", ["Write the protocol", "Brief staff"]),
        ("1. Write the protocol\n2. Brief staff\n3. Audit", ["Write the protocol", "Brief staff", "Audit"]),
        ("a) Write the protocol b) Brief staff", ["Write the protocol", "Brief staff"]),
        ("Actions:\n- Write the protocol\n- Brief staff", ["Write the protocol", "Brief staff"]),
        (
            "- Write the protocol\n  with the police\n- Brief staff",
            ["Write the protocol\n  with the police", "Brief staff"],
        ),
        ("• Write the protocol", ["Write the protocol"]),
        (
            "Write the protocol\n• Brief staff",
            ["Write the protocol", "Brief staff"],
        ),  # an action, then a bullet
        ("Write the protocol.\nShare it with schools.", ["Write the protocol.\nShare it with schools."]),
    ],
)
def test_several_actions_in_one_cell(cell: str, actions: list[str]) -> None:
    assert [cell[s:e] for s, e in action_parts(cell)] == actions
    text, plan = plan_of(
        [["Rec", "Action", "Lead"], ["4", cell, "Police (DI Brown)"]], after="Signed: the Chair\n"
    )
    assert [a.text for a in plan.actions] == [" ".join(a.split()) for a in actions]
    assert {(a.answers, a.owner, a.officer) for a in plan.actions} == {(("4",), "Police", "DI Brown")}
    for action in plan.actions:
        assert " ".join(text[action.span.start : action.span.end].split()) == action.text


# --- provenance and pages ------------------------------------------------------------------------------------


def test_every_span_holds_its_cell_and_the_page_is_the_tables() -> None:
    text, plan = plan_of(LAYOUTS[0][0], page=4)
    assert plan.actions and plan.recommendations
    assert_spans_hold(text, [*plan.actions, *plan.recommendations])
    assert {a.span.page for a in plan.actions} | {r.span.page for r in plan.recommendations} == {4}


def test_a_plan_run_on_over_a_page_break() -> None:
    rows = LAYOUTS[0][0]
    text, first = plan_table(rows[:3], page=2)
    more, second = plan_table(rows[3:], before="", page=3)
    shifted = Table(
        tuple(
            Cell(c.text, c.start + len(text), c.end + len(text), c.row, c.column, c.row_span, c.column_span)
            for c in second.cells
        ),
        page=3,
    )
    plan = extract_action_plans(text + more, (first, shifted))
    assert [a.answers for a in plan.actions] == [a for a, _, _ in LAYOUTS[0][1]]


# --- whole plans in the layouts partnerships use -----------------------------------------------------------

# Each layout: its rows, and for each action (answers, (owner, officer), (due, target)).
Expected = list[tuple[tuple[str, ...], tuple[str | None, str | None], tuple[str | None, str | None]]]
LAYOUTS: list[tuple[list[list[str | None]], Expected]] = [
    (  # number and recommendation columns merged over their rows; agency and officer columns
        [
            ["Child T action plan (updated 12 May 2025)", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
            ["Rec no", "Recommendation", "Action", "Lead agency", "Lead officer", "Target date", "Status"],
            [
                "1",
                "The partnership should refresh its neglect strategy.",
                "Refresh the neglect strategy",
                "Children's Services",
                "Jane Smith, Head of Service",
                "31/03/2025",
                "Complete",
            ],
            [
                "2",
                "Agencies should record the details of fathers.",
                "Audit the recording of fathers",
                "Police",
                "DI Brown",
                "30 June 2025",
                "In progress",
            ],
            [
                None,
                None,
                "Add a father's field to the referral form",
                "Children's Services",
                "",
                "Mar-25",
                "Amber",
            ],
            [
                "Recommendations 3 and 4",
                "Health partners should share records at strategy meetings.",
                "Issue guidance on strategy meetings",
                "ICB",
                "Designated Nurse",
                "Q3 2025/26",
                "Not started",
            ],
        ],
        [
            (("1",), ("Children's Services", "Jane Smith, Head of Service"), ("2025-03-31", "31/03/2025")),
            (("2",), ("Police", "DI Brown"), ("2025-06-30", "30 June 2025")),
            (("2",), ("Children's Services", None), ("2025-03", "Mar-25")),
            (("3", "4"), ("ICB", "Designated Nurse"), (None, "Q3 2025/26")),
        ],
    ),
    (  # a recommendation cell opening with its number, blank below; bullets; one "Who" cell for both
        [
            ["Recommendation", "Actions to be taken", "Who", "By when", "RAG"],
            [
                "1. The board should review the threshold guidance.",
                "• Review the threshold guidance\n• Publish a 7-minute briefing",
                "LSCP - Sam Patel, Business Manager",
                "March 2025",
                "Green",
            ],
            ["", "Evaluate the briefing", "Police (DS Green)", "2025-09-30", "Amber"],
            [
                "2. GPs should code safeguarding concerns in the records of all the household.",
                "a) Audit coding b) Repeat the audit",
                "Westshire ICB",
                "Ongoing",
                "Red",
            ],
        ],
        [
            (("1",), ("LSCP", "Sam Patel, Business Manager"), ("2025-03", "March 2025")),
            (("1",), ("LSCP", "Sam Patel, Business Manager"), ("2025-03", "March 2025")),
            (("1",), ("Police", "DS Green"), ("2025-09-30", "2025-09-30")),
            (("2",), ("Westshire ICB", None), (None, "Ongoing")),
            (("2",), ("Westshire ICB", None), (None, "Ongoing")),
        ],
    ),
    (  # a row across the table for each recommendation; columns in another order
        [
            ["Timescale", "Action required", "Responsible", "Progress status", "Evidence of impact"],
            ["Recommendation 1: The partnership should test its escalation policy.", LEFT, LEFT, LEFT, LEFT],
            ["31st July 2025", "Run a multi-agency audit", "Jane Smith", "Red", "Audit report"],
            ["Sept 2025", "Report the audit to the board", "LSCP", "Completed", ""],
            ["Recommendation 2: Schools should use the new referral form.", LEFT, LEFT, LEFT, LEFT],
            [
                "Immediate",
                "Brief designated safeguarding leads",
                "Education (Head of Inclusion)",
                "Ongoing",
                "",
            ],
        ],
        [
            (("1",), (None, "Jane Smith"), ("2025-07-31", "31st July 2025")),
            (("1",), ("LSCP", None), ("2025-09", "Sept 2025")),
            (("2",), ("Education", "Head of Inclusion"), (None, "Immediate")),
        ],
    ),
    (  # a reference column after the action, the recommendation not repeated, an officer in the owner cell
        [
            ["Action", "Ref", "Owner", "Deadline", "RAG status", "Comments"],
            ["Write a protocol for unborn babies", "R1", "Midwifery", "31.10.25", "Amber", "Draft in May"],
            ["Train midwives in the protocol", "", "Head of Midwifery", "Dec-25", "Red", ""],
            [
                "Audit pre-birth assessments",
                "R2",
                "Children's Social Care: Team Manager",
                "1 Feb 2026",
                "Blue",
                "",
            ],
        ],
        [
            (("1",), ("Midwifery", None), ("2025-10-31", "31.10.25")),
            (("1",), (None, "Head of Midwifery"), ("2025-12", "Dec-25")),
            (("2",), ("Children's Social Care", "Team Manager"), ("2026-02-01", "1 Feb 2026")),
        ],
    ),
    (  # labelled rows, a record per recommendation, as Word plans often have them
        [
            ["Recommendation 1", "The partnership should review its escalation policy."],
            ["Action", "• Review the escalation policy\n• Publish the policy"],
            ["Lead agency", "LSCP (Business Manager)"],
            ["Target date", "30/06/2025"],
            ["RAG", "Amber"],
            ["Progress update", ""],
            ["Recommendation 2", "Schools should use the new referral form."],
            ["Actions to be taken", "Brief designated safeguarding leads"],
            ["Lead", "Education"],
            ["Timescale", "Sept 2025"],
        ],
        [
            (("1",), ("LSCP", "Business Manager"), ("2025-06-30", "30/06/2025")),
            (("1",), ("LSCP", "Business Manager"), ("2025-06-30", "30/06/2025")),
            (("2",), ("Education", None), ("2025-09", "Sept 2025")),
        ],
    ),
]


def layout_rows(actions: Sequence[Action]) -> Expected:
    return [(a.answers, (a.owner, a.officer), (a.due, a.target)) for a in actions]


@pytest.mark.parametrize(("rows", "expected"), LAYOUTS)
def test_layouts(rows: list[list[str | None]], expected: Expected) -> None:
    text, plan = plan_of(rows)
    assert layout_rows(plan.actions) == expected
    assert_spans_hold(text, [*plan.actions, *plan.recommendations])


# --- a whole DOCX plan -------------------------------------------------------------------------------------


def docx_plan(folder: Path, rows: list[list[str | None]]) -> Path:
    """A Word action plan: a title, a paragraph, and `rows` as a table with its merges (None merges the cell
    above down, LEFT the cell to the left across)."""
    document = docx.Document()
    document.add_heading("Westshire Safeguarding Children Partnership", level=1)
    document.add_paragraph("Child T: multi-agency action plan in response to the review's recommendations.")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                table.cell(r - 1, c).merge(table.cell(r, c))
            elif value == LEFT:
                table.cell(r, c - 1).merge(table.cell(r, c))
            else:
                cell = table.cell(r, c)
                lines = value.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
                cell.paragraphs[0].runs[0].font.size = Pt(9) if cell.paragraphs[0].runs else None
    path = folder / "plan.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(("rows", "expected"), LAYOUTS)
def test_a_docx_plan_read_cleaned_and_extracted(
    tmp_path: Path, rows: list[list[str | None]], expected: Expected
) -> None:
    path = docx_plan(tmp_path, rows)
    cleaned = clean(read_document(path, path.read_bytes()))
    tables = cleaned.tables
    assert tables, "the DOCX reader gives the plan's table with its cells"
    extraction = extract(cleaned.text, cleaned.pages, None, tables)
    assert layout_rows(extraction.actions) == expected
    assert_spans_hold(cleaned.text, [*extraction.actions, *extraction.recommendations])
    # the plan's target dates are not its date; its title row's date is
    assert extraction.date == ("2025-05-12" if "12 May 2025" in cleaned.text else None)


# --- in a document's extraction ----------------------------------------------------------------------------

REVIEW = (
    "Westshire Safeguarding Children Partnership\n\nChild T: Local Child Safeguarding Practice Review\n\n"
    "Published 3 February 2025\n\nRecommendations\n\n"
    "1. The partnership should refresh its neglect strategy.\n\n"
    "2. Agencies should record the details of fathers.\n\nAction plan\n\n"
)
PLAN_ROWS: list[list[str | None]] = [
    ["Rec no", "Recommendation", "Actions to be taken", "Lead agency", "Target date", "RAG"],
    [
        "1",
        "The partnership should refresh its neglect strategy.",
        "• Refresh the strategy\n• Brief staff on it",
        "CSC",
        "31/03/2025",
        "Green",
    ],
    [
        "2",
        "Agencies should record the details of fathers.",
        "Audit the recording of fathers",
        "Police",
        "Q1",
        "Red",
    ],
    [
        "3",
        "The board should seek assurance on supervision.",
        "Report on supervision audits",
        "LSCP",
        "May 2025",
        "",
    ],
]


def test_plan_rows_join_the_documents_items_once() -> None:
    text, table = plan_table(PLAN_ROWS, before=REVIEW, after="Signed: Independent Scrutineer\n")
    extraction = extract(text, (), None, (table,))
    # the review's own recommendations stand as it gives them; the plan adds the one it alone gives
    assert [(r.number, r.text) for r in extraction.recommendations] == [
        ("1", "The partnership should refresh its neglect strategy."),
        ("2", "Agencies should record the details of fathers."),
        ("3", "The board should seek assurance on supervision."),
    ]
    assert extraction.recommendations[0].span.end < table.cells[0].start
    # the walker read the table's bullets as lines: only the plan's rows count
    assert [(a.text, a.answers, a.owner, a.rag) for a in extraction.actions] == [
        ("Refresh the strategy", ("1",), "CSC", "Green"),
        ("Brief staff on it", ("1",), "CSC", "Green"),
        ("Audit the recording of fathers", ("2",), "Police", "Red"),
        ("Report on supervision audits", ("3",), "LSCP", None),
    ]
    assert extraction.date == "2025-02-03"


@pytest.mark.parametrize(
    ("before", "date"),
    [
        ("Westshire Safeguarding Children Partnership\n\nChild T action plan\n\n", None),
        (
            "Westshire Safeguarding Children Partnership\n\nChild T action plan\n\nAgreed 12 May 2025\n\n",
            "2025-05-12",
        ),
    ],
)
def test_a_plans_target_dates_are_not_its_date(before: str, date: str | None) -> None:
    text, table = plan_table(PLAN_ROWS, before=before)
    assert extract(text, (), None, (table,)).date == date
