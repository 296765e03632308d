"""Settings, declared once: name, default, environment variable and help feed the CLI and the docs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, env: str, help: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    db: str = _setting(
        "lessons.db",
        "LESSONS_DB",
        "Database: a file path means SQLite (the default), a postgresql:// URL means PostgreSQL.",
    )
    max_file_mb: float = _setting(
        200.0, "LESSONS_MAX_FILE_MB", "Files larger than this many megabytes are refused."
    )
    ocr: bool = _setting(
        True,
        "LESSONS_OCR",
        "OCR PDF pages with no text layer (needs the 'ocr' extra and the tesseract binary).",
    )
    taxonomy: str = _setting(
        "",
        "LESSONS_TAXONOMY",
        "A theme taxonomy TOML file to tag with at ingest and extract (default: the shipped one).",
    )
    embeddings: bool = _setting(
        True,
        "LESSONS_EMBEDDINGS",
        "Embed recommendations and concerns at ingest for similarity (when the 'embeddings' extra is installed).",
    )
    similarity: str = _setting(
        "auto",
        "LESSONS_SIMILARITY",
        "Similarity backend: auto (embeddings when installed), embeddings, or lexical (TF-IDF).",
    )
    jobs: int = _setting(1, "LESSONS_JOBS", "Processes that read and clean files in parallel.")
    batch_size: int = _setting(200, "LESSONS_BATCH_SIZE", "Documents written per database commit.")
    rank_limit: int = _setting(
        5_000,
        "LESSONS_RANK_LIMIT",
        "Search ranks at most this many matches, the newest (SQLite; keeps broad queries fast); 0 ranks all.",
    )
    public: bool = _setting(
        False,
        "LESSONS_PUBLIC",
        "Web app: read-only public mode, browsing without an account; the tracker still needs a login.",
    )
    uploads: str = _setting(
        "lessons-uploads", "LESSONS_UPLOADS", "Web app: the folder where uploaded files are kept."
    )
    secure_cookies: bool = _setting(
        False,
        "LESSONS_SECURE_COOKIES",
        "Web app: mark session cookies Secure (sent over HTTPS only); set it behind an HTTPS proxy.",
    )

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then explicit overrides (those not None)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f.metadata["env"])
            if raw is not None:
                values[f.name] = _parse(raw, type(f.default))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @staticmethod
    def help(name: str) -> str:
        f = next(f for f in fields(Settings) if f.name == name)
        return f"{f.metadata['help']} [env: {f.metadata['env']}]"


def _parse(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() not in {"0", "false", "no", "off", ""}
    return kind(raw)
