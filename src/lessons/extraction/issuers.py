"""Who wrote a document: the organisation whose letterhead, title block, statement, sign-off or publication line
it is, or the coroner who says "I am ...", told apart from the organisations the document merely discusses."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from lessons.extraction.organisations import (
    NATIONAL_BODIES,
    OrganisationMention,
    area_of,
    defined_acronyms,
    find_organisations,
    literal_alternation,
    normalise_organisation,
)
from lessons.extraction.pfd_parties import coroner_and_area

_HEAD_CHARS = 2000
_BOARD_FALLBACK_CHARS = 20_000
_BOARD_WORDS = (
    "Safeguarding",
    "SAFEGUARDING",
    "Community Safety",
    "COMMUNITY SAFETY",
    "Child Protection",
    "SCB",
    "SAB",
)
_NON_EMPTY_LINE = re.compile(r"^[ \t]*\S", re.M)  # the letterhead, title block and opening paragraphs
_LETTERHEAD_LINES = 15
_COUNTED_CHARS = 1500  # where mentions are counted to rank boards named with no sign of authorship

# What stands before a name that wrote the document, and how surely (see _role).
_BEFORE_ROLES: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\b(?:statement|evidence|letter|submission)\s+(?:from|by|of|on\s+behalf\s+of)\b[^.\n]{0,60}$", re.I), 6),
    (re.compile(r"\b(?:published|produced|prepared|issued|written|compiled|presented)\s+(?:by|for)\s+(?:the\s+)?$", re.I), 5),
    (re.compile(r"\bon\s+behalf\s+of\s+(?:the\s+)?$", re.I), 5),
    (re.compile(r"(?:property\s+of|ownership|owned\s+by|©|copyright)\s*[:/]?\s*(?:the\s+)?$", re.I), 5),
    (re.compile(r"\b(?:commissioned|approved|endorsed)\s+by\s+(?:the\s+)?$", re.I), 4),
    (re.compile(r"\b(?:carried\s+out|undertaken|conducted|led)\s+by\s+(?:the\s+)?(?:national\s+)?$", re.I), 3),
    (re.compile(r"\bminutes\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:meeting\s+of\s+(?:the\s+)?)?$", re.I), 5),
]  # fmt: skip
_BEFORE_KEY = re.compile(
    literal_alternation([
        "statement", "evidence", "letter", "submission", "published", "produced", "prepared", "issued", "written",
        "compiled", "presented", "behalf", "property", "ownership", "owned", "copyright", "©", "commissioned",
        "approved", "endorsed", "minutes", "out", "undertaken", "conducted", "led",
    ])
)  # fmt: skip
# A quote's speaker: "Jane Doe, Chair of the X Board, said", "Director of X said".
_SPEAKER_BEFORE = re.compile(
    r"\b(?:Chair(?:man|person)?|Director|Chief\s+Executive|Spokes(?:person|man|woman)|Manager|Head|Leader|"
    r"Minister|Commissioner|Co-Director|Lead|Officer|Nurse)\b[^.\n]{0,25}?\b(?:of|for|at)\s+(?:the\s+)?$",
    re.I,
)
_SAYS = re.compile(r"^[^.\n“\"]{0,60}?\b(?:said|says|commented|added|stated)\b", re.I)
_AFTER_ROLES: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"^\s+(?:statement|spokes(?:person|man|woman))\b", re.I), 6),
    (re.compile(r"^[’']s\s+(?:Chief|Director|Chair|Head|statement|response|spokes)", re.I), 6),
    (re.compile(r"^[’']s\s+(?:\w+\s+){0,2}(?:report|review|briefing|findings|publication)\b", re.I), 4),
    (re.compile(r"^(?:,[^.\n]{0,40},)?\s+(?:Chief\s+Executive|Director|Chair|Head|Co-Director|spokes\w+)\b[^.\n]{0,40}\b(?:said|says)\b", re.I), 6),
    (re.compile(
        r"^\s*(?:\([A-Za-z]{2,8}\)\s*)?(?:has|have|is|are|was|were|will|would)?\s*(?:(?:today|now|also|fully|"
        r"therefore)\s+(?:\([^)\n]{0,40}\)\s*)?)?(?:published|publish(?:es|ing)?|completed|welcome[sd]?|express(?:es|ed)?|"
        r"apologi[sz]e[sd]?|continues?|accept(?:s|ed)?|noted|keen|like|said|says|responded|decided|agreed|"
        r"undertak(?:en|ing)|reviewed|acknowledges?)\b", re.I), 5),
    # A body that commissioned something, or says what it has done, may or may not have written this document.
    (re.compile(r"^\s*(?:has|have)?\s*commissioned\b", re.I), 3),
    (re.compile(r"^\s+(?:has|have)\s+(?:now\s+|also\s+|carefully\s+)?(?:considered|taken|introduced|implemented|"
                r"carried\s+out|put\s+in\s+place|made|begun|started|established)\b", re.I), 3),
]  # fmt: skip
_PREPOSITION_BEFORE = re.compile(r"\b(?:of|for|to|by|with|from|at|in|into|on|and|about)\s+(?:the\s+)?$", re.I)
# "Statement from X following ...", "X statement": a statement's own title names its author.
_STATEMENT_FROM = re.compile(
    r"^(?:(?:Joint\s+)?Statement|Response)\s+(?:from|by)\s+(?:the\s+)?(?P<who>[^,.:;\n]+?)"
    r"(?=\s+(?:following|on|about|regarding|in\s+response|after|into|to)\b|[,.:;\n]|$)",
    re.I | re.M,
)
_NAME_STATEMENT = re.compile(r"^(?P<who>(?:[A-Z][\w’'&-]*\s+){1,5}?)(?:statement|response)\b", re.M)
_NOT_AUTHOR = {"joint", "press", "our", "board", "media", "public", "official", "full", "a", "the"}
# "Published by the NSPCC on behalf of an unnamed local safeguarding children board": the board is the author.
_UNNAMED_BOARD = re.compile(
    r"\bon\s+behalf\s+of\s+an?\s+(?P<who>unnamed\s+(?:local\s+)?safeguarding\s+(?:children|adults)\s+"
    r"(?:board|partnership))",
    re.I,
)
_GOV_UK = re.compile(r"\bwww\.(?P<domain>[a-z-]+)\.gov\.uk\b", re.I)
# A contents entry: "2.3 Westshire NHS Trust 18".
_CONTENTS_ENTRY = re.compile(r"^[ \t]*\d+(?:\.\d+)*\.?[ \t]+\S.*[ \t]\d{1,3}[ \t]*$", re.M)
_DOT_LEADER = re.compile(r"\.{4,}|…{2,}|(?:\.\s){4,}")
# A publisher's or printer's notice names neither the author nor the issuer.
_BOILERPLATE = re.compile(r"\bPrinted\b|\bStationery\s+Office\b|\blicen[cs]ed?\b", re.I)
_COUNTY_OF = re.compile(r"^(?:the\s+)?(?:County|City|Borough)\s+of\s+", re.I)


@dataclass
class _Candidate:
    name: str
    first: int
    role: int = 0
    mentions: int = 0
    board: bool = False
    aliases: set[str] = field(default_factory=set)


def issuer_and_area(text: str, doc_type: str | None = None) -> tuple[str | None, str | None]:
    """The document's issuer and the place in its name. The issuer is the coroner who writes "I am ...", else
    the organisation with the strongest sign of authorship (a statement's title or speaker, a letter's
    sign-off or letterhead, "published by", a title block), else the safeguarding board or partnership the
    opening (or, failing that, the whole text) names most. An organisation merely discussed is no issuer."""
    head = text[:_HEAD_CHARS]
    coroner = coroner_issuer(head)
    if coroner is not None:
        return coroner
    candidates: dict[str, _Candidate] = {}
    mentions = find_organisations(head)
    line_starts = [m.start() for m in _NON_EMPTY_LINE.finditer(head)] if mentions else []
    acronyms = defined_acronyms(head, mentions)
    for mention in [*mentions, *_acronym_mentions(head, acronyms, mentions)]:
        candidate = candidates.setdefault(mention.name, _Candidate(mention.name, mention.start))
        candidate.mentions += mention.start < _COUNTED_CHARS
        candidate.board = candidate.board or _is_board(mention.name)
        candidate.role = max(candidate.role, _role(head, mention, line_starts))
    for name, role in _authors_by_layout(text, head, doc_type):
        candidate = candidates.setdefault(name, _Candidate(name, 0))
        candidate.role = max(candidate.role, role)
    eligible = [c for c in candidates.values() if c.role > 0 or c.board]
    if not eligible:
        body = text[:_BOARD_FALLBACK_CHARS]
        if not any(word in body for word in _BOARD_WORDS):  # a plain search first: most texts name none
            return None, None
        named = find_organisations(body, boards_only=True)
        boards = Counter(m.name for m in named if _is_board(m.name))
        if not boards:
            return None, None
        issuer = boards.most_common(1)[0][0]
        return issuer, area_of(issuer)
    best = max(eligible, key=lambda c: (c.role, min(c.mentions, 5), -c.first))
    return best.name, area_of(best.name)


def _is_board(name: str) -> bool:
    """A local safeguarding board or partnership, or a community safety partnership (not a national panel)."""
    return (
        name not in NATIONAL_BODIES
        and re.search(r"Safeguarding|Community\s+Safety|Child\s+Protection", name, re.I) is not None
    )


def _acronym_mentions(
    head: str, acronyms: dict[str, str], mentions: list[OrganisationMention]
) -> list[OrganisationMention]:
    """Later uses of an acronym the text defined ("... Board (DSCB)" then "the DSCB said")."""
    found = []
    for acronym, name in acronyms.items():
        at = head.find(acronym)
        while at != -1:
            end = at + len(acronym)
            alone = not (at and head[at - 1].isalnum()) and not (end < len(head) and head[end].isalnum())
            if alone and not any(m.start <= at < m.end + len(acronym) + 3 for m in mentions):
                found.append(OrganisationMention(name, at, end))
            at = head.find(acronym, end)
    return found


def _role(head: str, mention: OrganisationMention, line_starts: list[int]) -> int:
    """How surely the text presents this mention as its author (0: merely named). `line_starts`: where the
    head's non-empty lines start."""
    line_start = head.rfind("\n", 0, mention.start) + 1
    line_end = head.find("\n", mention.end)
    line_end = len(head) if line_end == -1 else line_end
    before = head[max(line_start, mention.start - 120) : mention.start]
    after = head[mention.end : min(line_end, mention.end + 120)]
    role = 0
    if _BEFORE_KEY.search(before.lower()):  # a cheap scan (lower case, no \b) before the patterns
        for pattern, weight in _BEFORE_ROLES:
            if pattern.search(before):
                role = max(role, weight)
    if _SAYS.match(after) and _SPEAKER_BEFORE.search(before[-70:]):
        role = max(role, 6)
    if not _PREPOSITION_BEFORE.search(before[-25:]):
        for pattern, weight in _AFTER_ROLES:
            if pattern.match(after):
                role = max(role, weight)
    line_index = bisect_left(line_starts, line_start)
    rest = (before + " " + after).strip(" \t,.:;|–—-()")
    # A line of its own, or with a few words more ("Northshire Council: Safeguarding Adults Board"), not a
    # contents entry.
    words = rest.split()
    own_line = len(words) <= 2 or (
        len(words) <= 3 and len(head[line_start:line_end].split()) <= 8 and all(w[0].isupper() for w in words)
    )
    if (
        line_index < _LETTERHEAD_LINES
        and own_line
        and len(mention.name.split()) >= 2
        and not _DOT_LEADER.search(after)
        and not _CONTENTS_ENTRY.search(head, line_start, line_end)
    ):
        role = max(role, 5)  # a letterhead or title-block line of its own
    elif line_index == 0 and (
        _title_like(head[line_start:line_end]) or (mention.start - line_start < 200 < line_end - line_start)
    ):
        role = max(role, 2)  # in the title line (or the start of a document flattened into one paragraph)
    if role:
        near = head[max(line_start, mention.start - 150) : min(line_end, mention.end + 150)]
        if ("rinted" in near or "tationery" in near or "icen" in near) and _BOILERPLATE.search(near):
            return 0
    return role


def _title_like(line: str) -> bool:
    """A title: short, and no sentence."""
    return len(line.split()) <= 14 and not re.search(r"[.!?][\"”’']?\s*$|[.!?]\s+[A-Z]", line)


def _authors_by_layout(text: str, head: str, doc_type: str | None) -> list[tuple[str, int]]:
    """Authors named by a statement's title, a letter's sign-off, or a council's web address in a letterhead."""
    found: list[tuple[str, int]] = []
    title = "\n".join(head.splitlines()[:4])
    statement = _STATEMENT_FROM.search(title) or _NAME_STATEMENT.search(title)
    if statement:
        who = statement.group("who").strip()
        named = find_organisations(who)
        if named:
            found.append((named[0].name, 6))
        elif len(who.split()) >= 2 and who.split()[0].lower() not in _NOT_AUTHOR:
            found.append((normalise_organisation(who), 6))
    unnamed = _UNNAMED_BOARD.search(head) if "behalf" in head else None
    if unnamed:
        found.append((" ".join(unnamed.group("who").split()).capitalize(), 6))
    signed = letter_signatory_organisation(text)
    if signed:
        found.append((signed, 6))
    council = _council_from_web_address(head)
    if council:
        found.append((council, 5))
    return found


def _council_from_web_address(head: str) -> str | None:
    """A council letterhead gives its web address: "www.somerset.gov.uk" + "County Hall" -> "Somerset County
    Council" (the place as the letterhead spells it)."""
    if ".gov.uk" not in head and ".GOV.UK" not in head:
        return None
    top = "\n".join(head.splitlines()[:_LETTERHEAD_LINES])
    match = _GOV_UK.search(top)
    if match is None:
        return None
    domain = match.group("domain").lower().replace("-", "")
    words = re.findall(r"[A-Z][a-z]+", top)
    place = next(
        (
            " ".join(words[i:j])
            for i in range(len(words))
            for j in range(i + 1, min(i + 4, len(words) + 1))
            if "".join(words[i:j]).lower() == domain
        ),
        None,
    )
    if place is None:
        return None
    return f"{place} County Council" if "County Hall" in top else f"{place} Council"


def coroner_issuer(head: str) -> tuple[str, str | None] | None:
    """ "I am Dr Jane Doe, LLM, Area Coroner for Northshire" -> ("Dr Jane Doe, Area Coroner", "Northshire"),
    read as in a PFD report (`pfd_parties.coroner_and_area`); the area without "County of"."""
    if "oroner" not in head:
        return None
    name, area = coroner_and_area(head, "")
    if name is None:
        return None
    return name, (_COUNTY_OF.sub("", area).strip() or None) if area else None


_SIGN_OFF = re.compile(
    r"^(?:Yours\s+(?:sincerely|faithfully|truly)|(?:Kind|Best|Warm)\s+regards|Regards)\b.*$", re.I | re.M
)
_SIGN_OFF_WORDS = ("Yours", "yours", "regards", "Regards")
_ORGANISATION_LINE = re.compile(
    r"\b(?:NHS|Trust|Council|Board|Partnership|Police|Constabulary|Department|Commission|Service|Services|"
    r"Group|Limited|Ltd|University|Hospital|Agency|Authority)\b"
)
_ROLE_ONLY = re.compile(r"^(?:Director|Chief|Head|Deputy|Assistant|Independent|Executive|Medical|Chair)\b")


def letter_signatory_organisation(text: str) -> str | None:
    """The organisation in a letter's sign-off block ("Yours sincerely / name / role / organisation", or
    "name / Chief Executive, Northshire NHS Trust")."""
    last = max(text.rfind(word) for word in _SIGN_OFF_WORDS)
    if last == -1:
        return None
    line_start = text.rfind("\n", 0, last) + 1
    # The last sign-off, found from the end with a plain search; a regex scan only if that was in prose.
    sign_off = _SIGN_OFF.match(text, line_start) or next(reversed(list(_SIGN_OFF.finditer(text))), None)
    if sign_off is None:
        return None
    block = [line.strip() for line in text[sign_off.end() :].splitlines() if line.strip()][:6]
    named = find_organisations("\n".join(block))
    if named:
        return named[0].name
    for line in block:
        if _ORGANISATION_LINE.search(line) and not _ROLE_ONLY.match(line) and len(line.split()) <= 10:
            return line
    return None
