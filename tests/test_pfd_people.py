"""People in PFD reports and responses: the word splitter that must not cut their names, the deceased, the
coroner (with post-nominal letters) and the recipients. Short texts written for these tests, in the style of
the Regulation 28 template."""

from __future__ import annotations

import pytest

from lessons.extraction.lines import split_lines
from lessons.extraction.people import deceased_name, deceased_names, pfd_deceased
from lessons.extraction.pfd_parties import coroner_and_area, recipient_names
from lessons.glued_words import split_glued_words
from lessons.offsets import MappedText

SPLITS = [
    # A lost space is put back: function words glued to each other or to a common word.
    ("Inmy view the risk remains.", "In my view the risk remains."),
    ("a letter aboutthe delay", "a letter about the delay"),
    ("REPORT TO PREVENT FUTURE DEATHSTHIS REPORT", "REPORT TO PREVENT FUTURE DEATHS THIS REPORT"),
    ("a letter went tothe panel and tothe board", "a letter went to the panel and to the board"),
    (
        "the Local Safeguarding Children Boardand the police",
        "the Local Safeguarding Children Board and the police",
    ),
    # Names stay whole: after a capitalised word, in capitals after a given name, used more than once.
    ("I am Ruth Haswell, coroner for the area", "I am Ruth Haswell, coroner for the area"),
    ("the death of Jane HASWELL aged 40", "the death of Jane HASWELL aged 40"),
    ("Isbell was seen at noon. Later Isbell left.", "Isbell was seen at noon. Later Isbell left."),
    # A capitalised function word starts a sentence, not a name in mid-sentence.
    ("the walk near Hisgrove ended", "the walk near Hisgrove ended"),
    # Surnames end in "by", "on", "in": such a cut is no lost space.
    ("a farm at Harrowby flooded", "a farm at Harrowby flooded"),
    ("Tomkinson, a nurse, gave evidence.", "Tomkinson, a nurse, gave evidence."),
    # The other half is a rare word: a piece of a name, not a word.
    ("Dovey agreed to attend.", "Dovey agreed to attend."),
    # British spellings and inflections the lexicon lacks.
    ("the duty of candour applies", "the duty of candour applies"),
    ("staff check their inboxes daily", "staff check their inboxes daily"),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_glued_words_are_split_and_names_are_not(text: str, expected: str) -> None:
    assert split_glued_words(MappedText.identity(text)).text == expected


DECEASED = [
    # Surnames in capitals, and the prefixes and hyphens of surnames.
    (
        "On 3 May 2022 I commenced an investigation into the death of Jane Mary SMITH aged 81.",
        ("Jane Mary Smith",),
    ),
    ("an investigation into the death of Sean McEVOY. The investigation concluded", ("Sean McEvoy",)),
    ("into the death of PATRICK O’HARA, aged 40.", ("Patrick O’Hara",)),
    ("into the death of Lily ASHTON- BROOK aged 2.", ("Lily Ashton-Brook",)),
    ("into the death of Anna de Vries on 2 June", ("Anna de Vries",)),
    ("the death of Holly May Stone, aged 19", ("Holly May Stone",)),
    # "death of:", the age before the name, a title, a nickname inside the name.
    ("I concluded the inquest into the death of: Tom Reed.", ("Tom Reed",)),
    ("into the death of 79-year-old Edith Crane. The", ("Edith Crane",)),
    ("into the death of 51 year old Mr Ian Pole.", ("Ian Pole",)),
    ("into the death of Robert (Bob) Hale who died on 2 May", ("Robert Hale",)),
    ("the death of a patient on the ward", ()),
    # A name wrapped onto the next line.
    (
        "an investigation into the death of Mark Peter\nJohn LOWE. The investigation concluded",
        ("Mark Peter John Lowe",),
    ),
    # Several deceased: every one of them.
    (
        "into the deaths of Amy Cole (age 51), Ben Cole (age 3) and Carl Dunn (age 60). The jury",
        ("Amy Cole", "Ben Cole", "Carl Dunn"),
    ),
    (
        "the inquests into the deaths of two men (Adam Lee Ford, Brian Wells), each of whom drowned",
        ("Adam Lee Ford", "Brian Wells"),
    ),
    (
        "the inquests into the deaths of: Ann Ray, who fell at Holt on 2/5/20;Dan Roe, who fell at Cley.",
        ("Ann Ray", "Dan Roe"),
    ),
    (
        "the deaths of Leo GRANT aged 58 and Tom PIKE, aged 34, who both died in custody.",
        ("Leo Grant", "Tom Pike"),
    ),
    # The person as the subject of "died", "X (deceased)", the web page's "Deceased name:" line.
    ("Nora Jane Keel died on 6 May 2019 at the County Hospital.", ("Nora Jane Keel",)),
    ("I found that Mr Owen Hart died as a result of misadventure.", ("Owen Hart",)),
    ("RE: Prevention of Future Deaths Report Carla Bond (deceased)", ("Carla Bond",)),
    ("Date of report: 01/02/2024\nDeceased name: Peter Vane\nCoroner name: Jo Bell", ("Peter Vane",)),
    (
        "Deceased name: Ann Ray, Dan Roe and Eve Moss\nCoroner name: Jo Bell",
        ("Ann Ray", "Dan Roe", "Eve Moss"),
    ),
    # A redacted name is reported as redacted.
    ("I commenced an investigation into the death of [REDACTED], aged 44 years.", ("[REDACTED]",)),
    # The inquest's question answered for the person.
    ("how did Martin come by his death, the jury found", ("Martin",)),
]


@pytest.mark.parametrize(("text", "expected"), DECEASED)
def test_deceased_names(text: str, expected: tuple[str, ...]) -> None:
    assert deceased_names(text) == expected


def test_several_deceased_read_as_one_name() -> None:
    assert (
        deceased_name("the deaths of Amy Cole, Ben Cole and Carl Dunn.") == "Amy Cole, Ben Cole and Carl Dunn"
    )


CIRCUMSTANCES = [
    # The inquest section names nobody: the circumstances section opens with the person, or titles them.
    (
        "The inquest was opened on 2 May 2016.",
        "Tilly was born at the County Hospital after a long labour.",
        ("Tilly",),
    ),
    ("The inquest was opened.", "On 3 June Mrs. Garner was admitted with a fall.", ("Garner",)),
    # A common word opening the section is no name ("the death" is written in lower case in the report).
    ("The inquest was opened.", "Death was caused by multiple injuries.", ()),
]


@pytest.mark.parametrize(("inquest", "circumstances", "expected"), CIRCUMSTANCES)
def test_deceased_from_circumstances(inquest: str, circumstances: str, expected: tuple[str, ...]) -> None:
    text = f"3 INVESTIGATION and INQUEST\n{inquest}\n4 CIRCUMSTANCES OF THE DEATH\n{circumstances}\nthe death"
    assert pfd_deceased(inquest, circumstances, text) == expected


CORONERS = [
    (
        "I am Dr Jane Roe, LLM, Area Coroner for the coroner area of Northshire.",
        ("Dr Jane Roe, Area Coroner", "Northshire"),
    ),
    (
        "I am John Roe, KC, HM Senior Coroner for the area of Westmoor",
        ("John Roe, HM Senior Coroner", "Westmoor"),
    ),
    ("I am Mary Hale Senior Coroner for Eastdale & Fenn", ("Mary Hale, Senior Coroner", "Eastdale & Fenn")),
    (
        "I am Tom Pryce, assistant coroner, for the County of Southshire.",
        ("Tom Pryce, assistant coroner", "Southshire"),
    ),
    # The template's next heading run onto the area's line by a converter.
    (
        "I am Ann Lee, Area Coroner for the coroner area of North Vale 2CORONER’S LEGAL POWERS",
        ("Ann Lee, Area Coroner", "North Vale"),
    ),
    # No "I am": the name and role as the coroner section gives them, else the web page's metadata.
    (
        "1 CORONER\nRuth Mayer, HM Assistant Coroner for Midshire.",
        ("Ruth Mayer, HM Assistant Coroner", "Midshire"),
    ),
    ("Coroner name: Jo Bell\nCoroner Area: Lowland\n", ("Jo Bell", "Lowland")),
    # ... with the role the report gives that name.
    (
        "Coroner name: Jo Bell\nCoroner Area: Lowland\nThe report of Jo Bell, HM Assistant Coroner, follows.",
        ("Jo Bell, HM Assistant Coroner", "Lowland"),
    ),
    # A party named by the role alone, or prose that mentions the role, names no coroner.
    ("Ann Roe | Claimant |\nHer Majesty’s Senior Coroner for Westmoor | Defendant |", (None, None)),
    ("Although the Senior Coroner for Westmoor took no part, the court heard the claim.", (None, None)),
    # A letter's address block names the coroner it is sent to, not its writer.
    ("Westmoor County Council\n\nDr Ann Roe\nSenior Coroner for Westmoor\n\nDear Dr Roe", (None, None)),
]


@pytest.mark.parametrize(("text", "expected"), CORONERS)
def test_coroner_and_area(text: str, expected: tuple[str | None, str | None]) -> None:
    section = text.split("\n", 1)[1] if text.startswith("1 CORONER") else ""
    assert coroner_and_area(text, section) == expected


RECIPIENTS = [
    # One per line, as the judiciary's pages list them.
    (
        "Northshire Police\nHome Office\nDepartment for Transport",
        ["Northshire Police", "Home Office", "Department for Transport"],
    ),
    # A list on one line stays one item, as it is addressed.
    (
        "Westmoor Council, Northshire Police and Home Office",
        ["Westmoor Council, Northshire Police and Home Office"],
    ),
    # Numbered and bulleted items; an item wrapped onto an unnumbered line.
    (
        "1. Chief Executive, Northshire Hospitals NHS\nFoundation Trust\n2. Chief Constable, Northshire Police",
        ["Chief Executive, Northshire Hospitals NHS Foundation Trust", "Chief Constable, Northshire Police"],
    ),
    ("• Secretary of State for Health\n• NHS England", ["Secretary of State for Health", "NHS England"]),
    # A line that stops mid-name goes on on the next one.
    (
        "[REDACTED], Chief Executive,\nNorthshire Hospitals Trust\nHome Office",
        ["[REDACTED], Chief Executive, Northshire Hospitals Trust", "Home Office"],
    ),
    (
        "Institute for Health and\nCare Quality\nHome Office",
        ["Institute for Health and Care Quality", "Home Office"],
    ),
    # Numbered within one line, and the next heading run into the list.
    (
        "1. Ms Ann Reed, Chief Executive, Vale Trust 2. Dr Tom Hay, Medical Director, NHS England 1 CORONER I am",
        ["Ms Ann Reed, Chief Executive, Vale Trust", "Dr Tom Hay, Medical Director, NHS England"],
    ),
    # Split by "|" or ";".
    (
        "Fenn Surgery | Fenn Pharmacy | Department of Health",
        ["Fenn Surgery", "Fenn Pharmacy", "Department of Health"],
    ),
    ("TO:\nHome Office; Ministry of Justice", ["Home Office", "Ministry of Justice"]),
]


@pytest.mark.parametrize(("text", "expected"), RECIPIENTS)
def test_recipients(text: str, expected: list[str]) -> None:
    assert recipient_names(split_lines(text)) == expected
