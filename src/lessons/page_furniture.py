"""Page furniture: the lines a page carries whatever its content (running headers and footers, page numbers,
a browser's print stamps), found by repetition across pages and removed with the offset map intact.

A browser printing a web page to PDF puts the date, time and page title at the top of every page and the
address and a page counter at the bottom ("02/12/2026, 10:15   Independent review - GOV.UK" ...
"https://www.gov.uk/government/publications/...   6/20"). Text converted from such PDFs often loses the page
breaks; the counters then tell where the pages were.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import pairwise

from lessons.offsets import MappedText

PAGE_BREAK = "\f"
_LINE = re.compile(r"\f|[^\n\f]+\n?|\n")  # a page break is a line of its own

# A page number alone on its line; a year ("2018", "2019/20") is no page number but a date split off its line.
PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:(?:page|p\.)[ \t]*)?[-–—]?[ \t]*(?!(?:19|20)\d\d\b)\d{1,4}[ \t]*(?:(?:of|/)[ \t]*\d{1,4})?[ \t]*[-–—]?[ \t]*$",
    re.IGNORECASE,
)
# A page counter as a browser prints it ("6/20", "Page 6 of 20"), with the page's address before it or not.
_COUNTER = re.compile(
    r"^(?P<url>(?:https?://|www\.)\S+\s+)?(?:page\s+)?(?P<page>\d{1,4})\s*(?:/|\bof\b)\s*(?P<pages>\d{1,4})$",
    re.IGNORECASE,
)
# A browser's print stamp: the date and time the page was printed, the page title after it or not.
_PRINT_STAMP = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s|$)", re.I)
# Lines naming a numbered item ("Recommendation 3", "Response to recommendation 3", "Chapter 4") are content,
# even where one stands at the top of every page (one recommendation per page).
_LABELLED_ITEM = re.compile(
    r"\b(?:recommendation|concern|action|finding|lesson|chapter|section|part|appendix|annex|theme)s?\s+[\d#]",
    re.I,
)
_DIGITS = re.compile(r"\d+")
# What changes from page to page on a running line: "page 3 (of 12)", a leading or trailing page number or
# counter ("3 | Annual report", "Annual report - 3", "... 6/20"), a print stamp's date and time.
_PAGE_MARK = re.compile(
    r"\bpage\s*\d+(?:\s*(?:of|/)\s*\d+)?"
    r"|^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"
    r"|^[-–—]?\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*[-–—|]?(?=\s|$)"
    r"|(?<=\s)[-–—|]?\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*[-–—]?$",
    re.I,
)
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*>]\s+|\|)|\|\s*$|\*")  # markdown around a converted line
_PAGE_LINES = 5  # counters alone closer than this many lines count something other than pages

Lines = list[tuple[int, int, str]]  # (start, end, text without its line break)


def remove_page_furniture(text: MappedText) -> MappedText:
    """Drop page numbers, page counters, print stamps and running headers/footers.

    Pages come from page breaks (PDFs) or, in converted text without them, from page counters ("6/20") that
    end each page. On pages: page-number lines among the first or last three lines of a page, and lines that
    recur there, page numbers aside, on most pages and not in the pages' bodies. Without page breaks:
    page-number lines standing alone between blank lines, and short lines that recur at least three times with
    a page number in them ("Page 3 of 12", "Annual Report | 7"). Anywhere: a counter after the page's address,
    and in a document with page counters, a print stamp (date, time, title) near a page's top or bottom. A
    number alone elsewhere (a table cell, a list, a score "7/10") stays.
    """
    lines = [(m.start(), m.end(), m.group().rstrip("\n")) for m in _LINE.finditer(text.text) if m.group()]
    pages = _split_pages(lines)
    paged = len(pages) >= 2
    counters = _page_counters(lines, lone=not paged)
    doomed = set(counters)
    if not paged:
        doomed |= {i for i in range(len(lines)) if _lone_page_number(lines, i)} | _numbered_repeats(lines)
        pages = _split_at(lines, counters)
    if len(pages) >= 2:
        edges = {i for page in pages for i in page[:3] + page[-3:]}
        doomed |= {i for i in edges if PAGE_NUMBER.match(lines[i][2])} | _running_lines(pages, lines)
    if counters:  # a printout: its print stamps near a page's edges go, whether they recur or not
        near_edges = {i for page in pages for i in page[:4] + page[-4:]}
        doomed |= {i for i in near_edges if _PRINT_STAMP.match(bare(lines[i][2]))}
    return text.edit((lines[i][0], lines[i][1], "") for i in sorted(doomed))


def bare(line: str) -> str:
    """The line without the markdown a converter put around it, with single spaces."""
    return " ".join(_MARKUP.sub(" ", line).split())


def _page_counters(lines: Lines, lone: bool) -> set[int]:
    """Counter lines: after the page's address, any that can be one (n <= N); alone (only in text without
    page breaks, where nothing else marks the pages), counters of one page count that go up page by page, a
    page apart."""
    found: dict[int, re.Match[str]] = {}
    for index, (_, _, line) in enumerate(lines):
        match = _COUNTER.match(bare(line))
        if match and 0 < int(match["page"]) <= int(match["pages"]) and (lone or match["url"]):
            found[index] = match
    alone: dict[str, list[int]] = defaultdict(list)
    for index, match in found.items():
        if not match["url"]:
            alone[match["pages"]].append(index)
    kept = {i for i, m in found.items() if m["url"]}
    rank = {index: n for n, index in enumerate(i for i, line in enumerate(lines) if line[2].strip())}
    for indexes in alone.values():
        numbers = [int(found[i]["page"]) for i in indexes]
        gaps = [rank[b] - rank[a] for a, b in pairwise(indexes)]
        if len(indexes) >= 2 and numbers == sorted(set(numbers)) and min(gaps) >= _PAGE_LINES:
            kept.update(indexes)
    return kept


def _split_at(lines: Lines, counters: set[int]) -> list[list[int]]:
    """Pages of converted text, each ending at a page counter; one page unless there are two counters."""
    pages: list[list[int]] = [[]]
    for index, (_, _, line) in enumerate(lines):
        if line.strip():
            pages[-1].append(index)
        if index in counters:
            pages.append([])
    pages = [page for page in pages if page]
    return pages if len(counters) >= 2 else [[i for page in pages for i in page]]


def _lone_page_number(lines: Lines, index: int) -> bool:
    line = lines[index][2]
    if not line.strip() or not PAGE_NUMBER.match(line):
        return False
    before = lines[index - 1][2] if index > 0 else ""
    after = lines[index + 1][2] if index + 1 < len(lines) else ""
    return not before.strip() and not after.strip()


def _split_pages(lines: Lines) -> list[list[int]]:
    pages: list[list[int]] = [[]]
    for index, (_, _, line) in enumerate(lines):
        if line == PAGE_BREAK:
            pages.append([])
        elif line.strip():
            pages[-1].append(index)
    return pages


def _shape(line: str) -> str:
    return _DIGITS.sub("#", bare(line).lower())


def _frame(line: str) -> str:
    """A running line's words without its page number, counter or print time, which change from page to
    page; other numbers stay, so that numbered content ("guidance 3 for ...") never looks running."""
    return _PAGE_MARK.sub("#", bare(line).lower())


def _running_lines(pages: list[list[int]], lines: Lines) -> set[int]:
    """Lines among the first or last three of a page that recur there, page numbers aside, on the same side
    (head or foot) of most pages (every page of a short document) and never in a page's body: a heading that
    opens a few pages, or a line that ends one page and opens the next, is content."""
    at_edge: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, page in enumerate(pages):
        for side, edge in (("head", page[:3]), ("foot", page[-3:])):
            for index in edge:
                at_edge[_frame(lines[index][2]), side].add(number)
    needed = len(pages) if len(pages) <= 3 else len(pages) // 2 + 1
    running = {
        shape
        for (shape, _), found in at_edge.items()
        if len(found) >= needed and len(shape) <= 120 and not _LABELLED_ITEM.search(shape)
    }
    if not running:
        return set()
    # A candidate standing in a page's body is content (a cover page may carry its running header's words as its
    # title, so the first page's body does not count). Only lines as short as a candidate are framed.
    longest = max(len(shape) for shape in running) + 20
    for page in pages[1:]:
        for index in page[3:-3]:
            line = lines[index][2]
            if len(line) <= longest and (shape := _frame(line)) in running:
                running.discard(shape)
    return {i for page in pages for i in page[:3] + page[-3:] if _frame(lines[i][2]) in running}


def _numbered_repeats(lines: Lines) -> set[int]:
    short = {i: _shape(line) for i, (_, _, line) in enumerate(lines) if len(line) <= 100 and line.strip()}
    shapes = Counter(short.values())
    running = {shape for shape, count in shapes.items() if count >= 3 and _RUNNING_SHAPE.search(shape)}
    return {i for i, shape in short.items() if shape in running}


# A running line carries a page number: "page 3", "report 2014 | 7", "7 – annual report".
_RUNNING_SHAPE = re.compile(r"^.{0,100}\bpage #|^.{3,100}[|–—-] ?#$|^# ?[|–—-].{3,100}$")
