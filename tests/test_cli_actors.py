"""`python -m analysis actors ...`: list, add, alias, import, export, candidates."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from missing_names import MULTIDATE, ROOT, SEEDS, write_shoigu

from analysis import schema
from analysis.cli import EXIT_OK, EXIT_USAGE, main
from analysis.ingest import REGISTRY_SOURCE
from analysis.store import Store


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test gets its own store, the default registry and the default roles."""
    db = tmp_path / "s.db"
    monkeypatch.setenv("ACTORSCOPE_DB", str(db))
    monkeypatch.delenv("ACTORSCOPE_REGISTRY", raising=False)
    monkeypatch.delenv("ACTORSCOPE_ROLES", raising=False)
    return db


@pytest.fixture
def corpus(capsys: pytest.CaptureFixture, tmp_path: Path, isolated: Path) -> Path:
    """The store with seeds/, multidate.csv and the Shoigu article."""
    shoigu = write_shoigu(tmp_path / "shoigu")
    assert run(capsys, "ingest", str(SEEDS), str(MULTIDATE), str(shoigu))[0] == EXIT_OK
    return isolated


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def frame(out: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)


def mentions_of(db: Path, actor_id: str) -> pd.DataFrame:
    store = Store(str(db))
    try:
        mentions = store.read("mentions")
    finally:
        store.close()
    return mentions[mentions["actor_id"] == actor_id]


@pytest.mark.parametrize(
    "argv", [["actors"], ["actors", "list"], ["actors", "--format", "csv", "list"]]
)
def test_cli_actors_list(capsys, registry: pd.DataFrame, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (EXIT_OK, "")
    listed = frame(out)
    assert list(listed.columns) == list(schema.LAYERED_ACTORS)
    assert listed["actor_id"].tolist() == registry["actor_id"].tolist()


@pytest.mark.parametrize("argv", [["actors", "--format", "jsonl"], ["actors", "list", "--format",
                                                                     "jsonl"]])  # fmt: skip
def test_cli_actors_list_jsonl(capsys, registry: pd.DataFrame, argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == EXIT_OK
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["actor_id"] for r in rows] == registry["actor_id"].tolist()
    assert {(r["kind"] in schema.ACTOR_KINDS, r["origin"]) for r in rows} == {
        (True, schema.ORIGIN_REGISTRY)
    }


def test_cli_actors_candidates(capsys, corpus: Path) -> None:
    code, out, err = run(capsys, "actors", "candidates", "--limit", "5")
    assert (code, err) == (EXIT_OK, "")
    found = frame(out)
    assert list(found.columns) == ["name", "count", "articles", "sentence"]
    assert len(found) == 5
    assert found.iloc[0].to_dict() == {
        "name": "Sergei Shoigu",
        "count": "4",
        "articles": "1",
        "sentence": "Sergei Shoigu, the Russian defence minister, arrived in Pyongyang for a "
        "military parade.",
    }
    code, out, _ = run(capsys, "actors", "candidates")
    assert "Vostochny" in frame(out)["name"].tolist()


def test_cli_actors_add_matches_again(capsys, corpus: Path) -> None:
    store = Store(str(corpus))
    sentences, revision = store.read("sentences"), store.revision()
    store.close()
    code, out, err = run(
        capsys, "actors", "add", "Sergei Shoigu", "--kind", "person", "--alias", "Shoigu",
        "--affiliation", "russia",
    )  # fmt: skip
    assert (code, err) == (EXIT_OK, "")
    assert out == "added sergei-shoigu (Sergei Shoigu): 4 mentions in 1 article\n"
    assert len(mentions_of(corpus, "sergei-shoigu")) == 4
    store = Store(str(corpus))
    assert store.get_meta(REGISTRY_SOURCE) == "store"
    assert store.revision() == revision + 1
    pd.testing.assert_frame_equal(store.read("sentences"), sentences)  # never re-scored
    store.close()
    # The store's registry is the one in use now: listed, and no longer a candidate.
    listed = frame(run(capsys, "actors")[1]).set_index("actor_id")
    assert listed.loc["sergei-shoigu", "aliases"] == "Shoigu"
    assert "Sergei Shoigu" not in frame(run(capsys, "actors", "candidates")[1])["name"].tolist()


def test_cli_actors_alias(capsys, corpus: Path) -> None:
    before = len(mentions_of(corpus, "russia"))
    code, out, _ = run(capsys, "actors", "alias", "russia", "Vostochny")
    assert code == EXIT_OK
    assert out.startswith("russia has the alias 'Vostochny': ")
    vostochny = mentions_of(corpus, "russia")
    assert len(vostochny) == before + 1
    assert "Vostochny" in set(vostochny["surface"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["alias", "russia", "Putin"], "error: 'Putin' is already a name of vladimir-putin"),
        (["alias", "atlantis", "Atlantis"], "error: no actor 'atlantis' in the registry"),
        (["add", "Putin", "--kind", "person"], "error: row 134 (putin): 'Putin' is already"),
        (["add", "X", "--kind", "person", "--affiliation", "atlantis"],
         "affiliation 'atlantis' is not an actor_id"),
    ],
)  # fmt: skip
def test_cli_actors_bad_edits_exit_2(capsys, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "actors", *argv)
    assert code == EXIT_USAGE
    assert message in err
    assert out == ""


def test_cli_actors_export_import_round_trip(capsys, corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    assert run(capsys, "actors", "export", "-o", str(path))[0] == EXIT_OK
    assert path.read_bytes() == (ROOT / "data" / "actors.csv").read_bytes()
    code, out, _ = run(capsys, "actors", "export")
    assert out.encode() == path.read_bytes()

    edited = pd.read_csv(path, dtype=str, keep_default_na=False)
    shoigu = {"actor_id": "sergei-shoigu", "name": "Sergei Shoigu", "kind": "person",
              "affiliation": "russia"}  # fmt: skip
    edited = pd.concat([edited[edited["actor_id"] != "hot-air"], pd.DataFrame([shoigu])])
    edited.to_csv(path, index=False)
    code, out, err = run(capsys, "actors", "import", str(path))
    assert (code, err) == (EXIT_OK, "")
    assert out == f"imported {len(edited)} actors from {path} (there were {len(edited)})\n"
    assert len(mentions_of(corpus, "sergei-shoigu")) == 4
    assert mentions_of(corpus, "hot-air").empty


def test_cli_actors_import_bad_file_changes_nothing(capsys, corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("actor_id,name,kind\nrussia,Russia,country\nrussia,Russland,country\n")
    code, _, err = run(capsys, "actors", "import", str(path))
    assert code == EXIT_USAGE
    assert f"error: {path}: row 3 (russia): actor_id 'russia' appears twice" in err
    assert run(capsys, "actors", "import", str(tmp_path / "none.csv"))[0] == EXIT_USAGE
    store = Store(str(corpus))
    assert store.get_meta(REGISTRY_SOURCE) is None
    store.close()


def test_cli_actors_roles_on_ingest(capsys, corpus: Path) -> None:
    """The Shoigu article (2023) says "The U.S. president": Joe Biden, as a role."""
    biden = mentions_of(corpus, "joe-biden")
    assert ("U.S. president", "role") in set(zip(biden["surface"], biden["how"], strict=True))


def test_cli_actors_as_a_command(tmp_path: Path) -> None:
    """`python -m analysis actors` in a subprocess: the entry point and the exit code."""
    env = {"ACTORSCOPE_DB": str(tmp_path / "s.db"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "actors", "add", "Vostochny", "--kind", "group"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "added vostochny (Vostochny): 0 mentions in 0 articles\n"
