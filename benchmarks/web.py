"""Web latency: p50/p95 of the search page and the dashboard under concurrent clients on loopback.

The library is built once with the full ingest (reading, cleaning, extraction, themes, linking; no embeddings)
from N perturbed documents written under benchmarks/.corpus/, then a few hundred tracked actions are added so
the dashboard's tracker panels have work to do. The server is `lessons serve` in its own process(es); the
clients are threads in this process sharing one HTTP connection pool, each logged in with its own session.

    python benchmarks/web.py --n 100000 --clients 20 --requests 400 --out-json benchmarks/results/web_100k.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from argparse import RawDescriptionHelpFormatter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from corpus import write_corpus

import lessons

CACHE = Path(__file__).parent / ".corpus"
QUERIES = ["neglect escalation", "health visitor", "domestic abuse", "child protection", "mental health",
           "missed opportunities", "information sharing", '"serious case review"', "risk assessment",
           "school attendance", "professional curiosity", "substance misuse"]  # fmt: skip
PASSWORD = "bench-password-1"


def build(n: int, jobs: int) -> Path:
    """The cached library of `n` documents (built now if missing)."""
    path = CACHE / f"web_{n}.db"
    if path.exists():
        return path
    files = CACHE / f"web_files_{n}"
    if not files.exists():
        partial_files = files.with_name(files.name + ".partial")
        print(f"writing {n} documents to {files}", flush=True)
        write_corpus(partial_files, n)
        partial_files.rename(files)
    partial = path.with_suffix(".partial.db")  # an interrupted build resumes: files already in it are skipped
    start = time.perf_counter()
    done = 0
    with lessons.open(str(partial), jobs=jobs, embeddings=False) as library:
        for result in library.ingest_iter([files]):
            if result.status == "failed":
                raise SystemExit(f"not ingested: {result.path}: {result.message}")
            done += 1
            if done % 5000 == 0:
                print(
                    f"  ingested {done}/{n} ({done / (time.perf_counter() - start):.0f} docs/s)", flush=True
                )
        linked = time.perf_counter()
        library.tracker.suggest_links()  # all documents, in case an earlier run stopped before linking
        print(f"  linked in {time.perf_counter() - linked:.0f} s", flush=True)
        seed_tracker(library)
    print(f"built in {time.perf_counter() - start:.0f} s", flush=True)
    with sqlite3.connect(partial) as connection:  # fold the WAL in before the rename
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(path)
    return path


def seed_tracker(library: lessons.Library, every: int = 200) -> None:
    """A tracked action (due within two months either side of today) for the first recommendation of every
    `every`-th document that has one."""
    rng = random.Random(0)
    recommendations = library.recommendations().drop_duplicates("document_id")
    today = date.today()
    for row in recommendations.iloc[::every].itertuples():
        due = today + timedelta(days=rng.randint(-60, 60))
        library.tracker.add_action(
            f"Act on recommendation {row.number or ''}", "bench", f"r{row.id}", due=due.isoformat()
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path, workers: int, similarity: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lessons",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "LESSONS_SIMILARITY": similarity},
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/healthz").status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def log_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120)
    form = client.get("/login")
    csrf = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf})
    if answer.status_code != 303:
        raise SystemExit(f"login failed: {answer.status_code}")
    return client


def figures_ready(base: str, workers: int, limit: float) -> float | None:
    """Seconds until every worker's dashboard shows current figures (each works them out in the background the
    first time it is asked), or None if they were not ready within `limit` seconds: the dashboard is then timed
    while they are still being worked out."""
    client = log_in(base, "bench0")
    start = time.perf_counter()
    current_in_a_row = 0
    while current_in_a_row < 5 * workers:
        page = client.get("/", headers={"Connection": "close"}).text  # a new connection: any worker
        current_in_a_row = 0 if "being worked out" in page else current_in_a_row + 1
        if time.perf_counter() - start > limit:
            client.close()
            return None
        if not current_in_a_row:
            time.sleep(2)
    client.close()
    return round(time.perf_counter() - start, 1)


def load(base: str, clients: int, requests: int, paths: list[str]) -> dict[str, Any]:
    """`clients` threads, each with its own session, fetching `paths` in turn until `requests` are done."""
    sessions = [log_in(base, f"bench{i % 5}") for i in range(clients)]
    for path in paths:  # warm-up
        sessions[0].get(path)
    timings: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker(client: httpx.Client) -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            start = time.perf_counter()
            answer = client.get(paths[i % len(paths)])
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings.append(elapsed)
                if answer.status_code != 200:
                    failures.append(answer.status_code)

    wall = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(client,)) for client in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall
    for client in sessions:
        client.close()
    ordered = sorted(timings)
    return {
        "requests": len(timings),
        "failures": len(failures),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
        "max_ms": round(ordered[-1], 1),
        "throughput_rps": round(len(timings) / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="documents in the library")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=400, help="timed requests per page kind")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes used to build")
    parser.add_argument(
        "--similarity",
        default="lexical",
        help="the server's similarity backend for recurring lessons (the library is built without embeddings)",
    )
    parser.add_argument(
        "--figures-wait", type=float, default=3600, help="seconds to wait for dashboard figures"
    )
    parser.add_argument("--pages", nargs="+", help="only these (search, search_filtered, dashboard)")
    parser.add_argument("--build-only", action="store_true", help="build the library and stop")
    parser.add_argument("--out-json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()

    db = build(args.n, args.jobs)
    if args.build_only:
        return
    with lessons.open(str(db)) as library:
        documents = library.store.count()
        existing = {row["username"] for row in library.accounts.list()}
        for i in range(5):
            if f"bench{i}" not in existing:
                library.accounts.add(f"bench{i}", PASSWORD, "editor")
    server, base = serve(db, args.workers, args.similarity)
    try:
        pages = {
            "search": [f"/search?q={q}" for q in QUERIES],
            "search_filtered": [f"/search?q={q}&type=board_response&from=2015" for q in QUERIES],
            "dashboard": ["/"],
        }
        result: dict[str, Any] = {"documents": documents, "clients": args.clients, "workers": args.workers}
        for name, paths in pages.items():
            if args.pages and name not in args.pages:
                continue
            if name == "dashboard":
                result["dashboard_figures_seconds"] = figures_ready(base, args.workers, args.figures_wait)
                print(f"dashboard figures worked out in {result['dashboard_figures_seconds']} s", flush=True)
            result[name] = load(base, args.clients, args.requests, paths)
            row = result[name]
            print(f"{name:<16} p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms  "
                  f"max {row['max_ms']:8.1f} ms  {row['throughput_rps']} req/s  failures {row['failures']}")  # fmt: skip
    finally:
        server.terminate()
        server.wait()
    if args.out_json:
        args.out_json.parent.mkdir(parents=True, exist_ok=True)
        previous = json.loads(args.out_json.read_text()) if args.out_json.exists() and args.pages else {}
        args.out_json.write_text(json.dumps({**previous, **result}, indent=2) + "\n")


if __name__ == "__main__":
    main()
