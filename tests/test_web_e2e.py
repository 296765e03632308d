"""End to end in a real headless browser (Debian's chromium driven by Playwright): `lessons serve` in its own
process on a real SQLite file; log in, upload a document, search for it, open it and follow a recommendation to
its highlighted span, then update an action's status on the action plan and see it in the audit trail. Each
page is saved as a screenshot under test-artifacts/e2e/.

Locally the test is skipped, with the reason, where chromium or Playwright is missing; in CI it must run."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import lessons

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "e2e"
PASSWORD = "a long enough password"
UPLOADED = "004_b9a62875dcb14aa6.txt"  # an executive summary with five recommendations


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sample_documents_path: Path) -> Iterator[str]:
    """`lessons serve` over a library of the sample documents but one (which the test uploads)."""
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {missing}")
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("e2e")
    db = str(folder / "lessons.db")
    with lessons.open(db, embeddings=False) as library:
        library.ingest([p for p in sample_documents_path.iterdir() if p.name != UPLOADED])
        library.accounts.add("editor", PASSWORD, "editor")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LESSONS_UPLOADS": str(folder / "uploads"), "LESSONS_EMBEDDINGS": "false"}
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "lessons", "serve", "--db", db, "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"the server did not start: {(folder / 'server.log').read_text()}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def sample_documents_path() -> Path:
    return Path(__file__).resolve().parents[1] / "examples" / "documents"


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        context.close()
        browser.close()
        assert not errors, f"JavaScript errors: {errors}"


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_log_in_upload_search_open_and_track(browser_page: Any, sample_documents_path: Path) -> None:
    from playwright.sync_api import expect

    page = browser_page
    # Logging in: a wrong password is refused on the page; the right one lands on the dashboard.
    page.goto("/upload")
    expect(page).to_have_url(re.compile(r"/login\?next=/upload$"))
    page.fill("#username", "editor")
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    shot(page, "01-login-refused")
    page.fill("#username", "editor")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/upload$"))  # back where the login was asked for

    # Upload: the file goes to the API with its own progress line and ends "added" with a link to it.
    page.set_input_files("#files", str(sample_documents_path / UPLOADED))
    page.click("#upload-form button[type=submit]")
    result = page.locator("#progress li")
    expect(result).to_contain_text(f"{UPLOADED}: added")
    expect(result.locator("progress")).to_have_attribute("value", "100")
    shot(page, "02-upload")

    # Search for it, filtered to its type; the hit's snippet marks the words.
    page.goto("/search")
    page.fill("#q", '"Child R" neglect')
    page.select_option("#type", "review_summary")
    page.click("form[role=search] button[type=submit]")
    hit = page.locator("ol.hits li").first
    expect(hit).to_contain_text("Leicester Safeguarding Children Board")
    expect(hit).to_contain_text("review_summary · 2012-01")
    expect(hit.locator("mark").first).to_be_visible()
    assert "type=review_summary" in page.url  # the address can be shared
    shot(page, "03-search")

    # Open it and click a recommendation in the side panel: its span is scrolled to and marked current.
    hit.locator("a.hit-title").click()
    expect(page.locator("h1")).to_be_visible()
    link = page.locator("nav.items a.kind-recommendation").first
    anchor = link.get_attribute("data-anchor")
    assert anchor and anchor.startswith("r")
    link.click()
    span = page.locator(f"mark#{anchor}")
    expect(span).to_have_class(re.compile(r"\bcurrent\b"))
    expect(span).to_be_in_viewport()
    assert len(span.inner_text()) > 40  # the recommendation's own words, not a stray mark
    document_url = page.url
    shot(page, "04-document")

    # The action plan: add an action under that recommendation, then change its status in place.
    page.click("text=Action plan")
    section = page.locator(f"#item-{anchor}")
    section.locator("summary", has_text="Add an action").click()
    section.locator("input[name=description]").fill("Audit health visitor escalations in six months")
    section.locator("input[name=lead_agency]").fill("health visiting")
    section.locator("button", has_text="Add action").click()
    row = page.locator("tr.action-row", has_text="Audit health visitor escalations")
    expect(row).to_be_visible()
    row.locator("select[name=status]").select_option("in progress")
    row.locator("textarea[name=progress]").fill("First audit booked")
    row.locator("button", has_text="Save").click()
    audit = page.locator("#audit")
    expect(audit).to_contain_text("status: not started → in progress")  # refreshed by htmx, no reload
    expect(audit).to_contain_text("progress: (empty) → First audit booked")
    expect(page.locator("tr.action-row", has_text="Audit health visitor")).to_contain_text("in progress")
    shot(page, "05-tracker")

    # The dashboard's and the recurring lessons' charts are drawn (Chart.js, served from the app).
    page.goto("/")
    assert page.locator("canvas#by-year").evaluate("c => !!Chart.getChart(c)")
    assert page.locator("canvas#themes-chart").evaluate("c => Chart.getChart(c).data.labels.length > 0")
    shot(page, "06-dashboard")
    page.goto("/recommendations?sort=area")
    expect(page.locator("table.explorer tbody tr").first).to_contain_text("in the source")
    page.screenshot(path=str(ARTIFACTS / "07-recommendations.png"))
    for _ in range(60):  # recurring lessons are worked out in the background the first time
        page.goto("/recurring?min_reviews=2")
        if page.locator("ol.clusters > li").count():
            break
        page.wait_for_timeout(2000)
    assert page.locator("canvas#timeline-chart").evaluate("c => Chart.getChart(c).data.datasets.length > 0")
    page.locator("ol.clusters > li summary").first.click()
    expect(page.locator("ol.clusters > li table").first).to_be_visible()
    shot(page, "08-recurring")
    page.goto(document_url)
    expect(page.locator("nav.items")).to_be_visible()
