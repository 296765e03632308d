"""Extraction: from a document's clean text to a structured record (type, metadata, recommendations,
findings, concerns, actions), every item with its span. Pure functions: text in, records out."""

from __future__ import annotations

from lessons.extraction.items import extract_items
from lessons.extraction.records import Decision, Extraction
from lessons.models import Page


def extract(text: str, pages: tuple[Page, ...] = ()) -> Extraction:
    """Everything extraction knows about one document's clean text."""
    items = extract_items(text, pages)
    return Extraction(
        doc_type=Decision("other", 0.0),
        review_kind=Decision(None, 0.0),
        recommendations=items.recommendations,
        findings=items.findings,
        actions=items.actions,
    )


__all__ = ["Extraction", "extract"]
