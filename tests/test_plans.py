"""Action plans as spreadsheets, on SQLite and PostgreSQL: a realistic 40-row partnership plan imported, exported
as CSV and XLSX and imported back without loss or change; edits made in the spreadsheet; a plan with problems
reported row by row and nothing changed."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import lessons
from lessons.tracking.plan_files import HEADERS, PlanProblems

PLAN = Path(__file__).parent / "data" / "action_plan_child_r.csv"
REVIEW = "004_b9a62875dcb14aa6.txt"  # the Child R executive summary; recommendations numbered 1 to 5
TODAY = date(2013, 3, 15)


@pytest.fixture
def library(db: str, tmp_path: Path, sample_documents: Path) -> lessons.Library:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample_documents / REVIEW, folder)
    library = lessons.open(db, clock=lambda: TODAY)
    library.ingest([folder])
    return library


def review_id(library: lessons.Library) -> int:
    return int(library.documents()["id"].iloc[0])


def plan_rows() -> list[dict[str, str]]:
    """The partnership's plan as written, read with nothing but the csv module (the header is on line 4)."""
    with PLAN.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    header = lines[3]
    return [dict(zip(header, line, strict=True)) for line in lines[4:]]


def day_first(value: str) -> str | None:
    if not value:
        return None
    day, month, year = value.split("/")
    return f"{year}-{month}-{day}"


def state(library: lessons.Library) -> tuple[list[list[object]], int]:
    """Everything an import could change: the whole plan, and the length of the audit log."""
    frame = library.tracker.plan()
    return frame.astype(object).where(frame.notna(), None).values.tolist(), len(library.tracker.audit())


def test_a_40_row_plan_round_trips_through_csv_and_xlsx_without_loss(
    library: lessons.Library, tmp_path: Path
) -> None:
    tracker = library.tracker
    review = review_id(library)
    done = tracker.import_plan(PLAN, "business.manager", document_id=review)
    assert (done.created, done.updated, done.responses) == (40, 0, 5)

    plan = tracker.plan(review)
    assert len(plan) == 40
    recommendations = {
        r["number"]: r for r in library.store.extraction(review)["recommendations"]
    }  # the plan's "Rec No" is the review's own numbering
    for written, row in zip(plan_rows(), plan.to_dict("records"), strict=True):
        linked = recommendations[written["Rec No"]]
        assert row["Item ID"] == f"r{linked['id']}"
        assert row["Rec no"] == written["Rec No"]
        assert row["Recommendation"] == written["Recommendation"]  # the plan's wording is kept
        assert row["Action"] == written["Action"]
        assert row["Lead agency"] == written["Lead Agency"]
        assert row["Lead officer"] == written["Lead Officer"]
        assert row["Milestones"] == (written["Milestones"] or None)
        assert row["Target date"] == day_first(written["Target Date"])
        assert row["Status"] == written["Status"].lower()
        assert row["RAG"] == (written["RAG Status"].lower() or None)
        assert row["Progress update"] == (written["Progress Update"] or None)
        assert row["Evidence of impact"] == (written["Evidence of Impact"] or None)
        assert row["Date completed"] == day_first(written["Date Completed"])
        assert row["Signed off by"] == (written["Signed off by"] or None)
        assert row["Scope"] == written["Scope"]
        assert row["Response"] == "accepted"  # given once per recommendation, on its first row
    assert "\n" in plan["Progress update"].dropna().str.cat()  # a multi-line cell survived

    # Status and RAG as at a date: a month on, unfinished actions due by the end of March are overdue and red,
    # unless the partnership set the RAG itself.
    later = tracker.plan(review, at=date(2013, 4, 15)).set_index("Action")
    design = "Design a multi-agency threshold exercise using anonymised case scenarios"
    draft = (
        "Draft a new interagency pre-birth protocol, including the assessment of fathers and other adults in "
        "the household"
    )
    assert later.loc[design, ["Current status", "Current RAG"]].tolist() == ["overdue", "red"]
    assert later.loc[draft, ["Current status", "Current RAG"]].tolist() == ["overdue", "amber"]

    before = state(library)
    for name in ("plan.csv", "plan.xlsx"):
        exported = tracker.export_plan(tmp_path / name, review)
        again = tracker.import_plan(exported, "business.manager")
        assert (again.created, again.updated, again.responses, again.unchanged) == (0, 0, 0, 40)
        assert state(library) == before, f"importing the {name} export changed something"
    second = tracker.export_plan(tmp_path / "again.csv", review)
    assert second.read_bytes() == (tmp_path / "plan.csv").read_bytes()

    sheet = openpyxl.load_workbook(tmp_path / "plan.xlsx").active
    assert [c.value for c in sheet[1]] == HEADERS
    due = sheet.cell(row=2, column=HEADERS.index("Target date") + 1)
    assert due.value.date() == date(2013, 1, 31) and due.number_format == "dd/mm/yyyy"  # a real date


def test_merged_cells_in_a_workbook_read_as_the_csv_does(library: lessons.Library, tmp_path: Path) -> None:
    """Partnerships merge a recommendation's cells over its actions; the merged value belongs to each row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    with PLAN.open(encoding="utf-8", newline="") as handle:
        for line in csv.reader(handle):
            sheet.append(line)
    header = [c.value for c in sheet[4]]
    first = 5
    for row in range(6, sheet.max_row + 2):
        if row > sheet.max_row or sheet.cell(row, 1).value != sheet.cell(first, 1).value:
            for name in ("Rec No", "Recommendation", "Response"):
                column = header.index(name) + 1
                sheet.merge_cells(start_row=first, end_row=row - 1, start_column=column, end_column=column)
            first = row
    workbook.save(tmp_path / "merged.xlsx")

    review = review_id(library)
    done = library.tracker.import_plan(tmp_path / "merged.xlsx", "business.manager", document_id=review)
    assert (done.created, done.responses) == (40, 5)
    plan = library.tracker.plan(review)
    assert plan["Rec no"].tolist() == [row["Rec No"] for row in plan_rows()]
    assert plan["Recommendation"].tolist() == [row["Recommendation"] for row in plan_rows()]


def test_edits_made_in_the_spreadsheet_change_just_those_fields(
    library: lessons.Library, tmp_path: Path
) -> None:
    tracker = library.tracker
    review = review_id(library)
    tracker.import_plan(PLAN, "business.manager", document_id=review)
    exported = tracker.export_plan(tmp_path / "plan.xlsx", review)

    workbook = openpyxl.load_workbook(exported)
    sheet = workbook.active
    column = {header: index + 1 for index, header in enumerate(HEADERS)}
    police = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column["Lead agency"]).value == (
        "Leicestershire Police"))  # fmt: skip
    police_id = sheet.cell(police, column["Action ID"]).value
    sheet.cell(police, column["Status"]).value = "Completed"
    sheet.cell(police, column["Progress update"]).value = "E-learning package relaunched to all officers."
    sheet.cell(police, column["RAG"]).value = "G"
    sheet.append({column["Rec no"]: "4", column["Action"]: "Add threshold scenarios to the LSCB website",
                  column["Lead agency"]: "LSCB", column["Target date"]: "31 July 2013"})  # fmt: skip
    workbook.save(exported)

    done = tracker.import_plan(exported, "training.lead")
    assert (done.created, done.updated, done.responses) == (1, 1, 0)
    action = tracker.actions(review).set_index("id").loc[police_id]
    assert (action["status"], action["rag"], action["completed_on"]) == ("complete", "green", "2013-03-15")
    assert action["progress"] == "E-learning package relaunched to all officers."
    audit = tracker.audit("action", police_id)
    changed = audit[audit["change"] == "update"]
    assert set(changed["field"]) == {"status", "rag", "progress", "completed_on"}
    assert set(changed["who"]) == {"training.lead"}
    added = tracker.plan(review).query("Action == 'Add threshold scenarios to the LSCB website'").iloc[0]
    numbered_four = next(r for r in library.store.extraction(review)["recommendations"] if r["number"] == "4")
    assert added["Item ID"] == f"r{numbered_four['id']}" and added["Target date"] == "2013-07-31"


def test_a_plan_with_problems_is_reported_row_by_row_and_changes_nothing(
    library: lessons.Library, tmp_path: Path
) -> None:
    tracker = library.tracker
    review = review_id(library)
    tracker.import_plan(PLAN, "business.manager", document_id=review)
    exported = tracker.export_plan(tmp_path / "plan.csv", review)
    # Someone changes action 1 of the plan in Lessons after the export ...
    first = tracker.actions(review).iloc[0]
    tracker.update_action(
        int(first["id"]), int(first["version"]), "someone.else", progress="Updated in Lessons"
    )

    with exported.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["Progress update"] = "Edited in the spreadsheet"  # ... so this stale edit must be refused
    rows[1]["Target date"] = "31/02/2013"
    rows[2]["Status"] = "Overdue"
    rows[3]["RAG"] = "Blue"
    rows[4]["Action ID"] = "99999"
    rows.append({**dict.fromkeys(HEADERS, ""), "Rec no": "9", "Action": "An action for a recommendation 9"})
    rows.append({**dict.fromkeys(HEADERS, ""), "Action": "No review", "Response": "accepted"})
    rows.append({**dict.fromkeys(HEADERS, ""), "Lead agency": "Police"})
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, HEADERS)
        writer.writeheader()
        writer.writerows(rows)

    before = state(library)
    with pytest.raises(PlanProblems) as raised:
        tracker.import_plan(bad, "business.manager")
    problems = {p.row: p.message for p in raised.value.problems}
    assert sorted(problems) == [2, 3, 4, 5, 6, 42, 43, 44]
    assert "changed by someone.else" in problems[2]
    assert "31/02/2013" in problems[3] and "not a date" in problems[3]
    assert "worked out from the target date" in problems[4]
    assert "'blue' is not one of red, amber, green" in problems[5]
    assert "no action 99999" in problems[6]
    assert "Rec no '9'" in problems[42]
    assert "Response needs" in problems[43]
    assert "no Action" in problems[44]
    assert state(library) == before

    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Action,Lead agency,Comments\nBrief staff,Police,call Jo\n", encoding="utf-8")
    with pytest.raises(PlanProblems, match="unknown column 'Comments'"):
        tracker.import_plan(unknown, "business.manager", document_id=review)
    assert state(library) == before
    added = tracker.import_plan(unknown, "business.manager", document_id=review, ignore_unknown=True)
    assert added.created == 1


def test_cli_exports_imports_and_refuses_a_bad_plan(tmp_path: Path, sample_documents: Path) -> None:
    db = str(tmp_path / "lessons.db")
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(sample_documents / REVIEW, folder)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "lessons", *args, "--db", db]
        return subprocess.run(command, capture_output=True, text=True)

    assert run("ingest", str(folder)).returncode == 0
    checked = run("track", "import-plan", str(PLAN), "--document", "1", "--check", "--who", "bm")
    assert checked.returncode == 0 and "nothing written: 40 action(s) added" in checked.stderr
    assert run("track", "export-plan", str(tmp_path / "empty.csv"), "--document", "1").returncode == 0
    with (tmp_path / "empty.csv").open(encoding="utf-8-sig") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == 5  # one row per recommendation, none with actions

    imported = run("track", "import-plan", str(PLAN), "--document", "1", "--who", "bm")
    assert imported.returncode == 0 and "40 action(s) added" in imported.stderr
    twice = run("track", "import-plan", str(PLAN), "--document", "1", "--who", "bm")
    assert twice.returncode == 2
    assert f"{PLAN}: row 5: this action is already in the tracker" in twice.stderr
    assert run("track", "export-plan", str(tmp_path / "plan.xlsx")).returncode == 0
    back = run("track", "import-plan", str(tmp_path / "plan.xlsx"), "--who", "bm")
    assert back.returncode == 0 and "0 action(s) added, 0 changed" in back.stderr
