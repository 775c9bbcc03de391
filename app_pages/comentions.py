"""Comentions: placeholder."""

import streamlit as st

st.title("Comentions")
