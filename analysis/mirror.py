"""The facts mirror: the store's mention facts as a Parquet dataset partitioned by month.

Opt-in: with ACTORSCOPE_FACTS set to a folder, each batch an ingest stores is also written
there (analysis.facts.FACT_COLUMNS, published as a date, in month=YYYY-MM folders, one new
file per batch and month), for DuckDB to aggregate where the data is (analysis.query.parquet)
instead of pandas over every fact in memory. Unset, nothing is written and nothing reads it.

The dataset's MANIFEST records the store revision it holds. It is appended to only when the
batch was the store's one write since the revision it holds; any other write (a registry
edit, a re-match, a hidden actor, an upload from another process) leaves it behind, and a
mirror behind its store is never read: the reader falls back to the pandas path until
`python -m analysis facts-mirror` (rebuild) brings it level. Every file, the manifest too, is
written under a temporary name and renamed: a crash leaves no half file, only a stale mirror.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import sys
import uuid
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import facts, schema
from analysis.comentions import pair_days, unit_rows
from analysis.interval import ARTICLE_SUMS
from analysis.pipeline import Batch
from analysis.registry import curate
from analysis.store import Store
from analysis.terminal import printable
from analysis.trends import SCORED, daily

FACTS_ENV = "ACTORSCOPE_FACTS"  # the setting: the dataset's folder (unset: no mirror)
MANIFEST = "_mirror.json"  # not *.parquet: the dataset's glob never reads it
# 2: with the sentence pairs (PAIRS_DIR); 3: with the daily scored counts (trends.SCORED).
# A mirror of an older format is stale, and rebuilt.
FORMAT = 3
PARTITION = "month"
UNDATED = "undated"  # the month folder of facts without a published date
SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("sent_idx", pa.int32()),
        ("actor_id", pa.string()),
        ("hits", pa.int32()),
        ("compound", pa.float64()),
        ("published", pa.date32()),
        ("source", pa.string()),
    ]
)


# The facts summed per actor, day and source (analysis.trends.daily) of each batch: every
# column adds up over disjoint sets of articles, so a view's daily sums are these rows summed
# again, a few per day, instead of a group-by over its facts (benchmarks/facts_parquet.py).
DAILY_DIR = "_daily"  # not month=*: the facts' glob never reads it
ROW_GROUP = 8_192  # rows of daily sums per row group
DAILY = pa.schema(
    [
        ("actor_id", pa.string()),
        ("published", pa.date32()),
        ("source", pa.string()),
        *((c, pa.int64()) for c in ("mentions", "sentences", "articles")),
        *((c, pa.float64()) for c in ("tone_sum", *ARTICLE_SUMS)),
        *((c, pa.int64()) for c in SCORED),
    ]
)


# The pairs of actors named in one sentence, summed per pair, day and source of each batch
# (analysis.comentions.pair_days of the sentence unit rows): they add up over batches too, and
# a view's co-mentions sum a few of them instead of pairing its facts again.
PAIRS_DIR = "_pairs"
PAIRS = pa.schema(
    [
        ("actor_a", pa.string()),
        ("actor_b", pa.string()),
        ("published", pa.date32()),
        ("source", pa.string()),
        ("count", pa.int64()),
        ("tone_sum", pa.float64()),
        ("tone_n", pa.int64()),
    ]
)
_KEYS = {
    DAILY_DIR: ["actor_id", "published", "source"],
    PAIRS_DIR: ["actor_a", "actor_b", "published", "source"],
}
_SCHEMAS = {DAILY_DIR: DAILY, PAIRS_DIR: PAIRS}


def mirror_path(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The mirror's folder from ACTORSCOPE_FACTS; None when unset or blank (no mirror)."""
    value = environ.get(FACTS_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def mirrored_revision(path: Path) -> int | None:
    """The store revision the dataset holds; None with no (readable) manifest."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None
    revision = manifest.get("revision")
    return revision if isinstance(revision, int) else None


def is_current(path: Path | None, revision: int) -> bool:
    """Whether the dataset at `path` holds exactly the facts of the store at `revision`."""
    return path is not None and revision >= 0 and mirrored_revision(path) == revision


def glob(path: Path) -> str:
    """The dataset's files of facts, for DuckDB's read_parquet (hive partitioned)."""
    return str(path / f"{PARTITION}=*" / "*.parquet")


def daily_glob(path: Path) -> str:
    """The files of daily sums (DAILY), as glob's."""
    return str(path / DAILY_DIR / f"{PARTITION}=*" / "*.parquet")


def pairs_glob(path: Path) -> str:
    """The files of sentence pairs (PAIRS), as glob's."""
    return str(path / PAIRS_DIR / f"{PARTITION}=*" / "*.parquet")


def batch_facts(batch: Batch, gone: frozenset[str] = frozenset()) -> pd.DataFrame:
    """One stored batch's facts as load_corpus makes them (published cut to the day, as the
    store keeps it; mentions of hidden actors left out)."""
    articles = schema.conform(batch.articles, schema.ARTICLES)
    articles["published"] = articles["published"].dt.floor("D")
    mentions = batch.mentions
    if gone:
        mentions = mentions[~mentions["actor_id"].isin(gone)]
    return facts.mention_facts(mentions, batch.sentences, articles)


def after_write(
    store: Store, path: Path, before: int, batch: Batch, added_articles: int, present: int
) -> bool:
    """Append a batch just stored (the store was at `before` before it): True when the mirror
    is level with the store after it, False when it is left stale (it was behind, another
    write came between, some of the batch's articles were stored by someone else, or its
    files could not be written: the store's write stands either way)."""
    with _locked(path):
        after = store.revision()
        if mirrored_revision(path) != before or present or after != before + bool(added_articles):
            return False
        try:
            if added_articles:
                write_parts(path, batch_facts(batch, curate.hidden(store)), after)
            _write_manifest(path, after)
        except OSError:  # a full disk, say: the batch is stored, the mirror left behind
            return False
        return True


def compact(store: Store, path: Path) -> int:
    """Fold each month's files into one (the daily sums summed again, in actor order): a
    view reads a file per month instead of one per batch. Only a level mirror is compacted;
    while it is, its manifest says stale, so no reader sees a month twice or half. Returns
    how many folders were folded (facts' and daily sums')."""
    with _locked(path):
        revision = store.revision()
        if mirrored_revision(path) != revision:
            return 0
        roots = (path, path / DAILY_DIR, path / PAIRS_DIR)
        folders = [f for root in roots for f in root.glob(f"{PARTITION}=*")]
        folders = [f for f in folders if len(list(f.glob("*.parquet"))) > 1]
        if not folders:
            return 0
        _write_manifest(path, None)
        for folder in folders:
            files = sorted(folder.glob("*.parquet"))
            table = pa.concat_tables(pq.read_table(f, partitioning=None) for f in files)
            summed = folder.parent.name in _KEYS
            if summed:
                table = _resum(table, folder.parent.name)
            name = f"part-{revision:012d}-{uuid.uuid4().hex[:12]}.parquet"
            group = ROW_GROUP if summed else None
            _atomic(folder / name, lambda tmp, t=table, g=group: pq.write_table(t, tmp, g))
            for f in files:
                f.unlink()
        if store.revision() == revision:  # else a write came meanwhile: left stale
            _write_manifest(path, revision)
        return len(folders)


def _resum(table: pa.Table, kind: str) -> pa.Table:
    """Daily sums (DAILY) or sentence pairs (PAIRS) of several batches summed per actor (or
    pair), day and source. By Arrow, not pandas: an undated month's all-null dates would come
    back from pandas as floats."""
    keys, schema_ = _KEYS[kind], _SCHEMAS[kind]
    sums = [name for name in schema_.names if name not in keys]
    out = table.group_by(keys, use_threads=False).aggregate([(c, "sum") for c in sums])
    out = out.rename_columns([n.removesuffix("_sum") for n in out.column_names])
    out = out.sort_by([(k, "ascending", "at_start") for k in keys])
    return out.select(schema_.names).cast(schema_)


@contextlib.contextmanager
def _locked(path: Path):
    """The mirror's writers one at a time (appends, compaction, a rebuild's swap): an flock
    on a file beside the dataset (a local disk's; a shared one's locks may not hold)."""
    lock = path.with_name(f".{path.name}.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_parts(path: Path, frame: pd.DataFrame, revision: int) -> list[Path]:
    """The facts as one new file per month they fall in, their daily sums (DAILY) beside
    them in DAILY_DIR and their sentence pairs (PAIRS) in PAIRS_DIR, each file renamed into
    place whole."""
    written = _partitioned(path, _table(frame, SCHEMA), frame["published"], revision)
    # By actor, in small row groups: a view's few actors are read from the row groups whose
    # min/max name them, not every row (daily's rows come in actor order, the pairs in pair
    # order).
    days = daily(frame)
    pairs = pair_days(unit_rows(frame, "sentence"))
    for folder, rows, schema_ in ((DAILY_DIR, days, DAILY), (PAIRS_DIR, pairs, PAIRS)):
        written += _partitioned(
            path / folder, _table(rows, schema_), rows["published"], revision, ROW_GROUP
        )
    return written


def _partitioned(
    root: Path, table: pa.Table, published: pd.Series, revision: int, row_group: int | None = None
) -> list[Path]:
    months = pd.to_datetime(published).to_numpy().astype("datetime64[M]")
    months = np.where(
        np.isnat(months), UNDATED, np.datetime_as_string(months, unit="M").astype(object)
    )
    written = []
    for month in sorted(set(months.tolist())):
        folder = root / f"{PARTITION}={month}"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"part-{revision:012d}-{uuid.uuid4().hex[:12]}.parquet"
        rows = np.flatnonzero(months == month)
        part = table.take(rows)
        _atomic(folder / name, lambda tmp, part=part: pq.write_table(part, tmp, row_group))
        written.append(folder / name)
    return written


def rebuild(store: Store, path: Path, attempts: int = 3) -> int:
    """Write the whole mirror again from the store and swap it in; returns the revision it
    holds. A write landing during the read means another try (StoreError-free: RuntimeError
    after `attempts`)."""
    for _ in range(attempts):
        revision = store.revision()
        frame = _store_facts(store)
        if store.revision() == revision:
            break
    else:
        raise RuntimeError("the store kept changing while the mirror was read; try again")
    path = Path(path)
    building = path.with_name(f".{path.name}.building-{uuid.uuid4().hex[:8]}")
    building.mkdir(parents=True)
    if len(frame):
        write_parts(building, frame, revision)
    _write_manifest(building, revision)
    # Two renames, not one: between them there is no manifest, and the reader falls back.
    old = path.with_name(f".{path.name}.old-{uuid.uuid4().hex[:8]}")
    with _locked(path):
        if store.revision() != revision:  # written to meanwhile: this copy is stale already
            shutil.rmtree(building, ignore_errors=True)
            raise RuntimeError("the store changed while the mirror was written; try again")
        if path.exists():
            path.rename(old)
        building.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return revision


def bring_level(store: Store, path: Path) -> bool:
    """rebuild, for an ingest: False (the mirror left stale, the reader falling back) when
    the store kept changing, rather than failing an ingest whose articles are stored."""
    try:
        rebuild(store, path)
    except RuntimeError:
        return False
    return True


def _store_facts(store: Store) -> pd.DataFrame:
    """Every fact of the store, as analysis.query.load_corpus reads them."""
    read = store.read_many(
        {
            "articles": ["article_id", "published", "source"],
            "sentences": ["article_id", "sent_idx", "compound"],
            "mentions": ["article_id", "sent_idx", "actor_id"],
        }
    )
    mentions, gone = read["mentions"], curate.hidden(store)
    if gone:
        mentions = mentions[~mentions["actor_id"].isin(gone)]
    return facts.mention_facts(mentions, read["sentences"], read["articles"])


def _table(frame: pd.DataFrame, schema_: pa.Schema) -> pa.Table:
    def column(f: pa.Field):
        values = frame[f.name]
        if f.name == "published":
            return pd.to_datetime(values).to_numpy().astype("datetime64[D]")
        return values.astype("string") if pa.types.is_string(f.type) else values.to_numpy()

    arrays = [pa.array(column(f), type=f.type, from_pandas=True) for f in schema_]
    return pa.Table.from_arrays(arrays, schema=schema_)


def _write_manifest(path: Path, revision: int | None) -> None:
    text = json.dumps({"format": FORMAT, "revision": revision})
    path.mkdir(parents=True, exist_ok=True)
    _atomic(path / MANIFEST, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def _atomic(target: Path, write) -> None:
    """write(temporary name) then rename onto target; a failure leaves no file behind."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(str(tmp))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def add_command(commands: argparse._SubParsersAction) -> None:
    """`python -m analysis facts-mirror [--to DIR]`: rebuild the mirror from the store."""
    p = commands.add_parser(
        "facts-mirror", help=f"write the store's facts again as the Parquet mirror (${FACTS_ENV})"
    )
    p.add_argument("--to", metavar="DIR", help=f"the dataset folder (default: ${FACTS_ENV})")
    p.set_defaults(run=_facts_mirror)


def _facts_mirror(args, store: Store, registry: pd.DataFrame) -> int:
    path = Path(args.to).expanduser().resolve() if args.to else mirror_path()
    if path is None:
        print(f"error: no folder for the mirror: give --to DIR or set {FACTS_ENV}", file=sys.stderr)
        return 2  # analysis.cli.EXIT_USAGE
    try:
        revision = rebuild(store, path)
    except (OSError, RuntimeError) as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 3  # analysis.cli.EXIT_FAILED
    print(f"facts of revision {revision} mirrored to {printable(str(path))}")
    return 0
