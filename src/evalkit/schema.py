"""The input contract: the columns of the monitoring file (docs/design.md).

One place says which columns exist, their type, whether they are required and
which codes they may hold. ``io`` parses by it, ``checks`` checks by it and
``synth`` writes by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal["text", "date", "int", "code", "list"]


@dataclass(frozen=True)
class Column:
    """One column of the monitoring file."""

    name: str
    kind: ColumnKind
    required: bool
    codes: tuple[str, ...] = ()
    meaning: str = ""


EDUCATION_LEVELS = ("none", "primary", "secondary", "mbo", "hbo", "wo", "unknown")
LANGUAGE_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "unknown")
SEXES = ("M", "V", "X")
ROUTES = ("work", "education", "activation", "social_participation")
INTERVENTIONS = ("refugee_team", "werkclub", "bbl")
MEDIATORS = ("wgt", "team", "own_network")
SECTORS = (
    "construction",
    "technical",
    "care",
    "logistics",
    "cleaning",
    "hospitality_retail",
    "business_services",
)
OUTFLOW_REASONS = (
    "fulltime_work",
    "parttime_work",
    "education",
    "partner_income",
    "own_business",
    "moved",
    "pension_age",
    "obligations_not_met",
    "other",
    "unknown",
)

#: Outflow reasons grouped as the KplusV tables group them (Tabel 3 and 4).
REASON_GROUP = {
    "fulltime_work": "work",
    "parttime_work": "work",
    "education": "education",
    "partner_income": "other",
    "own_business": "other",
    "moved": "other",
    "pension_age": "other",
    "obligations_not_met": "other",
    "other": "other",
    "unknown": "other",
}

COLUMNS: tuple[Column, ...] = (
    Column("client_id", "text", True, meaning="pseudonym, unique; never a BSN or a name"),
    Column("municipality_code", "text", True, meaning="CBS code, e.g. GM0772"),
    Column("permit_date", "date", False, meaning="residence permit granted"),
    Column("housing_date", "date", True, meaning="housed in the municipality; cohort year"),
    Column("benefit_start_date", "date", True, meaning="start of bijstand"),
    Column("birth_year", "int", False, meaning="year of birth"),
    Column("age_band", "text", False,
           meaning="age band as the team records it (25-34, 55+), or an age in years, for a file "
                   "without birth years"),
    Column("sex", "code", False, SEXES),
    Column("country_of_origin", "text", False),
    Column("education_level", "code", False, EDUCATION_LEVELS),
    Column("language_level", "code", False, LANGUAGE_LEVELS),
    Column("known_to_team_date", "date", True, meaning="known to the team ('in beeld')"),
    Column("intake_date", "date", True, meaning="broad intake; empty = not picked up"),
    Column("pre_trajectory_start", "date", False, meaning="start of the voortraject"),
    Column("follow_trajectory_start", "date", False, meaning="start of the vervolgtraject"),
    Column("route", "code", False, ROUTES),
    Column("interventions", "list", False, INTERVENTIONS),
    Column("employer_project", "text", False),
    Column("mediated_by", "code", False, MEDIATORS),
    Column("sector", "code", False, SECTORS),
    Column("outflow_date", "date", True, meaning="left bijstand; empty = still on benefits"),
    Column("outflow_reason", "code", True, OUTFLOW_REASONS),
    Column("return_to_benefit_date", "date", False, meaning="back on bijstand after outflow"),
)

BY_NAME = {c.name: c for c in COLUMNS}
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
DATE_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "date")


# --------------------------------------------------------------------------- how teams write it

#: Header names as municipal teams write them, mapped to the contract columns.
#: Keys are normalised: lower case, single spaces, no surrounding punctuation.
HEADER_ALIASES: dict[str, str] = {
    # client_id
    "clientnummer": "client_id", "cliëntnummer": "client_id", "client nummer": "client_id",
    "client id": "client_id", "klantnummer": "client_id", "registratienummer": "client_id",
    "pseudoniem": "client_id", "id": "client_id",
    # municipality_code
    "gemeentecode": "municipality_code", "cbs code": "municipality_code",
    "gemeente code": "municipality_code",
    # dates
    "datum verblijfsvergunning": "permit_date", "datum vergunning": "permit_date",
    "vergunningsdatum": "permit_date", "datum status": "permit_date",
    "datum huisvesting": "housing_date", "huisvestingsdatum": "housing_date",
    "datum vestiging": "housing_date", "vestigingsdatum": "housing_date",
    "startdatum uitkering": "benefit_start_date", "start uitkering": "benefit_start_date",
    "ingangsdatum uitkering": "benefit_start_date", "startdatum bijstand": "benefit_start_date",
    "datum in beeld": "known_to_team_date", "in beeld sinds": "known_to_team_date",
    "datum intake": "intake_date", "intakedatum": "intake_date",
    "datum doelmatigheidsintake": "intake_date",
    "startdatum voortraject": "pre_trajectory_start", "start voortraject": "pre_trajectory_start",
    "startdatum vervolgtraject": "follow_trajectory_start",
    "start vervolgtraject": "follow_trajectory_start",
    "datum uitstroom": "outflow_date", "uitstroomdatum": "outflow_date",
    "einddatum uitkering": "outflow_date",
    "datum terugval": "return_to_benefit_date", "datum herinstroom": "return_to_benefit_date",
    "datum terug in uitkering": "return_to_benefit_date",
    # person
    "geboortejaar": "birth_year", "geboortedatum": "birth_year", "geb. datum": "birth_year",
    "date of birth": "birth_year", "birth date": "birth_year", "leeftijdscategorie": "age_band",
    "leeftijdsklasse": "age_band", "leeftijd": "age_band", "age": "age_band",
    "leeftijdsgroep": "age_band", "leeftijd categorie": "age_band", "geslacht": "sex",
    "land van herkomst": "country_of_origin",
    "herkomstland": "country_of_origin", "nationaliteit": "country_of_origin",
    "opleidingsniveau": "education_level", "opleiding": "education_level",
    "taalniveau": "language_level", "niveau nederlands": "language_level",
    # programme
    "route": "route", "leerroute": "route", "interventies": "interventions",
    "interventie": "interventions", "werkgeversproject": "employer_project",
    "project": "employer_project", "bemiddeld door": "mediated_by", "bemiddeling": "mediated_by",
    "sector": "sector", "branche": "sector",
    "reden uitstroom": "outflow_reason", "uitstroomreden": "outflow_reason",
}

#: Values as teams write them, per column, mapped to the contract codes. Keys
#: are lower case with single spaces; codes themselves match case-insensitively.
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "sex": {"man": "M", "m": "M", "vrouw": "V", "v": "V", "f": "V", "female": "V", "male": "M",
            "anders": "X", "onbekend": "X", "x": "X"},
    "education_level": {
        "geen": "none", "geen opleiding": "none", "basisonderwijs": "primary",
        "lager onderwijs": "primary", "voortgezet onderwijs": "secondary", "middelbaar": "secondary",
        "vo": "secondary", "mbo": "mbo", "hbo": "hbo", "wo": "wo", "universiteit": "wo",
        "onbekend": "unknown"},
    "language_level": {"onbekend": "unknown", "geen": "A0", "a0": "A0", "a1": "A1", "a2": "A2",
                       "b1": "B1", "b2": "B2", "c1": "C1"},
    "route": {"werk": "work", "arbeid": "work", "onderwijs": "education", "opleiding": "education",
              "activering": "activation", "participatie": "social_participation",
              "maatschappelijke participatie": "social_participation"},
    "mediated_by": {"wgt": "wgt", "werkgeversservicepunt": "wgt", "team": "team",
                    "eigen netwerk": "own_network", "eigen": "own_network"},
    "sector": {"bouw": "construction", "techniek": "technical", "zorg": "care",
               "transport en logistiek": "logistics", "logistiek": "logistics",
               "schoonmaak": "cleaning", "horeca en detailhandel": "hospitality_retail",
               "horeca": "hospitality_retail", "detailhandel": "hospitality_retail",
               "zakelijke dienstverlening": "business_services"},
    "outflow_reason": {
        "voltijd baan": "fulltime_work", "fulltime baan": "fulltime_work",
        "voltijd werk": "fulltime_work", "werk voltijd": "fulltime_work", "bbl": "fulltime_work",
        "deeltijd baan": "parttime_work", "parttime baan": "parttime_work",
        "deeltijd werk": "parttime_work", "werk deeltijd": "parttime_work",
        "opleiding": "education", "studie": "education", "onderwijs": "education",
        "inkomen partner": "partner_income", "samenwonen": "partner_income",
        "partner werkt": "partner_income", "eigen bedrijf": "own_business",
        "zzp": "own_business", "verhuisd": "moved", "verhuizing": "moved",
        "vertrokken naar andere gemeente": "moved", "aow": "pension_age",
        "aow-leeftijd": "pension_age", "pensioen": "pension_age",
        "niet nakomen verplichtingen": "obligations_not_met",
        "verplichtingen niet nagekomen": "obligations_not_met", "overig": "other",
        "anders": "other", "eigen verzoek": "other", "onbekend": "unknown"},
    "interventions": {"refugee team": "refugee_team", "werkclub": "werkclub", "bbl": "bbl"},
    # Free text, but written in Dutch by Dutch teams: one spelling per country, so that
    # groups and national comparisons by origin line up.
    "country_of_origin": {"syrië": "Syria", "syrie": "Syria", "eritrea": "Eritrea",
                          "afghanistan": "Afghanistan", "iran": "Iran", "irak": "Iraq",
                          "somalië": "Somalia", "somalie": "Somalia", "turkije": "Turkey",
                          "jemen": "Yemen", "ethiopië": "Ethiopia", "soedan": "Sudan",
                          "staatloos": "stateless", "onbekend": "unknown"},
}

#: Dutch headers the messy example uses (and teams write), one per contract column.
DUTCH_HEADERS: dict[str, str] = {
    "client_id": "Cliëntnummer", "municipality_code": "Gemeentecode",
    "permit_date": "Datum verblijfsvergunning", "housing_date": "Datum huisvesting",
    "benefit_start_date": "Startdatum uitkering", "birth_year": "Geboortejaar",
    "sex": "Geslacht", "country_of_origin": "Land van herkomst",
    "education_level": "Opleidingsniveau", "language_level": "Taalniveau",
    "known_to_team_date": "Datum in beeld", "intake_date": "Datum intake",
    "pre_trajectory_start": "Startdatum voortraject",
    "follow_trajectory_start": "Startdatum vervolgtraject", "route": "Route",
    "interventions": "Interventies", "employer_project": "Werkgeversproject",
    "mediated_by": "Bemiddeld door", "sector": "Sector", "outflow_date": "Datum uitstroom",
    "outflow_reason": "Reden uitstroom", "return_to_benefit_date": "Datum terugval",
}


def column_state(frame, column: str) -> str | None:
    """Whether an optional column can be used: None, ``"missing"`` (no such column) or ``"empty"``.

    An analysis that needs the column is left out when it is not None, and the
    report says so in one sentence (``report.left_out``).
    """
    if column not in frame:
        return "missing"
    if frame[column].isna().all():
        return "empty"
    return None


_GENERIC_WORDS = frozenset({"datum", "date", "van", "de", "het", "der", "start", "nummer"})


def closest_columns(header: str, limit: int = 3) -> list[str]:
    """The contract columns a header most likely means, closest first (for advice, never mapping).

    Compares the header, in lower case, with every contract name and every
    known Dutch header (``HEADER_ALIASES``): similarity of the letters, plus a
    bonus for each telling word they share ("reden" in "Reden beëindiging"
    and "reden uitstroom").
    """
    import difflib

    text = " ".join(str(header).lower().replace("_", " ").split())
    words = set(text.split()) - _GENERIC_WORDS
    names = {c.replace("_", " "): c for c in COLUMN_NAMES} | HEADER_ALIASES

    def score(name: str) -> float:
        shared = words & (set(name.split()) - _GENERIC_WORDS)
        return difflib.SequenceMatcher(None, text, name).ratio() + 0.5 * len(shared)

    ranked = sorted(names, key=lambda n: (-score(n), n))
    return list(dict.fromkeys(names[n] for n in ranked if score(n) >= 0.4))[:limit]


def age_band_bounds(band: object) -> tuple[int, int | None] | None:
    """The youngest and oldest age of a band as ``io`` writes it: ``25-34``, or ``55+`` (no oldest).

    None for anything else (``unknown``, an age in years).
    """
    found = re.fullmatch(r"(\d+)-(\d+)|(\d+)\+", str(band))
    if found is None:
        return None
    low, high, plus = found.groups()
    return (int(low), int(high)) if plus is None else (int(plus), None)


def closest_code(column: str, label: str) -> str | None:
    """The code of ``column`` a label most likely means (for advice), or None."""
    import difflib

    spec = BY_NAME.get(column)
    if spec is None or not spec.codes:
        return None
    options = {c.lower().replace("_", " "): c for c in spec.codes} | VALUE_ALIASES.get(column, {})
    text = " ".join(str(label).lower().split())
    found = difflib.get_close_matches(text, list(options), n=1, cutoff=0.6)
    if not found:  # a label that contains a known word ("Werk (fulltime)" holds "fulltime")
        found = [o for o in options if any(w in text for w in o.split() if len(w) > 3)][:1]
    return options[found[0]] if found else None


def column_alias_line(header: str, column: str) -> str:
    """The config line that maps a team's header to a contract column."""
    return f'column_aliases: {{"{header}": {column}}}'


def value_alias_line(column: str, labels: dict[str, str]) -> str:
    """The config line that maps a team's labels to contract codes."""
    pairs = ", ".join(f'"{label}": {code}' for label, code in labels.items())
    return f"value_aliases: {{{column}: {{{pairs}}}}}"
