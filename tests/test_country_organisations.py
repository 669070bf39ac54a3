"""news_countries on names that are organisations, products or heavenly bodies in one article and towns elsewhere:
the words of the article say which (a list of firms, a state that owns the name, the place an organisation is said
to be in, a list of towns abroad)."""

from __future__ import annotations

import pytest

from tests.conftest import readings


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # The Earth, the Moon and the planets are no towns.
        ("Scientists in Texas say every child on Earth should have a computer by 2010.", "Earth"),
        # A town no namesake of which lies in the state that owns the name is no town: a court of the state.
        ("The group has asked California's Superior court to stop the firm from naming its sources.", "Superior"),
        # A member of a list of firms.
        ("Movies from Sony Pictures, Walt Disney, Touchstone, Miramax, Columbia and Buena Vista will be on offer.",
         "Columbia"),
        ("The format has won backing from Paramount, Universal and Warner Bros, the Los Angeles studios said.",
         "Paramount"),
        # A country opening a firm's name places no town before it.
        ("It has support from companies such as Nokia, Intel, Philips, Alcatel, France Telecom, Thomson and "
         "Telefonica.", "Alcatel"),
        # "At" says no place before a name the article otherwise calls an organisation.
        ('Nokia and Microsoft signed the deal on Monday. "We are pleased," said Jo Smith, a vice president at Nokia. '
         "Nokia shares rose 3%.", "Nokia"),
        # An organisation said to be in a state where no town of its first name lies is named after someone.
        ("The machine was built at Nasa's Ames Research Center in California.", "Ames"),
        ("Jo Tan, a student at Cornell University in New York State, wrote the program.", "Cornell"),
        # A town that is a given name, before a second town's name in an institution's name, is a person's.
        ("It is being assembled for the Lawrence Livermore National Laboratory, under the US Department of Energy.",
         "Lawrence"),
        ("The sheriff said Jo Eller, a counselor at George Washington High School, backed the plan.", "George"),
        # The words of a longer name before ", US" are no unlisted town.
        ("Since the first supercomputer was installed at Los Alamos National Laboratory, US, in 1976, speed has "
         "leaped.", "National Laboratory"),
    ],
)
def test_names_the_article_shows_are_no_towns(nlp, text, word):
    assert readings(nlp, text, word) == set()


@pytest.mark.parametrize(
    ("text", "surface", "iso3"),
    [
        # A list of towns abroad speaks for the famous city, not for its namesake in a listed town's state.
        ("Phones were left in taxis in Helsinki, Oslo, Munich, Paris, Stockholm, Chicago and Sydney, the survey found.",
         "Paris", "FRA"),
        ("The tour visits Paris, Tyler and Dallas in Texas this spring.", "Paris", "USA"),
        # A state named only inside a university's name is no evidence for a village namesake of a famous town.
        ("A spokeswoman for Oxford University said the British library's books would be scanned, as the University "
         "of Michigan had done.", "Oxford", "GBR"),
        # A province far better known than its namesakes places the town it owns.
        ("Texas's Fort Worth and Ontario's Kingston are growing.", "Kingston", "CAN"),
        # An organisation in the state of its town keeps the town; a list of towns or of clubs is no list of firms.
        ("Professor Jo Tan, of Stanford University in California, led the study.", "Stanford", "USA"),
        ("Offices in Columbia, Greenville and Spartanburg will close.", "Columbia", "USA"),
        ("She was taken to Marion General Hospital in Indiana.", "Marion", "USA"),
        # A county's body keeps its county, whatever NER calls the body.
        ("The audit also blames the Laurel County Fiscal Court for lack of oversight in Kentucky.", "Laurel County",
         "USA"),
        ("Deputies from the LaFayette County, Wisconsin, Sheriff's Office searched the farm.", "LaFayette County",
         "USA"),
        ("Survivors include Leonard of Ada, Oklahoma; and Jo Cox of Hugo, Oklahoma.", "Ada", "USA"),
        ("He was Superintendent of Carbon School District in Price, Utah, for six years.", "Price", "USA"),
        ("The company put into production an oil well in the Altamont Bluebell Field, Utah.", "Bluebell Field", "USA"),
        ("ACME PROPERTIES <ACP> DIVIDEND\n    JACKSON, MISS., May 20\n    Qtly div 65 cts vs 65 cts prior.", "JACKSON",
         "USA"),
        ("Wenger's side beat Chelsea, Arsenal and Newcastle last season in England.", "Newcastle", "GBR"),
    ],
)
def test_the_words_around_a_name_pick_its_reading(nlp, text, surface, iso3):
    assert readings(nlp, text, surface) == {iso3}
