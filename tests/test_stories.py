"""Stories: a republished copy joins its original; different reports on one topic stay apart."""

import json
from datetime import date

from components.export import export_store
from components.store import Store
from components.stories import BANDS, ROWS, SEED, minhash, story_bands

# Three different reports on the same topic (written for this test), sharing most of their vocabulary.
REPORTS = [
    "The city council voted on Tuesday to raise the budget for public transport by twelve percent next year, "
    "after a long debate about bus fares and the cost of new trams. The mayor said the money would pay for more "
    "frequent buses in the northern districts, where commuters have complained about crowded services for years. "
    "Opposition councillors argued that the increase would burden taxpayers and asked for an audit of the agency.",
    "Commuters in the northern districts will wait less for buses next year, the transport agency said on "
    "Wednesday, a day after the city council approved a larger budget. The agency plans to add forty buses and "
    "to extend evening services, while the cost of the new trams remains under review. Bus fares will not change "
    "before the summer, its director told reporters, although the audit requested by councillors is still pending.",
    "An audit of the city transport agency found that the cost of the new trams had been underestimated by a "
    "third, according to a report published on Friday. The auditors said the agency had not accounted for "
    "delays at the depot and for the price of steel, and recommended that the council review the budget before "
    "approving further spending. The mayor said the findings would be studied carefully by the council.",
]


def copy_of(text: str) -> str:
    """The same story as another outlet runs it: its own first line and a boilerplate line at the end."""
    return f"From our correspondents.\n{text}\nCopyright 2024 Metro News Service. All rights reserved."


def article(article_id: str, source: str, published: str, title: str, text: str) -> dict:
    return {"article_id": article_id, "content_hash": article_id, "title": title, "source": source,
            "published": date.fromisoformat(published), "url": "", "dateline": "", "n_words": len(text.split()),
            "origin": "", "text": text, "story_bands": story_bands(text)}


def stories(store: Store) -> dict[str, tuple[str, int]]:
    with store.connect() as con:
        return {a: (s, n) for a, s, n in con.execute("SELECT article_id, story_id, story_size FROM stories").fetchall()}


def test_copies_join_their_original_and_reports_on_one_topic_stay_apart(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch({"articles": [article(f"orig{i}", "Wire", "2024-03-0" + str(i + 1), f"Report {i}", text)
                                    for i, text in enumerate(REPORTS)]})
    # A later ingest: copies with new ids, sources and headlines, one of them dated before its original
    store.write_batch({"articles": [
        article("copyA", "Daily A", "2024-03-02", "Council backs transport budget", copy_of(REPORTS[0])),
        article("copyB", "Daily B", "2024-03-01", "More buses for the north", copy_of(REPORTS[1])),
        article("copyC", "Daily C", "2024-03-05", "Trams cost a third more", copy_of(REPORTS[2])),
    ]})
    found = stories(store)
    assert found["copyA"] == found["orig0"] == ("orig0", 2)
    assert found["copyB"] == found["orig1"] == ("copyB", 2)  # the earliest copy names the story
    assert found["copyC"] == found["orig2"] == ("orig2", 2)
    assert len({found[f"orig{i}"][0] for i in range(3)}) == 3


def test_minhash_is_datasketchs():
    from datasketch import MinHash

    for text in REPORTS:
        words = text.split()
        shingles = {" ".join(words[i:i + 5]).encode() for i in range(len(words) - 4)}
        expected = MinHash(num_perm=BANDS * ROWS, seed=SEED, scheme="affine32")
        expected.update_batch(list(shingles))
        assert minhash(shingles).tolist() == expected.hashvalues.tolist()


def test_short_texts_join_nothing():
    assert story_bands("Shares rose 2 pct in early trade.") == []
    assert len(story_bands(REPORTS[0])) == BANDS


def test_stories_reach_the_export(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch({"articles": [article("orig", "Wire", "2024-03-01", "Report", REPORTS[0]),
                                    article("copy", "Daily", "2024-03-02", "Copy", copy_of(REPORTS[0]))]})
    export_store(store, tmp_path / "out")
    lines = (tmp_path / "out" / "articles.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert header[header.index("story_id"):header.index("story_size") + 1] == ["story_id", "story_size"]
    assert sum(",orig,2," in line for line in lines) == 2


def test_an_ingest_groups_a_copy_arriving_later(tmp_path):
    from components.ingest import ingest

    first = tmp_path / "wire.jsonl"
    first.write_text(json.dumps({"id": "w1", "title": "Budget vote", "source": "Wire", "published": "2024-03-01",
                                 "text": REPORTS[0]}) + "\n")
    later = tmp_path / "daily.jsonl"
    later.write_text(json.dumps({"id": "d1", "title": "Council backs budget", "source": "Daily",
                                 "published": "2024-03-02", "text": copy_of(REPORTS[0])}) + "\n"
                     + json.dumps({"id": "d2", "title": "Audit", "source": "Daily", "published": "2024-03-03",
                                   "text": REPORTS[2]}) + "\n")
    store = Store(tmp_path / "store")
    assert ingest([first], store, workers=1).ok
    assert ingest([later], store, workers=1).ok
    found = stories(store)
    assert found["d1"] == found["w1"] == ("w1", 2)
    assert found["d2"] == ("d2", 1)
