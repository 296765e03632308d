"""The FastAPI application: the REST API under /api, the HTML pages, /healthz, static files, and one place where
errors become responses (a JSON body `{"error": {"status", "type", "message"}}` for the API, a page otherwise)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from lessons.errors import LessonsError
from lessons.library import Library
from lessons.settings import Settings
from lessons.web import api, explore, pages, tracking
from lessons.web.auth import AuthError
from lessons.web.render import templates
from lessons.web.summaries import Summaries

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, library: Library | None = None) -> FastAPI:
    """The app over one library (opened from `settings` unless given; closed with the app if opened here)."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="Lessons",
        version="0.1.0",
        description="Case reviews and coroners' Prevention of Future Deaths reports: search, extracted "
        "recommendations and concerns, recurring lessons and the tracker.",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.library = library or Library(settings)
    app.state.summaries = Summaries(app.state.library)
    if library is None:
        app.router.on_shutdown.append(app.state.library.close)
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)  # pages and JSON are text
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(explore.router)
    app.include_router(tracking.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz(request: Request) -> JSONResponse:
        """200 once the database answers."""
        try:
            with request.app.state.library.store.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except Exception as error:
            log.warning("health check failed: %s", error)
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.exception_handler(LessonsError)
    def lessons_error(request: Request, error: LessonsError) -> Response:
        return _error(request, error.http_status, type(error).__name__, str(error))

    @app.exception_handler(sa.exc.DataError)
    def unstorable(request: Request, error: sa.exc.DataError) -> Response:
        """A value the database refuses (PostgreSQL: a NUL character in text): the request's fault."""
        reason = str(error.orig).splitlines()[0]
        return _error(request, 422, "ValidationError", f"a value in the request cannot be used: {reason}")

    @app.exception_handler(AuthError)
    def auth_error(request: Request, error: AuthError) -> Response:
        if error.status == 401 and not _is_api(request):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return _error(
            request, error.status, "Unauthorized" if error.status == 401 else "Forbidden", str(error)
        )

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> Response:
        return _error(request, error.status_code, "HTTPError", str(error.detail))

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in error.errors()
        )
        return _error(request, 422, "ValidationError", problems)

    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, kind: str, message: str) -> Response:
    if _is_api(request):
        body: dict[str, Any] = {"error": {"status": status, "type": kind, "message": message}}
        return JSONResponse(body, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
