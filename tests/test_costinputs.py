"""The cost-benefit inputs: counted from the file (with disclosure), or taken from the config."""

from datetime import date

import pandas as pd
import pytest

from evalkit import costinputs as ci
from evalkit.config import read_config
from evalkit.errors import DisclosureError


@pytest.fixture(scope="module")
def settings(root):
    return read_config(root / "configs" / "example.yml").cost_benefit


def test_the_example_file_gives_kplusvs_outflow_counts(example_clients, settings):
    assert ci.work_outflow_counts(example_clients, settings.year, 10) == {
        "fulltime": 106, "parttime": 31}


def test_durability_from_return_dates_by_hand():
    # Ten people left for work; two returned within a year, one after 18 months.
    outflow = pd.to_datetime(["2018-01-01"] * 10)
    returns = pd.to_datetime(["2018-04-01", "2018-09-01", "2019-07-01"] + [None] * 7)
    clients = pd.DataFrame({"outflow_date": outflow, "outflow_reason": ["fulltime_work"] * 10,
                            "return_to_benefit_date": returns})
    measured = ci.durability_from_returns(clients, date(2020, 1, 31))
    assert measured["value"] == pytest.approx(0.8)
    assert measured["returns"] == 3 and measured["people"] == 10
    assert measured["lower"] < 0.8 < measured["upper"]
    assert ci.durability_from_returns(clients.assign(return_to_benefit_date=pd.NaT),
                                      date(2020, 1, 31)) is None


def test_a_small_outflow_count_is_not_published(example_clients):
    with pytest.raises(DisclosureError, match="below the disclosure threshold"):
        ci.work_outflow_counts(example_clients, 2017, 10)


def test_assumptions_table_lists_every_input_with_a_source(settings):
    deadweight = ci.Input("deadweight", 0.5, "configured", "share", 0.3, 0.8)
    durability = ci.durability_input(settings.durability, None, "")
    inputs = ci.inputs_from_config(settings, fulltime=106, parttime=31, outflow_source="file",
                                   cost_source="costs", deadweight=deadweight,
                                   durability=durability)
    table = ci.assumptions_table(inputs)
    assert {"cost", "benefit_cost", "deadweight", "displacement", "durability", "discount_rate",
            "horizon", "parttime_fraction", "people_supported"} <= set(table["parameter"])
    assert (table["source"].str.len() > 0).all()
    case = ci.case_from_inputs(inputs)
    assert case.cost == 665_088 and case.durability == settings.durability.value
    assert case.horizon == 5 and case.discount_rate == 0.0225
