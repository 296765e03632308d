"""Bad input, each case a real file: in one batch with good files, every bad file fails with a message naming the
reason, the good ones are stored, and nothing at all is stored for the failed ones. The same through the CLI:
exit code 1 and one error line per failed file."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import lessons
from factories import (
    docx_file,
    empty_file,
    encrypted_pdf,
    html_page,
    random_bytes,
    scanned_pdf,
    text_file,
    text_pdf,
    truncated_pdf,
    zip_not_docx,
)
from lessons.cli import app
from lessons.errors import InputError
from lessons.ingest import prepare_document
from lessons.reading import read_bytes
from lessons.store.schema import document_sources, documents, pages

# name -> (builder, words of which at least one must be in the failure message)
BAD_FILES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "empty.pdf": (lambda d: empty_file(d, "empty.pdf"), ("empty",)),
    "truncated.pdf": (lambda d: truncated_pdf(d, "truncated.pdf"), ("truncated", "damaged")),
    "encrypted.pdf": (lambda d: encrypted_pdf(d, "encrypted.pdf"), ("encrypted",)),
    "noise.pdf": (lambda d: random_bytes(d, "noise.pdf"), ("not a pdf",)),
    "not-a-zip.docx": (lambda d: random_bytes(d, "not-a-zip.docx", seed=8), ("not a zip", "not a docx")),
    "zip-not-docx.docx": (lambda d: zip_not_docx(d, "zip-not-docx.docx"), ("not a docx",)),
    "binary.txt": (lambda d: random_bytes(d, "binary.txt", seed=9), ("binary",)),
    "data.xyz": (
        lambda d: text_file(d, "data.xyz", "Plain words in a file of unknown type.\n"),
        ("unsupported",),
    ),
    "missing.pdf": (lambda d: d / "missing.pdf", ("no such file",)),
}

GOOD_FILES: dict[str, Callable[[Path], Path]] = {
    "report.pdf": lambda d: text_pdf(d, "report.pdf", pages=2),
    "plan.docx": lambda d: docx_file(d, "plan.docx"),
    "page.html": lambda d: html_page(d, "page.html"),
    "note.txt": lambda d: text_file(d, "note.txt"),
    "note16.txt": lambda d: text_file(
        d, "note16.txt", "A note saved by Notepad as Unicode: £ ’ é.\n", "utf-16"
    ),
    "review.md": lambda d: text_file(d, "review.md", "# Review\n\nThe **panel** met twice.\n"),
}


def build(folder: Path) -> tuple[list[Path], list[Path]]:
    folder.mkdir(exist_ok=True)
    good = [make(folder) for make in GOOD_FILES.values()]
    bad = [make(folder) for make, _ in BAD_FILES.values()]
    return good, bad


def interleave(good: list[Path], bad: list[Path]) -> list[Path]:
    """Good and bad files alternated, so that a failure is followed by files that must still be read."""
    mixed: list[Path] = []
    for index in range(max(len(good), len(bad))):
        mixed.extend(group[index] for group in (bad, good) if index < len(group))
    return mixed


def assert_reason(name: str, message: str | None) -> None:
    words = BAD_FILES[name][1]
    assert message, f"{name}: failed without a message"
    assert any(word in message.lower() for word in words), f"{name}: {message!r} names none of {words}"
    assert "\n" not in message, f"{name}: the message is not one line: {message!r}"


def count_rows(lib: lessons.Library, table: sa.Table) -> int:
    with lib.store.engine.connect() as connection:
        return int(connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


# --- the readers alone --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_raises_an_input_error_naming_the_file_and_reason(tmp_path: Path, name: str) -> None:
    path = BAD_FILES[name][0](tmp_path)
    with pytest.raises(InputError) as caught:
        prepare_document(path, read_bytes(path, 50_000_000), ocr=False)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert_reason(name, caught.value.reason)


# --- one batch through the library --------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "two-processes"])
def test_batch_with_bad_files_stores_only_the_good_ones(db: str, tmp_path: Path, jobs: int) -> None:
    good, bad = build(tmp_path / "files")
    with lessons.open(db, ocr=False, jobs=jobs) as lib:
        report = lib.ingest(interleave(good, bad))
        by_name = {Path(r.path).name: r for r in report.results}
        assert len(report.results) == len(good) + len(bad)
        assert set(by_name) == set(GOOD_FILES) | set(BAD_FILES)

        for name in BAD_FILES:
            result = by_name[name]
            assert result.status == "failed", f"{name}: {result}"
            assert result.document_id is None
            assert_reason(name, result.message)
        for name in GOOD_FILES:
            result = by_name[name]
            assert result.status == "added", f"{name}: {result}"
            assert result.document_id is not None
        assert report.count("failed") == len(BAD_FILES)
        assert report.count("added") == len(GOOD_FILES)
        assert {Path(r.path).name for r in report.failed} == set(BAD_FILES)

        frame = lib.documents()
        assert len(frame) == len(GOOD_FILES)
        assert set(frame["file_name"]) == set(GOOD_FILES)
        assert count_rows(lib, documents) == len(GOOD_FILES), "no row for a failed file, not even superseded"
        assert count_rows(lib, document_sources) == len(GOOD_FILES)
        assert count_rows(lib, pages) == 2, "pages are stored for the one good PDF only"
        found = {hit.file_name for hit in lib.search("panel OR partnership OR child OR café OR coroner")}
        assert found <= set(GOOD_FILES) and found


def test_scanned_pdf_without_ocr_is_added_with_a_warning(db: str, tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path)
    with lessons.open(db, ocr=False) as lib:
        (result,) = lib.ingest([path]).results
        assert result.status == "added"
        assert any("looks scanned" in w for w in result.warnings)
        (row,) = lib.documents().itertuples()
        assert any("looks scanned" in w for w in row.warnings)


def test_file_over_the_size_limit_fails_and_smaller_files_are_read(db: str, tmp_path: Path) -> None:
    small = text_file(tmp_path, "small.txt", "Short note.\n")
    large = text_file(tmp_path, "large.txt", "A long paragraph about neglect and housing.\n" * 100)
    assert small.stat().st_size < 1000 < large.stat().st_size
    with lessons.open(db, max_file_mb=0.001) as lib:
        report = lib.ingest([large, small])
        by_name = {Path(r.path).name: r for r in report.results}
        assert by_name["large.txt"].status == "failed"
        assert "limit" in (by_name["large.txt"].message or "")
        assert "0.001 MB" in (by_name["large.txt"].message or "")
        assert by_name["small.txt"].status == "added"
        assert list(lib.documents()["file_name"]) == ["small.txt"]


def test_a_failed_file_fixed_later_is_added(db: str, tmp_path: Path) -> None:
    path = truncated_pdf(tmp_path, "report.pdf")
    with lessons.open(db, ocr=False) as lib:
        (first,) = lib.ingest([path]).results
        assert first.status == "failed"
        text_pdf(tmp_path, "report.pdf", pages=1)  # the complete download
        (second,) = lib.ingest([path]).results
        assert second.status == "added", "a failure leaves nothing behind that makes the fixed file a version"
        assert list(lib.documents()["version"]) == [1]


# --- the CLI ------------------------------------------------------------------------------------------------


def run_ingest(db: str, paths: list[Path], *options: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["ingest", *map(str, paths), "--db", db, "--no-ocr", *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.splitlines()


def test_cli_exits_1_with_one_error_line_per_failed_file(db: str, tmp_path: Path) -> None:
    good, bad = build(tmp_path / "files")
    exit_code, lines = run_ingest(db, interleave(good, bad))
    assert exit_code == 1
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == len(BAD_FILES), "\n".join(lines)
    for name in BAD_FILES:
        (line,) = [e for e in errors if f"{name}: " in e]
        message = line.split(f"{name}: ", 1)[1]
        assert_reason(name, message)
    assert f"{len(GOOD_FILES)} read" in lines[-1] and f"{len(BAD_FILES)} failed" in lines[-1]
    with lessons.open(db) as lib:
        assert set(lib.documents()["file_name"]) == set(GOOD_FILES)


def test_cli_size_limit_error_is_one_line(db: str, tmp_path: Path) -> None:
    large = text_file(tmp_path, "large.txt", "A long paragraph about neglect and housing.\n" * 100)
    exit_code, lines = run_ingest(db, [large], "--max-file-mb", "0.001")
    assert exit_code == 1
    (error,) = [line for line in lines if line.startswith("error: ")]
    assert "large.txt" in error and "limit" in error


def test_cli_exits_0_when_every_file_is_read(db: str, tmp_path: Path) -> None:
    good, _ = build(tmp_path / "files")
    exit_code, lines = run_ingest(db, good)
    assert exit_code == 0, "\n".join(lines)
    assert not [line for line in lines if line.startswith("error: ")]
    assert "0 failed" in lines[-1]


def test_console_script_reports_each_failure_once(db: str, tmp_path: Path) -> None:
    """The installed `lessons` command (through `main`, with its logging set-up): exit 1, and each failed file
    on exactly one line of stderr; a database that cannot be opened is one line and exit 2."""
    command = shutil.which("lessons")
    if command is None:
        pytest.skip("the `lessons` console script is not on PATH (pip install -e .)")
    good, bad = build(tmp_path / "files")
    done = subprocess.run(
        [command, "ingest", *map(str, interleave(good, bad)), "--db", db, "--no-ocr"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    for name in BAD_FILES:
        (line,) = [line for line in lines if f"{name}: " in line]
        assert line.startswith("error: ")
        assert_reason(name, line.split(f"{name}: ", 1)[1])

    missing_folder = tmp_path / "no-such-folder" / "lessons.db"
    done = subprocess.run(
        [command, "list", "--db", str(missing_folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("error: "), done.stderr
