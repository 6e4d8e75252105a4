"""Outflow: the KplusV tables reproduced on the example, and the measures behind them."""

from datetime import date

import pandas as pd
import pytest

from evalkit import cohort, io, outflow, survival
from evalkit.config import read_config

REF = date(2020, 1, 31)


@pytest.fixture(scope="module")
def clients(root):
    path = root / "data/raw/example_monitoring.csv"
    return io.parse_contract(io.read_raw(path), path.name)


def test_reasons_tabel_4(clients):
    reasons = outflow.reasons_in_period(clients, date(2017, 9, 1), date(2019, 12, 31))
    counts = reasons.value_counts()
    assert [counts[g] for g in outflow.TABEL4_ORDER] == [241, 49, 41, 89]
    shares = (counts / counts.sum() * 100).round()
    assert [shares[g] for g in outflow.TABEL4_ORDER] == [57, 12, 10, 21]  # as printed


def test_caseload_flows_from_the_dates(clients):
    flows = outflow.caseload_flows(clients, 2017, REF).set_index("year")
    assert flows.loc[2017, ["carried_in", "new", "outflow", "remaining"]].tolist() == [0, 119, 24, 95]
    assert flows.loc[2018, ["carried_in", "new", "total", "outflow", "remaining"]].tolist() == [
        95, 360, 455, 218, 237]
    assert flows.loc[2019, ["carried_in", "new", "total", "outflow", "remaining"]].tolist() == [
        237, 360, 597, 178, 419]
    assert flows.loc[2020, ["carried_in", "new", "remaining"]].tolist() == [419, 60, 467]
    assert flows["adds_up"].all()


def test_the_published_flow_table_fails_in_2019(root):
    published = pd.read_csv(root / "data/external/kplusv_caseload_flows.csv")
    problems = outflow.check_flow_table(published)
    assert set(problems["year"]) == {2019}
    first = problems.iloc[0]
    assert (first["check"], first["printed"], first["computed"]) == (
        "carried_in_plus_new", 579, 597)


def test_check_flow_table_finds_a_broken_chain():
    table = pd.DataFrame({"year": [2018, 2019], "carried_in": [0, 50], "new": [100, 10],
                          "total": [100, 60], "outflow": [40, 10], "remaining": [60, 50]})
    problems = outflow.check_flow_table(table)
    assert problems[["year", "check"]].values.tolist() == [[2019, "carried_in_is_previous_remaining"]]


def test_caseload_per_specialist_kplusv():
    assert outflow.caseload_per_specialist(579, 5) == 116          # 2019, as printed
    assert outflow.caseload_per_specialist(479, 5, not_yet_picked_up=60,
                                           expected_new=100) == 128  # 2020
    with pytest.raises(ValueError):
        outflow.caseload_per_specialist(10, 0)


def test_no_staffed_year_in_the_flows_gives_an_empty_table_with_its_columns(root, clients):
    """As of a day before the first staffed year (an as-of run in the programme's first
    months): no row, and the columns the stage shows."""
    from evalkit import asof, cohort

    config = read_config(root / "configs" / "example.yml")
    day = date(2017, 10, 31)
    early = asof.as_of(clients, day)
    flows = outflow.caseload_flows(early, 2017, day)
    assert not set(flows["year"]) & set(config.team_staffing)
    table = outflow.per_specialist_table(flows, config.team_staffing,
                                         cohort.status_at(early, day), day)
    assert table.empty and {"year", "total", "fte", "per_fte"} <= set(table.columns)
    full = outflow.per_specialist_table(outflow.caseload_flows(clients, 2017, REF),
                                        config.team_staffing, cohort.status_at(clients, REF), REF)
    assert list(table.columns) == [c for c in full.columns if c != "per_fte_published"]


def test_interventions_section_4_3_4(clients):
    table = outflow.intervention_table(clients, cohort.status_at(clients, REF),
                                       ("refugee_team", "werkclub", "bbl"))
    assert table.loc["refugee_team"].tolist() == [65, 13]
    assert table.loc["werkclub"].tolist() == [57, 36]
    assert table.loc["bbl", "participants"] == 16


def test_mediation_tabel_6(clients):
    work = outflow.work_outflows_in_year(clients, 2019)
    assert len(work) == 137
    features = outflow.mediation_features(work[work["mediated_by"] == "wgt"])
    assert features[["fulltime", "parttime", "project", "regular"]].tolist() == [32, 24, 22, 34]
    assert features[["construction", "technical", "care", "logistics", "cleaning",
                     "hospitality_retail", "business_services"]].tolist() == [4, 13, 12, 7, 11, 8, 1]


def test_work_shares_rise_and_hide_small_risk_sets(clients):
    events = survival.outflow_events(clients, REF)
    shares = outflow.work_shares(events, threshold=10, reps=50)
    shown = shares["share"].dropna()
    assert shown.is_monotonic_increasing
    assert ((shares["lower"] <= shares["share"]) & (shares["share"] <= shares["upper"])).dropna().all()
    huge = outflow.work_shares(events, (6,), threshold=10_000, reps=5)
    assert huge["share"].isna().all()


def test_waiting_times_censor_running_waits():
    clients = pd.DataFrame({
        "housing_date": pd.to_datetime(["2019-01-01"] * 4),
        "known_to_team_date": pd.to_datetime(["2019-01-31", "2019-03-02", None, None]),
        "intake_date": pd.to_datetime([None] * 4),
        "pre_trajectory_start": pd.to_datetime([None] * 4),
        "follow_trajectory_start": pd.to_datetime([None] * 4),
        "outflow_date": pd.to_datetime([None, None, "2019-02-10", None]),
    })
    summary, curves = outflow.waiting_times(clients, REF)
    first = summary.iloc[0]
    assert first["step"] == "housing_date__known_to_team_date"
    assert (first["people"], first["ended"]) == (4, 2)
    # By hand: ended at 30 (4 at risk) and 60 days (2 at risk: one censored at 40 days when
    # she left benefits, one still waiting at the reference date): S = 3/4 * 1/2 = 3/8.
    assert first["within"] == pytest.approx(1 - 3 / 8)
    curve = curves["housing_date__known_to_team_date"]
    assert curve["at_risk"].iloc[0] == 4


def test_no_median_is_read_where_fewer_than_the_threshold_remain_at_risk(clients):
    """DESIGN: curves stop where fewer than the threshold remain at risk; the medians and their
    bounds read off them stop there too (on the example, Iran's 40 people reach one half only
    where fewer than 10 are still followed, and the 2018 cohort's lower bound likewise)."""
    from evalkit.facts import person_facts

    events = survival.outflow_events(clients, REF)
    facts = person_facts(clients, REF, "benefit_start_date")
    values, order = outflow.subgroup_dimensions(clients, REF)["country_of_origin"]
    groups = outflow.merge_small_groups(values, 10)
    by_country, _ = outflow.subgroup_table(events, groups, threshold=10, order=order, reps=10)
    by_year, _ = outflow.cohort_medians(events, facts["housing_year"], threshold=10)
    read = 0
    for table, group_of in ((by_country, groups), (by_year, facts["housing_year"])):
        for row in table.itertuples(index=False):
            part = events[group_of.reindex(events.index) == row.group]
            for months in (row.median_months, row.median_lower, row.median_upper):
                if not pd.isna(months):
                    day = round(months * survival.DAYS_PER_MONTH)
                    assert survival.at_risk_at(part["duration"], [day])[0] >= 10, row
                    read += 1
    assert read > 20
    assert pd.isna(by_country.set_index("group").loc["Iran", "median_months"])
    assert pd.isna(by_year.set_index("group").loc["2018", "median_lower"])
    # without the threshold the same curves do reach one half
    fitter = survival.kaplan_meier(events.loc[groups.reindex(events.index) == "Iran", "duration"],
                                   events.loc[groups.reindex(events.index) == "Iran", "event"] > 0)
    assert survival.median_time(fitter).median is not None


def test_a_peildatum_before_the_programme_starts_has_flows_and_reasons_of_its_own(clients,
                                                                                 root):
    """A baseline (nulmeting) before the programme's start, here the example as of 2016-01-31
    with its programme starting 2017-09-01: the flows ran from the programme's year, so the
    table had no year and the outflow stage stopped (KeyError 'adds_up'), and the reasons'
    period ran backwards (01-09-2017 to 31-01-2016)."""
    import yaml

    from evalkit.asof import as_of
    from evalkit.config import parse_config

    day = date(2016, 1, 31)
    data = yaml.safe_load((root / "configs/example.yml").read_text(encoding="utf-8"))
    data.pop("series", None)  # an as-of run leaves out a series that starts later
    config = parse_config({**data, "reference_date": day, "export_date": REF}, "example.yml")
    early = as_of(clients, day)
    assert config.programme_start > day and len(early) > 0
    flows = outflow.caseload_flows(early, config.first_flow_year, day)
    assert flows["year"].tolist() == [2016] and flows["adds_up"].all()
    start, end = outflow.reasons_period(early, config.programme_start, config.reasons_end)
    assert start <= end == day  # nobody had left yet: the one day of the peildatum
    start, _ = outflow.reasons_period(clients, date(2021, 1, 1), REF)
    assert start == clients["outflow_date"].min().date()  # the file's first outflow


def test_merge_small_groups():
    groups = pd.Series(["a"] * 20 + ["b"] * 5 + ["c"] * 6 + ["d"] * 2)
    merged = outflow.merge_small_groups(groups, 10)
    assert merged.value_counts().to_dict() == {"a": 20, "small_groups": 13}
    tiny = outflow.merge_small_groups(pd.Series(["a"] * 20 + ["b"] * 3), 10)
    assert tiny.isna().sum() == 3


def test_subgroups_with_logrank(clients):
    events = survival.outflow_events(clients, REF)
    groups = outflow.merge_small_groups(clients["sex"], 10)
    table, p = outflow.subgroup_table(events, groups, threshold=10, reps=30)
    assert table["group"].tolist() == ["M", "V"]
    assert table["people"].sum() == len(events)
    assert 0 <= p <= 1


def test_subgroups_follow_the_display_order(clients):
    events = survival.outflow_events(clients, REF)
    values, order = outflow.subgroup_dimensions(clients, REF)["education_level"]
    table, _ = outflow.subgroup_table(events, values, threshold=10, order=order, reps=20)
    assert table["group"].tolist() == ["none", "primary", "secondary", "mbo", "hbo", "wo",
                                       "unknown"]


# ------------------------------------------------------------- another municipality's shape


@pytest.fixture(scope="module")
def lingedal(root):
    """The second synthetic municipality, read with its config's aliases."""
    config = read_config(root / "configs/example_lingedal.yml")
    raw = io.read_raw(root / config.input_file, aliases=config.column_aliases)
    mapped = io.map_headers(raw, config.input_file, config.column_aliases)
    return io.parse_contract(mapped, config.input_file, value_aliases=config.value_aliases)


LINGEDAL_REF = date(2024, 12, 31)


@pytest.mark.parametrize("caseload", list(outflow.CASELOADS))
def test_both_caseloads_add_up_every_year_with_exits_before_intake(lingedal, caseload):
    assert outflow.exits_before_start(lingedal, "programme").sum() >= 20
    flows = outflow.caseload_flows(lingedal, 2022, LINGEDAL_REF, caseload)
    assert flows["adds_up"].all()
    chained = flows["carried_in"].iloc[1:].to_numpy() == flows["remaining"].iloc[:-1].to_numpy()
    assert chained.all()
    outflow.check_flows(flows, lingedal, LINGEDAL_REF, caseload)  # raises nothing


def test_an_exit_before_intake_is_in_the_benefit_caseload_only():
    day = pd.Timestamp
    clients = pd.DataFrame({
        "benefit_start_date": [day("2022-01-10"), day("2022-02-01")],
        "intake_date": [day("2022-06-01"), day("2022-03-01")],
        "outflow_date": [day("2022-04-01"), day("2022-09-01")],
    })
    programme = outflow.caseload_flows(clients, 2022, date(2022, 12, 31), "programme")
    benefit = outflow.caseload_flows(clients, 2022, date(2022, 12, 31), "benefit")
    assert programme[["new", "outflow", "remaining"]].iloc[0].tolist() == [1, 1, 0]
    assert benefit[["new", "outflow", "remaining"]].iloc[0].tolist() == [2, 2, 0]
    assert outflow.exits_before_start(clients).tolist() == [True, False]


def test_a_flow_that_does_not_add_up_names_the_year_and_the_rows():
    from evalkit.errors import FlowError

    clients = pd.DataFrame({"intake_date": [pd.NaT, pd.Timestamp("2021-03-01")],
                            "outflow_date": [pd.Timestamp("2022-05-01"), pd.NaT]})
    flows = pd.DataFrame([{"year": 2022, "carried_in": 1, "new": 0, "total": 1, "outflow": 1,
                           "remaining": 0, "remaining_counted": 1, "adds_up": False}])
    with pytest.raises(FlowError, match=r"programme caseload 2022: .* = 0, but 1 remain.*rows 1 "):
        outflow.check_flows(flows, clients, date(2022, 12, 31))


def test_a_whole_group_with_nobody_on_benefits_yet_has_its_rows_without_estimates(clients):
    """An as-of day in the programme's first weeks: people housed, nobody on benefits yet (no
    duration), so the Kaplan-Meier fit stopped the outflow stage; or fewer than the threshold,
    whose estimates would all be cut."""
    from evalkit.asof import as_of

    day = date(2015, 1, 31)
    early = as_of(clients, day)
    events = survival.outflow_events(early, day)
    assert len(early) > 0 and events.empty
    status = cohort.status_at(early, day)
    for table in (outflow.whole_group(events, early, status, threshold=10, reps=10),
                  outflow.whole_group(events, early, status, threshold=0, reps=10)):
        rows = table.set_index("indicator")
        assert rows.loc["median_exit_days", "people"] == 0
        assert rows.drop(index="share_fulltime_work")["value"].isna().all()
    few = survival.outflow_events(clients, REF).iloc[:5]
    cut = outflow.whole_group(few, clients, cohort.status_at(clients, REF), threshold=10, reps=10)
    assert cut.set_index("indicator").drop(index="share_fulltime_work")["value"].isna().all()


def test_whole_group_headline_agrees_with_the_estimators(lingedal):
    events = survival.outflow_events(lingedal, LINGEDAL_REF)
    waits, _ = outflow.waiting_times(lingedal, LINGEDAL_REF)
    table = outflow.whole_group(events, lingedal, cohort.status_at(lingedal, LINGEDAL_REF),
                                threshold=10, waits=waits, reps=50).set_index("indicator")
    median = survival.median_time(survival.kaplan_meier(events["duration"], events["event"] > 0))
    assert table.loc["median_exit_days", "value"] == pytest.approx(median.median)
    assert table.loc["median_exit_months", "value"] == pytest.approx(
        median.median / survival.DAYS_PER_MONTH)
    curve = survival.aalen_johansen(events["duration"], events["event"])
    at_24 = survival.value_at(curve, "cif_1", [24 * survival.DAYS_PER_MONTH])[0]
    assert table.loc["cif_work_24", "value"] == pytest.approx(at_24)
    assert table.loc["cif_work_12", "value"] < at_24 < table.loc["cif_work_36", "value"]
    row = table.loc["share_fulltime_work"]
    assert row["count"] == 88 and row["people"] == 420 and row["value"] == pytest.approx(88 / 420)
    assert row["lower"] < row["value"] < row["upper"]
    assert table.loc["median_wait_housing_intake", "value"] == waits.set_index("step").loc[
        outflow.WAIT_TOTAL_STEP, "median"]


def test_waiting_times_leave_out_steps_whose_columns_are_missing(lingedal):
    waits, curves = outflow.waiting_times(lingedal, LINGEDAL_REF)
    assert "follow_trajectory_start" not in lingedal
    assert list(waits["step"]) == ["housing_date__intake_date", "housing_date__known_to_team_date",
                                   "known_to_team_date__intake_date",
                                   "intake_date__pre_trajectory_start"]
    assert set(curves) == set(waits["step"])


def test_mediation_features_without_project_and_sector_columns():
    work = pd.DataFrame({"outflow_reason": ["fulltime_work", "parttime_work", "fulltime_work"]})
    assert outflow.mediation_features(work).to_dict() == {"fulltime": 2, "parttime": 1}


def test_the_summary_reads_the_headline_months_the_outflow_stage_writes():
    from evalkit import summary

    assert summary.HEADLINE_MONTHS == outflow.HEADLINE_MONTHS


def test_a_municipality_whose_every_cohort_is_small_gets_empty_tables_not_a_crash(clients):
    """Thirty people over four housing years: no cohort reaches the threshold, and the tables
    keep their columns, so the stage publishes an empty table (a valid small file once
    stopped the outflow stage with a KeyError)."""
    from evalkit.facts import person_facts

    few = clients.iloc[:30].reset_index(drop=True)
    events = survival.outflow_events(few, REF)
    facts = person_facts(few, REF, "benefit_start_date")
    medians, curves = outflow.cohort_medians(events, facts["housing_year"], threshold=40)
    assert medians.empty and curves == {}
    assert list(medians.columns) == ["group", "people", "exits", "median_months", "median_lower",
                                     "median_upper"]
    waits, _ = outflow.waiting_times(few, REF, threshold=40)
    assert waits.empty and {"step", "people", "ended", "median"} <= set(waits.columns)
