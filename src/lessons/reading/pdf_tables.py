"""Tables in PDFs: found by pdfplumber, placed in the text pypdfium2 read.

pdfplumber costs ~80 ms a page against ~1 ms for pypdfium2's text, so it runs only on pages where a cheap
look at pypdfium2's text boxes finds rows of separate columns: several lines with wide gaps between their
pieces of text. Ruled tables come from the ruling lines; a page with no ruling lines is tried with
pdfplumber's text alignment, and such a table is kept only when it has the shape of one (rows of three or more
filled columns). Each cell is placed by finding its characters, in order and ignoring white space, in the
page's text from pypdfium2; a table with a cell that cannot be placed is dropped rather than given spans that
are not its own.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pypdfium2 as pdfium

from lessons.models import Cell, Table

log = logging.getLogger(__name__)

_COLUMN_GAP = 12.0  # points between two pieces of text on one line that make them separate columns
_MIN_TABLE_LINES = 3  # lines with three or more columns that make a page worth a look for tables
_TEXT_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def looks_tabular(textpage: pdfium.PdfTextPage) -> bool:
    """Whether a page has rows of separate columns: lines of text with two or more wide gaps in them."""
    boxes = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    if len(boxes) < 6:
        return False
    heights = sorted(top - bottom for _, bottom, _, top in boxes)
    tolerance = max(1.0, heights[len(heights) // 2] / 2)
    lines: list[list[tuple[float, float]]] = []
    centre = None
    for left, bottom, right, top in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        middle = (bottom + top) / 2
        if centre is None or middle - centre > tolerance:
            lines.append([])
            centre = middle
        lines[-1].append((left, right))
    columned = 0
    for pieces in lines:
        pieces.sort()
        gaps = sum(1 for (_, right), (left, _) in pairwise(pieces) if left - right > _COLUMN_GAP)
        columned += gaps >= 2
    return columned >= _MIN_TABLE_LINES


def find_tables(data: bytes, pages: dict[int, tuple[str, int]]) -> list[Table]:
    """Tables on the given pages (0-based index -> (page text, its start in the document text)), cell spans
    in the document text."""
    if not pages:
        return []
    import pdfplumber

    tables: list[Table] = []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in sorted(pages)]) as pdf:
            for page in pdf.pages:
                text, offset = pages[page.page_number - 1]
                for rows, ruled in _page_tables(page):
                    table = _placed(rows, ruled, text, offset, page.page_number)
                    if table is not None:
                        tables.append(table)
    except Exception as error:  # pdfminer raises many kinds on odd files; the text is read already
        log.warning("table detection failed: %s: %s", type(error).__name__, error)
    return tables


def _page_tables(page: Any) -> list[tuple[list[list[str | None]], bool]]:
    """Each table's rows, and whether it is ruled."""
    ruled = page.find_tables()
    if ruled:
        return [(t.extract(), True) for t in ruled]
    return [(_without_empty_lines(t.extract()), False) for t in page.find_tables(_TEXT_SETTINGS)]


def _without_empty_lines(rows: list[list[str | None]]) -> list[list[str | None]]:
    rows = [row for row in rows if any(c and c.strip() for c in row)]
    if not rows:
        return []
    keep = [k for k in range(len(rows[0])) if any((row[k] or "").strip() for row in rows)]
    return [[row[k] for k in keep] for row in rows]


def _placed(rows: list[list[str | None]], ruled: bool, text: str, offset: int, page: int) -> Table | None:
    """The table with each filled cell's span in the document text, or None when a cell cannot be placed.
    pdfplumber gives a merged cell in its first position and None in the others it covers. Text alignment
    also takes in lines of prose next to a table: of such a table, the longest run of rows that can all be
    placed is kept, when it has the shape of a table."""
    placed: list[list[Cell] | None] = []
    cursor = 0
    taken: list[tuple[int, int]] = []
    for r in range(len(rows)):
        cells = _placed_row(rows, r, text, cursor, taken)
        if cells is None and ruled:
            return None
        placed.append(cells)
        if cells:
            taken.extend((c.start, c.end) for c in cells)
            cursor = cells[-1].end
    runs: list[list[list[Cell]]] = [[]]
    for cells in placed:
        if cells is None:
            runs.append([])
        else:
            runs[-1].append(cells)
    best = max(runs, key=len)
    if not ruled and sum(1 for cells in best if len(cells) >= 3) < _MIN_TABLE_LINES:
        return None
    first = best[0][0].row if best and best[0] else 0
    found = [
        replace(c, start=c.start + offset, end=c.end + offset, row=c.row - first)
        for cells in best
        for c in cells
    ]
    return Table(tuple(found), page=page) if len(found) >= 2 else None


def _placed_row(
    rows: list[list[str | None]], r: int, text: str, cursor: int, taken: list[tuple[int, int]]
) -> list[Cell] | None:
    cells: list[Cell] = []
    for k, value in enumerate(rows[r]):
        if value is None or not value.strip():
            continue
        span = _find(value, text, cursor, taken + [(c.start, c.end) for c in cells])
        if span is None:
            return None
        start, end = span
        cursor = end
        cells.append(
            Cell(text[start:end], start, end, r, k, _span_down(rows, r, k), _span_across(rows[r], k))
        )
    return cells


def _span_down(rows: list[list[str | None]], r: int, k: int) -> int:
    span = 1
    while r + span < len(rows) and k < len(rows[r + span]) and rows[r + span][k] is None:
        span += 1
    return span


def _span_across(row: list[str | None], k: int) -> int:
    span = 1
    while k + span < len(row) and row[k + span] is None:
        span += 1
    return span


def _find(value: str, text: str, cursor: int, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the cell's characters stand in `text`, white space aside: first after `cursor` (cells usually
    come in reading order), else anywhere not already taken by another cell."""
    characters = [re.escape(ch) for ch in value if not ch.isspace()]
    pattern = re.compile(r"\s*".join(characters))
    for match in pattern.finditer(text, cursor):
        if _whole_words(text, *match.span()):
            return match.span()
    for match in pattern.finditer(text):
        free = all(match.end() <= start or match.start() >= end for start, end in taken)
        if free and _whole_words(text, *match.span()):
            return match.span()
    return None


def _whole_words(text: str, start: int, end: int) -> bool:
    """A cell starts and ends at word boundaries: a cell cut from the middle of a word is misplaced."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (
        after.isalnum() and text[end - 1].isalnum()
    )
