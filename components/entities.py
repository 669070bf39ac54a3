"""Named entities with canonical names (the news_entities pipe): spaCy NER, trimmed, relabelled, people merged.

Within one article a surname or partial name ("Netanyahu", "Mr. Trump") joins the full name it refers to
("Benjamin Netanyahu"); leading articles, possessives and titles stay out of the names. The label fixes are in
relabel.py, the names outside the story (captions, bylines) in margins.py, canonical names in names.py.
"""

from __future__ import annotations

import calendar
import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from components import gazetteer, lexicon
from components.acronyms import join_short_forms
from components.doc_text import doc_text as text_of_doc
from components.margins import CAPTION_HEAD as CAPTION_HEAD  # re-exported: quotes.py imports it from here
from components.margins import is_credit
from components.names import (
    POSSESSIVE,
    TITLES,
    build_people,
    is_given_name,
    name_key,
    opens_with_speech_verb,
    without_full_stop,
)
from components.names import canonical_person as canonical_person  # re-exported for quotes.py
from components.names import strip_titles as strip_titles  # re-exported for quotes.py
from components.person_clues import after_country, people_by_clues, split_listed, with_regnal_number
from components.place_clues import organisation_names
from components.records import EntityMention
from components.relabel import (
    AWARDS,
    NAME_LABELS,
    NOT_PEOPLE,
    PORTFOLIOS,
    TEAM_POSITIONS,
    after_titles,
    fix_label,
    lone_name_label,
    person_by_name,
    portfolio_span,
    relabel_people,
)
from components.relabel import PARTY_NAMES as PARTY_NAMES  # re-exported for quotes.py
from components.slots import initialled_people, table_people, table_relabelled
from components.works import paired_firms

Doc.set_extension("news_entities", default=[], force=True)
# surface form of a person as written (lowercased, titles stripped) -> canonical full name, for this doc
Doc.set_extension("news_people", default={}, force=True)

LEADING_WORDS = lexicon.words("determiners")
POSSESSIVE_WORD = re.compile(r"\w(?:'s|’s|‘s)$")
APOSTROPHE_S = frozenset({"'s", "’s", "‘s", "'", "’"})
TABLE_WORDS = lexicon.words("table_words")
NAME_PARTICLES = lexicon.words("name_particles")
NAME_CHARS = re.compile(r"[^\W\d_]", re.UNICODE)
MONTHS = frozenset(m.lower() for m in calendar.month_name if m)
CURRENCIES = lexicon.words("currencies")
COMPANY_PARTS = lexicon.words("company_parts")


def is_currency(text: str) -> bool:
    """Whether a name is a country's money ("U.S. Dollar", "Australian Dollar"): a currency unit after a country's
    name or adjective."""
    *place, unit = text.split() or [""]
    if unit.lower() not in CURRENCIES or not place:
        return False
    return any(p.kind in ("name", "demonym") for p in gazetteer.lookup(" ".join(place)))


def firms_not_places(doc: Doc, labelled: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Labels with one-word "places" no gazetteer knows made organisations in every mention (those tagged people too)
    when the article shows one to be a firm: a part of a company ("its Yugansk unit") or a company's use
    (`place_clues.organisation_names`: "Yugansk's shares")."""
    firms = set()
    companies = None
    for span, label in labelled:
        if label not in ("GPE", "LOC") or len(span) != 1 or span.text in firms or gazetteer.lookup(span.text):
            continue
        root = span.root
        if root.dep_ == "compound" and root.head.i == span.end and root.head.lower_ in COMPANY_PARTS:
            firms.add(span.text)
            continue
        companies = organisation_names(doc) if companies is None else companies
        if span.text in companies:
            firms.add(span.text)
    # the model's other guesses at the same word follow ("Yugansk was bought" tagged a person)
    return [(s, "ORG" if label in ("GPE", "LOC", "PERSON") and s.text in firms else label) for s, label in labelled]


def clean_span(ent: Span) -> Span | None:
    """The entity without leading articles, trailing possessives/punctuation, or anything past a line break."""
    start, end = ent.start, ent.end
    doc, label = ent.doc, ent.label_
    for i in range(start, end):
        tok = doc[i]  # each Token object made once: Doc[i] makes a new one at each read
        if "\n" in tok.text or "\n" in tok.whitespace_:
            end = i + 1 if tok.text.strip() else i
            break
        if i > start and tok.text == "(" and not any(t.text == ")" for t in doc[i + 1:end]):
            end = i  # a bracket the entity opens and never closes: "Jo Tan (Kenya" tagged as one organisation
            break
        if i > start and label == "PERSON":
            if tok.lower_ in APOSTROPHE_S or POSSESSIVE_WORD.search(tok.text):
                end = i + 1  # "Elizabeth May's Greens" -> "Elizabeth May's" (possessive trimmed below)
                break
            if doc[i - 1].whitespace_ and _breaks_name(tok) or tok.text[:1].isdigit() or tok.text == "(":
                # a scoreboard's "Saeed Anwar c Stewart b Gough", "Jo Tan - last year", a score "Norwich 1
                # Wolverhampton", a results row's country "Jo Tan (Kenya"
                end = i
                break
    while start < end:
        tok = doc[start]
        if not (tok.lower_ in LEADING_WORDS or not NAME_CHARS.search(tok.text)
                # a compound's first half broken off at a line's end: "a Japan-\nEuropean Community axis"
                or label != "PERSON" and tok.text.endswith("-") and tok.whitespace_):
            break
        start += 1
    while end > start:
        tok = doc[end - 1]
        if not (tok.tag_ == "POS" or tok.lower_ in APOSTROPHE_S or not NAME_CHARS.search(tok.text)
                or label == "PERSON" and tok.text[:1].isdigit()):  # "Robert Pires 46th"
            break
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=ent.label_)


def joined_firms(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans with a firm named after two people made whole: the model tags "Poor's Corp" of "Standard and Poor's
    Corp" (and maybe "Standard" alone), or "Standard" alone. A name whose first word is possessed goes on from the
    "and" before it, over words no other kind of name; an organisation goes on over "and" and an untagged possessed
    name after it."""
    joined = []
    for span in spans:
        start = span.start
        if span.label_ == "ORG" and len(span) > 2 and span[1].text in APOSTROPHE_S and start >= 2 \
                and doc[start - 1].lower_ in ("and", "&") and doc[start - 2].is_title \
                and doc[start - 2].ent_type_ in ("", "ORG"):  # "Lancaster and Morecambe's Arndale Centre"
            start -= 2
            while start and doc[start - 1].is_title and doc[start - 1].whitespace_ == " " \
                    and doc[start - 1].ent_type_ in ("", "ORG") and doc[start - 1].tag_ in ("NNP", "NNPS"):
                start -= 1
            joined = [s for s in joined if s.end <= start]
            span = Span(doc, start, span.end, label="ORG")
        end = span.end
        if span.label_ == "ORG" and end + 2 < len(doc) and doc[end].lower_ in ("and", "&") \
                and doc[end + 1].is_title and not doc[end + 1].ent_type_ and doc[end + 2].text in APOSTROPHE_S:
            span = Span(doc, span.start, end + 2, label="ORG")  # "Standard" tagged, "and Poor's" not
        joined.append(span)
    return joined


def _breaks_name(tok) -> bool:
    """A word no name goes on over: a spaced dash, or a lowercase word that is no particle ("c", "b", "crude")."""
    if tok.text in ("-", "–", "—"):
        return True
    return tok.is_alpha and tok.is_lower and tok.lower_ not in NAME_PARTICLES


def extend_person(doc: Doc, span: Span, known_surnames: frozenset[str] = frozenset()) -> Span:
    """A PERSON span grown over name parts the model left out: a given name before a lone surname that no full name
    in the article explains, which the parse attaches to it ("Mamadou Dia" tagged only "Dia"), and a hyphenated
    tail ("Moon Jae" + "-in"), and the surname after a lone given name that the parse makes its head, which the
    model read as a date or left out ("Theresa May", "Gwen April")."""
    start, end = span.start, span.end
    if len(span) == 1 and span.start > 0 and span[0].lower_ not in known_surnames:
        prev = doc[start - 1]
        if (prev.tag_ == "NNP" and not prev.ent_type_ and prev.text[:1].isupper() and prev.whitespace_ == " "
                and prev.lower_.rstrip(".") not in TITLES and prev.head.i == start and prev.dep_ == "compound"
                and prev.is_alpha and (is_given_name(prev.text) or not _headline_word(doc, prev))):
            start -= 1
    if (end < len(doc) and _title_free(doc, span)[0] == end - 1
            and _surname_after(doc[end - 1], doc[end])):
        end += 1
    if (end + 1 < len(doc) and doc[end].text in ("-", "‐") and not doc[end - 1].whitespace_
            and not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].text.islower()):
        end += 2
    # A name never ends in a particle: "Walter van der" goes on to "Vijver" whatever the model made of it.
    while end < len(doc) and doc[end - 1].lower_ in NAME_PARTICLES and doc[end].is_title and doc[end].is_alpha \
            and doc[end - 1].whitespace_:
        end += 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label="PERSON")


def _surname_after(given, nxt) -> bool:
    """Whether `nxt` is the surname of the lone given name `given`: a capitalised proper noun, untagged, or a month
    the model read as a one-word date (not "Wynne Friday"), right after it on its line, and the word the parse hangs
    the given name on; not in a line set in title case (a headline's "Clinton Acceptance")."""
    if not (given.whitespace_ == " " and given.dep_ == "compound" and given.head.i == nxt.i and nxt.is_title
            and nxt.is_alpha and nxt.tag_ in ("NNP", "NNPS") and is_given_name(given.text)
            and not _title_case_line(given)):
        return False
    if nxt.lower_ in MONTHS:  # "Theresa May", "Gwen April"
        return nxt.ent_type_ in ("", "DATE") and (nxt.i + 1 == len(nxt.doc) or nxt.doc[nxt.i + 1].ent_iob_ != "I")
    return not nxt.ent_type_ and not nxt.is_stop


def _title_case_line(tok) -> bool:
    """Whether most words of the line holding `tok` are capitalised, as in a headline."""
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
        end += 1
    words = [t for t in doc[start:end] if t.is_alpha]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) > 0.6 * len(words)


def joined_people(spans: list[Span]) -> list[Span]:
    """Two people the model tagged side by side, one space apart and both capitalised where they meet, off a
    headline's line, are one person's name cut in two ("Omar Rashid" "Ben Salem", "Ana Lucia" "Ferreira")."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (prev is not None and prev.label_ == span.label_ == "PERSON" and prev.end == span.start
                and prev[-1].whitespace_ == " " and prev[-1].text[:1].isupper() and span[0].text[:1].isupper()
                and not _title_case_line(span[0])):
            out[-1] = Span(span.doc, prev.start, span.end, label="PERSON")
            continue
        out.append(span)
    return out


def _headline_word(doc: Doc, tok) -> bool:
    """A capitalised word that is capitalised only for its position: a sentence or line opener, or all capitals."""
    if tok.is_sent_start or tok.i == 0 or tok.is_upper:
        return True
    prev = doc[tok.i - 1]
    return "\n" in prev.whitespace_ or "\n" in prev.text or prev.text in (":", "“", '"', "(", "—", "–")


def untagged_full_names(doc: Doc, lone: set[str]) -> list[str]:
    """Full names the model did not tag whose surname it tagged alone elsewhere: a known first name right before
    the surname ("Alexei Malashenko, a Moscow analyst, ..." then "Malashenko said")."""
    found = []
    for tok in doc[1:]:
        if tok.lower_ in lone and tok.tag_ == "NNP":
            prev = doc[tok.i - 1]
            if (prev.tag_ == "NNP" and prev.is_title and prev.whitespace_ == " " and is_given_name(prev.text)
                    and prev.ent_type_ in ("", "PERSON") and not opens_with_speech_verb(prev)):
                found.append(f"{prev.text} {tok.text}")
    return found


def _title_free(doc: Doc, span: Span) -> tuple[int, int]:
    """Token bounds of a PERSON span without its leading titles."""
    start = span.start
    if opens_with_speech_verb(doc[start]) and start < span.end - 1:
        start += 1  # 'Said Jo Tan, "..."': a verb of saying opening the sentence, read as a first name
    # "Minister of Mines and Energy Subroto": the end of a portfolio is not a given name either
    while start < span.end - 1 and (doc[start].lower_.rstrip(".") in TITLES or doc[start].lower_ in PORTFOLIOS):
        start += 1
    if span.end - start > 2 and doc[start].is_title and doc[start].lower_ in TEAM_POSITIONS:
        start += 1  # "Fullback Jo Tan" opening a sentence: a player's position, no part of the name
    # "Prime Minister" / "Vice President": a title word then a capitalised title word, already covered by the loop
    return start, span.end


@Language.component(
    "news_entities",
    requires=["doc.ents", "token.tag", "token.dep"],
    assigns=["doc._.news_entities", "doc._.news_people"],
)
def news_entities(doc: Doc) -> Doc:
    """Entity mentions with canonical names on `doc._.news_entities`, this article's people on `doc._.news_people`."""
    spans = joined_firms(doc, [s for s in (clean_span(after_country(ent)) for ent in doc.ents) if s is not None])
    spans = [s for s in (portfolio_span(span) for span in spans) if s is not None]
    spans = split_listed([s for s in spans if s.label_ not in NAME_LABELS or any(c.isupper() for c in s.text)])
    spans = joined_people(spans)
    known_surnames = frozenset(s[-1].lower_ for s in spans if s.label_ == "PERSON" and len(s) > 1
                               and s[-1].tag_ == "NNP" and "/" not in s.text)
    spans = table_relabelled(doc, initialled_people(spans))
    spans = sorted(spans + table_people(doc, spans), key=lambda s: s.start)
    trimmed = []
    for span in spans:
        span = person_by_name(doc, span, known_surnames) or span
        if span.label_ == "PERSON":
            span = with_regnal_number(doc, extend_person(doc, span, known_surnames))
            start, end = _title_free(doc, span)
            span = Span(doc, start, end, label="PERSON")
        trimmed.append(span)
    grown = {i for s in trimmed if s.label_ == "PERSON" for i in range(s.start, s.end)}
    trimmed = [s for s in trimmed if s.label_ == "PERSON" or not grown.intersection(range(s.start, s.end))]
    person_words = frozenset(
        w.lower() for s in trimmed if s.label_ == "PERSON" and len(s) > 1 for w in s.text.split()
    )
    doc_text = text_of_doc(doc)
    labelled = [(s, fix_label(s.text, s.label_, person_words)) for s in trimmed]
    labelled = [(after_titles(s) if label == "PERSON" and s.label_ != "PERSON" else s, label) for s, label in labelled]
    labelled = [(s, label) for s, label in labelled if label != "PERSON" or not is_credit(doc, s, doc_text)]
    labelled = [(s, "ORG" if label == "PERSON" and name_key(s.text) in NOT_PEOPLE else label) for s, label in labelled]
    labelled, listed = people_by_clues(doc, labelled)
    labelled = firms_not_places(doc, relabel_people(doc, paired_firms(labelled)))
    names = [without_full_stop(POSSESSIVE.sub("", " ".join(s.text.split())))
             for s, label in labelled if label == "PERSON"]
    lone = {name_key(n) for n in names if " " not in n} - {w for n in names if " " in n for w in name_key(n).split()}
    people = build_people(names + untagged_full_names(doc, lone) if lone else names)
    doc._.news_people = people
    mentions = []
    for span, label in labelled:
        end_char = span.end_char
        text = doc_text[span.start_char:end_char]
        tail = POSSESSIVE_WORD.search(text)
        if tail:
            end_char -= len(tail.group()) - 1
            text = doc_text[span.start_char:end_char]
        if label in NAME_LABELS and (text.split()[-1].lower().rstrip(".") in TABLE_WORDS or is_currency(text)):
            continue  # "Revs", "U.S. Dlrs", "42 CTS" (but "CTS Corp" is a company), "the U.S. Dollar"
        if label == "PERSON":
            end_char -= len(text) - len(without_full_stop(text))
            text = doc_text[span.start_char:end_char]
            key = name_key(POSSESSIVE.sub("", text))
            entity = people.get(key, " ".join(text.split()))
            if " " not in entity and span.start not in listed:
                label = lone_name_label(span)
                if label is None:
                    continue
        else:
            entity = " ".join(text.split())
        if entity.lower() in AWARDS:
            label = "EVENT"
        mentions.append(EntityMention(entity, label, text, span.start_char, end_char))
    doc._.news_entities = join_short_forms(doc_text, mentions)
    return doc

