"""Quality of themes and similarity on hand-labelled real text (not timings).

Themes: `benchmarks/data/themes_labelled.jsonl` holds real recommendations, concerns and lessons, each labelled
by hand against the shipped taxonomy before the tagger was tuned on it. Reports micro precision and recall per
theme group (harm, family, practice) and overall, and the themes most often missed or wrongly added.

Similarity: `benchmarks/data/similarity_pairs.jsonl` holds pairs of real recommendations judged equivalent,
related or unrelated by hand. Reports ROC AUC of each backend's score for equivalent vs the rest and for
equivalent-or-related vs unrelated, and the precision and recall of "equivalent" at the threshold `lessons
recurring` uses.

    python benchmarks/quality.py --out-json benchmarks/results/quality.json
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from lessons import embeddings
from lessons.recurrence import THRESHOLDS
from lessons.similarity import lexical_vectors
from lessons.themes import Taxonomy, tag_themes

DATA = Path(__file__).parent / "data"


def theme_quality(path: Path) -> dict[str, object]:
    """Precision and recall on every item, on the half the tagger was tuned on (odd ids) and on the half held
    out (even ids); and on all items counting only tags scoring at least 0.8 (strong triggers)."""
    items = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    held_out = [item for item in items if int(item["id"][1:]) % 2 == 0]
    tuned_on = [item for item in items if int(item["id"][1:]) % 2 == 1]
    return {
        "all": _theme_scores(items),
        "tuned_on_half": _theme_scores(tuned_on),
        "held_out_half": _theme_scores(held_out),
        "all_score_at_least_0.8": _theme_scores(items, min_score=0.8),
    }


def _theme_scores(items: list[dict[str, object]], min_score: float = 0.0) -> dict[str, object]:
    taxonomy = Taxonomy.load()
    group_of = {t.id: t.group for t in taxonomy.themes}
    tallies: dict[str, Counter[str]] = {
        g: Counter() for g in (*sorted({t.group for t in taxonomy.themes}), "all")
    }
    missed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for item in items:
        gold = set(item["themes"])  # type: ignore[call-overload]
        found = {t.id for t in tag_themes(str(item["text"]), taxonomy) if t.score >= min_score}
        for theme in gold | found:
            outcome = "tp" if theme in gold and theme in found else "fn" if theme in gold else "fp"
            for group in (group_of[theme], "all"):
                tallies[group][outcome] += 1
            if outcome == "fn":
                missed[theme] += 1
            elif outcome == "fp":
                added[theme] += 1
    report: dict[str, object] = {"items": len(items)}
    for group, tally in tallies.items():
        tp, fp, fn = tally["tp"], tally["fp"], tally["fn"]
        report[group] = {
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    report["most_missed"] = missed.most_common(8)
    report["most_wrongly_added"] = added.most_common(8)
    return report


def similarity_quality(path: Path) -> dict[str, object]:
    pairs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    judgements = np.array([p["judgement"] for p in pairs])
    texts_a, texts_b = [p["a"] for p in pairs], [p["b"] for p in pairs]
    scores: dict[str, np.ndarray] = {}
    lexical = lexical_vectors(texts_a + texts_b)  # fitted on the pairs' own texts, as on a small library
    scores["lexical"] = np.asarray(lexical[: len(pairs)].multiply(lexical[len(pairs) :]).sum(axis=1)).ravel()
    if embeddings.available():
        encoder = embeddings.default_encoder()
        a, b = encoder.encode(texts_a), encoder.encode(texts_b)
        scores["embeddings"] = (a * b).sum(axis=1)
    report: dict[str, object] = {"pairs": dict(Counter(judgements.tolist()))}
    for backend, score in scores.items():
        equivalent = judgements == "equivalent"
        threshold = THRESHOLDS[backend]
        chosen = score >= threshold
        report[backend] = {
            "auc_equivalent_vs_rest": round(roc_auc(score, equivalent), 3),
            "auc_similar_vs_unrelated": round(roc_auc(score, judgements != "unrelated"), 3),
            "mean_score": {
                j: round(float(score[judgements == j].mean()), 3) for j in sorted(set(judgements))
            },
            "threshold": threshold,
            "precision_at_threshold": round(float((chosen & equivalent).sum() / max(1, chosen.sum())), 3),
            "recall_at_threshold": round(float((chosen & equivalent).sum() / max(1, equivalent.sum())), 3),
            "best_f1_threshold": best_threshold(score, equivalent),
        }
    return report


def roc_auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    pos, neg = score[positive], score[~positive]
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def best_threshold(score: np.ndarray, positive: np.ndarray) -> dict[str, float]:
    best = (0.0, 0.0)
    for t in np.unique(score):
        chosen = score >= t
        tp = (chosen & positive).sum()
        f1 = 2 * tp / (chosen.sum() + positive.sum())
        best = max(best, (float(f1), float(t)))
    return {"f1": round(best[0], 3), "threshold": round(best[1], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out-json", type=Path)
    args = parser.parse_args()
    report: dict[str, object] = {"themes": theme_quality(DATA / "themes_labelled.jsonl")}
    pairs = DATA / "similarity_pairs.jsonl"
    if pairs.exists():
        report["similarity"] = similarity_quality(pairs)
    print(json.dumps(report, indent=2))
    if args.out_json:
        args.out_json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
