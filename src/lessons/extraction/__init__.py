"""Extraction: from a document's clean text to a structured record (type, metadata, recommendations,
findings, concerns, actions), every item with its span. Pure functions: text in, records out."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from lessons.extraction.classify import classify
from lessons.extraction.dates import opening_date, pfd_report_date, referred_report_date
from lessons.extraction.issuers import issuer_and_area
from lessons.extraction.items import extract_items
from lessons.extraction.people import deceased_name
from lessons.extraction.pfd import parse_pfd_report
from lessons.extraction.pfd_answers import extract_answers
from lessons.extraction.pfd_parties import letter_addressee
from lessons.extraction.records import Answer, Extraction, Tag
from lessons.extraction.subjects import subjects
from lessons.models import Page
from lessons.themes import Taxonomy, find_agencies, tag_themes


def extract(text: str, pages: tuple[Page, ...] = (), taxonomy: Taxonomy | None = None) -> Extraction:
    """Everything extraction knows about one document's clean text, with themes and agencies from `taxonomy`
    (the shipped one by default)."""
    return with_themes(_extract(text, pages), text, taxonomy or default_taxonomy())


def _extract(text: str, pages: tuple[Page, ...]) -> Extraction:
    doc_type, review_kind = classify(text)
    kind = doc_type.value
    issuer, area = issuer_and_area(text, kind)
    if kind == "pfd_report":
        dated = pfd_report_date(text)
        date = dated.value
        pfd = parse_pfd_report(text, pages, date)
        return Extraction(
            doc_type=doc_type,
            review_kind=review_kind,
            date=date,
            issuer=pfd.coroner or issuer,
            addressee="; ".join(r.name for r in pfd.recipients) or None,
            area=pfd.area or area,
            subjects=pfd.deceased_names,
            concerns=pfd.concerns,
            coroner=pfd.coroner,
            deceased=pfd.deceased,
            deceased_age=pfd.deceased_age,
            date_of_death=pfd.date_of_death,
            recipients=pfd.recipients,
            response_due=pfd.response_due,
            sections=pfd.sections,
            notes=(dated.note,) if dated.note else (),
        )
    date = opening_date(text)
    items = extract_items(text, pages, kind)
    named = subjects(text)
    addressee = deceased = report_date = None
    answers: tuple[Answer, ...] = ()
    if kind == "pfd_response":
        answers = extract_answers(text, pages)
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
        answers=answers,
    )


_DOCUMENT_THEME_WINDOW = 12_000


@cache
def default_taxonomy() -> Taxonomy:
    return Taxonomy.load()


def with_themes(extraction: Extraction, text: str, taxonomy: Taxonomy) -> Extraction:
    """Themes and agencies for each recommendation and concern, and for the document: its opening pages plus
    what its items were tagged with (long reviews are read in part so that extraction stays fast; their
    recommendations, concerns, findings and actions carry what matters)."""

    def tags(source: str) -> tuple[Tag, ...]:
        return tuple(Tag(t.id, t.score, t.evidence) for t in tag_themes(source, taxonomy))

    recommendations = tuple(
        replace(r, themes=tags(r.text), agencies=find_agencies(r.text)) for r in extraction.recommendations
    )
    concerns = tuple(
        replace(c, themes=tags(c.text), agencies=find_agencies(c.text)) for c in extraction.concerns
    )
    others = "\n".join(
        [
            text[:_DOCUMENT_THEME_WINDOW],
            *(f.text for f in extraction.findings),
            *(a.text for a in extraction.actions),
        ]
    )
    best: dict[str, Tag] = {}
    item_tags = [t for r in recommendations for t in r.themes] + [t for c in concerns for t in c.themes]
    for tag in (*tags(others), *item_tags):
        if tag.id not in best or tag.score > best[tag.id].score:
            best[tag.id] = tag
    agencies = dict.fromkeys(find_agencies(others))
    for named in [r.agencies for r in recommendations] + [c.agencies for c in concerns]:
        agencies.update(dict.fromkeys(named))
    return replace(
        extraction,
        themes=tuple(sorted(best.values(), key=lambda t: -t.score)),
        agencies=tuple(agencies),
        recommendations=recommendations,
        concerns=concerns,
    )


__all__ = ["Extraction", "extract"]
