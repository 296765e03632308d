"""Actions told in prose, read only where a document responds: a response section after recommendations, a press
statement, a PFD response letter's body, a board response, the resolutions of minutes.

- A sentence whose subject is an organisation or the writer says what it did or will do: "NHS England will
  publish ...", "The Trust has introduced ...", "We have ...". The verb right after the subject gives the status
  (will / plans to / is to / intends to: planned; has / have / was / were + past participle: taken), the subject
  the owner (an organisation's name; the writer, "We", is no owner) and "by March 2025" the due date.
- An introducing line with such a verb that ends in a colon ("The programme of work will also:") makes each list
  item under it an action.
- Sentences about action plans ("An action plan has been formulated and is being monitored") and decisions to
  hold a review ("... will be the subject of a Learning Review") are actions whoever their subject.
- Minutes record decisions as resolutions: "It was agreed that ...", "The Board resolved to ...".

Courtesies, hedges ("may", "could", "should consider"), recommendations quoted back ("should") and sentences
about the review or the death itself are no actions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lessons.extraction.dates import find_date
from lessons.extraction.lines import span_of, split_lines
from lessons.extraction.organisations import BOARD_ACRONYMS, find_organisations
from lessons.extraction.records import Action, ActionStatus
from lessons.models import Page


@dataclass(frozen=True)
class Region:
    """Where a document responds, [start, end) in its clean text, and the recommendations it answers there."""

    start: int
    end: int
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProseAction:
    """What one sentence says was done or will be done: status, owner and due date (ISO, at its precision)."""

    status: ActionStatus
    owner: str | None = None
    due: str | None = None


# An opening adverbial before the subject: "In addition,", "Since the inquest,", "Following the review,".
_LEAD = re.compile(
    r"^(?:(?:In\s+addition|Additionally|Furthermore|Moreover|Since\s+then|Subsequently|Today|To\s+date|"
    r"In\s+response(?:\s+to\s+[^,]{3,80})?|As\s+a\s+result(?:\s+of\s+[^,]{3,80})?|Following\s+[^,]{3,80}|"
    r"Since\s+[^,]{3,60}|Since\s+then|Now|Already),?\s+)?"
)
_KINDS = (
    r"Trust|Board|Council|Partnership|Service|Department|Hospital|Practice|Force|Panel|Group|Organisation|"
    r"Company|Directorate|Team|Authority|Agency|Committee|Constabulary|Police|CCG|ICB|"
    + "|".join(BOARD_ACRONYMS)
)
# Subjects other than a full organisation name: the writer, "The Trust", "Our team", "All agencies", "WSCB".
_SUBJECT = re.compile(
    rf"(?P<writer>We|Our(?:\s+[a-z]+){{1,2}})\b"
    rf"|(?P<kind>(?:[Tt]he\s+|[Tt]his\s+)(?:(?:[A-Z][\w’'&-]*|of|and)\s+){{0,3}}(?:{_KINDS}))(?![\w’'])"
    r"|(?P<agencies>(?i:(?:all\s+|the\s+|partner\s+|relevant\s+|local\s+|both\s+)?(?:(?:partner|relevant|local|"
    r"other|key)\s+)?(?:agencies|partners|organisations|services)(?:\s+(?:involved|concerned))?))\b"
    # "All emergency department staff have completed ...": a workforce acting for the writer's organisation
    r"|(?P<staff>All\s+(?:[a-z]+\s+){0,3}(?:staff|practitioners|professionals|clinicians|teams|managers))\b"
    r"|(?P<acronym>[A-Z]{2,6})(?=\s)"
)
# After the subject: its acronym, a role in it ("The LSCB Chair"), an aside between commas.
_AFTER_SUBJECT = re.compile(
    r"(?:\s*\([A-Z][A-Za-z]{1,7}\))?(?:\s+(?:Independent\s+)?(?:Chair|Director|Chief\s+Executive|Business\s+Manager|"
    r"Manager|Lead|Executive))?(?:\s*,[^,]{3,60},)?\s+"
)
_ADVERBS = (
    r"(?:(?:also|now|already|recently|further|since|currently|subsequently|today|jointly|formally|fully|"
    r"swiftly|then|additionally|immediately|this\s+year|\([^)]{1,40}\))\s+)*"
)
# Past participles: the regular shapes and the irregular ones responses use.
_PARTICIPLE = (
    r"(?:[a-z]+(?:ed|en|wn|ne)|made|held|led|met|set|put|run|begun|sent|spent|built|brought|taught|sought|"
    r"bought|built|kept|left|lent|read|told|found|undertaken|written)"
)
_PLANNED = re.compile(
    rf"^{_ADVERBS}(?:will(?!\s+be\s+the\s+subject)|(?:plans?|intends?|aims?|is\s+going|are\s+going|"
    r"(?:is|are)\s+planning|(?:has|have)\s+(?:agreed|committed|undertaken))\s+to|(?:is|are)\s+to|"
    rf"(?:is|are)\s+{_ADVERBS}(?!being\b)[a-z]+ing)\b"
)
_TAKEN = re.compile(
    rf"^{_ADVERBS}(?:(?:has|have)\s+{_ADVERBS}(?:been\s+{_ADVERBS})?|(?:was|were)\s+{_ADVERBS})"
    rf"(?P<participle>{_PARTICIPLE})\b"
)
# Participles that tell a state of mind or a request, not something done: "has been assured", "was asked to".
_STATE = re.compile(
    r"^(?:assured|satisfied|informed|advised|asked|invited|required|requested|expected|told|notified|involved|"
    r"concerned|pleased|saddened|shocked|appalled|deeply|aware|recognised|recognized|acknowledged|noted|welcomed|always|"
    r"determined|committed|keen|made\s+aware)$"
)
_HEDGE = re.compile(
    r"\b(?:(?-i:may)|might|could|should|would|must|not|never|yet\s+to|whether)\b|\bconsider", re.I
)
_COURTESY = re.compile(
    r"\b(?:thank|condolence|sympath|apologi|hesitate|contact\s+(?:me|us)|trust\s+(?:this|that\s+this)|hope|"
    r"regret|sorry|thoughts\s+are|wish\s+to|pleased\s+to|(?:I|we)\s+(?:am\s+|are\s+)?writ(?:e|ing)\b|seriously)",
    re.I,
)
# The review or the death itself: "has completed a Serious Case Review into", "published the report", "died".
_ABOUT_THE_CASE = re.compile(
    r"\b(?:publish|commission|complet|undert(?:ake|ook|aken)|conduct|carr(?:y|ied)\s+out|receiv|initiat)\w*\b"
    r"[^.]{0,60}?\b(?:(?:case|practice|adults?|homicide|learning|child\s+death)\s+reviews?|SCRs?|SARs?|DHRs?|"
    r"L?CSPRs?|(?:this|the|overview|final)\s+(?:review|report))\b"
    r"|\b(?:died|deaths?\s+of|deceased|inquest|post[- ]mortem|arrested|was\s+found)\b",
    re.I,
)
_DUE = re.compile(
    r"\b(?:by|before|no\s+later\s+than)\s+(?:the\s+end\s+of\s+)?(?P<date>(?:[^,.;)\n]{0,24}?)\b(?:19|20)\d\d)\b",
    re.I,
)
_END_OF_YEAR = re.compile(r"\bend\s+of\s+(?P<year>(?:19|20)\d\d)\b", re.I)


def sentence_action(sentence: str) -> ProseAction | None:
    """The action a sentence states with an organisation or the writer as its subject, or None."""
    lead = _LEAD.match(sentence)
    rest = sentence[lead.end() if lead else 0 :]
    subject = _subject(rest)
    if subject is None:
        return None
    subject_end, owner = subject
    after = _AFTER_SUBJECT.match(rest, subject_end)
    if after is None:
        return None
    verb = rest[after.end() :]
    if _HEDGE.search(sentence) or _COURTESY.search(sentence) or _ABOUT_THE_CASE.search(rest):
        return None
    status: ActionStatus
    if _PLANNED.match(verb):
        status = "planned"
    else:
        taken = _TAKEN.match(verb)
        if taken is None or _STATE.match(taken.group("participle")):
            return None
        status = "taken"
    return ProseAction(status, owner, due_date(sentence))


def _subject(text: str) -> tuple[int, str | None] | None:
    """Where the subject at the start of `text` ends, and the owner it names (None for the writer)."""
    named = next(iter(find_organisations(text, 0, min(len(text), 160))), None)
    if named is not None and re.fullmatch(r"(?:[Tt]he\s+)?", text[: named.start]):
        return named.end, named.name
    match = _SUBJECT.match(text)
    if match is None:
        return None
    if match.group("writer") or match.group("agencies") or match.group("staff"):
        return match.end(), None
    owner = re.sub(r"^(?:[Tt]he|[Tt]his)\s+", "", match.group())
    return match.end(), owner


def due_date(text: str) -> str | None:
    """The date an action is due by ("by March 2025", "by the end of 2025"), at its precision."""
    due = _DUE.search(text)
    if due is None:
        return None
    end_of_year = _END_OF_YEAR.search(due.group())
    if end_of_year and not find_date(due.group("date")):
        return f"{end_of_year.group('year')}-12"
    return find_date(due.group("date"))


# An introducing line that states an action of its own and ends in a colon: "The programme will also:".
_INTRODUCES = re.compile(r":$")
_LIST_LINE = re.compile(r"^(?:[•▪◦●■□➢►✓·–-]|o\s|\d{1,2}[.)]\s|\(?[a-z][.)]\s)")


_PRONOUN = re.compile(r"(?:They|It|These|Those|This|Their|Its)\b")


def _intro_action(line: str) -> ProseAction | None:
    """The status of the items an introducing line opens ("We have:", "The Trust will also:")."""
    last = sentences(line)[-1][2] if line.strip() else line  # a paragraph's last sentence introduces the list
    if _HEDGE.search(last) or _COURTESY.search(last):
        return None
    stripped = last.rstrip(":").rstrip()
    found = sentence_action(stripped + " act.")  # the verb the list completes
    if found is not None:
        return found
    if _PRONOUN.match(stripped):  # "They are to:" tells what reviews are for
        return None
    if re.search(r"\b(?:will|plans?\s+to|intends?\s+to)\b", stripped):
        return ProseAction("planned")
    if re.search(rf"\b(?:has|have)\s+{_ADVERBS}(?:been\s+)?{_PARTICIPLE}\b", stripped):
        return ProseAction("taken")
    return None


# Sentences about action plans (made: taken; being carried out or to come: planned); decisions to hold a review.
_ACTION_PLAN = re.compile(r"\baction\s+plans?\b", re.I)
_DONE = re.compile(r"\b(?:has|have|had)\s+(?:been\s+)?\w+(?:ed|en|ne|de)\b|\bproduced\b", re.I)
_TO_COME = re.compile(r"\b(?:will|being)\b", re.I)
_REVIEW_DECISION = re.compile(
    r"\bwill\s+be\s+the\s+subject\s+of\s+an?\b|\bhas\s+been\s+considered\s+for\s+an?\b", re.I
)
_FOLLOWS = re.compile(r"(?:These|This|They|It)\b")
# Minutes' resolutions: "It was agreed that ...", "The Board resolved to ...", "RESOLVED that ...".
_RESOLUTION = re.compile(
    r"^(?:It\s+was\s+(?:agreed|resolved|decided)|(?:The\s+)?(?:[A-Z][\w’'&-]*\s+){1,4}(?:agreed|resolved|decided)|"
    r"RESOLVED|AGREED)(?:\s*:\s*|\s+(?:that|to)\s+)",
)
_MINUTES = re.compile(
    r"^(?:minutes|notes)\s+of\b|^(?:present|apologies(?:\s+for\s+absence)?)\s*:?$", re.I | re.M
)


def is_minutes(text: str) -> bool:
    """Minutes announce themselves in their opening ("Minutes of the meeting", "Present:", "Apologies")."""
    return _MINUTES.search(text[:3000]) is not None


def resolution_action(sentence: str) -> ProseAction | None:
    """A resolution recorded in minutes: planned unless it says what has been done."""
    match = _RESOLUTION.match(sentence)
    if match is None or _HEDGE.search(sentence[match.end() :].replace("should", "")):
        return None
    decided = sentence_action(sentence[match.end() :])
    if decided is not None:
        return decided
    done = re.search(rf"\b(?:has|have)\s+{_ADVERBS}(?:been\s+)?{_PARTICIPLE}\b", sentence[match.end() :])
    return ProseAction("taken" if done else "planned", None, due_date(sentence))


Sentence = tuple[int, int, str]
_LABEL = re.compile(r"^(?:Response|Progress|Update)\s*[:–-]\s+")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+(?=\s|$)|$)")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """The sentences of text[start:end], paragraph by paragraph, with their offsets."""
    found = []
    for paragraph in re.finditer(r"[^\n]+", text[: len(text) if end is None else end]):
        if paragraph.end() <= start:
            continue
        for match in _SENTENCE.finditer(paragraph.group()):
            sentence = match.group().strip()
            at = paragraph.start() + match.start() + (len(match.group()) - len(match.group().lstrip()))
            label = _LABEL.match(sentence)  # "Response: The Trust has ...": the label is no part of it
            if label is not None:
                sentence, at = sentence[label.end() :], at + label.end()
            if sentence and at >= start:
                found.append((at, at + len(sentence), sentence))
    return found


def plan_actions(found: Sequence[Sentence], pages: tuple[Page, ...]) -> list[Action]:
    """Sentences about action plans, and the sentence after one that carries on about it ("These are being
    implemented"), and decisions to hold a review."""
    actions: list[Action] = []
    previous_was_plan = False
    for start, end, sentence in found:
        about_plan = bool(_ACTION_PLAN.search(sentence))
        follows_plan = previous_was_plan and _FOLLOWS.match(sentence) is not None
        if about_plan or follows_plan or _REVIEW_DECISION.search(sentence):
            status: ActionStatus
            if about_plan and _DONE.search(sentence):
                status = "taken"
            elif _TO_COME.search(sentence) and not _DONE.search(sentence):
                status = "planned"
            elif _REVIEW_DECISION.search(sentence):
                status = "planned" if "will" in sentence else "taken"
            else:
                previous_was_plan = about_plan
                continue
            actions.append(Action(sentence, status, span_of(start, end, pages)))
        previous_was_plan = about_plan or follows_plan
    return actions


def prose_actions(
    text: str,
    regions: Sequence[Region],
    pages: tuple[Page, ...] = (),
    excluded: Sequence[tuple[int, int]] = (),
    minutes: bool = False,
) -> list[Action]:
    """The actions stated in prose within `regions`, answering each region's recommendations; nothing inside
    `excluded` spans (the recommendations, which responses quote back). In minutes, resolutions too."""
    actions: list[Action] = []
    for region in regions:
        found = [s for s in sentences(text, region.start, region.end) if not _inside(s[0], excluded)]
        listed = _listed_actions(text, region, pages, excluded)
        for start, end, sentence in found:
            if sentence.endswith(":") or any(a.span.start <= start < a.span.end for a in listed):
                continue
            said = resolution_action(sentence) if minutes else None
            said = said or sentence_action(sentence)
            if said is not None:
                actions.append(
                    Action(
                        sentence,
                        said.status,
                        span_of(start, end, pages),
                        said.owner,
                        said.due,
                        region.answers,
                    )
                )
        plans = [Action(a.text, a.status, a.span, answers=region.answers) for a in plan_actions(found, pages)]
        actions = merge_actions(merge_actions(actions, plans), listed)
    return actions


def _listed_actions(
    text: str, region: Region, pages: tuple[Page, ...], excluded: Sequence[tuple[int, int]]
) -> list[Action]:
    """The items of each list that an action-stating line ending in a colon introduces."""
    actions: list[Action] = []
    intro: ProseAction | None = None
    for line in split_lines(text[: region.end]):
        if line.start < region.start or _inside(line.start, excluded):
            continue
        if intro is not None and _LIST_LINE.match(line.text):
            body = _LIST_LINE.sub("", line.text, count=1).strip()
            if body:
                due = due_date(body) or intro.due
                span = span_of(line.start, line.end, pages)
                actions.append(Action(body, intro.status, span, intro.owner, due, region.answers))
            continue
        intro = _intro_action(line.text) if _INTRODUCES.search(line.text) else None
    return actions


def _inside(at: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= at < end for start, end in spans)


def merge_actions(first: list[Action], second: list[Action]) -> list[Action]:
    """Both lists in reading order, without an action found twice (by where it starts)."""
    seen = {a.span.start for a in first}
    merged = first + [a for a in second if a.span.start not in seen]
    return sorted(merged, key=lambda a: a.span.start)
