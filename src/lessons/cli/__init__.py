"""The `lessons` command: parses arguments, calls the Python API, prints. No logic of its own.

Commands live by subject in the modules beside this one; importing them registers them on `app`."""

from __future__ import annotations

import logging
import sys

from rich.text import Text

from lessons.cli import documents, themes, tracking, web  # noqa: F401  (registers the commands)
from lessons.cli.common import app, err
from lessons.errors import LessonsError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: library errors become one line on stderr and exit code 2."""
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        app()
    except LessonsError as error:
        err.print(Text(f"error: {error}", style="red"))
        sys.exit(2)
