"""Whole runs on real kernels: success, a failing stage, bad input, determinism.

These start real Jupyter kernels through papermill, so each run takes seconds.
"""

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from evalkit import pipeline
from evalkit.errors import StageError
from evalkit.paths import ProjectPaths

from conftest import FIXTURES, assert_notebooks_quiet, make_project, run_cli

RUN_ID = "eindhoven-2020-01-31"
STAGES = yaml.safe_load((Path(__file__).resolve().parents[1] / "configs/example.yml")
                        .read_text())["stages"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha(p) for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_run_prints_the_report_path_and_progress(example_run):
    project, run_dir, done = example_run
    seen = f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert done.stdout.strip().splitlines()[-1] == f"Report: reports/{RUN_ID}/report.html", seen
    for number, stage in enumerate(STAGES, start=1):
        assert f"[{number}/{len(STAGES)}] {stage} done in" in done.stderr, seen
    assert "Traceback" not in done.stderr, seen


def test_run_folder_holds_report_notebooks_tables_figures_manifest(example_run):
    project, run_dir, _ = example_run
    assert (run_dir / "report.html").is_file()
    assert (run_dir / "manifest.json").is_file()
    assert (run_dir / "config.yml").read_bytes() == (project / "configs/example.yml").read_bytes()
    assert sorted(p.name for p in (run_dir / "notebooks").iterdir()) == [
        f"{stage}.ipynb" for stage in STAGES]
    assert (run_dir / "tables" / "cohort_status.csv").is_file()
    assert len(list((run_dir / "figures").glob("*.png"))) >= 2
    assert (project / "data/processed" / RUN_ID / "clients.parquet").is_file()
    assert not list((project / "reports").glob(".*"))  # no staging folder left behind


def test_parameters_are_injected_from_the_config(example_run):
    _, run_dir, _ = example_run
    nb = nbformat.read(run_dir / "notebooks" / "10_cohort.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'config_path = "configs/example.yml"' in injected[0].source
    assert f'processed_dir = "data/processed/{RUN_ID}"' in injected[0].source


def test_status_table_matches_kplusv_tabel_3(example_run):
    _, run_dir, _ = example_run
    lines = (run_dir / "tables" / "cohort_status.csv").read_text().splitlines()
    assert lines == [
        "status,count,share",
        "left_work,290,29.0",
        "left_education,41,4.1",
        "left_other,107,10.7",
        "in_support,467,46.7",
        "known_not_picked_up,60,6.0",
        "not_known,35,3.5",
        "total,1000,100.0",
    ]


def test_manifest(example_run):
    project, run_dir, _ = example_run
    manifest = json.loads((run_dir / "manifest.json").read_text())
    expected_inputs = {"data/raw/example_monitoring.csv", "expectations/clients.json",
                       "data/external/national_reference.csv",
                       "data/external/kplusv_caseload_flows.csv",
                       *(f"notebooks/{stage}.ipynb" for stage in STAGES)}
    assert expected_inputs <= set(manifest["inputs"])
    for relative, digest in manifest["inputs"].items():
        assert digest == sha(project / relative), relative
    assert manifest["config_file"] == {"path": "configs/example.yml",
                                       "sha256": sha(project / "configs/example.yml")}
    assert manifest["config"]["reference_date"] == "2020-01-31"
    assert manifest["run_id"] == RUN_ID
    assert manifest["python"]["version"].startswith("3.")
    for package in ["evalkit", "pandas", "papermill", "nbconvert", "great-expectations",
                    "lifelines", "matplotlib", "seaborn"]:
        assert manifest["packages"][package][0].isdigit(), package
    assert set(manifest["stages"]) == set(STAGES)
    assert all(s["seconds"] > 0 for s in manifest["stages"].values())
    from evalkit.manifest import notebook_fingerprint

    for name, digest in manifest["outputs"].items():
        if name.startswith("processed/"):
            assert digest == sha(project / "data/processed" / RUN_ID / Path(name).name)
        elif name.startswith("notebooks/"):  # without timings and injected parameters
            assert digest == notebook_fingerprint(json.loads((run_dir / name).read_text()))
        else:
            assert digest == sha(run_dir / name), name
    assert "tables/cohort_status.csv" in manifest["outputs"]
    text = json.dumps(manifest)
    assert str(project) not in text  # relative paths only


BROKEN_NOTEBOOK = {
    "cells": [
        {"id": "p", "cell_type": "code", "metadata": {"tags": ["parameters"]},
         "source": 'run_dir = ""', "outputs": [], "execution_count": None},
        {"id": "a", "cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": [],
         "execution_count": None},
        {"id": "b", "cell_type": "code", "metadata": {}, "source": 'raise ValueError("boom")',
         "outputs": [], "execution_count": None},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def _broken_config(project: Path) -> Path:
    config = yaml.safe_load((project / "configs/example.yml").read_text())
    config["stages"] = ["00_data_checks", "50_broken"]
    path = project / "configs" / "broken.yml"
    path.write_text(yaml.safe_dump(config))
    (project / "notebooks" / "50_broken.ipynb").write_text(json.dumps(BROKEN_NOTEBOOK))
    return path


def test_failing_stage_names_notebook_cell_exception_and_keeps_the_earlier_report(copied_run):
    project, good = copied_run  # a real earlier run of the example, copied
    paths = ProjectPaths(project)
    before = tree_hashes(good)

    with pytest.raises(StageError) as caught:
        pipeline.run(_broken_config(project), paths)
    error = caught.value
    # [4]: papermill adds the injected-parameters cell, so the failing cell runs fourth.
    partial = f"reports/.{RUN_ID}.partial/notebooks/50_broken.ipynb"
    assert str(error) == (f"stage 50_broken failed in cell [4]: ValueError: boom "
                          f"(partly executed notebook: {partial})")
    assert (project / partial).is_file()
    assert not (project / f"reports/.{RUN_ID}.partial/report.html").exists()
    assert tree_hashes(good) == before  # the earlier successful run is intact


@pytest.mark.parametrize("raised, said, code", [
    ('raise ValueError("boom")', "ValueError: boom", 4),
    # an evalkit error is shown in the notebook as its one line, as a stage refuses to publish,
    # and the command exits with that error's code (5: too few people)
    ('from evalkit import stage\nst = stage.open_stage(config_path, run_dir, processed_dir)\n'
     'from evalkit.errors import DisclosureError\nraise DisclosureError("cost-benefit: too few")',
     "DisclosureError: cost-benefit: too few (partly executed notebook", 5),
], ids=["exception", "evalkit_error"])
def test_failing_stage_on_the_command_line(scratch_project, raised, said, code):
    config = _broken_config(scratch_project)
    notebook = json.loads((scratch_project / "notebooks/50_broken.ipynb").read_text())
    notebook["cells"][0]["source"] = 'config_path = ""\nrun_dir = ""\nprocessed_dir = ""'
    notebook["cells"][2]["source"] = raised
    (scratch_project / "notebooks/50_broken.ipynb").write_text(json.dumps(notebook))
    done = run_cli("run", str(config.relative_to(scratch_project)), cwd=scratch_project)
    assert done.returncode == code
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith(f"error: stage 50_broken failed in cell [4]: {said}"), lines[-1]
    assert "Traceback" not in done.stderr
    assert not (scratch_project / "reports" / RUN_ID).exists()


@pytest.mark.parametrize("fixture, code, message", [
    ("clients_impossible_date.csv", 3,
     "column 'housing_date' row 5: cannot read these dates"),
    ("clients_missing_intake_date.csv", 3,
     "column 'intake_date': required column missing"),
    ("clients_duplicate_ids.csv", 3, "column 'client_id' rows 4, 9, 14"),
    ("clients_empty.csv", 3, "the file is empty"),
])
def test_bad_input_gives_one_line_and_no_report(scratch_project, fixture, code, message):
    target = scratch_project / "data/raw" / fixture
    shutil.copyfile(FIXTURES / fixture, target)
    config = yaml.safe_load((scratch_project / "configs/example.yml").read_text())
    config["input_file"] = f"data/raw/{fixture}"
    (scratch_project / "configs/bad.yml").write_text(yaml.safe_dump(config))
    raw_before = tree_hashes(scratch_project / "data/raw")

    done = run_cli("run", "configs/bad.yml", cwd=scratch_project)

    assert done.returncode == code
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: data/raw/{fixture}: ")
    assert message in lines[0]
    assert not (scratch_project / "reports" / RUN_ID).exists()
    assert tree_hashes(scratch_project / "data/raw") == raw_before


def test_unknown_config_key_on_the_command_line(scratch_project):
    path = scratch_project / "configs/typo.yml"
    path.write_text((scratch_project / "configs/example.yml").read_text() + "treshold: 5\n")
    done = run_cli("run", "configs/typo.yml", cwd=scratch_project)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: configs/typo.yml: unknown key 'treshold'"


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    import struct

    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        chunks.append((data[at + 4:at + 8], data[at + 8:at + 8 + length]))
        at += 12 + length
    return chunks


def test_executed_notebooks_show_no_warning_and_no_absolute_path(example_run, lingedal_run):
    for project, run_dir, _ in (example_run, lingedal_run):
        assert_notebooks_quiet(run_dir, project)


def test_figures_carry_no_timestamp_or_software_stamp(example_run):
    _, run_dir, _ = example_run
    figures = sorted((run_dir / "figures").glob("*.png"))
    assert figures
    for figure in figures:
        chunks = _png_chunks(figure.read_bytes())
        kinds = {kind for kind, _ in chunks}
        assert b"tIME" not in kinds, figure.name
        texts = b" ".join(body for kind, body in chunks if kind in (b"tEXt", b"iTXt", b"zTXt"))
        assert b"Creation" not in texts and b"Software" not in texts and b"Date" not in texts


def _audit_passes(run_dir: Path) -> None:
    import pandas as pd

    found = pd.read_csv(run_dir / "tables" / "disclosure_audit.csv")
    assert found["exposed"].sum() == 0
    assert (found["narrowest"].dropna() >= 10).all()  # no small hidden cell pinned closer
    assert found["hidden"].sum() > found["small"].sum() > 0


@pytest.mark.slow
def test_the_disclosure_audit_passes_on_the_example_and_fixes_the_strata_leak(example_run):
    import pandas as pd

    _, run_dir, _ = example_run
    _audit_passes(run_dir)
    strata = pd.read_csv(run_dir / "tables" / "bm_standardised_strata_2_5.csv", dtype=str)
    # one small country and the total beside it: a second country's observed is hidden too
    assert sorted(strata["observed"])[-2:] == ["<10", "x"]


@pytest.mark.slow
def test_the_disclosure_audit_passes_on_the_second_municipality(lingedal_run):
    _audit_passes(lingedal_run[1])


@pytest.mark.slow
def test_the_disclosure_audit_passes_on_the_regional_example(tmp_path):
    project = make_project(tmp_path / "project")
    done = run_cli("run", "configs/example_region.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    _audit_passes(project / "reports" / "zuidoost-brabant-2020-01-31")


# ------------------------------------------------------------------ an unchanged re-run is reused

@pytest.fixture
def copied_run(example_run, tmp_path):
    """The example run's project, run folder and processed data copied, to change freely."""
    project = tmp_path / "copy"
    shutil.copytree(example_run[0], project)
    return project, project / "reports" / RUN_ID


def _unchanged(project: Path, config_name: str = "example.yml"):
    from evalkit.config import read_config

    paths = ProjectPaths(project)
    config = read_config(project / "configs" / config_name)
    return pipeline.unchanged_run(project / "reports" / RUN_ID, paths.processed_dir(RUN_ID),
                                  config, paths, list(config.stages), "evaluation")


@pytest.mark.slow
def test_a_rerun_reuses_what_is_unchanged_and_force_recomputes_it_to_the_same_bytes(copied_run):
    """Reuse (``evalkit.reuse``), on a copy of the example run: unchanged, the whole run is
    reused; with another discount rate, which only the cost-benefit stage reads, the data checks,
    the cohort, the outflow analysis, the national comparison and the framework (which ask for
    no cost-benefit table) are restored, not run, and the summary, which asks for the
    cost-benefit headline, runs again; ``--force`` recomputes every stage of that run to the
    same outputs, byte for byte."""
    project, run_dir = copied_run
    before = {name: (run_dir / name).read_bytes() for name in ("manifest.json", "report.html")}
    done = run_cli("run", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == f"Report: reports/{RUN_ID}/report.html"
    assert ("unchanged since its last run (config, inputs, notebooks, code and packages as its "
            "manifest records); reused all 7 stages: 00_data_checks, 10_cohort, 20_outflow, "
            "30_cost_benefit, 40_national_comparison, 50_framework, 90_summary") in done.stderr
    assert {name: (run_dir / name).read_bytes() for name in before} == before
    assert not list((project / "reports").glob(".*.partial"))

    config = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
    config["cost_benefit"]["discount_rate"]["value"] = 0.025
    (project / "configs/changed.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    first = json.loads(before["manifest.json"])
    done = run_cli("run", "configs/changed.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    # The national comparison and the framework read no cost-benefit table: kept as well.
    assert ("reused 5 stages whose inputs, config fields and tables read, and code are unchanged "
            "since the last run: 00_data_checks, 10_cohort, 20_outflow, 40_national_comparison, "
            "50_framework (--force recomputes)") in done.stderr
    manifest = json.loads((run_dir / "manifest.json").read_text())
    reused = [name for name, stage in manifest["stages"].items() if stage["reused"]]
    assert reused == ["00_data_checks", "10_cohort", "20_outflow", "40_national_comparison",
                      "50_framework"]
    assert all(len(stage["key"]) == 64 for stage in manifest["stages"].values())
    for name in ("tables/cohort_status.csv", "tables/outflow_whole_group.csv"):
        assert manifest["outputs"][name] == first["outputs"][name]
    assert manifest["outputs"]["tables/cb_scenarios.csv"] != first["outputs"]["tables/cb_scenarios.csv"]

    forced = run_cli("run", "configs/changed.yml", "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert "7 stages in" in forced.stderr and "reused" not in forced.stderr
    recomputed = json.loads((run_dir / "manifest.json").read_text())
    assert not any(stage["reused"] for stage in recomputed["stages"].values())
    assert recomputed["outputs"] == manifest["outputs"]
    assert recomputed["command"] == ["evalkit", "run", "configs/changed.yml", "--force"]


@pytest.mark.slow
def test_an_edited_summary_notebook_reruns_the_summary_only_on_the_second_municipality(
        lingedal_run, tmp_path):
    """The same on a file shaped unlike the example (Lingedal: no costs, no reference case)."""
    project = tmp_path / "lingedal"
    shutil.copytree(lingedal_run[0], project)
    run_dir = project / "reports" / "lingedal-2024-12-31"
    tables = tree_hashes(run_dir / "tables")
    notebook = project / "notebooks" / "90_summary.ipynb"
    edited = nbformat.read(notebook, as_version=4)
    first_text = next(c for c in edited.cells if c.cell_type == "markdown")
    first_text.source += "\n\nEdited for the reuse test."
    nbformat.write(edited, notebook)
    done = run_cli("run", "configs/example_lingedal.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((run_dir / "manifest.json").read_text())
    ran = [name for name, stage in manifest["stages"].items() if not stage["reused"]]
    assert ran == ["90_summary"], done.stderr
    assert f"reused {len(manifest['stages']) - 1} stages" in done.stderr
    assert tree_hashes(run_dir / "tables") == tables
    assert "Edited for the reuse test." in (run_dir / "notebooks/90_summary.ipynb").read_text()

    # More resamples for the intervals: the outflow analysis (and the framework, which reads
    # the field too) run again; the cost-benefit chapter and the national comparison, which
    # ask for none of the outflow tables, are kept; the summary, which does, runs again.
    config = yaml.safe_load((project / "configs/example_lingedal.yml").read_text(encoding="utf-8"))
    config["bootstrap_reps"] = 300
    (project / "configs/more_resamples.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = run_cli("run", "configs/more_resamples.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((run_dir / "manifest.json").read_text())
    ran = [name for name, stage in manifest["stages"].items() if not stage["reused"]]
    assert ran == ["20_outflow", "50_framework", "90_summary"], done.stderr
    now = tree_hashes(run_dir / "tables")
    kept = {name for name in tables if name.startswith(("cb_", "bm_"))}
    assert kept and {name: now[name] for name in kept} == {name: tables[name] for name in kept}
    assert now["outflow_whole_group.csv"] != tables["outflow_whole_group.csv"]


def test_a_run_is_reused_only_while_everything_it_recorded_holds(copied_run):
    project, run_dir = copied_run
    assert set(_unchanged(project)) == {"00_data_checks", "10_cohort", "20_outflow",
                                        "30_cost_benefit", "40_national_comparison",
                                        "50_framework", "90_summary"}
    # An output changed in the run folder since the run.
    table = run_dir / "tables" / "cohort_status.csv"
    kept = table.read_bytes()
    table.write_bytes(kept.replace(b"290", b"291"))
    assert _unchanged(project) is None
    table.write_bytes(kept)
    # A stage notebook edited: the run it would make is another run.
    notebook = project / "notebooks" / "20_outflow.ipynb"
    original = notebook.read_bytes()
    notebook.write_bytes(original.replace(b"Time to outflow.", b"Time to leaving benefits."))
    assert _unchanged(project) is None
    notebook.write_bytes(original)
    # Another threshold in the config, and a config that pseudonymises.
    config = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
    for change in ({"disclosure_threshold": 15}, {"pseudonymize": True}):
        (project / "configs/changed.yml").write_text(yaml.safe_dump({**config, **change}),
                                                     encoding="utf-8")
        assert _unchanged(project, "changed.yml") is None, change
    # A manifest edited by hand.
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["git_commit"] = "0" * 40
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    assert _unchanged(project) is None
