"""`lessons serve` (the web app and REST API) and `lessons user` (its accounts)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import pandas as pd
import typer

from lessons.cli.common import DbOption, FormatOption, app, err, open_library, out, print_frame
from lessons.errors import MissingExtra, QueryError
from lessons.settings import Settings


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", help="Worker processes (production: 2 or more, on PostgreSQL).")
    ] = 1,
    public: Annotated[bool, typer.Option("--public", help=Settings.help("public"))] = False,
) -> None:
    """Start the web app and REST API (needs the 'web' extra). Behind a reverse proxy, forwarded headers from
    it are trusted (set FORWARDED_ALLOW_IPS to its address)."""
    try:
        import uvicorn
    except ImportError:
        raise MissingExtra("lessons serve", "web") from None
    # Workers are separate processes that build the app themselves, from the environment.
    if db:
        os.environ["LESSONS_DB"] = db
    if public:
        os.environ["LESSONS_PUBLIC"] = "1"
    settings = Settings.from_env()
    with open_library(settings.db):
        pass  # migrate once, here, before any worker starts; a database that cannot be opened stops here
    err.print(f"Lessons on http://{host}:{port}/ (database {settings.db}); Ctrl+C stops it")
    uvicorn.run("lessons.web:create_app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, log_level="warning")  # fmt: skip


user = typer.Typer(help="Accounts for the web app: viewer, editor or admin.", no_args_is_help=True)
app.add_typer(user, name="user")


@user.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="The login name.")],
    role: Annotated[
        str,
        typer.Option("--role", help="viewer (reads), editor (also changes the tracker, uploads) or admin."),
    ] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Add a user; the password is asked for (twice) unless given on standard input."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_library(db) as library:
        added = library.accounts.add(username, password, role)
    err.print(f"user {added.username} added ({added.role})")


@user.command("list")
def user_list(db: DbOption = None, output: FormatOption = "table") -> None:
    """The users and their roles."""
    with open_library(db) as library:
        frame = pd.DataFrame(library.accounts.list(), columns=["id", "username", "role", "created_at"])
    print_frame(frame, output, ["username", "role", "created_at"])


@user.command("remove")
def user_remove(username: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Remove a user, their sessions and API tokens (what they changed stays in the audit log)."""
    with open_library(db) as library:
        library.accounts.remove(username)
    err.print(f"user {username} removed")


@user.command("token")
def user_token(
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "api",
    db: DbOption = None,
) -> None:
    """Make an API token for the user (send it as `Authorization: Bearer TOKEN`); it is shown once."""
    if not name.strip():
        raise QueryError("give the token a --name")
    with open_library(db) as library:
        token = library.accounts.new_token(username, name)
    out.print(token, markup=False)
