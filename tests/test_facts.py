"""The per-person facts at the peildatum: the same status and durations the modules derive."""

from datetime import date

import pandas as pd

from evalkit import cohort, facts, survival

REF = date(2020, 1, 31)


def _clients() -> pd.DataFrame:
    day = pd.to_datetime
    return pd.DataFrame({
        "housing_date": day(["2017-03-01", "2018-05-01", "2019-01-01", None]),
        "benefit_start_date": day(["2017-04-01", "2018-06-01", "2019-02-01", "2019-03-01"]),
        "known_to_team_date": day(["2017-05-01", "2018-07-01", None, None]),
        "intake_date": day(["2017-06-01", None, None, None]),
        "outflow_date": day(["2018-06-01", None, "2019-06-01", None]),
        "outflow_reason": ["fulltime_work", None, "moved", None],
    })


def test_facts_are_the_modules_own_answers():
    clients = _clients()
    found = facts.person_facts(clients, REF)
    assert list(found.columns) == list(facts.COLUMNS)
    assert list(found["status"]) == list(cohort.status_at(clients, REF))
    assert list(found["housing_year"].fillna("-")) == ["2017", "2018", "2019", "-"]
    events = survival.outflow_events(clients, REF)
    pd.testing.assert_frame_equal(facts.events(found), events, check_dtype=False)
    # moving away is censoring, not an exit
    assert found["event"].tolist() == [1, 0, 0, 0] and found["censored"].tolist()[1:] == [True] * 3


def test_a_person_without_a_start_of_the_clock_has_no_duration():
    clients = _clients().assign(benefit_start_date=pd.NaT)
    found = facts.person_facts(clients, REF)
    assert found["duration"].isna().all() and facts.events(found).empty
