"""The Great Expectations suite in expectations/clients.json, loaded and run for real."""

import copy
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from evalkit import checks, io
from evalkit.config import parse_config
from evalkit.errors import InputError
from evalkit.prepare import load_clients

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SUITE = json.loads((ROOT / "expectations" / "clients.json").read_text())
CONFIG = parse_config({"municipality": "Eindhoven", "municipality_code": "GM0772",
                       "reference_date": date(2020, 1, 31), "input_file": "x.csv"}, "c.yml")


def load(name: str):
    return load_clients(FIXTURES / name, CONFIG, SUITE, shown_as=name)


def test_the_suite_loads_whole():
    suite = checks.build_suite(SUITE, "clients.json")
    assert len(suite.expectations) == len(SUITE["expectations"]) == 49


def test_every_check_has_a_label_in_both_languages():
    from evalkit import labels

    for entry in SUITE["expectations"]:
        for lang in labels.LANGS:
            assert labels.t(f"check.{entry['meta']['check']}", lang)


def test_an_entry_without_severity_is_refused():
    broken = copy.deepcopy(SUITE)
    del broken["expectations"][3]["meta"]["severity"]
    with pytest.raises(checks.ExpectationsError, match="expectation 4 needs meta.check"):
        checks.build_suite(broken, "clients.json")


def test_an_invalid_expectation_is_caught_by_counting():
    """GE logs and drops an unknown expectation type from a suite; the count catches it."""
    broken = copy.deepcopy(SUITE)
    broken["expectations"][0]["type"] = "expect_column_to_be_wonderful"
    with pytest.raises(checks.ExpectationsError,
                       match="49 expectations in the file, but Great Expectations loaded 48"):
        checks.build_suite(broken, "clients.json")

def test_a_misspelled_argument_is_refused():
    broken = copy.deepcopy(SUITE)
    broken["expectations"][9]["kwargs"]["mostyl"] = 0.5
    with pytest.raises(checks.ExpectationsError, match="refused an expectation"):
        checks.build_suite(broken, "clients.json")


def test_valid_file_passes_every_applicable_check():
    loaded = load("clients_valid_small.csv")
    results = loaded.results
    assert len(loaded.clients) == 30
    assert list(results.columns) == list(checks.RESULT_COLUMNS)
    assert len(results) == 49
    # the file has birth years, not the age bands some teams record instead
    assert results.loc[results["passed"].isna(), "column"].tolist() == ["age_band"]
    assert (results.dropna(subset=["passed"])["passed"] == True).all()  # noqa: E712


def test_a_file_whose_latest_date_lies_a_year_before_the_peildatum_gets_a_warning():
    """A config moved on to a new peildatum with last time's file would count everyone still on
    benefits as on benefits up to the new date. The file as a whole fails the check, no row."""
    from evalkit.prepare import latest_date

    clients = io.parse_contract(io.read_raw(FIXTURES / "clients_valid_small.csv"), "f")
    latest = pd.Timestamp(latest_date(clients))

    def rule(days: int) -> pd.Series:
        results = checks.run_checks(clients, (latest + pd.Timedelta(days=days)).date(), SUITE)
        return results[results["check"] == "file_reaches_reference"].iloc[0]

    assert rule(0)["passed"] == True and rule(365)["passed"] == True  # noqa: E712
    stale = rule(366)
    assert stale["passed"] == False and stale["severity"] == "warning"  # noqa: E712
    assert pd.isna(stale["failing"]) and pd.isna(stale["share"]) and stale["rows"] == ""


def test_missing_optional_column_is_not_applicable():
    clients = io.parse_contract(io.read_raw(FIXTURES / "clients_valid_small.csv"), "f")
    results = checks.run_checks(clients.drop(columns=["sex"]), date(2020, 1, 31), SUITE)
    sex = results[results["column"] == "sex"]
    assert sex["passed"].isna().all()
    assert (results.dropna(subset=["passed"])["passed"] == True).all()  # noqa: E712


def test_missing_required_column_is_named():
    with pytest.raises(InputError) as caught:
        load("clients_missing_intake_date.csv")
    assert str(caught.value).startswith(
        "clients_missing_intake_date.csv: column 'intake_date': required column missing")


def test_duplicate_ids_name_every_row():
    with pytest.raises(InputError) as caught:
        load("clients_duplicate_ids.csv")
    assert caught.value.column == "client_id"
    assert caught.value.rows == [4, 9, 14]
    assert "occurs more than once" in str(caught.value)


def test_empty_id():
    with pytest.raises(InputError, match=r"column 'client_id' row 6: client id is empty"):
        load("clients_empty_id.csv")


def test_date_after_the_reference_date():
    with pytest.raises(InputError, match=r"column 'intake_date' row 7: date lies after"):
        load("clients_date_after_reference.csv")


def test_unknown_code_names_the_label():
    with pytest.raises(InputError, match=r"column 'education_level' row 8: unknown code 'PhD'"):
        load("clients_unknown_code.csv")


def test_header_only():
    with pytest.raises(InputError, match="header but no rows"):
        load("clients_header_only.csv")


def test_warnings_do_not_stop_the_run(tmp_path):
    lines = (FIXTURES / "clients_valid_small.csv").read_text().splitlines()
    header = lines[0].split(",")
    sex = header.index("sex")
    body = []
    for i, line in enumerate(lines[1:]):
        cells = line.split(",")
        if i < 10:
            cells[sex] = ""
        body.append(",".join(cells))
    path = tmp_path / "sex_mostly_empty.csv"
    path.write_text("\n".join([lines[0], *body]) + "\n")
    results = load_clients(path, CONFIG, SUITE).results
    row = results[(results["check"] == "optional_column_mostly_filled")
                  & (results["column"] == "sex")].iloc[0]
    assert row["passed"] == False  # noqa: E712
    assert row["failing"] == 10
    assert row["rows"] == "2 3 4 5 6 7 8 9 10 11"


def test_results_never_hold_row_content():
    path = FIXTURES / "clients_duplicate_ids.csv"
    clients = io.parse_contract(io.read_raw(path), path.name)
    results = checks.run_checks(clients, date(2020, 1, 31), SUITE)
    text = results.to_csv()
    for value in clients["client_id"].dropna():
        assert value not in text
    failing = results[results["passed"] == False].iloc[0]  # noqa: E712
    assert failing["rows"] == "4 9 14"
    assert failing["failing"] == 3
    assert failing["share"] == 10.0


def test_first_ten_rows_and_a_count_of_the_rest(tmp_path):
    lines = (FIXTURES / "clients_valid_small.csv").read_text().splitlines()
    body = [",".join(["EV-SAME"] + line.split(",")[1:]) if i < 15 else line
            for i, line in enumerate(lines[1:])]
    path = tmp_path / "fifteen_duplicates.csv"
    path.write_text("\n".join([lines[0], *body]) + "\n")
    with pytest.raises(InputError) as caught:
        load_clients(path, CONFIG, SUITE, shown_as=path.name)
    assert str(caught.value).startswith(
        "fifteen_duplicates.csv: column 'client_id' rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 "
        "(and 5 more): client id occurs more than once")


def test_message_counts_rows_beyond_ten():
    error = InputError("f.csv", "client id occurs more than once", column="client_id",
                       rows=list(range(2, 12)), n_rows=15)
    assert "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 (and 5 more)" in str(error)


def test_results_for_report_in_both_languages():
    results = load("clients_valid_small.csv").results
    nl = checks.results_for_report(results, "nl")
    en = checks.results_for_report(results, "en")
    assert "Controle" in nl.columns and "Check" in en.columns
    assert set(nl["Uitkomst"]) == {"geslaagd", "n.v.t. (kolom ontbreekt)"}  # no age_band
    assert pd.api.types.is_string_dtype(nl["Afwijkende rijen"])


def test_exits_before_intake_are_a_warning_with_row_numbers_only():
    frame = pd.DataFrame({
        "client_id": ["A1", "A2", "A3"], "municipality_code": ["GM0772"] * 3,
        "housing_date": pd.to_datetime(["2019-01-01"] * 3),
        "benefit_start_date": pd.to_datetime(["2019-01-05"] * 3),
        "known_to_team_date": pd.to_datetime(["2019-02-01"] * 3),
        "intake_date": pd.to_datetime(["2019-03-01", "2019-03-01", "2019-04-01"]),
        "outflow_date": pd.to_datetime(["2019-02-15", "2019-06-01", None]),
        "outflow_reason": ["fulltime_work", "education", None],
    }, index=[2, 3, 4])
    results = checks.run_checks(frame, date(2020, 1, 31), SUITE).set_index("check")
    row = results.loc["outflow_not_before_intake"]
    assert row["severity"] == "warning" and not row["passed"]
    assert row["failing"] == 1 and row["rows"] == "2"
    checks.raise_on_critical(results.reset_index(), "x.csv")  # a warning never stops the run


def test_a_missing_required_column_names_the_unknown_header_and_the_alias_line():
    with pytest.raises(InputError) as caught:
        checks.require_columns(["client_id", "municipality_code", "housing_date",
                                "benefit_start_date", "known_to_team_date", "intake_date",
                                "outflow_date"], "x.csv", unknown=["Reden beëindiging"])
    message = str(caught.value)
    assert "column 'outflow_reason'" in message
    assert "'Reden beëindiging' (closest: outflow_reason" in message
    assert 'add to the config column_aliases: {"Reden beëindiging": outflow_reason}' in message


def test_an_unknown_label_names_the_value_aliases_line():
    advice = checks.label_advice("outflow_reason", ["Werk (fulltime)", "Maatregel"])
    assert ('value_aliases: {outflow_reason: {"Werk (fulltime)": fulltime_work, '
            '"Maatregel": <code>}}') in advice
    assert "obligations_not_met" in advice  # the codes to choose from


def test_the_advice_of_a_failing_check_never_points_back_at_evalkit_check():
    frame = pd.DataFrame({
        "client_id": ["A1", "A2"], "municipality_code": ["GM0772", "GM0772"],
        "housing_date": pd.to_datetime(["2019-01-01"] * 2),
        "benefit_start_date": pd.to_datetime(["2019-01-05"] * 2),
        "known_to_team_date": pd.to_datetime(["2019-02-01"] * 2),
        "intake_date": pd.to_datetime(["2019-03-01"] * 2),
        "outflow_date": pd.to_datetime(["2019-06-01", None]),
        "outflow_reason": ["Baan gevonden", None], "sex": ["Q", "M"],
    }, index=[2, 3])
    results = checks.run_checks(frame, date(2020, 1, 31), SUITE)
    with pytest.raises(InputError) as from_check:
        checks.raise_on_critical(results, "f.csv", from_check=True)
    assert "evalkit check" not in str(from_check.value)
    assert "1 other check failed too; see the table above" in str(from_check.value)
    with pytest.raises(InputError) as from_run:
        checks.raise_on_critical(results, "f.csv")
    assert "`evalkit check FILE --config CONFIG` lists them all" in str(from_run.value)
