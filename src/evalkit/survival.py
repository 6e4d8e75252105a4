"""Time-to-event estimators: Kaplan-Meier, Aalen-Johansen, waiting times, log-rank.

Kaplan-Meier and the log-rank test come from lifelines. The Aalen-Johansen
cumulative incidence is computed here, vectorised, from its definition

    CIF_k(t) = sum over event times t_i <= t of S(t_i-) * d_k,i / n_i

because lifelines' ``AalenJohansenFitter`` breaks tied times of different
causes by random jitter (results change from run to run) and its variance is
quadratic in the number of events (hours on 300,000 people). Ties are handled
exactly: all events at one time share the same risk set. Intervals for a
cumulative incidence come from a seeded percentile bootstrap, so the same
input gives the same interval. ``sksurv`` cross-checks the estimator in the tests.

Durations are in days; the report shows months (``DAYS_PER_MONTH``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

DAYS_PER_MONTH = 365.25 / 12
CENSORED = 0
#: Competing exits from benefits (docs/methods.md): 1 work, 2 education, 3 other.
CAUSE_OF_GROUP = {"work": 1, "education": 2, "other": 3}


# --------------------------------------------------------------------------- durations


def durations(start: pd.Series, end: pd.Series, reference_date: date,
              censor_at: pd.Series | None = None) -> pd.DataFrame:
    """Days from ``start`` to ``end``, censored at the reference date (or earlier).

    Parameters
    ----------
    start, end : pandas.Series
        Dates (datetime64); rows without a start, or starting after the
        reference date, are left out.
    reference_date : date
        The peildatum: an end after it, or no end, is censored there.
    censor_at : pandas.Series, optional
        A per-person censoring date before the reference date (for example
        leaving benefits before the next step): an end after it is censored there.

    Returns
    -------
    pandas.DataFrame
        ``duration`` in days (float, at least 0) and ``observed`` (bool),
        indexed like ``start``.
    """
    ref = pd.Timestamp(reference_date)
    keep = start.notna() & (start <= ref)
    s, e = start[keep], end[keep]
    limit = pd.Series(ref, index=s.index)
    if censor_at is not None:
        limit = censor_at[keep].where(censor_at[keep] < ref, ref).fillna(ref)
    observed = e.notna() & (e <= limit)
    stop = e.where(observed, limit)
    days = (stop - s).dt.days.astype(float).clip(lower=0)
    return pd.DataFrame({"duration": days, "observed": observed.astype(bool)})


def outflow_events(clients: pd.DataFrame, reference_date: date,
                   origin: str = "benefit_start_date") -> pd.DataFrame:
    """Duration from the origin to leaving benefits, with the competing exit as event code.

    Moving to another municipality while on benefits is censoring, not an
    exit (docs/methods.md): the person leaves the caseload, not bijstand.

    Parameters
    ----------
    clients : pandas.DataFrame
        Processed clients.
    reference_date : date
        The peildatum.
    origin : str
        The start of the clock: ``benefit_start_date`` (default),
        ``housing_date`` or ``intake_date``.

    Returns
    -------
    pandas.DataFrame
        ``duration`` (days), ``event`` (0 censored, 1 work, 2 education,
        3 other), indexed like ``clients``; people without an origin date
        before the reference date are left out.
    """
    from evalkit.schema import REASON_GROUP

    frame = durations(clients[origin], clients["outflow_date"], reference_date)
    reasons = clients.loc[frame.index, "outflow_reason"]
    group = reasons.map(REASON_GROUP, na_action="ignore").fillna("other")
    event = group.map(CAUSE_OF_GROUP).where(frame["observed"], CENSORED)
    event = event.where(~(frame["observed"] & (reasons == "moved")), CENSORED)
    return pd.DataFrame({"duration": frame["duration"], "event": event.astype(int)})


# --------------------------------------------------------------------------- Aalen-Johansen


def aalen_johansen(duration: np.ndarray | pd.Series, event: np.ndarray | pd.Series,
                   causes: tuple[int, ...] = (1, 2, 3)) -> pd.DataFrame:
    """Cumulative incidence of competing events, and overall survival, at every event time.

    Parameters
    ----------
    duration : array-like
        Time to event or censoring (non-negative).
    event : array-like of int
        0 for censored, otherwise the cause.
    causes : tuple of int
        The causes to estimate.

    Returns
    -------
    pandas.DataFrame
        One row per distinct time with at least one event: ``time``,
        ``at_risk``, ``events``, ``survival`` (all-cause Kaplan-Meier just
        after ``time``) and ``cif_<cause>`` for each cause. A first row at
        time 0 holds the starting values. By construction the CIFs plus the
        survival sum to one at every time.
    """
    t = np.asarray(duration, dtype=float)
    e = np.asarray(event, dtype=int)
    if t.shape != e.shape:
        raise ValueError("duration and event must have the same length")
    order = np.argsort(t, kind="stable")
    t, e = t[order], e[order]
    times = np.unique(t[e != CENSORED])
    n = len(t)
    at_risk = n - np.searchsorted(t, times, side="left")
    deaths = {}
    for cause in causes:
        tc = t[e == cause]
        deaths[cause] = (np.searchsorted(tc, times, side="right")
                         - np.searchsorted(tc, times, side="left"))
    total = np.sum([deaths[c] for c in causes], axis=0) if causes else np.zeros(len(times))
    others = (np.searchsorted(t[(e != CENSORED) & ~np.isin(e, causes)], times, side="right")
              - np.searchsorted(t[(e != CENSORED) & ~np.isin(e, causes)], times, side="left"))
    total = total + others
    hazard = np.divide(total, at_risk, out=np.zeros(len(times)), where=at_risk > 0)
    survival = np.cumprod(1 - hazard)
    before = np.concatenate([[1.0], survival[:-1]])
    out = {"time": np.concatenate([[0.0], times]),
           "at_risk": np.concatenate([[n], at_risk]),
           "events": np.concatenate([[0], total]),
           "survival": np.concatenate([[1.0], survival])}
    for cause in causes:
        increments = np.divide(before * deaths[cause], at_risk, out=np.zeros(len(times)),
                               where=at_risk > 0)
        out[f"cif_{cause}"] = np.concatenate([[0.0], np.cumsum(increments)])
    return pd.DataFrame(out)


def value_at(curve: pd.DataFrame, column: str, times: list[float] | np.ndarray) -> np.ndarray:
    """Read a right-continuous step curve at the given times."""
    index = np.searchsorted(curve["time"].to_numpy(), np.asarray(times, dtype=float),
                            side="right") - 1
    return curve[column].to_numpy()[np.clip(index, 0, None)]


def at_risk_at(duration: np.ndarray | pd.Series, times: list[float] | np.ndarray) -> np.ndarray:
    """How many are still followed (not yet ended or censored) just before each time."""
    t = np.sort(np.asarray(duration, dtype=float))
    return len(t) - np.searchsorted(t, np.asarray(times, dtype=float), side="left")


def bootstrap_cif(duration: np.ndarray | pd.Series, event: np.ndarray | pd.Series,
                  times: list[float], cause: int, *, reps: int = 200, seed: int = 20200131,
                  alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Seeded percentile-bootstrap interval of one cumulative incidence at given times.

    The people are put in one canonical order (by time, then event) before
    they are drawn: a resample draws positions, so without it the same people
    in another row order of the file (another export, a sorted sheet) would
    give other resamples and another interval.

    Returns
    -------
    lower, upper : numpy.ndarray
        The ``alpha/2`` and ``1 - alpha/2`` quantiles over ``reps`` resamples.
    """
    t, event = canonical_order(np.asarray(duration, dtype=float),
                               np.asarray(event, dtype=np.int64))
    n = len(t)
    key = _digest((t, event, np.asarray(times, dtype=float)),
                  (int(cause), int(reps), int(seed), float(alpha)))
    remembered = _BOOTSTRAPS.get(key)
    if remembered is not None:
        return remembered[0].copy(), remembered[1].copy()
    rng = np.random.default_rng(seed)
    grid = ResampleGrid(t, event)
    draws = np.empty((reps, len(times)))
    keys, width = grid.tally_keys(cause), 3 * len(grid.times)
    for start, tallies in resample_tallies(rng, n, reps, keys, width):
        draws[start:start + len(tallies)] = grid.cif_of_tallies(tallies, times)
    lower, upper = np.quantile(draws, [alpha / 2, 1 - alpha / 2], axis=0)
    _BOOTSTRAPS.put(key, (lower.copy(), upper.copy()))
    return lower, upper


def canonical_order(*columns: np.ndarray) -> list[np.ndarray]:
    """The same rows sorted by every column (the first column first): one order for any order.

    People who agree in every column are interchangeable, so a resample of
    positions in this order depends only on which people there are, not on the
    order the file listed them in. A column of text is sorted by its values.
    """
    if not len(columns) or not len(columns[0]):
        return list(columns)
    keys = [np.unique(c.astype(str), return_inverse=True)[1] if c.dtype == object else c
            for c in columns]
    order = np.lexsort(keys[::-1])
    return [c[order] for c in columns]


class _Remembered:
    """What a computation of this module gave, by a digest of its inputs (``_digest``).

    A run asks for the same estimates again and again: the whole group's intervals in the
    outflow stage, the framework and its series of indicators; the subgroups' fits and
    tests, and the waiting times, in each pass of the stages (the disclosure audit runs
    them twice on the example). The kernel keeps this between stages (only
    ``sys.modules`` stays), so a stage gets what a kernel of its own would compute.
    Bounded: emptied when a new result would make more than ``entries`` results or
    results of more than ``people`` people; a result of more people is not kept.
    """

    def __init__(self, entries: int = 256, people: int = 1_000_000):
        self.entries, self.people = entries, people
        self._found: dict[str, object] = {}
        self._held = 0

    def get(self, key: str):
        return self._found.get(key)

    def put(self, key: str, value, people: int = 0) -> None:
        if people > self.people:
            return
        if len(self._found) >= self.entries or self._held + people > self.people:
            self.clear()
        self._found[key] = value
        self._held += people

    def clear(self) -> None:
        self._found.clear()
        self._held = 0


#: Intervals ``bootstrap_cif`` gave (at 300,000 people each took 0.4 s).
_BOOTSTRAPS = _Remembered()
#: Kaplan-Meier fits (``kaplan_meier``) and log-rank tests (``logrank``). A fit holds
#: arrays of its people, and a large fit is quick next to its memory (47 ms at 300,000
#: people): the fits of 100,000 people at most are kept (some 3 MB).
_FITS = _Remembered(people=100_000)
_TESTS = _Remembered()


def _digest(arrays, values: tuple) -> str:
    """A digest of arrays (their type, shape and bytes) and plain values."""
    import hashlib

    digest = hashlib.blake2b(digest_size=20)
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(array.tobytes())
    digest.update(repr(values).encode())
    return digest.hexdigest()


def resample_tallies(rng: np.random.Generator, n: int, reps: int,
                     keys: np.ndarray | None = None, width: int | None = None):
    """Bootstrap resamples of ``n`` people, tallied, a bounded chunk at a time.

    Yields ``(start, tallies)``: one row per resample (``start`` is the number
    of the first). A row counts the people drawn: per person (column ``i`` is
    person ``i``), or per key, person ``i`` counting in column ``keys[i]`` of
    ``width`` (``ResampleGrid.tally_keys``). Each resample is one draw of ``n``
    from ``rng``, in the order a loop over the resamples draws them: numpy's
    bounded integers drawn in one call would not give that stream, and the
    intervals would not be those of the loop.
    """
    width = n if width is None else width
    chunk = max(1, 4_000_000 // max(width, 1))  # resamples at a time: memory stays bounded
    for start in range(0, reps, chunk):
        tallies = np.empty((min(chunk, reps - start), width))
        for row in range(len(tallies)):
            drawn = rng.integers(0, n, size=n)
            tallies[row] = np.bincount(drawn if keys is None else keys[drawn], minlength=width)
        yield start, tallies


class ResampleGrid:
    """Survival estimates of many resamples of the same people at once, as counts per person.

    A resample is given by how often each person is in it (``counts``, one row
    per resample, one column per person sorted by time: ``counts[:, order]``
    of counts per person as given), or by tallies of the people drawn
    (``cif_of_tallies``). On the grid of
    every distinct time of all the people, a time that a resample lacks changes
    no estimate: its survival is multiplied by exactly 1 and its sums get
    exactly 0 added. So each row's estimate equals, bit for bit, the estimator
    run on that resample alone, as a loop over the resamples computes it
    (tests/test_survival.py compares both).

    Parameters
    ----------
    duration : array-like
        Time to event or censoring of each person.
    event : array-like of int
        0 for censored, otherwise the cause (or True/False for one kind of event).
    """

    def __init__(self, duration: np.ndarray | pd.Series, event: np.ndarray | pd.Series):
        t = np.asarray(duration, dtype=float)
        e = np.asarray(event, dtype=int)
        self.order = np.argsort(t, kind="stable")
        self.times, self._first, inverse = np.unique(t[self.order], return_index=True,
                                                     return_inverse=True)
        self._event = e[self.order]
        self._given_event = e
        self._time_of = np.empty(len(t), dtype=np.intp)  # each person's distinct time, as given
        self._time_of[self.order] = inverse.reshape(-1)

    def _per_time(self, counts: np.ndarray, which: np.ndarray | None = None) -> np.ndarray:
        """How many of each resample are at each distinct time (of those in ``which``)."""
        if which is not None:
            counts = counts * which
        return np.add.reduceat(counts, self._first, axis=1)

    def cif(self, counts: np.ndarray, cause: int, times: list[float]) -> np.ndarray:
        """The Aalen-Johansen cumulative incidence of ``cause`` at ``times``, per resample.

        As ``aalen_johansen`` then ``value_at`` give it on each resample.
        """
        return self._cif(self._per_time(counts), self._per_time(counts, self._event != CENSORED),
                         self._per_time(counts, self._event == cause), times)

    def tally_keys(self, cause: int) -> np.ndarray:
        """Each person's place (as given) in a resample's tallies (``cif_of_tallies``).

        A resample of people drawn is tallied with one ``bincount`` of their
        keys, ``minlength=3 * len(times)``: by distinct time, how many of them
        were censored, left by ``cause``, and left by another cause.
        """
        kind = np.where(self._given_event == CENSORED, 0,
                        np.where(self._given_event == cause, 1, 2))
        return kind * len(self.times) + self._time_of

    def cif_of_tallies(self, tallies: np.ndarray, times: list[float]) -> np.ndarray:
        """As ``cif``, of resamples given as tallies (``tally_keys``), one row per resample.

        Tallying the people drawn at once, instead of counting every person
        first, is what makes the bootstrap of 300,000 people cheap. The tallies
        are whole numbers, as the sums of the counts are, so every curve is bit
        for bit that of ``cif``.
        """
        censored, of_cause, other = np.split(np.asarray(tallies, dtype=float), 3, axis=1)
        events = of_cause + other
        return self._cif(events + censored, events, of_cause, times)

    def _cif(self, removed: np.ndarray, events: np.ndarray, cause_events: np.ndarray,
             times: list[float]) -> np.ndarray:
        """The cumulative incidence at ``times`` from how many leave at each distinct time:
        for any reason (``removed``), by an event, by the cause."""
        read = np.clip(np.searchsorted(self.times, np.asarray(times, dtype=float),
                                       side="right") - 1, -1, None)
        at_risk = np.cumsum(removed[:, ::-1], axis=1)[:, ::-1]
        hazard = np.divide(events, at_risk, out=np.zeros_like(events), where=at_risk > 0)
        survival = np.cumprod(1 - hazard, axis=1)
        before = np.concatenate([np.ones((len(removed), 1)), survival[:, :-1]], axis=1)
        increments = np.divide(before * cause_events, at_risk, out=np.zeros_like(events),
                               where=at_risk > 0)
        cif = np.concatenate([np.zeros((len(removed), 1)), np.cumsum(increments, axis=1)],
                             axis=1)
        return cif[:, read + 1]

    def km_median(self, counts: np.ndarray) -> np.ndarray:
        """The Kaplan-Meier median per resample (NaN where not reached or nobody is in it).

        As ``kaplan_meier`` then ``median_time`` give it on each resample:
        lifelines' product limit, summed as logarithms (``log(n - d) - log(n)``
        at each time, then ``exp`` of their running sum), and its median, the
        first time at which the survival is at most one half. lifelines' table
        starts at time 0 (or the earliest time, when it is negative); the grid
        does too, with nobody leaving there unless someone's time is 0.
        """
        removed = self._per_time(counts)
        deaths = self._per_time(counts, self._event != CENSORED)
        times = self.times
        if not len(times) or times[0] > 0:
            times = np.concatenate([[0.0], times])
            removed, deaths = (np.concatenate([np.zeros((len(counts), 1)), a], axis=1)
                               for a in (removed, deaths))
        people = removed.sum(axis=1, keepdims=True)
        population = people - np.concatenate([np.zeros((len(counts), 1)),
                                              np.cumsum(removed, axis=1)[:, :-1]], axis=1)
        # after a resample's last time nobody is left (lifelines' table ends there): its steps
        # are NaN, and NaN is never at most one half, so they cannot move the median
        with np.errstate(invalid="ignore", divide="ignore"):
            steps = np.log(population - deaths) - np.log(population)
        survival = np.exp(np.cumsum(steps, axis=1))
        half = survival <= 0.5
        reached = half.any(axis=1) & (people[:, 0] > 0)
        return np.where(reached, times[np.argmax(half, axis=1)], np.nan)


# --------------------------------------------------------------------------- Kaplan-Meier


@dataclass(frozen=True)
class Median:
    """A median time with its 95% interval, in days; None where it is not reached."""

    median: float | None
    lower: float | None
    upper: float | None


def _finite(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def kaplan_meier(duration: pd.Series, observed: pd.Series):
    """Fit lifelines' Kaplan-Meier estimator (exact ties, no jitter).

    A fit asked for again (``_FITS``) is a copy of the first: the same numbers, without
    fitting again.
    """
    import copy

    from lifelines import KaplanMeierFitter

    t, observed = np.asarray(duration, dtype=float), np.asarray(observed, dtype=bool)
    key = _digest((t, observed), ())
    fitter = _FITS.get(key)
    if fitter is None:
        fitter = KaplanMeierFitter(alpha=0.05)
        fitter.fit(t, observed)
        _FITS.put(key, fitter, len(t))
    return copy.deepcopy(fitter)


def median_time(fitter, threshold: int = 0) -> Median:
    """The median and its 95% interval from a fitted Kaplan-Meier, "not reached" as None.

    Parameters
    ----------
    fitter : lifelines.KaplanMeierFitter
        A fitted Kaplan-Meier (``kaplan_meier``).
    threshold : int, default 0
        The disclosure threshold. A published curve stops where fewer than
        ``threshold`` people remain at risk (``disclosure.cut_curve``), so a
        median or bound read at a later time is not reached on the curve as
        shown: it is None as well (for the upper bound: open). Without a
        threshold every crossing counts.
    """
    from lifelines.utils import median_survival_times

    band = median_survival_times(fitter.confidence_interval_)
    times = [_finite(t) for t in (fitter.median_survival_time_, band.iloc[0, 0],
                                  band.iloc[0, 1])]
    if threshold > 0:
        read = [t for t in times if t is not None]
        shown = dict(zip(read, at_risk_at(fitter.durations, read) >= threshold, strict=True))
        times = [t if t is not None and shown[t] else None for t in times]
    return Median(*times)


def km_curve(fitter) -> pd.DataFrame:
    """A fitted Kaplan-Meier as a table: time, at risk, survival and its 95% band."""
    table = fitter.event_table
    band = fitter.confidence_interval_
    return pd.DataFrame({
        "time": fitter.survival_function_.index.to_numpy(dtype=float),
        "at_risk": table["at_risk"].to_numpy(),
        "survival": fitter.survival_function_.iloc[:, 0].to_numpy(),
        "lower": band.iloc[:, 0].to_numpy(),
        "upper": band.iloc[:, 1].to_numpy(),
    })


def share_ended_by(fitter, days: float, threshold: int = 0) -> tuple[float, float, float]:
    """1 - S(days) with its 95% interval: the share whose wait ended within ``days``.

    NaN where fewer than ``threshold`` are still waiting at ``days``: the
    published curve stops before it (``median_time``).
    """
    if at_risk_at(fitter.durations, [days])[0] < threshold:
        return np.nan, np.nan, np.nan
    s = float(fitter.survival_function_at_times(days).iloc[0])
    band = fitter.confidence_interval_
    index = np.searchsorted(band.index.to_numpy(dtype=float), days, side="right") - 1
    low_s, high_s = band.iloc[max(index, 0)]
    return 1 - s, 1 - float(high_s), 1 - float(low_s)


def logrank(duration: pd.Series, observed: pd.Series, groups: pd.Series) -> tuple[float, float]:
    """Log-rank test across groups (lifelines): the statistic and its p-value.

    A test asked for again (``_TESTS``) is given as it was computed the first time.
    """
    from lifelines.statistics import multivariate_logrank_test

    t, observed, groups = (np.asarray(duration, dtype=float), np.asarray(observed, dtype=bool),
                           np.asarray(groups))
    codes, names = pd.factorize(groups)
    key = _digest((t, observed, codes), tuple(names.tolist()))
    found = _TESTS.get(key)
    if found is None:
        result = multivariate_logrank_test(t, groups, observed)
        found = float(result.test_statistic), float(result.p_value)
        _TESTS.put(key, found)
    return found
