"""Cost-benefit (kosten-baten): the KplusV business case reproduced, then done properly.

Two perspectives are kept apart (docs/methods.md, "Cost-benefit"):

* the **municipal business case**: bijstand not paid is cash the municipality
  saves;
* the **societal view** (MKBA): the benefit itself is a transfer; what society
  gains is production and the execution cost of a benefit no longer run.

The KplusV calculation is a one-year gross sum: cost = realised costs minus
compensations; savings = fulltime x benefit cost + parttime x benefit cost x
parttime fraction. ``kplusv_business_case`` reproduces it exactly.

The full analysis discounts over a horizon of H years (year 0 is the
programme year, undiscounted):

    net exits N = gross x (1 - deadweight) x (1 - displacement)
    B_y = N x benefit cost x durability^y,       y = 0 .. H-1
    NPV = sum_y B_y / (1 + r)^y - C

so that H = 1 with no deadweight and no displacement gives back KplusV's gross
one-year saving minus cost. All functions take plain numbers or DataFrames and
accept NumPy arrays where a Monte Carlo needs them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import numpy as np
import pandas as pd


#: How each parameter is written and shown (a ``report.VALUE_KINDS`` key).
UNITS = {"cost": "eur", "fulltime": "int", "parttime": "int", "parttime_fraction": "share",
         "benefit_cost": "eur", "execution_cost": "eur", "people_supported": "int",
         "deadweight": "share", "displacement": "share", "durability": "share",
         "discount_rate": "rate", "horizon": "int", "production_per_job": "eur",
         "net_exits": "number"}

#: Tolerance (EUR) under which a printed and a computed amount count as equal: rounding.
ROUNDING = 1.0


@dataclass(frozen=True)
class Case:
    """The inputs of one discounted cost-benefit calculation (municipal view).

    Attributes
    ----------
    cost : float
        Programme cost in the programme year (EUR), after compensations.
    fulltime, parttime : float
        Exits to full-time and to part-time work in the programme year.
    parttime_fraction : float
        Share of a benefit that ends with a part-time job (KplusV: 0.5).
    benefit_cost : float
        Yearly cost of one benefit to the municipality (EUR; KplusV: 16,800).
    deadweight : float
        Share of the exits that would have happened without the programme.
    displacement : float
        Share of the net jobs taken from other job seekers (verdringing).
    durability : float
        Share of those who left still off benefits one year later.
    discount_rate : float
        Yearly discount rate (0.0225 is the Dutch MKBA standard since 2021).
    horizon : int
        Years of benefits counted, the programme year included.
    """

    cost: float
    fulltime: float
    parttime: float
    parttime_fraction: float
    benefit_cost: float
    deadweight: float = 0.0
    displacement: float = 0.0
    durability: float = 1.0
    discount_rate: float = 0.0225
    horizon: int = 5

    @property
    def gross_exits(self) -> float:
        """Benefits ended, in full-benefit equivalents: fulltime + parttime x fraction."""
        return gross_exits(self.fulltime, self.parttime, self.parttime_fraction)

    @property
    def net_exits(self) -> float:
        """Exits the programme caused: gross x (1 - deadweight) x (1 - displacement)."""
        return net_exits(self.gross_exits, self.deadweight, self.displacement)


def gross_exits(fulltime, parttime, parttime_fraction):
    """Benefits ended in full-benefit equivalents: a part-time job ends part of a benefit."""
    return fulltime + parttime * parttime_fraction


def net_exits(gross, deadweight, displacement):
    """The programme's own effect: gross exits less deadweight, less displacement."""
    return gross * (1 - deadweight) * (1 - displacement)


def deadweight_share(counterfactual_rate: float, programme_rate: float) -> float:
    """Deadweight DW = counterfactual rate / programme rate, capped at 1.

    A counterfactual rate at or above the programme's means nothing is
    attributable to the programme (DW = 1); so does a programme rate of zero
    (exits given in the config, none to work in the file).
    """
    if programme_rate < 0 or counterfactual_rate < 0:
        raise ValueError("outflow rates cannot be negative")
    if counterfactual_rate >= programme_rate:
        return 1.0
    return float(counterfactual_rate / programme_rate)


# ----------------------------------------------------------------------- KplusV, exactly


def kplusv_business_case(costs: dict[str, float], compensations: dict[str, float], *,
                         people: float, fulltime: float, parttime: float,
                         benefit_cost: float, parttime_fraction: float) -> pd.DataFrame:
    """The KplusV one-year gross business case (Tabel 4 of 4.4.2), recomputed.

    Parameters
    ----------
    costs : dict
        Realised costs of the year by line (EUR).
    compensations : dict
        Revenues deducted because the costs were not borne (KplusV footnote 53).
    people : float
        People supported in the year (KplusV: 360).
    fulltime, parttime : float
        Exits to full-time and part-time work in the year.
    benefit_cost : float
        Yearly cost of one benefit (EUR).
    parttime_fraction : float
        Share of the benefit a part-time job ends.

    Returns
    -------
    pandas.DataFrame
        Columns ``item`` and ``value`` (EUR, unrounded), in the order of the
        published calculation.
    """
    realised = float(sum(costs.values()))
    deducted = float(sum(compensations.values()))
    cost = realised - deducted
    savings_full = fulltime * benefit_cost
    savings_part = parttime * benefit_cost * parttime_fraction
    rows = [
        ("realised_costs", realised),
        ("compensations", deducted),
        ("cost_of_approach", cost),
        ("cost_per_person", cost / people),
        ("benefit_cost_total", people * benefit_cost),
        ("savings_fulltime", savings_full),
        ("savings_parttime", savings_part),
        ("savings_total", savings_full + savings_part),
        ("net_one_year", savings_full + savings_part - cost),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


def compare_printed(computed: pd.DataFrame, printed: dict[str, float | list[float]], *,
                    tolerance: float = ROUNDING) -> pd.DataFrame:
    """Set the amounts as printed beside the computed ones.

    Parameters
    ----------
    computed : pandas.DataFrame
        Columns ``item`` and ``value``.
    printed : dict
        Item to printed amount, or to a list when the report prints the item
        more than once (KplusV prints the cost per person as 1,848 in the text
        and as "18489" in footnote 57): each is checked.
    tolerance : float
        Largest difference that counts as rounding.

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``computed``, ``printed`` (NaN where nothing was
        printed) and ``result``: ``ok``, ``differs`` or ``not_printed``; one
        row per printed amount, in the order of ``computed``.

    Raises
    ------
    KeyError
        When a printed item is not one the calculation computes.
    """
    unknown = sorted(set(printed) - set(computed["item"]))
    if unknown:
        raise KeyError(f"printed amounts with no computed counterpart: {', '.join(unknown)}")
    rows = []
    for item, value in zip(computed["item"], computed["value"], strict=True):
        amounts = printed.get(item, [float("nan")])
        for amount in amounts if isinstance(amounts, list) else [amounts]:
            rows.append({"item": item, "computed": float(value), "printed": float(amount),
                         "result": _result(float(amount), float(value), tolerance)})
    return pd.DataFrame(rows, columns=["item", "computed", "printed", "result"])


def _result(printed: float, computed: float, tolerance: float = ROUNDING) -> str:
    if pd.isna(printed):
        return "not_printed"
    return "ok" if abs(printed - computed) <= tolerance else "differs"


def inconsistencies(reproduction: pd.DataFrame, budget: pd.DataFrame) -> pd.DataFrame:
    """Every printed figure that does not follow from its inputs, in one list.

    Returns
    -------
    pandas.DataFrame
        Columns ``check``, ``year``, ``printed``, ``computed``, ``difference``.
    """
    printed = reproduction[reproduction["result"] == "differs"]
    rows = [{"check": r.item, "year": "", "printed": r.printed, "computed": r.computed}
            for r in printed.itertuples()]
    rows += [{"check": r.check, "year": r.year, "printed": r.printed, "computed": r.computed}
             for r in budget[budget["result"] == "differs"].itertuples()]
    frame = pd.DataFrame(rows, columns=["check", "year", "printed", "computed"])
    frame["difference"] = frame["printed"] - frame["computed"]
    return frame


def budget_checks(budget: dict[int, dict], *, printed_total: float | None,
                  realised: float, compensations: float, year: int,
                  printed_overrun: float | None) -> pd.DataFrame:
    """Check the published budget arithmetic; every inconsistency is a row, nothing is corrected.

    Parameters
    ----------
    budget : dict
        Year to ``{"lines": {line: amount}, "total": printed total}``.
    printed_total : float, optional
        The printed total over all years.
    realised, compensations : float
        Realised costs and deducted compensations of ``year``.
    year : int
        The year whose overrun is printed.
    printed_overrun : float, optional
        The printed overrun: realised - compensations - budget of ``year``.

    Returns
    -------
    pandas.DataFrame
        Columns ``check``, ``year``, ``printed``, ``computed`` and ``result``
        (``ok`` or ``differs``).
    """
    rows = []
    for y in sorted(budget):
        lines = sum(float(v) for v in budget[y]["lines"].values())
        rows.append(("budget_lines_sum_to_total", str(y), float(budget[y]["total"]), lines))
    if printed_total is not None:
        rows.append(("budget_years_sum_to_total", "all",
                     float(printed_total), sum(float(budget[y]["total"]) for y in budget)))
    if printed_overrun is not None and year in budget:
        rows.append(("overrun", str(year), float(printed_overrun),
                     realised - compensations - float(budget[year]["total"])))
    frame = pd.DataFrame(rows, columns=["check", "year", "printed", "computed"])
    frame["result"] = [_result(p, c) for p, c in zip(frame["printed"], frame["computed"],
                                                      strict=True)]
    return frame


# --------------------------------------------------------------------- the full analysis


def annuity(durability, discount_rate, horizon: int):
    """sum_{y=0}^{H-1} durability^y / (1 + r)^y: benefit-years per net exit, discounted."""
    d = np.asarray(durability, dtype=float)
    r = np.asarray(discount_rate, dtype=float)
    total = np.zeros(np.broadcast(d, r).shape)
    for y in range(int(horizon)):
        total = total + d**y / (1 + r) ** y
    return total if total.ndim else float(total)


def present_values(case: Case) -> dict[str, float]:
    """Present values of the municipal business case.

    Returns
    -------
    dict
        ``net_exits``, ``pv_benefits``, ``pv_costs``, ``npv`` and ``bcr``
        (benefit-cost ratio PV(B) / PV(C)).
    """
    net = case.net_exits
    pv_benefits = net * case.benefit_cost * annuity(case.durability, case.discount_rate,
                                                    case.horizon)
    pv_costs = case.cost
    return {"net_exits": float(net), "pv_benefits": float(pv_benefits),
            "pv_costs": float(pv_costs), "npv": float(pv_benefits - pv_costs),
            "bcr": float(pv_benefits / pv_costs) if pv_costs else float("nan")}


def npv(case: Case) -> float:
    """Net present value of the municipal business case (EUR)."""
    return present_values(case)["npv"]


def scenarios(case: Case, horizons: list[int], displacements: list[float]) -> pd.DataFrame:
    """NPV and benefit-cost ratio for every horizon and displacement scenario.

    Returns
    -------
    pandas.DataFrame
        Columns ``horizon``, ``displacement``, ``net_exits``, ``pv_benefits``,
        ``pv_costs``, ``npv``, ``bcr``.
    """
    rows = []
    for horizon in horizons:
        for displacement in displacements:
            values = present_values(replace(case, horizon=int(horizon),
                                            displacement=float(displacement)))
            rows.append({"horizon": int(horizon), "displacement": float(displacement), **values})
    return pd.DataFrame(rows)


def break_even_effect(case: Case) -> float:
    """Net exits (full-benefit equivalents) at which the NPV is zero."""
    return case.cost / (case.benefit_cost * annuity(case.durability, case.discount_rate,
                                                    case.horizon))


def break_even_displacement(case: Case) -> float | None:
    """Displacement at which the NPV is zero; None when no share in [0, 1] gets there."""
    before = case.gross_exits * (1 - case.deadweight)
    if before <= 0:
        return None
    value = 1 - break_even_effect(case) / before
    return float(value) if 0 <= value <= 1 else None


def break_even_durability(case: Case) -> float | None:
    """Yearly durability at which the NPV is zero; None when no share in [0, 1] gets there.

    The NPV rises with durability, so the root is unique when it exists.
    """
    from scipy.optimize import brentq

    def gap(d: float) -> float:
        return npv(replace(case, durability=d))

    low, high = gap(0.0), gap(1.0)
    if low > 0 or high < 0:
        return None
    return float(brentq(gap, 0.0, 1.0, xtol=1e-12))


def break_even_table(case: Case) -> pd.DataFrame:
    """The three break-even values beside their base values."""
    rows = [("net_exits", case.net_exits, break_even_effect(case)),
            ("displacement", case.displacement, break_even_displacement(case)),
            ("durability", case.durability, break_even_durability(case))]
    frame = pd.DataFrame(rows, columns=["parameter", "base", "break_even"])
    frame["unit"] = frame["parameter"].map(UNITS)
    return frame


def _with(case: Case, parameter: str, value: float) -> Case:
    if parameter == "horizon":
        return replace(case, horizon=int(round(value)))
    return replace(case, **{parameter: float(value)})


def tornado(case: Case, ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """One-way sensitivity: NPV with each parameter at its low and high value, the rest at base.

    Parameters
    ----------
    case : Case
        The base case.
    ranges : dict
        Parameter (a ``Case`` field) to ``(low, high)``.

    Returns
    -------
    pandas.DataFrame
        Columns ``parameter``, ``base``, ``low``, ``high``, ``npv_low``,
        ``npv_high``, ``swing``, ``unit``; sorted by swing, largest first (the
        tornado's order).
    """
    base = asdict(case)
    rows = []
    for parameter, (low, high) in ranges.items():
        if parameter not in base:
            raise ValueError(f"'{parameter}' is not a parameter of the cost-benefit case")
        npv_low, npv_high = npv(_with(case, parameter, low)), npv(_with(case, parameter, high))
        rows.append({"parameter": parameter, "base": float(base[parameter]), "low": float(low),
                     "high": float(high), "npv_low": npv_low, "npv_high": npv_high,
                     "swing": abs(npv_high - npv_low), "unit": UNITS[parameter]})
    frame = pd.DataFrame(rows)
    return frame.sort_values(["swing", "parameter"], ascending=[False, True],
                             kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class MonteCarlo:
    """A seeded Monte Carlo of the NPV: the draws and their summary."""

    npv: np.ndarray
    seed: int

    def summary(self) -> pd.DataFrame:
        """P(NPV > 0), the mean and the 5%, 50% and 95% quantiles of the NPV."""
        q05, q50, q95 = np.quantile(self.npv, [0.05, 0.5, 0.95])
        return pd.DataFrame([{"draws": int(self.npv.size), "seed": self.seed,
                              "p_positive": float((self.npv > 0).mean()),
                              "mean": float(self.npv.mean()), "p05": float(q05),
                              "median": float(q50), "p95": float(q95)}])


def monte_carlo(case: Case, *, outflows: int, people: int, reps: int, seed: int,
                cost_range: tuple[float, float], deadweight_range: tuple[float, float],
                displacement_range: tuple[float, float] = (0.0, 0.5),
                durability_range: tuple[float, float] | None = None) -> MonteCarlo:
    """Draw the uncertain inputs together and compute the NPV of each draw.

    The outflow rate is Beta(O + 1, n - O + 1) (O exits to work among n
    supported, a uniform prior), scaled back to full-benefit equivalents;
    displacement, deadweight and durability are uniform over their ranges;
    the cost is triangular (low, base, high). One ``numpy.random.Generator``
    seeded with ``seed`` draws everything, in a fixed order.

    Returns
    -------
    MonteCarlo
        ``reps`` NPV draws.
    """
    if not 0 < outflows <= people:
        raise ValueError("outflows must be between 1 and the number of people supported")
    rng = np.random.default_rng(seed)
    rate = rng.beta(outflows + 1, people - outflows + 1, size=reps)
    per_exit = case.gross_exits / outflows
    gross = rate * people * per_exit
    displacement = rng.uniform(*displacement_range, size=reps)
    deadweight = rng.uniform(*deadweight_range, size=reps)
    low, high = cost_range
    cost = rng.triangular(min(low, case.cost), case.cost, max(high, case.cost), size=reps)
    if durability_range is None:
        durability = np.full(reps, case.durability)
    else:
        durability = rng.uniform(*durability_range, size=reps)
    net = net_exits(gross, deadweight, displacement)
    values = net * case.benefit_cost * annuity(durability, case.discount_rate, case.horizon) - cost
    return MonteCarlo(npv=np.asarray(values, dtype=float), seed=seed)


def headline(case: Case, mc: MonteCarlo) -> pd.DataFrame:
    """The main result for the summary: base NPV, ratio and the Monte Carlo range."""
    values = present_values(case)
    summary = mc.summary().iloc[0]
    return pd.DataFrame([{"horizon": case.horizon, "discount_rate": case.discount_rate,
                          "cost": values["pv_costs"], "npv": values["npv"], "bcr": values["bcr"],
                          "npv_p05": summary["p05"], "npv_p95": summary["p95"],
                          "p_positive": summary["p_positive"]}])


def societal_view(case: Case, *, execution_cost: float, production_per_job: float | None,
                  realised_costs: float) -> pd.DataFrame:
    """The societal (MKBA) view, kept apart from the municipal business case.

    The benefit itself is a transfer from the municipality to the person:
    neither a cost nor a gain to society. What society gains is the
    execution cost of benefits no longer run and the production of the net
    extra jobs; what it spends is every resource the programme used
    (compensations included, since someone paid them).

    Returns
    -------
    pandas.DataFrame
        Columns ``item`` and ``value``: present values (EUR); production is
        NaN (a PM line) when no ``production_per_job`` is given. ``npv`` is
        NaN too then, since the largest benefit is unknown.
    """
    years = annuity(case.durability, case.discount_rate, case.horizon)
    execution = case.net_exits * execution_cost * years
    production = (case.net_exits * production_per_job * years
                  if production_per_job is not None else float("nan"))
    transfers = case.net_exits * case.benefit_cost * years - execution
    total = execution + production - realised_costs
    rows = [("programme_resources", -realised_costs), ("execution_savings", execution),
            ("production", production), ("transfers", 0.0), ("transfers_memo", transfers),
            ("npv", total)]
    return pd.DataFrame(rows, columns=["item", "value"])
