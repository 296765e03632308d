"""PFD reports: the deceased's age with its unit, the response due date, the matters of concern, and the same
template read from a scanned (OCR'd) report. Short texts written for these tests in the style of real reports
(not taken from the evaluation documents)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.cleaning import clean
from lessons.extraction import extract
from lessons.extraction.ages import deceased_age
from lessons.extraction.dates import stated_response_due
from lessons.extraction.lines import split_lines
from lessons.extraction.pfd_concerns import extract_concerns
from lessons.extraction.records import Age
from lessons.models import SourceText
from lessons.reading.pdf import ocr_available

AGES = [
    ("On 3 May 2021 I commenced an investigation into the death of Jo Bloggs, aged 15.", (15, "years")),
    ("Jo Bloggs was 15 years of age when she was found.", (15, "years")),
    ("The court heard that Kim Doe, age 15, had been missing since Friday.", (15, "years")),
    ("Age: 16. Kim was in Year 11 at a local school.", (16, "years")),
    ("Sam was a 17 year old girl who lived with her aunt.", (17, "years")),
    ("I opened an inquest into the death of Lee Roe, a child of 15 years.", (15, "years")),
    ("Ash was 17½ years old when she died.", (17.5, "years")),
    ("Jay, a fifteen year old, was walking home.", (15, "years")),
    ("An inquest into the death of twenty-three-year-old Robin Vale was opened.", (23, "years")),
    ("The inquest touched the death of 16-year-old Alex Smith.", (16, "years")),
    ("the death of Sam Example, aged 15 months. Sam lived with his mother.", (15, "months")),
    ("Riley Stone died in hospital aged 2 years and 6 months.", (2.5, "years")),
    ("the death of Jo Bloggs, 80. The investigation concluded at the end of the inquest.", (80, "years")),
    ("the death of Jo Bloggs (80) was opened on 1 June.", (80, "years")),
    ("Baby Q was 5 weeks old and lived with both parents.", (5, "weeks")),
    ("the death of Ava Lowe aged 4 Days. The investigation concluded.", (4, "days")),
    ("Mr Roe was 58 years old when he died on 14 July 2022.", (58, "years")),
    ("Mr Roe was 24 at the time of his death.", (24, "years")),
    ("Chris Mo, who died at the age of 24 on 9 January 2018.", (24, "years")),
    ("He  was  30  years  old and worked as a chef.", (30, "years")),  # OCR spacing
    ("Dee Park was aged 56 years’ old.", (56, "years")),
    # from a date of birth and a date of death
    ("Pat Doe (born on 11 September 2003) died on 4 January 2021 at home.", (17, "years")),
    ("the death of Lou Tate (DOB 3.11.1995, DOD 1.2.2020).", (24, "years")),
    ("the death of Mia Lee (DOB 6/3/19) who died on 16 May 2019.", (2, "months")),
    ("Noah was born at 03.15 on 1 June 2022. He died at 22.40 on 20 June 2022.", (19, "days")),
    ("Ben Ash, date of birth 12th March 1987 who died on the 12th January 2023 at home.", (35, "years")),
    # the first age stated for the deceased wins over later ones
    ("Tom Roe was aged 48. In 2010, when he was aged 35, he was convicted of assault.", (48, "years")),
    # one inquest, several deaths: the youngest
    ("the deaths of Ann Roe (age 41), Ben Roe (age 9) and Cal Roe (age 44).", (9, "years")),
    ("the deaths of Joe BLACK aged 58 and Tim WHITE, aged 34, who both died on 2 May 2022.", (34, "years")),
    # not the deceased's age
    ("Users must be aged over 18. The scooter was unlocked by a 14-year-old friend.", None),
    ("Children under the age of 18 may not buy the product.", None),
    ("Regulation is being introduced for 16-17 year olds in April.", None),
    ("When her baby was 11 months old she returned to work.", None),
    ("He was first diagnosed when he was 12 years old.", None),
    ("Rue was born at 24 weeks' gestation.", None),
    ("Her son was born on 2 May 2015. She died on 3 June 2021.", None),
    ("He was referred in 2019 and waited 18 months for an assessment.", None),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_the_deceased_age_in_every_form(text: str, expected: tuple[float, str] | None) -> None:
    age = deceased_age(text, report_date="2023-06-01")
    assert (None if age is None else (age.value, age.unit)) == expected


def test_an_age_keeps_its_unit_its_words_and_its_span() -> None:
    text = "On 4 September 2023 I commenced an investigation into the death of Sam Example, aged 15 months."
    age = deceased_age(text)
    assert age is not None
    assert (age.value, age.unit, age.text, age.years) == (15, "months", "15 months", 1.25)
    assert age.span is not None and text[age.span.start : age.span.end] == "15 months"
    assert Age(9, "months", "9 months").to_json() == {
        "value": 9,
        "unit": "months",
        "years": 0.75,
        "text": "9 months",
        "span": None,
    }


DUE_DATES = [
    (
        "within 56 days of the date of this report, namely by 7 July 2023. I, the coroner,",
        "2023-05-12",
        "2023-07-07",
    ),
    (
        "within 56 days of the date of this report, namely 12 April 2023, I, the Area Coroner",
        "2023-02-14",
        "2023-04-12",
    ),
    (
        "within 56 days of the date of this report, namely by March 20, 2023. I may extend",
        "2023-01-25",
        "2023-03-20",
    ),
    (
        "within 56 days of the date of this report, namely by August 4th 2018. I may extend",
        "2018-06-15",
        "2018-08-04",
    ),
    (
        "within 56 days of the date of this report, namely by 15/1/24. I, the coroner,",
        "2023-11-15",
        "2024-01-15",
    ),
    (
        "within 56 days of the date of this report, namely by 23.2.24 . I, the coroner,",
        "2023-12-19",
        "2024-02-23",
    ),
    (
        "within 56 days of the date of this report, 4th April 2023. I, the coroner,",
        "2023-02-08",
        "2023-04-04",
    ),
    (
        "within 56 days of the date of this report, namely b 13th November 2023. I may",
        "2023-09-29",
        "2023-11-13",
    ),
    (
        "within 56 days of this report, namely by Thursday, the 21st day of September 2023.",
        "2023-07-26",
        "2023-09-21",
    ),
    (
        "within 56 days, namely by Thursday the Twenty-Fifth of April 2024 I, the coroner",
        "2024-02-06",
        "2024-04-25",
    ),
    (
        "You are under a duty to respond to this report by Monday 13 November 2023 (extended).",
        "2023-08-21",
        "2023-11-13",
    ),
    (
        'within 56 days of the date of is report, namely by 16" June 2023. |, the coroner',
        "2023-04-21",
        "2023-06-16",
    ),
    # not plausible (before the report, or months after it: a wrong year) or no date at all
    ("within 56 days of the date of this report, namely by 13 January 2020. I may", "2022-11-26", None),
    ("within 56 days of the date of this report, namely by 27 December 2023. I may", "2023-01-31", None),
    ("within 56 days of the date of this report, namely by the day month 2023.", "2023-08-16", None),
]


@pytest.mark.parametrize(("text", "report_date", "expected"), DUE_DATES)
def test_the_response_date_a_report_sets(text: str, report_date: str, expected: str | None) -> None:
    assert stated_response_due(text, report_date) == expected


def pfd_report(concerns: str, response: str = "", signed: str = "14 March 2024") -> str:
    return "\n".join(
        [
            "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS",
            "THIS REPORT IS BEING SENT TO:",
            "1. Chief Executive, Northshire NHS Trust",
            "1 CORONER",
            "I am Jane Doe, area coroner for Northshire",
            "3 INVESTIGATION and INQUEST",
            "On 4 September 2023 I commenced an investigation into the death of Sam Example, aged 15 months.",
            "5 CORONER'S CONCERNS",
            concerns,
            "6 ACTION SHOULD BE TAKEN",
            "In my opinion action should be taken to prevent future deaths.",
            "7 YOUR RESPONSE",
            response
            or "You are under a duty to respond to this report within 56 days of the date of this report, "
            "namely by 9 May 2024. I, the coroner, may extend the period.",
            f"9 {signed} Jane Doe",
        ]
    )


def test_an_implausible_stated_date_gives_way_to_the_statutory_56_days() -> None:
    response = (
        "You are under a duty to respond within 56 days of the date of this report, namely by 9 May 2023."
    )
    extraction = extract(pfd_report("1. The cot was never delivered.", response))
    assert (extraction.date, extraction.response_due) == ("2024-03-14", "2024-05-09")
    assert {r.response_due for r in extraction.recipients} == {"2024-05-09"}


PREAMBLE = (
    "During the course of the inquest the evidence revealed matters giving rise to concern. In my opinion there "
    "is a risk that future deaths will occur unless action is taken. In the circumstances it is my statutory "
    "duty to report to you.\nThe MATTERS OF CONCERN are as follows:\n"
)

CONCERNS = [
    (  # Word's symbol-font bullets (U+F0B7) in a PDF's text layer
        PREAMBLE + "\uf0b7 Staff did not know the ward policy on observations.\n"
        "\uf0b7 Observation charts were not checked by the nurse in charge.",
        [
            (None, "Staff did not know the ward policy on observations."),
            (None, "Observation charts were not checked by the nurse in charge."),
        ],
    ),
    (  # a web page's middle-dot bullets after a lead-in line
        PREAMBLE + "I heard evidence from the fire service:\n\n·      That the charger was not approved.\n\n"
        "·      That such fires have risen every year.",
        [
            (None, "I heard evidence from the fire service:"),
            (None, "That the charger was not approved."),
            (None, "That such fires have risen every year."),
        ],
    ),
    (  # OCR reads "(1)" as "(I)"
        PREAMBLE
        + "(I) Officers were not told of the earlier calls.\n(2) The risk assessment was not shared.",
        [("1", "Officers were not told of the earlier calls."), ("2", "The risk assessment was not shared.")],
    ),
    (  # ... also inline
        PREAMBLE + "(I) Officers were not told of the earlier calls. (2) The risk assessment was not shared.",
        [("1", "Officers were not told of the earlier calls."), ("2", "The risk assessment was not shared.")],
    ),
    (  # OCR lost the second item's digit, leaving its full stop
        PREAMBLE + "1. Records from the first hospital took a week to arrive.\n"
        ". The policy on banned items was unclear to the clinicians.",
        [
            ("1", "Records from the first hospital took a week to arrive."),
            (None, "The policy on banned items was unclear to the clinicians."),
        ],
    ),
    (  # a web page lost the first items' numbers; headings go with their paragraphs
        PREAMBLE + "\nDelayed escalation\nThe deteriorating patient was not escalated for six hours.\n\n"
        "A lack of training\nStaff had not been trained in the early warning score.\n\n"
        "3. Emergency calls\nStaff were unsure who should call an ambulance.",
        [
            (None, "Delayed escalation The deteriorating patient was not escalated for six hours."),
            (None, "A lack of training Staff had not been trained in the early warning score."),
            ("3", "Emergency calls Staff were unsure who should call an ambulance."),
        ],
    ),
    (  # the coroner's own narrative before the template's lead-in ends: the matters follow it
        "During the course of the inquest it became clear that the ward was short of staff.\n"
        "In my opinion there is a risk that future deaths will occur unless action is taken. In the "
        "circumstances it is my statutory duty to report to you.\nThe MATTERS OF CONCERN are as follows.\n"
        "1. There was no plan to cover night shifts.",
        [("1", "There was no plan to cover night shifts.")],
    ),
    (  # the lead-in's closing sentence at the end, and a template sentence OCR broke over two lines
        "The issue about which\nhave concern is clear.\nThe surgeon kept no written record of the risks he "
        "discussed.\nIn the circumstances it is my statutory duty to report to you.",
        [(None, "The surgeon kept no written record of the risks he discussed.")],
    ),
    (  # sentences of the later sections that strayed into the concerns section (OCR'd "I" as "|")
        "1. Bed rails were not checked.\nIn my opinion action should be taken to prevent future deaths and I "
        "believe you have the power to take such action.\n| am under a duty to send the Chief Coroner a copy of "
        "your response.",
        [("1", "Bed rails were not checked.")],
    ),
    (  # a response-section sentence that strayed into the concerns section
        "1. The alarm was not tested.\nYour response must contain details of action taken or proposed to be "
        "taken, setting out the timetable for action. Otherwise you must explain why no action is proposed.",
        [("1", "The alarm was not tested.")],
    ),
]


@pytest.mark.parametrize(("section", "expected"), CONCERNS)
def test_matters_of_concern(section: str, expected: list[tuple[str | None, str]]) -> None:
    text = clean(SourceText(section, "txt")).text
    assert [(c.number, c.text) for c in extract_concerns(split_lines(text), ())] == expected


def test_concerns_and_age_in_a_whole_report() -> None:
    extraction = extract(
        clean(SourceText(pfd_report(PREAMBLE + "\uf0b7 The cot was never delivered."), "txt")).text
    )
    assert [c.text for c in extraction.concerns] == ["The cot was never delivered."]
    assert extraction.deceased_age == Age(15, "months", "15 months", extraction.deceased_age.span)  # type: ignore[union-attr]
    record = extraction.to_json("report.txt")
    assert record["deceased_age"]["years"] == 1.25 and record["deceased_age"]["unit"] == "months"
    assert "deceased_age_unit" not in record
    assert extraction.document_fields()["deceased_age_unit"] == "months"


SECTION_ANCHORS = [
    (  # OCR lost the concerns, action and response headings: their first template sentences start them
        "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS\nTHIS REPORT IS BEING SENT TO:\n"
        "1. Chief Executive, Northshire NHS Trust\nCORONER\nam Jane Doe, area coroner for Northshire\n"
        "An inquest into the death of Amy Stone was opened on 26 April 2022.\n"
        "During the course of the inquest the evidence revealed matters giving rise to concern.\n"
        "The MATTERS OF CONCERN are as follows:\n1. Records took a week to arrive.\n"
        ". The policy on banned items was unclear.\n"
        "In my opinion action should be taken to prevent future deaths.\n"
        "cs are under a duty to respond to this report within 56 days of the date of this report, namely by "
        "16” June 2023. |, the coroner, may extend the period.\n"
        "9 Jane Doe, 21 April 2023",
        ["Records took a week to arrive.", "The policy on banned items was unclear."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SECTION_ANCHORS)
def test_a_report_whose_headings_ocr_lost(text: str, expected: list[str]) -> None:
    extraction = extract(text)
    assert [c.text for c in extraction.concerns] == expected
    assert "concerns" in [s.name for s in extraction.sections]
    assert extraction.response_due == "2023-06-16"


# --- storage ------------------------------------------------------------------------------------------------


def test_the_age_is_stored_with_its_unit_and_survives_migration_0008_both_ways(
    db: str, sample_documents: Path
) -> None:
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    import lessons
    from lessons.store import MIGRATIONS

    def stored_age(lib: lessons.Library, document_id: int) -> tuple[object, ...]:
        row = lib.extraction(document_id)
        return row["deceased_age"], row["deceased_age_unit"], row["deceased_age_years"]

    with lessons.open(db) as lib:
        (result,) = lib.ingest([sample_documents / "sample_pfd_report.pdf"]).results
        document_id = result.document_id or 0
        assert stored_age(lib, document_id) == (15, "months", 1.25)  # "aged 15 months"
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with lib.store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")  # whole years, as before units were kept
            age = sa.text("SELECT deceased_age FROM extractions WHERE document_id = :id")
            assert connection.scalar(age, {"id": document_id}) == 1
            command.upgrade(config, "head")
        assert stored_age(lib, document_id) == (1, "years", 1)


# --- scanned reports ----------------------------------------------------------------------------------------

SAMPLE_PFD = Path(__file__).resolve().parents[1] / "examples" / "documents" / "sample_pfd_report.pdf"
SHARED_PFD = (
    Path(__file__).resolve().parents[2] / "shared" / "eval" / "documents" / "pfd_2023_henderson_surrey.pdf"
)


def scan_of(pdf: Path, out: Path, dpi: int, pages_with: tuple[str, ...] = ()) -> Path:
    """An image-only copy of a text PDF, as a scanner makes it (slightly skewed and soft at low resolution);
    only the pages whose text has one of `pages_with`, when given."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    document = pdfium.PdfDocument(pdf.read_bytes())
    images = []
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage().get_text_range()
        if pages_with and not any(word in text for word in pages_with):
            continue
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        image = image.rotate(0.5, fillcolor=255).filter(ImageFilter.GaussianBlur(0.6))
        images.append(image.convert("RGB"))
    document.close()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


needs_ocr = pytest.mark.skipif(
    not ocr_available(), reason="tesseract and pytesseract are not installed (the 'ocr' extra)"
)


@needs_ocr
def test_a_scanned_pfd_report_keeps_its_age_concerns_and_due_date(tmp_path: Path) -> None:
    from lessons.ingest import prepare_document

    path = scan_of(SAMPLE_PFD, tmp_path / "scanned_sample.pdf", dpi=200)
    extraction = prepare_document(path, path.read_bytes()).extraction
    assert extraction.doc_type.value == "pfd_report"
    assert extraction.deceased_age is not None
    assert (extraction.deceased_age.value, extraction.deceased_age.unit) == (15, "months")
    assert [c.number for c in extraction.concerns] == ["1", "2", "3", "4"]
    assert extraction.response_due == "2024-05-09"


@needs_ocr
@pytest.mark.skipif(not SHARED_PFD.exists(), reason="the shared evaluation documents are not here")
def test_a_scanned_table_layout_report_keeps_its_concerns_and_due_date(tmp_path: Path) -> None:
    from lessons.ingest import prepare_document

    path = scan_of(SHARED_PFD, tmp_path / "scanned_table.pdf", dpi=150, pages_with=("CONCERNS", "RESPONSE"))
    extraction = prepare_document(path, path.read_bytes()).extraction
    assert len(extraction.concerns) == 2
    assert "banned and restricted items" in extraction.concerns[1].text
    assert extraction.response_due == "2023-06-16"
