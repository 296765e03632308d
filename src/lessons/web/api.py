"""The REST API: JSON over the same library functions the pages and the CLI call. Lists take `limit` and
`offset` and answer `{"items": [...], "total": n, "limit": ..., "offset": ...}`; errors answer
`{"error": {"status", "type", "message"}}`. Reading needs the viewer role (or public mode), the tracker an
account, changes the editor role."""

from __future__ import annotations

import datetime
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from lessons.accounts import User
from lessons.library import Library
from lessons.models import ITEM_SORTS, DocumentFilter, ItemFilter
from lessons.settings import Settings
from lessons.web.auth import app_settings, library, require
from lessons.web.render import records
from lessons.web.uploads import ingest_uploads, uploaded_plan

router = APIRouter(prefix="/api", tags=["api"])
Lib = Annotated[Library, Depends(library)]
AppSettings = Annotated[Settings, Depends(app_settings)]
Viewer = Annotated[User, Depends(require("viewer"))]
TrackerViewer = Annotated[User, Depends(require("viewer", tracker=True))]
Editor = Annotated[User, Depends(require("editor", tracker=True))]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
MAX_ID = 2**31 - 1  # ids are 32-bit in both databases
RowId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
DocumentId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="A document's id.")]


class Filters(BaseModel):
    type: str | None = Field(None, description="Document type(s), comma-separated.")
    date_from: str | None = Field(None, description="Dated on or after (YYYY[-MM[-DD]]).")
    date_to: str | None = Field(None, description="Dated on or before (YYYY[-MM[-DD]]).")
    area: str | None = Field(None, description="Area contains this text.")
    issuer: str | None = Field(None, description="Issuer contains this text.")

    def document_filter(self) -> DocumentFilter:
        return DocumentFilter(self.type, self.date_from, self.date_to, self.area, self.issuer)


class DocumentFilters(Filters):
    theme: str | None = Field(None, description="Documents tagged with this theme id.")
    agency: str | None = Field(None, description="Documents naming this agency.")

    def document_filter(self) -> DocumentFilter:
        return DocumentFilter(self.type, self.date_from, self.date_to, self.area, self.issuer, self.theme,
                              self.agency)  # fmt: skip


FilterQuery = Annotated[Filters, Query()]
DocumentQuery = Annotated[DocumentFilters, Query()]
Sort = Annotated[
    str, Query(pattern="^-?(" + "|".join(ITEM_SORTS) + ")$", description="A field; '-' first for descending.")
]


def page_of(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"items": items[offset : offset + limit], "total": len(items), "limit": limit, "offset": offset}


# --- documents and search ----------------------------------------------------------------------------------


@router.get("/me")
def me(user: Viewer) -> dict[str, Any]:
    """Who you are and what you may do."""
    return {"username": user.username, "role": user.role}


@router.get("/documents")
def documents(
    lib: Lib, _: Viewer, filters: DocumentQuery, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Current documents, newest id first, with the filters."""
    frame = lib.documents(filters.document_filter()).sort_values("id", ascending=False)
    return page_of(records(frame), limit, offset)


@router.get("/documents/{document_id}")
def document(lib: Lib, _: Viewer, document_id: RowId) -> dict[str, Any]:
    """A document's metadata and what extraction found in it (items with their spans), without its text."""
    found = lib.document(document_id)
    shown = {k: v for k, v in found.items() if k not in ("text", "pages", "meta", "tables")}
    return {
        **shown,
        "pages": len(found["pages"]),
        "tables": len(found["tables"]),
        "extraction": lib.extraction(document_id),
    }


@router.get("/documents/{document_id}/text")
def document_text(lib: Lib, _: Viewer, document_id: RowId) -> dict[str, Any]:
    """The clean text that every span refers to."""
    return {"id": document_id, "text": lib.document(document_id)["text"]}


@router.get("/documents/{document_id}/family")
def family(lib: Lib, _: Viewer, document_id: RowId) -> dict[str, Any]:
    """The documents of the same case review (the review, its summary, board response, press statement)."""
    return {"items": records(lib.tracker.family(document_id))}


@router.post("/documents", status_code=201)
def upload(
    lib: Lib,
    user: Editor,
    settings: AppSettings,
    files: Annotated[list[UploadFile], File(description="PDF, DOCX, HTML, TXT or MD.")],
) -> dict[str, Any]:
    """Ingest uploaded files: each file's result; a refused file does not stop the others."""
    refused, ingested = ingest_uploads(lib, files, settings)
    return {"results": refused + ingested}


@router.get("/search")
def search(
    lib: Lib,
    _: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=500, description='Words, "phrases", AND/OR/NOT.')],
    filters: DocumentQuery,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Ranked documents with highlighted snippets (`highlights` are [start, end) spans in `snippet`)."""
    results = lib.search(q, filters.document_filter(), limit=limit, offset=offset)
    return {"items": [vars(h) for h in results], "ranked_within": results.ranked_within,
            "limit": limit, "offset": offset}  # fmt: skip


# --- extracted items, themes, similarity ---------------------------------------------------------------------


def _items(
    lib: Library, kind: str, filters: Filters, theme: str | None, agency: str | None, status: str | None,
    sort: str, limit: int, offset: int,
) -> dict[str, Any]:  # fmt: skip
    wanted = ItemFilter(filters.document_filter(), theme, agency, status)
    frame, total = lib.item_page(kind, wanted, sort, limit, offset)
    return {"items": records(frame), "total": total, "limit": limit, "offset": offset}


Theme = Annotated[str | None, Query(description="Items tagged with this theme id.")]
Agency = Annotated[str | None, Query(description="Items naming this agency.")]
Status = Annotated[str | None, Query(description="The tracked response's status; 'none' for no response.")]


@router.get("/recommendations")
def recommendations(
    lib: Lib, _: Viewer, filters: FilterQuery, theme: Theme = None, agency: Agency = None, status: Status = None,
    sort: Sort = "-date", limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    """Recommendations of current documents, each with its document, span, themes and tracked response."""
    return _items(lib, "recommendations", filters, theme, agency, status, sort, limit, offset)


@router.get("/concerns")
def concerns(
    lib: Lib, _: Viewer, filters: FilterQuery, theme: Theme = None, agency: Agency = None, status: Status = None,
    sort: Sort = "-date", limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    """Coroners' concerns of current PFD reports, each with its document, span, themes and tracked response."""
    return _items(lib, "concerns", filters, theme, agency, status, sort, limit, offset)


@router.get("/actions")
def actions(
    lib: Lib, _: Viewer, filters: FilterQuery, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Actions extracted from board responses and action plans (taken or planned), with spans."""
    return page_of(records(lib.actions(filters.document_filter())), limit, offset)


@router.get("/themes")
def themes(lib: Lib, _: Viewer, filters: DocumentQuery) -> dict[str, Any]:
    """How many documents, recommendations and concerns each theme is found in."""
    return {"items": records(lib.theme_counts(filters.document_filter()))}


@router.get("/similar/{item}")
def similar(
    lib: Lib, _: Viewer, item: str, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> dict[str, Any]:
    """The recommendations and concerns in other documents most like this one ("r42" or "c7")."""
    return lib.similar(item, limit=limit)


@router.get("/recurring")
def recurring(
    lib: Lib,
    _: Viewer,
    theme: str | None = None,
    min_reviews: Annotated[int, Query(ge=1, le=1000)] = 3,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Clusters of near-equivalent recommendations and concerns recurring across reviews."""
    return page_of(lib.recurring(theme=theme, min_reviews=min_reviews), limit, offset)


# --- the tracker -------------------------------------------------------------------------------------------

At = Annotated[date | None, Query(description="Status and overdue as at this date (default today).")]


@router.get("/tracker/overdue")
def overdue(lib: Lib, _: TrackerViewer, at: At = None, every: bool = False) -> dict[str, Any]:
    """PFD recipients with no response after their due date (with `every`, all recipients and their status)."""
    rows = lib.tracker.responses_due(at) if every else lib.tracker.overdue(at)
    return {"items": rows}


@router.get("/tracker/concerns/{document_id}")
def concern_answers(lib: Lib, _: TrackerViewer, document_id: RowId) -> dict[str, Any]:
    """Each concern of a PFD report with the parts of linked responses that answer it (document, span, text,
    how matched: number, quote, wording or whole letter); `answered` false when none does yet."""
    return {"items": lib.tracker.concern_answers(document_id)}


@router.get("/tracker/actions")
def tracked_actions(
    lib: Lib,
    _: TrackerViewer,
    document: DocumentId = None,
    at: At = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Tracked actions with current status and RAG rating."""
    return page_of(records(lib.tracker.actions(document, at)), limit, offset)


class NewAction(BaseModel):
    description: str = Field(min_length=1, max_length=5000)
    item: str | None = Field(None, description='The recommendation ("r12") or concern ("c3") it answers.')
    document_id: int | None = Field(None, ge=1, le=MAX_ID)
    lead_agency: str | None = None
    lead_officer: str | None = None
    due: date | None = None


@router.post("/tracker/actions", status_code=201)
def add_action(lib: Lib, user: Editor, body: NewAction) -> dict[str, Any]:
    """Add an action."""
    fields = body.model_dump(exclude={"description", "item"}, exclude_none=True)
    if "due" in fields:
        fields["due"] = fields["due"].isoformat()
    return _row(lib.tracker.add_action(body.description, user.username, body.item, **fields))


class ActionChange(BaseModel):
    version: int = Field(description="The version you read; refused with 409 if the action changed since.")
    status: str | None = None
    rag: str | None = None
    due: date | None = None
    progress: str | None = None
    lead_agency: str | None = None
    lead_officer: str | None = None
    evidence_of_impact: str | None = None


@router.patch("/tracker/actions/{action_id}")
def update_action(lib: Lib, user: Editor, action_id: RowId, body: ActionChange) -> dict[str, Any]:
    """Change an action's fields; 409 if someone changed it since the version you read."""
    changes = body.model_dump(exclude={"version"}, exclude_unset=True)
    if changes.get("due"):
        changes["due"] = changes["due"].isoformat()
    return _row(lib.tracker.update_action(action_id, body.version, user.username, **changes))


class ResponseBody(BaseModel):
    item: str = Field(description='"r12" or "c3"')
    status: str = Field(description="accepted, partially accepted, not accepted or noted")
    text: str | None = None
    date: datetime.date | None = None


@router.post("/tracker/responses")
def respond(lib: Lib, user: Editor, body: ResponseBody) -> dict[str, Any]:
    """Record or change the response to a recommendation or concern."""
    on = body.date.isoformat() if body.date else None
    return _row(lib.tracker.respond(body.item, body.status, user.username, body.text, on))


@router.get("/tracker/audit")
def audit(
    lib: Lib, _: TrackerViewer, entity: str | None = None, id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None, limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    """Every change: who, when, which field, from and to."""
    return page_of(records(lib.tracker.audit(entity, id)), limit, offset)


@router.get("/tracker/plan", response_class=FileResponse)
def export_plan(
    lib: Lib,
    _: TrackerViewer,
    document: DocumentId = None,
    format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "xlsx",
) -> FileResponse:
    """The action plan as a spreadsheet (one review's with `document`, else every tracked one)."""
    folder = Path(tempfile.mkdtemp(prefix="lessons-plan-"))
    name = f"action-plan-{document}.{format}" if document else f"action-plans.{format}"
    written = lib.tracker.export_plan(folder / name, document)
    return FileResponse(written, filename=name, background=BackgroundTask(_remove, folder))


@router.post("/tracker/plan")
def import_plan(
    lib: Lib,
    user: Editor,
    settings: AppSettings,
    file: Annotated[UploadFile, File(description="An action plan, .csv or .xlsx.")],
    document: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    check: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Apply an action plan all at once; 422 with every problem row and nothing changed if any row is wrong."""
    with uploaded_plan(file, settings) as path:
        return vars(lib.tracker.import_plan(path, user.username, document, check=check))


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items() if k != "file_data"}


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
