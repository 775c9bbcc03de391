"""Run the finder as the pipeline will: on a text and the splitter's sentence starts."""

from __future__ import annotations

from pathlib import Path

from analysis.found import Found, find_entities
from analysis.text import split_sentences

STORY = Path(__file__).resolve().parent / "data" / "found" / "brazil_india.txt"


def found(text: str, claimed=()) -> list[Found]:
    return find_entities(text, [s for s, _ in split_sentences(text)], claimed)


def names(text: str) -> dict[str, str]:
    """Canonical name -> kind of every entity found in the text."""
    return {f.name: f.kind for f in found(text)}


def surfaces(text: str) -> list[str]:
    return [text[f.start : f.end] for f in found(text)]
