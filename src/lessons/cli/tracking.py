"""The tracker's commands: `lessons overdue` and the `lessons track` group."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from lessons.cli.common import (
    AtOption,
    DbOption,
    FormatOption,
    WhoOption,
    app,
    as_at,
    err,
    open_library,
    print_frame,
    who_or_login,
)
from lessons.errors import QueryError
from lessons.tracking.tracker import is_overdue

track = typer.Typer(
    help="Follow recommendations and concerns to responses, actions and evidence.", no_args_is_help=True
)
app.add_typer(track, name="track")


@app.command()
def overdue(
    db: DbOption = None,
    at: AtOption = None,
    output: FormatOption = "table",
    every: Annotated[
        bool, typer.Option("--all", help="Every recipient: responded, overdue or awaiting (not yet due).")
    ] = False,
) -> None:
    """PFD report recipients with no linked response after their due date, or whose response leaves a concern
    unanswered, most overdue first, with how many of the report's concerns their responses answer and how many
    are overdue. Links are suggested first (`track links --suggest`). CSV has a row per concern: its answer
    status, the responses answering it and any response recorded to it."""
    with open_library(db) as library:
        found = library.tracker.responses_due(as_at(at), link_first=True)
    found = found if every else [row for row in found if is_overdue(row)]
    if output == "json":
        sys.stdout.write(json.dumps(found, indent=2) + "\n")
        return
    columns = ["report", "ref", "deceased", "coroner", "recipient", "due", "status", "days_overdue"]
    if output == "csv":
        none: dict[str, Any] = {
            "id": None,
            "text": None,
            "response": None,
            "answer_status": None,
            "answers": [],
        }
        per_concern = [
            {**{c: row[c] for c in columns}, "concern": concern["id"], "concern_text": concern["text"],
             "answer_status": concern["answer_status"],
             "answered_in": " ".join(sorted({str(a["document"]) for a in concern["answers"]})) or None,
             "response": (concern["response"] or {}).get("status")}
            for row in found for concern in row["concerns"] or [none]
        ]  # fmt: skip
        columns += ["concern", "concern_text", "answer_status", "answered_in", "response"]
        sys.stdout.write(pd.DataFrame(per_concern, columns=columns).to_csv(index=False))
        return
    columns += ["concerns_answered", "concerns_overdue"]
    frame = pd.DataFrame(found, columns=columns).astype({"days_overdue": "Int64"})
    shown = ["days_overdue", "status", "due", "report", "deceased", "recipient", "concerns_answered",
             "concerns_overdue"]  # fmt: skip
    print_frame(frame, output, shown)


@track.command("actions")
def track_actions(
    db: DbOption = None,
    document: Annotated[int | None, typer.Option("--document", help="Only this document's actions.")] = None,
    at: AtOption = None,
    output: FormatOption = "table",
) -> None:
    """Actions with status, RAG rating and due date (as at --at)."""
    with open_library(db) as library:
        frame = library.tracker.actions(document, as_at(at))
    print_frame(
        frame,
        output,
        ["id", "version", "current_status", "rag", "due", "lead_agency", "origin", "description"],
    )


@track.command("add-action")
def track_add_action(
    description: Annotated[str, typer.Argument(help="What will be done.")],
    db: DbOption = None,
    item: Annotated[
        str | None, typer.Option("--item", help="The recommendation (r12) or concern (c3) it answers.")
    ] = None,
    lead_agency: Annotated[str | None, typer.Option("--lead-agency")] = None,
    lead_officer: Annotated[str | None, typer.Option("--lead-officer")] = None,
    due: Annotated[str | None, typer.Option("--due", help="Target date (YYYY-MM-DD).")] = None,
    who: WhoOption = "",
) -> None:
    """Add an action."""
    with open_library(db) as library:
        row = library.tracker.add_action(
            description, who_or_login(who), item, lead_agency=lead_agency, lead_officer=lead_officer, due=due
        )
    err.print(f"action {row['id']} added (version {row['version']})")


@track.command("update-action")
def track_update_action(
    action_id: Annotated[int, typer.Argument(help="The action's id.")],
    version: Annotated[int, typer.Option("--version", help="The version you read (from `track actions`).")],
    db: DbOption = None,
    status: Annotated[
        str | None, typer.Option("--status", help="not started, in progress or complete.")
    ] = None,
    rag: Annotated[str | None, typer.Option("--rag", help="red, amber or green (default: computed).")] = None,
    due: Annotated[str | None, typer.Option("--due")] = None,
    progress: Annotated[str | None, typer.Option("--progress")] = None,
    lead_officer: Annotated[str | None, typer.Option("--lead-officer")] = None,
    who: WhoOption = "",
) -> None:
    """Change an action; refused if someone changed it since the version you read."""
    changes = {
        k: v
        for k, v in dict(
            status=status, rag=rag, due=due, progress=progress, lead_officer=lead_officer
        ).items()
        if v is not None
    }
    with open_library(db) as library:
        row = library.tracker.update_action(action_id, version, who_or_login(who), **changes)
    err.print(f"action {row['id']} is now version {row['version']}")


@track.command("respond")
def track_respond(
    item: Annotated[str, typer.Argument(help="The recommendation (r12) or concern (c3).")],
    status: Annotated[str, typer.Argument(help="accepted, partially accepted, not accepted or noted.")],
    db: DbOption = None,
    text: Annotated[str | None, typer.Option("--text")] = None,
    on: Annotated[str | None, typer.Option("--date", help="The response's date (YYYY-MM-DD).")] = None,
    who: WhoOption = "",
) -> None:
    """Record the response to a recommendation or concern."""
    with open_library(db) as library:
        row = library.tracker.respond(item, status, who_or_login(who), text, on)
    err.print(f"response {row['id']} to {item}: {row['status']}")


@track.command("evidence")
def track_evidence(
    action_id: Annotated[int, typer.Argument(help="The action it evidences.")],
    db: DbOption = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    link: Annotated[str | None, typer.Option("--link")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A file to attach.")] = None,
    impact: Annotated[str | None, typer.Option("--impact", help="The impact assessment.")] = None,
    who: WhoOption = "",
) -> None:
    """Add evidence to an action."""
    with open_library(db) as library:
        row = library.tracker.add_evidence(action_id, who_or_login(who), note, link, file, impact=impact)
    err.print(f"evidence {row['id']} added to action {action_id}")


@track.command("audit")
def track_audit(
    db: DbOption = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="response, action, evidence or link.")
    ] = None,
    row_id: Annotated[int | None, typer.Option("--id")] = None,
    output: FormatOption = "table",
) -> None:
    """Every change: who, when, what changed from and to."""
    with open_library(db) as library:
        frame = library.tracker.audit(entity, row_id)
    print_frame(frame, output, ["at", "who", "entity", "entity_id", "change", "field", "old", "new"])


@track.command("family")
def track_family(
    document_id: Annotated[int, typer.Argument(help="Any document of the review.")],
    db: DbOption = None,
    output: FormatOption = "table",
) -> None:
    """The documents of one case review: the review and its summary, briefing, board response and press
    statement, as linked (suggested links included; `track links --suggest` makes them)."""
    with open_library(db) as library:
        frame = library.tracker.family(document_id)
    print_frame(frame, output, ["id", "role", "doc_type", "date", "status", "score", "title"])


@track.command("links")
def track_links(
    db: DbOption = None,
    suggest: Annotated[
        bool, typer.Option("--suggest", help="Link PFD responses to their reports first.")
    ] = False,
    confirm: Annotated[
        int | None, typer.Option("--confirm", help="Confirm this link (with --version).")
    ] = None,
    reject: Annotated[int | None, typer.Option("--reject", help="Reject this link (with --version).")] = None,
    version: Annotated[int | None, typer.Option("--version")] = None,
    who: WhoOption = "",
    output: FormatOption = "table",
) -> None:
    """Links between documents (a PFD response and its report), suggested with a score or made by hand."""
    with open_library(db) as library:
        if suggest:
            library.tracker.suggest_links()
        for link_id, status in ((confirm, "confirmed"), (reject, "rejected")):
            if link_id is not None:
                if version is None:
                    raise QueryError("--version is needed to confirm or reject a link")
                library.tracker.set_link(link_id, version, status, who_or_login(who))
        frame = library.tracker.links()
    print_frame(frame, output, ["id", "version", "status", "score", "source_id", "target_id", "kind"])


DocumentOption = Annotated[
    int | None, typer.Option("--document", help="The review (document id) the plan belongs to.")
]


@track.command("export-plan")
def track_export_plan(
    out_path: Annotated[Path, typer.Argument(help="The file to write: .csv or .xlsx.")],
    db: DbOption = None,
    document: DocumentOption = None,
) -> None:
    """Write an action plan (one review's, or every tracked one) as a spreadsheet with the columns
    partnerships use; edit it and import it back."""
    with open_library(db) as library:
        written = library.tracker.export_plan(out_path, document)
    err.print(f"wrote {written}")


@track.command("import-plan")
def track_import_plan(
    path: Annotated[Path, typer.Argument(help="A plan as .csv or .xlsx (exported, or your own template).")],
    db: DbOption = None,
    document: DocumentOption = None,
    check: Annotated[bool, typer.Option("--check", help="Report what would change; write nothing.")] = False,
    ignore_unknown: Annotated[
        bool,
        typer.Option("--ignore-unknown", help="Skip columns Lessons does not know, instead of refusing."),
    ] = False,
    who: WhoOption = "",
) -> None:
    """Apply a plan all at once: edited cells change their action, rows without an Action ID add actions,
    responses are recorded. A plan with any problem changes nothing; each problem row is reported."""
    with open_library(db) as library:
        done = library.tracker.import_plan(path, who_or_login(who), document, ignore_unknown, check)
    summary = (
        f"{done.created} action(s) added, {done.updated} changed, {done.responses} response(s) recorded, "
        f"{done.unchanged} row(s) unchanged"
    )
    err.print(f"{path}: {'check only, nothing written: ' if done.checked_only else ''}{summary}")
