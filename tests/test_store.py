"""The library on a real SQLite file and the real PostgreSQL server: ingest, versions, search, filters."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import lessons
from lessons.ingest import prepare_document
from lessons.models import DocumentFilter, DocumentMetadata
from lessons.store import Store
from lessons.store.schema import metadata

RECOMMENDATION_PHRASE = "escalation procedures"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_bundled_samples_and_reingest_is_a_no_op(db: str, sample_documents: Path) -> None:
    with lessons.open(db) as lib:
        first = lib.ingest([sample_documents])
        assert first.count("failed") == 0
        assert first.count("added") == len(list(sample_documents.glob("*.*")))
        second = lib.ingest([sample_documents])
        assert second.count("skipped") == first.count("added")
        assert second.count("added") == 0
        frame = lib.documents()
        assert len(frame) == first.count("added")
        assert frame["content_hash"].is_unique


def test_changed_file_becomes_a_new_version_and_the_old_one_is_kept(db: str, tmp_path: Path) -> None:
    path = write(tmp_path / "review.txt", "Child Q review.\n\nThe first draft talks about neglect.")
    with lessons.open(db) as lib:
        (added,) = lib.ingest([path]).results
        write(path, "Child Q review.\n\nThe final report talks about domestic abuse.")
        (changed,) = lib.ingest([path]).results
        assert (added.status, changed.status) == ("added", "new_version")
        assert len(lib.documents()) == 1
        versions = lib.documents(all_versions=True)
        assert sorted(versions["version"]) == [1, 2]
        assert [h.document_id for h in lib.search("abuse")] == [changed.document_id]
        assert len(lib.search("neglect")) == 0  # the old version is kept but not searched
        assert lib.document(added.document_id)["text"].endswith("neglect.")
        assert [v["is_current"] for v in lib.document(changed.document_id)["versions"]] == [False, True]


def test_new_version_keeps_metadata_given_to_the_old(db: str, tmp_path: Path) -> None:
    path = write(tmp_path / "summary.txt", "Executive summary of the review of Child R.")
    with lessons.open(db) as lib:
        lib.ingest([path], DocumentMetadata(doc_type="review_summary", area="Leicester"))
        write(path, "Executive summary of the review of Child R, revised.")
        (result,) = lib.ingest([path]).results
        record = lib.document(result.document_id or 0)
        assert (record["doc_type"], record["area"]) == ("review_summary", "Leicester")


@pytest.fixture
def library(db: str, sample_documents: Path) -> lessons.Library:
    lib = lessons.open(db)
    lib.ingest(
        [sample_documents / "003_c16dea13c7f814e0.txt"],
        DocumentMetadata("board_response", date="2014-05-29", area="Southampton"),
    )
    lib.ingest(
        [sample_documents / "004_b9a62875dcb14aa6.txt"],
        DocumentMetadata("review_summary", date="2012-01", area="Leicester"),
    )
    lib.ingest(
        [sample_documents / "000_23ec7bfa38db9fd1.txt"],
        DocumentMetadata("pfd_response", date="2017-11-28", area="Somerset"),
    )
    return lib


def ids(hits: list[lessons.SearchHit]) -> set[str]:
    return {h.file_name[:3] for h in hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("neglect", {"003", "004"}),
        ('"escalation procedures"', {"003"}),
        ('"procedures escalation"', set()),
        ("CAMHS AND schools", {"000"}),
        ("CAMHS OR Ofsted", {"000", "003", "004"}),
        ("neglect NOT Southampton", {"004"}),
        ("neglect -Southampton", {"004"}),
        ("(CAMHS OR clavicle) AND liaison", {"000", "004"}),
        ("safeguard*", {"000", "003", "004"}),
        ("clavicle", {"004"}),
        ("Sofia's", {"000"}),  # punctuation is searched as text, never as query syntax
        ("zebra", set()),
    ],
)
def test_search_queries(library: lessons.Library, query: str, expected: set[str]) -> None:
    assert ids(library.search(query)) == expected


def test_search_ranks_and_highlights(library: lessons.Library) -> None:
    hits = library.search("escalation")
    assert hits[0].file_name.startswith("003")
    assert all(hits[i].score >= hits[i + 1].score for i in range(len(hits) - 1))
    hit = hits[0]
    assert hit.highlights
    for start, end in hit.highlights:
        assert hit.snippet[start:end].lower().startswith("escalat")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (DocumentFilter(doc_type="board_response"), {"003"}),
        (DocumentFilter(doc_type="board_response,review_summary"), {"003", "004"}),
        (DocumentFilter(date_from="2013"), {"003", "000"}),
        (DocumentFilter(date_to="2012-01-15"), {"004"}),  # "2012-01" covers the whole month
        (DocumentFilter(date_from="2014-05-29", date_to="2014-05-29"), {"003"}),
        (DocumentFilter(area="leic"), {"004"}),
        (DocumentFilter(area="somerset", doc_type="pfd_response"), {"000"}),
    ],
)
def test_search_and_list_filters(
    library: lessons.Library, filters: DocumentFilter, expected: set[str]
) -> None:
    assert ids(library.search("safeguarding", filters)) == expected
    assert {name[:3] for name in library.documents(filters)["file_name"]} == expected


@pytest.mark.parametrize("query", ['"unclosed', "NOT neglect", "(neglect", "neglect AND", ""])
def test_bad_queries_are_refused_clearly(library: lessons.Library, query: str) -> None:
    with pytest.raises(lessons.LessonsError):
        library.search(query)


def test_source_span_gives_back_the_original_markup(library: lessons.Library) -> None:
    (document_id,) = library.documents(DocumentFilter(doc_type="board_response"))["id"]
    text = library.document(int(document_id))["text"]
    start = text.index("make use of the Resolving")
    end = start + len("make use of the Resolving Professional Disagreements Procedure")
    assert library.source_span(int(document_id), start, end) == (
        "make use of the <i>Resolving Professional Disagreements Procedure"
    )


def test_pdf_pages_are_stored(db: str, shared_documents: Path) -> None:
    with lessons.open(db) as lib:
        (result,) = lib.ingest([shared_documents / "pfd_2023_henderson_surrey.pdf"]).results
        record = lib.document(result.document_id or 0)
        assert [p.number for p in record["pages"]] == [1, 2, 3, 4]
        assert record["pages"][0].start == 0 and record["pages"][-1].end == len(record["text"])
        concerns = record["text"].index("MATTERS OF CONCERN")
        assert next(p.number for p in record["pages"] if p.start <= concerns < p.end) == 3


def test_a_document_the_database_refuses_leaves_nothing_and_the_batch_goes_on(
    db: str, tmp_path: Path
) -> None:
    good = [
        prepare_document(p, p.read_bytes())
        for p in (write(tmp_path / f"{n}.txt", f"Review number {n} about neglect.") for n in (1, 2))
    ]
    bad = dataclasses.replace(good[0], path=str(tmp_path / "bad.txt"), content_hash="0" * 64, file_name=None)
    store = Store(db)
    results = store.add_documents([good[0], bad, good[1]])
    assert [r.status for r in results] == ["added", "failed", "added"]
    assert "database refused it" in (results[1].message or "")
    with store.engine.connect() as connection:
        for table in ("documents", "document_sources"):
            assert connection.scalar(sa.text(f"SELECT count(*) FROM {table}")) == 2
    assert len(store.search("neglect")) == 2
    store.close()


def test_migrations_create_exactly_the_declared_schema(db: str) -> None:
    store = Store(db)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        diff = [
            d
            for d in compare_metadata(context, metadata)
            if not any("fts" in str(part) or "search_vector" in str(part) for part in d)
        ]
    store.close()
    assert diff == []


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")
def test_a_crash_mid_ingest_leaves_no_half_written_document(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(400):
        write(folder / f"review_{n:03}.txt", f"Review {n}.\n\n" + "Agencies must share information. " * 200)
    script = f"import lessons; lessons.open({db!r}, batch_size=25).ingest([{str(folder)!r}])"
    process = subprocess.Popen([sys.executable, "-c", script])
    store = Store(db)
    deadline = time.monotonic() + 60
    while store.count() == 0 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL) if process.poll() is None else None
    process.wait()
    with store.engine.connect() as connection:
        documents = connection.scalar(sa.text("SELECT count(*) FROM documents"))
        sources = connection.scalar(sa.text("SELECT count(*) FROM document_sources"))
        assert (documents == sources and documents % 25 == 0) or documents == 400
        if store.dialect == "sqlite":
            connection.execute(sa.text("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')"))
    assert len(store.search("agencies", limit=500)) == documents
    store.close()


def test_folders_are_read_recursively_skipping_hidden_and_unsupported_files(db: str, tmp_path: Path) -> None:
    root = tmp_path / ".archive" / "reviews"  # a hidden folder above the one named does not matter
    (root / "2014" / ".git").mkdir(parents=True)
    write(root / "2014" / "summary.txt", "Summary of the review of Child A.")
    write(root / "2014" / "notes.md", "# Notes\n\nLearning from the review of Child B.")
    write(root / "2014" / ".git" / "config.txt", "not a document")
    write(root / "2014" / "~$summary.txt", "a Word lock file")
    write(root / "2014" / "image.png", "not a document type")
    with lessons.open(db) as lib:
        report = lib.ingest([root])
        assert sorted(Path(r.path).name for r in report.results) == ["notes.md", "summary.txt"]
        assert report.count("added") == 2


def test_parallel_reading_stores_the_same_texts(db: str, sample_documents: Path, tmp_path: Path) -> None:
    with lessons.open(db, jobs=2, batch_size=3) as parallel:
        report = parallel.ingest([sample_documents])
        assert report.count("added") == len(list(sample_documents.glob("*.*")))
        texts = {
            row.file_name: parallel.document(int(row.id))["text"] for row in parallel.documents().itertuples()
        }
    with lessons.open(str(tmp_path / "serial.db")) as serial:
        serial.ingest([sample_documents])
        assert texts == {
            r.file_name: serial.document(int(r.id))["text"] for r in serial.documents().itertuples()
        }


@pytest.mark.parametrize(("rank_limit", "expected_ranked_within"), [(2, 2), (0, None), (10, None)])
def test_broad_queries_are_ranked_among_the_newest_matches(
    db: str, tmp_path: Path, rank_limit: int, expected_ranked_within: int | None
) -> None:
    with lessons.open(db, rank_limit=rank_limit) as lib:
        for n, repeats in enumerate([5, 1, 1, 1], 1):  # the oldest document is the best match
            lib.ingest([write(tmp_path / f"{n}.txt", f"Review {n}. " + "Neglect was missed. " * repeats)])
        hits = lib.search("neglect")
        assert hits.ranked_within == (expected_ranked_within if lib.store.dialect == "sqlite" else None)
        names = [h.file_name for h in hits]
        if hits.ranked_within:
            assert sorted(names) == ["3.txt", "4.txt"]
        else:
            assert names[0] == "1.txt" and len(names) == 4
