"""Themes and similarity speed: tagging and embedding throughput, `similar` at 1,000,000 stored vectors and
`recurring` over 100,000 recommendations, end to end through the Library on a real SQLite file.

Real texts: the hand-labelled recommendations and concerns in benchmarks/data/. Embedding every one of a
million texts would take over two hours on this machine, so the stored vectors are synthetic but shaped like
real ones: each is a mix of two real recommendations' embeddings plus noise, normalised, so that pairs score
like pairs of real recommendations do. Texts stored with them are the real texts they mix.

    python benchmarks/similarity.py --vectors 1000000 --recurring 100000 --out-json benchmarks/results/similarity.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

import lessons
from lessons import embeddings
from lessons.recurrence import load_index
from lessons.similarity import VectorIndex
from lessons.store.extractions import to_blob
from lessons.store.schema import documents, recommendations
from lessons.themes import Taxonomy, tag_themes

DATA = Path(__file__).parent / "data"
PER_DOCUMENT = 10


def real_texts() -> list[str]:
    items = [json.loads(line) for line in (DATA / "themes_labelled.jsonl").read_text().splitlines()]
    return [item["text"] for item in items]


def tagging_rate(texts: list[str], runs: int = 5) -> float:
    taxonomy = Taxonomy.load()
    batch = texts * 8
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in batch:
            tag_themes(text, taxonomy)
        rates.append(len(batch) / (time.perf_counter() - start))
    return statistics.median(rates)


def embedding_rate(texts: list[str], runs: int = 3) -> dict[str, float]:
    start = time.perf_counter()
    encoder = embeddings.MiniLM()
    load = time.perf_counter() - start
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        encoder.encode(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    return {"load_seconds": round(load, 2), "texts_per_second": round(statistics.median(rates), 1)}


def synthetic_vectors(base: np.ndarray, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n vectors, each 0.8 of one real embedding, 0.7 of another and noise, normalised; and the first one's
    index. The mix is set so that pairs score like pairs of the real texts do (1.5% vs 1.8% at 0.55 or more)."""
    rng = np.random.default_rng(seed)
    first, second = rng.integers(0, len(base), n), rng.integers(0, len(base), n)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        part = slice(start, min(n, start + 100_000))
        size = part.stop - part.start
        mixed = 0.8 * base[first[part]] + 0.7 * base[second[part]]
        mixed += 0.6 * rng.standard_normal((size, base.shape[1]), dtype=np.float32) / np.sqrt(base.shape[1])
        out[part] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    return out, first


def build_library(path: Path, texts: list[str], vectors: np.ndarray, owners: np.ndarray) -> None:
    """A SQLite library with len(vectors) recommendations, PER_DOCUMENT per document, written with the
    library's own schema (migrations run by `lessons.open`)."""
    with lessons.open(str(path)) as lib:
        engine = lib.store.engine
    now = datetime.now(UTC)
    n_docs = (len(vectors) + PER_DOCUMENT - 1) // PER_DOCUMENT
    areas = [f"Area {i}" for i in range(150)]
    with engine.begin() as connection:
        for start in range(0, n_docs, 20_000):
            connection.execute(
                documents.insert(),
                [
                    {
                        "id": d + 1,
                        "path": f"/bench/{d}.txt",
                        "file_name": f"{d}.txt",
                        "format": "txt",
                        "content_hash": f"{d:064x}",
                        "size_bytes": 100,
                        "doc_type": "review_summary",
                        "date": str(2010 + d % 15),
                        "area": areas[d % len(areas)],
                        "char_count": 100,
                        "text": "",
                        "warnings": [],
                        "meta": {},
                        "ingested_at": now,
                    }
                    for d in range(start, min(n_docs, start + 20_000))
                ],
            )
        for start in range(0, len(vectors), 50_000):
            stop = min(len(vectors), start + 50_000)
            connection.execute(
                recommendations.insert(),
                [
                    {
                        "id": i + 1,
                        "document_id": i // PER_DOCUMENT + 1,
                        "position": i % PER_DOCUMENT,
                        "text": texts[owners[i]],
                        "start": 0,
                        "end": 1,
                        "themes": [],
                        "agencies": [],
                        "embedding": to_blob(vectors[i]),
                    }
                    for i in range(start, stop)
                ],
            )


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def bench_similar(
    folder: Path, texts: list[str], base: np.ndarray, n: int, queries: int
) -> dict[str, object]:
    vectors, owners = synthetic_vectors(base, n)
    db = folder / "similar.db"
    start = time.perf_counter()
    build_library(db, texts, vectors, owners)
    written = time.perf_counter() - start
    del vectors
    with lessons.open(str(db), similarity="embeddings") as lib:
        start = time.perf_counter()
        lib.similar(1, limit=10)  # builds and saves the index
        built = time.perf_counter() - start
    # Queries run in a fresh process, so its peak memory is what a user's process needs to answer them.
    child = subprocess.run(
        [sys.executable, __file__, "--query", str(db), "--vectors", str(n), "--queries", str(queries)],
        capture_output=True,
        text=True,
        check=True,
    )
    queried = json.loads(child.stdout)
    index_bytes = sum(f.stat().st_size for f in Path(str(db) + ".index").iterdir())
    return {
        "vectors": n,
        "library_written_seconds": round(written, 1),
        "index_built_seconds": round(built, 1),
        "index_file_mb": round(index_bytes / 1e6),
        "building_process_peak_rss_mb": round(peak_rss_mb()),
        **queried,
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from a parent across
    fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def query_only(db: str, n: int, queries: int) -> dict[str, object]:
    rng = np.random.default_rng(1)
    ids = rng.integers(1, n + 1, queries).tolist()
    with lessons.open(db, similarity="embeddings") as lib:
        start = time.perf_counter()
        lib.similar(ids[0], limit=10)  # opens the saved index (memory-mapped)
        opened = time.perf_counter() - start
        passes = []
        for _ in range(2):  # the first pass reads cells from disk as they are first touched; the second not
            times = []
            for item in ids:
                start = time.perf_counter()
                lib.similar(item, limit=10)
                times.append((time.perf_counter() - start) * 1000)
            passes.append(times)
        rss = peak_rss_mb()
        recall = index_recall(load_index(lib.store, "embeddings").index, rng, 100)
    return {
        "index_opened_seconds": round(opened, 2),
        "first_pass_query_ms_p50": round(percentile(passes[0], 50), 1),
        "first_pass_query_ms_p95": round(percentile(passes[0], 95), 1),
        "second_pass_query_ms_p50": round(percentile(passes[1], 50), 1),
        "second_pass_query_ms_p95": round(percentile(passes[1], 95), 1),
        # Mostly the memory-mapped index file's pages (shared page cache, given back under memory pressure).
        "querying_process_peak_rss_mb": round(rss),
        "recall_at_10_vs_full_scan": recall,
    }


def index_recall(index: VectorIndex, rng: np.random.Generator, queries: int) -> float | None:
    if index.cells is None:
        return None
    full = VectorIndex(index.keys, index.documents, index.matrix)
    hits = 0
    for row in rng.integers(0, len(index), queries):
        query = np.asarray(index.matrix[row])
        owner = int(index.documents[row])
        truth = {r for r, _ in full.nearest(query, 10, owner)}
        hits += len(truth & {r for r, _ in index.nearest(query, 10, owner)})
    return round(hits / (queries * 10), 3)


def bench_recurring(folder: Path, texts: list[str], base: np.ndarray, n: int, runs: int) -> dict[str, object]:
    vectors, owners = synthetic_vectors(base, n, seed=2)
    db = folder / "recurring.db"
    build_library(db, texts, vectors, owners)
    with lessons.open(str(db), similarity="embeddings") as lib:
        lib.similar(1)  # the index is built at the first similarity query; not part of `recurring`'s time
        times, found = [], []
        for _ in range(runs):
            start = time.perf_counter()
            found = lib.recurring(min_reviews=3)
            times.append(time.perf_counter() - start)
    return {
        "recommendations": n,
        "seconds_median": round(statistics.median(times), 1),
        "clusters_in_3_or_more_reviews": len(found),
        "largest_cluster": max((c["size"] for c in found), default=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vectors", type=int, default=1_000_000)
    parser.add_argument("--recurring", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out-json", type=Path)
    parser.add_argument("--query", metavar="DB", help=argparse.SUPPRESS)  # the child process of bench_similar
    args = parser.parse_args()
    if args.query:
        print(json.dumps(query_only(args.query, args.vectors, args.queries)))
        return
    texts = real_texts()
    result: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores",
        "tagging_items_per_second": round(tagging_rate(texts)),
        "embedding": embedding_rate(texts),
    }
    print(json.dumps(result, indent=2), flush=True)
    base = embeddings.default_encoder().encode(texts)
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as tmp:
        result["recurring"] = bench_recurring(Path(tmp), texts, base, args.recurring, args.runs)
        print(json.dumps(result["recurring"], indent=2), flush=True)
        result["similar"] = bench_similar(Path(tmp), texts, base, args.vectors, args.queries)
    print(json.dumps(result, indent=2))
    if args.out_json:
        args.out_json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
