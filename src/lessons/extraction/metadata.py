"""Document metadata: its own date, issuer, area, addressee and the subjects the case is about."""

from __future__ import annotations

import re

# Re-exported: other modules and tests import these from here.
from lessons.extraction.dates import MONTH as MONTH
from lessons.extraction.dates import MONTHS as MONTHS
from lessons.extraction.dates import document_date as document_date
from lessons.extraction.dates import find_date
from lessons.extraction.dates import iso_date as iso_date
from lessons.extraction.issuers import issuer_and_area as issuer_and_area
from lessons.extraction.issuers import letter_signatory_organisation as letter_signatory_organisation
from lessons.extraction.subjects import subjects as subjects

_ADDRESSEE = re.compile(
    r"^(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Professor|Sir)\.?[ \t]+)[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3})"
    r"(?:[,\s]+(?P<role>(?:HM\s+|Her\s+Majesty[’']s\s+)?(?:Senior\s+|Assistant\s+|Area\s+)?Coroner))?",
    re.M,
)


def letter_addressee(text: str) -> str | None:
    """The person a letter is addressed to (name and role), from the address block above "Dear"."""
    dear = re.search(r"^Dear\b", text, re.M)
    block = text[: dear.start()] if dear else text[:1500]
    for match in _ADDRESSEE.finditer(block):
        role = match.group("role")
        if role is None:  # the role on the next line ("Mr G.U. Williams\nHM Coroner")
            after = block[match.end() : match.end() + 40].lstrip()
            role_line = re.match(r"(?:HM\s+|Senior\s+|Assistant\s+|Area\s+)*Coroner\b", after)
            role = role_line.group() if role_line else None
        return f"{match.group('name').strip()}, {role}" if role else match.group("name").strip()
    return None


_REFERRED_REPORT = re.compile(
    r"\b(?:your|the)\s+(?:Regulation\s+28\s+|Prevention\s+of\s+Future\s+Deaths\s+|PFD\s+)?(?:report|letter)"
    r"[^.]{0,80}?\bdated\s+(?:the\s+)?(?P<date>[^,.;)\n]{6,30})",
    re.I,
)


def referred_report_date(text: str) -> str | None:
    """In a response: the date of the coroner's report (or covering letter) it answers."""
    match = _REFERRED_REPORT.search(text)
    return find_date(match.group("date")) if match else None
