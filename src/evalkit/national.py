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
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from evalkit import io
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


def status_share(status: pd.Series, statuses: tuple[str, ...]) -> tuple[int, int]:
    """People with one of ``statuses`` at the reference date (``facts`` status), and everyone."""
    return int(status.isin(statuses).sum()), int(len(status))


def route_comparison(status: pd.Series, reference: pd.DataFrame,
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
            count, people = status_share(status, statuses)
            low, high = wilson_interval(count, people)
            row.update(count=count, people=people, local=count / people, lower=float(low),
                       upper=float(high))
        rows.append(row)
    columns = ["indicator", "reference_row", "national", "count", "people", "local", "lower",
               "upper", "comparability", "source"]
    return pd.DataFrame(rows, columns=columns)


def route_members(routes: pd.DataFrame, status: pd.Series) -> dict:
    """The people behind ``route_comparison``'s ``count`` and ``people``, by indicator."""
    out = {}
    for indicator in routes["indicator"]:
        statuses = ROUTE_COMPARISON[indicator]
        if statuses is not None:
            out[(indicator, "count")] = status.index[status.isin(statuses).to_numpy()]
            out[(indicator, "people")] = status.index
    return out


#: The period of the KIS monitor's integration routes, and how many years a rough snapshot may
#: lie from the peildatum before comparing the two says more about time than about the approach.
ROUTE_PERIOD = "2019"
ROUGH_MAX_YEARS = 2


def routes_to_compare(status: pd.Series, reference: pd.DataFrame, reference_date: date
                      ) -> tuple[pd.DataFrame, int | None]:
    """The route comparison, or none when the KIS snapshot lies too far from the peildatum.

    Returns
    -------
    routes, years : pandas.DataFrame, int or None
        ``route_comparison``'s table (empty when too far) and, when it was
        left out, how many years lie between the snapshot and the peildatum.
    """
    routes = route_comparison(status, reference, ROUTE_PERIOD)
    gap = years_apart(ROUTE_PERIOD, reference_date)
    # a snapshot of another year compares years, not approaches
    return (routes.iloc[:0], gap) if gap > ROUGH_MAX_YEARS else (routes, None)


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
    keep, working = _measured(clients, reference_date, years=years, on=on, cohort=cohort)
    permit_known = clients["permit_date"].notna() if "permit_date" in clients else pd.Series(
        False, index=clients.index)
    people = int(keep.sum())
    count = int(working.sum())
    housing = int((keep & ~permit_known).sum())
    if people == 0:
        return {"count": 0, "people": 0, "share": None, "lower": None, "upper": None,
                "housing_dates": 0}
    low, high = wilson_interval(count, people)
    return {"count": count, "people": people, "share": count / people, "lower": float(low),
            "upper": float(high), "housing_dates": housing}


def _measured(clients: pd.DataFrame, reference_date: date, *, years: float | None = None,
              on: pd.Timestamp | None = None, cohort: int | None = None
              ) -> tuple[pd.Series, pd.Series]:
    """Who is measured for ``share_in_work`` (``keep``), and who of them is in work then."""
    origin, _ = origin_dates(clients)
    keep = origin.notna()
    if cohort is not None:
        keep &= origin.dt.year == cohort
    when = (origin + pd.DateOffset(days=round(years * 365.25)) if years is not None
            else pd.Series(on, index=clients.index))
    keep &= when <= pd.Timestamp(reference_date)
    keep &= ~((clients["outflow_reason"] == "moved") & (clients["outflow_date"] <= when)).fillna(
        False).astype(bool)
    working = pd.Series(False, index=clients.index)
    working[keep] = in_work_at(clients[keep], when[keep]).astype(bool).to_numpy()
    return keep.astype(bool), working.astype(bool)


def cohort_members(table: pd.DataFrame, clients: pd.DataFrame, reference_date: date) -> dict:
    """The people behind each row of ``like_with_like`` (``count``, ``people``), by position."""
    out = {}
    for position, row in enumerate(table.itertuples(index=False)):
        when = ({"years": float(row.years)} if pd.notna(row.years)
                else {"on": state_date(pd.Series({"reference_period": row.reference_period}))})
        cohort = row.cohort if row.match == "same_cohort" else None
        keep, working = _measured(clients, reference_date, cohort=cohort, **when)
        out[(position, "people")] = clients.index[keep.to_numpy()]
        out[(position, "count")] = clients.index[working.to_numpy()]
    return out


def moments(cohorts: pd.DataFrame, lang: str) -> list[str]:
    """When each cohort row is measured, in words: "2.5 years after the permit" or "on 31-12-2019"."""
    from evalkit import labels

    return [labels.t("bm.years_after", lang, years=labels.format_number(y, 1, lang))
            if pd.notna(y) else labels.t("bm.on_date", lang, date=p)
            for y, p in zip(cohorts["years"], cohorts["reference_period"], strict=True)]


def comparison_figure(routes: pd.DataFrame, routes_written: pd.DataFrame, cohorts: pd.DataFrame,
                      cohorts_written: pd.DataFrame, lang: str):
    """The figure of the local shares beside their national figures, drawn after both tables
    are published; None when neither table shows a local share.

    Only the local shares the published tables show are drawn (``shown_rows``): a share left
    out beside a hidden count (``Publisher.values``' ``tied``) would give the count back as a
    dot and its interval.

    Parameters
    ----------
    routes, cohorts : pandas.DataFrame
        ``routes_to_compare``'s and ``like_with_like``'s tables, with numbers.
    routes_written, cohorts_written : pandas.DataFrame
        The same tables as published, in the same order.
    """
    from evalkit import figures, labels

    points = comparison_points(shown_rows(routes_written, routes, "local"),
                               shown_rows(cohorts_written, cohorts, "local"), lang)
    if not points:
        return None
    return figures.comparison_dots(points, lang=lang, xlabel=labels.t("axis.share", lang),
                                   local_label=labels.t("bm.local", lang),
                                   national_label=labels.t("bm.national", lang),
                                   rough_label=labels.t("bm.rough", lang))


def comparison_points(routes: pd.DataFrame, cohorts: pd.DataFrame, lang: str) -> list[tuple]:
    """The dots of the comparison figure: the direct routes, then every cohort row.

    Each is ``(label, local, lower, upper, national, rough)``.
    """
    from evalkit import labels

    direct = routes[routes["local"].notna()]
    dots = [(labels.code_label("route", r.indicator, lang), r.local, r.lower, r.upper,
             r.national, True) for r in direct.itertuples()]
    when = moments(cohorts, lang) if not cohorts.empty else []
    dots += [(labels.t("bm.cohort_row", lang, cohort=r.cohort, when=w), r.local, r.lower,
              r.upper, r.national, False) for r, w in zip(cohorts.itertuples(), when, strict=True)]
    return dots


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


def strata_members(clients: pd.DataFrame, reference_date: date, years: float,
                   strata: list[str]) -> dict:
    """The people behind ``origin_strata``'s ``people`` and ``observed``, for the given strata.

    Also keyed ``(0, ...)``: everyone of those strata together, the one row of
    the standardisation's summary table.
    """
    origin, _ = origin_dates(clients)
    when = origin + pd.DateOffset(days=round(years * 365.25))
    keep = (origin.notna() & (when <= pd.Timestamp(reference_date))).to_numpy()
    stratum = clients["country_of_origin"].fillna("unknown").where(keep)
    working = pd.Series(False, index=clients.index)
    working[keep] = in_work_at(clients[keep], when[keep]).astype(bool).to_numpy()
    out = {}
    for name in strata:
        mine = (stratum == name).fillna(False).to_numpy(dtype=bool)
        out[(name, "people")] = clients.index[mine]
        out[(name, "observed")] = clients.index[mine & working.to_numpy()]
    used = stratum.isin(strata).fillna(False).to_numpy(dtype=bool)
    out[(0, "people")] = clients.index[used]
    out[(0, "observed")] = clients.index[used & working.to_numpy()]
    return out


def national_origin_rates(reference: pd.DataFrame, years: float) -> pd.Series:
    """National rates in work per country of origin at ``years`` (``employed_<country>`` rows)."""
    rows = origin_rate_rows(reference, years)
    countries = rows["indicator"].str.removeprefix("employed_").str.title()
    return pd.Series((rows["value"] / 100).to_numpy(), index=countries.to_numpy(),
                     name="rate").sort_index()


def funnel(clients: pd.DataFrame, status: pd.Series, threshold: int,
           statuses: tuple[str, ...] = ("left_work",)) -> tuple[pd.DataFrame, float]:
    """Share per municipality with funnel limits around the pooled share.

    Limits are p0 +/- z sqrt(p0 (1 - p0) / n) at z = 1.96 (95%) and 3.09
    (99.8%), around the share of the whole file, p0. Municipalities with
    fewer than ``threshold`` people are left out (their share would describe
    too few people), but not of p0: the share of the municipalities that
    remain would be a total the other tables do not publish, and with the
    people shown it would give the left-out municipalities' count back; the
    whole file's share is the cohort chapter's own.

    Returns
    -------
    table, p0 : pandas.DataFrame, float
        Per municipality: ``municipality_code``, ``people``, ``count``,
        ``share``, ``lower``, ``upper`` (Wilson), the four limits and
        ``position`` (``within``, ``above_95``, ``above_998``, ``below_95``,
        ``below_998``); and the share of the whole file.
    """
    frame = pd.DataFrame({"municipality_code": clients["municipality_code"],
                          "hit": status.isin(statuses)})
    table = frame.groupby("municipality_code").agg(people=("hit", "size"), count=("hit", "sum"))
    p0 = float(frame["hit"].mean()) if len(frame) else np.nan
    return funnel_limits(table[table["people"] >= threshold].reset_index(), p0)


def funnel_limits(table: pd.DataFrame, p0: float | None = None) -> tuple[pd.DataFrame, float]:
    """Funnel limits around a share ``p0`` (as ``funnel``).

    Parameters
    ----------
    table : pandas.DataFrame
        ``municipality_code``, ``people`` and ``count``, one row per municipality shown.
    p0 : float, optional
        The share the funnel is centred on; by default the pooled share of the table's
        municipalities.

    Returns
    -------
    table, p0 : pandas.DataFrame, float
        As ``funnel``.
    """
    table = table.copy()
    if p0 is None:
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


def funnel_figure(table: pd.DataFrame, written: pd.DataFrame, p0: float, lang: str):
    """The funnel plot of ``funnel``'s table, drawn after the table is published; None without
    a municipality of at least the threshold (nothing to draw limits for).

    Only the shares the published table shows are drawn (``shown_rows``); the
    limits span the sizes of every municipality in the table.
    """
    from evalkit import figures, labels

    if table.empty:
        return None
    drawn = shown_rows(written, table, "share")
    return figures.funnel_plot(
        drawn["people"], drawn["share"], p0, lang=lang, xlabel=labels.t("axis.people", lang),
        ylabel=labels.t("axis.share_left_work", lang),
        labels=list(drawn["name"].fillna(drawn["municipality_code"])),
        mean_label=labels.t("bm.mean", lang),
        limit_labels=(labels.t("bm.limit_95", lang), labels.t("bm.limit_998", lang)),
        span=table["people"])


def shown_rows(written: pd.DataFrame, table: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of ``table`` whose ``column`` the published table shows: what a figure may draw.

    A share left out beside a hidden count (``Publisher.values``' ``tied``) is not
    drawn either: its point would give the count back (share times people).

    Parameters
    ----------
    written : pandas.DataFrame
        The table as published (``Publisher.values``), in ``table``'s order.
    table : pandas.DataFrame
        The same table, with numbers.
    column : str
        The share the figure draws (``share`` in the funnel, ``local`` in the comparison).
    """
    if table.empty or column not in written:
        return table.iloc[:0]
    return table[written[column].ne("").to_numpy()].reset_index(drop=True)


def funnel_members(table: pd.DataFrame, clients: pd.DataFrame, status: pd.Series,
                   statuses: tuple[str, ...] = ("left_work",)) -> dict:
    """The people behind ``funnel``'s ``people`` and ``count``, by municipality code."""
    out = {}
    for code in table["municipality_code"]:
        mine = (clients["municipality_code"] == code).fillna(False).to_numpy(dtype=bool)
        out[(code, "people")] = clients.index[mine]
        out[(code, "count")] = clients.index[mine & status.isin(statuses).to_numpy()]
    return out


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


@dataclass(frozen=True)
class Standardisation:
    """The indirect standardisation at one time since permit: strata, result, sources, people."""

    years: float
    strata: pd.DataFrame
    result: pd.DataFrame
    reference_rows: list[int]
    sources: str
    members: dict


def standardisations(clients: pd.DataFrame, reference_date: date, reference: pd.DataFrame,
                     threshold: int) -> list[Standardisation]:
    """Observed over expected in work by country of origin, at every time the national rates have.

    A stratum is shown when it has a national rate and at least ``threshold``
    people; a time with no such stratum is left out.
    """
    found = []
    for years in strata_years(reference):
        rates = national_origin_rates(reference, years)
        all_strata = origin_strata(clients, reference_date, years)
        strata = all_strata[all_strata.index.isin(rates.index)
                            & (all_strata["people"] >= threshold)]
        if strata.empty:
            continue
        rows = origin_rate_rows(reference, years)
        result = indirect_standardisation(all_strata, rates.loc[strata.index])
        detail = strata.assign(rate=rates.loc[strata.index],
                               expected=strata["people"] * rates.loc[strata.index]).reset_index()
        found.append(Standardisation(
            years, detail, pd.DataFrame([result]), list(rows.index),
            "; ".join(dict.fromkeys(rows["source"])),
            strata_members(clients, reference_date, years, list(strata.index))))
    return found


# ------------------------------------------------------------------ for the stage notebook


def routes_note(years: int | None, reference_date: date, lang: str) -> str | None:
    """Why the route comparison is left out (its snapshot lies too far from the peildatum)."""
    from evalkit import labels

    if years is None:
        return None
    return labels.t("bm.routes_too_far", lang, period=ROUTE_PERIOD, years=years,
                    reference_date=labels.format_date(reference_date, lang))


def routes_sum_note(reference: pd.DataFrame, lang: str) -> str:
    """The note under the route table: whether the national routes add up to 100%."""
    from evalkit import labels

    total = distribution_sum(reference, list(ROUTE_COMPARISON), ROUTE_PERIOD)
    if round(total) != 100:
        return labels.t("bm.routes_note", lang, total=labels.format_number(total, 0, lang))
    return labels.t("bm.routes_sum_ok", lang)


def replaced_note(clients: pd.DataFrame, lang: str) -> str:
    """How many people were placed by their housing date for want of a permit date ("" when none)."""
    from evalkit import labels
    from evalkit.schema import column_state

    _, replaced = origin_dates(clients)
    if not replaced:
        return ""
    return labels.t("bm.replaced_all" if column_state(clients, "permit_date") else "bm.replaced",
                    lang, n=replaced)


def standardisation_tables(found: Standardisation, source: str, lang: str) -> list[dict]:
    """How the two tables of one standardisation are published (``Publisher.values`` arguments).

    The strata's observed counts add up to the summary's: one hidden stratum gets a second
    (``summed``), or the summary would give it back.
    """
    from evalkit import labels

    years = labels.format_number(found.years, 1, lang)
    suffix = f"{found.years:g}".replace(".", "_")
    sources = labels.t("report.sources_two", lang, first=source, second=found.sources)
    strata = dict(
        frame=found.strata, name=f"bm_standardised_strata_{suffix}",
        caption=labels.t("bm.standardised_strata", lang, years=years),
        kinds={"rate": "share", "expected": "number"}, counts=("people", "observed"),
        summed=("people", "observed"), key="stratum", members=found.members,
        codes={"stratum": "country_of_origin"},
        headers={"stratum": "col.country_of_origin", "people": "col.people",
                 "observed": "col.observed", "rate": "col.rate", "expected": "col.expected"},
        source=sources)
    summary = dict(
        frame=found.result, name=f"bm_standardised_{suffix}",
        caption=labels.t("bm.standardised", lang, years=years),
        kinds={"expected": "number", "ratio": "ratio", "lower": "ratio", "upper": "ratio"},
        counts=("observed", "people"), members=found.members,
        # observed / expected with the expected shown would give a hidden observed count back
        tied=("ratio", "lower", "upper"), hidden=("ratio", "lower", "upper", "people_left_out"),
        intervals={"ratio_shown": ("ratio", "lower", "upper", "ratio")},
        headers={"observed": "col.observed", "expected": "col.expected", "people": "col.people",
                 "strata": "col.strata", "ratio_shown": "col.ratio"},
        source=sources, note=labels.t("bm.standardised_note", lang,
                                      left_out=int(found.result["people_left_out"].iloc[0])))
    return [strata, summary]


#: How the funnel table writes its shares, and which of them it shows only inside the interval.
FUNNEL_SHARES = ("share", "lower", "upper", "limit_low_95", "limit_high_95", "limit_low_998",
                 "limit_high_998")
