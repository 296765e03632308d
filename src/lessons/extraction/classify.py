"""Document type and review kind, from cues that recur across documents of each type: the PFD template's
headings, letter structure, press-release conventions, report titles. Each decision keeps its evidence."""

from __future__ import annotations

import re

from lessons.extraction.metadata import MONTH
from lessons.extraction.records import Decision

# (document type, a lower-case substring every match contains or None, cue, weight); a cue counts once. Weights: a template heading or title wording decides alone,
# letter and press conventions add up.
_TYPE_CUES: list[tuple[str, str | None, re.Pattern[str], float]] = [
    # Template headings start a line; a response's "your Report to Prevent Future Deaths" does not count.
    (
        "pfd_report",
        "prevent",
        re.compile(r"^\s*(?:REGULATION\s+28:?\s+)?REPORT\s+TO\s+PREVENT\s+FUTURE\s+DEATHS", re.I | re.M),
        3.0,
    ),
    ("pfd_report", "being sent", re.compile(r"THIS REPORT IS BEING SENT TO", re.I), 3.0),
    ("pfd_report", "concerns", re.compile(r"^\s*(?:5\.?\s+)?CORONER[’']?S\s+CONCERNS", re.I | re.M), 2.0),
    ("pfd_report", "your response", re.compile(r"\bYOUR RESPONSE\b"), 1.0),
    (
        "pfd_response",
        "report",
        re.compile(r"\b(?:your|the)\s+(?:Regulation\s+28|Prevention\s+of\s+Future\s+Deaths?)\s+report", re.I),
        2.5,
    ),
    (
        "pfd_response",
        "respon",
        re.compile(
            r"\bresponding to your\b|\bin response to (?:your|the) (?:Regulation|report|letter)", re.I
        ),
        1.5,
    ),
    ("pfd_response", "coroner", re.compile(r"\b(?:HM|Senior|Assistant|Area)\s+Coroner\b"), 1.0),
    ("pfd_response", "dear", re.compile(r"^Dear\b", re.M), 1.0),
    ("pfd_response", "yours", re.compile(r"\bYours\s+(?:sincerely|faithfully)\b", re.I), 1.0),
    (
        "press_statement",
        None,
        re.compile(r"\b(?:press\s+release|media\s+enquiries|notes\s+to\s+editors|press\s+office)\b", re.I),
        2.0,
    ),
    ("press_statement", "ends", re.compile(r"^Ends\.?$", re.M | re.I), 2.0),
    ("press_statement", None, re.compile(r"^(?:Statement\s+from|Publication\s+of)\b", re.M | re.I), 2.0),
    (
        "press_statement",
        None,
        re.compile(r"\b(?:has\s+today|is\s+(?:today\s+)?publishing|published\s+today)\b", re.I),
        2.0,
    ),
    (
        "press_statement",
        "published",
        re.compile(rf"\bpublished\s+(?:on\s+)?(?:\d{{1,2}}\w*\s+)?{MONTH}\s+\d{{4}}", re.I),
        1.5,
    ),
    (
        "board_response",
        "response",
        re.compile(
            r"\b(?:LSCB|Board|Partnership)[’']?s?\s+Response\b|\bResponse\s+to\s+(?:the\s+)?"
            r"(?:Serious\s+Case|Safeguarding|Child\s+Safeguarding|Practice)\s+Reviews?",
            re.I,
        ),
        3.0,
    ),
    (
        "board_response",
        None,
        re.compile(
            r"\bLearning\s+and\s+Improvement\s+(?:Report|Plan)\b|\bActions?\s+taken\s+and\s+changes\s+made\b",
            re.I,
        ),
        2.0,
    ),
    (
        "board_response",
        "action plan",
        re.compile(r"\baction\s+plan\b.{0,40}\b(?:RAG|lead\s+agency|target\s+date)\b", re.I | re.S),
        2.0,
    ),
    (
        "review_summary",
        None,
        re.compile(
            r"\bEXECUTIVE\s+SUMMARY\b|\b7[\s-]*minute\s+briefing\b|\bLearning\s+Brief(?:ing)?\b", re.I
        ),
        3.0,
    ),
    ("review_report", "overview report", re.compile(r"\bOverview\s+Report\b", re.I), 1.0),
    ("review_report", "terms of reference", re.compile(r"\bTerms\s+of\s+Reference\b", re.I), 0.5),
]
# Review kinds, most specific first (a Local Child Safeguarding Practice Review is not a plain CSPR).
_KIND_CUES: list[tuple[str, tuple[str, ...], re.Pattern[str]]] = [
    (
        "lcspr",
        ("practice review", "lcspr"),
        re.compile(r"\bLocal\s+Child\s+Safeguarding\s+Practice\s+Reviews?\b|\bLCSPR\b", re.I),
    ),
    (
        "cspr",
        ("practice review", "cspr"),
        re.compile(r"\bChild\s+Safeguarding\s+Practice\s+Reviews?\b|\bCSPR\b", re.I),
    ),
    (
        "cpr",
        ("practice review", "cpr"),
        re.compile(r"\b(?:Concise|Extended)?\s*Child\s+Practice\s+Reviews?\b|\bCPR\b"),
    ),
    (
        "sar",
        ("adults review", "adult review", "sar"),
        re.compile(r"\bSafeguarding\s+Adults?\s+Reviews?\b|\bSARs?\b"),
    ),
    (
        "dhr",
        ("homicide", "death review", "dhr"),
        re.compile(r"\bDomestic\s+(?:Homicide|Abuse\s+Related\s+Death)\s+Reviews?\b|\bDHRs?\b", re.I),
    ),
    ("scr", ("serious case", "scr"), re.compile(r"\bSerious\s+Case\s+Reviews?\b|\bSCRs?\b", re.I)),
    ("cdop", ("overview panel", "cdop"), re.compile(r"\bChild\s+Death\s+Overview\s+Panel\b|\bCDOP\b", re.I)),
    ("learning_review", ("learning review",), re.compile(r"\bLearning\s+Review\b", re.I)),
]
_LONG_REPORT = 60_000  # characters: overview reports are long, summaries and letters short
_WINDOW = 20_000  # characters read for cues and mentions: what a document is shows in its first pages


def classify(text: str) -> tuple[Decision, Decision]:
    return _doc_type(text), _review_kind(text)


def _doc_type(text: str) -> Decision:
    scores: dict[str, float] = {}
    evidence: dict[str, str] = {}
    # Letters, press releases and summaries announce themselves at the top; a report's wording may come later,
    # but within its first pages (long reports are read in part: classification stays fast).
    head, body = text[:3000], text[:_WINDOW]
    lowered_head, lowered_body = head.lower(), body.lower()
    for doc_type, needle, cue, weight in _TYPE_CUES:
        at_top = doc_type in ("pfd_response", "press_statement", "review_summary")
        signs_off = doc_type == "pfd_response" and weight <= 1.0  # may be in the sign-off, looked at below
        if needle and needle not in (lowered_head if at_top else lowered_body) and not signs_off:
            continue  # a substring test is much cheaper than a scan
        match = cue.search(head if at_top else body)
        if match is None and doc_type == "pfd_response" and weight <= 1.0:
            match = cue.search(text[-1500:])  # sign-off
        if match is not None:
            scores[doc_type] = scores.get(doc_type, 0.0) + weight
            evidence.setdefault(doc_type, " ".join(match.group().split()))
    if len(text) > _LONG_REPORT and "review_report" in scores:
        scores["review_report"] += 2.0
    if not scores:
        return Decision("other", 0.3, None)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 2.0:
        return Decision("other", 0.3, evidence.get(best))
    total = sum(scores.values())
    return Decision(
        best, round(min(0.99, scores[best] / total * min(1.0, scores[best] / 4)), 2), evidence[best]
    )


def _review_kind(text: str) -> Decision:
    counts: dict[str, tuple[int, str]] = {}
    window = text[:_WINDOW]
    lowered = window.lower()
    for kind, needles, cue in _KIND_CUES:
        if not any(needle in lowered for needle in needles):
            continue
        found = cue.findall(window)
        if found:
            counts[kind] = (len(found), " ".join(str(found[0]).split()))
    if not counts:
        return Decision(None, 0.0, None)
    best = max(counts, key=lambda k: counts[k][0])
    total = sum(n for n, _ in counts.values())
    return Decision(best, round(counts[best][0] / total, 2), counts[best][1])
