"""A document's own date (publication, report or letter date) among the others it mentions (births, deaths,
meetings, deadlines): the best-labelled date of its opening; for a PFD report, the date it is signed; for a
response to one, the date of the report it answers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from lessons.extraction.dates.phrases import (
    MONTH,
    SHORT_NUMERIC_DATE,
    YEAR,
    date_matches,
    day_of,
    find_date,
    first_day_date,
    iso_date,
)
from lessons.extraction.lines import blank_spans, lower_case

_YEAR_ONLY = re.compile(r"\b(?P<year>(?:19|20)\d\d)(?!\s*[\d/–—-]\s*\d)")

_HEAD_LINES = 40
_HEAD_CHARS = 3000
_TITLE_LINES = 12
# Label words, the weight they give the date they introduce at the start of a clause, and the weight inside a
# sentence (None: not the document's date there). A negative word rules the date out.
_LABELS: dict[str, tuple[int, int | None]] = {
    "published": (5, None),
    "publication": (5, None),
    "posted": (5, None),
    "released": (5, None),
    "issued": (5, None),
    "updated": (5, None),
    "today": (5, 5),
    "date": (4, None),
    "dated": (4, None),
    "completed": (4, None),
    "approved": (4, None),
    "ratified": (4, None),
    "agreed": (4, None),
    "final": (4, None),
    "signed": (4, None),
    "answered": (4, 4),
    "meeting": (4, None),
}
_NEGATIVE = {
    "birth", "born", "dob", "d.o.b", "death", "died", "dod", "d.o.d", "murder", "murdered", "killed",
    "killing", "inspection", "incident", "inquest", "asked", "range", "revised", "referral", "referred",
    "arrested", "sentenced", "convicted", "admitted", "discharged", "held", "commenced", "opened",
    "occurred", "period", "deadline", "due",
}  # fmt: skip
_FIELD_AFTER = re.compile(r"^(?:\s+[A-Za-z]+){0,2}\s*:")
# Words that may stand between a label and its date: "Published on", "Posted by Jo Bloggs at".
_GAP_WORDS = {
    "by",
    "the",
    "on",
    "at",
    "in",
    "of",
    "a",
    "an",
    "for",
    "its",
    "this",
    "version",
    "report",
    "draft",
    "day",
}
_LABEL_WORD = re.compile(r"[a-z](?:\.?[a-z])*\.?", re.I)
# The preposition of a date in running text: "on 3 May", "in June 2016", "between ... and".
_PROSE_BEFORE = re.compile(
    r"\b(?:on|in|at|by|during|since|from|until|till|between|before|after|of|and|to|the)\s*\(?\s*$", re.I
)
_WEEKDAY_BEFORE = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s*,?\s*$", re.I)
_RANGE_AFTER = re.compile(rf"\s*(?:-|–|—|to|until)\s*(?:\d|ongoing|present|now|{MONTH})", re.I)
_RANGE_BETWEEN = re.compile(r"\s*(?:-|–|—|to|and)\s*")
_OTHER_DOCUMENT = re.compile(
    r"\b(?:report|letter|e-?mail|correspondence|response|request)\s*,?\s*(?:which\s+was\s+)?dated\s*$", re.I
)
_STATUTE_YEAR = re.compile(r"\b(?:Act|Regulations?|Together|Guidance|Rules|Order|Care|Children)\s*$")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)", re.I)
_CLAUSE_END = re.compile(r"[.!?]\s+(?=[A-Z“\"'(])|[|•;]")
_BARE_LABEL_LINE = re.compile(r"^(?:[A-Za-z.]+\s+){0,3}[A-Za-z.]+\s*:?$")


@dataclass(frozen=True)
class _Candidate:
    value: str
    start: int
    score: int


def document_date(text: str, doc_type: str | None) -> str | None:
    """A document's own date: for a PFD report its report date (see `pfd_report_date`); otherwise the best
    dated line of its opening (a labelled date, "Published ...", "Updated ...", "today (...)", a dateline, a
    date standing alone or closing a title line), never a date of birth, death, meeting or deadline."""
    if doc_type == "pfd_report":
        return pfd_report_date(text).value
    return opening_date(text)


def opening_date(text: str, ignore: Sequence[tuple[int, int]] = ()) -> str | None:
    """The best-scored date of the opening lines, made more precise by an agreeing fuller date. Text in the
    `ignore` spans (an action plan's rows, whose dates are targets) is read as blank."""
    head = blank_spans(text[:_HEAD_CHARS], ignore)
    lines = _opening_lines(head)
    if not lines:
        return None
    # One scan of the opening for dates; only the lines they stand on are looked at closely.
    head = head[: lines[-1][0] + len(lines[-1][1])]
    starts = [start for start, _ in lines]
    title_start, title_line = lines[min(_TITLE_LINES, len(lines)) - 1]
    title_end = title_start + len(title_line)
    matches = [m for m in date_matches(head) if "\n" not in m.group()]
    spans = [m.span() for m in matches]
    # A two-digit year ("approved by the Board 19.10.11"): in the title block, and kept only after a label.
    shorts = [
        m
        for m in SHORT_NUMERIC_DATE.finditer(head, 0, title_end)
        if not (m.start() and head[m.start() - 1].isalnum()) and not _overlaps(m.span(), spans)
    ]
    by_line: dict[int, list[_Dated]] = {}
    for match in sorted([*matches, *shorts], key=lambda m: m.start()):
        index = bisect_right(starts, match.start()) - 1
        offset = starts[index]
        dated = _Dated(
            match.start() - offset, match.end() - offset, iso_date(match), match.re is SHORT_NUMERIC_DATE
        )
        by_line.setdefault(index, []).append(dated)
    # Lines that may hold a year alone: the title block's, and a copyright line.
    for at in (m.start() for m in YEAR.finditer(head, 0, title_end)):
        by_line.setdefault(bisect_right(starts, at) - 1, [])
    for at in (head.find(mark) for mark in ("©", "opyright", "OPYRIGHT")):
        if at != -1:
            by_line.setdefault(bisect_right(starts, at) - 1, [])
    candidates = [c for i in sorted(by_line) for c in _line_candidates(lines, i, by_line[i])]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.score, -c.start))
    finer = [c for c in candidates if c.value.startswith(best.value) and len(c.value) > len(best.value)]
    if finer:
        return max(finer, key=lambda c: (len(c.value), c.score, -c.start)).value
    return best.value


@dataclass(frozen=True)
class _Dated:
    """A date on a line: where it stands (in the line), its ISO value, whether it has a two-digit year."""

    start: int
    end: int
    value: str | None
    short: bool = False


def _opening_lines(head: str) -> list[tuple[int, str]]:
    """The first non-empty lines of `head`, stripped, each with where it starts."""
    lines = []
    offset = 0
    for raw in head.split("\n"):
        text = raw.strip()
        if text:
            lines.append((offset + len(raw) - len(raw.lstrip()), text))
            if len(lines) == _HEAD_LINES:
                break
        offset += len(raw) + 1
    return lines


def _line_candidates(lines: list[tuple[int, str]], index: int, dates: list[_Dated]) -> list[_Candidate]:
    line_start, text = lines[index]
    candidates = []
    previous_end = 0
    previous_label = lines[index - 1][1] if index and _BARE_LABEL_LINE.match(lines[index - 1][1]) else ""
    for dated in dates:
        window = _clause(text[previous_end : dated.start])
        is_range = _RANGE_AFTER.match(text, dated.end) is not None or (
            previous_end and _RANGE_BETWEEN.fullmatch(text, previous_end, dated.start)
        )
        previous_end = dated.end
        if dated.value is None or is_range:
            continue
        if not window.strip() and previous_label:
            window = previous_label + " "
        score = _score(text, dated.start, dated.end, window, index, line_start)
        if dated.short and score < 4:
            continue
        if score > 0:
            candidates.append(_Candidate(dated.value, line_start + dated.start, score))
    if not candidates and (index < _TITLE_LINES or "©" in text or "opyright" in text):
        candidates.extend(_year_candidates(text, index, line_start, [(d.start, d.end) for d in dates]))
    return candidates


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _clause(before: str) -> str:
    """The words before a date, from the start of their clause."""
    ends = list(_CLAUSE_END.finditer(before))
    return before[ends[-1].end() :] if ends else before


def _score(text: str, start: int, end: int, window: str, index: int, line_start: int) -> int:
    """How surely this date is the document's own: 5 publication label, 4 date label or dateline, 3 alone on
    its line or opening it, 2 in a title line, 0 in running text or after a negative word."""
    words = _LABEL_WORD.findall(window)
    label = _label_weight(window)
    if label is not None:
        return label
    if _PROSE_BEFORE.search(window):
        return 0
    residue = (text[:start] + " " + text[end:]).strip(" \t,.:;–—-()[]|")
    if _WEEKDAY_BEFORE.search(window) and len(words) <= 3:
        return 4
    if not residue or re.fullmatch(r"(?:Page\s+)?\d+(?:\s+of\s+\d+)?", residue):
        return 3
    if start == 0 and (re.match(r"\s*[:–—(-]", text[end:]) or len(text.split()) <= 12):
        return 3
    first_sentence = not re.search(r"[.!?]\s", text[:start])
    title_line = index < _TITLE_LINES and len(text.split()) <= 14 and first_sentence
    opening = line_start + start < 150 and first_sentence
    return 2 if title_line or opening else 0


def _label_weight(window: str) -> int | None:
    """The weight the nearest label word gives (None when there is none). A negative word rules the date out;
    a label counts in full as a field label ("Review completed:") or near the start of its clause with only
    names and small words before the date ("Posted by Jo Bloggs at"), and less inside a sentence."""
    if _OTHER_DOCUMENT.search(window):
        return 0
    tokens = list(_LABEL_WORD.finditer(window))
    words = [t.group().lower().rstrip(".") for t in tokens]
    for position in range(len(words) - 1, -1, -1):
        word = words[position]
        if word in _NEGATIVE:
            return 0
        if word not in _LABELS:
            continue
        start_weight, prose_weight = _LABELS[word]
        field = _FIELD_AFTER.match(window[tokens[position].end() :]) is not None
        gap = [t.group() for t in tokens[position + 1 :]]
        plain_gap = len(gap) <= 6 and all(g[0].isupper() or g.lower() in _GAP_WORDS for g in gap)
        weight = start_weight if plain_gap and (field or position <= 4) else prose_weight
        if weight is None:
            return 0
        # "Publication date:" is a publication label; "Date of inspection" was ruled out above.
        if any(w in ("published", "publication") for w in words[max(0, position - 2) : position]):
            weight = max(weight, 5)
        # "Inspection report published ...", "(revised for publication ...)": weak.
        if word != "today" and any(w in _NEGATIVE for w in words[:position]):
            weight = 1
        return weight
    return None


def _year_candidates(
    text: str, index: int, line_start: int, spans: list[tuple[int, int]]
) -> list[_Candidate]:
    """A year alone: closing a title line ("Serious Case Reviews in Suffolk 2017", "... (2025)"), standing on
    its own line, or in a copyright line."""
    found = []
    for match in _YEAR_ONLY.finditer(text):
        after = text[match.end() :].strip(" )].")
        before = text[: match.start()]
        if (
            _overlaps(match.span(), spans)
            or _STATUTE_YEAR.search(before)
            or re.search(r"\d\s*[-–—/]\s*$", before)
        ):
            continue
        if _COPYRIGHT.search(before):
            found.append(_Candidate(match.group("year"), line_start + match.start(), 1))
        elif (
            not after
            and index < _TITLE_LINES
            and len(text.split()) <= 12
            and not _PROSE_BEFORE.search(before)
        ):
            found.append(_Candidate(match.group("year"), line_start + match.start(), 2))
    return found


# --- PFD reports ---------------------------------------------------------------------------------------------

RESPONSE_DAYS = 56
_SIGNATURE_WORDS = 10  # besides the date: "9", "Signed:", a name and a role ("HM Senior Coroner for Y")
ESTIMATED_FROM_DEADLINE = "date: the report's date is its response deadline less 56 days (no readable date)"
_REPORT_DATE_LABEL = re.compile(r"^Date\s+of\s+(?:the\s+)?report\s*:?\s*(?P<date>.+)$", re.I | re.M)
_RESPONSE_HEADING = re.compile(
    r"^(?:\d{1,2}\.?\s*)?(?:YOUR\s+RESPONSE|COPIES\s+(?:and|&)\s+PUBLICATION)", re.I | re.M
)
_DEADLINE_BEFORE = re.compile(
    r"(?:namely|no\s+later\s+than|on\s+or\s+before|\bby|\bbefore|\buntil|within\s+56\s+days)\W*(?:the\s+)?$",
    re.I,
)


def _last_response_heading(text: str) -> int | None:
    """Where the last "YOUR RESPONSE" or "COPIES and PUBLICATION" heading ends: the lines that hold the key
    words last are found with plain searches from the end, and the heading pattern is tried at their start."""
    ends = []
    for word in ("RESPONSE", "Response", "response", "COPIES", "Copies"):
        at = text.rfind(word)
        if at != -1:
            heading = _RESPONSE_HEADING.match(text, text.rfind("\n", 0, at) + 1)
            if heading is not None:
                ends.append(heading.end())
    if ends:
        return max(ends)
    headings = list(_RESPONSE_HEADING.finditer(text))  # a heading's words used again later, in prose
    return headings[-1].end() if headings else None


@dataclass(frozen=True)
class DocumentDate:
    """A date and, when it was worked out rather than read, a note that says how."""

    value: str | None
    note: str | None = None


def pfd_report_date(text: str) -> DocumentDate:
    """A coroner's report's date: the web page's "Date of report:", else the date signed after the response
    section ("9 Jane Doe, 2nd February 2022"), never the response deadline ("namely by ..."). As a last resort,
    when no date is readable there, the stated deadline less 56 days, with a note saying so."""
    head = _REPORT_DATE_LABEL.search(text[:3000])
    if head and (found := find_date(head.group("date"))):
        return DocumentDate(found)
    heading = _last_response_heading(text)
    tail = text[heading:] if heading is not None else "\n".join(text.splitlines()[-12:])
    for line in reversed(tail.splitlines()):
        for match in reversed(date_matches(line)):
            # A signature: the date and a name ("9 Jane Doe, 2nd May 2022"), not a sentence with a date in it.
            rest = len(line[: match.start()].split()) + len(line[match.end() :].split())
            if rest > _SIGNATURE_WORDS or _DEADLINE_BEFORE.search(line[: match.start()]):
                continue
            if value := iso_date(match):
                return DocumentDate(value)
    stated = stated_response_due(text, None)
    if stated:
        estimated = date.fromisoformat(stated) - timedelta(days=RESPONSE_DAYS)
        return DocumentDate(estimated.isoformat(), ESTIMATED_FROM_DEADLINE)
    return DocumentDate(None)


# The sentence that sets the response date: "within 56 days of the date of this report, namely by 7 July
# 2023", "... this report, 5th March 2023", "respond to this report by Monday 13 November 2023". Tried on the
# lower-cased text, each starting with a literal word (fast to find).
_DUE = [
    re.compile(r"within(?<=\bwithin)\s+\d{1,3}\s+days\b"),
    re.compile(r"respond(?<=\brespond)\s+to\s+(?:this|the)\s+report\b"),
]
_DUE_WINDOW = 160
_SENTENCE_END = re.compile(r"\.(?:\s+[A-Z]|\s*$)")
# A stated date is taken only where it is plausible: the statutory period is 56 days, and a date before the
# report or months after it is a typing slip (a wrong year, most often).
PLAUSIBLE_DUE_DAYS = range(28, 121)


def stated_response_due(text: str, report_date: str | None) -> str | None:
    """The date the report sets for responses, where it sets a plausible one."""
    report = day_of(report_date)
    lowered = lower_case(text)
    for match in sorted((m for pattern in _DUE for m in pattern.finditer(lowered)), key=lambda m: m.start()):
        rest = text[match.end() : match.end() + _DUE_WINDOW].split("\n", 1)[0]
        end = _SENTENCE_END.search(rest)
        due = first_day_date(rest[: end.start()] if end else rest, report)
        if due is None:
            continue
        if report is None or (due - report).days in PLAUSIBLE_DUE_DAYS:
            return due.isoformat()
        return None
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
