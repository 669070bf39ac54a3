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
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=BANDS * ROWS, seed=SEED, scheme="affine32").permutations


def story_bands(text: str) -> list[int]:
    """The article's band keys; [] for a text too short to tell copies from chance."""
    from datasketch import MinHash

    words = WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return []
    minhash = MinHash(num_perm=BANDS * ROWS, seed=SEED, permutations=_permutations(), scheme="affine32")
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    minhash.update_batch([s.encode() for s in shingles])
    values = np.asarray(minhash.hashvalues, dtype=np.uint64)
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
