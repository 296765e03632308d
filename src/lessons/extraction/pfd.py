"""Coroners' Regulation 28 reports: the fixed template's sections, the coroner, the deceased and their age,
the recipients, each matter of concern (`pfd_concerns`) and the date responses are due (stated, where
plausible, else report date + 56 days)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from lessons.extraction.ages import date_of_death, deceased_age
from lessons.extraction.dates import RESPONSE_DAYS, day_of, stated_response_due
from lessons.extraction.lines import Line, join_text, span_of, split_lines
from lessons.extraction.people import join_names, pfd_deceased
from lessons.extraction.pfd_concerns import extract_concerns
from lessons.extraction.pfd_parties import coroner_and_area, recipient_names
from lessons.extraction.records import Age, Concern, Recipient, Section
from lessons.models import Page

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
# The template's first sentence of a section, which starts it where OCR lost the heading.
SECTION_ANCHORS: dict[str, re.Pattern[str]] = {
    "inquest": re.compile(
        r"\b(?:commenced|opened)\s+an?\s+(?:investigation|inquest)\s+into\s+the\s+death", re.I
    ),
    "concerns": re.compile(
        r"During\s+the\s+course\s+of\s+(?:the|this|these|my)\s+(?:inquests?|investigations?)\b[^.]{0,80}?\brise\s+"
        r"to\s+concern|MATTERS?\s+OF\s+CONCERN\s+(?:is|are)\s+as\s+follows",
        re.I,
    ),
    "action": re.compile(
        r"In\s+my\s+opinion,?\s+action\s+should\s+be\s+taken\s+to\s+prevent\s+future\s+deaths", re.I
    ),
    "response": re.compile(r"\bare\s+under\s+a\s+duty\s+to\s+respond\s+to\s+this\s+report", re.I),
    "copies": re.compile(
        r"\bhave\s+sent\s+a\s+copy\s+of\s+(?:my|this)\s+report\s+to\s+the\s+Chief\s+Coroner", re.I
    ),
}
# Words each anchor has: a cheap test before its search.
_ANCHOR_WORDS = {
    "inquest": ("into the death",),
    "concerns": ("rise to concern", "as follows"),
    "action": ("prevent future deaths",),
    "response": ("duty to respond",),
    "copies": ("chief coroner",),
}


@dataclass(frozen=True)
class PfdReport:
    sections: tuple[Section, ...]
    coroner: str | None
    area: str | None
    deceased: str | None  # everyone who died, as one name or "A, B and C"
    deceased_names: tuple[str, ...]
    deceased_age: Age | None
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
    response_text = join_text([line.text for line in body.get("response", [])])
    stated_due = stated_response_due(response_text, report_date) or stated_response_due(text, report_date)
    response_due = stated_due or _plus_days(report_date, RESPONSE_DAYS)
    inquest = join_text([line.text for line in body.get("inquest", [])])
    recipients = tuple(Recipient(name, response_due) for name in recipient_names(body.get("sent_to", [])))
    circumstances = join_text([line.text for line in body.get("circumstances", [])])
    deceased = pfd_deceased(inquest, circumstances, text)
    return PfdReport(
        sections=sections,
        coroner=coroner,
        area=area,
        deceased=join_names(deceased),
        deceased_names=deceased,
        deceased_age=deceased_age(text, pages, report_date),
        date_of_death=date_of_death(text, report_date),
        recipients=recipients,
        response_due=response_due,
        report_date=report_date,
        concerns=tuple(extract_concerns(body.get("concerns", []), pages)),
    )


def _body(lines: list[Line], first: int, end: int, name: str) -> list[Line]:
    """A section's text: what follows its heading on the heading's own line (template tables put it there),
    then the lines up to the next heading, without the template's bare row numbers."""
    heading = lines[first]
    pattern = dict(SECTION_HEADINGS)[name]
    match = pattern.search(heading.text)
    # A section found by its first sentence (its heading lost to OCR) keeps that sentence.
    rest = heading.text[match.end() :].lstrip(" :–-") if match else heading.text
    body = []
    if rest:
        offset = heading.end - len(rest)
        body.append(Line(offset, heading.end, rest))
    body.extend(line for line in lines[first + 1 : end] if not _BARE_NUMBER.match(line.text))
    return body


_BARE_NUMBER = re.compile(r"^\d{1,2}\.?$")


def _sections(lines: list[Line]) -> dict[str, tuple[int, int]]:
    starts = _section_starts(lines, {})
    found = {name for _, name in starts}
    missing = {name: anchor for name, anchor in SECTION_ANCHORS.items() if name not in found}
    if missing:  # headings OCR lost: the section's first template sentence starts it
        text = "\n".join(line.text for line in lines).lower()
        missing = {
            name: anchor
            for name, anchor in missing.items()
            if any(word in text for word in _ANCHOR_WORDS[name]) and anchor.search(text)
        }
    if missing:
        starts = _section_starts(lines, missing)
    if not starts:
        return {}
    bounds = {}
    for (index, name), following in zip(starts, [*starts[1:], (len(lines), "")], strict=True):
        bounds[name] = (index, following[0])
    return bounds


def _section_starts(lines: list[Line], anchors: dict[str, re.Pattern[str]]) -> list[tuple[int, str]]:
    starts: list[tuple[int, str]] = []
    anchored = [(order, anchors[name]) for order, (name, _) in enumerate(SECTION_HEADINGS) if name in anchors]
    expected = 0  # template order: a heading is only taken after the ones before it
    for index, line in enumerate(lines):
        for order in range(expected, len(SECTION_HEADINGS)):
            name, pattern = SECTION_HEADINGS[order]
            # The closing "9" (date and name) only counts after "COPIES and PUBLICATION": inquest findings
            # are often numbered too.
            if pattern.search(line.text) and (name != "signature" or any(n == "copies" for _, n in starts)):
                break
        else:
            order = next((o for o, anchor in anchored if o >= expected and anchor.search(line.text)), -1)
            if order == -1:
                continue
        starts.append((index, SECTION_HEADINGS[order][0]))
        expected = order + 1
    return starts


def _plus_days(iso: str | None, days: int) -> str | None:
    day = day_of(iso)
    return (day + timedelta(days=days)).isoformat() if day else None
