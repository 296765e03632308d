"""Three action plans in the layouts partnerships keep them, written as real files, with the row each action
should become: a Word table whose recommendation cells are merged down over their action rows, a spreadsheet
with title rows above its header, and a PDF of a ruled table. The plans are made up for the tests (a fictional
partnership and child); their layouts and wordings follow the plans partnerships publish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Row:
    number: str  # the recommendation the action answers
    action: str
    owner: str  # the lead agency
    due: str | None  # the target as a date at its precision
    status: str | None = None


RECOMMENDATIONS = {
    "1": "Partners should make sure that records follow a family when it moves between local authority areas.",
    "2": "The Partnership should seek assurance that contacts closed with advice are shared with health visitors.",
    "3": "Housing services should check that safe sleeping equipment is in place before a baby is placed.",
    "4": "The Partnership should audit how professionals escalate disagreements about thresholds.",
}

DOCX_ROWS = [
    Row("1", "Write and agree a protocol for transferring health visiting records between areas",
        "Community Health NHS Trust", "2025-06-30", "In progress"),
    Row("1", "Add a check of transferred records to the new birth visit", "Community Health NHS Trust",
        "2025-09-30", "Not started"),
    Row("1", "Remind GP practices to request records when a family registers", "Integrated Care Board",
        "2025-04-30", "Complete"),
    Row("2", "Change the front door procedure so that closed contacts are copied to health visiting",
        "Children's Social Care", "2025-05-31", "Complete"),
    Row("2", "Audit twenty closed contacts to check that health visitors were told", "Children's Social Care",
        "2025-10-31", "Not started"),
    Row("3", "Add safe sleeping questions to the temporary accommodation placement checklist",
        "Housing Service", "2025-07-31", "In progress"),
    Row("3", "Train housing officers in safer sleeping advice", "Housing Service", "2025-12-31", "Not started"),
    Row("4", "Audit a sample of escalations and report the findings to the Partnership", "Partnership Business Unit",
        "2026-03-31", "Not started"),
]  # fmt: skip

XLSX_ROWS = [
    Row("1", "Review the records transfer standard with neighbouring partnerships", "Community Health NHS Trust",
        "2025-06-30"),
    Row("1", "Report compliance with the standard to the quality group", "Community Health NHS Trust", "2025-11"),
    Row("2", "Publish a seven-minute briefing on sharing closed contacts", "Partnership Business Unit",
        "2025-03-31"),
    Row("3", "Agree a joint placement checklist with the housing provider", "Housing Service", None),
    Row("3", "Spot-check ten placements for safe sleeping equipment", "Housing Service", "2025-09"),
    Row("4", "Refresh the escalation policy and relaunch it at a partnership event", "Partnership Business Unit",
        "2025-05-31"),
    Row("4", "Include escalation in the annual multi-agency audit programme", "Partnership Business Unit",
        "2026-01-31"),
]  # fmt: skip

PDF_ROWS = [
    Row("1", "Share the records transfer protocol with every health visiting team", "Community Health NHS Trust",
        "2025-04-30"),
    Row("2", "Add a health visiting notification to the contact closure form", "Children's Social Care",
        "2025-06-30"),
    Row("2", "Check closure notifications in the quarterly audit", "Children's Social Care", "2025-09-30"),
    Row("3", "Write safe sleeping into the housing placement procedure", "Housing Service", "2025-08-31"),
    Row("4", "Deliver escalation workshops for frontline managers", "Partnership Business Unit", "2025-10-31"),
]  # fmt: skip

TITLE = "Northshire Safeguarding Children Partnership"
HEADING = "Action plan in response to the Child Safeguarding Practice Review: Child T"


def word_plan(folder: Path) -> Path:
    """A Word plan: the recommendation cell merged down over its action rows; status as a plan writes it."""
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_heading(HEADING, level=1)
    document.add_paragraph("The Partnership accepted the review's four recommendations. This plan sets out the "
                           "actions agreed with partners.")  # fmt: skip
    headers = ["Rec no", "Recommendation", "Action", "Lead agency", "Target date", "Status"]
    table = document.add_table(rows=1 + len(DOCX_ROWS), cols=len(headers))
    table.style = "Table Grid"
    for k, header in enumerate(headers):
        table.cell(0, k).text = header
    for r, row in enumerate(DOCX_ROWS, start=1):
        day = datetime.fromisoformat(row.due or "").strftime("%d/%m/%Y")
        for k, value in enumerate(["", "", row.action, row.owner, day, row.status or ""]):
            if value:
                table.cell(r, k).text = value
    first = 1
    for number in RECOMMENDATIONS:
        rows = [r for r, row in enumerate(DOCX_ROWS, start=1) if row.number == number]
        top, bottom = rows[0], rows[-1]
        for k, value in ((0, number), (1, RECOMMENDATIONS[number])):
            merged = table.cell(top, k).merge(table.cell(bottom, k)) if bottom > top else table.cell(top, k)
            merged.text = value
        first = bottom + 1
    assert first == len(DOCX_ROWS) + 1
    path = folder / "child_t_action_plan.docx"
    document.save(str(path))
    return path


def spreadsheet_plan(folder: Path) -> Path:
    """A spreadsheet plan: two title rows and a blank row above the header; each recommendation written once,
    the cells below it left blank; targets as real dates, as a month and as a quarter."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append([TITLE])
    sheet.append([HEADING])
    sheet.append([])
    sheet.append(
        ["No.", "Recommendation", "Actions to be taken", "Lead", "Timescale", "Progress update", "RAG"]
    )
    previous = None
    for row in XLSX_ROWS:
        if row.due is None:
            target: object = "Q3 2025/26"
        elif len(row.due) == 7:
            target = datetime.fromisoformat(row.due + "-01").strftime("%B %Y")
        else:
            target = datetime.fromisoformat(row.due)
        first = row.number != previous
        sheet.append([row.number if first else None, RECOMMENDATIONS[row.number] if first else None,
                      row.action, row.owner, target, "Update due at the next meeting", "Amber"])  # fmt: skip
        previous = row.number
    path = folder / "child_t_action_plan.xlsx"
    book.save(str(path))
    return path


def pdf_plan(folder: Path) -> Path:
    """A PDF of a ruled table, landscape, with wrapped cells, as a plan saved from Word or Excel looks."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    data: list[list[object]] = [["Ref", "Recommendation", "Action", "Owner", "By when"]]
    for row in PDF_ROWS:
        day = datetime.fromisoformat(row.due or "").strftime("%d/%m/%Y")
        data.append([row.number, Paragraph(RECOMMENDATIONS[row.number], cell), Paragraph(row.action, cell),
                     Paragraph(row.owner, cell), day])  # fmt: skip
    table = Table(data, colWidths=[35, 250, 250, 130, 70], repeatRows=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    path = folder / "child_t_action_plan.pdf"
    story = [Paragraph(TITLE, styles["Title"]), Paragraph(HEADING, styles["Heading2"]), Spacer(1, 12), table]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


LAYOUTS = {
    "word": (word_plan, DOCX_ROWS),
    "spreadsheet": (spreadsheet_plan, XLSX_ROWS),
    "pdf": (pdf_plan, PDF_ROWS),
}
