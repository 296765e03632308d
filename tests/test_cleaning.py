"""Cleaning conventions, one table per kind of artifact: (input, expected) pairs of short realistic text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factories import page_body, printed_web_page_pdf
from lessons.cleaning import clean
from lessons.models import Page, SourceText
from lessons.offsets import MappedText, OffsetMap


def cleaned(text: str) -> str:
    return clean(SourceText(text, "txt")).text


MARKDOWN = [
    ("Leicester **Safeguarding** **Children Board**", "Leicester Safeguarding Children Board"),
    ("## Concluded Inquest into the Death", "Concluded Inquest into the Death"),
    (
        "- 1. Introduction**\n- 2. The Reasons for the Review**",
        "1. Introduction\n2. The Reasons for the Review",
    ),
    ("- 1.2 The purpose of a review is to:", "1.2 The purpose of a review is to:"),
    ("- Fractured left clavicle\n - Bruising to head", "• Fractured left clavicle\n• Bruising to head"),
    ("See [the report](https://example.org/r.pdf) now.", "See the report now."),
    ("Item 1\\. was agreed", "Item 1. was agreed"),
    ("*Working Together* 2010", "Working Together 2010"),
    ("Name: ________ (redacted)", "Name: ________ (redacted)"),
]

TABLES = [
    (
        "Recommendations\n\n- | | |\n|--|----|\n| 9. The Board should promote escalation. | Child I and Child M |\n",
        "Recommendations\n\n9. The Board should promote escalation.\nChild I and Child M",
    ),
    (
        "| 10. The Board should:\n- require all agencies to remind staff.\n- develop an audit programme. | Family A |",
        "10. The Board should:\n• require all agencies to remind staff.\n• develop an audit programme.\nFamily A",
    ),
    (
        '| <p>18. The Board should ensure:</p> <ul style="list-style-type: none"> -There is a holistic approach.'
        " - It promotes an approach which includes fathers. | <p>Child I and Child M</p> |",
        "18. The Board should ensure:\n• There is a holistic approach.\n"
        "• It promotes an approach which includes fathers.\nChild I and Child M",
    ),
    ("| a | b |\n| c | d |", "a\nb\n\nc\nd"),
]

HTML = [
    (
        "make use of the <i>Resolving Professional Disagreements Procedure</i> as agreed",
        "make use of the Resolving Professional Disagreements Procedure as agreed",
    ),
    ("Health &amp; Social Care &#8211; 2014", "Health & Social Care – 2014"),
    ("available at <http://www.lcitylscb.org/>", "available at http://www.lcitylscb.org/"),
    ("<p>First paragraph.</p><p>Second paragraph.</p>", "First paragraph.\nSecond paragraph."),
    ("children aged <5 years", "children aged <5 years"),
]

WORDS = [
    ("the work of safe-\nguarding boards", "the work of safeguarding boards"),
    ("the multi-\nagency panel met", "the multi-agency panel met"),
    ("Inmy opinion there is a risk", "In my opinion there is a risk"),
    ("who he believes may find ituseful or of interest", "who he believes may find it useful or of interest"),
    ("aboutthe release of your response", "about the release of your response"),
    ("REPORT TO PREVENT FUTURE DEATHSTHIS REPORT", "REPORT TO PREVENT FUTURE DEATHS THIS REPORT"),
    (
        "the Coroners and Justice Act 2009and Regulations 28",
        "the Coroners and Justice Act 2009 and Regulations 28",
    ),
    (
        "Miss Henderson was seen by Dr Wooster at the Priory",
        "Miss Henderson was seen by Dr Wooster at the Priory",
    ),
    ("CAMHS and Ofsted; childminders", "CAMHS and Ofsted; childminders"),
]

LINES = [
    (  # hard-wrapped prose joins up; the list item after it does not
        "The inquest was concluded on the 23rd February 2023 and the evidence in respect of\n"
        "matters pertaining to this report was heard on the 20th March 2023 at the court in\n"
        "Woking.\n1. The Priory staff knew of the risk.",
        "The inquest was concluded on the 23rd February 2023 and the evidence in respect of matters pertaining "
        "to this report was heard on the 20th March 2023 at the court in Woking.\n1. The Priory staff knew of "
        "the risk.",
    ),
    (  # an address block stays line by line
        "Mr G.U. Williams\nHM Coroner\nThe Court House\nBewdley Road\n\n30th June 2014",
        "Mr G.U. Williams\nHM Coroner\nThe Court House\nBewdley Road\n\n30th June 2014",
    ),
    (  # a paragraph broken by a blank line in mid-sentence
        "Under this guidance a Serious Case Review Panel\n\nwas established comprising senior representatives.",
        "Under this guidance a Serious Case Review Panel was established comprising senior representatives.",
    ),
    (
        "receiving universal services from the Health Visiting service and the\n\nGP service. They were not",
        "receiving universal services from the Health Visiting service and the GP service. They were not",
    ),
    (  # headings and complete sentences stay apart
        "7. Lessons to be Learnt\n\n7.1 Agencies should share information.\n\nRecommendations",
        "7. Lessons to be Learnt\n\n7.1 Agencies should share information.\n\nRecommendations",
    ),
    ("Line one   with  spaces  \n\n\n\nLine two", "Line one with spaces\n\nLine two"),
]


@pytest.mark.parametrize(("text", "expected"), MARKDOWN + TABLES + HTML + WORDS + LINES)
def test_clean_convention(text: str, expected: str) -> None:
    assert cleaned(text) == expected


def test_running_headers_footers_and_page_numbers_of_pdf_pages_are_removed() -> None:
    pages_text = [
        f"Northshire Safeguarding Children Partnership\nLearning review: Child P\n{body}\nPage {n} of 3"
        for n, body in enumerate(["Paragraph one is here.", "Paragraph two is here.", "Paragraph three."], 1)
    ]
    text = "\f".join(pages_text)
    spans, pos = [], 0
    for number, page in enumerate(pages_text, 1):
        spans.append(Page(number, pos, pos + len(page)))
        pos += len(page) + 1
    result = clean(SourceText(text, "pdf", tuple(spans)))
    assert "Northshire" not in result.text
    assert "Page" not in result.text
    assert result.text.split("\n\n") == [
        "Paragraph one is here.",
        "Paragraph two is here.",
        "Paragraph three.",
    ]
    assert [result.page_at(result.text.index(f"Paragraph {w}")) for w in ("one", "two", "three")] == [1, 2, 3]


def test_numbered_running_lines_in_text_are_removed_but_repeated_content_is_kept() -> None:
    blocks = [
        f"Learning and Improvement Report – {n}\n\nRecommendation {n}\n\nRecommendation text number {n}.\n\n"
        "Child I and Child M"
        for n in range(1, 5)
    ]
    result = cleaned("\n\n".join(blocks))
    assert "Improvement Report" not in result
    assert [f"Recommendation {n}" in result.splitlines() for n in range(1, 5)] == [True] * 4
    assert result.count("Child I and Child M") == 4
    assert result.count("Recommendation text number") == 4


def test_bare_page_numbers_in_converted_text_are_removed() -> None:
    assert cleaned("End of a page.\n\n12\n\nStart of the next.\n\n- 13 -\n\nMore.") == (
        "End of a page.\n\nStart of the next.\n\nMore."
    )


def test_paragraph_split_across_a_page_break_is_joined() -> None:
    text = "The observation level\nwas reduced to twice an hour and then further to\f3\nonce an hour on the 21st."
    pages = (Page(1, 0, text.index("\f")), Page(2, text.index("\f") + 1, len(text)))
    result = clean(SourceText(text, "pdf", pages))
    assert (
        result.text
        == "The observation level was reduced to twice an hour and then further to once an hour on the 21st."
    )
    assert result.page_at(result.text.index("once")) == 2


# --- offsets ------------------------------------------------------------------------------------------------


def assert_offsets_faithful(source: str, result_text: str, offsets: OffsetMap) -> None:
    """Every letter and digit of the clean text maps back to the same character of the source."""
    for index, ch in enumerate(result_text):
        if ch.isalnum():
            assert source[offsets.to_source(index)] == ch, (
                index,
                ch,
                source[offsets.to_source(index) - 5 :][:12],
            )


@pytest.mark.parametrize(("text", "expected"), MARKDOWN + TABLES + HTML + WORDS + LINES)
def test_offsets_point_back_to_the_source(text: str, expected: str) -> None:
    result = clean(SourceText(text, "txt"))
    assert_offsets_faithful(text, result.text, result.offsets)


def test_offsets_on_bundled_documents(sample_documents: Path) -> None:
    for path in sorted(sample_documents.glob("*.txt")):
        source = path.read_text(encoding="utf-8")
        result = clean(SourceText(source, "txt"))
        assert_offsets_faithful(source, result.text, result.offsets)
        assert "**" not in result.text and "<p>" not in result.text and "|" not in result.text


def test_a_recommendation_span_maps_to_its_source_span(sample_documents: Path) -> None:
    source = (sample_documents / "003_c16dea13c7f814e0.txt").read_text(encoding="utf-8")
    result = clean(SourceText(source, "txt"))
    start = result.text.index("18. Southampton Local Safeguarding")
    end = result.text.index("children’s social care services.", start) + len(
        "children’s social care services."
    )
    source_start, source_end = result.offsets.span_to_source(start, end)
    original = source[source_start:source_end]
    assert original.startswith("18. Southampton") and original.endswith("social care services.")
    assert "<ul" in original  # the span in the source still holds its markup
    assert re.sub(r"\s+", " ", result.text[start:end]).count("•") == 4


def test_offset_map_round_trips_through_json() -> None:
    mapped = MappedText.identity("a  b\n\n\nc").sub(re.compile(r"\s+"), " ")
    offsets = mapped.offset_map()
    assert OffsetMap.from_json(offsets.to_json()) == offsets
    assert mapped.text == "a b c"
    assert [offsets.to_source(i) for i in range(len(mapped.text))] == [0, 1, 3, 4, 7]
    assert offsets.span_to_source(2, 5) == (3, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Table of recommendations\n1\nShare information.\n2\nTrain staff.",
            "1\nShare information.\n2\nTrain",
        ),
        ("The child was aged\n15 months when the referral was made.", "aged 15 months when"),
        ("and is available for publication on the 15th May\n\n2018\n\nRatified", "May\n\n2018\n\nRatified"),
        ("Working Together to Safeguard Children\n\n2019/20\n\nChild R", "Children\n\n2019/20\n\nChild R"),
    ],
)
def test_numbers_that_are_content_stay(text: str, expected: str) -> None:
    assert expected in cleaned(text)


# --- page furniture: print stamps, page counters, running lines ----------------------------------------------

STAMP = "02/12/2026, 10:{minute} Independent review of children's social care - GOV.UK"
ADDRESS = "https://www.gov.uk/government/publications/independent-review-of-childrens-social-care"
PAGE_BODIES = [
    ["Recommendation 1", "The Department should publish national guidance on thresholds.", "It sets a date."],
    ["Recommendation 2", "Police forces should record every contact with a child.", "Schools help."],
    ["Recommendation 3", "Local authorities should fund independent advocates.", "Courts agree."],
]
CONTENT = "\n".join(line for body in PAGE_BODIES for line in body)


def printout(header: str, footer: str, bodies: list[list[str]] = PAGE_BODIES, gap: str = "\n") -> str:
    """Text converted from a browser's printout with no page breaks: header, body, footer, page by page;
    `{minute}`, `{n}` and `{total}` in the header and footer take each page's values."""
    pages = []
    for n, body in enumerate(bodies, 1):
        values = {"minute": 14 + n // 2, "n": n, "total": len(bodies)}
        pages.append(gap.join([header.format(**values), *body, footer.format(**values)]))
    return gap.join(pages)


FURNITURE = [
    pytest.param(printout(STAMP, ADDRESS + "   {n}/{total}"), CONTENT, id="stamp and address with counter"),
    pytest.param(printout(STAMP, "{n}/{total}"), CONTENT, id="stamp and a counter alone"),
    pytest.param(printout(STAMP, "Page {n} of {total}"), CONTENT, id="stamp and page n of N"),
    pytest.param(  # the converter split the stamp from the title and the address from the counter
        printout(
            "02/12/2026, 10:{minute}\nIndependent review - GOV.UK", ADDRESS + "\n{n}/{total}", gap="\n\n"
        ),
        CONTENT.replace("\n", "\n\n"),
        id="stamp, title, address and counter on lines of their own",
    ),
    pytest.param(
        printout("## " + STAMP, "**" + ADDRESS + " {n}/{total}**", gap="\n\n"),
        CONTENT.replace("\n", "\n\n"),
        id="markdown around the furniture",
    ),
    pytest.param(  # a one-page printout: nothing recurs, but a counter after an address is a printout's
        f"{STAMP.format(minute=15)}\nRecommendation 1\nThe Board should audit referrals.\n{ADDRESS} 1/1",
        "Recommendation 1\nThe Board should audit referrals.",
        id="one-page printout",
    ),
]

CONTENT_THAT_STAYS = [
    pytest.param(  # scores in a table go up, but a line apart: they count something other than pages
        "Audit of case files\n\nCase\nScore\nA\n6/10\nB\n7/10\nC\n9/10",
        "Audit of case files\n\nCase\nScore\nA\n6/10\nB\n7/10\nC\n9/10",
        id="scores in a table",
    ),
    pytest.param(  # a chronology's dates and times, with no printout around them
        "Chronology\n\n02/12/2016, 10:15 Home visit by the health visitor.\n"
        "03/12/2016, 11:20 Home visit by the health visitor.",
        "Chronology\n\n02/12/2016, 10:15 Home visit by the health visitor.\n"
        "03/12/2016, 11:20 Home visit by the health visitor.",
        id="chronology",
    ),
    pytest.param(
        "The review found that 6/20 files had no plan.\n\nRecommendations",
        "The review found that 6/20 files had no plan.\n\nRecommendations",
        id="a fraction in a sentence",
    ),
    pytest.param(  # labelled items open every page of a printout: content, though they recur but for a digit
        printout(STAMP, ADDRESS + " {n}/{total}"),
        "Recommendation 1\nThe Department should publish",
        id="recommendation labels at the top of every page",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FURNITURE)
def test_page_furniture_of_converted_printouts_is_removed(text: str, expected: str) -> None:
    result = clean(SourceText(text, "md"))
    assert result.text == expected
    assert_offsets_faithful(text, result.text, result.offsets)


@pytest.mark.parametrize(("text", "expected"), CONTENT_THAT_STAYS)
def test_content_that_looks_like_page_furniture_stays(text: str, expected: str) -> None:
    assert expected in cleaned(text)


def paged(pages_text: list[str]) -> SourceText:
    """A PDF reader's output: pages joined by form feeds, with each page's span."""
    spans, pos = [], 0
    for number, page in enumerate(pages_text, 1):
        spans.append(Page(number, pos, pos + len(page)))
        pos += len(page) + 1
    return SourceText("\f".join(pages_text), "pdf", tuple(spans))


def body(n: int, lines: int = 3) -> str:
    """Page n's body: sentences that differ from page to page."""
    return "\n".join(page_body(n, lines))


PAGED_CONTENT_THAT_STAYS = [
    pytest.param(  # a heading that opens two of three pages is no running header
        ["Learning review: Child P\nIntroduction\n" + body(1)]
        + [f"Recommendations\n{body(n)}" for n in (2, 3)],
        "Recommendations",
        2,
        id="heading on two of three pages",
    ),
    pytest.param(  # a line at the top of most pages that also stands in a later page's body is content
        [
            "Family A\n" + body(1, 6),
            "Family A\n" + body(2) + "\nFamily A\n" + body(5),
            "Family A\n" + body(3, 6),
            "Summary\n" + body(4, 6),
        ],
        "Family A",
        4,
        id="a case label in a page's body too",
    ),
    pytest.param(  # numbered content differs mid-line from page to page: not a running line with a page number
        [f"The Board should publish guidance {n} for partnerships.\n{body(n)}" for n in (1, 2, 3)],
        "The Board should publish guidance",
        3,
        id="numbered content at the top of every page",
    ),
    pytest.param(
        [f"Recommendation {n}\n{body(n)}" for n in (1, 2, 3, 4)],
        "Recommendation",
        4,
        id="one recommendation per page",
    ),
    pytest.param(  # a response heading near the foot of both pages of a short document, the number aside
        [f"{body(n)}\nResponse to recommendation {n}\nWe will audit the files." for n in (1, 2)],
        "Response to recommendation",
        2,
        id="a numbered item's heading at the foot of every page",
    ),
]


@pytest.mark.parametrize(("pages_text", "line", "count"), PAGED_CONTENT_THAT_STAYS)
def test_repeated_content_on_pdf_pages_stays(pages_text: list[str], line: str, count: int) -> None:
    result = clean(paged(pages_text)).text
    assert result.count(line) == count
    assert all(sentence in result for sentence in page_body(1, 3))


def test_running_lines_vary_in_page_number_and_print_time() -> None:
    pages_text = [
        f"{STAMP.format(minute=14 + n // 2)}\nNorthshire SCP | Page {n}\n{body(n)}\n{ADDRESS} {n}/4"
        for n in range(1, 5)
    ]
    result = clean(paged(pages_text))
    assert result.text == "\n\n".join(body(n) for n in range(1, 5))
    assert_offsets_faithful("\f".join(pages_text), result.text, result.offsets)


def test_a_printed_web_page_pdf_loses_its_print_furniture(tmp_path: Path) -> None:
    from lessons.reading import read_document

    path = printed_web_page_pdf(
        tmp_path, "Independent review of children's social care - GOV.UK", ADDRESS, PAGE_BODIES
    )
    source = read_document(path, path.read_bytes(), ocr=False)
    assert "GOV.UK" in source.text and "2/3" in source.text
    result = clean(source)
    assert "GOV.UK" not in result.text and "gov.uk" not in result.text and "/3" not in result.text
    assert result.text.split("\n\n") == ["\n".join(body) for body in PAGE_BODIES]
    start = result.text.index("Police forces")
    source_start, source_end = result.offsets.span_to_source(start, start + len("Police forces"))
    assert source.text[source_start:source_end] == "Police forces"
    assert result.page_at(start) == 2
