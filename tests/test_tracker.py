"""The tracker on SQLite and PostgreSQL: a review's recommendations followed to responses, actions and evidence,
status and overdue at an injected date, PFD responses linked to the right report, no lost updates."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

import lessons
from lessons.errors import ConflictError, NotFound, QueryError

REVIEW = """Westshire Safeguarding Children Partnership
Response to the Child Safeguarding Practice Review: Child W

Recommendations

1. Agencies should make sure practitioners use the escalation policy when they disagree.
2. Health visitors should ask about safe sleep at every contact.

Actions taken

- The escalation policy was relaunched at a partnership event in May 2024.

Actions to be taken

- Health visiting will audit safe sleep conversations by 30 September 2024.
"""

PFD = """REGULATION 28 REPORT TO PREVENT FUTURE DEATHS

THIS REPORT IS BEING SENT TO:
1. Chief Executive, Westshire Community NHS Trust
2. Director of Children's Services, Westshire County Council

1 CORONER
I am {coroner}, senior coroner for the coroner area of {area}.

3 INVESTIGATION and INQUEST
On 2 January 2024 I commenced an investigation into the death of {name}, aged 14.

5 CORONER'S CONCERNS
The MATTERS OF CONCERN are as follows:
1. Referrals to CAMHS were not triaged within the target time.
2. The school was not told of the safety plan.

7 YOUR RESPONSE
You are under a duty to respond to this report within 56 days of the date of this report, namely by {due}.

9 Dated {dated}
{coroner}
"""

RESPONSE = """Westshire County Council
Children's Services

Dr Anne Reid
Senior Coroner for Westshire

2 May 2024

Dear Dr Reid

Regulation 28 report: Samuel James Porter

I write in response to your Regulation 28 report dated 15 March 2024 following the inquest into the death of
Samuel James Porter. The school liaison protocol has been revised so that schools are told of safety plans.

Yours sincerely
Director of Children's Services
Westshire County Council
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


class Clock:
    """Today's date for the tracker, set by the test."""

    def __init__(self, today: str) -> None:
        self.today = date.fromisoformat(today)

    def __call__(self) -> date:
        return self.today


def test_a_review_followed_from_ingest_to_its_last_action_closed(db: str, tmp_path: Path) -> None:
    clock = Clock("2024-06-01")
    with lessons.open(db, clock=clock) as lib:
        lib.ingest([write(tmp_path / "review.txt", REVIEW)], lessons.DocumentMetadata(date="2024-05-20"))
        tracker = lib.tracker
        seeded = tracker.actions()
        assert seeded["origin"].tolist() == ["extracted", "extracted"]
        assert seeded["status"].tolist() == [
            "complete",
            "not started",
        ]  # taken -> complete, planned -> not started
        assert not seeded["confirmed"].any()

        first, second = lib.recommendations()["id"].tolist()
        tracker.respond(f"r{first}", "accepted", who="ann", text="Agreed; the policy will be relaunched.")
        tracker.respond(f"r{second}", "partially accepted", who="ann")
        assert tracker.responses().set_index("item_id").loc[second, "status"] == "partially accepted"

        action = tracker.add_action("Audit safe sleep conversations", who="ann", item=f"r{second}",
                                    lead_agency="Health visiting", due="2024-06-20")  # fmt: skip
        row = tracker.actions().set_index("id").loc[action["id"]]
        assert (row["current_status"], row["rag"]) == ("not started", "amber")  # due within 30 days
        clock.today = date(2024, 7, 1)
        row = tracker.actions().set_index("id").loc[action["id"]]
        assert (row["current_status"], row["rag"]) == ("overdue", "red")
        assert tracker.actions(at=date(2024, 5, 1)).set_index("id").loc[action["id"], "rag"] == "green"

        action = tracker.update_action(action["id"], action["version"], who="bob", status="in progress")
        proof = tracker.add_evidence(
            action["id"], who="bob", note="Audit of 40 records", link="https://example.org/a"
        )
        tracker.sign_off(
            proof["id"], proof["version"], who="carol", impact="Safe sleep asked at 38 of 40 contacts"
        )
        action = tracker.update_action(action["id"], action["version"], who="bob", status="complete")
        assert action["completed_on"] == "2024-07-01"
        extracted = tracker.actions().query("origin == 'extracted'").iloc[-1]
        confirmed = tracker.update_action(
            int(extracted["id"]), int(extracted["version"]), who="ann", due="2024-09-30"
        )
        assert confirmed["confirmed"]  # correcting an extracted action confirms it
        tracker.remove_action(confirmed["id"], confirmed["version"], who="ann")

        remaining = tracker.actions()
        assert confirmed["id"] not in remaining["id"].tolist()
        assert (remaining["current_status"] == "complete").all()
        audit = tracker.audit("action", action["id"])
        changes = list(
            zip(audit["who"], audit["change"], audit["field"], audit["old"], audit["new"], strict=True)
        )
        assert changes[1:] == [
            ("bob", "update", "status", "not started", "in progress"),
            ("bob", "update", "status", "in progress", "complete"),
            ("bob", "update", "completed_on", None, "2024-07-01"),
        ]
        removal = tracker.audit("action", confirmed["id"])
        assert removal.iloc[-1][["who", "change", "field", "new"]].tolist() == [
            "ann",
            "delete",
            "deleted",
            True,
        ]
        signed = tracker.evidence(action["id"]).iloc[0]
        assert (signed["signed_off_by"], signed["signed_off_on"]) == ("carol", "2024-07-01")
        with pytest.raises(QueryError):
            tracker.update_action(action["id"], action["version"] + 1, who="bob", status="finished")
        with pytest.raises(NotFound):
            tracker.respond("r999999", "accepted", who="ann")


def test_two_connections_editing_one_action_lose_no_update(db: str, tmp_path: Path) -> None:
    with lessons.open(db) as first, lessons.open(db) as second:
        action = first.tracker.add_action("Relaunch the escalation policy", who="ann", progress="")
        # Both read version 1; the first to write wins, the other is told instead of overwriting it.
        first.tracker.update_action(action["id"], action["version"], who="ann", lead_officer="A. Jones")
        with pytest.raises(ConflictError, match="changed by ann"):
            second.tracker.update_action(action["id"], action["version"], who="bob", lead_officer="B. Smith")

        # Two threads, each with its own connection, append to the progress log 10 times, re-reading on conflict.
        def append(lib: lessons.Library, who: str) -> None:
            for n in range(10):
                while True:
                    row = lib.store.track_read("action", action["id"])
                    try:
                        lib.tracker.update_action(action["id"], row["version"], who=who,
                                                  progress=f"{row['progress']}{who}{n};")  # fmt: skip
                        break
                    except ConflictError:
                        continue

        threads = [
            threading.Thread(target=append, args=(lib, who)) for lib, who in ((first, "a"), (second, "b"))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        final = first.store.track_read("action", action["id"])
        entries = final["progress"].rstrip(";").split(";")
        assert sorted(entries) == sorted([f"a{n}" for n in range(10)] + [f"b{n}" for n in range(10)])
        assert final["version"] == 2 + 20


def test_a_response_links_to_the_right_one_of_several_similar_reports(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "pfd"
    folder.mkdir()
    reports = {
        "right.txt": dict(name="Samuel James Porter", coroner="Dr Anne Reid", area="Westshire",
                          due="10 May 2024", dated="15 March 2024"),
        "surname.txt": dict(name="Samuel James Potter", coroner="Dr Anne Reid", area="Westshire",
                            due="17 May 2024", dated="22 March 2024"),
        "year.txt": dict(name="Samuel John Porter", coroner="Mr Ian Hale", area="Eastshire",
                         due="10 May 2023", dated="15 March 2023"),
    }  # fmt: skip
    for name, fields in reports.items():
        write(folder / name, PFD.format(**fields))
    write(folder / "response.txt", RESPONSE)
    with lessons.open(db) as lib:
        lib.ingest([folder])
        ids = {Path(d["path"]).name: d["id"] for d in lib.documents().to_dict("records")}
        (link,) = lib.tracker.links().to_dict("records")  # suggested at ingest
        assert (link["source_id"], link["target_id"]) == (ids["response.txt"], ids["right.txt"])
        assert link["status"] == "suggested" and link["score"] >= 0.9
        assert link["evidence"]["recipient"] == "Director of Children's Services, Westshire County Council"
        assert lib.tracker.suggest_links() == []  # once is enough

        overdue = lib.tracker.overdue(at=date(2024, 6, 1))
        listed = {(r["report"], r["recipient"]) for r in overdue}
        # The council answered report "right"; the trust did not, nor anyone the other two reports went to.
        assert (ids["right.txt"], "Chief Executive, Westshire Community NHS Trust") in listed
        assert (ids["right.txt"], "Director of Children's Services, Westshire County Council") not in listed
        assert len(listed) == 5
        assert overdue[0]["report"] == ids["year.txt"] and overdue[0]["days_overdue"] == 388
        assert overdue[0]["deceased"] == "Samuel John Porter" and len(overdue[0]["concerns"]) == 2
        # Per concern, with the response recorded to it: the trust answered the first concern in a letter
        # the library does not hold, so its text is entered by hand.
        trust = next(r for r in overdue if r["report"] == ids["right.txt"])
        first, _ = trust["concerns"]
        assert first["text"].startswith("Referrals to CAMHS") and first["response"] is None
        lib.tracker.respond(first["id"], "accepted", who="officer", text="Triage within 5 days from June.")
        again = next(r for r in lib.tracker.overdue(at=date(2024, 6, 1)) if r["report"] == ids["right.txt"])
        assert again["concerns"][0]["response"] == {
            "status": "accepted", "text": "Triage within 5 days from June.", "date": None
        }  # fmt: skip
        assert again["concerns"][1]["response"] is None
        frame = lib.tracker.overdue_frame(at=date(2024, 6, 1))
        assert len(frame) == 5 and frame["days_overdue"].iloc[0] == 388
        assert len(lib.tracker.overdue_frame(at=date(2024, 6, 1), every=True)) == 6
        statuses = {(r["report"], r["recipient"]): r for r in lib.tracker.responses_due(at=date(2024, 6, 1))}
        council = statuses[(ids["right.txt"], "Director of Children's Services, Westshire County Council")]
        assert (council["status"], council["responses"]) == ("responded", [ids["response.txt"]])
        assert {r["status"] for r in lib.tracker.responses_due(at=date(2024, 5, 1))} == {
            "responded",
            "awaiting",
            "overdue",
        }
        assert {r["report"] for r in lib.tracker.overdue(at=date(2024, 5, 12))} == {
            ids["year.txt"],
            ids["right.txt"],
        }

        rejected = lib.tracker.set_link(link["id"], link["version"], "rejected", who="officer")
        assert rejected["status"] == "rejected"
        assert len(lib.tracker.overdue(at=date(2024, 6, 1))) == 6

        # Linked by hand to the report with one recipient's answer missing: a confirmed link with no recipient
        # named answers a report only when it went to one recipient, so both Westshire recipients stay listed.
        manual = lib.tracker.link(ids["response.txt"], ids["surname.txt"], who="officer")
        assert (manual["status"], manual["score"], manual["evidence"]) == (
            "confirmed",
            None,
            {"linked by hand": "officer"},
        )
        assert len(lib.tracker.overdue(at=date(2024, 6, 1))) == 6
        with pytest.raises(NotFound):
            lib.tracker.link(ids["response.txt"], 999_999, who="officer")


def test_a_changed_response_and_attached_evidence_are_kept_with_their_history(
    db: str, tmp_path: Path
) -> None:
    with lessons.open(db, clock=Clock("2024-06-01")) as lib:
        lib.ingest([write(tmp_path / "review.txt", REVIEW)])
        first = int(lib.recommendations()["id"].iloc[0])
        made = lib.tracker.respond(f"r{first}", "noted", who="ann")
        changed = lib.tracker.respond(f"r{first}", "accepted", who="bob", text="Now agreed.", on="2024-05-30")
        assert (changed["id"], changed["version"], changed["status"]) == (made["id"], 2, "accepted")
        history = lib.tracker.audit("response", made["id"])
        assert ("bob", "status", "noted", "accepted") in list(
            zip(history["who"], history["field"], history["old"], history["new"], strict=True)
        )
        action = lib.tracker.add_action("Relaunch the policy", who="ann", item=f"r{first}")
        attached = write(tmp_path / "minutes.txt", "Minutes of the relaunch event.")
        proof = lib.tracker.add_evidence(action["id"], who="ann", file=attached)
        assert (proof["file_name"], proof["file_data"], proof["date"]) == (
            "minutes.txt",
            b"Minutes of the relaunch event.",
            "2024-06-01",
        )
        created = lib.tracker.audit("evidence", proof["id"]).iloc[0]["new"]
        assert created["file_data"] == "<30 bytes>"  # the log says a file was attached without copying it
        with pytest.raises(QueryError):
            lib.tracker.respond(f"r{first}", "maybe", who="ann")


def test_overdue_and_track_commands(tmp_path: Path) -> None:
    folder = tmp_path / "pfd"
    folder.mkdir()
    fields = dict(name="Samuel James Porter", coroner="Dr Anne Reid", area="Westshire",
                  due="10 May 2024", dated="15 March 2024")  # fmt: skip
    write(folder / "report.txt", PFD.format(**fields))
    write(folder / "response.txt", RESPONSE)
    db = str(tmp_path / "lessons.db")
    lessons_cli = [sys.executable, "-m", "lessons"]
    run = lambda *args: subprocess.run([*lessons_cli, *args, "--db", db], capture_output=True, text=True)  # noqa: E731
    assert run("ingest", str(folder)).returncode == 0
    result = run("overdue", "--at", "2024-06-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    (late,) = json.loads(result.stdout)
    assert {k: late[k] for k in ("deceased", "recipient", "due", "days_overdue")} == {
        "deceased": "Samuel James Porter",
        "recipient": "Chief Executive, Westshire Community NHS Trust",
        "due": "2024-05-10",
        "days_overdue": 22,
    }
    assert set(late) >= {"report", "ref"}
    added = run("track", "add-action", "Audit triage times", "--due", "2024-07-01", "--who", "ann")
    assert added.returncode == 0 and "action 1 added (version 1)" in added.stderr
    stale = run("track", "update-action", "1", "--version", "7", "--status", "complete", "--who", "bob")
    assert stale.returncode == 2 and "reload and try again" in stale.stderr
    done = run("track", "update-action", "1", "--version", "1", "--status", "complete", "--who", "bob")
    assert done.returncode == 0, done.stderr
    audit = json.loads(run("track", "audit", "--entity", "action", "--id", "1", "--format", "json").stdout)
    assert [(a["who"], a["change"], a["field"]) for a in audit][:2] == [
        ("ann", "create", None),
        ("bob", "update", "status"),
    ]
    # A row per concern in CSV; --all adds the recipients who responded.
    per_concern = list(
        csv.DictReader(io.StringIO(run("overdue", "--at", "2024-06-01", "--format", "csv").stdout))
    )
    assert [row["concern_text"][:20] for row in per_concern] == [
        "Referrals to CAMHS w",
        "The school was not t",
    ]
    assert {row["recipient"] for row in per_concern} == {"Chief Executive, Westshire Community NHS Trust"}
    everyone = json.loads(run("overdue", "--at", "2024-06-01", "--format", "json", "--all").stdout)
    assert sorted(row["status"] for row in everyone) == ["overdue", "responded"]
