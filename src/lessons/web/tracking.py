"""Pages for the tracker (a board's action plan: recommendation, response, actions, evidence; inline edits;
the audit trail; plan import and export) and for uploading documents.

Every change is a plain form post carrying the session's CSRF token, so the pages work without JavaScript;
with htmx an edited action row is swapped in place and the audit trail refreshes itself.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lessons.accounts import User
from lessons.errors import ConflictError, InputError, LessonsError
from lessons.library import Library
from lessons.settings import Settings
from lessons.tracking.plan_files import PlanProblems
from lessons.tracking.rules import ACTION_STATUSES, RAG, RESPONSE_STATUSES
from lessons.web.api import MAX_ID, DocumentId, RowId
from lessons.web.auth import app_settings, library, require
from lessons.web.render import page, records
from lessons.web.uploads import ingest_uploads, uploaded_plan

router = APIRouter(include_in_schema=False)
Lib = Annotated[Library, Depends(library)]
AppSettings = Annotated[Settings, Depends(app_settings)]
TrackerViewer = Annotated[User, Depends(require("viewer", tracker=True))]
Editor = Annotated[User, Depends(require("editor", tracker=True))]
Text = Annotated[str, Form()]
CHOICES: dict[str, Any] = {"statuses": ACTION_STATUSES, "rags": RAG, "responses": RESPONSE_STATUSES}


def _is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back(document: int | None, anchor: str = "") -> RedirectResponse:
    target = f"/tracker?document={document}" if document else "/tracker"
    return RedirectResponse(target + (f"#{anchor}" if anchor else ""), status_code=303)


def _blank(value: str) -> str | None:
    return value.strip() or None


# --- the action plan ---------------------------------------------------------------------------------------


@router.get("/tracker", response_class=HTMLResponse)
def tracker(request: Request, lib: Lib, user: TrackerViewer, document: DocumentId = None) -> Response:
    if document is None:
        return page(request, "tracker_index.html", plans=_plans(lib), **CHOICES)
    found = lib.document(document)
    groups = _groups(lib, document)
    if found["doc_type"] == "pfd_report":
        answers = {c["id"]: c["answers"] for c in lib.tracker.concern_answers(document)}
        for group in groups:
            group["answers"] = answers.get(group["item"] or "")
    return page(request, "tracker.html", doc=found, groups=groups, audit=_audit(lib, groups),
                can_edit=user.can("editor"), **CHOICES)  # fmt: skip


def _plans(lib: Library) -> list[dict[str, Any]]:
    """The documents with tracked actions: how many, by RAG rating, and the next due."""
    actions = records(lib.tracker.actions())
    by_document: dict[int | None, list[dict[str, Any]]] = {}
    for action in actions:
        by_document.setdefault(action["document_id"], []).append(action)
    titles = {
        int(d["id"]): d for d in records(lib.documents(ids=[d for d in by_document if d], all_versions=True))
    }
    plans = []
    for document_id, held in by_document.items():
        open_due = sorted(a["due"] for a in held if a["due"] and a["status"] != "complete")
        plans.append({
            "document": titles.get(document_id) if document_id else None, "document_id": document_id,
            "actions": len(held), "rag": Counter(a["rag"] for a in held), "next_due": open_due[0] if open_due else None,
            "complete": sum(1 for a in held if a["status"] == "complete"),
        })  # fmt: skip
    return sorted(plans, key=lambda p: (p["next_due"] or "9999", p["document_id"] or 0))


def _groups(lib: Library, document: int) -> list[dict[str, Any]]:
    """The plan of one document, grouped: each recommendation or concern with its response and actions
    (each with its evidence), then actions under no recommendation."""
    evidence: dict[int, list[dict[str, Any]]] = {}
    for row in records(lib.tracker.evidence()):
        evidence.setdefault(row["action_id"], []).append(row)
    groups: list[dict[str, Any]] = []
    for row in lib.tracker.plan_rows(document):
        key = row.get("item")
        if not groups or groups[-1]["item"] != key:
            groups.append({"item": key, "number": row.get("item_number"), "text": row.get("recommendation"),
                           "response": {k: row.get(k) for k in ("response_status", "response_text", "response_date")},
                           "actions": []})  # fmt: skip
        if row.get("id") is not None:
            groups[-1]["actions"].append({**row, "evidence": evidence.get(row["id"], [])})
    return groups


def _audit(lib: Library, groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The audit trail of this plan's actions (newest first), at most 100 entries."""
    ids = {a["id"] for g in groups for a in g["actions"]}
    trail = records(lib.tracker.audit("action"))
    return [row for row in reversed(trail) if row["entity_id"] in ids][:100]


@router.get("/tracker/audit", response_class=HTMLResponse)
def audit_fragment(
    request: Request, lib: Lib, _: TrackerViewer, document: Annotated[int, Query(ge=1, le=MAX_ID)]
) -> Response:
    return page(request, "_audit.html", audit=_audit(lib, _groups(lib, document)), doc={"id": document})


@router.post("/tracker/actions/{action_id}", response_class=HTMLResponse)
def update_action(
    request: Request,
    lib: Lib,
    user: Editor,
    action_id: RowId,
    version: Annotated[int, Form(ge=1, le=MAX_ID)],
    status: Text = "",
    rag: Text = "",
    due: Text = "",
    progress: Text = "",
    document: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
) -> Response:
    """Save an action's status, RAG, due date and progress (only the fields that changed are audited)."""
    changes = {"status": status or None, "rag": rag or None, "due": _blank(due), "progress": _blank(progress)}
    current = lib.tracker.action(action_id)
    changes = {k: v for k, v in changes.items() if v != current[k] and not (k == "status" and v is None)}
    error = None
    try:
        if changes:
            lib.tracker.update_action(action_id, version, user.username, **changes)
    except ConflictError as problem:
        error = f"{problem} Your edit was not saved; the row now shows the saved values."
    except LessonsError as problem:
        error = str(problem)
    if not _is_htmx(request):
        if error:
            return page(request, "error.html", 409, status=409, message=error)
        return _back(document, f"action-{action_id}")
    row = next(
        (a for g in _groups(lib, document) for a in g["actions"] if a["id"] == action_id), None
    ) if document else None  # fmt: skip
    if row is None:
        row = {**lib.tracker.action(action_id), "evidence": []}
    response = page(request, "_action_row.html", action=row, error=error, can_edit=True, doc={"id": document},
                    **CHOICES)  # fmt: skip
    if changes and not error:
        response.headers["HX-Trigger"] = "tracker-changed"
    return response


@router.post("/tracker/actions")
def add_action(
    lib: Lib,
    user: Editor,
    description: Text,
    document: Annotated[int, Form(ge=1, le=MAX_ID)],
    item: Text = "",
    lead_agency: Text = "",
    due: Text = "",
) -> Response:
    fields = {"document_id": document, "lead_agency": _blank(lead_agency), "due": _blank(due)}
    added = lib.tracker.add_action(
        description, user.username, _blank(item), **{k: v for k, v in fields.items() if v}
    )
    return _back(document, f"action-{added['id']}")


@router.post("/tracker/responses")
def respond(
    lib: Lib,
    user: Editor,
    item: Text,
    status: Text,
    document: Annotated[int, Form(ge=1, le=MAX_ID)],
    text: Text = "",
    date: Text = "",
) -> Response:
    lib.tracker.respond(item, status, user.username, _blank(text), _blank(date))
    return _back(document, f"item-{item}")


@router.post("/tracker/actions/{action_id}/evidence")
def add_evidence(
    lib: Lib,
    user: Editor,
    action_id: RowId,
    document: Annotated[int, Form(ge=1, le=MAX_ID)],
    note: Text = "",
    link: Text = "",
    impact: Text = "",
) -> Response:
    if not (note.strip() or link.strip()):
        raise InputError(f"action {action_id}", "evidence needs a note or a link")
    lib.tracker.add_evidence(action_id, user.username, _blank(note), _blank(link), impact=_blank(impact))
    return _back(document, f"action-{action_id}")


@router.post("/tracker/plan", response_class=HTMLResponse)
def import_plan(
    request: Request,
    lib: Lib,
    user: Editor,
    settings: AppSettings,
    file: Annotated[UploadFile, File()],
    document: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    check: Annotated[bool, Form()] = False,
) -> Response:
    """Apply an action plan spreadsheet; every problem row is listed and nothing changes if any is wrong."""
    with uploaded_plan(file, settings) as path:
        try:
            result, problems = vars(lib.tracker.import_plan(path, user.username, document, check=check)), []
        except PlanProblems as error:
            result, problems = None, [str(p) for p in error.problems]
    return page(request, "plan_import.html", 422 if problems else 200, result=result, problems=problems,
                document=document, check=check, file_name=file.filename)  # fmt: skip


# --- upload ------------------------------------------------------------------------------------------------


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, _: Editor, settings: AppSettings) -> Response:
    return page(request, "upload.html", results=None, max_mb=settings.max_file_mb)


@router.post("/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    lib: Lib,
    _: Editor,
    settings: AppSettings,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    """The form's fallback without JavaScript: every file at once, then each file's result."""
    refused, ingested = ingest_uploads(lib, files, settings)
    results = refused + ingested
    failed = any(r["status"] == "failed" for r in results)
    return page(request, "upload.html", 422 if failed and len(results) == len(refused) else 200,
                results=results, max_mb=settings.max_file_mb)  # fmt: skip
