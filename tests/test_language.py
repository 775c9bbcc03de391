"""analysis/language.py: sentences written for these tests, and the shared English corpora."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from analysis.language import ENGLISH, UNDETERMINED, detect, is_scored, scored_code

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"

OTHERS = {
    "fr": "Le gouvernement français a annoncé mardi de nouvelles mesures pour soutenir les "
    "agriculteurs touchés par la sécheresse.",
    "de": "Die Bundesregierung hat am Dienstag neue Maßnahmen angekündigt, um die von der Dürre "
    "betroffenen Landwirte zu unterstützen.",
    "es": "El gobierno anunció el martes nuevas medidas para apoyar a los agricultores afectados "
    "por la sequía.",
    "it": "Il governo ha annunciato martedì nuove misure per sostenere gli agricoltori colpiti "
    "dalla siccità.",
    "nl": "De regering heeft dinsdag nieuwe maatregelen aangekondigd om boeren te steunen die "
    "door de droogte zijn getroffen.",
    "ru": "Правительство во вторник объявило о новых мерах поддержки фермеров, пострадавших от "
    "засухи.",
    "tr": "Hükümet salı günü kuraklıktan etkilenen çiftçileri desteklemek için yeni önlemler "
    "açıkladı.",
}


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_a_story_in_another_language_is_named_so(code: str) -> None:
    assert detect(OTHERS[code]) == code
    assert not is_scored(code)


@pytest.mark.parametrize(
    "text",
    [
        "Kim Jong Un arrived by train in Moscow on Tuesday, state media said.",
        "U.S. TRADE DEFICIT WIDENS IN JANUARY TO RECORD 15.5 BILLION DLRS",  # capitals
        "Brazil, Argentina, Chile, Peru, Colombia, Venezuela and Ecuador",  # a list of names
        "Shr 1.20 dlrs vs 1.05 dlrs Net 12.3 mln vs 10.1 mln Revs 450 mln vs 400 mln",  # a table
    ],
)
def test_english_news_is_english(text: str) -> None:
    assert detect(text) == ENGLISH
    assert is_scored(detect(text))


def test_too_few_words_to_tell_is_undetermined_and_scored() -> None:
    assert detect("Paris 2024") == UNDETERMINED
    assert detect("") == UNDETERMINED
    assert is_scored(UNDETERMINED)
    assert is_scored(None)


def test_no_reuters_story_and_no_abc_headline_is_marked_foreign() -> None:
    reuters, headlines = CORPORA / "reuters21578.jsonl", CORPORA / "abcnews-2003-headlines.csv"
    if not (reuters.exists() and headlines.exists()):
        pytest.skip("../shared/corpora is absent")
    with reuters.open(encoding="utf-8") as lines:
        stories = [json.loads(line) for line in lines]
    foreign = [
        s["newid"]
        for s in stories
        if not is_scored(detect(f"{s.get('title') or ''}\n{s.get('body') or ''}"))
    ]
    assert len(stories) == 21_578
    assert foreign == []
    with headlines.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    assert len(rows) > 40_000
    assert [r[-1] for r in rows if not is_scored(detect(r[-1]))] == []


@pytest.mark.parametrize(
    "text",
    ["Ukraine said on Monday that its forces had pushed back an attack.", "Kyiv, Monday", ""],
)
def test_scored_code_is_detect_of_a_scored_text(text: str) -> None:
    """Ingest takes the code of an article its worker scored from scored_code, not the model."""
    assert is_scored(detect(text))
    assert scored_code(text) == detect(text)
