"""Registry edits (analysis/registry/edit.py) and the store's own registry (analysis/ingest.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from missing_names import SHOIGU_TEXT

from analysis import schema
from analysis.ingest import (
    REGISTRY_SOURCE,
    active_registry,
    ingest,
    registry_digest,
    save_registry,
    seed_if_empty,
)
from analysis.load import load_paths, load_text
from analysis.registry import edit
from analysis.registry.table import RegistryError, load_registry
from analysis.store import Store


def row(registry: pd.DataFrame, actor_id: str) -> dict:
    return registry.set_index("actor_id").loc[actor_id].to_dict()


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Sergei Shoigu", "sergei-shoigu"), ("Élysée Palace", "elysee-palace"),
     ("Moon Jae-in", "moon-jae-in"), ("  O'Neill ", "o-neill"), ("???", "")],
)  # fmt: skip
def test_registry_edit_slugify(name: str, slug: str) -> None:
    assert edit.slugify(name) == slug


def test_registry_edit_add_actor(registry: pd.DataFrame) -> None:
    out = edit.add_actor(registry, " Sergei  Shoigu ", "person", ["Shoigu", ""], "russia")
    assert len(out) == len(registry) + 1
    assert row(out, "sergei-shoigu") == {
        "name": "Sergei Shoigu", "kind": "person", "aliases": "Shoigu", "short_names": "",
        "demonyms": "", "affiliation": "russia", "ci_aliases": "",
    }  # fmt: skip
    # A name taken as an id gets a number; a bad kind or affiliation is refused.
    assert edit.add_actor(registry, "Russia Today", "media")["actor_id"].iloc[-1] == (
        "russia-today"
    )
    assert edit.new_actor_id(registry, "Russia") == "russia-2"
    with pytest.raises(RegistryError, match="kind 'leader'"):
        edit.add_actor(registry, "X", "leader")
    with pytest.raises(RegistryError, match="affiliation 'atlantis'"):
        edit.add_actor(registry, "X", "person", affiliation="atlantis")
    with pytest.raises(RegistryError, match="'Putin' is already a name of vladimir-putin"):
        edit.add_actor(registry, "Putin", "person")


def test_registry_edit_add_alias(registry: pd.DataFrame) -> None:
    out = edit.add_alias(registry, "russia", "Russian Federation of old")
    assert row(out, "russia")["aliases"].endswith("|Russian Federation of old")
    assert edit.add_alias(out, "russia", "Moscow").equals(out)  # already there
    with pytest.raises(RegistryError, match="'Putin' is already a name of vladimir-putin"):
        edit.add_alias(registry, "russia", "Putin")
    with pytest.raises(RegistryError, match="no actor 'atlantis'"):
        edit.add_alias(registry, "atlantis", "Atlantis")
    with pytest.raises(RegistryError, match="empty"):
        edit.add_alias(registry, "russia", "  ")


def test_registry_edit_merge(registry: pd.DataFrame) -> None:
    base = edit.add_actor(registry, "Sergei Shoigu", "person", ["Shoigu"], "russia")
    base = edit.add_actor(base, "Shoigu Ministry", "organization", ["MoD Russia"], "")
    base = edit.add_actor(base, "Ministry Spokesman", "person", [], "shoigu-ministry")
    out = edit.merge_actors(base, "sergei-shoigu", "shoigu-ministry")
    assert "shoigu-ministry" not in set(out["actor_id"])
    assert row(out, "sergei-shoigu")["aliases"] == "Shoigu|Shoigu Ministry|MoD Russia"
    assert row(out, "ministry-spokesman")["affiliation"] == "sergei-shoigu"
    assert len(out) == len(base) - 1
    with pytest.raises(RegistryError, match="two different actors"):
        edit.merge_actors(base, "russia", "russia")


def test_registry_edit_merge_keeps_affiliation_sane(registry: pd.DataFrame) -> None:
    # Folding a country into one of its people: the person is not affiliated to itself.
    out = edit.merge_actors(registry, "vladimir-putin", "russia")
    putin = row(out, "vladimir-putin")
    assert putin["affiliation"] == ""
    assert "Russia" in putin["aliases"].split("|")
    assert putin["demonyms"] == "Russian"
    assert row(out, "sergei-lavrov")["affiliation"] == "vladimir-putin"


def test_registry_edit_delete(registry: pd.DataFrame) -> None:
    out = edit.delete_actor(registry, "russia")
    assert "russia" not in set(out["actor_id"])
    assert row(out, "vladimir-putin")["affiliation"] == ""


def test_registry_edit_fill_ids(registry: pd.DataFrame) -> None:
    new = pd.DataFrame([{"name": "Vostochny", "kind": "organization"},
                        {"name": "Vostochny", "kind": "group"}])  # fmt: skip
    out = edit.fill_ids(pd.concat([registry, new], ignore_index=True))
    assert out["actor_id"].tolist()[-2:] == ["vostochny", "vostochny-2"]


def test_registry_edit_csv_round_trip(registry: pd.DataFrame) -> None:
    tricky = edit.add_actor(registry, "=cmd|' /C calc'!A0", "group", ["@SUM(1)", "+1"])
    data = edit.to_csv(tricky)
    text = data.decode("utf-8")
    assert text.splitlines()[0] == ",".join(schema.ACTORS)
    assert ",'=cmd|' /C calc'!A0,group,'@SUM(1)|+1," in text  # neutralised for spreadsheets
    back = edit.from_csv(data)
    pd.testing.assert_frame_equal(back, tricky)


def test_registry_edit_from_csv_names_the_row() -> None:
    data = b"actor_id,name,kind\nrussia,Russia,country\nbad id,X,person\n"
    with pytest.raises(RegistryError, match=r"row 3 \(bad id\)"):
        edit.from_csv(data)
    with pytest.raises(RegistryError, match="no column kind"):
        edit.from_csv(b"actor_id,name\nx,X\n")


# --- the store's registry ----------------------------------------------------------------------


def test_registry_edit_save_makes_the_store_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: pd.DataFrame
) -> None:
    monkeypatch.delenv("ACTORSCOPE_REGISTRY", raising=False)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    ingest(store, load_text(SHOIGU_TEXT, published="2023-07-26"), registry, workers=1)
    assert store.get_meta(REGISTRY_SOURCE) is None
    assert active_registry(store).equals(load_registry())
    revision = store.revision()

    edited = edit.add_actor(registry, "Sergei Shoigu", "person", affiliation="russia")
    steps = []
    assert save_registry(store, edited, progress=lambda d, t: steps.append((d, t)))
    assert steps == [(1, 1)]
    assert store.get_meta(REGISTRY_SOURCE) == "store"
    assert store.revision() == revision + 1
    mentions = store.read("mentions")
    assert (mentions["actor_id"] == "sergei-shoigu").sum() == 4
    # From now on the store's registry is the one in use, whatever the file says.
    other = tmp_path / "other.csv"
    other.write_text("actor_id,name,kind\nnato,NATO,organization\n", encoding="utf-8")
    monkeypatch.setenv("ACTORSCOPE_REGISTRY", str(other))
    in_use = active_registry(store)
    assert "sergei-shoigu" in set(in_use["actor_id"])
    assert registry_digest(in_use) == registry_digest(edited)
    assert seed_if_empty(store, in_use) is None
    assert store.revision() == revision + 1  # nothing to match again
    # An invalid registry is refused and nothing changes.
    with pytest.raises(RegistryError):
        save_registry(store, edited.assign(kind="leader"))
    assert store.revision() == revision + 1
    store.close()


def test_registry_edit_old_store_gains_the_ci_aliases_column(tmp_path: Path) -> None:
    """A store made before ci_aliases existed gets the column, empty, when opened."""
    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    old_columns = [c for c in schema.ACTORS if c != "ci_aliases"]
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE actors ({', '.join(f'{c} TEXT' for c in old_columns)})")
        conn.exec_driver_sql("INSERT INTO actors VALUES ('nato','NATO','organization','','','','')")
    engine.dispose()
    store = Store(str(path))
    actors = store.read("actors")
    assert list(actors.columns) == list(schema.ACTORS)
    assert actors["ci_aliases"].isna().all()
    ingest(store, load_paths([]), load_registry())  # the registry can be written again
    store.close()
