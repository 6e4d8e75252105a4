"""The run configuration: one YAML file per evaluation, validated by pydantic.

``parse_config`` turns the YAML mapping into a ``RunConfig`` and reports every
problem as a ``ConfigError`` that names the key and the file. Reading the file
itself is ``evalkit.io.read_config``'s job.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from evalkit.errors import ConfigError

#: The stages of a full run, in run order (DESIGN.md, "Layout").
DEFAULT_STAGES = ["00_data_checks", "10_cohort", "90_summary"]

_STAGE_NAME = re.compile(r"^\d{2}_[a-z_]+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Staffing(_Strict):
    """Specialists on the team in one year, for the caseload per specialist."""

    fte: float = Field(gt=0)
    expected_new: int = Field(default=0, ge=0)


class RunConfig(_Strict):
    """One evaluation run.

    Attributes
    ----------
    municipality : str
        Name of the municipality, as it appears in the report.
    municipality_code : str
        CBS municipality code, for example ``GM0772`` (Eindhoven).
    reference_date : date
        The peildatum: every status is determined at this date, never at "today".
    programme_start : date, optional
        Start of the approach; outflow before it is shown separately.
    input_file : str
        The monitoring file, relative to the project root or absolute.
    synthetic : bool
        True when the input is synthetic; the report then says so on every page.
    lang : {"nl", "en"}
        Language of the report; Dutch by default.
    disclosure_threshold : int
        Smallest number of people a published cell may show (DESIGN.md: 10).
    stages : list of str
        Stage notebooks to run, in order, by name without ``.ipynb``.
    sheet : str, optional
        Excel sheet of the monitoring file; the first sheet by default.
    column_aliases : dict
        Extra header names: file header to contract column.
    value_aliases : dict
        Extra value labels per coded column: label to code.
    pseudonymize : bool
        Replace identifiers by keyed pseudonyms instead of refusing the file.
    pseudonym_key_env : str
        Environment variable that holds the pseudonymisation key.
    outflow_origin : str
        Start of the clock for time to outflow: benefit start (default),
        housing or intake.
    reasons_period_end : date, optional
        Last day of the period of the outflow-reasons table; the reference
        date by default (the period starts at ``programme_start``).
    mediation_year : int, optional
        Year of the mediation table (KplusV Tabel 6); the year before the
        reference date's year by default.
    staffing : dict
        Year to specialists (``fte``, ``expected_new``) for the caseload per specialist.
    published_flows : str, optional
        A published caseload-flow table (CSV) to check for arithmetic errors.
    bootstrap_reps : int
        Resamples for the intervals of cumulative incidences.
    seed : int
        Seed of every random draw of the run (bootstrap), for identical results.
    """

    municipality: str = Field(min_length=1)
    municipality_code: str = Field(pattern=r"^GM\d{4}$")
    reference_date: date
    programme_start: date | None = None
    input_file: str = Field(min_length=1)
    synthetic: bool = False
    lang: Literal["nl", "en"] = "nl"
    disclosure_threshold: int = Field(default=10, ge=1, le=1000)
    stages: list[str] = Field(default_factory=lambda: list(DEFAULT_STAGES), min_length=1)
    sheet: str | None = None
    column_aliases: dict[str, str] = Field(default_factory=dict)
    value_aliases: dict[str, dict[str, str]] = Field(default_factory=dict)
    pseudonymize: bool = False
    pseudonym_key_env: str = Field(default="EVALKIT_PSEUDONYM_KEY", pattern=r"^[A-Z_][A-Z0-9_]*$")
    outflow_origin: Literal["benefit_start_date", "housing_date", "intake_date"] = (
        "benefit_start_date")
    reasons_period_end: date | None = None
    mediation_year: int | None = Field(default=None, ge=2000, le=2100)
    staffing: dict[int, Staffing] = Field(default_factory=dict)
    published_flows: str | None = None
    bootstrap_reps: int = Field(default=200, ge=20, le=5000)
    seed: int = 20200131

    @field_validator("column_aliases")
    @classmethod
    def _aliases_name_contract_columns(cls, aliases: dict[str, str]) -> dict[str, str]:
        from evalkit.schema import COLUMN_NAMES

        bad = sorted(v for v in aliases.values() if v not in COLUMN_NAMES)
        if bad:
            raise ValueError(f"aliases must map to contract columns; unknown: {', '.join(bad)}")
        return aliases

    @field_validator("value_aliases")
    @classmethod
    def _value_aliases_name_code_columns(cls, aliases: dict[str, dict[str, str]]
                                         ) -> dict[str, dict[str, str]]:
        from evalkit.schema import BY_NAME

        for column, mapping in aliases.items():
            spec = BY_NAME.get(column)
            if spec is None or not spec.codes:
                raise ValueError(f"'{column}' is not a coded column of the input contract")
            bad = sorted(v for v in mapping.values() if v not in spec.codes)
            if bad:
                raise ValueError(f"'{column}' has no code {', '.join(bad)}")
        return aliases

    @field_validator("stages")
    @classmethod
    def _stage_names(cls, stages: list[str]) -> list[str]:
        bad = [s for s in stages if not _STAGE_NAME.match(s)]
        if bad:
            raise ValueError(f"stage names look like '10_cohort'; got {', '.join(bad)}")
        if len(set(stages)) != len(stages):
            raise ValueError("a stage is named twice")
        return stages

    @property
    def run_id(self) -> str:
        """The run's folder name: municipality slug and reference date, e.g. ``eindhoven-2020-01-31``."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.municipality.lower()).strip("-") or "run"
        return f"{slug}-{self.reference_date.isoformat()}"


_EXPECTED = {
    "date_type": "a date written as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written as YYYY-MM-DD",
    "date_parsing": "a date written as YYYY-MM-DD",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "literal_error": None,
    "missing": None,
}


def _describe(error: dict[str, Any], source: str) -> str:
    key = ".".join(str(p) for p in error["loc"]) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"{source}: unknown key '{key}'"
    if kind == "missing":
        return f"{source}: required key '{key}' is missing"
    expected = _EXPECTED.get(kind)
    got = error.get("input")
    detail = f"expected {expected}" if expected else error["msg"][0].lower() + error["msg"][1:]
    if got is not None and not isinstance(got, dict | list):
        detail += f", got {got!r}"
    return f"{source}: key '{key}': {detail}"


def parse_config(data: Any, source: str) -> RunConfig:
    """Validate a configuration mapping.

    Parameters
    ----------
    data : Any
        The parsed YAML document; must be a mapping.
    source : str
        The file it came from, named in every error message.

    Returns
    -------
    RunConfig
        The validated configuration.

    Raises
    ------
    ConfigError
        On an unknown key, a missing key or a value of the wrong type; the
        message names the key, the file and what was expected.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a YAML mapping of keys to values")
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(e, source) for e in exc.errors()]
        raise ConfigError("; ".join(problems)) from None


def config_as_dict(config: RunConfig) -> dict[str, Any]:
    """The resolved configuration as plain JSON-ready values (dates as ISO strings)."""
    return config.model_dump(mode="json")
