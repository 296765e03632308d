"""The document-type model: a multinomial logistic regression over named cues for conventions that recur
across real documents of each type (a title block that names the review, an author line and a contents list;
a summary's title; a press statement's dateline, announcement and attributed quotes; a letter that answers a
coroner's report; the PFD template's headings; the marks of minutes, court records, requests and guidance),
trained on labelled real documents and applied in plain Python.

    cues.toml    the cue table: named patterns, each looked for in one region of a text
    cues.py      loads it
    features.py  a text's feature values (cues in the title block, opening and sign-off)
    model.py     the shipped weights (weights.json), applied
    train.py     retrains them: python -m lessons.extraction.doctype.train
"""

from __future__ import annotations

from lessons.extraction.doctype.features import document_features
from lessons.extraction.doctype.model import predict, shipped_weights
from lessons.extraction.records import Decision


def document_type(text: str) -> tuple[Decision, str]:
    """The type of clean `text` (its probability as confidence, the cues that carried it as evidence), and the
    title block it was read from."""
    features = document_features(text)
    prediction = predict(features, shipped_weights())
    return Decision(prediction.label, round(prediction.probability, 2), prediction.evidence), features.title


__all__ = ["document_type"]
