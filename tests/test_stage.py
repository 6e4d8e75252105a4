"""What a stage notebook works with: the run's frozen config, the processed data, the publisher."""

import subprocess
import sys

import pytest

from conftest import make_project


@pytest.mark.slow
def test_a_stage_opens_without_great_expectations_or_the_raw_file(tmp_path):
    """The input is read and checked once, by the run; a stage reads what that wrote.

    The stage's process must not import Great Expectations, the pipeline or read data/raw.
    """
    project = make_project(tmp_path / "project")
    prepare = ("from pathlib import Path\n"
               "from evalkit.config import read_config\n"
               "from evalkit.paths import ProjectPaths, RunPaths\n"
               "from evalkit.prepare import prepare_run\n"
               "paths = ProjectPaths(Path.cwd())\n"
               "config = read_config(paths.default_config)\n"
               "prepare_run(paths.default_config, config, paths, RunPaths(paths.reports / 'r'),"
               " paths.processed / 'r')\n")
    subprocess.run([sys.executable, "-c", prepare], cwd=project, check=True)
    for raw in (project / "data" / "raw").glob("*.csv"):
        raw.rename(raw.with_suffix(".moved"))  # a stage that read the raw file would fail
    stage = ("import sys\n"
             "from evalkit import stage\n"
             "st = stage.open_stage('configs/example.yml', 'reports/r', 'data/processed/r')\n"
             "assert len(st.clients) == 1000 and len(st.facts) == 1000, len(st.clients)\n"
             "assert st.threshold == 10 and st.lang == 'nl'\n"
             "assert st.out.threshold == 10 and st.out.tables_dir == st.run.tables\n"
             "assert set(st.status) <= {'left_work', 'left_education', 'left_other',"
             " 'in_support', 'known_not_picked_up', 'not_known'}\n"
             "assert 'great_expectations' not in sys.modules\n"
             "assert 'evalkit.pipeline' not in sys.modules\n"
             "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", stage], cwd=project, capture_output=True,
                          text=True)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.slow
def test_a_notebook_run_on_its_own_prepares_a_scratch_run(tmp_path):
    """A student who opens a notebook and runs it with its defaults gets reports/scratch."""
    project = make_project(tmp_path / "project")
    code = ("from evalkit import stage\n"
            "st = stage.open_stage()\n"
            "print(st.run.run_dir.name, st.config.municipality, len(st.clients))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=project / "notebooks",
                          capture_output=True, text=True)
    assert done.stdout.split() == ["scratch", "Eindhoven", "1000"], done.stderr
    assert (project / "reports" / "scratch" / "config.yml").is_file()
    assert (project / "data" / "processed" / "scratch" / "facts.parquet").is_file()


@pytest.mark.slow
def test_a_scratch_run_is_kept_for_the_same_config_and_prepared_again_for_a_change(tmp_path):
    """Notebooks opened one after another share a scratch run; a changed parameter gets its own."""
    from evalkit.paths import ProjectPaths, RunPaths
    from evalkit.prepare import SCRATCH_KEY, prepare_scratch
    from evalkit.stage import SCRATCH

    project = ProjectPaths(make_project(tmp_path / "project"))
    run, processed = RunPaths(project.run_dir(SCRATCH)), project.processed_dir(SCRATCH)
    config = project.default_config
    assert prepare_scratch(config, project, run, processed) is True
    key = (run.run_dir / SCRATCH_KEY).read_text()
    (run.tables / "from_an_earlier_notebook.csv").write_text("a\n1\n")
    assert prepare_scratch(config, project, run, processed) is False
    assert (run.tables / "from_an_earlier_notebook.csv").is_file()

    assert prepare_scratch(config, project, run, processed, {"disclosure_threshold": 15}) is True
    assert not (run.tables / "from_an_earlier_notebook.csv").exists()
    assert (run.run_dir / SCRATCH_KEY).read_text() != key
    copy = run.config_copy.read_text(encoding="utf-8")
    assert copy.startswith("# configs/example.yml, with the changes of a notebook's parameters "
                           "cell: {'disclosure_threshold': 15}")
    assert "disclosure_threshold: 15" in copy

    # An input file that changed is read again, even with the same config.
    assert prepare_scratch(config, project, run, processed, {"disclosure_threshold": 15}) is False
    monitoring = project.root / "data/raw/example_monitoring.csv"
    monitoring.write_text(monitoring.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert prepare_scratch(config, project, run, processed, {"disclosure_threshold": 15}) is True


@pytest.mark.slow
def test_a_pipeline_run_refuses_a_notebook_change_and_a_missing_earlier_table_names_its_notebook(
        tmp_path):
    project = make_project(tmp_path / "project")
    code = (
        "from evalkit import stage\n"
        "from evalkit.errors import ConfigError, StageOrderError\n"
        "try:\n"
        "    stage.open_stage(run_dir='reports/x', reference_date='2019-06-30')\n"
        "except ConfigError as e:\n"
        "    print(e)\n"
        "st = stage.open_stage()\n"
        "try:\n"
        "    st.earlier('cohort_status', '10_cohort')\n"
        "except StageOrderError as e:\n"
        "    print(e, e.exit_code)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=project / "notebooks",
                          capture_output=True, text=True)
    assert done.stdout.splitlines() == [
        "reference_date: a run takes its values from its config; change them there, or open "
        "the notebook on its own",
        "cohort_status.csv: table not found in reports/scratch/tables; run "
        "notebooks/10_cohort.ipynb first (or the whole evaluation: python3 tasks.py run) 4"], \
        done.stderr
