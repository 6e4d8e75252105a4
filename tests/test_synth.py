"""The synthetic example: reproducible to the byte and calibrated to the KplusV margins.

Every published figure used here is listed in data/raw/README.md (KplusV 2020 margins).
"""

from datetime import date

import pandas as pd
import pytest

from evalkit import cohort, io, synth
from evalkit.schema import COLUMN_NAMES

REF = date(2020, 1, 31)


@pytest.fixture(scope="module")
def clients(root):
    path = root / "data" / "raw" / "example_monitoring.csv"
    return io.parse_contract(io.read_raw(path), str(path))


def test_regenerating_gives_identical_bytes(root):
    committed = (root / "data" / "raw" / "example_monitoring.csv").read_bytes()
    assert synth.to_csv_bytes(synth.make_example()) == committed


def test_another_seed_gives_other_people_same_margins():
    other = synth.make_example(seed=1)
    assert not other.equals(synth.make_example())
    assert len(other) == 1000


def test_columns_follow_the_input_contract(clients):
    # every column of the contract but age_band: the example records birth years instead
    assert tuple(clients.columns) == tuple(c for c in COLUMN_NAMES if c != "age_band")
    assert len(clients) == 1000


def test_status_margins_tabel_3(clients):
    shares = cohort.status_at(clients, REF).value_counts(normalize=True).mul(100).round(1)
    assert shares.to_dict() == {
        "left_work": 29.0,
        "left_education": 4.1,
        "left_other": 10.7,
        "in_support": 46.7,
        "known_not_picked_up": 6.0,
        "not_known": 3.5,
    }


def test_outflow_reasons_tabel_4(clients):
    period = clients[(clients["outflow_date"] >= "2017-09-01")
                     & (clients["outflow_date"] <= "2019-12-31")]
    reasons = period["outflow_reason"].where(
        period["outflow_reason"].isin(["fulltime_work", "parttime_work", "education"]), "other")
    assert reasons.value_counts().to_dict() == {
        "fulltime_work": 241, "other": 89, "parttime_work": 49, "education": 41}
    assert len(period) == 420


def test_outflow_outside_the_period_tabel_2(clients):
    years = clients["outflow_date"].dt.year.value_counts()
    assert years[2016] == 6
    assert years[2020] == 12
    assert clients["outflow_date"].notna().sum() == 438


def test_yearly_intake_and_caseload_flows(clients):
    """Caseload table of 4.4.3: new 119/360/360, outflow 24/218/178, remaining 95/237/419."""
    intake_year = clients["intake_date"].dt.year
    assert intake_year.value_counts().to_dict() == {2017: 119, 2018: 360, 2019: 360, 2020: 60}
    picked_up = clients[clients["intake_date"].notna()]
    remaining = 0
    for year, new, outflow, expected_remaining in [(2017, 119, 24, 95), (2018, 360, 218, 237),
                                                   (2019, 360, 178, 419)]:
        assert (picked_up["intake_date"].dt.year == year).sum() == new
        left = (picked_up["outflow_date"].dt.year == year).sum()
        assert left == outflow
        remaining = remaining + new - left
        assert remaining == expected_remaining
    assert len(picked_up) == 899  # "picked up since September 2017"


def test_outflow_to_work_2019_cost_benefit_inputs(clients):
    work_2019 = clients[clients["outflow_date"].dt.year == 2019]["outflow_reason"].value_counts()
    assert work_2019["fulltime_work"] == 106
    assert work_2019["parttime_work"] == 31


def test_composition(clients):
    assert clients["country_of_origin"].value_counts(normalize=True)["Syria"] == 0.65
    assert clients["country_of_origin"].value_counts(normalize=True)["Eritrea"] == 0.15
    assert (clients["sex"] == "M").mean() == 0.60
    assert ((REF.year - clients["birth_year"]) <= 44).mean() == 0.87
    assert (REF.year - clients["birth_year"]).min() >= 18


def test_interventions_section_4_3_4(clients):
    status = cohort.status_at(clients, REF)
    counts = clients["interventions"].value_counts()
    assert counts.to_dict() == {"refugee_team": 65, "werkclub": 57, "bbl": 16}
    working = status == "left_work"
    assert (working & (clients["interventions"] == "werkclub")).sum() == 36
    assert (working & (clients["interventions"] == "refugee_team")).sum() == 13


def test_employer_projects_tabel_5(clients):
    assert clients["employer_project"].value_counts().to_dict() == {
        "DAF": 28, "PostNL": 16, "Philips": 12, "DHL": 11, "Gascogne": 8}


def test_wgt_mediation_2019_tabel_6(clients):
    work_2019 = clients[(clients["outflow_date"].dt.year == 2019)
                        & clients["outflow_reason"].isin(["fulltime_work", "parttime_work"])]
    wgt = work_2019[work_2019["mediated_by"] == "wgt"]
    assert len(work_2019) == 137
    assert len(wgt) == 56
    assert (wgt["outflow_reason"] == "fulltime_work").sum() == 32
    assert (wgt["outflow_reason"] == "parttime_work").sum() == 24
    assert wgt["employer_project"].notna().sum() == 22
    assert wgt["sector"].value_counts().to_dict() == {
        "technical": 13, "care": 12, "cleaning": 11, "hospitality_retail": 8, "logistics": 7,
        "construction": 4, "business_services": 1}


def test_dates_are_consistent(clients):
    ref = pd.Timestamp(REF)
    order = [("housing_date", "benefit_start_date"), ("benefit_start_date", "known_to_team_date"),
             ("known_to_team_date", "intake_date"), ("intake_date", "pre_trajectory_start"),
             ("pre_trajectory_start", "follow_trajectory_start"),
             ("benefit_start_date", "outflow_date"), ("outflow_date", "return_to_benefit_date")]
    for earlier, later in order:
        assert not (clients[later] < clients[earlier]).any(), (earlier, later)
    for column in clients.columns:
        if column.endswith("_date") or column.endswith("_start"):
            assert not (clients[column] > ref).any(), column
    assert clients["housing_date"].min() >= pd.Timestamp("2015-01-01")


def test_pseudonyms_are_unique_and_not_bsn_shaped(clients):
    assert clients["client_id"].is_unique
    assert clients["client_id"].str.fullmatch(r"EV-[0-9A-F]{8}").all()


def test_the_second_municipality_is_the_committed_file_and_unlike_the_example(root):
    assert synth.other_municipality_csv() == (root / "data/raw/example_lingedal.csv").read_bytes()
    people = synth.make_other_municipality()
    assert len(people) == 420
    absent = {"permit_date", "interventions", "employer_project", "mediated_by", "sector",
              "route", "follow_trajectory_start", "return_to_benefit_date"}
    assert not absent & set(people.columns)
    dates = people[["outflow_date", "intake_date", "benefit_start_date",
                    "housing_date"]].apply(pd.to_datetime)
    before_intake = (dates["outflow_date"] < dates["intake_date"]).mean()
    assert 0.05 <= before_intake <= 0.10  # "about 7%" as in the file
    assert (dates["benefit_start_date"] < dates["housing_date"]).any()
    assert dates.max().max() <= pd.Timestamp(synth.OTHER_REFERENCE_DATE)
    text = (root / "data/raw/example_lingedal.csv").read_bytes()
    assert b";" in text.splitlines()[1] and "ë".encode("cp1252") in text
