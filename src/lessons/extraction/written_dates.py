"""Day dates as coroners write them in running text, in every order: "13 January 2020", "14TH February 2024",
"March 20, 2023", "August 4th 2018", "13/7/23", "23.2.24", "the 21st day of September 2023", "the
Twenty-Fifth of April 2024". Used for the dates a PFD report sets or states (a response due, a birth, a
death), where a wrong day is worse than none: only whole day dates are returned.
"""

from __future__ import annotations

import re
from datetime import date

from lessons.extraction.metadata import MONTH, MONTHS

ORDINAL_WORDS = {
    word: n
    for n, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
        ],
        1,
    )
}
ORDINAL_WORD = (
    rf"(?:(?:twenty|thirty)[\s-]?(?:{'|'.join(list(ORDINAL_WORDS)[:9])})|twentieth|thirtieth|"
    rf"{'|'.join(ORDINAL_WORDS)})"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "21st", and the ways OCR reads a superscript ordinal: "21*", "16"", "21°", "21%".
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th|[*\"”“’'°%º]{1,2})?"
WRITTEN_DATE = re.compile(
    rf"""
      \b(?P<day>\d{{1,2}}){_ORDINAL_SUFFIX}\s*(?:day\s+)?(?:of\s+)?(?P<month>{MONTH}),?\s+{_YEAR}\b
    | \b(?P<m_month>{MONTH})\s+(?:the\s+)?(?P<m_day>\d{{1,2}}){_ORDINAL_SUFFIX},?\s+(?P<m_year>(?:19|20)\d\d)\b
    | \b(?P<n_day>\d{{1,2}})[/.](?P<n_month>\d{{1,2}})[/.](?P<n_year>(?:19|20)\d\d|\d\d)(?![\d/])
    | \b(?P<w_day>{ORDINAL_WORD})\s+(?:day\s+)?(?:of\s+)?(?P<w_month>{MONTH}),?\s+(?P<w_year>(?:19|20)\d\d)\b
    """,
    re.I | re.X,
)


def first_day_date(text: str, reference: date | None = None) -> date | None:
    """The first whole day date in `text`; a two-digit year is the latest such year not after `reference`'s
    (or this year) plus one, so that "23.2.24" in a report of December 2023 is 2024."""
    for match in WRITTEN_DATE.finditer(text):
        found = _to_date(match, reference)
        if found is not None:
            return found
    return None


def _to_date(match: re.Match[str], reference: date | None) -> date | None:
    groups = match.groupdict()
    if groups["day"]:
        day, month, year = int(groups["day"]), MONTHS[groups["month"].lower()], int(groups["year"])
    elif groups["m_day"]:
        day, month, year = int(groups["m_day"]), MONTHS[groups["m_month"].lower()], int(groups["m_year"])
    elif groups["n_day"]:
        day, month, year = int(groups["n_day"]), int(groups["n_month"]), int(groups["n_year"])
        if year < 100:
            latest = (reference or date.today()).year + 1
            year += 2000 if 2000 + year <= latest else 1900
    else:
        day, month, year = (
            _ordinal_day(groups["w_day"]),
            MONTHS[groups["w_month"].lower()],
            int(groups["w_year"]),
        )
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ordinal_day(words: str) -> int:
    parts = re.split(r"[\s-]+", words.lower())
    tens = {"twenty": 20, "thirty": 30, "twentieth": 20, "thirtieth": 30}
    return sum(tens.get(part, ORDINAL_WORDS.get(part, 0)) for part in parts)
