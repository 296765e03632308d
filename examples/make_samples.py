"""Write the two FICTIONAL sample documents in examples/documents/.

    python examples/make_samples.py

Both are invented for demonstration: no real person, death, coroner or partnership is described. They follow
the shapes of the real documents Lessons reads, so that a new user can try `lessons ingest examples/documents`:

* sample_pfd_report.pdf - a coroner's Regulation 28 Prevention of Future Deaths report, on the official
  template's headings, with a running header and page numbers on every page (which cleaning removes);
* sample_action_plan.docx - a safeguarding partnership's response to a case review, with headings, Word
  automatic numbering ("List Number"), bullets ("List Bullet") and an action-plan table.

The output is deterministic: fixed dates, reportlab's invariant mode and fixed zip timestamps, so running the
script again gives byte-identical files. Needs the dev tools: pip install -e '.[dev]'.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

OUT = Path(__file__).resolve().parent / "documents"
SAMPLE = "SAMPLE – fictional document for demonstration"
FIXED_TIME = datetime(2024, 3, 14, 9, 0, 0)

# --- the PFD report -----------------------------------------------------------------------------------------

PFD_HEADER = "Regulation 28: Prevention of Future Deaths report – Northshire (SAMPLE)"
PFD_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "THIS REPORT IS BEING SENT TO:",
        [
            "1. Chief Executive, Northshire Community Health NHS Trust (fictional)",
            "2. Director of Children's Services, Northshire County Council (fictional)",
        ],
    ),
    (
        "1 CORONER",
        ["I am Dr Helen Marsh, senior coroner for the coroner area of Northshire. (Fictional coroner.)"],
    ),
    (
        "2 CORONER’S LEGAL POWERS",
        [
            "I make this report under paragraph 7, Schedule 5, of the Coroners and Justice Act 2009 and "
            "regulations 28 and 29 of the Coroners (Investigations) Regulations 2013."
        ],
    ),
    (
        "3 INVESTIGATION and INQUEST",
        [
            "On 4 September 2023 I commenced an investigation into the death of Sam Example, aged 15 months. "
            "The investigation concluded at the end of the inquest on 1 March 2024. The conclusion of the "
            "inquest was a narrative conclusion: Sam died from injuries sustained in an unsafe sleeping "
            "arrangement, in circumstances where known risks had not been acted upon.",
            "The medical cause of death was: 1a Positional asphyxia.",
        ],
    ),
    (
        "4 CIRCUMSTANCES OF THE DEATH",
        [
            "Sam lived with his mother and two older siblings in temporary accommodation in Northshire. The "
            "family had moved three times in the eighteen months before his death, and each move meant a new "
            "health visiting team and a new general practice.",
            "The health visitor who saw the family in June 2023 recorded that Sam was sleeping on a sofa with "
            "his mother because the flat had no cot. A referral for a cot was made to a local charity but was "
            "not followed up when the family moved again in July 2023.",
            "Records held by the previous health visiting team, including the concern about sleeping "
            "arrangements, were not transferred to the new team until after Sam's death. The new team "
            "therefore had no reason to ask about where Sam slept.",
            "Children's social care had received two contacts about the family, in January and May 2023, about "
            "housing conditions and missed health appointments. Both were closed with advice and no visit, and "
            "the health visiting service was not told of either contact.",
            "On 2 September 2023 Sam was found unresponsive on the sofa in the early morning. He was taken to "
            "hospital by ambulance and was pronounced dead shortly after arrival.",
            "The evidence at the inquest showed that no single agency held the whole picture, and that each "
            "of the moves between areas reset what professionals knew about the family.",
        ],
    ),
    (
        "5 CORONER’S CONCERNS",
        [
            "During the course of the inquest the evidence revealed matters giving rise to concern. In my "
            "opinion there is a risk that future deaths will occur unless action is taken. In the "
            "circumstances it is my statutory duty to report to you.",
            "The MATTERS OF CONCERN are as follows:",
            "(1) Health visiting records are not transferred promptly when a family with a young child moves "
            "between areas, so that known risks such as unsafe sleeping are lost.",
            "(2) There is no system to check that a referral for essential equipment, such as a cot, has "
            "resulted in the equipment being provided.",
            "(3) Contacts to children's social care that are closed with advice are not shared with the "
            "health visiting service, even where they concern an infant under two.",
            "(4) Families placed in temporary accommodation are not routinely asked about safe sleeping "
            "arrangements when they are placed, or when they move.",
        ],
    ),
    (
        "6 ACTION SHOULD BE TAKEN",
        [
            "In my opinion action should be taken to prevent future deaths and I believe you and your "
            "organisations have the power to take such action."
        ],
    ),
    (
        "7 YOUR RESPONSE",
        [
            "You are under a duty to respond to this report within 56 days of the date of this report, namely "
            "by 9 May 2024. I, the coroner, may extend the period.",
            "Your response must contain details of action taken or proposed to be taken, setting out the "
            "timetable for action. Otherwise you must explain why no action is proposed.",
        ],
    ),
    (
        "8 COPIES and PUBLICATION",
        [
            "I have sent a copy of my report to the Chief Coroner and to the following Interested Persons: "
            "Sam's mother, and the Northshire Safeguarding Children Partnership (fictional).",
            "I am also under a duty to send the Chief Coroner a copy of your response. The Chief Coroner may "
            "publish either or both in a complete or redacted or summary form. He may send a copy of this "
            "report to any person who he believes may find it useful or of interest.",
        ],
    ),
    # The template's last row: "9" beside the date, then the coroner's name.
    ("9 14 March 2024", ["Dr Helen Marsh, Senior Coroner for Northshire (fictional)"]),
]


def make_pfd_report(path: Path) -> None:
    styles = getSampleStyleSheet()
    body = ParagraphStyle(
        "Body", parent=styles["BodyText"], fontName="Helvetica", fontSize=11, leading=15, spaceAfter=6
    )
    heading = ParagraphStyle("Heading", parent=body, fontName="Helvetica-Bold", spaceBefore=12, spaceAfter=6)
    title = ParagraphStyle("Title", parent=heading, fontSize=14, leading=18, alignment=1)
    sample = ParagraphStyle("Sample", parent=body, alignment=1, textColor="#aa0000")

    def story() -> list[Flowable]:  # flowables are used up by a build: a fresh list for each pass
        flowables: list[Flowable] = [
            Paragraph("REGULATION 28 REPORT TO PREVENT FUTURE DEATHS", title),
            Paragraph(SAMPLE, sample),
            Spacer(1, 0.4 * cm),
        ]
        for name, paragraphs in PFD_SECTIONS:
            flowables.append(Paragraph(_escape(name), heading))
            flowables.extend(Paragraph(_escape(text), body) for text in paragraphs)
        return flowables

    def build(total_pages: int | None) -> int:
        buffer = BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            invariant=1,
            title="Regulation 28 report - Sam Example (SAMPLE)",
            author="Lessons sample documents",
            subject=SAMPLE,
            leftMargin=2.5 * cm,
            rightMargin=2.5 * cm,
            topMargin=2.5 * cm,
            bottomMargin=2.5 * cm,
        )

        def furniture(canvas: Canvas, doc: SimpleDocTemplate) -> None:
            width, height = A4
            canvas.saveState()
            canvas.setFont("Helvetica", 9)
            canvas.drawString(2.5 * cm, height - 1.5 * cm, PFD_HEADER)
            number = f"Page {doc.page} of {total_pages}" if total_pages else f"Page {doc.page}"
            canvas.drawCentredString(width / 2, 1.3 * cm, number)
            canvas.restoreState()

        document.build(story(), onFirstPage=furniture, onLaterPages=furniture)
        if total_pages:
            path.write_bytes(buffer.getvalue())
        return document.page

    build(build(None))  # the first pass counts the pages for "Page n of N"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- the action plan ----------------------------------------------------------------------------------------

RECOMMENDATIONS = [
    "Partner agencies should agree a protocol for transferring health visiting records within five working "
    "days when a family with a child under five moves between areas.",
    "Children's social care should share with the health visiting service every contact about a child under "
    "two, including contacts closed with advice.",
    "The housing service should ask every family placed in temporary accommodation about safe sleeping and "
    "provide a cot where one is needed.",
    "The partnership should audit, within twelve months, whether referrals for essential equipment were "
    "followed through.",
]
ACTIONS = [
    (
        "1",
        "Write and sign off the record transfer protocol",
        "Community Health NHS Trust",
        "30/06/2024",
        "Amber",
    ),
    (
        "2",
        "Change the front door procedure so that closed contacts are copied to health visiting",
        "Children's Social Care",
        "31/05/2024",
        "Green",
    ),
    (
        "3",
        "Add safe sleeping questions to the temporary accommodation placement checklist",
        "Housing Service",
        "31/07/2024",
        "Amber",
    ),
    (
        "4",
        "Audit a sample of 50 equipment referrals and report to the board",
        "Partnership Business Unit",
        "31/03/2025",
        "Red",
    ),
]


def make_action_plan(path: Path) -> None:
    document = docx.Document()
    properties = document.core_properties
    properties.title = "Response to Child Safeguarding Practice Review: Child S (SAMPLE)"
    properties.author = "Lessons sample documents"
    properties.last_modified_by = "Lessons sample documents"
    properties.comments = SAMPLE
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1

    document.add_heading("Northshire Safeguarding Children Partnership", level=0)
    document.add_paragraph(SAMPLE)
    document.add_heading("Response to the Child Safeguarding Practice Review: Child S", level=1)
    document.add_paragraph(
        "This is the partnership's response to the local child safeguarding practice review into the death "
        "of Child S, a fifteen-month-old boy who died in September 2023. The review was published on "
        "1 March 2024. The partnership accepts all of its findings and recommendations. Child S, his family "
        "and the partnership are fictional."
    )
    document.add_heading("Findings", level=2)
    document.add_paragraph("The review found that:")
    for finding in (
        "records did not follow the family when they moved between areas;",
        "a referral for a cot was made but nobody checked that a cot was provided;",
        "contacts to children's social care closed with advice were not shared with health visitors.",
    ):
        document.add_paragraph(finding, style="List Bullet")
    document.add_heading("Recommendations", level=2)
    document.add_paragraph("The review made the following recommendations to the partnership:")
    for recommendation in RECOMMENDATIONS:
        document.add_paragraph(recommendation, style="List Number")
    document.add_heading("Action plan", level=2)
    document.add_paragraph(
        "The table below sets out the action agreed for each recommendation. RAG ratings are as at "
        "14 March 2024: Green means complete or on track, Amber means at risk, Red means not started."
    )
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, name in zip(
        table.rows[0].cells, ("Recommendation", "Action", "Lead agency", "Target date", "RAG"), strict=True
    ):
        cell.text = name
    for values in ACTIONS:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.add_heading("Monitoring", level=2)
    document.add_paragraph(
        "The partnership's Learning and Improvement Group will monitor the action plan every quarter and "
        "report progress to the partnership board."
    )
    buffer = BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every member dated FIXED_TIME, so the file's bytes do not depend on the clock."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    make_pfd_report(OUT / "sample_pfd_report.pdf")
    make_action_plan(OUT / "sample_action_plan.docx")
    for path in sorted(OUT.glob("sample_*")):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
