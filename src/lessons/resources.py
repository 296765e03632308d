"""Word lists and the English lexicon used by cleaning, kept out of the logic."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import metadata
from pathlib import Path

# Short, closed-class words: PDF converters often glue them to a neighbour ("Inmy", "aboutthe", "2009and").
FUNCTION_WORDS = frozenset(
    """a an and any are as at be been but by can could did do for from had has have he her his if in into
    is it its may my no nor not of on or our she should so than that the their them then there these they
    this those to upon was we were what when where which who will with would you your""".split()  # noqa: SIM905
)

# A paragraph whose last word is one of these continues on the next line, even across a blank line or page.
CONTINUING_WORDS = frozenset(
    """a an and or of to in for with by on at from that which as is are was were be been has have had not
    their his her its our this these those the nor but""".split()  # noqa: SIM905
)


@cache
def lexicon() -> frozenset[str]:
    """About 125,000 lower-case English words by Wikipedia frequency, shipped in the `wordninja` package."""
    return frozenset(word_ranks())


@cache
def word_ranks() -> dict[str, int]:
    """Each lexicon word's rank by frequency (0 for "the"): the package's list is in frequency order."""
    # Read the data file directly: importing wordninja would build its whole language model.
    for file in metadata.files("wordninja") or ():
        if file.name == "wordninja_words.txt.gz":
            data = Path(file.locate()).read_bytes()
            words = gzip.decompress(data).decode("utf-8").split()
            # Built from the end, so that a word listed twice keeps its first (lower) rank.
            return dict(zip(reversed(words), range(len(words) - 1, -1, -1), strict=True))
    raise FileNotFoundError("wordninja_words.txt.gz not found in the wordninja package")
