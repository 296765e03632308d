"""Extraction stored beside each document, on a real SQLite file and the real PostgreSQL server.

The assertions hold for any extraction: what is stored is compared with `extract` run again on the stored clean
text, so these tests check the storing, not the extracting."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import lessons
from lessons.extraction import Extraction, extract
from lessons.extraction.records import Recommendation, Span
from lessons.ingest import prepare_document
from lessons.models import DOC_TYPES, DocumentFilter, DocumentMetadata
from lessons.store import Store

ITEM_KINDS = ("recommendations", "concerns", "actions", "findings")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def extract_again(lib: lessons.Library, document_id: int) -> Extraction:
    """What extraction gives for the document's stored clean text and pages."""
    record = lib.document(document_id)
    return extract(record["text"], tuple(record["pages"]), tables=record["tables"])


def expected_items(extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    def span(s: Span) -> dict[str, Any]:
        return {"start": s.start, "end": s.end, "page": s.page}

    def tagged(item: Any) -> dict[str, Any]:
        return {"themes": [vars(t) for t in item.themes], "agencies": list(item.agencies)}

    return {
        "recommendations": [
            {
                "number": r.number,
                "text": r.text,
                "case": r.case,
                "theme": r.theme,
                **tagged(r),
                **span(r.span),
            }
            for r in extraction.recommendations
        ],
        "concerns": [
            {"number": c.number, "text": c.text, **tagged(c), **span(c.span)} for c in extraction.concerns
        ],
        "actions": [
            {
                "text": a.text,
                "status": a.status,
                "owner": a.owner,
                "due": a.due,
                "answers": list(a.answers),
                "officer": a.officer,
                "target": a.target,
                "progress_status": a.progress_status,
                "rag": a.rag,
                "progress": a.progress,
                "evidence": a.evidence,
                "recommendation": a.recommendation,
                **span(a.span),
            }
            for a in extraction.actions
        ],
        "answers": [
            {"concern": a.concern, "quote": a.quote, "text": a.text, **span(a.span)}
            for a in extraction.answers
        ],
        "findings": [
            {"kind": f.kind, "number": f.number, "text": f.text, **span(f.span)} for f in extraction.findings
        ],
    }


def extracted_doc_type(extraction: Extraction) -> str | None:
    return extraction.doc_type.value if extraction.doc_type.value in DOC_TYPES else None


def test_ingest_stores_each_documents_extraction(db: str, sample_documents: Path) -> None:
    with lessons.open(db) as lib:
        report = lib.ingest([sample_documents])
        assert report.count("failed") == 0
        frames = {kind: getattr(lib, kind)() for kind in ITEM_KINDS}
        for result in report.results:
            document_id = result.document_id or 0
            expected = extract_again(lib, document_id)
            stored = lib.extraction(document_id)
            as_json = expected.to_json("x")
            for field in ("doc_type", "doc_type_confidence", "review_kind", "date", "issuer", "area"):
                assert stored[field] == as_json[field], field
            for field in ("deceased_age", "deceased_age_unit", "deceased_age_years"):
                assert stored[field] == expected.document_fields()[field], field
            assert stored["subjects"] == as_json["subjects"]
            assert stored["recipients"] == as_json["recipients"]
            assert stored["sections"] == as_json["sections"]
            assert (stored["themes"], stored["agencies"]) == (as_json["themes"], as_json["agencies"])
            without_ids = {
                kind: [{k: v for k, v in item.items() if k != "id"} for item in stored[kind]]
                for kind in (*ITEM_KINDS, "answers")
            }
            assert without_ids == expected_items(expected)
            for kind in ITEM_KINDS:  # each item's id is the one the item tables and `lessons similar` use
                assert [i["id"] for i in stored[kind]] == frames[kind][
                    frames[kind]["document_id"] == document_id
                ]["id"].tolist()
            for kind, frame in frames.items():
                rows = frame[frame["document_id"] == document_id]
                assert len(rows) == len(getattr(expected, kind)), kind
                assert set(rows["file_name"]) <= {Path(result.path).name}
            # No metadata was given: the documents row takes what extraction found (a known type).
            record = lib.document(document_id)
            assert record["doc_type"] == extracted_doc_type(expected)
            assert record["user_metadata"] == {}


def test_item_frames_have_document_file_item_and_span_columns(db: str, sample_documents: Path) -> None:
    with lessons.open(db) as lib:
        lib.ingest([sample_documents / "004_b9a62875dcb14aa6.txt"])
        assert list(lib.recommendations().columns) == [
            "id",
            "document_id",
            "file_name",
            "number",
            "text",
            "case",
            "theme",
            "themes",
            "agencies",
            "start",
            "end",
            "page",
        ]
        assert list(lib.concerns().columns)[3:] == [
            "number",
            "text",
            "themes",
            "agencies",
            "start",
            "end",
            "page",
        ]
        assert list(lib.actions().columns)[3:] == [
            "text",
            "status",
            "owner",
            "due",
            "answers",
            "officer",
            "target",
            "progress_status",
            "rag",
            "progress",
            "evidence",
            "recommendation",
            "start",
            "end",
            "page",
        ]
        assert list(lib.findings().columns)[3:] == ["kind", "number", "text", "start", "end", "page"]
        text = lib.document(1)["text"]
        for row in lib.recommendations().itertuples():
            assert 0 <= row.start < row.end <= len(text)


def test_item_frames_follow_the_document_filters(db: str, sample_documents: Path) -> None:
    with lessons.open(db) as lib:
        (summary,) = lib.ingest(
            [sample_documents / "004_b9a62875dcb14aa6.txt"], DocumentMetadata("review_summary")
        ).results
        lib.ingest([sample_documents / "003_c16dea13c7f814e0.txt"], DocumentMetadata("board_response"))
        expected = extract_again(lib, summary.document_id or 0)
        for kind in ITEM_KINDS:
            frame = getattr(lib, kind)(DocumentFilter(doc_type="review_summary"))
            assert set(frame["document_id"]) <= {summary.document_id}
            assert len(frame) == len(getattr(expected, kind))


def test_user_metadata_wins_over_extraction_and_new_versions_inherit_only_it(db: str, tmp_path: Path) -> None:
    path = write(
        tmp_path / "review.txt", "Serious Case Review: Child R.\n\nRecommendation 1. Share information."
    )
    given = DocumentMetadata(doc_type="review_summary", date="2012-01", area="Leicester")
    with lessons.open(db) as lib:
        (first,) = lib.ingest([path], given).results
        record = lib.document(first.document_id or 0)
        assert (record["doc_type"], record["date"], record["area"]) == (
            "review_summary",
            "2012-01",
            "Leicester",
        )
        assert record["date_start"].isoformat() == "2012-01-01"
        # The extractions row keeps what extraction found, whatever the user said.
        assert (
            lib.extraction(first.document_id or 0)["doc_type"]
            == extract_again(lib, record["id"]).doc_type.value
        )

        write(
            path, "Child R: executive summary, revised.\n\nIssued by Leicester Safeguarding Children Board."
        )
        (second,) = lib.ingest([path]).results
        assert second.status == "new_version"
        record = lib.document(second.document_id or 0)
        assert (record["doc_type"], record["date"], record["area"]) == (
            "review_summary",
            "2012-01",
            "Leicester",
        )
        # Fields the user never gave come from the new version's own extraction.
        expected = extract_again(lib, record["id"])
        assert record["issuer"] == expected.issuer

        lib.set_metadata(record["id"], DocumentMetadata(issuer="Leicester LSCB"))
        write(path, "Child R: executive summary, final.")
        (third,) = lib.ingest([path]).results
        record = lib.document(third.document_id or 0)
        assert (record["doc_type"], record["issuer"], record["area"]) == (
            "review_summary",
            "Leicester LSCB",
            "Leicester",
        )


def test_new_version_without_user_metadata_takes_its_own_extraction(db: str, tmp_path: Path) -> None:
    path = write(tmp_path / "note.txt", "Press release: the board has today published its review of Child A.")
    with lessons.open(db) as lib:
        lib.ingest([path])
        write(
            path, "Regulation 28: REPORT TO PREVENT FUTURE DEATHS. THIS REPORT IS BEING SENT TO: the Trust."
        )
        (result,) = lib.ingest([path]).results
        record = lib.document(result.document_id or 0)
        assert record["doc_type"] == extracted_doc_type(extract_again(lib, record["id"]))


def test_a_document_whose_extraction_the_database_refuses_leaves_nothing(db: str, tmp_path: Path) -> None:
    good = [
        prepare_document(p, p.read_bytes())
        for p in (write(tmp_path / f"{n}.txt", f"Review number {n} about neglect.") for n in (1, 2, 3))
    ]
    # A recommendation without text breaks a NOT NULL constraint after the documents row is written.
    broken = Recommendation(number="1", text=None, span=Span(0, 5))  # type: ignore[arg-type]
    extraction = dataclasses.replace(good[1].extraction, recommendations=(broken,))
    bad = dataclasses.replace(good[1], extraction=extraction)
    store = Store(db)
    results = store.add_documents([good[0], bad, good[2]])
    assert [r.status for r in results] == ["added", "failed", "added"]
    assert "database refused it" in (results[1].message or "")
    with store.engine.connect() as connection:
        names = set(connection.scalars(sa.text("SELECT file_name FROM documents")))
        assert names == {"1.txt", "3.txt"}
        for table in ("document_sources", "extractions"):
            assert connection.scalar(sa.text(f"SELECT count(*) FROM {table}")) == 2
        assert connection.scalar(sa.text("SELECT count(*) FROM recommendations")) == sum(
            len(p.extraction.recommendations) for p in (good[0], good[2])
        )
    store.close()


def test_extraction_of_a_missing_document_is_refused(db: str) -> None:
    with lessons.open(db) as lib, pytest.raises(lessons.LessonsError, match="no document 7"):
        lib.extraction(7)


def test_documents_stored_before_extraction_keep_all_their_metadata_as_given(db: str, tmp_path: Path) -> None:
    path = write(tmp_path / "old.txt", "A review stored before extraction existed.")
    with lessons.open(db) as lib:
        (old,) = lib.ingest([path], DocumentMetadata(doc_type="review_report", issuer="Old LSCB")).results
        with lib.store.engine.begin() as connection:  # as migration 0002 leaves rows it finds
            connection.execute(sa.text("UPDATE documents SET user_metadata = NULL"))
            connection.execute(sa.text("DELETE FROM extractions"))
        assert lib.extraction(old.document_id or 0)["recommendations"] == []
        write(path, "A review stored before extraction existed, revised after.")
        (new,) = lib.ingest([path]).results
        record = lib.document(new.document_id or 0)
        assert (record["doc_type"], record["issuer"]) == ("review_report", "Old LSCB")
        assert record["user_metadata"] == {"doc_type": "review_report", "issuer": "Old LSCB"}
