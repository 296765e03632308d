"""Document type and review kind.

The type comes from a small learned model: a multinomial logistic regression over named cues for conventions
that recur across real documents of each type (a title block that names the review, an author line and a
contents list; a summary's title; a press statement's dateline, announcement and attributed quotes; a letter
that answers a coroner's report; the PFD template's headings; the marks of minutes, court records, requests
and guidance), trained on labelled real documents by `train.py` and shipped as `weights.json`. The review
kind comes from the review the title block names. Each decision keeps its evidence: the cues that carried it.

    cues.py      the cue table: named patterns, each looked for in one region of the text
    features.py  a text's feature values (title block, opening, sign-off; layout)
    model.py     the shipped weights, applied in plain Python
    kind.py      the review kind
    train.py     retrains the model: python -m lessons.extraction.classify.train
"""

from __future__ import annotations

from lessons.extraction.classify.features import document_features
from lessons.extraction.classify.kind import review_kind
from lessons.extraction.classify.model import predict, shipped_weights
from lessons.extraction.records import Decision


def classify(text: str) -> tuple[Decision, Decision]:
    """The document type of clean `text` (its probability as confidence, the cues that carried it as evidence)
    and its review kind."""
    features = document_features(text)
    prediction = predict(features, shipped_weights())
    doc_type = Decision(prediction.label, round(prediction.probability, 2), prediction.evidence)
    return doc_type, review_kind(text, features.title)


__all__ = ["classify"]
