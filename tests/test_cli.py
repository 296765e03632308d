"""The `lessons` command end to end on the bundled samples: ingest, list, search, show, export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from lessons.cli import app

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
