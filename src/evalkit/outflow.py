"""Who left benefits, why, how fast, and through which route.

Counting (reasons, yearly caseload flows, interventions, mediation) and the
survival measures built on ``evalkit.survival`` (time to outflow, waiting
times, subgroups). Functions take the processed clients and plain values and
return DataFrames of counts or estimates; disclosure control happens when a
stage publishes them.
"""

from __future__ import annotations

from datetime import date

from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalkit import disclosure, survival

#: Reason groups of KplusV Tabel 4, in order.
TABEL4_ORDER = ("fulltime_work", "parttime_work", "education", "other")
#: The steps of the route through the programme, each timed from the one before.
WAIT_STEPS = (
    ("housing_date", "known_to_team_date"),
    ("known_to_team_date", "intake_date"),
    ("intake_date", "pre_trajectory_start"),
    ("pre_trajectory_start", "follow_trajectory_start"),
)
#: The whole wait from housing to the intake, shown before its steps.
WAIT_TOTAL = ("housing_date", "intake_date")
WAIT_TOTAL_STEP = "housing_date__intake_date"
WORK_MONTHS = (6, 12, 24, 36)


def tabel4_group(reasons: pd.Series) -> pd.Series:
    """Outflow reasons grouped as in KplusV Tabel 4: full-time, part-time, education, other."""
    return reasons.where(reasons.isin(TABEL4_ORDER[:3]), "other")


def reasons_in_period(clients: pd.DataFrame, start: date, end: date) -> pd.Series:
    """The Tabel 4 group of everyone who left benefits between ``start`` and ``end`` (inclusive)."""
    left = (clients["outflow_date"] >= pd.Timestamp(start)) & (
        clients["outflow_date"] <= pd.Timestamp(end))
    return tabel4_group(clients.loc[left.fillna(False), "outflow_reason"])


# --------------------------------------------------------------------------- caseload flows


#: The two caseloads (bestanden) a flow table can follow: the programme's, from intake to exit
#: (KplusV 4.4.3), and the benefit's, from the start of bijstand to exit.
CASELOADS = {"programme": "intake_date", "benefit": "benefit_start_date"}


def exits_before_start(clients: pd.DataFrame, caseload: str = "programme") -> pd.Series:
    """True for people whose benefit ended before they entered the caseload (exit before intake).

    Such a person was never in the programme while on benefits: they belong to
    the benefit caseload only.
    """
    start = clients[CASELOADS[caseload]]
    return (clients["outflow_date"] < start).fillna(False).astype(bool)


def reasons_period(clients: pd.DataFrame, programme_start: date | None,
                   end: date) -> tuple[date, date]:
    """The period of the outflow-reasons table: from the programme's start (or the first
    outflow in the file) to ``end`` (``RunConfig.reasons_end``).

    A programme that starts after ``end`` (a baseline, nulmeting, or an as-of run from
    before the start) has no period of its own yet: the period is then the file's, from its
    first outflow; a file without any outflow has the one day ``end``.
    """
    first = clients["outflow_date"].min()
    first = first.date() if pd.notna(first) else end
    start = programme_start if programme_start is not None and programme_start <= end else first
    return min(start, end), end


#: Column headers of a caseload-flow table.
FLOW_HEADERS = {"year": "col.year", "carried_in": "col.carried_in", "new": "col.new",
                "total": "col.total_supported", "outflow": "col.outflow",
                "remaining": "col.remaining"}


def caseload_flows(clients: pd.DataFrame, first_year: int, reference_date: date,
                   caseload: str = "programme") -> pd.DataFrame:
    """The caseload per calendar year: carried in, new, outflow and remaining.

    ``caseload="programme"`` follows people from their intake to their exit,
    as KplusV's table in 4.4.3; ``"benefit"`` from the start of bijstand to
    the exit. A person whose exit lies before the start of the caseload (an
    exit before the intake) is not in it. Carried in: started before the year
    and still on benefits at its start. New: started in the year. Outflow:
    left benefits in the year. Remaining: carried in + new - outflow, also
    counted directly from the dates (``remaining_counted``). With one entry and
    at most one exit per person the two always agree; ``check_flows`` raises
    when they do not. The last year runs to the reference date.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``carried_in``, ``new``, ``total``, ``outflow``,
        ``remaining``, ``remaining_counted``, ``adds_up``.
    """
    rows = []
    for year, masks in _flow_masks(clients, first_year, reference_date, caseload).items():
        carried, new = int(masks["carried_in"].sum()), int(masks["new"].sum())
        left = int(masks["outflow"].sum())
        remaining = carried + new - left
        counted = int(masks["remaining"].sum())
        rows.append({"year": year, "carried_in": carried, "new": new, "total": carried + new,
                     "outflow": left, "remaining": remaining, "remaining_counted": counted,
                     "adds_up": remaining == counted})
    return pd.DataFrame(rows)


def _flow_masks(clients: pd.DataFrame, first_year: int, reference_date: date,
                caseload: str) -> dict[int, dict[str, pd.Series]]:
    """Per year, who is carried in, new, leaving and remaining (counted from the dates)."""
    ref = pd.Timestamp(reference_date)
    start_column = CASELOADS[caseload]
    member = ~exits_before_start(clients, caseload)
    entry = clients[start_column].where(member & (clients[start_column] <= ref))
    out = clients["outflow_date"].where(clients["outflow_date"] <= ref)
    years = {}
    for year in range(first_year, ref.year + 1):
        start, end = pd.Timestamp(year, 1, 1), min(pd.Timestamp(year, 12, 31), ref)
        carried = entry.notna() & (entry < start) & (out.isna() | (out >= start))
        new = (entry >= start) & (entry <= end)
        years[year] = {"carried_in": carried, "new": new, "total": carried | new,
                       "outflow": entry.notna() & (out >= start) & (out <= end),
                       "remaining": entry.notna() & (entry <= end) & (out.isna() | (out > end))}
    return years


def flow_members(clients: pd.DataFrame, first_year: int, reference_date: date,
                 caseload: str = "programme") -> dict:
    """The people behind each cell of ``caseload_flows``, for the disclosure audit.

    ``remaining`` is counted from the dates (``remaining_counted``); the two
    are equal whenever ``check_flows`` lets the table through.
    """
    return {(year, column): clients.index[mask.to_numpy(dtype=bool)]
            for year, masks in _flow_masks(clients, first_year, reference_date, caseload).items()
            for column, mask in masks.items()}


def check_flows(flows: pd.DataFrame, clients: pd.DataFrame, reference_date: date,
                caseload: str = "programme") -> None:
    """Raise a ``FlowError`` naming the year and the rows when a computed flow table does not add up.

    The rows named are positions in the processed data (the file's order, 1 =
    first person) of the people counted as leaving in that year without having
    entered: the only way the identity can break is an exit before the entry.
    """
    from evalkit.errors import FlowError

    bad = flows[~flows["adds_up"].astype(bool)]
    if bad.empty:
        return
    year = int(bad["year"].iloc[0])
    start = clients[CASELOADS[caseload]]
    out = clients["outflow_date"]
    suspects = (out.dt.year == year) & (start.isna() | (out < start)) & (out <= pd.Timestamp(
        reference_date))
    rows = [str(i + 1) for i in np.flatnonzero(suspects.to_numpy())[:10]]
    raise FlowError(
        f"{caseload} caseload {year}: carried in + new - outflow = {int(bad['remaining'].iloc[0])}"
        f", but {int(bad['remaining_counted'].iloc[0])} remain by the dates"
        + (f"; look at rows {', '.join(rows)} of the processed data" if rows else ""))


def check_flow_table(table: pd.DataFrame) -> pd.DataFrame:
    """Name every row of a published flow table that does not add up.

    Checks per row (codes in ``check``): ``carried_in_plus_new`` (carried in +
    new = total), ``total_minus_outflow`` (total - outflow = remaining) and
    ``carried_in_is_previous_remaining``. Empty cells are skipped.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``check``, ``printed``, ``computed``: one row per problem.
    """
    problems = []
    previous = None
    for row in table.to_dict("records"):
        carried, new, total, outflow, remaining = (
            None if row.get(key) is None or pd.isna(row.get(key)) else int(row[key])
            for key in ("carried_in", "new", "total", "outflow", "remaining"))
        if new is not None and total is not None and (carried or 0) + new != total:
            problems.append((row["year"], "carried_in_plus_new", total, (carried or 0) + new))
        if total is not None and outflow is not None and remaining is not None \
                and total - outflow != remaining:
            problems.append((row["year"], "total_minus_outflow", remaining, total - outflow))
        if previous is not None and carried is not None and carried != previous:
            problems.append((row["year"], "carried_in_is_previous_remaining", carried, previous))
        previous = remaining
    return pd.DataFrame(problems, columns=["year", "check", "printed", "computed"])


def caseload_per_specialist(caseload: int, fte: float, *, not_yet_picked_up: int = 0,
                            expected_new: int = 0) -> int:
    """People per full-time specialist, rounded half up as KplusV rounds (579 / 5 = 116)."""
    if fte <= 0:
        raise ValueError("fte must be positive")
    return int(np.floor((caseload + not_yet_picked_up + expected_new) / fte + 0.5))


def per_specialist_table(flows: pd.DataFrame, staffing: dict, status: pd.Series,
                         reference_date: date, published: pd.DataFrame | None = None, *,
                         threshold: int = 0) -> pd.DataFrame:
    """Caseload per specialist for each staffed year, computed and from a published total.

    The reference year adds the people known but not yet picked up and the
    configured expected newcomers, as KplusV does for 2020 (479 + 60 + 100).
    When the people not yet picked up are fewer than ``threshold`` (and
    more than none), the caseload per specialist is left out: with the
    other figures shown it would give their number back.
    """
    by_year = flows.set_index("year")
    printed = (published.set_index("year")["total"] if published is not None
               and "total" in published else pd.Series(dtype=float))
    rows = []
    for year in sorted(staffing):
        staff = staffing[year]
        if year not in by_year.index:
            continue
        waiting = int((status == "known_not_picked_up").sum()) \
            if year == reference_date.year else 0
        total = int(by_year.loc[year, "total"])
        row = {"year": year, "total": total, "not_yet_picked_up": waiting,
               "expected_new": staff.expected_new, "fte": staff.fte,
               "per_fte": caseload_per_specialist(total, staff.fte, not_yet_picked_up=waiting,
                                                  expected_new=staff.expected_new)}
        if 0 < waiting < threshold:
            row["per_fte"] = None
        if year in printed.index and pd.notna(printed.loc[year]) and row["per_fte"] is not None:
            row["per_fte_published"] = caseload_per_specialist(
                int(printed.loc[year]), staff.fte, not_yet_picked_up=waiting,
                expected_new=staff.expected_new)
        rows.append(row)
    # no staffed year in the flows (an as-of run before the first) leaves the columns in place
    table = pd.DataFrame(rows) if rows else pd.DataFrame(
        columns=["year", "total", "not_yet_picked_up", "expected_new", "fte", "per_fte"])
    if "per_fte_published" in table:
        table["per_fte_published"] = table["per_fte_published"].astype("Int64")
    table["per_fte"] = table["per_fte"].astype("Int64")
    return table


def per_specialist_members(table: pd.DataFrame, flows: dict, status: pd.Series) -> dict:
    """The people behind ``per_specialist_table``'s counts (``flows``: ``flow_members``)."""
    waiting = status.index[(status == "known_not_picked_up").to_numpy()]
    out = {}
    for year, count in zip(table["year"], table["not_yet_picked_up"], strict=True):
        out[(year, "total")] = flows[(year, "total")]
        out[(year, "not_yet_picked_up")] = waiting if count else waiting[:0]
    return out


# --------------------------------------------------------------------------- interventions


def intervention_table(clients: pd.DataFrame, status: pd.Series,
                       codes: tuple[str, ...]) -> pd.DataFrame:
    """Participants per intervention, and how many of them left benefits for work."""
    members = intervention_members(clients, status, codes)
    return pd.DataFrame({column: [len(members[(code, column)]) for code in codes]
                         for column in ("participants", "left_for_work")},
                        index=pd.Index(list(codes), name="intervention"))


def intervention_members(clients: pd.DataFrame, status: pd.Series,
                         codes: tuple[str, ...]) -> dict:
    """The people behind ``intervention_table``: participants, and those of them now in work."""
    working = status == "left_work"
    # split once per distinct list of interventions, not once per person
    which, lists = pd.factorize(clients["interventions"].fillna(""))
    parts = [str(value).split(";") for value in lists]
    out = {}
    for code in codes:
        took_part = np.array([code in part for part in parts], dtype=bool)[which]
        out[(code, "participants")] = clients.index[took_part]
        out[(code, "left_for_work")] = clients.index[took_part & working.to_numpy(dtype=bool)]
    return out


def work_outflows_in_year(clients: pd.DataFrame, year: int) -> pd.DataFrame:
    """The people who left benefits for work in ``year``."""
    left = clients["outflow_date"].dt.year == year
    return clients[left.fillna(False) & clients["outflow_reason"].isin(
        ["fulltime_work", "parttime_work"])]


def mediation_features(work: pd.DataFrame) -> pd.Series:
    """Counts in the shape of KplusV Tabel 6: hours, kind of job, sector (the last two where
    the file has those columns)."""
    return pd.Series({feature: len(people) for (feature, _), people
                      in mediation_members(work).items()}, name="count", dtype="int64")


def mediation_members(work: pd.DataFrame) -> dict:
    """The people behind each count of ``mediation_features``, keyed ``(feature, "count")``."""
    from evalkit.schema import SECTORS, column_state

    masks = {"fulltime": work["outflow_reason"] == "fulltime_work",
             "parttime": work["outflow_reason"] == "parttime_work"}
    if column_state(work, "employer_project") != "missing":
        masks["project"] = work["employer_project"].notna()
        masks["regular"] = work["employer_project"].isna()
    if column_state(work, "sector") != "missing":
        masks.update({sector: work["sector"] == sector for sector in SECTORS})
    return {(feature, "count"): work.index[mask.to_numpy(dtype=bool)]
            for feature, mask in masks.items()}


# --------------------------------------------------------------------------- durations


def work_shares(events: pd.DataFrame, months: tuple[int, ...] = WORK_MONTHS, *,
                threshold: int, reps: int = 200, seed: int = 20200131) -> pd.DataFrame:
    """Share in work (cumulative incidence of a work exit) at given months, with 95% intervals.

    A time at which fewer than ``threshold`` people are still followed gets
    no estimate (the curve is cut there).
    """
    days = [m * survival.DAYS_PER_MONTH for m in months]
    curve = survival.aalen_johansen(events["duration"], events["event"])
    point = survival.value_at(curve, "cif_1", days)
    lower, upper = survival.bootstrap_cif(events["duration"], events["event"], days, 1,
                                          reps=reps, seed=seed)
    at_risk = survival.at_risk_at(events["duration"], days)
    shown = at_risk >= threshold
    return pd.DataFrame({
        "months": list(months),
        "at_risk": at_risk,
        "share": np.where(shown, point, np.nan),
        "lower": np.where(shown, lower, np.nan),
        "upper": np.where(shown, upper, np.nan),
    })


def at_risk_members(events: pd.DataFrame, months: tuple[int, ...] = WORK_MONTHS) -> dict:
    """The people still followed at each month of ``work_shares`` (its ``at_risk`` column)."""
    return {(m, "at_risk"): events.index[(events["duration"] >= m * survival.DAYS_PER_MONTH)
                                         .to_numpy()] for m in months}


#: Months at which the headline cumulative incidences are given.
HEADLINE_MONTHS = (12, 24, 36)


def whole_group(events: pd.DataFrame, clients: pd.DataFrame, status: pd.Series, *,
                threshold: int, reps: int = 200, seed: int = 20200131,
                waits: pd.DataFrame | None = None) -> pd.DataFrame:
    """The headline figures an evaluator quotes, for the whole group rather than per cohort.

    Median time to any exit (Kaplan-Meier, days and months, 95% interval);
    cumulative incidence of work and of education at 12, 24 and 36 months
    (Aalen-Johansen with bootstrap intervals; none where fewer than
    ``threshold`` are still followed); the median wait from housing to intake
    (from ``waits``, ``waiting_times``' summary); and the share of the whole
    group that left for full-time work by the reference date, from counts,
    with its Wilson interval.

    Returns
    -------
    pandas.DataFrame
        ``indicator``, ``people`` (the base), ``count`` (the events behind
        the figure: exits, exits of that kind, waits ended, people in full-time
        work), ``value``, ``lower``, ``upper``, ``unit`` (``int`` for days,
        ``number`` for months, ``share``).
    """
    from evalkit.national import wilson_interval

    rows = []
    # fewer people than the threshold: every estimate would be cut, so none is computed (an
    # as-of day in a programme's first weeks may have nobody on benefits yet)
    enough = len(events) >= max(threshold, 1)
    median = (survival.median_time(survival.kaplan_meier(events["duration"], events["event"] > 0),
                                   threshold) if enough else survival.Median(None, None, None))
    for indicator, unit, scale in (("median_exit_days", "int", 1.0),
                                   ("median_exit_months", "number", survival.DAYS_PER_MONTH)):
        rows.append({"indicator": indicator, "people": len(events),
                     "count": int((events["event"] > 0).sum()),
                     **{k: np.nan if v is None else v / scale
                        for k, v in (("value", median.median), ("lower", median.lower),
                                     ("upper", median.upper))}, "unit": unit})
    days = [m * survival.DAYS_PER_MONTH for m in HEADLINE_MONTHS]
    shown = (survival.at_risk_at(events["duration"], days) >= threshold) & enough
    curve = survival.aalen_johansen(events["duration"], events["event"]) if enough else None
    for cause, name in ((1, "work"), (2, "education")):
        point = lower = upper = np.full(len(days), np.nan)
        if enough:
            point = survival.value_at(curve, f"cif_{cause}", days)
            lower, upper = survival.bootstrap_cif(events["duration"], events["event"], days,
                                                  cause, reps=reps, seed=seed)
        for i, months in enumerate(HEADLINE_MONTHS):
            rows.append({"indicator": f"cif_{name}_{months}", "people": len(events),
                         "count": int((events["event"] == cause).sum()),
                         "value": point[i] if shown[i] else np.nan,
                         "lower": lower[i] if shown[i] else np.nan,
                         "upper": upper[i] if shown[i] else np.nan, "unit": "share"})
    if waits is not None and not waits.empty:
        total = waits[waits["step"] == WAIT_TOTAL_STEP]
        if not total.empty:
            row = total.iloc[0]
            rows.append({"indicator": "median_wait_housing_intake",
                         "people": int(row["people"]), "count": int(row["ended"]),
                         "value": row["median"], "lower": row["lower"], "upper": row["upper"],
                         "unit": "int"})
    fulltime = int(_in_fulltime_work(clients, status).sum())
    base = len(clients)
    low, high = (float(v) for v in wilson_interval(fulltime, base))
    rows.append({"indicator": "share_fulltime_work", "people": base, "count": fulltime,
                 "value": fulltime / base if base >= threshold else np.nan,
                 "lower": low if base >= threshold else np.nan,
                 "upper": high if base >= threshold else np.nan, "unit": "share"})
    return pd.DataFrame(rows)


def _in_fulltime_work(clients: pd.DataFrame, status: pd.Series) -> pd.Series:
    return (status.eq("left_work") & clients["outflow_reason"].eq("fulltime_work")).astype(bool)


def whole_group_members(table: pd.DataFrame, events: pd.DataFrame, clients: pd.DataFrame,
                        status: pd.Series, waits: dict | None = None) -> dict:
    """The people behind ``whole_group``'s ``people`` and ``count`` columns, row by row.

    ``waits`` is ``waiting_members``'s answer, for the housing-to-intake row.
    """
    exited = events.index[(events["event"] > 0).to_numpy()]
    by_cause = {name: events.index[(events["event"] == cause).to_numpy()]
                for cause, name in ((1, "work"), (2, "education"))}
    out = {}
    for indicator in table["indicator"]:
        if indicator.startswith("median_exit"):
            people, counted = events.index, exited
        elif indicator.startswith("cif_"):
            people, counted = events.index, by_cause[indicator.split("_")[1]]
        elif indicator == "median_wait_housing_intake" and waits:
            people = waits[(WAIT_TOTAL_STEP, "people")]
            counted = waits[(WAIT_TOTAL_STEP, "ended")]
        elif indicator == "share_fulltime_work":
            people = clients.index
            counted = clients.index[_in_fulltime_work(clients, status).to_numpy()]
        else:
            continue
        out[(indicator, "people")], out[(indicator, "count")] = people, counted
    return out


def waiting_members(clients: pd.DataFrame, reference_date: date) -> dict:
    """The people behind ``waiting_times``: who waited at each step, and whose wait ended."""
    from evalkit.schema import column_state

    out = {}
    for start, end in (WAIT_TOTAL, *WAIT_STEPS):
        if column_state(clients, start) or column_state(clients, end):
            continue
        frame = survival.durations(clients[start], clients[end], reference_date,
                                   censor_at=clients["outflow_date"])
        out[(f"{start}__{end}", "people")] = frame.index
        out[(f"{start}__{end}", "ended")] = frame.index[frame["observed"].to_numpy()]
    return out


def waiting_times(clients: pd.DataFrame, reference_date: date, *, days: int = 90,
                  threshold: int = 0) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The wait from housing to intake, then each step of the route timed from the previous one.

    Steps whose columns the file lacks (or has empty) are left out. A wait
    ends when the next step starts. It is censored at the reference
    date, or earlier when the person left benefits before the next step:
    waits that are still running are never left out (docs/methods.md).

    Returns
    -------
    summary : pandas.DataFrame
        One row per step: ``step``, ``people``, ``ended``, ``median``,
        ``lower``, ``upper`` (days; NaN when not reached), ``within``,
        ``within_lower``, ``within_upper`` (share whose wait ended within
        ``days``). Steps of fewer than ``threshold`` people are left out; a
        median or share read where fewer than ``threshold`` still wait is not
        reached (``survival.median_time``).
    curves : dict
        Step name to its Kaplan-Meier table (``survival.km_curve``).
    """
    from evalkit.schema import column_state

    rows, curves = [], {}
    for start, end in (WAIT_TOTAL, *WAIT_STEPS):
        step = f"{start}__{end}"
        if column_state(clients, start) or column_state(clients, end):
            continue
        frame = survival.durations(clients[start], clients[end], reference_date,
                                   censor_at=clients["outflow_date"])
        if frame.empty or len(frame) < threshold:
            continue
        fitter = survival.kaplan_meier(frame["duration"], frame["observed"])
        median = survival.median_time(fitter, threshold)
        within = survival.share_ended_by(fitter, days, threshold)
        rows.append({"step": step, "people": len(frame), "ended": int(frame["observed"].sum()),
                     "median": median.median, "lower": median.lower, "upper": median.upper,
                     "within": within[0], "within_lower": within[1],
                     "within_upper": within[2]})
        curves[step] = survival.km_curve(fitter)
    return pd.DataFrame(rows, columns=["step", "people", "ended", "median", "lower", "upper",
                                       "within", "within_lower", "within_upper"]), curves


def cohort_medians(events: pd.DataFrame, cohorts: pd.Series, threshold: int
                   ) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Kaplan-Meier per cohort: median months to any exit with its interval, and the curves.

    Cohorts smaller than ``threshold`` are left out; curves are cut where
    fewer than ``threshold`` remain at risk.
    """
    rows, curves = [], {}
    joined = events.join(cohorts.rename("group"), how="inner").dropna(subset=["group"])
    for name, part in joined.groupby("group", sort=True):
        if len(part) < threshold:
            continue
        fitter = survival.kaplan_meier(part["duration"], part["event"] > 0)
        median = survival.median_time(fitter, threshold)
        rows.append({"group": str(name), "people": len(part),
                     "exits": int((part["event"] > 0).sum()),
                     "median_months": _months(median.median),
                     "median_lower": _months(median.lower),
                     "median_upper": _months(median.upper)})
        curves[str(name)] = disclosure.cut_curve(survival.km_curve(fitter), threshold)
    # every cohort may be too small in a small municipality: the table keeps its columns
    return pd.DataFrame(rows, columns=["group", "people", "exits", "median_months",
                                       "median_lower", "median_upper"]), curves


def _months(days: float | None) -> float:
    return np.nan if days is None else days / survival.DAYS_PER_MONTH


def subgroup_dimensions(clients: pd.DataFrame, reference_date: date
                        ) -> dict[str, tuple[pd.Series, list[str]]]:
    """The groupings of the subgroup analysis that the file has: one group per person, and
    the display order of the groups (as in the cohort chapter)."""
    from evalkit.cohort import composition
    from evalkit.schema import ROUTES

    dims = composition(clients, reference_date)
    if "route" in clients and clients["route"].notna().any():
        dims["route"] = (clients["route"], list(ROUTES))
    return dims


def merge_small_groups(groups: pd.Series, threshold: int, other: str = "small_groups"
                       ) -> pd.Series:
    """Put groups of fewer than ``threshold`` people together; a merged group still too
    small is dropped (NaN) so that it is never shown."""
    counts = groups.value_counts()
    merged = groups.where(~groups.isin(counts[counts < threshold].index), other)
    if (merged == other).sum() < threshold:
        merged = merged.where(merged != other)
    return merged


def subgroup_table(events: pd.DataFrame, groups: pd.Series, *, threshold: int,
                   order: list[str] | None = None, reps: int = 200, seed: int = 20200131
                   ) -> tuple[pd.DataFrame, float | None]:
    """Time to outflow and share in work per group, with a log-rank test across groups.

    Parameters
    ----------
    events : pandas.DataFrame
        ``survival.outflow_events`` output.
    groups : pandas.Series
        The group of each person (same index); merge small groups first.
    threshold : int
        Disclosure threshold: groups below it are not shown.
    order : list of str, optional
        Display order of the groups; others follow, merged small groups last.

    Returns
    -------
    table : pandas.DataFrame
        Per group: ``people``, ``exits``, median months to any exit with its
        interval, share in work at 12 and 24 months with intervals.
    p_value : float or None
        Log-rank p-value across the shown groups (None with fewer than two).
    """
    joined = events.join(groups.rename("group"), how="inner").dropna(subset=["group"])
    rows = []
    for name, part in joined.groupby("group", sort=True):
        if len(part) < threshold:
            continue
        fitter = survival.kaplan_meier(part["duration"], part["event"] > 0)
        median = survival.median_time(fitter, threshold)
        shares = work_shares(part, (12, 24), threshold=threshold, reps=reps, seed=seed)
        rows.append({"group": name, "people": len(part), "exits": int((part["event"] > 0).sum()),
                     "median_months": _months(median.median),
                     "median_lower": _months(median.lower),
                     "median_upper": _months(median.upper),
                     "work_12": shares["share"].iloc[0], "work_12_lower": shares["lower"].iloc[0],
                     "work_12_upper": shares["upper"].iloc[0],
                     "work_24": shares["share"].iloc[1], "work_24_lower": shares["lower"].iloc[1],
                     "work_24_upper": shares["upper"].iloc[1]})
    table = pd.DataFrame(rows)
    if not table.empty:
        rank = {g: i for i, g in enumerate(order or [])}
        key = table["group"].map(lambda g: (g in ("other", "small_groups"), rank.get(g, len(rank)),
                                            str(g)))
        table = table.iloc[sorted(range(len(table)), key=lambda i: key.iloc[i])]
        table = table.reset_index(drop=True)
    shown = joined[joined["group"].isin(table["group"])] if not table.empty else joined.iloc[:0]
    p_value = None
    if len(table) >= 2:
        _, p_value = survival.logrank(shown["duration"], shown["event"] > 0, shown["group"])
    return table, p_value


@dataclass(frozen=True)
class Subgroups:
    """The subgroup analysis of one grouping: the table, its log-rank p-value, and its people."""

    table: pd.DataFrame
    p_value: float | None
    members: dict


def subgroups(events: pd.DataFrame, clients: pd.DataFrame, reference_date: date, *,
              threshold: int, reps: int = 200, seed: int = 20200131) -> dict[str, Subgroups]:
    """The subgroup analysis of every grouping the file has (``subgroup_dimensions``).

    Small groups are merged first (``merge_small_groups``); a grouping with no
    group large enough to show is left out.
    """
    found = {}
    for dimension, (values, order) in subgroup_dimensions(clients, reference_date).items():
        groups = merge_small_groups(values, threshold)
        table, p_value = subgroup_table(events, groups, threshold=threshold, order=order,
                                        reps=reps, seed=seed)
        if table.empty:
            continue
        found[dimension] = Subgroups(table, p_value, group_members_of(table, events, groups))
    return found


def group_members_of(table: pd.DataFrame, events: pd.DataFrame, groups: pd.Series) -> dict:
    """The people behind a per-group table's ``people`` and ``exits`` (the groups it shows)."""
    from evalkit.disclosure import group_members

    shown = groups.reindex(events.index)
    shown = shown.where(shown.astype(object).isin(list(table["group"]) if len(table) else []))
    return group_members(shown.astype(object), people=True, exits=events["event"] > 0)


def early_exit_note(clients: pd.DataFrame, threshold: int, lang: str) -> str | None:
    """The sentence on people whose benefit ended before their intake, when there are any."""
    from evalkit import labels
    from evalkit.disclosure import shown_count

    early = int(exits_before_start(clients, "programme").sum())
    return labels.t("outflow.exit_before_intake", lang,
                    n=shown_count(early, threshold)) if early else None


def waiting_curves(curves: dict[str, pd.DataFrame], threshold: int,
                   lang: str) -> dict[str, pd.DataFrame]:
    """The waiting-time curves under their step's name, cut where fewer than ``threshold`` wait."""
    from evalkit import labels

    return {labels.t(f"step.{step}", lang): disclosure.cut_curve(curve, threshold)
            for step, curve in curves.items()}


#: How the estimate tables of this chapter show their estimates (``Publisher.estimates``).
MEDIAN_ESTIMATE = {"median": ("median_months", "median_lower", "median_upper", "months")}
WORK_ESTIMATE = {"work": ("share", "lower", "upper", "percent")}
WAIT_ESTIMATES = {"median_days": ("median", "lower", "upper", "days"),
                  "within_90": ("within", "within_lower", "within_upper", "percent")}
SUBGROUP_ESTIMATES = {**MEDIAN_ESTIMATE,
                      "work_12": ("work_12", "work_12_lower", "work_12_upper", "percent"),
                      "work_24": ("work_24", "work_24_lower", "work_24_upper", "percent")}
SUBGROUP_HEADERS = {"group": "col.group", "people": "col.people", "exits": "col.exits",
                    "median": "col.median_months", "work_12": "col.work_12",
                    "work_24": "col.work_24"}
