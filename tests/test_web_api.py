"""The web app and REST API through an in-process client, on SQLite and PostgreSQL: health, logging in, roles,
API tokens, CSRF refusals, public mode, uploads, search and document pages, the tracker, consistent errors."""

from __future__ import annotations

from pathlib import Path

import lessons
from web_support import PASSWORD, client, log_in


def test_health_errors_and_schema(library: lessons.Library) -> None:
    web = client(library)
    assert web.get("/healthz").json() == {"status": "ok"}
    refused = web.get("/api/documents")
    assert refused.status_code == 401
    assert refused.json()["error"]["type"] == "Unauthorized"
    token = library.accounts.new_token("viewer", "tests")
    missing = web.get("/api/documents/999999", headers={"Authorization": f"Bearer {token}"})
    assert missing.status_code == 404
    assert missing.json() == {"error": {"status": 404, "type": "NotFound", "message": "no document 999999"}}
    invalid = web.get("/api/documents?limit=0", headers={"Authorization": f"Bearer {token}"})
    assert invalid.status_code == 422 and "limit" in invalid.json()["error"]["message"]
    assert web.get("/api/documents", headers={"Authorization": "Bearer wrong"}).status_code == 401
    schema = web.get("/openapi.json").json()
    assert {"/api/documents", "/api/search", "/api/tracker/actions/{action_id}"} <= set(schema["paths"])


def test_logging_in_and_csrf(library: lessons.Library) -> None:
    web = client(library)
    assert web.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    web.get("/login")
    no_token = web.post("/login", data={"username": "editor", "password": PASSWORD})
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    wrong = web.post("/login", data={"username": "editor", "password": "not the password",
                                      "csrf_token": web.cookies["lessons_login_csrf"]})  # fmt: skip
    assert wrong.status_code == 401 and "do not match" in wrong.text
    csrf = log_in(web, "editor")

    action = web.get("/api/tracker/actions").json()["items"][0]
    change = {"version": action["version"], "status": "in progress"}
    refused = web.patch(f"/api/tracker/actions/{action['id']}", json=change)
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
    forged = web.patch(
        f"/api/tracker/actions/{action['id']}", json=change, headers={"X-CSRF-Token": "x" * 43}
    )
    assert forged.status_code == 403
    done = web.patch(f"/api/tracker/actions/{action['id']}", json=change, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200 and done.json()["status"] == "in progress"
    stale_change = {**change, "status": "complete"}  # still based on the version read before the change above
    stale = web.patch(
        f"/api/tracker/actions/{action['id']}", json=stale_change, headers={"X-CSRF-Token": csrf}
    )
    assert stale.status_code == 409 and stale.json()["error"]["type"] == "ConflictError"
    audit = web.get(f"/api/tracker/audit?entity=action&id={action['id']}").json()["items"]
    assert ("editor", "status") in {(row["who"], row["field"]) for row in audit}

    web.post("/logout", data={"csrf_token": csrf})
    assert web.get("/api/me").status_code == 401


def test_roles_tokens_and_public_mode(library: lessons.Library) -> None:
    web = client(library)
    viewer = {"Authorization": f"Bearer {library.accounts.new_token('viewer', 'tests')}"}
    editor = {"Authorization": f"Bearer {library.accounts.new_token('editor', 'tests')}"}
    recommendation = web.get("/api/recommendations?limit=1", headers=viewer).json()["items"][0]
    theme = recommendation["themes"][0]["id"]
    tagged = web.get(f"/api/recommendations?theme={theme}&limit=500", headers=viewer).json()
    assert recommendation["id"] in {item["id"] for item in tagged["items"]}
    assert all(theme in {tag["id"] for tag in item["themes"]} for item in tagged["items"])
    assert web.get("/api/recommendations?theme=no_such_theme", headers=viewer).json()["total"] == 0
    body = {"item": f"r{recommendation['id']}", "status": "accepted", "text": "Agreed"}
    refused = web.post("/api/tracker/responses", json=body, headers=viewer)
    assert refused.status_code == 403 and "editor role" in refused.json()["error"]["message"]
    made = web.post("/api/tracker/responses", json=body, headers=editor)  # a token needs no CSRF token
    assert made.status_code == 200 and made.json()["status"] == "accepted"
    assert web.get("/api/me", headers=editor).json() == {"username": "editor", "role": "editor"}

    public = client(library, public=True)
    assert public.get("/api/documents").status_code == 200
    assert public.get("/").status_code == 200
    assert public.get("/api/tracker/actions").status_code == 401  # the tracker stays private
    assert public.post("/api/tracker/responses", json=body).status_code == 401


def test_upload_search_and_document_page(library: lessons.Library, tmp_path: Path) -> None:
    web = client(library, max_file_mb=0.01)
    csrf = log_in(web, "editor")
    note = ("Northshire Safeguarding Children Partnership\n\nLearning review: Child Z\n\nRecommendations\n\n"
            "1. Practitioners should use the zebrafinch escalation protocol <script>alert(1)</script>.\n")  # fmt: skip
    files = [
        ("files", ("zebra note.txt", note.encode(), "text/plain")),
        ("files", ("fake.pdf", b"this is not a PDF", "application/pdf")),
        ("files", ("big.txt", b"x" * 20_000, "text/plain")),
        ("files", ("tool.exe", b"MZ", "application/octet-stream")),
    ]
    refused_without_csrf = web.post("/api/documents", files=files[:1])
    assert refused_without_csrf.status_code == 403
    results = web.post("/api/documents", files=files, headers={"X-CSRF-Token": csrf}).json()["results"]
    by_name = {Path(r["path"]).name: r for r in results}
    assert by_name["zebra note.txt"]["status"] == "added"
    assert "not a PDF" in by_name["fake.pdf"]["message"]
    assert "limit" in by_name["big.txt"]["message"]
    assert "unsupported file type .exe" in by_name["tool.exe"]["message"]

    found = web.get("/api/search", params={"q": "zebrafinch"}).json()["items"]
    assert [hit["file_name"] for hit in found] == ["zebra note.txt"]
    page = web.get("/search", params={"q": "zebrafinch"}).text
    assert "<mark>zebrafinch</mark>" in page
    document_id = found[0]["document_id"]
    shown = web.get(f"/documents/{document_id}").text
    assert "<script>alert(1)</script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    recommendation = library.extraction(document_id)["recommendations"][0]
    assert f'<mark id="r{recommendation["id"]}"' in shown and f'href="#r{recommendation["id"]}"' in shown
    original = web.get(f"/documents/{document_id}/file")
    assert original.status_code == 200 and original.content == note.encode()


def test_action_plan_through_the_api(library: lessons.Library) -> None:
    web = client(library)
    editor = {"Authorization": f"Bearer {library.accounts.new_token('editor', 'tests')}"}
    review = int(library.documents().query("doc_type == 'review_summary'")["id"].iloc[0])
    exported = web.get(f"/api/tracker/plan?document={review}&format=csv", headers=editor)
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbfAction ID,")
    edited = exported.content.decode("utf-8-sig")  # imported back as it is, it changes nothing
    back = web.post(
        "/api/tracker/plan", files={"file": ("plan.csv", edited.encode(), "text/csv")}, headers=editor
    )
    assert back.status_code == 200 and back.json()["created"] == 0
    bad = "Action,Target date\nBrief staff,31/02/2025\n"
    refused = web.post("/api/tracker/plan", data={"document": str(review)},
                       files={"file": ("plan.csv", bad.encode(), "text/csv")}, headers=editor)  # fmt: skip
    assert refused.status_code == 422
    assert "plan.csv: row 2: Target date '31/02/2025' is not a date" in refused.json()["error"]["message"]
