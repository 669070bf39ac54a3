"""The records extraction produces: small frozen dataclasses, one per row of a stored table."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Record:
    def to_dict(self) -> dict:
        # field by field: `dataclasses.asdict` deep-copies every value, a tenth of an ingest's own Python time
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Article(Record):
    article_id: str
    title: str
    text: str
    source: str = ""
    published: str = ""  # ISO 8601 date (YYYY-MM-DD) or "" when unknown
    url: str = ""
    dateline: str = ""
    origin: str = ""  # file (and line) the article came from
    # The record's other short fields ("category": ("business",)), each a tuple of values (components/metadata.py);
    # left out of the hash so an article stays hashable.
    metadata: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class EntityMention(Record):
    entity: str  # canonical name, the same across the corpus ("Benjamin Netanyahu")
    label: str  # spaCy label after fixes: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...
    text: str  # as written ("Netanyahu's" -> "Netanyahu")
    start_char: int
    end_char: int
    gender: str = ""  # PERSON mentions: female, male or unknown (see components/gender.py); "" for other labels
    gender_evidence: str = ""  # what the gender rests on, e.g. "Ms, she x2, first name Carolyn"


@dataclass(frozen=True)
class Quote(Record):
    quote: str  # the quoted words, without the quote marks
    speaker: str  # canonical full name, "" when no speaker was found
    speaker_text: str  # as written at the attribution ("he", "Putin")
    cue: str  # the cue verb as written ("said", "added", "according to")
    start_char: int  # span of the quoted words in the article text
    end_char: int
    speaker_gender: str = ""  # the speaker's gender (female, male, unknown); "" without a speaker
    speaker_role: str = ""  # the role the article gives the speaker ("Finance Minister", "spokesman for Vodafone")
    speaker_role_class: str = ""  # its class: politician or official, business, spokesperson, ... (components/roles.py)
    kind: str = "direct"  # direct (words in quotation marks) or indirect (reported speech, the reported clause)


@dataclass(frozen=True)
class CountryMention(Record):
    iso3: str  # ISO 3166-1 alpha-3
    country: str  # common English name
    text: str  # as written ("Israeli", "Sochi")
    kind: str  # name, city, region, demonym, metonym, ...
    start_char: int
    end_char: int
