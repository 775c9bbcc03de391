"""A corpus whose actor names, titles and sources are markup, and a link of hostile values.

Everything here must show as text wherever the dashboard shows it: no link to EVIL, no image
or request to TRAP, no bold, no emoji, no plotly template filled in.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from analysis.ingest import ingest, save_registry
from analysis.load import load_paths, load_text
from analysis.registry.table import load_registry
from analysis.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "multidate.csv"]

EVIL = "evil.example"  # no link may point here
TRAP = "127.0.0.1:9"  # nothing may be fetched from here (the discard port: nothing listens)

HOSTILE_ID = "mallory-markup"
HOSTILE_NAME = (
    f'<a href="https://{EVIL}/a">Evil</a> **Bold** [link](https://{EVIL}/l) %{{x}} :streamlit: $x$'
)
HOSTILE_ALIAS = "Mallory Quux"  # how the articles name it
ABSENT_ID = "mallory-absent"  # in the registry, named in no article
ABSENT_NAME = f"<b>Never</b> [named](https://{EVIL}/n) :red[red]"
HOSTILE_TITLE = f"<b>Title</b> [Read more](https://{EVIL}/t) ![t](http://{TRAP}/t.png)"
HOSTILE_SOURCE = f"<i>Wire</i> [source](https://{EVIL}/s)"
# Three weeks of September 2023, each naming the hostile actor with Putin and Kim.
HOSTILE_ARTICLES = [
    (
        "2023-09-05",
        f"{HOSTILE_ALIAS} met Vladimir Putin in Moscow. {HOSTILE_ALIAS} praised the wonderful "
        "talks. Kim Jong Un sent a warm letter.",
    ),
    (
        "2023-09-12",
        f"Kim Jong Un and {HOSTILE_ALIAS} spoke by phone. Vladimir Putin called it a terrible "
        f"mistake. {HOSTILE_ALIAS} and Kim Jong Un laughed.",
    ),
    (
        "2023-09-19",
        f"{HOSTILE_ALIAS} and Vladimir Putin signed a deal. Kim Jong Un was pleased.",
    ),
]

SESSION_LINK = f"[Session expired - sign in again](https://{EVIL}/login)"
# The attacker's link: markup in every parameter the sidebar reads.
HOSTILE_PARAMS = {
    "actors": f"{HOSTILE_ID},kim-jong-un,vladimir-putin,{SESSION_LINK}",
    "start": f"![x](http://{TRAP}/x)",
    "freq": f"![x](http://{TRAP}/y)",
    "sources": "<b>x</b>",
}
HOSTILE_QUERY = urlencode(HOSTILE_PARAMS)


def hostile_registry() -> pd.DataFrame:
    """The default registry with the two hostile actors."""
    registry = load_registry()
    extra = pd.DataFrame(
        [
            {"actor_id": HOSTILE_ID, "name": HOSTILE_NAME, "kind": "person",
             "aliases": HOSTILE_ALIAS},
            {"actor_id": ABSENT_ID, "name": ABSENT_NAME, "kind": "person"},
        ]
    )  # fmt: skip
    return pd.concat([registry, extra], ignore_index=True).fillna("")


def hostile_store(folder: Path) -> str:
    """A SQLite store of the test corpus and the hostile articles, matched with the hostile
    registry, which is the store's own (the app uses it whatever the environment says)."""
    url = f"sqlite:///{folder / 'hostile.db'}"
    registry = hostile_registry()
    store = Store(url)
    try:
        ingest(store, load_paths(CORPUS), registry)
        for published, text in HOSTILE_ARTICLES:
            loaded = load_text(
                text, title=HOSTILE_TITLE, published=published, source=HOSTILE_SOURCE
            )
            assert not loaded.rejected, loaded.rejected
            ingest(store, loaded, registry)
        save_registry(store, registry)
    finally:
        store.close()
    return url


# plotly.js's own decoding of text (svg_text_utils convertEntities): the only entities it reads.
_PLOTLY_ENTITIES = {"mu": "μ", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0", "times": "×",
                    "plusmn": "±", "deg": "°"}  # fmt: skip


def plotly_reads(text: str) -> str:
    """What plotly.js shows of a string without tags: its entities decoded, once."""

    def one(m: re.Match) -> str:
        key = m.group(1)
        if key.startswith("#x"):
            return chr(int(key[2:], 16))
        if key.startswith("#"):
            return chr(int(key[1:]))
        return _PLOTLY_ENTITIES.get(key, m.group(0))

    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", one, text)


# What analysis.charts itself writes into a figure: any other tag or template came from a name.
OUR_TAGS = {"<b>", "</b>", "<br>", "<i>", "</i>", "<extra>", "</extra>"}
OUR_TEMPLATES = {"%{text}", "%{hovertext}", "%{x}", "%{y}", "%{marker.color:.2f}"}
TEMPLATE_KEYS = {"hovertemplate", "texttemplate"}


def strings(node, key: str = ""):
    """(key, string) of every string in a figure's JSON, with the key it sits under."""
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v, key)


def markup_in_figure(spec: dict) -> list[tuple[str, str]]:
    """(key, string) of every string of a figure's JSON that holds markup plotly.js would read
    and analysis.charts did not write: a tag, a %{template} outside a template, a $."""
    found = []
    for key, text in strings(spec):
        templates = set(re.findall(r"%\{[^}]*\}", text))
        if (
            not set(re.findall(r"<[^<>]*>", text)) <= OUR_TAGS
            or not templates <= (OUR_TEMPLATES if key in TEMPLATE_KEYS else set())
            or "$" in text
        ):
            found.append((key, text))
    return found


def figure_text(spec: dict) -> str:
    """All the text plotly.js shows of a figure: our tags taken out, the entities read once."""
    return "\n".join(plotly_reads(re.sub(r"<[^<>]*>", "\n", text)) for _, text in strings(spec))
