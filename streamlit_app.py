"""ActorScope's entry point: page config, the shared sidebar filters, and the router."""

import time

import streamlit as st

from analysis import plain
from app_pages import data, sidebar, snapshot

st.set_page_config(page_title="ActorScope", page_icon=":material/travel_explore:", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/trends.py", title="Trends", icon=":material/show_chart:", url_path="trends"),
    st.Page(
        "app_pages/outlets.py", title="Outlets", icon=":material/newspaper:", url_path="outlets"
    ),
    st.Page(
        "app_pages/comentions.py", title="Co-mentions", icon=":material/hub:", url_path="comentions"
    ),
    st.Page(
        "app_pages/quotes.py",
        title="Quotes",
        icon=":material/record_voice_over:",
        url_path="quotes",
    ),
    st.Page(
        "app_pages/evidence.py",
        title="Evidence",
        icon=":material/format_quote:",
        url_path="evidence",
    ),
    st.Page("app_pages/actors.py", title="Actors", icon=":material/groups:", url_path="actors"),
    st.Page(
        "app_pages/upload.py", title="Upload", icon=":material/upload_file:", url_path="upload"
    ),
]

started = time.perf_counter()
page = st.navigation(PAGES)
corpus = data.corpus()
sidebar.filters(corpus)
snapshot.button(corpus)
for notice in st.session_state.pop("notices", []):
    st.warning(plain.markdown(notice), icon=":material/link_off:")
if private := data.private_count():
    st.info(
        f"**{private} private article{'s' if private != 1 else ''} in this session, visible only "
        "to you.** They are counted on every page together with the shared articles, and are "
        "gone when you close this tab.",
        icon=":material/lock:",
    )
try:
    page.run()
finally:
    # The server-side time of this run, for the benchmarks (benchmarks/dashboard_speed.py).
    st.session_state["_run_ms"] = (time.perf_counter() - started) * 1000
