"""Extraction: from a document's clean text to a structured record (type, metadata, recommendations,
findings, concerns, actions), every item with its span. Pure functions: text in, records out."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from lessons.extraction.action_plans import PlanItems, extract_action_plans
from lessons.extraction.classify import classify
from lessons.extraction.dates import opening_date, pfd_report_date, referred_report_date
from lessons.extraction.issuers import issuer_and_area
from lessons.extraction.items import Items, extract_items
from lessons.extraction.lines import blank_spans
from lessons.extraction.people import deceased_name
from lessons.extraction.pfd import parse_pfd_report
from lessons.extraction.pfd_answers import extract_answers
from lessons.extraction.pfd_parties import letter_addressee
from lessons.extraction.records import Action, Answer, Decision, Extraction, Span, Tag
from lessons.extraction.subjects import subjects
from lessons.models import Page, Table
from lessons.themes import Taxonomy, find_agencies, tag_themes


def extract(
    text: str,
    pages: tuple[Page, ...] = (),
    taxonomy: Taxonomy | None = None,
    tables: tuple[Table, ...] = (),
) -> Extraction:
    """Everything extraction knows about one document's clean text (and its tables, cell spans in that text),
    with themes and agencies from `taxonomy` (the shipped one by default)."""
    return with_themes(_extract(text, pages, tables), text, taxonomy or default_taxonomy())


def _extract(text: str, pages: tuple[Page, ...], tables: tuple[Table, ...] = ()) -> Extraction:
    doc_type, review_kind = classify(text)
    kind = doc_type.value
    plans = extract_action_plans(text, tables, pages) if kind != "pfd_report" else PlanItems()
    if (
        kind == "other"
        and doc_type.confidence < _UNSURE
        and any(a.answers or a.recommendation for a in plans.actions)
    ):
        # A plan answering recommendations is a board's response to a review (SCHEMA.md) when the opening leaves
        # the type in doubt; minutes (a sure "other") keep their action logs and stay what they are.
        evidence = f"an action plan table with {len(plans.actions)} actions"
        doc_type, kind = Decision("board_response", 0.8, evidence), "board_response"
    issuer, area = issuer_and_area(blank_spans(text, plans.bodies), kind)
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
    date = opening_date(text, ignore=plans.bodies)
    items = with_plans(extract_items(text, pages, kind), plans)
    named = subjects(text)
    addressee = deceased = report_date = None
    answers: tuple[Answer, ...] = ()
    if kind == "pfd_response":
        answers = extract_answers(text, pages)
        items = replace(items, actions=_answering_concerns(items.actions, answers))
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


_UNSURE = 0.6  # below this, an "other" that holds an action plan is taken for a board response


def _answering_concerns(actions: tuple[Action, ...], answers: tuple[Answer, ...]) -> tuple[Action, ...]:
    """A response letter's actions answer the concerns of the part they stand in ("Concern 2: ... We have
    ...")."""
    numbered = [(a.span.start, a.span.end, a.concern) for a in answers if a.concern]
    tied = []
    for action in actions:
        concern = next((c for s, e, c in numbered if s <= action.span.start < e), None)
        numbers = tuple(n.strip() for n in concern.split(",")) if concern else ()
        tied.append(replace(action, answers=action.answers or numbers))
    return tuple(tied)


def with_plans(items: Items, plans: PlanItems) -> Items:
    """The prose walker's items and the plan tables' rows together, in reading order. The walker reads a
    table's text as lines too: its items inside a plan table go, so that no row counts twice; a plan's
    recommendation that the document already gives outside its plan (same number, or same words) is kept
    once, as the document gives it."""
    if not plans.extents:
        return items

    def outside(span: Span) -> bool:
        return not any(start <= span.start < end for start, end in plans.extents)

    recommendations = [r for r in items.recommendations if outside(r.span)]
    given = {r.number for r in recommendations if r.number} | {r.text for r in recommendations}
    recommendations += [r for r in plans.recommendations if (r.number or r.text) not in given]
    actions = [a for a in items.actions if outside(a.span)] + list(plans.actions)
    return Items(
        tuple(sorted(recommendations, key=lambda r: r.span.start)),
        tuple(f for f in items.findings if outside(f.span)),
        tuple(sorted(actions, key=lambda a: a.span.start)),
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
