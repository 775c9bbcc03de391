"""A corpus whose actor names, titles and sources are markup, and a link of hostile values.

Everything here must show as text wherever the dashboard shows it: no link to EVIL, no image
or request to TRAP, no bold, no emoji, no plotly template filled in.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
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


# --- hostile inputs, built at test time (tests/test_browser_hostile_inputs.py, benchmarks) ----

MiB = 2**20
SIBLING = (
    "Beside the bomb\n\nVladimir Putin met Kim Jong Un in Vostochny. Russia welcomed the talks, "
    "and Joe Biden warned both.\n"
)
QUOTE = '"We will not give up. Never," the minister said. "Not once." Then he left. '


def zip_bomb(expanded_mib: int = 256) -> bytes:
    """A zip of one article and one member of `expanded_mib` MiB of zeros (about 1/1000 of it
    compressed), streamed in so that the zeros never sit in memory whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("sibling.txt", SIBLING)
        with archive.open("bomb.txt", "w", force_zip64=True) as member:
            chunk = bytes(16 * MiB)
            for _ in range(expanded_mib // 16):
                member.write(chunk)
    return buffer.getvalue()


def raw_zip(blocks: list[tuple[str, bytes]], central: list[tuple[str, int]]) -> bytes:
    """A zip written byte by byte: a local entry per (name, data) block, deflated (each block
    compressed once, however many entries repeat it), then a central directory of (name,
    index of the block it points at)."""
    out, offsets, made = bytearray(), [], []
    packed: dict[bytes, tuple[bytes, int]] = {}
    for name, data in blocks:
        if data not in packed:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed[data] = (packer.compress(data) + packer.flush(), zlib.crc32(data))
        (comp, crc), raw_name = packed[data], name.encode()
        offsets.append(len(out))
        made.append((comp, crc, len(data)))
        out += struct.pack(
            "<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(comp), len(data),
            len(raw_name), 0,
        ) + raw_name + comp  # fmt: skip
    directory = bytearray()
    for name, i in central:
        (comp, crc, size), raw_name = made[i], name.encode()
        directory += struct.pack(
            "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(comp), size,
            len(raw_name), 0, 0, 0, 0, 0, offsets[i],
        ) + raw_name  # fmt: skip
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def _text(size: int, piece: str) -> bytes:
    return (piece * (size // len(piece) + 1)).encode()[:size]


def overlapping_zip(entries: int = 200, member_mib: int = 1) -> bytes:
    """`entries` central-directory entries that all point at one compressed block (an
    overlapping-entry bomb: zipfile would inflate the block once per entry)."""
    block = _text(member_mib * MiB, QUOTE)
    return raw_zip([("a0.txt", block)], [(f"a{i}.txt", 0) for i in range(entries)])


def many_members_zip(members: int = 600, member_mib: int = 1) -> bytes:
    """`members` members of `member_mib` MiB of text each: each small enough to skip the
    per-member ratio check, hundreds of MiB together (a 1.3 MB zip of 600 MiB)."""
    block = _text(member_mib * MiB, SIBLING.replace("\n", " "))
    names = [f"m{i:03}.txt" for i in range(members)]
    return raw_zip([(n, block) for n in names], [(n, i) for i, n in enumerate(names)])


def quoted_paste(kib: int = 512, paragraph_chars: int = 190_000) -> str:
    """`kib` KiB of quoted speech in paragraphs just under the paragraph cap (analysis.text),
    the input that froze the quadratic splitter; the first line a title."""
    body = QUOTE * (kib * 1024 // len(QUOTE) + 1)
    body = body[: kib * 1024]
    paragraphs = [
        body[i : i + paragraph_chars].strip() for i in range(0, len(body), paragraph_chars)
    ]
    return "Quoted at length\n\n" + "\n\n".join(paragraphs) + "\n"


def over_cap_paste(chars: int = 250_000) -> str:
    """One paragraph of quoted speech past the paragraph cap."""
    return (QUOTE * (chars // len(QUOTE) + 1))[:chars]
