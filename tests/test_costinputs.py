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


def _exits_to_work(fulltime: int, parttime: int, year: int = 2019) -> pd.DataFrame:
    return pd.DataFrame({"outflow_date": pd.to_datetime([f"{year}-06-30"] * (fulltime + parttime)),
                         "outflow_reason": ["fulltime_work"] * fulltime
                         + ["parttime_work"] * parttime})


def test_exits_to_work_too_few_to_show_leave_the_chapter_out_and_say_why(root, tmp_path,
                                                                          example_clients):
    import yaml

    config = read_config(root / "configs" / "example.yml")
    assert config.costs.year == 2019 and config.disclosure_threshold == 10
    few = _exits_to_work(fulltime=3, parttime=12)
    assert ci.withheld_outflow(config, few) == ["fulltime"]
    assert ci.withheld_outflow(config, _exits_to_work(fulltime=3, parttime=4)) \
        == ["fulltime", "parttime"]
    # none at all gives no count away, and other years do not count
    assert ci.withheld_outflow(config, _exits_to_work(fulltime=0, parttime=12)) == []
    assert ci.withheld_outflow(config, _exits_to_work(fulltime=3, parttime=4, year=2018)) == []
    assert ci.withheld_outflow(config, example_clients) == []
    assert ci.intro(config, "nl", few).startswith(
        "Geen kosten-batenanalyse: in 2019 stroomden minder dan 10 mensen uit naar voltijd werk.")
    assert ci.intro(config, "en", _exits_to_work(fulltime=3, parttime=4)).startswith(
        "No cost-benefit analysis: fewer than 10 people left for full-time work and part-time "
        "work in 2019.")
    assert ci.intro(config, "nl", example_clients) == ci.intro(config, "nl")
    # counts given in the config were decided publishable: never withheld
    data = yaml.safe_load((root / "configs" / "example.yml").read_text(encoding="utf-8"))
    data["cost_benefit"]["outflow"] = {"fulltime": 3, "parttime": 12, "source": "test"}
    (tmp_path / "given.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert ci.withheld_outflow(read_config(tmp_path / "given.yml"), few) == []


def test_no_exit_to_work_in_the_cost_year_leaves_the_chapter_out_and_says_why(root, tmp_path,
                                                                             example_clients):
    """A first interim evaluation, months into a programme: no saving to value yet."""
    import yaml

    from evalkit.cells import tag_runs

    config = read_config(root / "configs" / "example.yml")
    none = _exits_to_work(fulltime=0, parttime=0)
    other_year = _exits_to_work(fulltime=12, parttime=12, year=2018)
    for clients in (none, other_year):
        assert ci.no_exits_to_work(config, clients)
        assert not tag_runs("needs:costs", config, clients)
        assert tag_runs("needs:!costs", config, clients)
    assert ci.intro(config, "nl", other_year).startswith(
        "Geen kosten-batenanalyse: in 2019 stroomde volgens het monitoringsbestand niemand uit")
    assert ci.intro(config, "en", none).startswith(
        "No cost-benefit analysis: according to the monitoring file, nobody left for full-time "
        "or part-time work in 2019.")
    only_parttime = _exits_to_work(fulltime=0, parttime=12)
    assert not ci.no_exits_to_work(config, only_parttime)
    assert tag_runs("needs:costs", config, only_parttime)
    assert not ci.no_exits_to_work(config, example_clients)
    # counts given in the config are used as given
    data = yaml.safe_load((root / "configs" / "example.yml").read_text(encoding="utf-8"))
    data["cost_benefit"]["outflow"] = {"fulltime": 3, "parttime": 12, "source": "test"}
    (tmp_path / "given.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert not ci.no_exits_to_work(read_config(tmp_path / "given.yml"), none)


def test_a_small_municipality_with_cost_inputs_gets_its_report_without_the_chapter(
        small_identified_run):
    """30 people, the example's costs: the run ends (exit 0) and the chapter says why it is empty.

    The summary then has no cost-benefit row, as for a config without cost inputs.
    """
    from evalkit import labels

    _, run_dir, done, _ = small_identified_run
    assert done.returncode == 0
    assert not sorted(p.name for p in (run_dir / "tables").glob("cb_*"))
    report = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "Geen kosten-batenanalyse: in 2019 stroomden minder dan 10 mensen uit naar" in report
    # the summary's cost-benefit row (its explanation starts with this) is not there
    assert labels.t("summary.explain_npv", "nl").split(" over ")[0] not in report
    executed = (run_dir / "notebooks" / "30_cost_benefit.ipynb").read_text(encoding="utf-8")
    assert "gross_year" not in executed  # the cells that need costs were left out


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
