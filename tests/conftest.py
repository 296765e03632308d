"""Shared fixtures: every storage test runs on a real SQLite file and on the real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

import lessons
from lessons.settings import Settings

PG_URL = os.environ.get("LESSONS_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
SHARED_DOCUMENTS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "documents"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "documents"


def _pg_engine() -> sa.Engine:
    return sa.create_engine("postgresql+psycopg://" + PG_URL.split("://", 1)[1])


def _pg_unavailable() -> str | None:
    try:
        with _pg_engine().connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as error:
        return f"no PostgreSQL server answers at {PG_URL} ({type(error).__name__}); set LESSONS_TEST_PG_URL"
    return None


@pytest.fixture(scope="session")
def pg_reason() -> str | None:
    reason = _pg_unavailable()
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
    return reason


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path, pg_reason: str | None) -> Iterator[str]:
    """A database string for `lessons.open`: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "lessons.db")
        return
    if pg_reason:
        pytest.skip(pg_reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = _pg_engine()
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def shared_documents() -> Path:
    if not SHARED_DOCUMENTS.is_dir():
        pytest.skip(f"../shared/eval/documents is absent ({SHARED_DOCUMENTS}); it is present in CI")
    return SHARED_DOCUMENTS


@pytest.fixture
def sample_documents() -> Path:
    """The sample documents bundled in the repository (examples/documents)."""
    return EXAMPLES


@pytest.fixture
def library(db: str, tmp_path: Path, sample_documents: Path) -> Iterator[lessons.Library]:
    """A library of the sample documents with a viewer, an editor and an admin (password web_support.PASSWORD),
    for the web tests."""
    from web_support import PASSWORD

    lib = lessons.Library(Settings.from_env(db=db, uploads=str(tmp_path / "uploads"), embeddings=False))
    lib.ingest([sample_documents])
    for role in ("viewer", "editor", "admin"):
        lib.accounts.add(role, PASSWORD, role)
    yield lib
    lib.close()
