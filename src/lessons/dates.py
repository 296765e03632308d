"""Dates at the precision a document gives them: "2014", "2014-05" or "2014-05-29"."""

from __future__ import annotations

import calendar
import re
from datetime import date

from lessons.errors import QueryError

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def date_range(value: str) -> tuple[date, date]:
    """The first and last day a partial ISO date covers: "2014-05" -> 2014-05-01 .. 2014-05-31."""
    match = _PARTIAL_DATE.match(value.strip())
    if match is None:
        raise QueryError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError as error:
        raise QueryError(f"not a date: {value!r} ({error})") from None
