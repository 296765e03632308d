"""Builders of real input files for the reading and bad-input tests.

Each helper writes one file under the folder it is given and returns its path. The files are made by the same
libraries people's documents come from (reportlab, Pillow, pypdf, python-docx), never mocked, so the readers
are tested on the bytes they will meet.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Sequence
from pathlib import Path

# --- PDF ----------------------------------------------------------------------------------------------------

HEADER = "Northshire Safeguarding Children Partnership – Child Practice Review"
FOOTER = "OFFICIAL – Sensitive"


_AGENCIES = (
    "school",
    "health visitor",
    "police",
    "housing officer",
    "general practitioner",
    "social worker",
    "midwife",
    "youth worker",
    "paediatrician",
    "probation officer",
    "nursery",
    "mental health team",
)
_TOPICS = (
    "attendance",
    "weight",
    "bruising",
    "rent arrears",
    "missed appointments",
    "home conditions",
    "sleeping arrangements",
    "school meals",
    "speech",
    "hospital visits",
    "dental care",
    "clothing",
)


def page_body(number: int, lines: int = 10) -> list[str]:
    """Body lines for page `number`: whole sentences that differ in words, not only in digits, from page to
    page, so that cleaning takes none of them for a running header or footer."""
    return [
        f"The {_AGENCIES[(number + line) % len(_AGENCIES)]} noted the {_TOPICS[(number * 5 + line) % len(_TOPICS)]}"
        f" of the child in visit {chr(ord('a') + number - 1)}{line}."
        for line in range(1, lines + 1)
    ]


def text_pdf(
    folder: Path,
    name: str = "report.pdf",
    pages: int = 3,
    header: str | None = None,
    footer: str | None = None,
    page_numbers: bool = False,
    bodies: Sequence[Sequence[str]] | None = None,
    title: str | None = None,
) -> Path:
    """A PDF with a text layer: `pages` pages of body lines, with an optional running header, footer and a bare
    page number at the foot of each page. `bodies` gives each page's lines instead of `page_body`."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = folder / name
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    if title:
        pdf.setTitle(title)
    width, height = A4
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 9)
        if header:
            pdf.drawString(56, height - 40, header)
        lines = bodies[number - 1] if bodies is not None else page_body(number)
        pdf.setFont("Helvetica", 11)
        y = height - 90
        for line in lines:
            pdf.drawString(56, y, line)
            y -= 16
        pdf.setFont("Helvetica", 9)
        if footer:
            pdf.drawString(56, 50, footer)
        if page_numbers:
            pdf.drawCentredString(width / 2, 32, str(number))
        pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(folder: Path, name: str = "scanned.pdf", lines: Sequence[str] = ()) -> Path:
    """An image-only PDF, as a scanner makes: black text drawn on a white A4 page image, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    lines = list(lines) or ["SAFEGUARDING REVIEW", "Neglect of the child", "was not recognised"]
    image = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for index, line in enumerate(lines):
        draw.text((100, 150 + 80 * index), line, fill="black", font=font)
    path = folder / name
    image.save(path, "PDF", resolution=150.0)
    return path


def encrypted_pdf(folder: Path, name: str = "encrypted.pdf", password: str = "pw") -> Path:
    """A text PDF that needs a password to open."""
    from pypdf import PdfReader, PdfWriter

    plain = text_pdf(folder, "_plain_for_encryption.pdf", pages=1)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(password)
    path = folder / name
    with path.open("wb") as handle:
        writer.write(handle)
    plain.unlink()
    return path


def truncated_pdf(folder: Path, name: str = "truncated.pdf") -> Path:
    """The first half of a real multi-page PDF's bytes, as a broken download leaves it."""
    whole = text_pdf(folder, "_whole_for_truncation.pdf", pages=4)
    data = whole.read_bytes()
    whole.unlink()
    path = folder / name
    path.write_bytes(data[: len(data) // 2])
    return path


def empty_file(folder: Path, name: str = "empty.pdf") -> Path:
    path = folder / name
    path.write_bytes(b"")
    return path


def random_bytes(folder: Path, name: str, size: int = 4096, seed: int = 7) -> Path:
    """Random bytes (fixed seed) under any name: a binary file posing as a PDF, TXT and so on."""
    data = random.Random(seed).randbytes(size)
    if name.endswith(".pdf") and data.startswith(b"%PDF"):  # vanishingly unlikely, but keep it honest
        data = b"\x00" + data
    path = folder / name
    path.write_bytes(data)
    return path


def zip_not_docx(folder: Path, name: str = "archive.docx") -> Path:
    """A valid zip archive that holds no Word document."""
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "Just some notes, not a Word document.")
    return path


# --- DOCX ---------------------------------------------------------------------------------------------------

DOCX_RECOMMENDATIONS = (
    "Health visitors should record every missed contact.",
    "Schools should share attendance concerns with children's social care.",
    "The partnership should audit the use of the neglect toolkit.",
)
DOCX_TABLE = (
    ("Recommendation", "Action", "Lead agency"),
    ("R1", "Revise the missed-contact policy", "Community health trust"),
    ("R2", "Run briefings for designated leads", "Education service"),
)


def docx_file(
    folder: Path,
    name: str = "plan.docx",
    recommendations: Sequence[str] = DOCX_RECOMMENDATIONS,
    table: Sequence[Sequence[str]] = DOCX_TABLE,
    title: str | None = None,
) -> Path:
    """A Word file: a heading, a paragraph, an automatic numbered list ("List Number"), a bullet, a table and
    a closing paragraph, in that order."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading("Response to the child practice review", level=1)
    document.add_paragraph("The partnership accepts the review's findings in full.")
    for item in recommendations:
        document.add_paragraph(item, style="List Number")
    document.add_paragraph("Progress is reported to the board every quarter.", style="List Bullet")
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for row, values in zip(grid.rows, table, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Signed on behalf of the partnership board.")
    path = folder / name
    document.save(str(path))
    return path


# --- HTML ---------------------------------------------------------------------------------------------------

HTML_ARTICLE = (
    "The coroner found that the risk assessment had not been reviewed after the second admission.",
    "Staff on the ward were not aware of the previous self-harm history recorded by the community team.",
    "The trust has since introduced a single shared care plan across inpatient and community services.",
    "Families will be invited to contribute to every future review of the shared care plan.",
)
HTML_CHROME = {
    "nav": "Home Services Contact us Accessibility statement",
    "header": "Northshire Council navigation banner sign in",
    "footer": "Copyright Northshire Council privacy policy terms and conditions",
    "cookie": "We use cookies to improve your experience accept all cookies manage preferences",
}


def html_page(folder: Path, name: str = "page.html", paragraphs: Sequence[str] = HTML_ARTICLE) -> Path:
    """A web page with site chrome (nav, header, footer, cookie banner) around an <article> holding the text."""
    body = "\n".join(f"      <p>{p}</p>" for p in paragraphs)
    markup = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Response to the coroner's report</title>
</head>
<body>
  <div id="cookie-banner" class="cookie-banner"><p>{HTML_CHROME["cookie"]}</p>
    <button>Accept</button></div>
  <header class="site-header"><p>{HTML_CHROME["header"]}</p></header>
  <nav><ul>{"".join(f"<li><a href='/{w}'>{w}</a></li>" for w in HTML_CHROME["nav"].split())}</ul></nav>
  <main>
    <article>
      <h1>Response to the coroner's report</h1>
{body}
    </article>
  </main>
  <footer><p>{HTML_CHROME["footer"]}</p></footer>
</body>
</html>
"""
    path = folder / name
    path.write_text(markup, encoding="utf-8")
    return path


# --- plain text ---------------------------------------------------------------------------------------------

SPECIAL_TEXT = "The family’s rent was £120 a week; the café owner said the child looked “unwell”.\n"


def text_file(folder: Path, name: str, text: str = SPECIAL_TEXT, encoding: str = "utf-8") -> Path:
    """Text in a given encoding. "utf-16" writes a BOM (as Python and Notepad do); "cp1252" is Windows ANSI."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def printed_web_page_pdf(
    folder: Path, title: str, address: str, bodies: Sequence[Sequence[str]], name: str = "printout.pdf"
) -> Path:
    """A web page printed to PDF by a browser: the print date and time and the page's title at the top of every
    page, its address and a page counter ("2/3") at the bottom; the time moves on while the pages print."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = folder / name
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number, lines in enumerate(bodies, start=1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(30, height - 20, f"02/12/2026, 10:{14 + number // 2:02d}")
        pdf.drawCentredString(width / 2, height - 20, title)
        pdf.drawString(30, 20, address)
        pdf.drawRightString(width - 30, 20, f"{number}/{len(bodies)}")
        pdf.setFont("Helvetica", 11)
        y = height - 80
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path
