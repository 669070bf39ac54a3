"""Voices: the gender of the people named and quoted, counted once per article, per source and over time."""

from datetime import date

import pandas as pd
import pytest

from components import voices
from components.filters import Filters
from components.snapshot import Snapshot
from components.store import Store


def article(article_id: str, source: str, published: str | None) -> dict:
    return {"article_id": article_id, "content_hash": article_id, "title": article_id, "source": source,
            "published": date.fromisoformat(published) if published else None, "url": "", "dateline": "",
            "n_words": 10, "origin": "", "text": "text"}


def person(article_id: str, name: str, gender: str, start: int = 0) -> dict:
    return {"article_id": article_id, "entity": name, "label": "PERSON", "text": name, "start_char": start,
            "end_char": start + 1, "gender": gender, "gender_evidence": ""}


def quote(article_id: str, speaker: str, gender: str, start: int = 0, role_class: str = "") -> dict:
    return {"article_id": article_id, "quote": "words words words", "speaker": speaker, "speaker_text": speaker,
            "cue": "said", "start_char": start, "end_char": start + 1, "speaker_gender": gender,
            "speaker_role": role_class, "speaker_role_class": role_class}


@pytest.fixture
def snap(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch({
        "articles": [article("a1", "Times", "2024-01-05"), article("a2", "Times", "2024-02-10"),
                     article("a3", "Post", None)],
        "entities": [
            # Ann named three times in a1 counts once there; Bob is in two articles
            person("a1", "Ann Lee", "female", 0), person("a1", "Ann Lee", "female", 5), person("a1", "Ann Lee",
                                                                                               "female", 9),
            person("a1", "Bob Ray", "male", 20), person("a2", "Bob Ray", "male", 0), person("a3", "Kim Oh", "unknown"),
            {"article_id": "a2", "entity": "Vodafone", "label": "ORG", "text": "Vodafone", "start_char": 30,
             "end_char": 38, "gender": "", "gender_evidence": ""},
        ],
        "quotes": [quote("a1", "Ann Lee", "female", 0, "business"), quote("a1", "Ann Lee", "female", 50, "business"),
                   quote("a2", "Bob Ray", "male"), quote("a2", "Vodafone", "unknown", 60, "spokesperson"),
                   # a woman quoted whom the model did not tag a person, her gender read from her first name
                   quote("a3", "Krystal Ames", "female", 70)],
        "countries": [],
    })
    return Snapshot.load(store)


def test_people_count_once_per_article_and_organisations_are_no_voice(snap):
    shares = voices.voice_shares(snap, Filters()).set_index(["group", "gender"])
    assert shares.loc[("people named", "female"), "people"] == 1
    assert shares.loc[("people named", "female"), "mentions"] == 3
    assert shares.loc[("people named", "male"), "people"] == 2
    assert shares.loc[("people named", "unknown"), "people"] == 1
    assert shares.loc[("people named", "male"), "share"] == pytest.approx(0.5)
    quoted = shares.loc["people quoted"]
    assert dict(quoted["people"]) == {"female": 2, "male": 1}  # Vodafone speaks, but is not a person
    assert quoted.loc["female", "mentions"] == 3


def test_filters_narrow_the_people(snap):
    shares = voices.voice_shares(snap, Filters(sources=("Post",)))
    assert list(zip(shares["group"], shares["gender"])) == [("people quoted", "female"), ("people named", "unknown")]


def test_by_source_and_over_time(snap):
    by_source = voices.voices_by_source(snap, Filters()).set_index(["source", "group"])
    assert by_source.loc[("Times", "people named"), "female_share"] == pytest.approx(1 / 3)
    assert by_source.loc[("Post", "people named"), "unknown"] == 1
    assert pd.isna(by_source.loc[("Post", "people named"), "female_share"])  # nobody of known gender
    timeline = voices.voices_over_time(snap, Filters(), period="month")
    named = timeline[timeline["group"] == "people named"]
    assert list(named["female_share"]) == [0.5, 0]  # January: Ann and Bob; February: Bob; undated a3 left out
    assert list(pd.to_datetime(named["period"]).dt.month) == [1, 2]
    with pytest.raises(ValueError):
        voices.voices_over_time(snap, Filters(), period="fortnight")


def test_top_voices(snap):
    assert voices.top_voices(snap, Filters(), gender="female").to_dict("records") == [
        {"person": "Ann Lee", "quotes": 2, "articles": 1}, {"person": "Krystal Ames", "quotes": 1, "articles": 1}]


def test_the_share_of_women_is_drawn_on_a_whole_scale():
    from components import charts

    fig = charts.women_share_bar(pd.DataFrame({"source": ["A"], "female": [0], "male": [2], "female_share": [0.0]}),
                                 title="t")
    assert tuple(fig.layout.xaxis.range) == (0, 1)


def test_source_roles_count_a_source_once_per_article_named_or_not(snap):
    roles = voices.source_roles(snap, Filters()).set_index("role_class")
    # Ann's two quotes in a1 are one source; the unnamed spokesperson is a source too; no role is its own row, last
    assert list(roles.index) == ["business", "spokesperson", "no role given"]
    assert roles.loc["business", ["sources", "female", "male", "unknown", "quotes"]].tolist() == [1, 1, 0, 0, 2]
    assert roles.loc["spokesperson", ["sources", "unknown"]].tolist() == [1, 1]
    assert roles.loc["no role given", ["sources", "male", "female"]].tolist() == [2, 1, 1]
