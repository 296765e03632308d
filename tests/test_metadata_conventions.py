"""Conventions real documents use for their own date, their issuer and area, and the people they are about.

Every text here is written for the test, in the style of the documents it stands for."""

from __future__ import annotations

from pathlib import Path

import pytest

import lessons
from lessons.extraction import extract
from lessons.extraction.dates import ESTIMATED_FROM_DEADLINE, document_date, find_date, pfd_report_date
from lessons.extraction.issuers import issuer_and_area
from lessons.extraction.organisations import find_organisations
from lessons.extraction.subjects import subjects

# --- A document's own date --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "doc_type", "expected"),
    [
        # Labels: the date a document says it was published, updated, released, posted or completed.
        (
            "Key findings from reviews (accessible)\nUpdated 21 March 2024\nPrepared for the Department",
            None,
            "2024-03-21",
        ),
        ("Board minutes\nMeeting: 25/09/2018 - Committee Room 2\nPresent: the Chair", None, "2018-09-25"),
        (
            "Learning for the police: Quarter 2 briefing\nReleased September 2019\nThis briefing",
            None,
            "2019-09",
        ),
        (
            "Mr Q action plan\nDate range:\nSeptember 2020\nPublication date:\n01 October 2020\nRecommendation 1",
            None,
            "2020-10-01",
        ),
        (
            "Domestic Homicide Review\nAuthor: A. Writer Commissioned by: Northshire CSP Review completed: 6th May 2019",
            None,
            "2019-05-06",
        ),
        ("News\nPosted by Jo Bloggs at 09/10/2013 23:17:09\nThe chair said", "press_statement", "2013-10-09"),
        ("Approved for publication in June 2014\nSummary\nThe panel found", None, "2014-06"),
        # Numeric dates written with spaces, and OCR'd ordinals.
        ("Executive summary\nDate: 20.4. 2023\n1. Introduction", None, "2023-04-20"),
        ("Learning review\n21* April 2023\n1. Introduction", None, "2023-04-21"),
        # A press statement's weekday dateline, a date opening its first line; abbreviated months.
        (
            "Minister welcomes report\nThe minister launched the report.\nWednesday, 14 December 2016\nIt brings",
            "press_statement",
            "2016-12-14",
        ),
        ("SCR Publications\nWednesday, June 14, 2017\nDocumentation has been published.", None, "2017-06-14"),
        (
            "10th June 2016: Independent investigation into the care of P.\nThe review was commissioned",
            "press_statement",
            "2016-06-10",
        ),
        ("Last updated 20th Jun 2017\nA review has found missed opportunities.", None, "2017-06-20"),
        # A title block's date, the year of a title or of a copyright line.
        ("SERIOUS CASE REVIEW: March 2014\nThe death of Mrs T", None, "2014-03"),
        (
            "Learning briefing: Sam – non-accidental injury (2025)\nThe incident\nIn January 2025, Sam attended",
            None,
            "2025",
        ),
        ("It was hard to be safe\n© Crown copyright 2020\nThis publication is licensed", None, "2020"),
        # A month date made precise by a labelled day date that agrees.
        (
            "Joanna and Ben - published September 2021\nThe Board publishes a review.\nPosted: 14/09/2021",
            "press_statement",
            "2021-09-14",
        ),
    ],
)
def test_the_date_a_document_carries(text: str, doc_type: str | None, expected: str) -> None:
    assert document_date(text, doc_type) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dates of birth and death, an inspection, the report a response answers, a chronology's range.
        (
            "Serious Case Review: Baby T\nD.O.B\n01/01/2012\nD.O.D\n14/06/2012\nJuly 2013\n1. Introduction",
            "2013-07",
        ),
        (
            "Baby Q\nDate of birth\n2 May 2010\nDate of death\n3 June 2011\nEXECUTIVE SUMMARY\nJanuary 2012",
            "2012-01",
        ),
        ("Inspection report\nDate of Inspection: 2 September 2011\nThe home was visited.", None),
        ("Dear Madam\n\nThank you for your report dated 5 October 2017.\n\nThe trust has acted.", None),
        ("Key findings from reviews: September 2021 to October 2022\nUpdated 31 October 2024", "2024-10-31"),
        (
            "Domestic Homicide Review\nThe death of ‘Sam’ August 2015\nReport completed: August 2017",
            "2017-08",
        ),
        ("12.10.2020 (revised for publication 05.01.2021) Page 1 of 49\nContents", "2020-10-12"),
    ],
)
def test_other_dates_are_not_the_documents_own(text: str, expected: str | None) -> None:
    assert document_date(text, None) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Ist April 2023", "2023-04-01"),
        ("lst April 2023", "2023-04-01"),
        ('16" June 2023', "2023-06-16"),
        ("2nd of Sept, 2022", "2022-09-02"),
        ("21st day of April 2023", "2023-04-21"),
        ("April 24, 2023", "2023-04-24"),
        ("Sept 2019", "2019-09"),
        ("29-05-2025", "2025-05-29"),
    ],
)
def test_dates_as_written_and_as_read_by_ocr(written: str, expected: str) -> None:
    assert find_date(written) == expected


PFD_TAIL = (
    "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS\nTHIS REPORT IS BEING SENT TO:\n1. Chief Executive, Westshire "
    "NHS Trust\n1 CORONER\nI am Ann Smith, area coroner for the coroner area of Westshire.\n5 CORONER'S CONCERNS\n"
    "The MATTERS OF CONCERN are as follows:\n1. Discharge letters were not sent.\n7 YOUR RESPONSE\nYou are under a "
    "duty to respond to this report within 56 days of the date of this report, namely by 16th June 2023. I, the "
    "coroner, may extend the period.\n8 COPIES and PUBLICATION\nI have sent a copy of my report to the family.\n"
)


@pytest.mark.parametrize(
    ("signature", "expected", "note"),
    [
        ("9 Ann Smith, 21* April 2023", "2023-04-21", None),
        ('9 Ann Smith, 16" March 2023', "2023-03-16", None),
        ("9 Ist March 2023\nAnn Smith", "2023-03-01", None),
        # The signed date unreadable: the deadline less 56 days, flagged; never the deadline itself.
        ("9 Ann Smith, 2l5t Apri1 2O23", "2023-04-21", ESTIMATED_FROM_DEADLINE),
    ],
)
def test_a_pfd_reports_date_is_its_signed_date_never_its_deadline(
    signature: str, expected: str, note: str | None
) -> None:
    dated = pfd_report_date(PFD_TAIL + signature)
    assert (dated.value, dated.note) == (expected, note)


def test_a_pfd_report_estimated_date_is_noted_in_the_extraction() -> None:
    extraction = extract(PFD_TAIL + "9 Ann Smith")
    assert extraction.date == "2023-04-21" and extraction.notes == (ESTIMATED_FROM_DEADLINE,)
    assert extraction.to_json("r.txt")["notes"] == [ESTIMATED_FROM_DEADLINE]


def test_an_estimated_date_stays_flagged_in_the_library(db: str, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(PFD_TAIL + "9 Ann Smith\n", encoding="utf-8")
    with lessons.open(db) as lib:
        (result,) = lib.ingest([path]).results
        (row,) = lib.documents().itertuples()
    assert ESTIMATED_FROM_DEADLINE in result.warnings and ESTIMATED_FROM_DEADLINE in row.warnings
    assert row.date == "2023-04-21"


def test_a_pfd_report_cut_short_has_no_date_from_its_story() -> None:
    """No response section, no signed date, no deadline: a date in the story is not the report's."""
    text = (
        PFD_TAIL.split("7 YOUR RESPONSE")[0]
        + "He fell on the ward on the 19th March 2016 and died in April 2016."
    )
    assert pfd_report_date(text).value is None


def test_a_pfd_web_pages_date_of_report() -> None:
    text = (
        "Jo Bloggs: Prevention of future deaths report\nDate of report: 21/12/2018\nRef: 2018-0001\n"
        + PFD_TAIL
    )
    assert document_date(text, "pfd_report") == "2018-12-21"


# --- Issuer and area --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "issuer", "area"),
    [
        # NHS trusts, in a letterhead and in a sign-off.
        (
            "Westshire Partnership NHS Foundation Trust\nTrust Headquarters\n\n3 May 2021\n\nDear Coroner\n\n"
            "Thank you for your report. Eastshire County Council was also sent it.",
            "Westshire Partnership NHS Foundation Trust",
            "Westshire",
        ),
        (
            "Dear Sir\n\nThank you for your report concerning Eastshire Police.\n\nYours sincerely\n\nJo Bloggs\n"
            "Chief Executive\nNorthshire Hospitals NHS Foundation Trust",
            "Northshire Hospitals NHS Foundation Trust",
            "Northshire",
        ),
        # A body that says what it has done, in a letter with no letterhead.
        (
            "From Jo Bloggs MP\nMinister of State\n\n12 April 2022\n\nDear Mr Smith,\n\nThank you for your letter. "
            "The Department of Health and Social Care has considered your report carefully.",
            "Department of Health and Social Care",
            None,
        ),
        # A government department's letterhead split over lines.
        (
            "Department for\nEducation\n\nSanctuary Buildings\n\nDear Coroner\n\nThank you for your report.",
            "Department for Education",
            None,
        ),
        # Committee minutes, a national panel, a police force, an inspectorate, a charity.
        (
            "Minutes of the meeting of the Northshire Safeguarding Adults Board held on 3 May 2019\nPresent: Eastshire "
            "Safeguarding Children Partnership. Eastshire Safeguarding Children Partnership reported on training.",
            "Northshire Safeguarding Adults Board",
            "Northshire",
        ),
        (
            "Review into the deaths of two children\nThe Child Safeguarding Practice Review Panel has today published "
            "its national review. Westshire Council welcomed it.",
            "Child Safeguarding Practice Review Panel",
            None,
        ),
        (
            "Statement from Westshire Police following the inquest\nWe are sorry for the family's loss.",
            "Westshire Police",
            "Westshire",
        ),
        (
            "From 2019, reviews were sent to us. The Care Inspectorate’s triennial report of these reviews highlights "
            "neglect. Eastshire Council took part.",
            "Care Inspectorate",
            None,
        ),
        (
            "4th October 2017\nJo Bloggs, Director of INQUEST, said:\n“This verdict will add to the disquiet.”",
            "INQUEST",
            None,
        ),
        # "X, ORG role, said" and "ORG spokesperson said" in statements.
        (
            "Review published\nTom Jones, Northshire Council Director of Children’s Services, said: “We accept the "
            "findings.” The review named Eastshire NHS Trust.",
            "Northshire Council",
            "Northshire",
        ),
        # A board that says it has published the review, though a partner board is named more often.
        (
            "Mr AB – published May 2015\n\nThe Northshire Safeguarding Adults Board (NSAB) has today (11th May 2015) "
            "published a review. This was a joint review with Westshire Safeguarding Adults Board. The plan is on "
            "the Westshire Safeguarding Adults Board website and Westshire SAB thanks the family.",
            "Northshire Safeguarding Adults Board",
            "Northshire",
        ),
        # A coroner who writes "I am ...", post-nominal letters and all.
        (
            "Report\nI am Dr Jane Doe, LLM, Area Coroner for Northshire.\nThe inquest concluded.",
            "Dr Jane Doe, Area Coroner",
            "Northshire",
        ),
        # The judiciary's page gives the coroner's name; the report, the role.
        (
            "Jo Bloggs: Prevention of future deaths report\nCoroner name: Ann Smith\nCoroner Area: Westshire\n"
            "THIS REPORT IS BEING SENT TO: the Secretary of State for the Home Office Ann Smith HM Assistant "
            "Coroner, for the County of Westshire\nI make this report under paragraph 7.",
            "Ann Smith, HM Assistant Coroner",
            "Westshire",
        ),
        # A title block's "Council: Board", and a national panel that carried out the review.
        (
            "SERIOUS CASE REVIEW: March 2014\nNorthshire Council: Safeguarding Adults Board\nThe death of Mrs T",
            "Northshire Council",
            "Northshire",
        ),
        (
            "The national review into the murders of two children has recommended new teams.\nThe independent "
            "review, carried out by the national Child Safeguarding Practice Review Panel, looked at their lives.",
            "Child Safeguarding Practice Review Panel",
            None,
        ),
        # "and" and "of" inside a board's name; its place is the area.
        (
            "Mid and West Shire Safeguarding Board\nChild Practice Review\nCPR 2/2019",
            "Mid and West Shire Safeguarding Board",
            "Mid and West Shire",
        ),
        (
            "Royal Borough of Westshire Safeguarding Adults Board\nSafeguarding Adults Review: Mr K",
            "Royal Borough of Westshire Safeguarding Adults Board",
            "Westshire",
        ),
        # A board given as place + acronym, and a council letterhead that gives only its web address.
        (
            "Learning from the review\nWestshire LSCB has commissioned a serious case review.",
            "Westshire Local Safeguarding Children Board",
            "Westshire",
        ),
        (
            "WWW.NORTHSHIRE.GOV.UK\n\nCounty Hall Northtown Northshire NT1 1AA\n\n28 November 2017\n\nDear Sir\n\n"
            "I write about your report. The Chair of Northshire Safeguarding Children Board has decided to hold a review.",
            "Northshire County Council",
            "Northshire",
        ),
        # A repository publishing an anonymised review on a board's behalf.
        (
            "Serious Case Review\nPublished by the NSPCC\nOn behalf of an unnamed local safeguarding children board",
            "Unnamed local safeguarding children board",
            None,
        ),
    ],
)
def test_the_issuer_is_who_wrote_the_document(text: str, issuer: str, area: str | None) -> None:
    assert issuer_and_area(text) == (issuer, area)


@pytest.mark.parametrize(
    "text",
    [
        # A kind of board with no place is nobody's name; organisations merely discussed are not the issuer
        # (the last three held before: guards for the wider organisation patterns).
        "All Safeguarding Adults Boards must hold a Safeguarding Adults Review. The Local Safeguarding Children Board.",
        "The review found that Eastshire NHS Trust and Eastshire Police did not share information with the GP.",
        "Contents\nExpert Leads Panel ............ 9\nHackney Children and Families Service ...... 11",
        "Contents\n2.3 Westshire Hospitals NHS Trust 18\n2.4 Westshire Police 43\n2.5 Family members’ views 45",
    ],
)
def test_no_issuer_from_organisations_merely_mentioned(text: str) -> None:
    assert issuer_and_area(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Where one name ends and the next begins.
        (
            "Sent to the Ministry of Justice and HM Prison and Probation Service.",
            ["Ministry of Justice", "HM Prison and Probation Service"],
        ),
        (
            "Copied to Kent Community Safety Partnership Medway Community Safety Partnership",
            ["Kent Community Safety Partnership", "Medway Community Safety Partnership"],
        ),
        (
            "The Department of Health and Social Care and Westshire Hospitals NHS Trust replied.",
            [
                "Department of Health and Social Care",
                "Westshire Hospitals NHS Trust",
            ],
        ),
        ("Jo Bloggs, Westshire Council Director of Children’s Services", ["Westshire Council"]),
        # A hospital's department and a multi-agency meeting are no organisations.
        ("He was seen in the Emergency Department and at a Multi-Agency meeting.", []),
    ],
)
def test_organisation_names_and_their_bounds(text: str, names: list[str]) -> None:
    assert [m.name for m in find_organisations(text)] == names


# --- Subjects ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Child 1 and Child 2 lived with their mother. Child 1 was four.", ("Child 1", "Child 2")),
        ("This review concerns Adult 2, who lived alone. Adult 2 had a carer.", ("Adult 2",)),
        ("The review is about Child RN21. Child RN21 was 15.", ("Child RN21",)),
        ("The young man, referred to in this report as Tim, was 19.", ("Tim",)),
        ("The woman, referred to in this review as ‘Donna’, was 41.", ("Donna",)),
        ("SAR Donna - learning briefing\nBackground\nDonna lived with her daughter.", ("Donna",)),
        ("Learning briefing: Alex – non-accidental injury (2025)\nThe incident", ("Alex",)),
        (
            "WESTSHIRE SAFEGUARDING CHILDREN BOARD\nTHE OVERVIEW REPORT OF THE SERIOUS CASE REVIEW IN\nRESPECT OF CHILD B",
            ("Child B",),
        ),
        ("INDEPENDENT OVERVIEW REPORT\nINTO THE DEATH OF\n“ELIZABETH”\nPREPARED BY A WRITER", ("Elizabeth",)),
        ("Serious Case Review concerning AB1 & AB2\nOverview Report", ("AB1", "AB2")),
        # An organisation's acronym is no one's name.
        (
            "The Care Quality Commission, referred to as CQC, inspected the home. The CQC case notes were lost.",
            (),
        ),
    ],
)
def test_the_people_a_case_is_about(text: str, expected: tuple[str, ...]) -> None:
    assert subjects(text) == expected
