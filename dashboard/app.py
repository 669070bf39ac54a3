"""The dashboard's entry script: page config, the shared sidebar, then the selected page.

Run it with `newsscope dashboard`, or `streamlit run dashboard/app.py -- --store DIR` from the project folder.
"""

import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run` puts dashboard/ on the path, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import data, sidebar  # noqa: E402

data.trace("run-start")

VIEWS = Path(__file__).parent / "views"

# A local icon: a :material/...: page icon would be fetched from fonts.gstatic.com.
st.set_page_config(page_title="newsscope", page_icon=str(VIEWS.parent / "static" / "favicon.png"), layout="wide",
                   initial_sidebar_state="auto")

# The default page is served at "/" whatever its url_path; /overview, the name a reader would type, is a hidden
# page that takes them there with their filters.
overview = st.Page(VIEWS / "overview.py", title="Overview", icon=":material/dashboard:", url_path="home",
                   default=True)
pages = [
    overview,
    st.Page(VIEWS / "entities.py", title="Entities", icon=":material/groups:", url_path="entities"),
    st.Page(VIEWS / "quotes.py", title="Quotes", icon=":material/format_quote:", url_path="quotes"),
    st.Page(VIEWS / "voices.py", title="Voices", icon=":material/record_voice_over:", url_path="voices"),
    st.Page(VIEWS / "map.py", title="Map", icon=":material/public:", url_path="map"),
    st.Page(VIEWS / "articles.py", title="Articles", icon=":material/article:", url_path="articles"),
    st.Page(VIEWS / "compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page(VIEWS / "stories.py", title="Stories", icon=":material/content_copy:", url_path="stories"),
]
if not data.read_only():
    pages.append(st.Page(VIEWS / "add_articles.py", title="Add articles", icon=":material/upload_file:",
                         url_path="add"))
pages.append(st.Page(lambda: st.switch_page(overview, query_params=sidebar.url_params()), title="Overview",
                     url_path="overview", visibility="hidden"))
page = st.navigation(pages)
sidebar.sidebar(data.store_path())
page.run()
if os.environ.get("NEWSSCOPE_TIMING"):  # benchmarks/dashboard_speed.py reads these lines from the server log
    print(f"newsscope-run {page.url_path or 'overview'} {time.perf_counter() - STARTED:.3f}", file=sys.stderr,
          flush=True)
    data.trace(f"run-end {page.url_path or 'overview'}")
