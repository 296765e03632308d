"""Recommendations, lessons and findings, and actions: found by the layout conventions reviews and responses
share, never by one document's sentences.

- A heading names the section ("Recommendations", "8. Recommendations", "Lessons to be learnt", "Findings",
  "Actions taken and changes made", "Actions to be taken"); an introducing sentence ending in a colon ("The
  following recommendations have been made:") opens a list that ends at the first line that is no list item.
- Items start with a number as written ("1.", "1)", "8.1", "R1", "Recommendation 1.") or, in a list with no
  numbers, a bullet; bullets after a numbered item are its sub-points.
- A case label (a subject pseudonym such as "Child I and Child M" or "Family A") after an item, on its own line
  or glued to its last word by a PDF converter, names the case it came from; a "Theme - X" heading names its
  theme.
- Press statements summarise recommendations in prose ("They include asking the LSCB to ...") and actions in
  sentences about action plans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lessons.extraction.dates import find_date
from lessons.extraction.lines import LABELLED, Line, join_text, span_of, split_lines
from lessons.extraction.prose_actions import Region, is_minutes, merge_actions, prose_actions
from lessons.extraction.records import Action, ActionStatus, Finding, Recommendation, Span
from lessons.models import Page

_NUMBERED = r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?"
RECOMMENDATION_HEADING = re.compile(
    _NUMBERED + r"(?:(?:summary|list|table) of |key |main |our |the |further |new )?recommendations?\b", re.I
)
# "Findings and recommendations", "Recommendations for the Partnership"; but not "Progress on recommendations".
_MENTIONS_RECOMMENDATIONS = re.compile(r"\brecommendations?\b", re.I)
_ABOUT_RESPONSE = re.compile(r"\b(?:response|responding|progress|update|implementation|status)\b", re.I)
LESSON_HEADING = re.compile(
    _NUMBERED
    + r".{0,20}\b(?:lessons?\s+(?:to\s+be\s+|being\s+)?learn(?:ed|t|ing)|learning\s+points?|key\s+learning)",
    re.I,
)
FINDING_HEADING = re.compile(_NUMBERED + r"(?:key |main |summary of |the )?findings?\b", re.I)
# "Actions", "Actions agreed", "Action plan": the tense of each item says whether it is done.
ACTIONS_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:agreed\s+|proposed\s+|required\s+)?actions?"
    r"(?:\s+(?:agreed|required|identified|proposed|plan|arising))?:?$",
    re.I,
)
PLANNED_HEADING = re.compile(
    r"\b(?:actions?\s+(?:still\s+)?to\s+be\s+(?:taken|completed)|next\s+steps|(?:planned|further|future|"
    r"outstanding)\s+actions?|actions?\s+(?:we\s+)?will\s+take|what\s+(?:we\s+)?will\s+(?:do|happen))\b",
    re.I,
)
TAKEN_HEADING = re.compile(
    r"\b(?:actions?\s+(?:already\s+)?(?:taken|completed)|changes\s+(?:made|implemented)|what\s+(?:has\s+been|we\s+"
    r"have)\s+done|progress\s+(?:to\s+date|made))\b",
    re.I,
)
# A response section: "LSCB Response", "Our response", "Progress update", "Response to recommendation 2",
# "Recommendation 2: response"; or a paragraph labelled "Response: ...".
RESPONSE_HEADING = re.compile(
    _NUMBERED + r"(?:(?:[A-Z][\w’'&]*|the|of|and)\s+){0,4}?(?:response|progress(?:\s+update)?|update)s?"
    r"(?:\s+(?:to|on|against)\s+(?:the\s+)?(?:recommendations?|rec\.?)(?:\s+(?P<num>\d{1,3}(?:\.\d{1,3})*))?)?"
    r"\s*:?$",
    re.I,
)
LABELLED_RESPONSE = re.compile(
    r"^(?:(?:our|board|lscb|partnership)\s+)?(?:response|progress|update)\b.{0,25}$", re.I
)
RESPONSE_LABEL = re.compile(r"^(?:[A-Z][\w’'&]*\s+){0,2}?Response\s*[:–-]\s+\S")
THEME_HEADING = re.compile(r"^theme\s*(?:\d+\s*)?[-–—:]\s*(?P<theme>.+)$", re.I)
INTRO = re.compile(r"\b(?P<kind>recommendations?|actions?|lessons?)\b.*:$", re.I)
# A case label: one or more pseudonyms ("Child I and Child M", "Family A", "Child A1", "Mr AA").
_PSEUDONYM = (
    r"(?:Child|Family|Baby|Infant|Sibling|Adult|Young\s+Person|Mr|Mrs|Ms|Miss)\s+[A-Z][A-Z0-9]{0,2}\b"
)
CASE_LABEL = re.compile(rf"^(?:{_PSEUDONYM})(?:\s*(?:,|and|&)\s*(?:{_PSEUDONYM}))*$")
_CASES = rf"(?P<case>(?:{_PSEUDONYM})(?:\s*(?:,|and|&)\s*(?:{_PSEUDONYM}))*)"
GLUED_CASE = re.compile(rf"(?<=[a-z.;:)”\"])\s?{_CASES}$")
# After a sentence's end the label may carry the next section's heading glued to it ("... dental care. Family A
# LSCB Response"): a few capitalised words that belong to neither.
GLUED_CASE_AND_HEADING = re.compile(rf"(?<=[.;:)”\"])\s{_CASES}(?:\s+[A-Z][\w’'&]*){{1,4}}$")
# "They include:" alone introduces a list; its kind comes from the sentence before or the section it is in.
PRONOUN_INTRO = re.compile(
    r"^(?:They|These|Those|The\s+recommendations?)\s+(?:also\s+)?(?:include[sd]?|are|were)(?:\s+as\s+follows)?\s*:$",
    re.I,
)
# What ends a labelled recommendation's paragraphs: a note ("NB. ..."), a field ("Response: ...") or words
# about the recommendations as a whole ("The Board will monitor these recommendations.").
_CLOSES_LABELLED = re.compile(
    r"N\.?\s?B\b|Note\b|Please\s+note\b|(?i:.*\brecommendations\b)"
    r"|(?![^:]*\b(?:should|must|will|shall|include[sd]?|is|are)\b)[A-Z][A-Za-z]*(?:\s+[a-z]+){0,2}\s*:\s"
)
_ADVICE = re.compile(r"\b(?:should|must|ought\s+to|needs?\s+to|recommends?)\b", re.I)
PROSE_RECOMMENDATION = re.compile(
    r"^(?:They|These|It|The\s+recommendations?)\s+(?:also\s+)?include[sd]?\b|\b(?:was|were)\s+(?:also\s+)?asked\s+to\b"
)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+(?=\s|$)|$)")


@dataclass
class _Item:
    kind: str  # "recommendation", "lesson", "finding", "taken", "planned"
    number: str | None
    lines: list[Line]
    labelled: bool = False
    case: str | None = None
    theme: str | None = None
    parts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Items:
    recommendations: tuple[Recommendation, ...]
    findings: tuple[Finding, ...]
    actions: tuple[Action, ...]


def extract_items(text: str, pages: tuple[Page, ...] = (), doc_type: str | None = None) -> Items:
    """Items in their sections, each action with the recommendations it answers; and where the document
    responds (response sections, statements, letters, minutes), actions told in prose."""
    items = _walk(split_lines(text))
    recommendations = [_recommendation(i, pages) for i in items if i.kind == "recommendation"]
    findings = [
        Finding("lesson" if i.kind == "lesson" else "finding", i.number, _text(i), _span(i, pages))
        for i in items
        if i.kind in ("lesson", "finding")
    ]
    answered = _answered(items)
    actions = [
        replace(_action(i, pages), answers=answered[n].answers)
        for n, i in enumerate(items)
        if i.kind in _ACTION_KINDS
    ]
    if not recommendations and doc_type == "press_statement":
        recommendations = _prose_recommendations(_sentences(text), pages)
    regions = _responding_regions(text, doc_type, items, answered, bool(actions))
    if regions:
        quoted = [(r.span.start, r.span.end) for r in recommendations]
        minutes = doc_type == "other" and is_minutes(text)
        actions = merge_actions(actions, prose_actions(text, regions, pages, quoted, minutes))
    return Items(
        tuple(r for r in recommendations if r.text), tuple(findings), tuple(a for a in actions if a.text)
    )


_ACTION_KINDS = ("taken", "planned", "action")
# Documents that are responses as a whole: their prose is read for actions when they list none.
_RESPONDING_TYPES = ("press_statement", "board_response", "pfd_response")


@dataclass(frozen=True)
class _Answered:
    answers: tuple[str, ...]  # the recommendations an item answers
    group: int  # the group of recommendations (and the responses after them) it belongs to


def _answered(items: list[_Item]) -> list[_Answered]:
    """What each item answers: an action, or a response section, answers every recommendation of the group
    before it (the recommendations since the last response), or the one a "Response to recommendation N"
    heading names."""
    found = []
    group: list[str] = []
    group_id, responded = 0, False
    answering: tuple[str, ...] = ()
    for item in items:
        if item.kind == "recommendation":
            if responded:
                group, group_id, responded = [], group_id + 1, False
            if item.number is not None:
                group.append(item.number)
            answering = tuple(group)
        elif item.kind == "response":
            responded = True
            answering = (item.number,) if item.number else tuple(group)
        elif item.kind in _ACTION_KINDS:
            responded = True
        found.append(_Answered(answering if item.kind != "recommendation" else (), group_id))
    return found


def _responding_regions(
    text: str, doc_type: str | None, items: list[_Item], answered: list[_Answered], listed: bool
) -> list[Region]:
    """Where the document responds: its response sections, except in a group of recommendations whose actions
    are listed (the list says what the prose around it does); a statement, board response or minutes as a
    whole when they list no actions; a letter's body between its salutation and its sign-off."""
    with_lists = {a.group for i, a in zip(items, answered, strict=True) if i.kind in _ACTION_KINDS}
    regions = [
        Region(i.lines[0].start, i.lines[-1].end, a.answers)
        for i, a in zip(items, answered, strict=True)
        if i.kind == "response" and a.group not in with_lists
    ]
    if doc_type == "pfd_response":
        dear = re.search(r"^Dear\b.*$", text, re.M)
        sign_off = re.search(r"^Yours\s+(?:sincerely|faithfully|truly)\b", text, re.M | re.I)
        start = dear.end() if dear else 0
        end = sign_off.start() if sign_off and sign_off.start() > start else len(text)
        return [*regions, Region(start, end)]
    whole = doc_type in _RESPONDING_TYPES or (doc_type == "other" and is_minutes(text))
    if whole and not listed and not regions:
        return [Region(0, len(text))]
    return regions


def _walk(lines: list[Line]) -> list[_Item]:
    items: list[_Item] = []
    mode: str | None = None
    list_only = False  # opened by an introducing sentence: ends at the first line that is no list item
    theme: str | None = None
    section_start = 0  # where the current section's items begin in `items`
    current: _Item | None = None
    # Paragraphs that read as recommendations under a recommendations heading or introduction: the section's
    # items when it has no numbered, bulleted or labelled ones (a list whose bullets a PDF converter lost).
    paragraphs: list[_Item] = []
    takes_paragraphs = False
    previous_text = ""

    seen_recommendations = False  # a response heading names no recommendation: it answers those before it

    def close() -> None:
        nonlocal current, seen_recommendations
        if current is not None and _text(current):
            items.append(current)
            seen_recommendations = seen_recommendations or current.kind == "recommendation"
        current = None

    def enter(new_mode: str | None, only_list: bool = False, paragraphs_are_items: bool = False) -> None:
        nonlocal mode, list_only, section_start, takes_paragraphs
        close()
        if paragraphs and len(items) == section_start:
            items.extend(paragraphs)
        paragraphs.clear()
        mode, list_only, section_start = new_mode, only_list, len(items)
        takes_paragraphs = paragraphs_are_items

    for line in lines:
        text, before = line.text, previous_text
        previous_text = text
        # "Recommendation 1." or a table's number cell ("1.") whose text follows on the next line.
        awaiting_body = current is not None and not _text(current) and current.kind != "response"
        after_recommendations = seen_recommendations or (
            current is not None and current.kind == "recommendation"
        )
        answered = _response_heading(line, after_recommendations)
        if answered is not None and not awaiting_body:
            enter("response")
            current = _Item("response", answered or None, [line], parts=[text])
            continue
        label = LABELLED.match(text)
        if label and mode != "recommendation" and not text[label.end() :][:1].islower():
            enter("recommendation")  # "Recommendation 1" opens recommendations wherever it stands
        if mode == "recommendation" and label:
            labelled_before = any(i.labelled for i in items[section_start:]) or (current and current.labelled)
            if not labelled_before:
                # "Recommendation 1." style: numbered paragraphs before it in the section were no recommendations.
                items[section_start:] = [i for i in items[section_start:] if i.kind != "recommendation"]
                current = None
            close()
            current = _Item(mode, line.number, [line], labelled=True, theme=theme, parts=[line.body()])
            continue
        if mode == "recommendation" and CASE_LABEL.match(text.lstrip("• ")):
            # The item stays open: in tables the label cell can come before an item's sub-points.
            target = current or (items[-1] if items[section_start:] else None)
            if target is not None and target.case is None:
                target.case = text.lstrip("• ")
            continue
        # "... involving the young people in:" then the line that completes it, numbered or not.
        completes = mode == "recommendation" and _ends_open(current) and _heading_mode(line) is None
        if completes and current is not None and line.number is None:
            current.lines.append(line)
            current.parts.append(line.body())
            continue
        if PRONOUN_INTRO.match(text) and not awaiting_body:
            if mode == "recommendation" and current is not None and current.number is not None:
                current.lines.append(line)  # "They include:" inside an item: its sub-points follow
                current.parts.append(text)
                continue
            if mode == "recommendation" or _MENTIONS_RECOMMENDATIONS.search(before):
                enter("recommendation", True, paragraphs_are_items=True)
                continue
        if line.is_heading and not awaiting_body and not _continues_list(line, mode, items, current):
            theme_match = THEME_HEADING.match(text)
            if theme_match:
                theme = theme_match.group("theme").strip()
                enter(None)
                continue
            heading_mode = _heading_mode(line)
            if heading_mode is None and _column_header(line, mode, items[section_start:], current):
                continue
            if heading_mode is not None or line.number is None or not list_only:
                enter(heading_mode, paragraphs_are_items=RECOMMENDATION_HEADING.match(text) is not None)
                continue
        intro = (
            INTRO.search(_last_sentence(text))
            if text.endswith(":") and line.number is None and not line.is_bullet
            else None
        )
        if intro and not awaiting_body:
            kind = intro.group("kind").lower().rstrip("s")
            new_mode = {"recommendation": "recommendation", "lesson": "lesson"}.get(kind, _tense(text))
            enter(new_mode, True, paragraphs_are_items=new_mode == "recommendation")
            continue
        if mode is None:
            continue
        if mode == "response":
            if current is not None:
                current.lines.append(line)
            continue
        if awaiting_body and current is not None:
            current.lines.append(line)
            current.parts.append(line.body() if line.is_bullet else text)
        elif line.number is not None and current is not None and current.labelled and _sub_point(line):
            current.lines.append(line)
            current.parts.append(text)
        elif line.number is not None:
            close()
            current = _Item(mode, line.number, [line], theme=theme, parts=[line.body()])
        elif line.is_bullet or (current is not None and text[0].islower() and mode == "recommendation"):
            # Bullets after a recommendation are its sub-points, and so is a line that carries on in lower case.
            if current is not None and current.number is not None and mode == "recommendation":
                current.lines.append(line)
                current.parts.append(line.body())
            else:
                close()
                current = _Item(mode, None, [line], theme=theme, parts=[line.body()])
        elif current is not None and current.labelled and not _CLOSES_LABELLED.match(text):
            # "Recommendation 4" runs over paragraphs until the next label or heading, a note or a field.
            current.lines.append(line)
            current.parts.append(text)
        elif takes_paragraphs and len(items) == section_start and current is None and _recommends(text):
            paragraphs.append(_Item(mode, None, [line], theme=theme, parts=[text]))
        else:
            close()
            if list_only:
                enter(None)
    enter(None)
    return items


def _response_heading(line: Line, after_recommendations: bool) -> str | None:
    """For a line that opens a response section, the number of the recommendation it answers ("" for those it
    follows); else None. A heading that names no recommendation opens one only after recommendations (before
    them, "Police response" is a review's narrative)."""
    text = line.text
    label = LABELLED.match(text)
    if label is not None:
        if LABELLED_RESPONSE.match(text[label.end() :]):
            return line.number or ""
        return None
    heading = RESPONSE_HEADING.match(text) if line.is_heading else None
    if heading is not None and _heading_mode(line) in (None, "recommendation"):
        if heading.group("num"):
            return heading.group("num")
        if after_recommendations or _MENTIONS_RECOMMENDATIONS.search(text):
            return ""
    if after_recommendations and RESPONSE_LABEL.match(text):
        return ""
    return None


def _last_sentence(text: str) -> str:
    """A paragraph's last sentence: what introduces the list after it ("We accept this recommendation. The
    programme will also:" introduces actions, not recommendations)."""
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-Z])", text)]
    return text[ends[-1] :].strip() if ends else text


def _sub_point(line: Line) -> bool:
    """A lettered or roman-numbered point ("a)", "(ii)") inside a labelled recommendation."""
    return line.number is not None and not line.number[0].isdigit() and LABELLED.match(line.text) is None


def _recommends(text: str) -> bool:
    """A paragraph that reads as a recommendation: a capital, a modal of advice, not too long."""
    return len(text) <= 600 and text[0].isupper() and _ADVICE.search(text) is not None


def _ends_open(item: _Item | None) -> bool:
    """An item whose text stops at a colon: what follows on the next line completes it."""
    return item is not None and item.number is not None and bool(item.parts) and item.parts[-1].endswith(":")


def _column_header(line: Line, mode: str | None, section: list[_Item], current: _Item | None) -> bool:
    """A table's header cells ("No.", "Case", "Lead agency") between a section heading and its first item."""
    return (
        mode is not None
        and not section
        and current is None
        and line.number is None
        and len(line.text.split()) <= 3
    )


def _continues_list(line: Line, mode: str | None, items: list[_Item], current: _Item | None) -> bool:
    """A short numbered line inside a list is an item, not a heading, when it ends with a colon or takes the
    next number ("10. The Board should:", "25. The Board should")."""
    if mode is None or line.number is None or _heading_mode(line) is not None:
        return False
    if line.text.endswith(":"):
        return True
    previous = current or (items[-1] if items else None)
    if (
        previous is None
        or previous.number is None
        or not previous.number.isdigit()
        or not line.number.isdigit()
    ):
        return False
    return int(line.number) == int(previous.number) + 1


def _heading_mode(line: Line) -> str | None:
    text = line.text
    if PLANNED_HEADING.search(text):
        return "planned"
    if TAKEN_HEADING.search(text):
        return "taken"
    if ACTIONS_HEADING.match(text):
        return "action"
    if LESSON_HEADING.match(text):
        return "lesson"
    if RECOMMENDATION_HEADING.match(text) or (
        _MENTIONS_RECOMMENDATIONS.search(text) and not _ABOUT_RESPONSE.search(text)
    ):
        return "recommendation"
    if FINDING_HEADING.match(text):
        return "finding"
    return None


def _tense(text: str) -> str:
    return "planned" if re.search(r"\b(will|to be|planned|proposed)\b", text, re.I) else "taken"


def _text(item: _Item) -> str:
    return join_text(item.parts)


def _span(item: _Item, pages: tuple[Page, ...]) -> Span:
    return span_of(item.lines[0].start, item.lines[-1].end, pages)


def _recommendation(item: _Item, pages: tuple[Page, ...]) -> Recommendation:
    text, case = _text(item), item.case
    glued = GLUED_CASE.search(text) or GLUED_CASE_AND_HEADING.search(text)
    if glued and case is None:
        case = " ".join(glued.group("case").split())
        text = text[: glued.start()].rstrip()
    return Recommendation(item.number, text, _span(item, pages), case=case, theme=item.theme)


_COMPLETED = re.compile(
    r"\b(?:complete[d]?|completed|done|achieved|in\s+place|(?:has|have)\s+(?:now\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn))\b",
    re.I,
)
_OWNER = re.compile(
    r"^(?:The\s+)?(?P<owner>(?:[A-Z][\w&’'/-]*|of|and|for|the)(?:\s+(?:[A-Z][\w&’'/-]*|of|and|for|the)){0,5})"
    r"\s+(?:will|to|is\s+to|are\s+to|has\s+agreed\s+to)\s+[a-z]"
)
_DUE = re.compile(
    r"\b(?:by|before|no\s+later\s+than)\s+(?:the\s+end\s+of\s+)?(?P<date>[^,.;)\n]{4,30})", re.I
)


def _action(item: _Item, pages: tuple[Page, ...]) -> Action:
    """An action, with its owner ("The LSCB Chair will write ...", "Police to attend ...") and due date ("by
    March 2015") where the text gives them."""
    text = _text(item)
    status: ActionStatus = "planned" if item.kind == "planned" else "taken"
    if item.kind == "action":  # under a plain "Actions" heading: done if it says so, else still to do
        status = "taken" if _COMPLETED.search(text) else "planned"
    owner = _OWNER.match(text)
    due = _DUE.search(text)
    due_date = find_date(due.group("date")) if due else None
    return Action(
        text, status, _span(item, pages), owner=owner.group("owner") if owner else None, due=due_date
    )


def _sentences(text: str) -> list[tuple[int, int, str]]:
    found = []
    for paragraph in re.finditer(r"[^\n]+", text):
        for match in _SENTENCE.finditer(paragraph.group()):
            sentence = match.group().strip()
            if sentence:
                start = paragraph.start() + match.start() + (len(match.group()) - len(match.group().lstrip()))
                found.append((start, start + len(sentence), sentence))
    return found


def _prose_recommendations(
    sentences: list[tuple[int, int, str]], pages: tuple[Page, ...]
) -> list[Recommendation]:
    return [
        Recommendation(None, sentence, span_of(start, end, pages))
        for start, end, sentence in sentences
        if PROSE_RECOMMENDATION.search(sentence) and not sentence.endswith(":")  # "They include:" introduces
    ]
