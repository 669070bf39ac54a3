"""Add articles: upload files, extract them into the store, and see them in every view at once."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from components import queries
from components.filters import Filters
from dashboard import data, widgets

ctx = data.context()
st.title("Add articles")
if not ctx.empty:
    widgets.damaged_warning(ctx)
server_mb = st.get_option("server.maxUploadSize")
limit_mb = min(data.UPLOAD_LIMIT_MB, server_mb)
st.markdown(
    "Upload **.txt** (one article; first line is the title), **.jsonl** / **.json** (one object per article with "
    "`text` and optionally `title`, `source`, `published`, `url`), **.csv** (same columns) or **.html** files "
    f"(or any of them gzipped), up to **{limit_mb} MB** each. Articles already stored are recognised and skipped; a "
    "changed article replaces its old version."
)

nonce = st.session_state.get("add_nonce", 0)
# Any type is accepted here and checked by the ingest, so a wrong file is named in the result; the browser refuses
# files over server.maxUploadSize before they reach the app (a red icon in this list).
files = st.file_uploader("Files", accept_multiple_files=True, key=f"add_files_{nonce}",
                         help=f"At most {server_mb} MB per file can be uploaded (server.maxUploadSize).")
go = st.button("Add to the store", type="primary", disabled=not files, key="add_go",
               icon=":material/upload:")


def _ingest(uploaded) -> dict:
    from components.ingest import ingest

    names = [f.name for f in uploaded]
    too_big = [f.name for f in uploaded if f.size > limit_mb * 1024 * 1024]
    uploaded = [f for f in uploaded if f.size <= limit_mb * 1024 * 1024]
    with tempfile.TemporaryDirectory(prefix="newsscope-upload-") as tmp:
        paths = []
        for i, upload in enumerate(uploaded):
            folder = Path(tmp) / str(i)  # one folder per file: two uploads may share a name
            folder.mkdir()
            path = folder / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            paths.append(path)
        bar = st.progress(0.0, text="Reading the files…")

        def progress(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0, text=f"Extracting entities, quotes and countries: "
                                                              f"{done:,} of {total:,} article(s)")

        def uploaded_name(origin: str) -> str:  # "TMP/3/name.jsonl:2" -> "name.jsonl:2": the temporary folder goes
            return origin.removeprefix(tmp + "/").split("/", 1)[-1]

        try:
            report = ingest(paths, ctx.store, workers=1, on_progress=progress, origin_name=uploaded_name,
                            on_wait=lambda message: bar.progress(0.0, text=f"{message[:1].upper()}{message[1:]}…"))
        except Exception as err:  # a model that will not load, a full disk: nothing is committed
            bar.empty()
            return {"failed": f"{type(err).__name__}: {err}"}
        bar.progress(1.0, text="Done")
        problems = [{"file": p.origin, "problem": p.message} for p in [*report.errors, *report.warnings]]
    problems += [{"file": name, "problem": f"larger than {limit_mb} MB: not read; split it or ingest it with the "
                                           "`newsscope ingest` command"} for name in too_big]
    return {"added": report.added, "replaced": report.replaced, "unchanged": report.unchanged,
            "problems": problems, "seconds": report.seconds, "files": names}


if go and files:
    st.session_state["add_report"] = _ingest(files)
    st.session_state["add_nonce"] = nonce + 1  # empties the uploader
    st.rerun()  # the sidebar and every page pick up the new store version

report = st.session_state.get("add_report")
if report:
    if "failed" in report:
        st.error(f"Nothing was added: {widgets.md_text(report['failed'])}", icon=":material/error:")
    else:
        message = (f"{report['added']:,} article(s) added, {report['replaced']:,} replaced, "
                   f"{report['unchanged']:,} already stored ({report['seconds']:.1f} s). Files received: "
                   + ", ".join(widgets.md_text(name) for name in report["files"]) + ".")
        if report["added"] or report["replaced"]:
            st.success(message + " The new articles now appear on every page.", icon=":material/check_circle:")
        else:
            st.info(message, icon=":material/info:")
        if report["problems"]:
            first = "; ".join(f"**{widgets.md_text(p['file'])}**: {widgets.md_text(p['problem'])}"
                              for p in report["problems"][:3])
            st.warning(f"{len(report['problems']):,} problem(s): these files or lines were skipped; everything "
                       f"else was stored. {first}{' …' if len(report['problems']) > 3 else ''}",
                       icon=":material/warning:")
            st.dataframe(pd.DataFrame(report["problems"]), hide_index=True, key="add_problems",
                         column_config={"problem": st.column_config.TextColumn("Problem", width="large")})

st.caption(f"A file over {server_mb} MB is refused by the browser as it is chosen (a red icon in the list above) and "
           "is not added; ingest it from a terminal with `newsscope ingest`.")
st.divider()
if ctx.empty:
    st.caption(f"The store at `{ctx.root}` is empty.")
else:
    counts = ctx.query(queries.overview_counts, filters=Filters())
    st.caption(f"The store at `{ctx.root}` holds {counts['articles']:,} article(s).")
