"""The dashboard's pages and its one Streamlit-aware data layer (data.py)."""
