"""Rendering pages: Jinja2 templates (autoescaped: nothing user-supplied reaches a page unescaped), the context
every page gets, and text cut into marked segments (search highlights, extracted items at their spans)."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from lessons.ingest import load_taxonomy
from lessons.models import DOC_TYPES
from lessons.settings import Settings
from lessons.themes import AGENCIES
from lessons.web.auth import session_of, user_of

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["clock"] = lambda seconds: time.strftime("%H:%M on %d %b", time.localtime(seconds))


def page(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    session = session_of(request)
    context |= {
        "user": user_of(request),
        "csrf": session.csrf if session else "",
        "public": request.app.state.settings.public,
    }
    return templates.TemplateResponse(request, name, context, status_code=code)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as JSON-ready records: NaN and NaT become None, timestamps ISO strings."""
    loaded: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", date_format="iso"))
    return loaded


def segments(text: str, spans: Sequence[tuple[int, int, Any]]) -> list[tuple[str, Any]]:
    """`text` cut at the spans (start, end, tag), as (piece, tag) pairs with tag None between spans; overlapping
    spans are cut back to where the previous one ends."""
    pieces: list[tuple[str, Any]] = []
    at = 0
    for start, end, tag in sorted(spans, key=lambda s: (s[0], -s[1])):
        start = max(start, at)
        if end <= start:
            continue
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], tag))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def query_url(path: str, form: Mapping[str, Any], **changes: Any) -> str:
    """A shareable address: `path` with the form's non-empty fields, some changed."""
    values = {k: v for k, v in {**form, **changes}.items() if v not in ("", None)}
    return f"{path}?{urlencode(values)}" if values else path


def filter_choices(settings: Settings) -> dict[str, Any]:
    """What the filter forms offer: the taxonomy's themes, the agencies tagging knows, the document types."""
    return {"themes": load_taxonomy(settings.taxonomy).themes, "agencies": [name for name, _ in AGENCIES],
            "doc_types": DOC_TYPES}  # fmt: skip


def theme_labels(settings: Settings) -> dict[str, str]:
    """Theme ids to their labels in the taxonomy the library tags with."""
    return {theme.id: theme.label for theme in load_taxonomy(settings.taxonomy).themes}
