"""Coroners' Regulation 28 reports: the fixed template's sections, the coroner, the deceased, the recipients,
each matter of concern and the date responses are due (stated, else report date + 56 days)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from lessons.extraction.lines import Line, join_text, span_of, split_lines
from lessons.extraction.metadata import find_date
from lessons.extraction.people import join_names, pfd_deceased
from lessons.extraction.pfd_parties import coroner_and_area, recipient_names
from lessons.extraction.records import Concern, Recipient, Section
from lessons.models import Page

RESPONSE_DAYS = 56
# Template headings, numbered or not, as coroners write them; a heading may carry text after it on its line.
SECTION_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    ("sent_to", re.compile(r"THIS\s+REPORT\s+IS\s+BEING\s+SENT(?:\s+TO:?)?", re.I)),
    ("coroner", re.compile(r"^(?:1\.?\s+)?CORONER\b(?![’'\s]*S\b)", re.I)),
    ("legal_powers", re.compile(r"^(?:2\.?\s+)?CORONER[’']?S\s+LEGAL\s+POWERS", re.I)),
    ("inquest", re.compile(r"^(?:3\.?\s+)?INVESTIGATION\s+(?:and|&)\s+INQUEST", re.I)),
    ("circumstances", re.compile(r"^(?:4\.?\s+)?CIRCUMSTANCES\s+OF\s+(?:THE\s+)?DEATH", re.I)),
    ("concerns", re.compile(r"^(?:5\.?\s+)?CORONER[’']?S\s+CONCERNS", re.I)),
    ("action", re.compile(r"^(?:6\.?\s+)?ACTION\s+SHOULD\s+BE\s+TAKEN", re.I)),
    ("response", re.compile(r"^(?:7\.?\s+)?YOUR\s+RESPONSE", re.I)),
    ("copies", re.compile(r"^(?:8\.?\s+)?COPIES\s+(?:and|&)\s+PUBLICATION", re.I)),
    ("signature", re.compile(r"^9\.?\s+\S")),
]
_BOILERPLATE = re.compile(
    r"During the course of the inquest|In my opinion there is a risk|In the circumstances it is my statutory duty|"
    r"MATTERS OF CONCERN|The issue about which I have concern|are as follows",
    re.I,
)
_DUE = re.compile(r"within\s+56\s+days[^.]*?(?:namely\s+by|by|no\s+later\s+than)\s+(?P<date>[^.\n]+)", re.I)
_AGE = re.compile(
    r"\b(?:was|aged)\s+(?P<age>\d{1,3})(?:\s+years?(?:\s+old)?)?(?:\s+at\s+the\s+time|\b)", re.I
)
_DIED_ON = re.compile(r"\bdied\s+on\s+(?:the\s+)?(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4})", re.I)


@dataclass(frozen=True)
class PfdReport:
    sections: tuple[Section, ...]
    coroner: str | None
    area: str | None
    deceased: str | None  # everyone who died, as one name or "A, B and C"
    deceased_names: tuple[str, ...]
    deceased_age: int | None
    date_of_death: str | None
    recipients: tuple[Recipient, ...]
    response_due: str | None
    report_date: str | None
    concerns: tuple[Concern, ...]


def parse_pfd_report(text: str, pages: tuple[Page, ...], report_date: str | None) -> PfdReport:
    lines = split_lines(text)
    bounds = _sections(lines)
    body = {name: _body(lines, a, b, name) for name, (a, b) in bounds.items()}
    sections = tuple(
        Section(name, span_of(lines[a].start, lines[b - 1].end, pages)) for name, (a, b) in bounds.items()
    )
    coroner, area = coroner_and_area(text, join_text([line.text for line in body.get("coroner", [])]))
    due_match = _DUE.search(text)
    stated_due = find_date(due_match.group("date")) if due_match else None
    response_due = stated_due or _plus_days(report_date, RESPONSE_DAYS)
    inquest = join_text([line.text for line in body.get("inquest", [])])
    age = _AGE.search(inquest)
    died = _DIED_ON.search(inquest)
    recipients = tuple(Recipient(name, response_due) for name in recipient_names(body.get("sent_to", [])))
    circumstances = join_text([line.text for line in body.get("circumstances", [])])
    deceased = pfd_deceased(inquest, circumstances, text)
    return PfdReport(
        sections=sections,
        coroner=coroner,
        area=area,
        deceased=join_names(deceased),
        deceased_names=deceased,
        deceased_age=int(age.group("age")) if age and int(age.group("age")) < 120 else None,
        date_of_death=find_date(died.group("date")) if died else None,
        recipients=recipients,
        response_due=response_due,
        report_date=report_date,
        concerns=tuple(_concerns(body.get("concerns", []), pages)),
    )


def _body(lines: list[Line], first: int, end: int, name: str) -> list[Line]:
    """A section's text: what follows its heading on the heading's own line (template tables put it there),
    then the lines up to the next heading, without the template's bare row numbers."""
    heading = lines[first]
    pattern = dict(SECTION_HEADINGS)[name]
    match = pattern.search(heading.text)
    rest = heading.text[match.end() :].lstrip(" :–-") if match else ""
    body = []
    if rest:
        offset = heading.end - len(rest)
        body.append(Line(offset, heading.end, rest))
    body.extend(line for line in lines[first + 1 : end] if not _BARE_NUMBER.match(line.text))
    return body


_BARE_NUMBER = re.compile(r"^\d{1,2}\.?$")


def _sections(lines: list[Line]) -> dict[str, tuple[int, int]]:
    starts: list[tuple[int, str]] = []
    expected = 0  # template order: a heading is only taken after the ones before it
    for index, line in enumerate(lines):
        for order in range(expected, len(SECTION_HEADINGS)):
            name, pattern = SECTION_HEADINGS[order]
            # The closing "9" (date and name) only counts after "COPIES and PUBLICATION": inquest findings
            # are often numbered too.
            if pattern.search(line.text) and (name != "signature" or any(n == "copies" for _, n in starts)):
                starts.append((index, name))
                expected = order + 1
                break
    if not starts:
        return {}
    bounds = {}
    for (index, name), following in zip(starts, [*starts[1:], (len(lines), "")], strict=True):
        bounds[name] = (index, following[0])
    return bounds


_MATTERS = re.compile(r"MATTERS\s+OF\s+CONCERN\s+(?:is|are)\s+as\s+follows[.:]?\s*[–—-]?\s*", re.I)
_INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))\(?(?P<num>\d{1,2})[.)]\s+(?=[A-Z])")


def _concerns(lines: list[Line], pages: tuple[Page, ...]) -> list[Concern]:
    """Each matter of concern: numbered items (on their own lines, or inline "(1) ... (2) ..."), else each
    paragraph that is not the template's wording."""
    inline = _inline_concerns(lines, pages)
    if inline:
        return inline
    concerns: list[Concern] = []
    current: list[Line] = []
    numbered = any(line.number for line in lines)

    def close() -> None:
        if current:
            text = join_text([current[0].body(), *(line.text for line in current[1:])])
            concerns.append(
                Concern(current[0].number, text, span_of(current[0].start, current[-1].end, pages))
            )
            current.clear()

    for line in lines:
        if numbered:
            if line.number:
                close()
                current.append(line)
            elif current:
                current.append(line)
        elif not _BOILERPLATE.search(line.text) and len(line.text.split()) >= 12:
            close()
            current.append(line)
    close()
    return concerns


def _plus_days(iso: str | None, days: int) -> str | None:
    if not iso or len(iso) != 10:
        return None
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def _inline_concerns(lines: list[Line], pages: tuple[Page, ...]) -> list[Concern]:
    """Concerns numbered within one paragraph: "... as follows. (1) Officers were ... (2) There was ..."."""
    for line in lines:
        marker = _MATTERS.search(line.text)
        start = marker.end() if marker else 0
        numbers = [m for m in _INLINE_NUMBER.finditer(line.text, start)]
        expected = [str(n) for n in range(1, len(numbers) + 1)]
        if len(numbers) >= 2 and [m.group("num") for m in numbers] == expected:
            ends = [m.start() for m in numbers[1:]] + [len(line.text)]
            return [
                Concern(
                    m.group("num"),
                    line.text[m.end() : end].strip(),
                    span_of(line.start + m.end(), line.start + end, pages),
                )
                for m, end in zip(numbers, ends, strict=True)
            ]
    return []
