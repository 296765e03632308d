"""Text that remembers where each character came from.

Cleaning rewrites text many times; `MappedText` carries, for every character of the current text, the offset of
the source character it came from, so any span of the cleaned text can be cited in the original. `OffsetMap` is
the compact stored form: runs where clean and source offsets advance together.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Replacement = str | Callable[[re.Match[str]], str]
_GROUP_REF = re.compile(r"\\(\d)")


@dataclass(frozen=True)
class OffsetMap:
    """Clean-text offset -> source-text offset, as runs starting at `clean_starts[i]` / `source_starts[i]`."""

    clean_starts: tuple[int, ...]
    source_starts: tuple[int, ...]
    clean_length: int

    def to_source(self, offset: int) -> int:
        if not self.clean_starts:
            return 0
        offset = min(max(offset, 0), self.clean_length)
        i = bisect_right(self.clean_starts, offset) - 1
        return self.source_starts[i] + (offset - self.clean_starts[i])

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """The source span of clean span [start, end): from its first character to just after its last."""
        if end <= start:
            point = self.to_source(start)
            return point, point
        return self.to_source(start), self.to_source(end - 1) + 1

    def to_json(self) -> list[list[int]]:
        return [[c, s] for c, s in zip(self.clean_starts, self.source_starts, strict=True)] + [
            [self.clean_length, -1]
        ]

    @classmethod
    def from_json(cls, runs: list[list[int]]) -> OffsetMap:
        *pairs, (length, _) = runs
        return cls(tuple(p[0] for p in pairs), tuple(p[1] for p in pairs), length)


class MappedText:
    """A string plus, per character, the source offset it came from."""

    __slots__ = ("origin", "text")

    def __init__(self, text: str, origin: array[int]) -> None:
        self.text = text
        self.origin = origin

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, array("q", range(len(text))))

    def sub(self, pattern: re.Pattern[str], replacement: Replacement) -> MappedText:
        """Like `re.sub`, keeping origins: text kept by a group reference (\\1) keeps its own offsets;
        literal replacement characters point at the start of the match."""
        edits = []
        for match in pattern.finditer(self.text):
            template = replacement(match) if callable(replacement) else replacement
            edits.append((match, template))
        if not edits:
            return self
        parts: list[str] = []
        origin = array("q")
        pos = 0
        for match, template in edits:
            parts.append(self.text[pos : match.start()])
            origin.extend(self.origin[pos : match.start()])
            cursor = match.start()
            pieces = _GROUP_REF.split(template) if "\\" in template else [template]
            for index, piece in enumerate(pieces):
                if index % 2:  # a group reference
                    start, end = match.span(int(piece))
                    if start >= 0:
                        parts.append(self.text[start:end])
                        origin.extend(self.origin[start:end])
                        cursor = end
                elif piece:
                    # Literal text points at the source just after what precedes it: origins stay sorted.
                    parts.append(piece)
                    origin.extend([self._origin_at(cursor)] * len(piece))
            pos = match.end()
        parts.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return MappedText("".join(parts), origin)

    def _origin_at(self, index: int) -> int:
        if index < len(self.origin):
            return self.origin[index]
        return self.origin[-1] + 1 if self.origin else 0

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> MappedText:
        """Replace spans [start, end) by literal text (sorted, non-overlapping)."""
        parts: list[str] = []
        origin = array("q")
        pos = 0
        for start, end, literal in edits:
            parts.append(self.text[pos:start])
            origin.extend(self.origin[pos:start])
            if literal:
                parts.append(literal)
                origin.extend([self._origin_at(start)] * len(literal))
            pos = end
        parts.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return MappedText("".join(parts), origin)

    def offset_map(self) -> OffsetMap:
        clean_starts: list[int] = []
        source_starts: list[int] = []
        previous = -2
        for i, source in enumerate(self.origin):
            if source != previous + 1:
                clean_starts.append(i)
                source_starts.append(source)
            previous = source
        return OffsetMap(tuple(clean_starts), tuple(source_starts), len(self.text))
