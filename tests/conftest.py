"""Shared fixtures: the seed store (ingested once) and a hand-tagged demo store written with Store.write_batch."""

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from components.store import Store

ROOT = Path(__file__).resolve().parents[1]


def assert_cached_once(code: str, env: dict, folder: Path, pattern: str) -> None:
    """Processes running `code` build one cache file matching `pattern` in `folder`, which later ones read, not
    rebuild."""
    for _ in range(2):
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120)
    cached = list(folder.glob(pattern))
    assert len(cached) == 1
    first = cached[0].stat().st_mtime_ns
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120)
    assert cached[0].stat().st_mtime_ns == first  # read, not rebuilt
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def nlp():
    """The default pipeline, built once per test module."""
    from components.pipeline import build_nlp

    return build_nlp()


def readings(nlp, text, surface) -> set[str]:
    """The countries (ISO-3) news_countries reads for each mention of `surface` in `text`."""
    return {m.iso3 for m in nlp(text)._.news_countries if m.text == surface}


@pytest.fixture(scope="session", autouse=True)
def snapshot_cache(tmp_path_factory):
    """The dashboard's saved snapshots go to a folder of the test session, not the user's cache."""
    os.environ["NEWSSCOPE_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """A store holding the seed articles, ingested once for the whole session (read-only for tests)."""
    from components.ingest import ingest
    from components.store import Store

    store = Store(tmp_path_factory.mktemp("seed_store"))
    report = ingest([SEEDS], store, workers=1)
    assert report.ok and report.added == len(list(SEEDS.glob("*.txt")))
    return store


@pytest.fixture
def seed_store_copy(seed_store, tmp_path):
    """A writable copy of the seed store."""
    from components.store import Store

    shutil.copytree(seed_store.root, tmp_path / "store")
    return Store(tmp_path / "store")


# Each article: metadata, text, and the (needle, canonical, label) entities, (quote, speaker, cue) quotes and
# (needle, iso3, country, kind) country mentions found in it. Offsets are computed from the text.
DEMO_ARTICLES = [
    {
        "article_id": "afp-putin",
        "title": "Israel's Netanyahu in Russia to meet Putin ahead of polls",
        "source": "AFP",
        "published": "2019-09-12",
        "url": "https://example.org/afp/putin",
        "text": (
            "Benjamin Netanyahu arrived in Russia on Thursday. Russian President Vladimir Putin said Russia is "
            "\"not indifferent as to which people come into the Israeli parliament\". "
            "\"We hope that these will be responsible politicians,\" Putin told Netanyahu in Sochi. "
            "\"Relations between Israel and Russia today are better than ever,\" Netanyahu said. "
            "Avigdor Lieberman of Yisrael Beitenu relies on Israelis with roots in Syria."
        ),
        "entities": [
            ("Benjamin Netanyahu", "Benjamin Netanyahu", "PERSON"), ("Russia", "Russia", "GPE"),
            ("Vladimir Putin", "Vladimir Putin", "PERSON"), ("Putin told", "Vladimir Putin", "PERSON"),
            ("Netanyahu in", "Benjamin Netanyahu", "PERSON"), ("Sochi", "Sochi", "GPE"),
            ("Israel and", "Israel", "GPE"), ("Netanyahu said", "Benjamin Netanyahu", "PERSON"),
            ("Avigdor Lieberman", "Avigdor Lieberman", "PERSON"), ("Yisrael Beitenu", "Yisrael Beitenu", "ORG"),
            ("Israelis", "Israelis", "NORP"), ("Syria", "Syria", "GPE"),
        ],
        "quotes": [
            ("not indifferent as to which people come into the Israeli parliament", "Vladimir Putin", "said"),
            ("We hope that these will be responsible politicians,", "Vladimir Putin", "told"),
            ("Relations between Israel and Russia today are better than ever,", "Benjamin Netanyahu", "said"),
        ],
        "countries": [
            ("Russia", "RUS", "Russia", "name"), ("Russian", "RUS", "Russia", "demonym"),
            ("Sochi", "RUS", "Russia", "city"), ("Israeli", "ISR", "Israel", "demonym"),
            ("Israel and", "ISR", "Israel", "name"), ("Syria", "SYR", "Syria", "name"),
        ],
    },
    {
        "article_id": "reuters-g7",
        "title": "Trump and Macron talk trade at G7 in Biarritz",
        "source": "Reuters",
        "published": "2019-08-25",
        "url": "https://example.org/reuters/g7",
        "text": (
            "Donald Trump met Emmanuel Macron in Biarritz, France, on Sunday. "
            "\"We agreed on a lot,\" Trump said. "
            "\"France wants a deal with the United States,\" Macron told reporters."
        ),
        "entities": [
            ("Donald Trump", "Donald Trump", "PERSON"), ("Emmanuel Macron", "Emmanuel Macron", "PERSON"),
            ("Biarritz", "Biarritz", "GPE"), ("France,", "France", "GPE"), ("Trump said", "Donald Trump", "PERSON"),
            ("United States", "United States", "GPE"), ("Macron told", "Emmanuel Macron", "PERSON"),
        ],
        "quotes": [
            ("We agreed on a lot,", "Donald Trump", "said"),
            ("France wants a deal with the United States,", "Emmanuel Macron", "told"),
        ],
        "countries": [
            ("Biarritz", "FRA", "France", "city"), ("France,", "FRA", "France", "name"),
            ("United States", "USA", "United States", "name"),
        ],
    },
    {
        "article_id": "dw-merkel",
        "title": "=HYPERLINK(\"http://evil\") Merkel warns on trade",
        "source": "DW",
        "published": "2019-07-01",
        "url": "https://example.org/dw/merkel",
        "text": (
            "Angela Merkel warned the European Union about tariffs. "
            "\"+3% growth is not enough,\" Merkel said in Berlin, Germany."
        ),
        "entities": [
            ("Angela Merkel", "Angela Merkel", "PERSON"), ("European Union", "European Union", "ORG"),
            ("Merkel said", "Angela Merkel", "PERSON"), ("Berlin", "Berlin", "GPE"), ("Germany", "Germany", "GPE"),
        ],
        "quotes": [("+3% growth is not enough,", "Angela Merkel", "said")],
        "countries": [("Berlin", "DEU", "Germany", "city"), ("Germany", "DEU", "Germany", "name")],
    },
    {
        "article_id": "undated-beijing",
        "title": "Putin visits Beijing <script>alert(1)</script>",
        "source": "",
        "published": None,
        "url": "",
        "text": (
            "Vladimir Putin flew to Beijing to meet Xi Jinping. <b>**Not bold**</b> "
            "\"China and Russia are close partners,\" Xi said. Kremlin aides stayed in China."
        ),
        "entities": [
            ("Vladimir Putin", "Vladimir Putin", "PERSON"), ("Beijing", "Beijing", "GPE"),
            ("Xi Jinping", "Xi Jinping", "PERSON"), ("Xi said", "Xi Jinping", "PERSON"),
            ("Kremlin", "Kremlin", "ORG"),
        ],
        "quotes": [("China and Russia are close partners,", "Xi Jinping", "said")],
        "countries": [
            ("Beijing", "CHN", "China", "city"), ("China and", "CHN", "China", "name"),
            ("Russia are", "RUS", "Russia", "name"), ("Kremlin", "RUS", "Russia", "metonym"),
        ],
    },
    {
        "article_id": "afp-election",
        "title": "Israel election: Netanyahu and Gantz neck and neck",
        "source": "AFP",
        "published": "2019-09-18",
        "url": "https://example.org/afp/election",
        "text": (
            "Benjamin Netanyahu and Benny Gantz were tied in Israel on Wednesday. "
            "\"The people have spoken,\" Gantz said. Many Palestinians watched closely."
        ),
        "entities": [
            ("Benjamin Netanyahu", "Benjamin Netanyahu", "PERSON"), ("Benny Gantz", "Benny Gantz", "PERSON"),
            ("Israel", "Israel", "GPE"), ("Gantz said", "Benny Gantz", "PERSON"),
            ("Palestinians", "Palestinians", "NORP"),
        ],
        "quotes": [("The people have spoken,", "Benny Gantz", "said")],
        "countries": [("Israel", "ISR", "Israel", "name")],
    },
]


def _span(text: str, needle: str) -> tuple[int, int]:
    """Offsets of a needle's first word(s): a needle may carry a following word to make it unique."""
    start = text.index(needle)
    word = needle.rstrip(",").split(" ")
    # Needles like "Putin told" point at "Putin": keep the words that are part of the name.
    keep = needle.rstrip(",") if len(word) == 1 else needle
    if len(word) > 1 and word[-1][:1].islower():
        keep = " ".join(word[:-1])
    keep = keep.rstrip(",")
    return start, start + len(keep)


def demo_rows(articles: list[dict] = DEMO_ARTICLES) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {"articles": [], "entities": [], "quotes": [], "countries": []}
    for a in articles:
        text = a["text"]
        rows["articles"].append({
            "article_id": a["article_id"], "content_hash": f"hash-{a['article_id']}", "title": a["title"],
            "source": a["source"],
            "published": date.fromisoformat(a["published"]) if a["published"] else None, "url": a["url"],
            "dateline": "", "n_words": len(text.split()),
            "origin": f"fixture:{a['article_id']}", "text": text,
        })
        for needle, entity, label in a["entities"]:
            start, end = _span(text, needle)
            rows["entities"].append({"article_id": a["article_id"], "entity": entity, "label": label,
                                     "text": text[start:end], "start_char": start, "end_char": end})
        for quote, speaker, cue in a["quotes"]:
            start = text.index(quote)
            rows["quotes"].append({"article_id": a["article_id"], "quote": quote, "speaker": speaker,
                                   "speaker_text": speaker.split()[-1], "cue": cue,
                                   "start_char": start, "end_char": start + len(quote)})
        for needle, iso3, country, kind in a["countries"]:
            start, end = _span(text, needle)
            rows["countries"].append({"article_id": a["article_id"], "iso3": iso3, "country": country,
                                      "text": text[start:end], "kind": kind, "start_char": start, "end_char": end})
    return rows


def build_demo_store(root: Path) -> Store:
    store = Store(root)
    store.write_batch(demo_rows())
    return store


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Store:
    """Five hand-tagged articles (dated and undated, four sources, six countries); treat as read-only."""
    return build_demo_store(tmp_path_factory.mktemp("demo_store"))


@pytest.fixture
def fresh_demo_store(tmp_path) -> Store:
    """A demo store a test may add batches to."""
    return build_demo_store(tmp_path / "store")


@pytest.fixture
def empty_store(tmp_path) -> Store:
    return Store(tmp_path / "empty")
