"""Action plan files as partnerships keep them: a spreadsheet with one row per action under its recommendation.

This module reads and writes the files (CSV or XLSX) and checks each cell; `plans` decides what a checked plan
changes. Headers are matched loosely ("RAG Status", "Target
Date", "Lead Officer" ...), a title block above the header row is skipped, and dates may be ISO, day-first
(31/03/2024, as UK spreadsheets write them), "31 March 2024" or real spreadsheet dates.

An export writes every column below; importing it back changes nothing, and a cell edited in the spreadsheet
changes just that field. The computed columns (the review's title, the current status and RAG) are written for
reading and ignored on import.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from lessons.errors import InputError, QueryError, UnsupportedFormat
from lessons.export import excel_text
from lessons.extraction.dates import MONTHS
from lessons.tracking.rules import ACTION_STATUSES, RAG, RESPONSE_STATUSES

PLAN_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    header: str  # as exported
    field: str  # the tracker's name for it
    kind: str = "text"  # text, int, date, status, rag, response, computed (exported, ignored on import)
    aliases: tuple[str, ...] = ()  # other headers seen in partnerships' templates


PLAN_COLUMNS = (
    Column("Action ID", "id", "int", ("id", "action no", "action number")),
    Column("Version", "version", "int"),
    Column("Document", "document_id", "int", ("document id", "doc id")),
    Column("Review", "review", "computed", ("review title", "case")),
    Column(
        "Item ID", "item", "text", ("lessons id",)
    ),  # "r36" or "c7": the recommendation or concern in Lessons
    # The recommendation's number in its review ("3", "8.1"), read when there is no Item ID.
    Column(
        "Rec no",
        "number",
        "text",
        (
            "ref",
            "rec ref",
            "rec number",
            "recommendation no",
            "recommendation number",
            "recommendation ref",
            "no",
            "number",
            "rec",
        ),
    ),
    Column("Recommendation", "recommendation", "text", ("recommendations",)),
    Column("Response", "response_status", "response", ("response status", "accepted")),
    Column("Agency response", "response_text", "text", ("response text", "board response")),
    Column("Response date", "response_date", "date"),
    Column("Scope", "scope", "text", ("local regional national", "level")),
    Column(
        "Action",
        "description",
        "text",
        (
            "actions",
            "action to be taken",
            "actions to be taken",
            "action required",
            "agreed action",
            "agreed actions",
        ),
    ),
    Column(
        "Lead agency", "lead_agency", "text", ("agency", "lead organisation", "organisation", "lead partner")
    ),
    Column("Lead officer", "lead_officer", "text", ("owner", "lead", "lead person", "responsible officer")),
    Column("Milestones", "milestones", "text", ("milestone", "key milestones")),
    Column(
        "Target date", "due", "date", ("due", "due date", "deadline", "target completion date", "by when")
    ),
    # A target that is no date ("Q3 2025/26", "Ongoing"), as written; a month's target is also its last day.
    Column("Timescale", "target", "text", ("target", "timescales", "target as written")),
    Column("Status", "status", "status", ("action status",)),
    Column("RAG", "rag", "rag", ("rag status", "rag rating")),
    Column("Current status", "current_status", "computed"),
    Column("Current RAG", "current_rag", "computed"),
    Column("Progress update", "progress", "text", ("progress", "update", "progress to date")),
    Column("Evidence of impact", "evidence_of_impact", "text", ("impact", "evidence", "evidence impact")),
    Column("Date completed", "completed_on", "date", ("completed", "completion date", "date complete")),
    Column("Signed off by", "signed_off_by", "text", ("sign off", "signed off", "sign off by")),
)
HEADERS = [c.header for c in PLAN_COLUMNS]
BY_FIELD = {c.field: c for c in PLAN_COLUMNS}
BY_HEADER = {c.header: c for c in PLAN_COLUMNS}
RAG_COLOURS = {"red": "F4B6B6", "amber": "FFD98C", "green": "B8E0B8"}
_BY_NAME = {_n: c for c in PLAN_COLUMNS for _n in (c.header.lower(), *c.aliases)}
_STATUS_WORDS = {"completed": "complete", "ongoing": "in progress", "started": "in progress"}
_RAG_WORDS = {"r": "red", "a": "amber", "g": "green"}
_MONTHS = {name[:3]: number for name, number in MONTHS.items()}  # "Mar" as well as "March"
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_WORDY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_HEADER_SEARCH = 10  # rows to look through for the header under a title block


@dataclass(frozen=True)
class Problem:
    row: int | None  # the spreadsheet's row number (the header is on its own row); None for the whole file
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row is not None else self.message


@dataclass
class PlanRow:
    row: int
    cells: dict[str, Any] = field(default_factory=dict)  # field -> normalised value, for the columns present


class PlanProblems(InputError):
    """A plan that cannot be imported as it is; nothing was changed."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"{path}: {p}" for p in problems)
        super().__init__(path, f"{len(problems)} problem(s), nothing imported\n{lines}")


def read_plan(path: Path, ignore_unknown: bool = False) -> tuple[list[str], list[PlanRow], list[Problem]]:
    """The plan's fields (the columns it has, by tracker name), its rows whose cells are all good, and a problem
    for each bad cell. A header that cannot be read raises PlanProblems."""
    grid = _read_grid(path)
    header_at = _find_header(grid)
    if header_at is None:
        raise PlanProblems(
            path, [Problem(None, "no header row with an 'Action' column in the first 10 rows")]
        )
    problems: list[Problem] = []
    columns: list[Column | None] = []
    for header in grid[header_at]:
        column = _BY_NAME.get(_header_key(header)) if header is not None else None
        if column is None and header is not None and not ignore_unknown:
            problems.append(
                Problem(header_at + 1, f"unknown column {header!r} (known: {', '.join(HEADERS)})")
            )
        if column is not None and column in columns:
            problems.append(Problem(header_at + 1, f"two columns for {column.header!r}"))
        columns.append(column)
    if problems:
        raise PlanProblems(path, problems)
    rows = []
    for number, values in enumerate(grid[header_at + 1 :], start=header_at + 2):
        row, good = PlanRow(number), True
        for column, value in zip(columns, values, strict=False):
            if column is None or column.kind == "computed":
                continue
            try:
                row.cells[column.field] = normalise(column, value)
            except QueryError as error:
                problems.append(Problem(number, str(error)))
                good = False
        if good and any(v is not None for v in row.cells.values()):
            rows.append(row)
    fields = [c.field for c in columns if c is not None and c.kind != "computed"]
    return fields, rows, problems


def normalise(column: Column, value: Any) -> Any:
    """A cell as the tracker stores it: stripped text (None when empty), an int, an ISO date, a known choice."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime | date):
        text = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).replace("\r\n", "\n").strip()
    if not text:
        return None
    if column.kind == "int":
        if not text.isdigit():
            raise QueryError(f"{column.header} {text!r} is not a whole number")
        return int(text)
    if column.kind == "date":
        return _iso_date(text, column.header)
    if column.kind == "status":
        status = _STATUS_WORDS.get(text.lower(), text.lower())
        if status == "overdue":
            raise QueryError(
                "Status 'overdue' is worked out from the target date; say not started or in progress"
            )
        return _choice(status, ACTION_STATUSES, column.header)
    if column.kind == "rag":
        return _choice(_RAG_WORDS.get(text.lower(), text.lower()), RAG, column.header)
    if column.kind == "response":
        return _choice(text.lower(), RESPONSE_STATUSES, column.header)
    return text


def write_plan(frame: pd.DataFrame, out: Path, fmt: str | None = None) -> Path:
    """Write a plan frame (columns HEADERS) as CSV (UTF-8 with a byte-order mark, so Excel reads it right) or
    as an XLSX workbook with real dates, RAG colours and drop-down lists for the choices."""
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in PLAN_FORMATS:
        raise UnsupportedFormat(out, f"an action plan is written as {' or '.join(PLAN_FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        frame.to_csv(out, index=False, encoding="utf-8-sig")
    else:
        _write_xlsx(frame, out)
    return out


def _read_grid(path: Path) -> list[list[Any]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(path, "no such file")
    if suffix == ".csv":
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # Excel on Windows saves "CSV" in cp1252
        return [[cell or None for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise InputError(path, f"not a readable XLSX workbook ({type(error).__name__})") from None
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:  # a merged cell's value belongs to every row it spans
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = top
        return grid
    raise UnsupportedFormat(path, f"an action plan is read from {' or '.join(PLAN_FORMATS)}")


def _find_header(grid: list[list[Any]]) -> int | None:
    """The first row naming an Action column and at least one other known column."""
    for index, row in enumerate(grid[:_HEADER_SEARCH]):
        known = [_BY_NAME.get(_header_key(cell)) for cell in row if cell is not None]
        if BY_FIELD["description"] in known and len([k for k in known if k]) >= 2:
            return index
    return None


def _header_key(header: object) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(header).lower()))


def _iso_date(text: str, header: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    found = _DAY_FIRST.match(text)
    wordy = _WORDY.match(text.lower())
    try:
        if found:
            day, month, year = (int(g) for g in found.groups())
            return date(year + 2000 if year < 100 else year, month, day).isoformat()
        if wordy and wordy.group(2)[:3] in _MONTHS:
            return date(int(wordy.group(3)), _MONTHS[wordy.group(2)[:3]], int(wordy.group(1))).isoformat()
    except ValueError:
        pass
    raise QueryError(f"{header} {text!r} is not a date (31/03/2025, 31 March 2025 or 2025-03-31)")


def _choice(value: str, choices: tuple[str, ...], header: str) -> str:
    if value not in choices:
        raise QueryError(f"{header} {value!r} is not one of {', '.join(choices)}")
    return value


def _write_xlsx(frame: pd.DataFrame, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Action plan"
    sheet.append(HEADERS)
    for values in frame[HEADERS].itertuples(index=False):
        sheet.append([_xlsx_cell(BY_HEADER[h], v) for h, v in zip(HEADERS, values, strict=True)])
    fills = {rag: PatternFill("solid", fgColor=colour) for rag, colour in RAG_COLOURS.items()}
    for index, column in enumerate(PLAN_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = 40 if column.kind == "text" else 14
        choices = {"status": ACTION_STATUSES, "rag": RAG, "response": RESPONSE_STATUSES}.get(column.kind)
        if choices and len(frame):
            validation = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{len(frame) + 1}")
            sheet.add_data_validation(validation)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if column.kind == "date":
                cell.number_format = "dd/mm/yyyy"
            elif column.kind == "text":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif column.kind in ("rag", "computed") and cell.value in fills:
                cell.fill = fills[cell.value]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.save(out)


def _xlsx_cell(column: Column, value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if column.kind == "date":
        return date.fromisoformat(value)
    if column.kind == "int":
        return int(value)
    return excel_text(value) if isinstance(value, str) else value
