"""Snippets: the best window for a query, its words marked, the same for both engines."""

from __future__ import annotations

import pytest

from lessons.store.query import parse_query
from lessons.store.snippets import make_snippet, positive_terms, query_pattern


def snippet_for(text: str, query: str) -> tuple[str, list[str]]:
    snippet, marks = make_snippet(text, query_pattern(positive_terms(parse_query(query))))
    return snippet, [snippet[s:e] for s, e in marks]


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("checks", ["checked"]),
        ("escalation", ["escalated"]),
        ("agency", ["agencies"]),
        ('"health visitor"', ["Health Visitor"]),
        ("neglect NOT police", ["neglect"]),  # the excluded word is never marked
        ("safeguard*", ["safeguarding"]),
    ],
)
def test_words_are_marked_across_inflections(query: str, marked: list[str]) -> None:
    text = "The agencies checked the home. The Health Visitor escalated neglect concerns about safeguarding."
    assert snippet_for(text, query)[1][: len(marked)] == marked


def test_the_window_with_most_distinct_words_wins() -> None:
    filler = "Nothing relevant here at all. " * 20
    text = f"Neglect was noted. {filler} Neglect and domestic abuse were both missed. {filler}"
    snippet, marked = snippet_for(text, "neglect domestic")
    assert [m.lower() for m in marked] == ["neglect", "domestic"]
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet) <= 290


def test_no_match_gives_the_opening_and_no_marks() -> None:
    snippet, marked = snippet_for("Short text about\nsomething else.", "zebra")
    assert (snippet, marked) == ("Short text about something else.", [])


def test_line_breaks_become_single_spaces_and_marks_follow() -> None:
    snippet, marked = snippet_for("Recommendations:\n\n1. Share   information\nabout neglect.", "neglect")
    assert snippet == "Recommendations: 1. Share information about neglect."
    assert marked == ["neglect"]
