"""One exception tree for Lessons. Interfaces translate these in one place (CLI: one line, exit code)."""

from __future__ import annotations

from pathlib import Path


class LessonsError(Exception):
    """Base class: every error Lessons raises on purpose."""

    http_status = 500


class InputError(LessonsError):
    """A file that cannot be ingested. The message names the file and the reason."""

    http_status = 422

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class FileMissing(InputError):
    http_status = 404


class UnsupportedFormat(InputError):
    http_status = 415


class FileTooLarge(InputError):
    http_status = 413


class UnreadableDocument(InputError):
    """Corrupt, truncated, encrypted, binary or empty input."""


class QueryError(LessonsError):
    """A search query or filter that cannot be understood."""

    http_status = 400


class NotFound(LessonsError):
    http_status = 404


class StoreError(LessonsError):
    """The database cannot be opened or used."""

    http_status = 503


class EvaluationError(LessonsError):
    """An evaluation that cannot run: a missing folder, or a scorer that fails."""

    http_status = 500


class MissingExtra(LessonsError):
    """An optional feature whose extra is not installed."""

    http_status = 501

    def __init__(self, feature: str, extra: str, install: str | None = None) -> None:
        self.extra = extra
        install = install or f"pip install 'lessons[{extra}]'"
        super().__init__(f"{feature} needs the '{extra}' extra: {install}")


class ConflictError(LessonsError):
    """An update based on a version of a row that someone else has changed since."""

    http_status = 409
