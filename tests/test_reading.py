"""Readers and `prepare_document` on real files: PDF (text and scanned), DOCX, HTML, TXT in several encodings
and Markdown, built by tests/factories.py; plus the real PFD reports in ../shared/eval/documents and the
bundled samples. No database is involved."""

from __future__ import annotations

import importlib.util
import re
from itertools import pairwise
from pathlib import Path

import pytest

from factories import (
    DOCX_RECOMMENDATIONS,
    FOOTER,
    HEADER,
    HTML_ARTICLE,
    HTML_CHROME,
    SPECIAL_TEXT,
    docx_file,
    html_page,
    page_body,
    scanned_pdf,
    text_file,
    text_pdf,
)
from lessons.ingest import prepare_document
from lessons.models import PreparedDocument
from lessons.reading import read_bytes, read_document
from lessons.reading.pdf import ocr_available

BARE_NUMBER_LINE = re.compile(
    r"^[ \t]*(?:page[ \t]*)?\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?[ \t]*$", re.I | re.M
)


def prepare(path: Path, ocr: bool = False) -> PreparedDocument:
    return prepare_document(path, read_bytes(path, 50_000_000), ocr=ocr)


def assert_in_order(text: str, parts: list[str]) -> None:
    """Each part occurs in `text`, after the one before it."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing, or out of order, after offset {position} in:\n{text}"
        position = found + len(part)


def assert_pages_tile(document: PreparedDocument, count: int) -> None:
    """Source and clean page spans are numbered 1..count, in order, and the clean spans cover the text."""
    source_pages, clean_pages = document.source.pages, document.clean.pages
    assert [p.number for p in source_pages] == list(range(1, count + 1))
    assert [p.number for p in clean_pages] == list(range(1, count + 1))
    assert clean_pages[0].start == 0
    assert clean_pages[-1].end == len(document.clean.text)
    for before, after in pairwise(clean_pages):
        assert before.end == after.start
        assert before.start < before.end
    for before, after in pairwise(source_pages):
        assert document.source.text[before.end : after.start] == "\f"


# --- PDF with a text layer ----------------------------------------------------------------------------------


def test_pdf_text_and_page_numbers_are_kept(tmp_path: Path) -> None:
    document = prepare(text_pdf(tmp_path, pages=3))
    assert document.source.format == "pdf"
    assert document.source.warnings == ()
    assert_pages_tile(document, 3)
    clean = document.clean
    for number in (1, 2, 3):
        source_page = document.source.pages[number - 1]
        for line in page_body(number):
            assert line in document.source.text[source_page.start : source_page.end]
            offset = clean.text.find(line)
            assert offset >= 0, f"{line!r} lost in cleaning"
            assert clean.page_at(offset) == number
            assert clean.page_at(offset + len(line) - 1) == number
            start, end = clean.offsets.span_to_source(offset, offset + len(line))
            assert document.source.text[start:end] == line
    assert all(clean.page_at(i) is not None for i in range(len(clean.text)))
    assert clean.page_at(len(clean.text)) is None


@pytest.mark.parametrize(
    ("header", "footer", "page_numbers"),
    [
        (HEADER, None, False),
        (None, FOOTER, False),
        (None, None, True),
        (HEADER, FOOTER, True),
    ],
    ids=["header", "footer", "page-numbers", "all-furniture"],
)
@pytest.mark.parametrize("pages", [2, 4])
def test_pdf_cleaning_removes_page_furniture(
    tmp_path: Path, header: str | None, footer: str | None, page_numbers: bool, pages: int
) -> None:
    document = prepare(
        text_pdf(tmp_path, pages=pages, header=header, footer=footer, page_numbers=page_numbers)
    )
    for furniture in (header, footer):
        if furniture:
            assert document.source.text.count(furniture) == pages, "the reader keeps what is on the page"
            assert furniture not in document.clean.text
    assert not BARE_NUMBER_LINE.search(document.clean.text), document.clean.text
    assert_in_order(document.clean.text, [line for n in range(1, pages + 1) for line in page_body(n)])
    assert_pages_tile(document, pages)


# --- scanned PDF and OCR ------------------------------------------------------------------------------------


def test_scanned_pdf_without_ocr_is_kept_with_a_warning(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path)
    document = prepare(path, ocr=False)
    assert len(document.source.warnings) == 1
    warning = document.source.warnings[0]
    assert "looks scanned" in warning
    assert path.name in warning
    assert "page(s) 1" in warning
    assert document.source.pages and len(document.source.pages) == 1
    assert document.clean.text.strip() == ""


@pytest.mark.skipif(not ocr_available(), reason="OCR needs pytesseract and the tesseract binary on PATH")
def test_scanned_pdf_is_read_by_ocr(tmp_path: Path) -> None:
    lines = ["SAFEGUARDING REVIEW", "Neglect of the child", "was not recognised"]
    document = prepare(scanned_pdf(tmp_path, lines=lines), ocr=True)
    assert document.source.warnings == ()
    assert document.source.meta.get("ocr_pages") == [1]
    words = set(re.findall(r"[a-z]+", document.clean.text.lower()))
    assert {"safeguarding", "review", "neglect", "child", "recognised"} <= words, document.clean.text
    assert_pages_tile(document, 1)


# --- DOCX ---------------------------------------------------------------------------------------------------


def test_docx_paragraphs_list_numbers_and_table_in_reading_order(tmp_path: Path) -> None:
    document = prepare(docx_file(tmp_path))
    assert document.source.format == "docx"
    assert document.source.pages == () and document.clean.pages == ()
    expected = [
        "Response to the child practice review",
        "The partnership accepts the review's findings in full.",
        *(f"{n}. {item}" for n, item in enumerate(DOCX_RECOMMENDATIONS, start=1)),
        "• Progress is reported to the board every quarter.",
        "Recommendation",
        "Action",
        "Lead agency",
        "R1",
        "Revise the missed-contact policy",
        "Community health trust",
        "R2",
        "Run briefings for designated leads",
        "Education service",
        "Signed on behalf of the partnership board.",
    ]
    assert_in_order(document.source.text, expected)
    assert_in_order(document.clean.text, expected)
    lines = document.clean.text.splitlines()
    for n, item in enumerate(DOCX_RECOMMENDATIONS, start=1):
        assert f"{n}. {item}" in lines, "each list item is a line of its own, with its number"


def test_docx_title_from_core_properties(tmp_path: Path) -> None:
    document = prepare(docx_file(tmp_path, title="Action plan for Child Q"))
    assert document.source.title == "Action plan for Child Q"
    assert document.title == "Action plan for Child Q"


@pytest.mark.parametrize(
    "table",
    [
        (
            ("No.", "Recommendation", "RAG"),
            ("1", "Revise the policy", "Green"),
            ("2", "Audit the files", "Red"),
        ),
        (
            ("Action", "Lead agency"),
            (
                "Change the front door procedure so that closed contacts are copied to health visiting",
                "Children's Social Care",
            ),
        ),
    ],
    ids=["numeric-cells", "long-cell-then-short-cell"],
)
def test_docx_table_cells_survive_cleaning_whole(tmp_path: Path, table: tuple[tuple[str, ...], ...]) -> None:
    document = prepare(docx_file(tmp_path, table=table))
    cells = [cell for row in table for cell in row]
    assert_in_order(document.source.text, cells)
    lines = document.clean.text.splitlines()
    for cell in cells:
        assert cell in lines, f"cell {cell!r} is not a line of its own in:\n{document.clean.text}"


# --- HTML ---------------------------------------------------------------------------------------------------


def test_html_main_text_is_kept(tmp_path: Path) -> None:
    document = prepare(html_page(tmp_path))
    assert document.source.format == "html"
    assert document.title == "Response to the coroner's report"
    assert_in_order(document.clean.text, list(HTML_ARTICLE))


@pytest.mark.parametrize("part", sorted(HTML_CHROME))
def test_html_chrome_is_dropped(tmp_path: Path, part: str) -> None:
    document = prepare(html_page(tmp_path))
    chrome = HTML_CHROME[part]
    assert chrome not in document.clean.text
    distinctive = {
        "nav": "Accessibility statement",
        "header": "navigation banner",
        "footer": "privacy policy",
        "cookie": "cookies",
    }[part]
    assert distinctive.lower() not in document.clean.text.lower()


# --- plain text and Markdown --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "first_bytes"),
    [
        ("utf-8", b"The"),
        ("utf-8-sig", b"\xef\xbb\xbf"),
        ("utf-16", None),  # Python writes a BOM in the machine's byte order
        ("utf-16-le", b"T\x00h\x00"),  # no BOM
        ("utf-16-be", b"\x00T\x00h"),  # no BOM
        ("cp1252", b"The"),
    ],
)
def test_text_encodings_are_decoded_exactly(tmp_path: Path, encoding: str, first_bytes: bytes | None) -> None:
    path = text_file(tmp_path, f"note-{encoding}.txt", encoding=encoding)
    data = path.read_bytes()
    if first_bytes is not None:
        assert data.startswith(first_bytes)
    document = prepare(path)
    assert document.source.format == "txt"
    assert document.source.text == SPECIAL_TEXT
    assert document.clean.text == SPECIAL_TEXT.strip()
    for character in "£’é“”":
        assert character in document.clean.text


def test_cp1252_characters_are_not_mojibake(tmp_path: Path) -> None:
    text = "Café visits cost £5 – the family’s “key worker” said so.\n" * 3
    document = prepare(text_file(tmp_path, "ansi.txt", text=text, encoding="cp1252"))
    assert document.source.text == text
    assert "Ã" not in document.clean.text and "\ufffd" not in document.clean.text


MARKDOWN = """# Learning review: Child T

**Summary.** The review found [missed opportunities](https://example.org/review) to act.

## Recommendations

1. Share records when families move.
2. Check that equipment referrals are met.

- Health visiting
- Housing

| Agency | Action |
|--------|--------|
| Police | Train officers |
"""


def test_markdown_is_read_and_markup_removed(tmp_path: Path) -> None:
    document = prepare(text_file(tmp_path, "review.md", text=MARKDOWN))
    assert document.source.format == "md"
    assert document.source.text == MARKDOWN
    text = document.clean.text
    assert_in_order(
        text,
        [
            "Learning review: Child T",
            "Summary. The review found missed opportunities to act.",
            "Recommendations",
            "1. Share records when families move.",
            "2. Check that equipment referrals are met.",
            "• Health visiting",
            "• Housing",
            "Agency",
            "Action",
            "Police",
            "Train officers",
        ],
    )
    for markup in ("#", "**", "](", "|", "---"):
        assert markup not in text, f"{markup!r} left in:\n{text}"
    assert document.title == "Learning review: Child T"


@pytest.mark.parametrize(
    ("name", "text", "encoding"),
    [
        ("latin.txt", SPECIAL_TEXT, "cp1252"),
        ("notes.md", "# Notes\n\nThe café’s owner.\n", "utf-16"),
    ],
)
def test_read_document_gives_source_text(tmp_path: Path, name: str, text: str, encoding: str) -> None:
    path = text_file(tmp_path, name, text=text, encoding=encoding)
    source = read_document(path, path.read_bytes())
    assert source.text == text
    assert source.format == ("md" if name.endswith(".md") else "txt")


# --- the bundled samples ------------------------------------------------------------------------------------


def test_sample_pfd_report(sample_documents: Path) -> None:
    path = sample_documents / "sample_pfd_report.pdf"
    if not path.exists():
        pytest.skip(
            "examples/documents/sample_pfd_report.pdf is missing: run python examples/make_samples.py"
        )
    document = prepare(path)
    text = document.clean.text
    assert len(document.clean.pages) >= 2
    assert_in_order(
        text,
        [
            "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS",
            "SAMPLE – fictional document for demonstration",
            "THIS REPORT IS BEING SENT TO:",
            "1 CORONER",
            "2 CORONER’S LEGAL POWERS",
            "3 INVESTIGATION and INQUEST",
            "4 CIRCUMSTANCES OF THE DEATH",
            "5 CORONER’S CONCERNS",
            "The MATTERS OF CONCERN are as follows:",
            "(1) ",
            "(4) ",
            "6 ACTION SHOULD BE TAKEN",
            "7 YOUR RESPONSE",
            "within 56 days",
            "8 COPIES and PUBLICATION",
            "9 14 March 2024",
        ],
    )
    assert "Prevention of Future Deaths report – Northshire" not in text, "running header left in"
    assert not re.search(r"Page \d+ of \d+", text), "page numbers left in"
    assert not BARE_NUMBER_LINE.search(text)


def test_sample_action_plan(sample_documents: Path) -> None:
    path = sample_documents / "sample_action_plan.docx"
    if not path.exists():
        pytest.skip(
            "examples/documents/sample_action_plan.docx is missing: run python examples/make_samples.py"
        )
    document = prepare(path)
    assert_in_order(
        document.clean.text,
        [
            "SAMPLE – fictional document for demonstration",
            "• records did not follow the family",
            "1. Partner agencies should agree a protocol",
            "4. The partnership should audit",
            "Recommendation",
            "Action",
            "Lead agency",
            "Target date",
            "RAG",
            "Write and sign off the record transfer protocol",
            "Community Health NHS Trust",
            "30/06/2024",
            "Amber",
        ],
    )


def test_make_samples_is_deterministic(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "examples" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for make, name in ((module.make_pfd_report, "a.pdf"), (module.make_action_plan, "a.docx")):
        make(tmp_path / f"1{name}")
        make(tmp_path / f"2{name}")
        assert (tmp_path / f"1{name}").read_bytes() == (tmp_path / f"2{name}").read_bytes()


# --- the real PFD reports -----------------------------------------------------------------------------------

REAL_PFD_REPORTS = [
    ("pfd_2023_henderson_surrey.pdf", ["CORONER’S CONCERNS", "MATTERS OF CONCERN"]),
    ("pfd_2023_lawrence_berkshire.pdf", ["CORONER’S CONCERNS"]),
]


@pytest.mark.parametrize(("name", "phrases"), REAL_PFD_REPORTS, ids=[n for n, _ in REAL_PFD_REPORTS])
def test_real_pfd_reports(shared_documents: Path, name: str, phrases: list[str]) -> None:
    path = shared_documents / name
    if not path.exists():
        pytest.skip(f"{name} is not in {shared_documents}")
    document = prepare(path)
    assert document.source.warnings == ()
    assert len(document.source.pages) == 4
    assert_pages_tile(document, 4)
    text = document.clean.text
    assert_in_order(
        text,
        [
            "REPORT TO PREVENT",
            "1 CORONER",
            "2 CORONER’S LEGAL POWERS",
            "3 INVESTIGATION and INQUEST",
            "CORONER’S CONCERNS",
            "6 ACTION SHOULD BE TAKEN",
            "7 YOUR RESPONSE",
            "8 COPIES and PUBLICATION",
        ],
    )
    for phrase in phrases:
        assert phrase in text
    assert not BARE_NUMBER_LINE.search(text), BARE_NUMBER_LINE.search(text)
    concerns = text.find("CORONER’S CONCERNS")
    page = document.clean.page_at(concerns)
    source_offset = document.clean.offsets.to_source(concerns)
    source_page = next(p.number for p in document.source.pages if p.start <= source_offset < p.end)
    assert page == source_page, "clean and source agree on the page a heading is on"
