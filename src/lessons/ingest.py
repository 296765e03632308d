"""Ingesting: find the files, read, clean and extract each one (in worker processes when asked), hand batches to
the store.

`prepare_document` is the pure stage (bytes in, a cleaned and extracted record out); the rest streams files
through it so memory does not grow with the number of files.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from multiprocessing import Pool
from pathlib import Path

from lessons import embeddings
from lessons.cleaning import clean, title_of
from lessons.errors import InputError
from lessons.extraction import extract
from lessons.models import IngestResult, PreparedDocument
from lessons.reading import SUPPORTED_SUFFIXES, read_bytes, read_document
from lessons.settings import Settings
from lessons.themes import Taxonomy

log = logging.getLogger(__name__)


def prepare_document(
    path: Path, data: bytes, ocr: bool = True, taxonomy: Taxonomy | None = None
) -> PreparedDocument:
    """Read, clean and extract one file's bytes (themes from `taxonomy`, the shipped one by default). Raises
    `InputError` naming the file and the reason."""
    source = read_document(path, data, ocr=ocr)
    cleaned = clean(source)
    extraction = extract(cleaned.text, cleaned.pages, taxonomy, cleaned.tables)
    return PreparedDocument(
        path=str(path),
        file_name=path.name,
        content_hash=content_hash(data),
        size_bytes=len(data),
        source=source,
        clean=cleaned,
        title=title_of(cleaned.text, source.title),
        extraction=extraction,
    )


def embed_batch(batch: Sequence[PreparedDocument]) -> list[PreparedDocument]:
    """The documents with a unit vector for each recommendation and concern: one model call for the whole
    batch, so texts of similar length from different documents share padding (1.5x faster than per
    document)."""
    texts_by_doc = [
        [r.text for r in doc.extraction.recommendations] + [c.text for c in doc.extraction.concerns]
        for doc in batch
    ]
    texts = [text for doc_texts in texts_by_doc for text in doc_texts]
    vectors = embeddings.default_encoder().encode(texts)
    out, start = [], 0
    for doc in batch:
        recs, concerns = len(doc.extraction.recommendations), len(doc.extraction.concerns)
        split = {
            "recommendations": vectors[start : start + recs],
            "concerns": vectors[start + recs : start + recs + concerns],
        }
        out.append(replace(doc, vectors=split))
        start += recs + concerns
    return out


@cache
def load_taxonomy(path: str) -> Taxonomy:
    """The taxonomy at `path` ("" for the shipped one), read once per process."""
    return Taxonomy.load(path or None)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and supported files under folders named (recursively, in a stable order). A path that does
    not exist is passed on, so that it is reported like any other bad input."""
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            # Hidden files and folders inside the folder (".git", "~$" lock files aside) are not documents.
            visible = (
                p for p in found if not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            yield from sorted(p.resolve() for p in visible if not p.name.startswith("~$"))
        else:
            yield path.resolve() if path.exists() else path


def prepare_all(
    files: Iterable[Path], settings: Settings, known_hashes: set[str]
) -> Iterator[PreparedDocument | IngestResult]:
    """Cleaned documents, or a result for each file skipped (content already stored) or failed."""
    jobs = _jobs(files, settings, known_hashes)
    if settings.jobs <= 1:
        yield from map(_prepare_job, jobs)
        return
    with Pool(settings.jobs) as pool:
        yield from pool.imap(_prepare_job, jobs, chunksize=4)


_Job = tuple[Path, bytes | None, tuple[bool, str], IngestResult | None]  # options: ocr, taxonomy


def _jobs(files: Iterable[Path], settings: Settings, known_hashes: set[str]) -> Iterator[_Job]:
    max_bytes = int(settings.max_file_mb * 1_000_000)
    options = (settings.ocr, settings.taxonomy)
    for path in files:
        try:
            data = read_bytes(path, max_bytes)
        except InputError as error:
            yield path, None, options, IngestResult(str(path), "failed", message=error.reason)
            continue
        except OSError as error:
            reason = error.strerror or str(error)
            yield path, None, options, IngestResult(str(path), "failed", message=reason)
            continue
        if content_hash(data) in known_hashes:
            yield path, None, options, IngestResult(str(path), "skipped", message="already present")
            continue
        yield path, data, options, None


def _prepare_job(job: _Job) -> PreparedDocument | IngestResult:
    path, data, (ocr, taxonomy), decided = job
    if decided is not None:
        return decided
    assert data is not None
    try:
        return prepare_document(path, data, ocr=ocr, taxonomy=load_taxonomy(taxonomy))
    except InputError as error:
        return IngestResult(str(path), "failed", message=error.reason)
    except Exception as error:  # a reader library failing on odd input must not stop the batch
        log.exception("unexpected error reading %s", path)
        return IngestResult(str(path), "failed", message=f"unexpected error: {type(error).__name__}: {error}")
