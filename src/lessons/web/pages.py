"""The HTML pages: server-rendered, working without JavaScript; htmx and Chart.js only enhance them."""

from __future__ import annotations

import secrets
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from lessons.accounts import User
from lessons.errors import NotFound, QueryError
from lessons.library import Library
from lessons.models import DocumentFilter
from lessons.web.api import RowId
from lessons.web.auth import COOKIE, LOGIN_CSRF_COOKIE, check_csrf, library, require, session_of
from lessons.web.render import filter_choices, page, query_url, records, segments

router = APIRouter(include_in_schema=False)
Lib = Annotated[Library, Depends(library)]
Viewer = Annotated[User, Depends(require("viewer"))]
ITEM_KINDS = ("recommendations", "concerns", "actions", "findings", "answers")
# An item's anchor on the document page: its kind's letter and id (r36, c7, a3, f1; a response's parts p2).
_ANCHORS = {"recommendations": "r", "concerns": "c", "actions": "a", "findings": "f", "answers": "p"}
FACET_MATCHES = 1000  # search facets count the first this many matches


# --- logging in and out ------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    token = secrets.token_urlsafe(32)
    response = page(request, "login.html", next=_local(next), login_csrf=token)
    _cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


@router.post("/login")
async def login(
    request: Request,
    lib: Lib,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    await check_csrf(request, None)
    user = lib.accounts.authenticate(username, password)
    if user is None:
        token = secrets.token_urlsafe(32)
        response = page(request, "login.html", 401, next=_local(next), login_csrf=token,
                        error="That username and password do not match an account.")  # fmt: skip
        _cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
        return response
    token, _ = lib.accounts.start_session(user)
    redirect = RedirectResponse(_local(next), status_code=303)
    _cookie(request, redirect, COOKIE, token, max_age=12 * 3600)
    redirect.delete_cookie(LOGIN_CSRF_COOKIE)
    return redirect


@router.post("/logout")
async def logout(request: Request, lib: Lib) -> Response:
    session = session_of(request)
    if session is not None:
        await check_csrf(request, session)
        lib.accounts.end_session(request.cookies[COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


def _cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    secure = request.app.state.settings.secure_cookies or request.url.scheme == "https"
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax", secure=secure)


def _local(target: str) -> str:
    """Only a path on this site: never redirect a login to somewhere else."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


# --- dashboard, search, documents --------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, lib: Lib, user: Viewer) -> Response:
    counts = lib.type_year_counts()
    by_type: Counter[str] = Counter()
    for doc_type, _, n in counts:
        by_type[doc_type or "other"] += n
    years = sorted({year for _, year, _ in counts if year})
    by_year = {doc_type: [sum(n for t, y, n in counts if (t or "other") == doc_type and y == year) for year in years]
               for doc_type in by_type}  # fmt: skip
    summaries = request.app.state.summaries
    themes = summaries.get("theme_counts", lambda library: records(library.theme_counts().head(10)))
    recurring = summaries.recurring(None, 3)
    tracker: dict[str, Any] = {}
    if user.id:  # the tracker is for signed-in users, even in public mode
        today = lib.tracker.clock()
        month = today.isoformat()[:7]
        # Which PFD responses are overdue changes with the day, documents and links: kept per day and stamp.
        overdue = summaries.get(("overdue", today), lambda library: library.tracker.overdue(today)[:10])
        tracker = {"overdue": overdue.value or [], "overdue_summary": overdue, "month": month,
                   "due": records(lib.tracker.actions_due(month, today))}  # fmt: skip
    return page(request, "dashboard.html", total=sum(by_type.values()), by_type=dict(by_type.most_common()),
                years=years, by_year=by_year, themes=themes.value or [], summary=themes,
                recurring=(recurring.value or [])[:5], recurring_summary=recurring, tracker=tracker)  # fmt: skip


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    lib: Lib,
    _: Viewer,
    q: str = "",
    type: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
    area: str = "",
    issuer: str = "",
    theme: str = "",
    agency: str = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=1000)] = 1,
) -> Response:
    filters = DocumentFilter(type or None, date_from or None, date_to or None, area or None, issuer or None,
                             theme or None, agency or None)  # fmt: skip
    form = {"q": q, "type": type, "from": date_from, "to": date_to, "area": area, "issuer": issuer,
            "theme": theme, "agency": agency}  # fmt: skip

    def url(**changes: object) -> str:
        """This search's shareable address with some fields changed (a new filter starts at page 1)."""
        return query_url("/search", form, **changes)

    limit = 20
    hits, error, facets, ranked_within = [], None, {}, None
    if q.strip():
        try:
            # One ranked search for the first 1,000 matches, metadata only, gives the counts by type, year and
            # area and (unless the page lies beyond them) the page, whose 20 hits then get their snippets.
            wide = lib.search(q, filters, limit=FACET_MATCHES, snippets=False)
            offset = (page_number - 1) * limit
            shown = (lib.with_snippets(q, wide[offset : offset + limit]) if offset + limit <= FACET_MATCHES
                     else lib.search(q, filters, limit=limit, offset=offset))  # fmt: skip
            hits = [{**vars(h), "pieces": segments(h.snippet, [(s, e, True) for s, e in h.highlights])}
                    for h in shown]  # fmt: skip
            ranked_within = wide.ranked_within
            counts = {
                "type": Counter(h.doc_type or "other" for h in wide).most_common(),
                "year": sorted(Counter((h.date or "")[:4] for h in wide if h.date).items(), reverse=True),
                "area": Counter(h.area for h in wide if h.area).most_common(10),
            }
            facets = {"total": len(wide), "cap": FACET_MATCHES, "links": {
                name: [(value, n, url(**({"from": value, "to": value} if name == "year" else {name: value})))
                       for value, n in pairs]
                for name, pairs in counts.items()
            }}  # fmt: skip
        except QueryError as problem:
            error = str(problem)
    return page(request, "search.html", hits=hits, error=error, form=form, **filter_choices(lib.settings),
                facets=facets, page_number=page_number, limit=limit, ranked_within=ranked_within,
                url=url)  # fmt: skip


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, lib: Lib, user: Viewer, document_id: RowId) -> Response:
    found = lib.document(document_id)
    extraction = lib.extraction(document_id)
    items: list[dict[str, Any]] = []
    spans: list[tuple[int, int, dict[str, str]]] = []
    for kind in ITEM_KINDS:
        for item in extraction.get(kind) or []:
            anchor = f"{_ANCHORS[kind]}{item['id']}"
            items.append({**item, "kind": item.get("kind") or kind[:-1], "anchor": anchor})
            if item.get("end"):
                end = item["end"]
                if kind == "answers":  # a part holds the letter's actions: marked up to the first of them
                    end = min([s for s, _, _ in spans if item["start"] < s < end], default=end)
                spans.append((item["start"], end, {"kind": kind[:-1], "anchor": anchor}))
    links = [row for row in records(lib.tracker.links(document_id)) if row["status"] != "rejected"]
    return page(
        request, "document.html", doc=found, extraction=extraction, items=items,
        pieces=segments(found["text"], spans), family=records(lib.tracker.family(document_id)),
        links=links, has_file=Path(found["path"]).is_file(),
    )  # fmt: skip


@router.get("/documents/{document_id}/file")
def original(lib: Lib, _: Viewer, document_id: RowId) -> FileResponse:
    found = lib.document(document_id)
    path = Path(found["path"])
    if not path.is_file():
        raise NotFound(f"the original file of document {document_id} is no longer at {path}")
    return FileResponse(path, filename=found["file_name"])
