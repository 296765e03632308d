"""Similar items and recurring lessons: the numpy encoder against sentence-transformers' own output, the vector
index (exact and inverted-file), clustering, and the library on SQLite and PostgreSQL with both backends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import lessons
from lessons import embeddings
from lessons.cli import app
from lessons.errors import NotFound, QueryError
from lessons.models import DocumentMetadata
from lessons.similarity import VectorIndex, clusters, similar_pairs, top

DATA = Path(__file__).parent / "data"


def test_encoder_matches_sentence_transformers() -> None:
    # The reference vectors were made once by sentence-transformers 6.2 (torch 2.13 CPU) from the same
    # packaged model; the last text is longer than the model's 256 tokens, so truncation is checked too.
    texts = json.loads((DATA / "minilm_reference.json").read_text())
    reference = np.load(DATA / "minilm_reference.npy")
    vectors = embeddings.default_encoder().encode(texts)
    assert vectors.dtype == np.float32
    assert np.abs(vectors - reference).max() < 1e-5
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrases_score_above_unrelated_text() -> None:
    a, b, c = embeddings.default_encoder().encode(
        [
            "Agencies should make sure practitioners use the escalation policy when they disagree.",
            "Professionals must challenge each other and escalate when decisions are not agreed.",
            "Safe sleep advice should be given to all parents of newborn babies.",
        ]
    )
    assert a @ b > 0.5 > a @ c


def test_top_orders_best_first_and_breaks_ties_by_position() -> None:
    scores = np.array([0.2, 0.9, 0.5, 0.9, 0.1])
    assert top(scores, 3).tolist() == [1, 3, 2]
    assert top(scores, 10).tolist() == [1, 3, 2, 0, 4]
    assert top(scores, 0).tolist() == []


def clustered(n: int, centres: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    middle = rng.standard_normal((centres, 64)).astype(np.float32)
    points = middle[rng.integers(0, centres, n)] + 0.35 * rng.standard_normal((n, 64)).astype(np.float32)
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def test_inverted_file_index_finds_what_a_full_scan_finds() -> None:
    matrix = clustered(6_000, 40)
    keys = np.stack([np.zeros(6_000, np.int64), np.arange(6_000)], axis=1)
    documents = np.arange(6_000) // 3
    exact = VectorIndex.build(keys, documents, matrix)
    cells = VectorIndex.build(keys, documents, matrix, exact_limit=1_000)
    assert exact.cells is None and cells.cells is not None
    hits = 0
    for q in range(0, 6_000, 300):
        truth = {
            int(exact.keys[r, 1]) for r, _ in exact.nearest(matrix[q], 10, exclude_document=documents[q])
        }
        got = cells.nearest(matrix[q], 10, exclude_document=documents[q])
        assert all(cells.documents[r] != documents[q] for r, _ in got)
        hits += len(truth & {int(cells.keys[r, 1]) for r, _ in got})
    assert hits / (20 * 10) >= 0.9


def test_saved_index_loads_memory_mapped(tmp_path: Path) -> None:
    matrix = clustered(500, 5)
    keys = np.stack([np.ones(500, np.int64), np.arange(500)], axis=1)
    index = VectorIndex.build(keys, np.arange(500), matrix)
    index.save(tmp_path / "index")
    loaded = VectorIndex.load(tmp_path / "index")
    assert isinstance(loaded.matrix, np.memmap)
    assert loaded.nearest(matrix[7], 3) == index.nearest(matrix[7], 3)
    assert loaded.row_of(1, 42) == 42 and loaded.row_of(0, 42) is None


def test_similar_pairs_by_cells_agree_with_all_pairs() -> None:
    matrix = clustered(3_000, 30, seed=1)
    documents = np.arange(3_000) // 2
    exact = similar_pairs(matrix, documents, 0.8)
    approx = similar_pairs(matrix, documents, 0.8, exact_limit=500)
    as_set = lambda pairs: set(zip(pairs[0].tolist(), pairs[1].tolist(), strict=True))  # noqa: E731
    assert len(exact[0]) > 100
    assert all(documents[a] != documents[b] and a < b for a, b in as_set(exact))
    assert len(as_set(approx) & as_set(exact)) / len(as_set(exact)) >= 0.9
    assert as_set(approx) <= as_set(exact)


def test_clusters_take_the_best_connected_row_as_centre() -> None:
    # 0-1, 0-2, 0-3, 3-4, 5-6: row 0 has most partners and takes 1, 2 and 3; 4 is left alone; 5 and 6 pair.
    a, b = np.array([0, 0, 0, 3, 5]), np.array([1, 2, 3, 4, 6])
    s = np.array([0.9, 0.8, 0.95, 0.9, 0.7], dtype=np.float32)
    assert clusters(7, (a, b, s)) == [[0, 3, 1, 2], [5, 6]]


RECOMMENDATIONS = {
    "north.txt": "The Partnership should make sure that every agency uses the escalation policy when "
    "professionals disagree about a child's safety.",
    "south.txt": "Agencies should ensure practitioners know and use the escalation procedure to resolve "
    "professional disagreements about a child.",
    "east.txt": "All partner agencies should remind staff how to escalate concerns when they disagree with "
    "another agency's decision about a child.",
    "west.txt": "Health visitors should give safe sleep advice at every contact with families of babies.",
}


def write_reviews(folder: Path) -> list[Path]:
    paths = []
    for name, text in RECOMMENDATIONS.items():
        path = folder / name
        path.write_text(f"{name[:-4].title()} review\n\nRecommendations\n\n1. {text}\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("backend", ["embeddings", "lexical"])
def test_similar_and_recurring_in_a_library(
    db: str, tmp_path: Path, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with lessons.open(db) as lib:
        for path, year in zip(write_reviews(tmp_path), ("2016", "2019", "2022", "2020"), strict=True):
            lib.ingest([path], DocumentMetadata(date=year, area=path.stem.title()))
        ids = lib.recommendations().set_index("file_name")["id"].to_dict()
        found = lib.similar(ids["north.txt"], limit=3, backend=backend)
        assert found["item"]["text"] == RECOMMENDATIONS["north.txt"]
        names = [m["file_name"] for m in found["similar"]]
        assert "north.txt" not in names and names[-1] == "west.txt"  # its own document is left out
        scores = [m["score"] for m in found["similar"]]
        assert scores == sorted(scores, reverse=True)
        threshold = 0.5 if backend == "embeddings" else 0.05
        (cluster,) = lib.recurring(min_reviews=3, threshold=threshold, backend=backend)
        assert (cluster["reviews"], cluster["areas"], cluster["years"]) == (3, 3, 3)
        assert (cluster["earliest"], cluster["latest"]) == ("2016", "2022")
        assert {m["text"] for m in cluster["members"]} == {
            RECOMMENDATIONS[n] for n in RECOMMENDATIONS if n != "west.txt"
        }
        assert lib.recurring(min_reviews=4, threshold=threshold, backend=backend) == []
        frame = lib.recurring_frame(min_reviews=3, threshold=threshold, backend=backend)
        assert frame.loc[0, "reviews"] == 3 and len(frame.loc[0, "members"]) == 3
        with pytest.raises(NotFound):
            lib.similar(999_999, backend=backend)
        with pytest.raises(QueryError):
            lib.similar("x1", backend=backend)


def test_similar_and_recurring_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "lessons.db")
    runner = CliRunner()
    write_reviews(tmp_path)
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", db]).exit_code == 0
    assert Path(db + ".index").exists() is False  # built on the first similarity query, not at ingest
    result = runner.invoke(app, ["similar", "r1", "--db", db, "--format", "json", "-n", "2"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["backend"] == "embeddings" and len(found["similar"]) == 2
    assert Path(db + ".index", "stamp.json").exists()
    table = runner.invoke(app, ["recurring", "--db", db, "--threshold", "0.5"])
    assert table.exit_code == 0 and "reviews" in table.output.splitlines()[0]
    refused = subprocess.run(
        [sys.executable, "-m", "lessons", "similar", "r999", "--db", db], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert (
        runner.invoke(app, ["embed", "--db", db]).output.strip() == "embedded 0 recommendations and concerns"
    )
    assert refused.stderr.strip() == "error: no recommendation 999 in a current document"


def test_items_stored_without_vectors_are_embedded_once(db: str, tmp_path: Path) -> None:
    with lessons.open(db, embeddings=False) as lib:
        lib.ingest(write_reviews(tmp_path))
        assert len(lib.store.unembedded()) == 4
        assert lib.similar_frame(1, backend="lexical")["file_name"].tolist()[-1] == "west.txt"
        assert lib.store.unembedded()  # the lexical backend needs no vectors
        assert lib.embed() == 4
        assert lib.store.unembedded() == [] and lib.embed() == 0
        _, _, stored = lib.store.read_vectors()
        expected = embeddings.default_encoder().encode(list(RECOMMENDATIONS.values()))
        assert np.allclose(np.sort(stored @ expected.T, axis=None)[-4:], 1.0, atol=1e-5)


def test_the_saved_index_is_rebuilt_after_new_documents(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first, *rest = write_reviews(tmp_path)
    with lessons.open(db) as lib:
        lib.ingest([first, rest[0]])
        north = int(lib.recommendations().set_index("file_name").loc["north.txt", "id"])
        before = [m["file_name"] for m in lib.similar(north, backend="embeddings")["similar"]]
        assert before == ["south.txt"]
        lib.ingest(rest[1:])  # new documents: the stamp changes and the next query sees them
        after = [m["file_name"] for m in lib.similar(north, backend="embeddings")["similar"]]
        assert sorted(after) == ["east.txt", "south.txt", "west.txt"]
