"""Dates: finding them as documents write them (OCR slips included) and choosing the one a document carries as
its own (publication, report or letter date) among the others it mentions (births, deaths, meetings, deadlines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from lessons.extraction.lines import Line, split_lines

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# Full names first: "Jun" must not stop the match inside "June".
_ANY_MONTH = (
    r"(?P<month>(?i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d/-]\d)"
# A day as OCR reads it: "21st", "21*", '16"', "1st" as "Ist"/"lst" (a letter for the 1 needs the "st").
_DAY = r"\b(?P<day>[0-3]?\d|[Il|]\d|\d[Il|]|[Il|](?=st))(?:\s?(?i:st|nd|rd|th)\b|[*\"“”'’°º^]+)?"
DAY_DATE = re.compile(rf"{_DAY}\s*(?:day\s+)?(?:of\s+)?{_ANY_MONTH},?\s*{_YEAR}")
MONTH_DAY_DATE = re.compile(rf"{_ANY_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}")
MONTH_DATE = re.compile(rf"\b{_ANY_MONTH},?\s+{_YEAR}")
# "20/04/2023", "20.4. 2023", "29-05-2025": the same separator twice, spaces tolerated.
NUMERIC_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)\s?(?P<sep>[/.-])\s?(?P<month>[01]?\d)\s?(?P=sep)\s?(?P<year>(?:19|20)\d\d)(?!\d)"
)
# "19.10.11": a two-digit year, trusted only after a label ("approved by the Board 19.10.11").
_SHORT_NUMERIC_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)(?P<sep>[/.])(?P<month>[01]?\d)(?P=sep)(?P<year>\d\d)(?![\d/.]\d)"
)
_YEAR_ONLY = re.compile(r"\b(?P<year>(?:19|20)\d\d)(?!\s*[\d/–—-]\s*\d)")
_FULL_PATTERNS = (DAY_DATE, MONTH_DAY_DATE, NUMERIC_DATE, MONTH_DATE)


def iso_date(match: re.Match[str]) -> str | None:
    """The ISO date a match gives, at its precision: "2014-05-29", "2014-05" or "2014"."""
    groups = match.groupdict()
    year_text = groups["year"]
    year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    month_text = (groups.get("month") or "").rstrip(".").lower()
    if not month_text:
        return f"{year:04d}"
    month = int(month_text) if month_text.isdigit() else _month_number(month_text)
    if month is None or not 1 <= month <= 12:
        return None
    day_text = groups.get("day")
    if day_text:
        try:
            return date(year, month, int(day_text.translate(_OCR_DIGITS))).isoformat()
        except ValueError:
            return None
    return f"{year:04d}-{month:02d}"


_OCR_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1"})


def _month_number(name: str) -> int | None:
    return MONTHS.get(name) or next((n for m, n in MONTHS.items() if m.startswith(name[:3])), None)


def find_date(text: str) -> str | None:
    """The first full or month date in `text`, at the precision it gives."""
    for pattern in _FULL_PATTERNS:
        match = pattern.search(text)
        if match is not None:
            return iso_date(match)
    return None


def date_matches(text: str) -> list[re.Match[str]]:
    """Every full, numeric or month date in `text`, in order, the longest where two overlap."""
    found = sorted(
        (m for pattern in _FULL_PATTERNS for m in pattern.finditer(text)), key=lambda m: (m.start(), -m.end())
    )
    kept: list[re.Match[str]] = []
    for match in found:
        if not kept or match.start() >= kept[-1].end():
            kept.append(match)
    return kept


# --- Which date is the document's own --------------------------------------------------------------------------

_HEAD_LINES = 60
_HEAD_CHARS = 5000
_TITLE_LINES = 12
# Label words, the weight they give the date they introduce at the start of a clause, and the weight inside a
# sentence (None: not the document's date there). A negative word rules the date out.
_LABELS: dict[str, tuple[int, int | None]] = {
    "published": (5, 2),
    "publication": (5, 2),
    "posted": (5, 2),
    "released": (5, 2),
    "issued": (5, 2),
    "updated": (5, 2),
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
_RANGE_AFTER = re.compile(rf"^\s*(?:-|–|—|to|until)\s*(?:\d|ongoing|present|now|{MONTH})", re.I)
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


def opening_date(text: str) -> str | None:
    """The best-scored date of the opening lines, made more precise by an agreeing fuller date."""
    head = text[:_HEAD_CHARS]
    lines = split_lines(head)[:_HEAD_LINES]
    candidates = [c for i, line in enumerate(lines) for c in _line_candidates(lines, i)]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.score, -c.start))
    finer = [c for c in candidates if c.value.startswith(best.value) and len(c.value) > len(best.value)]
    if finer:
        return max(finer, key=lambda c: (len(c.value), c.score, -c.start)).value
    return best.value


def _line_candidates(lines: list[Line], index: int) -> list[_Candidate]:
    line = lines[index]
    text = line.text
    if not any(ch.isdigit() for ch in text):
        return []
    matches = date_matches(text)
    labelled_short = [m for m in _SHORT_NUMERIC_DATE.finditer(text) if not _overlaps(m, matches)]
    candidates = []
    previous_end = 0
    previous_label = lines[index - 1].text if index and _BARE_LABEL_LINE.match(lines[index - 1].text) else ""
    for match in sorted([*matches, *labelled_short], key=lambda m: m.start()):
        window = _clause(text[previous_end : match.start()])
        is_range = _RANGE_AFTER.match(text[match.end() :]) is not None or (
            previous_end and re.fullmatch(r"\s*(?:-|–|—|to|and)\s*", text[previous_end : match.start()])
        )
        previous_end = match.end()
        value = iso_date(match)
        if value is None or is_range:
            continue
        if not window.strip() and previous_label:
            window = previous_label + " "
        score = _score(text, match, window, index, line.start)
        if match.re is _SHORT_NUMERIC_DATE and score < 4:
            continue
        if score > 0:
            candidates.append(_Candidate(value, line.start + match.start(), score))
    if not candidates:
        candidates.extend(_year_candidates(text, index, line.start, matches))
    return candidates


def _overlaps(match: re.Match[str], others: list[re.Match[str]]) -> bool:
    return any(match.start() < o.end() and o.start() < match.end() for o in others)


def _clause(before: str) -> str:
    """The words before a date, from the start of their clause."""
    ends = list(_CLAUSE_END.finditer(before))
    return before[ends[-1].end() :] if ends else before


def _score(text: str, match: re.Match[str], window: str, index: int, line_start: int) -> int:
    """How surely this date is the document's own: 5 publication label, 4 date label or dateline, 3 alone on
    its line or opening it, 2 in a title line, 0 in running text or after a negative word."""
    words = _LABEL_WORD.findall(window)
    label = _label_weight(window)
    if label is not None:
        return label
    if _PROSE_BEFORE.search(window):
        return 0
    residue = (text[: match.start()] + " " + text[match.end() :]).strip(" \t,.:;–—-()[]|")
    if _WEEKDAY_BEFORE.search(window) and len(words) <= 3:
        return 4
    if not residue or re.fullmatch(r"(?:Page\s+)?\d+(?:\s+of\s+\d+)?", residue):
        return 3
    if match.start() == 0 and (re.match(r"\s*[:–—(-]", text[match.end() :]) or len(text.split()) <= 12):
        return 3
    first_sentence = not re.search(r"[.!?]\s", text[: match.start()])
    title_line = index < _TITLE_LINES and len(text.split()) <= 14 and first_sentence
    opening = line_start + match.start() < 150 and first_sentence
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
    text: str, index: int, line_start: int, matches: list[re.Match[str]]
) -> list[_Candidate]:
    """A year alone: closing a title line ("Serious Case Reviews in Suffolk 2017", "... (2025)"), standing on
    its own line, or in a copyright line."""
    found = []
    for match in _YEAR_ONLY.finditer(text):
        after = text[match.end() :].strip(" )].")
        before = text[: match.start()]
        if _overlaps(match, matches) or _STATUTE_YEAR.search(before) or re.search(r"\d\s*[-–—/]\s*$", before):
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
ESTIMATED_FROM_DEADLINE = "date: the report's date is its response deadline less 56 days (no readable date)"
_REPORT_DATE_LABEL = re.compile(r"^Date\s+of\s+(?:the\s+)?report\s*:?\s*(?P<date>.+)$", re.I | re.M)
_RESPONSE_HEADING = re.compile(
    r"^(?:\d{1,2}\.?\s*)?(?:YOUR\s+RESPONSE|COPIES\s+(?:and|&)\s+PUBLICATION)", re.I | re.M
)
_DEADLINE_BEFORE = re.compile(
    r"(?:namely|no\s+later\s+than|on\s+or\s+before|\bby|\bbefore|\buntil|within\s+56\s+days)\W*(?:the\s+)?$",
    re.I,
)
_DEADLINE = re.compile(
    r"within\s+56\s+days[^.]*?(?:namely\s+by|by|no\s+later\s+than|on\s+or\s+before)\s+(?:the\s+)?(?P<date>[^.\n]+)",
    re.I,
)


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
    headings = list(_RESPONSE_HEADING.finditer(text))
    tail = text[headings[-1].end() :] if headings else "\n".join(text.splitlines()[-12:])
    for line in reversed(tail.splitlines()):
        for match in reversed(date_matches(line)):
            if not _DEADLINE_BEFORE.search(line[: match.start()]) and (value := iso_date(match)):
                return DocumentDate(value)
    deadline = _DEADLINE.search(text)
    stated = find_date(deadline.group("date")) if deadline else None
    if stated and len(stated) == 10:
        estimated = date.fromisoformat(stated) - timedelta(days=RESPONSE_DAYS)
        return DocumentDate(estimated.isoformat(), ESTIMATED_FROM_DEADLINE)
    return DocumentDate(None)
