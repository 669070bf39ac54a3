"""Direct quotations with their cue verb and speaker, the speaker resolved to a canonical full name.

Quoted segments are found from the quote marks paragraph by paragraph (straight, curly, and single quote marks when an
article uses those as quote marks); a quote left open at the end of a paragraph runs on into the next one. Each segment
is attributed through the parse (the cue verb governing the quote, or the cue right after / before it) and its subject;
pronouns, bare surnames and definite role nouns ("the minister") go to the most salient person before them, salience
weighing each mention by recency, grammatical role and being newly introduced or a speaker (Lappin and Leass in small).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from components.entities import CAPTION_HEAD, PARTY_NAMES, canonical_person, strip_titles
from components.names import name_gender
from components.records import Quote

Doc.set_extension("news_quotes", default=[], force=True)

CUE_BASES = """say tell add ask explain write note state declare claim argue insist warn recall tweet post acknowledge
admit announce answer reply respond remark observe comment suggest predict quip joke concede counter complain confirm
emphasize emphasise stress exclaim shout yell whisper mutter urge promise vow pledge boast lament testify recount report
continue conclude caution contend maintain allege assert agree deny reiterate repeat offer scoff plead demand wonder
muse chime interject elaborate point describe characterize characterise call brag fume retort recall reason estimate
admonish read mention scold stutter""".split()
IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "admit": ("admits", "admitted", "admitting"),
    "quip": ("quips", "quipped", "quipping"),
    "brag": ("brags", "bragged", "bragging"),
    "chime": ("chimes", "chimed", "chiming"),
}
# Verbs of saying whose object is the addressee or whose meaning is too broad to attribute a quote unaided.
WEAK_CUES = frozenset({"call", "describe", "characterize", "characterise", "offer", "continue", "point", "agree"})


def verb_forms(base: str) -> set[str]:
    """Inflected forms of a regular English verb (the pipeline has no lemmatizer)."""
    if base in IRREGULAR:
        return {base, *IRREGULAR[base]}
    if base.endswith(("s", "sh", "ch", "x", "z")):
        third = base + "es"
    elif base.endswith("y") and base[-2] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("e"):
        past = base + "d"
    elif base.endswith("y") and base[-2] not in "aeiou":
        past = base[:-1] + "ied"
    else:
        past = base + "ed"
    if base.endswith("e") and not base.endswith("ee"):
        ing = base[:-1] + "ing"
    else:
        ing = base + "ing"
    return {base, third, past, ing}


CUE_FORMS: dict[str, str] = {form: base for base in CUE_BASES for form in verb_forms(base)}
# Verbs of perceiving: the words someone heard or saw said are the words of who said them.
PERCEPTION_FORMS = frozenset(
    form for base in ("hear", "see", "watch", "overhear", "witness", "notice") for form in verb_forms(base)
) | {"heard", "saw", "seen", "overheard"}
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her"})
# Role nouns that, made definite ("the minister"), point back at a person already named.
ROLE_NOUNS = frozenset(
    """minister president premier senator governor mayor spokesman spokeswoman spokesperson official chief director
    secretary chairman chairwoman leader commissioner ambassador congressman congresswoman lawmaker candidate nominee
    prosecutor judge lawyer attorney coach manager founder ceo executive professor researcher author officer sheriff
    chancellor envoy diplomat general colonel captain inspector superintendent representative councillor councilor
    mother father woman man son daughter wife husband activist teacher doctor analyst economist expert player rookie
    veteran defenceman defenseman forward goalie goaltender striker midfielder quarterback pitcher victim witness
    resident owner student worker driver neighbour neighbor friend survivor singer actor actress star artist writer
    host reporter journalist scientist physician nurse farmer soldier priest pastor governor-elect strategist
    historian governor nominee incumbent challenger billionaire businessman businesswoman official""".split()
)
ORG_NOUNS = frozenset(
    """ministry department government company firm group agency police office campaign party committee council
    organization organisation association union team club board commission court administration army military
    embassy institute university hospital school network service authority bank regulator coalition""".split()
)
# Things that speak for their author ("her statement read", "his tweet said").
DOCUMENT_NOUNS = frozenset(
    "statement post tweet email e-mail letter release message note memo blog column op-ed filing testimony".split()
)
# Documents an organisation issues: unowned ("a statement said"), they speak for the organisation just named.
ISSUED_NOUNS = frozenset({"statement", "release", "communique", "communiqué"})
# Works that speak in their own name ("the book said", "the ad says"); never a person's role.
WORK_NOUNS = DOCUMENT_NOUNS | frozenset(
    "book article ad advert advertisement clip spot video film report memoir study survey poll lawsuit suit claim "
    "complaint document documents ruling decision bill law website headline story editorial".split()
)
# Tags a title before a name is made of ("Vancouver peewee hockey coach Jo Tan").
TITLE_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "HYPH", "POS", "CD"})
MALE = frozenset({"he", "him", "his", "himself", "mr", "mr."})
FEMALE = frozenset({"she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
DOUBLE_MARKS = re.compile(r"[\"“”„]")
SINGLE_MARKS = re.compile(r"[‘’']")
PARAGRAPHS = re.compile(r"[^\n]+")
WORD = re.compile(r"\w")
# "Name: ..." opening a transcript paragraph, the name in capitals ("PENCE:", "MR. TRUMP:")
TRANSCRIPT_LABEL = re.compile(r"\s*[\"“]?\s*((?:[A-Z][A-Z.'’\-]+ ){0,2}[A-Z][A-Z'’\-]+):\s")
# "...” ― Jo Tan": a name after a dash right after the closing mark signs the quote
DASH_SIGNATURE = re.compile(r"[^\S\n]*(?:[―—–]|--?)[^\S\n]*(?=[^\W\d_])")
# Nouns for people who speak for an organisation ("a Vodafone spokesman"): the organisation is the speaker.
SPOKES_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen"})
# Demonyms and other group words ("Palestinians", "Irish", "Chinese", "French"), which name no one speaking.
GROUP_WORD = re.compile(r"(?:ans?|ese|ish|ch|is|s)$")
# A party/state tag after a name that ends its sentence: ", D-Conn. " then a capitalised word ("D-N.Y.", "R-Texas.")
PARTY_TAG_END = re.compile(r"(?<=, )[DRI]-[A-Z][A-Za-z.]{1,12}\.(?= +[A-Z])")
# Entity labels that never name a speaker (NORP names one only as a party, "Democrats", not as "Palestinians").
NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
# Salience of a person for a pronoun: a mention as a subject weighs 1, a quote's speaker a little more, a mention in
# narration since the last quote twice as much; the weight halves with each sentence back, up to SALIENCE_WINDOW
# tokens; a person of unknown gender counts at a discount.
SPEAKER_WEIGHT = 1.2
INTRODUCED = 2.0
SALIENCE_WINDOW = 400
UNKNOWN_GENDER = 0.6
CAPTION_TAIL = re.compile(r"\((?:[^()]*/[^()]*|[^()]*\b(?:photo|getty|handout)\b[^()]*)\)\.?\s*$", re.IGNORECASE)
ATTRIBUTION_WINDOW = 12  # tokens after a closing mark in which a trailing attribution ("..., the minister said") sits


@dataclass
class Segment:
    start: int  # quoted words, without marks
    end: int
    open_mark: int
    close_mark: int  # -1 when the quote runs on past the paragraph end
    paragraph: int
    starts_paragraph: bool


def find_segments(text: str, single: bool) -> list[Segment]:
    """Quoted segments, one per paragraph piece; `single` reads ‘...’ / '...' as quote marks instead of double marks."""
    marks = SINGLE_MARKS if single else DOUBLE_MARKS
    segments: list[Segment] = []
    p_index = -1
    for para in PARAGRAPHS.finditer(text):
        p_start, p_end = para.span()
        if not WORD.search(para.group()):
            continue  # separators such as " ." do not break a run of quoted paragraphs
        p_index += 1
        first = p_start + len(para.group()) - len(para.group().lstrip())
        open_at = -1
        for m in marks.finditer(text, p_start, p_end):
            i, ch = m.start(), m.group()
            before = text[i - 1] if i > p_start else " "
            after = text[i + 1] if i + 1 < p_end else " "
            if single:
                kind = _single_kind(before, after, open_at >= 0)
            elif ch in "“„":
                kind = "open"
            elif ch == "”":
                kind = "close"
            elif open_at < 0:
                closing = not before.isspace() and before not in "([—–-:" and not WORD.match(after)
                kind = "close" if closing else "open"
            else:
                kind = "close"
            if kind == "open":
                if open_at >= 0 and not single:
                    _emit(segments, text, open_at, i, i, p_index, first)
                open_at = i
            elif kind == "close" and open_at >= 0:
                _emit(segments, text, open_at, i, i, p_index, first)
                open_at = -1
        # a quote left open runs on into the next paragraph; with single marks only when it opened the paragraph
        if open_at >= 0 and (not single or open_at == first):
            _emit(segments, text, open_at, p_end, -1, p_index, first)
    return segments


def _single_kind(before: str, after: str, is_open: bool) -> str:
    if before.isalnum() and after.isalnum():
        return "apostrophe"  # don't, it's, O'Brien
    if not is_open:
        if (before.isspace() or before in "([—–-:\"“") and (after.isalpha() or after in "…."):
            return "open"
        return "apostrophe"  # '90s, rock 'n' roll, players' (nothing open)
    if before in ".,!?;:…—-" or (before.isalnum() and not after.isalnum()):
        return "close"
    return "apostrophe"


def _emit(segments: list[Segment], text: str, open_at: int, end: int, close: int, p_index: int, first: int) -> None:
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and WORD.search(text, start, end):
        segments.append(Segment(start, end, open_at, close, p_index, open_at == first))


@dataclass
class Attribution:
    speaker: str
    speaker_text: str
    cue: str
    position: int  # token index of the cue, for salience


class Resolver:
    """Speakers for cue verbs in one doc: entities by token, person mentions with roles, the last speaker."""

    def __init__(self, doc: Doc, inside: bytearray | None = None, text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text joins every token: read it once
        self.inside = inside
        self.tok_starts = []
        self.para = []
        para = 0
        for t in doc:  # one pass: every Token made costs
            self.tok_starts.append(t.idx)
            self.para.append(para)
            para += "\n" in t.text_with_ws
        self.sent_root = [0] * len(doc)  # token -> root token of its sentence
        self.sent_start = [0] * len(doc)
        self.sent_no = [0] * len(doc)  # token -> ordinal of its sentence, for recency
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self.sent_root[i] = sent.root.i
                self.sent_start[i] = sent.start
                self.sent_no[i] = n
        self.gender: dict[str, str] = {}
        self.entity_at: dict[int, tuple[int, int, str, str]] = {}  # token -> (start, end, label, canonical)
        self.orgs: list[tuple[int, str, str]] = []
        roles: dict[str, set[str]] = {}
        mentions: dict[int, tuple[str, bool]] = {}
        for ent in doc._.news_entities:
            start = self.token_at(ent.start_char)
            end = self.token_at(ent.end_char - 1) + 1
            for i in range(start, end):
                self.entity_at[i] = (start, end, ent.label, ent.entity)
            if ent.label == "PERSON":
                mentions[start] = (ent.entity, self._is_subject(doc[start:end].root))
                self._vote_gender(ent.entity, start, end)
                words = roles.setdefault(ent.entity, set())
                # titles and appositions around a mention ("Mayor Jo Tan", "Jo Tan, the mayor,")
                k = start - 1
                while k >= max(0, start - 4) and doc[k].tag_ in TITLE_TAGS and "\n" not in doc[k].whitespace_:
                    words.add(doc[k].lower_)
                    k -= 1
                if end < len(doc) and doc[end].text == ",":
                    words.update(t.lower_ for t in doc[end + 1:min(len(doc), end + 7)])
            elif ent.label in ("ORG", "NORP", "GPE"):
                self.orgs.append((start, ent.entity, ent.label))
        for name in roles:
            if name not in self.gender and name_gender(name):
                self.gender[name] = name_gender(name)
        # a surname the model did not tag in this occurrence still mentions its person
        surnames = {full.split()[-1].lower(): full for full in doc._.news_people.values() if " " in full}
        he_she = []  # he/she subjects, for the salience model's pronoun chain
        for tok in doc:
            lower = tok.lower_
            if tok.i not in self.entity_at and tok.tag_ == "NNP" and lower in surnames:
                mentions[tok.i] = (surnames[lower], self._is_subject(tok))
                self.entity_at[tok.i] = (tok.i, tok.i + 1, "PERSON", surnames[lower])
            elif (lower == "he" or lower == "she") and tok.dep_ in SUBJECT_DEPS:
                he_she.append(tok.i)
        self._he_she = he_she
        self.people = [(i, *mentions[i]) for i in sorted(mentions)]  # (token, canonical, is a subject)
        self.people_starts = [p[0] for p in self.people]
        self.roles = roles
        self.last_speaker: tuple[int, str] | None = None  # (token index, canonical) of the last person speaker
        # salience: (token, canonical, weight) for every person mention, quote speaker and resolved narrated pronoun
        self._weighted: list[tuple[int, str, float]] | None = None
        self._chain: list[int] = []  # narrated he/she subjects, resolved in order as the salience model needs them
        self._chain_done = 0
        self.introductions: set[int] = set()
        self._captions: dict[int, bool] = {}  # paragraph -> whether it is a photo caption
        self.quote_ends: list[int] = []  # token after each quote's words, ascending (set by news_quotes)
        # last tokens of party/state tags after a name that end their sentence ("Jo Tan, D-Conn. Lee said"): the
        # small model runs the two sentences together
        self.tag_ends = [doc[self.token_at(m.end() - 1)].i for m in PARTY_TAG_END.finditer(self.text)]

    def _narrated(self, i: int) -> bool:
        """Whether token `i` sits in a sentence without quoted words."""
        if self.inside is None:
            return True
        start = self.sent_start[i]
        end = self.sent_root[i]
        while end < len(self.doc) and self.sent_start[end] == start:
            end += 1
        return not any(self.inside[start:end])

    def _vote_gender(self, name: str, start: int, end: int) -> None:
        """A person's gender from an honorific before the name, a clearly gendered first name, or the first pronoun
        after it in its sentence."""
        if name in self.gender:
            return
        doc = self.doc
        if start and doc[start - 1].lower_ in MALE | FEMALE:
            self.gender[name] = "m" if doc[start - 1].lower_ in MALE else "f"
            return
        # a first name that is clearly male or female is a surer guide than the next pronoun, which may be someone
        # else's; a name only mostly one or the other waits for the pronouns of every mention (see __init__)
        by_name = name_gender(name, strict=True)
        if by_name:
            self.gender[name] = by_name
            return
        sent_end = doc[start].sent.end
        for t in doc[end:min(sent_end, end + 12)]:
            # an object pronoun ("Jo Tan scolded him") names someone else
            if t.tag_ == "PRP$" or (t.tag_ == "PRP" and t.dep_ in SUBJECT_DEPS):
                if t.lower_ in MALE:
                    self.gender[name] = "m"
                elif t.lower_ in FEMALE:
                    self.gender[name] = "f"
                if t.lower_ in MALE | FEMALE:
                    return

    def _is_subject(self, root: Token) -> bool:
        if root.dep_ in SUBJECT_DEPS or (root.dep_ in ("appos", "compound") and root.head.dep_ in SUBJECT_DEPS):
            return True
        # a misparsed sentence opener ("Councillor Jo Tan told reporters ...") still introduces its topic, and so does
        # a name left as the root with its verb hung under it ("Jo Tan, an analyst, outlined ...")
        if root.dep_ == "ROOT" and any(c.dep_ == "acl" and c.tag_ in ("VBD", "VBZ") and c.i > root.i
                                       for c in root.children):
            return True
        sent_root = self.doc[self.sent_root[root.i]]
        return root.i < sent_root.i and root.dep_ not in ("pobj", "poss") and root.head.dep_ not in ("pobj", "poss") \
            and sent_root.tag_.startswith("VB")

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.tok_starts, char) - 1)

    def is_cue(self, token: Token) -> bool:
        if token.lower_ == "according":
            return any(c.lower_ == "to" for c in token.rights)
        return token.lower_ in CUE_FORMS and token.tag_.startswith("VB")

    def _usable(self, tok: Token, cue: Token) -> bool:
        """A subject outside any quote, in the cue's paragraph and on the cue's side of a sentence end the parser
        missed."""
        if self.inside is not None and self.inside[tok.i]:
            return False
        return self.para[tok.i] == self.para[cue.i] and not self.crosses_tag_end(tok.i, cue.i)

    def crosses_tag_end(self, i: int, j: int) -> bool:
        """Whether a party/state tag ending a sentence ("said Sen. Jo Tan, D-Conn. Lee, he said") lies between
        tokens `i` and `j`."""
        lo, hi = min(i, j), max(i, j)
        k = bisect_right(self.tag_ends, lo)
        return k < len(self.tag_ends) and self.tag_ends[k] < hi

    def subject_of(self, verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and self._usable(child, verb):
                if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                    return verb.head  # "..., who said" -> the person the clause hangs on
                return child
        return None

    def speaker_token(self, cue: Token) -> Token | None:
        if cue.lower_ == "according":
            for prep in cue.rights:
                if prep.lower_ == "to":
                    objs = [c for c in prep.children if c.dep_ == "pobj"]
                    return objs[0] if objs else None
            return None
        subject = self.subject_of(cue)
        if subject is not None:
            return subject
        # "issued a statement calling ...": who issued the document
        if cue.dep_ == "acl" and cue.head.lower_ in DOCUMENT_NOUNS and cue.head.head.tag_.startswith("VB"):
            subject = self.subject_of(cue.head.head)
            if subject is not None:
                return subject
        # "footage of Jo Tan saying ...": the person the participle hangs on
        if cue.dep_ == "acl" and self.entity_at.get(cue.head.i, ("", "", ""))[2] == "PERSON" \
                and self._usable(cue.head, cue):
            return cue.head
        head = cue
        # "..., saying" / "and added" / "was quoted as saying": the subject of the governing verb
        for _ in range(4):
            if head.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "prep", "acl") or head.head is head:
                break
            head = head.head
            subject = self.subject_of(head)
            if subject is not None:
                return subject
        apposed = self._apposed_name_before(cue)
        if apposed is not None:
            return apposed
        # a name or pronoun right before or after the cue that the parse did not make its subject: a person first,
        # also across an apposition ("..., Jo Tan, a party strategist, said Monday")
        doc = self.doc
        for window in (reversed(doc[max(0, cue.i - 8):cue.i]), doc[cue.i + 1:cue.i + 3]):
            for tok in window:
                if tok.text in ("“", '"', "”") or not self._usable(tok, cue):
                    break
                if self.entity_at.get(tok.i, ("", "", ""))[2] == "PERSON" and not (
                        tok.dep_ == "compound" and tok.head.tag_ in ("NN", "NNS")):
                    return tok
        for tok in (*reversed(doc[max(0, cue.i - 2):cue.i]), *doc[cue.i + 1:cue.i + 3]):
            if tok.ent_type_ in NOT_SPEAKER_ENTS or not self._usable(tok, cue):
                continue
            if tok.tag_ in ("NNP", "NNPS", "PRP") or tok.i in self.entity_at:
                return tok
        return None

    def named_later(self, tok: Token) -> str:
        """The person an indefinite description opening a story stands for ("A Vancouver hockey coach says ..."):
        the one person given that role anywhere in the article ("Coach Jo Tan"), else, when no one is named before
        it, the person made the subject of one of the next two sentences on being named."""
        holders = {name for name, words in self.roles.items() if tok.lower_ in words}
        if len(holders) == 1:
            return holders.pop()
        if holders or any(p[0] < tok.i for p in self.people):
            return ""
        here = self.sent_no[tok.i]
        for i, name, is_subject in self.people:
            if self.sent_no[i] > here + 2:
                break
            if self.sent_no[i] > here and is_subject and not (self.inside is not None and self.inside[i]):
                return name
        return ""

    def _apposed_name_before(self, cue: Token) -> Token | None:
        """A person named before a comma-closed apposition or party tag right before the cue (an adverb aside), which
        the parse did not make its subject ("Sen. Jo Tan, D-Mich., a member of the panel, said ...")."""
        doc = self.doc
        comma = cue.i - 1
        while comma > 0 and doc[comma].tag_ == "RB":
            comma -= 1  # "..., forcefully told"
        if comma < 0 or doc[comma].text != ",":
            return None
        for k in range(comma - 1, max(0, cue.i - 30) - 1, -1):
            tok = doc[k]
            if not self._usable(tok, cue) or tok.text in (".", ";", ":", "?", "!") or tok.tag_ in ("``", "''"):
                return None
            entity = self.entity_at.get(k)
            if entity is None or entity[2] != "PERSON":
                continue
            start, end = entity[:2]
            root = doc[start:end].root
            if end < len(doc) and doc[end].text in (",", "(") and root.dep_ not in ("pobj", "dobj", "poss"):
                return root
            return None
        return None

    def attribute(self, cue: Token) -> Attribution:
        cue_text = cue.text
        if cue.lower_ == "according":
            cue_text = self.doc[cue.i:cue.i + 2].text
        tok = self.speaker_token(cue)
        if tok is None:
            return Attribution("", "", cue_text, cue.i)
        speaker_text, speaker = self.describe(tok)
        return Attribution(speaker, speaker_text, cue_text, cue.i)

    def describe(self, tok: Token) -> tuple[str, str]:
        """(speaker as written, canonical speaker) for the head token of a subject."""
        doc = self.doc
        # an apposed or compound person names the speaker ("his spokesman, Ali Khan," / "spokesperson Jo Tan"), and
        # so does one joined to a role noun ("BIFA founder and director Elliot Grove")
        if tok.i not in self.entity_at or self.entity_at[tok.i][2] != "PERSON":
            deps = ("appos", "compound", "conj") if tok.tag_ == "NN" else ("appos", "compound")
            for child in tok.children:
                if child.dep_ in deps and child.i in self.entity_at:
                    if self.entity_at[child.i][2] == "PERSON":
                        tok = child
                        break
        if tok.i in self.entity_at:
            start, end, label, canonical = self.entity_at[tok.i]
            if label == "NORP" and start and doc[start - 1].lower_ == "the":
                person = self.resolve_role(tok)  # "the Kentucky Republican said"
                if person:
                    return doc[start - 1:end].text, person
            if label in NOT_SPEAKER_ENTS or label == "NORP" and canonical.lower() not in PARTY_NAMES and (
                    GROUP_WORD.search(canonical) or doc[end - 1].tag_ in ("NNPS", "JJ")):
                return doc[start:end].text, ""  # "Palestinians", "the Irish": a group, not a name
            return doc[start:end].text, canonical
        if tok.lower_ in DOCUMENT_NOUNS:
            for child in tok.children:
                if child.dep_ == "poss":
                    written = doc[child.left_edge.i:tok.i + 1].text
                    if child.i in self.entity_at:
                        return written, self.entity_at[child.i][3]
                    if child.tag_ == "PRP$":
                        return written, self.resolve_pronoun(child)
        lower = tok.lower_
        if lower in ISSUED_NOUNS:
            determiner = [c for c in tok.children if c.dep_ == "det"]
            if determiner and determiner[0].lower_ in DETERMINERS:
                org = self.recent_org(tok.i, window=120, labels=("ORG",))
                if org:
                    return doc[determiner[0].i:tok.i + 1].text, org
        if lower == "it" and tok.dep_ in SUBJECT_DEPS:
            return tok.text, self.organisation_for_it(tok)
        if tok.tag_ == "PRP" or lower in PRONOUNS:
            return tok.text, self.resolve_pronoun(tok)
        left = [c for c in tok.lefts if c.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod")]
        start = min([c.left_edge.i for c in left], default=tok.i)
        span = doc[start:tok.i + 1]
        written = span.text
        if lower in SPOKES_NOUNS:
            org = self._represented(tok)
            if org:
                return written, org  # "a Vodafone spokesman", "a spokeswoman for the Home Office"
        if tok.tag_ in ("NNP", "NNPS"):
            name = canonical_person(doc, written)
            if doc[start].tag_ in ("DT", "PRP$", "CD") and name not in self.doc._.news_people.values():
                # "the Tory MP", "his Labour colleagues": a role, not a name
                return written, _organisation_phrase(tok, written)
            return written, name
        if doc[start].lower_ in ("the", "this", "that"):
            if lower in ORG_NOUNS:
                org = self.recent_org(tok.i)
                if org:
                    return written, org
            elif lower not in WORK_NOUNS and (lower in ROLE_NOUNS or any(lower in w for w in self.roles.values())):
                person = self.resolve_role(tok)
                if person:
                    return written, person
        if (doc[start].lower_ in ("a", "an") and tok.tag_ == "NN" and tok.dep_ in SUBJECT_DEPS
                and lower not in WORK_NOUNS):
            person = self.named_later(tok)
            if person:
                return written, person  # "A Vancouver hockey coach says ..." then "Jo Tan said ..."
        if written == tok.text:
            name = self.name_elsewhere(tok)
            if name:
                return written, name  # "Napster", "Tories" the tagger took for common nouns here
        # a role phrase or a group ("a spokesman", "courts minister", "officials", "the book") names no one
        return written, _organisation_phrase(tok, written)

    def name_elsewhere(self, tok: Token) -> str:
        """The name a capitalised word the tagger left as a common noun stands for: a party, or a word tagged as a
        name elsewhere in the article ("Others" opening a sentence is no name)."""
        if not tok.text[:1].isupper() or tok.is_upper and len(tok) < 2:
            return ""
        if tok.lower_ in PARTY_NAMES:
            return tok.text
        for ent in self.doc._.news_entities:
            if ent.text == tok.text and ent.label not in NOT_SPEAKER_ENTS and ent.label != "NORP":
                return ent.entity
        return ""

    def _represented(self, tok: Token) -> str:
        """The organisation a spokesperson speaks for, named in the same phrase: compounded or possessive ("a
        Vodafone spokesman", "the ministry's spokeswoman") or after "for" / "of" ("a spokesman for Vodafone")."""
        candidates = [c for c in tok.lefts if c.dep_ in ("compound", "poss", "nmod")]
        for prep in tok.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at"):
                candidates.extend(c for c in prep.children if c.dep_ == "pobj")
        for cand in candidates:
            for k in range(cand.left_edge.i, cand.i + 1):
                entity = self.entity_at.get(k)
                if entity is not None and entity[2] in ("ORG", "GPE", "FAC"):
                    return entity[3]
        return ""

    def organisation_for_it(self, tok: Token) -> str:
        """"it said": the organisation named last in this sentence or the one before ("EDC declined to comment.
        '...,' it said in a statement"); "" when a non-organisation noun subject comes between."""
        doc = self.doc
        first = self.sent_start[self.sent_start[tok.i] - 1] if self.sent_start[tok.i] else 0
        found = [(start, name) for start, name, label in self.orgs if first <= start < tok.i and label == "ORG"]
        if not found:
            return ""
        # the organisation that is a subject ("EDC declined ...") rather than one only mentioned ("The Globe's")
        subjects = [(start, name) for start, name in found if doc[start].head.dep_ in SUBJECT_DEPS
                    or any(doc[k].dep_ in SUBJECT_DEPS for k in range(start, self.entity_at[start][1]))]
        start, name = (subjects or found)[-1]
        # a thing named as a subject in between ("the report", "the plan") is likelier what "it" is
        if any(t.dep_ in SUBJECT_DEPS and t.tag_ in ("NN", "NNS") and not (self.inside and self.inside[t.i])
               for t in doc[self.entity_at[start][1]:tok.i]):
            return ""
        return name

    def recent_org(self, i: int, window: int = 200, labels: tuple[str, ...] = ("ORG", "NORP", "GPE")) -> str:
        for start, name, label in reversed(self.orgs):
            if start < i and label in labels:
                return name if i - start < window else ""
        return ""

    def resolve_role(self, tok: Token) -> str:
        """"the mayor": the latest person introduced with that role, else the most salient person."""
        limit = bisect_right(self.people_starts, tok.i - 1)
        for k in range(limit - 1, -1, -1):
            name = self.people[k][1]
            if tok.lower_ in self.roles.get(name, ()):
                return name
        return self.resolve_pronoun(tok)

    def add_speaker(self, i: int, name: str) -> None:
        """Record a person found speaking at token `i`: the last speaker, and a salient mention."""
        self.last_speaker = (i, name)
        self._weights().append((i, name, SPEAKER_WEIGHT))

    def _weights(self) -> list[tuple[int, str, float]]:
        """Person mentions weighted by grammatical role (built on first use, once the quotes are marked)."""
        if self._weighted is None:
            doc = self.doc
            self._weighted = [
                (i, name, 0.0 if self._caption(i) else self._role_weight(doc[i], is_subject))
                for i, name, is_subject in self.people
            ]
            self._chain = [i for i in self._he_she
                           if not (self.inside is not None and self.inside[i]) and not self._caption(i)]
            # a person's first mention outside captions, or one with a role before or an apposition after
            # ("Mississauga accountant Jo Tan", "Jo Tan, 50,") introduces them even as an object
            seen = set()
            for i, name, weight in self._weighted:
                if weight and (name not in seen or self._with_role(i)):
                    self.introductions.add(i)
                    seen.add(name)
        return self._weighted

    def _caption(self, i: int) -> bool:
        """Whether token `i` sits in a photo caption: a line ending with a credit ("( JO TAN / AP )")."""
        para = self.para[i]
        if para not in self._captions:
            text, at = self.text, self.doc[i].idx
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            line = text[start:len(text) if end < 0 else end]
            self._captions[para] = bool(CAPTION_TAIL.search(line[-200:]) or CAPTION_HEAD.match(line))
        return self._captions[para]

    def _with_role(self, i: int) -> bool:
        doc = self.doc
        start, end = self.entity_at[i][:2]
        before = doc[start - 1] if start else None
        if before is not None and before.tag_ in ("NN", "NNS") and before.head.i in range(start, end):
            return True
        return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].tag_ in ("DT", "CD", "NN", "JJ", "PRP$")

    def _role_weight(self, tok: Token, is_subject: bool) -> float:
        """How strongly a mention puts its person forward: subjects most, names inside a prepositional phrase, a
        possessive or a noun compound ("the Kinder pipeline") least, and names only spoken about in a quote less."""
        start, end = self.entity_at[tok.i][:2]
        root = self.doc[start:end].root
        if is_subject:
            weight = 1.0
        elif root.dep_ in ("pobj", "poss") or root.head.dep_ in ("pobj", "poss") or (
                root.dep_ == "compound" and root.head.tag_ in ("NN", "NNS")):
            weight = 0.4
        else:
            weight = 0.7
        if self.inside is not None and self.inside[tok.i]:
            weight *= 0.3
        return weight

    def resolve_pronoun(self, tok: Token) -> str:
        """The most salient person before `tok` (Lappin and Leass in small): every earlier mention of a person counts
        by its grammatical role and halves with each sentence between it and `tok`; quote speakers and the people
        earlier he/she subjects resolve to count as mentions; a gendered pronoun takes a person of its gender, and
        one whose gender is unknown only at a discount."""
        lower = tok.lower_
        if lower in ("it", "they", "we", "i", "you"):
            return self.last_speaker[1] if self.last_speaker and lower in ("we", "i") else ""
        want = "m" if lower in MALE else "f" if lower in FEMALE else ""
        weights = self._weights()
        while self._chain_done < len(self._chain) and self._chain[self._chain_done] < tok.i:
            i = self._chain[self._chain_done]
            self._chain_done += 1
            name = self._most_salient(i, "m" if self.doc[i].lower_ == "he" else "f")
            if name:
                weights.append((i, name, 1.0))
        name = self._most_salient(tok.i, want)
        if name:
            return name
        last = self.last_speaker
        if last and (not want or self.gender.get(last[1], want) == want):
            return last[1]
        limit = bisect_right(self.people_starts, tok.i - 1)
        for k in range(limit - 1, -1, -1):
            if not want or self.gender.get(self.people[k][1], want) == want:
                return self.people[k][1]
        return ""

    def _most_salient(self, i: int, want: str) -> str:
        here = self.sent_no[i]
        # quotes ending before `i`, less the one `i` attributes ('"...," he said'): who is named in narration since
        # the last of them is being introduced as the next speaker
        k = bisect_right(self.quote_ends, i) - 1
        if k >= 0 and i - self.quote_ends[k] <= 3:
            k -= 1
        # (the sentence of that quote's end holds its attribution: '"...," he added.' introduces no one)
        since = self.sent_no[self.quote_ends[k]] if k >= 0 and self.quote_ends[k] < len(self.doc) else -1
        scores: dict[str, float] = {}
        for start, name, weight in self._weights():
            if start >= i or i - start > SALIENCE_WINDOW or not weight:
                continue
            gender = self.gender.get(name, "")
            if want and gender and gender != want:
                continue
            if want and not gender:
                weight *= UNKNOWN_GENDER
            if self.sent_no[start] > since and not (self.inside is not None and self.inside[start]) and (
                    weight >= 1.0 or start in self.introductions):
                weight *= INTRODUCED
            # a person's salience is that of its most salient mention, as in Lappin and Leass
            score = weight * 0.5 ** (here - self.sent_no[start])
            if score > scores.get(name, 0.0):
                scores[name] = score
        return max(scores, key=scores.__getitem__) if scores else ""

    def signature(self, text: str, seg: Segment) -> Token | None:
        """The person signing a quote with a dash after its closing mark ("...” ― Jo Tan")."""
        if seg.close_mark < 0:
            return None
        m = DASH_SIGNATURE.match(text, seg.close_mark + 1)
        if not m:
            return None
        tok = self.doc[self.token_at(m.end())]
        if tok.idx != m.end() or self.para[tok.i] != self.para[self.token_at(seg.close_mark)]:
            return None
        if self.entity_at.get(tok.i, ("", "", ""))[2] == "PERSON" or tok.tag_ in ("NNP", "NNPS"):
            return tok
        return None

    def transcript_label(self, text: str, seg: Segment) -> tuple[str, str]:
        """(label as written, canonical person) for a transcript paragraph opening "PENCE: Well, ...", when the label
        names a person of the article; ("", "") otherwise."""
        if not seg.starts_paragraph:
            return "", ""
        m = TRANSCRIPT_LABEL.match(text, seg.start)
        if not m:
            return "", ""
        words = strip_titles(m.group(1).title().split())
        name = canonical_person(self.doc, " ".join(words))
        if name.lower() != " ".join(words).lower() or name.lower() in self.doc._.news_people:
            return m.group(1), name
        return "", ""

    def governing_subject(self, q_start: int, q_end: int) -> Token | None:
        """For a partial quote inside a sentence: the subject of the nearest verb above the quoted words that is a
        person ("Jo Tan compared him to a coach who is 'working the referees'"), else of the nearest verb."""
        nearest = None
        for i in range(q_start, q_end):
            for steps, head in self.heads_above(i, q_start, q_end, max_steps=6):
                if head.tag_.startswith("VB"):
                    subject = self.subject_of(head)
                    if subject is not None:
                        if self._personal(subject):
                            return subject
                        if nearest is None and steps < 4:
                            nearest = subject
            if nearest is not None:
                break
        return nearest

    def heads_above(self, i: int, q_start: int, q_end: int, *, max_steps: int) -> Iterator[tuple[int, Token]]:
        """(steps, head) for the heads above token i that lie outside the quoted words [q_start, q_end), climbing
        at most max_steps and never out of token i's paragraph."""
        head, steps = self.doc[i].head, 0
        while steps < max_steps and not (q_start <= head.i < q_end):
            if self.para[head.i] != self.para[i]:
                return
            yield steps, head
            if head.head is head:
                return
            head = head.head
            steps += 1

    def _personal(self, tok: Token) -> bool:
        """Whether a subject names or stands for a person: a person's name or a personal pronoun."""
        if tok.i in self.entity_at:
            return self.entity_at[tok.i][2] == "PERSON"
        return tok.lower_ in ("he", "she", "i", "we")

    def narrated_subject(self, start: int, end: int) -> Token | None:
        """The last person who is the subject of a sentence without quoted words between tokens `start` and `end`."""
        k = bisect_right(self.people_starts, end - 1) - 1
        while k >= 0 and self.people[k][0] > start:
            i, _, is_subject = self.people[k]
            if is_subject and self._narrated(i) and self.sent_start[i] > start:
                return self.doc[i]
            k -= 1
        return None

    def previous_subject(self, q_start: int) -> Token | None:
        """A person who is the subject of the sentence right before a quote that opens a paragraph (`q_start`: the
        token of its opening mark)."""
        doc = self.doc
        if q_start == 0:
            return None
        k = bisect_right(self.people_starts, q_start - 1) - 1
        prev_sent = doc[q_start - 1].sent
        # separator lines (" .") between paragraphs are sentences without words
        while prev_sent.start > 0 and not any(WORD.match(t.text) for t in prev_sent):
            prev_sent = doc[prev_sent.start - 1].sent
        while k >= 0 and self.people[k][0] >= prev_sent.start:
            if self.people[k][2]:
                return doc[self.people[k][0]]
            k -= 1
        return None


def _organisation_phrase(tok: Token, written: str) -> str:
    """An organisation described by a modified organisation noun ("the health ministry" -> "health ministry"); ""
    for any other description."""
    if tok.lower_ not in ORG_NOUNS or not any(c.dep_ in ("compound", "amod", "nmod") for c in tok.lefts):
        return ""
    words = written.split()
    if words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _outer_cue(resolver: Resolver, cue: Token, inside: bytearray) -> Token:
    """A cue reported by another speaker ("Tan said Lee called it '...'") belongs to the one reporting it, within its
    sentence; one the reporter heard or saw ("Tan said he heard students shout '...'") stays with who said it."""
    head = cue
    for _ in range(3):
        if head.dep_ not in ("ccomp", "conj", "advcl") or head.head is head or inside[head.head.i]:
            break
        if resolver.crosses_tag_end(head.i, head.head.i):
            break
        if resolver.para[head.head.i] != resolver.para[cue.i] or head.head.lower_ in PERCEPTION_FORMS:
            break
        head = head.head
        if resolver.is_cue(head) and head.lower_ not in WEAK_CUES and resolver.subject_of(head) is not None:
            return head
    return cue


def _embedded(doc: Doc, resolver: Resolver, open_tok: int) -> bool:
    """Whether the quote opening at token `open_tok` continues a sentence begun before it."""
    start = resolver.sent_start[open_tok] if open_tok < len(doc) else open_tok
    return any(WORD.match(t.text) for t in doc[start:open_tok]) and doc[open_tok - 1].text not in (":", ",")


def _cue_for(doc: Doc, resolver: Resolver, seg: Segment, q_start: int, q_end: int, inside: bytearray) -> Token | None:
    """The cue verb attributing the quote spanning tokens [q_start, q_end)."""
    # 1. a cue verb governing the quoted words in the parse
    for i in range(q_start, q_end):
        for _, head in resolver.heads_above(i, q_start, q_end, max_steps=3):
            if not inside[head.i] and resolver.is_cue(head) and head.lower_ not in WEAK_CUES:
                return _outer_cue(resolver, head, inside)
            if not inside[head.i] and head.lower_ in PERCEPTION_FORMS:
                # "he heard students shout, '...'": the words are those of who was heard
                for child in head.children:
                    if child.dep_ in ("ccomp", "xcomp") and resolver.is_cue(child) and not inside[child.i] \
                            and resolver.subject_of(child) is not None:
                        return child
                break
    # 2. a cue right after the closing mark ("..." Putin said. / "...," said Putin)
    if seg.close_mark >= 0:
        end = min(len(doc), q_end + ATTRIBUTION_WINDOW)
        i = q_end
        while i < end:
            tok = doc[i]
            if inside[i] or tok.text in (".", "!", "?") or "\n" in tok.text:
                break
            if resolver.is_cue(tok):
                # after a quote that ends its sentence, only a cue whose subject alone stands between ('"...." Jo
                # Tan said'), not one of the next sentence ('"...." While critics say ...')
                if doc.text[seg.end - 1] in ".!?" and not _attribution_only(doc, resolver, q_end, tok):
                    break
                return tok
            # an apposition after a name ("Jo Tan, a strategist at a bank, said") does not use up the window
            if tok.text == "," and resolver.entity_at.get(i - 1, ("", "", ""))[2] == "PERSON":
                end = min(len(doc), end + ATTRIBUTION_WINDOW)
            i += 1
    # 3. a cue before the opening mark in the same sentence (Putin said: "...")
    open_tok = resolver.token_at(seg.open_mark)
    sent_start = doc[open_tok].sent.start if open_tok < len(doc) else 0
    for i in range(open_tok - 1, max(sent_start, open_tok - 25) - 1, -1):
        if inside[i] or "\n" in doc[i].text:
            break
        if resolver.is_cue(doc[i]):
            return doc[i]
    # 4. a cue closing the sentence right before a quote that opens a sentence of its own
    return _preceding_cue(doc, resolver, open_tok, inside)


def _attributed(attribution: Attribution) -> bool:
    """Whether a quote has a speaker: a name, or a role phrase that names no one ("a spokesman"), not a lone pronoun
    left unresolved."""
    return bool(attribution.speaker or attribution.speaker_text.lower() not in ("", *PRONOUNS, "it", "you"))


def _attribution_only(doc: Doc, resolver: Resolver, q_end: int, cue: Token) -> bool:
    """Whether only the closing mark, punctuation and the cue's subject stand between a quote and its cue."""
    subject = resolver.speaker_token(cue)
    lo, hi = (subject.left_edge.i, subject.right_edge.i) if subject is not None else (cue.i, cue.i)
    return all(lo <= k <= hi or doc[k].is_punct for k in range(q_end, cue.i))


def _preceding_cue(doc: Doc, resolver: Resolver, open_tok: int, inside: bytearray) -> Token | None:
    """The cue of the narrated sentence before the opening mark: one ending in a colon, even across a paragraph break
    ('Tan continued:' then the quote), or one ending in a cue in the same paragraph ('..., Tan said. "...'")."""
    k = open_tok - 1
    while k >= 0 and not doc[k].text.strip():
        k -= 1
    if k < 0 or doc[k].text not in (":", ".", "!", "?"):
        return None
    colon = doc[k].text == ":"
    if not colon and resolver.para[k] != resolver.para[open_tok]:
        return None
    start = resolver.sent_start[k]
    if any(inside[start:k + 1]):
        return None
    span = range(k - 1, max(start, k - (12 if colon else 4)) - 1, -1)
    for i in (*span, resolver.sent_root[k]):
        tok = doc[i]
        if resolver.is_cue(tok) and (colon or tok.lower_ not in WEAK_CUES) and resolver.speaker_token(tok) is not None:
            return tok
    return None


@Language.component("news_quotes")
def news_quotes(doc: Doc) -> Doc:
    text = doc.text
    segments = find_segments(text, single=False)
    only_short = not any(len(text[s.start:s.end].split()) >= 3 for s in segments)
    if only_short:
        # No quotation in double marks: the article may use single ones; if it does not, the short double ones may
        # still be speech ('"We agree," Macron said.').
        single = find_segments(text, single=True)
        if any(len(text[s.start:s.end].split()) >= 3 for s in single):
            segments, only_short = single, False
    if not segments or not len(doc):
        doc._.news_quotes = []
        return doc
    inside = bytearray(len(doc) + 1)
    resolver = Resolver(doc, inside, text)
    bounds = []
    for seg in segments:
        q_start = resolver.token_at(seg.start)
        q_end = resolver.token_at(seg.end - 1) + 1
        bounds.append((q_start, q_end))
        for i in range(q_start, q_end):
            inside[i] = 1
    resolver.quote_ends = sorted(end for _, end in bounds)
    quotes: list[Quote] = []
    previous: tuple[Segment, Attribution] | None = None
    for seg, (q_start, q_end) in zip(segments, bounds):
        subject = signed = resolver.signature(text, seg)
        label, labelled = ("", "") if signed is not None else resolver.transcript_label(text, seg)
        cue = None if signed is not None or label else _cue_for(doc, resolver, seg, q_start, q_end, inside)
        if signed is not None:
            written, speaker = resolver.describe(signed)
            attribution = Attribution(speaker, written, "", signed.i)
        elif label:
            attribution = Attribution(labelled, label, "", q_start)
        elif cue is not None:
            attribution = resolver.attribute(cue)
            subject = resolver.speaker_token(cue)
        elif (
            previous and _attributed(previous[1]) and seg.paragraph - previous[0].paragraph <= 1
            and not (_embedded(doc, resolver, resolver.token_at(seg.open_mark))
                     and resolver.governing_subject(q_start, q_end) is not None)
        ):
            # a person made the subject of a narrated sentence between the two quotes takes over
            # ('"...," says Tan. Lee needed no coaxing. "..."')
            between = resolver.narrated_subject(resolver.token_at(previous[0].end), resolver.token_at(seg.open_mark))
            if between is not None and resolver.entity_at[between.i][3] != previous[1].speaker:
                subject = between
                written, speaker = resolver.describe(between)
                attribution = Attribution(speaker, written, "", between.i)
            else:
                attribution = Attribution(previous[1].speaker, previous[1].speaker_text, "", previous[1].position)
        else:
            subject = None if seg.starts_paragraph else resolver.governing_subject(q_start, q_end)
            if subject is None and seg.starts_paragraph:
                subject = resolver.previous_subject(resolver.token_at(seg.open_mark))
            if subject is not None:
                written, speaker = resolver.describe(subject)
                attribution = Attribution(speaker, written, "", subject.i)
            else:
                attribution = Attribution("", "", "", q_start)
        if attribution.speaker and subject is not None and (
            resolver.entity_at.get(subject.i, ("", "", ""))[2] == "PERSON" or subject.tag_ == "PRP"
        ):
            resolver.add_speaker(subject.i, attribution.speaker)
        previous = (seg, attribution)
        quotes.append(
            Quote(text[seg.start:seg.end], attribution.speaker, attribution.speaker_text, attribution.cue,
                  seg.start, seg.end)
        )
    # a quote running over paragraphs is often attributed only in its last paragraph
    for k in range(len(quotes) - 2, -1, -1):
        seg, nxt = segments[k], segments[k + 1]
        if (not quotes[k].speaker and quotes[k].speaker_text.lower() in ("", *PRONOUNS) and seg.close_mark < 0
                and nxt.starts_paragraph and quotes[k + 1].speaker_text):
            if nxt.paragraph == seg.paragraph + 1:
                quotes[k] = replace(quotes[k], speaker=quotes[k + 1].speaker, speaker_text=quotes[k + 1].speaker_text)
    # a word or two in quotation marks that nobody says is a term or a title ('picked "blog" as word of the year')
    quotes = [q for q in quotes if q.speaker or q.cue or len(q.quote.split()) > 2]
    if only_short:
        # where nothing longer is quoted, a word or two is speech only when said, by someone named, and ends like
        # an utterance inside the marks ('"We agree," Macron said.', not 'described as "critical"')
        quotes = [q for q in quotes if q.speaker and q.cue and q.quote.rstrip()[-1:] in ",.!?"]
    doc._.news_quotes = quotes
    return doc
