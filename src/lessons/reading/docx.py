"""DOCX: paragraphs, lists and tables in reading order.

Word keeps automatic list numbers out of the paragraph text, so they are rebuilt here from the numbering part
(format, level text such as "%1.%2", start value): recommendation numbers in Word files depend on it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument

from lessons.errors import UnreadableDocument
from lessons.models import Cell, SourceText, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, path: Path) -> SourceText:
    if not zipfile.is_zipfile(BytesIO(data)):
        raise UnreadableDocument(path, "not a DOCX (not a zip archive)")
    try:
        document = docx.Document(BytesIO(data))
    except KeyError:
        raise UnreadableDocument(path, "not a DOCX (no word/document.xml in the archive)") from None
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise UnreadableDocument(path, f"damaged DOCX ({type(error).__name__}: {error})") from None
    numbering = _Numbering(document)
    styles = _StyleNumbering(document)
    # Paragraphs are separated by blank lines; lines inside a table cell by single line breaks.
    body = _join(list(_blocks(document.element.body, numbering, styles)), "\n\n")
    title = (document.core_properties.title or "").strip() or None
    return SourceText(text=body.text + "\n", format="docx", title=title, tables=body.tables)


@dataclass(frozen=True)
class _Piece:
    """Some text and the tables in it, their cell spans relative to the start of the text."""

    text: str
    tables: tuple[Table, ...] = ()


def _join(pieces: list[_Piece], separator: str) -> _Piece:
    """The pieces that hold some text, joined by `separator`, their tables' spans shifted to match."""
    texts: list[str] = []
    tables: list[Table] = []
    position = 0
    for piece in pieces:
        if not piece.text.strip():
            continue
        if texts:
            position += len(separator)
        tables.extend(_shifted(table, position) for table in piece.tables)
        texts.append(piece.text)
        position += len(piece.text)
    return _Piece(separator.join(texts), tuple(tables))


def _shifted(table: Table, by: int) -> Table:
    cells = tuple(replace(c, start=c.start + by, end=c.end + by) for c in table.cells)
    return replace(table, cells=cells)


def _blocks(parent: Any, numbering: _Numbering, styles: _StyleNumbering) -> Iterator[_Piece]:
    """Each paragraph and table under `parent`, in document order."""
    for child in parent.iterchildren():
        if child.tag == f"{W}p":
            text = _paragraph_text(child)
            label = numbering.label_for(child, styles)
            if label and text.strip():
                text = f"{label} {text}"
            yield _Piece(text)
        elif child.tag == f"{W}tbl":
            yield _table(child, numbering, styles)
        elif child.tag == f"{W}sdt":  # content controls wrap ordinary paragraphs and tables
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content, numbering, styles)


@dataclass
class _OpenCell:
    row: int
    column: int
    column_span: int
    text: str
    row_span: int = 1


def _table(table: Any, numbering: _Numbering, styles: _StyleNumbering) -> _Piece:
    """A table as one piece: a line per cell paragraph, a blank line after each row. A cell merged across
    columns (gridSpan) or down over rows (vMerge) is one Cell, its text once, in the row where it starts. A
    table nested in a cell is read as that cell's text; only the outer table becomes a Table."""
    rows: list[list[_OpenCell]] = []
    merging: dict[int, _OpenCell] = {}  # grid column -> the cell merged down from a row above
    for row_index, row in enumerate(table.iterchildren(f"{W}tr")):
        cells: list[_OpenCell] = []
        column = _int_property(row, f"{W}trPr/{W}gridBefore", 0)
        for tc in row.iterchildren(f"{W}tc"):
            span = max(1, _int_property(tc, f"{W}tcPr/{W}gridSpan", 1))
            # Continuation cells are read too (their paragraphs still advance list numbering); their text,
            # normally empty, is not shown by Word and is dropped.
            content = _join(list(_blocks(tc, numbering, styles)), "\n")
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            kind = None if merge is None else (merge.get(f"{W}val") or "continue")
            above = merging.get(column)
            if kind == "continue" and above is not None and above.row + above.row_span == row_index:
                above.row_span += 1
            else:
                cell = _OpenCell(row_index, column, span, content.text)
                cells.append(cell)
                if kind == "restart":
                    merging[column] = cell
                else:
                    merging.pop(column, None)
            column += span
        rows.append(cells)
    texts: list[str] = []
    found: list[Cell] = []
    position = 0
    for cells in rows:
        filled = [c for c in cells if c.text.strip()]
        if not filled:
            continue
        if texts:
            texts.append("\n\n")
            position += 2
        for index, cell in enumerate(filled):
            if index:
                texts.append("\n")
                position += 1
            start = position + len(cell.text) - len(cell.text.lstrip())
            text = cell.text.strip()
            found.append(
                Cell(text, start, start + len(text), cell.row, cell.column, cell.row_span, cell.column_span)
            )
            texts.append(cell.text)
            position += len(cell.text)
    return _Piece("".join(texts), (Table(tuple(found)),) if found else ())


def _int_property(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    value = found.get(f"{W}val") if found is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


class _StyleNumbering:
    """numPr inherited from paragraph styles (e.g. Word's "List Number")."""

    def __init__(self, document: DocxDocument) -> None:
        self._by_style: dict[str, tuple[str, int] | None] = {}
        self._styles = {s.get(f"{W}styleId"): s for s in document.styles.element.iter(f"{W}style")}

    def lookup(self, style_id: str | None) -> tuple[str, int] | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                return None
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id = num_pr.find(f"{W}numId")
                ilvl = num_pr.find(f"{W}ilvl")
                if num_id is not None:
                    level = int(ilvl.get(f"{W}val")) if ilvl is not None else 0
                    return num_id.get(f"{W}val"), level
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return None


class _Numbering:
    """Counters for Word's automatic numbering, advanced paragraph by paragraph in reading order."""

    def __init__(self, document: DocxDocument) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        abstract = {a.get(f"{W}abstractNumId"): a for a in root.iter(f"{W}abstractNum")}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            definition = abstract.get(ref.get(f"{W}val")) if ref is not None else None
            if definition is None:
                continue
            levels = {}
            for lvl in definition.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )
            self._levels[num.get(f"{W}numId")] = levels

    def label_for(self, paragraph: Any, styles: _StyleNumbering) -> str | None:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        ref: tuple[str, int] | None = None
        if num_pr is not None and num_pr.find(f"{W}numId") is not None:
            ilvl = num_pr.find(f"{W}ilvl")
            ref = (
                num_pr.find(f"{W}numId").get(f"{W}val"),
                int(ilvl.get(f"{W}val")) if ilvl is not None else 0,
            )
        else:
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            ref = styles.lookup(style.get(f"{W}val") if style is not None else None)
        if ref is None or ref[0] not in self._levels:
            return None
        return self._advance(*ref)

    def _advance(self, num_id: str, level: int) -> str | None:
        levels = self._levels[num_id]
        if level not in levels:
            return None
        counters = self._counters.setdefault(num_id, [0] * 10)
        fmt, template, start = levels[level]
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        if fmt == "bullet":
            return "•"
        if fmt == "none" or not template:
            return None
        label = template
        for k in range(level, -1, -1):  # %10 is not a level; replace from the deepest to avoid %1 in %1x
            value = counters[k] or levels.get(k, ("decimal", "", 1))[2]
            label = label.replace(f"%{k + 1}", _format_number(value, levels.get(k, ("decimal",))[0]))
        return label


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperRoman":
        return _roman(value)
    return str(value)


def _letters(value: int) -> str:
    letter = chr(ord("a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for number, numeral in numerals:
        count, value = divmod(value, number)
        out.append(numeral * count)
    return "".join(out)
