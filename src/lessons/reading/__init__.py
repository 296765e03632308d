"""Reading files into text: one reader per format, chosen by extension; size and existence checked first."""

from __future__ import annotations

from pathlib import Path

from lessons.errors import FileMissing, FileTooLarge, UnreadableDocument, UnsupportedFormat
from lessons.models import SourceText
from lessons.reading.docx import read_docx
from lessons.reading.html import read_html
from lessons.reading.pdf import read_pdf
from lessons.reading.sheets import read_csv, read_ods, read_xls, read_xlsx
from lessons.reading.text import read_text

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".xlsx", ".xls", ".ods", ".csv")
_SHEET_READERS = {".xlsx": read_xlsx, ".xls": read_xls, ".ods": read_ods, ".csv": read_csv}


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after the checks that need no parsing: exists, is a file, known type, within size."""
    if not path.exists():
        raise FileMissing(path, "no such file or directory")
    if not path.is_file():
        raise UnreadableDocument(path, "not a regular file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        shown = path.suffix or "(none)"
        raise UnsupportedFormat(
            path, f"unsupported file type {shown}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(path, f"file is {size / 1e6:.3g} MB, over the {max_bytes / 1e6:g} MB limit")
    if size == 0:
        raise UnreadableDocument(path, "empty file")
    return path.read_bytes()


def read_document(path: Path, data: bytes, ocr: bool = True) -> SourceText:
    """Parse a file's bytes with the reader for its extension."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        source = read_pdf(data, path, ocr=ocr)
    elif suffix == ".docx":
        source = read_docx(data, path)
    elif suffix in (".html", ".htm"):
        source = read_html(data, path)
    elif suffix in _SHEET_READERS:
        source = _SHEET_READERS[suffix](data, path)
    else:
        source = read_text(data, path)
    if not source.text.strip() and not source.warnings:
        raise UnreadableDocument(path, "no text in the document")
    return source
