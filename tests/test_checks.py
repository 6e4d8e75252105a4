from datetime import date
from pathlib import Path

import pytest

from evalkit import checks, io
from evalkit.config import parse_config
from evalkit.errors import InputError
from evalkit.pipeline import load_clients

FIXTURES = Path(__file__).parent / "fixtures"
CONFIG = parse_config({"municipality": "Eindhoven", "municipality_code": "GM0772",
                       "reference_date": date(2020, 1, 31), "input_file": "x.csv"}, "c.yml")


def load(name: str):
    return load_clients(FIXTURES / name, CONFIG, shown_as=name)


def test_valid_file_passes_every_check():
    clients, results = load("clients_valid_small.csv")
    assert len(clients) == 30
    assert results["passed"].all()
    assert list(results.columns) == list(checks.RESULT_COLUMNS)


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


def test_unknown_code():
    with pytest.raises(InputError, match=r"column 'education_level' row 8: unknown code"):
        load("clients_unknown_code.csv")


def test_header_only():
    with pytest.raises(InputError, match="header but no rows"):
        load("clients_header_only.csv")


def test_results_never_hold_row_content():
    path = FIXTURES / "clients_duplicate_ids.csv"
    clients = io.parse_contract(io.read_raw(path), path.name)
    results = checks.run_checks(clients, date(2020, 1, 31))
    text = results.to_csv()
    for value in clients["client_id"].dropna():
        assert value not in text
    failing = results[~results["passed"]].iloc[0]
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
        load_clients(path, CONFIG, shown_as=path.name)
    assert str(caught.value).startswith(
        "fifteen_duplicates.csv: column 'client_id' rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 "
        "(and 5 more): client id occurs more than once")


def test_message_counts_rows_beyond_ten():
    error = InputError("f.csv", "client id occurs more than once", column="client_id",
                       rows=list(range(2, 12)), n_rows=15)
    assert "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 (and 5 more)" in str(error)
