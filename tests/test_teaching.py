"""The worked examples: by hand and by library agree, and match the arithmetic done on paper."""

import numpy as np
import pytest

from evalkit import teaching


def test_the_life_table_counts_at_risk_exits_and_censoring():
    table = teaching.life_table()
    assert table["month"].tolist() == [2, 3, 4, 5, 6, 8, 9, 12]
    assert table["at_risk"].tolist() == [10, 9, 7, 6, 5, 4, 2, 1]
    assert table["exits"].tolist() == [1, 1, 1, 1, 0, 2, 0, 1]
    assert table["censored"].tolist() == [0, 1, 0, 0, 1, 0, 1, 0]
    assert table[["work", "education", "other"]].sum().tolist() == [5, 1, 1]


def test_kaplan_meier_by_hand_is_what_lifelines_gives():
    table = teaching.kaplan_meier_by_hand()
    # On paper: 9/10, x 8/9, x 6/7, x 5/6, censored, x 2/4, censored, x 0/1.
    on_paper = [0.9, 0.8, 0.8 * 6 / 7, 0.8 * 5 / 7, 0.8 * 5 / 7, 0.4 * 5 / 7, 0.4 * 5 / 7, 0.0]
    assert table["survival_by_hand"].to_numpy() == pytest.approx(on_paper)
    assert table["difference"].max() < 1e-12


def test_aalen_johansen_by_hand_is_what_the_cohort_estimator_gives():
    table = teaching.aalen_johansen_by_hand()
    work = dict(zip(table["month"], table["cif_work_by_hand"], strict=True))
    assert work[2] == pytest.approx(0.1) and work[3] == pytest.approx(0.2)
    assert work[5] == pytest.approx(0.2 + 0.8 * 6 / 7 / 6)
    assert work[12] == pytest.approx(0.2 + 0.8 / 7 + 0.8 * 5 / 7 / 4 + 0.4 * 5 / 7)
    assert table["cif_education_by_hand"].iloc[-1] == pytest.approx(0.8 / 7)
    assert table["difference"].max() < 1e-12
    # The naive 1 - KM counting only work overstates it once other exits compete.
    assert (table["naive_work"] >= table["cif_work_by_hand"] - 1e-12).all()
    assert table["naive_work"].iloc[-1] > table["cif_work_by_hand"].iloc[-1]


def test_wilson_by_hand_is_what_statsmodels_gives():
    table = teaching.wilson_by_hand()
    assert tuple(table["step"]) == teaching.STEPS
    steps = dict(zip(table["step"], table["value"], strict=True))
    assert steps["lower_by_hand"] == pytest.approx(steps["lower_statsmodels"], abs=1e-12)
    assert steps["upper_by_hand"] == pytest.approx(steps["upper_statsmodels"], abs=1e-12)
    # 7 of 20: the Wilson interval every textbook table gives, 18.1% to 56.7%.
    assert round(steps["lower_by_hand"], 4) == 0.1812
    assert round(steps["upper_by_hand"], 4) == 0.5671
    assert steps["lower_normal"] < steps["lower_by_hand"]


def test_discounting_by_hand_adds_up_to_the_annuity_of_the_cost_benefit():
    table = teaching.discounting_by_hand(1000.0, 0.8, 0.03, 3)
    assert table["present_value"].iloc[:3].to_numpy() == pytest.approx(
        [1000.0, 800 / 1.03, 640 / 1.03**2])
    assert table["running_total"].iloc[2] == pytest.approx(table["running_total"].iloc[3])
    assert table["running_total"].iloc[3] == pytest.approx(2379.96, abs=0.01)


def test_the_examples_take_other_people_too():
    months, ended = (1, 1, 2, 7), (1, 0, 2, 1)
    km = teaching.kaplan_meier_by_hand(months, ended)
    aj = teaching.aalen_johansen_by_hand(months, ended)
    assert km["difference"].max() < 1e-12 and aj["difference"].max() < 1e-12
    assert np.isclose(km["survival_by_hand"].iloc[-1], 0.0)


@pytest.mark.parametrize("lang, header, step, bound", [
    ("nl", "S(t) met de hand", "ondergrens, met de hand", "0,1812"),
    ("en", "S(t) by hand", "lower bound, by hand", "0.1812")])
def test_a_worked_example_is_shown_in_the_run_language(lang, header, step, bound):
    km = teaching.shown(teaching.kaplan_meier_by_hand(), lang)
    assert header in km.columns and km.index.tolist() == [2, 3, 4, 5, 6, 8, 9, 12]
    assert km.iloc[0, 0] == "10"  # counts stay whole numbers
    wilson = teaching.shown(teaching.wilson_by_hand(), lang)
    assert wilson.index[6] == step and wilson.iloc[6, 0] == bound
    assert wilson.iloc[:2, 0].tolist() == ["7", "20"]  # the count and the group stay whole
    discounting = teaching.shown(teaching.discounting_by_hand(100.0, 0.5, 0.0, 2), lang)
    assert discounting.index[:2].tolist() == ["0", "1"]
    assert discounting.index[2].startswith("costbenefit.annuity x ")
