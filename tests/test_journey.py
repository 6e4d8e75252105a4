"""The client journey: median days per step and the share still waiting."""

from __future__ import annotations

from datetime import date

import pandas as pd

from evalkit import journey


def _clients() -> pd.DataFrame:
    day = pd.Timestamp("2019-01-01")
    rows = []
    for i in range(12):
        rows.append({"housing_date": day, "known_to_team_date": day + pd.Timedelta(days=10 + i),
                     "intake_date": (day + pd.Timedelta(days=100)) if i < 8 else pd.NaT,
                     "outflow_date": (day + pd.Timedelta(days=50)) if i == 11 else pd.NaT})
    return pd.DataFrame(rows)


def test_steps_count_who_still_waits_and_leave_out_missing_columns():
    table, members = journey.steps(_clients(), date(2019, 12, 31), threshold=5)
    assert list(table["phase"]) == ["housing", "known_to_team"]  # no trajectory columns
    housing = table.iloc[0]
    assert housing["people"] == 12 and housing["waiting"] == 0
    assert housing["median"] == 15.0  # the known-to-team waits are 10..21 days; KM median
    known = table.iloc[1]
    # 8 had their intake; the one who left benefits is not waiting; 3 still wait
    assert known["people"] == 12 and known["waiting"] == 3
    assert known["share_waiting"] == 3 / 12
    assert len(members[("known_to_team", "waiting")]) == 3


def test_a_step_of_too_few_people_gets_no_median():
    table, _ = journey.steps(_clients(), date(2019, 12, 31), threshold=20)
    assert table["median"].isna().all() and table["share_waiting"].isna().all()
    assert list(table["people"]) == [12, 12]  # counts stay, for disclosure control to judge


def test_a_median_read_where_fewer_than_the_threshold_still_wait_is_not_reached():
    """The known-to-team median (day 15) is read with 7 of the 12 still waiting: shown at a
    threshold of 7, not reached at 8, where the published curve stops before it."""
    at_seven, _ = journey.steps(_clients(), date(2019, 12, 31), threshold=7)
    at_eight, _ = journey.steps(_clients(), date(2019, 12, 31), threshold=8)
    assert at_seven["median"].iloc[0] == 15.0
    assert pd.isna(at_eight["median"].iloc[0]) and at_eight["people"].iloc[0] == 12
