"""Typed records that extraction produces. Every item carries its span in the clean text (and page where known).

`Extraction.to_json()` gives the output contract of `../shared/eval/SCHEMA.md` plus extra fields (spans,
confidences, evidence, sections, PFD details).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

ActionStatus = Literal["taken", "planned"]
FindingKind = Literal["lesson", "finding"]
AgeUnit = Literal["years", "months", "weeks", "days", "hours"]
# How many of each unit make a year (a week and a day as the average year has them).
UNITS_PER_YEAR: dict[str, float] = {"years": 1, "months": 12, "weeks": 52.18, "days": 365.25, "hours": 8766}


@dataclass(frozen=True)
class Span:
    """[start, end) in the document's clean text; `page` where the document has pages."""

    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class Tag:
    """A taxonomy theme found in an item or document: id, score and the words that decided it."""

    id: str
    score: float
    evidence: str


@dataclass(frozen=True)
class Recommendation:
    number: str | None
    text: str
    span: Span
    case: str | None = None
    theme: str | None = None  # the heading it sits under, as written
    themes: tuple[Tag, ...] = ()  # taxonomy themes
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A lesson learnt or a finding: kept as its own kind, never mixed into recommendations."""

    kind: FindingKind
    number: str | None
    text: str
    span: Span


@dataclass(frozen=True)
class Concern:
    """A coroner's matter of concern in a PFD report."""

    number: str | None
    text: str
    span: Span
    themes: tuple[Tag, ...] = ()
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Action:
    """What was done (`taken`) or will be done (`planned`) in response. An action plan's row also carries what
    its columns say, as written: `answers` holds the number of every recommendation (or concern) the action
    answers; `owner` is the lead agency and `officer` the person; `due` the target as a date at its precision
    (YYYY-MM-DD or YYYY-MM) and `target` as written ("Q3 2025/26" has no date); `progress_status` and `rag` the
    plan's own status and rating; `recommendation` the recommendation's words where the plan repeats them."""

    text: str
    status: ActionStatus
    span: Span
    owner: str | None = None
    due: str | None = None
    answers: tuple[str, ...] = ()
    officer: str | None = None
    target: str | None = None
    progress_status: str | None = None
    rag: str | None = None
    progress: str | None = None
    evidence: str | None = None
    recommendation: str | None = None


@dataclass(frozen=True)
class Answer:
    """The part of a PFD response letter that answers one of the report's concerns: `concern` is the concern's
    number where the letter gives it, `quote` the concern's words where the letter quotes them; the tracker
    matches the part to the report's concern by number, quotation or wording."""

    text: str
    span: Span
    concern: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Age:
    """A person's age as the document gives it: "aged 15 months" is `Age(15, "months", "15 months")`, not
    15 years. `value` may be a fraction ("2½ years" -> 2.5). An age worked out from a date of birth and a
    date of death has the date of birth's words as its `text`."""

    value: float
    unit: AgeUnit
    text: str
    span: Span | None = None

    @property
    def years(self) -> float:
        return round(self.value / UNITS_PER_YEAR[self.unit], 4)

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "years": self.years,
            "text": self.text,
            "span": asdict(self.span) if self.span else None,
        }


@dataclass(frozen=True)
class Recipient:
    """A PFD report's addressee, and the date their response is due (stated, or report date + 56 days)."""

    name: str
    response_due: str | None


@dataclass(frozen=True)
class Section:
    """A part of a PFD report's fixed template (sent_to, coroner, legal_powers, inquest, circumstances,
    concerns, action, response, copies, signature)."""

    name: str
    span: Span


@dataclass(frozen=True)
class Decision:
    """A classification with how sure it is and the words that decided it."""

    value: str | None
    confidence: float
    evidence: str | None = None


@dataclass(frozen=True)
class Extraction:
    doc_type: Decision
    review_kind: Decision
    date: str | None = None
    issuer: str | None = None
    addressee: str | None = None
    area: str | None = None
    subjects: tuple[str, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    findings: tuple[Finding, ...] = ()
    concerns: tuple[Concern, ...] = ()
    actions: tuple[Action, ...] = ()
    # PFD reports and responses
    coroner: str | None = None
    deceased: str | None = None
    deceased_age: Age | None = None
    date_of_death: str | None = None
    recipients: tuple[Recipient, ...] = ()
    response_due: str | None = None
    report_date: str | None = None  # a response: the date of the coroner's report it answers
    answers: tuple[Answer, ...] = ()  # a response: the parts answering each concern
    sections: tuple[Section, ...] = ()
    themes: tuple[Tag, ...] = ()
    agencies: tuple[str, ...] = ()
    # How a field was worked out when it was not read as written ("date: ... less 56 days").
    notes: tuple[str, ...] = ()

    def document_fields(self) -> dict[str, Any]:
        """The document-level fields as plain values (what the extractions table stores)."""
        return {
            "doc_type": self.doc_type.value,
            "doc_type_confidence": self.doc_type.confidence,
            "doc_type_evidence": self.doc_type.evidence,
            "review_kind": self.review_kind.value,
            "review_kind_confidence": self.review_kind.confidence,
            "review_kind_evidence": self.review_kind.evidence,
            "date": self.date,
            "issuer": self.issuer,
            "addressee": self.addressee,
            "area": self.area,
            "subjects": list(self.subjects),
            "coroner": self.coroner,
            "deceased": self.deceased,
            # the age as written (15), its unit ("months") and in years (1.25), so that ages can be compared
            "deceased_age": self.deceased_age.value if self.deceased_age else None,
            "deceased_age_unit": self.deceased_age.unit if self.deceased_age else None,
            "deceased_age_years": self.deceased_age.years if self.deceased_age else None,
            "date_of_death": self.date_of_death,
            "recipients": [asdict(r) for r in self.recipients],
            "response_due": self.response_due,
            "report_date": self.report_date,
            "sections": [asdict(s) for s in self.sections],
            "themes": [asdict(t) for t in self.themes],
            "agencies": list(self.agencies),
        }

    def to_json(self, file_name: str) -> dict[str, Any]:
        """The SCHEMA.md record, with spans, confidences and the PFD details as extra fields; the age as one
        object (value, unit, years, text, span)."""
        fields = self.document_fields()
        del fields["deceased_age_unit"], fields["deceased_age_years"]
        fields["deceased_age"] = self.deceased_age.to_json() if self.deceased_age else None
        return {
            "file": file_name,
            **fields,
            "recommendations": [asdict(r) for r in self.recommendations],
            "concerns": [asdict(c) for c in self.concerns],
            "actions": [asdict(a) for a in self.actions],
            "answers": [asdict(a) for a in self.answers],
            "findings": [asdict(f) for f in self.findings],
            "notes": list(self.notes),
        }
