"""A scanned coroner's report (no text layer): OCR'd, cleaned and parsed like any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import scanned_pdf
from lessons.ingest import prepare_document
from lessons.reading.pdf import ocr_available

LINES = [
    "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS",
    "THIS REPORT IS BEING SENT TO:",
    "1. Chief Executive, Northshire Hospital Trust",
    "1 CORONER",
    "I am Ann Smith, senior coroner for Northshire.",
    "5 CORONER'S CONCERNS",
    "The MATTERS OF CONCERN are as follows:",
    "1. Discharge letters were not sent to the GP.",
    "2. No one checked that the family had a cot.",
    "6 ACTION SHOULD BE TAKEN",
    "7 YOUR RESPONSE",
    "8 COPIES and PUBLICATION",
    "9 Ann Smith, 3rd May 2022",
]


@pytest.mark.skipif(
    not ocr_available(), reason="tesseract and pytesseract are not installed (the 'ocr' extra)"
)
def test_a_scanned_pfd_report_is_read_and_parsed(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path, "scanned_pfd.pdf", LINES)
    extraction = prepare_document(path, path.read_bytes()).extraction
    assert extraction.doc_type.value == "pfd_report"
    assert [c.number for c in extraction.concerns] == ["1", "2"]
    assert "cot" in extraction.concerns[1].text
    assert extraction.date == "2022-05-03" and extraction.response_due == "2022-06-28"
    assert [r.name for r in extraction.recipients] == ["Chief Executive, Northshire Hospital Trust"]
