"""Search queries: words, "phrases", prefix*, AND / OR / NOT (or -word) and parentheses.

One parser builds a tree; each engine gets its own rendering (an FTS5 MATCH string, a PostgreSQL tsquery
expression), so users write the same query for both and a stray quote or colon never reaches the engine raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons.errors import QueryError


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Binary:
    op: str  # "AND", "OR" or "NOT" (a AND NOT b)
    left: Node
    right: Node


Node = Term | Binary

_TOKEN = re.compile(r'\s*(?:(")|(\()|(\))|(-)(?=[\w"(])|([^\s"()]+))')


def parse_query(query: str) -> Node:
    tokens = _tokenise(query)
    if not tokens:
        raise QueryError("empty search query")
    node, rest = _parse_or(tokens)
    if rest:
        raise QueryError(f"unexpected {rest[0][1]!r} in query {query!r}")
    return node


def _tokenise(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        if query[pos:].strip() == "":
            break
        match = _TOKEN.match(query, pos)
        if match is None:  # pragma: no cover - the pattern accepts any non-space character
            raise QueryError(f"cannot read query {query!r}")
        if match.group(1):
            end = query.find('"', match.end())
            if end < 0:
                raise QueryError(f"unclosed quote in query {query!r}")
            phrase = query[match.end() : end].strip()
            if phrase:
                tokens.append(("TERM", phrase))
            pos = end + 1
            continue
        if match.group(2):
            tokens.append(("(", "("))
        elif match.group(3):
            tokens.append((")", ")"))
        elif match.group(4):
            tokens.append(("NOT", "-"))
        else:
            word = match.group(5)
            tokens.append((word, word) if word in ("AND", "OR", "NOT") else ("TERM", word))
        pos = match.end()
    return tokens


def _parse_or(tokens: list[tuple[str, str]]) -> tuple[Node, list[tuple[str, str]]]:
    left, tokens = _parse_and(tokens)
    while tokens and tokens[0][0] == "OR":
        right, tokens = _parse_and(tokens[1:])
        left = Binary("OR", left, right)
    return left, tokens


def _parse_and(tokens: list[tuple[str, str]]) -> tuple[Node, list[tuple[str, str]]]:
    if tokens and tokens[0][0] == "NOT":
        raise QueryError("a query cannot start with NOT: say what to find first (child NOT adult)")
    left, tokens = _parse_atom(tokens)
    while tokens and tokens[0][0] in ("AND", "NOT", "TERM", "("):
        op = "AND"
        if tokens[0][0] in ("AND", "NOT"):
            op, tokens = tokens[0][0], tokens[1:]
        right, tokens = _parse_atom(tokens)
        left = Binary(op, left, right)
    return left, tokens


def _parse_atom(tokens: list[tuple[str, str]]) -> tuple[Node, list[tuple[str, str]]]:
    if not tokens:
        raise QueryError("query ends where a word was expected")
    kind, value = tokens[0]
    if kind == "(":
        node, rest = _parse_or(tokens[1:])
        if not rest or rest[0][0] != ")":
            raise QueryError("unbalanced parentheses in query")
        return node, rest[1:]
    if kind != "TERM":
        raise QueryError(f"unexpected {value!r} in query")
    if value.endswith("*") and len(value) > 1:
        return Term(value.rstrip("*"), prefix=True), tokens[1:]
    return Term(value), tokens[1:]


def to_fts5(node: Node) -> str:
    """An FTS5 MATCH expression; every term is quoted, so punctuation is never FTS5 syntax."""
    if isinstance(node, Term):
        quoted = '"' + node.text.replace('"', '""') + '"'
        return quoted + " *" if node.prefix else quoted
    return f"({to_fts5(node.left)} {node.op} {to_fts5(node.right)})"


def to_tsquery_sql(node: Node, params: dict[str, str], config: str = "english") -> str:
    """A PostgreSQL tsquery expression with bound parameters (added to `params`)."""
    if isinstance(node, Term):
        name = f"q{len(params)}"
        if node.prefix:
            words = re.findall(r"\w+", node.text)
            if not words:
                raise QueryError(f"nothing to search for in {node.text!r}*")
            params[name] = " <-> ".join([*words[:-1], words[-1] + ":*"])
            return f"to_tsquery('{config}', :{name})"
        params[name] = node.text
        return f"phraseto_tsquery('{config}', :{name})"
    left = to_tsquery_sql(node.left, params, config)
    right = to_tsquery_sql(node.right, params, config)
    if node.op == "NOT":
        return f"({left} && !!{right})"
    return f"({left} {'&&' if node.op == 'AND' else '||'} {right})"
