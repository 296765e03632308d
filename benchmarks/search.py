"""Search latency: two-word queries and phrases against a library of N perturbed documents.

The library is built once (every document distinct, read and cleaned by `prepare_document` in worker
processes, written in batches with `Store.add_documents`) and cached under benchmarks/.corpus/.

    python benchmarks/search.py --n 100000 --repeat 20 --out-json benchmarks/results/search_sqlite.json
    python benchmarks/search.py --n 10000 --db 'postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbench'
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import time
from argparse import RawDescriptionHelpFormatter
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from corpus import variants

import lessons
from lessons.ingest import prepare_document
from lessons.models import PreparedDocument

CACHE = Path(__file__).parent / ".corpus"
QUERIES = [
    "neglect escalation",
    "health visitor",
    "domestic abuse",
    "child protection",
    "mental health",
    "missed opportunities",
    "information sharing",
    "risk assessment",
    "social care",
    "substance misuse",
    "safeguarding board",
    "professional curiosity",
    "crisis plan",
    "school attendance",
    "coroner inquest",
    "family background",
    "police referral",
    "housing neglect",
    "agency checks",
    "sudden death",
    '"serious case review"',
    '"health visitor"',
    '"child protection plan"',
    '"voice of the child"',
    '"mental health"',
    '"domestic abuse"',
    "recommend*",
    "neglect -alcohol",
]


def _prepare(item: tuple[str, bytes]) -> PreparedDocument:
    name, data = item
    return prepare_document(Path("/bench/corpus") / name[:3] / name, data, ocr=False)


def _batches(n: int, jobs: int, size: int) -> Iterator[list[PreparedDocument]]:
    batch: list[PreparedDocument] = []
    with Pool(jobs) as pool:
        for prepared in pool.imap(_prepare, variants(n), chunksize=16):
            batch.append(prepared)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def build(db: str, n: int, jobs: int) -> float:
    """Fill an empty library with `n` documents; returns the seconds taken."""
    start = time.perf_counter()
    with lessons.open(db) as library:
        done = 0
        for batch in _batches(n, jobs, 1000):
            results = library.store.add_documents(batch)
            if any(r.status != "added" for r in results):
                raise SystemExit(f"not added: {next(r for r in results if r.status != 'added')}")
            done += len(batch)
            if done % 10000 == 0 or done == n:
                rate = done / (time.perf_counter() - start)
                print(f"  built {done}/{n} ({rate:.0f} docs/s)", flush=True)
    return time.perf_counter() - start


def open_corpus(db: str | None, n: int, jobs: int) -> tuple[str, float | None]:
    """The library to search (built if needed) and its build time, if it was built now."""
    if db is not None and "://" in db:  # PostgreSQL: the schema must be empty or hold exactly n documents
        with lessons.open(db) as library:
            count = library.store.count()
        if count == n:
            return db, None
        if count:
            raise SystemExit(f"{db} holds {count} documents, not {n}: drop and recreate the schema")
        return db, build(db, n, jobs)
    path = Path(db) if db else CACHE / f"search_{n}.db"
    if path.exists():
        return str(path), None
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.db")
    for stale in path.parent.glob(partial.name + "*"):
        stale.unlink()
    seconds = build(str(partial), n, jobs)
    with sqlite3.connect(partial) as connection:  # fold the WAL in before the rename
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(path)
    for stale in path.parent.glob(partial.name + "-*"):
        stale.unlink()
    return str(path), seconds


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _is_two_words(query: str) -> bool:
    """Two plain words, or a two-word phrase: the shape the target is set for."""
    return len(re.findall(r"\w+", query)) == 2 and not re.search(r"[*-]|\b(AND|OR|NOT)\b", query)


def measure(db: str, repeat: int, limit: int) -> dict[str, Any]:
    timings: list[float] = []
    two_word_timings: list[float] = []
    per_query: dict[str, dict[str, float]] = {}
    with lessons.open(db) as library:
        documents = library.store.count()
        for query in QUERIES:  # warm-up: page cache, statement cache, connection pool
            library.search(query, limit=limit)
        for query in QUERIES:
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                hits = library.search(query, limit=limit)
                times.append((time.perf_counter() - start) * 1000)
            timings.extend(times)
            if _is_two_words(query):
                two_word_timings.extend(times)
            per_query[query] = {
                "hits": len(hits),
                "p50_ms": round(statistics.median(times), 2),
                "max_ms": round(max(times), 2),
            }
    return {
        "documents": documents,
        "queries": len(QUERIES),
        "searches": len(timings),
        "p50_ms": round(percentile(timings, 50), 2),
        "p95_ms": round(percentile(timings, 95), 2),
        "max_ms": round(max(timings), 2),
        "two_word_queries": sum(1 for q in QUERIES if _is_two_words(q)),
        "two_word_p50_ms": round(percentile(two_word_timings, 50), 2),
        "two_word_p95_ms": round(percentile(two_word_timings, 95), 2),
        "rank_limit": lessons.Settings.from_env().rank_limit,
        "per_query": per_query,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="documents in the library")
    parser.add_argument("--db", help="SQLite file or postgresql:// URL (default: .corpus/search_N.db)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--limit", type=int, default=20, help="hits per search")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes used to build")
    parser.add_argument("--out-json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()

    db, build_seconds = open_corpus(args.db, args.n, args.jobs)
    result = {"db": db.split("?")[0], "build_seconds": build_seconds, **measure(db, args.repeat, args.limit)}
    if not db.startswith("postgres"):
        result["db_mb"] = round(Path(db).stat().st_size / 1e6)
    for query, row in result["per_query"].items():
        print(
            f"  {query:<26} {row['hits']:>3} hits  p50 {row['p50_ms']:7.2f} ms  max {row['max_ms']:7.2f} ms"
        )
    print(
        f"two-word queries ({result['two_word_queries']}): p50 {result['two_word_p50_ms']} ms, "
        f"p95 {result['two_word_p95_ms']} ms (target p95 < 50 ms)"
    )
    print(
        f"{result['documents']} documents, {result['searches']} searches: p50 {result['p50_ms']} ms, "
        f"p95 {result['p95_ms']} ms (target p95 < 50 ms), max {result['max_ms']} ms"
    )
    if args.out_json:
        args.out_json.parent.mkdir(parents=True, exist_ok=True)
        args.out_json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
