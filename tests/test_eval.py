"""Extraction quality on the development set, scored by the official scorer: fails below the agreed floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.evaluation import run_eval

FLOORS = {
    "doc_type_accuracy": 0.95,
    "date_accuracy": 0.9,
    "issuer_accuracy": 0.85,
    "subjects_f1": 0.8,
    "recommendations_f1": 0.9,
    "recommendation_number_accuracy": 0.95,
    "concerns_f1": 0.85,
    "actions_f1": 0.8,
    "action_status_accuracy": 0.9,
}


@pytest.fixture(scope="module")
def metrics() -> dict[str, float]:
    documents = Path(__file__).resolve().parents[2] / "shared" / "eval" / "documents"
    if not documents.is_dir():
        pytest.skip(f"../shared/eval is absent ({documents}); it is present in CI")
    evaluation = run_eval(documents.parent / "gold", documents)
    assert not evaluation.failed
    return evaluation.metrics


@pytest.mark.parametrize(("metric", "floor"), FLOORS.items())
def test_dev_set_figure_is_at_least_the_floor(metrics: dict[str, float], metric: str, floor: float) -> None:
    assert metrics[metric] is not None and metrics[metric] >= floor, f"{metric} = {metrics[metric]}"
