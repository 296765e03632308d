"""Who is asking, and may they: a session cookie (pages) or an API token (REST), roles, and CSRF.

A change made with a session cookie must carry the session's CSRF token, in the `X-CSRF-Token` header (htmx and
scripts) or a `csrf_token` form field (plain forms); a request carrying an API token needs none, since a browser
never sends one by itself. In public mode anyone may read without an account, except the tracker.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from fastapi import Request

from lessons.accounts import Session, User
from lessons.library import Library
from lessons.settings import Settings

COOKIE = "lessons_session"
LOGIN_CSRF_COOKIE = "lessons_login_csrf"  # the login form's double-submit token, before there is a session
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PUBLIC = User(0, "public", "viewer")


class AuthError(Exception):
    """Refused: 401 when nobody is logged in, 403 when the user may not, or the CSRF token is wrong."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def library(request: Request) -> Library:
    lib: Library = request.app.state.library
    return lib


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def session_of(request: Request) -> Session | None:
    """The request's login session, if its cookie names a live one (looked up once per request)."""
    if not hasattr(request.state, "session"):
        token = request.cookies.get(COOKIE)
        request.state.session = library(request).accounts.session(token) if token else None
    session: Session | None = request.state.session
    return session


def user_of(request: Request) -> User | None:
    """The user behind an API token, else behind the session cookie."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return library(request).accounts.token_user(header[7:].strip())
    session = session_of(request)
    return session.user if session else None


def require(role: str, tracker: bool = False) -> Callable[[Request], Awaitable[User]]:
    """A dependency: the user, if they have `role` (and, for a change made with a session cookie, the right
    CSRF token); anonymous readers are let in in public mode, except to the tracker."""

    async def check(request: Request) -> User:
        user = user_of(request)
        if user is None:
            if request.app.state.settings.public and role == "viewer" and not tracker:
                return PUBLIC
            raise AuthError(401, "log in first (or send an API token: Authorization: Bearer ...)")
        if not user.can(role):
            raise AuthError(403, f"this needs the {role} role; {user.username} is a {user.role}")
        if request.method not in SAFE_METHODS and not request.headers.get("authorization"):
            await check_csrf(request, session_of(request))
        return user

    return check


async def check_csrf(request: Request, session: Session | None) -> None:
    expected = session.csrf if session else request.cookies.get(LOGIN_CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        given = value if isinstance(value, str) else None
    if not expected or not given or not secrets.compare_digest(expected, given):
        raise AuthError(403, "the form's CSRF token is missing or out of date: reload the page and try again")
