"""Reading an action plan's cells as partnerships fill them: the recommendation numbers a cell names, who leads
(an agency, a person, or both in one cell), whether the plan's status says the action is done, and where each
of several actions in one cell starts and ends.
"""

from __future__ import annotations

import re

from lessons.extraction.lines import BULLET, LABELLED, NUMBER
from lessons.extraction.organisations import find_organisations
from lessons.themes import find_agencies

# "1", "1.2", "R3", "Rec 4", "Recommendations 2 and 5", "2, 5 & 7", "1-3": numbers of up to three digits (a
# year is no recommendation's number), an "R" prefix dropped as the prose walker drops it.
_NUMBER = re.compile(r"(?<![\d.])R?(\d{1,3}(?:\.\d{1,3})*)(?![\d])")
_RANGE = re.compile(r"(?<![\d.])R?(\d{1,2})\s*(?:-|–|to)\s*R?(\d{1,2})(?![\d.])")
_LONGEST_RANGE = 20


def recommendation_numbers(text: str) -> tuple[str, ...]:
    """The recommendation numbers a number cell names, in order, each once ("Recommendations 2 and 5")."""
    numbers: list[str] = []
    position = 0
    for match in _RANGE.finditer(text):
        first, last = int(match.group(1)), int(match.group(2))
        numbers += _NUMBER.findall(text, position, match.start())
        if first < last <= first + _LONGEST_RANGE:
            numbers += [str(n) for n in range(first, last + 1)]
        else:
            numbers += [match.group(1), match.group(2)]
        position = match.end()
    numbers += _NUMBER.findall(text, position)
    if not numbers and (labelled := LABELLED.match(text.strip())):
        numbers.append(labelled.group("num"))  # "Recommendation Three", kept as the prose walker keeps it
    return tuple(dict.fromkeys(numbers))


def leading_number(text: str) -> tuple[str | None, int]:
    """The number a recommendation cell opens with ("1. The board should", "Recommendation 2:", "R3 ...") and
    where its words start; (None, 0) when it opens with words."""
    match = LABELLED.match(text) or NUMBER.match(text)
    if match is None or match.groupdict().get("letter") or match.groupdict().get("roman"):
        return None, 0
    number = next((v for v in match.groupdict().values() if v), None)
    if number is None or not (number[0].isdigit() or match.re is LABELLED):
        return None, 0
    return number, match.end()


# --- who leads -------------------------------------------------------------------------------------------------

# Ranks and titles a person's name opens with, and the words a post's title opens with ("Head of Service").
_PERSON_TITLE = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|DI|DS|DC|DCI|DSI|DCS|Det|Detective|Supt|Superintendent|Ch\.?\s*Supt"
    r"|Insp|Inspector|Sgt|Sergeant|PC|Cllr|Councillor|Sir|Dame)\.?\s"
)
_POST_WORDS = frozenset(
    """head director assistant deputy manager officer lead nurse chair designated named coordinator
    co-ordinator principal consultant practitioner worker advisor adviser chief matron midwife paediatrician
    doctor service team senior strategic business independent interim acting executive""".split()  # noqa: SIM905
)
# The nouns a post's title ends with ("Safeguarding Lead", "CAMHS Service Manager", "Virtual School Head").
_POST_NOUNS = frozenset(
    """manager lead leader officer nurse doctor director worker chair coordinator co-ordinator practitioner
    consultant advisor adviser midwife paediatrician matron head inspector superintendent""".split()  # noqa: SIM905
)
# Words that name a body or a service, never a person ("Early Help", "Public Health", "All agencies").
_BODY_WORDS = frozenset(
    """all agencies agency partners partner partnership board council police health care social services
    service education school schools early help public youth justice housing probation workforce development
    training nhs icb ccg trust hospital ambulance camhs gp practice primary team hub mash safeguarding children
    adults adult community family families midwifery maternity visiting learning quality assurance group
    sub-group subgroup local authority commissioning integrated""".split()  # noqa: SIM905
)
# "Smith", "O'Neill", "McDonald", "Smith-Jones", an initial.
_NAME_WORD = re.compile(r"^(?:[A-Z](?:[a-z’']*[A-Z])?[a-z’']+(?:-[A-Z][a-z’']+)?|[A-Z]\.?)$")
# Where a cell giving both divides them: a line break, brackets, a dash, a colon, a slash, the first comma or
# the last ("Sarah O'Neill, Service Manager, CSC").
_DIVIDERS = (
    re.compile(r"\s*\n\s*"),
    re.compile(r"\s*\((?=[^()]+\)\s*$)"),
    re.compile(r"\s+[-–—]\s+"),
    re.compile(r"\s*:\s+"),
    re.compile(r"\s*/\s*"),
    re.compile(r"\s*,\s*"),
    re.compile(r"\s*,\s*(?=[^,]*$)"),
)


def split_lead(text: str) -> tuple[str | None, str | None]:
    """A lead cell as (agency, person): "Children's Services - Jane Smith, Head of Service" gives both,
    "Police (DI Brown)" too, "Jane Smith" is a person alone and "Police / Health" two agencies."""
    text = text.strip()
    if not text:
        return None, None
    for divider in _DIVIDERS:
        match = divider.search(text)
        if match is None:
            continue
        left, right = _tidy(text[: match.start()]), _tidy(text[match.end() :])
        if not left or not right:
            continue
        if is_person(right) and not is_person(left):
            # "Adult Social Care - J Smith (Head of Service)": the agency part may itself name the person
            agency, person = split_lead(left) if divider is not _DIVIDERS[0] else (None, None)
            if agency and person:
                return agency, f"{person} ({right})" if divider is _DIVIDERS[1] else f"{person}, {right}"
            return left, right
        if is_person(left) and not is_person(right):
            return right, left
    whole = _tidy(text)
    return (None, whole) if is_person(whole) else (whole, None)


def is_person(text: str) -> bool:
    """A person or a post rather than a body: a title or rank ("DI Brown", "Dr A Khan"), a post's title
    ("Head of Service", "Designated Nurse"), or a name ("Jane Smith", "J. Smith"); the part before a comma
    decides ("Jane Smith, Head of Service")."""
    first = text.split(",", 1)[0].strip()
    if not first:
        return False
    if _PERSON_TITLE.match(first + " "):
        return True
    words = first.split()
    if len(words) > 1 and words[-1].lower() in _POST_NOUNS:
        return True
    if words[0].lower() in _POST_WORDS and not find_organisations(first):
        return True
    if words[0].lower() in _POST_WORDS and re.match(r"^\w+(?:\s+\w+)?\s+(?:of|for)\b", first):
        return True  # "Head of Children's Services", "Director for Education"
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if any(w.lower().strip(".’'") in _BODY_WORDS for w in words):
        return False
    return not find_agencies(first) and not find_organisations(first)


def _tidy(text: str) -> str:
    """Spaces folded, dividers trimmed, and a bracket left over from the divide ("Police (CID)" stays)."""
    text = " ".join(text.split()).strip(" ,;:-–—")
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    return text.strip(" ,;:-–—")


# --- status ----------------------------------------------------------------------------------------------------

# A status cell holding a rating: "Red", "Amber/Green", "G", "RAG: Green".
_RAG = re.compile(
    r"(?:rag\s*:?\s*)?(?:red|amber|green|blue|r|a|g|b)(?:\s*[/-]\s*(?:red|amber|green))?(?:\s*rated)?", re.I
)
_DONE = re.compile(r"\b(?:complete|completed|done|closed|achieved|blue)\b", re.I)
_NOT_DONE = re.compile(r"\b(?:not|partially|partly|part|nearly|almost|yet|to\s+be|being|incomplete)\b", re.I)
_DONE_OPENING = re.compile(r"^\s*(?:complete|completed|done|closed|achieved)\b", re.I)


def is_rating(text: str) -> bool:
    """A status that is a RAG rating ("Amber", "Red/Amber", "G")."""
    return _RAG.fullmatch(text.strip()) is not None


def says_done(status: str | None, rag: str | None, progress: str | None) -> bool:
    """Whether the plan says the action is done: its status ("Complete", "Closed"), its RAG ("Blue",
    "Complete"), or, with no status, a progress note that opens with the word ("Completed - training ...")."""
    for value in (status, rag):
        if value and _DONE.search(value) and not _NOT_DONE.search(value):
            return True
    if not status and progress:
        return _DONE_OPENING.match(progress) is not None
    return False


# --- several actions in one cell ------------------------------------------------------------------------------

# "a) ... b) ..." run on in one line: letters in order, each after a space.
_INLINE_MARK = re.compile(r"(?:^|(?<=\s))\(?([a-h])\)\s+")


def action_parts(text: str) -> list[tuple[int, int]]:
    """Where each action in a cell's text stands ([start, end) in the text, list marks left out): one part per
    bullet or numbered line ("• ...", "1. ...", "a) ..."), lines without a mark continuing the one above; or
    one per letter run on in a line ("a) ... b) ..."); else the whole text. An opening line without a mark that
    ends with a colon ("Actions:") introduces the list and is no action."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    marked = [(s, e) for s, e in lines if _mark_end(text[s:e]) is not None]
    # an action, then bullets: the opening line is an action too unless it introduces them ("Actions:")
    opens_unmarked = len(lines) >= 2 and lines[0] not in marked
    if len(marked) >= 2 or (len(marked) == 1 and opens_unmarked):
        parts: list[list[int]] = []
        for start, end in lines:
            mark = _mark_end(text[start:end])
            if mark is not None:
                parts.append([start + mark, end])
            elif parts:
                parts[-1][1] = end
            elif not text[start:end].rstrip().endswith(":"):
                parts.append([start, end])
        return [_stripped(text, s, e) for s, e in parts if text[s:e].strip()]
    inline = _inline_parts(text)
    if inline:
        return inline
    if len(marked) == 1 and len(lines) == 1:
        start, end = lines[0]
        return [_stripped(text, start + (_mark_end(text[start:end]) or 0), end)]
    return [_stripped(text, 0, len(text))] if text.strip() else []


def _mark_end(line: str) -> int | None:
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    match = BULLET.match(stripped) or NUMBER.match(stripped)
    return indent + match.end() if match else None


def _inline_parts(text: str) -> list[tuple[int, int]]:
    marks = [m for m in _INLINE_MARK.finditer(text)]
    expected, kept = "a", []
    for mark in marks:
        if mark.group(1) == expected:
            kept.append(mark)
            expected = chr(ord(expected) + 1)
    if len(kept) < 2 or text[: kept[0].start()].strip(" \t\n:").count(" ") > 12:
        return []
    ends = [m.start() for m in kept[1:]] + [len(text)]
    return [_stripped(text, m.end(), end) for m, end in zip(kept, ends, strict=True)]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    part = text[start:end]
    return start + len(part) - len(part.lstrip()), start + len(part.rstrip())
