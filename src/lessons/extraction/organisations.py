"""Organisations: finding their names in a text and telling which one wrote the document (its issuer) from the
organisations it merely mentions, and the place in the issuer's name (its area)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_Trie = dict[str, "_Trie"]


def literal_alternation(words: list[str]) -> str:
    """A regex matching any of `words`, built as a trie ("Sa(?:fe...|...)") so that a scan tries only the
    branches that share a position's first letters, not every word in turn."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    return pattern(trie)


# National bodies that write or answer the documents Lessons reads, with the short names they go by. Most
# organisations are found by the shape of their names (see _HEAD); these are the ones whose names have no
# such shape ("NHS England", "Ofsted") or that are often named by their acronym alone ("IOPC said").
NATIONAL_BODIES: dict[str, tuple[str, ...]] = {
    "Care Quality Commission": ("CQC",),
    "Child Safeguarding Practice Review Panel": (),
    "Department for Education": ("DfE",),
    "Department of Health and Social Care": ("DHSC",),
    "Home Office": (),
    "Ministry of Justice": ("MoJ",),
    "NHS England": (),
    "NHS Improvement": (),
    "Ofsted": (),
    "Care Inspectorate": (),
    "HM Prison and Probation Service": ("HMPPS",),
    "Independent Office for Police Conduct": ("IOPC",),
    "Social Care Institute for Excellence": ("SCIE",),
    "NSPCC": (),
    "INQUEST": (),
    "Royal College of Paediatrics and Child Health": ("RCPCH",),
    "Local Government Association": ("LGA",),
    "Association of Directors of Adult Social Services": ("ADASS",),
    "Network Rail": (),
    "Medicines and Healthcare products Regulatory Agency": ("MHRA",),
    "National Institute for Health and Care Excellence": ("NICE",),
    "Welsh Government": (),
    "Police Ombudsman for Northern Ireland": ("Police Ombudsman",),
    "Independent Inquiry into Child Sexual Abuse": ("IICSA",),
    "House of Commons Library": ("Commons Library",),
    "House of Lords Library": (),
    "Scottish Government": (),
}
_NATIONAL_NAMES = tuple(NATIONAL_BODIES)
# Aliases longest first, so that "Police Ombudsman for Northern Ireland" is found whole.
_NATIONAL_ALIASES = {alias: name for name, acronyms in NATIONAL_BODIES.items() for alias in (name, *acronyms)}
# "Cumbria LSCB": a place and the acronym of a kind of board.
BOARD_ACRONYMS = {
    "LSCB": "Local Safeguarding Children Board",
    "SCB": "Safeguarding Children Board",
    "SAB": "Safeguarding Adults Board",
    "LSAB": "Local Safeguarding Adults Board",
    "SCP": "Safeguarding Children Partnership",
    "LSCP": "Local Safeguarding Children Partnership",
    "SAPB": "Safeguarding Adults Partnership Board",
    "SAP": "Safeguarding Adults Partnership",
    "CSP": "Community Safety Partnership",
}

# The words an organisation's name ends with ("... Safeguarding Children Board", "... NHS Foundation Trust").
_HEAD = re.compile(
    r"""(?:(?:Local\s+)?(?:Adult\s+|Children[’']?s?\s+)?Safeguarding\s+
          (?:(?:Children|Adults?|People)(?:[’']s|[’'])?\s+)?(?:Partnership\s+Board|Boards?|Partnerships?|Panel)
      | Community\s+Safety\s+Partnerships? | Child\s+Protection\s+Committee
      | (?:NHS\s+)?(?:Foundation\s+)?Trust | (?:Clinical\s+Commissioning|Responsible\s+Authorities)\s+Group
      | (?:(?:County|City|Borough|District|Metropolitan\s+Borough)\s+)?Council
      | Police(?:\s+and\s+Crime\s+Commissioner|\s+Service)? | Constabulary
      | Partnership(?:\s+Board)? | Boards? | Panel | Committee | Commission(?:er)? | Inspectorate | Ombudsman
      | Government | Department | Ministry | Office | Services? | Agency | Authority | Association | College
      | Institute | Programme | Inquiry | University(?:\s+Hospitals?)? | Solicitors | LLP | Ltd | Limited)\b""",
    re.X | re.I,
)
_HEAD_WORDS = {
    "partnership", "board", "panel", "committee", "protection", "trust", "group", "clinical", "commissioning",
    "responsible", "authorities", "council", "county", "city", "borough", "district", "metropolitan", "police",
    "crime", "commissioner", "constabulary", "commission", "inspectorate", "ombudsman", "government",
    "department", "ministry", "office", "agency", "authority", "association", "college", "institute",
    "programme", "inquiry", "university", "solicitors", "llp", "ltd", "limited",
}  # fmt: skip
# Key words of names, found with a cheap scan before the full pattern is tried where they stand.
_HEAD_KEYS = [
    "safeguarding", "community safety", "child protection", "trust", "clinical commissioning",
    "responsible authorities", "council", "police", "constabulary", "partnership", "board", "panel", "committee",
    "commission", "inspectorate", "ombudsman", "government", "department", "ministry", "office", "service",
    "agency", "authority", "association", "college", "institute", "programme", "inquiry", "university",
    "solicitors", "llp", "ltd", "limited",
]  # fmt: skip


def _key_pattern(keys: list[str], names: tuple[str, ...] = ()) -> re.Pattern[str]:
    """One scan for the key words of names ("Trust", "TRUST") and for whole `names` ("NHS England"). Names are
    capitalised, so the scan is case-sensitive; it has no leading \b, so that it can skip ahead to the letters
    its words start with (the word boundary is checked where a key is found: see _at_word_start)."""
    forms = [form for k in keys for form in (k.title(), k.upper())]
    return re.compile(literal_alternation([*forms, *names]).replace(r"\ ", r"\s+"))


_HEAD_WORD = _key_pattern(_HEAD_KEYS, tuple(_NATIONAL_ALIASES))
_SAFEGUARDING_WORD = _key_pattern(["safeguarding", "community safety", "child protection"])
_NAME_WORD = re.compile(r"[A-Z][\w’'.&-]*|&|and|of|AND|OF")
_CONNECTOR = {"and", "&", "of"}
_LAST_WORDS = {"board", "boards", "partnership", "council", "trust", "panel", "committee"}
# Walking back from a name's head: words, line breaks and anything else (which ends the walk).
_BACK_TOKEN = re.compile(r"[\w’'.&-]+|\n|[^\w\s’'.&-]")
_NOT_WORD = re.compile(r"[^\w’'.&-]")
_TITLE_WORD = re.compile(r"(?i:Review|Report|Summary|Briefing|Plan|Response|Statement|Contents|Introduction)")
# Words that end a name: an "and" after them starts another ("Boatfolk Marinas Ltd and North Somerset Council").
_ENDS_NAME = {
    "ltd", "limited", "llp", "england", "wales", "justice", "office", "trust", "council", "police", "constabulary",
}  # fmt: skip
# Words no name is built across, in capitals too ("COMMISSIONED BY THE SCOTTISH GOVERNMENT").
_STOP_WORDS = {
    "the",
    "by",
    "to",
    "for",
    "from",
    "with",
    "in",
    "on",
    "at",
    "a",
    "an",
    "said",
    "says",
    "and",
    "of",
}
_LEADING_NOISE = {
    "the", "a", "an", "our", "this", "that", "its", "their", "his", "her", "all", "each", "any", "every",
    "local", "in", "on", "at", "by", "from", "with", "following", "dear", "yours", "and", "of", "for",
    "under", "to", "both", "new", "newly", "today", "when", "if", "as", "where", "while", "then", "former",
    "previous", "current", "said", "re", "mr", "mrs", "ms", "dr", "miss",
}  # fmt: skip
_ROLE_WORDS = {
    "independent", "chair", "chairman", "chairperson", "director", "manager", "chief", "executive", "officer",
    "head", "deputy", "vice", "interim", "acting", "business", "lead", "member", "members", "minister",
    "secretary", "spokesperson", "spokesman", "spokeswoman", "statement", "response", "report", "publication",
}  # fmt: skip
# Words that name no place or body: a name made only of these ("Local Safeguarding Children Board") is no one's.
_GENERIC = {
    "local", "safeguarding", "children", "children’s", "children's", "childrens", "child", "adult", "adults",
    "people", "community", "safety", "national", "health", "care", "social", "mental", "nhs", "foundation",
    "multi-agency", "practice", "review", "serious", "case", "domestic", "homicide", "abuse", "learning",
    "management", "strategic", "executive", "sub-group", "subgroup", "improvement", "quality", "assurance",
    "steering", "the", "and", "of", "&", "for", "overview", "reviews", "services", "service", "partner",
    "partners", "agency", "agencies", "her", "his", "majesty’s", "majesty's", "hm", "crown", "prosecution",
    "final", "report", "reports", "response", "summary", "action", "plan", "briefing", "annual", "joint",
    "extraordinary", "meeting", "members", "member", "independent", "open", "chief", "director",
}  # fmt: skip
_PLACE_PREFIX = re.compile(r"^(?:Royal\s+Borough|London\s+Borough|City|County|Borough)\s+of\s+", re.I)
_TYPE_TAIL = re.compile(
    r"\s+(?:(?:Local|Adult|Children[’']?s?|Safeguarding|Adults?|People|Community|Safety|Partnership|Board|"
    r"Panel|NHS|Foundation|Trust|Clinical|Commissioning|Responsible|Authorities|Group|County|City|Borough|"
    r"District|Metropolitan|Council|Police|Constabulary|Child|Protection|Committee|Mental|Health|Social|Care|"
    r"University|Teaching|Hospitals?|Healthcare|Ambulance|Services?|Integrated|and\s+Crime\s+Commissioner)\b\s*)+$"
)
_PSEUDONYM_LEAD = re.compile(
    r"^(?:Child|Family|Baby|Infant|Adult|Young\s+Person)\s+[A-Z](?:[A-Z0-9]|\d{1,2})?\s+"
)
_ACRONYM_DEFINITION = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z]{1,7})\)")


@dataclass(frozen=True)
class OrganisationMention:
    """An organisation's name (normalised) where the text names it."""

    name: str
    start: int
    end: int


def find_organisations(
    text: str, start: int = 0, end: int | None = None, boards_only: bool = False
) -> list[OrganisationMention]:
    """The organisations named in text[start:end], in order (only safeguarding boards and partnerships if
    `boards_only`). The full pattern is tried only around the key words of organisation names (found with a
    fast scan of the lower-cased text), not at every capital."""
    end = len(text) if end is None else end
    found: list[OrganisationMention] = []
    seen_end = -1
    for key in (_SAFEGUARDING_WORD if boards_only else _HEAD_WORD).finditer(text, start, end):
        at = key.start()
        if at < seen_end or not _at_word_start(text, at):  # "Multi-Agency" names no agency
            continue
        national = _NATIONAL_ALIASES.get(key.group())
        if national and _at_word_end(text, key.end()) and not _in_capitals_heading(text, at, key.group()):
            found.append(OrganisationMention(national, at, key.end()))
            seen_end = key.end()
            continue
        head = _HEAD.match(text, at)
        if head is None or not head.group()[0].isupper() or _bare_head(text, at, head.end()):
            continue
        mention = _mention_at(text, head.start(), head.end())
        if mention is None or re.match(r"\s+Licen[cs]e\b", text[mention.end : mention.end + 12]):
            continue
        if found and mention.start < seen_end:  # a longer name around the last one: "... Partnership Trust"
            if mention.start > found[-1].start:
                continue
            found.pop()
        found.append(mention)
        seen_end = mention.end
    for extra in _board_acronyms(text, start, end):
        if not any(extra.start < m.end and m.start < extra.end for m in found):
            found.append(extra)
    return sorted(found, key=lambda m: m.start)


def _mention_at(text: str, head_start: int, head_end: int) -> OrganisationMention | None:
    """The whole name around a head ("Birmingham and Solihull Mental Health" + "NHS Foundation Trust"):
    capitalised words and inner "and", "&", "of" before it, and "for/of/into" + capitalised words after it."""
    end = head_end
    after = re.match(r"(?:[ \t]+(?:for|of|into)\s+(?:(?:[A-Z][\w’'-]*|and|&|of)[ \t]*)+)", text[head_end:])
    if after:
        tail = _one_name(after.group().rstrip())
        while tail.split()[-1] in _CONNECTOR:
            tail = tail[: tail.rstrip().rfind(" ")].rstrip()
        if tail.split()[-1] not in ("for", "of", "into"):
            end = head_end + len(tail)
    known = text.startswith(_NATIONAL_NAMES, head_start) and next(
        n for n in _NATIONAL_NAMES if text.startswith(n, head_start)
    )
    if known:  # "Department of Health and Social Care" and no more
        end = head_start + len(known)
    if end == head_end and text[head_start:head_end].lower() in ("department", "ministry"):
        return None  # "Emergency Department", not "Department for Education"
    words = _words_before(text, head_start, wrapped=not _distinctive(text[head_start:end]))
    while words and (words[0][1].lower() in _LEADING_NOISE or words[0][1] in _CONNECTOR):
        words = words[1:]
    roles = 0
    while roles < len(words) and words[roles][1].lower() in _ROLE_WORDS | _CONNECTOR:
        roles += 1
    if roles < len(words):
        words = words[roles:]
    start = words[0][0] if words else head_start
    name = text[start:end]
    lead = _PSEUDONYM_LEAD.match(name)  # a title line's "Child W" before the next line's name
    if lead:
        start += lead.end()
        name = name[lead.end() :]
    name = normalise_organisation(name)
    if not _distinctive(name):
        return None
    return OrganisationMention(name, start, end)


def _one_name(tail: str) -> str:
    """A name's "for/of ..." part up to an "and" that starts another organisation: "of Justice" in "Ministry
    of Justice and HM Prison and Probation Service", but all of "of Health and Social Care"."""
    words = tail.split(" ")
    for i, word in enumerate(words):
        if word in ("and", "&") and i + 1 < len(words) and _starts_organisation(words[i + 1 :]):
            return " ".join(words[:i])
    return tail


def _starts_organisation(words: list[str]) -> bool:
    """Whether the words after an "and" (up to the next) name an organisation of their own."""
    segment = []
    for word in words:
        if word in ("and", "&"):
            break
        segment.append(word.lower())
    return segment[0] in ("nhs", "hm", "the") or any(w in _HEAD_WORDS for w in segment)


def _words_before(text: str, head_start: int, wrapped: bool) -> list[tuple[int, str]]:
    """The name's words before its head, walking back over capitalised words and connectors on the same
    line, or on the line before when the name was `wrapped` there (its own line names no place) or that line
    ends with "and", "of" or "&"."""
    offset = max(0, head_start - 110)  # eight words at most
    tokens = list(_BACK_TOKEN.finditer(text, offset, head_start))
    words: list[tuple[int, str]] = []
    newline = False
    for match in reversed(tokens):
        raw = match.group()
        if raw == "\n":
            newline = True
            continue
        token = raw.rstrip(".")
        if len(words) == 8 or not token or _NOT_WORD.match(raw):
            break
        if raw.endswith(".") and len(token) > 2 and not token.isupper():  # "... in May. Police said"
            break
        if (
            words
            and words[0][1] in ("and", "&")
            and (token.lower() in _ENDS_NAME or text[: match.end()].endswith(_NATIONAL_NAMES))
        ):  # "NHS England and ...", "Department of Health and Social Care and ..."
            break
        # Across a line break only when the name was wrapped: "... the Nottinghamshire" / "Safeguarding
        # Children Board", "STOKE-ON-TRENT" / "SAFEGUARDING CHILDREN BOARD", "Mid and" / "West Wales ...".
        if newline and token not in _CONNECTOR and (words or not wrapped or _TITLE_WORD.fullmatch(token)):
            break
        if not _NAME_WORD.fullmatch(token) or (token.lower() in _STOP_WORDS and token not in _CONNECTOR):
            break
        # "Kent Community Safety Partnership Medway Community Safety Partnership": two names, not one; nor
        # "Northshire Council Director of Children's Services".
        if token.lower() in _LAST_WORDS and (
            newline
            or _distinctive(" ".join(w for _, w in words))
            or (words and words[0][1].lower() in _ROLE_WORDS)
        ):
            break
        words.insert(0, (match.start(), token))
        newline = False
    while words and words[0][1] in _CONNECTOR:
        words = words[1:]
    return words


def _distinctive(name: str) -> bool:
    """A name with something of its own besides kind words: "Leicester Safeguarding Children Board", not
    "Local Safeguarding Children Board"."""
    if name in NATIONAL_BODIES:
        return True
    words = [w.lower() for w in re.findall(r"[\w’'&-]+", name)]
    return any(
        w not in _GENERIC
        and w not in _HEAD_WORDS
        and w.removesuffix("s") not in _HEAD_WORDS
        and not w.isdigit()
        for w in words
    )


def normalise_organisation(name: str) -> str:
    name = " ".join(name.split())
    if name[-1].isdigit():
        name = re.sub(r"(?<=[a-z])\d{1,2}$", "", name)  # a footnote mark: "Ministry of Justice2"
    if "’" in name or "'" in name:
        name = re.sub(r"[’']s\b", "", name)
        name = re.sub(r"(?<=\w)[’']\s", " ", name)  # "Adults’ Board"
    if name.isupper() and len(name) > 6:
        name = " ".join(w if w in ("NHS", "HM") else w.lower() if w in ("AND", "OF", "FOR") else w.title()
                        for w in name.split())  # fmt: skip
    return name


def _in_capitals_heading(text: str, at: int, alias: str) -> bool:
    """ "INVESTIGATION and INQUEST": a word that is also a body's name, in a heading of capitals."""
    if not alias.isalpha() or not alias.isupper() or len(alias) < 6:
        return False
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at].split()
    return bool(before) and (before[-1] in ("and", "&") or before[-1].isupper())


def _bare_head(text: str, start: int, end: int) -> bool:
    """ "the Board", "our Trust": a head after a lower-case word and with no "for/of/into ..." after it names
    no one in particular (a cheap test before the whole name is worked out)."""
    j = start - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    k = j
    while k >= 0 and text[k].isalpha():
        k -= 1
    before = text[k + 1 : j + 1]
    if not before or not before[0].islower() or before in ("and", "of"):
        return False
    return not text.startswith((" for ", " of ", " into "), end)


def _at_word_start(text: str, at: int) -> bool:
    """Not inside a word nor after a hyphen ("Multi-Agency")."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "-’'")


def _at_word_end(text: str, at: int) -> bool:
    return at == len(text) or not (text[at].isalnum() or text[at] == "-")


_BOARD_ACRONYM = re.compile(r"(?:" + "|".join(BOARD_ACRONYMS) + r")\b")  # the boundary before: checked
_PLACE_BEFORE = re.compile(r"(?:[A-Z][\w’'-]+[ \t]+(?:(?:and|&)[ \t]+)?){1,3}$")


def _board_acronyms(text: str, start: int, end: int) -> list[OrganisationMention]:
    """ "Cumbria LSCB" as "Cumbria Local Safeguarding Children Board"."""
    found: list[OrganisationMention] = []
    if not any(text.find(a, start, end) != -1 for a in ("SCB", "SCP", "SAB", "SAP", "CSP")):
        return found
    for match in _BOARD_ACRONYM.finditer(text, start, end):
        if not _at_word_start(text, match.start()):
            continue
        place = _PLACE_BEFORE.search(text, max(start, match.start() - 80), match.start())
        if place is None:
            continue
        words = place.group().split()
        while words and words[0].lower() in _LEADING_NOISE | _ROLE_WORDS:
            words = words[1:]
        if words and words[-1] not in _CONNECTOR:
            name = normalise_organisation(" ".join(words) + " " + BOARD_ACRONYMS[match.group()])
            if _distinctive(name):
                found.append(OrganisationMention(name, match.start() - len(" ".join(words)) - 1, match.end()))
    return found


def defined_acronyms(text: str, mentions: list[OrganisationMention]) -> dict[str, str]:
    """Acronyms the text defines for the organisations it names: "Dudley Safeguarding Children Board (DSCB)"."""
    defined = {}
    for mention in mentions:
        match = _ACRONYM_DEFINITION.match(text, mention.end)
        if match and match.group("acronym") not in BOARD_ACRONYMS:
            defined[match.group("acronym")] = mention.name
    return defined


def area_of(issuer: str) -> str | None:
    """The place in an organisation's name: "Mid and West Wales Safeguarding Board" -> "Mid and West Wales"."""
    if issuer in NATIONAL_BODIES:
        return None
    place = _TYPE_TAIL.sub("", " " + issuer).strip()
    place = _PLACE_PREFIX.sub("", place)
    if place == issuer or not place or not _distinctive(place):
        return None
    return place
