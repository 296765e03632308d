"""Dates: reading them as documents write them (`phrases`) and choosing the one a document carries as its own
among the others it mentions (`own_date`)."""

from lessons.extraction.dates.own_date import (
    ESTIMATED_FROM_DEADLINE,
    RESPONSE_DAYS,
    DocumentDate,
    document_date,
    opening_date,
    pfd_report_date,
    referred_report_date,
    stated_response_due,
)
from lessons.extraction.dates.phrases import (
    DATE_START,
    MONTH,
    MONTHS,
    date_matches,
    day_date_at,
    day_of,
    find_cell_date,
    find_date,
    first_day_date,
    iso_date,
)

__all__ = [
    "DATE_START",
    "ESTIMATED_FROM_DEADLINE",
    "MONTH",
    "MONTHS",
    "RESPONSE_DAYS",
    "DocumentDate",
    "date_matches",
    "day_date_at",
    "day_of",
    "document_date",
    "find_cell_date",
    "find_date",
    "first_day_date",
    "iso_date",
    "opening_date",
    "pfd_report_date",
    "referred_report_date",
    "stated_response_due",
]
