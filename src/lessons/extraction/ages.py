"""The age of the person who died, in every way coroners write it, with its unit: "aged 15", "15 years of age",
"a 17-year-old girl", "a child of 2½ years", "a fifteen year old", "death of Jo Bloggs, 80", "aged 4 months";
else from a date of birth and a date of death ("(DOB 3/6/58) who died on 1 January 2021").

Ages of other people (a friend, a parent), age limits ("under the age of 18", "16-17 year olds") and past ages
("when he was 12") are not the deceased's and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from lessons.extraction.dates import DATE_START, day_date_at, day_of
from lessons.extraction.lines import lower_case, span_of
from lessons.extraction.records import UNITS_PER_YEAR, Age, AgeUnit
from lessons.models import Page

_SMALL_NUMBERS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_NUMBERS = {word: n for n, word in enumerate(_SMALL_NUMBERS, 1)} | {
    word: 20 + 10 * n for n, word in enumerate(_TENS)
}
_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_SMALL_NUMBERS[:9])}))?|{'|'.join(_SMALL_NUMBERS)})"
)
# "15", "2.5", "17½", "2 ½", "fifteen", "twenty-three", "two and a half"
# (The lookahead on a number's first character lets a scan skip most words at once.)
_NUMBER = rf"(?=[\d½efnost])(?:\d{{1,3}}(?:\.\d{{1,2}})?(?:\s?½)?|{_WORD_NUMBER}(?:\s+and\s+a\s+half)?)"
_UNIT = r"(?:years?|yrs?|months?|mths?|weeks?|wks?|days?|hours?|hrs?)"
_UNITS: dict[str, AgeUnit] = {"y": "years", "m": "months", "w": "weeks", "d": "days", "h": "hours"}
# The age itself: a number, its unit, and a second part ("2 years and 8 months").
_AGE = (
    rf"(?P<num>{_NUMBER})(?:[\s-]*(?P<unit>{_UNIT})(?![a-z]))?"
    rf"(?:,?\s+and\s+(?P<num2>\d{{1,2}}|{_WORD_NUMBER})[\s-]*(?P<unit2>{_UNIT})(?![a-z]))?"
)
_NAME = r"[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|de|van|von|da|di|le|la)){0,5}"

# The patterns are tried on the lower-cased text and start with a literal word, which Python's regex engine
# finds with a fast scan: trying every word as the start of an age would make extraction several times
# slower. (A word boundary goes in a lookbehind after the word, where it does not stop that scan.)
AGE_PATTERNS = [
    re.compile(p)
    for p in (
        # aged 15, age: 15, at the age of 24, aged 73 years of age
        rf"age(?<=\bage)(?:d\b|\s+of\b|\b)(?:\s*:\s*|\s+){_AGE}(?:[’']?\s+old)?(?:\s+of\s+age)?",
        rf"of(?<=\bof)\s+{_AGE}",  # a child of 2½ years (the word before "of" is checked with _PERSON_OF)
    )
]
# "death of Jo Bloggs, 80." needs the name's capitals: tried on the text as written.
_DEATH_OF_NAMED = re.compile(
    rf"(?<=[Dd])eaths?\s+of\s+(?:the\s+late\s+)?{_NAME}(?:,\s*|\s*\()\s*(?i:{_AGE})(?=\s*[.,;)])"
)
_PERSON_OF = re.compile(r"\b(?:child|boy|girl|baby|infant|man|woman|person)\s+$")
# Ages found from the words after them (rare), then the age just before those words: "a 17-year-old",
# "4 months old", "15 years of age", "was 24 at the time of her death", "was 18 when he died".
_AGE_BEFORE = [
    (re.compile(r"old\b"), re.compile(rf"\b{_AGE}[’']?[\s-]+$")),
    (re.compile(r"of\s+age\b"), re.compile(rf"\b{_AGE}\s+$")),
    (
        re.compile(r"at\s+the\s+time\b|when\s+(?:he|she|they)\s+died\b"),
        re.compile(rf"\b(?:was|is)\s+{_AGE}\s+$"),
    ),
]

# What, just before an age, makes it a limit or range rather than someone's age.
_LIMIT_BEFORE = re.compile(
    r"(?:\b(?:under|over|above|below|until|till|since|from|after|before|beyond|reach(?:ed|ing|es)?|"
    r"turn(?:ed|ing|s)?|than|to|least|between|upwards\s+of|up\s+to)\s+(?:the\s+)?|\d\s*[-–]\s*|"
    r"\d\s+(?:to|or|and)\s+)$",
    re.I,
)
# ... or a range, a limit, or a stage of pregnancy ("a baby of 24 weeks' gestation").
_LIMIT_AFTER = re.compile(
    r"^(?:\s*[-–]\s*\d|\s+(?:to|or)\s+\d|\s+(?:and|or)\s+(?:over|above|under|older|younger|below)|\s*\+|"
    r"\s+plus\b|[’']?\s*(?:gestation|pregnant)|\s+(?:into\s+(?:the|her)\s+)?pregnancy)",
    re.I,
)
# Another person's age: "her 3-year-old son", "a 14-year-old friend", "his brother, aged 20", "when her baby
# was 11 months old".
_RELATIVES = (
    r"mother|father|parents?|brothers?|sisters?|siblings?|sons?|daughters?|friends?|partner|husband|wife|"
    r"boyfriend|girlfriend|cousins?|nephews?|nieces?|grand(?:son|daughter|mother|father)s?|uncle|aunt|"
    r"driver|perpetrator|assailant|defendant|colleagues?"
)
_OTHER_PERSON_BEFORE = re.compile(
    rf"(?:\b(?:his|her|their|my|your|its|whose)\s+(?:[\w-]+\s+)?(?:{_RELATIVES}|bab(?:y|ies)|child(?:ren)?|"
    rf"infants?|twins?)|\b(?:{_RELATIVES}))[,\s]+(?:(?:was|is|were|who\s+was|then|also|being)\s+)*(?:aged\s+)?$",
    re.I,
)
_OTHER_PERSON_AFTER = re.compile(rf"^\s+(?:{_RELATIVES}|passengers?|pupils|children|people|patients)\b", re.I)
# A past age: "when he was 12", "since she was aged 14" (not "he died when he was 18").
_PAST_BEFORE = re.compile(
    r"\b(?:when|while|whilst|since|until|as)\s+(?:he|she|they)\s+(?:was|were|turned)\s+(?:aged\s+)?$", re.I
)
_DIED_BEFORE = re.compile(r"\b(?:died|death)\b[^.;]{0,30}$", re.I)
_DIED_AFTER = re.compile(r"^[^.;]{0,20}\b(?:died|death)\b", re.I)
# Several deaths in one inquest: the youngest is given (a child's death is what a safeguarding library must
# not miss).
_SEVERAL_DEATHS = re.compile(r"\bdeaths\s+of\b|\bboth\s+died\b", re.I)

# Within a sentence: no full stop other than a time's or a date's ("at 01.35 on 13 June 2022").
_CLAUSE_CHAR = r"(?:[^.;\n]|\.(?=\d))"
# The words before a date of birth or of death (tried on the lower-cased text, see AGE_PATTERNS); the date
# itself, which must follow at once, is read with `day_date_at`.
_BIRTH = [
    re.compile(p)
    for p in (
        rf"born(?<=\bborn)(?:\s+on)?(?:\s+the)?[^\S\n]*{DATE_START}",  # born (on the) 11 September 2003
        rf"born(?<=\bborn)\b{_CLAUSE_CHAR}{{0,50}}?\bon(?:\s+the)?[^\S\n]*{DATE_START}",  # born at 07:52 on ...
        rf"d(?<=\bd)(?:\.?o\.?b\b\.?:?|ate\s+of\s+birth:?)[^\S\n]*{DATE_START}",  # DOB 3/6/58, date of birth
    )
]
_DEATH = [
    re.compile(p)
    for p in (
        rf"died(?<=\bdied)\b(?:(?!born){_CLAUSE_CHAR}){{0,80}}?\bon(?:\s+the)?[^\S\n]*{DATE_START}",
        rf"passed\s+away\b(?:(?!born){_CLAUSE_CHAR}){{0,80}}?\bon(?:\s+the)?[^\S\n]*{DATE_START}",
        rf"death(?<=\bdeath)[^\S\n]+on(?:\s+the)?[^\S\n]*{DATE_START}",  # at the time of her death on ...
        rf"d(?<=\bd)(?:\.?o\.?d\b\.?:?|ate\s+of\s+death:?)[^\S\n]*{DATE_START}",  # DOD 1.2.2020
    )
]
MAX_AGE_YEARS = 120


@dataclass(frozen=True)
class _Candidate:
    age: Age
    start: int


def deceased_age(text: str, pages: tuple[Page, ...] = (), report_date: str | None = None) -> Age | None:
    """The age of the person who died: the first age the report states for them (the youngest where one
    inquest covers several deaths), else the one their dates of birth and death give."""
    candidates = [c for c in _stated_ages(text, pages) if c.age.years <= MAX_AGE_YEARS]
    if candidates:
        first = candidates[0]
        sentence_start = max(text.rfind(".", 0, first.start), text.rfind("\n", 0, first.start)) + 1
        sentence_end = _sentence_end(text, first.start)
        if _SEVERAL_DEATHS.search(text, sentence_start, sentence_end):
            together = [c for c in candidates if c.start < sentence_end]
            return min(together, key=lambda c: c.age.years).age
        return first.age
    return age_from_dates(text, pages, report_date)


def _sentence_end(text: str, start: int) -> int:
    ends = [i for i in (text.find(". ", start), text.find("\n", start)) if i != -1]
    return min(ends) if ends else len(text)


def _stated_ages(text: str, pages: tuple[Page, ...]) -> list[_Candidate]:
    found = []
    covered = -1
    for match, start, end, needs_unit in sorted(_age_matches(text), key=lambda found: found[1]):
        if start < covered:  # "aged 73 years of age" is one age, not two
            continue
        covered = end
        before = text[max(0, start - 40) : start]
        after = text[end : end + 40]
        if _LIMIT_BEFORE.search(before) or _LIMIT_AFTER.match(after):
            continue
        if _OTHER_PERSON_BEFORE.search(before) or _OTHER_PERSON_AFTER.match(after):
            continue
        if _PAST_BEFORE.search(before) and not (_DIED_BEFORE.search(before) or _DIED_AFTER.match(after)):
            continue
        if needs_unit and match.group("unit") is None:
            continue
        age = _age_of(match, text, pages)
        if age is not None:
            found.append(_Candidate(age, start))
    return found


def _age_matches(text: str) -> list[tuple[re.Match[str], int, int, bool]]:
    """Each age phrase: the match holding the age's groups, the phrase's start and end, and whether the age
    must have a unit to count ("a child of 2 years", not "a man of 60 words")."""
    lowered = lower_case(text)
    found = []
    aged, of = AGE_PATTERNS
    for match in aged.finditer(lowered):
        found.append((match, match.start(), match.end(), False))
    for match in of.finditer(lowered):
        person = _PERSON_OF.search(lowered, max(0, match.start() - 10), match.start())
        if person is not None:
            found.append((match, person.start(), match.end(), True))
    for match in _DEATH_OF_NAMED.finditer(text):
        found.append((match, match.start() - 1, match.end(), False))
    for words, age_before in _AGE_BEFORE:
        for after in words.finditer(lowered):
            age = age_before.search(lowered, max(0, after.start() - 40), after.start())
            if age is not None:
                found.append((age, age.start(), after.end(), False))
    return found


@lru_cache(maxsize=4)  # the age and the date of death read the same report
def _age_of(match: re.Match[str], text: str, pages: tuple[Page, ...]) -> Age | None:
    value = _number(match.group("num"))
    if value is None:
        return None
    unit = _unit(match.group("unit"))
    second = _number(match.group("num2") or "")
    if second is not None and match.group("unit2"):
        # "2 years and 8 months": kept in the first unit, as a fraction of it
        ratio = UNITS_PER_YEAR[_unit(match.group("unit2"))] / UNITS_PER_YEAR[unit]
        value = round(value + second / ratio, 2)
    start = match.start("num")
    end = max(match.end("num"), match.end("unit"), match.end("unit2"))
    return Age(value, unit, " ".join(text[start:end].split()), span_of(start, end, pages))


def _unit(word: str | None) -> AgeUnit:
    return _UNITS[word[0].lower()] if word else "years"


def _number(text: str) -> float | None:
    text = " ".join(text.lower().split())
    if not text:
        return None
    half = 0.5 if text.endswith(("½", "and a half")) else 0.0
    text = text.removesuffix("½").removesuffix("and a half").strip()
    if not text:
        return half or None
    if text[0].isdigit():
        value = float(text)
    else:
        value = float(sum(WORD_NUMBERS.get(part, 0) for part in re.split(r"[\s-]+", text)))
    value += half
    return int(value) if value.is_integer() else value


def age_from_dates(text: str, pages: tuple[Page, ...] = (), report_date: str | None = None) -> Age | None:
    """The age between the first date of birth and the first date of death after it, in whole years (or
    months or days for a baby)."""
    reference = day_of(report_date)
    birth = _dated(_BIRTH, text, reference)
    if birth is None:
        return None
    born, start, end = birth
    death = _dated(_DEATH, text, reference, after=born)
    if death is None:
        return None
    value, unit = _elapsed(born, death[0])
    if unit == "years" and value > MAX_AGE_YEARS:
        return None
    return Age(value, unit, " ".join(text[start:end].split()), span_of(start, end, pages))


def date_of_death(text: str, report_date: str | None = None) -> str | None:
    """The first date the report says the person died on ("died on 4 January 2021", "DOD 3.11.1995")."""
    reference = day_of(report_date)
    death = _dated(_DEATH, text, reference)
    return death[0].isoformat() if death else None


def _dated(
    patterns: list[re.Pattern[str]], text: str, reference: date | None, after: date | None = None
) -> tuple[date, int, int] | None:
    """The first date that follows one of `patterns` (and is not before `after`), with the span of the words
    and the date."""
    lowered = lower_case(text)
    matches = sorted((m for pattern in patterns for m in pattern.finditer(lowered)), key=lambda m: m.start())
    for match in matches:
        if _OTHER_PERSON_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue  # "her son was born on ..."
        dated = day_date_at(text, match.end(), reference)
        if dated is not None and (after is None or dated[0] >= after):
            return dated[0], match.start(), dated[1]
    return None


def _elapsed(born: date, died: date) -> tuple[int, AgeUnit]:
    years = died.year - born.year - ((died.month, died.day) < (born.month, born.day))
    if years >= 1:
        return years, "years"
    months = (died.year - born.year) * 12 + died.month - born.month - (died.day < born.day)
    if months >= 1:
        return months, "months"
    return (died - born).days, "days"
