"""evalkit verify: re-run from the manifest, compare every table cell by cell."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from evalkit import verify

from conftest import run_cli

RUN_ID = "eindhoven-2020-01-31"


def table(rows):
    return pd.DataFrame(rows, columns=["item", "value"]).astype(str)


# --------------------------------------------------------------------------- comparing


def test_identical_tables_have_no_differences():
    a = table([("cost", "665088.00"), ("saving", "2041200.00")])
    differences, cells = verify.compare_tables({"cb": a}, {"cb": a.copy()})
    assert differences.empty and cells == 4


def test_one_changed_cell_is_named_by_table_row_column_and_both_values():
    a = table([("cost", "665088.00"), ("saving", "2041200.00")])
    b = table([("cost", "665088.00"), ("saving", "2041201.00")])
    differences, _ = verify.compare_tables({"cb": a}, {"cb": b})
    assert differences.to_dict("records") == [{
        "table": "cb", "row": 2, "key": "saving", "column": "value",
        "recorded": "2041200.00", "new": "2041201.00"}]


def test_text_is_compared_as_written():
    """0.29 and 0.2900 differ: a table is identical only when its bytes can be."""
    differences, _ = verify.compare_tables({"t": table([("a", "0.29")])},
                                           {"t": table([("a", "0.2900")])})
    assert len(differences) == 1


def test_missing_table_extra_row_and_extra_column_are_listed():
    a = table([("cost", "1")])
    longer = table([("cost", "1"), ("extra", "2")])
    wider = a.assign(note="x")
    differences, _ = verify.compare_tables({"t": a, "u": a, "gone": a},
                                           {"t": longer, "u": wider})
    assert ("gone", "(table)", "present", "") in set(
        differences[["table", "column", "recorded", "new"]].itertuples(index=False, name=None))
    extra_row = differences[(differences["table"] == "t")]
    assert set(extra_row["row"]) == {2} and set(extra_row["recorded"]) == {""}
    assert differences[differences["table"] == "u"]["column"].tolist() == ["note"]


def test_version_differences_name_the_package():
    assert verify.version_differences({"pandas": "2.3.3", "numpy": "2.1.0"},
                                      {"pandas": "2.3.3", "numpy": "2.2.0"}) == [
        "numpy 2.1.0 -> 2.2.0"]
    assert verify.version_differences({"x": "1"}, {}) == ["x 1 -> not installed"]


# --------------------------------------------------------------------- whole runs


def test_manifest_holds_relative_paths_only(example_run):
    _, run_dir, _ = example_run
    manifest = json.loads((run_dir / "manifest.json").read_text())
    paths = [*manifest["inputs"], *manifest["outputs"], manifest["config_file"]["path"]]
    for path in paths:
        assert not path.startswith("/") and ".." not in path, path
    assert {"data/raw/example_monitoring.csv", "expectations/clients.json",
            "data/external/national_reference.csv",
            "notebooks/30_cost_benefit.ipynb"} <= set(manifest["inputs"])


@pytest.fixture
def moved_copy(example_run, tmp_path):
    """The example project with its run folder, copied to another directory."""
    project, _, _ = example_run
    target = tmp_path / "elsewhere" / "audit"
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("processed"))
    return target


def test_a_moved_run_verifies_and_a_tampered_cell_is_found(moved_copy, tmp_path):
    run_dir = moved_copy / "reports" / RUN_ID
    manifest_path = run_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["packages"]["pandas"] = "0.0.1"  # as if the run had used another pandas
    manifest_path.write_text(json.dumps(manifest))

    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    done = run_cli("verify", str(run_dir), cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("identical: ") and last.endswith(" cells identical")
    tables = len(list((run_dir / "tables").glob("*.csv")))
    assert f"{tables} tables" in last
    assert "pandas 0.0.1 -> " in done.stderr  # the version warning names the package

    scenarios = run_dir / "tables" / "cb_scenarios.csv"
    lines = scenarios.read_text().splitlines()
    cells = lines[5].split(",")
    recorded_npv = cells[5]
    cells[5] = "9999999.99"
    lines[5] = ",".join(cells)
    scenarios.write_text("\n".join(lines) + "\n")
    done = run_cli("verify", str(run_dir), cwd=elsewhere)
    assert done.returncode == 1
    out = done.stdout.strip().splitlines()
    assert out[0] == f"DIFFERENT: 1 cells differ in 1 of {tables} tables"
    assert out[1] == (f"cb_scenarios: row 5 (5), column npv: recorded '9999999.99', "
                      f"new '{recorded_npv}'")


def test_a_changed_input_is_refused_and_named(moved_copy):
    run_dir = moved_copy / "reports" / RUN_ID
    raw = moved_copy / "data" / "raw" / "example_monitoring.csv"
    raw.write_bytes(raw.read_bytes().replace(b"fulltime_work", b"parttime_work", 1))
    done = run_cli("verify", str(run_dir), cwd=moved_copy)
    assert done.returncode == 8
    assert done.stderr.startswith("error: data/raw/example_monitoring.csv: input differs from "
                                  "the one the run used")
    assert "re-running" not in done.stderr  # refused before any kernel started


def test_a_folder_without_a_manifest_is_refused(tmp_path, root):
    done = run_cli("verify", str(tmp_path), cwd=root)
    assert done.returncode == 8 and "not a run folder" in done.stderr
