"""The newsscope Streamlit dashboard: `streamlit run dashboard/app.py -- --store DIR`."""
