from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from evalkit import io
from evalkit.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> pd.DataFrame:
    path = FIXTURES / name
    return io.parse_contract(io.read_raw(path), name)


def test_rows_are_numbered_as_in_a_spreadsheet():
    raw = io.read_raw(FIXTURES / "clients_valid_small.csv")
    assert raw.index[0] == 2  # the header is row 1
    assert raw.index[-1] == len(raw) + 1


def test_semicolon_bom_and_dutch_dates_read_the_same_as_the_clean_file():
    clean = read("clients_valid_small.csv")
    dutch = read("clients_semicolon_bom_dutch_dates.csv")
    pd.testing.assert_frame_equal(clean, dutch)


def test_types_of_the_contract():
    clients = read("clients_valid_small.csv")
    assert str(clients["housing_date"].dtype) == "datetime64[ns]"
    assert str(clients["birth_year"].dtype) == "Int64"
    assert str(clients["sex"].dtype) == "string"


def test_impossible_date_names_file_column_row_and_format():
    with pytest.raises(InputError) as caught:
        read("clients_impossible_date.csv")
    error = caught.value
    assert error.column == "housing_date"
    assert error.rows == [5]
    assert str(error) == ("clients_impossible_date.csv: column 'housing_date' row 5: cannot read "
                          "these dates; expected a date such as 31-01-2020 or 2020-01-31")


def test_empty_file():
    with pytest.raises(InputError, match="the file is empty"):
        io.read_raw(FIXTURES / "clients_empty.csv")


def test_missing_file():
    with pytest.raises(InputError, match="file not found"):
        io.read_raw(FIXTURES / "nope.csv")


def test_cp1252_is_read(tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes("client_id,country_of_origin\nEV-1,Curaçao\n".encode("cp1252"))
    assert io.read_raw(path).loc[2, "country_of_origin"] == "Curaçao"


def test_not_text_is_refused(tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(bytes(range(128, 256)) * 4 + b"\x81\x8d\x8f\x90\x9d")
    with pytest.raises(InputError, match="not text"):
        io.read_raw(path)


def test_not_a_whole_number(tmp_path):
    path = tmp_path / "years.csv"
    path.write_text("client_id,birth_year\nA,1990\nB,19x0\n")
    with pytest.raises(InputError, match="column 'birth_year' row 3: not a whole number"):
        io.parse_contract(io.read_raw(path), "years.csv")


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "out.bin"
    io.atomic_write_bytes(target, b"abc")
    io.atomic_write_bytes(target, b"abcd")
    assert target.read_bytes() == b"abcd"
    assert [p.name for p in target.parent.iterdir()] == ["out.bin"]


def test_tables_are_byte_for_byte_reproducible(tmp_path):
    frame = pd.DataFrame({"status": ["a", "total"], "count": ["12", "12"], "share": ["100.0", "x"]})
    first = io.write_table(frame, tmp_path / "one", "t").read_bytes()
    second = io.write_table(frame, tmp_path / "two", "t").read_bytes()
    assert first == second == b"status,count,share\na,12,100.0\ntotal,12,x\n"
    assert io.read_table(tmp_path / "one", "t").equals(frame)


def test_parquet_round_trip(tmp_path):
    frame = pd.DataFrame({"d": pd.to_datetime(["2020-01-31", None]), "n": [1, 2]})
    path = io.write_parquet(frame, tmp_path / "x.parquet")
    pd.testing.assert_frame_equal(io.read_parquet(path), frame)
    with pytest.raises(InputError, match="run the data-checks stage first"):
        io.read_parquet(tmp_path / "missing.parquet")


def test_json_is_sorted_and_stable(tmp_path):
    path = io.write_json({"b": 1, "a": date(2020, 1, 31).isoformat()}, tmp_path / "m.json")
    assert path.read_text() == '{\n  "a": "2020-01-31",\n  "b": 1\n}\n'
