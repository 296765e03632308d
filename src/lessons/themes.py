"""Tagging: safeguarding practice themes and agencies for a text (a recommendation, a concern, a document).

Themes come from a taxonomy file (TOML; the shipped one is `data/themes.toml`) with stable ids, labels,
definitions and trigger phrases. Phrases match whole words, case-insensitively (acronyms exactly), with plurals,
British/US spellings and hyphen/space variants; a match in a negated clause ("no concerns about domestic abuse
were raised") does not count, and a hedged one ("possible neglect") counts less. Weak triggers (common words
such as "policy" or "father") count only two together or beside a trigger.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate
from pathlib import Path

from lessons.errors import LessonsError


class TaxonomyError(LessonsError):
    """A taxonomy file that cannot be used; the message lists every problem."""

    http_status = 422


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    group: str
    definition: str
    triggers: tuple[str, ...]
    weak_triggers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThemeTag:
    """A theme found in a text: its score, the words that decided it and where they are."""

    id: str
    score: float
    evidence: str
    start: int
    end: int


_ID = re.compile(r"^[HFP]\d\d_[a-z0-9_]+$|^[A-Z]{1,3}\d{1,3}_[a-z0-9_]+$")
_ACRONYM = re.compile(r"^[A-Z0-9&]{2,6}$")


@dataclass(frozen=True, eq=False)  # identity equality: a cheap hash for the per-taxonomy caches
class Taxonomy:
    themes: tuple[Theme, ...]

    @classmethod
    def load(cls, path: Path | str | None = None) -> Taxonomy:
        """The shipped taxonomy, or the user's file. Raises TaxonomyError listing every problem."""
        if path is None:
            data = tomllib.loads(resources.files("lessons").joinpath("data/themes.toml").read_text("utf-8"))
        else:
            try:
                data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as error:
                raise TaxonomyError(f"{path}: {error}") from None
        problems = check_taxonomy(data)
        if problems:
            raise TaxonomyError(f"{path or 'themes.toml'}: " + "; ".join(problems))
        themes = tuple(
            Theme(
                id=theme_id,
                label=entry["label"],
                group=entry["group"],
                definition=entry.get("definition", ""),
                triggers=tuple(entry.get("triggers", ())),
                weak_triggers=tuple(entry.get("weak_triggers", ())),
            )
            for theme_id, entry in data["themes"].items()
        )
        return cls(themes)

    def get(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)


def check_taxonomy(data: dict[str, object]) -> list[str]:
    """Every problem with a parsed taxonomy: missing fields, bad ids, no or empty triggers. A phrase may serve
    two themes (grooming: CSA and CSE)."""
    problems = []
    themes = data.get("themes")
    if not isinstance(themes, dict) or not themes:
        return ["no [themes.ID] tables"]
    for theme_id, entry in themes.items():
        if not _ID.match(theme_id):
            problems.append(f"{theme_id}: id must look like H01_neglect (letter, two digits, slug)")
        if not isinstance(entry, dict):
            problems.append(f"{theme_id}: not a table")
            continue
        for field in ("label", "group"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                problems.append(f"{theme_id}: missing {field}")
        triggers = [*entry.get("triggers", []), *entry.get("weak_triggers", [])]
        if not entry.get("triggers"):
            problems.append(f"{theme_id}: no triggers")
        for trigger in triggers:
            if not isinstance(trigger, str) or not trigger.strip():
                problems.append(f"{theme_id}: empty trigger")
    return problems


# --- matching -----------------------------------------------------------------------------------------------

_SPELLINGS = [  # British form -> a pattern that also takes the US one
    (re.compile(r"is(ation|e|ed|es|ing)\b"), r"i[sz]\1"),
    (re.compile(r"our\b"), "ou?r"),
    (re.compile(r"ae"), "a?e"),
    (re.compile(r"oe"), "o?e"),
]


def _phrase_pattern(phrase: str) -> str:
    words = re.findall(r"[\w&'’]+", phrase)
    parts = []
    for word in words:
        piece = re.escape(word)
        if not _ACRONYM.match(word):
            for british, either in _SPELLINGS:
                piece = british.sub(either, piece)
        parts.append(piece)
    if parts and re.search(r"[^aeiou]y$", parts[-1]):  # policy -> policies
        parts[-1] = parts[-1][:-1] + "(?:y|ies)"
    body = r"[\s\-–]*".join(parts) if len(parts) > 1 and "-" in phrase else r"[\s\-–]+".join(parts)
    return body + r"(?:s|es|'s|’s)?"


@dataclass(frozen=True)
class _Trigger:
    theme_id: str
    weak: bool
    pattern: re.Pattern[str]  # matched at a word start


_PLURAL = re.compile(r"(?:'s|’s|(?<=ss|ch|sh)es|(?<=x)es|(?<!s)s)$")


@lru_cache(maxsize=200_000)  # a text's words repeat: each is reduced once
def _key(word: str) -> str:
    """A word reduced so that its spellings and plural meet: "Paediatricians" and "pediatrician" -> "pediatrician"."""
    key = word.lower().replace("ae", "e").replace("oe", "e").replace("our", "or")
    key = re.sub(r"iz(ation|e|ed|ing)", r"is\1", key)
    if key.endswith("ies") and len(key) > 5:
        return key[:-3] + "y"
    return _PLURAL.sub("", key) if len(key) > 2 else key


@cache
def _index(taxonomy: Taxonomy) -> dict[str, tuple[_Trigger, ...]]:
    """Triggers by their first word, reduced by `_key`: each word of a text is looked up there, and only those
    few patterns are tried at it."""
    index: dict[str, list[_Trigger]] = {}
    for theme in taxonomy.themes:
        for weak, phrases in ((False, theme.triggers), (True, theme.weak_triggers)):
            for phrase in phrases:
                exact = bool(_ACRONYM.match(phrase.strip()))
                flags = 0 if exact else re.IGNORECASE
                trigger = _Trigger(theme.id, weak, re.compile(_phrase_pattern(phrase) + r"(?![\w])", flags))
                first = re.findall(r"[\w&]+", phrase)[0]
                index.setdefault(_key(first), []).append(trigger)
    # Longer phrases first at each word, so "domestic abuse" is preferred to "domestic".
    return {k: tuple(sorted(v, key=lambda t: -len(t.pattern.pattern))) for k, v in index.items()}


_WORD = re.compile(r"(?<![\w&'’])[\w&]+")


def _matches(text: str, taxonomy: Taxonomy) -> list[tuple[re.Match[str], _Trigger]]:
    index = _index(taxonomy)
    found = []
    for word in _WORD.finditer(text):
        for trigger in index.get(_key(word.group()), ()):
            match = trigger.pattern.match(text, word.start())
            if match is not None:
                found.append((match, trigger))
    return found


# A negation counts when at most two words stand between it and the theme's words.
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|nor|neither|denied|denies|absence\s+of|ruled\s+out|no\s+evidence\s+of|"
    r"no\s+(?:concerns?|indication|suggestion|history|reports?)\s+(?:about|regarding|of|around|that))"
    r"(?:\s+\S+){0,2}\s*$",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"\b(?:but|however|although|though)\b", re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(?:may|might|possible|possibly|potential|suspected|query|unclear whether)\b[^.;:]*$", re.I
)


# A text this short is one recommendation or concern: a single weak trigger ("training", "policy") is then
# what the item is about, where in a whole document it would be passing mention.
ITEM_LENGTH = 700


def tag_themes(text: str, taxonomy: Taxonomy) -> tuple[ThemeTag, ...]:
    """The themes `text` is about, best first."""
    hits: dict[str, list[tuple[re.Match[str], bool, float]]] = {}
    matches = _matches(text, taxonomy)
    # Strong matches by start, with the furthest end reached so far: a weak match inside one is found by bisection.
    strong_spans = sorted(m.span() for m, t in matches if not t.weak)
    starts = [a for a, _ in strong_spans]
    reach = list(accumulate((b for _, b in strong_spans), max))
    for match, trigger in matches:
        if trigger.weak and (i := bisect_right(starts, match.start())) and reach[i - 1] >= match.end():
            continue  # part of a longer phrase: "missing" in "children missing education"
        before = _clause_before(text, match.start())
        if _NEGATION.search(before):
            continue
        weight = 0.6 if _HEDGE.search(before) else 1.0
        hits.setdefault(trigger.theme_id, []).append((match, trigger.weak, weight))
    tags = []
    for theme_id, found in hits.items():
        strong = [(m, w) for m, weak, w in found if not weak]
        weak_phrases = {m.group().lower() for m, weak, _ in found if weak}
        if not strong and len(weak_phrases) < (1 if len(text) <= ITEM_LENGTH else 2):
            continue
        if strong:
            best, weight = max(strong, key=lambda hit: hit[1])
            score = min(0.99, (0.85 + 0.05 * (len(strong) - 1) + 0.02 * len(weak_phrases)) * weight)
        else:
            best = found[0][0]
            score = min(0.8, 0.55 + 0.05 * len(weak_phrases)) * max(w for _, _, w in found)
        tags.append(ThemeTag(theme_id, round(score, 2), best.group(), best.start(), best.end()))
    return tuple(sorted(tags, key=lambda t: (-t.score, t.start)))


def _clause_before(text: str, position: int) -> str:
    """The few words before a match in its own clause, cut at a contrast ("no X, but Y" leaves "but Y" alone).
    Negation and hedging count only this close: in "the father was not seen and the new partner", the "not"
    is about seeing, not about the partner."""
    window = text[max(0, position - 120) : position]
    cut = max(window.rfind("."), window.rfind(";"), window.rfind("\n"), window.rfind(","))
    window = window[cut + 1 :]
    contrasts = list(_CONTRAST.finditer(window))
    window = window[contrasts[-1].end() :] if contrasts else window
    return " ".join(window.split()[-6:])


# --- agencies -----------------------------------------------------------------------------------------------

AGENCIES: list[tuple[str, re.Pattern[str]]] = [
    ("police", re.compile(r"\b(?:police|constabulary|PCSOs?)\b", re.I)),
    (
        "children's social care",
        re.compile(
            r"\b(?:children[’']?s\s+(?:social\s+care|services|social\s+work)|social\s+work(?:ers?)?|CSC|"
            r"local\s+authority\s+children)\b",
            re.I,
        ),
    ),
    ("health visiting", re.compile(r"\bhealth\s+visit(?:or|ors|ing)\b", re.I)),
    ("GP", re.compile(r"\bGPs?\b|\bgeneral\s+practi(?:ce|tioners?)\b")),
    ("midwifery", re.compile(r"\bmidwi(?:fe|ves|fery)\b|\bmaternity\s+services?\b", re.I)),
    (
        "emergency department",
        re.compile(r"\b(?:emergency\s+department|accident\s+and\s+emergency|A\s?&\s?E)\b|\bED\b", re.I),
    ),
    ("ambulance service", re.compile(r"\b(?:ambulance|paramedics?)\b", re.I)),
    (
        "school / education",
        re.compile(r"\b(?:schools?|education|teachers?|designated\s+safeguarding\s+leads?)\b", re.I),
    ),
    (
        "early years",
        re.compile(r"\b(?:early\s+years|nurser(?:y|ies)|childminders?|children[’']?s\s+centres?)\b", re.I),
    ),
    ("housing", re.compile(r"\b(?:housing|landlords?|temporary\s+accommodation)\b", re.I)),
    ("CAMHS", re.compile(r"\bCAMHS\b|\bCYPMHS\b|\bchild\s+and\s+adolescent\s+mental\s+health\b", re.I)),
    (
        "adult mental health",
        re.compile(
            r"\badult\s+mental\s+health\b|\bcrisis\s+(?:resolution\s+)?team\b|\bpsychiatri(?:c|sts?)\b", re.I
        ),
    ),
    ("probation", re.compile(r"\b(?:probation|MAPPA|youth\s+offending|YOT)\b", re.I)),
    (
        "safeguarding partnership",
        re.compile(
            r"\b(?:safeguarding\s+(?:children\s+|adults\s+)?(?:board|partnership)s?|LSCBs?|SABs?|the\s+(?:board|partnership))\b",
            re.I,
        ),
    ),
    ("CDOP", re.compile(r"\b(?:CDOP|child\s+death\s+overview\s+panel)\b", re.I)),
    ("DfE", re.compile(r"\b(?:DfE|department\s+for\s+education)\b", re.I)),
    ("Ofsted", re.compile(r"\bOfsted\b", re.I)),
    ("court", re.compile(r"\b(?:family\s+court|courts?|judges?|crown\s+prosecution\s+service|CPS)\b", re.I)),
]
_NHS_TRUST = re.compile(r"\b(?:[A-Z][\w’'&-]*\s+){1,6}?NHS\s+(?:Foundation\s+)?Trust\b")


# Lower-case words one of which every match of an agency's pattern contains: tested before the pattern.
_AGENCY_NEEDLES = {
    "police": ("police", "constabulary", "pcso"),
    "children's social care": ("social", "children", "csc", "local authority"),
    "health visiting": ("health visit",),
    "GP": ("gp", "general practi"),
    "midwifery": ("midwi", "maternity"),
    "emergency department": ("emergency", "a&e", "a & e", "ed"),
    "ambulance service": ("ambulance", "paramedic"),
    "school / education": ("school", "education", "teacher", "designated safeguarding"),
    "early years": ("early years", "nurser", "childminder", "centre"),
    "housing": ("housing", "landlord", "temporary accommodation"),
    "CAMHS": ("camhs", "cypmhs", "adolescent mental"),
    "adult mental health": ("adult mental", "crisis", "psychiatri"),
    "probation": ("probation", "mappa", "youth offending", "yot"),
    "safeguarding partnership": ("safeguarding", "lscb", "sab", "board", "partnership"),
    "CDOP": ("cdop", "overview panel"),
    "DfE": ("dfe", "department for education"),
    "Ofsted": ("ofsted",),
    "court": ("court", "judge", "prosecution", "cps"),
}


def find_agencies(text: str) -> tuple[str, ...]:
    """The agencies a text names, normalised ("police", "GP", "CAMHS"), and NHS trusts by name."""
    lowered = text.lower()
    found = [
        name
        for name, pattern in AGENCIES
        if any(needle in lowered for needle in _AGENCY_NEEDLES[name]) and pattern.search(text)
    ]
    trusts = {" ".join(m.group().split()) for m in _NHS_TRUST.finditer(text)} if "nhs" in lowered else set()
    return tuple(found) + tuple(sorted(trusts))
