"""Extraction throughput: classification and every extractor on clean texts, one core.

Texts are the evaluation documents read and cleaned once (not timed), then perturbed copies of the two long
reviews (about 38 kB) and a set cut to about 30 kB; reports documents per CPU second of this process (not wall time, so that other work on a shared machine
weighs less) as the median of several runs.

    python benchmarks/extraction.py --runs 5 --out-json benchmarks/results/extraction.json

Timings on a shared machine move by tens of percent from run to run. To compare two versions of the code,
count instructions instead, which repeat exactly: `--extract-only N` extracts every evaluation document N
times without timing (N = 0 only reads and cleans them), so that under valgrind

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python benchmarks/extraction.py --extract-only 3

less the same with `--extract-only 0` is the instructions extraction itself costs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from corpus import DOCUMENTS

from lessons.extraction import extract
from lessons.ingest import prepare_document


def clean_texts() -> list[str]:
    texts = []
    for path in sorted(DOCUMENTS.iterdir()):
        if path.suffix in (".txt", ".pdf"):
            texts.append(prepare_document(path, path.read_bytes()).clean.text)
    return texts


def docs_per_second(texts: list[str], runs: int) -> tuple[float, float, float]:
    rates = []
    for _ in range(runs):
        start = time.process_time()
        for text in texts:
            extract(text)
        rates.append(len(texts) / (time.process_time() - start))
    return statistics.median(rates), min(rates), max(rates)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20, help="copies of each text per run")
    parser.add_argument("--out-json", type=Path)
    parser.add_argument(
        "--extract-only",
        type=int,
        metavar="N",
        help="extract every document N times, untimed (for callgrind)",
    )
    args = parser.parse_args()
    texts = clean_texts()
    extract(texts[0])  # loads the taxonomy and the document-type weights, as a long-running process has
    if args.extract_only is not None:
        for _ in range(args.extract_only):
            for text in texts:
                extract(text)
        return
    long_texts = [t for t in texts if len(t) > 30_000]
    sets = {
        "all evaluation documents (2-38 kB)": texts,
        "long reviews (38 kB)": long_texts,
        "long reviews cut to 30 kB": [t[:30_000] for t in long_texts],
    }
    result = {}
    for name, chosen in sets.items():
        batch = chosen * args.copies
        median, low, high = docs_per_second(batch, args.runs)
        kb = sum(len(t) for t in chosen) / len(chosen) / 1000
        result[name] = {
            "documents": len(batch),
            "mean_kb": round(kb, 1),
            "median_docs_per_s": round(median, 1),
            "min": round(low, 1),
            "max": round(high, 1),
        }
        print(
            f"{name:38} {len(batch):4} docs, {kb:5.1f} kB: {median:6.1f} docs/s median [{low:.1f}-{high:.1f}]"
        )
    if args.out_json:
        args.out_json.write_text(json.dumps({"target_docs_per_s": 100, "results": result}, indent=2) + "\n")


if __name__ == "__main__":
    main()
