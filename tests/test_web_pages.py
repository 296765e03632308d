"""The explorer, search filters, tracker, upload and recurring pages through an in-process client, on SQLite and
PostgreSQL: filters checked against the library read another way, downloads parsed back, every change refused
without its CSRF token, and the background figures' refresh."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

import lessons
from lessons.models import DocumentFilter
from lessons.web.summaries import Summaries
from web_support import client, log_in


def _tagged(lib: lessons.Library, kind: str) -> list[dict]:
    """Every item of `kind` with its document, read through the plain listing (no SQL JSON filters)."""
    documents = {row.id: row for row in lib.documents().itertuples()}
    frame = lib.recommendations() if kind == "recommendations" else lib.concerns()
    return [{**row, "doc": documents[row["document_id"]]} for row in frame.to_dict("records")]


def test_item_filters_sorting_and_paging_match_the_library(library: lessons.Library) -> None:
    web = client(library)
    log_in(web, "viewer")
    items = _tagged(library, "recommendations")
    theme = max({t["id"] for i in items for t in i["themes"]}, key=lambda t: sum(
        1 for i in items if any(tag["id"] == t for tag in i["themes"])))  # fmt: skip
    with_theme = [i for i in items if any(t["id"] == theme for t in i["themes"])]
    assert 2 <= len(with_theme) < len(items)
    answer = web.get(f"/api/recommendations?theme={theme}&limit=500").json()
    assert answer["total"] == len(with_theme)
    assert sorted(i["id"] for i in answer["items"]) == sorted(i["id"] for i in with_theme)

    housing = [i for i in items if "housing" in i["agencies"]]
    leicester = [i for i in items if "leicester" in (i["doc"].area or "").lower()]
    assert housing and leicester
    assert web.get("/api/recommendations?agency=housing").json()["total"] == len(housing)
    assert web.get("/api/recommendations?area=leicester").json()["total"] == len(leicester)

    # Paging walks every item once, in the sort's order (area ascending, missing areas last).
    seen = []
    for offset in range(0, len(items), 7):
        page = web.get(f"/api/recommendations?sort=area&limit=7&offset={offset}").json()
        assert page["total"] == len(items)
        seen.extend(page["items"])
    assert sorted(i["id"] for i in seen) == sorted(i["id"] for i in items)
    areas = [i["area"] for i in seen]
    named = [a for a in areas if a]
    assert named == sorted(named) and areas[: len(named)] == named

    # The response status filter follows the tracker.
    library.tracker.respond(f"r{with_theme[0]['id']}", "accepted", "tests")
    accepted = web.get("/api/recommendations?status=accepted").json()
    assert [i["id"] for i in accepted["items"]] == [with_theme[0]["id"]]
    assert accepted["items"][0]["response"] == "accepted"
    assert web.get("/api/recommendations?status=none").json()["total"] == len(items) - 1
    assert web.get("/api/recommendations?sort=shoe_size").status_code == 422

    # The explorer page shows the same filter and a download of the whole view, not just the page shown.
    page = web.get(f"/recommendations?theme={theme}")
    assert page.status_code == 200 and f"{len(with_theme)} recommendations match" in page.text
    for row in with_theme[:3]:
        assert f'href="/documents/{row["document_id"]}#r{row["id"]}"' in page.text
        assert f'href="/similar/r{row["id"]}"' in page.text
    download = web.get(f"/recommendations.csv?theme={theme}")
    assert download.content.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert sorted(int(r["id"]) for r in rows) == sorted(i["id"] for i in with_theme)
    by_id = {i["id"]: i for i in with_theme}
    for r in rows:
        assert r["text"] == by_id[int(r["id"])]["text"]
        assert r["agencies"] == "; ".join(by_id[int(r["id"])]["agencies"])
    sheet = openpyxl.load_workbook(io.BytesIO(web.get(f"/recommendations.xlsx?theme={theme}").content)).active
    assert sheet is not None
    header, *values = list(sheet.iter_rows(values_only=True))
    assert sorted(v[header.index("id")] for v in values) == sorted(i["id"] for i in with_theme)
    assert web.get("/recommendations.pdf").status_code == 400


def test_search_and_documents_by_theme_and_agency(library: lessons.Library) -> None:
    web = client(library)
    log_in(web, "viewer")
    extractions = {int(i): library.extraction(int(i)) for i in library.documents()["id"]}
    themes = {t["id"] for e in extractions.values() for t in e["themes"]}
    theme = next(t for t in sorted(themes) if 0 < sum(
        any(x["id"] == t for x in e["themes"]) for e in extractions.values()) < len(extractions))  # fmt: skip
    expected = {i for i, e in extractions.items() if any(t["id"] == theme for t in e["themes"])}
    listed = web.get(f"/api/documents?theme={theme}").json()["items"]
    assert {d["id"] for d in listed} == expected
    police = {i for i, e in extractions.items() if "police" in e["agencies"]}
    assert {d["id"] for d in web.get("/api/documents?agency=police").json()["items"]} == police
    hits = web.get(f"/api/search?q=child&theme={theme}&limit=100").json()["items"]
    everything = {h.document_id for h in library.search("child", limit=100)}
    assert {h["document_id"] for h in hits} == expected & everything
    page = web.get(f"/search?q=child&theme={theme}&agency=police")
    assert page.status_code == 200
    found = {int(n) for n in re.findall(r'<a href="/documents/(\d+)" class="hit-title"', page.text)}
    assert found == expected & police & everything
    assert library.documents(DocumentFilter(theme="no_such_theme")).empty
    plain = library.search("child", limit=100, snippets=False)  # what the facet counts read: no texts
    assert [h.document_id for h in plain] == [h.document_id for h in library.search("child", limit=100)]
    assert all(h.snippet == "" and h.highlights == () and h.doc_type for h in plain)
    assert library.with_snippets("child", plain[:3]) == list(library.search("child", limit=3))


def test_tracker_pages_without_javascript_and_with_htmx(library: lessons.Library) -> None:
    web = client(library)
    csrf = log_in(web, "editor")
    review = next(
        int(i) for i in library.documents()["id"] if len(library.extraction(int(i))["recommendations"]) >= 2
    )
    first = library.extraction(review)["recommendations"][0]
    form = {"description": "Re-issue the pre-birth protocol", "document": review, "item": f"r{first['id']}",
            "lead_agency": "midwifery", "due": "2027-03-31"}  # fmt: skip
    assert web.post("/tracker/actions", data=form, follow_redirects=False).status_code == 403  # no CSRF token
    added = web.post("/tracker/actions", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"].startswith(
        f"/tracker?document={review}#action-"
    )
    action_id = int(added.headers["location"].rsplit("-", 1)[1])
    plan = web.get(f"/tracker?document={review}").text
    assert f'id="action-{action_id}"' in plan and "Re-issue the pre-birth protocol" in plan
    assert f'id="item-r{first["id"]}"' in plan

    # An htmx edit answers with the row and tells the audit trail to refresh; a stale version is refused.
    edit = {"version": 1, "status": "in progress", "rag": "", "due": "2027-03-31", "progress": "Draft agreed",
            "document": review, "csrf_token": csrf}  # fmt: skip
    saved = web.post(f"/tracker/actions/{action_id}", data=edit, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and saved.headers["HX-Trigger"] == "tracker-changed"
    assert saved.text.lstrip().startswith(f'<tr id="action-{action_id}"') and 'value="2"' in saved.text
    stale = web.post(
        f"/tracker/actions/{action_id}", data={**edit, "status": "complete"}, headers={"HX-Request": "true"}
    )
    assert "HX-Trigger" not in stale.headers and "was not saved" in stale.text
    assert web.post(f"/tracker/actions/{action_id}", data={**edit, "status": "complete"}).status_code == 409
    assert library.tracker.actions(review).set_index("id").loc[action_id, "status"] == "in progress"
    assert action_id in set(library.tracker.actions_due("2027-03")["id"])  # due 2027-03-31, open
    assert action_id not in set(library.tracker.actions_due("2027-04")["id"])
    audit = web.get(f"/tracker/audit?document={review}").text
    assert "status: not started → in progress" in audit and "progress: (empty) → Draft agreed" in audit
    assert "due:" not in audit  # an unchanged field is not audited

    # Response and evidence forms; the plan's index lists the review.
    respond = {
        "item": f"r{first['id']}",
        "status": "partially accepted",
        "text": "Agreed in part",
        "document": review,
    }
    assert web.post("/tracker/responses", data=respond).status_code == 403
    assert (
        web.post(
            "/tracker/responses", data={**respond, "csrf_token": csrf}, follow_redirects=False
        ).status_code
        == 303
    )
    evidence = {
        "note": "Protocol v2 published",
        "link": "https://example.org/p",
        "document": review,
        "csrf_token": csrf,
    }
    assert (
        web.post(f"/tracker/actions/{action_id}/evidence", data=evidence, follow_redirects=False).status_code
        == 303
    )
    plan = web.get(f"/tracker?document={review}").text
    assert "partially accepted" in plan and "Protocol v2 published" in plan
    assert f'href="/tracker?document={review}"' in web.get("/tracker").text

    # Plan import from the page: the export changes nothing; a broken plan lists its rows and changes nothing.
    exported = web.get(f"/api/tracker/plan?document={review}&format=csv").content
    files = {"file": ("plan.csv", exported, "text/csv")}
    imported = web.post("/tracker/plan", data={"document": review, "csrf_token": csrf}, files=files)
    assert imported.status_code == 200 and "changed 0" in imported.text
    broken = exported.decode("utf-8-sig").replace("2027-03-31", "31/02/2027").encode()
    refused = web.post("/tracker/plan", data={"document": review, "csrf_token": csrf},
                       files={"file": ("plan.csv", broken, "text/csv")})  # fmt: skip
    assert (
        refused.status_code == 422 and "not a date" in refused.text and "nothing was changed" in refused.text
    )

    # A viewer sees the plan but may not change it; public mode hides the tracker.
    viewer = client(library)
    viewer_csrf = log_in(viewer, "viewer")
    assert "Re-issue" in viewer.get(f"/tracker?document={review}").text
    assert viewer.post("/tracker/actions", data={**form, "csrf_token": viewer_csrf}).status_code == 403
    public = client(library, public=True)
    assert public.get("/recommendations").status_code == 200
    assert public.get("/tracker", follow_redirects=False).status_code == 303


def test_upload_page_without_javascript(
    library: lessons.Library, sample_documents: Path, tmp_path: Path
) -> None:
    web = client(library)
    csrf = log_in(web, "editor")
    assert 'id="drop"' in web.get("/upload").text
    text = b"Serious Case Review: Child Q\n\nRecommendation 1: Agencies should share information promptly.\n"
    files = [
        ("files", ("child_q.txt", text, "text/plain")),
        ("files", ("fake.pdf", b"not a pdf", "application/pdf")),
    ]
    assert web.post("/upload", files=files).status_code == 403  # no CSRF token
    answer = web.post("/upload", files=files, data={"csrf_token": csrf})
    assert answer.status_code == 200
    assert re.search(r"child_q.txt: added · <a href=\"/documents/\d+\">open</a>", answer.text)
    assert re.search(r"fake.pdf: failed · [^<]*PDF", answer.text)
    viewer = client(library)
    log_in(viewer, "viewer")
    assert viewer.get("/upload").status_code == 403


def test_recurring_page_and_background_figures(library: lessons.Library, tmp_path: Path) -> None:
    web = client(library)
    log_in(web, "viewer")
    web.app.state.summaries.wait = (
        300  # let the page wait for the figures instead of showing "being worked out"
    )
    page = web.get("/recurring?min_reviews=2").text
    clusters = library.recurring(min_reviews=2)
    assert clusters, "the sample documents repeat some recommendations"
    assert page.count('<li id="cluster-') == len(clusters) and 'id="timeline-chart"' in page
    for cluster in clusters:
        assert f"{cluster['reviews']} reviews · {cluster['areas']} areas" in page
    assert "being worked out" not in page

    # Summaries: a slow figure is worked out in the background, kept while the library is unchanged, and
    # recomputed (the old value shown meanwhile, marked) once a document is added.
    summaries = Summaries(library, wait=0)
    calls: list[int] = []
    release = threading.Event()

    def slow(lib: lessons.Library) -> int:
        calls.append(1)
        release.wait(30)
        return lib.store.count()

    first = summaries.get("count", slow)
    assert first.value is None and not first.current
    release.set()
    for _ in range(300):
        if summaries.get("count", slow).current:
            break
        time.sleep(0.01)
    held = summaries.get("count", slow)
    assert held.current and held.value == library.store.count() and len(calls) == 1
    release.clear()
    (tmp_path / "new.txt").write_text(
        "Safeguarding Adults Review: Adult B\n\nRecommendation 1: Share records.\n"
    )
    library.ingest([tmp_path / "new.txt"])
    stale = summaries.get("count", slow)
    assert stale.value == held.value and not stale.current
    release.set()
    for _ in range(300):
        fresh = summaries.get("count", slow)
        if fresh.current:
            break
        time.sleep(0.01)
    assert fresh.value == held.value + 1 and len(calls) == 2


@pytest.mark.parametrize(
    "path", ["/", "/recommendations", "/recurring", "/similar/r1", "/tracker", "/upload"]
)
def test_pages_need_a_login(library: lessons.Library, path: str) -> None:
    answer = client(library).get(path, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/login?next={path}"


def test_what_the_schema_tests_found(library: lessons.Library) -> None:
    """Server errors schemathesis found, each now a clear answer."""
    web = client(library)
    headers = {"Authorization": f"Bearer {library.accounts.new_token('editor', 'tests')}"}
    # Theme counts filtered by agency (the filter's subquery named the table the counts read).
    counts = web.get("/api/themes?agency=housing", headers=headers)
    assert counts.status_code == 200
    housing = {int(i) for i in library.documents(DocumentFilter(agency="housing"))["id"]}
    assert max(row["documents"] for row in counts.json()["items"]) <= len(housing)
    # An action for a document that does not exist.
    missing = web.post(
        "/api/tracker/actions", json={"description": "x", "document_id": 999_999}, headers=headers
    )
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "no document 999999"
    # A NUL character, which PostgreSQL text cannot hold (SQLite can: nothing matches).
    nul = web.get("/api/tracker/audit?entity=%00", headers=headers)
    assert nul.status_code == (422 if library.store.dialect == "postgresql" else 200)
    if nul.status_code == 422:
        assert "NUL" in nul.json()["error"]["message"]
    # Ids beyond 32 bits.
    assert web.get(f"/api/documents/{2**63}", headers=headers).status_code == 422
    # Control characters, which a workbook cannot hold, in a plan exported as XLSX.
    library.tracker.add_action("Bell\x07 in the text", "tests")
    plan = web.get("/api/tracker/plan?format=xlsx", headers=headers)
    assert plan.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(plan.content)).active
    assert sheet is not None
    assert "Bell in the text" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def test_dashboard_counts_by_type_and_year(library: lessons.Library) -> None:
    """The database's GROUP BY agrees with the document list counted in Python, and the dashboard shows it."""
    frame = library.documents()
    years = [d[:4] if isinstance(d, str) else None for d in frame["date"]]  # undated: NaN in the frame
    expected = Counter(zip(frame["doc_type"], years, strict=True))
    assert {(t, y): n for t, y, n in library.type_year_counts()} == expected
    web = client(library)
    log_in(web, "viewer")
    page = web.get("/").text
    assert f"{len(frame)} documents in the library." in page
    for doc_type, n in Counter(frame["doc_type"].fillna("other")).items():
        assert re.search(rf'type={doc_type}">{doc_type}</a></td><td class="num">{n}</td>', page)
