"""Local accounts for the web app and the REST API: users with a role, login sessions and API tokens.

Passwords are hashed with argon2id (the `web` extra's argon2-cffi). Session and API tokens are random
(`secrets`), shown once, and stored only as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from lessons.errors import MissingExtra, QueryError
from lessons.store import Store

ROLES = ("viewer", "editor", "admin")  # each can do what the ones before it can
MIN_PASSWORD = 10
SESSION_LENGTH = timedelta(hours=12)


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this user has `role` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str  # sent back with every change made from a page


class Accounts:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, username: str, password: str, role: str = "viewer") -> User:
        username = username.strip()
        if not username or len(username) > 64 or any(c.isspace() for c in username):
            raise QueryError("a username is 1 to 64 characters with no spaces")
        if role not in ROLES:
            raise QueryError(f"role {role!r} is not one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise QueryError(f"a password has at least {MIN_PASSWORD} characters")
        user_id = self.store.add_user(username, _hasher().hash(password), role)
        return User(user_id, username, role)

    def list(self) -> list[dict[str, Any]]:
        return self.store.users()

    def remove(self, username: str) -> None:
        if not self.store.remove_user(username):
            raise QueryError(f"there is no user {username!r}")

    def authenticate(self, username: str, password: str) -> User | None:
        from argon2.exceptions import VerificationError

        row = self.store.user(username.strip())
        try:
            # An unknown name is checked against a dummy hash too, so timing does not tell which names exist.
            _hasher().verify(row["password_hash"] if row else _dummy_hash(), password)
        except VerificationError:
            return None
        return User(row["id"], row["username"], row["role"]) if row else None

    def start_session(self, user: User) -> tuple[str, Session]:
        """A new session: the token for the cookie, and the session with its CSRF token."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.store.add_session(_digest(token), user.id, csrf, datetime.now(UTC) + SESSION_LENGTH)
        return token, Session(user, csrf)

    def session(self, token: str) -> Session | None:
        row = self.store.session_user(_digest(token))
        return Session(User(row["id"], row["username"], row["role"]), row["csrf"]) if row else None

    def end_session(self, token: str) -> None:
        self.store.remove_session(_digest(token))

    def new_token(self, username: str, name: str) -> str:
        """A new API token for the user, shown once."""
        row = self.store.user(username)
        if row is None:
            raise QueryError(f"there is no user {username!r}")
        token = "lsn_" + secrets.token_urlsafe(32)
        self.store.add_token(row["id"], name, _digest(token))
        return token

    def token_user(self, token: str) -> User | None:
        row = self.store.token_user(_digest(token))
        return User(row["id"], row["username"], row["role"]) if row else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise MissingExtra("accounts", "web") from None
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return str(_hasher().hash(secrets.token_urlsafe(16)))
