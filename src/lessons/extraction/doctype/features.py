"""A text's features for the document-type model: the value of every cue in `cues.py`, each a number in
[0, 1], with the words each cue matched (a decision's evidence).

Regions are bounded so that a feature means the same on a 1,500-character opening and on a 100-page report:
what a document is shows in its title block and first pages; a letter's sign-off is read at its end.

No layout measures (share of short lines, of capitalised title lines, of contents entries, bullets): they
tell more about how a text was extracted (a PDF's lines, a web page flattened into one paragraph) than about
what it is, and cross-validation on the labelled openings gains 2.5 points without them. The layout a type
has shows through named cues instead (a contents list, the PFD template's headings, minutes' layout)."""

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

FEATURE_NAMES: tuple[str, ...] = tuple(cue.name for cue in CUES if cue.name not in HELPER_CUES) + tuple(
    conjunction.name for conjunction in CONJUNCTIONS
)
DESCRIPTIONS: dict[str, str] = {cue.name: cue.description for cue in CUES} | {
    conjunction.name: conjunction.description for conjunction in CONJUNCTIONS
}

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
# The last line of the national case review repository's cover page, which precedes many reviews' own title
# page ("This report is published by the NSPCC ... Copyright of this report remains with the commissioning LSCB.").
_REPOSITORY_COVER_END = re.compile(r"Copyright\s+of\s+this\s+report\s+remains\s+with\b[^\n]*", re.I)
_COVER_CHARS = 1_500
# Verbs that follow a sentence's subject: a flattened title page's title is not followed by one.
_FINITE_VERBS = frozenset({"has", "have", "had", "is", "are", "was", "were", "will", "said", "says"})
_SENTENCE_OPENERS = frozenset({"the", "a", "an", "from", "in", "on", "following", "after", "during", "since"})


@dataclass(frozen=True)
class Features:
    """Feature values by name, for each cue that matched the words it matched, and the title block read."""

    values: dict[str, float]
    matched: dict[str, str]
    title: str


def document_features(text: str) -> Features:
    """The cue features of `text` (clean text: a whole document or its opening)."""
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
                    if cue.every_match and len(found) >= cue.saturation:
                        break  # saturated: the rest cannot change the value
                    if len(found) >= 4 * cue.saturation and len({f.lower() for f in found}) >= cue.saturation:
                        break
        # distinct regardless of case: "Serious Case Review" and "SERIOUS CASE REVIEW" are one name
        by_key: dict[str, str] = {}
        for f in found:
            words = " ".join(f.split())[:_EVIDENCE_CHARS]
            by_key.setdefault(words.lower(), words)
        distinct = list(by_key.values())
        count = len(found) if cue.every_match else len(distinct)
        values[cue.name] = min(count, cue.saturation) / cue.saturation
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
    itself. A long first line (a flattened title page, or prose) gives only its capitalised start. Behind the
    case review repository's cover ("Published by the NSPCC ... Copyright of this report remains with ...")
    the document's own title page follows: its title block is read too."""
    title = _block(opening)
    cover_end = _REPOSITORY_COVER_END.search(opening, 0, _COVER_CHARS)
    if cover_end is None:
        return title
    own = _block(opening[cover_end.end() :])
    return f"{title}\n{own}" if title and own else title or own


def _block(text: str) -> str:
    lines: list[str] = []
    size = 0
    for raw in text.splitlines():
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
    words: list[str] = []
    for word in line.split()[:40]:
        if word[:1].islower() and word.lower() not in _CONNECTORS:
            if word in _FINITE_VERBS and words and words[0].lower() in _SENTENCE_OPENERS:
                return ""  # the capitalised words are a sentence's subject: "The X Board has today published ..."
            break
        words.append(word)
    return " ".join(words)
