"""The clean text as lines with offsets, and what each line looks like: heading, list item, bullet."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lessons.extraction.records import Span
from lessons.models import Page

# "1." "1)" "8.1" "2.3.4" "(a)" "a)" "iv." "R1" "Recommendation 1." at the start of a line.
NUMBER = re.compile(
    r"""^(?:
        (?P<num>\d{1,3}(?:\.\d{1,3})*)(?:[.)]\s*|\s+)(?=\S)
      | \((?P<paren>[a-z0-9]{1,3})\)\s+
      | (?P<letter>[a-z])[.)]\s+
      | (?P<roman>(?:i{1,3}|iv|v|vi{1,3}|ix|x))[.)]\s+
      | R(?P<r>\d{1,3})[.:)]?\s+
    )""",
    re.VERBOSE,
)
_WORD_NUMBERS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
LABELLED = re.compile(
    rf"^(?:Recommendation|Rec\.?)\s+(?P<num>\d{{1,3}}(?:\.\d{{1,3}})*|{_WORD_NUMBERS})\b\s*[.:)–-]?\s*",
    re.IGNORECASE,
)
BULLET = re.compile(r"^(?:[•▪◦●■□➢►✓·–-]\s*|o\s+)")  # "o " (Word's second-level bullet), not "once"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_MODAL = re.compile(r"\b(?:should|must|shall|will|needs?\s+to|ought\s+to)\b", re.I)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def number(self) -> str | None:
        """The list number the line starts with, as written ("8.1", "a", "R1" -> "1")."""
        match = LABELLED.match(self.text) or NUMBER.match(self.text)
        if match is None:
            return None
        return next((v for v in match.groupdict().values() if v), None)

    def body(self) -> str:
        """The line without its list number or bullet."""
        for pattern in (LABELLED, NUMBER, BULLET):
            match = pattern.match(self.text)
            if match is not None:
                return self.text[match.end() :]
        return self.text

    @property
    def is_bullet(self) -> bool:
        return BULLET.match(self.text) is not None

    @property
    def is_heading(self) -> bool:
        """Short, no sentence ending, starts with a capital or a section number."""
        text = self.body().strip() if self.number and not LABELLED.match(self.text) else self.text.strip()
        if not text or len(text) > 90 or self.is_bullet:
            return False
        if _SENTENCE_END.search(text) or text.endswith((",", ";")):
            return False
        words = text.split()
        if _MODAL.search(text):  # "5. Staff should be reminded ..." is an item, whatever its length
            return False
        return len(words) <= 12 and (text[0].isupper() or text[0].isdigit())


def split_lines(text: str) -> list[Line]:
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            lines.append(Line(start, start + len(stripped), stripped))
    return lines


def lower_case(text: str) -> str:
    """The text in lower case, character for character (so that offsets still hold)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" lowers to two characters


def span_of(start: int, end: int, pages: tuple[Page, ...]) -> Span:
    page = next((p.number for p in pages if p.start <= start < p.end), None)
    return Span(start, end, page)


def join_text(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def blank_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with the characters in `spans` made spaces (line breaks kept), so that offsets stay put: an
    action plan's rows, whose dates are targets and whose organisations are leads, not the document's own."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for at in range(start, min(end, len(chars))):
            if chars[at] != "\n":
                chars[at] = " "
    return "".join(chars)
