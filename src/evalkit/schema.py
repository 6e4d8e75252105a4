"""The input contract: the columns of the monitoring file (DESIGN.md).

One place says which columns exist, their type, whether they are required and
which codes they may hold. ``io`` parses by it, ``checks`` checks by it and
``synth`` writes by it.
"""

from __future__ import annotations

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
