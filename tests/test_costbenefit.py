"""Cost-benefit: the KplusV business case exactly, the budget checks, and the discounted analysis."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from evalkit import costbenefit as cb
from evalkit.config import read_config
from evalkit import io
from evalkit.config import COST_INPUTS, parse_config
from evalkit.errors import ConfigError


@pytest.fixture(scope="module")
def settings(root):
    return read_config(root / "configs" / "example.yml").cost_benefit


@pytest.fixture(scope="module")
def case(root):
    """The reference case of the example: KplusV's printed business case and budget."""
    return read_config(root / "configs" / "example.yml").reference_case


@pytest.fixture
def kplusv(settings):
    return cb.kplusv_business_case(
        {k: a.value for k, a in settings.costs.items()},
        {k: a.value for k, a in settings.compensations.items()},
        people=settings.people_supported.value, fulltime=106, parttime=31,
        benefit_cost=settings.benefit_cost_per_year.value,
        parttime_fraction=settings.parttime_fraction.value).set_index("item")["value"]


# ------------------------------------------------------------------ KplusV 4.4.2, exactly


def test_kplusv_cost_of_the_approach(kplusv):
    assert kplusv["realised_costs"] == 738_688
    assert kplusv["cost_of_approach"] == 665_088          # 738,688 - 73,600
    # 665,088 / 360 = 1,847.47; KplusV prints 1,848 (rounded up, within a euro).
    assert kplusv["cost_per_person"] == pytest.approx(1_848, abs=1)


def test_kplusv_benefit_cost_and_savings(kplusv):
    assert kplusv["benefit_cost_total"] == 6_048_000      # 360 x 16,800
    assert kplusv["savings_fulltime"] == 1_780_800        # 106 x 16,800
    assert kplusv["savings_parttime"] == 260_400          # 31 x 16,800 x 0.5
    assert kplusv["savings_total"] == 2_041_200


def test_printed_18489_per_person_is_flagged(settings, case):
    computed = cb.kplusv_business_case(
        {k: a.value for k, a in settings.costs.items()},
        {k: a.value for k, a in settings.compensations.items()}, people=360, fulltime=106,
        parttime=31, benefit_cost=16_800, parttime_fraction=0.5)
    table = cb.compare_printed(computed, case.printed.amounts)
    per_person = table[table["item"] == "cost_per_person"]
    assert list(per_person["printed"]) == [1_848, 18_489]
    assert list(per_person["result"]) == ["ok", "differs"]
    assert list(table.loc[table["result"] == "differs", "item"]) == ["cost_per_person"]
    assert table.set_index("item").loc["compensations", "result"] == "not_printed"


def test_a_printed_item_that_is_not_computed_is_an_error():
    computed = pd.DataFrame({"item": ["cost_of_approach"], "value": [1.0]})
    with pytest.raises(KeyError, match="no computed counterpart"):
        cb.compare_printed(computed, {"cost_of_aproach": 1.0})


# ------------------------------------------------------------------------- budget checks


def test_budget_lines_totals_and_overrun_add_up(case):
    budget = {y: b.model_dump() for y, b in case.budget.years.items()}
    checks = cb.budget_checks(budget, printed_total=case.budget.total, realised=738_688,
                              compensations=73_600, year=2019, printed_overrun=108_888)
    assert list(checks["computed"]) == [399_900, 827_400, 556_200, 1_783_500, 108_888]
    assert (checks["result"] == "ok").all()


def test_a_budget_line_that_does_not_add_up_is_listed_not_corrected(case):
    budget = {y: b.model_dump() for y, b in case.budget.years.items()}
    budget[2018]["lines"]["staff"] = 504_000  # a transposed digit
    checks = cb.budget_checks(budget, printed_total=1_783_500, realised=738_688,
                              compensations=73_600, year=2019, printed_overrun=100_000)
    wrong = checks[checks["result"] == "differs"]
    assert list(wrong["check"]) == ["budget_lines_sum_to_total", "overrun"]
    assert wrong.iloc[0]["printed"] == 827_400 and wrong.iloc[0]["computed"] == 791_400
    assert wrong.iloc[1]["computed"] == 108_888
    found = cb.inconsistencies(pd.DataFrame(columns=["item", "computed", "printed", "result"]),
                               checks)
    assert list(found["difference"]) == [36_000, -8_888]


# ------------------------------------------------------------- discounting, by hand


def test_annuity_by_hand():
    assert cb.annuity(1.0, 0.10, 3) == pytest.approx(1 + 1 / 1.1 + 1 / 1.21)
    assert cb.annuity(0.5, 0.0, 3) == pytest.approx(1 + 0.5 + 0.25)
    assert cb.annuity(0.9, 0.0225, 1) == 1.0  # the programme year is not discounted


def test_npv_by_hand():
    # 10 full-time exits, deadweight 20%, displacement 25%: 6 net exits of 1,000 a year,
    # durability 0.5, 10% discount over 2 years: 6,000 + 3,000 / 1.1 - 5,000.
    case = cb.Case(cost=5_000, fulltime=10, parttime=0, parttime_fraction=0.5, benefit_cost=1_000,
                   deadweight=0.2, displacement=0.25, durability=0.5, discount_rate=0.10,
                   horizon=2)
    values = cb.present_values(case)
    assert values["net_exits"] == pytest.approx(6.0)
    assert values["pv_benefits"] == pytest.approx(6_000 + 3_000 / 1.1)
    assert values["npv"] == pytest.approx(6_000 + 3_000 / 1.1 - 5_000)
    assert values["bcr"] == pytest.approx((6_000 + 3_000 / 1.1) / 5_000)


def test_one_gross_year_gives_back_the_kplusv_sum():
    case = cb.Case(cost=665_088, fulltime=106, parttime=31, parttime_fraction=0.5,
                   benefit_cost=16_800, horizon=1)
    assert cb.npv(case) == pytest.approx(2_041_200 - 665_088)


@pytest.fixture
def base_case():
    return cb.Case(cost=665_088, fulltime=106, parttime=31, parttime_fraction=0.5,
                   benefit_cost=16_800, deadweight=0.586, displacement=0.25, durability=0.9,
                   discount_rate=0.0225, horizon=5)


@pytest.mark.parametrize("parameter", ["deadweight", "displacement"])
def test_npv_falls_as_deadweight_or_displacement_rises(base_case, parameter):
    values = [cb.npv(replace(base_case, **{parameter: v})) for v in np.linspace(0, 0.9, 10)]
    assert all(b < a for a, b in zip(values, values[1:], strict=False))


def test_scenarios_cover_every_horizon_and_displacement(base_case):
    table = cb.scenarios(base_case, [3, 5, 10], [0.0, 0.25, 0.5])
    assert len(table) == 9
    base = table[(table["horizon"] == 5) & (table["displacement"] == 0.25)].iloc[0]
    assert base["npv"] == pytest.approx(cb.npv(base_case))
    assert (table.groupby("displacement")["npv"].apply(lambda s: s.is_monotonic_increasing)).all()


# ----------------------------------------------------------------------- break-even


def test_npv_is_zero_at_each_break_even_value(base_case):
    effect = cb.break_even_effect(base_case)
    at_effect = replace(base_case, fulltime=effect, parttime=0, deadweight=0, displacement=0)
    assert abs(cb.npv(at_effect)) < 0.01
    displacement = cb.break_even_displacement(base_case)
    assert 0 < displacement < 1
    assert abs(cb.npv(replace(base_case, displacement=displacement))) < 0.01
    durability = cb.break_even_durability(base_case)
    assert 0 <= durability < 1
    assert abs(cb.npv(replace(base_case, durability=durability))) < 0.01


def test_break_even_out_of_reach_is_none(base_case):
    hopeless = replace(base_case, cost=1e9)
    assert cb.break_even_displacement(hopeless) is None
    assert cb.break_even_durability(hopeless) is None
    always = replace(base_case, cost=1.0)
    assert cb.break_even_durability(always) is None  # positive even at durability 0


# ------------------------------------------------------------------ sensitivity


def test_tornado_sorted_by_swing_and_moves_the_right_way(base_case):
    table = cb.tornado(base_case, {"deadweight": (0.3, 0.8), "discount_rate": (0.0, 0.03),
                                   "horizon": (3, 10)})
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    row = table.set_index("parameter").loc["deadweight"]
    assert row["npv_low"] > cb.npv(base_case) > row["npv_high"]
    assert table.set_index("parameter").loc["horizon", "npv_high"] == pytest.approx(
        cb.npv(replace(base_case, horizon=10)))
    with pytest.raises(ValueError, match="not a parameter"):
        cb.tornado(base_case, {"wage": (1, 2)})


def monte_carlo(case, seed, cost_range=(565_088, 798_106)):
    return cb.monte_carlo(case, outflows=137, people=360, reps=2000, seed=seed,
                          cost_range=cost_range, deadweight_range=(0.3, 0.8),
                          durability_range=(0.85, 0.95))


def test_monte_carlo_is_identical_for_the_same_seed(base_case):
    first, second = monte_carlo(base_case, 7), monte_carlo(base_case, 7)
    assert np.array_equal(first.npv, second.npv)
    pd.testing.assert_frame_equal(first.summary(), second.summary())
    assert not np.array_equal(first.npv, monte_carlo(base_case, 8).npv)


def test_monte_carlo_summary_is_consistent(base_case):
    summary = monte_carlo(base_case, 7).summary().iloc[0]
    assert summary["p05"] < summary["median"] < summary["p95"]
    assert 0 <= summary["p_positive"] <= 1
    # A cost far beyond any saving makes every draw negative.
    hopeless = monte_carlo(replace(base_case, cost=5e7), 7, cost_range=(4e7, 6e7))
    assert hopeless.summary().iloc[0]["p_positive"] == 0


# ------------------------------------------------------------------ inputs


def test_deadweight_is_counterfactual_over_programme_rate():
    assert cb.deadweight_share(0.17, 0.29) == pytest.approx(17 / 29)
    assert cb.deadweight_share(0.40, 0.29) == 1.0
    # nobody in the file left for work (exits given in the config): nothing is the programme's
    assert cb.deadweight_share(0.17, 0.0) == 1.0 and cb.deadweight_share(0.0, 0.0) == 1.0
    assert cb.deadweight_share(0.0, 0.29) == 0.0
    with pytest.raises(ValueError, match="negative"):
        cb.deadweight_share(0.17, -0.1)


def test_societal_view_never_counts_the_benefit(base_case):
    pm = cb.societal_view(base_case, execution_cost=2_883, production_per_job=None,
                          realised_costs=738_688).set_index("item")["value"]
    assert pm["transfers"] == 0 and np.isnan(pm["production"]) and np.isnan(pm["npv"])
    years = cb.annuity(0.9, 0.0225, 5)
    assert pm["execution_savings"] == pytest.approx(base_case.net_exits * 2_883 * years)
    valued = cb.societal_view(base_case, execution_cost=2_883, production_per_job=30_000,
                              realised_costs=738_688).set_index("item")["value"]
    assert valued["npv"] == pytest.approx(
        base_case.net_exits * (2_883 + 30_000) * years - 738_688)


# --------------------------------------------------------------------- config


def minimal_config(**cost_benefit):
    amount = {"value": 0.5, "source": "s"}
    section = {"year": 2019, "costs": {"staff": {"value": 1000, "source": "s"}},
               "people_supported": {"value": 10, "source": "s"},
               "benefit_cost_per_year": {"value": 100, "source": "s"},
               "execution_cost_per_year": {"value": 10, "source": "s"},
               "parttime_fraction": amount, "discount_rate": {"value": 0.0225, "source": "s"},
               "horizon_years": {"value": 5, "source": "s"}, "displacement": amount,
               "deadweight": {"value": 0.5, "source": "s", "low": 0.3, "high": 0.8},
               "durability": amount, "cost_factor": {"value": 1, "source": "s"}, **cost_benefit}
    return {"municipality": "X", "municipality_code": "GM0001", "reference_date": "2020-01-31",
            "input_file": "x.csv", "stages": ["30_cost_benefit"], "cost_benefit": section}


def test_config_accepts_a_minimal_cost_benefit_section():
    assert parse_config(minimal_config(), "c.yml").cost_benefit.horizons == [3, 5, 10]


@pytest.mark.parametrize("change, message", [
    ({"parttime_fraction": {"value": 0.5, "source": "s", "low": 0.6, "high": 0.7}},
     "low <= value <= high"),
    ({"displacement": {"value": 1.5, "source": "s"}}, "between 0 and 1"),
    ({"deadweight": {"low": 0.3, "high": 0.8}}, "either value"),
    ({"benefit_cost_per_year": {"value": 100}}, "source"),
])
def test_config_rejects_a_bad_cost_benefit_input(change, message):
    with pytest.raises(ConfigError, match=message):
        parse_config(minimal_config(**change), "c.yml")


def test_the_cost_benefit_stage_runs_without_its_section_and_names_the_missing_inputs():
    data = minimal_config()
    del data["cost_benefit"]
    assert parse_config(data, "c.yml").cost_benefit is None
    assert {"costs", "people_supported", "benefit_cost_per_year"} <= set(COST_INPUTS)
    assert "monte_carlo_draws" not in COST_INPUTS  # it has a default


def test_a_reference_case_of_another_municipality_is_refused():
    data = minimal_config()
    data["reference_case"] = {"name": "KplusV 2020", "source": "s", "municipality_code": "GM0772"}
    with pytest.raises(ConfigError, match="reference_case .* is about GM0772.*GM0001"):
        parse_config(data, "c.yml")


# ------------------------------------------------------------- the stage, on real kernels


def test_stage_publishes_the_kplusv_sum_and_its_one_inconsistency(example_run):
    _, run_dir, _ = example_run
    tables = run_dir / "tables"
    business = io.read_table(tables, "cb_kplusv_business_case")
    ok = business[business["result"] == "ok"].set_index("item")["computed"]
    assert ok["cost_of_approach"] == "665088.00" and ok["savings_total"] == "2041200.00"
    found = io.read_table(tables, "cb_inconsistencies")
    assert list(found["check"]) == ["cost_per_person"] and list(found["printed"]) == ["18489.00"]
    assert (io.read_table(tables, "cb_budget_checks")["result"] == "ok").all()


def test_stage_lists_every_assumption_and_the_full_analysis(example_run):
    _, run_dir, _ = example_run
    tables = run_dir / "tables"
    assumptions = io.read_table(tables, "cb_assumptions").set_index("parameter")
    assert (assumptions["source"] != "").all()
    assert assumptions.loc["deadweight", "value"] == f"{17 / 29:.4f}"  # national 17% / local 29%
    assert "Kaplan-Meier" in assumptions.loc["durability", "source"]  # measured, not assumed
    scenarios = io.read_table(tables, "cb_scenarios")
    assert sorted(set(scenarios["horizon"])) == ["10", "3", "5"]
    assert sorted(set(scenarios["displacement"])) == ["0.0000", "0.2500", "0.5000"]
    assert set(io.read_table(tables, "cb_break_even")["parameter"]) == {
        "net_exits", "displacement", "durability"}
    assert io.read_table(tables, "cb_monte_carlo").iloc[0]["draws"] == "5000"
    societal = io.read_table(tables, "cb_societal").set_index("item")["value"]
    assert societal["production"] == "" and societal["transfers"] == "0.00"
    assert (run_dir / "figures" / "cb_tornado.png").is_file()


def test_outflow_counts_given_in_the_config_are_used_and_said(scratch_project):
    import yaml

    from conftest import run_cli

    config_path = scratch_project / "configs" / "example.yml"
    config = yaml.safe_load(config_path.read_text())
    config["stages"] = ["00_data_checks", "30_cost_benefit"]
    config["cost_benefit"]["outflow"] = {"fulltime": 100, "parttime": 40,
                                         "source": "team count of 2019"}
    config["lang"] = "en"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    done = run_cli("run", "configs/example.yml", cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    run_dir = scratch_project / "reports" / "eindhoven-2020-01-31"
    business = io.read_table(run_dir / "tables", "cb_kplusv_business_case").set_index("item")
    assert business.loc["savings_parttime", "computed"] == f"{40 * 16800 * 0.5:.2f}"
    report = (run_dir / "report.html").read_text()
    assert "was given by the evaluator in the configuration" in report
    assert "team count of 2019" in report
