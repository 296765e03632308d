"""A coroner's matters of concern: the items of a PFD report's "CORONER'S CONCERNS" section, without the
template's own sentences, as the report was typed, converted from a web page or read by OCR.

Conventions: items are numbered ("1.", "(1)"), lettered or bulleted (•, ·, and Word's symbol-font bullets,
which cleaning maps to •); a web page often drops the numbers of the first items, so paragraphs before the
first number are items too; a heading line goes with the paragraph under it. OCR loses a list number's digit
(". The Trust has ...") or reads "(1)" as "(I)" or "(l)", and breaks a sentence over lines.
"""

from __future__ import annotations

import re

from lessons.extraction.lines import Line, join_text, span_of
from lessons.extraction.records import Concern
from lessons.models import Page

# The template's own sentences in the concerns section (and ones that stray there from the sections after it:
# "ACTION SHOULD BE TAKEN", "YOUR RESPONSE", "COPIES and PUBLICATION"): not
# matters of concern. Each is a whole sentence, so the matters written after it on the same line are kept.
# OCR often loses a sentence's "I" ("The issue about which have concern", "am also under a duty").
_BOILERPLATE = re.compile(
    r"\s*(?:During\s+the\s+course\s+of\s+(?:the|these|this|my)\s+(?:inquests?|investigations?)\b[^.]*?\b"
    r"rise\s+to\s+(?:a\s+)?concerns?\b[^.]*\.|"
    r"In\s+my\s+opinion,?\s+there\s+is\s+a\s+risk\s+that\s+future\s+deaths\b[^.]*\.|"
    r"In\s+the\s+circumstances,?\s+it\s+is\s+my\s+statutory\s+duty\s+to\b[^.]*\.|"
    r"(?:The\s+)?MATTERS?\s+OF\s+CONCERN\s+(?:is|are)\s+as\s+follows\s*[.:;]?\s*[–—-]?|"
    r"The\s+issue\s+about\s+which\s+(?:[I|l1]\s+)?have\s+(?:a\s+)?concern\s+is\b[^.]*\.|"
    r"\(?brief\s+summary\s+of\s+matters\s+of\s+concern\)?|"
    r"Your\s+response\s+must\s+contain\s+details\s+of\s+action\b[^.]*\.(?:\s*Otherwise[^.]*\.)?|"
    r"(?:(?:You|[I|l1])\s+)?(?:am|are)\s+(?:also\s+)?under\s+a\s+duty\s+to\s+(?:send|respond)\b[^.]*\.|"
    r"[I|l1],?\s+the\s+coroner,?\s+may\s+extend\s+the\s+period\.|"
    r"In\s+my\s+opinion,?\s+action\s+should\s+be\s+taken\s+to\s+prevent\s+future\s+deaths\b[^.]*\.)\s*",
    re.I,
)
_BOILERPLATE_AT_END = re.compile(rf"(?:{_BOILERPLATE.pattern})$", re.I)
# The template's lead-in ends "... it is my statutory duty to report to you."; where a coroner writes more
# before that sentence (what the evidence showed), the matters of concern are still what follows it.
_PREAMBLE_END = re.compile(r"statutory\s+duty\s+to\s+report\s+to\s+you\.?", re.I)
_MATTERS = re.compile(r"MATTERS\s+OF\s+CONCERN\s+(?:is|are)\s+as\s+follows[.:]?\s*[–—-]?\s*", re.I)
# "(1) ... (2) ..." within one paragraph; OCR reads a "1" as "I", "l" or "|".
# (The marker comes first, so a scan finds it fast; what stands before it is checked in `_inline_concerns`.)
_INLINE_NUMBER = re.compile(r"\((?P<paren>\d{1,2}|[Il|])\)\s+(?=[A-Z])|(?P<num>\d{1,2})[.)]\s+(?=[A-Z])")
# A list marker OCR has damaged: the digit lost (". The Trust"), "(1)" read as "(I)" or "(l)", "1." as "l.".
_OCR_MARKER = re.compile(
    r"^(?:(?P<lost>[.,:;])|\(\s*(?P<paren>[Il|]|[IVX]{1,4})\s*\)|(?P<dot>[l|]|[IVX]{1,4})[.)])\s+(?=[A-Z])"
)
_OCR_ONE = {"I", "l", "|"}
_SENTENCE_END_AT_LINE_END = re.compile(r"[.!?:;][\"'”’)]*$")


def extract_concerns(lines: list[Line], pages: tuple[Page, ...]) -> list[Concern]:
    """Each matter of concern in the concerns section's lines: a numbered or bulleted item with the
    paragraphs that follow it; before any number, each paragraph (a heading line kept with the paragraph
    under it). Numbers inline in one paragraph ("(1) ... (2) ...") are split there."""
    content = [kept for line in _after_preamble(_rejoin_wrapped(lines)) if (kept := _without_template(line))]
    inline = _inline_concerns(content, pages)
    if inline:
        return inline
    items: list[tuple[str | None, int, list[Line]]] = []  # number, start (with the marker), lines
    listed = heading_only = False
    for line in content:
        marker = _item_marker(line)
        if marker is not None:
            items.append((marker[0], line.start, [marker[1]]))
            listed, heading_only = True, False
        elif not (listed or heading_only) or not items:
            items.append((None, line.start, [line]))
            heading_only = _is_heading(line)
        else:
            items[-1][2].append(line)
            heading_only = False
    arabic = any(number and number.isdigit() for number, _, _ in items)
    concerns = []
    for number, start, item in items:
        text = join_text([line.text for line in item])
        if number in _OCR_ONE and arabic:
            number = "1"
        if text:
            concerns.append(Concern(number, text, span_of(start, item[-1].end, pages)))
    return concerns


def _item_marker(line: Line) -> tuple[str | None, Line] | None:
    """The item number (None for a bullet or a lost number) and the line without its marker, if the line
    starts a list item."""
    if line.number or line.is_bullet:
        body = line.body().lstrip()
        return line.number, Line(line.end - len(body), line.end, body)
    damaged = _OCR_MARKER.match(line.text)
    if damaged is None:
        return None
    body = line.text[damaged.end() :]
    return damaged.group("paren") or damaged.group("dot"), Line(line.end - len(body), line.end, body)


def _is_heading(line: Line) -> bool:
    """A short line without a sentence ending: a concern's title, kept with the paragraph under it."""
    return len(line.text.split()) <= 15 and not _SENTENCE_END_AT_LINE_END.search(line.text)


def _rejoin_wrapped(lines: list[Line]) -> list[Line]:
    """Lines broken mid-sentence (OCR of a table cell, a hard-wrapped page) joined again: a line that does not
    end a sentence, followed by one that starts in lower case."""
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and line.text[:1].islower()
            and not _SENTENCE_END_AT_LINE_END.search(previous.text)
            and not (line.number or line.is_bullet)
        ):
            joined[-1] = Line(previous.start, line.end, f"{previous.text} {line.text}")
        else:
            joined.append(line)
    return joined


def _after_preamble(lines: list[Line]) -> list[Line]:
    for index, line in enumerate(lines):
        end = _PREAMBLE_END.search(line.text)
        if end is None:
            continue
        rest = line.text[end.end() :].strip()
        after = [Line(line.end - len(rest), line.end, rest)] if rest else []
        after += lines[index + 1 :]
        return after if any(_without_template(later) for later in after) else lines
    return lines


def _without_template(line: Line) -> Line | None:
    """The line without the template's sentences at its start or end; None if nothing else is left."""
    start, end = line.start, line.end
    text = line.text
    while (match := _BOILERPLATE.match(text)) and match.end() > 0:
        start += match.end()
        text = text[match.end() :]
    while text and _ends_in_template(text) and (match := _BOILERPLATE_AT_END.search(text)):
        end -= len(text) - match.start()
        text = text[: match.start()]
    if not re.search(r"\w", text):
        return None
    return Line(start, end, text)


# Words from each of the template's sentences: a cheap test before the (slow, unanchored) search for one at
# the end of a line.
_TEMPLATE_WORDS = (
    "during the course",
    "future deaths",
    "statutory duty",
    "of concern",
    "issue about which",
    "your response must",
    "under a duty",
    "extend the period",
)


def _ends_in_template(text: str) -> bool:
    lowered = text.lower()
    return any(words in lowered for words in _TEMPLATE_WORDS)


def _inline_concerns(lines: list[Line], pages: tuple[Page, ...]) -> list[Concern]:
    """Concerns numbered within one paragraph: "... as follows. (1) Officers were ... (2) There was ..."."""
    for line in lines:
        text = line.text
        numbers = [
            m for m in _INLINE_NUMBER.finditer(text) if m.start() == 0 or text[m.start() - 1].isspace()
        ]
        if len(numbers) < 2:
            continue
        marker = _MATTERS.search(text)
        if marker is not None:
            numbers = [m for m in numbers if m.start() >= marker.end()]
        written = [m.group("paren") or m.group("num") for m in numbers]
        found = ["1" if n in _OCR_ONE and i == 0 else n for i, n in enumerate(written)]
        if len(numbers) >= 2 and found == [str(n) for n in range(1, len(numbers) + 1)]:
            ends = [m.start() for m in numbers[1:]] + [len(line.text)]
            return [
                Concern(
                    number,
                    line.text[m.end() : end].strip(),
                    span_of(line.start + m.end(), line.start + end, pages),
                )
                for number, m, end in zip(found, numbers, ends, strict=True)
            ]
    return []
