"""Tracker rows: responses, actions, evidence and links, each change written with its audit record in the same
transaction. Only `Store` calls these.

Every update names the version of the row it was based on; the UPDATE only matches that version, so of two
concurrent edits to the same row one wins and the other gets a ConflictError instead of silently overwriting
it. Nothing is deleted: `deleted` hides a row and the audit log keeps who hid it and what it held.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from lessons.dates import date_range
from lessons.errors import ConflictError, NotFound, QueryError
from lessons.store.schema import (
    actions,
    audit_log,
    evidence,
    links,
    recommendations,
    responses,
    tracked_actions,
)

# An extracted action's tense as the tracker's status.
EXTRACTED_STATUS = {"taken": "complete", "planned": "not started"}
TABLES = {"response": responses, "action": tracked_actions, "evidence": evidence, "link": links}
# What users may change on each kind of row.
EDITABLE = {
    "response": ("status", "text", "date", "document_id"),
    "action": (
        "item_kind",
        "item_id",
        "recommendation",
        "description",
        "scope",
        "lead_agency",
        "lead_officer",
        "milestones",
        "due",
        "target",
        "answers",
        "status",
        "rag",
        "progress",
        "evidence_of_impact",
        "completed_on",
        "signed_off_by",
        "confirmed",
    ),
    "evidence": (
        "date",
        "note",
        "link",
        "file_name",
        "file_data",
        "impact",
        "signed_off_by",
        "signed_off_on",
    ),
    "link": ("status",),
}


@dataclass(frozen=True)
class TrackChange:
    """One change in a batch (an imported plan): a new row when `row_id` is None, else an update of that row
    from `version`."""

    entity: str
    values: dict[str, Any]
    row_id: int | None = None
    version: int | None = None


def apply(connection: Connection, changes: list[TrackChange], who: str, now: datetime) -> list[int]:
    """Every change, in the caller's transaction; the ids of the rows created or changed, in order."""
    ids = []
    for change in changes:
        if change.row_id is None:
            ids.append(create(connection, change.entity, change.values, who, now))
        else:
            assert change.version is not None
            update(connection, change.entity, change.row_id, change.version, change.values, who, now)
            ids.append(change.row_id)
    return ids


def create(connection: Connection, entity: str, values: dict[str, Any], who: str, now: datetime) -> int:
    table = TABLES[entity]
    row = {**values, "version": 1, "updated_at": now, "updated_by": who}
    row_id = int(connection.execute(table.insert().values(**row).returning(table.c.id)).scalar_one())
    shown = {k: _jsonable(v) for k, v in values.items() if v is not None}
    _audit(connection, now, who, entity, row_id, "create", None, None, shown)
    return row_id


def update(
    connection: Connection,
    entity: str,
    row_id: int,
    version: int,
    changes: dict[str, Any],
    who: str,
    now: datetime,
    change: str = "update",
) -> dict[str, Any]:
    """Apply `changes` to the row if it is still at `version`; one audit record per changed field."""
    table = TABLES[entity]
    unknown = set(changes) - set(EDITABLE[entity]) - ({"deleted"} if change == "delete" else set())
    if unknown:
        raise QueryError(f"cannot change {', '.join(sorted(unknown))} of a {entity}")
    row = read(connection, entity, row_id)
    changed = {k: v for k, v in changes.items() if row[k] != v}
    if not changed:
        return row
    result = connection.execute(
        table.update()
        .where(table.c.id == row_id, table.c.version == version)
        .values(**changed, version=version + 1, updated_at=now, updated_by=who)
    )
    if result.rowcount != 1:
        raise ConflictError(
            f"{entity} {row_id} was changed by {row['updated_by']} at {row['updated_at']:%Y-%m-%d %H:%M} "
            f"(version {row['version']}; your change was based on version {version}): reload and try again"
        )
    for field, new in changed.items():
        _audit(connection, now, who, entity, row_id, change, field, _jsonable(row[field]), _jsonable(new))
    return read(connection, entity, row_id, deleted=True)


def read(connection: Connection, entity: str, row_id: int, deleted: bool = False) -> dict[str, Any]:
    """The row; a deleted one only when asked for."""
    table = TABLES[entity]
    row = connection.execute(sa.select(table).where(table.c.id == row_id)).first()
    if row is None or (row._mapping.get("deleted") and not deleted):
        raise NotFound(f"no {entity} {row_id}")
    return dict(row._mapping)


def rows(connection: Connection, entity: str, equal: dict[str, Any]) -> list[dict[str, Any]]:
    table = TABLES[entity]
    query = sa.select(table).order_by(table.c.id)
    if "deleted" in table.c:
        query = query.where(sa.not_(table.c.deleted))
    for column, value in equal.items():
        query = query.where(table.c[column] == value)
    return [dict(r._mapping) for r in connection.execute(query)]


def actions_due(connection: Connection, prefix: str) -> list[dict[str, Any]]:
    """Open actions (not deleted, not complete) whose due date starts with `prefix` ("2026-11")."""
    table = TABLES["action"]
    query = (
        sa.select(table)
        # A range rather than LIKE, so the index on due serves it: "~" sorts after every digit and "-".
        .where(table.c.due >= prefix, table.c.due < prefix + "~")
        .where(sa.not_(table.c.deleted), table.c.status != "complete")
        .order_by(table.c.due, table.c.id)
    )
    return [dict(r._mapping) for r in connection.execute(query)]


def seed_actions(connection: Connection, document_id: int, now: datetime) -> None:
    """The document's extracted actions as tracked actions, marked extracted and unconfirmed, with what their
    plan row said: status from the plan's own status where it gives one (else taken ones complete, planned
    ones not started), RAG, lead agency and officer, target (a month's target is due at the month's end),
    progress and evidence. An action answering numbered recommendations is tied to the first of this
    document's recommendations it names; `answers` keeps every number."""
    numbered = by_number(
        connection.execute(
            sa.select(recommendations.c.id, recommendations.c.number)
            .where(recommendations.c.document_id == document_id)
            .order_by(recommendations.c.position)
        )
        .mappings()
        .all()
    )
    rows = connection.execute(
        sa.select(actions).where(actions.c.document_id == document_id).order_by(actions.c.position)
    )
    for action in rows:
        answers = list(action.answers or [])
        item_id = next((numbered[k] for k in map(number_key, answers) if k in numbered), None)
        values = {
            "document_id": document_id,
            "extracted_action_id": action.id,
            "item_kind": "recommendation" if item_id else None,
            "item_id": item_id,
            "recommendation": action.recommendation,
            "description": action.text,
            "lead_agency": action.owner,
            "lead_officer": action.officer,
            "due": due_day(action.due),
            "target": action.target,
            "answers": answers or None,
            "status": plan_status(action.progress_status)
            or EXTRACTED_STATUS.get(action.status, "not started"),
            "rag": plan_rag(action.rag) or plan_rag(action.progress_status),
            "progress": action.progress,
            "evidence_of_impact": action.evidence,
            "origin": "extracted",
        }
        create(connection, "action", values, "extraction", now)


def by_number(recommendations: Iterable[Mapping[Any, Any]]) -> dict[str, int]:
    """Recommendations' ids by their number's key (`number_key`), in reading order: the first of a number wins."""
    found: dict[str, int] = {}
    for recommendation in recommendations:
        if recommendation["number"]:
            found.setdefault(number_key(recommendation["number"]), recommendation["id"])
    return found


def number_key(number: str) -> str:
    """A recommendation number as plans and reviews both write it: "R3", "Rec 3", "3." and "3" are one."""
    return re.sub(r"^(?:rec(?:ommendation)?\.?\s*|r)", "", number.strip().lower()).rstrip(".) ")


def due_day(due: str | None) -> str | None:
    """A target as the tracker's due date: a day as it is; a month ("2025-06") at its last day."""
    if not due or not re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", due):
        return None
    return date_range(due)[1].isoformat()


# A plan's own status words, as the tracker's status and RAG rating.
_PLAN_STATUSES = (
    (re.compile(r"\b(?:not\s+(?:yet\s+)?started|not\s+begun|to\s+start)\b"), "not started"),
    (re.compile(r"\bpartial(?:ly)?\b"), "in progress"),
    (re.compile(r"\b(?:complete[d]?|done|closed|achieved|finished|implemented|embedded)\b"), "complete"),
    (re.compile(r"\b(?:in\s+progress|ongoing|on\s+track|started|underway|partially|progressing|"
                r"delayed|behind|at\s+risk)\b"), "in progress"),
)  # fmt: skip
_RAG_WORDS = {"red": "red", "r": "red", "amber": "amber", "a": "amber", "green": "green", "g": "green",
              "blue": "green"}  # fmt: skip


def plan_status(written: str | None) -> str | None:
    if not written:
        return None
    lowered = written.lower()
    return next((status for pattern, status in _PLAN_STATUSES if pattern.search(lowered)), None)


def plan_rag(written: str | None) -> str | None:
    if not written:
        return None
    return _RAG_WORDS.get(written.strip().lower().split("/")[0].strip(" .()"))


def audit_trail(
    connection: Connection, entity: str | None = None, row_id: int | None = None
) -> list[dict[str, Any]]:
    query = sa.select(audit_log).order_by(audit_log.c.id)
    if entity is not None:
        query = query.where(audit_log.c.entity == entity)
    if row_id is not None:
        query = query.where(audit_log.c.entity_id == row_id)
    return [dict(r._mapping) for r in connection.execute(query)]


def _audit(
    connection: Connection,
    now: datetime,
    who: str,
    entity: str,
    row_id: int,
    change: str,
    field: str | None,
    old: Any,
    new: Any,
) -> None:
    connection.execute(
        audit_log.insert().values(
            at=now, who=who, entity=entity, entity_id=row_id, change=change, field=field, old=old, new=new
        )
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
