"""PDF: the text layer page by page (pypdfium2); pages with no text are OCR'd when the `ocr` extra and the
tesseract binary are available, otherwise the document is kept with a warning that it looks scanned. Pages
that look tabular are searched for tables (reading/pdf_tables.py)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pypdfium2 as pdfium

from lessons.errors import UnreadableDocument
from lessons.models import Page, SourceText
from lessons.reading.pdf_tables import find_tables, looks_tabular

log = logging.getLogger(__name__)

PAGE_BREAK = "\f"
_MIN_PAGE_CHARS = 20  # fewer characters than this on a page means no usable text layer


def ocr_available() -> bool:
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


def read_pdf(data: bytes, path: Path, ocr: bool = True) -> SourceText:
    if not data.lstrip().startswith(b"%PDF"):
        raise UnreadableDocument(path, "not a PDF (no %PDF header)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(path, _pdfium_reason(str(error))) from None
    try:
        return _read_pages(document, data, path, ocr)
    finally:
        document.close()


def _pdfium_reason(message: str) -> str:
    lowered = message.lower()
    if "password" in lowered:
        return "encrypted PDF (password required)"
    if "format" in lowered or "data" in lowered:
        return "damaged or truncated PDF"
    return f"unreadable PDF ({message})"


def _read_pages(document: pdfium.PdfDocument, data: bytes, path: Path, ocr: bool) -> SourceText:
    if len(document) == 0:
        raise UnreadableDocument(path, "PDF has no pages")
    use_ocr = ocr and ocr_available()
    texts: list[str] = []
    textless: list[int] = []
    ocr_pages: list[int] = []
    tabular: list[int] = []
    for index in range(len(document)):
        page = document[index]
        text, looks_like_table = _page_text(page)
        if looks_like_table:
            tabular.append(index)
        if len(text.strip()) < _MIN_PAGE_CHARS:
            if use_ocr:
                text = _ocr_page(page)
                ocr_pages.append(index + 1)
            if len(text.strip()) < _MIN_PAGE_CHARS:
                textless.append(index + 1)
        texts.append(text)
        page.close()
    warnings = []
    if textless:
        scanned = "looks scanned" if not use_ocr else "OCR found little text"
        hint = ""
        if not ocr:
            hint = " (OCR is off)"
        elif not use_ocr:
            hint = " (install the 'ocr' extra and tesseract to read it)"
        warnings.append(f"{path}: {scanned}: no text on page(s) {_ranges(textless)}{hint}")
    if ocr_pages:
        log.info("%s: OCR used on page(s) %s", path, _ranges(ocr_pages))
    if not any(t.strip() for t in texts) and not warnings:
        raise UnreadableDocument(path, "PDF has no text")
    pages, pos = [], 0
    for number, text in enumerate(texts, start=1):
        pages.append(Page(number, pos, pos + len(text)))
        pos += len(text) + len(PAGE_BREAK)
    title = _metadata_title(document)
    meta = {"ocr_pages": ocr_pages} if ocr_pages else {}
    tables = find_tables(data, {i: (texts[i], pages[i].start) for i in tabular if i + 1 not in ocr_pages})
    return SourceText(
        PAGE_BREAK.join(texts), "pdf", tuple(pages), title, tuple(warnings), meta, tuple(tables)
    )


def _page_text(page: pdfium.PdfPage) -> tuple[str, bool]:
    """The page's text, and whether it looks as if it holds a table."""
    textpage = page.get_textpage()
    try:
        text = str(textpage.get_text_range()).replace("\r\n", "\n").replace("\r", "\n")
        return text, looks_tabular(textpage)
    finally:
        textpage.close()


def _ocr_page(page: pdfium.PdfPage) -> str:
    import pytesseract

    # One thread per tesseract call: several threads are ~5x slower on a small machine.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    image = page.render(scale=300 / 72).to_pil()
    return str(pytesseract.image_to_string(image, lang="eng"))


def _metadata_title(document: pdfium.PdfDocument) -> str | None:
    try:
        title = document.get_metadata_dict().get("Title", "").strip()
    except pdfium.PdfiumError:
        return None
    return title or None


def _ranges(numbers: list[int]) -> str:
    spans: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(spans)
