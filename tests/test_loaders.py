"""Loading articles from files, folders, archives and pasted text (analysis/load/)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import zipfile
from datetime import datetime
from pathlib import Path

import dateutil.parser
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.load import (
    SUPPORTED,
    Limits,
    Loaded,
    Notice,
    article_id,
    decode,
    load_bytes,
    load_paths,
    load_text,
)

SEEDS = Path(__file__).parents[1] / "seeds"
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
BODY = "Kim Jong Un met Vladimir Putin in Russia. Biden warned North Korea."


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write(folder: Path, files: dict[str, bytes | str]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return folder


def reasons(loaded: Loaded) -> dict[str, str]:
    return {r.name: r.reason for r in loaded.rejected}


def assert_schema(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(schema.ARTICLES)
    assert {c: str(t) for c, t in frame.dtypes.items()} == schema.ARTICLES


def test_loaders_seed_folder_is_one_article_with_sidecar_metadata():
    loaded = load_paths([SEEDS])

    assert loaded.rejected == []
    assert_schema(loaded.articles)
    (row,) = loaded.articles.to_dict("records")
    meta = json.loads((SEEDS / "000_48fb225f04140536.meta.json").read_text())
    assert row["title"] == "So now we're threatening North Korea over Russia?"
    assert (row["source"], row["author"]) == ("Hot Air", "Jazz Shaw")
    assert row["published"] == pd.Timestamp("2023-09-07")
    assert row["url"] == meta["url"]
    assert row["origin"] == "seeds/000_48fb225f04140536.txt"
    text = (SEEDS / "000_48fb225f04140536.txt").read_text(encoding="utf-8")
    # Its last line is page furniture, dropped: "Join the conversation as a VIP Member".
    kept, furniture = text.rsplit("\n", 1)
    assert furniture == "Join the conversation as a VIP Member"
    assert row["text"] == kept
    assert loaded.notices == [
        Notice(
            "seeds/000_48fb225f04140536.txt", "1 line of page furniture dropped: membership prompt"
        )
    ]
    text = kept
    assert row["article_id"] == article_id(text)


def test_loaders_article_id_ignores_whitespace_and_compatibility_forms():
    assert article_id("Kim  met\n Putin ") == article_id("Kim met Putin")
    assert article_id("\uff2bim met Putin") == article_id("Kim met Putin")  # fullwidth K
    assert article_id("Kim met Putin") != article_id("Kim met Biden")
    assert len(article_id("x")) == 16


HTML = """<!doctype html><html><head><title>Kim meets Putin</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-09-12">
<style>p { color: red }</style><script>alert(1)</script></head>
<body><article><h1>Kim meets Putin</h1>
<p>Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome on Wednesday, officials said.</p>
<img src="x" onerror="alert(2)"><script>alert(1)</script>
<p>The talks lasted several hours and covered weapons, satellites and the war in Ukraine.</p>
</article></body></html>"""


TITLED = f"Kim meets Putin\n\n{BODY}\n"
JSON_LIST = json.dumps([{"title": "T1", "text": "One."}, {"text": "Two."}])
JSONL = '{"text": "One."}\n\n{"text": "Two.", "title": "T2"}\n'
ZIPPED = make_zip({"d/a.txt": TITLED, "b.json": '{"text": "Two."}'})


@pytest.mark.parametrize(
    ("name", "content", "texts", "titles"),
    [
        ("a.txt", TITLED, [f"{BODY}\n"], ["Kim meets Putin"]),
        ("a.md", f"# {TITLED}", [f"{BODY}\n"], ["Kim meets Putin"]),
        ("a.csv", f'title,text\nKim meets Putin,"{BODY}"\n', [BODY], ["Kim meets Putin"]),
        ("a.tsv", f"title\ttext\nKim meets Putin\t{BODY}\n", [BODY], ["Kim meets Putin"]),
        ("a.json", JSON_LIST, ["One.", "Two."], ["T1", None]),
        ("a.json", json.dumps({"title": "T1", "body": BODY}), [BODY], ["T1"]),
        ("a.jsonl", JSONL, ["One.", "Two."], [None, "T2"]),
        ("a.zip", ZIPPED, [f"{BODY}\n", "Two."], ["Kim meets Putin", None]),
    ],
)
def test_loaders_formats(tmp_path, name, content, texts, titles):
    write(tmp_path, {name: content})

    loaded = load_paths([tmp_path / name])

    assert loaded.rejected == []
    assert_schema(loaded.articles)
    frame = loaded.articles.astype(object).where(loaded.articles.notna(), None)
    assert frame["text"].tolist() == texts
    assert frame["title"].tolist() == titles


def test_loaders_zip_members_keep_their_path_in_origin(tmp_path):
    write(tmp_path, {"a.zip": make_zip({"d/a.txt": BODY})})

    loaded = load_paths([tmp_path / "a.zip"])

    assert loaded.articles["origin"].tolist() == ["a.zip:d/a.txt"]


def test_loaders_html_main_text_and_metadata_without_scripts():
    loaded = load_bytes("page.html", HTML.encode())

    assert loaded.rejected == []
    (row,) = loaded.articles.to_dict("records")
    assert "Vostochny cosmodrome" in row["text"]
    for hostile in ("alert", "onerror", "color: red", "<"):
        assert hostile not in row["text"]
    assert row["title"] == "Kim meets Putin"
    assert row["source"] == "Example News"
    assert row["published"] == pd.Timestamp("2023-09-12")


def test_loaders_html_fragment_is_read():
    loaded = load_bytes("frag.htm", b"<p>Kim met Putin.</p><script>alert(1)</script>")

    assert loaded.articles["text"].tolist() == ["Kim met Putin."]


@pytest.mark.parametrize(
    ("name", "content", "title", "text"),
    [
        ("story.txt", "Kim meets Putin\nThey met.", "Kim meets Putin", "They met."),
        ("story.txt", "Kim meets Putin?\n\n\nThey met.", "Kim meets Putin?", "They met."),
        ("story.txt", "Kim met Putin.\nThey talked.", "story", "Kim met Putin.\nThey talked."),
        ("story.txt", "Only one line here", "story", "Only one line here"),
        ("story.txt", "x" * 151 + "\nmore", "story", "x" * 151 + "\nmore"),
        ("story.md", "# Kim meets Putin #\n\nThey met.", "Kim meets Putin", "They met."),
        ("story.md", "They met. In Russia.\nAgain.", "story", "They met. In Russia.\nAgain."),
    ],
)
def test_loaders_plain_text_title(name, content, title, text):
    (row,) = load_bytes(name, content.encode()).articles.to_dict("records")

    assert (row["title"], row["text"]) == (title, text)


@pytest.mark.parametrize(
    "header",
    [
        "Body,Headline,Published_At,Outlet,Link,Byline",
        "CONTENT,headline_text,pubDate,publisher,url,author",
        "article,Title,publish_date,site_name,link,byline",
        "story,title,datetime,Site,URL,Author",
        "text,title,publishedAt,source,link,author",
    ],
)
def test_loaders_column_names_map_case_insensitively(header):
    data = f"{header}\nSome text.,A title,2023-09-07,Wire,https://x.test/a,Ann Lee\n"

    (row,) = load_bytes("a.csv", data.encode()).articles.to_dict("records")

    assert row["text"] == "Some text."
    assert row["title"] == "A title"
    assert row["published"] == pd.Timestamp("2023-09-07")
    assert (row["source"], row["url"], row["author"]) == ("Wire", "https://x.test/a", "Ann Lee")


def test_loaders_text_column_priority_and_newsapi_wrapper():
    data = {
        "status": "ok",
        "articles": [
            {
                "source": {"id": None, "name": "BBC News"},
                "content": "Content wins over nothing.",
                "story": "Lower priority.",
                "publishedAt": "2023-09-07T10:00:00Z",
            }
        ],
    }

    (row,) = load_bytes("news.json", json.dumps(data).encode()).articles.to_dict("records")

    assert row["text"] == "Content wins over nothing."
    assert row["source"] == "BBC News"
    assert row["published"] == pd.Timestamp("2023-09-07")


def test_loaders_headline_only_csv_uses_headline_as_text():
    data = b"publish_date,headline_text\n20030219,aba decides against licence\n20030220,act fire\n"

    loaded = load_bytes("abc.csv", data)

    assert loaded.rejected == []
    assert loaded.articles["text"].tolist() == ["aba decides against licence", "act fire"]
    assert loaded.articles["title"].tolist() == loaded.articles["text"].tolist()
    assert loaded.articles["published"].tolist() == [
        pd.Timestamp("2003-02-19"),
        pd.Timestamp("2003-02-20"),
    ]


ENCODED = "Kim said \u201cno\u201d to the caf\u00e9\u2019s offer.\nThe talks went on."


@pytest.mark.parametrize(
    "data",
    [
        ENCODED.encode("utf-8"),
        codecs.BOM_UTF8 + ENCODED.encode("utf-8"),
        codecs.BOM_UTF16_LE + ENCODED.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ENCODED.encode("utf-16-be"),
        ENCODED.replace("\n", "\r\n").encode("cp1252"),
        ENCODED.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252-crlf", "cp1252"],
)
def test_loaders_encodings_decode_to_the_same_text(data):
    (row,) = load_bytes("a.txt", data).articles.to_dict("records")

    assert row["text"] == ENCODED


@pytest.mark.parametrize(
    "text",
    [
        "Der Präsident traf den Machthaber am Weltraumbahnhof. Große Überraschung für alle.",
        "Le président a rencontré le dirigeant à l'été. Déjà vu, à côté.",
    ],
)
def test_loaders_latin1_decodes(text):
    (row,) = load_bytes("a.txt", text.encode("latin-1")).articles.to_dict("records")

    assert row["text"] == text


FRENCH = "Le président a rencontré le dirigeant à l'été. Déjà vu, à côté. "


def spoiled(text: str, bad: int) -> bytes:
    """The text's UTF-8 with `bad` invalid bytes (0xFF is never UTF-8) spread through it,
    between characters."""
    step = len(text) // (bad + 1)
    cuts = [text[i * step : (i + 1) * step] for i in range(bad)] + [text[bad * step :]]
    return b"\xff".join(cut.encode() for cut in cuts)


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (
            "Kim a quitté Séoul \u2014 ".encode() * 5 + "\u2014".encode()[:2],  # cut short
            "2 invalid UTF-8 bytes replaced",
        ),
        (
            "Déjà vu".encode() + b"\x92s " + "à Séoul.".encode(),  # a cp1252 quote pasted in
            "1 invalid UTF-8 byte replaced",
        ),
    ],
    ids=["cut short", "pasted"],
)
def test_loaders_short_utf8_with_a_bad_byte_or_two(data, note):
    loaded = load_bytes("a.txt", data)

    assert "Séoul" in loaded.articles["text"][0]
    assert loaded.notices == [Notice("a.txt", note)]


def test_loaders_utf8_with_a_few_invalid_bytes_stays_utf8_with_a_notice():
    data = spoiled((FRENCH * 160)[:10_000], 4)  # 4 bad bytes in 10 KB

    loaded = load_bytes("a.txt", data)

    (row,) = loaded.articles.to_dict("records")
    assert row["text"].count("\ufffd") == 4
    assert row["text"].replace("\ufffd", "") == (FRENCH * 160)[:10_000]
    assert "président" in row["text"]
    assert "Ã" not in row["text"]
    assert loaded.rejected == []
    assert loaded.notices == [Notice("a.txt", "4 invalid UTF-8 bytes replaced")]


@pytest.mark.parametrize(
    "text",
    [
        FRENCH * 160,  # accents everywhere: many bytes fail
        "The minister said \u201cno\u201d. " * 3000 + "Caf\u00e9.",  # one in 100 KB, none decode
    ],
    ids=["french", "english with one accent"],
)
def test_loaders_cp1252_is_still_detected(text):
    loaded = load_bytes("a.txt", text.encode("cp1252"))

    assert loaded.articles["text"].tolist() == [text]
    assert loaded.notices == []


def test_loaders_utf8_with_many_invalid_bytes_falls_back():
    data = spoiled((FRENCH * 160)[:10_000], 20)  # 20 in 10 KB: more than one in a thousand

    loaded = load_bytes("a.txt", data)

    assert loaded.notices == []  # charset-normalizer's call, as before: here, no encoding
    assert reasons(loaded) == {"a.txt": "binary file or unknown text encoding"}


@settings(max_examples=60, deadline=None, database=None)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1),
    repeat=st.integers(1, 400),
    bad=st.integers(1, 8),
)
def test_loaders_invalid_bytes_become_replacement_characters(text, repeat, bad):
    text = ("é " + text) * repeat
    data = spoiled(text, bad)
    ok = bad <= max(len(data) // 1000, 4) and bad <= sum(c > "\x7f" for c in text)

    notes: list[str] = []
    found = decode._mostly_utf8(data, notes.append)

    if ok:
        assert found is not None
        assert found.replace("\ufffd", "") == text.replace("\ufffd", "")
        assert found.count("\ufffd") == text.count("\ufffd") + bad
        assert notes == [f"{bad} invalid UTF-8 byte{'s' if bad > 1 else ''} replaced"]
    else:
        assert found is None
        assert notes == []


def test_loaders_same_text_twice_is_one_article_first_kept(tmp_path):
    write(
        tmp_path,
        {
            "a.txt": BODY,
            "b.txt": f"  {BODY.replace(' ', '   ')}\n",
            "c.csv": f'text\n"{BODY}"\nOther.\nOther.\n',
        },
    )

    loaded = load_paths([tmp_path])

    assert loaded.rejected == []
    assert loaded.articles["text"].tolist() == [BODY, "Other."]
    assert loaded.articles["origin"].tolist()[0].endswith("a.txt")


HOSTILE = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\t\n", "no text"),
    "binary.txt": (random.Random(42).randbytes(900) + b"\0", "binary file"),
    "broken.json": (b'[{"text": "unterminated', "malformed JSON"),
    "notext.csv": (b"name,age\nAnn,3\n", "no text column (expected one of: text, body,"),
    "ragged.csv": (b'text\n"open quote\n', "malformed CSV"),
    "big.txt": (b"x" * 2000, "too large"),
    "doc.pdf": (b"%PDF-1.4", "unsupported file type '.pdf'"),
    "list.json": (b"[1, 2, 3]", "expected a JSON object or a list of objects"),
}


def test_loaders_hostile_inputs_are_rejected_and_others_still_load(tmp_path):
    write(tmp_path, {name: data for name, (data, _) in HOSTILE.items()} | {"good.txt": BODY})

    loaded = load_paths([tmp_path, tmp_path / "missing.txt"], limits=Limits(max_file_bytes=1000))

    assert loaded.articles["text"].tolist() == [BODY]
    got = reasons(loaded)
    base = tmp_path.name
    for name, (_, reason) in HOSTILE.items():
        assert got[f"{base}/{name}"].startswith(reason), name
    assert got[str(tmp_path / "missing.txt")] == "no such file"
    assert all("\n" not in r.reason and "Traceback" not in r.reason for r in loaded.rejected)


def test_loaders_oversize_file_refused_without_reading(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(20 * 2**30)  # sparse: 20 GiB by stat, nothing on disk

    loaded = load_paths([huge])

    assert reasons(loaded) == {"huge.txt": "too large: 20.0 GiB (limit 50.0 MiB)"}


def test_loaders_empty_result_has_schema_dtypes():
    loaded = load_bytes("a.txt", b"")

    assert loaded.articles.empty
    assert_schema(loaded.articles)


def test_loaders_jsonl_bad_lines_and_empty_rows_are_counted():
    lines = ['{"text": "One."}', "{not json", '{"text": ""}', '{"body": "  "}', '"a string"']

    loaded = load_bytes("a.jsonl", "\n".join(lines).encode())

    assert loaded.articles["text"].tolist() == ["One."]
    assert sorted(r.reason for r in loaded.rejected) == [
        "1 line skipped: malformed JSON (line 2)",
        "1 line skipped: not a JSON object (line 5)",
        "2 lines skipped: no text (lines 3, 4)",
    ]


def test_loaders_zip_unsafe_member_names_never_touch_the_disk(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    names = ["../evil.txt", "/tmp/evil.txt", "C:\\evil.txt", "a/../../evil.txt", "..\\evil.txt"]
    data = make_zip({name: b"Evil text." for name in names} | {"ok.txt": BODY})

    loaded = load_bytes("a.zip", data)

    assert loaded.articles["text"].tolist() == [BODY]
    assert {r.name: r.reason.split(";")[0] for r in loaded.rejected} == {
        f"a.zip:{name}": "unsafe member path (absolute or '..')" for name in names
    }
    assert not list(tmp_path.rglob("evil.txt"))
    assert not (tmp_path.parent / "evil.txt").exists()


def test_loaders_zip_nested_hidden_and_sidecar_members():
    inner = make_zip({"inner.txt": b"Inside."})
    data = make_zip(
        {
            "d/a.txt": BODY,
            "inner.zip": inner,
            "__MACOSX/d/._a.txt": b"\0\5\26\7",
            ".hidden.txt": b"Hidden.",
            "d/a.meta.json": b'{"title": "From sidecar", "source": "Wire"}',
        }
    )

    loaded = load_bytes("a.zip", data)

    assert reasons(loaded) == {"a.zip:inner.zip": "nested archive (not loaded)"}
    (row,) = loaded.articles.to_dict("records")
    assert (row["title"], row["source"], row["origin"]) == ("From sidecar", "Wire", "a.zip:d/a.txt")


def test_loaders_zip_too_many_members_or_not_a_zip(tmp_path):
    many = make_zip({f"{i}.txt": f"Text {i}." for i in range(6)})
    write(tmp_path, {"many.zip": many, "fake.zip": b"not a zip at all", "good.txt": BODY})

    loaded = load_paths([tmp_path], limits=Limits(max_zip_members=5))

    assert loaded.articles["text"].tolist() == [BODY]
    base = tmp_path.name
    assert reasons(loaded) == {
        f"{base}/many.zip": "too many members (limit 5)",
        f"{base}/fake.zip": "not a valid zip archive (File is not a zip file)",
    }


def test_loaders_folders_skip_hidden_files_and_sidecars(tmp_path):
    write(
        tmp_path,
        {
            "b.txt": "Second.",
            "a.txt": "First.",
            ".hidden.txt": "Hidden.",
            ".git/x.txt": "Hidden folder.",
            "sub/c.md": "Third.",
            "orphan.meta.json": '{"title": "no article"}',
        },
    )
    calls = []

    loaded = load_paths([tmp_path], progress=lambda done, total: calls.append((done, total)))

    assert loaded.rejected == []
    assert loaded.articles["text"].tolist() == ["First.", "Second.", "Third."]
    assert calls == [(1, 3), (2, 3), (3, 3)]


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A folder with symlinks in it and out of it; what lies outside must never be read."""
    outside = write(
        tmp_path / "outside",
        {"secret.txt": "Secret key material.", "meta.json": '{"title": "Leaked"}'},
    )
    inbox = write(tmp_path / "inbox", {"good.txt": BODY, "sub/real.txt": "Kim in Pyongyang."})
    links = {
        "inside.txt": Path("sub/real.txt"),  # relative, inside: read
        "indir": Path("sub"),  # a folder inside: its files are read where they are
        "out.txt": outside / "secret.txt",
        "outdir": outside,
        "up.txt": Path("../outside/secret.txt"),
        "loop.txt": Path("loop.txt"),
        "sub/back": Path(".."),  # a loop of folders, never followed
        "doc.meta.json": outside / "meta.json",
    }
    for name, target in links.items():
        (inbox / name).symlink_to(target)
    write(inbox, {"doc.txt": "Jake Sullivan spoke."})
    return inbox


def test_loaders_folder_symlinks_out_of_it_are_refused(linked):
    loaded = load_paths([linked])

    out = "symlink leads outside the folder; not loaded"
    assert reasons(loaded) == {
        "inbox/out.txt": out,
        "inbox/outdir": out,
        "inbox/up.txt": out,
        "inbox/doc.meta.json": out,
        "inbox/loop.txt": "symlink loop; not loaded",
    }
    frame = loaded.articles
    assert sorted(frame["text"]) == sorted([BODY, "Kim in Pyongyang.", "Jake Sullivan spoke."])
    assert "Leaked" not in frame["title"].tolist()
    assert frame["origin"].tolist() == ["inbox/doc.txt", "inbox/good.txt", "inbox/inside.txt"]


def test_loaders_symlinks_named_directly_are_followed(linked, tmp_path):
    (tmp_path / "alias").symlink_to(linked)

    loaded = load_paths([linked / "out.txt", tmp_path / "alias"])

    assert loaded.articles["text"].tolist()[0] == "Secret key material."  # the user named it
    assert "alias/out.txt" in reasons(loaded)  # inside the folder named, the rule holds
    assert "alias/inside.txt" in loaded.articles["origin"].tolist()


def test_loaders_bad_sidecar_is_reported_and_article_still_loads(tmp_path):
    write(tmp_path, {"a.txt": BODY, "a.meta.json": "{broken"})

    loaded = load_paths([tmp_path / "a.txt"])

    assert loaded.articles["text"].tolist() == [BODY]
    assert [r.reason.split(":")[0] for r in loaded.rejected] == ["malformed JSON sidecar"]


def test_loaders_defaults_fill_only_missing_fields(tmp_path):
    write(tmp_path, {"a.csv": "text,source,date\nOne.,Wire,2023-09-07\nTwo.,,\n"})

    loaded = load_paths([tmp_path / "a.csv"], defaults={"published": "2024-01-02", "source": "X"})

    assert loaded.articles["source"].tolist() == ["Wire", "X"]
    assert loaded.articles["published"].tolist() == [
        pd.Timestamp("2023-09-07"),
        pd.Timestamp("2024-01-02"),
    ]


def test_loaders_load_bytes_meta_overrides_document_and_fills_rows():
    meta = {"title": "Given", "Source": "Wire", "published": "2023-09-07"}

    doc = load_bytes("a.txt", b"Derived title\nBody.", meta=meta).articles
    rows = load_bytes("a.csv", b"text,source\nOne.,Own\n", meta=meta).articles

    assert (doc["title"][0], doc["source"][0], doc["text"][0]) == ("Given", "Wire", "Body.")
    assert (rows["title"][0], rows["source"][0]) == ("Given", "Own")


def test_loaders_max_articles_per_load():
    loaded = load_bytes("a.csv", b"text\nOne.\nTwo.\nThree.\n", Limits(max_articles=2))

    assert loaded.articles["text"].tolist() == ["One.", "Two."]
    assert reasons(loaded) == {"a.csv": "1 row skipped: article limit reached (2 per load) (row 3)"}


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2023-09-07", "2023-09-07"),
        ("7 September 2023", "2023-09-07"),
        ("20030219", "2003-02-19"),
        ("Thu, 07 Sep 2023 22:15:00 EST", "2023-09-07"),
        ("2023-09-07T23:59:59+05:00", "2023-09-07"),
        (pd.Timestamp("2023-09-07 13:00"), "2023-09-07"),
        ("not a date", None),
        ("", None),
    ],
)
def test_loaders_dates_to_day_or_missing(published, expected):
    loaded = load_text(BODY, published=published)

    value = loaded.articles["published"][0]
    assert (value == pd.Timestamp(expected)) if expected else pd.isna(value)


@settings(max_examples=300, deadline=None, database=None)
@given(
    moment=st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)),
    shape=st.sampled_from(
        [
            "%Y-%m-%d",
            "%Y%m%d",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S.%f",
            "%Y-%m-%dT%H:%M:%SZ",
            "%Y-%m-%dT%H:%M:%S+05:00",
            "%Y-%m-%dT%H:%M:%S-11:30",
        ]
    ),  # fmt: skip
)
def test_loaders_iso_dates_give_dateutils_day(moment, shape):
    # The ISO 8601 fast path must give the day dateutil gives (time zones ignored, as there).
    text = moment.strftime(shape)
    slow = dateutil.parser.parse(text, default=datetime(1, 1, 1), ignoretz=True)

    day = load_text(BODY, published=text).articles["published"][0]

    assert day == pd.Timestamp(slow.date())


def test_loaders_load_text_pasted():
    loaded = load_text(f"Kim meets Putin\n{BODY}", source="Wire", url="https://x.test/a")

    (row,) = loaded.articles.to_dict("records")
    assert (row["title"], row["text"], row["origin"]) == ("Kim meets Putin", BODY, "pasted")
    assert (row["source"], row["url"]) == ("Wire", "https://x.test/a")
    assert row["ingested_at"].tzinfo is not None
    assert reasons(load_text("  \n ")) == {"pasted": "no text"}


@settings(max_examples=40, deadline=None, database=None)
@given(data=st.binary(max_size=3000) | st.text(max_size=500).map(str.encode))
@pytest.mark.parametrize("ext", SUPPORTED)
def test_loaders_arbitrary_bytes_never_raise(ext, data):
    loaded = load_bytes(f"x{ext}", data)

    assert isinstance(loaded, Loaded)
    assert len(loaded.articles) + len(loaded.rejected) >= 1


@settings(max_examples=100, deadline=None, database=None)
@given(text=st.text())
def test_loaders_arbitrary_text_never_raises(text):
    loaded = load_text(text)

    assert len(loaded.articles) + len(loaded.rejected) == 1


def corpus_file(name: str) -> Path:
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


def test_loaders_abc_headlines_corpus():
    path = corpus_file("abcnews-2003-headlines.csv")
    with path.open(encoding="utf-8", newline="") as f:
        headlines = [row["headline_text"] for row in csv.DictReader(f)]

    loaded = load_paths([path])

    assert len(headlines) == 49_999
    assert loaded.rejected == []
    assert len(loaded.articles) == len({article_id(h) for h in headlines})  # duplicates kept once
    assert (loaded.articles["published"].dt.year == 2003).all()


def test_loaders_reuters_corpus_first_lines(tmp_path):
    path = corpus_file("reuters21578.jsonl")
    with path.open(encoding="utf-8") as f:
        lines = [next(f) for _ in range(1000)]
    write(tmp_path, {"reuters.jsonl": "".join(lines)})
    records = [json.loads(line) for line in lines]
    bodies = [r["body"] for r in records if (r.get("body") or "").strip()]

    loaded = load_paths([tmp_path / "reuters.jsonl"])

    assert len(loaded.articles) == len({article_id(b) for b in bodies})
    (skipped,) = loaded.rejected
    assert skipped.reason.startswith(f"{len(records) - len(bodies)} lines skipped: no text")
    first = loaded.articles.iloc[0]
    assert (first["title"], first["published"]) == (records[0]["title"], pd.Timestamp("1987-02-26"))
    assert first["text"] == records[0]["body"]
