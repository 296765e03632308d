"""HTML: the main text without navigation chrome (trafilatura), with its title and date where given."""

from __future__ import annotations

from pathlib import Path

import trafilatura

from lessons.errors import UnreadableDocument
from lessons.models import SourceText
from lessons.reading.text import decode_text


def read_html(data: bytes, path: Path) -> SourceText:
    markup = decode_text(data, path)
    text = trafilatura.extract(
        markup, output_format="txt", include_tables=True, include_comments=False, favor_recall=True
    )
    if not text or not text.strip():
        text = trafilatura.html2txt(markup) or ""
    if not text.strip():
        raise UnreadableDocument(path, "HTML page has no readable text")
    # trafilatura puts each paragraph, heading and list item on one line: make them paragraphs.
    text = text.replace("\n", "\n\n")
    metadata = trafilatura.extract_metadata(markup)
    title = metadata.title if metadata is not None else None
    meta = {"date": metadata.date} if metadata is not None and metadata.date else {}
    return SourceText(text=text, format="html", title=title, meta=meta)
