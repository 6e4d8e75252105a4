"""evalkit verify: re-run from the manifest, compare every table cell by cell."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from evalkit import verify

from conftest import run_cli, shared_run

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


def test_a_moved_run_verifies_and_names_the_environment_that_differs(moved_copy, tmp_path):
    """Also the suite's check that two runs give the same outputs byte for byte: verify runs
    the evaluation again from scratch, in another folder and without the processed data, and
    compares every file the manifest lists (every table, figure, processed file and executed
    notebook, and the report) with the file the first run made."""
    from evalkit.manifest import seal

    run_dir = moved_copy / "reports" / RUN_ID
    manifest_path = run_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    made = {path.relative_to(run_dir).as_posix() for folder in ("tables", "figures")
            for path in (run_dir / folder).iterdir()}
    assert made | {"report.html", "report_method.html"} <= set(manifest["outputs"])
    assert not (moved_copy / "data" / "processed").exists()
    manifest["packages"]["pandas"] = "0.0.1"  # as if the run had used another pandas
    manifest_path.write_text(json.dumps(seal(manifest)))  # re-sealed, as its maker would

    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    done = run_cli("verify", str(run_dir), cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    tables = len(list((run_dir / "tables").glob("*.csv")))
    files = len(manifest["outputs"])
    assert re.fullmatch(rf"identical: {tables} tables, \d+ cells, {files} files identical", last)
    assert "environment differs" in done.stderr and "pandas 0.0.1 -> " in done.stderr


@pytest.fixture(scope="session")
def tampered(example_run, tmp_path_factory):
    """The example run copied into another project, tampered five ways, verified once.

    One re-run serves every test of what verify names, made once for the test
    session and shared by the workers (``shared_run``); each kind of change is
    found on its own, and each test looks for its own lines: a cell of a table,
    a number in the report, a figure's bytes, a deleted table, the processed data.
    """
    source, _, _ = example_run

    def tamper(project: Path) -> None:
        for part in (f"reports/{RUN_ID}", f"data/processed/{RUN_ID}"):
            shutil.copytree(source / part, project / part)
        run_dir = project / "reports" / RUN_ID
        tables = len(list((run_dir / "tables").glob("*.csv")))
        scenarios = run_dir / "tables" / "cb_scenarios.csv"
        lines = scenarios.read_text().splitlines()
        cells = lines[5].split(",")
        recorded_npv = cells[5]
        cells[5] = "9999999.99"
        lines[5] = ",".join(cells)
        scenarios.write_text("\n".join(lines) + "\n")
        report = run_dir / "report.html"
        text = report.read_text(encoding="utf-8")
        assert "1.951.005" in text
        report.write_text(text.replace("1.951.005", "2.951.005", 1), encoding="utf-8")
        figure = run_dir / "figures" / "cb_tornado.png"
        figure.write_bytes(figure.read_bytes() + b"\0")
        (run_dir / "tables" / "outflow_reasons.csv").unlink()
        parquet = project / "data/processed" / RUN_ID / "clients.parquet"
        pd.read_parquet(parquet).iloc[:5].to_parquet(parquet)
        (project / "tampered.json").write_text(json.dumps({"tables": tables,
                                                           "npv": recorded_npv}))

    project, done = shared_run(tmp_path_factory, "tampered", "verify", f"reports/{RUN_ID}",
                               prepare=tamper)
    before = json.loads((project / "tampered.json").read_text())
    return done, before["tables"], before["npv"]


def test_a_tampered_cell_is_found_by_table_row_and_column(tampered):
    done, tables, recorded_npv = tampered
    assert done.returncode == 1
    out = done.stdout.strip().splitlines()
    # five files changed or gone; the cells compared are those of the tables still there
    assert out[0] == f"DIFFERENT: 5 files, 1 cells in 1 of {tables - 1} tables"
    assert "tables/cb_scenarios.csv: changed in the run folder since the run" in out
    assert out[-1] == (f"cb_scenarios: row 5 (5), column npv: recorded '9999999.99', "
                       f"new '{recorded_npv}'")


def test_a_changed_report_number_figure_and_deleted_table_are_each_named(tampered):
    done, _, _ = tampered
    assert done.returncode == 1
    assert {"report.html: changed in the run folder since the run",
            "figures/cb_tornado.png: changed in the run folder since the run",
            "tables/outflow_reasons.csv: missing from the run folder"
            } <= set(done.stdout.strip().splitlines())


def test_changed_processed_data_is_named(tampered):
    done, _, _ = tampered
    assert done.returncode == 1
    assert "processed/clients.parquet: changed in data/processed since the run" in done.stdout


def test_an_edited_manifest_is_refused_naming_the_field(moved_copy):
    run_dir = moved_copy / "reports" / RUN_ID
    path = run_dir / "manifest.json"
    pinned = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = json.loads(path.read_text())
    manifest["git_commit"] = "0" * 40
    manifest["outputs"]["report.html"] = "f" * 64
    path.write_text(json.dumps(manifest, indent=2))
    done = run_cli("verify", str(run_dir), cwd=moved_copy)
    assert done.returncode == 8
    assert done.stderr.strip() == (
        "error: reports/eindhoven-2020-01-31/manifest.json: edited after the run (edited: "
        "/git_commit, edited: /outputs/report.html); its seal no longer matches")
    assert "re-running" not in done.stderr
    pinned_run = run_cli("verify", str(run_dir), "--manifest-sha256", pinned, cwd=moved_copy)
    assert pinned_run.returncode == 8 and f"is not the one recorded, {pinned}" in \
        pinned_run.stderr


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


# --------------------------------------------------------------------- the seal and the rest


def test_the_seal_names_every_edited_added_or_removed_field():
    from evalkit.manifest import broken_seal, seal

    sealed = seal({"run_id": "x", "outputs": {"report.html": "aa", "figures/a.png": "bb"}})
    assert broken_seal(sealed) == []
    edited = json.loads(json.dumps(sealed))
    edited["outputs"]["report.html"] = "cc"
    edited["outputs"]["figures/b.png"] = "dd"
    del edited["outputs"]["figures/a.png"]
    assert broken_seal(edited) == ["edited: /outputs/report.html",
                                   "added: /outputs/figures~1b.png",
                                   "removed: /outputs/figures~1a.png"]
    reseal_fields_only = json.loads(json.dumps(sealed))
    reseal_fields_only["seal"]["sha256"] = "0" * 64
    assert broken_seal(reseal_fields_only) == ["seal"]
    assert broken_seal({"run_id": "x"}) == ["no seal"]


def test_notebook_fingerprint_ignores_timings_and_parameters_not_outputs():
    from evalkit.manifest import notebook_fingerprint

    def notebook(run_dir, value, seconds):
        return {"metadata": {"papermill": {"duration": seconds}}, "cells": [
            {"cell_type": "code", "metadata": {"tags": ["injected-parameters"]},
             "source": f"run_dir = '{run_dir}'", "outputs": []},
            {"cell_type": "code", "metadata": {"execution": {"t": seconds}}, "source": "x",
             "outputs": [{"data": {"text/plain": value}}]}]}

    base = notebook_fingerprint(notebook("reports/.a.partial", "29,0%", 1.0))
    assert notebook_fingerprint(notebook("reports/.verify/b", "29,0%", 2.5)) == base
    assert notebook_fingerprint(notebook("reports/.a.partial", "30,0%", 1.0)) != base


def test_an_untracked_file_makes_the_commit_dirty(tmp_path):
    from evalkit.pipeline import git_commit

    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.py").write_text("x = 1\n")
    subprocess.run([*git, "add", "a.py"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "a"], cwd=tmp_path, check=True)
    clean = git_commit(tmp_path)
    assert clean and not clean.endswith("-dirty")
    (tmp_path / "b.py").write_text("y = 2\n")
    assert git_commit(tmp_path) == f"{clean}-dirty"


def test_environment_differences_name_commit_python_platform_and_code(root):
    from evalkit.manifest import environment
    from evalkit.paths import ProjectPaths
    from evalkit.pipeline import code_files, git_commit
    from evalkit.verify import environment_differences

    paths = ProjectPaths(root)
    now = environment()
    code = code_files(paths)
    same = {"git_commit": git_commit(root), **now, "packages": {}, "code": code}
    assert environment_differences(same, paths) == []
    other = {**same, "git_commit": "abc", "python": {"version": "3.99.0", "implementation": "x"},
             "platform": "Plan9", "code": {**code, "evalkit/outflow.py": "0" * 64}}
    found = environment_differences(other, paths)
    assert found[0].startswith("commit abc -> ")
    assert found[1].startswith("python 3.99.0 -> ") and found[2].startswith("platform Plan9 -> ")
    assert found[3] == "code: evalkit/outflow.py differs"
    assert "requirements.lock" in code and "evalkit/verify.py" in code


def test_executed_notebooks_name_no_folder_of_the_machine(example_run):
    project, run_dir, _ = example_run
    for notebook in (run_dir / "notebooks").glob("*.ipynb"):
        text = notebook.read_text(encoding="utf-8")
        assert str(project) not in text and "/tmp/" not in text, notebook.name
        assert "PosixPath" not in text, notebook.name
        meta = json.loads(text)["metadata"]["papermill"]
        assert meta["input_path"] == f"notebooks/{notebook.name}"
        assert meta["output_path"] == f"notebooks/{notebook.name}"
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["command"] == ["evalkit", "run"]
    assert manifest["started"] <= manifest["created"]
    assert len(manifest["packages"]) > 50  # every installed package, not a chosen few
