"""analysis/settings.py (pure) and app_pages/settings.py (st.secrets, then the environment)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.settings import KEYS, Settings, env_name, resolve


def test_settings_defaults():
    s = resolve({}, {})
    assert s == Settings()
    assert not s.hosted
    assert s.private_urls  # a local run may fetch its own network
    assert s.limits().max_file_bytes == 50 * 2**20
    assert s.limits().max_zip_total_bytes == 500 * 2**20
    assert s.limits().max_load_expanded_bytes == 1000 * 2**20
    assert s.limits().max_articles == 5_000
    assert s.max_batch_bytes == s.max_private_bytes == 50 * 2**20
    fl = s.fetch_limits()
    assert (fl.timeout_s, fl.max_bytes, fl.max_items, fl.allow_private) == (
        10.0,
        10 * 2**20,
        50,
        True,
    )


def test_settings_secrets_win_over_environment():
    s = resolve(
        {"max_upload_mb": 5, "editor_passcode": "s3cret"},
        {"ACTORSCOPE_MAX_UPLOAD_MB": "7", "ACTORSCOPE_FETCH_TIMEOUT_S": "2.5"},
    )
    assert s.max_upload_mb == 5
    assert s.fetch_timeout_s == 2.5
    assert s.hosted
    assert not s.private_urls  # hosted: no fetching of private addresses
    assert s.fetch_limits().allow_private is False
    assert not s.problems


@pytest.mark.parametrize(
    ("environ", "private"),
    [
        ({"ACTORSCOPE_EDITOR_PASSCODE": "x", "ACTORSCOPE_ALLOW_PRIVATE_URLS": "yes"}, True),
        ({"ACTORSCOPE_ALLOW_PRIVATE_URLS": "false"}, False),
        ({"ACTORSCOPE_EDITOR_PASSCODE": ""}, True),  # an empty passcode is no passcode
    ],
)
def test_settings_private_urls(environ, private):
    assert resolve({}, environ).private_urls is private


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("lots", "ACTORSCOPE_MAX_ARTICLES_PER_BATCH: 'lots' is not a number; using 5000"),
        ("0", "ACTORSCOPE_MAX_ARTICLES_PER_BATCH: '0' must be more than 0; using 5000"),
        ("2.5", "ACTORSCOPE_MAX_ARTICLES_PER_BATCH: '2.5' is not a whole number; using 5000"),
        ("nan", "ACTORSCOPE_MAX_ARTICLES_PER_BATCH: 'nan' must be more than 0; using 5000"),
    ],
)
def test_settings_bad_values_keep_defaults(raw, problem):
    s = resolve({}, {"ACTORSCOPE_MAX_ARTICLES_PER_BATCH": raw})
    assert s.max_articles_per_batch == 5_000
    assert s.problems == (problem,)


def test_settings_env_names():
    assert env_name("editor_passcode") == "ACTORSCOPE_EDITOR_PASSCODE"
    assert "max_zip_expanded_mb" in KEYS
    assert "fetch_max_mb" in KEYS


APP = """
import streamlit as st
from app_pages.settings import settings
s = settings()
st.write(f"{s.max_upload_mb}|{s.hosted}|{len(s.problems)}")
"""


def test_settings_page_without_secrets_file(monkeypatch, tmp_path):
    """No secrets file: no error, no exception, the environment still applies."""
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    monkeypatch.setenv("ACTORSCOPE_MAX_UPLOAD_MB", "3")
    monkeypatch.delenv("ACTORSCOPE_EDITOR_PASSCODE", raising=False)
    at = AppTest.from_string(APP).run()
    assert not at.exception
    assert not at.error
    assert at.markdown[0].value == "3.0|False|0"


def test_settings_page_reads_secrets(monkeypatch):
    monkeypatch.delenv("ACTORSCOPE_MAX_UPLOAD_MB", raising=False)
    at = AppTest.from_string(APP)
    at.secrets["max_upload_mb"] = 12
    at.secrets["editor_passcode"] = "pass"
    at.run()
    assert not at.exception
    assert at.markdown[0].value == "12.0|True|0"
