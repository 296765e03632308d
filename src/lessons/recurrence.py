"""Similar items and recurring lessons over a library: which backend makes the vectors, the saved index, and
clusters with how far they spread across reviews, areas and years.

Backends: "embeddings" (all-MiniLM-L6-v2, vectors stored at ingest) or "lexical" (TF-IDF, built from the
items' texts when asked and kept for the process). "auto" takes embeddings when the extra is installed.

The embeddings index is saved beside the database (SQLite: `<db>.index/`; PostgreSQL: the user's cache folder)
with the library's stamp, and rebuilt only when documents or items have been added since; queries memory-map it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from lessons import embeddings
from lessons.errors import NotFound, QueryError
from lessons.similarity import VectorIndex, clusters, lexical_vectors, similar_pairs
from lessons.store import Store
from lessons.store.vectors import KINDS
from lessons.tracking.rules import review_heads

log = logging.getLogger(__name__)

BACKENDS = ("auto", "embeddings", "lexical")
# Scores at or above these count as near-equivalent (recurring); chosen on the hand-judged pairs in
# benchmarks/data/similarity_pairs.jsonl (see benchmarks/README.md).
THRESHOLDS = {"embeddings": 0.65, "lexical": 0.08}
_EMBED_BATCH = 512
# What is shown of each item in similar and recurring results (similar adds its themes).
BRIEF_FIELDS = (
    "kind",
    "id",
    "document_id",
    "file_name",
    "number",
    "text",
    "date",
    "area",
    "start",
    "end",
    "page",
)


@dataclass(frozen=True)
class ItemIndex:
    backend: str
    index: VectorIndex


def resolve_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise QueryError(f"unknown similarity backend {backend!r}; one of {', '.join(BACKENDS)}")
    if backend == "auto":
        return "embeddings" if embeddings.available() else "lexical"
    if backend == "embeddings":
        embeddings.model_dir()  # raises MissingExtra with the install command
    return backend


def embed_missing(store: Store) -> int:
    """Embed the recommendations and concerns stored without a vector (ingested before the extra was
    installed); each is embedded once. Returns how many."""
    done = 0
    while batch := store.unembedded(_EMBED_BATCH):
        vectors = embeddings.default_encoder().encode([text for _, _, text in batch])
        store.write_vectors([(code, item_id) for code, item_id, _ in batch], vectors)
        done += len(batch)
    if done:
        log.info("embedded %d items stored without a vector", done)
    return done


# Indexes this process has open, by folder, with the stamp they were built at.
_LOADED: dict[Path, tuple[list[Any], VectorIndex]] = {}
_LEXICAL: dict[tuple[str, tuple[int | str, ...]], VectorIndex] = {}


def load_index(store: Store, backend: str, cache: Path | None = None) -> ItemIndex:
    backend = resolve_backend(backend)
    if backend == "lexical":
        key = (store.url, store.vector_stamp())
        if key not in _LEXICAL:
            items = store.item_context()
            keys = np.array([(r["kind_code"], r["id"]) for r in items], dtype=np.int64).reshape(-1, 2)
            owners = np.array([r["document_id"] for r in items], dtype=np.int64)
            _LEXICAL.clear()
            _LEXICAL[key] = VectorIndex(keys, owners, lexical_vectors([r["text"] for r in items]))
        return ItemIndex(backend, _LEXICAL[key])
    embed_missing(store)
    folder = cache or index_folder(store)
    stamp: list[Any] = [embeddings.MODEL_NAME, *store.vector_stamp()]
    stamp_file = folder / "stamp.json"
    loaded = _LOADED.get(folder)
    if loaded is not None and loaded[0] == stamp:
        return ItemIndex(backend, loaded[1])
    if stamp_file.exists() and json.loads(stamp_file.read_text()) == stamp:
        _LOADED[folder] = (stamp, VectorIndex.load(folder))
        return ItemIndex(backend, _LOADED[folder][1])
    log.info("building the similarity index in %s", folder)
    index = VectorIndex.build(*store.read_vectors())
    staging = folder.with_name(folder.name + f".tmp{os.getpid()}")
    index.save(staging)
    (staging / "stamp.json").write_text(json.dumps(stamp))
    shutil.rmtree(folder, ignore_errors=True)
    try:
        staging.rename(folder)  # readers see the old index or the new one, never half of one
    except OSError:  # another process put its own (equal) index there first
        shutil.rmtree(staging, ignore_errors=True)
    _LOADED[folder] = (stamp, VectorIndex.load(folder))
    return ItemIndex(backend, _LOADED[folder][1])


def index_folder(store: Store) -> Path:
    if store.dialect == "sqlite":
        return Path(str(store.engine.url.database) + ".index")
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lessons"
    return base / hashlib.sha256(store.url.encode()).hexdigest()[:16]


def parse_item(ref: str) -> tuple[int, int]:
    """ "42" or "r42" is recommendation 42; "c7" is concern 7. Returns (kind code, id)."""
    text = ref.strip().lower()
    code = 1 if text.startswith("c") else 0
    digits = text.lstrip("rc")
    if not digits.isdigit():
        raise QueryError(f"{ref!r} is not an item: give a recommendation id (42 or r42) or a concern id (c7)")
    return code, int(digits)


def similar(store: Store, ref: str, limit: int = 10, backend: str = "auto") -> dict[str, Any]:
    """The item and its `limit` most similar recommendations and concerns in other documents, best first."""
    code, item_id = parse_item(ref)
    loaded = load_index(store, backend)
    row = loaded.index.row_of(code, item_id)
    if row is None:
        raise NotFound(f"no {KINDS[code][:-1]} {item_id} in a current document")
    owner = int(loaded.index.documents[row])
    found = loaded.index.nearest(loaded.index.vector(row), limit, exclude_document=owner)
    keys = [_key(loaded.index.keys[r]) for r, _ in found]
    context = _context(store, [(code, item_id), *keys])
    matches = [{**context[k], "score": round(score, 4)} for k, (_, score) in zip(keys, found, strict=True)]
    return {"item": context[(code, item_id)], "backend": loaded.backend, "similar": matches}


def recurring(
    store: Store,
    theme: str | None = None,
    min_reviews: int = 3,
    threshold: float | None = None,
    backend: str = "auto",
) -> list[dict[str, Any]]:
    """Clusters of near-equivalent recommendations and concerns spanning at least `min_reviews` reviews, most
    widespread first; each with its representative (the member most like the others), spread and members."""
    loaded = load_index(store, backend)
    threshold = THRESHOLDS[loaded.backend] if threshold is None else threshold
    items = {(r["kind_code"], r["id"]): r for r in store.item_context()}
    index = loaded.index
    rows = np.array(
        [
            r
            for r, key in enumerate(map(tuple, index.keys.tolist()))
            if key in items and (theme is None or theme in items[key]["themes"])
        ],
        dtype=np.int64,
    )
    if len(rows) < 2:
        return []
    pairs = similar_pairs(index.subset(rows), index.documents[rows], threshold)
    heads = review_heads(store.track_rows("link", kind="same_review"))
    result = []
    for group in clusters(len(rows), pairs):
        members = [items[_key(index.keys[rows[g]])] for g in group]
        summary = spread(members, heads)
        if summary["reviews"] >= min_reviews:
            result.append(
                {"representative": _brief(members[0]), **summary, "members": [_brief(m) for m in members]}
            )
    result.sort(key=lambda c: (-c["reviews"], -c["size"], c["earliest"] or ""))
    return [{"cluster": n, **c} for n, c in enumerate(result, start=1)]


def spread(members: Sequence[dict[str, Any]], heads: dict[int, int] | None = None) -> dict[str, Any]:
    """How widely a cluster recurs: distinct reviews, areas and years, earliest and latest date, and the
    themes most of its members share. `heads` maps documents to their review (`tracking.review_heads`)."""
    dates = sorted(m["date"] for m in members if m["date"])
    themes = Counter(t for m in members for t in set(m["themes"]))
    return {
        "size": len(members),
        "reviews": len({review_key(m, heads or {}) for m in members}),
        "areas": len({m["area"].lower() for m in members if m["area"]}),
        "years": len({d[:4] for d in dates}),
        "earliest": dates[0] if dates else None,
        "latest": dates[-1] if dates else None,
        "themes": [t for t, n in themes.most_common() if n * 2 >= len(members)],
    }


def review_key(item: dict[str, Any], heads: dict[int, int]) -> str:
    """Which review an item's document belongs to: the review its document is linked to as one family (see
    `Tracker.family`), else one identified by area (or issuer) and a subject's name; without both, each
    document counts as its own review."""
    if item["document_id"] in heads:
        return f"review {heads[item['document_id']]}"
    place = item["area"] or item["issuer"]
    if place and item["subjects"]:
        return f"{place.lower()}|{item['subjects'][0].lower()}"
    return f"document {item['document_id']}"


def _key(row: np.ndarray) -> tuple[int, int]:
    return int(row[0]), int(row[1])


def _brief(item: dict[str, Any]) -> dict[str, Any]:
    return {f: item[f] for f in BRIEF_FIELDS}


def _context(store: Store, keys: list[tuple[int, int]]) -> dict[tuple[int, int], dict[str, Any]]:
    ids: dict[int, list[int]] = {}
    for code, item_id in keys:
        ids.setdefault(code, []).append(item_id)
    return {(r["kind_code"], r["id"]): _brief(r) | {"themes": r["themes"]} for r in store.item_context(ids)}
