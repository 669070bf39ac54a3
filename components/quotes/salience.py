"""Who a pronoun or a definite role ("he", "the minister") stands for: the most salient person before it.

Lappin and Leass in small: every earlier mention of a person counts by its grammatical role (subjects most) and halves
with each sentence back; quote speakers count a little more than a subject, and people named in narration since the
last quote count double, being introduced as the next speaker. A gendered pronoun takes a person of its gender, and one
whose gender is unknown only at a discount. Photo captions introduce no one.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from spacy.tokens import Token

from components import lexicon
from components.margins import CAPTION_HEAD, CAPTION_PARAGRAPH_TAIL
from components.names import name_gender
from components.quotes.index import SUBJECT_DEPS, DocIndex

PRONOUNS_MALE = lexicon.words("pronouns_male")
PRONOUNS_FEMALE = lexicon.words("pronouns_female")
MALE = PRONOUNS_MALE | lexicon.words("quote_honorifics_male")
FEMALE = PRONOUNS_FEMALE | lexicon.words("quote_honorifics_female")
# "the woman said", "the prince said": a gendered noun takes a person of its gender, as a pronoun does
NOUNS_MALE = lexicon.words("gender_role_nouns_male")
NOUNS_FEMALE = lexicon.words("gender_role_nouns_female")
# a photo credit closing a caption line ("( JO TAN / AP )", "(Getty Images)")


class Weights(NamedTuple):
    """The salience model's tunables (news_quotes' config)."""

    speaker: float  # a quote's speaker, against 1.0 for a mention as a subject
    introduced: float  # factor for a person named in narration since the last quote
    window: int  # tokens back a mention still counts
    unknown_gender: float  # factor for a person of unknown gender, for a gendered pronoun


class Mention(NamedTuple):
    token: int
    name: str
    weight: float


class Speaker(NamedTuple):
    token: int
    name: str


class Salience:
    """The salience of the people of one Doc, growing as quotes are attributed in order."""

    def __init__(self, index: DocIndex, weights: Weights):
        self.index = index
        self.weights = weights
        self.gender = person_genders(index)
        self.last_speaker: Speaker | None = None
        self._mentions: list[Mention] | None = None  # built on first use (see _weighted)
        self._chain: list[int] = []  # narrated he/she subjects, resolved in order as the model needs them
        self._chain_done = 0
        self._introductions: set[int] = set()
        self._captions: dict[int, bool] = {}  # paragraph -> whether it is a photo caption
        self._contexts: dict[str, frozenset[str]] = {}  # person -> words of the sentences that mention them

    def add_speaker(self, i: int, name: str) -> None:
        """Record a person found speaking at token `i`: the last speaker, and a salient mention."""
        self.last_speaker = Speaker(i, name)
        self._weighted().append(Mention(i, name, self.weights.speaker))

    def resolve_role(self, tok: Token, salient: bool = True) -> str:
        """"the mayor": the latest person introduced with that role, else (when `salient`) the most salient person
        when the article gives them no other role; no one when someone left unnamed was introduced with that noun
        since ("One man in the crowd shouted ... '...,' the man said"), as a definite description takes the latest
        antecedent it agrees with."""
        index = self.index
        unnamed = unnamed_before(index, tok)
        modifiers = name_modifiers(index, tok)
        limit = bisect_right(index.people_starts, tok.i - 1)
        for k in range(limit - 1, -1, -1):
            i, name, _ = index.people[k]
            if i < unnamed:
                return ""
            if tok.lower_ in index.roles.get(name, ()):
                if not self._agrees(name, modifiers):
                    # "the Florida senator" after "Sen. Jo Tan" with no Florida anywhere near her: the most salient
                    # person, when nothing says otherwise of them, is likelier who the description agrees with
                    other = self.resolve_pronoun(tok)
                    if other and other != name and (not index.roles.get(other) or self._agrees(other, modifiers)):
                        return other
                return name
        if not salient or unnamed >= 0:
            return ""
        # a person the article gives other roles ("Sen. Jo Tan", "Lee Park, the host,") is not who "the candidate"
        # describes: the description must agree with its antecedent, as a pronoun's gender must
        name = self.resolve_pronoun(tok)
        return name if not index.roles.get(name) else ""

    def _agrees(self, name: str, modifiers: frozenset[str]) -> bool:
        """Whether the article puts a person with every name word of a description ("Florida", "GOP"): among their
        roles or in a sentence that mentions them."""
        if not modifiers:
            return True
        return modifiers <= self.index.roles.get(name, frozenset()) | self._context(name)

    def _context(self, name: str) -> frozenset[str]:
        """The words of the sentences that mention a person."""
        if name not in self._contexts:
            index, doc = self.index, self.index.doc
            sents = {index.sent_no[i] for i, n, _ in index.people if n == name}
            self._contexts[name] = frozenset(t.lower_ for sent in doc.sents if index.sent_no[sent.start] in sents
                                             for t in sent)
        return self._contexts[name]

    def resolve_pronoun(self, tok: Token) -> str:
        """The most salient person before `tok`; for "we" and "I" the last speaker; "" for it, they and you."""
        lower = tok.lower_
        if lower in ("it", "they", "we", "i", "you"):
            return self.last_speaker.name if self.last_speaker and lower in ("we", "i") else ""
        want = "m" if lower in MALE or lower in NOUNS_MALE else "f" if lower in FEMALE or lower in NOUNS_FEMALE else ""
        mentions = self._weighted()
        # earlier he/she subjects in narration resolve first, and count as mentions of whom they resolve to
        while self._chain_done < len(self._chain) and self._chain[self._chain_done] < tok.i:
            i = self._chain[self._chain_done]
            self._chain_done += 1
            name = self._most_salient(i, "m" if self.index.doc[i].lower_ == "he" else "f")
            if name:
                mentions.append(Mention(i, name, 1.0))
        name = self._most_salient(tok.i, want)
        if name:
            return name
        last = self.last_speaker
        if last and (not want or self.gender.get(last.name, want) == want):
            return last.name
        people = self.index.people
        for k in range(bisect_right(self.index.people_starts, tok.i - 1) - 1, -1, -1):
            if not want or self.gender.get(people[k].name, want) == want:
                return people[k].name
        return ""

    def _weighted(self) -> list[Mention]:
        """Person mentions weighted by grammatical role (built on first use, once the quotes are marked)."""
        if self._mentions is None:
            index = self.index
            self._mentions = [
                Mention(i, name, 0.0 if self._caption(i) else role_weight(index, i, is_subject))
                for i, name, is_subject in index.people
            ]
            self._chain = [i for i in index.he_she if not index.inside[i] and not self._caption(i)]
            # a person's first mention outside captions, or one with a role before or an apposition after
            # ("Mississauga accountant Jo Tan", "Jo Tan, 50,") introduces them even as an object
            seen = set()
            for i, name, weight in self._mentions:
                if weight and (name not in seen or with_role(index, i)):
                    self._introductions.add(i)
                    seen.add(name)
        return self._mentions

    def _most_salient(self, i: int, want: str) -> str:
        index, weights = self.index, self.weights
        here = index.sent_no[i]
        # quotes ending before `i`, less the one `i` attributes ('"...," he said'): who is named in narration since
        # the last of them is being introduced as the next speaker
        ends = index.quote_ends
        k = bisect_right(ends, i) - 1
        if k >= 0 and i - ends[k] <= 3:
            k -= 1
        # (the sentence of that quote's end holds its attribution: '"...," he added.' introduces no one)
        since = index.sent_no[ends[k]] if k >= 0 and ends[k] < len(index.doc) else -1
        scores: dict[str, float] = {}
        for start, name, weight in self._weighted():
            if start >= i or i - start > weights.window or not weight:
                continue
            gender = self.gender.get(name, "")
            if want and gender and gender != want:
                continue
            if want and not gender:
                weight *= weights.unknown_gender
            if index.sent_no[start] > since and not index.inside[start] and (
                    weight >= 1.0 or start in self._introductions):
                weight *= weights.introduced
            # a person's salience is that of its most salient mention, as in Lappin and Leass
            score = weight * 0.5 ** (here - index.sent_no[start])
            if score > scores.get(name, 0.0):
                scores[name] = score
        return max(scores, key=scores.__getitem__) if scores else ""

    def _caption(self, i: int) -> bool:
        """Whether token `i` sits in a photo caption: a line ending with a credit ("( JO TAN / AP )")."""
        para = self.index.para[i]
        if para not in self._captions:
            text, at = self.index.text, self.index.doc[i].idx
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            line = text[start:len(text) if end < 0 else end]
            self._captions[para] = bool(CAPTION_PARAGRAPH_TAIL.search(line[-200:]) or CAPTION_HEAD.match(line))
        return self._captions[para]


def name_modifiers(index: DocIndex, tok: Token) -> frozenset[str]:
    """The proper names and named groups or places that modify a description's noun ("the Florida senator", "the GOP
    front-runner", "the Russian president"), which its antecedent must agree with."""
    return frozenset(c.lower_ for c in tok.lefts if c.dep_ in ("compound", "nmod", "amod") and (
        c.tag_ in ("NNP", "NNPS") or index.label(c.i) in ("NORP", "GPE", "ORG")))


def unnamed_before(index: DocIndex, tok: Token) -> int:
    """The token of the latest noun like `tok` before it, outside quotes, that introduces someone without a name: a
    noun phrase opening with "a", "an", "another" or "one" and holding no person ("an official who spoke on condition
    of anonymity", not "a lawyer, Jo Tan," or "a Vancouver coach"); -1 for none."""
    doc = index.doc
    for k in range(tok.i - 1, -1, -1):
        cand = doc[k]
        if cand.lower_ != tok.lower_ or cand.tag_ != "NN" or index.inside[k]:
            continue
        opener = doc[cand.left_edge.i]
        if opener.lower_ not in ("a", "an", "another", "one") or opener.head.i != k:
            continue
        if any(index.label(j) == "PERSON" for j in range(cand.left_edge.i, cand.right_edge.i + 1)):
            continue
        if cand.dep_ == "appos" or any(c.dep_ == "appos" for c in cand.children):
            continue  # "Jo Tan, a lawyer," names who the lawyer is
        return k
    return -1


def role_weight(index: DocIndex, i: int, is_subject: bool) -> float:
    """How strongly a mention puts its person forward: subjects most, names inside a prepositional phrase, a
    possessive or a noun compound ("the Kinder pipeline") least, and names only spoken about in a quote less."""
    start, end = index.entity_at[i][:2]
    root = index.doc[start:end].root
    if is_subject:
        weight = 1.0
    elif root.dep_ in ("pobj", "poss") or root.head.dep_ in ("pobj", "poss") or (
            root.dep_ == "compound" and root.head.tag_ in ("NN", "NNS")):
        weight = 0.4
    else:
        weight = 0.7
    if index.inside[i]:
        weight *= 0.3
    return weight


def with_role(index: DocIndex, i: int) -> bool:
    """Whether the mention at token `i` has a role noun before it or an apposition after it."""
    doc = index.doc
    start, end = index.entity_at[i][:2]
    before = doc[start - 1] if start else None
    if before is not None and before.tag_ in ("NN", "NNS") and before.head.i in range(start, end):
        return True
    return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].tag_ in ("DT", "CD", "NN", "JJ", "PRP$")


def person_genders(index: DocIndex) -> dict[str, str]:
    """Each person's gender for pronoun agreement ("m", "f"; people left out are unknown): the first mention that
    says it decides, else a first name mostly one or the other."""
    gender: dict[str, str] = {}
    for start, end, _, name in index.persons:
        if name not in gender:
            found = _mention_gender(index, name, start, end)
            if found:
                gender[name] = found
    for name in index.roles:
        if name not in gender and name_gender(name):
            gender[name] = name_gender(name)
    return gender


def _mention_gender(index: DocIndex, name: str, start: int, end: int) -> str:
    """A person's gender from an honorific before the name, a clearly gendered first name, or the first pronoun
    after it in its sentence; "" when the mention says nothing."""
    doc = index.doc
    if start and doc[start - 1].lower_ in MALE | FEMALE:
        return "m" if doc[start - 1].lower_ in MALE else "f"
    # a first name that is clearly male or female is a surer guide than the next pronoun, which may be someone
    # else's; a name only mostly one or the other waits for the pronouns of every mention (see person_genders)
    by_name = name_gender(name, strict=True)
    if by_name:
        return by_name
    sent_end = doc[start].sent.end
    for t in doc[end:min(sent_end, end + 12)]:
        # an object pronoun ("Jo Tan scolded him") names someone else
        if t.tag_ == "PRP$" or (t.tag_ == "PRP" and t.dep_ in SUBJECT_DEPS):
            if t.lower_ in MALE:
                return "m"
            if t.lower_ in FEMALE:
                return "f"
    return ""
