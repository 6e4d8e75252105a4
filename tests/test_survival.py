from datetime import date

import numpy as np
import pandas as pd
import pytest

from evalkit import survival

REF = date(2020, 1, 31)


def test_hand_computed_small_case():
    """Six people; worked out on paper from CIF_k(t) = sum S(t_i-) d_k,i / n_i."""
    curve = survival.aalen_johansen([1, 2, 2, 3, 4, 5], [1, 2, 1, 0, 3, 1])
    assert curve["time"].tolist() == [0, 1, 2, 4, 5]
    assert curve["at_risk"].tolist() == [6, 6, 5, 2, 1]
    np.testing.assert_allclose(curve["cif_1"], [0, 1 / 6, 2 / 6, 2 / 6, 7 / 12])
    np.testing.assert_allclose(curve["cif_2"], [0, 0, 1 / 6, 1 / 6, 1 / 6])
    np.testing.assert_allclose(curve["cif_3"], [0, 0, 0, 1 / 4, 1 / 4])
    np.testing.assert_allclose(curve["survival"], [1, 5 / 6, 1 / 2, 1 / 4, 0])


def test_one_minus_km_with_the_others_censored_overstates():
    """docs/methods.md: 1 - KM treating competing exits as censored is the wrong estimator."""
    rng = np.random.default_rng(3)
    t = rng.exponential(400, 2000).round()
    e = rng.choice([1, 2, 3], size=2000)
    right = survival.value_at(survival.aalen_johansen(t, e), "cif_1", [730])[0]
    km = survival.kaplan_meier(t, e == 1)
    wrong = 1 - float(km.survival_function_at_times(730).iloc[0])
    assert wrong > right + 0.1


@pytest.mark.parametrize("seed", range(5))
def test_cumulative_incidences_plus_survival_sum_to_one(seed):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 60, 300)  # many ties, including ties across causes
    e = rng.choice([0, 1, 2, 3], size=300, p=[0.3, 0.4, 0.1, 0.2])
    curve = survival.aalen_johansen(t, e)
    total = curve[["cif_1", "cif_2", "cif_3"]].sum(axis=1) + curve["survival"]
    np.testing.assert_allclose(total, 1.0, atol=1e-12)


def test_agrees_with_scikit_survival_on_tied_competing_events():
    from sksurv.nonparametric import cumulative_incidence_competing_risks

    rng = np.random.default_rng(11)
    t = rng.integers(0, 40, 500).astype(float)
    e = rng.choice([0, 1, 2, 3], size=500, p=[0.25, 0.4, 0.15, 0.2])
    ours = survival.aalen_johansen(t, e)
    times, cif = cumulative_incidence_competing_risks(e, t)
    for cause in (1, 2, 3):
        np.testing.assert_allclose(survival.value_at(ours, f"cif_{cause}", times), cif[cause],
                                   atol=1e-6)


def test_deterministic_ties_same_result_in_any_row_order():
    t = np.array([5, 5, 5, 8, 8, 9, 12])
    e = np.array([1, 2, 3, 1, 0, 2, 1])
    first = survival.aalen_johansen(t, e)
    order = np.random.default_rng(0).permutation(len(t))
    pd.testing.assert_frame_equal(first, survival.aalen_johansen(t[order], e[order]))


def test_bootstrap_is_seeded():
    rng = np.random.default_rng(1)
    t = rng.integers(1, 500, 400)
    e = rng.choice([0, 1, 2], size=400)
    one = survival.bootstrap_cif(t, e, [100, 300], cause=1, reps=50, seed=7)
    survival._BOOTSTRAPS.clear()  # drawn again, not remembered
    two = survival.bootstrap_cif(t, e, [100, 300], cause=1, reps=50, seed=7)
    np.testing.assert_array_equal(one[0], two[0])
    point = survival.value_at(survival.aalen_johansen(t, e), "cif_1", [100, 300])
    assert (one[0] <= point).all() and (point <= one[1]).all()


def test_a_bootstrap_asked_for_again_is_remembered_and_handed_out_as_a_copy(monkeypatch):
    rng = np.random.default_rng(2)
    t = rng.integers(1, 500, 300).astype(float)
    e = rng.choice([0, 1, 2], size=300)
    survival._BOOTSTRAPS.clear()
    first = survival.bootstrap_cif(t, e, [100, 300], cause=2, reps=40, seed=5)
    expected = (first[0].copy(), first[1].copy())
    first[0][:] = -1.0  # a caller's change reaches no later caller

    class Drawn(Exception):
        pass

    def draw(*args, **kwargs):
        raise Drawn
        yield  # a generator, as resample_tallies is

    monkeypatch.setattr(survival, "resample_tallies", draw)
    again = survival.bootstrap_cif(t.copy(), list(e), [100.0, 300.0], cause=2, reps=40, seed=5)
    assert np.array_equal(again[0], expected[0]) and np.array_equal(again[1], expected[1])
    # anything the interval depends on asks for a bootstrap of its own
    changes = [{"seed": 6}, {"reps": 41}, {"cause": 1}, {"times": [100, 301]},
               {"alpha": 0.1}, {"duration": np.where(t == t[0], t + 1, t)},
               {"event": np.where(e == 2, 1, e)}]
    for change in changes:
        arguments = {"duration": t, "event": e, "times": [100, 300], "cause": 2, "reps": 40,
                     "seed": 5, **change}
        with pytest.raises(Drawn):
            survival.bootstrap_cif(arguments.pop("duration"), arguments.pop("event"),
                                   arguments.pop("times"), **arguments)


def _clients(rows):
    df = pd.DataFrame(rows, columns=["benefit_start_date", "outflow_date", "outflow_reason"])
    for c in ("benefit_start_date", "outflow_date"):
        df[c] = pd.to_datetime(df[c])
    return df


def _bootstrap_by_loop(duration, event, times, cause, reps=200, seed=20200131, alpha=0.05):
    """The bootstrap as it was first written: one Aalen-Johansen curve per resample, drawn
    from the people sorted by time and then event."""
    order = np.lexsort((event, duration))
    duration, event = duration[order], event[order]
    rng = np.random.default_rng(seed)
    draws = np.empty((reps, len(times)))
    for r in range(reps):
        pick = rng.integers(0, len(duration), size=len(duration))
        curve = survival.aalen_johansen(duration[pick], event[pick], causes=(cause,))
        draws[r] = survival.value_at(curve, f"cif_{cause}", times)
    return np.quantile(draws, [alpha / 2, 1 - alpha / 2], axis=0)


def test_a_kaplan_meier_fit_asked_for_again_is_a_copy_of_the_first(monkeypatch):
    from lifelines import KaplanMeierFitter

    rng = np.random.default_rng(3)
    t = rng.integers(1, 900, 250).astype(float)
    observed = rng.random(250) < 0.6
    survival._FITS.clear()
    first = survival.kaplan_meier(pd.Series(t), pd.Series(observed))
    expected = first.survival_function_.copy()
    first.survival_function_.iloc[:, 0] = -1.0  # a caller's change reaches no later caller

    class Fitted(Exception):
        pass

    def fit(self, *args, **kwargs):
        raise Fitted

    monkeypatch.setattr(KaplanMeierFitter, "fit", fit)
    again = survival.kaplan_meier(list(t), list(observed))
    pd.testing.assert_frame_equal(again.survival_function_, expected)
    kept = survival._FITS.get(survival._digest((t, observed), ()))
    assert again is not kept and again.median_survival_time_ == kept.median_survival_time_
    # other durations or other events are fitted anew
    for duration, event in ((np.where(t == t[0], t + 1, t), observed), (t, ~observed)):
        with pytest.raises(Fitted):
            survival.kaplan_meier(duration, event)


def test_a_log_rank_test_asked_for_again_is_remembered(monkeypatch):
    import lifelines.statistics

    rng = np.random.default_rng(4)
    t = rng.exponential(200, 120)
    observed = rng.random(120) < 0.7
    groups = np.repeat(["a", "b", "c"], 40)
    survival._TESTS.clear()
    first = survival.logrank(t, observed, groups)

    def test(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(lifelines.statistics, "multivariate_logrank_test", test)
    assert survival.logrank(pd.Series(t), pd.Series(observed), pd.Series(groups)) == first
    # other groups, even the same partition under other names, are a test of their own
    for other in (np.repeat(["a", "c", "b"], 40), np.repeat(["a", "b", "x"], 40)):
        with pytest.raises(AssertionError, match="computed again"):
            survival.logrank(t, observed, other)


def test_what_is_remembered_is_bounded_by_entries_and_people():
    memo = survival._Remembered(entries=3, people=100)
    for key in "abc":
        memo.put(key, key, people=10)
    assert [memo.get(k) for k in "abc"] == ["a", "b", "c"]
    memo.put("d", "d", people=10)  # a fourth entry: the memo starts again
    assert [memo.get(k) for k in "abcd"] == [None, None, None, "d"]
    memo.put("e", "e", people=95)  # 105 people: starts again
    assert memo.get("d") is None and memo.get("e") == "e"
    memo.put("f", "f", people=101)  # more people than it may hold: not kept, nothing lost
    assert memo.get("f") is None and memo.get("e") == "e"


@pytest.mark.parametrize("n", [1, 7, 120, 1001])
def test_vectorised_bootstrap_is_bit_for_bit_the_loop_over_resamples(n):
    rng = np.random.default_rng(n)
    duration = rng.integers(0, 40, size=n) * 30.0  # many ties, as in monthly data
    event = rng.integers(0, 4, size=n)
    times = [0.0, 15.0, 365.0, 730.0, 5000.0]
    for cause in (1, 2):
        lower, upper = survival.bootstrap_cif(duration, event, times, cause, reps=60, seed=n)
        expected = _bootstrap_by_loop(duration, event, times, cause, reps=60, seed=n)
        assert np.array_equal(lower, expected[0]) and np.array_equal(upper, expected[1])


def test_the_same_people_in_another_row_order_get_the_same_interval():
    """Another export of the same file (sorted otherwise) must not move an interval: the
    resamples are drawn from the people in one canonical order."""
    rng = np.random.default_rng(3)
    duration = rng.integers(0, 40, size=300) * 30.0
    event = rng.integers(0, 4, size=300)
    shuffled = rng.permutation(300)
    times = [365.0, 730.0]
    survival._BOOTSTRAPS.clear()
    first = survival.bootstrap_cif(duration, event, times, 1, reps=80, seed=11)
    survival._BOOTSTRAPS.clear()  # computed again, not remembered
    again = survival.bootstrap_cif(duration[shuffled], event[shuffled], times, 1, reps=80, seed=11)
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    frame = pd.DataFrame({"t": duration, "e": event})
    assert [list(c) for c in survival.canonical_order(duration[shuffled], event[shuffled])] == \
        [list(c) for c in (frame.sort_values(["t", "e"])[c].to_numpy() for c in "te")]


@pytest.mark.parametrize("n", [1, 9, 150, 1200])
def test_resampled_kaplan_meier_medians_are_lifelines_medians_bit_for_bit(n):
    """``ResampleGrid.km_median`` against lifelines fitted on each resample: ties, times of 0,
    resamples that never reach one half or hold nobody."""
    rng = np.random.default_rng(n)
    duration = rng.integers(0, 30, size=n) * 15.0
    observed = rng.random(n) < (0.2 if n == 9 else 0.7)
    grid = survival.ResampleGrid(duration, observed)
    counts = np.stack([np.bincount(rng.integers(0, n, size=n), minlength=n)
                       for _ in range(40)]).astype(float)
    counts[0] = 0
    found = grid.km_median(counts[:, grid.order])
    for row, median in zip(counts, found, strict=True):
        take = np.repeat(np.arange(n), row.astype(int))
        if not len(take):
            assert np.isnan(median)
            continue
        expected = survival.median_time(survival.kaplan_meier(
            pd.Series(duration[take]), pd.Series(observed[take]))).median
        assert (np.isnan(median) if expected is None else median == expected), (row, median)


def test_outflow_events_codes_censoring_and_moving():
    clients = _clients([
        ("2019-01-01", "2019-03-02", "fulltime_work"),   # work after 60 days
        ("2019-01-01", "2019-02-01", "education"),
        ("2019-01-01", "2019-02-01", "moved"),           # moving is censoring
        ("2019-01-01", None, None),                      # censored at the reference date
        ("2019-01-01", "2020-03-01", "parttime_work"),   # after the reference date: censored
        ("2020-03-01", None, None),                      # starts after: left out
        ("2019-01-01", "2019-01-01", "pension_age"),     # duration 0 is kept
    ])
    events = survival.outflow_events(clients, REF)
    assert events.index.tolist() == [0, 1, 2, 3, 4, 6]
    assert events["event"].tolist() == [1, 2, 0, 0, 0, 3]
    assert events["duration"].tolist() == [60, 31, 31, 395, 395, 0]


def test_median_not_reached_is_none():
    fitter = survival.kaplan_meier([10, 20, 30, 40], [True, False, False, False])
    assert survival.median_time(fitter).median is None


def test_median_and_interval():
    fitter = survival.kaplan_meier(np.arange(1, 101), np.ones(100, dtype=bool))
    median = survival.median_time(fitter)
    assert median.median == 50
    assert median.lower < 50 < median.upper


def test_a_median_read_where_fewer_than_the_threshold_remain_at_risk_is_not_reached():
    # 20 people leave one a day: the survival first falls below one half on day 11, with
    # exactly 10 still at risk just before it; the interval's upper end comes later, with fewer.
    duration = np.arange(1, 21)
    fitter = survival.kaplan_meier(duration, np.ones(20, dtype=bool))
    free = survival.median_time(fitter)
    assert (free.median, free.lower, free.upper) == (11, 5, 15)
    at_ten = survival.median_time(fitter, threshold=10)
    assert (at_ten.median, at_ten.lower, at_ten.upper) == (11, 5, None)  # upper end: open
    eleven = survival.median_time(fitter, threshold=11)
    # as the curve is published (cut before day 11) it never falls below one half
    assert (eleven.median, eleven.lower, eleven.upper) == (None, 5, None)


def test_outflow_events_from_another_origin():
    clients = _clients([("2019-01-01", "2019-03-02", "fulltime_work")])
    clients["intake_date"] = pd.to_datetime(["2019-02-01"])
    events = survival.outflow_events(clients, REF, origin="intake_date")
    assert events["duration"].tolist() == [29]


def test_share_ended_within_90_days():
    fitter = survival.kaplan_meier([30, 60, 100, 200], [True, True, True, True])
    share, low, high = survival.share_ended_by(fitter, 90)
    assert share == pytest.approx(0.5)
    assert low <= share <= high


def test_no_share_ended_where_fewer_than_the_threshold_still_wait():
    fitter = survival.kaplan_meier(np.arange(10, 130, 10), np.ones(12, dtype=bool))
    assert survival.at_risk_at(np.arange(10, 130, 10), [90])[0] == 4
    assert survival.share_ended_by(fitter, 90, threshold=4)[0] == pytest.approx(9 / 12)
    assert np.isnan(survival.share_ended_by(fitter, 90, threshold=5)).all()


def test_logrank_finds_a_real_difference():
    rng = np.random.default_rng(0)
    fast, slow = rng.exponential(100, 200), rng.exponential(300, 200)
    t = np.concatenate([fast, slow])
    stat, p = survival.logrank(t, np.ones(400, dtype=bool), np.repeat(["a", "b"], 200))
    assert p < 0.001


def test_durations_censored_at_an_earlier_date_per_person():
    start = pd.to_datetime(pd.Series(["2019-01-01", "2019-01-01", "2019-01-01"]))
    end = pd.to_datetime(pd.Series(["2019-01-31", "2019-03-02", None]))
    left = pd.to_datetime(pd.Series(["2019-02-10", "2019-02-10", None]))
    frame = survival.durations(start, end, REF, censor_at=left)
    assert frame["observed"].tolist() == [True, False, False]
    assert frame["duration"].tolist() == [30, 40, 395]
