"""The command line: light to start, clear when something is wrong."""

import subprocess
import sys

import pytest

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
    done = run_cli("--help", cwd=tmp_path, process=True)
    assert done.returncode == 0
    for command in ("run", "check", "synth"):
        assert command in done.stdout


def test_missing_config_file(scratch_project):
    done = run_cli("run", "configs/nope.yml", cwd=scratch_project, process=True)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: configs/nope.yml: config file not found"


@pytest.mark.parametrize("args", [("run", "configs/nope.yml"), ("run", "--as-of", "31-01-2019"),
                                  ("check", "data/raw/example_monitoring.csv"), ("nope",)],
                         ids=["missing config", "bad option", "check", "unknown command"])
def test_a_command_in_the_test_process_exits_and_prints_as_the_console_script_does(
        scratch_project, args):
    """Most tests run their commands in the test process (``conftest.run_cli``): the same exit
    code, standard output and standard error as the installed script started by a shell."""
    alone = run_cli(*args, cwd=scratch_project, process=True)
    here = run_cli(*args, cwd=scratch_project)
    assert (here.returncode, here.stdout, here.stderr) == (
        alone.returncode, alone.stdout, alone.stderr)
    assert alone.returncode != 0 or alone.stdout


def test_check_prints_every_check(scratch_project):
    done = run_cli("check", "data/raw/example_monitoring.csv", cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    assert "id_unique" in done.stdout and "optional_column_mostly_filled" in done.stdout
    assert "False" not in done.stdout


def test_synth_writes_both_examples_byte_for_byte(scratch_project):
    target = scratch_project / "again"
    done = run_cli("synth", "--out", str(target), cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    for name in ("example_monitoring.csv", "example_monitoring_messy.xlsx",
                 "example_region.csv", "example_lingedal.csv"):
        assert (target / name).read_bytes() == (scratch_project / "data/raw" / name).read_bytes()


def test_check_without_a_config_uses_the_files_own_latest_date(scratch_project):
    done = run_cli("check", "data/raw/example_monitoring.csv", cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    assert "No --config given: checked at the file's latest date, 31-01-2020" in done.stderr


def test_check_names_unknown_headers_with_the_line_to_add(scratch_project):
    done = run_cli("check", "data/raw/example_lingedal.csv", cwd=scratch_project)
    assert done.returncode == 3
    error = done.stderr.strip()
    assert len(error.splitlines()) == 1
    assert "required columns missing" in error
    assert "'Reden beëindiging' (closest: outflow_reason" in error
    assert 'column_aliases: {"Reden beëindiging": outflow_reason}' in error
    assert 'column_aliases: {"Datum kennismaking": known_to_team_date}' in error
    partial = scratch_project / "configs/headers_only.yml"
    partial.write_text('municipality: L\nmunicipality_code: GM9901\nreference_date: 2024-12-31\n'
                       'input_file: data/raw/example_lingedal.csv\ncolumn_aliases:\n'
                       '  "Reden beëindiging": outflow_reason\n  "Datum kennismaking": '
                       'known_to_team_date\nvalue_aliases: {outflow_reason: {"Werk (fulltime)": '
                       'fulltime_work, "Werk (parttime)": parttime_work, "Maatregel": other}}\n',
                       encoding="utf-8")
    mapped = run_cli("check", "data/raw/example_lingedal.csv", "--config", str(partial),
                     cwd=scratch_project)
    assert mapped.returncode == 0, mapped.stderr


def test_check_names_a_column_it_leaves_out_without_telling_to_map_it(scratch_project):
    """A notes column is "closest" to some contract column too; the advice is conditional."""
    source = (scratch_project / "data/raw/example_monitoring.csv").read_text(encoding="utf-8")
    lines = source.splitlines()
    with_notes = [lines[0] + ",Opmerkingen"] + [line + "," for line in lines[1:]]
    (scratch_project / "data/raw/with_notes.csv").write_text("\n".join(with_notes) + "\n",
                                                             encoding="utf-8")
    done = run_cli("check", "data/raw/with_notes.csv", cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if "'Opmerkingen'" in x)
    assert "header 'Opmerkingen' is left out" in line
    assert "If it means " in line and "To use it" not in line


def test_check_prints_the_whole_table_before_the_error_and_names_the_label_line(
        scratch_project):
    import yaml

    config = yaml.safe_load((scratch_project / "configs/example_lingedal.yml").read_text(
        encoding="utf-8"))
    del config["value_aliases"]
    (scratch_project / "configs/no_labels.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    done = run_cli("check", "data/raw/example_lingedal.csv", "--config", "configs/no_labels.yml",
                   cwd=scratch_project)
    assert done.returncode == 3
    assert done.stdout.count("│") > 40 and "adult_at_reference" in done.stdout  # every check
    error = done.stderr.strip().splitlines()[-1]
    assert error.startswith("error: data/raw/example_lingedal.csv: column 'outflow_reason'")
    assert '"Werk (fulltime)": fulltime_work' in error and "evalkit check" not in error


def test_init_writes_a_starter_config_that_leads_to_a_run(scratch_project):
    done = run_cli("init", "data/raw/example_lingedal.csv", cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    written = scratch_project / "configs/example-lingedal.yml"
    assert done.stdout.strip() == "Wrote configs/example-lingedal.yml"
    text = written.read_text(encoding="utf-8")
    assert "reference_date: 2024-12-31" in text and "programme_start: 2021-12-01" in text
    assert '"Reden beëindiging": outflow_reason' in text
    assert "#   Klantnummer -> client_id" in text
    for trace in ("Eindhoven", "KplusV", "reference_case", "665088"):
        assert trace not in text
    again = run_cli("init", "data/raw/example_lingedal.csv", cwd=scratch_project)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert written.read_text(encoding="utf-8") == text
    checked = run_cli("check", "data/raw/example_lingedal.csv", "--config",
                      "configs/example-lingedal.yml", cwd=scratch_project)
    assert checked.returncode == 3 and "value_aliases: {outflow_reason:" in checked.stderr


def test_a_command_reads_notebooks_without_building_the_iri_grammar(root):
    """``evalkit.skip_iri_grammar``: nbformat still validates notebooks, jsonschema just leaves
    out the IRI format checks that cost 1.7 s at import where JupyterLab is installed."""
    code = ("import sys, evalkit\n"
            "evalkit.skip_iri_grammar()\n"
            "import nbformat\n"
            "notebook = nbformat.read('notebooks/10_cohort.ipynb', as_version=4)\n"
            "nbformat.validate(notebook)\n"
            "print(sys.modules.get('rfc3987_syntax'))\n")
    assert _fresh_python(code, root).strip() == "None"


def _fresh_python(code: str, root, returncode: int = 0) -> str:
    """What ``code`` prints in a Python process of its own, started in ``root``."""
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == returncode, done.stderr
    return done.stdout


def test_a_process_that_imported_evalkit_leaves_its_objects_to_the_system_at_exit(root):
    """The objects a process made are frozen at exit (``gc.freeze``, registered when evalkit
    is imported), so that Python's last collections do not walk them all: 0.6-0.9 s in every
    command and kernel once Great Expectations is imported. An exit handler registered before
    evalkit's runs after it and sees them frozen; the process ends as it would have, with its
    exit code and its handlers' output."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
            "import evalkit\n"
            "print('frozen before exit:', gc.get_freeze_count() > 0)\n"
            "sys.exit(3)\n")
    printed = _fresh_python(code, root, returncode=3)
    assert printed == "frozen before exit: False\nfrozen at exit: True\n", printed


def test_a_command_checks_a_file_without_importing_what_great_expectations_only_draws_with(root):
    """``evalkit.lighten_command``: Great Expectations imports altair and scipy.stats for two
    expectations evalkit's suites never use; in a command's process they are stand-ins until
    something uses them. ``evalkit check`` runs every check without importing either, and the
    first use of either gives the module itself (to Great Expectations' own name for it too)."""
    code = ("import sys\n"
            "from evalkit import cli\n"
            "sys.argv = ['evalkit', 'check', 'data/raw/example_monitoring.csv',"
            " '--config', 'configs/example.yml']\n"
            "try:\n"
            "    cli.main()\n"
            "except SystemExit as done:\n"
            "    print('exit', done.code)\n"
            "print(sorted(m for m in ('altair.vegalite', 'scipy.stats._stats_py')"
            " if m in sys.modules))\n"
            "import altair, scipy.stats\n"
            "from great_expectations.expectations.core import "
            "expect_column_kl_divergence_to_be_less_than as kl\n"
            "print(kl.alt.Chart is altair.Chart, kl.stats.norm is scipy.stats.norm,"
            " 'altair.vegalite' in sys.modules, type(sys.modules['scipy.stats']).__name__)\n")
    printed = _fresh_python(code, root)
    assert "adult_at_reference" in printed  # the last check of the suite, run
    assert printed.splitlines()[-3:] == ["exit 0", "[]", "True True True module"], printed


def test_a_bug_during_a_run_stops_the_progress_line_and_shows_its_traceback(scratch_project,
                                                                             monkeypatch):
    """An error that is not evalkit's (a bug) ends the command with exit code 1 and its
    traceback, as Python ends a script; the progress line is stopped first."""
    import threading

    from evalkit import pipeline

    def broken(config, paths, *, on_stage, **options):
        on_stage("10_cohort", 2, 7)
        raise RuntimeError("a bug in a stage's caller")

    monkeypatch.setattr(pipeline, "run", broken)
    done = run_cli("run", cwd=scratch_project)
    assert done.returncode == 1
    assert done.stderr.rstrip().endswith("RuntimeError: a bug in a stage's caller")
    assert "Traceback (most recent call last)" in done.stderr
    # a stopped progress line's thread ends at its next tick (rich does not wait for it)
    refreshing = [t for t in threading.enumerate() if type(t).__name__ == "_RefreshThread"]
    for thread in refreshing:
        thread.join(timeout=5)
    assert not [t for t in refreshing if t.is_alive()]
