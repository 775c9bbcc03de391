"""The word lists the finder judges capitalised words by: shipped files and small sets in code.

Nothing is fetched: the lists are package data (see data/SOURCES.md) and the world gazetteer
in data/gazetteer/ when it is there (read only, for the kind of a known place or body).
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from analysis.disk_cache import cached

DATA = Path(__file__).resolve().parent / "data"
GAZETTEER = Path(__file__).resolve().parents[2] / "data" / "gazetteer"

# Kinds a found entity may be guessed as: the registry's (analysis/schema.ACTOR_KINDS) plus
# "place" for cities, regions and features, which the registry does not count as actors.
PERSON, ORGANIZATION, COUNTRY, PLACE, MEDIA, GROUP = (
    "person",
    "organization",
    "country",
    "place",
    "media",
    "group",
)
FOUND_KINDS = (PERSON, ORGANIZATION, COUNTRY, PLACE, MEDIA, GROUP)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that are never part of a name, wherever they stand.
STOP = _words(
    """
    The A An This That These Those There Here It Its He She His Her Him They Them Their We Our Us
    I You Your My Me Who Whom Whose What Which When Where Why How If Then Than But And Or Nor So
    Yet For In On At By To From Of With Without Into Onto Over Under After Before During Since
    Until While As Also Not No Yes All Any Some Many Most More Much Few Each Every Both Either
    Neither Other Another Such Only Just Even Still However Meanwhile Moreover Although Though
    Because Despite Between Among Against About Above Below Around Through Across Within Along
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun Today Tomorrow Yesterday Tonight
    Reuter REUTER FOB CIF CWT DLRS MLN PCT BPD GMT EST EDT CST PST EDT YTD EPS NIL
    Page Note Total Totals Source Sources Net Vs Shr Shrs Qtr Revs Avg Mln Pct Cts
    Mths Mth Wks Oper Dlrs Nil Figures Results Table Update Correction Sports Soccer Cricket
    Tennis Golf
    Rugby Baseball Basketball Hockey Boxing Cycling Athletics Motorracing Swimming Skiing
    """
)

# Words that make the name after them a person's ("Finance Minister Fernando Haddad").
TITLES = _words(
    """
    Mr Mrs Ms Miss Mme Dr Prof Professor Sir Dame Lord Lady Sen Senator Rep Representative Gov
    Governor President Vice-President Premier Minister Chancellor Secretary Ambassador Envoy
    Judge Justice Gen General Lt Lieutenant Col Colonel Maj Major Capt Captain Adm Admiral
    Commander Cmdr Sgt Sergeant Corporal Brig Brigadier Marshal Field-Marshal Chairman
    Chairwoman Chairperson Chief Director Spokesman Spokeswoman Spokesperson Speaker Deputy King
    Queen Prince Princess Emperor Empress Crown Pope Cardinal Archbishop Bishop Rev Reverend Father
    Sheikh Sheik Emir Sultan Ayatollah Imam Rabbi Pastor Mayor Coach Striker Defender Goalkeeper
    Midfielder Forward Captain Skipper Manager Trainer Leader Lawmaker Congressman Congresswoman
    MP Attorney Inspector Detective Officer Commissioner Councillor Councilman Treasurer
    Economist Analyst Dealer Trader Executive CEO Counsel Auditor Registrar Provost
    Presidente Ministro Senador Deputado Shri Smt Mullah Mufti Mme Herr Frau Monsieur Signor
    Veteran Champion Champions Seed Holder Titleholder Newcomer Rookie Actor Actress Singer Author
    Writer Producer Novelist Poet Painter Playwright Composer
    """
)

# Last words that make a run a company ("Petrobras SA", "Reliance Industries Ltd").
ORG_SUFFIXES = _words(
    """
    Inc Corp Co Cos Ltd Plc PLC LLC LLP LP AG SA SpA NV BV GmbH AB ASA Oyj KK Bhd Pty Limited
    Incorporated Corporation Company Companies Holdings Holding Group Bancorp Bancshares
    Bancorporation
    Industries Enterprises Partners Associates Brothers Bros Trust Fund Funds Capital Securities
    Investments Ventures Technologies Technology Systems Communications Airlines Airways Motors
    Petroleum Oil Gas Energy Electric Electronics Pharmaceuticals Chemicals Mining Resources Steel
    Foods Products Services Insurance Financial Finance Realty Properties Media Telecom Networks
    Lines
    """
)

# Legal forms, left out of a company's canonical name ("Standard Oil Co" is "Standard Oil").
LEGAL_FORMS = _words(
    "Inc Inc. Corp Corp. Co Co. Cos Cos. Ltd Ltd. Plc PLC plc LLC LLP LP AG SA S.A. SpA NV N.V. "
    "BV GmbH AB ASA Oyj KK Bhd Pty Limited Incorporated"
)

# Head words of bodies ("Ministry of Finance", "Bharatiya Janata Party", "Queen Elizabeth College").
ORG_HEADS = _words(
    """
    Bank Ministry Party University College Institute Institution Council Committee Commission
    Treasury Pentagon Interpol Politburo Knesset Duma Bundestag Bundesbank Sejm Majlis
    Association Federation Union League Society Agency Authority Board Bureau Department Office
    Court Tribunal Parliament Congress Senate Assembly Army Navy Force Forces Police Church
    Foundation Organisation Organization Alliance Front Movement Coalition Confederation Chamber
    Cabinet Government Administration Service Secretariat Network Press Times Post Journal News
    Herald Tribune Gazette Radio Television Club School Academy Hospital Museum Exchange Reserve
    Commonwealth Brigade Brigades Guard Guards Corps Cartel Caucus Directorate Inspectorate
    Ombudsman Cooperative Co-operative Syndicate Consortium Conference Forum Centre Center
    Laboratory Laboratories Observatory Library Orchestra Opera Theatre Theater Studios Agency
    Ministries Parties Banks Unions United Rovers Wanderers Athletic Athletico Atletico Albion
    Town FC Tigers Lions Bears Bulls Giants Yankees Mets Cubs Sox Braves Reds Pirates Dodgers
    Rangers Celtic Hotspur Villa Forest Olympique Sporting Real Inter Juventus Ajax PSV Dynamo
    Spartak Lokomotiv Rapid Kings Knicks Lakers Celtics Warriors Jets Patriots Cowboys Eagles
    """
)

# First words of clubs, parties and firms ("Real Madrid", "Partido Liberal", "FC Porto").
ORG_LEADS = _words(
    """
    Partido Parti Partei Partij Movimiento Movimento Frente Front Union Unione Congreso Congresso
    Real Dynamo Dinamo Sporting Olympique Olympiakos Racing Atletico Athletic Deportivo Inter
    FC AC AS SC SV VfB VfL OFK CSKA Lokomotiv Spartak Torpedo Partizan Slavia Sparta Red Banco
    Banca Banque Bank Credit Caja Air
    """
)

# Head words of places ("Gulf of Mexico", "Bahia State", "Yellow River").
PLACE_HEADS = _words(
    """
    River Sea Ocean Gulf Bay Lake Island Islands Isles Isle Mountains Mountain Mount Mt Valley
    Desert Peninsula Strait Straits Canal Coast Province Region County Street Square Avenue Road
    Airport Park Bridge Harbour Harbor Port Cape Heights Hills Plateau Basin Delta Falls Republic
    Kingdom Emirates District Territory Territories Prefecture Oblast Krai Governorate Canton
    Stadium Arena Palace Castle Cathedral Abbey Boulevard Highway Avenue Lane Plaza Springs Beach
    Reef Glacier Forest Jungle Steppe Archipelago Atoll Oasis Volcano Pass Channel Sound Lagoon
    Quarter Village Township Borough Parish Municipality State City Town Capital Metropolis
    Station Base Airbase Field Refinery Terminal
    """
)

# Words that open a place name ("Mount Everest", "Lake Victoria", "Gulf of Aden").
PLACE_LEADS = _words("Mount Mt Lake Gulf Cape Fort Port Isle Sea Bay Strait Lower Upper Greater")

# Words after which a name is an event or a work, which the finder does not count.
EVENT_HEADS = _words(
    """
    Cup Games Championship Championships Olympics Olympiad Open Prix Prize Award Awards Trophy
    Tournament Series League Festival Expo Summit War Wars Revolution Crisis Day Week Year Act
    Bill Law Treaty Accord Accords Agreement Protocol Convention Charter Plan Doctrine Index
    Indexes Indices Average Rate Rates Bonds Bond Notes Bills Futures Masters Classic Marathon
    Derby Grand Rally Tour Show Awards Medal Medals Oscar Oscars Emmy Grammy Nobel Bowl Shield
    """
)

# Last words of a grade of crude or a product, not a body's ("West Texas Intermediate").
GRADE_HEADS = _words("Sweet Sour Intermediate Blend")

# Heads that alone are the article's short name of some body ("the Ministry", "the Commission"),
# not one entity across articles; "Congress", "Treasury" and teams ("Mets") stay names.
GENERIC_HEADS = _words(
    """
    Bank Ministry Party University College Institute Institution Council Committee Commission
    Association Federation Union League Society Agency Authority Board Bureau Department Office
    Court Tribunal Parliament Assembly Army Navy Force Forces Police Church Foundation Organisation
    Organization Alliance Front Movement Coalition Confederation Chamber Cabinet Government
    Administration Service Secretariat Network Exchange Reserve Club School Academy Hospital
    Museum Conference Forum Centre Center Cooperative Syndicate Consortium Ministries Parties
    Banks Unions United Laboratory Library Directorate Inspectorate Caucus Cartel
    """
)

# Terms of economics and trade written in capitals: not bodies ("GDP", "LIBOR").
TERMS = _words(
    """
    GDP GNP LIBOR LPG LNG VAT CPI PPI CDs ECU ECUs Ecu Ecus SDR SDRs
    ROI EBIT IPO IPOs OTC CEO CFO COO PE FX ADR ADRs GAAP NAV
    """
)

# Continents and world regions the gazetteer lacks, and the abbreviations of US states a
# dateline uses ("Cos Cob, Mass."), as places.
REGIONS = _words(
    """
    Europe Asia Africa Antarctica Oceania Australasia Scandinavia Eurasia Ala Ariz Ark Calif
    Colo Conn Fla Ga Ill Ind Kan Kans Ky La Mass Md Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa
    Penn Tenn Tex Va Vt Wash Wis Wyo Del N.Y. N.J. N.C. S.C. N.D. S.D. N.H. N.M. R.I. D.C. W.Va.
    """
)

# Particles that stay inside a name ("Luiz Inacio Lula da Silva", "Ursula von der Leyen").
PARTICLES = _words(
    "de da do dos das del della delle dei di du van von der den ter la le bin ibn bint al el abu y"
)
# Words joining two parts of one name ("Bank of England", "Institute for Fiscal Studies").
JOINERS = _words("of for & de")

# Words after a name that say it is a person's ("Haddad said", "Lula, who ...").
SPEECH_VERBS = _words(
    """
    said says told tells added adds asked asks argued argues warned warns insisted insists
    replied replies wrote writes declared declares stated states noted notes explained explains
    announced announces claimed claims admitted admits denied denies urged urges believes
    believed thinks thought wants wanted hopes hoped smiled laughed died resigned
    """
)
# Nouns of the appositive after a person's name (", a spokesman for", ", the minister").
# The states of the U.S. as newswire abbreviates them after a town ("Burbank, Calif."):
# the state's name is the place's.
STATE_ABBREVIATIONS = {
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California",
    "Colo": "Colorado", "Conn": "Connecticut", "Del": "Delaware", "Fla": "Florida",
    "Ga": "Georgia", "Ill": "Illinois", "Ind": "Indiana", "Kan": "Kansas", "Kans": "Kansas",
    "Ky": "Kentucky", "La": "Louisiana", "Md": "Maryland", "Mass": "Massachusetts",
    "Mich": "Michigan", "Minn": "Minnesota", "Miss": "Mississippi", "Mo": "Missouri",
    "Mont": "Montana", "Neb": "Nebraska", "Nebr": "Nebraska", "Nev": "Nevada",
    "Okla": "Oklahoma", "Ore": "Oregon", "Pa": "Pennsylvania", "Tenn": "Tennessee",
    "Tex": "Texas", "Vt": "Vermont", "Va": "Virginia", "Wash": "Washington State",
    "Wis": "Wisconsin", "Wisc": "Wisconsin", "Wyo": "Wyoming",
}  # fmt: skip

PERSON_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson minister president chairman chairwoman leader director
    secretary governor senator lawmaker deputy adviser advisor aide analyst economist official
    executive founder head chief ambassador envoy general commander coach player striker
    manager owner judge lawyer attorney son daughter wife husband brother sister father mother
    widow candidate rival predecessor successor member veteran former who whose aged
    """
)

# Lower-case nouns after a name that make it a place's ("the Orinoco river", "Cleveland area").
PLACE_FOLLOWERS = _words(
    "river island islands province region valley peninsula mountains lake sea coast county "
    "district area basin delta desert strait"
)

# Lower-case nouns after a name that make it a body's ("the Progressistas party").
ORG_FOLLOWERS = _words(
    """
    party parties group company firm bank agency ministry movement alliance coalition union
    government administration council committee board newspaper daily channel network airline
    club team side unit subsidiary brokerage bloc faction militia organisation organization
    """
)


@functools.cache
def _read_list(name: str) -> frozenset[str]:
    path = DATA / name
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def lower_words() -> frozenset[str]:
    """English words in lower case (SCOWL, via Debian's wamerican)."""
    return _read_list("lower_words.txt")


@functools.cache
def given_names() -> frozenset[str]:
    """Given names: the 1990 US Census lists, the project's world list, and the first words of
    the people in the world gazetteer."""
    listed = listed_given_names()
    family = _read_list("surnames_census.txt")
    names = set(listed)
    for row in _gazetteer_rows("actors.csv"):
        if row.get("kind") == PERSON:
            first = row["name"].split()[0]
            # Not "Wang" of "Wang Yi", which is his family name.
            several = len(row["name"].split()) > 1
            if several and first[:1].isupper() and first not in TITLES and first not in family:
                names.add(first)
    return frozenset(names - STOP)


@functools.cache
def listed_given_names() -> frozenset[str]:
    """The given names of the shipped lists only (census and world), without the gazetteer's."""
    return frozenset(
        (_read_list("given_names_census.txt") | _read_list("given_names_world.txt")) - STOP
    )


@functools.cache
def short_names() -> frozenset[str]:
    """One-word short names of the world gazetteer's people ("Clinton", "Thatcher"): a person
    rather than the small town of the same name."""
    names = set()
    for row in _gazetteer_rows("actors.csv"):
        if row.get("kind") == PERSON:
            names.update(n for n in row.get("short_names", "").split("|") if " " not in n)
    return frozenset(n for n in names if n[:1].isupper() and n not in STOP)


@functools.cache
def surnames() -> frozenset[str]:
    """Surnames: the 1990 US Census list (less English words) and the gazetteer's."""
    return frozenset(_read_list("surnames_census.txt") | short_names())


def _spellings(name: str) -> list[str]:
    """A name and its other spellings of "Saint" ("St. Louis", "St Louis", "Saint Louis")."""
    for saint in ("Saint ", "St. ", "St "):
        if name.startswith(saint):
            rest = name[len(saint) :]
            return [name] + [s + rest for s in ("Saint ", "St. ", "St ") if s != saint]
    return [name]


# A place's kind in places.csv -> the finder's; "country" is England's and Scotland's.
_PLACE_KINDS = {
    "company": ORGANIZATION,
    "media": MEDIA,
    "organization": ORGANIZATION,
    "country": COUNTRY,
}


def _gazetteer_rows(file: str) -> list[dict[str, str]]:
    path = GAZETTEER / file
    if not path.is_file():  # the finder works without the gazetteer, only with fewer kinds
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def known_kinds() -> dict[str, str]:
    """Name or alias -> kind, from the world gazetteer: countries, bodies and people of
    actors.csv, and the cities, regions and features of places.csv (kept on disk for the next
    process: analysis.disk_cache)."""
    key = b"\0".join(_file_bytes(GAZETTEER / f) for f in ("places.csv", "actors.csv"))
    return cached("known_kinds", key, _known_kinds)


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b"absent"


def _known_kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for row in _gazetteer_rows("places.csv"):
        kind = _PLACE_KINDS.get(row.get("kind", ""), PLACE)
        for name in [row["name"], *row.get("aliases", "").split("|")]:
            if name and name[:1].isupper():
                for spelling in _spellings(name):
                    kinds.setdefault(spelling, kind)
    for row in _gazetteer_rows("actors.csv"):
        kind = row.get("kind", "")
        if kind not in FOUND_KINDS:
            continue
        for name in [row["name"], *row.get("aliases", "").split("|")]:
            if name and name[:1].isupper():
                kinds[name] = kind  # actors win over places of the same name
    for name in REGIONS:
        kinds.setdefault(name, PLACE)
    return kinds


@functools.cache
def demonyms() -> frozenset[str]:
    """Demonyms and their plurals ("Brazilian", "Brazilians"): adjectives, not entities."""
    words = set()
    for row in _gazetteer_rows("actors.csv"):
        for word in row.get("demonyms", "").split("|"):
            if word:
                words.update((word, word + "s"))
    words.update(
        """
        American Americans British Chinese Japanese French German Germans Indian Indians
        Brazilian Brazilians Russian Russians European Europeans Asian Asians African Africans
        Arab Arabs Western Eastern Northern Southern Soviet Islamic Muslim Muslims Jewish
        Christian Christians Catholic Catholics Hindu Hindus Sikh Sikhs Buddhist Communist
        Communists Socialist Socialists Democrat Democrats Republican Republicans Conservative
        Conservatives Liberal Liberals Kurdish Kurds Palestinian Palestinians Israeli
        Israelis Shi'ite Sunni Shia Serb Serbs Croat Croats Bosnian Bosnians English Scottish
        Welsh Irish Dutch Swiss Latin-American Scandinavian Nordic Baltic Balkan Caribbean
        Moslem Moslems Chechen Chechens Kurd Shi'ites Sunnis Maoist Maoists Marxist Zionist
        """.split()
    )
    return frozenset(words)
