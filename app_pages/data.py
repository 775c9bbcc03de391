"""The one Streamlit-aware data layer: cached reads of the store and the current view.

A session may also hold a private workspace (hosted mode: a visitor's own uploads), an in-memory
store kept in st.session_state. Its articles join the shared corpus in that session's view only:
whatever is derived from them is cached in st.session_state, never in st.cache_data or
st.cache_resource, which every visitor shares.
"""

from __future__ import annotations

import hashlib
import secrets
import weakref
from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from analysis import query, view
from analysis.evidence import WORDS_COLUMNS
from analysis.ingest import (
    Analyse,
    Summary,
    active_registry,
    ingest,
    registry_digest,
    save_registry,
    seed_if_empty,
    sync_registry,
)
from analysis.load import Loaded
from analysis.pipeline import analyse_batches
from analysis.query import Corpus
from analysis.registry import curate
from analysis.registry.discover import store_candidates
from analysis.registry.matcher import Matcher
from analysis.registry.roles import load_roles, roles_path
from analysis.store import Store, articles_table, mentions_table
from analysis.tone.explain import drivers

VIEW_KEY = "view"
WORKSPACE_KEY = "_workspace"  # session_state: this session's private Store, once it has one
_MERGED_KEY = "_workspace_corpus"  # session_state: ((shared rev, private rev), merged Corpus)
_MEMO_KEY = "_workspace_memo"  # session_state: this session's derived frames
_TOKEN_KEY = "_workspace_token"
_MEMO_ENTRIES = 16
_WORDS_KEY = "_toward_words"  # session_state: the words behind each shown mention's tone
_WORDS_ENTRIES = 500  # mentions remembered: a few pages' worth, paging back costs nothing


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One store (a connection pool) per server process, seeded on first use when empty."""
    s = Store()
    seed_if_empty(s, active_registry(s), roles=roles())
    return s


# A resource, not data: the frames are shared read-only by every session instead of being
# copied on every rerun (a million mention rows would cost more to copy than to filter).
@st.cache_resource(max_entries=2, show_spinner="Loading the corpus…")
def _corpus(url: str, revision: int) -> Corpus:
    return query.load_corpus(store(), revision)


def corpus() -> Corpus:
    """The corpus at the store's current revision: a new ingest shows without a restart.

    With private articles in this session, the shared corpus and this session's own, merged
    once per (shared revision, private revision) and kept in this session alone.
    """
    shared = _shared_corpus()
    ws = workspace()
    if ws is None:
        return shared
    sync_registry(ws, registry(), matcher())  # an edited registry reaches private articles too
    key = (shared.revision, ws.revision())
    held = st.session_state.get(_MERGED_KEY)
    if held is not None and held[0] == key:
        return held[1]
    merged = query.merge(shared, ws, _private_revision(key), curate.hidden(store()))
    st.session_state[_MERGED_KEY] = (key, merged)
    return merged


def _shared_corpus() -> Corpus:
    s = store()
    return _corpus(s.url, s.revision())


def _private_revision(key: tuple[int, int]) -> int:
    """A merged corpus's revision: negative (never a store's), and this session's alone, so a
    cache keyed on it can never hand one visitor's articles to another."""
    token = st.session_state.setdefault(_TOKEN_KEY, secrets.token_hex(16))
    digest = hashlib.sha256(f"{token}:{key[0]}:{key[1]}".encode()).digest()
    return -1 - int.from_bytes(digest[:7], "big")


def workspace(create: bool = False) -> Store | None:
    """This session's private in-memory store (None until it is created); gone with the session."""
    ws = st.session_state.get(WORKSPACE_KEY)
    if ws is None and create:
        ws = Store("sqlite://")
        weakref.finalize(ws, ws.engine.dispose)
        st.session_state[WORKSPACE_KEY] = ws
    return ws


def private_count() -> int:
    """How many articles this session holds privately."""
    ws = workspace()
    return ws.count("articles") if ws is not None else 0


def private_bytes() -> int:
    """The UTF-8 bytes of the text of this session's private articles."""
    ws = workspace()
    if ws is None:
        return 0
    size = sa.func.length(sa.cast(articles_table.c.text, sa.LargeBinary))  # bytes, not chars
    return int(ws.rows(sa.select(sa.func.coalesce(sa.func.sum(size), 0)))[0][0])


def registry() -> pd.DataFrame:
    """The registry in use (data/actors.csv until it is edited, then the store's own), read
    once per store revision (treat as read-only)."""
    s = store()
    return _registry(s.url, s.revision())


@st.cache_resource(max_entries=2, show_spinner=False)
def _registry(url: str, revision: int) -> pd.DataFrame:
    return active_registry(store())


@st.cache_resource(show_spinner=False)
def roles() -> pd.DataFrame:
    """The dated roles (data/roles.csv or $ACTORSCOPE_ROLES), read once per server process."""
    return load_roles(roles_path())


def matcher() -> Matcher:
    """The matcher of the registry in use, built once per registry (read-only, thread-safe)."""
    reg, held = registry(), roles()
    return _matcher(registry_digest(reg, held), reg, held)


@st.cache_resource(max_entries=4, show_spinner=False)
def _matcher(digest: str, _registry_frame: pd.DataFrame, _roles_frame: pd.DataFrame) -> Matcher:
    return Matcher(_registry_frame, _roles_frame)


def save_registry_edits(edited: pd.DataFrame, progress=None) -> bool:
    """Make an edited registry the store's own and match again over the stored articles (no
    re-scoring); every page shows it at the next run, the store's revision having moved on.
    RegistryError, naming the row at fault, when it is not valid."""
    return save_registry(store(), edited, roles=roles(), progress=progress)


def missing(limit: int) -> pd.DataFrame:
    """Names in the shared articles that match no actor (registry.discover), per revision."""
    s = store()
    return _missing(s.url, s.revision(), limit)


@st.cache_data(max_entries=4, show_spinner="Looking for names that match no actor…")
def _missing(url: str, revision: int, limit: int) -> pd.DataFrame:
    return store_candidates(store(), registry(), limit=limit)


def add_articles(
    loaded: Loaded, private: bool, progress=None, analyse: Analyse = analyse_batches
) -> Summary:
    """Analyse and store loaded articles: in the shared store, or in this session's workspace.

    Private articles already in the shared store are counted as present, not copied.
    `analyse` is ingest()'s (analysis.batch.sandboxed: in a child process).
    """
    more = {"progress": progress, "roles": roles(), "analyse": analyse}
    if not private:
        return ingest(store(), loaded, registry(), **more)
    arts = loaded.articles
    shared = store().has_articles(arts["article_id"])
    fresh = Loaded(arts[~arts["article_id"].isin(shared)], loaded.rejected)
    summary = ingest(workspace(create=True), fresh, registry(), **more)
    summary.present += len(arts) - len(fresh.articles)
    return summary


def _has_private() -> bool:
    return workspace() is not None and corpus().revision < 0


def _session_cached(key: tuple, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """A frame derived from private articles, kept in this session only (a few, newest last)."""
    memo: dict = st.session_state.setdefault(_MEMO_KEY, {})
    if key not in memo:
        memo[key] = compute()
        while len(memo) > _MEMO_ENTRIES:
            memo.pop(next(iter(memo)))
    return memo[key]


def current_view() -> view.View:
    """The view the sidebar set for this run (see streamlit_app.py)."""
    return st.session_state.get(VIEW_KEY, view.View())


def _view(entry: Callable, revision: int, v: view.View, *args) -> pd.DataFrame:
    """entry(corpus, v, *args), an analysis.query entry: cached for every visitor, or, with
    private articles, for this one."""
    if _has_private():
        key = (entry.__name__, revision, v, *args)
        return _session_cached(key, lambda: entry(corpus(), v, *args))
    return _shared_view(entry.__name__, revision, v, args, entry)


# A resource, like the corpus: a hit hands out the frame itself instead of a copy. The
# entry's name keys it (a leading underscore keeps the function itself out of the hash).
@st.cache_resource(max_entries=256, show_spinner=False)
def _shared_view(name: str, revision: int, v: view.View, args: tuple, _entry: Callable):
    return _entry(_shared_corpus(), v, *args)


def view_trends(revision: int, v: view.View, min_count: int, weight: str = "sentence"):
    return _view(query.trends, revision, v, min_count, weight)


def view_toward_trends(revision: int, v: view.View, min_count: int, weight: str = "sentence"):
    return _view(query.toward_trends, revision, v, min_count, weight)


def view_spikes(revision: int, v: view.View) -> pd.DataFrame:
    """query.spikes of the view at its threshold, with what drove them."""
    return _view(query.spikes, revision, v, v.threshold)


def view_pairs(revision: int, v: view.View, window: str) -> pd.DataFrame:
    return _view(query.pairs, revision, v, window)


def view_toward_pairs(revision: int, v: view.View, window: str) -> pd.DataFrame:
    return _view(query.toward_pairs, revision, v, window)


def view_outlets(revision: int, v: view.View) -> pd.DataFrame:
    """query.outlets of the view, in its weight and tone."""
    return _view(query.outlets, revision, v, v.weight, v.tone)


def view_toward_totals(revision: int, v: view.View) -> pd.DataFrame:
    return _view(query.toward_totals, revision, v)


def sentence_text(
    keys: pd.DataFrame, stores: tuple[Store, Store | None] | None = None
) -> pd.DataFrame:
    """Text of the sentences named by keys (article_id, sent_idx): one page, fetched on demand.

    stores is (shared store, this session's workspace or None), by default this run's: give
    them when calling from outside a script run (a download built on its own thread).
    """
    shared, ws = stores if stores is not None else (store(), workspace())
    found = shared.sentence_texts(keys)
    if ws is not None and len(found) < len(keys):
        own = ws.sentence_texts(keys)
        found = pd.concat([found, own], ignore_index=True) if len(own) else found
    return found


def article(article_id: str) -> dict | None:
    """One whole article with its metadata, or None."""
    query = sa.select(articles_table).where(articles_table.c.article_id == article_id)
    rows = store().query(query)
    if not len(rows) and workspace() is not None:
        rows = workspace().query(query)
    return rows.iloc[0].to_dict() if len(rows) else None


def article_mentions(article_id: str) -> pd.DataFrame:
    """The mentions of one article (offsets into its text), for highlighting."""
    query = sa.select(mentions_table).where(mentions_table.c.article_id == article_id)
    rows = store().query(query)
    if not len(rows) and workspace() is not None:
        rows = workspace().query(query)
    return rows


def page_mentions(article_ids, stores: tuple[Store, Store | None] | None = None) -> pd.DataFrame:
    """The mentions of a page's articles with the tone toward each and their spans
    (evidence.WORDS_COLUMNS), from the shared store and this session's workspace (stores:
    as sentence_text takes them)."""
    shared, ws = stores if stores is not None else (store(), workspace())
    ids = sorted({str(a) for a in article_ids})
    m = mentions_table
    query = sa.select(*(m.c[col] for col in WORDS_COLUMNS)).where(m.c.article_id.in_(ids))
    rows = [shared.query(query)]
    if ws is not None:
        rows.append(ws.query(query))
    return pd.concat(rows, ignore_index=True) if len(rows) > 1 else rows[0]


def toward_drivers(mentions: list[tuple[str, int, int]]) -> list:
    """tone.explain.drivers of (sentence, start, end) mentions, remembered in this session
    (a row click reruns the page; a sentence may be private, so never shared)."""
    memo: dict = st.session_state.setdefault(_WORDS_KEY, {})
    missing = list(dict.fromkeys(m for m in mentions if m not in memo))
    if missing:
        memo.update(zip(missing, drivers(missing), strict=True))
        for old in list(memo)[: max(len(memo) - _WORDS_ENTRIES, 0)]:
            if old not in mentions:
                memo.pop(old)
    return [memo[m] for m in mentions]


def open_evidence(focus, window: str = "sentence", period=None, sources=None) -> None:
    """Show the sentences behind a clicked chart element on the Evidence page; `sources`
    narrows the sidebar's sources to them (a clicked outlet).

    The new view goes in the URL too: a page switch may drop widget state, and the sidebar
    then rebuilds the view from the URL.
    """
    v = current_view().evolve(focus=tuple(str(a) for a in focus), window=window, period=period)
    if sources is not None:
        v = v.evolve(sources=tuple(str(s) for s in sources))
        # The sources widget is drawn already: without its state, the sidebar of the next
        # run seeds every filter from the URL, which carries the narrowed view.
        st.session_state.pop("f_sources", None)  # app_pages.sidebar.WIDGET_KEYS
    st.session_state["focus"] = list(v.focus)
    st.session_state["window"] = window
    st.session_state["period"] = period
    st.switch_page("app_pages/evidence.py", query_params=view.to_params(v))


def stop_if_empty(c: Corpus) -> None:
    """A friendly start instead of empty charts when there are no articles yet."""
    if not c.articles.empty:
        return
    st.info(
        "No articles yet. Add news articles (text, HTML, CSV, JSON or a zip of them) on the "
        "**Upload** page, or from a terminal:",
        icon=":material/upload_file:",
    )
    st.code("python -m analysis ingest PATH", language="bash")
    st.page_link("app_pages/upload.py", label="Upload articles", icon=":material/upload_file:")
    st.stop()
