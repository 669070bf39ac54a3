"""newsscope core: loading, extraction, storage, queries, charts and the command line (no Streamlit here)."""

__version__ = "0.1.0"
