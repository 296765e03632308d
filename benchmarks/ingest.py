"""Ingest throughput and peak memory: N perturbed text documents into a fresh SQLite file with jobs=1.

Each run is a separate Python process, so its peak RSS (ru_maxrss) belongs to that one ingest alone.

    python benchmarks/ingest.py --n 500 2000 --runs 5 --out-json benchmarks/results/ingest.json
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from corpus import write_corpus


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_once(folder: Path, db: Path, batch_size: int, embed: bool) -> dict[str, Any]:
    """One ingest, in this process (the child)."""
    import lessons

    with lessons.open(str(db), jobs=1, batch_size=batch_size, embeddings=embed) as library:
        rss_before = _rss_mb()
        start = time.perf_counter()
        report = library.ingest([folder])
        elapsed = time.perf_counter() - start
    added = report.count("added")
    if added != len(report.results):
        raise SystemExit(f"expected every file added, got {len(report.results) - added} others")
    return {
        "added": added,
        "seconds": elapsed,
        "docs_per_s": added / elapsed,
        "rss_before_mb": rss_before,
        "peak_rss_mb": _rss_mb(),
    }


def run_child(folder: Path, db: Path, batch_size: int, embed: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(folder), str(db), "--batch-size", str(batch_size)]
    command += ["--embeddings"] if embed else []
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[500, 2000], help="corpus sizes")
    parser.add_argument("--runs", type=int, default=5, help="runs per size (median reported)")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--out-json", type=Path, help="write the figures here as JSON")
    parser.add_argument(
        "--embeddings",
        action="store_true",
        help="embed recommendations and concerns too (the extra's default)",
    )
    parser.add_argument("--child", nargs=2, type=Path, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, db = args.child
        print(json.dumps(run_once(folder, db, args.batch_size, args.embeddings)))
        return

    summary: list[dict[str, Any]] = []
    for n in args.n:
        with tempfile.TemporaryDirectory(prefix="lessons-bench-") as tmp:
            folder = Path(tmp) / "corpus"
            size = write_corpus(folder, n)
            runs = [
                run_child(folder, Path(tmp) / f"run{i}.db", args.batch_size, args.embeddings)
                for i in range(args.runs)
            ]
        rates = [r["docs_per_s"] for r in runs]
        row = {
            "n": n,
            "embeddings": args.embeddings,
            "corpus_mb": round(size / 1e6, 1),
            "runs": args.runs,
            "median_docs_per_s": round(statistics.median(rates), 1),
            "min_docs_per_s": round(min(rates), 1),
            "max_docs_per_s": round(max(rates), 1),
            "median_seconds": round(statistics.median(r["seconds"] for r in runs), 2),
            "rss_before_ingest_mb": round(statistics.median(r["rss_before_mb"] for r in runs), 1),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        }
        summary.append(row)
        print(
            f"N={n:>6} ({row['corpus_mb']} MB): {row['median_docs_per_s']:.0f} docs/s median "
            f"[{row['min_docs_per_s']:.0f}-{row['max_docs_per_s']:.0f}] over {args.runs} runs, "
            f"peak RSS {row['peak_rss_mb']:.0f} MB (before ingest {row['rss_before_ingest_mb']:.0f} MB)",
            flush=True,
        )
    if args.out_json:
        args.out_json.parent.mkdir(parents=True, exist_ok=True)
        args.out_json.write_text(json.dumps({"target_docs_per_s": 200, "results": summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
