"""Action plans as tables: a header row naming the columns (in any order and wording, under any title rows),
then one row per action under its recommendation. Each row with an action becomes an `Action` carrying what
the row says (the recommendations it answers, lead agency and officer, target, status, RAG, progress,
evidence); each distinct recommendation the plan repeats becomes a `Recommendation`, so that a plan document
stands on its own.

Conventions, as partnerships' templates have them:
- The recommendation's cell is merged over the rows of its actions, or filled once and left blank below.
- A row spanning the whole table ("Recommendation 1: The board should ...") heads the rows under it.
- One cell may give the lead agency and the person ("Police (DI Brown)"), or several actions as a list.
- A status column holding "Red/Amber/Green" is a RAG rating; an action is done when the plan says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lessons.extraction.dates import find_cell_date
from lessons.extraction.lines import span_of
from lessons.extraction.plan_cells import (
    action_parts,
    is_rating,
    leading_number,
    recommendation_numbers,
    says_done,
    split_lead,
)
from lessons.extraction.records import Action, Recommendation, Span
from lessons.models import Cell, Page, Table

PLAN_HEADERS: dict[str, tuple[str, ...]] = {
    "number": (
        "no", "number", "ref", "reference", "rec", "rec no", "rec number", "rec ref", "recommendation no",
        "recommendation number", "recommendation ref", "item", "#",
    ),
    "recommendation": (
        "recommendation", "learning point", "finding", "key finding", "learning", "area for improvement",
        "issue", "issue identified", "what needs to change",
    ),
    "action": (
        "action", "actions to be taken", "action to be taken", "what will be done", "what we will do",
        "action required", "agreed action", "planned action", "action planned", "how will this be achieved",
        "response and action", "specific action",
    ),
    # An action's own number: kept apart so that "Action no" is neither the action nor the recommendation.
    "action number": ("action no", "action number", "action ref", "action id"),
    "agency": (
        "lead agency", "agency", "organisation", "lead organisation", "owner", "action owner", "responsible",
        "responsible agency", "responsibility", "who", "by whom", "lead", "lead partner", "partner",
    ),
    "officer": (
        "lead officer", "named lead", "responsible officer", "lead person", "named officer", "lead manager",
        "responsible person", "officer",
    ),
    "target": (
        "target date", "target", "timescale", "timeframe", "by when", "deadline", "completion date", "due",
        "due date", "date due", "when", "date for completion", "target completion date", "review date",
    ),
    "status": ("status", "progress status", "current status", "action status"),
    "rag": ("rag", "rag rating", "rag status", "rag rated"),
    "progress": ("progress", "update", "progress update", "progress to date", "comments", "commentary", "notes"),
    "evidence": (
        "evidence", "evidence of impact", "evidence of completion", "outcome", "expected outcome", "impact",
        "success measure", "measure of success", "measures of success", "how will we know",
    ),
}  # fmt: skip
"""The header words of each column role, matched loosely: a header takes the role whose phrase it holds
with the most words ("Rec no" is a number, "RAG status" a rating, "Lead officer" a person), plurals and case
aside. Roles: number and recommendation (the recommendation answered), action, agency and officer (who
leads), target (date), status, rag, progress and evidence."""

_HEADER_SEARCH = 10  # rows to look through for the header under a title block
_LONGEST_HEADER = 8  # words: a cell with more is a row's content, not a column's name


def _words(text: str) -> tuple[str, ...]:
    """Lower-case words, plurals folded ("Actions" is "action", "Timescales" is "timescale")."""
    words = re.findall(r"[a-z0-9]+|#", text.lower().replace("&", " and "))
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


_PHRASES = [(role, _words(phrase)) for role, phrases in PLAN_HEADERS.items() for phrase in phrases]


def header_role(header: str) -> str | None:
    """The role a column header names, or None ("Date", "Theme", a sentence)."""
    words = _words(header)
    if not words or len(words) > _LONGEST_HEADER:
        return None
    best: tuple[int, int, str] | None = None  # (phrase length, -where it starts, role)
    for role, phrase in _PHRASES:
        for at in range(len(words) - len(phrase) + 1):
            if words[at : at + len(phrase)] == phrase:
                candidate = (len(phrase), -at, role)
                best = candidate if best is None or candidate[:2] > best[:2] else best
                break
    return best[2] if best else None


@dataclass(frozen=True)
class PlanHeader:
    """Where a plan's header row is and which column holds each role."""

    row: int
    columns: dict[str, int]
    numbers: tuple[
        str, ...
    ] = ()  # a label's own number ("Recommendation 1" beside the recommendation's words)


def plan_header(table: Table) -> PlanHeader | None:
    """The table's header row: the first (of its first rows) naming an action column and at least one other
    role; None when the table is no action plan."""
    grid = table.grid()
    for index, row in enumerate(grid[:_HEADER_SEARCH]):
        columns: dict[str, int] = {}
        seen: set[int] = set()
        for position, cell in enumerate(row):
            if cell is None or id(cell) in seen:
                continue  # a merged header cell names one column, its first
            seen.add(id(cell))
            role = header_role(cell.text)
            if role is not None and role not in columns:
                columns[role] = position
        columns.pop("action number", None)
        if "action" in columns and len(columns) >= 2:
            return PlanHeader(index, columns)
    return None


@dataclass(frozen=True)
class PlanItems:
    """What a document's plan tables give: their actions and recommendations, and where the tables stand in the
    text (`extents`: each whole table; `bodies`: each cell from the header row down, whose dates are targets,
    never the document's own)."""

    recommendations: tuple[Recommendation, ...] = ()
    actions: tuple[Action, ...] = ()
    extents: tuple[tuple[int, int], ...] = ()
    bodies: tuple[tuple[int, int], ...] = ()


def extract_action_plans(text: str, tables: tuple[Table, ...], pages: tuple[Page, ...] = ()) -> PlanItems:
    """The actions and recommendations of every table in `tables` that is an action plan (cell spans in
    `text`). A table with no header on the page after a plan's, with as many columns, continues it."""
    recommendations: list[Recommendation] = []
    actions: list[Action] = []
    extents: list[tuple[int, int]] = []
    bodies: list[tuple[int, int]] = []
    previous: tuple[Table, PlanHeader, _Reader] | None = None
    for table in tables:
        if _labelled(table):
            reader = _Reader(text, table, pages)
            reader.read_labelled()
            recommendations += reader.recommendations
            actions += reader.actions
            filled = [c for c in table.cells if c.end > c.start]
            extents.append((min(c.start for c in filled), max(c.end for c in filled)))
            bodies += [(c.start, c.end) for c in filled]
            previous = None
            continue
        header = plan_header(table)
        reader = _Reader(text, table, pages)
        first_row = header.row + 1 if header else 0
        if header is None:
            if previous is None or not _continues(previous[0], previous[1], table):
                previous = None
                continue
            header = PlanHeader(-1, previous[1].columns)
            reader.current = previous[2].current
        reader.read(header, first_row)
        recommendations += reader.recommendations
        actions += reader.actions
        filled = [c for c in table.cells if c.end > c.start]
        if filled:
            extents.append((min(c.start for c in filled), max(c.end for c in filled)))
        bodies += [(c.start, c.end) for c in filled if c.row >= max(header.row, 0)]
        previous = (table, header, reader)
    return PlanItems(tuple(recommendations), tuple(actions), tuple(extents), tuple(bodies))


_LABELLED_ROLES = 3  # distinct roles a first column names for the table to be read as labelled rows


def _labelled(table: Table) -> bool:
    """A plan kept as labelled rows, a label in the first column and its value beside it ("Action | ...",
    "Lead agency | ...", "Target date | ..."), as Word plans often give each recommendation."""
    grid = table.grid()
    if not grid or len(grid[0]) < 2:
        return False
    roles = {header_role(row[0].text) for row in grid if row[0] is not None and row[1] is not row[0]}
    roles.discard(None)
    return "action" in roles and len(roles) >= _LABELLED_ROLES


def _continues(plan: Table, header: PlanHeader, table: Table) -> bool:
    """A headerless table on the page after a plan's, as wide: the plan run on over a page break."""
    width = len(plan.grid()[0]) if plan.cells else 0
    grid = table.grid()
    return (
        plan.page is not None
        and table.page == plan.page + 1
        and bool(grid)
        and len(grid[0]) == width
        and max(header.columns.values()) < width
    )


@dataclass
class _Recommendation:
    numbers: tuple[str, ...]
    text: str | None
    span: Span | None


@dataclass
class _Reader:
    """Reads one plan table's rows in order, carrying the recommendation down."""

    text: str
    table: Table
    pages: tuple[Page, ...]
    current: _Recommendation | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    # An action cell (by its span: the same cell wherever a merge repeats it) -> the index of its first action.
    _by_cell: dict[tuple[int, int], int] = field(default_factory=dict)
    _seen: set[tuple[tuple[str, ...], str | None]] = field(default_factory=set)

    def read(self, header: PlanHeader, first_row: int) -> None:
        columns = header.columns
        rows = self.table.grid()[first_row:]
        if self.table.page is not None:  # a PDF table: a wrapped cell may have come apart into rows
            rows = _unwrapped(rows, columns)
        for row in rows:

            def cell(role: str, row: list[Cell | None] = row) -> Cell | None:
                position = columns.get(role)
                found = row[position] if position is not None and position < len(row) else None
                return found if found is not None and found.text.strip() else None

            if self._heading_row(row, columns.get("action")):
                continue
            action = cell("action")
            if action is not None and header_role(action.text) == "action" and len(action.text) < 40:
                continue  # the header repeated (a table running over pages)
            self._recommendation(cell("number"), cell("recommendation"), header.numbers)
            if action is not None:
                self._actions(action, {role: cell(role) for role in columns})

    def _heading_row(self, row: list[Cell | None], action_column: int | None) -> bool:
        """A row with one cell across the table (or only its first cell filled, outside the action column):
        "Recommendation 1: ..." heads the rows below; another heading ("Theme: Neglect") is passed over."""
        filled = {id(c): c for c in row if c is not None and c.text.strip()}
        if len(filled) != 1 or len(row) < 2:
            return False
        (only,) = filled.values()
        across = all(c is only for c in row)
        first_alone = row[0] is only and action_column != 0
        if not (across or first_alone):
            return False
        number, at = leading_number(only.text)
        if number is not None or re.match(r"\s*(?:recommendation|learning|finding)", only.text, re.I):
            self._start(only, (number,) if number else (), at)
        return True

    def read_labelled(self) -> None:
        """Labelled rows, read a record at a time: a record ends where a recommendation (or its number) follows
        an action, or where a label comes again; a row across the table heads the records below it."""
        record: list[tuple[str, Cell, Cell]] = []  # (role, label, value)
        for row in self.table.grid():
            if all(c is row[0] for c in row) and self._heading_row(row, None):
                self._read_record(record)
                record = []
                continue
            label = row[0]
            value = next((c for c in row[1:] if c is not None and c is not label), None)
            role = header_role(label.text) if label is not None else None
            if role is None or label is None or value is None:
                continue
            roles = [r for r, _, _ in record]
            if role in roles or (role in ("recommendation", "number") and "action" in roles):
                self._read_record(record)
                record = []
            record.append((role, label, value))
        self._read_record(record)

    def _read_record(self, record: list[tuple[str, Cell, Cell]]) -> None:
        """One labelled record as a table of a header row (the labels) and one row (the values)."""
        if not record:
            return
        labels = [Cell(label.text, label.start, label.end, 0, i) for i, (_, label, _) in enumerate(record)]
        values = [
            replace(value, row=1, column=i, row_span=1, column_span=1)
            for i, (_, _, value) in enumerate(record)
        ]
        columns = {role: i for i, (role, _, _) in enumerate(record)}
        numbers = next(
            (
                recommendation_numbers(label.text)
                for role, label, _ in record
                if role in ("recommendation", "number")
            ),
            (),
        )
        table, self.table = self.table, Table((*labels, *values), self.table.page, self.table.name)
        self.read(PlanHeader(0, columns, numbers if any(n[0].isdigit() for n in numbers) else ()), 1)
        self.table = table

    def _recommendation(
        self, number: Cell | None, words: Cell | None, label_numbers: tuple[str, ...] = ()
    ) -> None:
        """A new recommendation where its cells change; blank cells (or a cell merged over the rows) carry the
        one above down."""
        if number is None and words is None:
            return
        numbers = recommendation_numbers(number.text) if number is not None else label_numbers
        if words is not None and _BARE_NUMBER.fullmatch(words.text.strip()):
            # a "Recommendation" column holding only the number ("1", "R2"): the words are in the review
            numbers, words = numbers or recommendation_numbers(words.text), None
        at = 0
        if words is not None:
            leading, at = leading_number(words.text)
            several = _SEVERAL_LABELLED.match(words.text) if leading is None else None
            if several is not None:  # "Recommendations 3 and 4: The Board should ..."
                numbers, at = numbers or recommendation_numbers(several.group("numbers")), several.end()
            numbers = numbers or ((leading,) if leading else ())
        current = self.current
        if current is not None and words is not None:
            same_words = self._span(words, at) == current.span or _clean(words.text[at:]) == current.text
            if same_words and (number is None or numbers == current.numbers):
                return  # a merged or repeated recommendation cell
        if current is not None and words is None and numbers == current.numbers:
            return  # the number repeated on each row
        if words is None:
            self.current = _Recommendation(numbers, None, None)
        else:
            self._start(words, numbers, at)

    def _start(self, cell: Cell, numbers: tuple[str, ...], at: int) -> None:
        text = _clean(cell.text[at:]) or None
        span = self._span(cell, at)
        self.current = _Recommendation(numbers, text, span)
        key = (numbers, text)
        if text is not None and key not in self._seen:
            self._seen.add(key)
            number = numbers[0] if len(numbers) == 1 else (", ".join(numbers) or None)
            self.recommendations.append(Recommendation(number, text, span))

    def _actions(self, cell: Cell, row: dict[str, Cell | None]) -> None:
        answers = self.current.numbers if self.current else ()
        if (cell.start, cell.end) in self._by_cell:  # one action merged over several recommendations' rows
            first = self._by_cell[cell.start, cell.end]
            for index in range(first, len(self.actions)):
                action = self.actions[index]
                merged = tuple(dict.fromkeys((*action.answers, *answers)))
                self.actions[index] = replace(action, answers=merged)
            return
        self._by_cell[cell.start, cell.end] = len(self.actions)

        def value(role: str) -> str | None:
            found = row.get(role)
            return _clean(found.text) if found is not None else None

        def kept(role: str) -> str | None:  # progress and evidence keep their lines
            found = row.get(role)
            return found.text.strip() if found is not None else None

        lead = row.get("agency")
        owner, officer = split_lead(lead.text) if lead is not None else (None, None)
        if value("officer"):
            officer = value("officer")
        status, rag = value("status"), value("rag")
        if status and not rag and is_rating(status):
            status, rag = None, status
        target = value("target")
        done = says_done(status, rag, kept("progress"))
        for start, end in action_parts(cell.text):
            span = self._cell_span(cell, start, end)
            self.actions.append(
                Action(
                    text=_clean(cell.text[start:end]),
                    status="taken" if done else "planned",
                    span=span,
                    owner=owner,
                    due=find_cell_date(target) if target else None,
                    answers=answers,
                    officer=officer,
                    target=target,
                    progress_status=status,
                    rag=rag,
                    progress=kept("progress"),
                    evidence=kept("evidence"),
                    recommendation=self.current.text if self.current else None,
                )
            )

    def _span(self, cell: Cell, at: int) -> Span:
        text = cell.text
        return self._cell_span(cell, at + len(text[at:]) - len(text[at:].lstrip()), len(text.rstrip()))

    def _cell_span(self, cell: Cell, start: int, end: int) -> Span:
        """The span of cell.text[start:end] in the document's text; the whole cell where the cell's text is not
        the text at its span (a reader's slip), so that the span still holds the cell."""
        if self.text[cell.start : cell.end] != cell.text:
            start, end = 0, cell.end - cell.start
        span = span_of(cell.start + start, cell.start + max(start, end), self.pages)
        return Span(span.start, span.end, self.table.page if self.table.page is not None else span.page)


# Columns that say a row is a row of its own; a row with none of them filled may be a wrapped cell's lines.
_ROW_ROLES = ("number", "target", "status", "rag")


def _unwrapped(rows: list[list[Cell | None]], columns: dict[str, int]) -> list[list[Cell | None]]:
    """A PDF table read without ruling lines gives a wrapped cell's lines as rows of their own: the lines of
    an action carrying on in lower case, with no number, target, status or RAG beside them (top-aligned: after
    the row; bottom-aligned: before it), are joined back into their row."""
    at = columns.get("action")
    if at is None:
        return rows

    def fragment(row: list[Cell | None]) -> bool:
        return not any(_filled(row, columns.get(role)) for role in _ROW_ROLES)

    joined: list[list[Cell | None]] = []
    for row in rows:
        action = row[at] if at < len(row) else None
        previous = joined[-1] if joined else None
        before = previous[at] if previous is not None and at < len(previous) else None
        carries_on = (
            action is not None
            and before is not None
            and action is not before
            and action.text[:1].islower()
            and not before.text.rstrip().endswith((".", ";", "!", "?"))
            and (fragment(row) or fragment(previous or []))
        )
        if carries_on and previous is not None:
            joined[-1] = [_joined(a, b) for a, b in zip(previous, row, strict=False)]
        else:
            joined.append(list(row))
    return joined


def _filled(row: list[Cell | None], position: int | None) -> bool:
    cell = row[position] if position is not None and position < len(row) else None
    return cell is not None and bool(cell.text.strip())


def _joined(first: Cell | None, second: Cell | None) -> Cell | None:
    """Two lines of one wrapped cell as one cell: the texts joined, the span from the first to the last."""
    if first is None or not first.text.strip():
        return second
    if second is None or not second.text.strip() or second is first:
        return first
    return replace(first, text=f"{first.text} {second.text}", end=max(first.end, second.end))


_SEVERAL_LABELLED = re.compile(
    r"\s*Recommendations\s+(?P<numbers>R?\d{1,3}(?:\s*(?:,|&|and|to|-|–)\s*R?\d{1,3})+)\s*[:.\-–]\s*", re.I
)
_BARE_NUMBER = re.compile(r"(?:R|Rec\.?\s*|Recommendation\s+)?\d{1,3}(?:\.\d{1,3})*\.?", re.I)


def _clean(text: str) -> str:
    return " ".join(text.split())
