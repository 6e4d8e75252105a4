"""National comparison: the reference loader, KplusV's comparison, like with like, intervals."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2

from evalkit import national as bm
from evalkit.cohort import status_at
from evalkit import io, synth
from evalkit.errors import InputError
from evalkit.paths import ProjectPaths

from conftest import FIXTURES

REF_DATE = date(2020, 1, 31)


@pytest.fixture(scope="module")
def reference(root):
    return bm.read_reference(ProjectPaths(root).national_reference)


# ------------------------------------------------------------------------- the loader


def test_shipped_reference_loads_with_sources_and_kinds(reference, root):
    shared = pd.read_csv(root.parent / "shared" / "reference" / "national_reference.csv") \
        if (root.parent / "shared").exists() else None
    assert len(reference) >= 40
    assert set(reference["comparability"]) == {"rough", "cohort", "benchmark"}
    assert reference["source"].str.len().min() > 0
    assert reference.index[0] == 2  # rows are numbered as lines of the file
    if shared is not None:  # the shipped copy is the shared reference, unchanged
        assert list(reference["value"]) == list(shared["value"].astype(float))


@pytest.mark.parametrize("fixture, column, row", [
    ("reference_bad_comparability.csv", "comparability", "4"),
    ("reference_value_not_a_percentage.csv", "value", "3"),
    ("reference_missing_source.csv", "source", "2"),
    ("reference_missing_comparability_column.csv", "comparability", None),
])
def test_a_bad_reference_file_names_file_column_and_row(fixture, column, row):
    with pytest.raises(InputError) as caught:
        bm.read_reference(FIXTURES / "reference" / fixture)
    message = str(caught.value)
    assert fixture in message and column in message
    if row:
        assert f"row {row}" in message


def test_reference_value_is_unique_or_an_error(reference):
    assert bm.reference_value(reference, "integration_route_direct_work", "2019")["value"] == 17
    with pytest.raises(KeyError, match="not unique"):
        bm.reference_value(reference, "on_bijstand")
    with pytest.raises(KeyError, match="not in the reference table"):
        bm.reference_value(reference, "no_such_figure")


# ------------------------------------------------------------------ KplusV's comparison


def test_kplusv_route_comparison_reproduced(example_clients, reference):
    routes = bm.route_comparison(status_at(example_clients, REF_DATE), reference
                                 ).set_index("indicator")
    work = routes.loc["integration_route_direct_work"]
    assert (work["count"], work["people"], work["national"]) == (290, 1000, 0.17)
    assert work["local"] == pytest.approx(0.29)
    waiting = routes.loc["integration_route_no_support_yet"]
    assert waiting["local"] == pytest.approx(0.095) and waiting["national"] == 0.14  # 6% + 3.5%
    assert routes.loc["integration_route_activation", "local"] is None or math.isnan(
        routes.loc["integration_route_activation", "local"])
    assert (routes["comparability"] == "rough").all()
    assert bm.distribution_sum(reference, list(bm.ROUTE_COMPARISON), "2019") == 112


def test_wilson_interval_is_wilsons_not_the_normal_one():
    low, high = bm.wilson_interval(290, 1000)
    z, p, n = 1.959964, 0.29, 1000
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-6)
    low0, high0 = bm.wilson_interval(0, 39)
    assert low0 == pytest.approx(0, abs=1e-12) and high0 > 0.08  # normal would give (0, 0)


# ------------------------------------------------------------------------ like with like


def test_like_with_like_meets_cohort_figures_at_the_same_k(example_clients, reference):
    table = bm.like_with_like(example_clients, REF_DATE, reference, threshold=10)
    assert set(table["comparability"]) <= bm.LIKE_WITH_LIKE
    row = table[(table["cohort"] == 2017) & (table["years"] == 2.0)].iloc[0]
    assert row["match"] == "same_cohort" and row["national"] == 0.12
    assert (row["count"], row["people"]) == (53, 328)
    assert row["lower"] < row["local"] < row["upper"]
    assert row["difference"] == "higher"  # 12% lies below the local interval 12.6-20.5%
    # A figure nobody local can reach yet (6 or 8 years after a permit) is left out.
    assert not ((table["years"] >= 6).any())
    # A 2020 cohort has no local people: all local permit years at k stand in, and say so.
    assert table.loc[table["cohort"] == 2020, "match"].tolist() == ["other_cohorts"]


def test_share_in_work_counts_only_who_reached_k_and_did_not_return():
    clients = pd.DataFrame({
        "permit_date": pd.to_datetime(["2016-01-01"] * 4 + ["2019-06-01"]),
        "housing_date": pd.to_datetime(["2016-06-01"] * 5),
        "outflow_date": pd.to_datetime(["2017-01-01", "2017-01-01", None, "2018-06-01",
                                        "2019-07-01"]),
        "outflow_reason": ["fulltime_work", "parttime_work", None, "moved", "fulltime_work"],
        "return_to_benefit_date": pd.to_datetime([None, "2017-06-01", None, None, None]),
    })
    result = bm.share_in_work(clients, REF_DATE, years=3)
    # Person 5 has not reached 3 years; person 4 moved away: 1 of 3 in work.
    assert (result["count"], result["people"]) == (1, 3)


def test_difference_is_stated_only_outside_the_interval():
    assert bm.difference(0.12, 0.126, 0.205) == "higher"
    assert bm.difference(0.31, 0.22, 0.30) == "lower"
    assert bm.difference(0.27, 0.25, 0.37) == "no_clear_difference"


def test_cohort_year_and_state_date():
    assert bm.cohort_year("permit cohort 2014 aged 18-65 (CBS register)") == 2014
    assert bm.cohort_year("statushouders (municipal estimates)") is None
    assert bm.state_date(pd.Series({"reference_period": "2019-12"})) == pd.Timestamp("2019-12-31")
    assert bm.state_date(pd.Series({"reference_period": "2016-2017"})) is None


# --------------------------------------------------------------------- standardisation


def test_indirect_standardisation_on_a_fixture_with_national_strata():
    local = pd.read_csv(FIXTURES / "reference" / "local_strata_origin_sex.csv",
                        index_col="stratum")
    national = pd.read_csv(FIXTURES / "reference" / "national_strata_origin_sex.csv",
                           index_col="stratum")["rate"]
    result = bm.indirect_standardisation(local, national)
    expected = 50 * 0.20 + 40 * 0.05 + 30 * 0.10 + 20 * 0.02   # 15.4
    observed = 14 + 3 + 2 + 1                                   # 20; Iraq has no national rate
    assert result["expected"] == pytest.approx(expected)
    assert result["observed"] == observed and result["people_left_out"] == 12
    assert result["ratio"] == pytest.approx(observed / expected)
    assert result["lower"] == pytest.approx(chi2.ppf(0.025, 2 * observed) / 2 / expected)
    assert result["upper"] == pytest.approx(chi2.ppf(0.975, 2 * observed + 2) / 2 / expected)
    assert result["lower"] < 1 < result["upper"]  # 20 against 15.4 could be chance


def test_standardisation_by_origin_on_the_example(example_clients, reference):
    rates = bm.national_origin_rates(reference, 2.5)
    assert rates.to_dict() == {"Afghanistan": 0.29, "Eritrea": 0.06, "Syria": 0.10}
    strata = bm.origin_strata(example_clients, REF_DATE, 2.5)
    result = bm.indirect_standardisation(strata, rates)
    assert result["strata"] == 3
    assert result["people"] + result["people_left_out"] == strata["people"].sum()


# ------------------------------------------------------------------- many municipalities


def test_funnel_limits_and_positions():
    region = synth.make_region()
    assert region["municipality_code"].nunique() == 21
    assert region["client_id"].is_unique
    clients = io.processed_frame(region).pipe(_as_dates)
    table, p0 = bm.funnel(clients, status_at(clients, REF_DATE), threshold=10)
    assert len(table) == 21  # every municipality has at least 10 people
    assert p0 == pytest.approx(table["count"].sum() / table["people"].sum())
    row = table.iloc[0]
    assert row["limit_high_95"] == pytest.approx(p0 + 1.96 * np.sqrt(p0 * (1 - p0) / row["people"]))
    assert row["limit_low_998"] == pytest.approx(p0 - 3.09 * np.sqrt(p0 * (1 - p0) / row["people"]))
    outside = table[table["share"] > table["limit_high_998"]]
    assert set(outside["position"]) <= {"above_998"}
    assert set(table["position"]) <= {"within", "above_95", "above_998", "below_95", "below_998"}


def test_funnel_leaves_out_municipalities_below_the_threshold():
    region = synth.make_region(municipalities={"GM0001": ("A", 40), "GM0002": ("B", 6)})
    clients = _as_dates(region)
    status = status_at(clients, REF_DATE)
    table, p0 = bm.funnel(clients, status, threshold=10)
    assert list(table["municipality_code"]) == ["GM0001"]
    # centred on the whole file's share, the cohort chapter's own: the share of the kept
    # municipalities would give the left-out one's count back (p0 is read off any row's limits)
    assert p0 == pytest.approx(status.eq("left_work").mean())
    row = table.iloc[0]
    assert (row["limit_low_95"] + row["limit_high_95"]) / 2 == pytest.approx(p0)
    kept = status[clients["municipality_code"].eq("GM0001").to_numpy()].eq("left_work").mean()
    assert p0 != pytest.approx(kept)


def test_the_funnel_draws_only_the_shares_its_table_shows():
    table = pd.DataFrame({"municipality_code": ["GM1", "GM2", "GM3"], "people": [24, 55, 30],
                          "share": [3 / 24, 24 / 55, 18 / 30]})
    written = pd.DataFrame({"municipality_code": ["GM1", "GM2", "GM3"], "share": ["", "0.4364",
                                                                                   "0.6000"]})
    drawn = bm.shown_rows(written, table, "share")
    assert drawn["municipality_code"].tolist() == ["GM2", "GM3"]
    assert drawn["share"].tolist() == [24 / 55, 18 / 30]  # the numbers, not the text
    fig = bm.funnel_figure(table.assign(name=["A", "B", "C"]), written, 0.35, "nl")
    assert len(fig.axes[0].collections[0].get_offsets()) == 2
    assert [t.get_text() for t in fig.axes[0].texts] == ["B", "C"]
    # no municipality of at least the threshold: no funnel to draw
    assert bm.funnel_figure(table.iloc[:0], written.iloc[:0], float("nan"), "nl") is None


def test_the_comparison_figure_draws_only_the_local_shares_its_tables_show(example_clients,
                                                                            reference):
    """As the funnel: a local share left out beside a hidden count (here the direct route's
    and the first cohort row's) is not drawn either, and nothing to draw gives no figure."""
    routes, _ = bm.routes_to_compare(status_at(example_clients, REF_DATE), reference, REF_DATE)
    cohorts = bm.like_with_like(example_clients, REF_DATE, reference, threshold=10)

    def written(table: pd.DataFrame, hidden: set[int]) -> pd.DataFrame:
        local = ["" if i in hidden or pd.isna(v) else f"{v:.4f}"
                 for i, v in enumerate(table["local"])]
        return table.assign(local=local)

    shown_routes = int(routes["local"].notna().sum())
    direct = int(np.flatnonzero(routes["indicator"].eq("integration_route_direct_work"))[0])
    fig = bm.comparison_figure(routes, written(routes, {direct}), cohorts,
                               written(cohorts, {0}), "nl")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == shown_routes - 1 + len(cohorts) - 1
    every = bm.comparison_figure(routes, written(routes, set()), cohorts,
                                 written(cohorts, set()), "nl")
    assert len(every.axes[0].get_yticklabels()) == len(labels) + 2
    nothing = bm.comparison_figure(routes, written(routes, set(range(len(routes)))),
                                   cohorts.iloc[:0], cohorts.iloc[:0], "nl")
    assert nothing is None


def test_the_regional_example_is_the_committed_file(root):
    committed = (root / "data" / "raw" / "example_region.csv").read_bytes()
    assert synth.to_csv_bytes(synth.make_region()) == committed


def _as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ("permit_date", "housing_date", "benefit_start_date", "known_to_team_date",
                   "intake_date", "outflow_date", "return_to_benefit_date"):
        out[column] = pd.to_datetime(out[column])
    return out


# ------------------------------------------------------------- the stage, on real kernels


def test_stage_reproduces_kplusv_and_cites_every_figure(example_run):
    _, run_dir, _ = example_run
    routes = io.read_table(run_dir / "tables", "bm_routes").set_index("indicator")
    assert routes.loc["integration_route_direct_work", ["national", "local"]].tolist() == [
        "0.1700", "0.2900"]
    assert routes.loc["integration_route_no_support_yet", ["national", "local"]].tolist() == [
        "0.1400", "0.0950"]
    cohorts = io.read_table(run_dir / "tables", "bm_cohorts")
    assert set(cohorts["comparability"]) <= {"cohort", "benchmark"}
    sources = io.read_table(run_dir / "tables", "bm_sources")
    assert "rough" in set(sources["comparability"]) and "cohort" in set(sources["comparability"])
    assert len(sources) == len(set(sources["row"]))
    html = (run_dir / "report.html").read_text()
    assert "112%" in html  # the KIS routes add up to 112%, and the report says so
    assert "Wilson" in html


def test_no_difference_is_stated_for_other_cohorts_or_housing_dates():
    local = {"lower": 0.30, "upper": 0.40, "housing_dates": 0}
    assert bm.stated_difference(0.20, local, "same_cohort") == "higher"
    assert bm.stated_difference(0.20, local, "other_cohorts") == "not_stated_other_cohorts"
    assert bm.stated_difference(0.20, local | {"housing_dates": 3}, "same_cohort") == \
        "not_stated_housing_date"


def test_share_in_work_counts_who_was_placed_by_the_housing_date():
    day = pd.Timestamp
    clients = pd.DataFrame({
        "permit_date": [day("2016-01-01"), pd.NaT],
        "housing_date": [day("2016-03-01"), day("2016-02-01")],
        "outflow_date": [day("2017-01-01"), pd.NaT], "outflow_reason": ["fulltime_work", None]})
    local = bm.share_in_work(clients, date(2020, 1, 31), years=2.0, cohort=2016)
    assert local["people"] == 2 and local["count"] == 1 and local["housing_dates"] == 1


def test_a_rough_snapshot_far_from_the_peildatum_is_flagged():
    assert bm.years_apart(bm.ROUTE_PERIOD, date(2020, 1, 31)) == 1
    assert bm.years_apart("2019-12", date(2024, 12, 31)) == 5 > bm.ROUGH_MAX_YEARS
