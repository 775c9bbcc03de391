"""Support for the registry tests: a registry with some cells of one actor changed."""

from __future__ import annotations

import pandas as pd

from analysis.registry.table import split_list, validate_registry


def with_row(registry: pd.DataFrame, actor_id: str, **cells: str) -> pd.DataFrame:
    """The registry with some cells of one actor replaced (validated)."""
    out = registry.copy()
    for column, value in cells.items():
        out.loc[out["actor_id"] == actor_id, column] = value
    return validate_registry(out)


def cell(registry: pd.DataFrame, actor_id: str, column: str) -> str:
    return str(registry.loc[registry["actor_id"] == actor_id, column].iloc[0])


def plus(registry: pd.DataFrame, actor_id: str, column: str, name: str) -> pd.DataFrame:
    """The registry with one more name in a |-list cell of an actor."""
    names = [*split_list(cell(registry, actor_id, column)), name]
    return with_row(registry, actor_id, **{column: "|".join(names)})


def minus(registry: pd.DataFrame, actor_id: str, column: str, name: str) -> pd.DataFrame:
    names = [n for n in split_list(cell(registry, actor_id, column)) if n != name]
    return with_row(registry, actor_id, **{column: "|".join(names)})
