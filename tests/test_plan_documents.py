"""Action plans as partnerships keep them (a Word table, a spreadsheet, a PDF table), ingested like any other
document: every row becomes a tracked action with its recommendation number, lead agency and target date, the
actions are tied to the review's recommendations once the review is in the library, and the plan export lists
them under those recommendations. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import lessons
from lessons.settings import Settings
from plan_layouts import LAYOUTS, RECOMMENDATIONS, TITLE, Row
from web_support import PASSWORD, client, log_in

REVIEW = f"""{TITLE}

Local Child Safeguarding Practice Review: Child T

Published 3 February 2025

1. Introduction

This review considers the multi-agency response to Child T, a baby who was seriously harmed in 2024.

2. Recommendations

{chr(10).join(f"{n}. {text}" for n, text in RECOMMENDATIONS.items())}
"""


def _shares(actions: pd.DataFrame, rows: list[Row], numbers: dict[int, str]) -> tuple[float, float]:
    """The share of expected rows tracked with the right recommendation number, and with the right lead agency
    and due date (an action matched by its words)."""
    by_text = {" ".join(str(a["description"]).split()): a for a in actions.to_dict("records")}
    right_number = right_owner_due = 0
    for row in rows:
        action = by_text.get(row.action)
        if action is None:
            continue
        answered = [str(n) for n in action["answers"] or []] or [numbers.get(action["item_id"], "")]
        right_number += row.number in answered
        due = row.due if row.due is None or len(row.due) == 10 else None
        month = row.due if row.due and len(row.due) == 7 else None
        tracked_due = action["due"] if isinstance(action["due"], str) else None  # pandas gives NaN for none
        due_right = tracked_due == due if month is None else (tracked_due or "").startswith(month)
        right_owner_due += action["lead_agency"] == row.owner and due_right
    return right_number / len(rows), right_owner_due / len(rows)


def test_plans_in_three_layouts_are_tracked_row_by_row_and_tied_to_the_review(
    db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    plans = {layout: build(folder) for layout, (build, _) in LAYOUTS.items()}
    (folder / "child_t_review.txt").write_text(REVIEW, encoding="utf-8")
    with lessons.Library(Settings.from_env(db=db, embeddings=False)) as lib:
        report = lib.ingest([folder])
        assert report.count("failed") == 0, [r.message for r in report.results]
        ids = {Path(r.path).name: r.document_id for r in report.results}
        review_id = ids["child_t_review.txt"]
        review = {r["id"]: r["number"] for r in lib.extraction(review_id)["recommendations"]}
        assert sorted(review.values()) == ["1", "2", "3", "4"]
        for layout, (_, rows) in LAYOUTS.items():
            document_id = ids[plans[layout].name]
            own = {r["id"]: r["number"] for r in lib.extraction(document_id)["recommendations"]}
            actions = lib.tracker.actions(document_id)
            assert len(actions) == len(rows), layout
            number_share, owner_due_share = _shares(actions, rows, {**own, **review})
            assert number_share >= 0.9, (layout, number_share)
            assert owner_due_share >= 0.85, (layout, owner_due_share)
            # tied to the review's own recommendations, by number
            tied = [review.get(item) for item in actions["item_id"]]
            expected = [
                next(r.number for r in rows if r.action == " ".join(d.split()))
                for d in actions["description"]
            ]
            assert sum(t == e for t, e in zip(tied, expected, strict=True)) / len(rows) >= 0.9, layout

        plan = lib.tracker.plan(review_id)
        under = plan[plan["Action"].notna()]
        assert len(under) == sum(len(rows) for _, rows in LAYOUTS.values())
        assert set(under["Rec no"]) <= {"1", "2", "3", "4"}
        out = lib.tracker.export_plan(tmp_path / "plan.xlsx", review_id)
        result = lib.tracker.import_plan(out, "ann", review_id)
        assert (result.created, result.updated, result.responses) == (0, 0, 0)

        # the review's tracker page lists each plan's actions under the recommendation they answer, and the API
        # gives each tracked action the numbers it answers
        lib.accounts.add("viewer", PASSWORD, "viewer")
        web = client(lib)
        log_in(web, "viewer")
        page = web.get(f"/tracker?document={review_id}").text
        for number, text in RECOMMENDATIONS.items():
            section = page.split(f"<h2>Recommendation {number}</h2>", 1)[1].split("<h2>", 1)[0]
            assert text.split()[-1] in section
            for _, rows in LAYOUTS.values():
                for row in rows:
                    assert (row.action in section) == (row.number == number), (number, row.action)
        word_plan_id = ids[plans["word"].name]
        api = web.get(f"/api/tracker/actions?document={word_plan_id}").json()["items"]
        assert [a["answers"] for a in api] == [[row.number] for row in LAYOUTS["word"][1]]
