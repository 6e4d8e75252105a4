"""The command line: light to start, clear when something is wrong."""

import subprocess
import sys

from conftest import run_cli

HEAVY = ("matplotlib", "papermill", "great_expectations", "lifelines", "statsmodels", "nbconvert")


def test_starting_the_cli_imports_nothing_heavy():
    code = ("import sys, evalkit.cli, evalkit.config, evalkit.io; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_kernels_run_with_great_expectations_telemetry_off():
    from evalkit import pipeline

    assert pipeline._KERNEL_ENV["GX_ANALYTICS_ENABLED"] == "False"


def test_help_lists_the_commands(tmp_path):
    done = run_cli("--help", cwd=tmp_path)
    assert done.returncode == 0
    for command in ("run", "check", "synth"):
        assert command in done.stdout


def test_missing_config_file(scratch_project):
    done = run_cli("run", "configs/nope.yml", cwd=scratch_project)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: configs/nope.yml: config file not found"


def test_check_prints_every_check(scratch_project):
    done = run_cli("check", "data/raw/example_monitoring.csv", cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    assert "id_unique" in done.stdout and "optional_column_mostly_filled" in done.stdout
    assert "False" not in done.stdout


def test_synth_writes_both_examples_byte_for_byte(scratch_project):
    target = scratch_project / "again"
    done = run_cli("synth", "--out", str(target), cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    for name in ("example_monitoring.csv", "example_monitoring_messy.xlsx"):
        assert (target / name).read_bytes() == (scratch_project / "data/raw" / name).read_bytes()
