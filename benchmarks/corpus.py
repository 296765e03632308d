"""A realistic benchmark corpus: the evaluation documents, each copy perturbed so every file differs.

Copies get new pseudonyms ("Child R" -> "Child K"), area names, shifted years, new days of the month and
a shuffled paragraph order (the heading paragraphs stay first). Every variant has a distinct content hash.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator
from pathlib import Path

DOCUMENTS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "documents"  # ../shared beside the repo
BASE_PATTERNS = ("0[0-9][0-9]_*.txt", "press_*.txt")

_PSEUDONYM = re.compile(r"\b(Child|Baby|Adult|Mr|Ms) ([A-Z]{1,2}\d?)\b")
_AREAS = [
    "Somerset",
    "Worcestershire",
    "Leicester",
    "Southampton",
    "Norfolk",
    "Suffolk",
    "Monmouthshire",
    "Flintshire",
    "North Wales",
    "Taunton",
    "Worcester",
]
_AREA = re.compile(r"\b(" + "|".join(_AREAS) + r")\b")
_NEW_AREAS = [
    "Birmingham",
    "Bristol",
    "Cornwall",
    "Cumbria",
    "Derbyshire",
    "Devon",
    "Dorset",
    "Durham",
    "Essex",
    "Gloucestershire",
    "Hampshire",
    "Hertfordshire",
    "Kent",
    "Lancashire",
    "Lincolnshire",
    "Liverpool",
    "Manchester",
    "Newcastle",
    "Northumberland",
    "Nottingham",
    "Oxfordshire",
    "Sheffield",
    "Shropshire",
    "Staffordshire",
    "Surrey",
    "Swansea",
    "Cardiff",
    "Wiltshire",
    "Wirral",
    "York",
]
_YEAR = re.compile(r"\b(19[89]\d|20[0-2]\d)\b")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)? (" + _MONTHS + r")\b")
_PARAGRAPHS = re.compile(r"\n\s*\n")


def base_documents() -> list[tuple[str, str]]:
    """(stem, text) of each base document, in a stable order."""
    files = sorted({p for pattern in BASE_PATTERNS for p in DOCUMENTS.glob(pattern)})
    if not files:
        raise SystemExit(f"no base documents under {DOCUMENTS}")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in files]


def perturb(text: str, rng: random.Random) -> str:
    """One realistic variant of `text`."""
    letters = "ABCDEFGHJKLMNPRSTW"
    names: dict[str, str] = {}
    text = _PSEUDONYM.sub(
        lambda m: f"{m[1]} " + names.setdefault(m[2], rng.choice(letters) + rng.choice(["", "", "1", "2"])),
        text,
    )
    areas: dict[str, str] = {}
    text = _AREA.sub(lambda m: areas.setdefault(m[1], rng.choice(_NEW_AREAS)), text)
    shift = rng.randint(-4, 4)
    text = _YEAR.sub(lambda m: str(int(m[1]) + shift), text)
    text = _DAY.sub(lambda m: f"{rng.randint(1, 28)}{m[2] or ''} {m[3]}", text)
    paragraphs = _PARAGRAPHS.split(text.strip())
    head, body = paragraphs[:3], paragraphs[3:]
    rng.shuffle(body)
    return "\n\n".join(head + body)


def variants(n: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """`n` (file name, UTF-8 bytes) variants cycling over the base documents, all with distinct hashes."""
    bases = base_documents()
    seen: set[bytes] = set()
    for i in range(n):
        stem, text = bases[i % len(bases)]
        attempt = 0
        while True:
            data = perturb(text, random.Random(f"{seed}:{i}:{attempt}")).encode("utf-8")
            digest = hashlib.sha256(data).digest()
            if digest not in seen:
                break
            attempt += 1
        seen.add(digest)
        yield f"{i:06d}_{stem}.txt", data


def write_corpus(folder: Path, n: int, seed: int = 0) -> int:
    """Write `n` variants under `folder` (1000 per subfolder); returns the total bytes written."""
    total = 0
    for name, data in variants(n, seed):
        sub = folder / name[:3]
        sub.mkdir(parents=True, exist_ok=True)
        (sub / name).write_bytes(data)
        total += len(data)
    return total
