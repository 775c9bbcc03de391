"""Trends: placeholder."""

import streamlit as st

st.title("Trends")
