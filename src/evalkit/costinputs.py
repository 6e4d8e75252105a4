"""The inputs of the cost-benefit model: counted from the file, or taken from the config.

``evalkit.costbenefit`` is the model and knows only numbers; this module turns
the monitoring file and the config's ``cost_benefit`` section into those
numbers, each with its range and source (the assumptions table).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from evalkit.costbenefit import Case, deadweight_share
from evalkit.errors import DisclosureError


def work_outflow_counts(clients: pd.DataFrame, year: int, threshold: int) -> dict[str, int]:
    """Exits to full-time and to part-time work in one calendar year, counted from the file.

    Raises
    ------
    DisclosureError
        When a count is below the disclosure threshold: the savings printed
        from it would reveal it (savings / benefit cost = count).
    """
    counts = _work_counts(clients, year)
    small = _below(counts, threshold)
    if small:
        raise DisclosureError(
            f"cost-benefit: {', '.join(f'{k} exits to work in {year}' for k in small)} "
            f"fall below the disclosure threshold of {threshold}, and the savings computed "
            "from them would reveal the count; choose a year with more exits, or set "
            "cost_benefit.outflow in the config once it is decided they may be published")
    return counts


def _work_counts(clients: pd.DataFrame, year: int) -> dict[str, int]:
    reasons = clients.loc[clients["outflow_date"].dt.year == year, "outflow_reason"]
    return {"fulltime": int((reasons == "fulltime_work").sum()),
            "parttime": int((reasons == "parttime_work").sum())}


def _below(counts: dict[str, int], threshold: int) -> list[str]:
    return [kind for kind, count in counts.items() if 0 < count < threshold]


def withheld_outflow(config, clients: pd.DataFrame) -> list[str]:
    """The exits to work the cost-benefit would count from the file but may not show.

    The savings are a count times the cost of a benefit, so they give a count
    back; a count below the disclosure threshold leaves the whole chapter out
    (``needs:costs``, ``evalkit.cells``) and ``intro`` says why, as for a config
    without cost inputs. Counts given in the config (``cost_benefit.outflow``)
    are never withheld: publishing them was decided outside the file.

    Returns
    -------
    list of str
        ``"fulltime"`` and/or ``"parttime"``; empty when the chapter can be shown
        or when there are no cost inputs to show it with.
    """
    settings = config.costs
    if settings is None or settings.outflow is not None:
        return []
    return _below(_work_counts(clients, settings.year), config.disclosure_threshold)


def no_exits_to_work(config, clients: pd.DataFrame) -> bool:
    """Whether the cost-benefit would count its exits to work from the file and finds none.

    No exit to full- or part-time work in the cost year means no saving to
    value and no outflow rate to draw the Monte Carlo from (a first interim
    evaluation, months into a programme, is such a case). The chapter is then
    left out (``needs:costs``, ``evalkit.cells``) and ``intro`` says why, as for
    ``withheld_outflow``. Counts given in the config are used as given.
    """
    settings = config.costs
    if settings is None or settings.outflow is not None:
        return False
    return not any(_work_counts(clients, settings.year).values())


def durability_from_returns(clients: pd.DataFrame, reference_date: date, *,
                            months: float = 12.0) -> dict[str, float] | None:
    """Share of those who left for work still off benefits ``months`` after leaving.

    Kaplan-Meier (lifelines) of the time from outflow to return to benefits
    (``return_to_benefit_date``), censored at the reference date. A return
    before the outflow date never gets here: the data checks stop the run on it.

    Returns
    -------
    dict or None
        ``value``, ``lower``, ``upper`` (95%), ``people`` and ``returns``;
        None when the file has no return dates at all.
    """
    from evalkit.survival import DAYS_PER_MONTH, durations, kaplan_meier

    if "return_to_benefit_date" not in clients or clients["return_to_benefit_date"].isna().all():
        return None
    work = clients[clients["outflow_reason"].isin(["fulltime_work", "parttime_work"])
                   & clients["outflow_date"].notna()]
    spells = durations(work["outflow_date"], work["return_to_benefit_date"], reference_date)
    fitter = kaplan_meier(spells["duration"], spells["observed"])
    days = months * DAYS_PER_MONTH
    value = float(fitter.survival_function_at_times(days).iloc[0])
    band = fitter.confidence_interval_
    index = max(int(np.searchsorted(band.index.to_numpy(dtype=float), days, side="right")) - 1, 0)
    lower, upper = (float(v) for v in band.iloc[index])
    return {"value": value, "lower": lower, "upper": upper, "people": int(len(spells)),
            "returns": int(spells["observed"].sum())}


@dataclass(frozen=True)
class Input:
    """One parameter of the analysis as the report lists it: value, range, source, unit."""

    parameter: str
    value: float | None
    source: str
    unit: str
    low: float | None = None
    high: float | None = None


def assumptions_table(inputs: list[Input]) -> pd.DataFrame:
    """The one assumptions table: every parameter with its value, range and source.

    Returns
    -------
    pandas.DataFrame
        Columns ``parameter``, ``value``, ``low``, ``high``, ``unit``, ``source``.
    """
    return pd.DataFrame([{"parameter": i.parameter, "value": i.value, "low": i.low,
                          "high": i.high, "unit": i.unit, "source": i.source} for i in inputs],
                        columns=["parameter", "value", "low", "high", "unit", "source"])


def case_from_inputs(inputs: list[Input]) -> Case:
    """The base case: each ``Case`` field from the input of the same name."""
    by_name = {i.parameter: i.value for i in inputs}
    fields = {name: by_name[name] for name in Case.__dataclass_fields__}
    fields["horizon"] = int(fields["horizon"])
    return Case(**fields)


def ranges_from_inputs(inputs: list[Input]) -> dict[str, tuple[float, float]]:
    """Low and high of every ``Case`` field that has a range, for the tornado chart."""
    return {i.parameter: (i.low, i.high) for i in inputs
            if i.parameter in Case.__dataclass_fields__ and i.low is not None}


def inputs_from_config(settings, *, fulltime: int, parttime: int, outflow_source: str,
                       cost_source: str, deadweight: Input, durability: Input) -> list[Input]:
    """Every input of the analysis, from the config's ``cost_benefit`` section.

    Parameters
    ----------
    settings : evalkit.config.CostBenefit
        The validated section.
    fulltime, parttime : int
        Exits to work in the programme year, and where they come from.
    outflow_source : str
        Source of those counts (the file, or the config's override).
    cost_source : str
        Source line of the programme cost (in the report's language).
    deadweight, durability : Input
        Resolved by ``deadweight_input`` and ``durability_input``.

    Returns
    -------
    list of Input
        In the order of the assumptions table.
    """
    realised = sum(a.value for a in settings.costs.values())
    deducted = sum(a.value for a in settings.compensations.values())
    cost = realised - deducted
    factor = settings.cost_factor

    def from_amount(parameter: str, name: str, unit: str) -> Input:
        a = getattr(settings, name)
        return Input(parameter, a.value, a.source, unit, a.low, a.high)

    rows = [
        Input("cost", cost, f"{cost_source}; {factor.source}", "eur",
              cost * factor.low if factor.low is not None else None,
              cost * factor.high if factor.high is not None else None),
        Input("fulltime", fulltime, outflow_source, "int"),
        Input("parttime", parttime, outflow_source, "int"),
        from_amount("parttime_fraction", "parttime_fraction", "share"),
        from_amount("benefit_cost", "benefit_cost_per_year", "eur"),
        from_amount("execution_cost", "execution_cost_per_year", "eur"),
        from_amount("people_supported", "people_supported", "int"),
        deadweight,
        from_amount("displacement", "displacement", "share"),
        durability,
        from_amount("discount_rate", "discount_rate", "rate"),
        from_amount("horizon", "horizon_years", "int"),
    ]
    production = settings.production_per_job
    rows.append(Input("production_per_job", production.value if production else None,
                      production.source if production else "-", "eur",
                      production.low if production else None,
                      production.high if production else None))
    return rows


def deadweight_input(settings, *, national: pd.Series | None, local_count: int,
                     local_total: int, source_text: str) -> Input:
    """Deadweight as configured, or national rate / local rate when a national figure is named.

    Parameters
    ----------
    settings : evalkit.config.Deadweight
        The config's deadweight.
    national : pandas.Series, optional
        The national reference row (``value`` in percent), when named.
    local_count, local_total : int
        The local share's numerator and base (people who left for work, the file).
    source_text : str
        The source line to show for a computed deadweight (already in the
        report's language; it names both figures).
    """
    if settings.value is not None:
        return Input("deadweight", settings.value, settings.source, "share", settings.low,
                     settings.high)
    value = deadweight_share(float(national["value"]) / 100, local_count / local_total)
    return Input("deadweight", value, source_text, "share", min(settings.low, value),
                 max(settings.high, value))


def durability_input(settings, measured: dict | None, source_text: str) -> Input:
    """Durability from the file's return dates when it has them, otherwise the assumption."""
    if measured is None:
        a = settings
        return Input("durability", a.value, a.source, "share", a.low, a.high)
    return Input("durability", measured["value"], source_text, "share", measured["lower"],
                 measured["upper"])


# ------------------------------------------------------------------ for the stage notebook


@dataclass(frozen=True)
class WorkOutflow:
    """The exits to work the cost-benefit counts, and where they come from (in words)."""

    counts: dict[str, int]
    note: str
    source: str


def work_outflow(settings, clients: pd.DataFrame, threshold: int, lang: str) -> WorkOutflow:
    """Exits to full- and part-time work in the programme year: from the config, or the file.

    Raises
    ------
    DisclosureError
        When counted from the file and a count is below the threshold
        (``work_outflow_counts``).
    """
    from evalkit import labels

    year = settings.year
    if settings.outflow is None:
        return WorkOutflow(work_outflow_counts(clients, year, threshold),
                           labels.t("cb.outflow_from_file", lang, year=year),
                           labels.t("cb.outflow_source_file", lang, year=year))
    given = settings.outflow
    return WorkOutflow({"fulltime": given.fulltime, "parttime": given.parttime},
                       labels.t("cb.outflow_from_config", lang, source=given.source),
                       labels.t("cb.outflow_source_config", lang, source=given.source))


def costs_and_compensations(settings) -> tuple[dict[str, float], dict[str, float]]:
    """The programme's cost lines and the compensations deducted from them, as numbers."""
    return ({line: a.value for line, a in settings.costs.items()},
            {line: a.value for line, a in settings.compensations.items()})


def intro(config, lang: str, clients: pd.DataFrame | None = None) -> str:
    """The chapter's opening sentence: the reference case, the municipality's own costs, or
    why there is no cost-benefit (inputs missing, their year not over, no exits to work in it,
    ``no_exits_to_work``, or too few to show, ``withheld_outflow``)."""
    from evalkit import labels
    from evalkit.config import COST_INPUTS

    if config.cost_benefit is None:
        return labels.t("cb.missing", lang, inputs=", ".join(COST_INPUTS))
    if config.costs is None:
        return labels.t("cb.year_after", lang, year=config.cost_benefit.year,
                        reference_date=labels.format_date(config.reference_date, lang))
    if clients is not None and no_exits_to_work(config, clients):
        return labels.t("cb.no_exits_to_work", lang, year=config.costs.year)
    withheld = [] if clients is None else withheld_outflow(config, clients)
    if withheld:
        kinds = labels.code_labels("outflow_reason", [f"{k}_work" for k in withheld], lang)
        return labels.t("cb.outflow_withheld", lang, year=config.costs.year,
                        threshold=config.disclosure_threshold,
                        kinds=labels.format_list(kinds, lang))
    return labels.t("cb.intro" if config.reference_case else "cb.intro_own", lang)


def model_source(config, lang: str) -> str:
    """The source line of the model's tables: the model on the monitoring file at the peildatum."""
    from evalkit import labels

    return labels.t("report.source_model", lang, source=labels.t(
        "report.source_monitoring_synthetic" if config.synthetic else "report.source_monitoring",
        lang), reference_date=labels.format_date(config.reference_date, lang))


@dataclass(frozen=True)
class GrossYear:
    """The one-year gross calculation as published: the table, its file name and its words."""

    table: pd.DataFrame
    name: str
    heading: str
    caption: str
    note: str
    source: str


def gross_year(settings, case, outflow: WorkOutflow, lang: str) -> GrossYear:
    """KplusV's one-year gross sum (4.4.2), checked against the printed amounts of a reference
    case, or the same sum for the municipality's own costs with nothing printed to check."""
    from evalkit import costbenefit, labels

    costs, compensations = costs_and_compensations(settings)
    computed = costbenefit.kplusv_business_case(
        costs, compensations, people=settings.people_supported.value, **outflow.counts,
        benefit_cost=settings.benefit_cost_per_year.value,
        parttime_fraction=settings.parttime_fraction.value)
    printed = case.printed if case else None
    reproduction = costbenefit.compare_printed(computed, printed.amounts if printed else {})
    cited = labels.t("report.source_cited", lang, source=printed.source if printed
                     else labels.t("cb.source_config", lang))
    year = settings.year
    if case:
        return GrossYear(reproduction, "cb_kplusv_business_case",
                         labels.t("cb.kplusv", lang, name=case.name, year=year),
                         labels.t("cb.kplusv_table", lang, year=year),
                         labels.t("cb.kplusv_note", lang), cited)
    return GrossYear(reproduction[["item", "computed"]], "cb_gross_one_year",
                     labels.t("cb.gross", lang, year=year), labels.t("cb.gross", lang, year=year),
                     labels.t("cb.gross_note", lang), cited)


def other_revenues_note(settings, lang: str) -> str | None:
    """The sentence on revenues the calculation leaves out (an ESF grant), when there are any."""
    from evalkit import labels

    if not settings.other_revenues:
        return None
    return labels.t("cb.other_revenues_note", lang,
                    amount=labels.format_amount(sum(a.value for a in
                                                    settings.other_revenues.values()), lang),
                    sources="; ".join(a.source for a in settings.other_revenues.values()))


def budget_checks(settings, case) -> pd.DataFrame:
    """The reference case's printed budget lines, totals and overrun, recomputed."""
    from evalkit import costbenefit

    costs, compensations = costs_and_compensations(settings)
    budget = case.budget
    return costbenefit.budget_checks(
        {y: b.model_dump() for y, b in budget.years.items()} if budget else {},
        printed_total=budget.total if budget else None, realised=sum(costs.values()),
        compensations=sum(compensations.values()), year=settings.year,
        printed_overrun=case.printed.overrun if case.printed else None)


@dataclass(frozen=True)
class Analysis:
    """Every input of the discounted analysis, the base case, and how durability was found."""

    inputs: list[Input]
    case: Case
    deadweight: Input
    durability: Input
    measured: dict | None


def analysis(settings, clients: pd.DataFrame, status: pd.Series, reference: pd.DataFrame,
             reference_date: date, outflow: WorkOutflow, lang: str) -> Analysis:
    """The inputs of the discounted analysis: the config's, deadweight from the national
    comparison when the config names a national figure, durability from the return dates."""
    from evalkit import labels
    from evalkit.national import reference_value, status_share

    local_work, people = status_share(status, ("left_work",))
    named = settings.deadweight.national_indicator
    national = (reference_value(reference, named, settings.deadweight.reference_period)
                if named else None)
    deadweight = deadweight_input(
        settings.deadweight, national=national, local_count=local_work, local_total=people,
        source_text="" if national is None else labels.t(
            "cb.deadweight_source", lang,
            national=labels.format_number(national["value"], 1, lang),
            local=labels.format_number(100 * local_work / people, 1, lang),
            source=national["source"],
            comparability=labels.t(f"comparability.{national['comparability']}", lang)))
    measured = durability_from_returns(clients, reference_date)
    durability = durability_input(
        settings.durability, measured,
        "" if measured is None else labels.t("cb.durability_source", lang,
                                             n=measured["people"], returns=measured["returns"]))
    inputs = inputs_from_config(settings, **outflow.counts, outflow_source=outflow.source,
                                cost_source=labels.t("cb.cost_source", lang),
                                deadweight=deadweight, durability=durability)
    return Analysis(inputs, case_from_inputs(inputs), deadweight, durability, measured)


def simulate(found: Analysis, settings, outflow: WorkOutflow, seed: int):
    """The seeded Monte Carlo of the base case over the inputs' ranges (``costbenefit.monte_carlo``)."""
    from evalkit import costbenefit

    cost = next(i for i in found.inputs if i.parameter == "cost")
    return costbenefit.monte_carlo(
        found.case, outflows=outflow.counts["fulltime"] + outflow.counts["parttime"],
        people=int(settings.people_supported.value), reps=settings.monte_carlo_draws, seed=seed,
        cost_range=(cost.low, cost.high),
        deadweight_range=(found.deadweight.low, found.deadweight.high),
        displacement_range=settings.displacement.range or (0.0, 0.5),
        durability_range=(found.durability.low, found.durability.high))


def societal(found: Analysis, settings):
    """The societal view of the base case (``costbenefit.societal_view``)."""
    from evalkit import costbenefit

    costs, _ = costs_and_compensations(settings)
    production = settings.production_per_job
    return costbenefit.societal_view(
        found.case, execution_cost=settings.execution_cost_per_year.value,
        production_per_job=production.value if production else None,
        realised_costs=sum(costs.values()))
