"""The roles the article gives the people it quotes: "Finance Minister", "a Vodafone spokesman", "professor of LSE".

`news_roles` runs after `news_quotes` (and `news_gender`). A quote's role comes from its own attribution when that is
a role rather than a name ("the mayor said", "a Vodafone spokesman said", "police said"), else from the words the
article puts next to the speaker's name anywhere: a title before it ("Finance Minister Wolfgang Schaeuble") or an
apposition after it ("Jane Doe, chief economist at ING,"). The role's head noun picks one of a few classes a media
researcher uses (`CLASSES`, word lists in `components/lexicon/roles_*.txt`); a role whose words fit no class is
`other`, and a quote with no role words has an empty role and class.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from components import lexicon

OTHER = "other"
# class -> its lexicon file; the first class whose list holds the role's head noun wins.
CLASSES = {
    "spokesperson": "roles_spokesperson",
    "police or military": "roles_police_military",
    "expert or academic": "roles_expert",
    "business": "roles_business",
    "politician or official": "roles_official",
    "citizen": "roles_citizen",
    OTHER: "roles_other",
}
# Tags of the words a title before a name is made of ("Vodafone chief executive Vittorio Colao").
TITLE_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "HYPH"})
# Words after which a role's head noun phrase ends ("spokesman for Vodafone", "professor of economics at LSE").
HEAD_END = frozenset({"of", "for", "at", "in", "with", "from", "on", "to", ",", "and", "who", "which", "that"})
ROLE_END = frozenset({",", ";", "(", ")", ".", ":", "\"", "“", "”", "\n", "\n\n"})
NOT_ROLE_ENTS = frozenset({"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "him", "her", "them"})
MAX_ROLE_TOKENS = 8


def role_class(role: str, organisation: bool = False) -> str:
    """The class of a role phrase, read from its head noun phrase right to left ("chief economist at ING" ->
    "expert or academic"; "press secretary" before "secretary"); "" for no role, `other` when no class fits.
    An ambiguous head ("chairman", "chief") gives way to a word of a definite class before it ("police chief") and
    else takes the class of the body named with it ("Federal Reserve chairman", "chairman of the bank"); with
    `organisation` (the phrase names an organisation: "EBay president") a body that is not public is a business."""
    words = []
    for word in role.lower().replace("'s", " ").replace("’s", " ").split():
        if word in HEAD_END:
            break
        words.append(word.strip(",.;:-"))
    ambiguous = ""
    for i in range(len(words) - 1, -1, -1):
        for phrase in (" ".join(words[i - 1:i + 1]) if i else "", words[i]):
            found = next((name for name, file in CLASSES.items() if phrase and phrase in lexicon.words(file)), "")
            if found and phrase in lexicon.words("roles_ambiguous"):
                ambiguous = ambiguous or found
            elif found:
                return found
    if ambiguous:
        return _body_class(role.lower().split(), ambiguous, organisation)
    return OTHER if words else ""


def _body_class(words: list[str], found: str, organisation: bool) -> str:
    """The class of an ambiguous head from the body named with it, else `found` (its own list's class)."""
    if any(word.strip(",.") in lexicon.words("roles_public_bodies") for word in words):
        return "politician or official"
    if organisation or any(word.strip(",.") in lexicon.words("roles_companies") for word in words):
        return "business"
    return found


def _is_role_word(tok: Token) -> bool:
    # "-ing" words tagged as nouns are mostly participles ("a weeping Jo Tan")
    return tok.tag_.startswith("NN") and tok.ent_type_ not in NOT_ROLE_ENTS and tok.is_alpha and tok.suffix_ != "ing"


def title_before(doc: Doc, span: Span) -> str:
    """The title words of the name's own noun phrase before it, on its line ("Finance Minister", "Vodafone chief
    executive"), ending on a noun; "" when there are none."""
    start = span.start
    while start > 0:
        tok = doc[start - 1]
        if "\n" in tok.whitespace_ or tok.tag_ not in TITLE_TAGS or tok.ent_type_ in NOT_ROLE_ENTS:
            break
        if not tok.i < tok.head.i < span.end:  # not a word of this name's phrase ("Monday Smith said")
            break
        start -= 1
    words = doc[start:span.start]
    if not words or not _is_role_word(words[-1]):
        return ""
    return words.text if any(role_class(t.text) not in ("", OTHER) or t.is_lower for t in words) else ""


def apposition_after(doc: Doc, span: Span) -> str:
    """The apposition after a name ("Jane Doe, chief economist at ING in London," -> "chief economist at ING in
    London"), without its determiner, up to its first comma; "" when there is none."""
    if span.end >= len(doc) or doc[span.end].text != ",":
        return ""
    for tok in doc[span.end + 1:span.end + 6]:
        if tok.dep_ == "appos" and tok.head.i in range(span.start, span.end) and _is_role_word(tok) and tok.is_lower:
            start = tok.left_edge.i if tok.left_edge.i > span.end else tok.i
            while doc[start].dep_ in ("det", "poss", "punct") or doc[start].tag_ == "POS":
                start += 1
            end = start
            # the apposition ends at its comma, or at the verb when the writer left the comma out
            while (end < min(len(doc), start + MAX_ROLE_TOKENS) and doc[end].text not in ROLE_END
                   and not doc[end].tag_.startswith("VB")):
                end += 1
            return doc[start:end].text.rstrip(" -")
    return ""


def role_before_apposition(doc: Doc, span: Span) -> str:
    """The role a name stands in apposition to ("the prime minister, Justin Trudeau, said" -> "prime minister")."""
    head = span.root.head
    if span.root.dep_ != "appos" or not head.i < span.start or not _is_role_word(head) or not head.is_lower:
        return ""
    start = head.left_edge.i
    while doc[start].dep_ in ("det", "poss", "punct") or doc[start].tag_ == "POS":
        start += 1
    return doc[start:head.i + 1].text if head.i - start < MAX_ROLE_TOKENS else ""


def attribution_role(speaker_text: str, speaker: str) -> str:
    """The attribution itself when it is a role, not a name or a pronoun ("the mayor" -> "mayor")."""
    words = speaker_text.split()
    if not words or speaker_text.lower() in PRONOUNS or (speaker and speaker_text in speaker):
        return ""
    if words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    role = " ".join(words)
    return role if role_class(role) not in ("", OTHER) else ""


@Language.component(
    "news_roles",
    requires=["doc._.news_entities", "doc._.news_quotes"],
    assigns=["doc._.news_quotes"],
)
def news_roles(doc: Doc) -> Doc:
    """Set `speaker_role` and `speaker_role_class` on the quotes of a Doc."""
    person_role: dict[str, str] = {}
    for ent in doc._.news_entities:
        if ent.label == "PERSON" and ent.entity not in person_role:
            span = doc.char_span(ent.start_char, ent.end_char, alignment_mode="expand")
            role = span is not None and (title_before(doc, span) or role_before_apposition(doc, span)
                                         or apposition_after(doc, span))
            if role:
                person_role[ent.entity] = role
    for quote in doc._.news_quotes:  # "the prime minister said" names Trudeau's role for his other quotes too
        role = attribution_role(quote.speaker_text, quote.speaker)
        # (a direct quote's attribution: reported speech resolves "the doctor" less surely, and leaves them be)
        if role and quote.speaker and quote.kind == "direct":
            person_role.setdefault(quote.speaker, role)
    organisations = {ent.text for ent in doc._.news_entities if ent.label == "ORG"}
    quotes = []
    for quote in doc._.news_quotes:
        role = attribution_role(quote.speaker_text, quote.speaker) or person_role.get(quote.speaker, "")
        names_org = any(name in role for name in organisations)
        quotes.append(replace(quote, speaker_role=role, speaker_role_class=role_class(role, names_org)))
    doc._.news_quotes = quotes
    return doc
