"""Snippets: the best short window of a document for a query, with the query's words marked.

Built in Python from the clean text, the same way for SQLite and PostgreSQL (so both give the same result
shape), and only for the page of hits shown. Words are matched by a light suffix-stripping prefix ("checks"
finds "checked", "escalation" finds "escalated"): close to the engines' stemming, and only used for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons.store.query import Binary, Node, Term

WINDOW = 220  # characters of the document a snippet's marked words must fall within
CONTEXT = 60  # characters shown before the first marked word
LENGTH = 280  # characters in a snippet, at most (plus ellipses)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "y", "e")


def positive_terms(node: Node) -> list[Term]:
    """The terms a matching document contains: everything but the right side of NOT."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Binary) and node.op == "NOT":
        return positive_terms(node.left)
    return positive_terms(node.left) + positive_terms(node.right)


@dataclass(frozen=True)
class QueryPattern:
    """Each positive term as (the literal it starts with, a pattern for the whole term): the literal is found
    with str.find, far faster than scanning a whole document with one regular expression of alternatives."""

    terms: tuple[tuple[str, re.Pattern[str]], ...]


def query_pattern(terms: list[Term]) -> QueryPattern | None:
    compiled = []
    for term in terms:
        words = re.findall(r"\w+", term.text.lower())
        if words:
            body = r"\W+".join(re.escape(_prefix(word)) + r"\w*" for word in words)
            compiled.append((_prefix(words[0]), re.compile(body)))
    return QueryPattern(tuple(compiled)) if compiled else None


def _prefix(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def make_snippet(text: str, pattern: QueryPattern | None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The window of `text` holding the most distinct query terms (the earliest such), and the spans of the
    marked words inside the returned snippet."""
    matches = _word_matches(text, pattern) if pattern else []
    if not matches:
        return _squeeze(_cut(text, 0, min(len(text), LENGTH)), [])
    best, best_score = 0, 0
    for i, (start, _, _) in enumerate(matches):
        terms = set()
        for s, _, group in matches[i:]:
            if s - start > WINDOW:
                break
            terms.add(group)
        if len(terms) > best_score:
            best, best_score = i, len(terms)
    first = matches[best][0]
    start = max(0, first - CONTEXT)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + LENGTH)
    if end < len(text):
        space = text.rfind(" ", max(first, end - 40), end)
        end = space if space > first else end
    shift = len("… ") if start else 0
    marks = [(s - start + shift, e - start + shift) for s, e, _ in matches if s >= start and e <= end]
    return _squeeze(_cut(text, start, end), marks)


def _word_matches(text: str, pattern: QueryPattern, most: int = 200) -> list[tuple[int, int, str | None]]:
    """The first `most` words (or phrases) matching a term, in text order, each with its term's name ("t0");
    where two terms' matches overlap, the earlier (or, at one place, the first term's) wins."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare character whose lower case is longer: keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    candidates = []
    for index, (literal, regex) in enumerate(pattern.terms):
        found = 0
        at = lowered.find(literal)
        while at >= 0 and found < most:
            match = regex.match(lowered, at) if at == 0 or not lowered[at - 1].isalnum() else None
            if match:
                candidates.append((at, match.end(), index))
                found += 1
            at = lowered.find(literal, at + 1)
    candidates.sort()
    kept: list[tuple[int, int, str | None]] = []
    for start, end, index in candidates:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, f"t{index}"))
        if len(kept) >= most:
            break
    return kept


def _cut(text: str, start: int, end: int) -> str:
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def _squeeze(snippet: str, marks: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Runs of white space (line breaks, blank lines) become one space; marked spans move with the text."""
    kept: list[str] = []
    new_index = []  # for each character of `snippet`, its offset in the squeezed text
    for ch in snippet:
        new_index.append(len(kept))
        if ch.isspace():
            if kept and kept[-1] == " ":
                continue
            ch = " "
        kept.append(ch)
    new_index.append(len(kept))
    return "".join(kept), tuple((new_index[s], new_index[e]) for s, e in marks)
