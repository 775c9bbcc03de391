"""benchmarks/found_recall.py on two stories written here, tagged as Reuters-21578 tags them."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles
from analysis.registry.table import load_registry
from benchmarks import found_pairs, found_recall

STORIES = [
    {
        "body": "Trade Representative Clayton Yeutter said talks would go on. Yeutter added that "
        "Willy De Clercq of the Commission agreed.",
        "people": ["yeutter", "de-clercq"],
        "places": [],
        "orgs": [],
    },
    {
        "body": "The Zembla Tin Producers Council (ZTPC) met in Lagos, officials said.",
        "people": ["james-baker"],
        "places": [],
        "orgs": ["ztpc"],
    },
]


def test_name_keys_match_surnames_full_names_and_initials() -> None:
    keys = found_recall.name_keys("James A. Baker")
    assert {"jamesabaker", "baker", "jamesbaker"} <= keys
    assert "ec" in found_recall.name_keys("European Community")
    assert "declercq" in found_recall.name_keys("Willy De Clercq")


def test_people_are_recalled_only_with_the_finder(tmp_path: Path) -> None:
    corpus = tmp_path / "r.jsonl"
    corpus.write_text("\n".join(json.dumps(s) for s in STORIES), encoding="utf-8")
    matcher = Matcher(load_registry(), load_roles(), gazetteer=None)
    without = found_recall.measure(matcher, False, corpus)
    with_finder = found_recall.measure(matcher, True, corpus)
    assert (without.tagged["people"], without.recalled["people"]) == (3, 0)
    assert with_finder.recalled["people"] == 2  # not James Baker, whom the story never names
    assert with_finder.recalled["orgs"] == 1
    assert with_finder.missed_people == {"james-baker": 1}
    assert "people: recall 0.667" in "\n".join(found_recall.report("x", with_finder))


def test_sample_lines_and_headlines_in_lower_case(tmp_path: Path) -> None:
    corpus = tmp_path / "r.jsonl"
    corpus.write_text("\n".join(json.dumps(s) for s in STORIES), encoding="utf-8")
    matcher = Matcher(load_registry(), load_roles(), gazetteer=None)
    lines = found_recall.sample(matcher, corpus, 3, seed=1)
    assert len(lines) == 3
    assert all("[[" in line and "]]" in line for line in lines)
    csv_file = tmp_path / "h.csv"
    csv_file.write_text(
        "publish_date,headline_text\n20030219,aba decides against community broadcasting licence\n"
        "20030219,act fire witnesses must be aware of defamation\n",
        encoding="utf-8",
    )
    assert found_recall.headlines_found(csv_file) == (2, 0)


def test_kept_keys_re_run_the_same_mentions(tmp_path: Path) -> None:
    corpus = tmp_path / "r.jsonl"
    corpus.write_text("\n".join(json.dumps(s) for s in STORIES), encoding="utf-8")
    keys = tmp_path / "keys.json"
    args = ["--corpus", str(corpus), "--sample", "3", "--every", "--seed", "1", "--keys", str(keys)]
    assert found_recall.main(args) == 0
    assert len(json.loads(keys.read_text(encoding="utf-8"))) == 3
    matcher = Matcher(load_registry(), load_roles(), gazetteer=None)
    lines = found_pairs.rerun(matcher, corpus, json.loads(keys.read_text(encoding="utf-8")))
    assert [line.split()[0] for line in lines] == ["SAME"] * 3
