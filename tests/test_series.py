"""Interim series: peildata, estimates per peildatum, the paired change, targets, the report."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
import yaml

from conftest import assert_notebooks_quiet, make_project, run_cli, shared_run
from evalkit import series, survival
from evalkit.config import Series, Target


def test_every_six_months_from_a_start_ends_at_the_file_date():
    days = series.peildata(Series(every=6, start=date(2018, 1, 31)), date(2020, 1, 31))
    assert days == [date(2018, 1, 31), date(2018, 7, 31), date(2019, 1, 31),
                    date(2019, 7, 31), date(2020, 1, 31)]


def test_month_ends_are_counted_from_the_start_not_chained():
    days = series.peildata(Series(every=6, start=date(2018, 8, 31)), date(2019, 9, 30))
    assert days == [date(2018, 8, 31), date(2019, 2, 28), date(2019, 8, 31), date(2019, 9, 30)]


def test_a_list_of_peildata_is_sorted_and_gets_the_file_date():
    days = series.peildata(Series(peildata=[date(2023, 12, 31), date(2022, 12, 31)]),
                           date(2024, 12, 31))
    assert days == [date(2022, 12, 31), date(2023, 12, 31), date(2024, 12, 31)]


def test_a_series_needs_one_way_of_naming_its_peildata():
    with pytest.raises(ValueError, match="give peildata"):
        Series()
    with pytest.raises(ValueError, match="not both"):
        Series(peildata=[date(2019, 1, 31)], every=6, start=date(2018, 1, 31))


@pytest.mark.parametrize(("value", "lower", "upper", "direction", "state"), [
    (0.30, 0.27, 0.33, "at_least", "on_track"),
    (0.20, 0.18, 0.23, "at_least", "behind"),
    (0.24, 0.21, 0.27, "at_least", "undecided"),
    (120, 100, 140, "at_most", "undecided"),
    (120, 100, 110, "at_most", "on_track"),
    (471, 450, 499, "at_most", "behind"),
])
def test_a_target_is_judged_with_the_interval(value, lower, upper, direction, state):
    target = 0.25 if direction == "at_least" else 180 if value > 200 else 115
    assert series.target_state(value, lower, upper, target, direction) == state


@pytest.fixture(scope="module")
def views(example_clients):
    from evalkit import io

    clients = io.processed_frame(example_clients)
    return series.views(clients, [date(2019, 7, 31), date(2020, 1, 31)], "benefit_start_date")


def test_the_last_peildatum_equals_the_single_evaluation(views, root):
    """The series at the file's own date gives the single run's published whole-group figures
    (which tests/test_outflow.py checks against KplusV where it printed them)."""
    found, _ = series.indicators(views, threshold=10, reps=200, seed=20200131)
    last = found[found["peildatum"] == "2020-01-31"].set_index("indicator")
    # the example run's outflow_whole_group.csv (cif_work_24 0.2152, 241 full-time, 471 days)
    assert last.loc["cif_work_24", "value"] == pytest.approx(0.2152, abs=5e-5)
    assert last.loc["share_fulltime_work", "count"] == 241
    assert last.loc["median_wait_housing_intake", "value"] == 471
    assert last.loc["share_left_work", "count"] == 290 and last.loc["share_left_work",
                                                                    "people"] == 1000


def test_the_paired_interval_of_a_change_is_narrower_than_an_independent_one(views):
    from statsmodels.stats.proportion import confint_proportions_2indep

    found = series.changes(*views, reps=200, seed=1).set_index("indicator")
    row = found.loc["share_left_work"]
    assert row["lower"] < row["change"] < row["upper"]
    before, after = views
    n0, n1 = len(before.clients), len(after.clients)
    k0 = int(before.facts["status"].eq("left_work").sum())
    k1 = int(after.facts["status"].eq("left_work").sum())
    low, high = confint_proportions_2indep(k1, n1, k0, n0, method="newcomb")
    assert row["change"] == pytest.approx(k1 / n1 - k0 / n0)
    # the same people at both dates: the independent interval overstates the uncertainty
    assert row["upper"] - row["lower"] < (high - low) * 0.8


def _changes_by_loop(earlier, later, *, reps, seed):
    """The paired bootstrap's draws as first written: the indicators of each resample, one by
    one, with lifelines' Kaplan-Meier and ``survival.aalen_johansen``."""
    people = later.clients.index
    was_there = people.isin(earlier.clients.index)
    a_before, a_after = series._arrays(earlier, people), series._arrays(later, people)
    ordered = survival.canonical_order(was_there, *a_before, *a_after)  # as ``changes`` draws
    was_there, a_before, a_after = ordered[0], ordered[1:7], ordered[7:]
    rng = np.random.default_rng(seed)
    draws = {name: [] for name in series.TESTED}
    for _ in range(reps):
        take = rng.integers(0, len(people), len(people))
        then = take[was_there[take]]
        b = series._point_values(*(a[then] for a in a_before))
        a = series._point_values(*(a[take] for a in a_after))
        for name in series.TESTED:
            draws[name].append(a.get(name, np.nan) - b.get(name, np.nan))
    kept = {name: np.asarray(found)[~np.isnan(found)] for name, found in draws.items()}
    return {name: np.percentile(found, [2.5, 97.5]) if len(found) >= reps // 2
            else np.array([np.nan, np.nan]) for name, found in kept.items()}


@pytest.mark.parametrize("earlier", [date(2017, 1, 31), date(2019, 7, 31)])
def test_the_paired_bootstrap_is_bit_for_bit_the_loop_over_resamples(example_clients, earlier):
    """All resamples at once (``series._Resampled``) give the intervals a loop gave, exactly;
    2017-01-31 has few people known, some resamples without an exit or a wait ended."""
    from evalkit import io

    clients = io.processed_frame(example_clients)
    pair = series.views(clients, [earlier, date(2020, 1, 31)], "benefit_start_date")
    found = series.changes(*pair, reps=60, seed=3).set_index("indicator")
    expected = _changes_by_loop(*pair, reps=60, seed=3)
    assert set(found.index) == set(series.TESTED)
    for name in series.TESTED:
        interval = found.loc[name, ["lower", "upper"]].to_numpy(dtype=float)
        assert np.array_equal(interval, expected[name], equal_nan=True), name
    assert found["lower"].notna().sum() >= 5


def test_the_same_people_in_another_row_order_get_the_same_changes(example_clients):
    """Another export of the same file, its rows in another order, must not move an interval
    of a change: the resamples draw from the people in one canonical order."""
    from evalkit import io

    clients = io.processed_frame(example_clients)
    days = [date(2019, 7, 31), date(2020, 1, 31)]
    first = series.changes(*series.views(clients, days, "benefit_start_date"), reps=40, seed=2)
    shuffled = clients.sample(frac=1, random_state=5)
    again = series.changes(*series.views(shuffled, days, "benefit_start_date"), reps=40, seed=2)
    assert first["lower"].notna().sum() >= 5
    pd.testing.assert_frame_equal(first, again)


def test_a_change_with_a_hidden_value_is_published_without_numbers(views):
    found = series.changes(*views, reps=50, seed=1)
    shown = pd.DataFrame({"indicator": ["share_left_work"] * 2, "peildatum": ["a", "b"],
                          "value": ["0.2407", ""]})
    table = series.changes_table(found, shown)
    row = table[table["indicator"] == "share_left_work"].iloc[0]
    assert np.isnan(row["before"]) and np.isnan(row["change"]) and row["judged"] == "untested"
    assert not series.change_sentences(found[found["indicator"] == "share_left_work"], shown, "nl")


def test_sentences_say_from_what_to_what_and_whether_chance_explains_it():
    found = pd.DataFrame([{"indicator": "share_left_work", "before": 0.24, "after": 0.29,
                           "change": 0.05, "lower": 0.03, "upper": 0.07, "beyond_chance": True}])
    shown = pd.DataFrame({"indicator": ["share_left_work"] * 2, "value": ["0.24", "0.29"]})
    (nl,) = series.change_sentences(found, shown, "nl")
    assert nl.startswith("Aandeel uitgestroomd naar werk: gestegen van 24,0% naar 29,0%")
    assert "meer dan toeval alleen verklaart" in nl
    (en,) = series.change_sentences(found, shown, "en")
    assert "rose from 24.0% to 29.0%" in en and "more than chance alone explains" in en


def test_targets_stand_beside_the_last_published_value():
    shown = pd.DataFrame({"indicator": ["cif_work_24"] * 2, "peildatum": ["2019-07-31",
                                                                          "2020-01-31"],
                          "value": ["0.2080", "0.2152"], "lower": ["0.1772", "0.1946"],
                          "upper": ["0.2412", "0.2456"]})
    found = series.targets_table(shown, {"cif_work_24": Target(value=0.25)},
                                 {"cif_work_24": "at_least"})
    assert found.iloc[0]["state"] == "behind" and found.iloc[0]["peildatum"] == "2020-01-31"


@pytest.fixture(scope="session")
def example_series(tmp_path_factory):
    """The example's series, made once per test session (``shared_run``)."""
    project, done = shared_run(tmp_path_factory, "example_series", "series")
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "eindhoven-2020-01-31-series", done


def test_the_example_series_writes_its_report_and_tables(example_series):
    project, folder, done = example_series
    assert done.stdout.strip().endswith("reports/eindhoven-2020-01-31-series/report.html")
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "Tussentijdse evaluatie" in report and "Sinds de vorige tussentijdse evaluatie" in report
    assert report.index("Sinds de vorige") < report.index("Het verloop per peildatum")
    assert 'src="http' not in report and "url(http" not in report  # offline, self-contained
    for name in ("interim_status", "interim_exits", "interim_flows", "interim_indicators",
                 "interim_changes", "interim_targets", "disclosure_audit"):
        assert (folder / "tables" / f"{name}.csv").is_file(), name
    status = pd.read_csv(folder / "tables/interim_status.csv", dtype=str)
    assert list(status["peildatum"]) == ["2018-01-31", "2018-07-31", "2019-01-31",
                                         "2019-07-31", "2020-01-31"]
    assert status.iloc[-1]["people"] == "1000"
    assert len(list((folder / "figures").glob("interim_*.png"))) >= 8
    assert_notebooks_quiet(folder, project)


def test_the_series_matches_the_single_run_at_the_file_date(example_series, example_run):
    _, folder, _ = example_series
    _, single, _ = example_run
    status = pd.read_csv(folder / "tables/interim_status.csv", dtype=str).iloc[-1]
    cohort = pd.read_csv(single / "tables/cohort_status.csv", dtype=str).set_index("status")
    for code in ("left_work", "left_education", "in_support", "known_not_picked_up"):
        if status[code] not in ("x", "<10"):
            assert status[code] == cohort.loc[code, "count"], code


def test_every_small_count_of_the_series_stays_hidden_across_peildata(example_series):
    """The audit of the whole series found no hidden cell narrower than the threshold, so a
    count hidden at one date is not the difference of two published ones."""
    _, folder, _ = example_series
    audit = pd.read_csv(folder / "tables/disclosure_audit.csv", dtype=str)
    assert set(audit["table"]) >= {"interim_status", "interim_exits", "interim_indicators"}
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    assert '"kind": "series"' in manifest


def test_the_changes_open_the_report_as_sentences(example_series):
    _, folder, _ = example_series
    changes = pd.read_csv(folder / "tables/interim_changes.csv", dtype=str).set_index("indicator")
    wait = changes.loc["median_wait_housing_intake"]
    assert float(wait["upper"]) < 0 and wait["judged"] == "beyond"
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "Mediane wachttijd huisvesting → intake (dagen): gedaald van 537 dagen naar 471 dagen" \
        in report
    # the table writes the change of a share, and its interval, in percentage points
    assert float(changes.loc["share_in_support", "change"]) == 0.1029
    assert "<td>10,3 procentpunt</td><td>6,8 procentpunt</td><td>13,5 procentpunt</td>" in report
    assert "10,3%" not in report
    targets = pd.read_csv(folder / "tables/interim_targets.csv", dtype=str)
    assert set(targets["state"]) <= {"on_track", "behind", "undecided", "unknown"}


def test_verify_re_runs_the_series(example_series):
    project, folder, _ = example_series
    done = run_cli("verify", str(folder.relative_to(project)), cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("identical:")


def test_the_second_municipality_gets_a_yearly_series_in_english(tmp_path):
    project = make_project(tmp_path / "project")
    config = yaml.safe_load((project / "configs/example_lingedal.yml").read_text(
        encoding="utf-8"))
    config["lang"] = "en"
    (project / "configs/lingedal_en.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = run_cli("series", "configs/lingedal_en.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    folder = project / "reports/lingedal-2024-12-31-series"
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "Since the last interim evaluation" in report and "Eindhoven" not in report
    status = pd.read_csv(folder / "tables/interim_status.csv", dtype=str)
    assert list(status["peildatum"]) == ["2022-12-31", "2023-12-31", "2024-12-31"]
    assert not (folder / "tables/interim_indicators.csv").read_text().count("cost_per_person")


def test_a_config_without_a_series_block_is_told_what_to_add(scratch_project):
    config = yaml.safe_load((scratch_project / "configs/example.yml").read_text(encoding="utf-8"))
    del config["series"]
    (scratch_project / "configs/plain.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = run_cli("series", "configs/plain.yml", cwd=scratch_project)
    assert done.returncode != 0 and "has no series block" in done.stderr


def test_without_the_trend_table_nothing_is_published_with_numbers(views):
    """91 opened on its own in JupyterLab has no trend table of its scratch run: it says so and
    publishes no value, rather than failing or showing unprotected numbers."""
    found = series.changes(*views, reps=50, seed=1)
    table = series.changes_table(found, None)
    assert table[["before", "after", "change"]].isna().all().all()
    assert series.change_sentences(found, None, "nl") == []
    assert series.targets_table(None, {"cif_work_24": Target(value=0.25)},
                                {"cif_work_24": "at_least"}).empty
    assert "60_interim_trends" in series.missing_trends(None, "en")
    assert series.missing_trends(pd.DataFrame(), "en") is None
