"""The hosted Upload page's analysis in a child process (analysis.sandbox): a preview or an add
past the work limits gives the visitor one line and stores nothing. Real child processes.

The limits are set far below what the inputs need (1 MB for a few MB of text), never near it.
"""

from __future__ import annotations

import sys

import pytest
import test_page_upload
from test_page_upload import MACRON, button, messages, paste, preview_frame, stored, upload_page

db = test_page_upload.db  # the fixtures: a fresh store, then hosted mode on it
hosted = test_page_upload.hosted

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

MEMORY_REASON = "this batch needs more than 1 MB of memory to analyse; split it into smaller files"


def big_article(megabytes: float) -> str:
    """An article of this size in paragraphs of a few sentences (under the paragraph cap)."""
    paragraph = "Emmanuel Macron met Volodymyr Zelensky in Kyiv. Both spoke of the winter.\n\n"
    return "A long report\n\n" + paragraph * int(megabytes * 2**20 / len(paragraph))


def test_page_upload_sandbox_preview_past_memory_is_one_line(hosted, monkeypatch):
    monkeypatch.setenv("ACTORSCOPE_WORK_MEMORY_MB", "1")
    at = paste(upload_page(), big_article(4))
    assert not at.exception
    assert "every input was rejected" in messages(at)
    assert at.dataframe[-1].value.values.tolist() == [["pasted text", MEMORY_REASON]]
    assert stored(hosted).empty


def test_page_upload_sandbox_preview_within_limits_is_the_same(hosted):
    """The child's preview is the one a local run computes in its own process."""
    at = paste(upload_page(), MACRON)
    row = preview_frame(at).iloc[0]
    assert row["title"] == "Macron in Kyiv"
    assert row["sentences"] == 3
    assert row["actors"].startswith("Emmanuel Macron")
    at = button(at, "Add 1 article to your private workspace").run()
    assert "Added 1 article" in at.success[0].value


def test_page_upload_sandbox_add_past_memory_keeps_the_batch(hosted, monkeypatch):
    """Previewed within the limits, then added past a lower one: nothing stored anywhere."""
    at = paste(upload_page(), big_article(3))
    assert len(preview_frame(at)) == 1
    monkeypatch.setenv("ACTORSCOPE_WORK_MEMORY_MB", "1")  # read again on the next run
    at = button(at, "Add 1 article to your private workspace").run()
    assert not at.exception
    reason = "this batch needs more than 1 MB of memory to analyse; add fewer articles at a time"
    assert [e.value for e in at.error] == [f"Nothing was added: {reason}."]
    assert len(preview_frame(at)) == 1  # the batch stays, to add less of it
    assert "private article" not in messages(at)
    assert stored(hosted).empty
