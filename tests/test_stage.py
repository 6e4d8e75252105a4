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
