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

from lessons import plan_files, plans
from lessons.errors import NotFound, QueryError
from lessons.models import DocumentFilter
from lessons.recurrence import parse_item
from lessons.store import Store
from lessons.store.vectors import KINDS
from lessons.tracking import (
    ACTION_STATUSES,
    JUDICIARY_REF,
    LINK_THRESHOLD,
    RAG,
    RESPONSE_STATUSES,
    action_status,
    check_choice,
    days_overdue,
    parse_date,
    rag_rating,
    response_match,
)

ACTION_COLUMNS = [
    "id", "item_kind", "item_id", "document_id", "recommendation", "description", "scope", "lead_agency",
    "lead_officer", "milestones", "due", "status", "current_status", "rag", "progress", "evidence_of_impact",
    "completed_on", "signed_off_by", "origin", "confirmed", "version", "updated_at", "updated_by",
]  # fmt: skip


class Tracker:
    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        self.store = store
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

    def remove_action(self, action_id: int, version: int, who: str) -> None:
        """Hide an action; the audit log keeps it."""
        self.store.track_update("action", action_id, version, {"deleted": True}, who, change="delete")

    def actions(self, document_id: int | None = None, at: date | None = None) -> pd.DataFrame:
        """Actions with their status and RAG rating as at `at` (default: the clock's today)."""
        at = at or self.clock()
        rows = self.store.track_rows("action", **({"document_id": document_id} if document_id else {}))
        for row in rows:
            row["current_status"] = action_status(row["status"], row["due"], at)
            row["rag"] = rag_rating(row["status"], row["due"], at, row["rag"])
        return pd.DataFrame(rows, columns=ACTION_COLUMNS)

    def _action_values(self, fields: dict[str, Any]) -> dict[str, Any]:
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
        return plans.plan_frame(plans.plan_rows(self.store, at or self.clock(), document_id))

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

    # --- links between documents ----------------------------------------------------------------------------

    def suggest_links(self, who: str = "linker") -> list[dict[str, Any]]:
        """Link each PFD response to the report it answers: the best-scoring report, if it scores at least
        LINK_THRESHOLD; links users confirmed or rejected are left as they are. Returns the new links."""
        return self._suggest_links(self._reports(), who)

    def _suggest_links(self, reports: list[dict[str, Any]], who: str) -> list[dict[str, Any]]:
        existing = {
            (r["source_id"], r["target_id"]) for r in self.store.track_rows("link", kind="responds_to")
        }
        made = []
        for doc in self.store.documents(DocumentFilter(doc_type="pfd_response")):
            response = self._pfd_fields(doc["id"])
            scored = [(response_match(response, report), report["id"]) for report in reports]
            scored = [(s, r) for s, r in scored if s.score >= LINK_THRESHOLD]
            if not scored:
                continue
            best, report_id = max(scored, key=lambda pair: (pair[0].score, -pair[1]))
            if (doc["id"], report_id) in existing:
                continue
            values = {
                "source_id": doc["id"],
                "target_id": report_id,
                "kind": "responds_to",
                "score": best.score,
                "status": "suggested",
                "evidence": best.evidence,
            }
            made.append(self.store.track_read("link", self.store.track_create("link", values, who)))
        return made

    def link(self, source_id: int, target_id: int, who: str, kind: str = "responds_to") -> dict[str, Any]:
        """Link two documents by hand (confirmed)."""
        for document_id in (source_id, target_id):
            self.store.document(document_id)
        values = {"source_id": source_id, "target_id": target_id, "kind": kind, "score": None,
                  "status": "confirmed", "evidence": {"linked by hand": who}}  # fmt: skip
        return self.store.track_read("link", self.store.track_create("link", values, who))

    def set_link(self, link_id: int, version: int, status: str, who: str) -> dict[str, Any]:
        check_choice(status, ("suggested", "confirmed", "rejected"), "status")
        return self.store.track_update("link", link_id, version, {"status": status}, who)

    def links(self) -> pd.DataFrame:
        columns = ["id", "source_id", "target_id", "kind", "score", "status", "evidence", "version"]
        return pd.DataFrame(self.store.track_rows("link"), columns=columns)

    # --- overdue PFD responses -------------------------------------------------------------------------------

    def overdue(self, at: date | None = None, link_first: bool = False) -> list[dict[str, Any]]:
        """Each recipient of a current PFD report whose response was due before `at` and who has no linked
        response (a suggested or confirmed link naming them, or any confirmed link when the report has one
        recipient); most overdue first, with the report's concerns. `link_first` suggests links for new
        responses first (as `suggest_links`), reading each report once for both."""
        at = at or self.clock()
        reports = self._reports()
        if link_first:
            self._suggest_links(reports, "linker")
        answered: dict[int, list[dict[str, Any]]] = {}
        for row in self.store.track_rows("link", kind="responds_to"):
            if row["status"] != "rejected":
                answered.setdefault(row["target_id"], []).append(row)
        found = []
        for report in reports:
            recipients = report["recipients"] or [{"name": None, "response_due": report["response_due"]}]
            for recipient in recipients:
                due = recipient.get("response_due") or report["response_due"]
                if not due or len(due) != 10 or parse_date(due, "due") >= at:
                    continue
                if self._answered(answered.get(report["id"], []), recipient.get("name"), len(recipients)):
                    continue
                found.append(
                    {
                        "report": report["id"],
                        "ref": report["ref"],
                        "deceased": report["deceased"],
                        "coroner": report["coroner"],
                        "recipient": recipient.get("name"),
                        "due": due,
                        "days_overdue": days_overdue(due, at),
                        "concerns": [c["text"] for c in report["concerns"]],
                    }
                )
        return sorted(found, key=lambda r: (-r["days_overdue"], r["report"], r["recipient"] or ""))

    @staticmethod
    def _answered(links: list[dict[str, Any]], recipient: str | None, recipients: int) -> bool:
        for link in links:
            named = link["evidence"].get("recipient")
            if named is not None and named == recipient:
                return True
            if named is None and (recipients == 1 or (link["status"] == "confirmed" and recipient is None)):
                return True
        return False

    def _reports(self) -> list[dict[str, Any]]:
        return [
            self._pfd_fields(d["id"]) for d in self.store.documents(DocumentFilter(doc_type="pfd_report"))
        ]

    def _pfd_fields(self, document_id: int) -> dict[str, Any]:
        extraction = self.store.extraction(document_id)
        document = self.store.document(document_id)
        refs = JUDICIARY_REF.findall(document["text"][:5_000])
        return {**extraction, "id": document_id, "ref": refs[0] if refs else None, "date": document["date"]}

    def _item(self, ref: str) -> tuple[str, int]:
        code, item_id = parse_item(ref)
        if not self.store.item_context({code: [item_id]}):
            raise NotFound(f"no {KINDS[code][:-1]} {item_id} in a current document")
        return KINDS[code][:-1], item_id


def check_who(who: str) -> str:
    if not who.strip():
        raise QueryError("say who is making the change (--who)")
    return who.strip()
