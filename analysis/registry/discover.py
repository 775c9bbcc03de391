"""Who is missing: names in the articles that look like actors but match no one in the registry."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

import pandas as pd

from analysis.registry.table import split_list

CANDIDATE_COLUMNS = ["name", "count", "articles", "article_ids", "sentence", "article_id",
                     "sent_idx"]  # fmt: skip
DEFAULT_LIMIT = 50

# Capitalised words: Latin, Greek and Cyrillic capitals (Python's re has no \p{Lu}).
_UPPER = "".join(c for c in map(chr, range(0x500)) if c.isupper() and c.isalpha())
_CAP = f"[{re.escape(_UPPER)}]"
# A capitalised word (with inner hyphens and apostrophes: "Jean-Claude", "O'Neill"), or an
# initial ("W.", "St.") followed by another capitalised word.
_TOKEN = re.compile(rf"{_CAP}(?<![\w'’.-].)(?:t?\.(?=[ \t]+{_CAP})|(?:\w|['’-](?=\w))*(?![\w-]))")
_LONG_LOWER = re.compile(r"(?<![\w'’-])[a-z][a-z]{4}")  # a lower-case word: no headline
_NUMBER = re.compile(r"\d+(?:[.,/:]\d+)*")
# What may stand between two words of one name: white space within a paragraph, or a
# connecting word ("Bank of England", "Ursula von der Leyen").
_CONNECTORS = "of|of the|de|da|del|de la|der|den|van|von|von der|van der|bin|ibn|al|la|le|du|dos|di"
_GAP = re.compile(rf"(?:[ \t]+|[ \t]*\n[ \t]*)(?:(?:{_CONNECTORS})(?:[ \t]+|[ \t]*\n[ \t]*))?")
_CONNECTOR_GAP = re.compile(r"\S")  # a gap holding a connecting word
_GAP_MAX = 24  # characters: a longer gap joins nothing
# Characters after which a capitalised word starts a sentence (or a quotation, a list item).
_OPENERS = set("\"'([{:;-*•>\u2014\u2013\u201c\u2018")

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words that stay lower case in a title-case headline.
_SMALL = frozenset("a an the and or nor but in on at to for of by as from with into over up "
                   "vs via per than".split())  # fmt: skip
MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
# Words that are never a name on their own and split a run of capitalised words: function
# words, pronouns, weekdays, titles and the words of titles ("Defence Minister Sergei Shoigu"
# gives "Sergei Shoigu").
STOP_WORDS = frozenset(
    """
    A An And As At But By For From If In Into It Its Of On Or So The Then There These They This
    Those To Up We What When Where Which While Who Why With Yet You Your He She His Her Him I Me
    My Our Their Them Us Not No Nor All Any Both Each Every Some Many Most More Much Few Such
    After Before During Since Until Under Over About Against Between Through Without Within
    Although Because However Meanwhile Also Still Even Just Only Here Now Today Yesterday
    Again Later Earlier Instead Nevertheless Moreover Furthermore Indeed Thus Therefore
    Otherwise Perhaps Please According Despite Unlike Like Among Across Along Around Behind
    Below Beyond Near Outside Inside Following Including Overall Finally Already Once Nearly
    Almost Both Either Neither Whether Though Unless Whereas Except
    Tomorrow Last Next Other Another One Two Three Four Five Six Seven Eight Nine Ten
    First Second Third Is Are Was Were Be Been Has Have Had Do Does Did Will Would Can Could
    Should Might Must Shall Let Mon Tue Wed Thu Fri
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Mr Mrs Ms Mx Dr Prof Sir Dame Lord Lady Rev Hon Jr Sr
    President Vice Prime Minister Ministers Premier Chancellor Secretary General Gen Governor
    Gov Senator Sen Rep Representative Congressman Congresswoman Mayor Chairman Chairwoman Chair
    Chief Executive Director Deputy Acting Former Ambassador Envoy Spokesman Spokeswoman
    Spokesperson Minister Judge Justice King Queen Prince Princess Crown Emperor Pope Sheikh
    Colonel Col Lieutenant Lt Major Maj Captain Capt Admiral Adm Commander Sergeant Sgt Marshal
    Defence Defense Foreign Interior Finance Economy Economic Trade Energy Health Education
    Agriculture Labour Labor Transport Culture Environment Treasury Home Affairs Supreme
    Opposition Leader Leaders Head Officials Official Secretary-General CEO CFO COO Chairperson
    Senior Junior Assistant Associate Officer Analyst Analysts Reuters AP AFP
    Mr. Mrs. Ms. Dr. Gen. Gov. Sen. Rep. Lt. Col. Capt.
    """.split()
)
# Words that name no one on their own, only within a longer name ("World Bank", "Bank of
# England", "Exchange Commission"): a run of nothing else is not a candidate.
GENERIC = frozenset(
    """
    Department Ministry Commission Committee Bank Banks Board Agency Company Companies Co Corp
    Inc Ltd Plc LLC Group Government Council Court Office Union Party Securities Exchange
    Federal National International Central State States Reserve Market Markets Fund Association
    Institute University Authority Service Services Industries Holdings Note NOTE Year Sales Net
    Shr Avg Oper Revs Dlrs Qtly Pay Record Profit Loss Assets Deposits Loans Mths Qtr Quarter
    Reuter REUTER Reuters Street Road Square City Province Region River Sea Island Islands North
    South East West Northern Southern Eastern Western Republic Kingdom Democratic Republican
    Democrats Republicans Conservative Conservatives Liberal Labour Socialist Communist Army Navy
    Police Forces Force Parliament Congress Senate House Assembly Cabinet Administration
    """.split()
)
# The word after a title and "of" belongs to the title: "Secretary of State Mike Pompeo".
_TITLES_WITH_OF = frozenset(
    "President Prime Minister Premier Chancellor Secretary Governor Mayor Chairman Chief "
    "Director Deputy Ambassador Head Leader King Queen Prince Emperor Minister".split()
)


def candidates(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    limit: int | None = DEFAULT_LIMIT,
    known: Iterable[str] = (),
) -> pd.DataFrame:
    """Runs of capitalised words that match no actor, the most widespread first.

    Needs sentences' article_id, sent_idx, start (offset into the article text), text and
    mentions' article_id, start, end (offsets into the article text). A run is cut at function
    words, weekdays and titles ("The", "Monday", "President", "Mr"); a run that overlaps a
    mention, a single word that starts a sentence (or a quotation), a month on its own, and
    the names in `known` (such as the registry's short names) are not candidates; sentences
    written in title case or capitals (headlines, tables) are skipped. Returns
    CANDIDATE_COLUMNS: the name, its count, the number of articles and their ids (most
    mentions first), and the first sentence it occurs in. Ranked by articles, then count, then
    name; at most `limit` rows (None: all).
    """
    known = {" ".join(k.split()) for k in known}
    spans = _mention_spans(mentions)
    counts: dict[str, int] = {}
    per_article: dict[str, dict[str, int]] = {}
    sample: dict[str, tuple[str, str, int]] = {}
    columns = [sentences[c].tolist() for c in ("article_id", "sent_idx", "start", "text")]
    for aid, sent_idx, offset, text in zip(*columns, strict=True):
        if not isinstance(text, str) or not text:
            continue
        starts, ends = spans.get(aid, ((), ()))
        for name in _names(text, int(offset), starts, ends):
            if name in known:
                continue
            counts[name] = counts.get(name, 0) + 1
            in_article = per_article.setdefault(name, {})
            in_article[aid] = in_article.get(aid, 0) + 1
            if name not in sample:
                sample[name] = (" ".join(text.split()), aid, int(sent_idx))
    rows = [
        (
            name,
            count,
            len(per_article[name]),
            [a for a, _ in sorted(per_article[name].items(), key=lambda kv: -kv[1])],
            *sample[name],
        )
        for name, count in counts.items()
    ]
    rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
    if limit is not None:
        rows = rows[:limit]
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    return out.astype(
        {"name": "string", "count": "int64", "articles": "int64", "sentence": "string",
         "article_id": "string", "sent_idx": "int64"}
    )  # fmt: skip


def _mention_spans(mentions: pd.DataFrame) -> dict[str, tuple[list[int], list[int]]]:
    """Per article, the mentions' sorted starts and ends (mentions never overlap)."""
    out: dict[str, tuple[list[int], list[int]]] = {}
    if mentions.empty:
        return out
    ordered = mentions[["article_id", "start", "end"]].sort_values(["article_id", "start"])
    columns = (ordered[c].tolist() for c in ("article_id", "start", "end"))
    for aid, start, end in zip(*columns, strict=True):
        starts, ends = out.setdefault(aid, ([], []))
        starts.append(int(start))
        ends.append(int(end))
    return out


def _overlaps(start: int, end: int, starts, ends) -> bool:
    i = bisect_left(starts, end) - 1
    return i >= 0 and ends[i] > start


def _names(text: str, offset: int, starts, ends) -> list[str]:
    """The candidate names of one sentence (its text at `offset` in its article)."""
    tokens = [m.span() for m in _TOKEN.finditer(text)]
    if not tokens or _headline(text) or _table(text):
        return []
    first = _first_word(text)
    out = []
    for run in _runs(text, tokens):
        for group in _split(text, run):
            s, e = group[0][0], group[-1][1]
            if len(group) == 1:
                word = text[s:e]
                if s == first or word in MONTHS or len(word) < 2 or _after_opener(text, s):
                    continue
            if _overlaps(offset + s, offset + e, starts, ends):
                continue
            name = _bare(" ".join(text[s:e].split()))
            if len(name) >= 2 and not all(w in GENERIC for w in name.split()):
                out.append(name)
    return out


def _runs(text: str, tokens: list[tuple[int, int]]) -> list[list[tuple[int, int, bool]]]:
    """Consecutive capitalised words, each with whether a connecting word precedes it."""
    runs, run = [], [(*tokens[0], False)]
    for (_, prev_end), (start, end) in zip(tokens, tokens[1:], strict=False):
        if start - prev_end == 1 and text[prev_end] == " ":
            run.append((start, end, False))
        elif start - prev_end <= _GAP_MAX and _GAP.fullmatch(text, prev_end, start):
            run.append((start, end, _CONNECTOR_GAP.search(text, prev_end, start) is not None))
        else:
            runs.append(run)
            run = [(start, end, False)]
    runs.append(run)
    return runs


def _split(text: str, run: list[tuple[int, int, bool]]) -> list[list[tuple[int, int]]]:
    """A run cut at its stop words and titles, and at a title's complement after "of"
    ("Secretary of State Mike Pompeo" gives "Mike Pompeo")."""
    groups, group = [], []
    title_of = False  # the last word was a title, or its complement, that "of" may follow
    for start, end, connected in run:
        bare = _bare(text[start:end])
        if bare in STOP_WORDS or (connected and title_of):
            if group:
                groups.append(group)
            group = []
            title_of = bare in _TITLES_WITH_OF or (connected and title_of)
            continue
        group.append((start, end))
        title_of = False
    if group:
        groups.append(group)
    return groups


def _bare(name: str) -> str:
    """The name without a possessive ("Shoigu's" -> "Shoigu")."""
    if name.endswith(("'s", "\u2019s")):
        return name[:-2]
    return name[:-1] if name.endswith(("'", "\u2019")) else name


def _table(text: str) -> bool:
    """A line of figures ("Shr 34 cts vs 1.19 dlrs Net 807,000 ...", "Pay April 30"): a
    quarter of its words or more are numbers."""
    words = len(text.split())
    return words >= 3 and len(_NUMBER.findall(text)) * 4 >= words


def _headline(text: str) -> bool:
    """Title case or capitals ("Putin and Kim Meet in Vostochny"): every word but the small
    ones capitalised, over three words or more."""
    if _LONG_LOWER.search(text):
        return False
    words = _WORD.findall(text)
    if len(words) < 3:
        return False
    return not any(w[0].islower() and w.lower() not in _SMALL for w in words)


def _first_word(text: str) -> int:
    """Offset of the sentence's first word (after opening quotes and brackets)."""
    i = 0
    while i < len(text) and (text[i].isspace() or text[i] in _OPENERS):
        i += 1
    return i


def _after_opener(text: str, start: int) -> bool:
    """Whether the word at `start` opens a quotation, a clause after a colon or a dash."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i] in _OPENERS


def known_names(registry: pd.DataFrame) -> list[str]:
    """Names the registry knows but matches only after a full name (its short names): they
    are ambiguous, not missing."""
    return [s for cell in registry["short_names"] for s in split_list(cell)]


def store_candidates(store, registry: pd.DataFrame, limit: int | None = DEFAULT_LIMIT):
    """candidates() over every article of an analysis.store.Store."""
    sentences = store.sentence_texts()
    mentions = store.read("mentions", ["article_id", "start", "end"])
    return candidates(sentences, mentions, limit=limit, known=known_names(registry))


_ORG_WORDS = frozenset(
    """
    Bank Ministry Department Commission Committee Council Agency Authority Board Company Corp
    Inc Ltd Plc Group Party Union Association Institute University Fund Organization
    Organisation Office Court Parliament Assembly Congress Senate Army Navy Police Forces
    Exchange Reserve Federation League Alliance Foundation Service Services
    """.split()
)
_MEDIA_WORDS = frozenset("News Times Post Journal Herald Tribune Gazette TV Radio Press".split())
_GROUP_WORDS = frozenset("Front Brigade Brigades Movement Militia Rebels Taliban".split())


def guess_kind(name: str) -> str:
    """A first guess at a candidate's kind, for the add form: "organization" for an acronym
    or a name with Bank, Ministry, Party, ...; "media" for News, Times, ...; "group" for
    Front, Movement, ...; else "person"."""
    words = set(name.replace("-", " ").split())
    if words & _MEDIA_WORDS:
        return "media"
    if words & _GROUP_WORDS:
        return "group"
    if words & _ORG_WORDS or (name.isupper() and len(name) >= 2):
        return "organization"
    return "person"
