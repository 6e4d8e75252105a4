"""The run configuration: one YAML file per evaluation, validated by pydantic.

``parse_config`` turns the YAML mapping into a ``RunConfig`` and reports every
problem as a ``ConfigError`` that names the key and the file. Reading the file
itself is ``read_config``'s job.
"""

from __future__ import annotations

import re
from pathlib import Path
from datetime import date
from typing import Any, Literal

import yaml
from pydantic import (BaseModel, ConfigDict, Field, ValidationError, field_validator,
                      model_validator)

from evalkit import load_yaml
from evalkit.errors import ConfigError

#: The stages of a full run, in run order (docs/design.md, "Layout").
DEFAULT_STAGES = ["00_data_checks", "10_cohort", "90_summary"]
#: The stages of an interim series (``evalkit series``), in run order.
SERIES_STAGES = ["60_interim_trends", "91_interim_summary"]

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
    """The cost-benefit inputs (docs/methods.md, "Cost-benefit"); every amount carries its source.

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


#: The inputs the cost-benefit stage cannot do without (the rest have defaults).
COST_INPUTS = tuple(name for name, f in CostBenefit.model_fields.items() if f.is_required())


class ReferenceCase(_Strict):
    """A published evaluation of this same municipality, whose tables the run reproduces and checks.

    Everything that belongs to that one publication lives here, apart from the
    municipality's own evaluation: a config without this block gets a report
    with no trace of it. The shipped example's block is KplusV's 2020
    evaluation of Eindhoven (``docs/reference_case.md``).

    Attributes
    ----------
    name : str
        Short name shown in headings, for example ``KplusV 2020``.
    source : str
        Full citation of the publication.
    municipality_code : str
        The municipality the publication is about; must be the config's own.
    reasons_period_end : date, optional
        Last day of the publication's outflow-reasons table (KplusV Tabel 4).
    mediation_year : int, optional
        Year of the publication's mediation table (KplusV Tabel 6).
    published_flows : str, optional
        The publication's caseload-flow table (CSV), checked for arithmetic errors.
    staffing : dict
        Specialists per year as the publication gives them (caseload per specialist).
    printed : Printed, optional
        The publication's business case as printed.
    budget : Budget, optional
        The publication's budget table, checked for arithmetic.
    """

    name: str = Field(min_length=1)
    source: str = Field(min_length=1)
    municipality_code: str = Field(pattern=r"^GM\d{4}$")
    reasons_period_end: date | None = None
    mediation_year: int | None = Field(default=None, ge=2000, le=2100)
    published_flows: str | None = None
    staffing: dict[int, Staffing] = Field(default_factory=dict)
    printed: Printed | None = None
    budget: Budget | None = None


#: The headline indicators of an interim series a target can be set for, and which way is better.
TARGET_DIRECTIONS = {
    "share_in_support": "at_least",
    "share_left_work": "at_least",
    "median_exit_months": "at_most",
    "cif_work_12": "at_least",
    "cif_work_24": "at_least",
    "median_wait_housing_intake": "at_most",
    "share_fulltime_work": "at_least",
    "cost_per_person": "at_most",
    "national_ratio": "at_least",
}


class Target(_Strict):
    """A target for one headline indicator: its value, which side is good, and who set it."""

    value: float
    direction: Literal["at_least", "at_most"] | None = None
    source: str | None = None


class Series(_Strict):
    """The peildata of an interim series (``evalkit series``).

    Either ``peildata`` (a list), or ``every`` months from ``start``; the
    series always ends at the config's ``reference_date``, the date of the file.
    """

    peildata: list[date] = Field(default_factory=list)
    every: Literal[3, 6, 12] | None = None
    start: date | None = None
    stages: list[str] = Field(default_factory=lambda: list(SERIES_STAGES), min_length=1)

    @model_validator(mode="after")
    def _one_way(self) -> Series:
        if self.peildata and (self.every or self.start):
            raise ValueError("give peildata, or every and start, not both")
        if not self.peildata and not (self.every and self.start):
            raise ValueError("give peildata (a list of dates), or every (3, 6 or 12 months) "
                             "and start (the first peildatum)")
        if len(set(self.peildata)) != len(self.peildata):
            raise ValueError("a peildatum is named twice")
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
    export_date : date, optional
        The day the file was exported, when it is later than the peildatum:
        the run is then an as-of evaluation (``evalkit.asof``), the file
        checked at this date and every later date treated as not yet known.
    programme_start : date, optional
        Start of the approach; outflow before it is shown separately.
    input_file : str
        The monitoring file, relative to the project root or absolute.
    synthetic : bool
        True when the input is synthetic; the report then says so on every page.
    lang : {"nl", "en"}
        Language of the report; Dutch by default.
    disclosure_threshold : int
        Smallest number of people a published cell may show (docs/design.md: 10).
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
        Year of the mediation table; the last whole calendar year up to the
        reference date by default.
    staffing : dict
        Year to the team's specialists (``fte``, ``expected_new``), for the
        caseload per specialist.
    bootstrap_reps : int
        Resamples for the intervals of cumulative incidences.
    seed : int
        Seed of every random draw of the run (bootstrap, Monte Carlo), for identical results.
    cost_benefit : CostBenefit, optional
        Inputs of the cost-benefit stage; without them the stage says which
        inputs are missing and computes nothing.
    reference_case : ReferenceCase, optional
        A published evaluation of this municipality to reproduce and check.
    national_reference : str, optional
        National reference figures (CSV); the shipped
        ``data/external/national_reference.csv`` by default.
    run_name : str, optional
        The run's folder name instead of municipality and reference date, for
        two evaluations of the same municipality and peildatum (say, two
        exports of one date).
    series : Series, optional
        The peildata of the interim series (``evalkit series``).
    targets : dict
        Headline indicator to its ``Target`` (``TARGET_DIRECTIONS`` names them).
    framework : str, optional
        The monitoring framework (``frameworks/<name>.yml``) of the framework
        stage; the shipped ``frameworks/default.yml`` by default.
    framework_tables : str, optional
        The municipality's own figures for the framework's table indicators
        (CSV or Excel: indicator, period, value, base, source).
    signals_file : str, optional
        Qualitative signals (CSV or Excel: date, source_kind, domain,
        journey_phase, theme, valence, summary), read and checked like the
        monitoring file (``evalkit.signals``).
    select_municipality : str, optional
        Evaluate only the people of this CBS code in a regional file: the
        whole file is read and checked, then the other municipalities' rows
        are left out (``evalkit batch`` writes one such config per
        municipality).
    """

    municipality: str = Field(min_length=1)
    area: Literal["municipality", "region"] = "municipality"
    municipality_code: str = Field(pattern=r"^GM\d{4}$")
    reference_date: date
    export_date: date | None = None
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
    bootstrap_reps: int = Field(default=200, ge=20, le=5000)
    seed: int = 20200131
    cost_benefit: CostBenefit | None = None
    reference_case: ReferenceCase | None = None
    national_reference: str | None = None
    run_name: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)
    series: Series | None = None
    targets: dict[str, Target] = Field(default_factory=dict)
    framework: str | None = Field(default=None, min_length=1)
    framework_tables: str | None = Field(default=None, min_length=1)
    signals_file: str | None = Field(default=None, min_length=1)
    select_municipality: str | None = Field(default=None, pattern=r"^GM\d{4}$")

    @field_validator("targets")
    @classmethod
    def _targets_name_indicators(cls, targets: dict[str, Target]) -> dict[str, Target]:
        bad = sorted(k for k in targets if k not in TARGET_DIRECTIONS)
        if bad:
            raise ValueError(f"no headline indicator {', '.join(bad)}; targets can be set for "
                             f"{', '.join(TARGET_DIRECTIONS)}")
        return targets

    def __getattribute__(self, name: str) -> Any:
        # A stage's outputs are reused only while the fields it read are unchanged
        # (evalkit.reuse); whatever reads the whole model (model_dump, a copy, a
        # comparison) reaches it through __dict__ and so counts as reading every field.
        if _READS is not None:
            if name in _FIELDS:
                _READS.add(name)
            elif name == "__dict__":
                _READS.add(ALL_FIELDS)
        return super().__getattribute__(name)

    @model_validator(mode="after")
    def _dates_in_order(self) -> RunConfig:
        if self.export_date is not None and self.export_date < self.reference_date:
            raise ValueError(f"export_date ({self.export_date}) lies before reference_date "
                             f"({self.reference_date}): a file cannot know a later peildatum")
        if self.series is not None:
            late = [d for d in self.series.peildata if d > self.reference_date]
            if late:
                raise ValueError(f"series peildatum {late[0]} lies after reference_date "
                                 f"{self.reference_date}, the last peildatum of the series")
            if self.series.start is not None and self.series.start > self.reference_date:
                raise ValueError(f"series start {self.series.start} lies after reference_date "
                                 f"{self.reference_date}")
        return self

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
    def _reference_case_is_this_municipality(self) -> RunConfig:
        case = self.reference_case
        if case is not None and case.municipality_code != self.municipality_code:
            raise ValueError(
                f"reference_case ({case.name}) is about {case.municipality_code}, this evaluation "
                f"is about {self.municipality_code}: remove the reference_case block, it holds "
                f"another municipality's published figures")
        return self

    @property
    def costs(self) -> CostBenefit | None:
        """The cost-benefit inputs, when their year has ended by the peildatum (else None).

        An as-of run or an early peildatum of a series may come before the
        year the costs describe: nothing of that year is known yet.
        """
        cost = self.cost_benefit
        return cost if cost is not None and date(cost.year, 12, 31) <= self.reference_date else None

    @property
    def checked_at(self) -> date:
        """The date the file is checked at: its export date, or the peildatum."""
        return self.export_date or self.reference_date

    @property
    def as_of(self) -> bool:
        """True when the run takes an earlier peildatum from a later file."""
        return self.checked_at > self.reference_date

    @property
    def reasons_end(self) -> date:
        """Last day of the outflow-reasons period: the reference case's, the config's, or the peildatum."""
        case = self.reference_case
        end = ((case.reasons_period_end if case else None) or self.reasons_period_end
               or self.reference_date)
        return min(end, self.reference_date)  # an as-of run knows nothing after its peildatum

    @property
    def first_flow_year(self) -> int:
        """First year of the caseload flows: the programme's start, or the peildatum's year.

        A peildatum before the programme's start (a baseline, nulmeting, or an as-of run that
        far back) has the flows of its own year.
        """
        return min(self.programme_start or self.reference_date, self.reference_date).year

    @property
    def mediation_table_year(self) -> int:
        """Year of the mediation table: the reference case's, the config's, or the last whole year."""
        case = self.reference_case
        ref = self.reference_date
        last_whole = ref.year if (ref.month, ref.day) == (12, 31) else ref.year - 1
        return (case.mediation_year if case else None) or self.mediation_year or last_whole

    @property
    def team_staffing(self) -> dict[int, Staffing]:
        """Specialists per year: the config's own, else the reference case's."""
        return self.staffing or (self.reference_case.staffing if self.reference_case else {})

    @property
    def run_id(self) -> str:
        """The run's folder name: ``run_name``, or municipality slug and reference date
        (``eindhoven-2020-01-31``)."""
        if self.run_name:
            return self.run_name
        return f"{slug(self.municipality)}-{self.reference_date.isoformat()}"


_FIELDS = frozenset(RunConfig.model_fields)

#: What ``recorded_reads`` gives for code that read the whole config at once.
ALL_FIELDS = "*"

#: The fields of any ``RunConfig`` read since ``record_reads(True)``; None while nobody records.
_READS: set[str] | None = None


def record_reads(on: bool = True) -> None:
    """Start (anew) or stop recording which fields of the config are read.

    A stage starts recording once its config is read and checked
    (``stage.open_stage``), so that the checks themselves do not count; the
    run's kernel stops it before the next stage (``kernel.fresh_namespace``).
    """
    global _READS
    _READS = set() if on else None


def recorded_reads() -> list[str] | None:
    """The config fields read since recording started, sorted; None when nothing recorded.

    ``ALL_FIELDS`` among them means the whole config was read.
    """
    return None if _READS is None else sorted(_READS)


def slug(text: str, empty: str = "run") -> str:
    """A name as a file or run folder writes it: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or empty


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


#: What a student may change in a notebook's parameters cell when the notebook runs on its
#: own (a scratch run), and where each sits in the config.
NOTEBOOK_CHANGES = {"reference_date": ("reference_date",),
                    "disclosure_threshold": ("disclosure_threshold",),
                    "discount_rate": ("cost_benefit", "discount_rate")}


def with_changes(data: dict[str, Any], changes: dict[str, Any], source: str) -> dict[str, Any]:
    """A config mapping with a notebook's parameter changes applied (``NOTEBOOK_CHANGES``).

    An amount keeps its source and its range, widened where the new value lies
    outside it, so that the sensitivity analysis still brackets the value.

    Parameters
    ----------
    data : dict
        The config as parsed from YAML; not changed.
    changes : dict
        Parameter name to new value; None means "as the config says".
    source : str
        The config file, named in errors.

    Returns
    -------
    dict
        A changed copy of ``data``.

    Raises
    ------
    ConfigError
        For a parameter that is not one of ``NOTEBOOK_CHANGES``, or a discount
        rate for a config without a cost-benefit block.
    """
    import copy

    changed = copy.deepcopy(data)
    for name, value in changes.items():
        if value is None:
            continue
        if name not in NOTEBOOK_CHANGES:
            raise ConfigError(f"{name}: not a parameter a notebook can change; "
                              f"expected one of {', '.join(NOTEBOOK_CHANGES)}")
        *parents, key = NOTEBOOK_CHANGES[name]
        holder = changed
        for parent in parents:
            if not isinstance(holder.get(parent), dict):
                raise ConfigError(f"{source}: {name} cannot be changed: the config has no "
                                  f"'{parent}' block")
            holder = holder[parent]
        if isinstance(holder.get(key), dict):
            amount = holder[key]
            amount["value"] = value
            if "low" in amount and "high" in amount:
                amount["low"], amount["high"] = min(amount["low"], value), max(amount["high"], value)
        else:
            holder[key] = value
    return changed


def config_as_dict(config: RunConfig) -> dict[str, Any]:
    """The resolved configuration as plain JSON-ready values (dates as ISO strings)."""
    return config.model_dump(mode="json")


def starter_config(*, input_file: str, recognised: dict[str, str], unknown: dict[str, list[str]],
                   first_date: date, last_date: date, first_intake: date | None,
                   municipality: str | None, municipality_code: str | None,
                   identifiers: list[str], suggestions: dict[str, str | None]) -> str:
    """A starter config for a new municipality, written from what its file holds.

    Nothing in it comes from the shipped example: no reference case, no
    costs. The team's headers it recognised are listed, those it did not are
    listed with their closest contract columns as ready-to-uncomment
    ``column_aliases`` lines.

    Parameters
    ----------
    input_file : str
        The monitoring file, relative to the project.
    recognised : dict
        File header to contract column, for the headers that were recognised.
    unknown : dict
        File header to its closest contract columns, for the others.
    first_date, last_date : date
        The earliest and latest date anywhere in the file.
    first_intake : date, optional
        The earliest intake date: the suggested programme start is the first
        of its month.
    municipality, municipality_code : str, optional
        From the file's municipality codes and the CBS list, when known.
    identifiers : list of str
        Columns that look like personal data (BSN, names, ...).
    suggestions : dict
        Missing required column to the unknown header guessed to mean it
        (``checks.alias_suggestions``).

    Returns
    -------
    str
        The YAML text, with comments that explain every choice.
    """
    from evalkit.schema import REQUIRED, column_alias_line

    import calendar

    programme_start = first_intake.replace(day=1) if first_intake else None
    month_end = last_date.replace(day=calendar.monthrange(last_date.year, last_date.month)[1])
    lines = [
        f"# Starter config written by `evalkit init` from {input_file}.",
        "# Check every value; then `evalkit check` the file with this config and `evalkit run` it.",
        f"# Dates in the file run from {first_date:%d-%m-%Y} to {last_date:%d-%m-%Y}.",
        f"municipality: {municipality or 'CHANGE ME'}"
        + ("" if municipality else "        # the name shown in the report"),
        f"municipality_code: {municipality_code or 'GM0000'}"
        + ("" if municipality_code else "        # CBS code, GM and four digits"),
        f"reference_date: {month_end.isoformat()}      # peildatum: end of the month of the file's "
        "latest date",
        (f"programme_start: {programme_start.isoformat()}     # first of the month of the first "
         "intake" if programme_start else "# programme_start: YYYY-MM-DD   # start of the approach"),
        f"input_file: {input_file}",
        "synthetic: false",
        "lang: nl                          # nl or en",
        "disclosure_threshold: 10          # smallest number of people a published cell may show",
        "stages:",
        *[f"  - {s}" for s in ("00_data_checks", "10_cohort", "20_outflow", "30_cost_benefit",
                               "40_national_comparison", "90_summary")],
    ]
    if identifiers:
        lines += ["# The file holds columns that look like personal data: "
                  + ", ".join(identifiers) + ". Remove them, or set pseudonymize: true with a",
                  "# secret key in EVALKIT_PSEUDONYM_KEY (README, 'Privacy').",
                  "pseudonymize: false"]
    lines += ["", "# Headers recognised (file header -> contract column):"]
    lines += [f"#   {header} -> {column}" for header, column in recognised.items()]
    missing = [c for c in REQUIRED if c not in recognised.values()]
    guessed = {h: c for c, h in suggestions.items() if h is not None}
    if unknown:
        lines += ["# Headers not recognised, with the closest contract columns. A line that is not",
                  "# commented out was guessed for a required column: check it. Uncomment a line",
                  "# when the header means that column; a header left out is not read."]
        lines += ["column_aliases:" if guessed else "# column_aliases:"]
        for header, near in unknown.items():
            target = guessed.get(header) or (near[0] if near else "<column>")
            entry = column_alias_line(header, target)[len("column_aliases: {"):-1]
            lead = "  " if header in guessed else "  # "
            lines.append(f"{lead}{entry}    # closest: {', '.join(near) or 'none'}")
    still = [c for c in missing if c not in guessed.values()]
    if still:
        lines += [f"# Required columns not found: {', '.join(still)}."]
    lines += [
        "",
        "# Labels the contract does not know are named by `evalkit check`, with the line to add:",
        "# value_aliases:",
        '#   outflow_reason: {"Werk (fulltime)": fulltime_work}',
        "",
        "# Cost-benefit: this municipality's own costs of one programme year, each with its source.",
        "# Without this section the cost-benefit chapter says which inputs are missing.",
        "# cost_benefit:",
        "#   year: YYYY",
        "#   costs: {staff: {value: ..., source: \"...\"}}",
        "#   people_supported: {value: ..., source: \"...\"}",
        "#   benefit_cost_per_year: {value: ..., low: ..., high: ..., source: \"...\"}",
        "#   execution_cost_per_year: {value: ..., source: \"...\"}",
        "#   parttime_fraction: {value: 0.5, low: 0.3, high: 0.7, source: \"...\"}",
        "#   discount_rate: {value: 0.0225, low: 0.0, high: 0.03, source: \"MKBA standard\"}",
        "#   horizon_years: {value: 5, low: 3, high: 10, source: \"...\"}",
        "#   displacement: {value: 0.25, low: 0.0, high: 0.5, source: \"assumption\"}",
        "#   deadweight: {value: ..., low: ..., high: ..., source: \"...\"}",
        "#   durability: {value: 0.85, low: 0.7, high: 0.95, source: \"assumption\"}",
        "#   cost_factor: {value: 1.0, low: 0.85, high: 1.2, source: \"assumption\"}",
    ]
    return "\n".join(lines) + "\n"


def read_config(path: str | Path) -> RunConfig:
    """Read and validate a YAML run configuration.

    Parameters
    ----------
    path : str or Path
        The YAML file.

    Returns
    -------
    RunConfig
        The validated configuration.

    Raises
    ------
    ConfigError
        When the file is missing, is not YAML, or does not validate.
    """
    return parse_config(read_config_data(path), str(path))


def read_config_data(path: str | Path) -> Any:
    """The YAML document of a config file, not yet validated (``read_config`` validates it).

    Raises
    ------
    ConfigError
        When the file is missing or is not YAML.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(f"{path}: not a valid YAML file{where}") from None
