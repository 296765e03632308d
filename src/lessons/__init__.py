"""Lessons: a searchable, linked library of child-safeguarding case reviews and coroners' PFD reports.

import lessons
lib = lessons.open("lessons.db")
lib.ingest(["reports/"])
lib.search('"health visitor" AND neglect')
lib.documents()  # a pandas DataFrame
"""

import logging

from lessons.errors import LessonsError
from lessons.library import Library, extract_files, open_library
from lessons.models import (
    DocumentFilter,
    DocumentMetadata,
    ExtractResult,
    IngestReport,
    IngestResult,
    SearchHit,
    SearchResults,
)
from lessons.settings import Settings

open = open_library

# The library logs and never prints: without a handler configured by the application, it stays quiet.
logging.getLogger("lessons").addHandler(logging.NullHandler())

__version__ = "0.1.0"
__all__ = [
    "DocumentFilter",
    "DocumentMetadata",
    "ExtractResult",
    "IngestReport",
    "IngestResult",
    "LessonsError",
    "Library",
    "SearchHit",
    "SearchResults",
    "Settings",
    "extract_files",
    "open",
    "open_library",
]
