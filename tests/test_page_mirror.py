"""Every page in AppTest on a store whose facts mirror is level (ACTORSCOPE_FACTS): each draws
without an error and without the corpus reading its facts from the store (analysis.query)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_store import APP, fresh_caches
from streamlit.testing.v1 import AppTest

from analysis import mirror
from analysis.query import corpus as corpus_module

pytest.importorskip("duckdb", reason="duckdb is optional (pip install .[duckdb])")

PAGES = ["overview", "trends", "comentions", "outlets", "evidence", "actors"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    """A synthetic store of 20,000 mention rows and its mirror (benchmarks/big_store.py)."""
    from benchmarks.big_store import build

    folder = tmp_path_factory.mktemp("page-mirror")
    assert build(str(folder / "b.db"), 20_000, folder / "facts")["level"]
    with pytest.MonkeyPatch.context() as m:
        m.setenv("ACTORSCOPE_DB", f"sqlite:///{folder / 'b.db'}")
        m.setenv(mirror.FACTS_ENV, str(folder / "facts"))
        m.delenv("ACTORSCOPE_REGISTRY", raising=False)
        fresh_caches()
        yield folder
    fresh_caches()


@pytest.mark.parametrize("page", PAGES)
def test_the_page_draws_without_reading_the_facts(store: Path, page: str, monkeypatch) -> None:
    reads, real = [], corpus_module._read_facts
    monkeypatch.setattr(corpus_module, "_read_facts", lambda s: reads.append(s) or real(s))
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    top = list(at.multiselect(key="f_actors").value)
    assert len(top) >= 2
    at.multiselect(key="f_actors").set_value(top[1:4])
    at.run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert at.get("plotly_chart") or page in ("evidence", "actors")
    assert not reads  # the app, in this process: no page read the facts
