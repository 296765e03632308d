"""Cleaning: one plain text from any reader's output, with a map back to the source offsets.

Text converted from PDFs by other tools carries markdown (`**bold**`, `## `, `- `, `| a | b |` tables), HTML
fragments inside table cells, hyphenation, page headers, footers and numbers, hard-wrapped lines, paragraphs
broken by page breaks and words glued together where a line break was dropped. Each step below removes one
kind of artifact; every step works on `MappedText`, so offsets in the result still point into the source.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise

import numpy as np

from lessons.glued_words import split_glued_words
from lessons.models import Cell, CleanText, Page, SourceText, Table
from lessons.offsets import MappedText
from lessons.page_furniture import PAGE_BREAK, remove_page_furniture
from lessons.resources import CONTINUING_WORDS, lexicon

# A line that starts a list item or a numbered heading: never joined to the line before it.
LIST_MARKER = re.compile(
    r"""[ \t]*(?:
        [•▪◦●■□➢►·–-][ \t]*                   # bullets
      | \d{1,3}(?:\.\d{1,3})*[.)](?=[ \t]|$)   # 1.  1)  8.1.
      | \d{1,3}(?:\.\d{1,3})*(?=[ \t]+[A-Z(“"']|$)  # 8.1 An action, 4 CIRCUMSTANCES (not "15 months")
      | \d{1,2}\.(?=[A-Z])                     # 10.Northshire: list numbers that lost their space
      | \(?[a-zA-Z]\)[ \t]                     # a)  (b)
      | [a-z]\.[ \t]                           # a.
      | \(?(?:[ivx]{1,5}|[IVX]{1,5})[.)][ \t]  # iv.  (ii)
      | (?:Recommendation|Concern|Action)s?[ \t]+\d  # Recommendation 1
      | R\d{1,3}\b                             # R1
    )""",
    re.VERBOSE,
)
_LINE = re.compile(r"\f|[^\n\f]+\n?|\n")  # a page break is a line of its own


def clean(source: SourceText) -> CleanText:
    """Clean a reader's text; the result's offsets map back into `source.text`."""
    text = MappedText.identity(source.text)
    text = normalise_characters(text)
    # Word files, web pages and spreadsheets carry their own paragraphs: no page furniture, no hard wraps.
    structured = source.format in ("docx", "html", "xlsx", "xls", "ods", "csv")
    if not structured:
        text = remove_page_furniture(text)
    text = flatten_markdown_tables(text)
    text = strip_html(text)
    text = strip_markdown(text)
    text = join_hyphenated_words(text)
    text = split_glued_words(text)
    if not structured:
        # A table's cells are kept apart: no line is joined across the edge of a cell.
        edges = np.unique([x for table in source.tables for c in table.cells for x in (c.start, c.end)])
        text = unwrap_lines(text, edges)
        text = join_broken_paragraphs(text, edges)
    text = tidy_whitespace(text)
    return CleanText(
        text.text, text.offset_map(), _clean_pages(text, source.pages), _clean_tables(text, source.tables)
    )


def _clean_pages(text: MappedText, pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """Page spans in the clean text: a clean character belongs to the page its source character is on."""
    if not pages:
        return ()
    starts = np.searchsorted(text.origin, [page.start for page in pages]).tolist()
    ends = [*starts[1:], len(text.text)]
    return tuple(Page(p.number, s, e) for p, s, e in zip(pages, starts, ends, strict=True))


def _clean_tables(text: MappedText, tables: tuple[Table, ...]) -> tuple[Table, ...]:
    """Tables with each cell's span in the clean text (the clean characters whose source is in the cell) and
    its clean text; a cell cleaning removed entirely keeps an empty span where it stood."""
    if not tables:
        return ()
    cleaned = []
    for table in tables:
        bounds = np.searchsorted(text.origin, [x for c in table.cells for x in (c.start, c.end)]).tolist()
        cells = tuple(
            _clean_cell(text.text, cell, start, end)
            for cell, start, end in zip(table.cells, bounds[0::2], bounds[1::2], strict=True)
        )
        cleaned.append(replace(table, cells=cells))
    return tuple(cleaned)


def _clean_cell(text: str, cell: Cell, start: int, end: int) -> Cell:
    content = text[start:end]
    start += len(content) - len(content.lstrip())
    end = max(start, start + len(content.strip()))
    return replace(cell, text=text[start:end], start=start, end=end)


def title_of(clean_text: str, reader_title: str | None) -> str | None:
    """A display title: the file's own title unless it is a converter's placeholder, else the first line."""
    if reader_title and not re.search(r"^(microsoft word|untitled)|\.(docx?|pdf|rtf)$", reader_title, re.I):
        return reader_title.strip()[:200]
    for line in clean_text.splitlines():
        line = line.strip(" •")
        if sum(ch.isalpha() for ch in line) >= 4 and not line.lower().startswith(("http", "www.")):
            return line[:200]
    return None


def apply_rules(text: MappedText, rules: list[tuple[tuple[str, ...], re.Pattern[str], str]]) -> MappedText:
    """Apply each substitution whose trigger substring is present: a substring test is much faster than a
    regex scan, and most rules find nothing in most documents."""
    for triggers, pattern, replacement in rules:
        if any(trigger in text.text for trigger in triggers):
            text = text.sub(pattern, replacement)
    return text


# --- characters ---------------------------------------------------------------------------------------------

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LIGATURE = re.compile("[" + "".join(_LIGATURES) + "]")
_CARRIAGE_RETURN = re.compile(r"\r(?=\n)")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")
# Word's symbol-font bullets, which PDFs keep as private-use characters (Symbol U+F0B7, Wingdings squares,
# arrows, diamonds and ticks): a plain bullet.
SYMBOL_FONT_BULLETS = "\uf0b7\uf0a7\uf0a8\uf06e\uf071\uf075\uf076\uf0d8\uf0e0\uf0e8\uf0fc\uf0f0"
# One character for one: translated in place, so the offsets do not change.
_ONE_FOR_ONE = str.maketrans(
    {**dict.fromkeys("\r\u2028\u2029\v", "\n"), **dict.fromkeys("\t\u00a0\u202f\u205f\u3000", " ")}
    | {chr(c): " " for c in range(0x2000, 0x200B)}
    | dict.fromkeys(SYMBOL_FONT_BULLETS, "•")
)


_TRANSLATED = re.compile("[" + re.escape("".join(chr(c) for c in _ONE_FOR_ONE)) + "]")


def normalise_characters(text: MappedText) -> MappedText:
    if "\r" in text.text:
        text = text.sub(_CARRIAGE_RETURN, "")
    text = text.sub(_INVISIBLE, "")
    if _TRANSLATED.search(text.text):  # translate() is slow per character: only when there is work
        text = MappedText(text.text.translate(_ONE_FOR_ONE), text.origin)
    return text.sub(_LIGATURE, lambda m: _LIGATURES[m.group()])


# --- markdown tables ----------------------------------------------------------------------------------------

CELL_BREAK = "\x1e"  # between table cells: a line break that unwrapping and paragraph joins never remove
_TABLE_ROW_START = re.compile(r"^[ \t]*(?:[-*][ \t]*)?\|", re.MULTILINE)
_SEPARATOR_ROW = re.compile(r"^[\s|:\-]*$")


def flatten_markdown_tables(text: MappedText) -> MappedText:
    """`| a | b |` rows become a line per cell and a blank line after each row; separator rows go.

    A row may run over several lines (a cell holding a list) until a line ends with `|`.
    """
    edits: list[tuple[int, int, str]] = []
    for start, end in _table_rows(text.text):
        row = text.text[start:end]
        if _SEPARATOR_ROW.match(row):
            edits.append((start, end, ""))
            continue
        for match in re.finditer(r"(?<!\\)\|", row):
            first = not row[: match.start()].strip(" \t-*")
            last = not row[match.end() :].strip()
            if first:
                edits.append((start, start + match.end(), ""))
            elif last:
                edits.append((start + match.start(), end, "\n\n"))
            else:
                edits.append((start + match.start(), start + match.end(), CELL_BREAK))
    return text.edit(_merge_edits(edits))


def _table_rows(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    while (match := _TABLE_ROW_START.search(text, pos)) is not None:
        start = match.start()
        end = start
        while True:  # the row ends on the first line that ends with "|"
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            line = text[end:line_end].rstrip()
            end = line_end
            if line.endswith("|") or end >= len(text) or end - start > 20_000:
                break
            end += 1
        yield start, end
        pos = end + 1 if end < len(text) else end
        if pos >= len(text):
            return


def _merge_edits(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, literal in sorted(edits):
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end, literal))
    return merged


# --- HTML fragments -----------------------------------------------------------------------------------------

_BLOCK_TAGS = "p|div|br|tr|td|th|table|tbody|thead|ul|ol|h[1-6]|section|article|blockquote|hr|/li"
_INLINE_TAGS = "i|b|em|strong|u|span|sup|sub|a|font|small|big|mark|s|strike"
_UL_LIST = re.compile(r"<ul\b[^>]*>([^\n\x1e]*?)(?:</ul>|(?=[\n\x1e])|$)", re.IGNORECASE)
_DASH_ITEM = re.compile(r"(?:^|[ \t]+)-[ \t]*(?=\S)")
_HTML_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<(https?://[^\s<>]+|[\w.+-]+@[\w-]+\.[\w.-]+)>"), r"\1"),
    (re.compile(r"[ \t]*<li\b[^>]*>[ \t]*", re.IGNORECASE), "\n• "),
    # A run of block tags (and the spaces and line break around them) is one line break.
    (re.compile(rf"(?:</?(?:{_BLOCK_TAGS})\b[^>]*>[ \t]*\n?[ \t]*)+", re.IGNORECASE), "\n"),
    (re.compile(rf"</?(?:{_INLINE_TAGS})\b[^>]*>", re.IGNORECASE), ""),
]
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def strip_html(text: MappedText) -> MappedText:
    """Remove HTML tags left in converted text; a `<ul>` whose items are inline dashes becomes bullet lines."""
    if "<" not in text.text and "&" not in text.text:
        return text
    edits: list[tuple[int, int, str]] = []
    for match in _UL_LIST.finditer(text.text):
        body_start = match.start(1)
        for item in _DASH_ITEM.finditer(match.group(1)):
            edits.append((body_start + item.start(), body_start + item.end(), "\n• "))
    text = text.edit(_merge_edits(edits))
    for pattern, replacement in _HTML_RULES:
        text = text.sub(pattern, replacement)
    return text.sub(_ENTITY, lambda m: html.unescape(m.group()).replace("\\", "\\\\"))


# --- markdown -----------------------------------------------------------------------------------------------

_MARKDOWN_RULES: list[tuple[tuple[str, ...], re.Pattern[str], str]] = [
    (("](",), re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),  # images
    (("](",), re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|#)[^)\n]*\)"), r"\1"),  # links keep their text
    (("#",), re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE), ""),  # headings
    (
        ("---", "***", "___", "==="),
        re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,}|={3,})[ \t]*$", re.MULTILINE),
        "",
    ),
    (("**",), re.compile(r"\*\*"), ""),  # bold markers, paired or not
    (("__",), re.compile(r"(?<![\w])__(?=[^\W_])|(?<=[^\W_])__(?![\w])"), ""),
    (("*",), re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),  # *emphasis*
    (("\\",), re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),  # markdown escapes
]
# A converter's bullet in front of a number ("- 1. Introduction") is not a bullet of the document's own.
_BULLET_BEFORE_NUMBER = re.compile(
    r"^([ \t]*)[-*+][ \t]+(?=" + LIST_MARKER.pattern + ")", re.MULTILINE | re.X
)
_BULLET = re.compile(r"^([ \t]*)[-*+•▪◦●■➢►][ \t]*(?=\S)", re.MULTILINE)


def strip_markdown(text: MappedText) -> MappedText:
    text = apply_rules(text, _MARKDOWN_RULES)
    text = text.sub(_BULLET_BEFORE_NUMBER, r"\1")
    return text.sub(_BULLET, r"\1• ")


# --- words --------------------------------------------------------------------------------------------------

_HYPHENATED = re.compile(r"\b([A-Za-z]+)-[ \t]*\n[ \t]*([a-z]+)\b")


def join_hyphenated_words(text: MappedText) -> MappedText:
    """`safe-\\nguarding` -> `safeguarding`; `multi-\\nagency` keeps its hyphen when the joined form is no
    word but both halves are."""
    if "-\n" not in text.text and not re.search(r"-[ \t]+\n", text.text):
        return text
    words = lexicon()

    def join(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        joined = (first + second).lower()
        if joined not in words and first.lower() in words and second in words:
            return r"\1-\2"
        return r"\1\2"

    return text.sub(_HYPHENATED, join)


# --- lines and paragraphs -----------------------------------------------------------------------------------

_END_OF_SENTENCE = tuple(".!?:;")


def _crosses_edge(text: MappedText, start: int, end: int, edges: np.ndarray | None) -> bool:
    """Whether joining text[:start] to text[end:] would join across a table cell's edge: an edge (a cell's
    source start or end) lies after the last character kept before the join and at or before the first after."""
    if edges is None or not len(edges) or start == 0 or end >= len(text.text):
        return False
    before, after = int(text.origin[start - 1]), int(text.origin[end])
    index = int(np.searchsorted(edges, before, side="right"))
    return index < len(edges) and int(edges[index]) <= after


def unwrap_lines(text: MappedText, edges: np.ndarray | None = None) -> MappedText:
    """Join hard-wrapped lines into paragraphs: a line break inside a paragraph becomes a space when the line
    before it is nearly full width, or the next line carries on in lower case. List items and headings stay."""
    lines = [(m.start(), m.group().rstrip("\n")) for m in _LINE.finditer(text.text) if m.group()]
    lengths = sorted(len(line.strip()) for _, line in lines if line.strip())
    if not lengths:
        return text
    width = lengths[int(0.8 * (len(lengths) - 1))]
    edits = []
    for (start, line), (next_start, next_line) in pairwise(lines):
        stripped, following = line.strip(), next_line.strip()
        if not stripped or not following or PAGE_BREAK in next_line:
            continue
        if LIST_MARKER.match(next_line) or stripped.endswith(":"):
            continue
        full = (
            width >= 40
            and len(stripped) >= 0.75 * width
            and not stripped.isupper()
            and not stripped.endswith(_END_OF_SENTENCE)
        )
        carries_on = not stripped.endswith(_END_OF_SENTENCE) and (
            following[0].islower() or (following[0].isdigit() and stripped[-1].islower())
        )
        if full or carries_on:
            end_of_text = start + len(line.rstrip())
            start_of_next = next_start + len(next_line) - len(next_line.lstrip())
            if not _crosses_edge(text, end_of_text, start_of_next, edges):
                edits.append((end_of_text, start_of_next, " "))
    return text.edit(edits)


# A blank line or a page break, with the white space after it (the pattern starts with a literal: fast to find).
_PARAGRAPH_GAP = re.compile(r"\n(?:[ \t]*\n)+[ \t]*|\f\s*")


def join_broken_paragraphs(text: MappedText, edges: np.ndarray | None = None) -> MappedText:
    """Join a paragraph split by a blank line or a page break in mid-sentence ("the Panel\\n\\nwas established",
    "carried out by the\\n\\nGP service"): the first part ends in lower case or with a word that cannot end a
    sentence, and the second is no list item."""
    source = text.text
    edits = []
    for match in _PARAGRAPH_GAP.finditer(source):
        gap_start = match.start()
        while gap_start > 0 and source[gap_start - 1] in " \t\n\f":
            gap_start -= 1
        if gap_start == 0 or match.end() == len(source):
            continue
        line_start = max(source.rfind("\n", 0, gap_start), source.rfind(PAGE_BREAK, 0, gap_start)) + 1
        before = source[line_start:gap_start]
        after = source[match.end() : match.end() + 40]
        last_word = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
        mid_sentence = before[-1].islower() or before[-1] == ","
        continues = (mid_sentence and after[:1].islower()) or (
            last_word in CONTINUING_WORDS and len(before) >= 30 and after[:1].isalnum()
        )
        joined = continues and not LIST_MARKER.match(after) and len(before) >= 20
        if joined and not _crosses_edge(text, gap_start, match.end(), edges):
            edits.append((gap_start, match.end(), " "))
    return text.edit(_merge_edits(edits))


# (substrings of which one must be present for the rule to apply, pattern, replacement); tabs are spaces by now.
_WHITESPACE_RULES: list[tuple[tuple[str, ...], re.Pattern[str], str]] = [
    (("\x1e",), re.compile(r"\s*\x1e\s*"), "\n"),
    (("\f",), re.compile(r" *\f[ \n\f]*"), "\n\n"),
    (("  ",), re.compile(r"  +"), " "),
    ((" \n",), re.compile(r" +(?=\n)"), ""),
    (("\n ",), re.compile(r"\n +"), "\n"),
    (("•",), re.compile(r"^• *$\n?", re.MULTILINE), ""),  # bullets with nothing after them
    (("\n\n\n",), re.compile(r"\n{3,}"), "\n\n"),
]


def tidy_whitespace(text: MappedText) -> MappedText:
    text = apply_rules(text, _WHITESPACE_RULES)
    leading = len(text.text) - len(text.text.lstrip())
    trailing = len(text.text.rstrip())
    return text.edit([(0, leading, ""), (max(trailing, leading), len(text.text), "")])
