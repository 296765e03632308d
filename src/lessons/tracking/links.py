"""Links between documents, kept with a score and the evidence that decided them: a PFD response to the report
it answers, and a review's summary, briefing, board response, plan and press statement to the review
(`family`); a plan's actions tied to the review's own recommendations once they are linked. `Tracker` is one
of these."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd

from lessons.store import Store
from lessons.store.tracking import by_number, number_key
from lessons.tracking.rules import (
    JUDICIARY_REF,
    LINK_THRESHOLD,
    REVIEW_FAMILY,
    REVIEW_LINK_THRESHOLD,
    LinkScore,
    best_wording_match,
    check_choice,
    response_match,
    review_heads,
    review_keys,
    review_match,
)


class Linking:
    def __init__(self, store: Store) -> None:
        self.store = store

    # --- links between documents ----------------------------------------------------------------------------

    def suggest_links(
        self, who: str = "linker", documents: Collection[int] | None = None
    ) -> list[dict[str, Any]]:
        """Link each PFD response to the report it answers (the best-scoring report scoring at least
        LINK_THRESHOLD), and each summary, briefing, board response and press statement to the review it
        concerns (`family`). Links users confirmed or rejected are left as they are. With `documents`, only
        when one of those is of a kind that links. Returns the new links."""
        made = []
        pfd = self.store.link_fields(("pfd_report", "pfd_response"))
        if documents is None or any(d["id"] in documents for d in pfd):
            made += self._suggest_response_links([with_ref(d) for d in pfd], who)
        family = self.store.link_fields(REVIEW_FAMILY)
        if documents is None or any(d["id"] in documents for d in family):
            made += self._suggest_review_links(family, who)
        return made

    def _suggest_response_links(self, pfd: list[dict[str, Any]], who: str) -> list[dict[str, Any]]:
        reports = [d for d in pfd if d["doc_type"] == "pfd_report"]
        made = []
        for response in (d for d in pfd if d["doc_type"] == "pfd_response"):
            scored = [(response_match(response, report), report["id"]) for report in reports]
            scored = [(s, r) for s, r in scored if s.score >= LINK_THRESHOLD]
            if scored:
                best, report_id = max(scored, key=lambda pair: (pair[0].score, -pair[1]))
                made += self._suggest(response["id"], report_id, "responds_to", best, who)
        return made

    def _suggest_review_links(self, family: list[dict[str, Any]], who: str) -> list[dict[str, Any]]:
        """Each document links to the best match that ranks above it: the full report before the summary (or
        briefing), then the board response, then the press statement; among equals, the earlier one."""
        rank = {d["id"]: (REVIEW_FAMILY.index(d["doc_type"]), d["id"]) for d in family}
        keys = {d["id"]: review_keys(d) for d in family}
        by_key: dict[tuple[str, str, object], list[dict[str, Any]]] = {}
        for document in family:
            for key in keys[document["id"]]:
                by_key.setdefault(key, []).append(document)
        made = []
        for document in family:
            above = {
                o["id"]: o
                for key in keys[document["id"]]
                for o in by_key[key]
                if rank[o["id"]] < rank[document["id"]]
            }
            scored = [(review_match(document, other), other["id"]) for other in above.values()]
            scored = [(s, o) for s, o in scored if s.score >= REVIEW_LINK_THRESHOLD]
            if scored:
                best, target = min(scored, key=lambda pair: (-pair[0].score, rank[pair[1]]))
                made += self._suggest(document["id"], target, "same_review", best, who)
        if made:
            self.tie_families(who)
        return made

    def tie_families(self, who: str) -> int:
        """Tie the actions of every document linked into a review's family (a plan, a board response) to the
        review's own recommendations (`tie_to_review`, with the family's review from `review_heads`). Returns
        how many actions changed."""
        heads = review_heads(self.store.track_rows("link", kind="same_review"))
        return sum(self.tie_to_review(member, head, who) for member, head in heads.items() if member != head)

    def _suggest(
        self, source: int, target: int, kind: str, score: LinkScore, who: str
    ) -> list[dict[str, Any]]:
        """A suggested link, unless these two are already linked (in any state)."""
        if self.store.track_rows("link", source_id=source, target_id=target, kind=kind):
            return []
        values = {"source_id": source, "target_id": target, "kind": kind, "score": score.score,
                  "status": "suggested", "evidence": score.evidence}  # fmt: skip
        return [self.store.track_read("link", self.store.track_create("link", values, who))]

    def tie_to_review(self, plan_id: int, review_id: int, who: str) -> int:
        """Tie the actions of a plan, board response or statement (`plan_id`) that are not yet tied to the
        review's own recommendations to them: by the numbers each action answers, else by the recommendation's
        words as the plan repeats them. Actions a user tied by hand are left alone. Returns how many changed."""
        tracked = self.store.track_rows("action", document_id=plan_id)
        if not tracked:
            return 0
        recommendations = self.store.extraction(review_id)["recommendations"]
        own = {r["id"] for r in self.store.extraction(plan_id)["recommendations"]}
        numbered = by_number(recommendations)
        changed = 0
        for action in tracked:
            if action["item_id"] is not None and action["item_id"] not in own:
                continue
            if action["origin"] != "extracted" and action["item_id"] is not None:
                continue
            numbers = [number_key(n) for n in action["answers"] or []]
            target = next((numbered[n] for n in numbers if n in numbered), None)
            if target is None and action["recommendation"]:
                target = best_wording_match(action["recommendation"], recommendations)
            if target is not None and target != action["item_id"]:
                changes = {"item_kind": "recommendation", "item_id": target}
                self.store.track_update("action", action["id"], action["version"], changes, who)
                changed += 1
        return changed

    def family(self, document_id: int) -> pd.DataFrame:
        """The documents of one case review: the review (`role` "review") and every document linked to it as
        the same review and not rejected, whichever of them is asked about."""
        self.store.document(document_id)
        links = self.store.track_rows("link", kind="same_review")
        heads = review_heads(links)
        head = heads.get(document_id, document_id)
        by_source = {row["source_id"]: row for row in links if row["status"] != "rejected"}
        members = sorted(d for d, h in heads.items() if h == head) or [document_id]
        listed = {d["id"]: d for d in self.store.documents(all_versions=True, ids=members)}
        rows = []
        for doc_id in members:
            link = by_source.get(doc_id) if doc_id != head else None
            rows.append(
                {"id": doc_id, "role": "review" if doc_id == head else "member",
                 "doc_type": listed[doc_id]["doc_type"], "date": listed[doc_id]["date"],
                 "title": listed[doc_id]["title"], "link": link["id"] if link else None,
                 "status": link["status"] if link else None, "score": link["score"] if link else None}
            )  # fmt: skip
        columns = ["id", "role", "doc_type", "date", "title", "link", "status", "score"]
        return pd.DataFrame(rows, columns=columns).sort_values(["role", "id"], ascending=[False, True])

    def link(self, source_id: int, target_id: int, who: str, kind: str = "responds_to") -> dict[str, Any]:
        """Link two documents by hand (confirmed)."""
        for document_id in (source_id, target_id):
            self.store.document(document_id)
        values = {"source_id": source_id, "target_id": target_id, "kind": kind, "score": None,
                  "status": "confirmed", "evidence": {"linked by hand": who}}  # fmt: skip
        link = self.store.track_read("link", self.store.track_create("link", values, who))
        if kind == "same_review":
            self.tie_families(who)
        return link

    def set_link(self, link_id: int, version: int, status: str, who: str) -> dict[str, Any]:
        check_choice(status, ("suggested", "confirmed", "rejected"), "status")
        return self.store.track_update("link", link_id, version, {"status": status}, who)

    def links(self, document_id: int | None = None) -> pd.DataFrame:
        """Links between documents; with `document_id`, those from or to it."""
        if document_id is None:
            rows = self.store.track_rows("link")
        else:
            rows = self.store.track_rows("link", source_id=document_id)
            rows += self.store.track_rows("link", target_id=document_id)
        columns = ["id", "source_id", "target_id", "kind", "score", "status", "evidence", "version"]
        return pd.DataFrame(rows, columns=columns)


def with_ref(fields: dict[str, Any]) -> dict[str, Any]:
    """A document's link fields with its judiciary reference ("2023-0123"), where its opening gives one."""
    refs = JUDICIARY_REF.findall(fields["opening"] or "")
    return {**fields, "ref": refs[0] if refs else None}
