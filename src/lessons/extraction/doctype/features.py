"""A text's features for the document-type model: the value of every cue in `cues.py` and a few layout
measures, each a number in [0, 1], with the words each cue matched (a decision's evidence).

Regions are bounded so that a feature means the same on a 1,500-character opening and on a 100-page report:
what a document is shows in its title block and first pages; a letter's sign-off is read at its end."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lessons.extraction.doctype.cues import CONJUNCTIONS, CUES, HELPER_CUES, Pattern, Region

OPENING_CHARS = 2_000  # the labelled openings are 500-2,000 characters: full documents are read as far
SIGN_OFF_CHARS = 1_500
_TITLE_LINES = 8
_TITLE_CHARS = 500
_TITLE_LINE_MAX = 150  # a longer line is prose or a flattened page: only its capitalised start can be a title
_EVIDENCE_CHARS = 60

LAYOUT_FEATURES: dict[str, str] = {
    "layout_title_lines": "a title block",  # short title lines, up to 5
    "layout_title_capitalised": "a capitalised title block",  # share of title lines in Title Case or CAPITALS
    "layout_short_lines": "short lines",  # share of the opening's lines under 60 characters
    "layout_contents_lines": "contents entries",  # lines with dot leaders or page numbers
    "layout_bullets": "bullet points",  # share of the opening's lines that are bullets
    "layout_first_person": "first person",  # "I" per 1,000 characters, capped at 4
}
FEATURE_NAMES: tuple[str, ...] = (
    tuple(cue.name for cue in CUES if cue.name not in HELPER_CUES)
    + tuple(conjunction.name for conjunction in CONJUNCTIONS)
    + tuple(LAYOUT_FEATURES)
)
DESCRIPTIONS: dict[str, str] = (
    {cue.name: cue.description for cue in CUES}
    | {conjunction.name: conjunction.description for conjunction in CONJUNCTIONS}
    | LAYOUT_FEATURES
)

_CONTENTS_HEADING = re.compile(r"(?:Table\s+of\s+)?Contents?\b|(?:List\s+of\s+Contents|Index)\s*:?\s*$", re.I)
# A line that starts the body: the title block has ended.
_SECTION_START = re.compile(
    r"\d+(?:\.\d+)*\.?\s+[A-Z]|(?:Introduction|Preface|Foreword|Acknowledgements?|Background|Purpose|Glossary"
    r"|Summary|In\s+Brief)\b(?!\s+(?:Report|to\s+the))",
    re.I,
)
# Words and marks a title may have in lower case ("Review into the death of ..."): single-character marks are
# given as one string.
_CONNECTORS = frozenset(
    {"of", "the", "and", "in", "into", "for", "to", "on", "a", "an", "by", "from", "with", "at", "or"}
) | frozenset("&–-—:/‘’'“”\"()")
_WORD = re.compile(r"[\w’'&–—:/()‘“”\"-]+")
# A line with dot leaders or ending in a page number (one match per line: the scan starts at a line start).
_CONTENTS_ENTRY = re.compile(r"^[^\n]*?(?:\.{4}|…{2}|[ \t]\d{1,3}[ \t]*$)", re.M)
_BULLET = re.compile(r"^[ \t]*(?:[•▪●◦·*o-]|\(?[a-z]\))[ \t]", re.M)
_FIRST_PERSON = re.compile(r"\bI\b")


@dataclass(frozen=True)
class Features:
    """Feature values by name, for each cue that matched the words it matched, and the title block read."""

    values: dict[str, float]
    matched: dict[str, str]
    title: str


def document_features(text: str) -> Features:
    """The cue and layout features of `text` (clean text: a whole document or its opening)."""
    opening = text[:OPENING_CHARS]
    title = title_block(opening)
    sign_off = opening if len(text) <= OPENING_CHARS else opening + "\n" + text[-SIGN_OFF_CHARS:]
    regions: dict[Region, str] = {"title": title, "opening": opening, "sign_off": sign_off}
    lowered = {name: region.lower() for name, region in regions.items()}
    values: dict[str, float] = {}
    matched: dict[str, str] = {}
    for cue in CUES:
        region, lower = regions[cue.region], lowered[cue.region]
        found: list[str] = []
        for pattern in cue.patterns:
            if not any(needle in lower for needle in pattern.needles):
                continue  # no match can exist: skip the scan
            matches = _matches(pattern, region, lower)
            if cue.saturation == 1:
                match = next(matches, None)
                if match:
                    found.append(match.group())
                    break
            else:
                for match in matches:
                    found.append(match.group())
                    if len(found) >= 4 * cue.saturation and len(set(found)) >= cue.saturation:
                        break  # saturated: the rest cannot change the value
        distinct = list(dict.fromkeys(" ".join(f.split())[:_EVIDENCE_CHARS] for f in found))
        values[cue.name] = min(len(distinct), cue.saturation) / cue.saturation
        if distinct:
            matched[cue.name] = "', '".join(distinct[: cue.saturation])
    for conjunction in CONJUNCTIONS:
        first, second = conjunction.first, conjunction.second
        value = min(max(values[cue] for cue in first), max(values[cue] for cue in second))
        values[conjunction.name] = value
        if value:
            matched[conjunction.name] = "', '".join(
                matched[cue] for cue in (*first, *second) if cue in matched
            )
    values.update(_layout(opening, title))
    return Features(values, matched, title)


def _matches(pattern: Pattern, region: str, lower: str) -> Iterator[re.Match[str]]:
    """The pattern's matches in `region` (`lower` is it lower-cased), scanning only near its needles when it
    has a window."""
    if pattern.window is None or len(lower) != len(region):
        yield from pattern.regex.finditer(region)
        return
    stretches: list[tuple[int, int]] = []
    for needle in pattern.needles:
        at = lower.find(needle)
        while at >= 0:
            stretches.append((max(0, at - pattern.window), at + len(needle) + pattern.window))
            at = lower.find(needle, at + 1)
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(stretches):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    for start, stop in merged:
        yield from pattern.regex.finditer(region, start, min(stop, len(region)))


def title_block(opening: str) -> str:
    """The lines a document opens with, before its prose, contents list or first section: where it names
    itself. A long first line (a flattened title page, or prose) gives only its capitalised start."""
    lines: list[str] = []
    size = 0
    for raw in opening.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _CONTENTS_HEADING.match(line) or (lines and _SECTION_START.match(line)):
            break
        if len(line) > _TITLE_LINE_MAX or _is_sentence(line):
            start = _capitalised_start(line) if not lines and len(line) > _TITLE_LINE_MAX else ""
            if len(start.split()) >= 3:
                lines.append(start)
            break
        lines.append(line)
        size += len(line)
        if len(lines) >= _TITLE_LINES or size >= _TITLE_CHARS:
            break
    return "\n".join(lines)


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= 12 and line.rstrip("”\"’'").endswith((".", ":"))


def _capitalised_start(line: str) -> str:
    """The words of `line` before its first lower-case word that is not a connector: the title of a flattened
    title page ("SERIOUS CASE REVIEW THE MURDER OF ... PUBLIC SUMMARY REPORT This report is ...")."""
    words = []
    for word in line.split()[:40]:
        if word[:1].islower() and word.lower() not in _CONNECTORS:
            break
        words.append(word)
    return " ".join(words)


def _layout(opening: str, title: str) -> dict[str, float]:
    lines = [line.strip() for line in opening.splitlines() if line.strip()] or [""]
    title_lines = title.splitlines()
    return {
        "layout_title_lines": min(len(title_lines), 5) / 5,
        "layout_title_capitalised": (
            sum(1 for line in title_lines if _is_capitalised(line)) / len(title_lines) if title_lines else 0.0
        ),
        "layout_short_lines": sum(1 for line in lines if len(line) < 60) / len(lines),
        "layout_contents_lines": min(len(_CONTENTS_ENTRY.findall(opening)), 4) / 4,
        "layout_bullets": len(_BULLET.findall(opening)) / len(lines),
        "layout_first_person": min(len(_FIRST_PERSON.findall(opening)) / max(len(opening), 1) * 1000, 4) / 4,
    }


def _is_capitalised(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if w.lower() not in _CONNECTORS and w[:1].isalpha()]
    return bool(words) and sum(1 for w in words if w[:1].isupper()) / len(words) >= 0.75
