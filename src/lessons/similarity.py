"""Similar items and recurring lessons: nearest neighbours over item vectors, and clusters of near-equivalents.

Pure functions over arrays; the store supplies the vectors and the library decides which backend made them.
Vectors are unit length, so a dot product is the cosine similarity.

- `VectorIndex` answers "the k items most like this one, outside its own document". Up to `EXACT_LIMIT`
  vectors it scans them all; above that it keeps an inverted-file index (spherical k-means cells, vectors
  stored cell by cell) and scans the cells nearest the query, which keeps a query over a million vectors to a
  few milliseconds at the cost of an occasional missed neighbour (recall is measured in benchmarks/).
- `clusters` groups near-equivalent items: every pair above a threshold from different documents is an edge;
  the item with most edges becomes a centre and takes its unclaimed neighbours, and so on. Every member is
  within the threshold of its centre, whose text represents the cluster.
- `lexical_vectors` is the fallback when no embedding model is installed: TF-IDF over words and word pairs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

EXACT_LIMIT = 100_000  # up to this many vectors a query scans them all (about 15 ms at 100k x 384)
_BLOCK = 4_096


@dataclass(frozen=True)
class Cells:
    """An inverted-file index: vectors are stored grouped by their nearest centroid; cell c holds rows
    offsets[c]:offsets[c+1]."""

    centroids: np.ndarray
    offsets: np.ndarray

    def nearest(self, query: np.ndarray, n: int) -> np.ndarray:
        scores = self.centroids @ query
        n = min(n, len(scores))
        return np.argpartition(-scores, n - 1)[:n]


@dataclass(frozen=True)
class VectorIndex:
    """Vectors (n x d, float32, unit length; possibly memory-mapped) with each row's item key and document."""

    keys: np.ndarray  # (n, 2) int64: kind code, item id
    documents: np.ndarray  # (n,) int64
    matrix: np.ndarray
    cells: Cells | None = None
    probes: int = 48

    @classmethod
    def build(
        cls, keys: np.ndarray, documents: np.ndarray, matrix: np.ndarray, exact_limit: int = EXACT_LIMIT
    ) -> VectorIndex:
        if len(matrix) <= exact_limit:
            return cls(keys, documents, matrix)
        cell_of, centroids = kmeans(matrix, cells=max(64, int(np.sqrt(len(matrix)))))
        order = np.argsort(cell_of, kind="stable")
        offsets = np.searchsorted(cell_of[order], np.arange(len(centroids) + 1))
        return cls(keys[order], documents[order], matrix[order], Cells(centroids, offsets))

    def __len__(self) -> int:
        return int(self.keys.shape[0])

    def vector(self, row: int) -> np.ndarray:
        """One row as a dense vector (the TF-IDF fallback's matrix is sparse)."""
        if sparse.issparse(self.matrix):
            return np.asarray(self.matrix[row].toarray()).ravel()
        return np.asarray(self.matrix[row])

    def subset(self, rows: np.ndarray) -> np.ndarray:
        """These rows' vectors, in memory (sparse stays sparse)."""
        return self.matrix[rows] if sparse.issparse(self.matrix) else np.asarray(self.matrix[rows])

    def row_of(self, kind: int, item_id: int) -> int | None:
        found = np.flatnonzero((self.keys[:, 1] == item_id) & (self.keys[:, 0] == kind))
        return int(found[0]) if len(found) else None

    def nearest(
        self, query: np.ndarray, k: int, exclude_document: int | None = None
    ) -> list[tuple[int, float]]:
        """The k rows most like `query` (row, score), best first, leaving out rows of `exclude_document`."""
        if self.cells is None:
            rows = np.arange(self.matrix.shape[0])
            scores = np.asarray(self.matrix @ query)
        else:
            chosen = np.sort(self.cells.nearest(query, self.probes))
            spans = [(self.cells.offsets[c], self.cells.offsets[c + 1]) for c in chosen]
            rows = np.concatenate([np.arange(a, b) for a, b in spans])
            scores = np.concatenate([np.asarray(self.matrix[a:b] @ query) for a, b in spans])
        if exclude_document is not None:
            keep = self.documents[rows] != exclude_document
            rows, scores = rows[keep], scores[keep]
        return [(int(rows[i]), float(scores[i])) for i in top(scores, k)]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"keys": self.keys, "documents": self.documents, "matrix": self.matrix}
        if self.cells is not None:
            arrays |= {"centroids": self.cells.centroids, "offsets": self.cells.offsets}
        for name, array in arrays.items():
            np.save(folder / f"{name}.npy", array)

    @classmethod
    def load(cls, folder: Path) -> VectorIndex:
        """The saved index, its matrix memory-mapped (the OS pages it in and shares it between processes)."""
        keys, documents = np.load(folder / "keys.npy"), np.load(folder / "documents.npy")
        matrix = np.load(folder / "matrix.npy", mmap_mode="r")
        cells = None
        if (folder / "centroids.npy").exists():
            cells = Cells(np.load(folder / "centroids.npy"), np.load(folder / "offsets.npy"))
        return cls(keys, documents, matrix, cells)


def top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest scores, largest first (ties in index order)."""
    if k <= 0 or len(scores) == 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return part[np.lexsort((part, -scores[part]))]


def kmeans(
    matrix: np.ndarray, cells: int, iterations: int = 6, sample: int = 50_000
) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means (cosine), trained on a fixed sample and then assigning every row: (cell of each row,
    unit centroids). Deterministic: the sample and the starting centroids come from a seeded generator."""
    rng = np.random.default_rng(0)
    n = len(matrix)
    cells = min(cells, n)
    training = np.asarray(matrix[np.sort(rng.choice(n, size=min(sample, n), replace=False))])
    centroids = training[rng.choice(len(training), size=cells, replace=False)].copy()
    for _ in range(iterations):
        assigned = _assign(training, centroids)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assigned, training)
        empty = ~sums.any(axis=1)
        sums[empty] = centroids[empty]
        centroids = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    return _assign(matrix, centroids), centroids.astype(np.float32)


def _assign(matrix: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    out = np.empty(len(matrix), dtype=np.int64)
    for start in range(0, len(matrix), _BLOCK):
        block = np.asarray(matrix[start : start + _BLOCK])
        out[start : start + len(block)] = np.argmax(block @ centroids.T, axis=1)
    return out


# --- recurring: clusters of near-equivalent items ------------------------------------------------------------


def similar_pairs(
    matrix: np.ndarray, documents: np.ndarray, threshold: float, exact_limit: int = EXACT_LIMIT // 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i, j, score) with i < j, from different documents, scoring at least `threshold`. Exact up to
    `exact_limit` rows; above that each row is compared with the rows of its own and its nearest k-means cells."""
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for rows, candidates in _comparisons(matrix, exact_limit):
        if sparse.issparse(matrix):
            scores = (matrix[rows] @ matrix[candidates].T).toarray()
        else:
            scores = np.asarray(matrix[rows]) @ np.asarray(matrix[candidates]).T
        i, j = np.nonzero(scores >= threshold)
        a, b = rows[i], candidates[j]
        keep = (a < b) & (documents[a] != documents[b])
        found.append((a[keep], b[keep], scores[i, j][keep]))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    a, b, s = (np.concatenate(parts) for parts in zip(*found, strict=True))
    unique = np.unique(a * matrix.shape[0] + b, return_index=True)[
        1
    ]  # a pair found from two cells counts once
    return a[unique], b[unique], s[unique]


def _comparisons(
    matrix: np.ndarray, exact_limit: int, neighbours: int = 4
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    n = matrix.shape[0]
    if n <= exact_limit or sparse.issparse(matrix):
        everything = np.arange(n)
        block = _BLOCK // 8 if sparse.issparse(matrix) else _BLOCK
        for start in range(0, n, block):
            yield np.arange(start, min(n, start + block)), everything
        return
    cell_of, centroids = kmeans(matrix, cells=max(16, n // 400))
    members = [np.flatnonzero(cell_of == c) for c in range(len(centroids))]
    near = np.argsort(-(centroids @ centroids.T), axis=1)[:, :neighbours]
    for c, rows in enumerate(members):
        if len(rows):
            yield rows, np.concatenate([members[d] for d in near[c]])


def clusters(count: int, pairs: tuple[np.ndarray, np.ndarray, np.ndarray]) -> list[list[int]]:
    """Groups of at least two rows: the row with most pairs becomes a centre and takes its unclaimed partners,
    then the next, until no row with an unclaimed partner is left. The centre is each group's first row;
    members follow, most similar first."""
    a, b, s = pairs
    rows = np.concatenate([a, b])
    partners = np.concatenate([b, a])
    scores = np.concatenate([s, s])
    order = np.lexsort((-scores, rows))
    rows, partners, scores = rows[order], partners[order], scores[order]
    starts = np.searchsorted(rows, np.arange(count + 1))
    degree = np.diff(starts)
    claimed = np.zeros(count, dtype=bool)
    groups: list[list[int]] = []
    for centre in np.lexsort((np.arange(count), -degree)):
        if degree[centre] == 0:
            break
        if claimed[centre]:
            continue
        mine = [int(p) for p in partners[starts[centre] : starts[centre + 1]] if not claimed[p]]
        if mine:
            claimed[centre] = True
            claimed[mine] = True
            groups.append([int(centre), *mine])
    return groups


# --- the lexical fallback -------------------------------------------------------------------------------------


def lexical_vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    """TF-IDF over words and word pairs (English stop words out, sublinear counts), rows of unit length."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return sparse.csr_matrix((0, 0), dtype=np.float32)
    vectorizer = TfidfVectorizer(
        stop_words="english", ngram_range=(1, 2), sublinear_tf=True, min_df=1, dtype=np.float32
    )
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # nothing but stop words
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
