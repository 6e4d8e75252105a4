from datetime import date

import pandas as pd
import pytest

from evalkit import cohort

REF = date(2020, 1, 31)


def frame(rows):
    df = pd.DataFrame(rows, columns=["known_to_team_date", "intake_date", "outflow_date",
                                     "outflow_reason"])
    for c in ["known_to_team_date", "intake_date", "outflow_date"]:
        df[c] = pd.to_datetime(df[c])
    return df


@pytest.fixture
def people():
    return frame([
        (None, None, None, None),                                    # 0 not known
        ("2019-05-01", None, None, None),                            # 1 known, not picked up
        ("2019-05-01", "2019-06-01", None, None),                    # 2 in support
        ("2019-05-01", "2019-06-01", "2019-12-01", "parttime_work"), # 3 left for work
        ("2019-05-01", "2019-06-01", "2020-01-31", "education"),     # 4 left on the reference date
        ("2019-05-01", "2019-06-01", "2020-02-01", "fulltime_work"), # 5 leaves after: in support
        ("2020-02-15", None, None, None),                            # 6 known only after: not known
        ("2019-05-01", "2020-02-01", None, None),                    # 7 intake after: known only
        (None, None, "2016-03-01", "moved"),                         # 8 left before the approach
    ])


def test_has_left_benefits(people):
    assert list(cohort.has_left_benefits(people, REF)) == [
        False, False, False, True, True, False, False, False, True]


def test_is_in_support(people):
    assert list(cohort.is_in_support(people, REF)) == [
        False, False, True, False, False, True, False, False, False]


def test_is_known_not_picked_up(people):
    assert list(cohort.is_known_not_picked_up(people, REF)) == [
        False, True, False, False, False, False, False, True, False]


def test_is_not_known(people):
    assert list(cohort.is_not_known(people, REF)) == [
        True, False, False, False, False, False, True, False, False]


def test_status_at_gives_exactly_one_status_each(people):
    assert list(cohort.status_at(people, REF)) == [
        "not_known", "known_not_picked_up", "in_support", "left_work", "left_education",
        "in_support", "not_known", "known_not_picked_up", "left_other"]


def test_status_depends_on_the_reference_date_only(people):
    earlier = cohort.status_at(people, date(2019, 5, 15))
    assert earlier[2] == "known_not_picked_up"
    assert earlier[3] == "known_not_picked_up"


def test_outflow_group():
    reasons = pd.Series(["fulltime_work", "parttime_work", "education", "moved", "unknown"])
    assert list(cohort.outflow_group(reasons)) == ["work", "work", "education", "other", "other"]


def test_age_band():
    years = pd.Series([2001, 1996, 1995, 1986, 1976, 1975, 1966, 1950, None, 2005],
                      dtype="Int64")
    assert list(cohort.age_band(years, REF)) == [
        "18-24", "18-24", "25-34", "25-34", "35-44", "45-54", "45-54", "55+", "unknown",
        "unknown"]


def test_largest_groups_is_deterministic_on_ties():
    values = pd.Series(["b", "a", "c", "c", "d", None])
    assert list(cohort.largest_groups(values, keep=2)) == ["other", "a", "c", "c", "other", None]


def test_status_by_group_columns_in_order(people):
    from evalkit import disclosure

    groups = pd.Series(["x"] * 5 + ["y"] * 4, index=people.index)
    table = disclosure.cross_table(groups, cohort.status_at(people, REF), 1,
                                   column_order=list(cohort.STATUS_ORDER)).values
    assert list(table.columns) == [*cohort.STATUS_ORDER, "total"]
    assert table.loc["total", "total"] == 9
    assert table.loc["y", "left_other"] == 1


def test_composition_orders_and_groups(people):
    clients = people.assign(
        sex=["M", "V", "M", "M", "V", "M", "M", "V", "M"],
        birth_year=pd.array([1990] * 9, dtype="Int64"),
        country_of_origin=["Syria"] * 3 + ["Eritrea"] * 2 + ["Iran", "Iraq", "Yemen", "Chad"],
    )
    dims = cohort.composition(clients, REF)
    assert list(dims) == ["sex", "age_band", "country_of_origin"]  # no education in the file
    values, order = dims["country_of_origin"]
    assert order == ["Syria", "Eritrea", "Chad", "Iran", "Iraq", "other"]
    assert (values == "other").sum() == 1
    assert dims["sex"][1] == ["M", "V", "X"]


def test_a_file_with_age_bands_instead_of_birth_years_keeps_its_own_bands(people):
    bands = pd.array(["27-40", "18-26", "41+", None, "27-40", "18-26", "100+", "27-40", "9-17"],
                     dtype="string")
    values, order = cohort.composition(people.assign(age_band=bands), REF)["age_band"]
    # ordered by age, as numbers (9-17 before 18-26, 100+ last), unknown at the end
    assert order == ["9-17", "18-26", "27-40", "41+", "100+", "unknown"]
    assert values.tolist()[:4] == ["27-40", "18-26", "41+", "unknown"]


def test_an_age_in_years_goes_into_the_bands_a_birth_year_would_give(people):
    ages = pd.array(["18", "24", "25", "17", "55", "90", None, "44", "45"], dtype="string")
    values, order = cohort.composition(people.assign(age_band=ages), REF)["age_band"]
    # under 18 is not expected in the target group: unknown, as for a birth year
    assert values.tolist() == ["18-24", "18-24", "25-34", "unknown", "55+", "55+", "unknown",
                               "35-44", "45-54"]
    assert order == [*cohort.AGE_BANDS, "unknown"]


def test_a_birth_year_wins_over_a_recorded_age_band(people):
    clients = people.assign(birth_year=pd.array([1990] * 9, dtype="Int64"),
                            age_band=pd.array(["27-40"] * 9, dtype="string"))
    values, order = cohort.composition(clients, REF)["age_band"]
    assert order == list(cohort.AGE_BANDS)
    assert set(values) == {"25-34"}
