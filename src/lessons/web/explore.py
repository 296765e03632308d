"""Pages for what recurs: the recommendations explorer (and its downloads), similar items, recurring lessons."""

from __future__ import annotations

import io
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from lessons.accounts import User
from lessons.errors import QueryError
from lessons.export import for_excel
from lessons.library import Library
from lessons.models import ITEM_SORTS, DocumentFilter, ItemFilter
from lessons.tracking.rules import RESPONSE_STATUSES
from lessons.web.auth import library, require
from lessons.web.render import filter_choices, page, query_url, records, theme_labels

router = APIRouter(include_in_schema=False)
Lib = Annotated[Library, Depends(library)]
Viewer = Annotated[User, Depends(require("viewer"))]
PAGE_SIZE = 50
DOWNLOAD_MAX = 100_000  # rows in a download of the current view
CLUSTERS_SHOWN = 50  # recurring lessons on a page
KINDS = ("recommendations", "concerns")


class ExplorerQuery:
    """The explorer's filters, as the query string names them (a shareable address)."""

    def __init__(
        self,
        kind: Annotated[str, Query(pattern="^(recommendations|concerns)$")] = "recommendations",
        theme: str = "",
        agency: str = "",
        area: str = "",
        type: str = "",
        date_from: Annotated[str, Query(alias="from")] = "",
        date_to: Annotated[str, Query(alias="to")] = "",
        status: str = "",
        sort: str = "-date",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> None:
        self.kind, self.sort, self.page = kind, sort, page
        self.form = {"kind": kind, "theme": theme, "agency": agency, "area": area, "type": type,
                     "from": date_from, "to": date_to, "status": status, "sort": sort}  # fmt: skip
        documents = DocumentFilter(type or None, date_from or None, date_to or None, area or None)
        self.filters = ItemFilter(documents, theme or None, agency or None, status or None)


Explorer = Annotated[ExplorerQuery, Depends()]


@router.get("/recommendations", response_class=HTMLResponse)
def explorer(request: Request, lib: Lib, _: Viewer, view: Explorer) -> Response:
    error, rows, total = None, [], 0
    try:
        frame, total = lib.item_page(
            view.kind, view.filters, view.sort, PAGE_SIZE, (view.page - 1) * PAGE_SIZE
        )
        rows = records(frame)
    except QueryError as problem:
        error = str(problem)
    labels = theme_labels(lib.settings)
    for row in rows:
        row["theme_labels"] = [labels.get(tag["id"], tag["id"]) for tag in row.get("themes") or []]

    def url(**changes: object) -> str:
        return query_url("/recommendations", view.form, **changes)

    def sort_url(key: str) -> str:
        """Sort by `key`; a second click on the current key reverses it."""
        return url(sort=key if view.sort == f"-{key}" else f"-{key}")

    return page(
        request, "explorer.html", rows=rows, total=total, error=error, form=view.form, kind=view.kind,
        page_number=view.page, limit=PAGE_SIZE, url=url, sort_url=sort_url, sorts=ITEM_SORTS,
        **filter_choices(lib.settings), statuses=RESPONSE_STATUSES, download=lambda fmt: query_url(f"/recommendations.{fmt}", view.form),
    )  # fmt: skip


@router.get("/recommendations.{fmt}")
def download(lib: Lib, _: Viewer, view: Explorer, fmt: str) -> Response:
    """The explorer's current view (every matching row, not only the page shown) as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise QueryError(f"cannot download as {fmt!r}; csv or xlsx")
    frame, _total = lib.item_page(view.kind, view.filters, view.sort, DOWNLOAD_MAX)
    table = _flat(frame, lib)
    name = f"{view.kind}.{fmt}"
    if fmt == "csv":
        body = table.to_csv(index=False).encode("utf-8-sig")  # the BOM tells Excel it is UTF-8
        media = "text/csv; charset=utf-8"
    else:
        buffer = io.BytesIO()
        for_excel(table).to_excel(buffer, index=False, sheet_name=view.kind, engine="openpyxl")
        body = buffer.getvalue()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _flat(frame: pd.DataFrame, lib: Library) -> pd.DataFrame:
    """One cell per value: theme labels and agencies joined with "; ", a link back to the source span."""
    labels = theme_labels(lib.settings)
    table = frame.drop(columns=["case", "theme"], errors="ignore").copy()
    table["themes"] = [
        "; ".join(labels.get(t["id"], t["id"]) for t in tags or []) for tags in frame["themes"]
    ]
    table["agencies"] = ["; ".join(agencies or []) for agencies in frame["agencies"]]
    table["response"] = table["response"].fillna("")
    return table


@router.get("/similar/{item}", response_class=HTMLResponse)
def similar(request: Request, lib: Lib, _: Viewer, item: str) -> Response:
    found = lib.similar(item, limit=20)
    return page(
        request, "similar.html", item=found["item"], similar=found["similar"], backend=found["backend"]
    )


@router.get("/recurring", response_class=HTMLResponse)
def recurring(
    request: Request,
    lib: Lib,
    _: Viewer,
    theme: str = "",
    min_reviews: Annotated[int, Query(ge=1, le=1000)] = 3,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    summaries = request.app.state.summaries
    found = summaries.recurring(theme or None, min_reviews)
    every: list[dict[str, Any]] = found.value or []
    clusters = every[(page_number - 1) * CLUSTERS_SHOWN : page_number * CLUSTERS_SHOWN]
    charted = clusters[:8]
    years = sorted({m["date"][:4] for c in charted for m in c["members"] if m.get("date")})
    timeline = [
        {"label": f"#{c['cluster']}", "counts": [sum(1 for m in c["members"] if (m.get("date") or "")[:4] == y)
                                               for y in years]}
        for c in charted
    ]  # fmt: skip
    form = {"theme": theme, "min_reviews": min_reviews}
    return page(request, "recurring.html", clusters=clusters, summary=found, years=years, timeline=timeline,
                themes=filter_choices(lib.settings)["themes"], labels=theme_labels(lib.settings), form=form,
                total=len(every), page_number=page_number, limit=CLUSTERS_SHOWN,
                url=lambda **changes: query_url("/recurring", form, **changes))  # fmt: skip
