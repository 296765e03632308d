"""The web app and REST API over the Python API (`lessons serve`); needs the `web` extra."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lessons.errors import MissingExtra

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """See `lessons.web.app.create_app`."""
    try:
        from lessons.web.app import create_app as create
    except ImportError as error:
        raise MissingExtra("the web app", "web") from error
    return create(*args, **kwargs)
