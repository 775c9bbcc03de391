"""analysis/nogc.py: the cycle collector paused inside, and left as it was after."""

from __future__ import annotations

import gc

import pytest

from analysis import nogc


def test_paused_restores_the_collector_even_after_an_error() -> None:
    assert gc.isenabled()
    with nogc.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="inside"), nogc.paused():
        raise ValueError("inside")
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with nogc.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_without_collection_runs_the_function_paused() -> None:
    @nogc.without_collection
    def state(x: int) -> tuple[int, bool]:
        return x, gc.isenabled()

    assert state(3) == (3, False)
    assert gc.isenabled()
