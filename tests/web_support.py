"""Helpers for the web tests: an in-process client over a library, and logging in through the form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

import lessons
from lessons.settings import Settings
from lessons.web import create_app

PASSWORD = "correct horse battery staple"


def client(library: lessons.Library, **settings: object) -> TestClient:
    merged = {"db": library.settings.db, "uploads": library.settings.uploads, **settings}
    return TestClient(create_app(Settings.from_env(**merged), library=library))


def log_in(web: TestClient, username: str) -> str:
    """Log in through the form; returns the session's CSRF token as the pages carry it."""
    web.get("/login")
    response = web.post("/login", data={"username": username, "password": PASSWORD, "next": "/",
                                         "csrf_token": web.cookies["lessons_login_csrf"]}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    found = re.search(r'"X-CSRF-Token": "([^"]+)"', web.get("/").text)
    assert found is not None
    return found.group(1)
