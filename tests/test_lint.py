"""Lint and notebook hygiene, checked in CI whether or not a developer ran pre-commit."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run([str(ruff), "check", "--no-cache", str(ROOT)], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_strips_notebooks_and_runs_ruff():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"nbstripout", "ruff"} <= hooks
    ruff_rev = next(r["rev"] for r in config["repos"] if "ruff" in r["repo"])
    locked = [line for line in (ROOT / "requirements-test.lock").read_text().splitlines()
              if line.startswith("ruff==")]
    assert locked == [f"ruff=={ruff_rev.lstrip('v')}"]  # the hook and CI lint alike
