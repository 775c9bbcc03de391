"""analysis.disk_cache: what the gazetteer's files give, kept on disk, is what they give."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import disk_cache
from analysis.disk_cache import CACHE_ENV, cached
from analysis.found import lexicon
from analysis.registry import candidates, gazetteer


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_made_once_then_read(folder):
    made = []

    def make():
        made.append(1)
        return {"a": [1, 2]}

    assert cached("t", b"key", make) == {"a": [1, 2]}
    assert cached("t", b"key", make) == {"a": [1, 2]}
    assert len(made) == 1
    assert cached("t", b"other", make) == {"a": [1, 2]}
    assert len(made) == 2
    assert len(list(folder.glob("t-*.pickle"))) == 2
    assert not list(folder.glob("*.tmp"))


def test_a_torn_file_is_made_again(folder):
    cached("t", b"key", lambda: 1)
    (path,) = folder.glob("t-*.pickle")
    path.write_bytes(b"\x80\x05garbage")
    assert cached("t", b"key", lambda: 2) == 2
    assert cached("t", b"key", lambda: 3) == 2


def test_off_and_unwritable_keep_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    assert disk_cache.cache_dir() is None
    assert cached("t", b"key", lambda: 1) == 1
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))
    assert cached("t", b"key", lambda: 2) == 2
    assert cached("t", b"key", lambda: 3) == 3


def test_a_failed_make_keeps_nothing(folder):
    def fail():
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        cached("t", b"key", fail)
    assert not folder.exists() or not list(folder.iterdir())


def _fresh_tables(monkeypatch):
    """The gazetteer, its prepared tables and the finder's known kinds, made or read anew."""
    gazetteer.load_gazetteer.cache_clear()
    lexicon.known_kinds.cache_clear()
    monkeypatch.setattr(candidates, "_PREPARED", {})
    gaz = gazetteer.load_gazetteer(gazetteer.GAZETTEER_DIR)
    return gaz, candidates._prepared(gaz), lexicon.known_kinds()


@pytest.mark.skipif(
    not (gazetteer.GAZETTEER_DIR / "actors.csv").exists(), reason="no data/gazetteer"
)
def test_read_back_equals_made(folder, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    made = _fresh_tables(monkeypatch)
    monkeypatch.setenv(CACHE_ENV, str(folder))
    _fresh_tables(monkeypatch)  # written
    assert len(list(folder.glob("*.pickle"))) == 3
    read = _fresh_tables(monkeypatch)  # read back
    gazetteer.load_gazetteer.cache_clear()
    lexicon.known_kinds.cache_clear()
    (g1, p1, k1), (g2, p2, k2) = made, read
    pd.testing.assert_frame_equal(g1.actors, g2.actors)
    pd.testing.assert_frame_equal(g1.roles, g2.roles)
    assert (g1.spans, g1.names, g1.places, g1.digest) == (g2.spans, g2.names, g2.places, g2.digest)
    assert p1 == p2
    assert k1 == k2


def test_default_folder_is_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert disk_cache.cache_dir() == tmp_path / "actorscope"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert disk_cache.cache_dir() == tmp_path / "home" / ".cache" / "actorscope"
