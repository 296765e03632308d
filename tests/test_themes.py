"""Theme and agency tagging: the shipped taxonomy, negation, hedging, spellings, plurals, weak triggers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import lessons
from lessons.cli import app
from lessons.extraction import extract
from lessons.themes import Taxonomy, TaxonomyError, find_agencies, tag_themes

TAXONOMY = Taxonomy.load()


def ids(text: str) -> list[str]:
    return [t.id for t in tag_themes(text, TAXONOMY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There was evidence of domestic abuse and coercive control.", ["F01_domestic_abuse"]),
        ("No concerns about domestic abuse were raised.", []),  # negated
        ("She did not experience domestic abuse.", []),
        ("There was no evidence of neglect, but domestic violence was reported.", ["F01_domestic_abuse"]),
        ("The father was not seen and the mother's partner was unknown.", ["F04_fathers_invisible_men"]),
        ("Parents were given safe sleeping advice about co-sleeping on a sofa.", ["H04_sudi_safe_sleep"]),
        (
            "Staff should organize training on behaviour policies and procedures.",
            ["P15_policies_procedures", "P14_training_workforce"],
        ),
        (
            "The paediatrician saw the child.",
            ["P17_health_practice"],
        ),  # a short item is about its one weak word
        ("The parents' mental health was not assessed.", ["F02_parental_mental_health"]),
        ("Young people's mental health services had long waiting lists.", ["F11_child_mental_health_camhs"]),
        ("Children missing education were not followed up.", ["F07_education_ehe"]),
        ("Concerns about CSE were raised.", ["H07_cse"]),
        ("The school will send the report.", []),  # "send" is not SEND: acronyms match exactly
    ],
)
def test_themes(text: str, expected: list[str]) -> None:
    assert sorted(ids(text)) == sorted(expected)


def test_one_weak_trigger_in_a_whole_document_is_passing_mention() -> None:
    filler = "The family moved house twice and the children changed nursery in the spring. " * 12
    assert ids(filler + "The paediatrician saw the child.") == []
    assert ids(filler + "The paediatrician and the GP saw the child.") == ["P17_health_practice"]


def test_hedged_mentions_score_lower() -> None:
    (plain,) = tag_themes("Neglect was noted.", TAXONOMY)
    (hedged,) = tag_themes("Possible neglect was noted.", TAXONOMY)
    assert hedged.score < plain.score
    assert plain.evidence == "Neglect" and (plain.start, plain.end) == (0, 7)


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        (
            "The GP and the health visitor did not share records with the police.",
            ("police", "health visiting", "GP"),
        ),
        ("CAMHS should see the child within four weeks.", ("CAMHS",)),
        (
            "Northshire Community NHS Foundation Trust should audit discharge.",
            ("Northshire Community NHS Foundation Trust",),
        ),
        (
            "The Safeguarding Children Partnership should ask the DfE to act.",
            ("safeguarding partnership", "DfE"),
        ),
    ],
)
def test_agencies(text: str, agencies: tuple[str, ...]) -> None:
    assert find_agencies(text) == agencies


def test_extraction_tags_recommendations_and_the_document() -> None:
    text = "Recommendations\n\n1. The Partnership should review its response to domestic abuse and coercive control."
    extraction = extract(text)
    (recommendation,) = extraction.recommendations
    assert [t.id for t in recommendation.themes] == ["F01_domestic_abuse"]
    assert "safeguarding partnership" in recommendation.agencies
    assert "F01_domestic_abuse" in [t.id for t in extraction.themes]
    record = extraction.to_json("x.txt")
    assert record["recommendations"][0]["themes"][0]["id"] == "F01_domestic_abuse"


def test_a_user_taxonomy_is_checked(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[themes.X01_bullying]\nlabel = "Bullying"\ngroup = "harm"\ntriggers = ["bullying"]\n')
    taxonomy = Taxonomy.load(good)
    assert [t.id for t in tag_themes("Bullying at school was reported.", taxonomy)] == ["X01_bullying"]
    bad = tmp_path / "bad.toml"
    bad.write_text('[themes.bullying]\ngroup = "harm"\ntriggers = []\n')
    with pytest.raises(TaxonomyError, match=r"id must look like.*missing label.*no triggers"):
        Taxonomy.load(bad)


def test_ingest_and_extract_tag_with_a_users_taxonomy(tmp_path: Path) -> None:
    taxonomy = tmp_path / "ours.toml"
    taxonomy.write_text(
        '[themes.X01_bullying]\nlabel = "Bullying"\ngroup = "harm"\ntriggers = ["bullying"]\n'
    )
    review = tmp_path / "docs" / "review.txt"
    review.parent.mkdir()
    review.write_text("Recommendations\n\n1. Schools should act on bullying and neglect.\n", encoding="utf-8")
    db = str(tmp_path / "lessons.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(review.parent), "--db", db, "--taxonomy", str(taxonomy)])
    assert result.exit_code == 0, result.output
    with lessons.open(db) as lib:
        (themes,) = lib.recommendations()["themes"]
        assert [t["id"] for t in themes] == ["X01_bullying"]  # neglect is not in this taxonomy
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(review), "--out", str(out), "--taxonomy", str(taxonomy)])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "review.json").read_text())
    assert [t["id"] for t in record["recommendations"][0]["themes"]] == ["X01_bullying"]


def test_a_bad_taxonomy_stops_ingest_before_any_file_is_stored(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[themes.bullying]\ngroup = "harm"\ntriggers = []\n')
    review = tmp_path / "review.txt"
    review.write_text("Recommendations\n\n1. Schools should act on bullying.\n", encoding="utf-8")
    db = str(tmp_path / "lessons.db")
    result = subprocess.run(
        [sys.executable, "-m", "lessons", "ingest", str(review), "--db", db, "--taxonomy", str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "bad.toml" in result.stderr and "missing label" in result.stderr
    with lessons.open(db) as lib:
        assert lib.documents().empty
