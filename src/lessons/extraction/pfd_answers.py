"""The parts of a PFD response letter that answer each of the coroner's concerns.

Conventions of response letters (Regulation 29 replies from trusts, councils, boards and national bodies):
- the body runs from the salutation ("Dear ...") to the sign-off ("Yours sincerely"); courtesy sentences at
  its end ("I trust this response is helpful", "Please do not hesitate to contact me") close it;
- a letter that takes the concerns in turn marks each by its number at the start of a paragraph or heading:
  "Concern 1", "Matter of concern 2", "MoC 3", "Coroner's concern 2:", "Concern one", "In relation to
  concern 2, ...", "The first concern ...", "Concerns 1 and 2"; or by a bare list number ("1.", "(1)") when
  the paragraph introducing the list speaks of the concerns (a list introduced as recommendations or
  actions is the trust's own list, not the concerns);
- or it quotes the concern: a paragraph opening with quotation marks, a lead-in ("You raised the concern
  that ...", "The coroner's concern:", "Your concern was that ..."), or a paragraph standing before a
  "Response:" label (the letter set the concern in italics, which conversion to text loses);
- each part runs to the next concern's marker or to the closing. A letter with no markers answers the
  concerns in one run of prose: one part, its concern unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons.extraction.lines import Line, join_text, span_of, split_lines
from lessons.extraction.records import Answer
from lessons.models import Page

_SALUTATION = re.compile(r"^Dear\b", re.I)
_SIGN_OFF = re.compile(
    r"^(?:Yours\s+(?:sincerely|faithfully|truly)|(?:With\s+)?(?:kind|best|warm)(?:est)?\s+regards|Regards)\b",
    re.I,
)
_CLOSING = re.compile(
    r"^(?:I\s+(?:trust|hope)\s+(?:that\s+)?(?:this|the\s+above|my)\b|Please\s+(?:do\s+not|don[’']t)\s+hesitate"
    r"|Please\s+(?:contact|let\s+me\s+know)\b|(?:If|Should)\s+you\s+(?:require|need|have|would\s+like)\s+"
    r"(?:any\s+)?(?:further|more|additional|other)\b|Thank\s+you\s+(?:again\s+)?for\s+(?:bringing|raising|your)\b)",
    re.I,
)

_WORD_NUMBERS = {
    w: str(i)
    for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], 1)
}
_ORDINALS = {
    w: str(i)
    for i, w in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"), 1
    )
}
_NUM = rf"(?:\d{{1,2}}|{'|'.join(_WORD_NUMBERS)})"
# What may stand before a marker: a Markdown heading, bold, a bullet.
_LEAD = r"(?:#+\s*|\*\*\s*|[•▪●■➢►·–-]\s*)?"
_INTRO = (
    r"(?:(?:in\s+(?:response|relation|reply|regard|respect)\s+to|with\s+(?:regard|respect|reference)\s+to"
    r"|regarding|turning\s+to|addressing|as\s+(?:to|for)|re:?)\s+)?"
)
_WHOSE = r"(?:(?:the|your|h\.?m\.?)\s+)?(?:(?:senior\s+|assistant\s+|area\s+)?coroner(?:[’']s|s[’'])?\s+)?"
_KIND = r"(?:matters?\s+of\s+concern|areas?\s+of\s+concern|concerns?|moc)"
_NUMBERED = re.compile(
    rf"^{_LEAD}{_INTRO}{_WHOSE}{_KIND}\s*(?:no\.?\s*|number\s+)?"
    rf"(?P<nums>{_NUM}(?:\s*(?:,|and|&|to|-|–)\s*{_NUM})*)\b",
    re.I,
)
_ORDINAL = re.compile(
    rf"^{_LEAD}{_INTRO}(?:the|your)\s+(?P<ord>{'|'.join(_ORDINALS)})\s+(?:matter\s+of\s+concern|area\s+of\s+concern"
    r"|concern|issue|point)\b",
    re.I,
)
_BARE = re.compile(r"^(?:[•▪●■➢►·–-]\s*)?(?:(?P<num>\d{1,2})[.)]|\((?P<paren>\d{1,2})\))\s+(?=\S)")
# The paragraph introducing a bare list says what the list is.
_LIST_OF_CONCERNS = re.compile(r"\b(?:concerns?|matters?|issues?|points?)\b", re.I)
_LIST_OF_OTHER = re.compile(r"\b(?:recommendations?|actions?|steps|measures|changes)\b", re.I)

_QUOTE_LEAD = re.compile(
    rf"^{_LEAD}(?:(?:you|the\s+coroner|your\s+report|the\s+report)\s+(?:have\s+|has\s+)?(?:also\s+)?"
    r"(?:raised|expressed|identified|highlighted|noted|stated|said|commented|found|requested|asked|recorded)"
    r"\s+(?:(?:a|the|your)\s+)?(?:concerns?\s+)?(?:that|about|regarding|in\s+relation\s+to)\b[\s:]*"
    rf"|{_WHOSE}concern\s*(?:was\s+|is\s+|raised\s+)?(?:that\b|[:–—-])\s*)",
    re.I,
)
_OPEN_QUOTE = re.compile(r"^[\"“‘']")
_QUOTED = re.compile(r"[\"“‘'](?P<words>[^\"”’]{12,}?)[\"”’](?!\w)")
_RESPONSE_LABEL = re.compile(
    r"^(?:#+\s*|\*\*\s*)?(?:(?:our|the\s+trust[’']s|the\s+council[’']s|trust|council|board|organisational)\s+)?"
    r"response\s*[:–—-]",
    re.I,
)
_MIN_QUOTE_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)]*$")
_SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)", re.S)


@dataclass(frozen=True)
class _Block:
    """A paragraph of the body (lines between blank lines, or from a marker line on)."""

    lines: list[Line]

    @property
    def text(self) -> str:
        return join_text([line.text for line in self.lines])


@dataclass(frozen=True)
class _Marker:
    block: int
    concern: str | None
    quote: str | None


def extract_answers(text: str, pages: tuple[Page, ...] = ()) -> tuple[Answer, ...]:
    """The parts of a response letter's body that answer the concerns, each with the concern's number or
    quoted words where the letter gives them; one part with neither when the letter has no markers."""
    body = _body(text)
    if not body:
        return ()
    bare = _bare_list(body)
    blocks = _blocks(text, body, {id(line) for line in bare})
    blocks = _without_closing(blocks)
    if not blocks:
        return ()
    markers = _markers(blocks, {id(line) for line in bare})
    if not markers:
        return (_answer(blocks, pages, None, None),)
    ends = [m.block for m in markers[1:]] + [len(blocks)]
    return tuple(
        _answer(blocks[m.block : end], pages, m.concern, m.quote)
        for m, end in zip(markers, ends, strict=True)
    )


def _answer(blocks: list[_Block], pages: tuple[Page, ...], concern: str | None, quote: str | None) -> Answer:
    lines = [line for block in blocks for line in block.lines]
    text = join_text([line.text for line in lines])
    return Answer(text, span_of(lines[0].start, lines[-1].end, pages), concern, quote)


def _body(text: str) -> list[Line]:
    lines = split_lines(text)
    start = next((i + 1 for i, line in enumerate(lines) if _SALUTATION.match(line.text)), 0)
    end = next((i for i in range(start, len(lines)) if _SIGN_OFF.match(lines[i].text)), len(lines))
    return lines[start:end]


def _blocks(text: str, body: list[Line], bare: set[int]) -> list[_Block]:
    """The body's paragraphs; a line with a concern's marker (or an accepted bare list number) or a
    "Response:" label starts a new one even without a blank line before it (headings in converted PDFs), and
    so does a quotation's opening after a finished sentence."""
    blocks: list[list[Line]] = []
    for i, line in enumerate(body):
        blank_before = i > 0 and text.count("\n", body[i - 1].end, line.start) >= 2
        marked = (
            _numbered(line.text) is not None or id(line) in bare or bool(_RESPONSE_LABEL.match(line.text))
        )
        # a quotation's lead-in after a finished sentence: a paragraph of its own (a Word paragraph is a line)
        quoting = bool(_QUOTE_LEAD.match(line.text) or _OPEN_QUOTE.match(line.text))
        starts = marked or (quoting and i > 0 and bool(_SENTENCE_END.search(body[i - 1].text)))
        if not blocks or blank_before or starts:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return [_Block(lines) for lines in blocks]


def _without_closing(blocks: list[_Block]) -> list[_Block]:
    while blocks and _CLOSING.match(blocks[-1].text):
        blocks = blocks[:-1]
    return blocks


def _numbered(line: str) -> str | None:
    """The concern number(s) a line opens with ("Concern 2", "concerns 1 and 3" -> "1, 3")."""
    match = _NUMBERED.match(line)
    if match:
        return _numbers(match.group("nums"))
    match = _ORDINAL.match(line)
    return _ORDINALS[match.group("ord").lower()] if match else None


def _numbers(written: str) -> str:
    parts = [p.lower() for p in re.split(r"\s*(?:,|and|&)\s*", written.strip(), flags=re.I) if p]
    numbers: list[int] = []
    for part in parts:
        ends = [int(_WORD_NUMBERS.get(n, n)) for n in re.split(r"\s*(?:to|-|–)\s*", part) if n]
        numbers += list(range(ends[0], ends[-1] + 1)) if len(ends) == 2 and ends[0] < ends[1] else ends[:1]
    return ", ".join(str(n) for n in dict.fromkeys(numbers))


def _bare_list(body: list[Line]) -> list[Line]:
    """The lines of a bare numbered list ("1.", "(1)") that takes the concerns in turn: numbered from 1 in
    order, and introduced by a paragraph that speaks of concerns, not of recommendations or actions."""
    if any(_numbered(line.text) for line in body):
        return []
    found: list[Line] = []
    for i, line in enumerate(body):
        match = _BARE.match(line.text)
        number = int(match.group("num") or match.group("paren")) if match else None
        if number == len(found) + 1:
            if not found and not _introduces_concerns(body[max(0, i - 2) : i]):
                return []
            found.append(line)
    return found


def _introduces_concerns(lead_in: list[Line]) -> bool:
    text = " ".join(line.text for line in lead_in)
    return bool(_LIST_OF_CONCERNS.search(text)) and not _LIST_OF_OTHER.search(text)


def _markers(blocks: list[_Block], bare: set[int]) -> list[_Marker]:
    """Where each part starts. Once the letter numbers its parts, a paragraph merely opening with quotation
    marks (a policy's name, a phrase) is part of the answer; a lead-in ("You raised the concern that")
    still starts a part."""
    markers: list[_Marker] = []
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        first = block.lines[0]
        if _RESPONSE_LABEL.match(first.text):
            continue
        number = _numbered(first.text)
        if number is None and id(first) in bare:
            match = _BARE.match(first.text)
            number = (match.group("num") or match.group("paren")) if match else None
        if number is not None and number in seen:
            number = None  # a later mention of a concern already answered ("as under concern 1")
        quote = _quote(block.text, blocks[i + 1] if i + 1 < len(blocks) else None)
        follows_heading = markers and markers[-1].block == i - 1 and markers[-1].quote is None
        if number is None and quote is not None and follows_heading and _is_heading(blocks[i - 1]):
            # "Concern 2" on its own line, the quotation under it
            markers[-1] = _Marker(markers[-1].block, markers[-1].concern, quote)
            continue
        if number is None and (quote is None or (seen and not _QUOTE_LEAD.match(block.text))):
            continue
        if number is not None:
            seen.add(number)
        markers.append(_Marker(i, number, quote))
    return markers


def _is_heading(block: _Block) -> bool:
    return len(block.lines) == 1 and (block.lines[0].is_heading or len(block.text.split()) <= 6)


def _quote(text: str, following: _Block | None) -> str | None:
    """The concern's words as the paragraph quotes them: after a lead-in ("You raised the concern that"),
    in quotation marks at its start, or the whole paragraph when a "Response:" label follows it."""
    without_number = _NUMBERED.sub("", text, count=1) if _NUMBERED.match(text) else text
    without_number = without_number.lstrip(" :.)–—-")
    lead = _QUOTE_LEAD.match(without_number)
    rest = without_number[lead.end() :] if lead else without_number
    if lead or _OPEN_QUOTE.match(rest):
        quoted = _QUOTED.match(rest) if _OPEN_QUOTE.match(rest) else None
        if quoted:
            return _tidy(quoted.group("words"))
        if lead:
            sentence = _SENTENCE.match(rest)
            return _tidy(sentence.group() if sentence else rest)
    if following is not None and _RESPONSE_LABEL.match(following.text) and without_number != text:
        return _tidy(without_number)  # "Concern 2: <the concern>" then "Response:"
    if following is not None and _RESPONSE_LABEL.match(following.text) and not _NUMBERED.match(text):
        return _tidy(text)
    return None


def _tidy(words: str) -> str | None:
    words = words.strip().strip("\"“”‘’'").strip()
    return words if len(words.split()) >= _MIN_QUOTE_WORDS else None
