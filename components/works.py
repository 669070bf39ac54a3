"""Evidence in one article that a name the model tags PERSON names a creative work, a group of people or a character.

A work: the name right after a kind of work ("the abortion drama Nora Blake", "the children's film Nora Blake"),
counted in a series ("the third Henry Tolliver film"), bearing what only a work has ("the Henry Tolliver series",
"Nora Blake star Ann Lee") or opening a title ("Henry Tolliver and the Half-Blood Prince"); not after a possessive,
which a work ("Tom Hale's Nora Blake") shares with a player ("Wenger's Thierry Henry"). A group: a band member's band
("Jonas Rivet frontman Alex Kell"), a player's team ("Hartside centre Jo Tan", "M Kell (Hartside)"), the one a
spokesman speaks for, one name in a list of organisations ("Yahoo, Ask Bertram, Amazon and Google"), or a firm's
name that goes on past "and" ("Samuel Montagu and Co Ltd", "Evans and Sutherland Computer Corp") or that a wire sets in
its company brackets ("<Teck Hock and Co (Pte) Ltd>"); one mention of a surname may name a family ("the Hunt
family"). A character: the role an actor named in brackets plays ("Kaye (Rhoda Vance)").
`components/relabel.py` weighs this against the article's evidence of a person (a title, "he", "she").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from components import lexicon
from components.names import is_given_name

WORK_NOUNS = lexicon.words("work_nouns")
# What only a work has, or a series of works: "the Henry Tolliver series", "Nora Blake star Ann Lee".
WORK_PARTS = lexicon.words("work_parts")
# A band member's band, a player's team: "Jonas Rivet frontman Alex Kell", "Hartside centre Jo Tan".
MEMBER_NOUNS = lexicon.words("band_member_nouns") | lexicon.words("team_positions")
SPOKES_NOUNS = lexicon.words("quote_spokes_nouns")
FAMILY_NOUNS = lexicon.words("family_nouns")
FIRM_TAILS = lexicon.words("company_forms") | lexicon.words("firm_tails")
TITLE_WORDS = lexicon.words("person_titles") | lexicon.words("titles")
NOUN_TAGS = ("NN", "NNS", "NNP", "NNPS")


def _work_noun(tok: Token) -> bool:
    return tok.lower_ in WORK_NOUNS and tok.tag_ in NOUN_TAGS and tok.is_lower


def _names_the_work_before(span: Span) -> bool:
    """Right after a kind of work: "the drama Nora Blake", not "the film Jo Tan directed" (a clause on the work)."""
    if span.start == 0 or not _work_noun(before := span.doc[span.start - 1]):
        return False
    root = span.root
    return not (root.dep_ in ("nsubj", "nsubjpass") and root.head.i > span.end - 1 and root.head.head == before)


def _series_of(span: Span) -> bool:
    """Modifying a kind of work that is counted ("the third Henry Tolliver film"; "the Tom Hale film" may be his),
    or what only a work has ("the Henry Tolliver series", "Nora Blake star Ann Lee")."""
    root = span.root
    head = root.head
    if root.dep_ != "compound" or head.i < span.end or head.tag_ not in NOUN_TAGS or not head.is_lower:
        return False
    return head.lower_ in WORK_PARTS or _work_noun(head) and any(
        c.ent_type_ == "ORDINAL" for c in head.children if c.i < span.start)


def _opens_title(span: Span, labels: dict[int, str]) -> bool:
    """Followed by "and the" and capitalised words no entity holds, not a title: "Henry Tolliver and the Half-Blood
    Prince", "... and the Prisoner of Azkaban" (not "... and the Queen")."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].lower_ != "and" or doc[span.end + 1].text != "the":
        return False
    words = []
    for tok in doc[span.end + 2:span.end + 8]:
        if tok.is_punct and tok.text == "-":
            continue
        if not tok.is_title or tok.ent_type_ or tok.i in labels:
            break
        words.append(tok)
    # two words or one "of" more ("the Prisoner of Azkaban"): a lone plural is a band ("Dido and the Sugababes")
    more = span.doc[words[-1].i + 1].lower_ == "of" if words and words[-1].i + 1 < len(doc) else False
    return (len(words) >= 2 or more) and words[0].lower_ not in TITLE_WORDS


def work_evidence(span: Span, labels: dict[int, str]) -> bool:
    """Whether this mention of a PERSON-tagged name shows it to be a work; `labels` maps the token indices of the
    article's entities to their labels."""
    return _names_the_work_before(span) or _series_of(span) or _opens_title(span, labels)


def character_evidence(span: Span, labels: dict[int, str]) -> bool:
    """Whether this mention shows the name to be a character someone plays: a full name of someone else in brackets
    right after it ("Kaye (Rhoda Vance)", "Bedders (a wonderful Dean Tolliver)") or it after "as" in brackets behind
    an actor ("Pat Sayer (as Merlin)"). Not a shorter or longer form of the same name ("Tan (Jo Tan)") nor a one-word
    aside ("Boris Nikolayevich (Yeltsin)")."""
    doc = span.doc
    words = {w.lower() for w in span.text.split()}
    if span.end + 3 < len(doc) and doc[span.end].text == "(":
        close = next((t.i for t in doc[span.end + 1:span.end + 10] if t.text in (")", "(")), None)
        if close is not None and doc[close].text == ")" and labels.get(close - 1) == labels.get(close - 2) == "PERSON":
            start = close - 1
            while labels.get(start - 1) == "PERSON" and start - 1 > span.end:
                start -= 1
            # any words before the actor's name are lowercase praise or "played by", not "as" (the name is the actor)
            lead_in = all(t.is_lower and t.lower_ != "as" for t in doc[span.end + 1:start])
            other = {t.lower_ for t in doc[start:close]}
            if lead_in and not words & other:
                return True
    if span.end >= len(doc) or doc[span.end].text != ")":
        return False
    i = span.start - 1  # back over quote marks and lowercase words: "(as “old” Merlin)"
    while i > span.start - 5 and i > 0 and (doc[i].is_quote or doc[i].is_lower) and doc[i].lower_ != "as":
        i -= 1
    return i >= 2 and doc[i].lower_ == "as" and doc[i - 1].text == "(" and labels.get(i - 2) == "PERSON"


def group_evidence(span: Span, labels: dict[int, str]) -> bool:
    """Whether this mention shows the name to be an organisation: a band member's band or a player's team (before a
    position); unless it opens with a given name, the club in brackets after a player, the one a spokesman speaks
    for, or one of a list of three or more names all others of which are organisations."""
    root = span.root
    doc = span.doc
    if root.dep_ == "compound" and root.head.i >= span.end and root.head.lower_ in MEMBER_NOUNS:
        return True
    if _firm_name(span):
        return True
    if is_given_name(span[0].text):
        return False  # "a spokesman for Michael Howard", "Eminem, Usher and Robbie Williams", "Lance (Tom Tan)"
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if (3 <= span.start and span.end < len(doc) and doc[span.start - 1].text == "(" and doc[span.end].text == ")"
            and labels.get(span.start - 2) == labels.get(span.start - 3) == "PERSON"
            and (after is None or after.text in (",", ";", ".") or "\n" in doc[span.end].whitespace_ + after.text)):
        # a player's club in a team sheet, "M Kell (Hartside), P Ross (Cardwell)"; not "Mike (Ruddock)", "Kaye
        # (Ann Dorley)" or a surname in a sentence, "agreed with Boris Nikolayevich (Yeltsin) yesterday"
        return True
    if len(span) > 1 and root.dep_ == "pobj" and root.head.lower_ == "for" and root.head.head.lower_ in SPOKES_NOUNS:
        return True  # "a spokesman for Ask Bertram" (not for a surname, "a spokesman for Yeltsin")
    members = {t.i for t in root.conjuncts if not span.start <= t.i < span.end}
    if root.dep_ == "appos" and root.head.i in labels:  # "Yahoo, Ask Bertram" parsed as one naming the other
        members |= {root.head.i, *(t.i for t in root.head.conjuncts if t.i != root.i)}
    return len(members) >= 2 and all(labels.get(i) == "ORG" for i in members)


def names_family(span: Span) -> bool:
    """Whether this mention of a surname alone names a family or the group around it ("the Hunt family", "the
    Soriano group"), and not the person other mentions name ("Soriano led a bid"); "Bob Bryan brothers" is one of
    them."""
    root = span.root
    return len(span) == 1 and root.dep_ == "compound" and root.head.i >= span.end and root.head.lower_ in FAMILY_NOUNS


def _firm_name(span: Span) -> bool:
    """Whether the name is part of a firm's: "and" or "&" then capitalised words ending in a company's form ("Samuel
    Montagu and Co Ltd", "Evans and Sutherland Computer Corp"), or inside the angle brackets Reuters sets company names
    in ("<Teck Hock and Co (Pte) Ltd>", "<P.W. Stephens>"). Not a last name after a list the model tags an
    organisation: "Robertson, Colman and Stephens" is a firm, "Eminem, Usher and Robbie Williams" three singers."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].lower_ in ("and", "&"):
        for tok in doc[span.end + 1:span.end + 6]:
            if tok.lower_ in FIRM_TAILS and tok.text[:1].isupper():
                return True
            if not (tok.text[:1].isupper() or tok.text == ".") or "\n" in tok.whitespace_:
                break
    opening = next((t for t in reversed(doc[max(span.start - 3, 0):span.start]) if t.text in "<>" or t.is_space), None)
    if opening is None or opening.text != "<":
        return False
    closing = next((t for t in doc[span.end:span.end + 12] if t.text in "<>" or "\n" in t.text_with_ws), None)
    return closing is not None and closing.text == ">"


def paired_firms(labelled: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Labels with a firm named after two people that the model tags as two (a rating agency, "Keller and Dunmore")
    made one organisation: two one-word "people" joined by "and" or "&", not in a longer list, whom the article names
    only so, never apart nor in a full name, and who are one ("... said it had cut its rating") or are named so
    twice."""
    doc = labelled[0][0].doc if labelled else None
    pairs = {}  # position in `labelled` of a pair's first name -> the pair
    for k in range(len(labelled) - 1):
        (a, a_label), (b, b_label) = labelled[k], labelled[k + 1]
        if (a_label == b_label == "PERSON" and len(a) == len(b) == 1 and b.start == a.end + 1
                and doc[a.end].lower_ in ("and", "&") and a[0].is_title and b[0].is_title
                and not _in_list(doc, a.start - 1) and not _in_list(doc, b.end)):
            pairs[k] = (a.text, b.text)
    if not pairs:
        return labelled
    paired = {i for k in pairs for i in (k, k + 1)}
    apart = {w.lower() for i, (span, label) in enumerate(labelled) if label == "PERSON" and i not in paired
             for w in span.text.split()}
    named = list(pairs.values())
    firms = {k for k, pair in pairs.items() if not {w.lower() for w in pair} & apart
             and (named.count(pair) > 1 or _one_thing(labelled[k + 1][0]))}
    out = []
    for k, (span, label) in enumerate(labelled):
        if k - 1 in firms:
            continue
        out.append((Span(doc, span.start, labelled[k + 1][0].end, label="ORG"), "ORG") if k in firms else (span, label))
    return out


def _in_list(doc, i: int) -> bool:
    """Whether token `i`, next to a pair of names, goes on a list of them: "Lee and Obama and Biden", "Lee, Obama
    and Biden"."""
    return 0 <= i < len(doc) and doc[i].lower_ in (",", "and", "&")


def _one_thing(last: Span) -> bool:
    """Whether the sentence goes on to take up the names ending at `last` as one thing ("it", "its"), before it
    takes up any person or people ("he", "they")."""
    for tok in last.doc[last.end:last.end + 12]:
        if tok.is_sent_start:
            return False
        if tok.lower_ in ("it", "its", "itself"):
            return True
        if tok.lower_ in ("he", "she", "they", "his", "her", "their", "him", "them"):
            return False
    return False
