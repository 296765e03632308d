"""DOCX: paragraphs, lists and tables in reading order.

Word keeps automatic list numbers out of the paragraph text, so they are rebuilt here from the numbering part
(format, level text such as "%1.%2", start value): recommendation numbers in Word files depend on it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument

from lessons.errors import UnreadableDocument
from lessons.models import SourceText

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
    blocks = [b for b in _blocks(document.element.body, numbering, styles) if b.strip()]
    title = (document.core_properties.title or "").strip() or None
    return SourceText(text="\n\n".join(blocks) + "\n", format="docx", title=title)


def _blocks(parent: Any, numbering: _Numbering, styles: _StyleNumbering) -> Iterator[str]:
    """Text of each paragraph and table under `parent`, in document order. A table is one block: a line per
    cell paragraph, a blank line after each row."""
    for child in parent.iterchildren():
        if child.tag == f"{W}p":
            text = _paragraph_text(child)
            label = numbering.label_for(child, styles)
            if label and text.strip():
                text = f"{label} {text}"
            yield text
        elif child.tag == f"{W}tbl":
            rows = []
            for row in child.iterchildren(f"{W}tr"):
                cells = [
                    "\n".join(b for b in _blocks(cell, numbering, styles) if b.strip())
                    for cell in row.iterchildren(f"{W}tc")
                ]
                rows.append("\n".join(c for c in cells if c))
            yield "\n\n".join(r for r in rows if r)
        elif child.tag == f"{W}sdt":  # content controls wrap ordinary paragraphs and tables
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content, numbering, styles)


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
