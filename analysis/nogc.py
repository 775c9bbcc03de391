"""Python's cycle collector paused while many objects that live on are made."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside, then as it was. Tables and rows of many objects that all
    live on (a matcher's, a chunk's) made the collector walk them again and again: a third of
    building the matcher with the gazetteer, 5% of analysing a chunk. None of that work leaves
    cycles worth collecting; the collector catches up after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def without_collection(function: Callable) -> Callable:
    """`function` run inside paused()."""

    @functools.wraps(function)
    def paused_function(*args, **kwargs):
        with paused():
            return function(*args, **kwargs)

    return paused_function
