"""The shipped document-type model: a multinomial logistic regression over the named cues of `cues.py`, its
weights read from `weights.json` (written by `train.py`) and applied in plain Python, so classification needs
no scikit-learn at run time and every decision can be traced to the cues that carried it."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lessons.extraction.doctype.features import DESCRIPTIONS, FEATURE_NAMES, Features

WEIGHTS_FILE = "weights.json"
COEFFICIENTS = "coefficients (one row per feature, one column per class)"
_EVIDENCE_CUES = 3  # cues quoted as a decision's evidence


@dataclass(frozen=True)
class Weights:
    classes: tuple[str, ...]
    features: tuple[str, ...]
    coefficients: tuple[tuple[float, ...], ...]  # one row per class, one column per feature
    intercepts: tuple[float, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Weights:
        """From the file `train.py` writes: coefficients keyed by feature, one per class in each row."""
        by_feature: dict[str, list[float]] = data[COEFFICIENTS]
        classes = tuple(data["classes"])
        return cls(
            classes=classes,
            features=tuple(by_feature),
            coefficients=tuple(tuple(row[k] for row in by_feature.values()) for k in range(len(classes))),
            intercepts=tuple(data["intercepts"]),
        )


@dataclass(frozen=True)
class Prediction:
    label: str
    probability: float
    evidence: str | None


@cache
def shipped_weights() -> Weights:
    text = resources.files("lessons.extraction.doctype").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    weights = Weights.from_json(json.loads(text))
    if weights.features != FEATURE_NAMES:
        raise RuntimeError(
            f"{WEIGHTS_FILE} was trained on other features than cues.toml defines: retrain with "
            "python -m lessons.extraction.doctype.train"
        )
    return weights


def predict(features: Features, weights: Weights) -> Prediction:
    """The most probable type, its probability, and the cues that pushed hardest towards it."""
    x = [features.values[name] for name in weights.features]
    scores = [
        intercept + sum(c * v for c, v in zip(row, x, strict=True) if v)
        for row, intercept in zip(weights.coefficients, weights.intercepts, strict=True)
    ]
    top = max(range(len(scores)), key=scores.__getitem__)
    exps = [math.exp(s - scores[top]) for s in scores]
    probability = 1.0 / sum(exps)
    return Prediction(weights.classes[top], probability, _evidence(top, x, features, weights))


def _evidence(label: int, x: list[float], features: Features, weights: Weights) -> str | None:
    """The cues that favour `label` most over the average class, with the words each matched."""
    n = len(weights.classes)
    pulls = []
    for j, value in enumerate(x):
        if not value:
            continue
        column = [row[j] for row in weights.coefficients]
        pull = value * (column[label] - sum(column) / n)
        if pull > 0:
            pulls.append((pull, weights.features[j]))
    pulls.sort(reverse=True)
    parts = []
    for _, name in pulls[:_EVIDENCE_CUES]:
        words = features.matched.get(name)
        parts.append(f"{DESCRIPTIONS[name]}: '{words}'" if words else DESCRIPTIONS[name])
    return "; ".join(parts) or None
