"""The host's upload settings: st.secrets first, then ACTORSCOPE_* variables, then defaults."""

from __future__ import annotations

import os

import streamlit as st

from analysis.settings import Settings, resolve


def settings() -> Settings:
    """Read on every run (cheap), so a changed secrets.toml applies without a restart."""
    return resolve(_secrets(), os.environ)


def _secrets() -> dict:
    # load_if_toml_exists() is Streamlit's quiet probe: no secrets file is a plain False here,
    # where reading st.secrets directly would raise (and show) "No secrets found".
    try:
        return st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}
    except Exception:  # a malformed secrets file must not take the page down; env still applies
        return {}
