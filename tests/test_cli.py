"""`python -m analysis`: ingest, export, stats, seed, exit codes (analysis/cli.py, ingest.py)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import schema
from analysis.cli import EXIT_FAILED, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, main
from analysis.comentions import PAIR_COLUMNS
from analysis.outlets import EXPORT_COLUMNS as OUTLET_EXPORT
from analysis.spikes import EXPORT_COLUMNS as SPIKE_EXPORT
from analysis.store import Store
from analysis.timegrid import TABLE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
REGISTRY_CSV = ROOT / "data" / "actors.csv"

# The columns of each export, in order.
EXPORT_COLUMNS = {
    "articles": list(schema.ARTICLES),
    # The store keeps offsets; the export adds each sentence's text.
    "sentences": [
        "article_id",
        "sent_idx",
        "start",
        "end",
        "text",
        "compound",
        "pos",
        "neu",
        "neg",
    ],  # fmt: skip
    "mentions": list(schema.MENTIONS),
    "comentions": PAIR_COLUMNS,
    "trends": TABLE_COLUMNS,
    "outlets": OUTLET_EXPORT,
    "spikes": SPIKE_EXPORT,
    "actors": list(schema.ACTORS),
}
# The columns the issue documents for the aggregate exports.
DOCUMENTED = {
    "comentions": ["actor_a", "actor_b", "window", "count", "lift", "pmi", "npmi"],
    "trends": ["actor_id", "period", "mentions", "articles", "tone", "tone_low", "tone_high"],
    "outlets": ["source", "actor_id", "mentions", "share", "tone", "tone_low", "tone_high"],
    "spikes": ["actor_id", "period", "mentions", "baseline", "score", "article_ids"],
}


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every CLI test gets its own store and the default registry; never data/actorscope.db."""
    db = tmp_path / "s.db"
    monkeypatch.setenv("ACTORSCOPE_DB", str(db))
    monkeypatch.delenv("ACTORSCOPE_REGISTRY", raising=False)
    return db


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the seed article, ingested once through the CLI."""
    db = tmp_path_factory.mktemp("seeded") / "s.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("ACTORSCOPE_REGISTRY", raising=False)
        mp.setenv("ACTORSCOPE_DB", str(db))
        assert main(["ingest", str(SEEDS)]) == EXIT_OK
    return db


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys: pytest.CaptureFixture, db: Path, table: str, *options: str) -> pd.DataFrame:
    code, out, err = run(capsys, "--db", str(db), "export", table, *options)
    assert (code, err) == (EXIT_OK, "")
    return pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])


def stats(capsys: pytest.CaptureFixture, *db: str) -> dict[str, str]:
    code, out, _ = run(capsys, *(("--db", db[0]) if db else ()), "stats")
    assert code == EXIT_OK
    return dict(line.split(None, 1) for line in out.splitlines())


def without_notes(err: str) -> str:
    """stderr less its notes (the seed's one: a page's membership prompt, dropped)."""
    return "".join(line for line in err.splitlines(True) if not line.startswith("note "))


def test_cli_ingest_seeds(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "ingest", "seeds/")
    assert code == EXIT_OK
    # The seed is a page saved as text: its closing membership prompt is no article text.
    assert err == (
        "note seeds/000_48fb225f04140536.txt: 1 line of page furniture dropped: membership prompt\n"
    )
    assert re.fullmatch(
        r"added 1 articles \(\d+ sentences, \d+ mentions\); already present 0; rejected 0\n", out
    )
    assert isolated.exists()
    counts = stats(capsys)
    assert counts["articles"] == "1"
    assert int(counts["sentences"]) > 20
    assert int(counts["mentions"]) > 50
    assert counts["dates"] == "2023-09-07 to 2023-09-07"


def test_cli_ingest_twice_changes_no_count(capsys: pytest.CaptureFixture) -> None:
    assert run(capsys, "ingest", str(SEEDS))[0] == EXIT_OK
    before = stats(capsys)
    code, out, err = run(capsys, "ingest", str(SEEDS))
    assert (code, without_notes(err)) == (EXIT_OK, "")
    assert out == "added 0 articles (0 sentences, 0 mentions); already present 1; rejected 0\n"
    assert stats(capsys) == before


@pytest.mark.parametrize("table", list(EXPORT_COLUMNS))
def test_cli_export_columns(capsys: pytest.CaptureFixture, seeded: Path, table: str) -> None:
    frame = export(capsys, seeded, table)
    assert list(frame.columns) == EXPORT_COLUMNS[table]
    assert set(DOCUMENTED.get(table, [])) <= set(frame.columns)
    assert not frame.empty or table == "spikes"  # one seed article: no history to jump from


def test_cli_export_jsonl(capsys: pytest.CaptureFixture, seeded: Path) -> None:
    code, out, _ = run(capsys, "--db", str(seeded), "export", "sentences", "--format", "jsonl")
    assert code == EXIT_OK
    frame = pd.read_json(io.StringIO(out), lines=True)
    assert list(frame.columns) == EXPORT_COLUMNS["sentences"]
    assert frame["sent_idx"].tolist() == list(range(len(frame)))


# The done-when: who the seed article names, and through which surface.
SEED_EXPECTED = [
    ("kim-jong-un", "Kim Jong Un", None, None),
    ("kim-jong-un", "Kim Jong Un", "Kim", "short name"),
    ("vladimir-putin", "Vladimir Putin", None, None),
    ("jake-sullivan", "Jake Sullivan", None, None),
    ("jake-sullivan", "Jake Sullivan", "Sullivan", "short name"),
    ("joe-biden", "Joe Biden", None, None),
    ("north-korea", "North Korea", None, None),
    ("north-korea", "North Korea", "North Koreans", "demonym"),
    ("russia", "Russia", None, None),
    ("ukraine", "Ukraine", None, None),
    ("nato", "NATO", None, None),
    ("china", "China", None, None),
    ("united-states", "United States", "U.S.", "alias"),
    ("usa-today", "USA Today", "USA Today", "name"),
]


@pytest.mark.parametrize(("actor_id", "name", "surface", "how"), SEED_EXPECTED)
def test_cli_seed_mentions(
    capsys: pytest.CaptureFixture,
    seeded: Path,
    actor_id: str,
    name: str,
    surface: str | None,
    how: str | None,
) -> None:
    mentions = export(capsys, seeded, "mentions")
    mine = mentions[mentions["actor_id"] == actor_id]
    assert not mine.empty
    assert set(mine["name"]) == {name}
    if surface is not None:
        assert ((mine["surface"] == surface) & (mine["how"] == how)).any()


def test_cli_seed_usa_today_is_not_the_united_states(
    capsys: pytest.CaptureFixture, seeded: Path
) -> None:
    mentions = export(capsys, seeded, "mentions")
    assert set(mentions.loc[mentions["surface"] == "USA Today", "actor_id"]) == {"usa-today"}
    us = mentions[mentions["actor_id"] == "united-states"]
    assert "U.S." in set(us["surface"])
    assert not us["surface"].str.contains("USA").any()


def test_cli_export_comentions_windows(capsys: pytest.CaptureFixture, seeded: Path) -> None:
    by_sentence = export(capsys, seeded, "comentions")
    by_article = export(capsys, seeded, "comentions", "--window", "article")
    assert set(by_sentence["window"]) == {"sentence"}
    assert set(by_article["window"]) == {"article"}
    assert set(by_article["units"]) == {1}
    assert set(by_sentence["units"]) == {len(export(capsys, seeded, "sentences"))}
    assert (by_article["actor_a"] < by_article["actor_b"]).all()
    pair = ("north-korea", "russia")
    in_sentences = by_sentence.set_index(["actor_a", "actor_b"]).loc[pair, "count"]
    assert in_sentences > 1
    assert by_article.set_index(["actor_a", "actor_b"]).loc[pair, "count"] == 1


@pytest.mark.parametrize(
    ("freq", "period"), [("W", "2023-09-04"), ("M", "2023-09-01"), ("D", "2023-09-07")]
)
def test_cli_export_trends_periods(
    capsys: pytest.CaptureFixture, seeded: Path, freq: str, period: str
) -> None:
    frame = export(capsys, seeded, "trends", "--freq", freq, "--min-count", "3")
    assert set(frame["period"]) == {period}
    assert set(frame["share"]) == {1.0}
    russia = frame.set_index("actor_id").loc["russia"]
    assert russia["articles"] == 1
    assert bool(russia["shown"]) is True


@pytest.mark.parametrize(
    "table", ["articles", "sentences", "mentions", "comentions", "trends", "outlets", "spikes"]
)
def test_cli_export_empty_store_writes_header_only(
    capsys: pytest.CaptureFixture, isolated: Path, table: str
) -> None:
    code, out, err = run(capsys, "export", table)
    assert (code, err) == (EXIT_OK, "")
    assert out.splitlines() == [",".join(EXPORT_COLUMNS[table])]


def test_cli_actors_lists_registry(capsys: pytest.CaptureFixture, registry: pd.DataFrame) -> None:
    code, out, _ = run(capsys, "actors")
    assert code == EXIT_OK
    frame = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(schema.LAYERED_ACTORS)  # the registry's, and origin
    assert frame["actor_id"].tolist() == registry["actor_id"].tolist()
    assert set(frame["origin"]) == {schema.ORIGIN_REGISTRY}  # no gazetteer in these tests


def test_cli_rejected_file_beside_good_one_exits_1(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    code, out, err = run(capsys, "ingest", str(folder))
    assert code == EXIT_REJECTED
    assert "Traceback" not in err
    lines = without_notes(err).splitlines()
    assert len(lines) == 2
    assert all(re.fullmatch(r"rejected \S+: \S.*", line) for line in lines)
    assert any(re.fullmatch(r"rejected \S*empty\.txt: empty file", line) for line in lines)
    assert any("notes.pdf" in line for line in lines)
    assert out.startswith("added 1 articles")
    assert out.rstrip().endswith("rejected 2")
    assert stats(capsys)["articles"] == "1"


def test_cli_missing_path_is_rejected(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    code, _, err = run(capsys, "ingest", str(SEEDS), str(tmp_path / "nope.txt"))
    assert code == EXIT_REJECTED
    err = without_notes(err)
    assert err.count("\n") == 1
    assert re.fullmatch(r"rejected \S*nope\.txt: no such file\n", err)
    assert stats(capsys)["articles"] == "1"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["export"],
        ["export", "nothing"],
        ["ingest"],
        ["export", "trends", "--freq", "Y"],
        ["ingest", "--workers", "many", "seeds"],
        ["frobnicate"],
    ],
)
def test_cli_usage_error_exits_2(capsys: pytest.CaptureFixture, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "usage:" in err
    assert "Traceback" not in err


def test_cli_unusable_store_exits_2(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 100)
    code, out, err = run(capsys, "--db", str(bad), "stats")
    assert code == EXIT_USAGE
    assert out == ""
    assert err.startswith("error: cannot open the store")
    assert err.count("\n") == 1


def test_cli_bad_registry_exits_2(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "actors.csv"
    bad.write_text(REGISTRY_CSV.read_text(encoding="utf-8") + "russia,Russia 2,country,,,,\n")
    monkeypatch.setenv("ACTORSCOPE_REGISTRY", str(bad))
    code, _, err = run(capsys, "stats")
    assert code == EXIT_USAGE
    assert re.fullmatch(r"error: row \d+ \(russia\): actor_id 'russia' appears twice\n", err)


def test_cli_published_and_source_fill_missing(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "plain.txt").write_text(
        "Vladimir Putin spoke in Moscow today. He was angry.\n", encoding="utf-8"
    )
    code, _, err = run(
        capsys, "ingest", "--published", "2024-02-29", "--source", "My Desk", str(folder)
    )
    assert (code, without_notes(err)) == (EXIT_OK, "")
    articles = export(capsys, Path(os.environ["ACTORSCOPE_DB"]), "articles").set_index("origin")
    plain = articles.loc[[o for o in articles.index if o.endswith("plain.txt")][0]]
    assert (plain["published"], plain["source"]) == ("2024-02-29", "My Desk")
    # An article that carries its own date and source keeps them.
    seed = articles.loc[[o for o in articles.index if o.endswith(".txt") and "plain" not in o][0]]
    assert (seed["published"], seed["source"]) == ("2023-09-07", "Hot Air")


@pytest.mark.parametrize("value", ["notadate", "2023-02-30", "07/09/2023 or so"])
def test_cli_bad_published_is_a_usage_error(
    capsys: pytest.CaptureFixture, tmp_path: Path, value: str
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Vladimir Putin spoke in Moscow today.\n", encoding="utf-8")
    try:
        code = main(["ingest", "--published", value, str(plain)])
    except SystemExit as exc:  # argparse's way of refusing a value
        code = exc.code
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "published" in err
    assert "Traceback" not in err
    assert stats(capsys)["articles"] == "0"


def test_cli_seed_seeds_only_an_empty_store(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "seed")
    assert code == EXIT_OK
    assert re.fullmatch(r"seeded 1 articles \(\d+ mentions\) from seeds/\n", out)
    before = stats(capsys)
    code, out, _ = run(capsys, "seed")
    assert (code, out) == (EXIT_OK, "the store already holds articles; not seeding\n")
    assert stats(capsys) == before


def test_cli_seed_leaves_a_used_store_alone(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("NATO met in Vilnius. The summit ended.\n", encoding="utf-8")
    assert run(capsys, "ingest", str(other))[0] == EXIT_OK
    code, out, _ = run(capsys, "seed")
    assert (code, out) == (EXIT_OK, "the store already holds articles; not seeding\n")
    articles = export(capsys, Path(os.environ["ACTORSCOPE_DB"]), "articles")
    assert articles["origin"].tolist() == ["other.txt"]


def _edited_registry(tmp_path: Path) -> Path:
    """The real registry without Putin, and with a group the seed names."""
    lines = REGISTRY_CSV.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("vladimir-putin,")]
    assert len(kept) == len(lines) - 1
    path = tmp_path / "edited.csv"
    path.write_text("\n".join([*kept, "axis-of-evil,Axis of Evil,group,,,,"]) + "\n")
    return path


@pytest.mark.parametrize(
    "command",
    [["export", "mentions"], ["export", "trends", "--freq", "M"], ["stats"], ["seed"],
     ["ingest", str(SEEDS)]],
)  # fmt: skip
def test_cli_changed_registry_rematches_without_rescoring(
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    isolated: Path,
    command: list[str],
) -> None:
    assert run(capsys, "ingest", str(SEEDS))[0] == EXIT_OK
    store = Store(str(isolated))
    sentences, mentions = store.read("sentences"), store.read("mentions")
    digest, revision = store.get_meta("registry_digest"), store.revision()
    assert "vladimir-putin" in set(mentions["actor_id"])

    monkeypatch.setenv("ACTORSCOPE_REGISTRY", str(_edited_registry(tmp_path)))
    assert run(capsys, *command)[0] == EXIT_OK
    after = store.read("mentions")
    assert "vladimir-putin" not in set(after["actor_id"])
    assert set(after.loc[after["actor_id"] == "axis-of-evil", "surface"]) == {"Axis of Evil"}
    assert len(after) == (mentions["actor_id"] != "vladimir-putin").sum() + 1
    pd.testing.assert_frame_equal(store.read("sentences"), sentences)  # never re-scored
    assert store.get_meta("registry_digest") != digest
    assert "axis-of-evil" in set(store.read("actors")["actor_id"])
    assert store.revision() == revision + 1

    assert run(capsys, *command)[0] == EXIT_OK  # the same registry again: nothing to redo
    assert store.revision() == revision + 1
    store.close()


def test_cli_subprocess_exit_codes(tmp_path: Path) -> None:
    env = {**os.environ, "ACTORSCOPE_DB": str(tmp_path / "s.db")}
    env.pop("ACTORSCOPE_REGISTRY", None)
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")

    def python_m(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "analysis", *argv],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    ok = python_m("ingest", "seeds/")
    assert (ok.returncode, without_notes(ok.stderr)) == (0, "")
    assert ok.stdout.startswith("added 1 articles")
    rejected = python_m("ingest", str(folder))
    assert rejected.returncode == 1
    assert without_notes(rejected.stderr) == "rejected in/empty.txt: empty file\n"
    assert "already present 1; rejected 1" in rejected.stdout
    usage = python_m("export", "nothing")
    assert usage.returncode == 2
    assert "invalid choice" in usage.stderr
    assert "Traceback" not in ok.stderr + rejected.stderr + usage.stderr


def test_cli_internal_failure_is_one_line_and_exit_3(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise ValueError("boom\nsecond line")

    monkeypatch.setattr("analysis.cli.store_candidates", broken)
    monkeypatch.delenv("ACTORSCOPE_TRACEBACK", raising=False)
    code, out, err = run(capsys, "actors", "candidates")
    assert (code, out) == (EXIT_FAILED, "")
    assert err == (
        "error: internal failure (ValueError: boom); nothing is left half-written "
        "(ACTORSCOPE_TRACEBACK=1 shows where it failed)\n"
    )
    monkeypatch.setenv("ACTORSCOPE_TRACEBACK", "1")
    with pytest.raises(ValueError, match="boom"):
        main(["actors", "candidates"])
