"""Interim evaluations: the headline indicators at every peildatum of a series, and what changed.

A series takes one (the latest) monitoring file and evaluates it at each
peildatum as the file would have been exported that day (``evalkit.asof``).
Every indicator comes with its 95% interval, from the same estimator the
single run uses (Wilson for shares of counts, Kaplan-Meier for medians,
Aalen-Johansen with a seeded bootstrap for cumulative incidences, the
indirect standardisation for the national comparison). Counts are a census of
the file, not a sample: they get no interval.

What changed between the last two peildata is judged from the interval of the
*difference*, by a paired bootstrap over people: the same resampled people
are evaluated at both dates, because the two peildata count largely the same
people. Two overlapping intervals are not a test (docs/methods.md, "Interim
evaluations").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from evalkit import cohort, labels, survival
from evalkit.asof import as_of
from evalkit.facts import person_facts

#: The headline indicators of the series, in report order: unit, the estimator, whether its value
#: is a share of two published counts (hidden with its count), and which way is better.
INDICATORS = {
    "share_in_support": ("share", "wilson", True),
    "share_left_work": ("share", "wilson", True),
    "share_fulltime_work": ("share", "wilson", True),
    "median_exit_months": ("number", "kaplan_meier", False),
    "cif_work_12": ("share", "aalen_johansen", False),
    "cif_work_24": ("share", "aalen_johansen", False),
    "median_wait_housing_intake": ("int", "kaplan_meier", False),
    "national_ratio": ("ratio", "standardisation", False),
    "cost_per_person": ("eur", "none", False),
}

#: Indicators whose change between two peildata the paired bootstrap tests.
TESTED = ("share_in_support", "share_left_work", "share_fulltime_work", "median_exit_months",
          "cif_work_12", "cif_work_24", "median_wait_housing_intake")

#: The years since permit at which the national comparison (indirect standardisation) is taken.
NATIONAL_YEARS = 2.5


def peildata(series, reference_date: date) -> list[date]:
    """The peildata of a series, ending at the file's ``reference_date``.

    Parameters
    ----------
    series : config.Series
        ``peildata`` (a list), or ``every`` months from ``start``.
    reference_date : date
        The config's peildatum: the date of the file, the last of the series.

    Returns
    -------
    list of date
        In time order, without repeats; every month step counted from
        ``start`` (so 31 August, six months on, is 28 February, and then 31 August).
    """
    if series.peildata:
        days = set(series.peildata)
    else:
        days, step = set(), 0
        while (day := (pd.Timestamp(series.start)
                       + pd.DateOffset(months=step * series.every)).date()) <= reference_date:
            days.add(day)
            step += 1
    return sorted(days | {reference_date})


@dataclass(frozen=True)
class AtDate:
    """The file as it was on one peildatum: its people, their facts and their survival data."""

    day: date
    clients: pd.DataFrame
    facts: pd.DataFrame

    @property
    def key(self) -> str:
        return self.day.isoformat()

    @property
    def events(self) -> pd.DataFrame:
        from evalkit.facts import events

        return events(self.facts)


def views(clients: pd.DataFrame, days: list[date], origin: str) -> list[AtDate]:
    """The file at each peildatum (``asof.as_of``), indexed by position in the latest file."""
    out = []
    for day in days:
        earlier = as_of(clients, day)
        out.append(AtDate(day, earlier, person_facts(earlier, day, origin)))
    return out


# --------------------------------------------------------------------------- counts per date


def status_counts(at: list[AtDate]) -> tuple[pd.DataFrame, dict]:
    """People in the file and their status at every peildatum, with the people of each cell.

    Returns
    -------
    table, members : pandas.DataFrame, dict
        ``peildatum``, ``people`` and one count per ``cohort.STATUS_ORDER``
        status; members keyed ``(peildatum, column)``.
    """
    rows, members = [], {}
    for view in at:
        status = view.facts["status"]
        row = {"peildatum": view.key, "people": len(status)}
        members[(view.key, "people")] = status.index
        for code in cohort.STATUS_ORDER:
            mine = status.eq(code).fillna(False).to_numpy(dtype=bool)
            row[code] = int(mine.sum())
            members[(view.key, code)] = status.index[mine]
        rows.append(row)
    return pd.DataFrame(rows), members


def exit_counts(at: list[AtDate]) -> tuple[pd.DataFrame, dict]:
    """Everyone who has left benefits by each peildatum, by reason (work split full- and part-time).

    All exits, also those before the programme's start: those few would
    otherwise be the difference of this table and the status table, a small
    group the two tables together would give away.
    """
    rows, members = [], {}
    for view in at:
        status, reason = view.facts["status"], view.clients["outflow_reason"]
        work = status.eq("left_work").fillna(False)
        fulltime = work & reason.eq("fulltime_work").fillna(False)
        parts = {"fulltime_work": fulltime, "parttime_work": work & ~fulltime,
                 "education": status.eq("left_education").fillna(False),
                 "other": status.eq("left_other").fillna(False),
                 "exits": status.str.startswith("left_").fillna(False)}
        row = {"peildatum": view.key}
        for column, mine in parts.items():
            mine = mine.to_numpy(dtype=bool)
            row[column] = int(mine.sum())
            members[(view.key, column)] = status.index[mine]
        rows.append(row)
    return pd.DataFrame(rows), members


def flows(at: list[AtDate]) -> tuple[pd.DataFrame, dict]:
    """The benefit caseload between consecutive peildata: carried in, new, left, remaining.

    Counted in the later peildatum's file, so that carried in + new - left =
    remaining holds for every period (a person housed after the earlier
    peildatum whose benefit started before it is carried in).
    """
    rows, members = [], {}
    for before, view in zip(at, at[1:], strict=False):
        clients = view.clients
        d0, d1 = pd.Timestamp(before.day), pd.Timestamp(view.day)
        start, end = clients["benefit_start_date"], clients["outflow_date"]
        carried = (start <= d0) & ~(end <= d0).fillna(False)
        new = (start > d0) & (start <= d1)
        left = (carried | new) & (end > d0) & (end <= d1)
        remaining = (carried | new) & ~left
        row = {"peildatum": view.key, "from": before.key}
        for column, mine in (("carried_in", carried), ("new", new), ("left", left),
                             ("remaining", remaining)):
            mine = mine.fillna(False).to_numpy(dtype=bool)
            row[column] = int(mine.sum())
            members[(view.key, column)] = clients.index[mine]
        rows.append(row)
    return pd.DataFrame(rows, columns=["peildatum", "from", "carried_in", "new", "left",
                                       "remaining"]), members


# --------------------------------------------------------------------------- estimates per date


def _wilson(indicator: str, count_mask: pd.Series, base: pd.Index, threshold: int) -> dict:
    from evalkit.national import wilson_interval

    count, people = int(count_mask.sum()), len(base)
    low, high = (float(v) for v in wilson_interval(count, max(people, 1)))
    shown = people >= threshold
    return {"indicator": indicator, "people": people, "count": count,
            "value": count / people if shown else np.nan,
            "lower": low if shown else np.nan, "upper": high if shown else np.nan}


def indicators(at: list[AtDate], *, threshold: int, reps: int, seed: int,
               national_reference: pd.DataFrame | None = None,
               cost_per_year: float | None = None) -> tuple[pd.DataFrame, dict]:
    """Every headline indicator at every peildatum, with its 95% interval and its people.

    Parameters
    ----------
    at : list of AtDate
        ``views`` of the file.
    threshold : int
        The disclosure threshold: estimates on fewer people are left out.
    reps, seed : int
        Bootstrap resamples and seed of the cumulative incidences.
    national_reference : pandas.DataFrame, optional
        National reference figures, for the standardised ratio in work.
    cost_per_year : float, optional
        The yearly cost of the approach (costs minus compensations), for the
        cost per person taken in (intake) in the year up to each peildatum.

    Returns
    -------
    table, members : pandas.DataFrame, dict
        ``key``, ``indicator``, ``peildatum``, ``people`` (the base),
        ``count`` (only for a share of counts: the people counted), ``value``,
        ``lower``, ``upper``; members keyed ``(key, column)``.
    """
    from evalkit import outflow

    rows, members = [], {}

    def add(row: dict, day: str, people, counted) -> None:
        key = f"{row['indicator']} {day}"
        if not INDICATORS[row["indicator"]][2]:
            # Only a share of counts needs its count beside it; the events behind an estimate are
            # in the single evaluation's tables, and each published count is one more relation
            # between the peildata that the disclosure audit must keep from giving a cell back.
            row["count"], counted = np.nan, None
        rows.append({"key": key, "peildatum": day, **row})
        members[(key, "people")] = people
        if counted is not None:
            members[(key, "count")] = counted

    for view in at:
        clients, status, events = view.clients, view.facts["status"], view.events
        for indicator, code in (("share_in_support", "in_support"),
                                ("share_left_work", "left_work")):
            mine = status.eq(code).fillna(False)
            add(_wilson(indicator, mine, status.index, threshold), view.key, status.index,
                status.index[mine.to_numpy(dtype=bool)])
        if len(events) >= threshold:
            waits, _ = outflow.waiting_times(clients, view.day, threshold=threshold)
            group = outflow.whole_group(events, clients, status, threshold=threshold, reps=reps,
                                        seed=seed, waits=waits)
            who = outflow.whole_group_members(group, events, clients, status,
                                              outflow.waiting_members(clients, view.day))
            for row in group.to_dict("records"):
                if row["indicator"] in INDICATORS and (row["indicator"], "people") in who:
                    row.pop("unit")
                    add(row, view.key, who[(row["indicator"], "people")],
                        who[(row["indicator"], "count")])
        if national_reference is not None:
            _national(view, national_reference, threshold, add)
        if cost_per_year is not None:
            supported = new_in_year(clients, view.day)
            people = int(supported.sum())
            add({"indicator": "cost_per_person", "people": people, "count": people,
                 "value": cost_per_year / people if people >= threshold else np.nan,
                 "lower": np.nan, "upper": np.nan}, view.key,
                clients.index[supported.to_numpy(dtype=bool)],
                clients.index[supported.to_numpy(dtype=bool)])
    table = pd.DataFrame(rows, columns=["key", "indicator", "peildatum", "people", "count",
                                        "value", "lower", "upper"])
    order = {name: i for i, name in enumerate(INDICATORS)}
    table = table.sort_values(["indicator", "peildatum"], key=lambda c: c.map(order)
                              if c.name == "indicator" else c, kind="mergesort")
    return table.reset_index(drop=True), members


def _national(view: AtDate, reference: pd.DataFrame, threshold: int, add) -> None:
    from evalkit.national import standardisations

    found = [s for s in standardisations(view.clients, view.day, reference, threshold)
             if s.years == NATIONAL_YEARS]
    if not found:
        return
    result = found[0].result.iloc[0]
    add({"indicator": "national_ratio", "people": int(result["people"]),
         "count": int(result["observed"]), "value": float(result["ratio"]),
         "lower": float(result["lower"]), "upper": float(result["upper"])}, view.key,
        found[0].members[(0, "people")], found[0].members[(0, "observed")])


def new_in_year(clients: pd.DataFrame, day: date) -> pd.Series:
    """People whose intake fell in the twelve months up to ``day``: the yearly inflow of the approach."""
    end = pd.Timestamp(day)
    intake = clients["intake_date"]
    return ((intake > end - pd.DateOffset(years=1)) & (intake <= end)).fillna(False).astype(bool)


# --------------------------------------------------------------------------- change and targets


def _point_values(status: np.ndarray, fulltime: np.ndarray, exit_days: np.ndarray,
                  exit_event: np.ndarray, wait_days: np.ndarray, wait_ended: np.ndarray
                  ) -> dict[str, float]:
    """The tested indicators from per-person arrays (one resample at one peildatum)."""
    out = {"share_in_support": float(np.mean(status == "in_support")),
           "share_left_work": float(np.mean(status == "left_work")),
           "share_fulltime_work": float(np.mean(fulltime))}
    known = ~np.isnan(exit_days)
    if known.sum():
        fitter = survival.kaplan_meier(pd.Series(exit_days[known]),
                                       pd.Series(exit_event[known] > 0))
        median = survival.median_time(fitter).median
        out["median_exit_months"] = np.nan if median is None else median / survival.DAYS_PER_MONTH
        curve = survival.aalen_johansen(exit_days[known], exit_event[known].astype(int))
        days = [12 * survival.DAYS_PER_MONTH, 24 * survival.DAYS_PER_MONTH]
        out["cif_work_12"], out["cif_work_24"] = survival.value_at(curve, "cif_1", days)
    waited = ~np.isnan(wait_days)
    if waited.sum():
        fitter = survival.kaplan_meier(pd.Series(wait_days[waited]),
                                       pd.Series(wait_ended[waited]))
        median = survival.median_time(fitter).median
        out["median_wait_housing_intake"] = np.nan if median is None else median
    return out


def _arrays(view: AtDate, index: pd.Index) -> tuple[np.ndarray, ...]:
    """Per-person arrays of one peildatum, for the people at ``index`` (NaN for the not yet known)."""
    from evalkit.outflow import WAIT_TOTAL

    clients, facts = view.clients, view.facts
    status = facts["status"].reindex(index).astype(object).to_numpy()
    fulltime = (facts["status"].eq("left_work")
                & clients["outflow_reason"].eq("fulltime_work")).reindex(index)
    waits = survival.durations(clients[WAIT_TOTAL[0]], clients[WAIT_TOTAL[1]], view.day,
                               censor_at=clients["outflow_date"]).reindex(index)
    return (status, fulltime.fillna(False).astype(bool).to_numpy(),
            facts["duration"].reindex(index).to_numpy(dtype=float),
            facts["event"].reindex(index).fillna(0).astype(int).to_numpy(),
            waits["duration"].to_numpy(dtype=float),
            # eq(True): the not yet known (NaN) are False, without pandas' downcasting warning,
            # which an executed notebook would keep with this file's absolute path
            waits["observed"].eq(True).to_numpy())


class _Resampled:
    """``_point_values`` of many resamples at once, each given as counts per person.

    The shares are counts over people; the medians and cumulative incidences
    come from ``survival.ResampleGrid``, equal bit for bit to lifelines'
    Kaplan-Meier and ``survival.aalen_johansen`` on each resample (a loop over
    the resamples with ``_point_values`` gave the same intervals: a test
    compares both). An indicator a resample cannot give is NaN.
    """

    def __init__(self, status: np.ndarray, fulltime: np.ndarray, exit_days: np.ndarray,
                 exit_event: np.ndarray, wait_days: np.ndarray, wait_ended: np.ndarray):
        status = np.where(pd.isna(status), "", status)  # not in the file then: never counted
        self.shares = np.stack([status == "in_support", status == "left_work", fulltime]
                               ).T.astype(float)
        known, waited = ~np.isnan(exit_days), ~np.isnan(wait_days)
        self.exits = survival.ResampleGrid(exit_days[known], exit_event[known])
        self.waits = survival.ResampleGrid(wait_days[waited], wait_ended[waited])
        # the columns of counts per person that each grid reads, in its order
        self._exits = np.flatnonzero(known)[self.exits.order]
        self._waits = np.flatnonzero(waited)[self.waits.order]

    def values(self, counts: np.ndarray) -> dict[str, np.ndarray]:
        with np.errstate(invalid="ignore", divide="ignore"):  # nobody there: NaN, as np.mean
            shares = (counts @ self.shares) / counts.sum(axis=1)[:, None]
        out = dict(zip(("share_in_support", "share_left_work", "share_fulltime_work"),
                       shares.T, strict=True))
        exits = counts[:, self._exits]
        there = exits.sum(axis=1) > 0
        days = [12 * survival.DAYS_PER_MONTH, 24 * survival.DAYS_PER_MONTH]
        out["median_exit_months"] = self.exits.km_median(exits) / survival.DAYS_PER_MONTH
        incidence = np.where(there[:, None], self.exits.cif(exits, 1, days), np.nan)
        out["cif_work_12"], out["cif_work_24"] = incidence.T
        out["median_wait_housing_intake"] = self.waits.km_median(counts[:, self._waits])
        return out


def changes(earlier: AtDate, later: AtDate, *, reps: int, seed: int) -> pd.DataFrame:
    """The change of each tested indicator between two peildata, with its paired-bootstrap interval.

    People are resampled from the later file; each resample is evaluated at
    both peildata (at the earlier one only the resampled people who were in
    the file then), and the 2.5th and 97.5th percentiles of the differences
    give the 95% interval of the change.

    Returns
    -------
    pandas.DataFrame
        ``indicator``, ``before``, ``after``, ``change``, ``lower``, ``upper``
        and ``beyond_chance`` (the interval leaves out zero).
    """
    people = later.clients.index
    was_there = people.isin(earlier.clients.index)
    a_before, a_after = _arrays(earlier, people), _arrays(later, people)
    # resamples draw positions: the people in one order, whatever order the file lists them in
    ordered = survival.canonical_order(was_there, *a_before, *a_after)
    was_there, a_before, a_after = (ordered[0], tuple(ordered[1:1 + len(a_before)]),
                                    tuple(ordered[1 + len(a_before):]))
    before = _point_values(*(a[was_there] for a in a_before))
    after = _point_values(*a_after)
    then, now = _Resampled(*a_before), _Resampled(*a_after)
    n = len(people)
    rng = np.random.default_rng(seed)
    draws = {name: np.empty(reps) for name in TESTED}
    for start, counts in survival.resample_tallies(rng, n, reps):
        b, a = then.values(counts * was_there), now.values(counts)
        for name in TESTED:
            draws[name][start:start + len(counts)] = a[name] - b[name]
    rows = []
    for name in TESTED:
        if name not in before or name not in after:
            continue
        found = np.asarray(draws[name], dtype=float)
        found = found[~np.isnan(found)]
        low, high = (np.percentile(found, [2.5, 97.5]) if len(found) >= reps // 2
                     else (np.nan, np.nan))
        rows.append({"indicator": name, "before": before[name], "after": after[name],
                     "change": after[name] - before[name], "lower": low, "upper": high,
                     "beyond_chance": bool(low > 0 or high < 0) if not np.isnan(low) else None})
    return pd.DataFrame(rows, columns=["indicator", "before", "after", "change", "lower",
                                       "upper", "beyond_chance"])


def target_state(value: float, lower: float, upper: float, target: float, direction: str
                 ) -> str | None:
    """``on_track``, ``behind`` or ``undecided`` (the interval holds the target), or None."""
    if pd.isna(value):
        return None
    low = value if pd.isna(lower) else lower
    high = value if pd.isna(upper) else upper
    good_low, good_high = (low >= target, high >= target) if direction == "at_least" else (
        high <= target, low <= target)
    return "on_track" if good_low else "behind" if not good_high else "undecided"


def targets_table(table: pd.DataFrame, targets: dict, directions: dict[str, str]) -> pd.DataFrame:
    """Each target beside the indicator's last published value and interval, and where it stands.

    ``table`` is the published indicator table (text cells, empty where hidden).
    """
    rows = []
    table = _shown(table)
    for name, target in targets.items():
        mine = table[table["indicator"] == name]
        if mine.empty:
            continue
        last = mine.iloc[-1]
        value, lower, upper = (_number(last[c]) for c in ("value", "lower", "upper"))
        direction = target.direction or directions[name]
        rows.append({"indicator": name, "peildatum": last["peildatum"], "target": target.value,
                     "direction": direction, "value": value, "lower": lower, "upper": upper,
                     "state": target_state(value, lower, upper, target.value, direction)
                     or "unknown", "source": target.source or ""})
    return pd.DataFrame(rows, columns=["indicator", "peildatum", "target", "direction", "value",
                                       "lower", "upper", "state", "source"])


#: The published indicator table's columns, for a stage run before the trends were published.
_SHOWN_COLUMNS = ["indicator", "peildatum", "people", "count", "value", "lower", "upper"]


def _shown(shown: pd.DataFrame | None) -> pd.DataFrame:
    """The published indicator table, or an empty one: then no value counts as published."""
    return pd.DataFrame(columns=_SHOWN_COLUMNS) if shown is None else shown


def missing_trends(shown: pd.DataFrame | None, lang: str) -> str | None:
    """A sentence when the trend table is not there (the notebook run on its own), else None."""
    return labels.t("series.trends_first", lang) if shown is None else None


def _number(text: object) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return np.nan


# --------------------------------------------------------------------------- words for a board


def _value_text(name: str, value: float, lang: str) -> str:
    unit = INDICATORS[name][0]
    if unit == "share":
        return labels.format_number(100 * value, 1, lang) + "%"
    if unit == "number":
        return labels.t("unit.months_value", lang, value=labels.format_number(value, 1, lang))
    if unit == "int":
        return labels.t("unit.days_value", lang, value=labels.format_number(value, 0, lang))
    if unit == "eur":
        return labels.format_amount(value, lang)
    return labels.format_number(value, 2, lang)


def _change_text(name: str, change: float, lang: str) -> str:
    unit = INDICATORS[name][0]
    if unit == "share":
        return labels.t("unit.points", lang, value=labels.format_number(100 * change, 1, lang))
    return _value_text(name, change, lang)


def change_sentences(found: pd.DataFrame, shown: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per tested indicator: from what to what, and whether chance alone explains it.

    ``shown`` is the published indicator table: an indicator whose value is
    hidden there at either peildatum gets no sentence with numbers.
    """
    out = []
    shown = _shown(shown)
    for row in found.itertuples(index=False):
        mine = shown[shown["indicator"] == row.indicator]
        if len(mine) < 2 or (mine.iloc[-2:]["value"] == "").any() or pd.isna(row.change):
            continue
        verb = ("series.rose" if row.change > 0 else "series.fell" if row.change < 0
                else "series.same")
        judged = ("series.beyond_chance" if row.beyond_chance else "series.within_chance"
                  if row.beyond_chance is not None else "series.untested")
        out.append(labels.t(verb, lang, indicator=labels.t(f"headline.{row.indicator}", lang),
                            before=_value_text(row.indicator, row.before, lang),
                            after=_value_text(row.indicator, row.after, lang))
                   + "; " + labels.t(judged, lang,
                                     low=_change_text(row.indicator, row.lower, lang),
                                     high=_change_text(row.indicator, row.upper, lang)))
    return out


def target_sentences(found: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per target: the target, the last value with its interval, and where it stands."""
    out = []
    for row in found.itertuples(index=False):
        value = (_value_text(row.indicator, row.value, lang) if not pd.isna(row.value)
                 else labels.t("value.none", lang))
        out.append(labels.t(f"series.target_{row.state}", lang,
                            indicator=labels.t(f"headline.{row.indicator}", lang),
                            target=_value_text(row.indicator, row.target, lang),
                            value=value, day=labels.format_date(date.fromisoformat(row.peildatum),
                                                                 lang)))
    return out


# --------------------------------------------------------------------------- for the notebooks

#: Headers of the series' count tables.
HEADERS = {"peildatum": "col.peildatum", "from": "col.from", "people": "col.people",
           **{code: f"status.{code}" for code in cohort.STATUS_ORDER},
           "fulltime_work": "outflow_reason.fulltime_work",
           "parttime_work": "outflow_reason.parttime_work", "education": "col.education_exit",
           "other": "col.other_exit", "exits": "col.exits", "carried_in": "col.carried_in",
           "new": "col.new", "left": "col.outflow", "remaining": "col.remaining"}


def yearly_cost(settings) -> float | None:
    """The yearly cost of the approach (realised costs minus compensations), or None without costs."""
    if settings is None:
        return None
    from evalkit.costinputs import costs_and_compensations

    costs, compensations = costs_and_compensations(settings)
    return float(sum(costs.values()) - sum(compensations.values()))


def from_counts(table: pd.DataFrame) -> pd.Series:
    """True for the rows whose value is a share of the row's two counts (hidden with them)."""
    return table["indicator"].map(lambda name: INDICATORS[name][2]).astype(bool)


def published_indicators(written: pd.DataFrame) -> list[str]:
    """The indicators of the published table, in report order."""
    return [name for name in INDICATORS if (written["indicator"] == name).any()]


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def indicator_view(written: pd.DataFrame, name: str, lang: str) -> pd.DataFrame:
    """One indicator of the published table as the report shows it: a row per peildatum."""
    from evalkit.publish import format_estimate

    mine = written[written["indicator"] == name]
    unit = INDICATORS[name][0]
    decimals = {"share": 1, "number": 1, "int": 0, "ratio": 2, "eur": 0}[unit]
    values = [format_estimate(*(None if np.isnan(v) else v for v in triple),
                              lang=lang, decimals=decimals, percent=unit == "share",
                              missing_key="value.none")
              if unit != "eur" else (labels.format_amount(triple[0], lang)
                                     if not np.isnan(triple[0]) else labels.t("value.none", lang))
              for triple in zip(_numbers(mine, "value"), _numbers(mine, "lower"),
                                _numbers(mine, "upper"), strict=True)]
    shown = pd.DataFrame({
        labels.t("col.peildatum", lang): [labels.format_date(date.fromisoformat(d), lang)
                                          for d in mine["peildatum"]],
        labels.t("col.people", lang): mine["people"].to_numpy(),
        labels.t("col.count", lang): mine["count"].to_numpy(),
        labels.t("col.estimate", lang): values})
    if not INDICATORS[name][2]:
        shown = shown.drop(columns=[labels.t("col.count", lang)])
    return shown


def trend_figure(written: pd.DataFrame, name: str, lang: str, target=None):
    """The trend chart of one indicator: its value per peildatum, the 95% band, the target."""
    from evalkit import figures

    mine = written[written["indicator"] == name]
    return figures.trend([date.fromisoformat(d) for d in mine["peildatum"]],
                         _numbers(mine, "value"), _numbers(mine, "lower"),
                         _numbers(mine, "upper"), lang=lang,
                         ylabel=labels.t(f"headline.{name}", lang),
                         percent=INDICATORS[name][0] == "share",
                         target=None if target is None else target.value,
                         target_label=labels.t("series.target_line", lang),
                         interval_label=labels.t("series.interval", lang))


def changes_table(found: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """The changes as published: blank where the published table hides a value, with units.

    A change of a share whose count is hidden at either peildatum would give
    the count back, so such a row keeps only its name. ``change_unit`` is the
    kind of ``change``, ``lower`` and ``upper`` (``points`` for a share).
    """
    out = found.astype({"beyond_chance": object})  # blanked below: NaN beside True/False
    shown = _shown(shown)
    for position, row in enumerate(found.itertuples(index=False)):
        mine = shown[shown["indicator"] == row.indicator].iloc[-2:]
        if len(mine) < 2 or (mine["value"] == "").any():
            out.iloc[position, 1:] = np.nan
    out["judged"] = [("beyond" if b else "within") if b is not None and not pd.isna(c)
                     else "untested" for b, c in zip(out["beyond_chance"], out["change"],
                                                     strict=True)]
    out["unit"] = out["indicator"].map(lambda n: INDICATORS[n][0])
    # the change of a share is a difference of percentages: percentage points (procentpunt)
    out["change_unit"] = out["unit"].replace("share", "points")
    return out.drop(columns=["beyond_chance"])


#: Headers of the changes and targets tables.
CHANGE_HEADERS = {"indicator": "col.indicator", "before": "col.before", "after": "col.after",
                  "change": "col.change", "lower": "col.low95", "upper": "col.high95",
                  "judged": "col.judged"}
TARGET_HEADERS = {"indicator": "col.indicator", "peildatum": "col.peildatum",
                  "target": "col.target", "direction": "col.direction", "value": "col.value",
                  "lower": "col.low95", "upper": "col.high95", "state": "col.state"}


def unit_of(name: str) -> str:
    """How an indicator's values are written and shown (a ``publish.VALUE_KINDS`` key)."""
    return INDICATORS[name][0]


def counts_figure(written: pd.DataFrame, columns: tuple[str, ...], lang: str, ylabel: str):
    """A published count table of the series as lines, one per column (gaps where hidden)."""
    from evalkit import figures

    return figures.count_lines(
        [date.fromisoformat(d) for d in written["peildatum"]],
        {labels.t(HEADERS[c], lang): _numbers(written, c) for c in columns},
        lang=lang, ylabel=ylabel)
