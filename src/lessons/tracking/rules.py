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


# --- linking the documents of one case review ------------------------------------------------------------------

# The document a review's family gathers around: the full report if the library has it, else the summary.
REVIEW_FAMILY = ("review_report", "review_summary", "board_response", "press_statement")
REVIEW_LINK_THRESHOLD = 0.75  # a shared subject and a shared area (or issuer), not contradicted
_GENERIC_SUBJECTS = {"sibling", "siblings", "mother", "father", "parent", "parents", "baby", "child", "children",
                     "stepfather", "stepmother", "grandmother", "grandfather", "partner", "family"}  # fmt: skip
_ISSUER_WORDS = {"local", "safeguarding", "children", "childrens", "adults", "board", "partnership", "lscb",
                 "lsab", "scp", "community", "safety", "the", "of", "and", "for"}  # fmt: skip


_SAME_KIND = {"cspr", "lcspr"}


def review_match(document: dict[str, object], other: dict[str, object]) -> LinkScore:
    """How surely two documents (a summary, briefing, board response or press statement, and a report) concern
    the same case review: a pseudonymised subject they share ("Child R") and the same area or issuer, not
    contradicted by a different kind of review or dates years apart. Each is a document's extraction fields."""
    score, evidence = 0.0, {}
    shared = sorted(review_subjects(document) & review_subjects(other))
    if shared:
        score += 0.5
        evidence["subject"] = ", ".join(shared)
    area = _place(document.get("area")), _place(other.get("area"))
    issuer = (
        _name_words(document.get("issuer")) - _ISSUER_WORDS,
        _name_words(other.get("issuer")) - _ISSUER_WORDS,
    )
    if area[0] and area[0] == area[1]:
        score += 0.3
        evidence["area"] = str(other.get("area"))
    elif issuer[0] and issuer[0] == issuer[1]:
        score += 0.3
        evidence["issuer"] = str(other.get("issuer"))
    kinds = document.get("review_kind"), other.get("review_kind")
    if kinds[0] and kinds[1]:
        # A local review is often called a "Child Safeguarding Practice Review" in its own family's documents.
        score += 0.1 if kinds[0] == kinds[1] else 0.0 if set(kinds) <= _SAME_KIND else -0.4
    dates = _year(document.get("date")), _year(other.get("date"))
    if dates[0] and dates[1]:
        gap = abs(dates[0] - dates[1])
        score += 0.1 if gap <= 2 else -0.4 if gap > 4 else 0.0
    return LinkScore(round(max(min(score, 1.0), 0.0), 3), evidence)


def review_keys(fields: dict[str, object]) -> set[tuple[str, str, object]]:
    """Keys two documents share if `review_match` can rate them at REVIEW_LINK_THRESHOLD or more: a subject
    with the same area, or with the same issuer (without both, a pair scores at most 0.7). Comparing only
    documents that share a key keeps linking linear where a pseudonym ("Child A") recurs across many reviews."""
    place = _place(fields.get("area"))
    issuer = frozenset(_name_words(fields.get("issuer")) - _ISSUER_WORDS)
    keys: set[tuple[str, str, object]] = set()
    for subject in review_subjects(fields):
        if place:
            keys.add((subject, "area", place))
        if issuer:
            keys.add((subject, "issuer", issuer))
    return keys


def review_subjects(fields: dict[str, object]) -> set[str]:
    """The pseudonyms that can identify a review ("child r", "family a", "ew"), without generic words."""
    subjects = fields.get("subjects")
    if not isinstance(subjects, list):
        return set()
    return {
        s.strip().lower()
        for s in subjects
        if isinstance(s, str) and s.strip().lower() not in _GENERIC_SUBJECTS
    }


def _place(area: object) -> str | None:
    return " ".join(_WORDS.findall(str(area).lower())) or None if area else None


def _year(value: object) -> int | None:
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def review_heads(links: list[dict[str, object]]) -> dict[int, int]:
    """Each document in a review's family mapped to the family's review (the document the others link to),
    from `same_review` links that are not rejected; a chain (briefing -> summary -> report) ends at the last."""
    up = {
        int(str(link["source_id"])): int(str(link["target_id"]))
        for link in links
        if link["status"] != "rejected"
    }
    heads = {}
    for document in up:
        head, seen = document, {document}
        while head in up and up[head] not in seen:
            head = up[head]
            seen.add(head)
        heads[document] = head
    for head in set(heads.values()):
        heads[head] = head
    return heads


WORDING_THRESHOLD = 0.6  # share of a plan's recommendation words found in the review's recommendation
_WORD = re.compile(r"[a-z]{3,}")


def best_wording_match(words: str, recommendations: list[dict[str, object]]) -> int | None:
    """The id of the recommendation whose text holds most of `words` (a plan repeating a recommendation,
    perhaps shortened), when it holds at least WORDING_THRESHOLD of them and no other holds as many."""
    wanted = set(_WORD.findall(words.lower()))
    if len(wanted) < 3:
        return None
    scored = sorted(
        (
            (len(wanted & set(_WORD.findall(str(r["text"]).lower()))) / len(wanted), r["id"])
            for r in recommendations
        ),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] < WORDING_THRESHOLD or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    best = scored[0][1]
    return best if isinstance(best, int) else None
