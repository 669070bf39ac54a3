"""news_countries on the article's own evidence: which of a name's namesakes the rest of the article points at, and
the words that say a town's name means something else there (a river, a company, a product)."""

from __future__ import annotations

import pytest

from tests.conftest import readings


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # A famous city whose country the article names beats a namesake that only shares a state with another town
        # the article names.
        ("The show opens in Toronto in the spring and moves to London in the autumn, its British producers said.",
         "London", "GBR"),
        # A village namesake (London, California) needs more than another town of its state.
        ("A survey of wi-fi networks in London, Frankfurt, New York and San Francisco found that 26% of networks in "
         "London used default settings.", "London", "GBR"),
        # The ceremonial counties of England are places of their own, not US towns.
        ("The squad will be based at a hotel in Cheshire for three days.", "Cheshire", "GBR"),
        ("The issue entered the spotlight when Norfolk farmer Tony Martin was jailed.", "Norfolk", "GBR"),
    ],
)
def test_the_countries_the_article_names_pick_the_namesake(nlp, text, surface, iso3):
    assert readings(nlp, text, surface) == {iso3}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # A river, lake or mountain is no mention of the namesake town.
        ("The bones were found on the banks of the River Severn near Gloucester.", "Severn"),
        ("The company holds exploration permits in the Surat Basin, it said.", "Surat"),
        # A name the article uses as a company's: a kind of organisation in the plural before it, owning what only
        # companies own, employing economists and analysts ("of" and "at" go before companies too).
        ("Consumer electronics giants Hitachi and Matsushita are joining forces. The deal will enable Hitachi to cut "
         "costs.", "Hitachi"),
        ("Car sales rose in Texas. Sales of Mercedes' brands fell 2% as demand cooled, and Mercedes said it would cut "
         "jobs.", "Mercedes"),
        ("House prices rose 1.1% in December, said Martin Ellis, Halifax chief economist. Halifax said the rise was "
         "the first since September.", "Halifax"),
        ("The figures suggest a slowdown, said an analyst at Jupiter. Jupiter expects sales to double next year.",
         "Jupiter"),
        # A company's legal form ends a firm's own name, not a town's body: no town of that name is meant, even in
        # news of the town's country ("dlrs", "$").
        ("Shares of Drexel Burnham Lambert Inc rose 2 dlrs after the offering, managed in New York.", "Drexel"),
        ("Republic Health Corp said it would sell its $40 million stake in a Texas hospital.", "Republic"),
        # A firm the article calls one, and the shareholders only a company has.
        ("Small state-owned carmaker Nanjing Auto is in talks with Rover, Chinese state press reported.", "Nanjing"),
        ("The case began after two Santander shareholders filed a complaint in Spain.", "Santander"),
        # A name before ", Britain's" is described, not placed in Britain.
        ("A spokesman for Unison, Britain's biggest union, said the strike would go ahead.", "Unison"),
        # A name after a lone initial is a person's ("S Orlando" on an Italian team sheet).
        ("Replacements: G Intoppa, S Perugini, CA del Fava, S Orlando, P Griffen, R Pedrazzi.", "Orlando"),
        # A state's abbreviation that opens a person's name is no state ("CA del Monte", "Del Monte" in a team sheet).
        ("Italy: G Rossi, S Bianchi, CA del Monte, D dal Verme, P Conti, M Galli.", "CA"),
        ("Bench: Marchetti, Zanon, Del Bosco, Sartori.", "Del"),
        ("Subs: Ferrari, Battaglia, Del Vecchio, Dal Lago, Morandi.", "Del"),
        ("Subs: Ferrari, Battaglia, Del Vecchio, Dal Lago, Morandi.", "Battaglia"),
        # A surname of someone named in full is no region, even after a locative before its possessive.
        ("The firm's chairman, Hiroshi Nagano, resigned in March. On Monday a crowd of angry savers gathered outside "
         "Nagano's office.", "Nagano"),
        # The short name of a firm the article names in full, with no other place of the region's country.
        ("Shares of Bavaria Holdings Inc rose 2 dlrs after the offer. Rival bidder Apex Corp said it would buy 40 pct "
         "of Bavaria if regulators in the U.S. agreed.", "Bavaria"),
        # Half of a hyphenated name whose other half names no place is no town.
        ("Workers at Flexi-Van walked out on Monday.", "Van"),
        ("Talks in the northern part of the state of Baden-Wuerttemberg broke down, the union said.", "Baden"),
        ("The rocket will carry a satellite for New-York based Telstar next year.", "York"),
        # The short name of a firm the article names in full, where the article names its country elsewhere too.
        ("Irving Bank Corp said profits rose. Moody's said it would review Irving's ability to pay, the agency in "
         "New York said.", "Irving"),
        # A small town's name before what a company issues is the company's.
        ("Royex offered to buy four mln Corona shares. A judge in Texas approved the deal.", "Corona"),
        ("Holders will receive class A Empire shares, the company said in New York.", "Empire"),
        # A small town's name that says something is a person's or a firm's.
        ("Shannon Fairbanks, chief of staff of the bank board, told a conference in Washington that thrifts were "
         "sound. Fairbanks said the fund was short.", "Fairbanks"),
        # A party is named after an idea, not a town.
        ("The ruling Liberal Democratic Party's setback in the local elections may force the government to drop its "
         "tax plan, economists said.", "Liberal"),
        # The initials of an organisation the article names in full.
        ("The Saudi Arabian Monetary Agency (SAMA) eased rules. At last SAMA and the Finance Ministry are opening up "
         "markets for new instruments, bankers in Jeddah said.", "SAMA"),
        # A village NER calls no place, in a state the article names nowhere else, is a word or an organisation.
        ("The administration is expected to seek an extra $80bn from Congress later this year.", "Congress"),
    ],
)
def test_words_around_a_name_that_say_it_is_no_town(nlp, text, word):
    assert not [m for m in nlp(text)._.news_countries if word in m.text]


def test_a_market_named_after_its_city_is_the_city(nlp):
    assert readings(nlp, "London shares closed higher, and analysts in London expect more gains.", "London") == {
        "GBR"}


def test_a_village_naming_a_body_of_its_town_stays(nlp):
    assert readings(nlp, "Bond resigns from Groton Town Council. He said he had no choice.", "Groton") == {"USA"}


def test_a_firm_named_after_its_town_keeps_the_town_the_article_places_elsewhere(nlp):
    text = ("Shanghai Automotive Industry Corp will build the plant in Shanghai, the company said. China's car "
            "sales rose 20 pct last year.")
    assert readings(nlp, text, "Shanghai") == {"CHN"}


def test_a_town_named_with_its_river_goes_by_its_first_words(nlp):
    # Newcastle upon Tyne, against the bigger Newcastle in Australia, once the article names England three times
    text = ("The England fly-half trained with Newcastle on Wednesday before the match against Edinburgh. England "
            "play Australia in the autumn, and England's coach was pleased.")
    assert readings(nlp, text, "Newcastle") == {"GBR"}


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # A capital that speaks is its government; a big city before "shares" is its market.
        ("Bonn said it would not cut taxes this year, officials in Frankfurt said.", "Bonn", "DEU"),
        ("Toronto shares closed higher and Toronto dealers expect more gains.", "Toronto", "CAN"),
        # Two places joined by a hyphen, or a town before "-based", stay towns.
        ("The Beijing-Shanghai railway will be finished next year.", "Shanghai", "CHN"),
        ("Calgary-based Dome Petroleum said it would sell assets.", "Calgary", "CAN"),
        ("The Calgary-North West member, first elected in 2012, spoke.", "Calgary", "CAN"),
    ],
)
def test_names_that_stay_towns_beside_firms_and_speech(nlp, text, surface, iso3):
    assert readings(nlp, text, surface) == {iso3}


def test_a_name_that_speaks_keeps_the_town_the_article_places_it_in(nlp):
    # the small English town has a big Canadian namesake: the rule that a big town may speak must not hand the name
    # to the namesake the article never meant
    text = "UK house prices rose in March. After falls at the end of 2004, Halifax said house prices rose by 0.8%."
    assert readings(nlp, text, "Halifax") <= {"GBR"}


def test_an_organisation_opening_the_article_is_read_without_its_last_word(nlp):
    # The state opening an organisation's name at the very start of an article holds the town, whatever word the
    # article ends with (here "of", which before a state inside a name would say "the University of Michigan").
    text = "Ontario Hydro will build a plant in London, a town its engineers speak well of"
    assert readings(nlp, text, "London") == {"CAN"}
