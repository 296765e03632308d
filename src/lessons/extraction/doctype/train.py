"""Train the document-type model on the labelled evaluation material and write its weights and benchmark.

    python -m lessons.extraction.doctype.train [EVAL_DIR] [--weights PATH] [--results PATH]

EVAL_DIR defaults to ../shared/eval beside the repository. Training rows, read from there and never copied:
the labelled openings (openings/index.tsv), the ten gold documents (gold/*.json) plus the first 2,000
characters of each longer one (so that openings and full documents look alike), and the PFD reports
(pfd/raw, all `pfd_report`, one template: weighted so that together they count as a few documents), each also
from its "circumstances of the death" on (a scan or copy that lost its first pages is still a report). Every text
is cleaned as `lessons extract` cleans it. The model is a multinomial logistic regression (lbfgs, classes
balanced, C chosen by cross-validation); its accuracy is measured by stratified 5-fold cross-validation with a
fixed seed, C chosen again inside each training fold, rows from the same document kept in one fold.

Writes the weights (default: weights.json beside this module, shipped in the package) and the benchmark figures
(default: benchmarks/results/doctype.json), and prints the figures. Retraining reproduces the shipped weights.
Needs scikit-learn (a core dependency), used only here: classification reads the weights in plain Python."""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from threadpoolctl import threadpool_limits

from lessons.cleaning import clean
from lessons.extraction.doctype.features import FEATURE_NAMES, OPENING_CHARS, document_features
from lessons.extraction.doctype.model import COEFFICIENTS, WEIGHTS_FILE
from lessons.extraction.lines import split_lines
from lessons.extraction.pfd import SECTION_HEADINGS
from lessons.models import DOC_TYPES
from lessons.reading import read_document

REPOSITORY = Path(__file__).resolve().parents[4]
DEFAULT_EVAL = REPOSITORY.parent / "shared" / "eval"
DEFAULT_WEIGHTS = Path(__file__).resolve().parent / WEIGHTS_FILE
DEFAULT_RESULTS = REPOSITORY / "benchmarks" / "results" / "doctype.json"

CLASSES = DOC_TYPES  # the weights' columns, in this order
C_GRID = (0.1, 0.3, 1.0, 3.0)
FOLDS = 5
SEED = 0
OTHER_SEEDS = (1, 2, 3, 4, 5)
PFD_TOTAL_WEIGHT = 20.0  # the PFD reports share one template: together they count as this many documents
DECIMALS = 4  # weights are rounded so that the file is small, readable and reproduced exactly


@dataclass(frozen=True)
class Row:
    source: str  # openings, documents, document_openings, pfd, pfd_later_pages
    name: str
    group: str  # rows cut from one document share a group, and a cross-validation fold
    label: str
    text: str


def load_rows(eval_dir: Path) -> list[Row]:
    rows = []
    with (eval_dir / "openings" / "index.tsv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            path = eval_dir / "openings" / "raw" / f"{record['stem']}.txt"
            rows.append(Row("openings", path.name, path.name, record["doc_type"], _clean(path)))
    for gold in sorted((eval_dir / "gold").glob("*.json")):
        (path,) = (p for p in (eval_dir / "documents").iterdir() if p.stem == gold.stem)
        label = json.loads(gold.read_text(encoding="utf-8"))["doc_type"]
        text = _clean(path)
        rows.append(Row("documents", path.name, path.name, label, text))
        if len(text) > 2 * OPENING_CHARS:
            rows.append(Row("document_openings", path.name, path.name, label, text[:OPENING_CHARS]))
    for path in sorted((eval_dir / "pfd" / "raw").glob("*.txt")):
        text = _clean(path)
        rows.append(Row("pfd", path.name, path.name, "pfd_report", text))
        later = next((line.start for line in split_lines(text) if _CIRCUMSTANCES.search(line.text)), None)
        if later is not None:
            rows.append(Row("pfd_later_pages", path.name, path.name, "pfd_report", text[later:]))
    return rows


_CIRCUMSTANCES = dict(SECTION_HEADINGS)["circumstances"]  # the template's heading, as the PFD parser reads it


def _clean(path: Path) -> str:
    # What `lessons extract` does before extraction (ingest.prepare_document): read, then clean.
    return clean(read_document(path, path.read_bytes())).text


def feature_matrix(rows: list[Row]) -> np.ndarray:
    matrix = np.zeros((len(rows), len(FEATURE_NAMES)))
    for i, row in enumerate(rows):
        values = document_features(row.text).values
        matrix[i] = [values[name] for name in FEATURE_NAMES]
    return matrix


def sample_weights(rows: list[Row]) -> np.ndarray:
    """PFD rows together weigh PFD_TOTAL_WEIGHT; then each class weighs the same in total (balanced)."""
    pfd_rows = Counter(r.source for r in rows if r.source.startswith("pfd"))
    base = np.array([PFD_TOTAL_WEIGHT / pfd_rows[r.source] if r.source in pfd_rows else 1.0 for r in rows])
    totals: Counter[str] = Counter()
    for row, weight in zip(rows, base, strict=True):
        totals[row.label] += weight
    scale = {label: base.sum() / (len(totals) * total) for label, total in totals.items()}
    return np.array([w * scale[r.label] for r, w in zip(rows, base, strict=True)])


def fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float, tol: float = 1e-6) -> LogisticRegression:
    """The regularised objective has one optimum: the shipped model is fitted to it closely (`tol` 1e-10) so
    that retraining reproduces its rounded weights; cross-validation needs only its predictions."""
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=100_000, tol=tol)
    return model.fit(x, y, sample_weight=weights)


def choose_c(x: np.ndarray, y: np.ndarray, groups: np.ndarray, weights: np.ndarray) -> float:
    """The C with the best weighted cross-validated accuracy (the smaller C on a tie)."""
    best, best_score = C_GRID[0], -1.0
    folds = list(_folds(y, groups))
    for c in C_GRID:
        right = total = 0.0
        for train, test in folds:
            predicted = fit(x[train], y[train], weights[train], c).predict(x[test])
            right += float(np.sum(weights[test] * (predicted == y[test])))
            total += float(np.sum(weights[test]))
        if right / total > best_score + 1e-9:
            best, best_score = c, right / total
    return best


def _folds(y: np.ndarray, groups: np.ndarray, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def cross_validate(rows: list[Row], x: np.ndarray, weights: np.ndarray) -> dict[str, Any]:
    """Out-of-fold predictions for every row (C chosen inside each training fold) and the figures."""
    y = np.array([r.label for r in rows])
    groups = np.array([r.group for r in rows])
    predicted = np.empty(len(rows), dtype=object)
    chosen = []
    for train, test in _folds(y, groups):
        c = choose_c(x[train], y[train], groups[train], weights[train])
        chosen.append(c)
        predicted[test] = fit(x[train], y[train], weights[train], c).predict(x[test])
    figures: dict[str, Any] = {"C_chosen_per_fold": chosen}
    sets = {
        "openings_and_documents": ("openings", "documents"),
        "openings": ("openings",),
        "documents": ("documents",),
        "document_openings": ("document_openings",),
        "pfd": ("pfd",),
        "pfd_later_pages": ("pfd_later_pages",),
    }
    for name, sources in sets.items():
        index = [i for i, r in enumerate(rows) if r.source in sources]
        figures[name] = _figures(y[index], predicted[index])
    figures["errors"] = [
        f"{r.label} -> {predicted[i]}  {r.source}/{r.name}"
        for i, r in enumerate(rows)
        if predicted[i] != r.label
    ]
    return figures


def accuracy_by_seed(rows: list[Row], x: np.ndarray, weights: np.ndarray, c: float) -> dict[str, Any]:
    """Cross-validated accuracy on the openings and documents for other fold seeds, C fixed: how much the
    figure moves with the split (it rests on 179 documents)."""
    y = np.array([r.label for r in rows])
    groups = np.array([r.group for r in rows])
    scored = np.array([r.source in ("openings", "documents") for r in rows])
    accuracies = []
    for seed in OTHER_SEEDS:
        predicted = np.empty(len(rows), dtype=object)
        for train, test in _folds(y, groups, seed):
            predicted[test] = fit(x[train], y[train], weights[train], c).predict(x[test])
        accuracies.append(round(float(np.mean(predicted[scored] == y[scored])), 3))
    return {
        "seeds": list(OTHER_SEEDS),
        "C": c,
        "accuracy": accuracies,
        "mean": round(float(np.mean(accuracies)), 3),
    }


def _figures(gold: np.ndarray, predicted: np.ndarray) -> dict[str, Any]:
    labels = [c for c in CLASSES if c in set(gold) | set(predicted)]
    per_class = {}
    for label in labels:
        true_positive = int(np.sum((gold == label) & (predicted == label)))
        guessed, actual = int(np.sum(predicted == label)), int(np.sum(gold == label))
        per_class[label] = {
            "precision": round(true_positive / guessed, 3) if guessed else None,
            "recall": round(true_positive / actual, 3) if actual else None,
            "n": actual,
        }
    confusion = {g: {p: int(np.sum((gold == g) & (predicted == p))) for p in labels} for g in labels}
    return {
        "n": len(gold),
        "accuracy": round(float(np.mean(gold == predicted)), 3),
        "per_class": per_class,
        "confusion (gold -> predicted)": confusion,
    }


def weights_json(model: LogisticRegression, c: float, rows: list[Row], cv_accuracy: float) -> dict[str, Any]:
    order = [list(model.classes_).index(label) for label in CLASSES]
    counts = Counter(r.source for r in rows)
    listing = "\n".join(f"{r.source}/{r.name}\t{r.label}" for r in rows)
    return {
        "model": "multinomial logistic regression over the named cues of lessons.extraction.doctype.cues",
        "trained_by": "python -m lessons.extraction.doctype.train",
        "classes": list(CLASSES),
        "intercepts": [_round(model.intercept_[i]) for i in order],
        COEFFICIENTS: {
            name: [_round(model.coef_[i][j]) for i in order] for j, name in enumerate(FEATURE_NAMES)
        },
        "training": {
            "eval_material": "../shared/eval (third-party public text, not in the repository)",
            "rows": dict(sorted(counts.items())),
            "labels": dict(sorted(Counter(r.label for r in rows).items())),
            "rows_sha256": hashlib.sha256(listing.encode()).hexdigest(),
            "pfd_total_weight": PFD_TOTAL_WEIGHT,
            "C": c,
            "cv_accuracy_openings_and_documents": cv_accuracy,
            "sklearn": sklearn.__version__,
        },
    }


def weights_text(shipped: dict[str, Any]) -> str:
    """The weights as JSON, each list of numbers on one line: a table a reader can scan."""
    text = json.dumps(shipped, indent=1)
    return (
        _NUMBER_LIST.sub(lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",") + "]", text) + "\n"
    )


_NUMBER_LIST = re.compile(r"\[\s*(-?[\d.]+(?:,\s*-?[\d.]+)*)\s*\]")


def _round(value: float) -> float:
    rounded = round(float(value), DECIMALS)
    return 0.0 if rounded == 0 else rounded  # no "-0.0"


def train(eval_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The weights file's content and the benchmark figures."""
    rows = load_rows(eval_dir)
    x = feature_matrix(rows)
    weights = sample_weights(rows)
    y = np.array([r.label for r in rows])
    groups = np.array([r.group for r in rows])
    figures = cross_validate(rows, x, weights)
    c = choose_c(x, y, groups, weights)
    model = fit(x, y, weights, c, tol=1e-10)
    accuracy = figures["openings_and_documents"]["accuracy"]
    fitted = model.predict(x)
    scored = np.array([r.source in ("openings", "documents") for r in rows])
    shipped = weights_json(model, c, rows, accuracy)
    benchmark = {
        "what": "document type: cross-validated accuracy of the shipped model's recipe "
        f"(stratified {FOLDS}-fold, seed {SEED}, C chosen inside each training fold)",
        "command": "python -m lessons.extraction.doctype.train",
        "C": c,
        "training": shipped["training"],
        "cross_validation": figures,
        "cross_validation_other_seeds": accuracy_by_seed(rows, x, weights, c),
        "training_set_accuracy_openings_and_documents": round(float(np.mean(fitted[scored] == y[scored])), 3),
    }
    return shipped, benchmark


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("eval_dir", nargs="?", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--weights", type=Path, default=DEFAULT_WEIGHTS, help="where to write the weights")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="where to write the figures")
    args = parser.parse_args(argv)
    with threadpool_limits(1):  # one BLAS thread: the same sums in the same order on every run
        shipped, benchmark = train(args.eval_dir)
    args.weights.write_text(weights_text(shipped), encoding="utf-8")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(benchmark, indent=2) + "\n", encoding="utf-8")
    cv = benchmark["cross_validation"]
    print(f"C = {benchmark['C']}; cross-validated accuracy (C chosen per fold: {cv['C_chosen_per_fold']})")
    for name in (
        "openings_and_documents",
        "openings",
        "documents",
        "document_openings",
        "pfd",
        "pfd_later_pages",
    ):
        print(f"  {name}: {cv[name]['accuracy']} (n={cv[name]['n']})")
    other = benchmark["cross_validation_other_seeds"]
    print(
        f"  openings_and_documents, other fold seeds (C {other['C']}): {other['accuracy']}, mean {other['mean']}"
    )
    for label, figure in cv["openings_and_documents"]["per_class"].items():
        print(f"  {label}: precision {figure['precision']} recall {figure['recall']} (n={figure['n']})")
    print("errors:\n  " + "\n  ".join(cv["errors"]))
    print(f"wrote {args.weights} and {args.results}")


if __name__ == "__main__":
    main()
