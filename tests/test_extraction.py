"""Extraction conventions, one table per kind, with short realistic examples written for these tests (not
taken from the evaluation documents)."""

from __future__ import annotations

import pytest

from lessons.extraction import extract
from lessons.extraction.classify import classify
from lessons.extraction.dates import document_date
from lessons.extraction.issuers import issuer_and_area
from lessons.extraction.items import extract_items
from lessons.extraction.pfd import parse_pfd_report
from lessons.extraction.pfd_parties import letter_addressee
from lessons.extraction.subjects import subjects


def recs(text: str, doc_type: str | None = None) -> list[tuple[str | None, str, str | None, str | None]]:
    return [(r.number, r.text, r.case, r.theme) for r in extract_items(text, (), doc_type).recommendations]


RECOMMENDATION_LAYOUTS = [
    (  # numbered under a heading
        "Recommendations\n\n1. The Partnership should audit referrals.\n2) Health visitors should record fathers.",
        [
            ("1", "The Partnership should audit referrals.", None, None),
            ("2", "Health visitors should record fathers.", None, None),
        ],
    ),
    (  # decimal numbers under a numbered heading, followed by another section
        "6. Recommendations\n\n6.1 Agencies should share information.\n6.2 The Board should publish a briefing.\n\n"
        "7. Conclusion\n\n7.1 This was a preventable death.",
        [
            ("6.1", "Agencies should share information.", None, None),
            ("6.2", "The Board should publish a briefing.", None, None),
        ],
    ),
    (  # "Recommendation N" labels with the text in the next paragraph; numbered notes before are no items
        "Recommendations\n\n9.1 An action plan was produced.\n\nRecommendation 1.\n\nSchools should be told of "
        "plans.\n\nRecommendation 2:\n\nGPs should flag the record.\n\nNB. Feedback will be given to staff.",
        [
            ("1", "Schools should be told of plans.", None, None),
            ("2", "GPs should flag the record.", None, None),
        ],
    ),
    (  # R-numbers
        "Key recommendations\n\nR1 Commissioners should fund an advocate.\nR2 Police should attend strategy meetings.",
        [
            ("1", "Commissioners should fund an advocate.", None, None),
            ("2", "Police should attend strategy meetings.", None, None),
        ],
    ),
    (  # introduced by a sentence; the list ends at the first line that is no item
        "The panel made a number of points. The following recommendations have been made:\n"
        "1. Crisis plans should be shared with schools.\n2. Discharge letters should go to the GP.\n"
        "We will report on progress in the spring.",
        [
            ("1", "Crisis plans should be shared with schools.", None, None),
            ("2", "Discharge letters should go to the GP.", None, None),
        ],
    ),
    (  # bullets under a heading, with no numbers
        "Recommendations\n\n• Review the neglect strategy.\n• Train staff in professional curiosity.\n\nSummary",
        [
            (None, "Review the neglect strategy.", None, None),
            (None, "Train staff in professional curiosity.", None, None),
        ],
    ),
    (  # sub-bullets belong to the item above; a case label follows it; a theme heading names the theme
        "Theme – Information Sharing\n\nRecommendations\n\n3. The Board should ensure that:\n• GPs attend conferences\n"
        "• minutes are circulated\nChild B and Child C\n\n4. The Board should review the escalation policy.\nFamily D",
        [
            (
                "3",
                "The Board should ensure that: GPs attend conferences minutes are circulated",
                "Child B and Child C",
                "Information Sharing",
            ),
            ("4", "The Board should review the escalation policy.", "Family D", "Information Sharing"),
        ],
    ),
    (  # a case label glued to the last word by a PDF converter
        "Recommendations\n\n5. Staff should be reminded of the escalation procedure.Child K",
        [("5", "Staff should be reminded of the escalation procedure.", "Child K", None)],
    ),
    (  # a glued case label followed by the next section's heading: neither is part of the item
        "Recommendations\n\n6. The Board should audit the use of interpreters. Family C Board Response\n\n"
        "The Board accepts this recommendation.",
        [("6", "The Board should audit the use of interpreters.", "Family C", None)],
    ),
    (  # an item stopping at a colon is completed by the next line, which is no new paragraph
        "Recommendations\n\n7. The Board should involve young people in:\nPlanning the review and sharing "
        "its lessons with schools.\n8. GPs should record who attends.",
        [
            (
                "7",
                "The Board should involve young people in: Planning the review and sharing its lessons with schools.",
                None,
                None,
            ),
            ("8", "GPs should record who attends.", None, None),
        ],
    ),
    (  # a short numbered item that takes the next number is no heading
        "Recommendations\n\n10. The Board should:\n• audit cases\n11. The Board should\n\n• ask the DfE to act",
        [
            ("10", "The Board should: audit cases", None, None),
            ("11", "The Board should ask the DfE to act", None, None),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RECOMMENDATION_LAYOUTS)
def test_recommendation_layouts(
    text: str, expected: list[tuple[str | None, str, str | None, str | None]]
) -> None:
    assert recs(text) == expected


def test_lessons_and_findings_are_their_own_kind() -> None:
    text = (
        "5. Lessons to be learnt\n\n5.1 Pre-birth assessments should include fathers.\n\n"
        "Key findings\n\n• Information was not shared.\n\nRecommendations\n\n1. Publish a pre-birth protocol."
    )
    items = extract_items(text)
    assert [(f.kind, f.number, f.text) for f in items.findings] == [
        ("lesson", "5.1", "Pre-birth assessments should include fathers."),
        ("finding", None, "Information was not shared."),
    ]
    assert [r.text for r in items.recommendations] == ["Publish a pre-birth protocol."]


ACTION_LAYOUTS = [
    (
        "Actions taken and changes made\n\n• A neglect toolkit was launched.\n\nActions to be taken\n\n"
        "• Audit the toolkit's use.\n• Report to the Board in March.",
        [
            ("A neglect toolkit was launched.", "taken"),
            ("Audit the toolkit's use.", "planned"),
            ("Report to the Board in March.", "planned"),
        ],
    ),
    (
        "Next steps\n\n1. Refresh the escalation policy.\n\nProgress to date\n\n1. Training delivered to 200 staff.",
        [("Refresh the escalation policy.", "planned"), ("Training delivered to 200 staff.", "taken")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ACTION_LAYOUTS)
def test_action_layouts(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(a.text, a.status) for a in extract_items(text).actions] == expected


def test_prose_recommendations_and_actions_in_a_press_statement() -> None:
    text = (
        "Statement from the Independent Chair\n\nThe review made recommendations in four areas. They include asking "
        "the Partnership to check that plans are shared. The Board was also asked to review training.\n\n"
        "Agencies have produced an action plan. This will be monitored by the Board."
    )
    items = extract_items(text, (), "press_statement")
    assert [r.text for r in items.recommendations] == [
        "They include asking the Partnership to check that plans are shared.",
        "The Board was also asked to review training.",
    ]
    assert [(a.text, a.status) for a in items.actions] == [
        ("Agencies have produced an action plan.", "taken"),
        ("This will be monitored by the Board.", "planned"),
    ]
    assert extract_items(text, (), "review_report").recommendations == ()  # prose is read in statements only


DOC_TYPES = [
    (
        "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS\nTHIS REPORT IS BEING SENT TO:\n1. The Trust",
        "pfd_report",
    ),
    (
        "Dear Ms Smith\n\nI write in response to your Regulation 28 report dated 1 May 2020.\n\nYours sincerely",
        "pfd_response",
    ),
    ("Press release\n\nThe Board has today published a review.\n\nEnds", "press_statement"),
    (
        "Response to the Serious Case Review of Child Q\n\nLSCB Response\n\nThe Board accepts the findings.",
        "board_response",
    ),
    ("Northshire Safeguarding Children Partnership\n\nEXECUTIVE SUMMARY\n\nChild Q", "review_summary"),
    ("Minutes of the meeting held on 3 March 2021. Apologies were received.", "other"),
]


@pytest.mark.parametrize(("text", "expected"), DOC_TYPES)
def test_document_types(text: str, expected: str) -> None:
    decision, _ = classify(text)
    assert decision.value == expected
    assert expected == "other" or decision.evidence


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A Local Child Safeguarding Practice Review (LCSPR) was held.", "lcspr"),
        ("This Safeguarding Adults Review concerns Mr B. The SAR found", "sar"),
        ("A Concise Child Practice Review was commissioned in Wales.", "cpr"),
        ("The Domestic Homicide Review panel", "dhr"),
        ("The Serious Case Review (SCR) found", "scr"),
    ],
)
def test_review_kinds(text: str, kind: str) -> None:
    assert classify(text)[1].value == kind


@pytest.mark.parametrize(
    ("text", "doc_type", "expected"),
    [
        ("Northshire Council\n\n12th March 2019\n\nDear Sir", "pfd_response", "2019-03-12"),
        ("Executive Summary\n\nJune 2016\n\n1. Introduction", "review_summary", "2016-06"),
        (
            "Statement\n\nThe Board has today (4th July 2018) published its review of an incident in May 2017.",
            "press_statement",
            "2018-07-04",
        ),
        ("Statement\n\nThe child died on 3 May 2017.", "press_statement", None),  # no date of its own
        (
            "... 8 COPIES and PUBLICATION\nI have sent a copy.\n9 Jane Doe, 2nd February 2022",
            "pfd_report",
            "2022-02-02",
        ),
    ],
)
def test_document_dates(text: str, doc_type: str, expected: str | None) -> None:
    assert document_date(text, doc_type) == expected


@pytest.mark.parametrize(
    "text",
    [
        "7 Minute Briefing\n\nChild Safeguarding Practice Review: Child W\nWestshire Safeguarding Children Partnership",
        "Serious Case Review: Baby Q\nWestshire Local Safeguarding Children Board\nMarch 2013",
    ],
)
def test_issuer_after_a_title_line_ending_in_a_pseudonym(text: str) -> None:
    """The pseudonym that ends a title line is not part of the organisation named on the next line."""
    issuer, area = issuer_and_area(text)
    assert issuer is not None and issuer.startswith("Westshire") and area == "Westshire"


def test_issuer_area_and_subjects() -> None:
    text = (
        "NORTHSHIRE SAFEGUARDING CHILDREN PARTNERSHIP\n\nLearning from the review of Child T and Family W.\n"
        "Northshire Safeguarding Children Partnership thanks the family of Child T. Family W were known to police. "
        "Mr G.U. Smith attended."
    )
    assert issuer_and_area(text) == ("Northshire Safeguarding Children Partnership", "Northshire")
    assert subjects(text) == ("Child T", "Family W")
    assert subjects("The subject children are referred to as Child P and Sibling. Child P was two.")[:2] == (
        "Child P",
        "Sibling",
    )
    assert subjects("I refer to the JB Serious Case Review and JB's death.") == ("JB",)


def test_letter_addressee() -> None:
    assert letter_addressee("Council House\n\nMr A.B. Jones\nHM Coroner\nThe Court\n\nDear Mr Jones") == (
        "Mr A.B. Jones, HM Coroner"
    )


PFD = """REGULATION 28: REPORT TO PREVENT FUTURE DEATHS
THIS REPORT IS BEING SENT TO:
1. Chief Executive, Northshire NHS Trust
2. Director of Children's Services, Northshire
Council
1 CORONER
I am Jane Doe, area coroner for the coroner area of Northshire.
2 CORONER'S LEGAL POWERS
I make this report under paragraph 7, Schedule 5, of the Coroners and Justice Act 2009.
3 INVESTIGATION and INQUEST
An inquest into the death of Master Tom Brown was opened. Tom was 15 years old. He died on 4th January 2021.
4 CIRCUMSTANCES OF THE DEATH
Tom was found at home.
5 CORONER'S CONCERNS
During the course of the inquest the evidence revealed matters giving rise to concern.
The MATTERS OF CONCERN are as follows:
1. There was no crisis plan shared with the school.
2. The referral to CAMHS waited 12 weeks for triage,
which was longer than the Trust's own standard.
6 ACTION SHOULD BE TAKEN
In my opinion action should be taken.
7 YOUR RESPONSE
You are under a duty to respond to this report within 56 days of the date of this report.
8 COPIES and PUBLICATION
I have sent a copy of my report to the Chief Coroner.
9 Jane Doe, 1st March 2021
"""


def test_pfd_report_template() -> None:
    report = parse_pfd_report(PFD, (), "2021-03-01")
    assert [s.name for s in report.sections] == [
        "sent_to",
        "coroner",
        "legal_powers",
        "inquest",
        "circumstances",
        "concerns",
        "action",
        "response",
        "copies",
        "signature",
    ]
    assert [r.name for r in report.recipients] == [
        "Chief Executive, Northshire NHS Trust",
        "Director of Children's Services, Northshire Council",
    ]
    assert {r.response_due for r in report.recipients} == {
        "2021-04-26"
    }  # no date stated: report date + 56 days
    assert (report.coroner, report.area) == ("Jane Doe, area coroner", "Northshire")
    assert report.deceased_age is not None
    assert (report.deceased, report.deceased_age.years, report.date_of_death) == (
        "Tom Brown",
        15,
        "2021-01-04",
    )
    assert [(c.number, c.text) for c in report.concerns] == [
        ("1", "There was no crisis plan shared with the school."),
        (
            "2",
            "The referral to CAMHS waited 12 weeks for triage, which was longer than the Trust's own standard.",
        ),
    ]


def test_pfd_report_with_a_stated_due_date_and_unnumbered_concern() -> None:
    text = PFD.replace(
        "within 56 days of the date of this report.",
        "within 56 days of the date of this report, namely by 30th April 2021.",
    ).replace(
        "The MATTERS OF CONCERN are as follows:\n1. There was no crisis plan shared with the school.\n"
        "2. The referral to CAMHS waited 12 weeks for triage,\nwhich was longer than the Trust's own standard.",
        "The issue about which I have concern is clear.\n should ensure that every referral is triaged within "
        "two weeks and that families are told who to call.",
    )
    extraction = extract(text)
    assert extraction.doc_type.value == "pfd_report"
    assert extraction.response_due == "2021-04-30"
    assert [c.text for c in extraction.concerns] == [
        "should ensure that every referral is triaged within two weeks and that families are told who to call."
    ]
    assert extraction.subjects == ("Tom Brown",)


def test_every_item_span_points_at_its_text() -> None:
    text = "Recommendations\n\n1. The Partnership should audit referrals.\n\nActions to be taken\n\n• Audit in May."
    extraction = extract(text)
    for item in (*extraction.recommendations, *extraction.actions):
        assert item.text in " ".join(text[item.span.start : item.span.end].split())


@pytest.mark.parametrize(
    ("bullet", "owner", "due"),
    [
        ("• The LSCB Chair will write to the Trust by 30 June 2015.", "LSCB Chair", "2015-06-30"),
        ("• Police to attend every strategy meeting before March 2016.", "Police", "2016-03"),
        (
            "• Head of Education and Early Help to report to the Board.",
            "Head of Education and Early Help",
            None,
        ),
        ("• Review the escalation policy.", None, None),
    ],
)
def test_action_owner_and_due_date(bullet: str, owner: str | None, due: str | None) -> None:
    (action,) = extract_items(f"Actions to be taken\n\n{bullet}").actions
    assert (action.owner, action.due) == (owner, due)


def test_a_response_names_the_report_it_answers() -> None:
    letter = (
        "Children's Services\n\nMrs C Green\nSenior Coroner\n\n2 June 2019\n\nDear Mrs Green\n\n"
        "Inquest into the death of Jamie Lee Fox\n\nI write in response to your Regulation 28 report dated "
        "3rd April 2019 following the inquest.\n\nYours sincerely"
    )
    extraction = extract(letter)
    assert extraction.doc_type.value == "pfd_response"
    assert (extraction.report_date, extraction.deceased, extraction.date) == (
        "2019-04-03",
        "Jamie Lee Fox",
        "2019-06-02",
    )
    assert extraction.addressee == "Mrs C Green, Senior Coroner" == extraction.coroner


def test_a_response_quoting_the_report_title_is_still_a_response() -> None:
    letter = (
        "Dear Sir\n\nI am responding to your Regulation 28 Report to Prevent Future Deaths, dated 29 May 2014, "
        "which raised the coroner's concerns about record sharing.\n\nYours faithfully"
    )
    assert classify(letter)[0].value == "pfd_response"


def test_no_template_headings_no_sections() -> None:
    assert parse_pfd_report("A short text with no template at all.", (), None).sections == ()


def test_recommendations_in_an_html_table_fragment() -> None:
    from lessons.cleaning import clean
    from lessons.models import SourceText

    source = (
        "<h2>Recommendations</h2><table><tr><th>No.</th><th>Recommendation</th><th>Case</th></tr>"
        "<tr><td>1.</td><td>1. The Partnership should audit the use of the neglect toolkit.</td><td>Child S</td></tr>"
        "<tr><td>2.</td><td>2. Schools should record every contact with the family.</td><td>Child S</td></tr></table>"
    )
    text = clean(SourceText(source, "txt")).text
    assert [(r.number, r.text, r.case) for r in extract(text).recommendations] == [
        ("1", "The Partnership should audit the use of the neglect toolkit.", "Child S"),
        ("2", "Schools should record every contact with the family.", "Child S"),
    ]


@pytest.mark.parametrize(
    ("heading", "mode"),
    [
        ("Findings and recommendations", "recommendation"),
        ("Recommendations for the Partnership", "recommendation"),
        ("Progress on the recommendations", None),
        ("Key findings", "finding"),
    ],
)
def test_heading_words(heading: str, mode: str | None) -> None:
    from lessons.extraction.items import _heading_mode
    from lessons.extraction.lines import Line

    assert _heading_mode(Line(0, len(heading), heading)) == mode


def test_a_response_letter_is_issued_by_the_organisation_that_signs_it() -> None:
    letter = (
        "Dear Mrs Green\n\nI write in response to your Regulation 28 report dated 3rd April 2019.\n\n"
        "Yours sincerely\n\nDr P Jones\nChief Executive\nNorthshire Community Health NHS Foundation Trust"
    )
    assert extract(letter).issuer == "Northshire Community Health NHS Foundation Trust"


def test_actions_told_in_a_response_letter() -> None:
    letter = (
        "Dear Dr Brown\n\nThank you for your report following the inquest into the death of Kim.\n\n"
        "We have introduced a discharge checklist on every ward. The Trust will audit its use in June. "
        "Staff were very sorry to hear of Kim's death. We follow national guidance, and your report may have "
        "been better directed to NHS England.\n\nYours sincerely\n\nA Smith\nChief Executive"
    )
    items = extract_items(letter, (), "pfd_response")
    assert [(a.text, a.status) for a in items.actions] == [
        ("We have introduced a discharge checklist on every ward.", "taken"),
        ("The Trust will audit its use in June.", "planned"),
    ]


def test_board_response_with_recommendation_response_and_actions() -> None:
    text = (
        "Recommendation One: The Partnership should publish a neglect strategy.\n\n"
        "Response\n\nAccepted. The strategy is being drafted.\n\n"
        "Actions agreed\n\n• Publish the strategy by 31 March 2021.\n• The audit of neglect cases has been completed."
    )
    items = extract_items(text)
    assert [(r.number, r.text) for r in items.recommendations] == [
        ("One", "The Partnership should publish a neglect strategy.")
    ]
    assert [(a.text, a.status, a.due) for a in items.actions] == [
        ("Publish the strategy by 31 March 2021.", "planned", "2021-03-31"),
        ("The audit of neglect cases has been completed.", "taken", None),
    ]


TABLE_PFD = """REGULATION 28 REPORT TO PREVENT FUTURE DEATHS

| | THIS REPORT IS BEING SENT TO: Chief Constable, Northshire Police |
|--|--|
| 1 | CORONER I am Mr John Roe, HM Senior Coroner for the coroner area of Northshire and Westvale |
| 2 | CORONER'S LEGAL POWERS I make this report under paragraph 7, Schedule 5, of the Coroners and Justice Act 2009. |
| 3 | INVESTIGATION and INQUEST On 3 January 2023 I commenced an investigation into the death of Jane Mary Doe, aged 16. |
| 4 | CIRCUMSTANCES OF THE DEATH Jane was found at home. |
| 5 | CORONER'S CONCERNS During the course of the inquest the evidence revealed matters giving rise to concern. The MATTERS OF CONCERN are as follows. – (1) Officers attending the call were not aware of previous reports of self-harm. (2) There was no process for sharing the risk assessment with the school. |
| 6 | ACTION SHOULD BE TAKEN In my opinion action should be taken to prevent future deaths. |
| 7 | YOUR RESPONSE You are under a duty to respond to this report within 56 days of the date of this report, namely by 7 July 2023. |
| 8 | COPIES and PUBLICATION I have sent a copy of my report to the Chief Coroner. |
| 9 | 12/05/2023 Mr John Roe |
"""


def test_pfd_report_laid_out_as_the_template_table() -> None:
    from lessons.cleaning import clean
    from lessons.models import SourceText

    extraction = extract(clean(SourceText(TABLE_PFD, "md")).text)
    assert extraction.doc_type.value == "pfd_report"
    assert (extraction.date, extraction.response_due) == ("2023-05-12", "2023-07-07")
    assert extraction.coroner == "Mr John Roe, HM Senior Coroner"
    assert extraction.deceased_age is not None
    assert (extraction.deceased, extraction.deceased_age.years) == ("Jane Mary Doe", 16)
    assert [r.name for r in extraction.recipients] == ["Chief Constable, Northshire Police"]
    assert [(c.number, c.text) for c in extraction.concerns] == [
        ("1", "Officers attending the call were not aware of previous reports of self-harm."),
        ("2", "There was no process for sharing the risk assessment with the school."),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Re: Inquest touching the death of John Paul Smith", "John Paul Smith"),
        ("Regulation 28 Report - Kelly Ann Jones (deceased)", "Kelly Ann Jones"),
        ("An inquest into the death of Miss Amy Baker was opened", "Amy Baker"),
        ("the death of a man who lived alone", None),
    ],
)
def test_deceased_names(text: str, name: str | None) -> None:
    from lessons.extraction.people import deceased_name

    assert deceased_name(text) == name
