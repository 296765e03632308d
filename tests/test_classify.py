"""Document type and review kind: one or more short texts for each convention the learned model reads (written
for these tests, in the style of real documents), the evidence a decision keeps, the cue table's needles and
windows, and a retraining that reproduces the shipped weights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessons.extraction.classify import classify
from lessons.extraction.doctype.cues import CUES
from lessons.extraction.doctype.features import (
    FEATURE_NAMES,
    OPENING_CHARS,
    SIGN_OFF_CHARS,
    _matches,
    document_features,
    title_block,
)
from lessons.extraction.doctype.model import COEFFICIENTS, WEIGHTS_FILE, shipped_weights

_BODY = (
    "1.1 The review considered how agencies worked together in the eighteen months before the incident. "
    "Information was provided by the health visiting service, the GP practice, the police and children's "
    "social care, and practitioners took part in a learning event.\n\n"
    "1.2 The family were known to several services. Referrals were made on three occasions and each was "
    "closed after a single visit, without a check with the school or the health visitor.\n\n"
)


def _pad(text: str, size: int) -> str:
    """`text` followed by body paragraphs up to about `size` characters."""
    while len(text) < size:
        text += _BODY
    return text


SCR_TITLE_BLOCK = _pad(
    "Northshire Safeguarding Children Partnership\n\nSerious Case Review\n\nChild T\n\n"
    "Independent Reviewer: Jane Marsh\n\nMarch 2019\n\nContents\n\n1. Introduction\n2. Terms of Reference\n"
    "3. Methodology\n4. Chronology of key events\n5. Analysis\n6. Recommendations\n\n1. Introduction\n\n",
    3_000,
)

DOC_TYPES = [
    # Full review reports: a title block naming the review, an author line, a contents list; short ones too.
    (SCR_TITLE_BLOCK, "review_report"),
    (
        _pad(
            "Westvale Safeguarding Children Partnership\n\nLocal Child Safeguarding Practice Review\n\nBaby R\n\n"
            "Lead Reviewer: Tom Hale\n\nPublished: June 2022\n\nContents\n\nIntroduction\nMethodology\n"
            "Family involvement in the review\nFindings\n\nIntroduction\n\n",
            2_500,
        ),
        "review_report",
    ),
    (
        _pad(
            "Eastport Community Safety Partnership\n\nDomestic Homicide Review\n\nOverview Report\n\n"
            "Into the death of 'Anna' in May 2017\n\nReport Author: Ruth Cole\n\nContents\n\n1. The review process\n"
            "2. Terms of Reference\n3. Chronology\n\n1. The review process\n\n",
            2_500,
        ),
        "review_report",
    ),
    (
        _pad(
            "Safeguarding Adults Review\n\nMr K\n\nOverview Report Writer: Sam Patel\n\nContents\n\n"
            "1. Terms of Reference ........ 3\n2. Methodology ........ 4\n3. Chronology ........ 6\n\n",
            2_000,
        ),
        "review_report",
    ),
    # A mention is not a title: an executive summary listed in the contents leaves a report a report.
    (
        _pad(
            "Serious Case Review: Child W\n\nAuthor: Helen Ward\n\nContents\n\n1. Executive Summary ........ 3\n"
            "2. Introduction ........ 6\n3. Terms of Reference ........ 7\n4. Methodology ........ 8\n\n",
            2_500,
        ),
        "review_report",
    ),
    # A summary announces itself in its title block.
    (
        "Serious Case Review Summary\n\nChild Q\n\nMarch 2019\n\nChild Q was 14 when she was admitted to hospital "
        "after taking an overdose. She had been known to children's social care since the age of six.\n\n"
        "Key learning\n\nSchools should share concerns about attendance with the allocated social worker.",
        "review_summary",
    ),
    (
        "Learning from a Safeguarding Adults Review: Mr D\n\nMr D was a 67 year old man who lived alone and "
        "received care at home twice a day. He died in hospital from pressure ulcers.\n\nWhat happened\n\n"
        "Carers raised concerns about his skin, but no referral was made.",
        "review_summary",
    ),
    # Press statements: a weekday dateline, "has been published", a quote attributed to a named role.
    (
        "Review into the death of baby published\n\nWednesday, 14 December 2016\n\nA serious case review into "
        "the death of a baby in Northshire has been published by the Northshire Safeguarding Children Board.\n\n"
        'Jo Bell, independent chair of the Board, said: "Our thoughts are with the family. We accept the '
        'findings in full and agencies have already made changes."\n\nThe full report and learning brief can '
        "be downloaded here.",
        "press_statement",
    ),
    (
        "Today we publish the findings of a Child Safeguarding Practice Review about Child L.\n\n"
        "The review found that agencies did not share information about the risks posed by a family member.\n\n"
        "A spokesperson for the Partnership said: \u201cWe are determined that the lessons are learned.\u201d",
        "press_statement",
    ),
    # A journalist's news article about a review is not a statement.
    (
        "Social workers missed chances to protect boy, review finds\n\nA REVIEW published today has found that "
        "social workers missed several chances to protect a boy who was later seriously injured by his "
        "stepfather.\n\n"
        "Daniel Price, 31, of Northtown, was jailed for nine years in March. The court heard that the boy had "
        "been taken to hospital twice before.\n\nAccording to the report, the family moved house four times.",
        "other",
    ),
    # A letter is a PFD response only when it answers a coroner's report; an FOI letter about them is other.
    (
        "Freedom of Information request ref: FOI 2021/334\n\nDear Mr Jones\n\nThank you for your request for "
        "information received on 2 March 2021. You asked how many Regulation 28 reports the Trust has received "
        "from coroners since 2018 and what actions were taken.\n\nThe Trust received four Prevention of Future "
        "Deaths reports in that period.\n\nYours sincerely\n\nInformation Governance Team",
        "other",
    ),
    (
        "HM Senior Coroner\nCounty Hall\n\n12 May 2021\n\nDear Mrs Green\n\nRe: Regulation 28 Report to Prevent "
        "Future Deaths - Mr Peter Long\n\nThank you for your report dated 20 March 2021. I write on behalf of "
        "the Trust in response to the concerns raised in your report.\n\nYours sincerely\n\nChief Executive",
        "pfd_response",
    ),
    # Responses: a government or board response, action taken in response, learning from our reviews.
    (
        "Government response to the independent review of children's homes\n\nThis document sets out the "
        "government response to each of the review's recommendations and the action we will take.\n\n"
        "Recommendation 1\n\nWe accept this recommendation.",
        "board_response",
    ),
    (
        "Action taken in response to the Safeguarding Adults Review of Mrs F\n\nThe Board has accepted all of "
        "the recommendations of the review. This report sets out progress on each of them.\n\nRecommendation 1: "
        "Lead agency: Adult Social Care. Target date: March 2021. Progress to date: completed.",
        "board_response",
    ),
    # Neighbouring kinds are other: committee minutes, a parliamentary question, a procedures page.
    (
        "Children and Families Scrutiny Committee\n\nMinutes of the meeting held on 3 March 2021\n\nApologies: "
        "Cllr Smith\n\nSerious Case Review action plan\n\nThe Head of Service introduced the action plan. "
        "Councillor Jones asked about the target date for each outstanding action.",
        "other",
    ),
    (
        "Children: Safeguarding\n\n(asked on 2nd June 2022)\n\nQuestion to the Department for Education:\n\n"
        "To ask the Secretary of State for Education, how many serious case reviews were published in 2021.\n\n"
        "Answered by the Minister on 9 June 2022.",
        "other",
    ),
    # A regional paper's story is news, quotes and all: a lede whose first word is in capitals, reported speech
    # ("The coroner said there had been ..."), a person's age in apposition.
    (
        "NORTHTOWN Hospital Trust has apologised to the family of a man who died after a fall on a ward, an "
        "inquest heard.\n\nPeter Hall, 58, of Mill Lane, had been admitted with pneumonia in March.\n\nThe coroner "
        "said there had been missed chances to assess his risk of falling. The family told the hearing that staff "
        'had not checked on him overnight.\n\nMedical director Dr Ann Kerr said: "We are very sorry for the '
        "failings in Mr Hall's care.\"",
        "other",
    ),
    # A summary tells its subject's story; the action plan it mentions does not make it a response.
    (
        "Mr G died in a house fire in 2019. He had been known to mental health services for many years.\n\n"
        "A Safeguarding Adults Review found that agencies had tried hard to engage him.\n\nThe review made "
        "recommendations that have been developed into an action plan that will be monitored by the Board.",
        "review_summary",
    ),
    # ... also when the subjects are known by initials, in numbered paragraphs.
    (
        "1. Introduction\n1.1. In 2021 the Westshire Safeguarding Adults Partnership learned of the deaths of four "
        "people who had died in circumstances of self-neglect, and commissioned a thematic review.\n1.2. The "
        "review considered these circumstances:\n1.2.1. FF died in May 2020: FF was a man in his 60s who lived "
        "alone and declined support.\n1.2.2. GG died in July 2020: GG was a woman in her 80s.",
        "review_summary",
    ),
    # "Published <date>" is a date, not an announcement.
    (
        "X SAR - Published April 2021\n\nIntroduction from the Independent Chair of the Safeguarding Adults "
        "Board\n\nI commissioned a Safeguarding Adults Review following the death of X, a man who had been "
        "sleeping rough in the city.\n\nX was 44 when he died in hospital.\n\nLearning points\n\nOutreach workers "
        "should record every contact.",
        "review_summary",
    ),
    (
        "Serious Case Review: Child M\n\nFinal Report and Board Response\n\nPublished October 2016\n\nThe Board "
        "accepted all the recommendations of the review and this report sets out the action it has taken.",
        "board_response",
    ),
    # A body that "publishes a" review announces it.
    (
        "Review into the death of Mr Q\n\nThe Westshire Safeguarding Adults Board (WSAB) publishes a Safeguarding "
        "Adults Review into the death of Mr Q, a man in his 40s who had been homeless for several years.\n\nThe "
        "review found that agencies did not share what they knew about his health, and makes six recommendations "
        "to the Board.",
        "press_statement",
    ),
    # A review's name before another noun names something else: a toolkit for reviews is not a review.
    (
        "Northshire Learning and Improvement Framework\n\nAppendix 2\n\nSerious Case Review Toolkit\n\n"
        "Contents\n\n1. Introduction 4\n2. Deciding to hold a review 5\n3. Methodology 7\n4. Parallel processes 9\n"
        "Template 1: Referral Form 12\nTemplate 2: Lead Reviewer Person Specification 14",
        "other",
    ),
    # The PFD template (kept: it must not change).
    (
        "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS\n\nTHIS REPORT IS BEING SENT TO:\n1. The Chief Executive, "
        "Northshire NHS Trust\n\n1 CORONER\nI am Anne Lee, Senior Coroner for Northshire\n\n2 CORONER'S LEGAL "
        "POWERS\nI make this report under paragraph 7, Schedule 5, of the Coroners and Justice Act 2009.",
        "pfd_report",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOC_TYPES)
def test_document_type(text: str, expected: str) -> None:
    decision, _ = classify(text)
    assert decision.value == expected, decision.evidence
    assert 0.0 < decision.confidence <= 1.0


def test_the_same_document_is_typed_alike_as_an_opening_and_in_full() -> None:
    full = _pad(SCR_TITLE_BLOCK, 120_000)
    assert classify(full)[0].value == classify(full[:1_500])[0].value == "review_report"


def test_a_decision_keeps_the_cues_that_carried_it() -> None:
    decision, kind = classify(SCR_TITLE_BLOCK)
    assert decision.evidence is not None
    assert "title names the review: 'Serious Case Review'" in decision.evidence
    assert kind.evidence == "title names the review: 'Serious Case Review'"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # The title block's review decides, however often the body mentions another.
        (
            "Safeguarding Adults Review\n\nMrs E\n\nThe Serious Case Review procedure that preceded the Care Act "
            "did not apply. Earlier serious case reviews and a Serious Case Review in 2012 were read.",
            "sar",
        ),
        (
            "Concise Child Practice Review\n\nCPR 3/2019\n\nThe Domestic Homicide Review panel met twice.",
            "cpr",
        ),
        ("Significant Case Review\n\nChild A\n\nPublished by the Child Protection Committee.", "scr"),
        # Without one in the title, the kind mentioned most.
        ("Minutes\n\nThe Board discussed two Domestic Homicide Reviews and one DHR action plan.", "dhr"),
    ],
)
def test_review_kind(text: str, kind: str) -> None:
    assert classify(text)[1].value == kind


def test_title_block_stops_at_the_contents_list_and_reads_a_flattened_title_page() -> None:
    assert title_block(SCR_TITLE_BLOCK).splitlines()[-1] == "March 2019"
    flattened = (
        "SERIOUS CASE REVIEW IN RESPECT OF CHILD B PUBLIC SUMMARY REPORT This report was agreed " + "x " * 80
    )
    assert title_block(flattened) == "SERIOUS CASE REVIEW IN RESPECT OF CHILD B PUBLIC SUMMARY REPORT This"
    # Behind the case review repository's cover, the document's own title page is read too.
    covered = (
        "Serious Case Review\n\nRef: 2019/X123\n\nHeld in the national case review repository for Northshire "
        "Safeguarding Children Board\n\nThis report was written by an independent reviewer and belongs to the "
        "board that commissioned it, which alone may publish it.\n\nCopyright of this report remains with the "
        "commissioning board.\n\nNORTHSHIRE SAFEGUARDING CHILDREN BOARD\n\nEXECUTIVE SUMMARY\n\nChild T\n\n"
        "1. Introduction\n\n1.1 This review considered how agencies worked with Child T and her family."
    )
    assert title_block(covered).splitlines()[-3:] == [
        "NORTHSHIRE SAFEGUARDING CHILDREN BOARD",
        "EXECUTIVE SUMMARY",
        "Child T",
    ]
    # A flattened first paragraph whose capitalised start is a sentence's subject has no title.
    prose = "The Northshire Safeguarding Adults Board (NSAB) has today published a review " + "x " * 80
    assert title_block(prose) == ""


@pytest.mark.parametrize("text", [text for text, _ in DOC_TYPES])
def test_needles_and_windows_find_every_match(text: str) -> None:
    """Each pattern's needles occur in all its matches, and scanning only near them finds all matches."""
    opening = text[:OPENING_CHARS]
    regions = {
        "title": title_block(opening),
        "opening": opening,
        "sign_off": opening + text[-SIGN_OFF_CHARS:],
    }
    for cue in CUES:
        region = regions[cue.region]
        for pattern in cue.patterns:
            everywhere = list(pattern.regex.finditer(region))
            for match in everywhere:
                assert any(needle in match.group().lower() for needle in pattern.needles), (cue.name, match)
            near = list(_matches(pattern, region, region.lower()))
            assert [m.span() for m in near] == [m.span() for m in everywhere], cue.name


def test_every_feature_is_in_the_unit_interval_and_named_in_the_weights() -> None:
    values = document_features(SCR_TITLE_BLOCK).values
    assert set(values) >= set(FEATURE_NAMES) and all(0.0 <= values[n] <= 1.0 for n in FEATURE_NAMES)
    assert shipped_weights().features == FEATURE_NAMES


EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


@pytest.mark.skipif(not (EVAL / "openings").is_dir(), reason=f"../shared/eval is absent ({EVAL})")
def test_retraining_reproduces_the_shipped_weights(tmp_path: Path) -> None:
    from lessons.extraction.doctype import train

    weights, results = tmp_path / WEIGHTS_FILE, tmp_path / "doctype.json"
    train.main([str(EVAL), "--weights", str(weights), "--results", str(results)])
    shipped = Path(train.__file__).with_name(WEIGHTS_FILE)
    retrained, expected = (json.loads(f.read_text(encoding="utf-8")) for f in (weights, shipped))
    if retrained["training"]["sklearn"] == expected["training"]["sklearn"]:
        assert weights.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    else:  # another scikit-learn may round the last digit otherwise: the same data, C and model all the same
        del retrained["training"]["sklearn"], expected["training"]["sklearn"]
        assert (retrained["training"], retrained["classes"]) == (expected["training"], expected["classes"])
        found = [*retrained["intercepts"], *(v for row in retrained[COEFFICIENTS].values() for v in row)]
        wanted = [*expected["intercepts"], *(v for row in expected[COEFFICIENTS].values() for v in row)]
        assert list(retrained[COEFFICIENTS]) == list(expected[COEFFICIENTS])
        assert found == pytest.approx(wanted, abs=2e-3)
