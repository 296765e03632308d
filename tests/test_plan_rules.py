"""The rules that carry an action plan's row into the tracker: status and RAG words, a month's target, the
recommendation numbers a cell gives, and a plan's recommendation matched to a review's by wording."""

from __future__ import annotations

import pytest

from lessons.store.tracking import due_day, number_key, plan_rag, plan_status
from lessons.tracking.plans import rec_numbers
from lessons.tracking.rules import best_wording_match


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Complete", "complete"),
        ("Completed - evidence received", "complete"),
        ("Closed", "complete"),
        ("Achieved", "complete"),
        ("In progress", "in progress"),
        ("Ongoing", "in progress"),
        ("On track", "in progress"),
        ("Partially complete", "in progress"),
        ("Not started", "not started"),
        ("Not yet started", "not started"),
        ("See update", None),
        (None, None),
    ],
)
def test_a_plans_status_words_become_the_trackers_status(written: str | None, status: str | None) -> None:
    assert plan_status(written) == status


@pytest.mark.parametrize(
    ("written", "rag"),
    [("Red", "red"), ("AMBER", "amber"), ("g", "green"), ("Green/Blue", "green"), ("Blue", "green"),
     ("Complete", None), ("", None)],
)  # fmt: skip
def test_rag_as_written(written: str, rag: str | None) -> None:
    assert plan_rag(written) == rag


@pytest.mark.parametrize(
    ("due", "day"),
    [("2025-03-31", "2025-03-31"), ("2025-06", "2025-06-30"), ("2024-02", "2024-02-29"), ("2025", None),
     (None, None), ("Q3 2025/26", None)],
)  # fmt: skip
def test_a_months_target_is_due_at_its_last_day(due: str | None, day: str | None) -> None:
    assert due_day(due) == day


@pytest.mark.parametrize(
    ("written", "key"),
    [("3", "3"), ("3.", "3"), ("R3", "3"), ("Rec 3", "3"), ("Recommendation 3", "3"), ("8.1", "8.1"),
     ("r12", "12")],
)  # fmt: skip
def test_recommendation_numbers_compare_as_plans_and_reviews_write_them(written: str, key: str) -> None:
    assert number_key(written) == key


@pytest.mark.parametrize(
    ("cell", "numbers"),
    [("3", ["3"]), ("2, 5", ["2", "5"]), ("2 and 5", ["2", "5"]), ("R1/R4", ["R1", "R4"]), ("", []),
     (None, [])],
)  # fmt: skip
def test_a_rec_no_cell_may_name_several_recommendations(cell: str | None, numbers: list[str]) -> None:
    assert rec_numbers(cell) == numbers


REVIEW = [
    {"id": 1, "text": "The Board should seek assurance that agencies share information about neglect."},
    {"id": 2, "text": "Health visitors should see every child at home within ten days of a referral."},
    {"id": 3, "text": "The Board should audit the use of the escalation policy across agencies."},
]


@pytest.mark.parametrize(
    ("plan_words", "expected"),
    [
        ("Seek assurance that agencies share information about neglect", 1),
        ("health visitors to see every child at home within ten days", 2),
        ("Audit use of the escalation policy", 3),
        ("Improve the recording of fathers in case files", None),  # no recommendation holds these words
        ("the Board", None),  # too few words to decide
    ],
)
def test_a_plans_recommendation_is_matched_to_the_reviews_by_wording(
    plan_words: str, expected: int | None
) -> None:
    assert best_wording_match(plan_words, REVIEW) == expected
