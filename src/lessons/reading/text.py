"""Plain text and Markdown: detect the encoding (UTF-8, UTF-16, cp1252 and other common ones) and decode."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from lessons.errors import UnreadableDocument
from lessons.models import SourceFormat, SourceText

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings a safeguarding document plausibly arrives in; charset detection is limited to these so that a
# short English text is never decoded as, say, Big5.
_COMMON = ["utf_8", "cp1252", "latin_1", "iso8859_15", "utf_16", "mac_roman"]


def decode_text(data: bytes, path: Path) -> str:
    """Decode bytes of a text file, or raise if they are binary rather than text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(path, "binary data, not text (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=_COMMON).best()
        text = str(best) if best is not None else data.decode("cp1252", errors="replace")
    if _control_ratio(text) > 0.05:
        raise UnreadableDocument(path, "binary data, not text (control characters)")
    return text


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-range text in UTF-16 has a NUL in nearly every other byte, on one side only.
    return max(zeros_even, zeros_odd) > 0.4 * half and min(zeros_even, zeros_odd) < 0.05 * half


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def read_text(data: bytes, path: Path) -> SourceText:
    fmt: SourceFormat = "md" if path.suffix.lower() == ".md" else "txt"
    return SourceText(text=decode_text(data, path), format=fmt)
