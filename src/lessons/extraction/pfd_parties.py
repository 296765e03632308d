"""The parties to a PFD report besides the deceased: the coroner who writes it (name, role and coroner area) and
the people and organisations it is sent to; and the coroner a response to one is addressed to."""

from __future__ import annotations

import re

from lessons.extraction.lines import Line

# A name starts with a name, not with the role's own words ("Her Majesty's Senior Coroner" names nobody).
_NAME = (
    r"(?!(?:HM|H\.M\.|Her|His|The)\b)(?:(?:[A-Z][\w.’'-]*|de|da|van|von|der|le|la|du)\s+){0,6}?[A-Z][\w.’'-]*"
)
# Letters after a name, each after a comma: "Dr Jane Roe, LLM, Area Coroner", "John Roe, KC, Senior Coroner".
_POST_NOMINALS = (
    r"(?:,\s*(?!HM\b)(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|Ph\.?D|BSc|MSc|BA|MA|\((?:Hons?|Oxon|Cantab)\))\.?)*"
)
_ROLE = (
    r"(?i:(?:the\s+|an?\s+)?(?:(?:HM|H\.M\.|Her\s+Majesty[’']?s|His\s+Majesty[’']?s)\s+)?(?:(?:Acting|Interim)\s+)?"
    r"(?:(?:Senior|Assistant|Area|Deputy)\s+)?Coroner(?:\s+\(Acting\))?)"
)
_AREA = r",?\s+(?i:for|of)\s+(?i:the\s+)?(?i:coroner\s+area\s+of\s+|area\s+of\s+|county\s+of\s+)?(?P<area>[^.\n|]+)"
# "I am Jane Roe, Senior Coroner for the coroner area of Northshire"; in the coroner section, without "I am":
# "Jane Roe HM Assistant Coroner, for the County of Northshire".
_I_AM_CORONER = re.compile(rf"\bI\s+am\s+(?P<name>{_NAME}){_POST_NOMINALS},?\s+(?P<role>{_ROLE})(?:{_AREA})?")
_NAMED_CORONER = re.compile(rf"^(?P<name>{_NAME}){_POST_NOMINALS},?\s+(?P<role>{_ROLE})(?:{_AREA})?", re.M)
# The template's next heading, when a converter ran it onto the area's line: "East London 2CORONER'S LEGAL".
_HEADING_AFTER_AREA = re.compile(r"\s+\d*\s*(?:CORONER|INVESTIGATION|CIRCUMSTANCES)\b.*")
# Degrees and honours written after a name without a comma ("Dr Jane Roe MBBS LLM, Senior Coroner").
_LETTERS_AFTER_NAME = frozenset(
    """LLB LLM MBBS MB BS ChB MBChB BCh BM MA BA BSc MSc PhD MD MRCP FRCP FRCS MRCS MRCGP DMJ QC KC OBE MBE CBE DL
    JP RN""".split()  # noqa: SIM905
)
# The judiciary's web pages head a report with its metadata: "Coroner name: ...", "Coroner Area: ...".
_HEADER_NAME = re.compile(r"^Coroner(?:[’']?s)?\s+name:\s*(?P<name>[^\n]+?)\s*$", re.M | re.I)
_HEADER_AREA = re.compile(r"^Coroner(?:[’']?s)?\s+area:\s*(?P<area>[^\n]+?)\s*$", re.M | re.I)


def coroner_and_area(text: str, coroner_section: str) -> tuple[str | None, str | None]:
    """The coroner ("Jane Roe, Senior Coroner") and their coroner area, from "I am ..." anywhere, else from the
    coroner section's own words, else from a web page's metadata lines."""
    match = _I_AM_CORONER.search(text) or _NAMED_CORONER.match(coroner_section.strip())
    if match is None:  # a line "Jane Roe, HM Assistant Coroner for Northshire": a full name (not "Although"),
        # and on one line with the role (a letter's address block, "Dr Jane Roe / Senior Coroner for ...", names
        # the coroner it is sent to, not its writer)
        match = next((m for m in _NAMED_CORONER.finditer(text[:5000]) if _one_line_named(m)), None)
    if match:
        words = match.group("name").split()
        while len(words) > 1 and words[-1].strip(".,") in _LETTERS_AFTER_NAME:
            words.pop()
        return f"{' '.join(words)}, {_role_words(match.group('role'))}", _tidy_area(match.group("area"))
    header_name, header_area = _HEADER_NAME.search(text[:3000]), _HEADER_AREA.search(text[:3000])
    name = header_name.group("name") if header_name else None
    role = re.search(rf"{re.escape(name)}[ \t,]+(?P<role>{_ROLE})", text) if name else None
    return (
        f"{name}, {_role_words(role.group('role'))}" if name and role else name,
        _tidy_area(header_area.group("area")) if header_area else None,
    )


def _one_line_named(match: re.Match[str]) -> bool:
    name = match.group("name")
    return (
        bool(match.group("area"))
        and " " in name
        and "\n" not in match.string[match.start() : match.start("role")]
    )


def _role_words(role: str) -> str:
    return " ".join(re.sub(r"^(?i:the|an?)\s+", "", role).split())


def _tidy_area(area: str | None) -> str | None:
    if not area:
        return None
    return _HEADING_AFTER_AREA.sub("", area).strip(" ,;:|–-").rstrip(".") or None


# Where the sent-to list ends when a converter ran the template's cells into one paragraph.
_NEXT_HEADING = re.compile(
    r"\b1\s*[|.]?\s*CORONER\b|\bCORONER\s+I\s+am\b|\bI\s+am\s+(?=[A-Z])|REGULATION\s+28\b"
)
_INLINE_ITEM = re.compile(r"(?:^|(?<=\s))(?P<num>\d{1,2})[.)]\s+(?=[A-Z\[(])")
_SEPARATORS = re.compile(r"\s*(?:\||;)\s*")
# A line that ends with one of these, or starts with one, is a name wrapped onto the next line.
_ENDS_UNFINISHED = re.compile(r"(?:,|&|–|-|/|\b(?:and|of|for|the|to|in|at|on|by))$", re.I)
_STARTS_CONTINUED = re.compile(r"^(?:[a-z(]|(?:and|&|of|for)\b)")
_EMPTY_ITEM = re.compile(r"^(?:TO:?|[–—•-]|\W*)$", re.I)


def recipient_names(lines: list[Line]) -> list[str]:
    """Whom the report is sent to, one name per item as coroners list them: numbered or bulleted items (a
    wrapped item goes on in unnumbered lines), else one per line (a line that ends or starts mid-name, "of",
    "and", ",", joins the one before), items numbered within one line ("1. A 2. B"), and items split by "|"
    or ";" (a list written "A, B and C" on one line stays one item, as coroners address it)."""
    pieces: list[tuple[str, bool]] = []  # (text, starts an item)
    listed = any(line.number or line.is_bullet for line in lines)
    for line in lines:
        cut = _NEXT_HEADING.search(line.text)
        text = line.text[: cut.start()] if cut else line.text
        inline = _numbered_run(text)
        if inline:
            pieces.extend((piece, True) for piece in inline)
        elif line.number or line.is_bullet:
            pieces.append((text[len(line.text) - len(line.body()) :], True))
        else:
            pieces.append((text, False))
        if cut:
            break
    items: list[str] = []
    for text, marked in pieces:
        text = text.strip()
        if _EMPTY_ITEM.match(text):
            continue
        previous = items[-1] if items else ""
        wrapped = previous and (listed or _ENDS_UNFINISHED.search(previous) or _STARTS_CONTINUED.match(text))
        if wrapped and not marked:
            items[-1] = f"{previous} {text}"
        else:
            items.append(text)
    names = (name.strip(" ,;:.–-") for item in items for name in _SEPARATORS.split(item))
    return [name for name in names if name and not _EMPTY_ITEM.match(name)]


def _numbered_run(text: str) -> list[str]:
    """The items of a line numbered within itself, "1. A, Trust 2. B, Board" (text before "1." first)."""
    numbers = list(_INLINE_ITEM.finditer(text))
    expected = [str(n) for n in range(1, len(numbers) + 1)]
    if len(numbers) < 2 or [m.group("num") for m in numbers] != expected:
        return []
    ends = [m.start() for m in numbers[1:]] + [len(text)]
    lead = text[: numbers[0].start()]
    return [lead] * bool(lead.strip()) + [text[m.end() : end] for m, end in zip(numbers, ends, strict=True)]


_ADDRESSEE = re.compile(
    r"^(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Professor|Sir)\.?[ \t]+)[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3})"
    r"(?:[,\s]+(?P<role>(?:HM\s+|Her\s+Majesty[’']s\s+)?(?:Senior\s+|Assistant\s+|Area\s+)?Coroner))?",
    re.M,
)


def letter_addressee(text: str) -> str | None:
    """The person a letter is addressed to (name and role), from the address block above "Dear"."""
    dear = re.search(r"^Dear\b", text, re.M)
    block = text[: dear.start()] if dear else text[:1500]
    for match in _ADDRESSEE.finditer(block):
        role = match.group("role")
        if role is None:  # the role on the next line ("Mr G.U. Williams\nHM Coroner")
            after = block[match.end() : match.end() + 40].lstrip()
            role_line = re.match(r"(?:HM\s+|Senior\s+|Assistant\s+|Area\s+)*Coroner\b", after)
            role = role_line.group() if role_line else None
        return f"{match.group('name').strip()}, {role}" if role else match.group("name").strip()
    return None
