"""The `lessons` command end to end on the bundled samples: ingest, list, search, show, export, extract, eval."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import lessons
from lessons.cli import app
from lessons.evaluation import run_eval

TABLES = ("documents", "recommendations", "concerns", "actions", "findings")
SCHEMA_KEYS = {
    "file",
    "doc_type",
    "review_kind",
    "date",
    "issuer",
    "addressee",
    "area",
    "subjects",
    "recommendations",
    "concerns",
    "actions",
}

runner = CliRunner()


@pytest.fixture
def ingested(db: str, sample_documents: Path) -> str:
    result = runner.invoke(app, ["ingest", str(sample_documents), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def test_ingest_prints_a_summary_and_is_idempotent(db: str, sample_documents: Path) -> None:
    count = len(list(sample_documents.glob("*.*")))
    first = runner.invoke(app, ["ingest", str(sample_documents), "--db", db])
    assert f"{count} read (0 as new versions), 0 skipped as already present, 0 failed" in first.output
    again = runner.invoke(app, ["ingest", str(sample_documents), "--db", db])
    assert again.exit_code == 0
    assert f"0 read (0 as new versions), {count} skipped as already present, 0 failed" in again.output


def test_db_from_the_environment(db: str, sample_documents: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(sample_documents / "000_23ec7bfa38db9fd1.txt")], env={"LESSONS_DB": db}
    )
    assert result.exit_code == 0
    listed = runner.invoke(app, ["list", "--format", "json"], env={"LESSONS_DB": db})
    assert [d["file_name"] for d in json.loads(listed.stdout)] == ["000_23ec7bfa38db9fd1.txt"]


def test_search_prints_ranked_hits_with_snippets(ingested: str) -> None:
    result = runner.invoke(app, ["search", '"escalation procedures"', "--db", ingested])
    assert result.exit_code == 0
    assert "003_c16dea13c7f814e0.txt" in result.stdout and "escalation procedures" in result.stdout
    as_json = json.loads(
        runner.invoke(app, ["search", "neglect", "--db", ingested, "--format", "json"]).stdout
    )
    assert as_json and {"document_id", "snippet", "highlights", "score"} <= set(as_json[0])


def test_errors_are_one_line_with_exit_code_2(ingested: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lessons", "search", '"unclosed', "--db", ingested],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: unclosed quote in query '\"unclosed'"]
    missing = subprocess.run(
        [sys.executable, "-m", "lessons", "show", "999", "--db", ingested],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (missing.returncode, missing.stderr.strip()) == (2, "error: no document 999")


def test_show_prints_metadata_and_text(ingested: str) -> None:
    listed = json.loads(runner.invoke(app, ["list", "--db", ingested, "--format", "json"]).stdout)
    document = next(d for d in listed if d["file_name"].startswith("004"))
    result = runner.invoke(app, ["show", str(document["id"]), "--db", ingested])
    assert result.exit_code == 0
    assert (
        "004_b9a62875dcb14aa6.txt" in result.stdout
        and "SERIOUS CASE REVIEW IN RESPECT OF CHILD R" in result.stdout
    )


def test_show_prints_what_extraction_found_before_the_text(ingested: str) -> None:
    with lessons.open(ingested) as lib:
        extractions = [lib.extraction(int(i)) for i in lib.documents()["id"]]
    for extraction in extractions:
        document_id = str(extraction["document_id"])
        result = runner.invoke(app, ["show", document_id, "--db", ingested, "--no-text"])
        assert result.exit_code == 0, result.output
        shown = result.stdout
        assert "Extracted" in shown
        assert re.search(rf"\ntype +{extraction['doc_type']} \(confidence", shown)
        for heading, kind in (("Recommendations", "recommendations"), ("Concerns", "concerns")):
            items = extraction[kind]
            if items:
                assert f"{heading} ({len(items)})" in shown
                assert items[0]["text"] in shown
        for action in extraction["actions"]:
            assert f"[{action['status']}] {action['text']}" in shown
        with_text = runner.invoke(app, ["show", document_id, "--db", ingested]).stdout
        assert with_text.index("Extracted") < len(shown) <= len(with_text)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "parquet"])
def test_export_round_trips_into_pandas(ingested: str, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / ("out.xlsx" if fmt == "xlsx" else "out")
    result = runner.invoke(app, ["export", "--format", fmt, "--out", str(target), "--db", ingested])
    assert result.exit_code == 0, result.output
    reader = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}
    frame = (
        pd.read_excel(target, sheet_name="documents")
        if fmt == "xlsx"
        else reader[fmt](target / f"documents.{fmt}")
    )
    listed = json.loads(runner.invoke(app, ["list", "--db", ingested, "--format", "json"]).stdout)
    assert sorted(frame["id"]) == sorted(d["id"] for d in listed)
    assert set(frame["file_name"]) == {d["file_name"] for d in listed}
    if fmt == "xlsx":
        sheets = pd.read_excel(target, sheet_name=None)
        assert list(sheets) == list(TABLES)
    else:
        assert sorted(p.name for p in target.iterdir()) == sorted(f"{t}.{fmt}" for t in TABLES)
        sheets = {t: reader[fmt](target / f"{t}.{fmt}") for t in TABLES}
    with lessons.open(ingested) as lib:
        for table in TABLES[1:]:
            expected = getattr(lib, table)()
            assert len(sheets[table]) == len(expected), table
            if len(expected):
                assert {"document_id", "file_name", "text", "start", "end", "page"} <= set(
                    sheets[table].columns
                )
                assert sorted(sheets[table]["start"]) == sorted(expected["start"])


def test_extract_writes_one_json_per_file_without_a_database(sample_documents: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lessons",
            "extract",
            str(sample_documents),
            str(tmp_path / "empty.pdf"),
            "-o",
            out,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert (
        len(errors) == 1
        and errors[0].startswith(f"error: {tmp_path / 'empty.pdf'}: ")
        and "empty" in errors[0]
    )
    files = sorted(p for p in sample_documents.iterdir() if p.is_file())
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.json" for p in files)
    for path in files:
        record = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert set(record) >= SCHEMA_KEYS
        assert record["file"] == path.name
        assert all({"number", "text", "span"} <= set(r) for r in record["recommendations"])
    assert not (tmp_path / "lessons.db").exists()  # no database was made


def test_extract_refuses_two_files_with_one_output_name(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "review.txt").write_text(f"Review {folder}.", encoding="utf-8")
    result = runner.invoke(
        app, ["extract", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "would overwrite that of" in result.output
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["review.json"]


METRIC_KEYS = {
    "documents",
    "doc_type_accuracy",
    "date_accuracy",
    "recommendations_f1",
    "concerns_f1",
    "actions_f1",
    "subjects_f1",
    "recommendation_number_accuracy",
    "action_status_accuracy",
}


def test_eval_scores_the_extraction_with_the_official_scorer(shared_documents: Path, tmp_path: Path) -> None:
    gold = shared_documents.parent / "gold"
    evaluation = run_eval(gold, shared_documents)
    assert set(evaluation.metrics) >= METRIC_KEYS
    assert evaluation.metrics["documents"] == len(list(gold.glob("*.json")))
    assert not evaluation.failed
    assert "doc_type_accuracy" in evaluation.report

    out = tmp_path / "metrics.json"
    result = runner.invoke(app, ["eval", str(gold), str(shared_documents), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "recommendations_f1" in result.stdout
    assert json.loads(out.read_text()) == evaluation.metrics


def test_eval_with_a_missing_scorer_is_one_clear_error(shared_documents: Path, tmp_path: Path) -> None:
    gold = shared_documents.parent / "gold"
    with pytest.raises(lessons.LessonsError, match=r"scorer .* does not exist"):
        run_eval(gold, shared_documents, scorer=tmp_path / "missing.py")
