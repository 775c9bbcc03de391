"""Matching again after a registry edit (analysis/ingest.py sync_registry): only the articles
the edit can reach are matched again, and the mentions are those of a full re-match."""

from __future__ import annotations

import hashlib
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from registry_cells import minus, plus, with_row

from analysis import pipeline, schema
from analysis.ingest import ingest, registry_digest, save_registry, sync_registry
from analysis.load import load_paths, load_text
from analysis.pipeline import rematch
from analysis.registry import edit
from analysis.registry import sync as registry_sync
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles, roles_in
from analysis.registry.table import load_registry
from analysis.store import Store
from benchmarks.corpus import generate, write_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "multidate.csv"]
ROLES = load_roles()  # data/roles.csv
# Articles written for the edits below: roles, bare titles, short names, any-case names.
HAND = [
    ("The U.S. president spoke in Washington. Russia said nothing. The President later met "
     "Kim Jong Un in Moscow. Kim smiled, and Kim Yo Jong watched.", "2023-05-01"),
    ("the president of the United States warned north korea after pyongyang tested a missile. "
     "The Prime Minister of Japan said the Koreans must talk.", "2024-02-02"),
    ("Russian President Vladimir Putin met envoys of the Russian Federation in Moscow. Putin "
     "said the President would decide. The Kremlin leader smiled.", "2023-07-07"),
    ("Kim Yo Jong warned Seoul. Kim said Pyongyang was ready. Kim Jong Un later agreed, and "
     "Kim praised the Muscovites and moscow.", "2023-03-03"),
    ("NATO and nato allies met. UNITED NATIONS officials in MOSCOW said Ukraine and Kyiv "
     "would wait. Jake Sullivan said the president was briefed.", "2022-01-01"),
    ("The President spoke. Joe Biden and Biden's aides, with Sergei Shoigu, visited "
     "Pyongyang. Shoigu said Kim Jong Il was remembered.", None),
    ("Kremlin officials met on Monday. The President spoke later.", "2023-06-06"),
]  # fmt: skip


@pytest.fixture(scope="module")
def base() -> pd.DataFrame:
    """The real registry less a few names, for edits to add back: Moscow (an alias of Russia),
    Kim Yo Jong's short name "Kim", and Joe Biden (a holder of the U.S. presidency)."""
    registry = minus(load_registry(), "russia", "aliases", "Moscow")
    registry = with_row(registry, "kim-yo-jong", short_names="")
    return edit.delete_actor(registry, "joe-biden")


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, base: pd.DataFrame) -> Path:
    """A SQLite store of seeds/, tests/data/multidate.csv, 300 synthetic articles and the
    hand-written ones, matched with `base` and data/roles.csv. Tests work on copies."""
    folder = tmp_path_factory.mktemp("stored")
    files = write_corpus(generate(300), folder / "synthetic")
    store = Store(str(folder / "s.db"))
    for loaded in [load_paths([*CORPUS, *files]), *(load_text(t, published=d) for t, d in HAND)]:
        ingest(store, loaded, base, workers=1, roles=ROLES)
    store.close()
    return folder / "s.db"


@pytest.fixture
def store(stored: Path, tmp_path: Path) -> Store:
    """A copy of the stored corpus, for one test."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{stored}{suffix}").exists():
            shutil.copy(f"{stored}{suffix}", tmp_path / f"s.db{suffix}")
    opened = Store(str(tmp_path / "s.db"))
    yield opened
    opened.close()


def full_rematch(store: Store, registry: pd.DataFrame, roles) -> pd.DataFrame:
    """The mentions of every stored article matched from scratch with the registry."""
    sentences = store.read("sentences", ["article_id", "sent_idx", "start"])
    texts = store.read("articles", ["article_id", "text", "published"])
    return rematch(sentences, texts, Matcher(registry, roles))


def incremental(
    store: Store, registry: pd.DataFrame, roles=ROLES, workers: int = 1
) -> registry_sync._Rematched:
    """What sync_registry does, telling how many articles were matched again."""
    digest = registry_digest(registry, roles)
    matcher = Matcher(registry, roles)
    return registry_sync._rematch_store(store, registry, matcher, roles, digest, None, workers)


def by_article(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows grouped by article, each article's in their own order (a stable sort)."""
    frame = schema.conform(frame, schema.MENTIONS)
    return frame.sort_values("article_id", kind="stable").reset_index(drop=True)


def assert_same_mentions(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """The same rows, every column (in any order: a table's rows have none)."""
    order = list(schema.MENTIONS)
    pd.testing.assert_frame_equal(
        schema.conform(got, schema.MENTIONS).sort_values(order).reset_index(drop=True),
        schema.conform(expected, schema.MENTIONS).sort_values(order).reset_index(drop=True),
    )


def check_edit(
    store: Store, registry: pd.DataFrame, roles=ROLES, workers: int = 1
) -> registry_sync._Rematched:
    """Sync incrementally; the mentions, registry and digest must be those of a full run, and
    the rows written come article by article in the order of a full run."""
    expected = full_rematch(store, registry, roles)
    written = []
    swap = store.replace_mention_rows
    store.replace_mention_rows = lambda rows, *args, **kw: (
        written.append(pd.DataFrame(rows, columns=list(schema.MENTIONS))),
        swap(rows, *args, **kw),
    )
    try:
        result = incremental(store, registry, roles, workers)
    finally:
        del store.replace_mention_rows
    assert_same_mentions(store.read("mentions"), expected)
    (rows,) = written
    same_articles = expected[expected["article_id"].isin(set(rows["article_id"]))]
    pd.testing.assert_frame_equal(by_article(rows), by_article(same_articles))
    assert store.get_meta("registry_digest") == registry_digest(registry, roles)
    assert registry_digest(store.read("actors"), roles) == registry_digest(registry, roles)
    return result


def articles(store: Store) -> int:
    return store.counts()["articles"]


EDITS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "add alias": lambda r: edit.add_alias(r, "russia", "Moscow"),
    "remove alias": lambda r: minus(r, "russia", "aliases", "Kremlin"),
    "remove alias over a shorter name": lambda r: minus(
        r, "russia", "aliases", "Russian Federation"
    ),
    "remove demonym": lambda r: minus(r, "russia", "demonyms", "Russian"),
    "add ci alias": lambda r: plus(r, "russia", "ci_aliases", "moscow"),
    "add ci alias over a name": lambda r: plus(r, "ukraine", "ci_aliases", "ukraine"),
    "colliding short name": lambda r: with_row(r, "kim-yo-jong", short_names="Kim"),
    "new actor with a shared short name": lambda r: edit.add_actor(
        r, "Kim Jong Il", "person", affiliation="north-korea", short_names=["Kim"]
    ),
    "rename": lambda r: with_row(r, "vladimir-putin", name="Vladimir V. Putin"),
    "rename keeping the old name": lambda r: plus(
        with_row(r, "vladimir-putin", name="Vladimir Vladimirovich Putin"),
        "vladimir-putin",
        "aliases",
        "Vladimir Putin",
    ),
    "delete a role holder": lambda r: edit.delete_actor(r, "vladimir-putin"),
    "delete a country": lambda r: edit.delete_actor(r, "north-korea"),
    "person to country": lambda r: with_row(r, "kim-jong-un", kind="country", affiliation=""),
    "country to organization": lambda r: with_row(r, "russia", kind="organization"),
    "change affiliation": lambda r: with_row(r, "jake-sullivan", affiliation="russia"),
    "drop affiliation": lambda r: with_row(r, "vladimir-putin", affiliation=""),
    "add demonym": lambda r: plus(r, "south-korea", "demonyms", "Korean"),
    "add demonym in text": lambda r: plus(r, "russia", "demonyms", "Muscovite"),
    "new actor": lambda r: edit.add_actor(
        r, "Sergei Shoigu", "person", affiliation="russia", short_names=["Shoigu"]
    ),
    "new role holder": lambda r: edit.add_actor(
        r,
        "Joe Biden",
        "person",
        aliases=["Biden"],
        affiliation="united-states",
        actor_id="joe-biden",
    ),  # fmt: skip
    "merge people": lambda r: edit.merge_actors(r, "kim-jong-un", "kim-yo-jong"),
    "merge countries": lambda r: edit.merge_actors(r, "russia", "ukraine"),
    "several at once": lambda r: edit.delete_actor(
        with_row(edit.add_alias(r, "russia", "Moscow"), "china", name="People's China"),
        "nato",
    ),
    "rows reordered": lambda r: r.iloc[::-1].reset_index(drop=True),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_rematch_incremental_equals_full(store: Store, base: pd.DataFrame, name: str) -> None:
    result = check_edit(store, EDITS[name](base))
    assert not result.full
    if name != "rows reordered":  # matched again, or mentions deleted where only those change
        assert result.articles + result.dropped > 0
        assert result.articles < articles(store)


@pytest.mark.parametrize("name", ["add alias", "delete a role holder"])
def test_rematch_incremental_in_worker_processes_equals_full(
    store: Store,
    base: pd.DataFrame,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
    pools: list[int],
) -> None:
    # Small pages, the first matched here, then several in flight at once in two processes:
    # the rows must still come back in page order.
    monkeypatch.setattr(registry_sync, "REMATCH_PAGE", 40)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 10)
    result = check_edit(store, EDITS[name](base), workers=2)
    assert result.articles > 10
    assert len(pools) == 1  # past the first 10 articles, the pages went to worker processes


def test_rematch_incremental_reaches_only_articles_with_the_name(
    store: Store, base: pd.DataFrame
) -> None:
    texts = store.read("articles", ["text"])["text"]
    result = check_edit(store, edit.add_alias(base, "russia", "Moscow"))
    # Every article naming Moscow in any case, and no other.
    assert result.articles == texts.str.contains("moscow", case=False).sum()


def test_rematch_incremental_dropped_name_deletes_its_mentions(
    store: Store, base: pd.DataFrame
) -> None:
    """Taking out an alias deletes its mentions without matching again, except where more may
    change: in the last hand-written article, "Kremlin" alone names Russia before "The
    President", who is then no longer Russia's."""
    kremlin = store.read("mentions").query("surface == 'Kremlin'")
    result = check_edit(store, minus(base, "russia", "aliases", "Kremlin"))
    assert result.articles == 1
    assert 0 < result.dropped < len(kremlin)
    assert "Kremlin" not in set(store.read("mentions")["surface"])


@pytest.mark.parametrize(
    "change",
    [
        lambda r: edit.add_alias(r, "nato", "Zzyzx Treaty Organisation"),
        lambda r: plus(r, "nato", "ci_aliases", "zzyzx treaty"),
        # A name already there, written twice (as benchmarks/ingest_speed.py does): no change.
        lambda r: r.assign(
            aliases=r["aliases"].where(r["actor_id"] != "russia", r["aliases"] + "|Kremlin")
        ),
        lambda r: edit.add_actor(r, "Unheard Of", "group"),
    ],
    ids=["alias", "ci alias", "duplicate alias", "new actor"],
)
def test_rematch_incremental_edit_touching_no_text_matches_nothing(
    store: Store, base: pd.DataFrame, change
) -> None:
    before, revision = store.read("mentions"), store.revision()
    registry = change(base)
    result = check_edit(store, registry)
    assert result == registry_sync._Rematched(full=False, articles=0)
    assert_same_mentions(store.read("mentions"), before)
    assert store.revision() == revision + 1
    assert not sync_registry(store, registry, roles=ROLES)  # in step now


def test_rematch_incremental_chains_edits(store: Store, base: pd.DataFrame) -> None:
    """Random edits one after the other: each incremental sync builds on the last."""
    rng = random.Random(7)
    registry = base
    for _ in range(12):
        name = rng.choice(list(EDITS))
        try:
            registry = EDITS[name](registry)
        except (KeyError, IndexError, ValueError):  # the actor went in an earlier edit
            continue
        assert not check_edit(store, registry).full


def test_rematch_incremental_roles_changed_falls_back_to_full(
    store: Store, base: pd.DataFrame
) -> None:
    fewer = ROLES[ROLES["actor_id"] != "donald-trump"].reset_index(drop=True)
    result = check_edit(store, base, roles=fewer)
    assert result == registry_sync._Rematched(full=True, articles=articles(store))
    # Without roles at all, and an edit on top: full again, as the roles differ again.
    result = check_edit(store, edit.add_alias(base, "russia", "Moscow"), roles=None)
    assert result.full
    # From there on the store's state is known again: incremental.
    assert not check_edit(store, edit.delete_actor(base, "nato"), roles=None).full


def test_rematch_incremental_untrusted_store_falls_back_to_full(
    store: Store, base: pd.DataFrame
) -> None:
    store.set_meta("registry_digest", "not-a-digest")
    assert check_edit(store, base).full
    # No registry stored at all.
    mentions = store.read("mentions")
    store.replace_mentions(mentions, base.iloc[:0], "x")
    assert check_edit(store, edit.add_alias(base, "russia", "Moscow")).full


def test_registry_digest_is_that_of_stores_made_before(base: pd.DataFrame) -> None:
    """Stores keep the digest of their registry: the one stores were first made with (a sha256
    of pandas' CSV of the sorted rows) must not move, or each would match every article again."""

    def pandas_digest(registry: pd.DataFrame, roles: pd.DataFrame | None) -> str:
        text = schema.conform(registry, schema.ACTORS).sort_values("actor_id", kind="stable")
        csv = text.to_csv(index=False)
        kept = roles_in(roles, registry)
        if len(kept):
            order = ["role_id", "start", "actor_id"]
            csv += "roles\n" + kept.sort_values(order, kind="stable").to_csv(index=False)
        return hashlib.sha256(csv.encode()).hexdigest()[:16]

    odd = with_row(base, "nato", aliases='the "Alliance", Atlantic|North\nAtlantic')
    odd = odd.drop(columns=["demonyms"]).iloc[::-1]
    odd.loc[odd["actor_id"] == "russia", "ci_aliases"] = pd.NA
    for registry in (base, odd):
        for roles in (ROLES, None):
            assert registry_digest(registry, roles) == pandas_digest(registry, roles)
    assert registry_digest(odd, ROLES) != registry_digest(base, ROLES)


def test_rematch_incremental_sync_and_save_report_progress(
    store: Store, base: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_sync, "REMATCH_PAGE", 100)
    total = articles(store)
    steps: list[tuple[int, int]] = []
    registry = edit.add_alias(base, "russia", "Moscow")
    expected = full_rematch(store, registry, ROLES)
    assert sync_registry(store, registry, progress=lambda d, t: steps.append((d, t)), roles=ROLES)
    assert_same_mentions(store.read("mentions"), expected)
    assert steps[-1] == (total, total)
    assert len(steps) == -(-total // 100)  # a call a page
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    # Through save_registry and a matcher's own roles, as the app and ingest() call it.
    steps.clear()
    registry = edit.delete_actor(registry, "vladimir-putin")
    expected = full_rematch(store, registry, ROLES)
    assert save_registry(store, registry, roles=ROLES, progress=lambda d, t: steps.append(d))
    assert_same_mentions(store.read("mentions"), expected)
    assert steps[-1] == total
    # Edited in the store, its registry is in force: another copy given to a sync (one read
    # before the edit, in another process) is not written back.
    other = edit.add_alias(registry, "nato", "Atlantic Alliance")
    assert not sync_registry(store, other, Matcher(other, ROLES))
    assert_same_mentions(store.read("mentions"), expected)
    assert store.get_meta("registry_digest") == registry_digest(registry, ROLES)
