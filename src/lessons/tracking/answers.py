"""Which part of a PFD response letter answers which concern of the report, pure.

A part answers a concern by number (the letter's "Concern 2" is the report's concern 2), else by quotation
(the words it quotes are, mostly, the concern's own words), else by wording (its words cover enough of the
concern's distinctive words). A letter of one part with neither number nor quotation answers every concern.

Wording is weighed within the report: a word every concern uses ("patient", the trust's name) says little
about which concern a part answers, so each concern word counts by its rarity among the report's concerns.
The thresholds were measured on the 321 real PFD reports of ../shared/eval/pfd (see `WORDING_THRESHOLD`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# A quotation names the concern whose words hold this share of its own (distinctive) words.
QUOTE_THRESHOLD = 0.6
# A part answers a concern by wording when it covers this share of the concern's words, weighed by rarity
# among the report's concerns. Measured by benchmarks/answer_wording.py on the 147 real reports with two or
# more concerns (4,544 pairs): a sibling concern of the same report (the hardest unrelated text a letter
# holds) reaches 0.4 in 3.3% of pairs; a part restating only the concern's first sentence, then other words,
# reaches it in 85.5%. Lower thresholds gain a little recall for more false answers (0.3: 92.6% and 7.2%),
# and a concern wrongly shown as answered hides an unanswered one, so precision comes first.
WORDING_THRESHOLD = 0.4
_STEM = 6  # words compared by their first six letters: "referral", "referrals", "referred" are one
_WORD = re.compile(r"[a-z]+")
# Words every response letter and report uses, whatever the concern.
_LETTER_WORDS = frozenset(
    ("concern", "concerns", "coroner", "coroners", "report", "response", "trust", "inquest", "death", "deaths",
     "deceased", "regulation", "matter", "matters", "future", "prevent")
)  # fmt: skip


@dataclass(frozen=True)
class Concern:
    number: str | None
    text: str


@dataclass(frozen=True)
class Part:
    concern: str | None  # the number(s) the letter gives, "1" or "1, 3"
    quote: str | None
    text: str


@dataclass(frozen=True)
class Match:
    part: int  # index of the part in the letter
    how: str  # "number", "quote", "wording" or "whole letter"
    score: float | None = None


def match_parts(concerns: Sequence[Concern], parts: Sequence[Part]) -> list[list[Match]]:
    """For each concern (in order), the parts of one letter that answer it and how."""
    found: list[list[Match]] = [[] for _ in concerns]
    weights = _rarity(concerns)
    words = [_words(c.text) for c in concerns]
    numbers = {str(c.number).strip(): i for i, c in enumerate(concerns) if c.number}
    for p, part in enumerate(parts):
        given = [numbers[n] for n in _numbers(part.concern) if n in numbers]
        if given:
            for i in given:
                found[i].append(Match(p, "number"))
            continue
        quoted = _quoted(part.quote, words, weights) if part.quote else None
        if quoted is not None:
            found[quoted[0]].append(Match(p, "quote", quoted[1]))
            continue
        if len(parts) == 1 and part.concern is None and part.quote is None:
            for i in range(len(concerns)):
                found[i].append(Match(p, "whole letter"))
            continue
        have = _words(part.text)
        for i, concern_words in enumerate(words):
            score = coverage(concern_words, have, weights)
            if score >= WORDING_THRESHOLD:
                found[i].append(Match(p, "wording", round(score, 3)))
    return found


def wording_score(concerns: Sequence[Concern], index: int, text: str) -> float:
    """How much of concern `index`'s words `text` uses, weighed by rarity among the report's `concerns`."""
    return coverage(_words(concerns[index].text), _words(text), _rarity(concerns))


def coverage(concern: set[str], part: set[str], weights: dict[str, float]) -> float:
    """The share of the concern's words the part uses, each word weighed by its rarity among the concerns."""
    total = sum(weights.get(w, 1.0) for w in concern)
    return sum(weights.get(w, 1.0) for w in concern & part) / total if total else 0.0


def _quoted(quote: str, words: list[set[str]], weights: dict[str, float]) -> tuple[int, float] | None:
    """The concern the quotation is taken from: the one holding most of the quoted words."""
    quoted = _words(quote)
    scored = [(coverage(quoted, concern, weights), i) for i, concern in enumerate(words)]
    best = max(scored, default=(0.0, -1))
    return (best[1], round(best[0], 3)) if best[0] >= QUOTE_THRESHOLD and len(quoted) >= 3 else None


def _rarity(concerns: Sequence[Concern]) -> dict[str, float]:
    """log(1 + n / df): a word in one of n concerns weighs most, a word in all of them least."""
    df = Counter(w for c in concerns for w in _words(c.text))
    n = len(concerns)
    return {w: math.log(1 + n / count) for w, count in df.items()}


def _words(text: str) -> set[str]:
    return {
        w[:_STEM]
        for w in _WORD.findall(text.lower())
        if len(w) > 2 and w not in ENGLISH_STOP_WORDS and w not in _LETTER_WORDS
    }


def _numbers(written: str | None) -> list[str]:
    return [n.strip() for n in (written or "").split(",") if n.strip()]


def answering_parts(
    concerns: Sequence[dict[str, Any]], responses: Sequence[tuple[dict[str, Any], Sequence[dict[str, Any]]]]
) -> list[list[dict[str, Any]]]:
    """For each stored concern (dicts with number and text), the parts of the linked responses that answer
    it: `responses` pairs each link (source_id, id, status) with its document's stored answer parts. A response
    stored without parts (extracted before letters were split) answers every concern, as a whole letter."""
    found: list[list[dict[str, Any]]] = [[] for _ in concerns]
    records = [Concern(c["number"], c["text"]) for c in concerns]
    for link, parts in responses:
        base = {"document": link["source_id"], "link": link["id"], "link_status": link["status"]}
        if not parts:
            for answers in found:
                answers.append({**base, "how": "whole letter", "score": None, "part": None, "text": None,
                                "start": None, "end": None, "concern": None, "quote": None})  # fmt: skip
            continue
        letter = [Part(p["concern"], p["quote"], p["text"]) for p in parts]
        for answers, matches in zip(found, match_parts(records, letter), strict=True):
            for match in matches:
                part = parts[match.part]
                answers.append({**base, "how": match.how, "score": match.score, "part": part["id"],
                                "text": part["text"], "start": part["start"], "end": part["end"],
                                "concern": part["concern"], "quote": part["quote"]})  # fmt: skip
    return found
