"""Document metadata: its own date, issuer, area, addressee and the subjects the case is about."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DAY_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH}),?\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
MONTH_DATE = re.compile(rf"\b(?P<month>{MONTH}),?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b")
_DATE_LINE = re.compile(
    rf"^(?:Date(?:d)?:?\s*)?(?:\w+day,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{MONTH},?\s+(?:19|20)\d\d\.?$|^(?:Date:?\s*)?\d{{1,2}}[/.]\d{{1,2}}[/.](?:19|20)\d\d$",
    re.I,
)
_PUBLISHED = re.compile(
    rf"\b(?:today|published|publication\s+date|dated?)\b[^.\n]{{0,25}}?(?P<date>(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH},?\s+(?:19|20)\d\d)",
    re.I,
)

ORGANISATION = re.compile(
    r"(?P<org>(?:[A-Z][\w’'&.-]*\s+){1,4}?(?i:(?:Local\s+)?Safeguarding\s+(?:Children[’']?s?\s+|Adults?[’']?\s+)?"
    r"(?:Board|Partnership|Panel))|(?:[A-Z][\w’'-]*\s+){1,3}(?:County|City|Borough|Metropolitan\s+Borough)\s+Council"
    r"|(?:[A-Z][\w’'-]*\s+){1,3}Community\s+Safety\s+Partnership)"
)
_NOT_PLACE = {
    "the",
    "a",
    "an",
    "local",
    "all",
    "each",
    "our",
    "this",
    "independent",
    "chair",
    "of",
    "and",
    "for",
    "by",
}
_PSEUDONYM = re.compile(
    r"\b(?:(?:Child|Family|Baby|Infant|Adult|Young\s+Person)\s+[A-Z](?:[A-Z0-9]|\d{1,2})?(?![\w’'])|"
    r"M(?:r|rs|s|iss)\s+[A-Z]{1,3}(?![\w’'.]))"
)
_REFERRED_AS = re.compile(r"referred\s+to\s+as\s+(?P<names>[^.;\n]{2,80})", re.I)
_INITIALS_CASE = re.compile(
    r"\b(?:the\s+)?(?P<initials>[A-Z]{2,3})(?:[’']s)?\s+(?:Serious\s+Case\s+Review|SCR|death|case)\b"
)


def iso_date(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month_text = groups.get("month") or ""
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    year = int(groups["year"])
    if month is None or not 1 <= month <= 12:
        return None
    if groups.get("day"):
        try:
            return date(year, month, int(groups["day"])).isoformat()
        except ValueError:
            return None
    return f"{year:04d}-{month:02d}"


def find_date(text: str) -> str | None:
    """The first full or month date in `text`, at the precision it gives."""
    for pattern in (DAY_DATE, NUMERIC_DATE, MONTH_DATE):
        match = pattern.search(text)
        if match is not None:
            return iso_date(match)
    return None


def document_date(text: str, doc_type: str | None) -> str | None:
    """A document's own date: a date standing alone on a line near the top (letters, reports), the signed date
    at the end of a PFD report, or the publication date a statement gives."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if doc_type == "pfd_report":
        for line in reversed(lines[-12:]):
            found = find_date(line)
            if found:
                return found
    candidates = list(_PUBLISHED.finditer(text[:2000]))
    published = next((m for m in candidates if DAY_DATE.search(m.group("date"))), None) or (
        candidates[0] if candidates else None
    )
    if doc_type == "press_statement" and published:
        return find_date(published.group("date"))
    for line in lines[:40]:
        if _DATE_LINE.match(line):
            return find_date(line)
    return find_date(published.group("date")) if published else None


_ORGANISATION_WORD = re.compile(r"safeguarding|council|community\s+safety")


def organisations(text: str) -> Counter[str]:
    """Organisation names, counted. The full pattern is tried only just before the places where one of its
    key words stands (found with a fast scan of the lower-cased text), not at every capital letter."""
    found: Counter[str] = Counter()
    lowered = text.lower()
    starts = sorted({max(0, m.start() - 80) for m in _ORGANISATION_WORD.finditer(lowered)})
    seen_end = -1
    matches = []
    for start in starts:
        for match in ORGANISATION.finditer(text, start, min(len(text), start + 200)):
            if match.start() >= seen_end:
                matches.append(match)
                seen_end = match.end()
    for match in matches:
        words = match.group("org").split()
        while words and words[0].lower() in _NOT_PLACE:
            words = words[1:]
        lead = _PSEUDONYM.match(" ".join(words))  # a title line's "Child W" before the next line's name
        if lead and lead.end() < len(" ".join(words)):
            words = words[len(lead.group().split()) :]
        if len(words) >= 3:
            found[normalise_organisation(" ".join(words))] += 1
    return found


def normalise_organisation(name: str) -> str:
    name = re.sub(r"[’']s\b", "", name)
    if name.isupper():
        name = name.title()
    return " ".join(name.split())


def issuer_and_area(text: str) -> tuple[str | None, str | None]:
    """The organisation named most in the letterhead and body, and the place in its name."""
    head = organisations(text[:1500])
    found = head or organisations(text)
    if not found:
        return None, None
    issuer = found.most_common(1)[0][0]
    place = re.split(
        r"\s+(?:Local\s+)?(?:Safeguarding|County|City|Borough|Metropolitan|Community)\b", issuer
    )[0]
    return issuer, place or None


def subjects(text: str) -> tuple[str, ...]:
    """The pseudonyms a case is about ("Child R", "Family A", "Mr AA"), most mentioned first; names given
    with "referred to as"; initials used for a case ("the EW Serious Case Review")."""
    counts: Counter[str] = Counter(" ".join(m.group().split()) for m in _PSEUDONYM.finditer(text))
    named = [n for n, c in counts.most_common() if c >= 2 or n in text[:500]]
    for match in _REFERRED_AS.finditer(text):
        for name in re.split(r"\s*(?:,|\band\b)\s*", match.group("names")):
            name = name.strip(" “”\"'")
            if name and name[0].isupper() and len(name.split()) <= 3 and name not in named:
                named.append(name)
    if not named:
        initials = Counter(m.group("initials") for m in _INITIALS_CASE.finditer(text))
        named = [i for i, c in initials.most_common() if i not in ("SCR", "LSCB", "WSCB", "CDOP") and c >= 1][
            :1
        ]
    return tuple(named)


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


_REFERRED_REPORT = re.compile(
    r"\b(?:your|the)\s+(?:Regulation\s+28\s+|Prevention\s+of\s+Future\s+Deaths\s+|PFD\s+)?(?:report|letter)"
    r"[^.]{0,80}?\bdated\s+(?:the\s+)?(?P<date>[^,.;)\n]{6,30})",
    re.I,
)


def referred_report_date(text: str) -> str | None:
    """In a response: the date of the coroner's report (or covering letter) it answers."""
    match = _REFERRED_REPORT.search(text)
    return find_date(match.group("date")) if match else None


_SIGN_OFF = re.compile(r"^Yours\s+(?:sincerely|faithfully|truly)\b.*$", re.I | re.M)
_ORGANISATION_LINE = re.compile(
    r"\b(?:NHS|Trust|Council|Board|Partnership|Police|Constabulary|Department|Commission|Service|Services|"
    r"Group|Limited|Ltd|University|Hospital|Agency|Authority)\b"
)
_ROLE_ONLY = re.compile(r"^(?:Director|Chief|Head|Deputy|Assistant|Independent|Executive|Medical|Chair)\b")


def letter_signatory_organisation(text: str) -> str | None:
    """The organisation in a letter's sign-off block ("Yours sincerely / name / role / organisation")."""
    sign_offs = list(_SIGN_OFF.finditer(text))
    if not sign_offs:
        return None
    block = [line.strip() for line in text[sign_offs[-1].end() :].splitlines() if line.strip()][:6]
    for line in block:
        if _ORGANISATION_LINE.search(line) and not _ROLE_ONLY.match(line) and len(line.split()) <= 10:
            return line
    return None
