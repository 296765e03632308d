"""Glued words: put back a space that a converter lost at a line break ("Inmy", "aboutthe", "DEATHSTHIS",
"2009and"), without cutting the names and words that only look glued ("Mary Hassell", "Robert Sowersby",
"Betsi Cadwaladr", "candour").

A token outside the lexicon is a candidate when it is a short function word joined to a known word. The cut is
made only where a lost space is likelier than a word the lexicon lacks:
- the other half is a common word (names are made of rare pieces: "Be tsi", "Eaglet on");
- the token is no British spelling or inflection of a known word ("candour", "inboxes");
- a capitalised token is used once only in the text; it does not follow a capitalised word (a name goes on:
  "Mary Hassell", "Jane HASSELL"), unless both are in capitals (a heading: "FUTURE DEATHSTHIS") or it ends in
  a word that starts lines and no surname ("Children Boardand"); it starts a sentence when its first half is
  the function word ("Inmy", not "the Askam"); it does not end in a two-letter function word (surnames do:
  "Nickson", "Stewartby");
- a lower-case token is used once only, unless both halves are function words ("tothe").
"""

from __future__ import annotations

import re
from collections import defaultdict

from lessons.offsets import MappedText
from lessons.resources import FUNCTION_WORDS, lexicon, word_ranks

_GLUED_DIGITS = re.compile(r"[0-9]{4}(?:and|or|the|of|to|in|on|at|for|with)\b")
_LETTER_RUN = re.compile(r"[a-z]{4,20}")
# The lexicon ranks words by frequency; a half rarer than this is likelier a piece of a name than a word.
_COMMON_RANK = 50_000
_SENTENCE_END = (".", "!", "?", ":", ";")
# Words that begin a wrapped line after a proper noun ("the Children Board\nand ..." -> "Boardand"): no
# surname ends in them, unlike "-by", "-on" or "-son".
_AFTER_PROPER_NOUN = frozenset("and the for with was were that this from which are".split())  # noqa: SIM905
# British spellings and inflections the lexicon lacks, tried as (ending, replacement) on an unknown token.
_VARIANT_ENDINGS = (
    ("our", "or"),  # candour
    ("ours", "ors"),
    ("ise", "ize"),  # organise
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("isations", "izations"),
    ("yse", "yze"),  # analyse
    ("tre", "ter"),  # centre
    ("tres", "ters"),
    ("ogue", "og"),  # catalogue
    ("ence", "ense"),  # licence
    ("es", ""),  # inboxes
    ("s", ""),
    ("", "e"),  # adrenalin
)
_VARIANT_INFIXES = (("ae", "e"), ("oe", "e"), ("ll", "l"))  # paediatric, oesophagus, counselling


def split_glued_words(text: MappedText) -> MappedText:
    """Put back a space lost at a line break when an unknown token is a short function word glued to a known
    word: "Inmy" -> "In my", "aboutthe" -> "about the", "DEATHSTHIS" -> "DEATHS THIS", "2009and" -> "2009 and".
    Names and words the lexicon lacks stay whole (see the module's notes)."""
    words = lexicon()
    # Set operations first: only the few letter runs that are no word are looked at one by one.
    unknown = set(_LETTER_RUN.findall(text.text.lower())) - words
    cuts = {token: cut for token in unknown if (cut := _glue_point(token, words))}
    edits = []
    if cuts:
        alternatives = "|".join(sorted(cuts, key=len, reverse=True))
        tokens = re.compile(rf"(?<![\w@/.\-'’])(?:{alternatives})(?![\w@/\-'’]|\.\w)", re.IGNORECASE)
        uses: dict[str, list[re.Match[str]]] = defaultdict(list)
        for match in tokens.finditer(text.text):
            uses[match.group().lower()].append(match)
        for token, matches in uses.items():
            for match in matches:
                if _safe_cut(text.text, match, cuts[token], len(matches)):
                    edits.append((match.start() + cuts[token], match.start() + cuts[token], " "))
    edits.extend((m.start() + 4, m.start() + 4, " ") for m in _GLUED_DIGITS.finditer(text.text))
    return text.edit(sorted(edits))


def _glue_point(token: str, words: frozenset[str]) -> int | None:
    """Where a lower-case unknown token splits into a function word and a common word, if it does."""
    if token in words or _known_variant(token, words):
        return None
    ranks = word_ranks()
    for cut in range(2, len(token) - 1):
        left, right = token[:cut], token[cut:]
        if left in FUNCTION_WORDS and right in FUNCTION_WORDS:
            return cut
        if left in FUNCTION_WORDS and len(right) >= 3 and ranks.get(right, _COMMON_RANK) < _COMMON_RANK:
            return cut
        if right in FUNCTION_WORDS and len(left) >= 3 and ranks.get(left, _COMMON_RANK) < _COMMON_RANK:
            return cut
    return None


def _known_variant(token: str, words: frozenset[str]) -> bool:
    for ending, replacement in _VARIANT_ENDINGS:
        if token.endswith(ending) and token[: len(token) - len(ending)] + replacement in words:
            return True
    return any(
        infix in token and token.replace(infix, plain, 1) in words for infix, plain in _VARIANT_INFIXES
    )


def _safe_cut(text: str, match: re.Match[str], cut: int, uses: int) -> bool:
    """Whether this occurrence of a glue candidate is cut, from how it is written and what stands before it."""
    written = match.group()
    if not (written.isupper() or written.islower() or (written[0].isupper() and written[1:].islower())):
        return False  # mixed case ("McDonald", "iPhone") is written that way on purpose
    left, right = written[:cut].lower(), written[cut:].lower()
    both_function = left in FUNCTION_WORDS and right in FUNCTION_WORDS
    if written.islower():
        return both_function or uses == 1
    if uses > 1:  # a capitalised token the text uses whole more than once is a name
        return False
    line_start = text.rfind("\n", 0, match.start()) + 1
    before = text[max(line_start, match.start() - 40) : match.start()].split()
    previous = before[-1] if before else ""
    sentence_start = not previous or previous.endswith(_SENTENCE_END)
    after_capital = previous[:1].isupper() and not sentence_start
    if after_capital and not (written.isupper() and previous.isupper()):
        return right in _AFTER_PROPER_NOUN  # a name goes on ("Mary Hassell"), a sentence too ("Board and")
    if both_function:
        return True
    if left in FUNCTION_WORDS:
        return sentence_start  # "Inmy opinion" starts a sentence; "the Askam" is a name
    return len(right) > 2  # surnames end in "on", "in", "by", "as": "Nickson", "Stewartby"
