from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from evalkit import io
from evalkit.config import read_config
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


@pytest.mark.parametrize("name", ["dates_with_time_of_day.csv",
                                  "municipality_code_as_number.csv"])
def test_an_export_with_times_or_numeric_municipality_codes_reads_as_the_clean_file(name):
    clean = read("clients_valid_small.csv")
    pd.testing.assert_frame_equal(read(f"bad/{name}"), clean)


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


def test_the_messy_excel_example_gives_the_same_processed_data_as_the_clean_csv(root):
    clean_path = root / "data/raw/example_monitoring.csv"
    messy_path = root / "data/raw/example_monitoring_messy.xlsx"
    clean = io.parse_contract(io.map_headers(io.read_raw(clean_path), "c"), "c")
    messy_raw = io.read_raw(messy_path)
    assert messy_raw.index[0] == 5  # two title rows and a blank row above the header
    assert "Datum intake" in messy_raw.columns
    messy = io.parse_contract(io.map_headers(messy_raw, "m"), "m")
    pd.testing.assert_frame_equal(io.processed_frame(messy), io.processed_frame(clean))


def test_the_messy_example_is_regenerated_byte_for_byte(root):
    from evalkit import synth

    committed = (root / "data/raw/example_monitoring_messy.xlsx").read_bytes()
    assert synth.make_messy_example() == committed


@pytest.mark.parametrize("text, expected", [
    ("2019-03-01", "2019-03-01"), ("01-03-2019", "2019-03-01"), ("1-3-19", "2019-03-01"),
    ("01/03/2019", "2019-03-01"), ("1.3.2019", "2019-03-01"), ("43525", "2019-03-01"),
    ("2019-03-01T00:00:00", "2019-03-01"),
    # a time of day, as Excel and case systems export a date, belongs to the same day
    ("2019-03-01 00:00:00", "2019-03-01"), ("01-03-2019 0:00", "2019-03-01"),
    ("2019-03-01T23:59:59", "2019-03-01"), ("01-03-2019 14:30:05.250", "2019-03-01"),
    ("43525.99", "2019-03-01"),
])
def test_date_formats(text, expected):
    raw = pd.DataFrame({"housing_date": pd.array([text], dtype="string")}, index=[2])
    parsed = io.parse_contract(raw, "f")["housing_date"].iloc[0]
    assert parsed == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["01-03-2019 25:00", "2019-03-01 00:00 uur", "1 maart 2019"])
def test_a_date_with_an_impossible_or_wordy_time_is_still_refused(text):
    raw = pd.DataFrame({"housing_date": pd.array([text], dtype="string")}, index=[7])
    with pytest.raises(InputError, match="column 'housing_date' row 7: cannot read these dates"):
        io.parse_contract(raw, "f")


@pytest.mark.parametrize("text, expected", [
    ("25-34", "25-34"), ("25 - 34 jaar", "25-34"), ("25 t/m 34", "25-34"), ("25–34", "25-34"),
    ("55+", "55+"), ("55 jaar en ouder", "55+"), ("55 of ouder", "55+"), (">=55", "55+"),
    ("Onbekend", "unknown"), ("oud", "oud"), ("34", "34"), ("34 jaar", "34"), ("034", "34"),
])
def test_age_bands_as_teams_write_them(text, expected):
    raw = pd.DataFrame({"age_band": pd.array([text], dtype="string")}, index=[2])
    assert io.parse_contract(raw, "f")["age_band"].iloc[0] == expected


def test_a_date_of_birth_keeps_only_its_year_and_a_word_is_still_refused_by_its_row():
    raw = pd.DataFrame({"Geboortedatum": pd.array(
        ["1990", "17-05-1990", "1985-01-02 00:00:00", None], dtype="string")}, index=range(2, 6))
    parsed = io.parse_contract(io.map_headers(raw, "f"), "f")
    assert parsed["birth_year"].tolist() == [1990, 1990, 1985, pd.NA]
    assert str(parsed["birth_year"].dtype) == "Int64"  # the day of birth is gone
    raw.loc[6, "Geboortedatum"] = "negentien"
    with pytest.raises(InputError, match="column 'birth_year' row 6: not a whole number"):
        io.parse_contract(io.map_headers(raw, "f"), "f")


def test_a_municipality_code_written_as_its_number_becomes_the_cbs_code():
    raw = pd.DataFrame({"municipality_code": pd.array(
        ["GM0772", "772", "0772", " gm 0772", "GM772", "7720", "Eindhoven", "GM07720", None],
        dtype="string")}, index=range(2, 11))
    parsed = io.parse_contract(raw, "f")["municipality_code"].tolist()
    # a number of one to four digits is a CBS code; anything else is left for the check to refuse
    assert parsed[:6] == ["GM0772"] * 5 + ["GM7720"]
    assert parsed[6:8] == ["Eindhoven", "GM07720"]
    assert parsed[8] is pd.NA


def test_dutch_labels_map_to_codes_case_and_spaces_ignored():
    raw = pd.DataFrame({
        "outflow_reason": pd.array([" Voltijd baan", "DEELTIJD BAAN", "AOW", "verhuisd"],
                                   dtype="string"),
        "sex": pd.array(["Vrouw", " m", "M", "v"], dtype="string"),
        "interventions": pd.array(["Werkclub; BBL", "Refugee Team", None, "werkclub"],
                                  dtype="string"),
    }, index=[2, 3, 4, 5])
    parsed = io.parse_contract(raw, "f")
    assert list(parsed["outflow_reason"]) == ["fulltime_work", "parttime_work", "pension_age",
                                              "moved"]
    assert list(parsed["sex"]) == ["V", "M", "M", "V"]
    assert parsed["interventions"].tolist()[:2] == ["werkclub;bbl", "refugee_team"]


def test_config_adds_header_and_value_aliases(tmp_path):
    path = tmp_path / "own.csv"
    path.write_text("Klant,Reden einde,Datum huisvesting\nA1,Baan gevonden,01-02-2019\n")
    raw = io.read_raw(path, aliases={"Klant": "client_id", "Reden einde": "outflow_reason"})
    mapped = io.map_headers(raw, "own.csv", {"Klant": "client_id", "Reden einde": "outflow_reason"})
    parsed = io.parse_contract(mapped, "own.csv",
                               value_aliases={"outflow_reason": {"Baan gevonden": "fulltime_work"}})
    assert parsed.loc[2, "client_id"] == "A1"
    assert parsed.loc[2, "outflow_reason"] == "fulltime_work"


def test_unknown_label_is_kept_for_the_checks_to_report():
    raw = pd.DataFrame({"outflow_reason": pd.array(["Voltijdbaan!!"], dtype="string")}, index=[7])
    assert io.parse_contract(raw, "f").loc[7, "outflow_reason"] == "Voltijdbaan!!"


def test_title_rows_above_a_csv_header_are_skipped(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text("Monitoring statushouders\n\nclient_id;housing_date\nA;01-02-2019\n")
    raw = io.read_raw(path)
    assert list(raw.columns) == ["client_id", "housing_date"]
    assert raw.index.tolist() == [4]


def test_the_sheet_the_config_names(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Toelichting"
    book.active.append(["Dit blad is uitleg, geen data"])
    data = book.create_sheet("Monitoring")
    data.append(["client_id", "birth_year"])
    data.append(["A", "1990,0"])  # a decimal comma, as Dutch Excel writes it
    path = tmp_path / "two_sheets.xlsx"
    book.save(path)
    raw = io.read_raw(path, sheet="Monitoring")
    assert io.parse_contract(raw, "f").loc[2, "birth_year"] == 1990
    with pytest.raises(InputError, match="no sheet named 'Data'; expected one of the sheets "
                                         "Toelichting, Monitoring"):
        io.read_raw(path, sheet="Data")
    with pytest.raises(InputError, match="no header row"):
        io.read_raw(path)  # the first sheet holds no table


# ------------------------------------------------------------- CBS open data, on loopback


def test_the_second_municipality_as_excel_reads_like_its_csv(root, tmp_path):
    """The same team file kept as .xlsx (a title row, text cells) gives the same processed data."""
    import csv

    from openpyxl import Workbook

    config = read_config(root / "configs/example_lingedal.yml")
    source = root / config.input_file
    rows = list(csv.reader(source.read_text(encoding="cp1252").splitlines(), delimiter=";"))
    book = Workbook()
    for row in rows:
        book.active.append([cell or None for cell in row])
    excel = tmp_path / "lingedal.xlsx"
    book.save(excel)

    def processed(path):
        raw = io.read_raw(path, aliases=config.column_aliases)
        mapped = io.map_headers(raw, path.name, config.column_aliases)
        frame = io.parse_contract(mapped, path.name, value_aliases=config.value_aliases)
        return io.processed_frame(frame).reset_index(drop=True)

    from_csv, from_excel = processed(source), processed(excel)
    assert len(from_csv) == 420 and "known_to_team_date" in from_csv
    pd.testing.assert_frame_equal(from_csv, from_excel)


def test_a_file_with_age_bands_reads_them_as_bands_and_everything_else_as_the_clean_file():
    name = "bad/age_bands_instead_of_birth_years.csv"
    banded = io.parse_contract(io.map_headers(io.read_raw(FIXTURES / name), name), name)
    assert banded["age_band"].value_counts().to_dict() == {"27-40": 15, "41+": 10, "18-26": 5}
    clean = read("clients_valid_small.csv").drop(columns="birth_year")
    pd.testing.assert_frame_equal(banded.drop(columns="age_band"), clean)
