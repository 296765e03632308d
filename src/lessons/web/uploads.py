"""Uploaded files: kept under the uploads folder (each upload in a folder of its own, under its own name made
safe), refused when too large or not what their name says. A refused file is a result like ingest's, naming
the file and the reason."""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import UploadFile

from lessons.errors import InputError
from lessons.library import Library
from lessons.reading import SUPPORTED_SUFFIXES
from lessons.settings import Settings

CHUNK = 1 << 20
# What a file of each kind starts with; text kinds must simply not be binary.
MAGIC = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".ods": b"PK\x03\x04",
    ".xls": b"\xd0\xcf\x11\xe0",  # an Excel 97-2003 compound file
}


def save_uploads(
    files: list[UploadFile],
    settings: Settings,
    folder: Path | None = None,
    suffixes: tuple[str, ...] = SUPPORTED_SUFFIXES,
) -> tuple[list[Path], list[dict[str, Any]]]:
    """Save each acceptable file; returns the saved paths and a failed result for each refused file."""
    saved, refused = [], []
    limit = int(settings.max_file_mb * (1 << 20))
    for upload in files:
        name = safe_name(upload.filename or "upload")
        target = (folder or Path(settings.uploads) / uuid.uuid4().hex) / name
        reason = _save(upload, target, limit, suffixes)
        if reason is None:
            saved.append(target)
        else:
            target.unlink(missing_ok=True)
            refused.append({"path": name, "status": "failed", "document_id": None, "message": reason})
    return saved, refused


def ingest_uploads(
    lib: Library, files: list[UploadFile], settings: Settings
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Save and ingest uploaded documents: the refused files' results, then the ingested files' results; one
    refused file does not stop the others."""
    saved, refused = save_uploads(files, settings)
    return refused, [vars(r) for r in lib.ingest(saved).results] if saved else []


@contextmanager
def uploaded_plan(file: UploadFile, settings: Settings) -> Iterator[Path]:
    """An uploaded action plan (CSV or XLSX) saved in a temporary folder for as long as it is read."""
    folder = Path(tempfile.mkdtemp(prefix="lessons-plan-"))
    try:
        saved, refused = save_uploads([file], settings, folder, suffixes=(".csv", ".xlsx"))
        if refused:
            raise InputError(refused[0]["path"], refused[0]["message"])
        yield saved[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def safe_name(name: str) -> str:
    """The file's own name, without folders, in letters, digits, spaces, dots, dashes and underscores."""
    base = re.sub(r"[^\w .-]", "_", Path(name.replace("\\", "/")).name).strip(" .") or "upload"
    return base[-120:]


def _save(upload: UploadFile, target: Path, limit: int, suffixes: tuple[str, ...]) -> str | None:
    suffix = target.suffix.lower()
    if suffix not in suffixes:
        return f"unsupported file type {suffix or '(none)'}; supported: {', '.join(suffixes)}"
    target.parent.mkdir(parents=True, exist_ok=True)
    size, head = 0, b""
    with target.open("wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                return f"larger than the {limit / (1 << 20):g} MB limit"
            head = head or chunk[:8192]
            out.write(chunk)
    if size == 0:
        return "empty file"
    expected = MAGIC.get(suffix)
    if expected is not None and not head.startswith(expected):
        return f"not a {suffix[1:].upper()} file (its content does not start as one does)"
    if expected is None and b"\x00" in head:
        return "a binary file, not text"
    return None
