"""Text that remembers where each character came from.

Cleaning rewrites text many times; `MappedText` carries, for every character of the current text, the offset of
the source character it came from, so any span of the cleaned text can be cited in the original. `OffsetMap` is
the compact stored form: runs where clean and source offsets advance together.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

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
    """A string plus, per character, the source offset it came from (a numpy int64 array)."""

    __slots__ = ("origin", "text")

    def __init__(self, text: str, origin: np.ndarray) -> None:
        self.text = text
        self.origin = origin

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, np.arange(len(text), dtype=np.int64))

    def sub(self, pattern: re.Pattern[str], replacement: Replacement) -> MappedText:
        """Like `re.sub`, keeping origins: text kept by a group reference (\\1) keeps its own offsets;
        literal replacement characters point at the source just after what precedes them."""
        if isinstance(replacement, str) and "\\" not in replacement:
            return self.edit((m.start(), m.end(), replacement) for m in pattern.finditer(self.text))
        parts: list[str] = []
        origins: list[np.ndarray] = []
        pos = 0
        for match in pattern.finditer(self.text):
            template = replacement(match) if callable(replacement) else replacement
            parts.append(self.text[pos : match.start()])
            origins.append(self.origin[pos : match.start()])
            cursor = match.start()
            pieces = _GROUP_REF.split(template) if "\\" in template else [template]
            for index, piece in enumerate(pieces):
                if index % 2:  # a group reference
                    start, end = match.span(int(piece))
                    if start >= 0:
                        parts.append(self.text[start:end])
                        origins.append(self.origin[start:end])
                        cursor = end
                elif piece:
                    # Literal text points at the source just after what precedes it: origins stay sorted.
                    parts.append(piece)
                    origins.append(np.full(len(piece), self._origin_at(cursor), dtype=np.int64))
            pos = match.end()
        if not parts:
            return self
        parts.append(self.text[pos:])
        origins.append(self.origin[pos:])
        return MappedText("".join(parts), np.concatenate(origins))

    def _origin_at(self, index: int) -> int:
        if index < len(self.origin):
            return int(self.origin[index])
        return int(self.origin[-1]) + 1 if len(self.origin) else 0

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> MappedText:
        """Replace spans [start, end) by literal text (sorted, non-overlapping)."""
        parts: list[str] = []
        origins: list[np.ndarray] = []
        pos = 0
        for start, end, literal in edits:
            parts.append(self.text[pos:start])
            origins.append(self.origin[pos:start])
            if literal:
                parts.append(literal)
                origins.append(np.full(len(literal), self._origin_at(start), dtype=np.int64))
            pos = end
        if not parts:
            return self
        parts.append(self.text[pos:])
        origins.append(self.origin[pos:])
        return MappedText("".join(parts), np.concatenate(origins))

    def offset_map(self) -> OffsetMap:
        if not len(self.origin):
            return OffsetMap((), (), 0)
        # A run starts wherever the source offset does not advance by exactly one.
        starts = np.flatnonzero(np.diff(self.origin, prepend=self.origin[0] - 2) != 1)
        return OffsetMap(tuple(starts.tolist()), tuple(self.origin[starts].tolist()), len(self.text))
