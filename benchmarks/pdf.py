"""PDF throughput in pages/second: read+clean (`prepare_document`) alone, and full ingest into fresh SQLite.

Two sets: multi-page text PDFs generated with reportlab from the perturbed corpus (wrapped paragraphs and a
"Page n of m" footer), and copies of the real coroners' reports ../shared/eval/documents/pfd_2023_*.pdf,
each copy made distinct by a trailing PDF comment so that ingest does not skip it as already present.

    python benchmarks/pdf.py --files 12 --pages 40 --copies 20 --runs 3 --out-json benchmarks/results/pdf.json
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import tempfile
import time
from argparse import RawDescriptionHelpFormatter
from io import BytesIO
from pathlib import Path
from typing import Any

from corpus import DOCUMENTS, variants
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

import lessons
from lessons.ingest import prepare_document


def make_pdf(text: str, title: str) -> bytes:
    out = BytesIO()
    style = getSampleStyleSheet()["BodyText"]

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 30, f"{title} - Page {doc.page}")

    paragraphs = (html.escape(p.replace("**", "")).replace("\n", "<br/>") for p in text.split("\n\n"))
    story = [Paragraph(p, style) for p in paragraphs]
    SimpleDocTemplate(out, pagesize=A4, title=title).build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def generated_set(folder: Path, files: int, pages: int) -> None:
    """`files` PDFs of roughly `pages` pages each (about 3,500 characters of text per page)."""
    stream = variants(files * pages * 3)
    for i in range(files):
        text, size = [], 0
        while size < pages * 3500:
            _, data = next(stream)
            text.append(data.decode("utf-8"))
            size += len(data)
        (folder / f"generated_{i:03d}.pdf").write_bytes(make_pdf("\n\n".join(text), f"Review {i}"))


def real_set(folder: Path, copies: int) -> None:
    for source in sorted(DOCUMENTS.glob("pfd_2023_*.pdf")):
        data = source.read_bytes()
        for i in range(copies):
            (folder / f"{source.stem}_{i:03d}.pdf").write_bytes(data + f"\n% copy {i}\n".encode())


def measure(folder: Path, runs: int) -> dict[str, Any]:
    files = sorted(folder.glob("*.pdf"))
    blobs = [(f, f.read_bytes()) for f in files]
    pages = sum(len(prepare_document(f, data, ocr=False).source.pages) for f, data in blobs)
    prepare_rates, ingest_rates = [], []
    for run in range(runs):
        start = time.perf_counter()
        for f, data in blobs:
            prepare_document(f, data, ocr=False)
        prepare_rates.append(pages / (time.perf_counter() - start))
        with tempfile.TemporaryDirectory(prefix="lessons-pdf-") as tmp:
            with lessons.open(str(Path(tmp) / f"run{run}.db"), jobs=1, ocr=False) as library:
                start = time.perf_counter()
                report = library.ingest([folder])
                ingest_rates.append(pages / (time.perf_counter() - start))
            if report.count("added") != len(files):
                raise SystemExit(f"expected {len(files)} added, got {report.count('added')}")
    return {
        "files": len(files),
        "pages": pages,
        "mb": round(sum(len(d) for _, d in blobs) / 1e6, 1),
        "prepare_pages_per_s": round(statistics.median(prepare_rates), 1),
        "ingest_pages_per_s": round(statistics.median(ingest_rates), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=12, help="generated PDFs")
    parser.add_argument("--pages", type=int, default=40, help="approximate pages per generated PDF")
    parser.add_argument("--copies", type=int, default=20, help="copies of each real pfd_2023_*.pdf")
    parser.add_argument("--runs", type=int, default=3, help="runs (median reported)")
    parser.add_argument("--out-json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()

    results = {}
    with tempfile.TemporaryDirectory(prefix="lessons-pdfs-") as tmp:
        for name in ("generated", "real_pfd"):
            folder = Path(tmp) / name
            folder.mkdir()
            if name == "generated":
                generated_set(folder, args.files, args.pages)
            else:
                real_set(folder, args.copies)
            row = results[name] = measure(folder, args.runs)
            print(
                f"{name:<10} {row['files']} files, {row['pages']} pages ({row['mb']} MB): "
                f"read+clean {row['prepare_pages_per_s']:.0f} pages/s, "
                f"full ingest {row['ingest_pages_per_s']:.0f} pages/s (median of {args.runs})",
                flush=True,
            )
    if args.out_json:
        args.out_json.parent.mkdir(parents=True, exist_ok=True)
        args.out_json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
