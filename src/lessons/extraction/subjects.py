"""The people a case is about, as the document names them: pseudonyms ("Child R", "Adult 2", "Mr AA"), names
it says it uses ("referred to in this report as 'Tim'"), a name in its title ("SAR Donna"), initials ("the EW
Serious Case Review"); never an organisation's acronym ("CQC")."""

from __future__ import annotations

import re
from collections import Counter

from lessons.extraction.dates import MONTHS
from lessons.extraction.organisations import BOARD_ACRONYMS, NATIONAL_BODIES

# "Child R", "Child A1", "Child RN19", "Child 1", "Young Person 7", "Subject A", "Mr AA", "Ms BB".
PSEUDONYM = re.compile(
    r"(?:Child|Family|Baby|Infant|Adult|Young\s+Person|Sibling|Subject|Patient)\s+(?:[A-Z]{1,3}\d{0,3}|\d{1,3})"
    r"(?![\w’'])|(?:CHILD|FAMILY|BABY|INFANT|ADULT|YOUNG\s+PERSON|SIBLING)\s+[A-Z]\d{0,3}(?![\w’'])"
    r"|M(?:r|rs|s|iss)\s+[A-Z]{1,3}(?![\w’'.])"
)  # no leading \b, so that a scan skips to the letters these start with; the boundary is checked after
# "referred to as Child P and Sibling", "referred to in this review as ‘Donna’", "known in this report as Tim".
_IN_THIS = r"(?:in|throughout)\s+(?:this|the)\s+(?:report|review|summary|document|briefing)\s+"
_REFERRED_AS = re.compile(
    rf"(?:referred\s+to\s+(?:{_IN_THIS})?|(?:known|called|named)\s+{_IN_THIS})as\s+(?P<names>[^.;\n]{{2,80}})",
    re.I,
)
# "the EW Serious Case Review", "JB's death" (no leading \b, so that a scan skips lower case: checked after).
_INITIALS_CASE = re.compile(
    r"(?P<initials>[A-Z]{2,3})(?:[’']s)?\s+(?:Serious\s+Case\s+Review|SCR|death|case)\b"
)
_REVIEW_KIND = (
    r"(?:SAR|DHR|SCR|CSPR|LCSPR|CPR|Safeguarding\s+Adults?\s+Review|Domestic\s+Homicide\s+Review|"
    r"Serious\s+Case\s+Review|(?:Local\s+)?Child\s+Safeguarding\s+Practice\s+Review|Learning\s+(?:Briefing|Brief|"
    r"Review)|(?:Six|Seven|7)[- ](?:Step|Minute)\s+Briefing)"
)
_TITLE_NAME = r"(?P<name>[A-Z][a-z]{1,15}|[A-Z]{1,3}\d{0,3})"
_NAME_END = (
    r"(?=\s*(?:$|[-–—:(,]|\s(?:[-–—(]|(?i:learning|briefing|report|summary|overview|executive|final)\b|\d)))"
)
# A title line that names the case: "SAR Donna - learning briefing", "Learning briefing: Alex – ...",
# "Safeguarding Adults Review: Rose- Report", "DHR: Adult T" (a pseudonym is found anyway), "X SAR April 2017".
_TITLE_SUBJECT = [
    re.compile(
        rf"^(?:Title:[ \t]*)?(?i:{_REVIEW_KIND}(?:[ \t]+(?:overview[ \t]+)?report)?)(?:[ \t]*\([A-Z]+\))?[ \t]*[:–—-]?[ \t]*"
        rf"{_TITLE_NAME}{_NAME_END}",
        re.M,
    ),
    re.compile(rf"^{_TITLE_NAME}[ \t]+(?i:{_REVIEW_KIND})\b", re.M),
    re.compile(r"^(?P<name>(?:Child|Baby|Adult)\s+[A-Z][a-z]{2,15})$", re.M),  # "Child Patrick"
]
# A title block's "... in respect of Child B", "concerning AB1 & AB2", "into the death of “Mary”".
_TITLE_PHRASE = re.compile(
    r"(?i:concerning|in\s+respect\s+of|in\s+relation\s+to|relating\s+to|(?:into\s+the\s+)?death\s+of|"
    r"injury\s+to|murder\s+of)\s+(?P<names>(?:[“\"‘']?(?:[A-Z][a-z]{1,15}|[A-Z]{1,3}\d{1,3}|[A-Z])[”\"’']?"
    r"(?:[ \t]*(?:&|and|,)[ \t]*)?){1,4})(?=[ \t]*(?:$|[.,;:(–—-]|[ \t](?:[a-z]|\d)))"
    r"|(?i:into\s+the\s+death\s+of|death\s+of)\s+[“\"‘'](?P<quoted>[A-Z][A-Za-z]{1,15})[”\"’']",
    re.M,
)
_PHRASE_WORDS = ("concerning", "respect", "relation", "relating", "death", "injury", "murder")
# "Mary (pseudonym)", "the death of ‘Sally’".
_PSEUDONYM_MARK = re.compile(r"\b(?P<name>[A-Z][a-z]{1,15})\s*\(pseudonym\)")
_QUOTED_DEATH = re.compile(r"death\s+of\s+[‘'“\"](?P<name>[A-Z][a-z]{1,15})[’'”\"]")
_NOT_NAMES = {
    "Report", "Overview", "Executive", "Summary", "Final", "Learning", "Briefing", "Action", "Into", "The",
    "Of", "In", "For", "Review", "Published", "Publication", "Update", "Response", "Panel", "Board", "Case",
    "Adult", "Child", "Children", "Family", "Young", "Baby", "Thematic", "Annual", "Themes", "Key", "No",
    "Safeguarding", "Serious", "Domestic", "Local", "Independent", "Mental", "Health", "Care", "Social", "A",
    "An", "This", "Our", "Publications", "Toolkit", "Background",
    "Procedures", "Guidance", "Process", "Introduction", "Contents", "Findings", "Recommendations", "Terms",
    "Methodology", "Chronology", "Analysis", "Appendix", "Glossary", "Policy", "Template", "Framework",
} | {month.title() for month in MONTHS}  # fmt: skip
_HEAD_CHARS = 600
_DEFINED_ACRONYM = re.compile(r"\(([A-Z]{2,8})\)")
_ORGANISATION_ACRONYMS = (
    {a for acronyms in NATIONAL_BODIES.values() for a in acronyms}
    | set(BOARD_ACRONYMS)
    | {
        "SCR",
        "LSCB",
        "WSCB",
        "CDOP",
        "NHS",
    }
)


def subjects(text: str) -> tuple[str, ...]:
    """The people a case is about, most mentioned first: pseudonyms, names the title gives, names the text
    says it uses, and, failing those, initials used for a case. An acronym the text defines for an
    organisation ("the Care Quality Commission (CQC)") is no one's name."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for match in PSEUDONYM.finditer(text):
        if match.start() and text[match.start() - 1].isalnum():
            continue
        name = _pseudonym(match.group())
        counts[name] += 1
        first.setdefault(name, match.start())
    named = [n for n, c in counts.most_common() if c >= 2 or first[n] < _HEAD_CHARS]
    candidates = [*_title_names(text), *_referred_names(text)]
    acronyms = _ORGANISATION_ACRONYMS | set(_DEFINED_ACRONYM.findall(text, 0, 20000)) if candidates else set()
    for name in candidates:
        if name not in named and name not in acronyms and not any(name in n.split() for n in named):
            named.append(name)
    if not named:
        initials = Counter(
            m.group("initials")
            for m in _INITIALS_CASE.finditer(text)
            if not (m.start() and text[m.start() - 1].isalnum())
        )
        if initials:
            acronyms = _ORGANISATION_ACRONYMS | set(_DEFINED_ACRONYM.findall(text, 0, 20000))
            named = [i for i, _ in initials.most_common() if i not in acronyms][:1]
    return tuple(named)


def _pseudonym(written: str) -> str:
    """ "CHILD B" -> "Child B", "Young  Person 7" -> "Young Person 7"."""
    *kind, mark = written.split()
    return " ".join([*(w.title() for w in kind), mark])


def _title_names(text: str) -> list[str]:
    lines = [line.strip() for line in text[:800].splitlines() if line.strip()][:8]
    title = "\n".join(lines[:4])
    found = []
    for pattern in _TITLE_SUBJECT:
        for match in pattern.finditer(title):
            if match.group("name") not in _NOT_NAMES:
                found.append(match.group("name"))
    block = "\n".join(lines)
    lowered = block.lower()
    # The phrase pattern is tried only in a window around its key words, found with plain searches.
    phrases: dict[int, re.Match[str]] = {}
    for at in sorted(at for word in _PHRASE_WORDS for at in _positions(lowered, word)):
        for start in (at, at - 3, at - 9):  # "concerning", "in respect", "into the death"
            phrase = _TITLE_PHRASE.match(block, start) if start >= 0 else None
            if phrase is not None:
                phrases[phrase.start()] = phrase
    for match in phrases.values():
        if match.group("quoted"):
            found.append(match.group("quoted").title())
            continue
        for name in re.split(r"\s*(?:&|\band\b|,)\s*", match.group("names")):
            name = name.strip("“\"‘'”’ ")
            if name and name not in _NOT_NAMES:
                found.append(name)
    opening = text[:3000]
    if "(pseudonym)" in opening:
        found.extend(m.group("name") for m in _PSEUDONYM_MARK.finditer(opening))
    if "death of" in opening:
        found.extend(m.group("name") for m in _QUOTED_DEATH.finditer(opening))
    return found


def _positions(text: str, word: str) -> list[int]:
    """Where `word` starts in `text` (a plain substring search: cheaper than a regex scan of a long text)."""
    found = []
    at = text.find(word)
    while at != -1:
        found.append(at)
        at = text.find(word, at + len(word))
    return found


def _referred_names(text: str) -> list[str]:
    found = []
    starts = sorted(
        at
        for key in ("referred", "Referred", "known", "called", "named")
        for at in _positions(text, key)
        if not (at and text[at - 1].isalpha())
    )
    matches = (_REFERRED_AS.match(text, at) for at in starts)
    for match in (m for m in matches if m is not None):
        for part in re.split(r"\s*(?:,|\band\b)\s*", match.group("names")):
            words = []
            for word in part.strip(" “”\"'‘’").split():
                if not (word[0].isupper() or word[0].isdigit()):
                    break
                words.append(word.strip("“”\"'‘’"))
            if 0 < len(words) <= 3:
                found.append(" ".join(words))
    return found
