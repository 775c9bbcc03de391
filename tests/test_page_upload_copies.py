"""The Upload page's preview says how many articles copy stored ones (analysis/copies.py), and
the copy is stored marked with the article it copies."""

from __future__ import annotations

from test_copies import WIRE, _edited
from test_page_upload import button, db, paste, stored, upload_page  # noqa: F401, F811 (db: a fixture)


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_page_upload_preview_counts_copies_of_stored_articles(db):  # noqa: F811
    at = paste(upload_page(), "Missiles fired\n\n" + WIRE, source="Wire")
    assert "copies of stored" not in _captions(at)
    assert "a copy of stored" not in _captions(at)
    at = button(at, "Add 1 article to the shared store").run()
    assert not at.exception
    copy = _edited(WIRE, headline="N. Korea fires two missiles", byline="Staff and wires")
    at = paste(at, copy, source="Daily")
    assert not at.exception
    assert "1 is a copy of a stored article" in _captions(at)
    at = button(at, "Add 1 article to the shared store").run()
    assert not at.exception
    arts = stored(db).set_index("source")
    assert arts.loc["Daily", "copy_of"] == arts.loc["Wire", "article_id"]
    assert arts["language"].tolist() == ["en", "en"]
