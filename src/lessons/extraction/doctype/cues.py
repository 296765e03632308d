"""The named cues the document-type model reads, loaded from the one table that defines them (`cues.toml`):
conventions that recur across real documents of each type, each looked for in one region of a text, and the
conjunctions of two cues that make a convention together. `features.py` turns a text into their values and
`train.py` learns their weights."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal, cast

Region = Literal["title", "opening", "sign_off"]
REGIONS: tuple[Region, ...] = ("title", "opening", "sign_off")
CUES_FILE = "cues.toml"


@dataclass(frozen=True)
class Pattern:
    needles: tuple[str, ...]  # lower-case substrings one of which every match contains: tested first
    regex: re.Pattern[str]
    # When set, every match lies within this many characters of a needle, so only those stretches are
    # scanned: much faster for a long alternation whose needle is common ("... Review").
    window: int | None = None


@dataclass(frozen=True)
class Cue:
    """A convention looked for in one region; `description` reads as evidence: "author line: 'Lead Reviewer'"."""

    name: str
    region: Region
    description: str
    patterns: tuple[Pattern, ...]
    saturation: int = 1  # distinct matches counted up to this many (the feature is count / saturation)
    every_match: bool = False  # count every match, not only distinct ones (how often a voice speaks)


@dataclass(frozen=True)
class Conjunction:
    """Two cues together: one of `first` and one of `second`."""

    name: str
    description: str
    first: tuple[str, ...]
    second: tuple[str, ...]


def load_cues(text: str) -> tuple[tuple[Cue, ...], tuple[Conjunction, ...], frozenset[str]]:
    """The cues, conjunctions and helper cues a cue table (the TOML of `cues.toml`) defines."""
    data = tomllib.loads(text)
    fragments: dict[str, str] = data["fragments"]
    cues = tuple(_cue(entry, fragments) for entry in data["cue"])
    conjunctions = tuple(
        Conjunction(entry["name"], entry["description"], tuple(entry["first"]), tuple(entry["second"]))
        for entry in data["conjunction"]
    )
    helpers = frozenset(data["helpers"]["cues"])
    known = {cue.name for cue in cues}
    unknown = {n for c in conjunctions for n in (*c.first, *c.second)} | helpers
    if unknown - known:
        raise ValueError(f"{CUES_FILE} names cues it does not define: {sorted(unknown - known)}")
    return cues, conjunctions, helpers


def _cue(entry: dict[str, Any], fragments: dict[str, str]) -> Cue:
    if entry["region"] not in REGIONS:
        raise ValueError(f"{CUES_FILE}: cue {entry['name']}: region must be one of {REGIONS}")
    patterns = []
    for pattern in entry["pattern"]:
        regex = pattern["regex"]
        for name, fragment in fragments.items():
            regex = regex.replace("{" + name + "}", fragment)
        flags = re.M | re.X if pattern.get("case") else re.M | re.X | re.I
        needles = tuple(pattern["needles"].split("|"))
        patterns.append(Pattern(needles, re.compile(regex, flags), pattern.get("window")))
    return Cue(
        entry["name"],
        cast(Region, entry["region"]),
        entry["description"],
        tuple(patterns),
        entry.get("saturation", 1),
        entry.get("every_match", False),
    )


CUES, CONJUNCTIONS, HELPER_CUES = load_cues(
    resources.files("lessons.extraction.doctype").joinpath(CUES_FILE).read_text(encoding="utf-8")
)
