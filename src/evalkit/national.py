"""National comparison (landelijke vergelijking): like with like, with intervals.

National figures differ in definition from a municipal caseload (docs/methods.md,
"National comparison"). Every reference row has a *comparability* kind:

* ``rough``: municipal estimates from the KIS/Divosa monitor (survey answers);
* ``cohort``: CBS register figures for a permit cohort at k years since permit;
* ``benchmark``: Divosa benchmark figures on CBS register data.

Only comparisons of the same measure at the same time since permit (a local
cohort against a ``cohort`` or ``benchmark`` figure) support a statement of
difference; ``rough`` comparisons are shown, marked, and never tested.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from evalkit import io
from evalkit.cohort import status_at
from evalkit.errors import InputError

#: Columns of a national reference table, in file order.
REFERENCE_COLUMNS = ("indicator", "population", "measure", "value", "unit", "reference_period",
                     "years_since_permit", "source", "comparability", "note")

#: Outflow reasons that mean a job (employee or own business), as CBS counts "employed".
WORK_REASONS = ("fulltime_work", "parttime_work", "own_business")

#: Comparability kinds, from least to most like a local cohort.
COMPARABILITY = ("rough", "benchmark", "cohort")

#: Kinds a difference may be stated for.
LIKE_WITH_LIKE = frozenset({"cohort", "benchmark"})

#: The KplusV "Integratieroutes" comparison: local status(es) per national route.
ROUTE_COMPARISON = {
    "integration_route_direct_work": ("left_work",),
    "integration_route_via_education": None,
    "integration_route_activation": None,
    "integration_route_social_participation": None,
    "integration_route_no_support_yet": ("known_not_picked_up", "not_known"),
}


def validate_reference(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Check a national reference table and return it typed.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as read (text cells).
    file : str
        Its name, for error messages.

    Returns
    -------
    pandas.DataFrame
        ``value`` and ``years_since_permit`` as floats, the rest as text.

    Raises
    ------
    InputError
        On a missing column, an empty source, a value that is not a
        percentage, or an unknown comparability kind; the message names the
        file, the column and the rows (numbered as in the file, header = 1).
    """
    missing = [c for c in REFERENCE_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(file, "the reference table lacks a column", column=missing[0],
                         expected=f"the columns {', '.join(REFERENCE_COLUMNS)}")
    out = frame[list(REFERENCE_COLUMNS)].copy()
    rows = pd.Series(np.arange(len(out)) + 2, index=out.index)

    def fail(mask: pd.Series, column: str, problem: str, expected: str) -> None:
        if mask.any():
            raise InputError(file, problem, column=column, rows=rows[mask].tolist(),
                             n_rows=int(mask.sum()), expected=expected)

    for column in ("indicator", "source", "reference_period", "population"):
        blank = out[column].isna() | (out[column].astype(str).str.strip() == "")
        fail(blank, column, "a reference figure without its " + column.replace("_", " "),
             "a non-empty text")
    value = pd.to_numeric(out["value"], errors="coerce")
    fail(value.isna() | (value < 0) | ((out["unit"] == "percent") & (value > 100)), "value",
         "not a percentage", "a number from 0 to 100")
    fail(out["unit"] != "percent", "unit", "unknown unit", "percent")
    fail(~out["comparability"].isin(COMPARABILITY), "comparability", "unknown comparability kind",
         f"one of {', '.join(COMPARABILITY)}")
    years = pd.to_numeric(out["years_since_permit"], errors="coerce")
    fail(out["years_since_permit"].notna() & (years.isna() | (years < 0)), "years_since_permit",
         "not a number of years", "a number of years, or empty")
    out["value"] = value.astype(float)
    out["years_since_permit"] = years.astype(float)
    out.index = pd.RangeIndex(2, len(out) + 2, name="row")  # file line numbers, for citing
    return out


def read_reference(path, shown_as: str | None = None) -> pd.DataFrame:
    """Read and validate a national reference table (``data/external/national_reference.csv``).

    Raises
    ------
    InputError
        When the file is missing or a row breaks the table's contract (``validate_reference``).
    """
    from pathlib import Path

    return validate_reference(io.read_strings(path, shown_as), shown_as or Path(path).name)


def reference_value(reference: pd.DataFrame, indicator: str,
                    period: str | None = None) -> pd.Series:
    """The one reference row of an indicator (and period, when it has several).

    Raises
    ------
    KeyError
        When no row or more than one row matches.
    """
    rows = reference[reference["indicator"] == indicator]
    if period is not None:
        rows = rows[rows["reference_period"].astype(str) == str(period)]
    if len(rows) != 1:
        periods = ", ".join(sorted(reference.loc[reference["indicator"] == indicator,
                                                 "reference_period"].astype(str)))
        raise KeyError(f"national figure '{indicator}'"
                       + (f" for {period}" if period else "")
                       + (f" is not unique (periods: {periods})" if len(rows) > 1 else
                          " is not in the reference table"))
    return rows.iloc[0]


def wilson_interval(count, nobs, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion (statsmodels, method named: its default is "normal")."""
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(np.asarray(count), np.asarray(nobs), alpha=alpha,
                                   method="wilson")
    return low, high


def status_share(clients: pd.DataFrame, reference_date: date, statuses: tuple[str, ...]
                 ) -> tuple[int, int]:
    """People with one of ``statuses`` at the reference date, and the whole file."""
    status = status_at(clients, reference_date)
    return int(status.isin(statuses).sum()), int(len(status))


def route_comparison(clients: pd.DataFrame, reference_date: date, reference: pd.DataFrame,
                     period: str = "2019") -> pd.DataFrame:
    """KplusV's "Integratieroutes" comparison: local status shares beside the KIS monitor routes.

    Only two routes have a local counterpart (direct to work: left for work;
    no support yet: known but not picked up plus not known); the others are
    listed as not comparable, as KplusV did.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator``, ``reference_row`` (line in the reference file),
        ``national``, ``count``, ``people``, ``local``, ``lower``, ``upper``
        (Wilson 95%), ``comparability``, ``source``.
    """
    rows = []
    for indicator, statuses in ROUTE_COMPARISON.items():
        national = reference_value(reference, indicator, period)
        row = {"indicator": indicator, "reference_row": int(national.name),
               "national": national["value"] / 100,
               "comparability": national["comparability"], "source": national["source"]}
        if statuses is None:
            row.update(count=None, people=None, local=None, lower=None, upper=None)
        else:
            count, people = status_share(clients, reference_date, statuses)
            low, high = wilson_interval(count, people)
            row.update(count=count, people=people, local=count / people, lower=float(low),
                       upper=float(high))
        rows.append(row)
    columns = ["indicator", "reference_row", "national", "count", "people", "local", "lower",
               "upper", "comparability", "source"]
    return pd.DataFrame(rows, columns=columns)


#: The period of the KIS monitor's integration routes, and how many years a rough snapshot may
#: lie from the peildatum before comparing the two says more about time than about the approach.
ROUTE_PERIOD = "2019"
ROUGH_MAX_YEARS = 2


def years_apart(period: str, reference_date: date) -> int:
    """Whole years between a reference period (``"2019"``, ``"2019-12"``) and the peildatum."""
    return abs(reference_date.year - int(str(period)[:4]))


def distribution_sum(reference: pd.DataFrame, indicators: list[str], period: str) -> float:
    """Sum of a reference distribution in percent (KIS 2019 routes: 112, not 100)."""
    return float(sum(reference_value(reference, i, period)["value"] for i in indicators))


_COHORT = re.compile(r"permit cohort (\d{4})")


def cohort_year(population: str) -> int | None:
    """The permit year of a cohort population (``"permit cohort 2014 aged 18-65 ..."`` -> 2014)."""
    match = _COHORT.search(str(population))
    return int(match.group(1)) if match else None


def state_date(row: pd.Series) -> pd.Timestamp | None:
    """The calendar date a Divosa benchmark figure describes (``2019-12`` -> 31-12-2019)."""
    period = str(row["reference_period"])
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return pd.Period(period, freq="M").to_timestamp(how="end").normalize()
    return None


def origin_dates(clients: pd.DataFrame) -> tuple[pd.Series, int]:
    """Permit date per person, the housing date where the permit date is missing.

    Returns
    -------
    dates, replaced : pandas.Series, int
        The dates and how many came from the housing date.
    """
    permit = clients["permit_date"] if "permit_date" in clients else pd.Series(
        pd.NaT, index=clients.index)
    replaced = permit.isna() & clients["housing_date"].notna()
    return permit.fillna(clients["housing_date"]), int(replaced.sum())


def in_work_at(clients: pd.DataFrame, when: pd.Series) -> pd.Series:
    """True for people who had left benefits for work by ``when`` and not returned by then."""
    work = clients["outflow_reason"].isin(WORK_REASONS)
    left = (clients["outflow_date"] <= when).fillna(False).astype(bool)
    back = (clients["return_to_benefit_date"] <= when).fillna(False).astype(bool) \
        if "return_to_benefit_date" in clients else False
    return work & left & ~back


def share_in_work(clients: pd.DataFrame, reference_date: date, *, years: float | None = None,
                  on: pd.Timestamp | None = None, cohort: int | None = None) -> dict:
    """Local share in work at ``years`` since permit, or on a calendar date, for one cohort.

    Only people whose moment of measurement lies on or before the reference
    date count (the others have not got there yet); people who moved away
    before it are left out (their state is unknown).

    Returns
    -------
    dict
        ``count``, ``people``, ``share``, ``lower``, ``upper`` (Wilson 95%), and
        ``housing_dates``: how many of the people were placed by their housing
        date because the permit date was missing.
    """
    origin, _ = origin_dates(clients)
    permit_known = clients["permit_date"].notna() if "permit_date" in clients else pd.Series(
        False, index=clients.index)
    keep = origin.notna()
    if cohort is not None:
        keep &= origin.dt.year == cohort
    when = (origin + pd.DateOffset(days=round(years * 365.25)) if years is not None
            else pd.Series(on, index=clients.index))
    keep &= when <= pd.Timestamp(reference_date)
    keep &= ~((clients["outflow_reason"] == "moved") & (clients["outflow_date"] <= when)).fillna(
        False).astype(bool)
    people = int(keep.sum())
    count = int(in_work_at(clients[keep], when[keep]).sum())
    housing = int((keep & ~permit_known).sum())
    if people == 0:
        return {"count": 0, "people": 0, "share": None, "lower": None, "upper": None,
                "housing_dates": 0}
    low, high = wilson_interval(count, people)
    return {"count": count, "people": people, "share": count / people, "lower": float(low),
            "upper": float(high), "housing_dates": housing}


def like_with_like(clients: pd.DataFrame, reference_date: date, reference: pd.DataFrame,
                   threshold: int) -> pd.DataFrame:
    """Local share in work against every national cohort or benchmark figure it can meet.

    A CBS figure at k years since permit for cohort C is met by the local
    people of cohort C at k years (``match`` = ``same_cohort``), or, when
    that cohort has fewer than ``threshold`` people who got to k, by all
    local cohorts at k (``other_cohorts``). A Divosa figure for cohort C on a
    date is met by local cohort C on that date. Figures the local data
    cannot reach (k too far, date after the reference date) are left out. A
    difference is stated only where the local group is the same cohort, placed
    by real permit dates (``stated_difference``).

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``indicator``, ``reference_row``, ``population``,
        ``reference_period``,
        ``years``, ``cohort``, ``match``, ``national``, ``count``, ``people``,
        ``local``, ``lower``, ``upper``, ``difference``, ``comparability``, ``source``.
    """
    rows = []
    candidates = reference[(reference["indicator"] == "employed")
                           & reference["comparability"].isin(LIKE_WITH_LIKE)]
    for line, ref_row in candidates.iterrows():
        cohort = cohort_year(ref_row["population"])
        years = ref_row["years_since_permit"]
        on = state_date(ref_row)
        if cohort is None or (pd.isna(years) and on is None):
            continue
        kwargs = {"years": float(years)} if pd.notna(years) else {"on": on}
        local, match = share_in_work(clients, reference_date, cohort=cohort, **kwargs), "same_cohort"
        if local["people"] < threshold and pd.notna(years):
            local, match = share_in_work(clients, reference_date, **kwargs), "other_cohorts"
        if local["people"] < threshold:
            continue
        national = ref_row["value"] / 100
        rows.append({"indicator": ref_row["indicator"], "reference_row": int(line),
                     "population": ref_row["population"],
                     "reference_period": ref_row["reference_period"],
                     "years": None if pd.isna(years) else float(years), "cohort": cohort,
                     "match": match, "national": national, **{
                         k: local[k] for k in ("count", "people")},
                     "local": local["share"], "lower": local["lower"], "upper": local["upper"],
                     "difference": stated_difference(national, local, match),
                     "comparability": ref_row["comparability"], "source": ref_row["source"]})
    columns = ["indicator", "reference_row", "population", "reference_period", "years", "cohort",
               "match",
               "national", "count", "people", "local", "lower", "upper", "difference",
               "comparability", "source"]
    return pd.DataFrame(rows, columns=columns)


def stated_difference(national: float, local: dict, match: str) -> str:
    """The difference a cohort row may state: none for another cohort or for housing dates.

    Only a local group of the same permit year, placed by its permit dates,
    is like the national cohort. Otherwise the row says why no difference is
    stated: ``other_cohorts`` (all local permit years stand in) or
    ``housing_date`` (the housing date stands in for a missing permit date).
    """
    if match != "same_cohort":
        return "not_stated_other_cohorts"
    if local.get("housing_dates", 0) > 0:
        return "not_stated_housing_date"
    return difference(national, local["lower"], local["upper"])


def difference(national: float, lower: float, upper: float) -> str:
    """Whether the local share differs from a national register figure beyond chance.

    The national figure is a register count (no sampling error of its own),
    so the local 95% interval is compared with it: ``higher``, ``lower`` or
    ``no_clear_difference``.
    """
    if lower > national:
        return "higher"
    if upper < national:
        return "lower"
    return "no_clear_difference"


def indirect_standardisation(local: pd.DataFrame, national: pd.Series,
                             alpha: float = 0.05) -> dict:
    """Observed over expected with national rates per stratum, and an exact Poisson interval.

    Parameters
    ----------
    local : pandas.DataFrame
        One row per stratum, indexed by stratum: ``people`` and ``observed``.
    national : pandas.Series
        National rate (0-1) per stratum.
    alpha : float
        1 - confidence level.

    Returns
    -------
    dict
        ``observed``, ``expected`` (E = sum n_k p_k), ``ratio`` (O/E),
        ``lower``, ``upper`` ([chi2(a/2, 2O)/2, chi2(1-a/2, 2O+2)/2] / E),
        ``people`` and ``strata`` used; strata without a national rate are
        left out and counted in ``people_left_out``.
    """
    from scipy.stats import chi2

    used = local.index.intersection(national.index)
    left_out = int(local.drop(index=used)["people"].sum())
    people = local.loc[used, "people"].astype(float)
    observed = int(local.loc[used, "observed"].sum())
    expected = float((people * national.loc[used].astype(float)).sum())
    if expected <= 0:
        raise ValueError("no expected events: no stratum has both people and a national rate")
    low = chi2.ppf(alpha / 2, 2 * observed) / 2 if observed > 0 else 0.0
    high = chi2.ppf(1 - alpha / 2, 2 * observed + 2) / 2
    return {"observed": observed, "expected": expected, "ratio": observed / expected,
            "lower": float(low) / expected, "upper": float(high) / expected,
            "people": int(people.sum()), "strata": len(used), "people_left_out": left_out}


def origin_strata(clients: pd.DataFrame, reference_date: date, years: float) -> pd.DataFrame:
    """People and observed in work at ``years`` since permit, per country of origin."""
    origin, _ = origin_dates(clients)
    when = origin + pd.DateOffset(days=round(years * 365.25))
    keep = origin.notna() & (when <= pd.Timestamp(reference_date))
    frame = pd.DataFrame({"stratum": clients.loc[keep, "country_of_origin"].fillna("unknown"),
                          "observed": in_work_at(clients[keep], when[keep]).astype(int)})
    grouped = frame.groupby("stratum").agg(people=("observed", "size"),
                                           observed=("observed", "sum"))
    return grouped.sort_index()


def national_origin_rates(reference: pd.DataFrame, years: float) -> pd.Series:
    """National rates in work per country of origin at ``years`` (``employed_<country>`` rows)."""
    rows = origin_rate_rows(reference, years)
    countries = rows["indicator"].str.removeprefix("employed_").str.title()
    return pd.Series((rows["value"] / 100).to_numpy(), index=countries.to_numpy(),
                     name="rate").sort_index()


def funnel(clients: pd.DataFrame, reference_date: date, threshold: int,
           statuses: tuple[str, ...] = ("left_work",)) -> tuple[pd.DataFrame, float]:
    """Share per municipality with funnel limits around the pooled share.

    Limits are p0 +/- z sqrt(p0 (1 - p0) / n) at z = 1.96 (95%) and 3.09
    (99.8%). Municipalities with fewer than ``threshold`` people are left
    out (their share would describe too few people).

    Returns
    -------
    table, p0 : pandas.DataFrame, float
        Per municipality: ``municipality_code``, ``people``, ``count``,
        ``share``, ``lower``, ``upper`` (Wilson), the four limits and
        ``position`` (``within``, ``above_95``, ``above_998``, ``below_95``,
        ``below_998``); and the pooled share of the municipalities shown.
    """
    status = status_at(clients, reference_date)
    frame = pd.DataFrame({"municipality_code": clients["municipality_code"],
                          "hit": status.isin(statuses)})
    table = frame.groupby("municipality_code").agg(people=("hit", "size"), count=("hit", "sum"))
    table = table[table["people"] >= threshold].reset_index()
    p0 = float(table["count"].sum() / table["people"].sum())
    table["share"] = table["count"] / table["people"]
    low, high = wilson_interval(table["count"], table["people"])
    table["lower"], table["upper"] = low, high
    for name, z in (("95", 1.96), ("998", 3.09)):
        spread = z * np.sqrt(p0 * (1 - p0) / table["people"])
        table[f"limit_low_{name}"] = p0 - spread
        table[f"limit_high_{name}"] = p0 + spread
    table["position"] = np.select(
        [table["share"] > table["limit_high_998"], table["share"] > table["limit_high_95"],
         table["share"] < table["limit_low_998"], table["share"] < table["limit_low_95"]],
        ["above_998", "above_95", "below_998", "below_95"], default="within")
    return table.sort_values("municipality_code", kind="mergesort").reset_index(drop=True), p0


def strata_years(reference: pd.DataFrame) -> list[float]:
    """Years since permit for which national rates per country of origin exist."""
    rows = origin_rate_rows(reference)
    return sorted(set(rows["years_since_permit"].dropna().astype(float)))


def origin_rate_rows(reference: pd.DataFrame, years: float | None = None) -> pd.DataFrame:
    """The reference rows of national rates per country of origin (at ``years``, if given)."""
    rows = reference[reference["indicator"].str.startswith("employed_")
                     & (reference["comparability"] == "cohort")]
    return rows if years is None else rows[rows["years_since_permit"] == years]


def cited(reference: pd.DataFrame, rows: list[int]) -> pd.DataFrame:
    """The reference rows a report used (by file line), in file order, for the sources table.

    Returns
    -------
    pandas.DataFrame
        Columns ``row`` (line in the file), ``indicator``, ``population``,
        ``reference_period``, ``years_since_permit``, ``value``,
        ``comparability``, ``source``.
    """
    used = reference.loc[sorted(set(rows))]
    return used[["indicator", "population", "reference_period", "years_since_permit", "value",
                 "comparability", "source"]].reset_index()
