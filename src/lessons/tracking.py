"""Tracking rules, pure: response and action statuses, overdue and RAG at a given date, and how well a PFD
response matches a report (for linking the two).

The store records what users said; what depends on the date (overdue, a computed RAG rating, days overdue) is
computed here from a date passed in, so a test or a report can ask "as at" any day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from lessons.errors import QueryError

RESPONSE_STATUSES = ("accepted", "partially accepted", "not accepted", "noted")
ACTION_STATUSES = ("not started", "in progress", "complete")  # "overdue" is computed, never stored
RAG = ("red", "amber", "green")
EXTRACTED_STATUS = {"taken": "complete", "planned": "not started"}
DUE_SOON = timedelta(days=30)


def action_status(status: str, due: str | None, at: date) -> str:
    """The status as at `at`: an action not complete whose due date has passed is overdue."""
    if status != "complete" and due and parse_date(due, "due") < at:
        return "overdue"
    return status


def rag_rating(status: str, due: str | None, at: date, given: str | None = None) -> str:
    """The RAG rating users set, else: green when complete or comfortably in time, amber when due within 30
    days and not complete, red when overdue."""
    if given:
        return given
    current = action_status(status, due, at)
    if current == "overdue":
        return "red"
    if current != "complete" and due and parse_date(due, "due") - at <= DUE_SOON:
        return "amber"
    return "green"


def days_overdue(due: str, at: date) -> int:
    return (at - parse_date(due, "due")).days


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


def check_choice(value: str | None, choices: tuple[str, ...], field: str) -> None:
    if value is not None and value not in choices:
        raise QueryError(f"{field}: {value!r} is not one of {', '.join(choices)}")


# --- linking a PFD response to its report ---------------------------------------------------------------------

JUDICIARY_REF = re.compile(r"\b(20[12]\d-0\d{3})\b")
LINK_THRESHOLD = 0.5  # a suggested link scores at least this
_WORDS = re.compile(r"[a-z]+")
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "the",
    "of",
    "and",
    "for",
    "senior",
    "assistant",
    "area",
    "coroner",
}


@dataclass(frozen=True)
class LinkScore:
    score: float
    evidence: dict[str, str]  # includes "recipient" when the letter's author was one


def response_match(response: dict[str, object], report: dict[str, object]) -> LinkScore:
    """How well a response letter matches a report: the judiciary reference, the deceased's name, the report
    date the letter cites, the coroner it is addressed to, and whether its author was a recipient. Each
    field is a dict of the extraction's document-level fields plus `ref` and `date`."""
    score, evidence = 0.0, {}
    if response.get("ref") and response.get("ref") == report.get("ref"):
        score += 0.5
        evidence["ref"] = str(report["ref"])
    names = _name_words(response.get("deceased")), _name_words(report.get("deceased"))
    if names[0] and names[1]:
        same_surname = _surname(response.get("deceased")) == _surname(report.get("deceased"))
        if names[0] == names[1] or (same_surname and len(names[0] & names[1]) >= 2):
            score += 0.4
            evidence["deceased"] = str(report["deceased"])
        elif same_surname:
            score += 0.15
            evidence["deceased surname"] = str(report["deceased"])
    cited, dated = _date(response.get("report_date")), _date(report.get("date"))
    if cited and dated:
        if cited == dated:
            score += 0.3
            evidence["report date"] = dated.isoformat()
        elif abs((cited - dated).days) <= 7:
            score += 0.1
            evidence["report date within a week"] = dated.isoformat()
    coroners = _surname(response.get("coroner") or response.get("addressee")), _surname(report.get("coroner"))
    if coroners[0] and coroners[0] == coroners[1]:
        score += 0.15
        evidence["coroner"] = str(report["coroner"])
    recipient = _recipient(response.get("issuer"), report.get("recipients"))
    if recipient is not None:
        score += 0.15
        evidence["recipient"] = recipient
    written = _date(response.get("date"))
    if written and dated and written < dated:
        score -= 0.5  # a response cannot come before the report
    return LinkScore(round(min(score, 1.0), 3), evidence)


def _name_words(name: object) -> set[str]:
    return set(_WORDS.findall(str(name).lower())) - _TITLES if name else set()


def _surname(name: object) -> str | None:
    words = [w for w in _WORDS.findall(str(name or "").lower()) if w not in _TITLES]
    return words[-1] if words else None


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value and len(str(value)) >= 10 else None
    except ValueError:
        return None


def _recipient(issuer: object, recipients: object) -> str | None:
    """The recipient whose organisation the letter's issuer names (two or more shared words)."""
    if not issuer or not isinstance(recipients, list):
        return None
    words = _name_words(issuer) - {"children", "council", "nhs", "trust", "services", "service"}
    best, best_overlap = None, 1
    for recipient in recipients:
        name = recipient.get("name") if isinstance(recipient, dict) else recipient
        overlap = len(words & _name_words(name))
        if overlap > best_overlap:
            best, best_overlap = str(name), overlap
    return best
