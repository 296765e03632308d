"""Users, login sessions and API tokens. Only `Store` calls these; tokens arrive here already digested."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from lessons.errors import QueryError
from lessons.store.schema import api_tokens, sessions, users

USER_COLUMNS = (users.c.id, users.c.username, users.c.role, users.c.created_at)


def add_user(connection: Connection, username: str, password_hash: str, role: str, now: datetime) -> int:
    if connection.scalar(sa.select(users.c.id).where(users.c.username == username)) is not None:
        raise QueryError(f"there is already a user {username!r}")
    values = {"username": username, "password_hash": password_hash, "role": role, "created_at": now}
    return int(connection.execute(users.insert().values(**values).returning(users.c.id)).scalar_one())


def user(connection: Connection, username: str) -> dict[str, Any] | None:
    row = connection.execute(sa.select(users).where(users.c.username == username)).first()
    return dict(row._mapping) if row else None


def all_users(connection: Connection) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in connection.execute(sa.select(*USER_COLUMNS).order_by(users.c.username))]


def remove_user(connection: Connection, username: str) -> bool:
    found = connection.scalar(sa.select(users.c.id).where(users.c.username == username))
    if found is None:
        return False
    # Deleted explicitly as well as by the foreign keys' cascade, which SQLite applies only when asked to.
    connection.execute(sessions.delete().where(sessions.c.user_id == found))
    connection.execute(api_tokens.delete().where(api_tokens.c.user_id == found))
    connection.execute(users.delete().where(users.c.id == found))
    return True


def add_session(
    connection: Connection, digest: str, user_id: int, csrf: str, now: datetime, expires: datetime
) -> None:
    connection.execute(sessions.delete().where(sessions.c.expires_at < now))  # tidy expired ones as we go
    values = {"id": digest, "user_id": user_id, "csrf": csrf, "created_at": now, "expires_at": expires}
    connection.execute(sessions.insert().values(**values))


def session_user(connection: Connection, digest: str, now: datetime) -> dict[str, Any] | None:
    """The session's user and CSRF token, if the session exists and has not expired."""
    query = (
        sa.select(*USER_COLUMNS, sessions.c.csrf, sessions.c.expires_at)
        .select_from(sessions.join(users, users.c.id == sessions.c.user_id))
        .where(sessions.c.id == digest)
    )
    row = connection.execute(query).first()
    if row is None or _aware(row.expires_at) < now:
        return None
    return dict(row._mapping)


def remove_session(connection: Connection, digest: str) -> None:
    connection.execute(sessions.delete().where(sessions.c.id == digest))


def add_token(connection: Connection, user_id: int, name: str, digest: str, now: datetime) -> int:
    values = {"user_id": user_id, "name": name, "digest": digest, "created_at": now}
    return int(
        connection.execute(api_tokens.insert().values(**values).returning(api_tokens.c.id)).scalar_one()
    )


def token_user(connection: Connection, digest: str) -> dict[str, Any] | None:
    query = (
        sa.select(*USER_COLUMNS)
        .select_from(api_tokens.join(users, users.c.id == api_tokens.c.user_id))
        .where(api_tokens.c.digest == digest)
    )
    row = connection.execute(query).first()
    return dict(row._mapping) if row else None


def _aware(moment: datetime) -> datetime:
    """SQLite returns stored times without their zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
