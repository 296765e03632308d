"""Extraction: from a document's clean text to a structured record (type, metadata, recommendations,
findings, concerns, actions), every item with its span. Pure functions: text in, records out."""

from __future__ import annotations

from lessons.extraction.classify import classify
from lessons.extraction.items import extract_items
from lessons.extraction.metadata import (
    deceased_name,
    document_date,
    issuer_and_area,
    letter_addressee,
    letter_signatory_organisation,
    referred_report_date,
    subjects,
)
from lessons.extraction.pfd import parse_pfd_report
from lessons.extraction.records import Extraction
from lessons.models import Page


def extract(text: str, pages: tuple[Page, ...] = ()) -> Extraction:
    """Everything extraction knows about one document's clean text."""
    doc_type, review_kind = classify(text)
    kind = doc_type.value
    date = document_date(text, kind)
    issuer, area = issuer_and_area(text)
    if kind == "pfd_report":
        pfd = parse_pfd_report(text, pages, date)
        return Extraction(
            doc_type=doc_type,
            review_kind=review_kind,
            date=date,
            issuer=pfd.coroner or issuer,
            addressee="; ".join(r.name for r in pfd.recipients) or None,
            area=pfd.area or area,
            subjects=(pfd.deceased,) if pfd.deceased else (),
            concerns=pfd.concerns,
            coroner=pfd.coroner,
            deceased=pfd.deceased,
            deceased_age=pfd.deceased_age,
            date_of_death=pfd.date_of_death,
            recipients=pfd.recipients,
            response_due=pfd.response_due,
            sections=pfd.sections,
        )
    items = extract_items(text, pages, kind)
    named = subjects(text)
    addressee = deceased = report_date = None
    if kind == "pfd_response":
        issuer = letter_signatory_organisation(text) or issuer
        addressee = letter_addressee(text)
        deceased = deceased_name(text)
        report_date = referred_report_date(text)
        named = (deceased,) if deceased and not any(n in deceased for n in named) else named
    return Extraction(
        doc_type=doc_type,
        review_kind=review_kind,
        date=date,
        issuer=issuer,
        addressee=addressee,
        area=area,
        subjects=named,
        recommendations=items.recommendations,
        findings=items.findings,
        actions=items.actions,
        coroner=addressee if addressee and "coroner" in addressee.lower() else None,
        deceased=deceased,
        report_date=report_date,
    )


__all__ = ["Extraction", "extract"]
