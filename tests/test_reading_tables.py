"""Tables read as tables: Word tables with merged cells, spreadsheets (.xlsx, .xls, .ods, .csv) and PDF tables
with and without ruling lines, each a real file built here. Every cell keeps its span: in the reader's text and,
after cleaning, in the clean text; merged cells cover the rows and columns they span."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import lessons
from lessons.errors import UnreadableDocument
from lessons.ingest import prepare_document
from lessons.models import PreparedDocument, Table
from lessons.reading import read_bytes
from lessons.settings import Settings

PLAN_HEADER = ("Recommendation", "Action", "Lead agency", "Due")
# Two recommendations, the first answered by three actions: its cell is merged down over their rows.
PLAN_ROWS = (
    (
        "1. Health visitors should see every family in temporary accommodation",
        "Write the protocol",
        "Health",
        "31/03/2025",
    ),
    ("", "Train health visitors", "Health", "30/06/2025"),
    ("", "Audit the records", "Audit unit", "30/09/2025"),
    ("2. The partnership should audit closed contacts", "Audit 50 contacts", "Social care", "31/12/2025"),
)


def prepare(path: Path) -> PreparedDocument:
    return prepare_document(path, read_bytes(path, 50_000_000), ocr=False)


def texts(table: Table) -> list[list[str | None]]:
    return [[cell.text if cell else None for cell in row] for row in table.grid()]


def assert_spans_hold_text(document: PreparedDocument) -> None:
    for table in document.source.tables:
        for cell in table.cells:
            assert document.source.text[cell.start : cell.end] == cell.text
    assert len(document.clean.tables) == len(document.source.tables)
    for table in document.clean.tables:
        for cell in table.cells:
            assert cell.text and document.clean.text[cell.start : cell.end] == cell.text


def assert_cells_are_lines(document: PreparedDocument) -> None:
    """Cleaning glued no cell to another: each clean cell's text is whole lines of the clean text."""
    text = document.clean.text
    for table in document.clean.tables:
        for cell in table.cells:
            assert cell.start == 0 or text[cell.start - 1] in "\n ", cell
            assert cell.end == len(text) or text[cell.end] in "\n ", cell


# --- DOCX ---------------------------------------------------------------------------------------------------


def word_plan(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Action plan for Child Q")
    table = document.add_table(rows=2 + len(PLAN_ROWS), cols=4)
    title = table.cell(0, 0).merge(table.cell(0, 3))  # a gridSpan title row
    title.text = "Partnership action plan"
    for k, header in enumerate(PLAN_HEADER):
        table.cell(1, k).text = header
    for r, row in enumerate(PLAN_ROWS, start=2):
        for k, value in enumerate(row):
            if value:
                table.cell(r, k).text = value
    table.cell(2, 0).merge(table.cell(4, 0))  # vMerge: the recommendation over its three actions
    inner = table.cell(5, 2).add_table(rows=1, cols=2)  # a table nested in a cell: read as the cell's text
    inner.cell(0, 0).text = "Nested one"
    inner.cell(0, 1).text = "Nested two"
    numbered = table.cell(5, 1).add_paragraph("Send the audit to the board", style="List Number")
    assert numbered.text
    document.add_paragraph("Signed for the board.")
    path = folder / "plan.docx"
    document.save(str(path))
    return path


def test_word_table_merged_cells_and_spans(tmp_path: Path) -> None:
    document = prepare(word_plan(tmp_path))
    assert_spans_hold_text(document)
    (table,) = document.clean.tables
    grid = texts(table)
    assert grid[0] == ["Partnership action plan"] * 4
    assert grid[1] == list(PLAN_HEADER)
    recommendation = PLAN_ROWS[0][0]
    assert [row[0] for row in grid[2:5]] == [recommendation] * 3
    assert [row[1] for row in grid[2:5]] == [row[1] for row in PLAN_ROWS[:3]]
    assert grid[5][0] == PLAN_ROWS[3][0]
    assert grid[5][1] == "Audit 50 contacts\n1. Send the audit to the board", "list numbers inside cells"
    assert "Nested one" in grid[5][2] and "Nested two" in grid[5][2]
    merged = [c for c in table.cells if c.row_span > 1]
    assert [(c.row, c.column, c.row_span) for c in merged] == [(2, 0, 3)]
    assert document.clean.text.count(recommendation) == 1, "a merged cell's text once"
    assert_cells_are_lines(document)


# --- spreadsheets -------------------------------------------------------------------------------------------


def xlsx_plan(folder: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet["A1"] = "Northshire Safeguarding Partnership"
    sheet["A2"] = "Action plan: Child Q"
    for k, header in enumerate(PLAN_HEADER, start=1):
        sheet.cell(row=4, column=k, value=header)  # row 3 empty: left out
    for r, row in enumerate(PLAN_ROWS, start=5):
        for k, value in enumerate(row, start=1):
            if value and k == 4:
                day, month, year = (int(x) for x in value.split("/"))
                sheet.cell(row=r, column=k, value=dt.datetime(year, month, day))
            elif value:
                sheet.cell(row=r, column=k, value=value)
    sheet.merge_cells("A5:A7")
    sheet.merge_cells("A1:D1")
    book.create_sheet("Empty")
    notes = book.create_sheet("Notes")
    notes["C3"] = 42
    notes["D3"] = 0.5
    path = folder / "plan.xlsx"
    book.save(path)
    return path


def test_xlsx_title_rows_merged_cells_and_dates(tmp_path: Path) -> None:
    document = prepare(xlsx_plan(tmp_path))
    assert document.source.format == "xlsx"
    assert_spans_hold_text(document)
    plan, notes = document.clean.tables
    assert (plan.name, notes.name) == ("Plan", "Notes"), "an empty sheet gives no table"
    grid = texts(plan)
    assert grid[0] == ["Northshire Safeguarding Partnership"] * 4
    assert grid[1] == ["Action plan: Child Q", None, None, None]
    assert grid[2] == list(PLAN_HEADER), "the empty row 3 is left out"
    assert [row[0] for row in grid[3:6]] == [PLAN_ROWS[0][0]] * 3
    assert [row[3] for row in grid[3:]] == [row[3] for row in PLAN_ROWS], "dates day first"
    assert texts(notes) == [["42", "0.5"]], "empty rows and columns are left out"
    assert document.clean.text.startswith(
        "Plan\n\nNorthshire Safeguarding Partnership\n\nAction plan: Child Q\n\n"
    )
    assert_cells_are_lines(document)


def test_a_rag_column_kept_by_colour_reads_as_its_rating(tmp_path: Path) -> None:
    """Many plans colour the RAG cell and write nothing in it: in a column headed RAG or status, a solid red,
    amber or green fill is the rating; fills elsewhere (a blue header, a yellow note) add nothing."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    sheet = book.active
    sheet.append(["Action", "Lead", "RAG"])
    for cell in sheet[1]:
        cell.fill = PatternFill("solid", start_color="FF4472C4")  # a blue header row
    for action, colour in (("Write the protocol", "FFFF0000"), ("Brief staff", "FFFFC000"),
                           ("Audit files", "FF00B050"), ("Report", "FFFFFFFF")):  # fmt: skip
        sheet.append([action, "Police", None])
        sheet.cell(row=sheet.max_row, column=3).fill = PatternFill("solid", start_color=colour)
        sheet.cell(row=sheet.max_row, column=2).fill = PatternFill("solid", start_color="FFFFFF00")
    path = tmp_path / "coloured.xlsx"
    book.save(str(path))
    (table,) = prepare(path).clean.tables
    assert texts(table) == [
        ["Action", "Lead", "RAG"],
        ["Write the protocol", "Police", "Red"],
        ["Brief staff", "Police", "Amber"],
        ["Audit files", "Police", "Green"],
        ["Report", "Police", None],
    ]


def test_xls_merged_cells(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Plan")
    sheet.write_merge(0, 0, 0, 2, "Action plan")
    for k, header in enumerate(("No", "Action", "Due")):
        sheet.write(1, k, header)
    sheet.write_merge(2, 3, 0, 0, "R1")
    sheet.write(2, 1, "Write the policy")
    sheet.write(2, 2, dt.datetime(2025, 3, 31), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    sheet.write(3, 1, "Train staff")
    sheet.write(3, 2, 3.0)
    path = tmp_path / "plan.xls"
    book.save(str(path))
    document = prepare(path)
    assert_spans_hold_text(document)
    assert texts(document.clean.tables[0]) == [
        ["Action plan"] * 3,
        ["No", "Action", "Due"],
        ["R1", "Write the policy", "31/03/2025"],
        ["R1", "Train staff", "3"],
    ]


def test_ods_sheets(tmp_path: Path) -> None:
    pytest.importorskip("odf")
    import pandas as pd

    path = tmp_path / "plan.ods"
    frame = pd.DataFrame([row[1:] for row in PLAN_ROWS], columns=list(PLAN_HEADER[1:]))
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Actions", index=False)
        pd.DataFrame({"Note": ["Reviewed by the board"]}).to_excel(writer, sheet_name="Notes", index=False)
    document = prepare(path)
    assert document.source.format == "ods"
    assert_spans_hold_text(document)
    actions, notes = document.clean.tables
    assert (actions.name, notes.name) == ("Actions", "Notes")
    assert texts(actions) == [list(PLAN_HEADER[1:]), *[list(row[1:]) for row in PLAN_ROWS]]
    assert texts(notes) == [["Note"], ["Reviewed by the board"]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    rows = [PLAN_HEADER, *PLAN_ROWS, ("", "", "", "")]
    lines = [delimiter.join(f'"{v}"' if "," in v or ";" in v else v for v in row) for row in rows]
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    document = prepare(path)
    assert_spans_hold_text(document)
    (table,) = document.clean.tables
    assert table.name == "plan"
    expected = [[v or None for v in row] for row in (PLAN_HEADER, *PLAN_ROWS)]
    assert texts(table) == expected
    assert_cells_are_lines(document)


def protected_xlsx(folder: Path) -> Path:
    path = folder / "protected.xlsx"  # what Excel saves with a password: a compound file, not a zip
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return path


def damaged_xlsx(folder: Path) -> Path:
    path = folder / "damaged.xlsx"
    path.write_bytes(xlsx_plan(folder).read_bytes()[:900])
    return path


def empty_workbook(folder: Path) -> Path:
    from openpyxl import Workbook

    path = folder / "empty.xlsx"
    Workbook().save(path)
    return path


def text_as(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"Plain words, not a spreadsheet at all.\n" * 3)
    return path


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (protected_xlsx, "password"),
        (damaged_xlsx, "xlsx"),
        (empty_workbook, "no filled cells"),
        (lambda d: text_as(d, "plan.xlsx"), "not a zip"),
        (lambda d: text_as(d, "plan.ods"), "not a zip"),
        (lambda d: text_as(d, "plan.xls"), "not an xls"),
    ],
    ids=["password", "damaged", "empty", "text-as-xlsx", "text-as-ods", "text-as-xls"],
)
def test_bad_spreadsheets_give_one_line_naming_the_reason(tmp_path: Path, build, words: str) -> None:  # type: ignore[no-untyped-def]
    path = build(tmp_path)
    with pytest.raises(UnreadableDocument) as caught:
        prepare(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert words in message.lower()


def test_ingest_a_folder_with_spreadsheets(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    xlsx_plan(folder)
    (folder / "plan.csv").write_text("Action;Lead agency\nTrain staff;Health\n", encoding="utf-8")
    lib = lessons.Library(Settings.from_env(db=str(tmp_path / "lessons.db"), embeddings=False))
    try:
        report = lib.ingest([folder])
    finally:
        lib.close()
    assert sorted(Path(r.path).name for r in report.results) == ["plan.csv", "plan.xlsx"]
    assert report.count("added") == 2, report.results


# --- PDF ----------------------------------------------------------------------------------------------------


def pdf_plan(folder: Path, ruled: bool) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    rows = [
        ["No.", "Recommendation", "Action", "Lead", "Due"],
        [
            "1",
            Paragraph("Health visitors should see every family in temporary accommodation.", body),
            Paragraph("Write and sign off the record transfer protocol", body),
            "Health",
            "31/03/2025",
        ],
        ["", "", Paragraph("Train all health visitors on the protocol", body), "Health", "30/06/2025"],
        [
            "2",
            Paragraph("The partnership should audit closed contacts.", body),
            "Audit 50 contacts",
            "Social care",
            "31/12/2025",
        ],
    ]
    table = PdfTable(rows, colWidths=[30, 150, 150, 65, 60])
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style += [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("SPAN", (0, 1), (0, 2)),
            ("SPAN", (1, 1), (1, 2)),
        ]
    table.setStyle(TableStyle(style))
    prose = (
        "The board agreed the following actions on the recommendations of the review and will monitor "
        "progress every quarter until each action is complete and its evidence has been seen."
    )
    story = [Paragraph(prose, body), PageBreak(), Paragraph("Action plan for Child Q", styles["Heading1"])]
    story += [
        Paragraph(prose, body),
        Spacer(1, 12),
        table,
        Spacer(1, 12),
        Paragraph("Signed for the board.", body),
    ]
    path = folder / ("ruled.pdf" if ruled else "unruled.pdf")
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def test_pdf_ruled_table_with_merged_cells(tmp_path: Path) -> None:
    document = prepare(pdf_plan(tmp_path, ruled=True))
    assert_spans_hold_text(document)
    (table,) = document.clean.tables
    assert table.page == 2
    assert document.clean.page_at(table.cells[0].start) == 2
    grid = [[" ".join(t.split()) if t else None for t in row] for row in texts(table)]
    assert grid[0] == ["No.", "Recommendation", "Action", "Lead", "Due"]
    assert [row[0] for row in grid[1:]] == ["1", "1", "2"]
    assert grid[1][1] == grid[2][1] == "Health visitors should see every family in temporary accommodation."
    assert [row[2] for row in grid[1:]] == [
        "Write and sign off the record transfer protocol",
        "Train all health visitors on the protocol",
        "Audit 50 contacts",
    ]
    assert [row[4] for row in grid[1:]] == ["31/03/2025", "30/06/2025", "31/12/2025"]
    assert_cells_are_lines(document)


def test_pdf_table_without_lines(tmp_path: Path) -> None:
    document = prepare(pdf_plan(tmp_path, ruled=False))
    assert_spans_hold_text(document)
    (table,) = document.clean.tables
    assert table.page == 2
    rows = texts(table)
    assert rows[0] == ["No.", "Recommendation", "Action", "Lead", "Due"], "the prose above is not a row"
    firsts = [row for row in rows if row[0] in ("1", "2")]
    assert [row[4] for row in firsts] == ["31/03/2025", "31/12/2025"]
    dates = [row[4] for row in rows if row[4]]
    assert dates == ["Due", "31/03/2025", "30/06/2025", "31/12/2025"]


def test_pdf_prose_pages_have_no_tables(tmp_path: Path) -> None:
    from factories import text_pdf

    document = prepare(text_pdf(tmp_path, "report.pdf", pages=2))
    assert document.source.tables == ()
