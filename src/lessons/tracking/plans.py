"""Action plans in the tracker: the plan of a review (or the whole library) as rows, and what an imported plan
changes. An export imported back changes nothing; a cell edited in the spreadsheet changes just that field; a
row without an Action ID adds an action; leaving a row out deletes nothing. Files are read and written by
`plan_files`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from lessons.errors import NotFound, QueryError
from lessons.recurrence import parse_item
from lessons.store import Store
from lessons.store.tracking import TrackChange, number_key
from lessons.store.vectors import KINDS
from lessons.tracking.plan_files import (
    BY_FIELD,
    HEADERS,
    PLAN_COLUMNS,
    PlanProblems,
    PlanRow,
    Problem,
    normalise,
    read_plan,
)
from lessons.tracking.rules import ACTION_STATUSES, RESPONSE_STATUSES, action_status, rag_rating

ACTION_FIELDS = ("description", "scope", "lead_agency", "lead_officer", "milestones", "due", "target", "status",
                 "rag", "progress", "evidence_of_impact", "completed_on", "signed_off_by")  # fmt: skip
RESPONSE_FIELDS = {"response_status": "status", "response_text": "text", "response_date": "date"}
_LEADING_NUMBER = re.compile(r"^\s*(?:recommendation|rec\.?)?\s*(\d+(?:\.\d+)*)[.):\s]", re.IGNORECASE)


@dataclass(frozen=True)
class PlanImport:
    created: int  # actions added
    updated: int  # actions changed
    responses: int  # responses recorded or changed
    unchanged: int  # rows that changed nothing
    checked_only: bool  # True when nothing was written (a check)


def plan_rows(store: Store, at: date, document_id: int | None = None) -> list[dict[str, Any]]:
    """The plan as rows of tracker fields: for each document, each recommendation (or concern) with its actions,
    one row per action or a single row when it has none, then the document's other actions. Without
    `document_id`, every document with tracked actions or responses, then actions with no document."""
    actions = store.track_rows("action")
    responses = {(r["item_kind"], r["item_id"]): r for r in store.track_rows("response")}
    items = _items(store, {(a["item_kind"], a["item_id"]) for a in actions if a["item_id"]} | set(responses))
    if document_id is not None:
        store.document(document_id)
        documents = [document_id]
    else:
        held = {a["document_id"] for a in actions} | {i["document_id"] for i in items.values()}
        documents = sorted(d for d in held if d is not None)
    # An action keeps its own document (a plan tied to the review's recommendations) on the review's rows.
    shown = set(documents) | {a["document_id"] for a in actions if a["document_id"] is not None}
    titles = {d["id"]: d["title"] for d in store.documents(all_versions=True, ids=sorted(shown))}
    rows: list[dict[str, Any]] = []
    placed: set[int] = set()

    def place(action: dict[str, Any] | None, item: dict[str, Any] | None, document: int | None) -> None:
        response = responses.get((item["kind"], item["id"])) if item else None
        document = (action["document_id"] if action else None) or document
        rows.append(
            _plan_row(action, item, response, document, titles.get(document) if document else None, at)
        )
        if action is not None:
            placed.add(action["id"])

    by_item: dict[tuple[str, int], list[dict[str, Any] | None]] = {}
    by_document: dict[int, list[dict[str, Any]]] = {}
    for action in actions:
        by_item.setdefault((action["item_kind"], action["item_id"]), []).append(action)
        by_document.setdefault(action["document_id"], []).append(action)
    for doc in documents:
        doc_items = _items(store, _document_items(store, doc))
        items.update(doc_items)
        # A recommendation answered by an action placed under another (one action answering 1 to 7) gets no
        # empty row of its own: the action's Rec no names it.
        answered = {
            number_key(n) for key in doc_items for a in by_item.get(key, []) if a for n in a["answers"] or []
        }
        for key, item in doc_items.items():
            shared = number_key(item["number"] or "") in answered and key not in responses
            for tracked in by_item.get(key) or ([] if shared else [None]):
                place(tracked, item, doc)
        for action in by_document.get(doc, []):
            if action["id"] not in placed:
                place(action, items.get((action["item_kind"], action["item_id"])), doc)
    if document_id is None:
        for action in actions:
            if action["id"] not in placed:
                place(action, items.get((action["item_kind"], action["item_id"])), None)
    return rows


def plan_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [[row.get(c.field) for c in PLAN_COLUMNS] for row in rows], columns=HEADERS, dtype=object
    )


def _plan_row(
    action: dict[str, Any] | None,
    item: dict[str, Any] | None,
    response: dict[str, Any] | None,
    document_id: int | None,
    title: str | None,
    at: date,
) -> dict[str, Any]:
    row: dict[str, Any] = {"document_id": document_id, "review": title}
    if item is not None:
        row.update(
            item=item["ref"], number=item["number"], item_number=item["number"], recommendation=item["text"]
        )
    if response is not None:
        row.update({name: response[field] for name, field in RESPONSE_FIELDS.items()})
    if action is not None:
        row.update({name: action[name] for name in ACTION_FIELDS}, id=action["id"], version=action["version"])
        row["answers"] = action["answers"] or []
        if action["answers"]:  # every recommendation it answers: "2, 5"
            row["number"] = ", ".join(action["answers"])
        row["recommendation"] = action["recommendation"] or row.get("recommendation")
        row["current_status"] = action_status(action["status"], action["due"], at)
        row["current_rag"] = rag_rating(action["status"], action["due"], at, action["rag"])
    return row


def _items(store: Store, keys: set[tuple[str, int]]) -> dict[tuple[str, int], dict[str, Any]]:
    """Recommendations and concerns by (kind, id), in document order, with their Lessons ref ("r36")."""
    ids: dict[int, list[int]] = {}
    for kind, item_id in sorted(keys, key=lambda k: (k[0], k[1])):
        ids.setdefault(KINDS.index(kind + "s"), []).append(item_id)
    found = {}
    for code in sorted(ids):
        for item in sorted(store.item_context({code: ids[code]}), key=lambda i: i["id"]):
            kind = KINDS[code][:-1]
            found[(kind, item["id"])] = {**item, "kind": kind, "ref": f"{kind[0]}{item['id']}"}
    return found


def _document_items(store: Store, document_id: int) -> set[tuple[str, int]]:
    extraction = store.extraction(document_id)
    return {(kind[:-1], item["id"]) for kind in KINDS for item in extraction.get(kind) or []}


class _Importer:
    """Works out, row by row, what a checked plan changes; every problem is collected, nothing is written."""

    def __init__(self, store: Store, at: date, fields: list[str], document_id: int | None) -> None:
        self.store, self.at, self.fields, self.document_id = store, at, fields, document_id
        if document_id is not None:
            store.document(document_id)
        self.actions = {a["id"]: a for a in store.track_rows("action")}
        self.responses = {(r["item_kind"], r["item_id"]): r for r in store.track_rows("response")}
        self.changes: list[TrackChange] = []
        self.problems: list[Problem] = []
        self.created, self.updated, self.unchanged, self.answered = 0, 0, 0, 0
        self._document_items: dict[int, list[dict[str, Any]]] = {}
        self._seen_ids: dict[int, int] = {}
        self._given_responses: dict[tuple[str, int], tuple[int, tuple[Any, ...]]] = {}
        self._new_actions: set[tuple[Any, ...]] = {_same_action(a) for a in self.actions.values()}

    def row(self, row: PlanRow) -> None:
        before = len(self.changes)
        try:
            item = self._item(row)
            if row.cells.get("id") is not None:
                self._update(row, item)
            elif row.cells.get("description") is not None:
                self._create(row, item)
            elif item is None:
                raise QueryError("no Action, Item ID or Rec no on this row")
            self._response(row, item)
        except (QueryError, NotFound) as error:
            self.problems.append(Problem(row.row, str(error)))
        if len(self.changes) == before:
            self.unchanged += 1

    def _document(self, row: PlanRow) -> int | None:
        document_id = row.cells.get("document_id") or self.document_id
        if document_id is not None:
            self.store.document(document_id)
        return document_id

    def _item(self, row: PlanRow) -> dict[str, Any] | None:
        """The recommendation or concern the row is about: its Item ID, else its Rec no (or the number the
        recommendation's text starts with) in the row's document."""
        ref, number = row.cells.get("item"), row.cells.get("number")
        numbers = rec_numbers(number)
        if ref is not None:
            code, item_id = parse_item(ref)
            found = _items(self.store, {(KINDS[code][:-1], item_id)})
            if not found:
                raise QueryError(f"Item ID {ref!r} is not a recommendation or concern in a current document")
            item = next(iter(found.values()))
            if numbers and number_key(item["number"] or "") not in map(number_key, numbers):
                raise QueryError(f"Rec no {number!r} is not the number of {item['ref']} ({item['number']})")
            return item
        text = row.cells.get("recommendation")
        if not numbers and text and (leading := _LEADING_NUMBER.match(text)):
            numbers = [leading.group(1)]
        elif not numbers:
            return None
        number = numbers[0]
        document_id = self._document(row)
        if document_id is None:
            raise QueryError(
                f"Rec no {number!r} needs the review's document (a Document column or --document)"
            )
        if document_id not in self._document_items:
            found = _items(self.store, _document_items(self.store, document_id))
            self._document_items[document_id] = list(found.values())
        items = self._document_items[document_id]
        matching = [i for i in items if number_key(i["number"] or "") == number_key(number)]
        if len(matching) == 1:
            return matching[0]
        if row.cells.get("item") is None and row.cells.get("number") is None:
            return None  # a number at the start of the text is only a hint
        many = "several items are" if matching else "no item is"
        raise QueryError(f"Rec no {number!r}: {many} numbered so in document {document_id}")

    def _update(self, row: PlanRow, item: dict[str, Any] | None) -> None:
        action_id = row.cells["id"]
        if action_id in self._seen_ids:
            raise QueryError(f"Action ID {action_id} is also on row {self._seen_ids[action_id]}")
        self._seen_ids[action_id] = row.row
        action = self.actions.get(action_id)
        if action is None:
            raise QueryError(f"no action {action_id} (removed, or from another library?)")
        key = (action["item_kind"], action["item_id"])
        was = next(iter(_items(self.store, {key}).values()), None) if action["item_id"] else None
        document = action["document_id"] or (was["document_id"] if was else None)
        current = _plan_row(action, was, None, document, None, self.at)
        version = row.cells.get("version")
        if version is not None and version != action["version"]:
            raise QueryError(
                f"action {action_id} was changed by {action['updated_by']} after this plan was exported "
                f"(version {action['version']}, the plan has {version}): export it again and redo the edit"
            )
        document_id = row.cells.get("document_id")
        if document_id is not None and document_id != current["document_id"]:
            raise QueryError(
                f"action {action_id} belongs to document {current['document_id']}, not {document_id}"
            )
        changes = {
            name: row.cells.get(name)
            for name in ACTION_FIELDS
            if name in self.fields and row.cells.get(name) != normalise(BY_FIELD[name], current.get(name))
        }
        if "recommendation" in self.fields and row.cells.get("recommendation") != normalise(
            BY_FIELD["recommendation"], current.get("recommendation")
        ):
            changes["recommendation"] = row.cells.get("recommendation")
        if item is not None and (item["kind"], item["id"]) != key:
            changes.update(item_kind=item["kind"], item_id=item["id"])
        numbers = rec_numbers(row.cells.get("number"))
        if "number" in self.fields and len(numbers) > 1 and numbers != (action["answers"] or []):
            changes["answers"] = numbers
        self._check_action({**action, **changes})
        if (
            changes.get("status") == "complete"
            and not changes.get("completed_on")
            and not action["completed_on"]
        ):
            changes["completed_on"] = self.at.isoformat()
        if changes:
            if action["origin"] == "extracted" and not action["confirmed"]:
                changes["confirmed"] = True
            self.changes.append(TrackChange("action", changes, action_id, action["version"]))
            self.updated += 1

    def _create(self, row: PlanRow, item: dict[str, Any] | None) -> None:
        document_id = self._document(row) or (item["document_id"] if item else None)
        values: dict[str, Any] = {name: row.cells.get(name) for name in ACTION_FIELDS}
        values["status"] = values["status"] or "not started"
        text = row.cells.get("recommendation")
        values["recommendation"] = (
            None if item and text == normalise(BY_FIELD["recommendation"], item["text"]) else text
        )
        values.update(document_id=document_id, origin="imported", confirmed=True)
        if item is not None:
            values.update(item_kind=item["kind"], item_id=item["id"])
        numbers = rec_numbers(row.cells.get("number"))
        values["answers"] = numbers if len(numbers) > 1 else None
        self._check_action(values)
        key = _same_action(values)
        if key in self._new_actions:
            raise QueryError("this action is already in the tracker (give its Action ID to change it)")
        self._new_actions.add(key)
        if values["status"] == "complete" and not values["completed_on"]:
            values["completed_on"] = self.at.isoformat()
        self.changes.append(TrackChange("action", values))
        self.created += 1

    def _response(self, row: PlanRow, item: dict[str, Any] | None) -> None:
        given = tuple(row.cells.get(name) for name in RESPONSE_FIELDS)
        if not any(name in self.fields for name in RESPONSE_FIELDS):
            return
        if not any(given):
            return  # said once per recommendation (or in merged cells): a blank row changes nothing
        if item is None:
            raise QueryError("a Response needs the recommendation's Item ID or Rec no")
        key = (item["kind"], item["id"])
        earlier = self._given_responses.setdefault(key, (row.row, given))
        if earlier[1] != given:
            raise QueryError(f"the response to {item['ref']} differs from the one on row {earlier[0]}")
        if earlier[0] != row.row:
            return
        current = self.responses.get(key)
        now = tuple(
            normalise(BY_FIELD[n], current[f]) if current else None for n, f in RESPONSE_FIELDS.items()
        )
        present = [n in self.fields for n in RESPONSE_FIELDS]
        if all(g == c for g, c, p in zip(given, now, present, strict=True) if p):
            return
        values = {f: g for (n, f), g, p in zip(RESPONSE_FIELDS.items(), given, present, strict=True) if p}
        if current is not None:
            if values.get("status", current["status"]) is None:
                raise QueryError(
                    f"Response to {item['ref']} is empty; a response can be changed, not removed"
                )
            self.changes.append(TrackChange("response", values, current["id"], current["version"]))
        else:
            if values.get("status") is None:
                raise QueryError(
                    f"Agency response to {item['ref']} needs a Response ({', '.join(RESPONSE_STATUSES)})"
                )
            self.changes.append(TrackChange("response", {"item_kind": key[0], "item_id": key[1], **values}))
        self.answered += 1

    @staticmethod
    def _check_action(values: dict[str, Any]) -> None:
        if not values.get("description"):
            raise QueryError("Action is empty")
        if not values.get("status"):
            raise QueryError(f"Status is empty; one of {', '.join(ACTION_STATUSES)}")


def rec_numbers(cell: str | None) -> list[str]:
    """The recommendation numbers a Rec no cell gives: "3", "2, 5", "2 and 5", "R1/R4"."""
    if not cell:
        return []
    return [n for n in re.split(r"\s*(?:,|;|/|&|\band\b)\s*", str(cell).strip()) if n]


def _same_action(values: dict[str, Any]) -> tuple[Any, ...]:
    """What makes an added action the same as one already there (a plan imported twice)."""
    fields = ("document_id", "item_kind", "item_id", "description", "lead_agency")
    return tuple(values.get(name) for name in fields)


def import_plan(
    store: Store,
    path: Path,
    who: str,
    at: date,
    document_id: int | None = None,
    ignore_unknown: bool = False,
    check: bool = False,
) -> PlanImport:
    """Apply a plan in one transaction: rows with an Action ID change that action's edited cells, rows without
    one add actions, and response cells record the recommendation's response. Rows are never deleted by leaving
    them out. Any problem (a bad cell, an unknown Action ID, a row edited since export, a duplicate) raises
    PlanProblems listing every problem row, and nothing is written. `check` works it out without writing.
    New rows belong to `document_id`, else to the one document the plan's other rows name."""
    fields, rows, problems = read_plan(path, ignore_unknown)
    named = {row.cells["document_id"] for row in rows if row.cells.get("document_id") is not None}
    if document_id is None and len(named) == 1:
        document_id = named.pop()  # rows added to one review's plan belong to that review
    importer = _Importer(store, at, fields, document_id)
    for row in rows:
        importer.row(row)
    problems = sorted([*problems, *importer.problems], key=lambda p: p.row or 0)
    if problems:
        raise PlanProblems(path, problems)
    if not check:
        store.track_apply(importer.changes, who)
    return PlanImport(importer.created, importer.updated, importer.answered, importer.unchanged, check)
