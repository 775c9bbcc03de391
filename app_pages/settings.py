"""The host's upload settings: st.secrets first, then ACTORSCOPE_* variables, then defaults."""

from __future__ import annotations

import hmac
import os

import streamlit as st

from analysis.settings import Settings, resolve

EDITOR_KEY = "up_editor"  # this session typed the editor passcode
TRIES_KEY = "up_tries"  # wrong passcodes typed in this session
EDITOR_TRIES = 5


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


def is_editor(cfg: Settings) -> bool:
    """Whether this session may write to the shared store: whoever runs the app locally (no
    editor passcode set), or, in hosted mode, a session that typed the passcode."""
    return not cfg.hosted or bool(st.session_state.get(EDITOR_KEY))


def check_passcode(passcode: str) -> None:
    """The sign-in form's callback: the typed passcode against the host's (5 tries a session)."""
    typed = st.session_state.get("up_passcode", "")
    st.session_state["up_passcode"] = ""
    tries = st.session_state.get(TRIES_KEY, 0)
    if tries >= EDITOR_TRIES:
        return
    if typed and hmac.compare_digest(typed.encode(), passcode.encode()):
        st.session_state[EDITOR_KEY] = True
        st.session_state[TRIES_KEY] = 0
    else:
        st.session_state[TRIES_KEY] = tries + 1


def sign_out() -> None:
    st.session_state[EDITOR_KEY] = False


def editor_sign_in(cfg: Settings) -> None:
    """The "Editor sign-in" expander: the passcode form, or why it is closed."""
    with st.expander("Editor sign-in"):
        tries = st.session_state.get(TRIES_KEY, 0)
        if tries >= EDITOR_TRIES:
            st.error("Too many wrong passcodes in this session.", icon=":material/block:")
        else:
            with st.form("up_signin", border=False):
                st.text_input("Editor passcode", type="password", key="up_passcode")
                st.form_submit_button(
                    "Sign in", on_click=check_passcode, args=(cfg.editor_passcode,)
                )
            if tries:
                st.warning(
                    f"Wrong passcode ({EDITOR_TRIES - tries} tries left).",
                    icon=":material/key_off:",
                )
