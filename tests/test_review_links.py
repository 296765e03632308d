"""A case review's family, on SQLite and PostgreSQL: its summary, 7-minute briefing, board response and press
statement linked to the review at ingest, by subject pseudonym and area; a review of the same pseudonym in
another area, and another child's review in the same area, left out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import lessons
from lessons.models import DocumentMetadata
from lessons.recurrence import review_key
from lessons.tracking.rules import REVIEW_LINK_THRESHOLD, review_heads, review_keys, review_match

PARTNERSHIP = "{area} Safeguarding Children Partnership"
REPORT = """{partnership}

Child Safeguarding Practice Review

{child}

March 2023

1. Introduction

1.1 This review was commissioned by the {partnership} following the death of {child}, aged 9 weeks.

2. Recommendations

Recommendation 1: The Partnership should seek assurance that health visitors ask about safe sleep at every contact.
"""
SUMMARY = """{partnership}

Child Safeguarding Practice Review: {child}

Executive Summary

March 2023

This is a summary of the review commissioned after the death of {child}, aged 9 weeks.
"""
BRIEFING = """7 Minute Briefing

Child Safeguarding Practice Review: {child}
{partnership}
April 2023

1. Background
{child} died aged 9 weeks. The family were known to health visitors.
"""
BOARD = """{partnership}

Response to the Child Safeguarding Practice Review: {child}

April 2023

The Partnership accepts the recommendations of the review concerning {child}.

Recommendation 1: The Partnership should seek assurance that health visitors ask about safe sleep.
Response: Accepted.
"""
PRESS = """Press statement

Statement from the Independent Chair of the {partnership}

Today the {partnership} publishes a Child Safeguarding Practice Review concerning a baby we shall refer to as
{child}. {child} died aged 9 weeks.
"""


def write(folder: Path, name: str, template: str, area: str = "Westshire", child: str = "Child W") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(template.format(partnership=PARTNERSHIP.format(area=area), child=child), encoding="utf-8")
    return path


def test_a_reviews_documents_are_linked_to_it_and_decoys_are_not(db: str, tmp_path: Path) -> None:
    library = lessons.open(db)
    reports = tmp_path / "reports"
    # Short made-up reports do not read as full reports to the classifier, so their type is given, as a user can.
    library.ingest(
        [
            write(reports, "review.txt", REPORT),
            write(reports, "other_area.txt", REPORT, area="Eastshire"),
            write(reports, "other_child.txt", REPORT, child="Child X"),
        ],
        DocumentMetadata(doc_type="review_report"),
    )
    family = tmp_path / "family"
    library.ingest(
        [write(family, "summary.txt", SUMMARY), write(family, "briefing.txt", BRIEFING),
         write(family, "board.txt", BOARD)]
    )  # fmt: skip
    ids = {Path(row.file_name).stem: int(row.id) for row in library.documents().itertuples()}
    assert library.documents().set_index("id").loc[ids["board"], "doc_type"] == "board_response"

    members = {ids["summary"], ids["briefing"], ids["board"]}
    assert set(library.tracker.family(ids["review"])["id"]) == {ids["review"], *members}
    links = library.tracker.links().query("kind == 'same_review'")
    assert set(links["source_id"]) == members and set(links["target_id"]) == {ids["review"]}
    assert all(evidence["subject"] == "child w" for evidence in links["evidence"])

    # The press statement comes later; ingesting it links it. Asked from any member, the family is the same.
    library.ingest([write(tmp_path / "later", "press.txt", PRESS)])
    press = int(library.documents().query("file_name == 'press.txt'")["id"].iloc[0])
    family_of_press = library.tracker.family(press)
    assert set(family_of_press["id"]) == {ids["review"], *members, press}
    assert family_of_press.set_index("id").loc[ids["review"], "role"] == "review"
    for decoy in ("other_area", "other_child"):
        assert list(library.tracker.family(ids[decoy])["id"]) == [ids[decoy]]

    # A rejected link leaves the family and is not suggested again.
    briefing = library.tracker.links().query(f"source_id == {ids['briefing']}").iloc[0]
    library.tracker.set_link(int(briefing["id"]), int(briefing["version"]), "rejected", "business.manager")
    assert library.tracker.suggest_links() == []
    assert ids["briefing"] not in set(library.tracker.family(ids["review"])["id"])

    shown = subprocess.run(
        [sys.executable, "-m", "lessons", "track", "family", str(press), "--format", "json", "--db", db],
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    assert {row["id"] for row in json.loads(shown.stdout)} == {
        ids["review"],
        ids["summary"],
        ids["board"],
        press,
    }


def test_review_heads_follow_chains_and_skip_rejected_links() -> None:
    links = [
        {"source_id": 3, "target_id": 2, "status": "suggested"},  # briefing -> summary
        {"source_id": 2, "target_id": 1, "status": "confirmed"},  # summary -> report
        {"source_id": 4, "target_id": 1, "status": "rejected"},
        {"source_id": 5, "target_id": 6, "status": "suggested"},
    ]
    assert review_heads(links) == {3: 1, 2: 1, 1: 1, 5: 6, 6: 6}
    # Recurring lessons count a family once, even where its documents name the area or subject differently.
    item = {"area": "Westshire", "issuer": None, "subjects": ["Child W"]}
    heads = review_heads(links)
    keys = {review_key({**item, "document_id": d, "area": f"area {d}"}, heads) for d in (1, 2, 3)}
    assert keys == {"review 1"}
    assert review_key({**item, "document_id": 4}, heads) == "westshire|child w"


_SUBJECTS = st.lists(st.sampled_from(["Child A", "Child R", "Family B", "the child", "Adult C"]), max_size=2)
_FIELDS = st.fixed_dictionaries({
    "subjects": _SUBJECTS,
    "area": st.sampled_from([None, "Leicester", "Leicester City", "York", "york"]),
    "issuer": st.sampled_from([None, "Leicester Safeguarding Children Board", "York Safeguarding Partnership",
                               "Safeguarding Children Board"]),
    "review_kind": st.sampled_from([None, "scr", "cspr", "sar"]),
    "date": st.sampled_from([None, "2012", "2014-03", "2019-01-02"]),
})  # fmt: skip


@given(_FIELDS, _FIELDS)
@settings(max_examples=500, deadline=None)
def test_review_keys_never_miss_a_link(document: dict, other: dict) -> None:
    """Linking compares only documents that share a key; every pair that could be linked shares one."""
    if review_match(document, other).score >= REVIEW_LINK_THRESHOLD:
        assert review_keys(document) & review_keys(other)
