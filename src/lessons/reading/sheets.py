"""Spreadsheets (.xlsx, .xls, .ods, .csv): each sheet is a Table and a block of text.

The text of a sheet is its name on a line of its own, then each row that holds something: a line per cell
(a cell's own line breaks kept), a blank line after the row. Empty rows and columns are left out, and the
table's rows and columns are counted without them. A merged range is one cell, its text once, spanning the
kept rows and columns it covers. Dates are written day first as a UK sheet shows them: 31/03/2025, with the
time (14:30) only when there is one.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from lessons.errors import UnreadableDocument
from lessons.models import Cell, SourceFormat, SourceText, Table
from lessons.reading.text import decode_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: an .xls, or an encrypted Office file


@dataclass(frozen=True)
class SheetCell:
    """A cell as the sheet holds it: 0-based row and column, before empty rows and columns are dropped."""

    row: int
    column: int
    text: str
    row_span: int = 1
    column_span: int = 1


@dataclass(frozen=True)
class Sheet:
    name: str
    cells: tuple[SheetCell, ...]


def sheets_source(sheets: Iterable[Sheet], fmt: SourceFormat, path: Path) -> SourceText:
    """The text and tables of a workbook's sheets; a workbook with no filled cell is unreadable."""
    blocks: list[str] = []
    tables: list[Table] = []
    position = 0  # where the next sheet's block starts in the text
    for sheet in sheets:
        block, cells = _sheet_block(sheet, position)
        if not cells:
            continue
        blocks.append(block)
        tables.append(Table(cells, name=sheet.name))
        position += len(block) + 2
    if not blocks:
        raise UnreadableDocument(path, "no filled cells in the spreadsheet")
    return SourceText(text="\n\n".join(blocks) + "\n", format=fmt, tables=tuple(tables))


def _sheet_block(sheet: Sheet, start: int) -> tuple[str, tuple[Cell, ...]]:
    """A sheet's text (its name, then a line per cell, a blank line after each row) and its cells, their spans
    counted from `start`."""
    by_row: dict[int, list[SheetCell]] = {}
    for cell in sheet.cells:
        if cell.text.strip():
            by_row.setdefault(cell.row, []).append(cell)
    rows = sorted(by_row)
    columns = sorted({c.column for cells in by_row.values() for c in cells})
    column_at = {column: index for index, column in enumerate(columns)}
    parts = [sheet.name.strip() or "Sheet"]
    position = start + len(parts[0])
    cells: list[Cell] = []
    for row_index, row in enumerate(rows):
        for index, cell in enumerate(sorted(by_row[row], key=lambda c: c.column)):
            parts.append("\n" if index else "\n\n")
            value = cell.text.strip()
            position += len(parts[-1])
            # Spans count the kept rows and columns a merged range covers.
            row_span = bisect_left(rows, row + cell.row_span) - row_index
            column_span = bisect_left(columns, cell.column + cell.column_span) - column_at[cell.column]
            cells.append(
                Cell(
                    value,
                    position,
                    position + len(value),
                    row_index,
                    column_at[cell.column],
                    row_span,
                    column_span,
                )
            )
            parts.append(value)
            position += len(value)
    return "".join(parts), tuple(cells)


def cell_text(value: Any, percent: bool = False) -> str:
    """A cell's value as the sheet shows it (near enough): whole numbers without ".0", dates day first."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        shown = value.strftime("%d/%m/%Y")
        return shown if value.time() == time(0) else f"{shown} {value.strftime('%H:%M')}"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        if percent:
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


# --- .xlsx --------------------------------------------------------------------------------------------------


def read_xlsx(data: bytes, path: Path) -> SourceText:
    from openpyxl import load_workbook

    if data.startswith(OLE_MAGIC):
        raise UnreadableDocument(path, "password-protected (encrypted) XLSX workbook")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableDocument(path, "not an XLSX workbook (not a zip archive)")
    try:
        # Not read-only: merged ranges are only known to a fully loaded sheet. Formulas give their saved values.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except KeyError:
        raise UnreadableDocument(path, "not an XLSX workbook (no workbook part in the archive)") from None
    except Exception as error:  # openpyxl raises many kinds on a damaged package
        raise UnreadableDocument(path, f"damaged XLSX workbook ({type(error).__name__})") from None
    return sheets_source((_xlsx_sheet(sheet) for sheet in workbook.worksheets), "xlsx", path)


def _xlsx_sheet(sheet: Any) -> Sheet:
    spans = {}
    for merged in sheet.merged_cells.ranges:
        rows, columns = merged.max_row - merged.min_row + 1, merged.max_col - merged.min_col + 1
        spans[(merged.min_row, merged.min_col)] = (rows, columns)
    cells = []
    rated = _rating_columns(sheet)
    for row in sheet.iter_rows():
        for cell in row:
            if type(cell).__name__ == "MergedCell":
                continue
            if cell.value is None:
                colour = _rag_colour(cell) if cell.column in rated else None
                if colour is None:
                    continue
                text = colour  # a RAG column kept by colour alone: the colour is the rating
            else:
                text = cell_text(cell.value, percent="%" in (cell.number_format or ""))
            rows, columns = spans.get((cell.row, cell.column), (1, 1))
            cells.append(SheetCell(cell.row - 1, cell.column - 1, text, rows, columns))
    return Sheet(sheet.title, tuple(cells))


_RATING_HEADER = re.compile(r"\bRAG\b|\brating\b|\bstatus\b", re.I)
_HEADER_ROWS = 10


def _rating_columns(sheet: Any) -> set[int]:
    """Columns (1-based) whose header, in the first rows, is about a RAG rating or status."""
    found = set()
    for row in sheet.iter_rows(max_row=_HEADER_ROWS):
        for cell in row:
            if isinstance(cell.value, str) and _RATING_HEADER.search(cell.value):
                found.add(cell.column)
    return found


def _rag_colour(cell: Any) -> str | None:
    """The rating a solid fill shows: red, amber or green by the colour's hue (theme and indexed colours are
    left alone: their RGB is not in the cell)."""
    fill = cell.fill
    colour = getattr(fill, "fgColor", None) if fill is not None and fill.fill_type == "solid" else None
    rgb = getattr(colour, "rgb", None) if colour is not None and colour.type == "rgb" else None
    if not isinstance(rgb, str) or len(rgb) < 6:
        return None
    red, green, blue = (int(rgb[-6:][k : k + 2], 16) for k in (0, 2, 4))
    if blue > 120 or max(red, green) < 120:
        return None  # blue, grey, white-ish or dark: no rating
    if red >= 200 and green < 90:
        return "Red"
    if red >= 200 and 120 <= green <= 220:
        return "Amber"
    if green >= 120 and red < 150:
        return "Green"
    return None


# --- .xls ---------------------------------------------------------------------------------------------------


def read_xls(data: bytes, path: Path) -> SourceText:
    import xlrd

    if not data.startswith(OLE_MAGIC):
        raise UnreadableDocument(path, "not an XLS workbook (not an Excel 97-2003 file)")
    try:
        # formatting_info: xlrd only reads merged ranges with it.
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as error:  # xlrd.XLRDError and struct/compound-document errors on damaged files
        message = str(error)
        if "encrypt" in message.lower():
            raise UnreadableDocument(path, "password-protected (encrypted) XLS workbook") from None
        raise UnreadableDocument(path, f"damaged XLS workbook ({type(error).__name__})") from None
    try:
        return sheets_source((_xls_sheet(book, sheet) for sheet in book.sheets()), "xls", path)
    finally:
        book.release_resources()


def _xls_sheet(book: Any, sheet: Any) -> Sheet:
    import xlrd

    spans = {(rlo, clo): (rhi - rlo, chi - clo) for rlo, rhi, clo, chi in sheet.merged_cells}
    cells = []
    for r in range(sheet.nrows):
        for k in range(sheet.ncols):
            cell = sheet.cell(r, k)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                continue
            if cell.ctype == xlrd.XL_CELL_DATE:
                value: Any = xlrd.xldate_as_datetime(cell.value, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            else:
                value = cell.value
            rows, columns = spans.get((r, k), (1, 1))
            cells.append(SheetCell(r, k, cell_text(value), rows, columns))
    return Sheet(sheet.name, tuple(cells))


# --- .ods ---------------------------------------------------------------------------------------------------


def read_ods(data: bytes, path: Path) -> SourceText:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableDocument(path, "not an ODS spreadsheet (not a zip archive)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "content.xml" not in names:
            raise UnreadableDocument(path, "not an ODS spreadsheet (no content.xml in the archive)")
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    if b"encryption-data" in manifest:
        raise UnreadableDocument(path, "password-protected (encrypted) ODS spreadsheet")
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        sheets = [_ods_sheet(table) for table in _children(document.spreadsheet, "table")]
    except Exception as error:  # odfpy and the XML parser raise many kinds on a damaged file
        raise UnreadableDocument(path, f"damaged ODS spreadsheet ({type(error).__name__})") from None
    return sheets_source(sheets, "ods", path)


_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _children(node: Any, local: str) -> Iterator[Any]:
    for child in node.childNodes:
        if getattr(child, "qname", None) == (_TABLE_NS, local):
            yield child


def _ods_rows(table: Any) -> Iterator[Any]:
    """Rows of a table, also those inside header-row and row-group wrappers."""
    for child in table.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (_TABLE_NS, "table-row"):
            yield child
        elif qname in (
            (_TABLE_NS, "table-header-rows"),
            (_TABLE_NS, "table-row-group"),
            (_TABLE_NS, "table-rows"),
        ):
            yield from _ods_rows(child)


def _ods_sheet(table: Any) -> Sheet:
    cells: list[SheetCell] = []
    row = 0
    for element in _ods_rows(table):
        repeat = int(element.getAttrNS(_TABLE_NS, "number-rows-repeated") or 1)
        found = []
        column = 0
        for cell in element.childNodes:
            if getattr(cell, "qname", (None, None))[1] not in ("table-cell", "covered-table-cell"):
                continue
            columns_repeated = int(cell.getAttrNS(_TABLE_NS, "number-columns-repeated") or 1)
            text = _ods_text(cell) if cell.qname[1] == "table-cell" else ""
            if text:  # an empty cell may be repeated a million times to the sheet's edge: never expand those
                rows_spanned = int(cell.getAttrNS(_TABLE_NS, "number-rows-spanned") or 1)
                columns_spanned = int(cell.getAttrNS(_TABLE_NS, "number-columns-spanned") or 1)
                for k in range(columns_repeated):
                    found.append((column + k, text, rows_spanned, columns_spanned))
            column += columns_repeated
        if found:
            for r in range(repeat):
                cells.extend(SheetCell(row + r, k, text, rs, cs) for k, text, rs, cs in found)
        row += repeat
    return Sheet(str(table.getAttrNS(_TABLE_NS, "name") or ""), tuple(cells))


def _ods_text(cell: Any) -> str:
    from odf import teletype

    kind = cell.getAttrNS(_OFFICE_NS, "value-type")
    if kind == "date":
        value = str(cell.getAttrNS(_OFFICE_NS, "date-value"))
        try:
            return cell_text(datetime.fromisoformat(value))
        except ValueError:
            pass
    elif kind == "boolean":
        return cell_text(cell.getAttrNS(_OFFICE_NS, "boolean-value") == "true")
    paragraphs = [
        teletype.extractText(p) for p in cell.childNodes if getattr(p, "qname", (None, ""))[1] == "p"
    ]
    return "\n".join(paragraphs).strip()


# --- .csv ---------------------------------------------------------------------------------------------------

_DELIMITERS = ",;\t|"


def read_csv(data: bytes, path: Path) -> SourceText:
    """A CSV file as one sheet named after the file; the delimiter (, ; tab |) is sniffed from its start."""
    text = decode_text(data, path)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:20_000], delimiters=_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise UnreadableDocument(path, f"damaged CSV ({error})") from None
    cells = tuple(
        SheetCell(r, k, value.replace("\r\n", "\n"))
        for r, row in enumerate(rows)
        for k, value in enumerate(row)
    )
    return sheets_source([Sheet(path.stem, cells)], "csv", path)
