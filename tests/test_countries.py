"""news_countries: names, demonyms, cities, regions and metonyms resolved to ISO alpha-3, settled by context."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from components.gazetteer import country_name, lookup
from tests.conftest import assert_cached_once


def mentions(nlp, text):
    doc = nlp(text)
    for m in doc._.news_countries:
        assert m.text == doc.text[m.start_char : m.end_char]
    return doc._.news_countries


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Benjamin Netanyahu flew to the Black Sea resort of Sochi on Thursday to meet Vladimir Putin, "
            "and Israeli officials said the talks went well.",
            {("Sochi", "RUS", "city"), ("Israeli", "ISR", "demonym")},
        ),
        (
            "Asked about the sanctions, the Kremlin said on Monday that Moscow would not change course.",
            {("the Kremlin", "RUS", "metonym"), ("Moscow", "RUS", "city")},
        ),
        (
            "Settlers moved into the occupied West Bank last year, Palestinian officials said.",
            {("West Bank", "PSE", "region"), ("Palestinian", "PSE", "demonym")},
        ),
        (
            "Trade between the U.S. and Britain grew while Türkiye and the UK signed a new deal.",
            {("U.S.", "USA", "name"), ("Britain", "GBR", "name"), ("Türkiye", "TUR", "name"), ("UK", "GBR", "name")},
        ),
        (
            "Officials at the White House and the Pentagon declined to comment on the report from Whitehall.",
            {("the White House", "USA", "metonym"), ("the Pentagon", "USA", "metonym"),
             ("Whitehall", "GBR", "metonym")},
        ),
        (
            "Americans and Canadians crossed the border in Ontario near Toronto.",
            {("Americans", "USA", "demonym"), ("Canadians", "CAN", "demonym"), ("Ontario", "CAN", "region"),
             ("Toronto", "CAN", "city")},
        ),
    ],
)
def test_mentions(nlp, text, expected):
    got = {(m.text, m.iso3, m.kind) for m in mentions(nlp, text)}
    assert expected <= got


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # A town named with its state, or in an article about that state, is the local namesake.
        ("The fire broke out downtown in Paris, Texas, late on Friday, the county sheriff said.", "Paris", "USA"),
        ("Voters in Texas went to the polls on Tuesday. In Paris, the mayor conceded the race after a recount.",
         "Paris", "USA"),
        ("Emmanuel Macron returned to Paris after a summit in Brussels with the leaders of France and Belgium.",
         "Paris", "FRA"),
        # Georgia the state next to Atlanta, Georgia the country next to Tbilisi.
        ("Storms hit Atlanta and much of Georgia overnight, and Alabama braced for flooding.", "Georgia", "USA"),
        ("Protesters filled the streets of Tbilisi as Georgia weighed its bid to join the EU; Georgian officials "
         "blamed Russia.", "Georgia", "GEO"),
        # Unlisted towns still count through the state that follows them.
        ("A man from Hazard, Ky., was charged on Monday.", "Hazard", "USA"),
        ("The London police said the victim was from London, Ontario, and had moved there in 2010.", "London", "CAN"),
        # the state named after a town outweighs a district of the same name abroad
        ("The fire in York, Maine, destroyed three homes, police said.", "York", "USA"),
        ("Troops withdrew from the disputed Jordan Valley while the King of Jordan met envoys in Amman.", "Jordan",
         "JOR"),
    ],
)
def test_ambiguous_names_follow_context(nlp, text, surface, iso3):
    found = [m for m in mentions(nlp, text) if m.text == surface]
    assert found, f"{surface} not found"
    assert found[-1].iso3 == iso3


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Michael Jordan scored 40 points as Chicago beat New York.", "JOR"),
        ("Jordan Spieth won the Masters by four strokes.", "JOR"),
        ("Her grandparents left the Soviet Union for Yugoslavia in 1950.", "RUS"),
        ("Exports to Latin America and South America rose, and Central American buyers returned.", "USA"),
        ("Annexing the Jordan Valley would end hopes of peace, the minister said.", "JOR"),
        ("Traffic was heavy on the South Road, and police closed the East Bridge.", "CMR"),
        ("He spoke English and Spanish at the hearing in Houston.", "ESP"),
    ],
)
def test_no_false_countries(nlp, text, absent):
    assert absent not in {m.iso3 for m in mentions(nlp, text)}


def test_seed_article_countries(nlp):

    text = (Path(__file__).resolve().parents[1] / "seeds" / "000_1a593b0e489be98a.txt").read_text(encoding="utf-8")
    found = mentions(nlp, text)
    assert {m.iso3 for m in found} == {"ISR", "RUS", "SYR", "IRN", "USA", "LBN", "PSE"}
    kinds = {(m.text, m.iso3, m.kind) for m in found}
    assert {("Sochi", "RUS", "city"), ("Israeli", "ISR", "demonym"), ("the Kremlin", "RUS", "metonym"),
            ("West Bank", "PSE", "region")} <= kinds


@pytest.mark.parametrize(
    ("surface", "iso3"),
    [("Russia", "RUS"), ("U.S.", "USA"), ("America", "USA"), ("Türkiye", "TUR"), ("Turkiye", "TUR"),
     ("Palestinians", "PSE"), ("Gaza", "PSE"), ("Kremlin", "RUS"), ("Ky.", "USA"), ("Laurel County", "USA"),
     ("Bavaria", "DEU"), ("Sochi", "RUS"), ("EDMONTON", "CAN")],
)
def test_lookup_knows_variants(surface, iso3):
    assert iso3 in {p.iso3 for p in lookup(surface)}


@pytest.mark.parametrize("surface", ["South", "Police", "Soviet Union", "Europe", "the", "paris"])
def test_lookup_skips_words_and_history(surface):
    assert not [p for p in lookup(surface) if p.iso3]


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # Provincial and state abbreviations count after "Town, " whatever NER makes of them.
        ("A retired couple from Melville, Sask. believes the cat found on the train is theirs.", "Sask.", "CAN"),
        ("She sold the family home in Gatineau, Que., and moved to an apartment.", "Que.", "CAN"),
        # The state or country named after a town settles it, even when the town is only listed abroad.
        ("Police said the man was stabbed at a house in Edmonton, Queensland, late on Friday.", "Edmonton", "AUS"),
        ("GLASGOW, Ky. (WKRN) -- A woman died after she was struck by a car in Glasgow on Saturday.", "Glasgow",
         "USA"),
        # A list of countries is not "town, country".
        ("The company has production sites in Brazil, Germany, Japan and the USA.", "Brazil", "BRA"),
        ("The company has production sites in Brazil, Germany, Japan and the USA.", "Germany", "DEU"),
        # Small towns come from geonames' cities1000 list when NER calls them a place.
        ("Flooding closed two roads in Whitestown overnight, officials said.", "Whitestown", "USA"),
        # US local news: sheriffs, townships, "9 a.m." and dollars make the US namesake win.
        ("The Athens Police Department and the county sheriff's office said the store opened at 9 a.m. and lost "
         "$2,000 in the robbery.", "Athens", "USA"),
        ("Tourists crowded the streets of Athens as Greek officials announced new visitor limits.", "Athens", "GRC"),
    ],
)
def test_towns_follow_their_state_and_the_article(nlp, text, surface, iso3):
    found = [m for m in mentions(nlp, text) if m.text == surface]
    assert found, f"{surface} not found"
    assert found[0].iso3 == iso3


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # Villages named like words need NER to call them a place.
        ("Fernando Suarez, who heads the King Juan Carlos University in Madrid, denied the claims.", "USA"),
        ("She was struck by a Ford pickup, and the driver was charged, the Spanish police said.", "GBR"),
        # A village does not vouch for its namesakes: Enfield and Edmonton stay in London.
        ("Pupils from an Edmonton school in the London borough of Enfield dug flower beds on the Crescent.", "CAN"),
        # Without US cues and with another country named, no home prior.
        ("Toronto police said a man was robbed near Phillips Square; Ontario officials promised a review.", "USA"),
    ],
)
def test_small_towns_need_support(nlp, text, absent):
    assert absent not in {m.iso3 for m in mentions(nlp, text)}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # A sentence opener before ", Country" is no town of that country.
        ("However, Turkey said it would not change course on the deal.", "However"),
        ("On Monday, Germany announced new tariffs on steel.", "Monday"),
        ("Meanwhile, France has raised its growth forecast.", "Meanwhile"),
        # A company named like a town is no mention of the town.
        ("Shares in Asahi rose 3% after the brewer said profits were up.", "Asahi"),
        ("Halifax, the UK's biggest mortgage lender, said house prices rose.", "Halifax"),
        ("Shell said it would sell its stake in the field in Ecuador.", "Shell"),
        ("Continental said it would cut 1,000 jobs at its tyre plants.", "Continental"),
        # The surname of a person the article names in full is no town, whatever the model calls it alone.
        ("Marlon Brando was the greatest actor of his age, and Brando never forgot it.", "Brando"),
        # A capital "A" after a comma in a team sheet is an initial, not the article.
        ("Glasgow: D Ross (Ayr), T Brown (Perth), K Mills (Stirling), A Henderson (Dundee), P Hall (Troon).",
         "Henderson"),
        # The adjective of a people before its plural noun names no town of that name.
        ("The new guard was modelled on the bodyguards of Roman emperors, the historian said.", "Roman"),
        ("Reformers gave reporters a rare look inside the Islamic Republic's parliament, officials said.", "Republic"),
        # A role before a name makes it a person's.
        ("Bookmakers said the favourite in the category is Sideways star Thomas Haden Church.", "Thomas"),
        # A name the article writes in lower case too is a word or a brand before it is a town.
        ("Hundreds came to the conference's Mobile summit, where EA Mobile said sales of mobile games doubled.",
         "Mobile"),
        # A town after "First" names a bank; after an organisation's possessive, its product.
        ("The banks advising on the bond were UBS, Credit Suisse First Boston and Deutsche Bank.", "Boston"),
        ("Early handhelds such as Apple's Newton never sold well, analysts said.", "Newton"),
        # A name the article twice writes as "the X" heading its phrase is no town anywhere in it.
        ("As the Aurora limped back to its dock, US investors shrugged. Passengers on the Aurora got refunds, and "
         "analysts in New York said Aurora is just one vessel in a large fleet.", "Aurora"),
        # Only companies own technology.
        ("Toyota leads the market for hybrid cars, and Nissan has bought Toyota's hybrid technology.", "Toyota"),
        # The end of a name broken over two lines of hard-wrapped text is no town of its own.
        ("Bankers are meeting portfolio managers in New\nYork this week, the company said.", "York"),
        # "thanks to" is no locative.
        ("Gavin Henson kicked the late penalty. And, thanks to Henson, Wales did.", "Henson"),
    ],
)
def test_words_companies_and_surnames_are_no_towns(nlp, text, word):
    assert not [m for m in mentions(nlp, text) if word in m.text]


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # A town named with its state stays that town even when a person shares its name.
        ("Jesse Jackson spoke in Jackson, Mississippi, on Monday.", "Jackson", "USA"),
        # A local body opening with a town's name still places the story there.
        ("The Berea Police Department said the store in Berea was robbed at 9 a.m.", "Berea", "USA"),
        # A dateline is a place whatever NER calls it.
        ("Suspect declared unfit for trial. MANASSAS -- A Woodbridge man charged in the killing of his wife was "
         "declared incompetent on Monday.", "MANASSAS", "USA"),
    ],
)
def test_towns_with_place_evidence_stay(nlp, text, surface, iso3):
    assert iso3 in {m.iso3 for m in mentions(nlp, text) if m.text == surface}


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # A far bigger city beats its namesake though the article names the namesake's country...
        ("The Pope spoke in Rome on Sunday, and the US president sent an envoy from Washington to Rome.", "Rome",
         "ITA"),
        ("The US firm said it would open offices in Paris next year.", "Paris", "FRA"),
        # ... but not when it names the namesake's state.
        ("Voters in Rome, N.Y., lined up early as state officials counted ballots.", "Rome", "USA"),
    ],
)
def test_famous_cities_win_unless_the_state_is_named(nlp, text, surface, iso3):
    found = [m for m in mentions(nlp, text) if m.text == surface]
    assert found and {m.iso3 for m in found} == {iso3}


@pytest.mark.parametrize(("surface", "iso3"), [("Whitestown", "USA"), ("St. George", "USA"), ("Ludwigshafen", "DEU"),
                                                ("Henley", "GBR")])
def test_lookup_knows_small_towns_and_short_forms(surface, iso3):
    assert iso3 in {p.iso3 for p in lookup(surface)}


def test_country_names_are_common_names():
    assert country_name("RUS") == "Russia"
    assert country_name("PSE") == "Palestine"
    assert country_name("USA") == "United States"


def test_gazetteer_cache_falls_back_to_the_temporary_folder(tmp_path):
    """A cache folder that cannot be written (here: below a file) leaves the tables cached in the temporary folder."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "NEWSSCOPE_CACHE": str(blocker / "cache"), "TMPDIR": str(temp)}
    code = "from components.gazetteer import lookup; assert lookup('Sochi')"
    assert_cached_once(code, env, temp, "newsscope-cache-*/gazetteer-*.pickle")


def test_pipe_reads_what_the_model_assigns(nlp):
    assert nlp.analyze_pipes()["problems"]["news_countries"] == []


def _free_city(config=None):
    """Countries in a hand-tagged sentence naming a city outside any entity ("They met in Toulouse.")."""
    import spacy
    from spacy.tokens import Doc

    import components.countries  # noqa: F401  (registers the pipe)

    blank = spacy.blank("en")
    blank.add_pipe("news_countries", config=config or {})
    doc = Doc(blank.vocab, words=["They", "met", "in", "Toulouse", "."], tags=["PRP", "VBD", "IN", "NNP", "."])
    return [(m.text, m.iso3) for m in blank(doc)._.news_countries]


def test_settings_come_from_the_pipe_config():
    # Toulouse (about 470,000 people) is big enough to be read without NER's support, unless the config asks more
    assert _free_city() == [("Toulouse", "FRA")]
    assert _free_city({"free_city_weight": 6.0}) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capitalised title before a name makes it a person's name, an adjective-like title does not
        ("They pretended to eat on the deck of the Queen Mary, Hannah said.", set()),  # not Mary, Turkmenistan
        ("Former US ambassador Jo Tan spoke on Tuesday.", {("US", "USA")}),
    ],
)
def test_titles_before_place_names(nlp, text, expected):
    found = {(m.text, m.iso3) for m in mentions(nlp, text) if m.text in ("Mary", "US")}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # A town's name inside a longer organisation or award name is no mention of the town.
        ("Analysts at Merrill Lynch said the deal was good for shareholders.", "Merrill"),
        ("The actress won a Golden Globe last year and is tipped for an Oscar.", "Golden"),
        ("She studied chemistry at the University of Michigan before joining the firm.", "University"),
        ("Lindsay Davenport beat Conchita Martinez in straight sets, and Davenport will now face Williams.",
         "Martinez"),
    ],
)
def test_names_that_hold_a_town_are_no_towns(nlp, text, word):
    assert not [m for m in mentions(nlp, text) if word in m.text]


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # A club named after its city still places the story there.
        ("Manchester United beat Arsenal 2-0 at Old Trafford on Sunday.", "Manchester", "GBR"),
        # A national capital outranks its namesakes though the article names their country.
        ("Jones, the US sprinter, won no medals in Athens last summer, her lawyer said in San Francisco.", "Athens",
         "GRC"),
        # A list of places is no "town, country" pair.
        ("Passengers can fly to London, Singapore and Kuala Lumpur from the new hub in Australia.", "London", "GBR"),
        ("The broker has offices in London, New York and Tokyo, and its London desk trades U.S. bonds.", "London",
         "GBR"),
        # Dollars and a mayor do not make US local news of an article that names London.
        ("Radcliffe dropped out in Athens in August. Now she heads to London and the $130,000 prize, the mayor said.",
         "Athens", "GRC"),
        # ... unless the article names two more places that can lie in the namesake's state.
        ("Jobless rates rose in Athens in February, and rates in Madison, Macon and Savannah rose too.", "Athens",
         "USA"),
        # A city known abroad beyond its size outranks a namesake in a country the article names.
        ("U.S. negotiators will present the American draft treaty at the arms talks in Geneva tomorrow, the United "
         "States said.", "Geneva", "CHE"),
        # A state of the famous city's own country does not hide the city from its namesakes abroad.
        ("Bankers in London said the U.S. minister would fly to Washington for talks, and London dealers sold "
         "sterling.", "Washington", "USA"),
    ],
)
def test_prominent_cities_and_lists(nlp, text, surface, iso3):
    found = [m for m in mentions(nlp, text) if m.text == surface]
    assert found and {m.iso3 for m in found} == {iso3}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # A seat of power inside another organisation's name is no mention of the government.
        ("The deal was first reported by the Wall Street Journal on Monday.", "Wall Street"),
        ("The Westminster Foundation for Democracy and the Wine Standards Board will be abolished.", "Westminster"),
        ("Researchers from the New York State Department of Health said the results were promising.",
         "State Department"),
    ],
)
def test_seats_of_power_inside_other_names(nlp, text, word):
    assert not [m for m in mentions(nlp, text) if word in m.text]


@pytest.mark.parametrize(
    ("text", "word", "iso3"),
    [
        # a country's own name beside the seat of power, or the seat's kind before "of", keeps the metonym
        ("A spokesman for the US State Department said the talks would go on.", "State Department", "USA"),
        ("Protesters gathered outside the Palace of Westminster on Monday.", "Westminster", "GBR"),
    ],
)
def test_seats_of_power_with_their_country_or_kind(nlp, text, word, iso3):
    assert {m.iso3 for m in mentions(nlp, text) if word in m.text} == {iso3}


def test_local_news_of_another_country_is_not_read_as_us_local_news(nlp):
    # "$" and "mayor" are US local-news cues; the story names a Canadian province and Canadians, so the towns inside
    # longer names are not their US namesakes (Grandview Heights, Ohio; University, Florida)
    text = ("Surrey's council cut $135 million in projects, including the $58 million Grandview Heights Community "
            "Centre, mayor Doug Smith said. Canadian voters in B.C. were split, said Jo Tan, a political scientist at "
            "the University of the Fraser Valley.")
    assert not [m for m in mentions(nlp, text) if m.iso3 == "USA"]


@pytest.mark.parametrize(("words", "part"), [
    (["a", "street", "in", "Upper", "Edmonton", "."], False),  # "in" names the place, whatever NER calls it
    (["shares", "in", "Time", "Warner", "rose"], True),  # not where "in" follows a holding
    (["analysts", "at", "Time", "Warner", "said"], True),
])
def test_a_name_after_in_is_a_place_whatever_ner_calls_it(words, part):
    import spacy
    from spacy.tokens import Doc

    from components.countries import Match, _ent_bounds
    from components.name_parts import part_of_other_name

    ents = ["O"] * len(words)
    start = words.index("Upper") if "Upper" in words else words.index("Time")
    ents[start], ents[start + 1] = "B-ORG", "I-ORG"
    doc = Doc(spacy.blank("en").vocab, words=words, ents=ents)
    labels, starts, ends = _ent_bounds(doc)
    assert part_of_other_name(doc, Match(start + 1, start + 2, (), "ORG"), labels, starts, ends) is part


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # A name listed among people is one of them: a team sheet.
        ("Rovers: Douglas, McNamara, Balde, Varga, Laursen, Petrov, Lennon, Sutton, Thompson, Bellamy, Hartson.",
         "Sutton"),
        # A name the article gives a kind of organisation is that organisation all through it.
        ("Japan's top car maker Toyota said its sales rose. Toyota shares closed higher on Friday.", "Toyota"),
        # A capitalised word opening a sentence that the article otherwise writes in lower case.
        ("Mobile phone music services are growing. Analysts expect mobile TV to follow.", "Mobile"),
        # ... and one opening a quotation that opens a sentence, which is no capital inside a sentence either.
        ('Sales grew. "Mobile phone music must not be rushed," said an analyst. Mobile TV will follow the mobile web.',
         "Mobile"),
        # An article before a lone name that heads its phrase: a venue or a firm, no town.
        ("A late header earned the visitors a draw at the Riverside on Saturday.", "Riverside"),
        ("Recent surveys from the Halifax and Nationwide show prices are still rising.", "Halifax"),
        # A political group NER calls NORP, and a role before a person's name.
        ("Charles Kennedy has told voters his Liberal Democrats will offer them an honest choice.", "Liberal"),
        ("Visiting president Thabo Mbeki opened the new clinic on Friday.", "Thabo Mbeki"),
        # "from" is no place evidence for the surname of someone the article names in full.
        ("Chris Paterson kicked three penalties. Scotland snatched three points from Paterson when a forward handled.",
         "Paterson"),
    ],
)
def test_the_article_says_the_name_is_no_town(nlp, text, word):
    assert not [m for m in mentions(nlp, text) if m.text == word]


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # ... but a list of towns stays one, and so does a hyphenated "Paris-based" after "the".
        ("The brewer owns plants in Klin, Ivanovo, Saransk, Kursk and Omsk.", "Saransk", "RUS"),
        ("The Paris-based firm has been shedding businesses.", "Paris", "FRA"),
        # A state after its town in a list of relatives is still the state.
        ("Survivors: brother, Tom Smith and wife, Gwen of Detroit, Texas; sister, Ann Lee of Ada, Oklahoma.", "Texas",
         "USA"),
        # "New York", a state that is a big city too, does not call Athens a village in the state.
        ("Radcliffe dropped out of the marathon in Athens, and on Sunday she won the New York marathon.", "Athens",
         "GRC"),
        # A country opening the next clause is no "town, country" pair.
        ("After a fine display in the draw in Paris, Ireland face the Faroe Islands on Wednesday.", "Paris", "FRA"),
    ],
)
def test_towns_among_the_new_clues(nlp, text, surface, iso3):
    found = [m for m in mentions(nlp, text) if m.text == surface]
    assert found and {m.iso3 for m in found} == {iso3}


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # A place owned by a city lies in the city's country: no namesake abroad, nor a town at all where the city
        # has none of that name.
        ("Costs at a development in London's Docklands hit the Australian builder's profits.", "Docklands", None),
        ("In a speech at Edinburgh's Napier University, he said Labour would publish its plans.", "Napier", None),
    ],
)
def test_a_place_owned_by_a_city_is_no_namesake_abroad(nlp, text, surface, iso3):
    assert {m.iso3 for m in mentions(nlp, text) if m.text == surface} == ({iso3} if iso3 else set())


@pytest.mark.parametrize(
    "text",
    ["Sheriff Ann Lee", "the sheriff's office", "Laurel County", "Rapides Parish", "Tewksbury Twp.", "a Township",
     "the Fire Department", "Police department", "school district", "District Attorney", "City Council",
     "County Commission", "State Route 9", "Interstate 95", "Sen. Ann Lee, R-Texas", "D-Ohio", "at 9 a.m.",
     "until 10p.m.", "$5 million", "the 800 block of Elm", "Middle School", "high School", "eighth-grade pupils",
     "the Recycling Center", "Mayor Lee", "the mayor", "on Sept. 5", "Jan. 12"],
)
def test_each_us_cue_is_looked_for_where_its_words_are(text):
    # A cue's pattern is tried only where one of its words is written: the words must hold every match.
    from components.country_context import US_CUES, US_WEAK_CUES

    for words, cue in US_CUES + US_WEAK_CUES:
        if cue.search(text):
            assert any(w in text.lower() for w in words), (text, cue.pattern)
    assert any(cue.search(text) for _, cue in US_CUES + US_WEAK_CUES), text
