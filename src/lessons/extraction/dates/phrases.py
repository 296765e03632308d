"""Date phrases as documents write them, OCR slips included: "20 April 2023", "21st day of September, 2023",
"the Twenty-Fifth of April 2024", "March 20th, 2023", "20/04/2023", "20.4. 2023", "13/7/23", "April 2023".
One set of pieces (day, month, year, ordinal suffixes and words) makes every pattern; two readers use them:
`find_date` gives a date at the precision written (a day, a month or a year), `first_day_date` only a whole
day (for the dates a PFD report sets or states, where a wrong day is worse than none).
"""

from __future__ import annotations

import re
from datetime import date

_MONTH_NAMES = (  # noqa: SIM905
    "january february march april may june july august september october november december"
).split()
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
MONTH = rf"(?:{'|'.join(name.capitalize() for name in _MONTH_NAMES)})"
# After the full names: "Jun" must not stop the match inside "June"; "Sept" before "Sep".
_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec")
_MONTH_WORDS = frozenset((*_MONTH_NAMES, *_MONTH_ABBREVIATIONS))
# Each alternation opens with a lookahead on its first letters: a cheap test at every word of a long text.
_MONTH_NAME = rf"(?=[JFMASONDjfmasond])(?i:{'|'.join((*_MONTH_NAMES, *_MONTH_ABBREVIATIONS))})\b"
_MONTH = rf"(?P<month>{_MONTH_NAME}\.?)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d|[/-]\d)"
# "21st", and the ways OCR reads a superscript ordinal: "21*", '16"', "21°", "21%".
_ORDINAL_SUFFIX = r"(?:\s?(?i:st|nd|rd|th)|[*\"“”'’°º^%]+)"
_ORDINAL_WORDS = (  # noqa: SIM905
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORDINAL_DAYS = {**{word: n for n, word in enumerate(_ORDINAL_WORDS, 1)}, "twentieth": 20, "thirtieth": 30}
ORDINAL_WORD = (
    rf"(?=[fstenFSTEN])(?i:(?:twenty|thirty)[\s-]?(?:{'|'.join(_ORDINAL_WORDS[:9])})|twentieth|thirtieth|"
    rf"{'|'.join(_ORDINAL_WORDS)})\b"
)
# A day as OCR reads it ("1st" as "Ist"/"lst": a letter for the 1 needs the "st"), or in words.
_DAY = (
    rf"\b(?=[\dIl|fstenFSTEN])(?P<day>[0-3]?\d|[Il|]\d|\d[Il|]|[Il|](?=st)|{ORDINAL_WORD}){_ORDINAL_SUFFIX}?"
)
# Where a day date may start: a day's number (or OCR's letter for its 1), a month's name or an ordinal word.
DATE_START = rf"(?=\d|[Il|](?=\d|st)|{_MONTH_NAME}|{ORDINAL_WORD})"
_DAY_DATE_START = re.compile(rf"\b{DATE_START}")

DAY_DATE = re.compile(rf"{_DAY}\s*(?:day\s+)?(?:of\s+)?{_MONTH},?\s*{_YEAR}")
MONTH_DAY_DATE = re.compile(rf"\b{_MONTH}\s+(?i:the\s+)?{_DAY},?\s+{_YEAR}")
MONTH_DATE = re.compile(rf"\b{_MONTH},?\s+{_YEAR}")
# "20/04/2023", "20.4. 2023", "29-05-2025": the same separator twice, spaces tolerated.
NUMERIC_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)\s?(?P<sep>[/.-])\s?(?P<month>[01]?\d)\s?(?P=sep)\s?(?P<year>(?:19|20)\d\d)(?!\d)"
)
# "13/7/23", "19.10.11": a two-digit year (see `_full_year`). No "\b" in front (it slows the scan of a long
# text): where it stands is checked by whoever finds it.
SHORT_NUMERIC_DATE = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[/.])(?P<month>[01]?\d)(?P=sep)(?P<year>\d\d)(?!\d|[/.]\d)"
)
YEAR = re.compile(r"(?:19|20)\d\d")
# As spreadsheets give dates in text: ISO ("2025-03-31", "2025-03-31 00:00:00") and a month shown as "mmm-yy"
# ("Mar-25", "Sept'25"); read only in table cells (`find_cell_date`), where a bare "Mar-25" is a date.
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])")
MONTH_SHORT_YEAR = re.compile(rf"\b{_MONTH}(?:\s?[-'’]\s?)(?P<year>\d\d)(?![\d/.-])")
# "31-Mar-26", "31 March 26": a day, a month's name and a two-digit year.
DAY_MONTH_SHORT_YEAR = re.compile(rf"{_DAY}[\s-]*{_MONTH}[\s-]+'?(?P<year>\d\d)(?![\d/.:-])")
# The precise reader tries these in turn; the whole-day reader tries its own at each place a date may start.
_PRECISE_PATTERNS = (DAY_DATE, MONTH_DAY_DATE, NUMERIC_DATE, MONTH_DATE)
_DAY_PATTERNS = (DAY_DATE, MONTH_DAY_DATE, NUMERIC_DATE, SHORT_NUMERIC_DATE)

_DATE_SPAN = 40  # the longest day, month and separators before a year: "Twenty-Seventh day of September, "
# What stands just before a date's year: "April ", "Sept. ", "August, ", "14, ", "20th, ", "20/04/", "20.4. ".
_BEFORE_YEAR = re.compile(
    r"(?:(?P<word>[A-Za-z]+)\.?|(?P<number>\d{1,2})(?:st|nd|rd|th)?|(?P<separator>[/.-]))[ \t]*,?[ \t]*$"
)
_OCR_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1"})


def find_date(text: str) -> str | None:
    """The first full or month date in `text`, at the precision it gives."""
    for pattern in _PRECISE_PATTERNS:
        match = pattern.search(text)
        if match is not None:
            return iso_date(match)
    return None


def find_cell_date(text: str) -> str | None:
    """The first date in a table cell at the precision it gives (a plan's target date): ISO text as spreadsheets
    export it, any date `find_date` reads, or one with a two-digit year: "31/03/25" (day first, as UK plans write
    it), "31-Mar-26", "Mar-25". "Q3 2025/26" and "Ongoing" give None."""
    found: list[tuple[int, int, str]] = []  # where each pattern's first date starts, its length, its value
    for pattern in (ISO_DATE, *_PRECISE_PATTERNS, SHORT_NUMERIC_DATE, DAY_MONTH_SHORT_YEAR, MONTH_SHORT_YEAR):
        for match in pattern.finditer(text):
            if match.start() and text[match.start() - 1].isalnum():
                continue  # SHORT_NUMERIC_DATE has no leading word boundary
            if value := iso_date(match):
                found.append((match.start(), -len(match.group()), value))
                break
    return min(found)[2] if found else None


def first_day_date(text: str, reference: date | None = None) -> date | None:
    """The first whole day date in `text`; a two-digit year is the latest such year not after `reference`'s
    (or this year) plus one, so that "23.2.24" in a report of December 2023 is 2024."""
    for start in _DAY_DATE_START.finditer(text):
        found = day_date_at(text, start.start(), reference)
        if found is not None:
            return found[0]
    return None


def day_date_at(text: str, position: int, reference: date | None = None) -> tuple[date, int] | None:
    """The whole day date that starts at `position` in `text`, and where it ends."""
    for pattern in _DAY_PATTERNS:
        match = pattern.match(text, position)
        if match is not None and (found := _day_date(match, reference)) is not None:
            return found, match.end()
    return None


def iso_date(match: re.Match[str], reference: date | None = None) -> str | None:
    """The ISO date a match of one of these patterns gives, at its precision: "2014-05-29", "2014-05"."""
    groups = match.groupdict()
    year = _full_year(groups["year"], reference)
    month = _month_number(groups["month"])
    if month is None:
        return None
    day_text = groups.get("day")
    if day_text:
        try:
            return date(year, month, _day_number(day_text)).isoformat()
        except ValueError:
            return None
    return f"{year:04d}-{month:02d}"


def date_matches(text: str) -> list[re.Match[str]]:
    """Every full, numeric or month date in `text`, in order, the longest where two overlap. Each ends with a
    year: the years are found first, and a pattern is tried (over the few words before a year) only when what
    stands just before it fits: a month's name, a day's number, or a separator between numbers."""
    found: list[re.Match[str]] = []
    floor = 0
    for year in YEAR.finditer(text):
        if not _alone(text, year.start(), year.end()):
            continue
        before = _BEFORE_YEAR.search(text, max(floor, year.start() - 16), year.start())
        if before is None:
            continue
        if before.group("word"):
            if before.group("word").lower() not in _MONTH_WORDS:
                continue
            patterns: tuple[re.Pattern[str], ...] = (DAY_DATE, MONTH_DATE)
        else:
            patterns = (MONTH_DAY_DATE,) if before.group("number") else (NUMERIC_DATE,)
        start = max(floor, year.start() - _DATE_SPAN)
        for pattern in patterns:
            match = next(
                (m for m in pattern.finditer(text, start, year.end()) if m.end() == year.end()), None
            )
            if match is not None:
                found.append(match)
                floor = match.end()
                break
    return found


def _alone(text: str, start: int, end: int) -> bool:
    """A year that is not part of a longer number, a range or a reference ("2019-20", "2017/C6969")."""
    if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
        return False
    return not (end + 1 < len(text) and text[end] in "/-" and text[end + 1].isdigit())


def _day_date(match: re.Match[str], reference: date | None) -> date | None:
    return day_of(iso_date(match, reference))


def day_of(iso: str | None) -> date | None:
    """The day an ISO date names, or None for a month, a year or nothing."""
    return date.fromisoformat(iso) if iso and len(iso) == 10 else None


_NO_REFERENCE_LATEST = 2049


def _full_year(text: str, reference: date | None) -> int:
    """A year as written; two digits give the latest such year not after the reference year plus one, or with
    no reference 2000-2049 and 1950-1999 (never today's date: extraction gives the same answer every day)."""
    year = int(text)
    if len(text) == 4:
        return year
    latest = reference.year + 1 if reference else _NO_REFERENCE_LATEST
    return year + (2000 if 2000 + year <= latest else 1900)


def _month_number(text: str) -> int | None:
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    name = text.rstrip(".").lower()
    return MONTHS.get(name) or next((n for m, n in MONTHS.items() if m.startswith(name[:3])), None)


def _day_number(text: str) -> int:
    """A day as a number: "21", "2l" (OCR), "Twenty-Fifth"."""
    digits = text.translate(_OCR_DIGITS)
    if digits.isdigit():
        return int(digits)
    word, tens = text.lower(), 0
    for prefix, value in (("twenty", 20), ("thirty", 30)):  # "Twenty-Fifth", "thirty first"
        if word.startswith(prefix):
            word, tens = word[len(prefix) :].lstrip(" \t\n-"), value
    return tens + _ORDINAL_DAYS.get(word, 0)
