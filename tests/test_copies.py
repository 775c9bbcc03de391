"""Wire copies (analysis/copies.py): constructed pairs on either side of the threshold, and the
store's signatures read back as ingest reads them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import copies
from analysis.ingest import ingest
from analysis.load import Loaded
from analysis.registry.table import load_registry
from analysis.store import Store

WIRE = (
    "North Korea fired two short-range ballistic missiles into the sea off its east coast on "
    "Tuesday, South Korea's military said, the latest in a series of launches that have "
    "raised tension on the peninsula ahead of joint drills by Seoul and Washington. "
    "The missiles flew about 400 km and reached an altitude of 50 km before falling into "
    "the water between the Korean peninsula and Japan, the Joint Chiefs of Staff said in a "
    "statement. Japan's defence ministry said the missiles landed outside its exclusive "
    "economic zone and there were no reports of damage to ships or aircraft. "
    "South Korea's national security council held an emergency meeting and condemned the "
    "launches as a clear violation of United Nations Security Council resolutions, which ban "
    "the North from any use of ballistic missile technology. "
    "The United States said it was consulting closely with its allies and that its "
    "commitment to the defence of South Korea and Japan remained ironclad. "
    "The launches came days after Pyongyang warned it would take strong countermeasures "
    "against what it called rehearsals for an invasion, and a week after its leader "
    "inspected a new weapons factory, state media reported. "
    "Analysts said the North was testing weapons that could carry tactical nuclear warheads "
    "and was likely to keep up the pace of launches through the spring."
)
# The same event, written by another newsroom: no copy.
OTHER = (
    "Pyongyang launched a pair of missiles on Tuesday in its latest show of force, officials "
    "in Seoul and Tokyo said, as the allies prepared for their annual spring exercises. "
    "The weapons travelled roughly 400 kilometres before splashing down in waters east of "
    "the peninsula, according to South Korean defence officials, who did not say what type "
    "they were. Tokyo said nothing fell inside its waters. The North has called the drills "
    "a dress rehearsal for war and promised a response; experts expect more tests in the "
    "coming weeks as it pushes to field smaller nuclear weapons."
)


def _edited(text: str, headline: str = "", byline: str = "", last: str | None = None) -> str:
    paragraphs = text.split(". ")
    if last is not None:
        paragraphs[-1] = last
    return f"{headline}\n{byline}\n" + ". ".join(paragraphs)


def _jaccard(a: str, b: str) -> float:
    sa, sb = copies.shingles(a), copies.shingles(b)
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize(
    "copy",
    [
        _edited(WIRE, headline="N.Korea fires two missiles"),
        _edited(WIRE, byline="By Hyonhee Shin (Reuters)"),
        _edited(WIRE, last="More launches are expected, analysts said."),
        _edited(WIRE, "Missiles fired", "Staff and wires"),
    ],
    ids=["headline", "byline", "last paragraph", "headline and byline"],
)
def test_a_wire_story_with_small_edits_is_a_copy(copy: str) -> None:
    found = copies.find(["wire", "copy"], [WIRE, copy])
    assert found.copy_of == [None, "wire"]
    assert _jaccard(WIRE, copy) >= copies.THRESHOLD


def test_two_stories_on_the_same_event_are_not_copies() -> None:
    assert copies.find(["a", "b"], [WIRE, OTHER]).copy_of == [None, None]
    assert _jaccard(WIRE, OTHER) < 0.1


def test_the_pages_line_on_copies_left_out() -> None:
    assert copies.counted_once(0) == ""
    assert copies.counted_once(1).startswith("1 wire copy is left out: a story is counted once")
    assert copies.counted_once(2).startswith("2 wire copies are left out")


def test_a_short_text_is_never_a_copy() -> None:
    found = copies.find(["a", "b"], ["Missiles fired.", "Missiles fired."])
    assert found.copy_of == [None, None]
    assert found.signatures == [b"", b""]


def test_a_copy_of_a_copy_points_at_the_first_of_the_group() -> None:
    second = _edited(WIRE, headline="Two missiles")
    third = _edited(second, byline="Wire staff")
    found = copies.find(["first", "second", "third"], [WIRE, second, third])
    assert found.copy_of == [None, "first", "first"]


def test_signatures_survive_bytes_and_match_stored_articles() -> None:
    first = copies.find(["stored"], [WIRE])
    stored = [("stored", first.signatures[0], None)]
    assert copies.from_bytes(first.signatures[0]).jaccard(copies.signature(WIRE)) == 1.0
    later = copies.find(["new"], [_edited(WIRE, headline="Missiles")], stored)
    assert later.copy_of == ["stored"]


def _loaded(rows: list[tuple[str, str, str, str]]) -> Loaded:
    frame = pd.DataFrame(rows, columns=["article_id", "title", "published", "text"])
    frame["source"] = ["Wire", "Daily", "Herald"][: len(frame)]
    frame["published"] = pd.to_datetime(frame["published"])
    return Loaded(frame, [])


def test_ingest_marks_copies_of_stored_and_batch_articles(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    registry = load_registry()
    ingest(store, _loaded([("w1", "Missiles", "2024-03-05", WIRE)]), registry, workers=1)
    rows = [
        ("c1", "Copy", "2024-03-06", _edited(WIRE, headline="N. Korea missiles")),
        ("o1", "Other", "2024-03-06", OTHER),
    ]
    ingest(store, _loaded(rows), registry, workers=1)
    ingest(store, _loaded([("c2", "Copy 2", "2024-03-07", _edited(OTHER, "Again"))]), registry)
    articles = store.read("articles").set_index("article_id")["copy_of"].fillna("")
    assert articles.to_dict() == {"w1": "", "c1": "w1", "o1": "", "c2": "o1"}
    assert [aid for aid, _, _ in copies.stored(store)] == ["w1", "c1", "o1", "c2"]
    store.close()


def test_views_count_a_story_once_unless_every_copy_is_asked_for(tmp_path: Path) -> None:
    from analysis import query
    from analysis.view import View, parse, to_params

    store = Store(str(tmp_path / "s.db"))
    rows = [
        ("w1", "Missiles", "2024-03-05", WIRE),
        ("c1", "Copy", "2024-03-06", _edited(WIRE, headline="N. Korea missiles")),
        ("o1", "Other", "2024-03-06", OTHER),
    ]
    ingest(store, _loaded(rows), load_registry(), workers=1)
    c = query.load_corpus(store, store.revision())
    once, every = View(actors=("north-korea",)), View(actors=("north-korea",), copies=True)
    assert sorted(query.view_articles(c, once)["article_id"]) == ["o1", "w1"]
    assert sorted(query.view_articles(c, every)["article_id"]) == ["c1", "o1", "w1"]
    counted = {v.copies: query.actor_counts(c, v).set_index("actor_id") for v in (once, every)}
    assert counted[True].loc["north-korea", "articles"] == 3
    assert counted[False].loc["north-korea", "articles"] == 2
    trends = {v.copies: query.trends(c, v, min_count=1)["articles"].sum() for v in (once, every)}
    # the sidebar's counts of the whole corpus count a story once too, as the pages do
    mentions = {v.copies: counted[v.copies].loc["north-korea", "mentions"] for v in (once, every)}
    assert query.corpus_mentions(c)["north-korea"] == mentions[False]
    assert query.corpus_mentions(c, copies=True)["north-korea"] == mentions[True]
    assert mentions[False] < mentions[True]
    assert trends == {False: 2, True: 3}
    assert to_params(every)["copies"] == "yes"
    assert "copies" not in to_params(once)
    assert parse({"copies": "yes"}, ["north-korea"], []).view.copies
    assert parse({"copies": "maybe"}, [], []).notices == [
        "Ignored copies='maybe': expected one of yes, no"
    ]
    store.close()


def test_export_trends_counts_a_story_once_unless_copies(tmp_path: Path, capsys) -> None:
    import io

    from analysis.cli import EXIT_OK, main

    db = tmp_path / "s.db"
    store = Store(str(db))
    rows = [
        ("w1", "Missiles", "2024-03-05", WIRE),
        ("c1", "Copy", "2024-03-06", _edited(WIRE, headline="N. Korea missiles")),
    ]
    ingest(store, _loaded(rows), load_registry(), workers=1)
    store.close()
    counted = {}
    for flag in ([], ["--copies"]):
        argv = ["--db", str(db), "export", "trends", "--actors", "north-korea", *flag]
        assert main([*argv, "--freq", "M"]) == EXIT_OK
        out = pd.read_csv(io.StringIO(capsys.readouterr().out))
        counted[bool(flag)] = int(out["articles"].sum())
    assert counted == {False: 1, True: 2}
