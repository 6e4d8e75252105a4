"""The bad-input corpus: every broken file gives one clear line, a non-zero exit, no report.

Each file in tests/fixtures/bad/ (made by make_corpus.py there) goes through the
real ``evalkit run`` command, in process (typer's CliRunner) so that the whole
corpus takes seconds: a broken file is refused before any kernel starts. Files
that are still usable go through ``evalkit check`` and must pass, with the
warnings listed here.
"""

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from evalkit.cli import app

BAD = Path(__file__).parent / "fixtures" / "bad"

# file: (exit code, fragments the one line must contain)
REFUSED = {
    "empty_file.csv": (3, ["the file is empty"]),
    "header_only.csv": (3, ["header but no rows"]),
    "missing_required_column.csv": (3, ["column 'housing_date'", "required column missing"]),
    "duplicate_ids.csv": (3, ["column 'client_id'", "rows 3, 7, 22", "more than once"]),
    "empty_ids.csv": (3, ["column 'client_id'", "rows 5, 11", "client id is empty"]),
    "impossible_date.csv": (3, ["column 'housing_date'", "row 6", "cannot read these dates"]),
    "unreadable_date.csv": (3, ["column 'benefit_start_date'", "row 8", "cannot read"]),
    "empty_housing_date.csv": (3, ["column 'housing_date'", "row 6", "empty cell",
                                   "a value in every row"]),
    "totals_row_under_the_data.csv": (3, ["column 'municipality_code'", "row 32", "empty cell",
                                          "a totals or notes row"]),
    "date_after_reference.csv": (3, ["column 'intake_date'", "row 9", "after the reference"]),
    "outflow_before_benefit.csv": (3, ["column 'outflow_date'", "row 3", "before the start"]),
    "intake_before_known.csv": (3, ["column 'intake_date'", "row 2", "before the date the team"]),
    "reason_without_outflow.csv": (3, ["column 'outflow_reason'", "row 2", "without an outflow"]),
    "outflow_without_reason.csv": (3, ["column 'outflow_reason'", "row 3", "without an outflow"]),
    "unknown_reason_label.csv": (3, ["column 'outflow_reason'", "row 3", "'Voltijdbaan!!'"]),
    "unknown_sex_code.csv": (3, ["column 'sex'", "row 4", "unknown code 'Q'"]),
    "unknown_intervention.csv": (3, ["column 'interventions'", "row 4", "'taalcafe'"]),
    "bad_municipality_code.csv": (3, ["column 'municipality_code'", "row 10", "GM0772"]),
    "return_before_outflow.csv": (3, ["column 'return_to_benefit_date'", "row 3"]),
    "negative_birth_year.csv": (3, ["column 'birth_year'", "row 5", "impossible birth year"]),
    "future_birth_year.csv": (3, ["column 'birth_year'", "row 5", "impossible birth year"]),
    "birth_year_in_words.csv": (3, ["column 'birth_year'", "row 5", "not a whole number",
                                    "an age band such as 25-34 belongs in"]),
    "age_band_unreadable.csv": (3, ["column 'age_band'", "row 6", "not an age band", "55+"]),
    "bsn_column.csv": (6, ["column 'BSN' holds BSNs", "pseudonymize: true"]),
    "bsn_as_client_id.csv": (6, ["column 'client_id' holds BSNs (found by content)"]),
    "name_column.csv": (6, ["column 'Naam' holds names"]),
    "names_by_content.csv": (6, ["column 'Contactpersoon' holds names (found by content)"]),
    "email_in_notes.csv": (6, ["column 'Opmerking' holds e-mail addresses"]),
    "phone_column.csv": (6, ["column 'Telefoon' holds phone numbers"]),
    "address_by_content.csv": (6, ["column 'Woonplaats en straat' holds addresses"]),
    "wrong_delimiter_tab.csv": (3, ["no header row", "comma or a semicolon"]),
    "wrong_encoding_utf16.csv": (3, ["UTF-16", "UTF-8"]),
    "not_a_spreadsheet.csv": (3, ["not a text file"]),
    "text_named_xlsx.xlsx": (3, ["cannot be opened as an Excel workbook"]),
    "old_excel_format.xls": (3, [".xls", "not supported"]),
    "duplicate_header.csv": (3, ["column 'sex'", "row 1", "same header appears twice"]),
    "two_columns_same_meaning.csv": (3, ["both mean 'intake_date'"]),
    "excel_merged_header_cells.xlsx": (3, ["spreadsheet column H", "row 4", "merged header"]),
    "excel_error_value.xlsx": (3, ["column 'housing_date'", "row 6", "Excel error value (#N/A)"]),
    "excel_formula_without_value.xlsx": (3, ["column 'housing_date' (spreadsheet column D)",
                                             "row 6", "formula without a saved result"]),
}

# file: warnings (check, column) the usable file must give, and nothing critical
USABLE = {
    "mixed_date_formats.csv": [],
    "dates_with_time_of_day.csv": [],
    "age_bands_instead_of_birth_years.csv": [],
    "municipality_code_as_number.csv": [],
    "trailing_spaces_mixed_case.csv": [],
    "semicolon_cp1252_dutch_labels.csv": [],
    "excel_title_rows.xlsx": [],
    "excel_numbers_stored_as_text.xlsx": [],
    "excel_numbers_as_numbers.xlsx": [],
    "optional_column_mostly_empty.csv": [("optional_column_mostly_filled", "language_level")],
    "housing_before_2014.csv": [("housing_from_2014", "housing_date")],
}


def test_the_corpus_is_complete():
    files = {p.name for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx", ".xls")}
    assert files == set(REFUSED) | set(USABLE)
    assert len(REFUSED) >= 30


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def project_with(scratch_project, monkeypatch):
    def use(name: str) -> Path:
        shutil.copyfile(BAD / name, scratch_project / "data/raw" / name)
        config = yaml.safe_load((scratch_project / "configs/example.yml").read_text())
        config["input_file"] = f"data/raw/{name}"
        (scratch_project / "configs/case.yml").write_text(yaml.safe_dump(config))
        monkeypatch.chdir(scratch_project)
        return scratch_project
    return use


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_one_clear_line(project_with, name):
    project = project_with(name)
    raw_before = _hashes(project / "data/raw")
    code, fragments = REFUSED[name]

    result = CliRunner().invoke(app, ["run", "configs/case.yml"])

    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: data/raw/{name}: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output + result.stderr
    assert result.stdout == ""
    assert not list((project / "reports").rglob("report.html"))
    assert not (project / "data/processed").exists()
    assert _hashes(project / "data/raw") == raw_before


@pytest.mark.parametrize("name", sorted(USABLE))
def test_usable_files_pass_with_their_warnings(project_with, name):
    project = project_with(name)
    raw_before = _hashes(project / "data/raw")

    result = CliRunner().invoke(app, ["check", f"data/raw/{name}", "--config", "configs/case.yml"])

    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "False" in line]
    found = {tuple(cell.strip() for cell in line.split("│")[1:4:2]) for line in rows}
    assert found == set(USABLE[name])
    assert all("warning" in line for line in rows)
    assert _hashes(project / "data/raw") == raw_before
