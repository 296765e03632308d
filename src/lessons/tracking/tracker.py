"""The tracker API: each recommendation or concern followed to its response, actions and evidence; PFD
responses linked to their reports; overdue responses. `Library.tracker` is one of these.

Dates that decide status (overdue, RAG, days overdue) come from `clock`, a function returning today's date,
so tests and reports can ask "as at" any day. Who made a change is passed in by the interface (the CLI uses the
login name); every change is in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from lessons.errors import NotFound, QueryError
from lessons.recurrence import parse_item
from lessons.store import Store
from lessons.store.vectors import KINDS
from lessons.tracking import plan_files, plans
from lessons.tracking.answers import answering_parts
from lessons.tracking.links import Linking, with_ref
from lessons.tracking.rules import (
    ACTION_STATUSES,
    RAG,
    RESPONSE_STATUSES,
    action_status,
    check_choice,
    days_overdue,
    parse_date,
    rag_rating,
)

ACTION_COLUMNS = [
    "id", "item_kind", "item_id", "document_id", "recommendation", "description", "scope", "lead_agency",
    "lead_officer", "milestones", "due", "target", "answers", "status", "current_status", "rag", "progress", "evidence_of_impact",
    "completed_on", "signed_off_by", "origin", "confirmed", "version", "updated_at", "updated_by",
]  # fmt: skip


class Tracker(Linking):
    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        super().__init__(store)
        self.clock = clock

    # --- responses ------------------------------------------------------------------------------------------

    def respond(
        self, item: str, status: str, who: str, text: str | None = None, on: str | None = None
    ) -> dict[str, Any]:
        """Record (or change) the response to a recommendation ("r12") or concern ("c3")."""
        check_choice(status, RESPONSE_STATUSES, "status")
        if on is not None:
            parse_date(on, "date")
        kind, item_id = self._item(item)
        existing = self.store.track_rows("response", item_kind=kind, item_id=item_id)
        changes = {"status": status, "text": text, "date": on}
        if existing:
            row = existing[0]
            return self.store.track_update("response", row["id"], row["version"], changes, who)
        row_id = self.store.track_create("response", {"item_kind": kind, "item_id": item_id, **changes}, who)
        return self.store.track_read("response", row_id)

    def responses(self) -> pd.DataFrame:
        columns = [
            "id",
            "item_kind",
            "item_id",
            "status",
            "text",
            "date",
            "version",
            "updated_at",
            "updated_by",
        ]
        return pd.DataFrame(self.store.track_rows("response"), columns=columns)

    # --- actions --------------------------------------------------------------------------------------------

    def add_action(
        self, description: str, who: str, item: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        values = self._action_values({"description": description, "status": "not started", **fields})
        if item is not None:
            values["item_kind"], values["item_id"] = self._item(item)
        row_id = self.store.track_create("action", {"origin": "user", **values}, who)
        return self.store.track_read("action", row_id)

    def update_action(self, action_id: int, version: int, who: str, **changes: Any) -> dict[str, Any]:
        """Change an action; `version` is the one you read (a ConflictError if someone changed it since).
        Changing an extracted action confirms it."""
        values = self._action_values(changes)
        if values.get("status") == "complete" and "completed_on" not in values:
            values["completed_on"] = self.clock().isoformat()
        if self.store.track_read("action", action_id)["origin"] == "extracted":
            values.setdefault("confirmed", True)
        return self.store.track_update("action", action_id, version, values, who)

    def action(self, action_id: int) -> dict[str, Any]:
        """An action's stored fields (NotFound if there is none)."""
        return self.store.track_read("action", action_id)

    def remove_action(self, action_id: int, version: int, who: str) -> None:
        """Hide an action; the audit log keeps it."""
        self.store.track_update("action", action_id, version, {"deleted": True}, who, change="delete")

    def actions(self, document_id: int | None = None, at: date | None = None) -> pd.DataFrame:
        """Actions with their status and RAG rating as at `at` (default: the clock's today)."""
        rows = self.store.track_rows("action", **({"document_id": document_id} if document_id else {}))
        return self._rated(rows, at or self.clock())

    def actions_due(self, month: str, at: date | None = None) -> pd.DataFrame:
        """Open actions due in `month` ("2026-11"), soonest first, rated as at `at`."""
        return self._rated(self.store.actions_due(month), at or self.clock())

    def _rated(self, rows: list[dict[str, Any]], at: date) -> pd.DataFrame:
        for row in rows:
            row["current_status"] = action_status(row["status"], row["due"], at)
            row["rag"] = rag_rating(row["status"], row["due"], at, row["rag"])
        return pd.DataFrame(rows, columns=ACTION_COLUMNS)

    def _action_values(self, fields: dict[str, Any]) -> dict[str, Any]:
        document_id = fields.get("document_id")
        if document_id is not None and not self.store.documents(ids=[document_id], all_versions=True):
            raise NotFound(f"no document {document_id}")
        check_choice(fields.get("status"), ACTION_STATUSES, "status")
        check_choice(fields.get("rag"), RAG, "rag")
        for name in ("due", "completed_on"):
            if fields.get(name):
                parse_date(fields[name], name)
        return fields

    # --- evidence -------------------------------------------------------------------------------------------

    def add_evidence(
        self,
        action_id: int,
        who: str,
        note: str | None = None,
        link: str | None = None,
        file: Path | None = None,
        on: str | None = None,
        impact: str | None = None,
    ) -> dict[str, Any]:
        self.store.track_read("action", action_id)
        on = on or self.clock().isoformat()
        parse_date(on, "date")
        values = {
            "action_id": action_id,
            "date": on,
            "note": note,
            "link": link,
            "impact": impact,
            "file_name": file.name if file else None,
            "file_data": file.read_bytes() if file else None,
        }
        row_id = self.store.track_create("evidence", values, who)
        return self.store.track_read("evidence", row_id)

    def sign_off(self, evidence_id: int, version: int, who: str, impact: str | None = None) -> dict[str, Any]:
        changes = {"signed_off_by": who, "signed_off_on": self.clock().isoformat()}
        if impact is not None:
            changes["impact"] = impact
        return self.store.track_update("evidence", evidence_id, version, changes, who)

    def evidence(self, action_id: int | None = None) -> pd.DataFrame:
        rows = self.store.track_rows("evidence", **({"action_id": action_id} if action_id else {}))
        columns = ["id", "action_id", "date", "note", "link", "file_name", "impact", "signed_off_by",
                   "signed_off_on", "version", "updated_at", "updated_by"]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def audit(self, entity: str | None = None, row_id: int | None = None) -> pd.DataFrame:
        columns = ["id", "at", "who", "entity", "entity_id", "change", "field", "old", "new"]
        # dtype object keeps old and new as Python values (None, not NaN).
        frame = pd.DataFrame(self.store.audit_trail(entity, row_id), columns=columns, dtype=object)
        return frame.astype({"id": "int64", "entity_id": "int64"})

    # --- action plans as spreadsheets (see plans.py) ----------------------------------------------------------

    def plan(self, document_id: int | None = None, at: date | None = None) -> pd.DataFrame:
        """The action plan as partnerships keep it: a row per action under its recommendation, with the
        columns of `plans.PLAN_COLUMNS` (a recommendation with no actions yet gets one row)."""
        return plans.plan_frame(self.plan_rows(document_id, at))

    def plan_rows(self, document_id: int | None = None, at: date | None = None) -> list[dict[str, Any]]:
        """The plan's rows as dicts of tracker fields (`plans.PLAN_COLUMNS`' field names)."""
        return plans.plan_rows(self.store, at or self.clock(), document_id)

    def export_plan(self, out: Path, document_id: int | None = None, fmt: str | None = None) -> Path:
        """Write the plan as CSV or XLSX (from `fmt`, else the file's suffix)."""
        return plan_files.write_plan(self.plan(document_id), out, fmt)

    def import_plan(
        self,
        path: Path,
        who: str,
        document_id: int | None = None,
        ignore_unknown: bool = False,
        check: bool = False,
    ) -> plans.PlanImport:
        """Apply an edited or new plan (CSV or XLSX) all at once, or nothing and PlanProblems naming every
        problem row; `document_id` is the review new rows belong to when the plan has no Document column."""
        return plans.import_plan(self.store, path, who, self.clock(), document_id, ignore_unknown, check)

    # --- overdue PFD responses -------------------------------------------------------------------------------

    def overdue(self, at: date | None = None, link_first: bool = False) -> list[dict[str, Any]]:
        """Each recipient of a current PFD report whose response was due before `at` and who has no linked
        response, or whose linked responses leave a concern unanswered, most overdue first (see
        `responses_due`)."""
        rows = self.responses_due(at, link_first)
        return [row for row in rows if is_overdue(row)]

    def overdue_frame(self, at: date | None = None, every: bool = False) -> pd.DataFrame:
        """`overdue` (or, with `every`, `responses_due`) as a DataFrame: a row per recipient, `concerns` a list."""
        rows = self.responses_due(at) if every else self.overdue(at)
        columns = ["report", "ref", "deceased", "coroner", "recipient", "due", "status", "days_overdue",
                   "responses", "concerns", "concerns_answered", "concerns_overdue"]  # fmt: skip
        return pd.DataFrame(rows, columns=columns).astype({"days_overdue": "Int64"})

    def responses_due(self, at: date | None = None, link_first: bool = False) -> list[dict[str, Any]]:
        """Each recipient of each current PFD report with its due date and `status` as at `at`: "responded"
        (a suggested or confirmed link naming them, or any confirmed link when the report has one recipient;
        `responses` lists the response documents), "overdue" or "awaiting". Each concern of the report comes
        with the response recorded to it in the tracker, if any, and per concern the parts of this recipient's
        responses that answer it (`answers`, see `concern_answers`) and its own `answer_status` ("answered",
        "overdue", "awaiting"); `concerns_answered` and `concerns_overdue` count them. Most overdue first.
        `link_first` suggests links for new responses first (as `suggest_links`), reading each report once for
        both."""
        at = at or self.clock()
        pfd = [with_ref(d) for d in self.store.link_fields(("pfd_report", "pfd_response"))]
        if link_first:
            self._suggest_response_links(pfd, "linker")
        answered: dict[int, list[dict[str, Any]]] = {}
        for row in self.store.track_rows("link", kind="responds_to"):
            if row["status"] != "rejected":
                answered.setdefault(row["target_id"], []).append(row)
        tracked = {r["item_id"]: r for r in self.store.track_rows("response", item_kind="concern")}
        parts: dict[int, list[dict[str, Any]]] = {}
        found = []
        for report in (d for d in pfd if d["doc_type"] == "pfd_report"):
            recipients = report["recipients"] or [{"name": None, "response_due": report["response_due"]}]
            stored = self.store.extraction(report["id"])["concerns"]
            concerns = self._concerns(stored, tracked)
            for recipient in recipients:
                due = recipient.get("response_due") or report["response_due"]
                due = due if due and len(due) == 10 else None
                links = self._answering(
                    answered.get(report["id"], []), recipient.get("name"), len(recipients)
                )
                late = due is not None and parse_date(due, "due") < at
                per_concern = self._per_concern(concerns, stored, links, parts, due if late else None, at)
                found.append(
                    {
                        "report": report["id"],
                        "ref": report["ref"],
                        "deceased": report["deceased"],
                        "coroner": report["coroner"],
                        "recipient": recipient.get("name"),
                        "due": due,
                        "status": "responded" if links else "overdue" if late else "awaiting",
                        "days_overdue": days_overdue(due, at) if due and late and not links else None,
                        "responses": [link["source_id"] for link in links],
                        "concerns": per_concern,
                        "concerns_answered": sum(1 for c in per_concern if c["answer_status"] == "answered"),
                        "concerns_overdue": sum(1 for c in per_concern if c["answer_status"] == "overdue"),
                    }
                )
        return sorted(found, key=lambda r: (-(r["days_overdue"] or -1), r["report"], r["recipient"] or ""))

    def concern_answers(self, report_id: int) -> list[dict[str, Any]]:
        """Each concern of a PFD report (id "c12", number, text) with `answers`: the parts of the responses
        linked to it (suggested or confirmed, any recipient) that answer it, each with the response document,
        the link, the part's text and span in the response, and how it was matched ("number", "quote",
        "wording" with its score, or "whole letter"); `answered` says whether any does."""
        self.store.document(report_id)
        links = [
            row
            for row in self.store.track_rows("link", target_id=report_id, kind="responds_to")
            if row["status"] != "rejected"
        ]
        stored = self.store.extraction(report_id)["concerns"]
        answers = answering_parts(stored, [(link, self._parts(link["source_id"], {})) for link in links])
        return [
            {"id": f"c{c['id']}", "number": c["number"], "text": c["text"], "answered": bool(found),
             "answers": found}
            for c, found in zip(stored, answers, strict=True)
        ]  # fmt: skip

    def _per_concern(
        self,
        concerns: list[dict[str, Any]],
        stored: list[dict[str, Any]],
        links: list[dict[str, Any]],
        parts: dict[int, list[dict[str, Any]]],
        late_since: str | None,
        at: date,
    ) -> list[dict[str, Any]]:
        """The concerns as one recipient's responses answer them; unanswered ones are overdue once due."""
        answers = answering_parts(stored, [(link, self._parts(link["source_id"], parts)) for link in links])
        rows = []
        for concern, found in zip(concerns, answers, strict=True):
            status = "answered" if found else "overdue" if late_since else "awaiting"
            rows.append({**concern, "answers": found, "answer_status": status,
                         "days_overdue": days_overdue(late_since, at) if late_since and not found else None})  # fmt: skip
        return rows

    def _parts(self, document_id: int, cache: dict[int, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        if document_id not in cache:
            cache[document_id] = self.store.extraction(document_id)["answers"]
        return cache[document_id]

    @staticmethod
    def _concerns(stored: list[dict[str, Any]], tracked: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
        concerns = []
        for concern in stored:
            response = tracked.get(concern["id"])
            concerns.append(
                {
                    "id": f"c{concern['id']}",
                    "number": concern["number"],
                    "text": concern["text"],
                    "response": {k: response[k] for k in ("status", "text", "date")} if response else None,
                }
            )
        return concerns

    @staticmethod
    def _answering(
        links: list[dict[str, Any]], recipient: str | None, recipients: int
    ) -> list[dict[str, Any]]:
        """The links that answer this recipient: one naming them, or (naming no one) any link when the report
        has a single recipient, or a confirmed one for a report whose recipients are not known."""
        found = []
        for link in links:
            named = link["evidence"].get("recipient")
            if (named is not None and named == recipient) or (
                named is None and (recipients == 1 or (link["status"] == "confirmed" and recipient is None))
            ):
                found.append(link)
        return found

    def _item(self, ref: str) -> tuple[str, int]:
        code, item_id = parse_item(ref)
        if not self.store.item_context({code: [item_id]}):
            raise NotFound(f"no {KINDS[code][:-1]} {item_id} in a current document")
        return KINDS[code][:-1], item_id


def is_overdue(row: dict[str, Any]) -> bool:
    """A `responses_due` row is overdue when the recipient has not responded after the due date, or has and
    left a concern unanswered."""
    return row["status"] == "overdue" or row.get("concerns_overdue", 0) > 0


def check_who(who: str) -> str:
    if not who.strip():
        raise QueryError("say who is making the change (--who)")
    return who.strip()
