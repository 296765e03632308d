"""Evaluation: extract every document of an evaluation set and score the output against its gold annotations
with the set's own scorer (../shared/eval/score.py), run as a separate program exactly as it is published."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessons.errors import EvaluationError
from lessons.library import extract_files
from lessons.models import ExtractResult
from lessons.settings import Settings


@dataclass(frozen=True)
class Evaluation:
    """The scorer's metrics (its `--json` output), the report it printed, and the files extraction failed on
    (the scorer counts their predictions as empty)."""

    metrics: dict[str, Any]
    report: str
    failed: tuple[ExtractResult, ...] = ()


def run_eval(
    gold_dir: Path,
    docs_dir: Path,
    scorer: Path | None = None,
    per_doc: bool = False,
    settings: Settings | None = None,
) -> Evaluation:
    """Extract the documents in `docs_dir` into a temporary folder and score them against `gold_dir` with
    `scorer` (by default `score.py` beside the gold folder)."""
    gold_dir, docs_dir = Path(gold_dir), Path(docs_dir)
    scorer = Path(scorer) if scorer is not None else gold_dir.resolve().parent / "score.py"
    for folder, what in ((gold_dir, "gold folder"), (docs_dir, "documents folder")):
        if not folder.is_dir():
            raise EvaluationError(f"{what} {folder} does not exist")
    if not scorer.is_file():
        raise EvaluationError(f"scorer {scorer} does not exist; name it with --scorer")
    with tempfile.TemporaryDirectory(prefix="lessons-eval-") as tmp:
        predictions = Path(tmp) / "predictions"
        results = extract_files([docs_dir], predictions, settings)
        metrics_file = Path(tmp) / "metrics.json"
        command = [sys.executable, str(scorer), str(gold_dir), str(predictions), "--json", str(metrics_file)]
        completed = subprocess.run(
            [*command, "--per-doc"] if per_doc else command, capture_output=True, text=True, check=False
        )
        if completed.returncode != 0 or not metrics_file.is_file():
            problem = (completed.stderr.strip() or completed.stdout.strip() or "no output").splitlines()[-1]
            raise EvaluationError(f"scorer {scorer} failed (exit code {completed.returncode}): {problem}")
        metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    failed = tuple(r for r in results if r.status == "failed")
    return Evaluation(metrics=metrics, report=completed.stdout, failed=failed)
