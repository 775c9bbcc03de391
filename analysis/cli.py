"""`python -m analysis`: ingest articles and export every table from the command line."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis import cli_curate, cluster, mirror, schema, spikes
from analysis.comentions import WINDOWS
from analysis.export import write_table
from analysis.export_view import ViewError, cli_view, view_table
from analysis.ingest import (
    active_registry,
    ingest,
    rematch_all,
    seed_if_empty,
    sync_registry,
)
from analysis.load import load_paths
from analysis.parallel import WorkerFailed
from analysis.pipeline import analyse_batches
from analysis.registry import edit as registry_edit
from analysis.registry.discover import DEFAULT_LIMIT, store_candidates
from analysis.registry.roles import load_roles, roles_path
from analysis.registry.table import RegistryError
from analysis.store import Store, StoreError, copy_store
from analysis.terminal import printable, progress_bar
from analysis.tone import cli as tone_cli
from analysis.trends import FREQS, MIN_COUNT, TONES

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143  # 128 + SIGTERM
NOTHING_HALF_WRITTEN = "nothing is left half-written; the same command again does the rest"
TABLES = ("articles", "sentences", "mentions", "comentions", "trends", "outlets", "spikes",
          "quotes", "actors")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    previous = _on_sigterm(_stop)
    try:
        return _run(args)
    finally:
        _on_sigterm(previous)


def _run(args: argparse.Namespace) -> int:
    """The command, with each way it can end as one line and an exit code (README's table)."""
    try:
        if not getattr(args, "store", True):  # tone-toward reads stdin, not the store
            return args.run(args)
        store = Store(args.db)
        registry = active_registry(store)
        args.roles = load_roles(roles_path())
        return args.run(args, store, registry)
    except (StoreError, RegistryError, cluster.ClusterError) as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: each batch is its own transaction, none is half-written
        print(f"interrupted: {NOTHING_HALF_WRITTEN}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:  # SIGTERM: as Ctrl-C
        _on_sigterm(signal.SIG_IGN)  # the line goes out whatever comes next
        print(f"terminated: {NOTHING_HALF_WRITTEN}", file=sys.stderr)
        return EXIT_TERMINATED
    except WorkerFailed as exc:
        _on_sigterm(signal.SIG_IGN)
        if _stop.received:  # SIGTERM to the whole group: the workers went first
            print(f"terminated: {NOTHING_HALF_WRITTEN}", file=sys.stderr)
            return EXIT_TERMINATED
        print(f"error: {exc}; nothing of the unfinished batch was stored; the same command "
              "again resumes", file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    except Exception as exc:  # a bug: one line, not a traceback (unless asked for)
        if os.environ.get("ACTORSCOPE_TRACEBACK"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        print(f"error: internal failure ({type(exc).__name__}{': ' if first else ''}"
              f"{printable(first)}); nothing is left half-written (ACTORSCOPE_TRACEBACK=1 "
              "shows where it failed)", file=sys.stderr)  # fmt: skip
        return EXIT_FAILED


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread as Ctrl-C raises KeyboardInterrupt."""


class _StopOnSigterm:
    """The SIGTERM handler: raises _Terminated once (a second SIGTERM is not a second stop)."""

    received = False

    def __call__(self, signum, frame) -> None:
        if not self.received:
            self.received = True
            raise _Terminated


_stop = _StopOnSigterm()


def _on_sigterm(handler):
    """Set the SIGTERM handler (from the main thread only, where Python runs handlers);
    returns the one before."""
    if threading.current_thread() is not threading.main_thread():
        return None
    if handler is _stop:
        _stop.received = False
    return signal.signal(signal.SIGTERM, handler if handler is not None else signal.SIG_DFL)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis", description=__doc__)
    parser.add_argument("--db", help="store path or SQLAlchemy URL (default: $ACTORSCOPE_DB "
                        "or data/actorscope.db)")  # fmt: skip
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    p = commands.add_parser("ingest", help="load, score, match and store files or folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--published", type=_iso_date, help="date for articles that carry none (YYYY-MM-DD)"
    )
    p.add_argument("--source", help="source for articles that carry none")
    p.add_argument(
        "--workers", type=int, help="processes for loading and analysis (default: every core)"
    )
    p.add_argument(
        "--scheduler", type=_scheduler, metavar="ADDRESS",
        help=f"split, score and match on a Dask cluster: {cluster.SPEC_HELP}; the store is "
        f"written from here (needs {cluster.INSTALL})",
    )  # fmt: skip
    p.set_defaults(run=_ingest)

    p = commands.add_parser("export", help="write a table to stdout")
    p.add_argument("table", choices=TABLES)
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    p.add_argument("--freq", choices=tuple(FREQS), default="W", help="trends, spikes: period")
    p.add_argument("--window", choices=WINDOWS, default="sentence", help="comentions: window")
    p.add_argument("--min-count", type=int, default=MIN_COUNT, help="trends: fewest sentences "
                   "behind a shown mean")  # fmt: skip
    p.add_argument("--tone", choices=TONES, default=TONES[0], help="outlets: the sentence's "
                   "VADER compound, or the tone toward the actor")  # fmt: skip
    p.add_argument("--threshold", type=_threshold, default=spikes.THRESHOLD, help="spikes: "
                   "fewest -log10 p of a spike (analysis/spikes.py)")  # fmt: skip
    p.add_argument("--actors", metavar="ID,ID", help="only these actors (and their articles)")
    p.add_argument("--start", type=_iso_date, help="first day, inclusive (YYYY-MM-DD)")
    p.add_argument("--end", type=_iso_date, help="last day, inclusive (YYYY-MM-DD)")
    p.add_argument("--sources", metavar="S,S", help="only the articles of these sources")
    p.add_argument("--words", action="store_true", help="mentions: the words behind each tone "
                   "toward, as toward_words (about 4 ms a mention)")  # fmt: skip
    p.add_argument("--copies", action="store_true", help="comentions, trends, outlets, spikes: "
                   "count every wire copy (default: a story once)")  # fmt: skip
    p.set_defaults(run=_export)

    p = commands.add_parser(
        "actors", help="the actor registry: list (the default), add, alias, import, export, "
        "candidates, found, confirm, merge, hide, unhide; edits go to the store's registry and "
        "re-run matching"
    )  # fmt: skip
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    p.set_defaults(run=_actors)
    actions = p.add_subparsers(metavar="ACTION")
    q = actions.add_parser(
        "list", help="write every actor in force to stdout, with kind and origin (the default)"
    )
    q.add_argument("--format", choices=("csv", "jsonl"), default=argparse.SUPPRESS)
    q.set_defaults(run=_actors)
    q = actions.add_parser("add", help="add an actor")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--kind", required=True, choices=schema.ACTOR_KINDS)
    q.add_argument("--alias", action="append", default=[], metavar="A", help="repeatable")
    q.add_argument("--affiliation", default="", metavar="ID", help="an actor_id (a country)")
    q.add_argument("--id", dest="actor_id", metavar="SLUG", help="default: from the name")
    q.set_defaults(run=_actors_add)
    q = actions.add_parser("alias", help="add an alias to an actor")
    q.add_argument("actor_id", metavar="ACTOR_ID")
    q.add_argument("alias", metavar="ALIAS")
    q.set_defaults(run=_actors_alias)
    q = actions.add_parser("import", help="replace the registry with a CSV file")
    q.add_argument("file", metavar="FILE.csv")
    q.set_defaults(run=_actors_import)
    q = actions.add_parser("export", help="write the registry as CSV (the format `import` reads)")
    q.add_argument("-o", "--output", metavar="FILE", help="default: stdout")
    q.set_defaults(run=_actors_export)
    q = actions.add_parser("candidates", help="names in the articles that match no actor")
    q.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N")
    q.add_argument("--format", choices=("csv", "jsonl"), default=argparse.SUPPRESS)
    q.set_defaults(run=_actors_candidates)
    cli_curate.add_actions(actions, ("csv", "jsonl"))

    p = commands.add_parser(
        "rematch", help="match every stored article again with the registry in use (repairs a "
        "store whose mentions an older ActorScope left out of step with its registry)"
    )  # fmt: skip
    p.set_defaults(run=_rematch)

    p = commands.add_parser("stats", help="print counts")
    p.set_defaults(run=_stats)

    p = commands.add_parser("seed", help="load seeds/ into an empty store (what `make run` does)")
    p.set_defaults(run=_seed)

    p = commands.add_parser("copy", help="copy the store to another (SQLite to PostgreSQL or back)")
    p.add_argument("--to", required=True, metavar="URL", help="target store path or URL")
    p.add_argument("--from", dest="db", metavar="URL", default=argparse.SUPPRESS,
                   help="source store (default: as --db)")  # fmt: skip
    p.add_argument("--replace", action="store_true", help="overwrite a target that holds data")
    p.set_defaults(run=_copy)

    mirror.add_command(commands)
    tone_cli.add_command(commands)
    return parser


def _ingest(args, store: Store, registry: pd.DataFrame) -> int:
    defaults = {k: v for k, v in (("published", args.published), ("source", args.source)) if v}
    with progress_bar("loading", "files") as bar:
        loaded = load_paths(args.paths, defaults=defaults, progress=bar, workers=args.workers)
    with contextlib.ExitStack() as stack:
        # The cluster first: a scheduler out of reach is said before any analysis starts.
        on = stack.enter_context(cluster.connect(args.scheduler)) if args.scheduler else None
        bar = stack.enter_context(progress_bar("analysing", "articles"))
        summary = ingest(
            store,
            loaded,
            registry,
            workers=args.workers,
            progress=bar,
            roles=args.roles,
            analyse=on or analyse_batches,
        )
    for notice in loaded.notices:  # loaded as said, not rejected
        print(f"note {printable(notice.name)}: {printable(notice.note)}", file=sys.stderr)
    for rejected in summary.rejected:
        print(f"rejected {printable(rejected.name)}: {printable(rejected.reason)}", file=sys.stderr)
    again = f"; matched again {summary.rematched} (the registry was edited meanwhile)"
    print(
        f"added {summary.added} articles ({summary.sentences} sentences, "
        f"{summary.mentions} mentions); already present {summary.present}; "
        f"rejected {len(summary.rejected)}{again if summary.rematched else ''}"
    )
    return EXIT_REJECTED if summary.rejected else EXIT_OK


def _export(args, store: Store, registry: pd.DataFrame) -> int:
    sync_registry(store, registry, roles=args.roles)
    try:
        view = cli_view(store, registry, args.actors, args.start, args.end, args.sources)
        view = view.evolve(copies=args.copies)
        table = view_table(store, registry, args.table, view, args.freq, args.window,
                           args.min_count, args.tone, args.threshold, args.words)  # fmt: skip
    except ViewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    write_table(table, args.format)
    return EXIT_OK


def _actors(args, store: Store, registry: pd.DataFrame) -> int:
    """Every actor in force, with its kind and its origin (registry, gazetteer, found)."""
    sync_registry(store, registry, roles=args.roles)
    write_table(cli_curate.in_force(store, registry), args.format)
    return EXIT_OK


def _actors_add(args, store: Store, registry: pd.DataFrame) -> int:
    edited = registry_edit.add_actor(
        registry, args.name, args.kind, args.alias, args.affiliation, args.actor_id
    )
    actor_id = edited["actor_id"].iloc[-1]
    cli_curate.save(args, store, edited)
    name = printable(edited["name"].iloc[-1])
    print(f"added {printable(actor_id)} ({name}): {cli_curate.counted(store, actor_id)}")
    return EXIT_OK


def _actors_alias(args, store: Store, registry: pd.DataFrame) -> int:
    edited = registry_edit.add_alias(registry, args.actor_id, args.alias)
    cli_curate.save(args, store, edited)
    alias, found = printable(repr(args.alias)), cli_curate.counted(store, args.actor_id)
    print(f"{printable(args.actor_id)} has the alias {alias}: {found}")
    return EXIT_OK


def _actors_import(args, store: Store, registry: pd.DataFrame) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise RegistryError(f"{args.file}: cannot read it: {exc.strerror}") from exc
    try:
        edited = registry_edit.from_csv(data)
    except RegistryError as exc:
        raise RegistryError(f"{args.file}: {exc}") from exc
    cli_curate.save(args, store, edited)
    print(f"imported {len(edited)} actors from {printable(args.file)} (there were {len(registry)})")
    return EXIT_OK


def _actors_export(args, store: Store, registry: pd.DataFrame) -> int:
    data = registry_edit.to_csv(registry)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def _actors_candidates(args, store: Store, registry: pd.DataFrame) -> int:
    sync_registry(store, registry, roles=args.roles)
    found = store_candidates(store, registry, limit=args.limit)
    write_table(found[["name", "count", "articles", "sentence"]], args.format)
    return EXIT_OK


def _rematch(args, store: Store, registry: pd.DataFrame) -> int:
    with progress_bar("matching", "articles") as bar:
        rematch_all(store, registry, roles=args.roles, progress=bar)
    counts = store.counts()
    print(f"matched {counts['articles']} articles again: {counts['mentions']} mentions")
    return EXIT_OK


def _stats(args, store: Store, registry: pd.DataFrame) -> int:
    sync_registry(store, registry, roles=args.roles)
    counts = store.counts()
    articles = store.read("articles", ["published", "source"])
    span = articles["published"].dropna()
    print(f"store      {printable(store.safe_url)}")
    for table in ("articles", "sentences", "mentions"):
        print(f"{table:<10} {counts[table]}")
    print(f"actors     {len(registry)} in the registry")
    print(f"sources    {articles['source'].nunique()}")
    if not span.empty:
        print(f"dates      {span.min():%Y-%m-%d} to {span.max():%Y-%m-%d}")
    return EXIT_OK


def _seed(args, store: Store, registry: pd.DataFrame) -> int:
    summary = seed_if_empty(store, registry, roles=args.roles)
    if summary is None:
        print("the store already holds articles; not seeding")
    else:
        print(f"seeded {summary.added} articles ({summary.mentions} mentions) from seeds/")
    return EXIT_OK


def _copy(args, store: Store, registry: pd.DataFrame) -> int:
    target = Store(args.to)
    try:
        with progress_bar("copying", "rows") as bar:
            copied = copy_store(store, target, replace=args.replace, progress=bar)
    finally:
        target.close()
        store.close()
    rows = ", ".join(f"{n} {table}" for table, n in copied.items())
    print(f"copied {printable(store.safe_url)} to {printable(target.safe_url)}: {rows}")
    return EXIT_OK


def _iso_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _threshold(value: str) -> float:
    try:
        return spikes.check_threshold(float(value))
    except ValueError:
        message = f"{value!r} is not a threshold (a number, 0 to 300)"
        raise argparse.ArgumentTypeError(message) from None


def _scheduler(value: str) -> str:
    try:
        return cluster.check_spec(value)
    except cluster.ClusterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Parser(argparse.ArgumentParser):
    """argparse, with what the user typed escaped in its error messages (subparsers too)."""

    def error(self, message: str):
        super().error(printable(message))
