"""Articles in, scored sentences and actor mentions out; large batches use every core."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass

import pandas as pd

from analysis import language, nogc, parallel, schema
from analysis.found import find_entities, found_on
from analysis.registry.matcher import Matcher
from analysis.sentiment import score
from analysis.text import normalise, split_sentences
from analysis.tone.grouped import predict_groups
from analysis.tone.model import shipped

# Below this many articles a process pool costs more than it saves.
PARALLEL_MIN_ARTICLES = 400
CHUNK_ARTICLES = 200
REMATCH_STEP = 250  # articles a page of rematch, with a progress call after each

Progress = Callable[[int, int], None]


def analyse(
    articles: pd.DataFrame,
    matcher: Matcher,
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split, score and match every article.

    Needs articles' article_id and text; returns (sentences, mentions) frames with the columns
    of schema.SENTENCES and schema.MENTIONS. `workers` defaults to every core.
    """
    batches = list(analyse_batches(articles, matcher, workers, progress=progress))
    sentences = [row for b in batches for row in b.sentence_rows]
    mentions = [row for b in batches for row in b.mention_rows]
    return _frame(sentences, schema.SENTENCES), _frame(mentions, schema.MENTIONS)


def processes(workers: int | None, articles: int) -> int:
    """The processes to analyse or match this many articles with: `workers` (default: every
    core), or this one alone for a few."""
    if articles < PARALLEL_MIN_ARTICLES:
        return 1
    return workers or os.cpu_count() or 1


@dataclass(frozen=True)
class Batch:
    """Some articles with their analysis, as plain rows: what the store writes, without a
    frame in between (building one and taking it apart again would cost a core's worth)."""

    articles: pd.DataFrame
    sentence_rows: list[tuple]  # schema.SENTENCES order
    mention_rows: list[tuple]  # schema.MENTIONS order

    @property
    def sentences(self) -> pd.DataFrame:
        return _frame(self.sentence_rows, schema.SENTENCES)

    @property
    def mentions(self) -> pd.DataFrame:
        return _frame(self.mention_rows, schema.MENTIONS)


def analyse_batches(
    articles: pd.DataFrame,
    matcher: Matcher,
    workers: int | None = None,
    batch_articles: int = 2_000,
    progress: Progress | None = None,
) -> Iterator[Batch]:
    """The articles a Batch at a time; worker processes analyse the next batches while the
    caller stores this one. The articles' `published` dates, where given,
    resolve dated roles ("the U.S. president")."""
    chunks = chunked(articles)
    workers = processes(workers, sum(len(c) for c in chunks))
    # Every chunk is handed out at once: the workers never wait while the caller stores.
    with closing(_in_order(_analyse_chunk, chunks, matcher, workers, ahead=len(chunks))) as results:
        yield from batched(articles, chunks, results, batch_articles, progress)


def chunked(articles: pd.DataFrame) -> list[list[tuple]]:
    """The articles as (article_id, text, published day) rows, CHUNK_ARTICLES a job: what
    analyse_chunk takes (here, in a worker process or on a cluster's worker)."""
    items = list(zip(articles["article_id"], articles["text"], _days(articles), strict=True))
    return [items[i : i + CHUNK_ARTICLES] for i in range(0, len(items), CHUNK_ARTICLES)]


def batched(
    articles: pd.DataFrame,
    chunks: list[list[tuple]],
    results: Iterator[tuple[list[tuple], list[tuple]]],
    batch_articles: int = 2_000,
    progress: Progress | None = None,
) -> Iterator[Batch]:
    """The chunks' results (analyse_chunk's, in the chunks' order) gathered into Batches of
    about `batch_articles` articles, whoever computed them."""
    total = sum(len(c) for c in chunks)
    per_batch = max(batch_articles // CHUNK_ARTICLES, 1)
    done = 0
    for first in range(0, len(chunks), per_batch):
        group = [next(results) for _ in chunks[first : first + per_batch]]
        size = sum(len(c) for c in chunks[first : first + per_batch])
        batch = articles.iloc[done : done + size]
        sentences = [row for chunk_sentences, _ in group for row in chunk_sentences]
        mentions = [row for _, chunk_mentions in group for row in chunk_mentions]
        yield Batch(batch, sentences, mentions)
        done += size
        if progress:
            progress(done, total)


def rematch_pages(
    pages: Iterable[list[tuple]], matcher: Matcher, workers: int = 1
) -> Iterator[list[tuple]]:
    """Mentions again after a registry change, without re-scoring, a page of articles at a
    time: for each page of (article_id, text, published, sentence starts) rows, its mention
    rows (schema.MENTIONS order), in the pages' order. With workers > 1, worker processes match
    the next few pages while the caller reads them and keeps the results, once the pages have
    held PARALLEL_MIN_ARTICLES articles (an edit may reach only a few of those read)."""
    here = PARALLEL_MIN_ARTICLES
    return _in_order(_rematch_page, pages, matcher, workers, ahead=2 * workers, here=here)


def rematch(
    sentences: pd.DataFrame,
    texts: pd.DataFrame,
    matcher: Matcher,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Mentions again after a registry change, without re-scoring.

    Needs sentences' article_id, sent_idx, start and texts' article_id, text (and published,
    if dated roles are to resolve); returns schema.MENTIONS columns. `progress(done, total)` is
    called every few hundred articles.
    """
    starts = _starts_by_article(sentences)
    items = [
        (aid, text, day, starts.get(aid, []))
        for aid, text, day in zip(texts["article_id"], texts["text"], _days(texts), strict=True)
    ]
    pages = [items[i : i + REMATCH_STEP] for i in range(0, len(items), REMATCH_STEP)]
    rows, done = [], 0
    for page, found in zip(pages, rematch_pages(pages, matcher), strict=True):
        rows += found
        done += len(page)
        if progress:
            progress(done, len(items))
    return _frame(rows, schema.MENTIONS)


def _starts_by_article(sentences: pd.DataFrame) -> dict[str, list[int]]:
    """Each article's sentence starts, in sentence order (plain lists: a groupby's Series per
    article cost more than the matching of a short article)."""
    ordered = sentences.sort_values(["article_id", "sent_idx"])
    starts: dict[str, list[int]] = {}
    for aid, start in zip(ordered["article_id"].tolist(), ordered["start"].tolist(), strict=True):
        starts.setdefault(aid, []).append(start)
    return starts


def _days(articles: pd.DataFrame) -> list:
    """Each article's published day (a datetime.date), None where it has none."""
    if "published" not in articles.columns:
        return [None] * len(articles)
    stamps = pd.to_datetime(articles["published"], errors="coerce")
    return [None if pd.isna(t) else t.date() for t in stamps]


_matcher: Matcher | None = None


def _set_matcher(matcher: Matcher) -> None:
    # Each worker process keeps one matcher, so the compiled pattern crosses once per process.
    global _matcher
    _matcher = matcher


def _in_order(
    function: Callable,
    jobs: Iterable[list],
    matcher: Matcher,
    workers: int,
    ahead: int,
    here: int = 0,
) -> Iterator:
    """parallel.in_order, with the matcher in this process and in each worker. What every job
    needs is made here first (the matcher's patterns, the scorer's lexicon, the finder's word
    lists): worker processes are forked, and start with it, rather than each making its own."""
    _set_matcher(matcher)
    if workers > 1:
        _warm(matcher, scoring=function is _analyse_chunk)
    return parallel.in_order(
        function,
        jobs,
        workers,
        ahead,
        here,
        initializer=_set_matcher,
        initargs=(matcher,),
    )


@nogc.without_collection
def _warm(matcher: Matcher, scoring: bool) -> None:
    matcher.find("", None)  # compiles the patterns (cached on the matcher)
    _ = matcher._base  # the role aliases' inner names
    if scoring:
        score("")
    if found_on():
        find_entities("Mr Alan Smith of Acme Corp said so.", [0])  # reads the word lists


def _analyse_chunk(items: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    assert _matcher is not None
    return analyse_chunk(items, _matcher)


def analyse_chunk(
    items: list[tuple], matcher: Matcher, found: bool | None = None
) -> tuple[list[tuple], list[tuple]]:
    """(sentence rows, mention rows) of chunked()'s rows. `found`: whether entities of no
    list are found (default: found_on() here; a cluster's worker is given the client's)."""
    found = found_on() if found is None else found
    sentences, pending, compounds = [], [], {}
    with nogc.paused():  # the rows and the finder's caches live on (analysis/nogc.py)
        for aid, text, day in items:
            spans = split_sentences(text)
            norm = normalise(text)
            # VADER reads English only: another language's sentences are stored unscored.
            english = language.is_scored(language.detect(text))
            blank = (None, None, None, None)
            scored = [score(norm[start:end]) if english else blank for start, end in spans]
            sentences += [
                (aid, idx, start, end, *s)
                for idx, ((start, end), s) in enumerate(zip(spans, scored, strict=True))
            ]
            starts = [s for s, _ in spans] or [0]
            hits = _hits(aid, text, starts, matcher, day, found)
            pending.append((text, starts, hits, english))
            if not english:
                continue
            # The tone model scores the text up to the next sentence: where that is the scored
            # sentence and white space, VADER's compound is the one just computed.
            ends = [*starts[1:], len(text)]
            for i in {h[1] for h in hits}:
                start, end = spans[i]
                sentence = text[start : ends[i]]
                tail = sentence[end - start :]
                if sentence[: end - start] == norm[start:end] and (not tail or tail.isspace()):
                    compounds[sentence] = scored[i][0]
    return sentences, _toned(pending, compounds)


def _rematch_page(page: list[tuple]) -> list[tuple]:
    assert _matcher is not None
    pending = []
    for aid, text, published, starts in page:
        hits = _hits(aid, text, starts or [0], _matcher, published)
        pending.append((text, starts or [0], hits, language.is_scored(language.detect(text))))
    return _toned(pending)


def _hits(
    aid: str, text: str, starts: list[int], matcher: Matcher, day=None, found: bool | None = None
) -> list[tuple]:
    """The article's mention rows without their tone toward: the registry's and gazetteer's
    actors, then (unless turned off) the entities of no list in what they left
    (analysis.found; an ambiguous surname is not guessed)."""
    names = matcher.names
    hits = [
        (start, end, actor_id, names[actor_id], how)
        for start, end, actor_id, how in matcher.find(text, day)
    ]
    if found_on() if found is None else found:
        claimed = [(start, end) for start, end, *_ in hits]
        hits += [
            (f.start, f.end, f.entity_id, f.name, schema.found_how(f.kind, f.reason))
            for f in find_entities(text, starts, claimed)
            if not f.ambiguous
        ]
        hits.sort()
    idx = [max(bisect_right(starts, start) - 1, 0) for start, *_ in hits]
    return [
        (aid, i, actor_id, name, text[start:end], start, end, how)
        for i, (start, end, actor_id, name, how) in zip(idx, hits, strict=True)
    ]


def _toned(pending: list[tuple], compounds: dict[str, float] | None = None) -> list[tuple]:
    """The mention rows of (text, sentence starts, _hits rows, English) articles, with the tone
    toward each: one pass of the model for them all (none for an article not in English: the
    model, like VADER, was made on English)."""
    groups = []
    for text, starts, hits, english in pending:
        if not english:
            groups.append([])
            continue
        ends = [*starts[1:], len(text)]
        groups.append(
            [
                (text[starts[i] : ends[i]], max(s - starts[i], 0), min(e, ends[i]) - starts[i])
                for _, i, _, _, _, s, e, _ in hits
            ]
        )
    toward = tone_toward(groups, compounds)
    rows = []
    for (_, _, hits, english), scored in zip(pending, toward, strict=True):
        if english:
            rows += [(*row, *t) for row, t in zip(hits, scored, strict=True)]
        else:
            rows += [(*row, None, None) for row in hits]
    return rows


def tone_toward(
    groups: list[list[tuple[str, int, int]]], compounds: dict[str, float] | None = None
) -> list[list[tuple[float, str]]]:
    """(score, label) of the tone toward each (sentence, start, end) mention, a group (an
    article's mentions) at a time: the numbers predict_batch gives each group. `compounds`:
    sentences' VADER compounds already known."""
    scored = predict_groups(shipped(), groups, compounds)
    return [[(s, label) for label, s in group] for group in scored]


def _frame(rows: list[tuple], columns: dict[str, str]) -> pd.DataFrame:
    return schema.conform(pd.DataFrame(rows, columns=list(columns)), columns)
