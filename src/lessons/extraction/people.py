"""People named in coroners' documents: who died, as a PFD report or a response letter names them.

Coroners name the deceased in a few fixed ways: "an investigation into the death of Jane Mary SMITH aged 81",
"the deaths of A (age 51), B and C", "death of: X", "the death of 79-year-old X", "X (deceased)", "X died on
...", and on the judiciary's web pages a "Deceased name:" line. A name is read word by word after such an
anchor: capitalised words and surnames in capitals ("SMITH", "McEVOY", "O'Shea", "Nelson-Roux"), initials,
particles ("de", "van"), and nicknames in quotes or brackets inside the name ("Hilary (Billy) Smith").
"""

from __future__ import annotations

import re

from lessons.resources import FUNCTION_WORDS

_TITLE_WORDS = frozenset(
    "Mr Mrs Ms Miss Mx Master Baby Dr Doctor Sir Dame Lady Lord Professor Prof Rev Reverend".split()  # noqa: SIM905
)
_TITLE = rf"(?:{'|'.join(sorted(_TITLE_WORDS, key=len, reverse=True))})\.?"
# What coroners put between "death of" and the name: a colon, "the late", a title, an age, a redaction.
_DEATH_OF = re.compile(
    r"\b(?i:death(?P<plural>s)?\s+of)\s*:?\s*(?i:the\s+late\s+)?(?:(?i:a\s+)?\d{1,3}[-\s](?i:years?)[-\s](?i:old)\s+)?",
)
_NAMED_DECEASED = re.compile(r"\((?i:deceased|dec[’']?d)\)")
_DECEASED_LINE = re.compile(r"^\s*(?i:deceased(?:[’']s)?\s+name)\s*:\s*", re.M)
# "X died on ...", "X passed away", "X was aged 63", "X was a 57 year old": the subject of the sentence.
_SUBJECT_VERB = re.compile(
    r"\s*(?:(?:was|had)\s+(?:aged\s+\d|a\s+\d|an\s+\d|\d|born|a\s+\w+[-\s]year[-\s]old)|"
    r"(?:sadly\s+)?(?:died|passed\s+away)\b|being\s+found\b)",
    re.I,
)
# The inquest's question, answered for the person: "how did Andrew come by his death".
_CAME_BY_DEATH = re.compile(
    r"\b(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4})\s+(?:come|came)\s+by\s+(?:his|her|their)\s+death"
)
_REDACTED = re.compile(r"\[?(?:REDACTED|redacted)\]?")
# One word of a name: capitalised or in capitals, with Mc/Mac/O'/D' and hyphens ("MAINS- FORSTER" keeps its
# broken hyphen); an initial; a nickname in quotes or brackets.
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĘĚĞŁŃŇŐŘŚŞŠŢŤŮŰŹŻŽ"  # a capital, in the Latin scripts names come in
_NAME_WORD = re.compile(
    rf"[{_UPPER}]\.?(?=\s)|(?:Mc|Mac|O[’']|D[’'])?[{_UPPER}](?:[^\W\d_]|[’'])*"
    rf"(?:-\s?[{_UPPER}](?:[^\W\d_]|[’'])*)*(?<![’'])|[(“‘\"'][{_UPPER}][^\W\d_]+[)”’\"']"
)
_POSSESSIVE = re.compile(r"[’']s$")
_GAP = re.compile(r"[ \t]*\n?[ \t]*")
_LEADING_TITLE = re.compile(_TITLE + r"(?=\s)")
_PARTICLE = re.compile(r"[a-z]+(?=\s+[A-Z])")
_YEAR_AFTER = re.compile(r"\s*\d")
_WRAPPED_NAME = re.compile(r"(?:[A-Z][A-Za-z’'-]+\s?){1,3}(?=[.,(]|\s+[a-z])")
_LABEL = re.compile(r"[A-Z][\w’' ]{0,30}:")  # "Coroner name: ..." on the line after a name
_SENTENCE_START = re.compile(rf"(?:^|(?<=[.:;]\s)|(?<=\bthat\s))(?=(?:{_TITLE}\s+)?[A-Z])", re.M)
_OPENING_VERB = re.compile(r"\s+(?:was|had|died|underwent|suffered|lived|being)\b")
_PARTICLES = frozenset("de da di del della van von der den du le la bin binti al".split())  # noqa: SIM905
# Capitalised words that end a name: a note on the name, or a word of a heading or title ("Prevention of
# Future Deaths Report Jane Smith (deceased)").
_NOT_NAME = frozenset(
    """Deceased Otherwise Known Aged Age Born Date DOB Nee Née Formerly Also HMP Inquest Investigation
    Coroner Report Regulation Prevention Future Death Deaths Re RE Ref Subject Response""".split()  # noqa: SIM905
)
_MAX_WORDS = 7
_SEPARATOR = re.compile(r"\s*(?:[,;()]|\band\b|&)\s*")
# Filler between the names of several deceased: "(age 51)", "aged 58", "who drowned at ...", "born on ...".
_FILLER = re.compile(r"^(?:aged?\b|then\s+aged|born\b|date\s+of\s+birth|dob\b|who\b|both\b|\d|$)", re.I)
_SENTENCE_END = re.compile(r"\.(?:\s|$)")


def deceased_name(text: str) -> str | None:
    """The person who died, or all of them ("A, B and C"), as a report or response names them: "inquest into
    (touching) the death of X", "the deaths of A, B and C", "X (deceased)", "Deceased name: X"."""
    return join_names(deceased_names(text))


def deceased_names(text: str) -> tuple[str, ...]:
    """Everyone whose death `text` is about, by the first convention that names someone."""
    return (
        _from_header(text)
        or _from_death_of(text)
        or _from_deceased_mark(text)
        or _from_subject(text)
        or _from_came_by_death(text)
    )


def pfd_deceased(inquest: str, circumstances: str, text: str) -> tuple[str, ...]:
    """The deceased of a Regulation 28 report: from the inquest section (the full name), else a web page's
    "Deceased name:" line, else the circumstances section (where the report often names the person first:
    "Julie had ...", "Mr HOLGATE age 89"), else the whole text."""
    return (
        deceased_names(inquest)
        or _from_header(text)
        or deceased_names(circumstances)
        or _from_first_subject(circumstances, text)
        or _from_title(circumstances)
        or deceased_names(text)
    )


def join_names(names: tuple[str, ...]) -> str | None:
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _from_header(text: str) -> tuple[str, ...]:
    """The web page's "Deceased name: A" line (or "A, B and C")."""
    match = _DECEASED_LINE.search(text[:3000])
    if match is None:
        return ()
    line_end = text.find("\n", match.end())
    return _read_list(text[match.end() : line_end if line_end >= 0 else len(text)], 0)


def _from_death_of(text: str) -> tuple[str, ...]:
    if "death" not in text and "DEATH" not in text and "Death" not in text:
        return ()
    for match in _DEATH_OF.finditer(text):
        if match.group("plural"):
            names = _read_list(text, match.end())
        else:
            name = _read_name(text, match.end())
            names = (name,) if name else ()
        if names:
            return names
    return ()


def _from_deceased_mark(text: str) -> tuple[str, ...]:
    for match in _NAMED_DECEASED.finditer(text):
        line_start = max(text.rfind("\n", 0, match.start()) + 1, match.start() - 80)
        words = text[line_start : match.start()].split()
        # Read the name back from the mark: the longest run of name words before it.
        for start in range(max(0, len(words) - _MAX_WORDS), len(words)):
            candidate = " ".join(words[start:])
            name = _read_name(candidate, 0)
            if name and len(name.split()) == len(words[start:]):
                return (name,)
    return ()


def _from_subject(text: str) -> tuple[str, ...]:
    """ "Barbara Jane Smith died on ...", "that Mr Smith died as a result": a name that starts a sentence (or
    follows "that") and whose verb is dying."""
    if "died" not in text and "passed away" not in text:
        return ()
    for match in _SENTENCE_START.finditer(text):
        name, end = _read_name_at(text, match.end())
        if name and _SUBJECT_VERB.match(text, end) and len(name.split()) >= 2:
            return (name,)
    return ()


def _from_came_by_death(text: str) -> tuple[str, ...]:
    if "by his death" not in text and "by her death" not in text and "by their death" not in text:
        return ()
    for match in _CAME_BY_DEATH.finditer(text):
        name = _read_name(text, match.start("name"))
        if name:
            return (name,)
    return ()


def _from_title(text: str) -> tuple[str, ...]:
    """The first person the circumstances give a title (not "Dr": doctors are named there too)."""
    match = re.search(r"\b(?:Mr|Mrs|Ms|Miss|Master)\.?\s+(?=[A-Z])", text)
    if match is None:
        return ()
    name = _read_name(text, match.end())
    return (name,) if name else ()


def _from_first_subject(text: str, whole: str) -> tuple[str, ...]:
    """The name that opens the circumstances when it is a sentence's subject: "Emilia was born ...",
    "Owen was a 19-year-old student". Its first word must be a proper noun: one the report never writes in
    lower case (unlike "Death was caused ...")."""
    body = text.lstrip(" \n\t•-–.)(ivx0123456789")
    name, end = _read_name_at(body, 0)
    if not name or not _OPENING_VERB.match(body, end):
        return ()
    first = name.split()[0]
    return () if re.search(rf"\b{re.escape(first.lower())}(?:s|es)?\b", whole) else (name,)


def _read_name(text: str, start: int) -> str | None:
    return _read_name_at(text, start)[0]


def _read_name_at(text: str, start: int) -> tuple[str | None, int]:
    """The name that starts at `start` (a title first is dropped), and where it ends in `text`."""
    position = start
    redacted = _REDACTED.match(text, position)
    if redacted:
        return "[REDACTED]", redacted.end()
    words: list[str] = []
    end = position
    while len(words) < _MAX_WORDS:
        gap = _GAP.match(text, position)
        at = gap.end() if gap else position
        if words and "\n" in text[position:at] and not _continues_after_break(text, at):
            break
        title = _LEADING_TITLE.match(text, at) if not words else None
        if title:
            position = title.end()
            continue
        particle = _PARTICLE.match(text, at) if words else None
        if particle and particle.group() in _PARTICLES:
            words.append(particle.group())
            position = particle.end()
            continue
        word = _NAME_WORD.match(text, at)
        if word is None or not _is_name_word(word.group(), text, word.end(), bool(words)):
            break
        possessive = _POSSESSIVE.search(word.group())
        if possessive:  # "Mrs Smith's care": the name ends with its possessive
            words.append(word.group()[: possessive.start()])
            end = word.end() - len(possessive.group())
            break
        words.append(word.group())
        position = end = word.end()
    while words and (words[-1] in _PARTICLES or words[-1][0] in "(“‘\"'"):
        words.pop()
    words = [w for w in words if w[0] not in "(“‘\"'"]
    if not words:
        return None, start
    return " ".join(_tidy_case(w) for w in words), end


def _is_name_word(word: str, text: str, end: int, inside: bool) -> bool:
    following = _NAME_WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if word[0] in "(“‘\"'":  # a nickname counts only inside a name: "Hilary (Billy) Smith"
        return inside and following is not None
    bare = word.rstrip(".")
    if len(bare) == 1:  # an initial before a name word ("J. Smith", "John A Smith"), not the pronoun "I"
        return following is not None and bare != "I"
    if bare in _NOT_NAME or bare in _TITLE_WORDS:
        return False
    if bare.lower() in FUNCTION_WORDS:  # "The", "And"; but "Holly May Smith" (not "May 2023")
        return bare == "May" and inside and not _YEAR_AFTER.match(text, end)
    return True


def _continues_after_break(text: str, at: int) -> bool:
    """A name wrapped onto the next line goes on with name words and then punctuation or lower case, not
    with a heading in capitals."""
    line_end = text.find("\n", at, at + 200)
    line = text[at : line_end if line_end >= 0 else at + 200]
    return _WRAPPED_NAME.match(line) is not None and _LABEL.match(line) is None and not line.isupper()


def _read_list(text: str, start: int) -> tuple[str, ...]:
    """Names after "the deaths of": "A (age 51), B and C", "three men (A, B, C)", "A, who drowned ...; B"."""
    end = _SENTENCE_END.search(text, start)
    sentence = text[start : end.start() if end else min(len(text), start + 600)]
    intro = re.match(r"[a-z][\w\s]{0,40}?[(:]", sentence)  # "three men (", "the following:"
    if intro:
        sentence = sentence[intro.end() :]
    names: list[str] = []
    for part in _SEPARATOR.split(sentence):
        part = part.strip()
        if _FILLER.match(part):
            continue
        name = _read_name(part, 0)
        if name is None:
            break
        names.append(name)
    return tuple(dict.fromkeys(names))


def _tidy_case(word: str) -> str:
    """A surname in capitals as it is usually written: "SMITH" -> "Smith", "McEVOY" -> "McEvoy",
    "O'DONNELL" -> "O'Donnell", "MAINS- FORSTER" -> "Mains-Forster"."""
    word = re.sub(r"-\s+", "-", word)
    for prefix in ("Mc", "Mac", "MC"):  # not "MAC": "MACHIN" is no Mac
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) > 1 and rest.isupper():
            return prefix.capitalize() + rest.capitalize()
    if not word.isupper() or len(word) <= 2:
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), word)
