"""Document type and review kind, each with its evidence.

The type comes from a small learned model (`lessons.extraction.doctype`): a multinomial logistic regression
over named cues for conventions that recur across real documents of each type, trained on labelled real
documents and shipped as weights. The review kind is the review the title block names; without one, the kind
the opening pages mention most."""

from __future__ import annotations

import re

from lessons.extraction.doctype import document_type
from lessons.extraction.records import Decision

# Review kinds, most specific first (a Local Child Safeguarding Practice Review is not a plain CSPR), each with
# lower-case needles one of which every match contains (a cheap test before the scan).
KIND_CUES: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    (
        "lcspr",
        ("practice review", "lcspr"),
        re.compile(r"\bLocal\s+Child\s+Safeguarding\s+Practice\s+Reviews?\b|\bLCSPR\b", re.I),
    ),
    (
        "cspr",
        ("practice review", "cspr"),
        re.compile(r"\b(?:National\s+)?Child\s+Safeguarding\s+Practice\s+Reviews?\b|\bCSPR\b", re.I),
    ),
    (
        "cpr",
        ("practice review", "cpr"),
        re.compile(r"\b(?:Concise|Extended)?\s*Child\s+Practice\s+Reviews?\b|\bCPR\b"),
    ),
    (
        "sar",
        ("adults review", "adult review", "adult safeguarding review", "sar"),
        re.compile(r"\bSafeguarding\s+Adults?\s+Reviews?\b|\bAdult\s+Safeguarding\s+Reviews?\b|\bSARs?\b"),
    ),
    (
        "dhr",
        ("homicide review", "death review", "dhr"),
        re.compile(r"\bDomestic\s+(?:Homicide|Abuse\s+Related\s+Death)\s+Reviews?\b|\bDHRs?\b", re.I),
    ),
    (
        "scr",
        ("serious case", "scr", "significant case"),
        re.compile(r"\bSerious\s+Case\s+Reviews?\b|\bSCRs?\b|\bSignificant\s+Case\s+Reviews?\b", re.I),
    ),
    ("cdop", ("overview panel", "cdop"), re.compile(r"\bChild\s+Death\s+Overview\s+Panel\b|\bCDOP\b", re.I)),
    ("learning_review", ("learning review",), re.compile(r"\bLearning\s+Review\b", re.I)),
)
MENTIONS_WINDOW = 20_000  # characters read for mentions when the title names no review


def classify(text: str) -> tuple[Decision, Decision]:
    """The document type of clean `text` (the model's probability as confidence, the cues that carried it as
    evidence) and its review kind."""
    doc_type, title = document_type(text)
    return doc_type, review_kind(text, title)


def review_kind(text: str, title: str) -> Decision:
    """The kind of review `title` (the document's title block) names, else the kind `text`'s opening pages
    mention most; with its wording as evidence."""
    named = _first_named(title)
    if named is not None:
        kind, words = named
        return Decision(kind, 0.9, f"title names the review: '{words}'")
    counts: dict[str, tuple[int, str]] = {}
    window = text[:MENTIONS_WINDOW]
    lowered = window.lower()
    for kind, needles, cue in KIND_CUES:
        if not any(needle in lowered for needle in needles):
            continue
        found = cue.findall(window)
        if found:
            counts[kind] = (len(found), " ".join(str(found[0]).split()))
    if not counts:
        return Decision(None, 0.0, None)
    best = max(counts, key=lambda k: counts[k][0])
    total = sum(n for n, _ in counts.values())
    return Decision(
        best, round(counts[best][0] / total, 2), f"mentioned {counts[best][0]}x: '{counts[best][1]}'"
    )


def _first_named(title: str) -> tuple[str, str] | None:
    lowered = title.lower()
    for kind, needles, cue in KIND_CUES:
        if any(needle in lowered for needle in needles):
            match = cue.search(title)
            if match:
                return kind, " ".join(match.group().split())
    return None
