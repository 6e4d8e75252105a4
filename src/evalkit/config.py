"""The run configuration: one YAML file per evaluation, validated by pydantic.

``parse_config`` turns the YAML mapping into a ``RunConfig`` and reports every
problem as a ``ConfigError`` that names the key and the file. Reading the file
itself is ``evalkit.io.read_config``'s job.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import (BaseModel, ConfigDict, Field, ValidationError, field_validator,
                      model_validator)

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


class Amount(_Strict):
    """One input of the cost-benefit analysis: a value, its source and its sensitivity range."""

    value: float
    source: str = Field(min_length=1)
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _range_holds_value(self) -> Amount:
        if (self.low is None) != (self.high is None):
            raise ValueError("give both low and high, or neither")
        if self.low is not None and not self.low <= self.value <= self.high:
            raise ValueError(f"low <= value <= high does not hold ({self.low}, {self.value}, "
                             f"{self.high})")
        return self

    @property
    def range(self) -> tuple[float, float] | None:
        """``(low, high)``, or None when the input has no sensitivity range."""
        return None if self.low is None else (self.low, self.high)


class OutflowCounts(_Strict):
    """Exits to work given by the evaluator instead of counted from the file."""

    fulltime: int = Field(ge=0)
    parttime: int = Field(ge=0)
    source: str = Field(min_length=1)


class Deadweight(_Strict):
    """Deadweight: a configured share, or the counterfactual rate of a national figure."""

    value: float | None = Field(default=None, ge=0, le=1)
    national_indicator: str | None = None
    reference_period: str | None = None
    source: str | None = None
    low: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _one_way(self) -> Deadweight:
        if (self.value is None) == (self.national_indicator is None):
            raise ValueError("give either value (with source) or national_indicator")
        if self.value is not None and not self.source:
            raise ValueError("a configured deadweight value needs a source")
        if self.low > self.high:
            raise ValueError("low is above high")
        return self


class BudgetYear(_Strict):
    """The budget lines of one year and its total as printed."""

    lines: dict[str, float]
    total: float


class Budget(_Strict):
    """A published budget, checked for arithmetic (KplusV Tabel 1)."""

    source: str = Field(min_length=1)
    years: dict[int, BudgetYear]
    total: float | None = None


class Printed(_Strict):
    """Amounts as printed in a published business case, checked against the computation."""

    source: str = Field(min_length=1)
    amounts: dict[str, float | list[float]]
    overrun: float | None = None


class CostBenefit(_Strict):
    """The cost-benefit inputs (METHODS.md, "Cost-benefit"); every amount carries its source.

    Attributes
    ----------
    year : int
        The programme year whose costs and exits are compared.
    costs : dict
        Realised costs of the year by line.
    compensations : dict
        Revenues deducted from the cost because the costs were not borne
        (KplusV footnote 53: the Divosa compensation).
    other_revenues : dict
        Revenues shown but not deducted (KplusV footnote 53: the ESF grant paid
        for staff the programme did use).
    people_supported : Amount
        People supported in the year.
    benefit_cost_per_year : Amount
        Yearly cost of one bijstand benefit to the municipality, execution included.
    execution_cost_per_year : Amount
        The execution part of it: a real resource saving in the societal view.
    parttime_fraction : Amount
        Share of a benefit a part-time job ends.
    outflow : OutflowCounts, optional
        Exits to work given by the evaluator; counted from the file otherwise.
    discount_rate, horizon_years, displacement, durability, cost_factor : Amount
        Base value and range of each; ``durability`` is used only when the
        file has no return dates.
    horizons : list of int
        Horizons of the scenario table.
    displacement_scenarios : list of float
        Displacement scenarios (no local estimate exists).
    deadweight : Deadweight
        Configured share, or a national figure as counterfactual rate.
    production_per_job : Amount, optional
        Yearly value of production of one job, for the societal view (PM when absent).
    budget : Budget, optional
        A published budget to check.
    printed : Printed, optional
        The published business case, to check.
    monte_carlo_draws : int
        Draws of the Monte Carlo.
    """

    year: int = Field(ge=2000, le=2100)
    costs: dict[str, Amount] = Field(min_length=1)
    compensations: dict[str, Amount] = Field(default_factory=dict)
    other_revenues: dict[str, Amount] = Field(default_factory=dict)
    people_supported: Amount
    benefit_cost_per_year: Amount
    execution_cost_per_year: Amount
    parttime_fraction: Amount
    outflow: OutflowCounts | None = None
    discount_rate: Amount
    horizon_years: Amount
    horizons: list[int] = Field(default_factory=lambda: [3, 5, 10], min_length=1)
    displacement: Amount
    displacement_scenarios: list[float] = Field(default_factory=lambda: [0.0, 0.25, 0.5],
                                                min_length=1)
    deadweight: Deadweight
    durability: Amount
    cost_factor: Amount
    production_per_job: Amount | None = None
    budget: Budget | None = None
    printed: Printed | None = None
    monte_carlo_draws: int = Field(default=5000, ge=100, le=1_000_000)

    @model_validator(mode="after")
    def _shares_are_shares(self) -> CostBenefit:
        for name in ("parttime_fraction", "displacement", "durability", "discount_rate"):
            amount = getattr(self, name)
            values = [amount.value, *(amount.range or ())]
            if not all(0 <= v <= 1 for v in values):
                raise ValueError(f"{name}: value, low and high must lie between 0 and 1")
        if not all(0 <= v <= 1 for v in self.displacement_scenarios):
            raise ValueError("displacement_scenarios must lie between 0 and 1")
        if self.horizon_years.value < 1 or any(h < 1 for h in self.horizons):
            raise ValueError("horizons are whole years, at least 1")
        return self


class RunConfig(_Strict):
    """One evaluation run.

    Attributes
    ----------
    municipality : str
        Name of the municipality (or region), as it appears in the report.
    area : {"municipality", "region"}
        Whether the file covers one municipality or a region of several.
    municipality_code : str
        CBS municipality code, for example ``GM0772`` (Eindhoven); for a
        region, the code of its central municipality (centrumgemeente).
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
        Seed of every random draw of the run (bootstrap, Monte Carlo), for identical results.
    cost_benefit : CostBenefit, optional
        Inputs of the cost-benefit stage; the stage needs them.
    national_reference : str, optional
        National reference figures (CSV); the shipped
        ``data/external/national_reference.csv`` by default.
    """

    municipality: str = Field(min_length=1)
    area: Literal["municipality", "region"] = "municipality"
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
    cost_benefit: CostBenefit | None = None
    national_reference: str | None = None

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

    @model_validator(mode="after")
    def _stages_have_their_inputs(self) -> RunConfig:
        if any(s.startswith("30_") for s in self.stages) and self.cost_benefit is None:
            raise ValueError("the stage 30_cost_benefit needs a cost_benefit section")
        return self

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
