"""Dates as documents write them, read by one set of patterns: at the precision written (`find_date`,
`date_matches`: a document's own date) and as whole days only (`first_day_date`, `day_date_at`: the dates a PFD
report sets or states). Short texts written for these tests in the style of real documents."""

from __future__ import annotations

from datetime import date

import pytest

from lessons.extraction.ages import deceased_age
from lessons.extraction.dates import (
    date_matches,
    day_date_at,
    find_date,
    first_day_date,
    iso_date,
    pfd_report_date,
    stated_response_due,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published 4 March 2015", "2015-03-04"),
        ("due by March 2015", "2015-03"),
        ("Date: 20.4. 2023", "2023-04-20"),
        # ordinal words, as some coroners write a date in full
        ("namely by Thursday the Twenty-Fifth of April 2024", "2024-04-25"),
        ("On Fifteenth June 2017 I commenced an investigation", "2017-06-15"),
        ("signed on the thirty-first day of May 2021", "2021-05-31"),
        ("Dated the Twentieth of June 2022", "2022-06-20"),
        # month first, with "the" before the day
        ("the meeting of March the 3rd, 2022", "2022-03-03"),
        # a five-digit number is no year: a wrong date is worse than none
        ("report of 2 May 20223", None),
    ],
)
def test_a_date_at_the_precision_written(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The inquest concluded on January 26th, 2024, with a narrative.", ["2024-01-26"]),
        (
            "The inquest concluded on 6th June 2018 and was adjourned on May 3rd 2018.",
            ["2018-06-06", "2018-05-03"],
        ),
        ("On Twenty seventh November 2017 the inquest concluded.", ["2017-11-27"]),
        ("Between 2019-20 and in 2021 there were 3 reviews.", []),
    ],
)
def test_every_date_a_text_holds(text: str, expected: list[str]) -> None:
    assert [iso_date(m) for m in date_matches(text)] == expected


REPORT = date(2023, 12, 1)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("died on 13 January 2020 at home", None, date(2020, 1, 13)),
        ("namely by March 20, 2023.", None, date(2023, 3, 20)),
        ("by the 21st day of September 2023", None, date(2023, 9, 21)),
        ("by the Twenty-Fifth of April 2024", None, date(2024, 4, 25)),
        ("DOB 13/7/58", REPORT, date(1958, 7, 13)),
        ("namely by 23.2.24", REPORT, date(2024, 2, 23)),
        ("in April 2023 and on 31/02/2023", None, None),  # a month alone, a day that does not exist
        # abbreviated months, as web pages and tables write them
        ("Published 01 Mar 2014", None, date(2014, 3, 1)),
        ("Tuesday, 25th Jul 2023", None, date(2023, 7, 25)),
        ("born on Sept 3, 2001", None, date(2001, 9, 3)),
        # numbers with dashes, as forms write them
        ("was admitted on 11-02-2021", None, date(2021, 2, 11)),
        # OCR: a space before the ordinal, a letter for the 1, a year run into the next word
        ("On 18 th April 2018 I commenced an investigation", None, date(2018, 4, 18)),
        ("namely by Ist June 2023.", None, date(2023, 6, 1)),
        ("he died on 7 December 2022at the hospital", None, date(2022, 12, 7)),
    ],
)
def test_a_whole_day_date(text: str, reference: date | None, expected: date | None) -> None:
    assert first_day_date(text, reference) == expected


def test_a_day_date_read_where_it_starts() -> None:
    text = "born on 3 Feb 2001, died"
    assert day_date_at(text, text.index("3")) == (date(2001, 2, 3), text.index(","))
    assert day_date_at(text, 0) is None


@pytest.mark.parametrize(
    ("text", "report_date", "expected"),
    [
        (
            "within 56 days of the date of this report, namely by 16-06-2023. I may",
            "2023-04-21",
            "2023-06-16",
        ),
        (
            "within 56 days of the date of this report, namely by 16 Jun 2023. I may",
            "2023-04-21",
            "2023-06-16",
        ),
    ],
)
def test_a_response_due_date_in_more_forms(text: str, report_date: str, expected: str) -> None:
    assert stated_response_due(text, report_date) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the death of Sam Roe (born 3 Feb 2001) who died on 9 Mar 2019.", 18),
        ("the death of Kit Doe (DOB 1-5-1990, DOD 2-6-2020).", 30),
    ],
)
def test_an_age_from_dates_in_more_forms(text: str, expected: int) -> None:
    age = deceased_age(text)
    assert age is not None and (age.value, age.unit) == (expected, "years")


SIGNED_AFTER = (
    "7 YOUR RESPONSE\nYou are under a duty to respond to this report within 56 days of the date of this report, "
    "namely by 16th June 2023.\n8 COPIES and PUBLICATION\nI have sent a copy of my report to the family.\n"
)


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        ("9 Ann Smith, Twentieth April 2023", "2023-04-20"),
        ("9 Ann Smith, April 20th, 2023", "2023-04-20"),
    ],
)
def test_a_pfd_report_signed_with_a_date_in_words_or_month_first(signature: str, expected: str) -> None:
    assert pfd_report_date(SIGNED_AFTER + signature).value == expected
