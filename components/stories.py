"""Stories: near-duplicate articles (wire copy run by many outlets) grouped so a story can be counted once.

Each article gets a MinHash signature of its word 5-shingles (`datasketch`), cut into BANDS bands of ROWS values; each
band is hashed to one 64-bit key and stored with the article (`story_bands`). Two articles sharing any band key are
copies of one story: with 12 bands of 5 rows, texts whose shingle sets overlap by a Jaccard of 0.8 share a band 99%
of the time, at 0.7 89%, at 0.5 32%, at 0.3 3%, at 0.1 0.01%. A republished copy (a new headline, a boilerplate line, a
new id and source) keeps nearly all its shingles; two reports on one topic share few five-word runs.

A story is named after its earliest article (by date, then id) among those sharing a band with an article, which
the store's views compute at read time: grouping needs no index kept between ingests, a Dask ingest gets it for free,
and an article ingested later joins the story its copies already form.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

BANDS, ROWS = 12, 5
SHINGLE_WORDS = 5
MIN_WORDS = 25  # shorter texts (briefs, tables of figures) are grouped with nothing
SEED = 1  # the permutations: keys from different seeds never match, so this never changes
WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's "affine32" permutations h -> a * h + b (mod 2**32) for SEED: odd multipliers a, offsets b."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, BANDS * ROWS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, BANDS * ROWS, dtype=np.uint32)
    return a, b


def minhash(items: set[bytes]) -> np.ndarray:
    """datasketch's MinHash of `items` (scheme "affine32", its default since 2.0, with SEED): the same values,
    computed here because importing datasketch imports scipy for its LSH indexes, half a second of every ingest's
    start (tests/test_stories.py holds the two to each other)."""
    hv = np.array([int.from_bytes(hashlib.sha1(item).digest()[:4], "little") for item in items], dtype=np.uint32)
    # MurmurHash3's finalizer mixes each hash once before the permutations, as datasketch does
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    a, b = _permutations()
    return (hv.reshape(-1, 1) * a + b).min(axis=0)


def story_bands(text: str) -> list[int]:
    """The article's band keys; [] for a text too short to tell copies from chance."""
    words = WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return []
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    values = np.asarray(minhash({s.encode() for s in shingles}), dtype=np.uint64)
    return [int.from_bytes(hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).digest(),
                           "little", signed=True) for b in range(BANDS)]


# article_id -> story_id (its story's earliest article) and story_size, over a relation `articles` with
# article_id, published and story_bands.
STORIES_SQL = """
    WITH bands AS (
        SELECT article_id, published, unnest(story_bands) AS band FROM articles),
    first_of_band AS (
        SELECT band, arg_min(article_id, (published IS NULL, published, article_id)) AS first FROM bands GROUP BY band),
    first AS (
        SELECT b.article_id, arg_min(f.first, (a.published IS NULL, a.published, f.first)) AS story_id
        FROM bands b JOIN first_of_band f USING (band) JOIN articles a ON a.article_id = f.first
        GROUP BY b.article_id)
    SELECT a.article_id, coalesce(f.story_id, a.article_id) AS story_id,
           count(*) OVER (PARTITION BY coalesce(f.story_id, a.article_id)) AS story_size
    FROM articles a LEFT JOIN first f USING (article_id)
"""
