"""Themes stored at ingest and counted by theme, with filters and breakdowns, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import lessons
from lessons.cli import app
from lessons.models import DocumentFilter, DocumentMetadata


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_theme_counts_by_theme_and_year(db: str, tmp_path: Path) -> None:
    first = write(
        tmp_path / "a.txt",
        "Recommendations\n\n1. The Partnership should review its response to domestic abuse.\n"
        "2. Agencies should audit neglect cases.",
    )
    second = write(
        tmp_path / "b.txt", "Recommendations\n\n1. Health visitors should ask about domestic abuse."
    )
    with lessons.open(db) as lib:
        lib.ingest([first], DocumentMetadata(date="2019-05"))
        lib.ingest([second], DocumentMetadata(date="2021-02"))
        counts = lib.theme_counts().set_index("theme")
        assert counts.loc["F01_domestic_abuse", ["documents", "recommendations"]].tolist() == [2, 2]
        assert counts.loc["H01_neglect", ["documents", "recommendations"]].tolist() == [1, 1]
        assert counts.loc["F01_domestic_abuse", "label"] == "Domestic abuse"
        by_year = lib.theme_counts(by="year")
        abuse = by_year[by_year["theme"] == "F01_domestic_abuse"].set_index("year")["recommendations"]
        assert abuse.to_dict() == {"2019": 1, "2021": 1}
        recent = lib.theme_counts(DocumentFilter(date_from="2020")).set_index("theme")
        assert "H01_neglect" not in recent.index
        stored = lib.recommendations()
        assert [t["id"] for t in stored.loc[0, "themes"]] == ["F01_domestic_abuse"]


def test_themes_command(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    write(tmp_path / "a.txt", "Recommendations\n\n1. Schools should follow up children missing education.")
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["themes", "--db", db, "--format", "csv"])
    assert result.exit_code == 0
    assert "F07_education_ehe" in result.stdout and result.stdout.startswith("theme,label,group")
    assert "42 themes" in runner.invoke(app, ["themes", "--check"]).stdout
