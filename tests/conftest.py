"""Shared fixtures: the project root, a scratch copy of the project, one real example run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
EVALKIT = Path(sys.executable).with_name("evalkit")

#: What a scratch project needs; everything else (reports, processed data) it makes itself.
PROJECT_PARTS = ("configs", "notebooks", "data/raw", "data/external", "expectations",
                 "frameworks")


def make_project(target: Path) -> Path:
    """Copy the parts of this project a run reads into ``target`` and return it."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.exists():
            shutil.copytree(source, target / part)
    return target


def run_cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``evalkit`` console script the way a user does."""
    return subprocess.run([str(EVALKIT), *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def example_clients(root: Path):
    """The example's checked clients, read as a run reads them (no kernel)."""
    from evalkit.config import read_config
    from evalkit.paths import ProjectPaths
    from evalkit.prepare import load_clients, read_suite

    paths = ProjectPaths(root)
    config = read_config(paths.default_config)
    return load_clients(paths.resolve(config.input_file), config, read_suite(paths)).clients


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A fresh copy of the project's inputs, so a test's run never touches the real reports/."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory):
    """One real run of the example, through the console script, on real kernels.

    Returns the scratch project, the run folder and the finished process.
    """
    project = make_project(tmp_path_factory.mktemp("example") / "project")
    done = run_cli("run", cwd=project)
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "eindhoven-2020-01-31", done


@pytest.fixture(scope="session")
def example_run_en(tmp_path_factory: pytest.TempPathFactory):
    """The example run again with ``lang: en``: the English report."""
    import yaml

    project = make_project(tmp_path_factory.mktemp("example_en") / "project")
    config = yaml.safe_load((project / "configs/example.yml").read_text())
    config["lang"] = "en"
    (project / "configs/example_en.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    done = run_cli("run", "configs/example_en.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "eindhoven-2020-01-31", done


@pytest.fixture(scope="session")
def lingedal_run(tmp_path_factory: pytest.TempPathFactory):
    """One real run of the second synthetic municipality (Lingedal), shaped unlike the example.

    Its own headers and labels (mapped by the config), ``;``-CSV in
    Windows-1252 with a title row, peildatum 2024-12-31, no optional programme
    columns, exits before the intake, no reference case and no cost data.
    """
    project = make_project(tmp_path_factory.mktemp("lingedal") / "project")
    done = run_cli("run", "configs/example_lingedal.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "lingedal-2024-12-31", done


@pytest.fixture(scope="session")
def required_only_run(tmp_path_factory: pytest.TempPathFactory):
    """A run of every stage on a file with only the required columns of the contract filled.

    The optional programme columns are there but empty; the others are absent.

    It keeps the example's cost inputs (so the cost-benefit stage computes on the thin file) but
    not its reference case.
    """
    import pandas as pd
    import yaml

    from evalkit.schema import REQUIRED

    project = make_project(tmp_path_factory.mktemp("required_only") / "project")
    full = pd.read_csv(project / "data/raw/example_monitoring.csv", dtype=str)
    thin = full[list(REQUIRED)].copy()
    for column in ("interventions", "employer_project", "mediated_by", "sector", "route"):
        thin[column] = ""  # present but empty: as good as missing
    thin.to_csv(project / "data/raw/clients_required_columns_only.csv", index=False)
    example = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
    config = {"municipality": "Alleenverplicht", "municipality_code": "GM0772",
              "cost_benefit": example["cost_benefit"],
              "reference_date": "2020-01-31", "programme_start": "2017-09-01",
              "input_file": "data/raw/clients_required_columns_only.csv", "synthetic": True,
              "stages": ["00_data_checks", "10_cohort", "20_outflow", "30_cost_benefit",
                         "40_national_comparison", "50_framework", "90_summary"]}
    (project / "configs/required_only.yml").write_text(yaml.safe_dump(config))
    done = run_cli("run", "configs/required_only.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "alleenverplicht-2020-01-31", done
