"""The host's upload settings: st.secrets first, then ACTORSCOPE_* variables, then defaults."""

from __future__ import annotations

import hmac
import math
import os

import streamlit as st

from analysis.settings import Settings, resolve
from analysis.throttle import Throttle

EDITOR_KEY = "up_editor"  # this session typed the editor passcode
NOTE_KEY = "up_signin_note"  # what the last sign-in attempt came to, shown once
PASSCODE_FREE_TRIES = 5  # wrong passcodes, server-wide, before each further try must wait
PASSCODE_DELAY_S = 2.0  # the first wait, doubled by each further wrong one (up to an hour)


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


@st.cache_resource(show_spinner=False)
def passcode_throttle() -> Throttle:
    """One per server process, shared by every session: a reload or a new session must not
    bring fresh tries."""
    return Throttle(PASSCODE_FREE_TRIES, PASSCODE_DELAY_S, max_delay_s=3600.0)


def check_passcode(passcode: str) -> None:
    """The sign-in form's callback: the typed passcode against the host's, unless the
    server-wide wait after wrong ones is still running."""
    typed = st.session_state.get("up_passcode", "")
    st.session_state["up_passcode"] = ""
    result = passcode_throttle().attempt(
        lambda: bool(typed) and hmac.compare_digest(typed.encode(), passcode.encode())
    )
    if result.correct:
        st.session_state[EDITOR_KEY] = True
        st.session_state.pop(NOTE_KEY, None)
    elif not result.checked:
        st.session_state[NOTE_KEY] = (
            f"Not checked: {locked_out(result.wait_s)} (until then even the right passcode "
            "is refused)."
        )
    else:
        st.session_state[NOTE_KEY] = "Wrong passcode." + (
            f" {locked_out(result.wait_s)}." if result.wait_s else ""
        )


def locked_out(wait_s: float) -> str:
    # Rounded first: (t + 600) - t is 600.0000000001 for some clock values t, "11 min".
    wait_s = round(wait_s, 3)
    if wait_s < 120:
        return f"Too many wrong passcodes: try again in {math.ceil(wait_s)} s"
    return f"Too many wrong passcodes: try again in {math.ceil(wait_s / 60)} min"


def sign_out() -> None:
    st.session_state[EDITOR_KEY] = False


def editor_sign_in(cfg: Settings) -> None:
    """The "Editor sign-in" expander: the passcode form, with what the last try came to."""
    with st.expander("Editor sign-in"):
        with st.form("up_signin", border=False):
            st.text_input("Editor passcode", type="password", key="up_passcode")
            st.form_submit_button("Sign in", on_click=check_passcode, args=(cfg.editor_passcode,))
        note = st.session_state.pop(NOTE_KEY, None)
        wait_s = passcode_throttle().wait()
        if note:
            st.warning(note, icon=":material/key_off:")
        elif wait_s:
            st.error(f"{locked_out(wait_s)}.", icon=":material/block:")
