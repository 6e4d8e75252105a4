"""Shared fixtures: the project root, a scratch copy of the project, one real example run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
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


def run_cli(*args: str, cwd: Path, env: dict | None = None, process: bool = False
            ) -> subprocess.CompletedProcess:
    """Run an ``evalkit`` command as a user types it: its exit code, standard output and error.

    By default the command runs in this test process (``evalkit.cli.app``, as
    the console script calls it, in ``cwd`` with ``env`` added to the
    environment), on real kernels and real files like any other run: only the
    start of a new Python process is left out, and with it the three to four
    seconds of CPU that importing Great Expectations, nbconvert and pandas
    costs every command's process (docs/design.md, "Speed", "The tests").
    ``process`` runs the installed console script in a process of its own
    instead, as a shell does: the shared example run, the tests of what only a
    process shows (what starting it imports, its exit at the shell) and the
    test that both ways print and exit alike use it, and ``evalkit batch``
    always does, since it starts a pool of processes of its own.
    """
    if process or args[:1] == ("batch",):
        return subprocess.run([str(EVALKIT), *args], cwd=cwd, capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, timeout=600)
    return _run_here(list(args), Path(cwd), env or {})


def _run_here(args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """``run_cli`` in this process: the command's exit code and what it printed."""
    import io
    import traceback
    from contextlib import chdir, redirect_stderr, redirect_stdout

    from evalkit import cli

    saved_environ, saved_argv, saved_console = dict(os.environ), sys.argv, cli.err
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        os.environ.update(env)
        sys.argv = ["evalkit", *args]  # a run's manifest records the command as it was typed
        with chdir(cwd), redirect_stdout(out), redirect_stderr(err):
            # made anew on the captured stream, as a process's is made on its pipe: a console
            # made while this process wrote to a terminal would colour what it captures
            cli.err = cli.error_console()
            try:
                cli.app(args, prog_name="evalkit")
            except SystemExit as exc:  # as the interpreter ends a process with it
                if isinstance(exc.code, str):
                    print(exc.code, file=sys.stderr)
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception:  # as the interpreter ends a process with an uncaught exception
                traceback.print_exc()
                code = 1
    finally:
        # a command sets variables for the kernels it starts; the next test starts from ours
        os.environ.clear()
        os.environ.update(saved_environ)
        sys.argv, cli.err = saved_argv, saved_console
    return subprocess.CompletedProcess(["evalkit", *args], code, out.getvalue(), err.getvalue())


@contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path`` (a file) while the block runs; no lock off POSIX."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: each worker makes its own run
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared(factory: pytest.TempPathFactory, name: str,
           make: Callable[[Path], dict]) -> tuple[Path, dict]:
    """Something slow made once for the whole test session, in a folder of its own.

    Under pytest-xdist the workers of one session share it (as pytest-xdist's
    documentation suggests for session fixtures): the first worker to ask calls
    ``make(folder)`` under a file lock in the session's own temporary folder and
    records what it returns (JSON); the others wait for it and read the same
    folder and the same record. Tests that change what was made copy it first.

    Returns
    -------
    folder : Path
    made : dict
        What ``make`` returned, as recorded when it ran.
    """
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the session's folder, above every worker's own
    folder = base / f"shared-{name}"
    record = folder / "made.json"
    with _locked(base / f"shared-{name}.lock"):
        if not record.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps(make(folder)))
    return folder, json.loads(record.read_text())


def shared_run(factory: pytest.TempPathFactory, name: str, *args: str,
               prepare: Callable[[Path], None] | None = None, env: dict | None = None,
               process: bool = False) -> tuple[Path, subprocess.CompletedProcess]:
    """One real ``evalkit`` command in a scratch project, made once for the whole test session
    (``shared``).

    Returns
    -------
    project : Path
    done : subprocess.CompletedProcess
        The command's exit code and output, as recorded when it ran.
    """
    def make(folder: Path) -> dict:
        project = make_project(folder / "project")
        if prepare is not None:
            prepare(project)
        done = run_cli(*args, cwd=project, env=env, process=process)
        return {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}

    folder, made = shared(factory, name, make)
    return folder / "project", subprocess.CompletedProcess(
        [str(EVALKIT), *args], made["returncode"], made["stdout"], made["stderr"])


def assert_notebooks_quiet(run_dir: Path, project: Path) -> None:
    """No executed notebook of a run shows a warning or any absolute path.

    A library's warning is printed with the absolute path of the file that
    caused it: the executed notebook, which the manifest fingerprints, would
    then differ between two checkouts of the same code, and an auditor's
    ``evalkit verify`` in another folder would find it changed.
    """
    for path in sorted((run_dir / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                assert output.get("name") != "stderr", (path.name, output.get("text"))
                text = json.dumps(output)
                for folder in (project, ROOT, Path(sys.prefix)):
                    assert str(folder) not in text, (path.name, str(folder))


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
    project, done = shared_run(tmp_path_factory, "example", "run", process=True)
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "eindhoven-2020-01-31", done


@pytest.fixture(scope="session")
def example_run_en(tmp_path_factory: pytest.TempPathFactory):
    """The example run again with ``lang: en``: the English report."""
    import yaml

    def english(project: Path) -> None:
        config = yaml.safe_load((project / "configs/example.yml").read_text())
        config["lang"] = "en"
        (project / "configs/example_en.yml").write_text(yaml.safe_dump(config, sort_keys=False))

    project, done = shared_run(tmp_path_factory, "example_en", "run", "configs/example_en.yml",
                               prepare=english)
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "eindhoven-2020-01-31", done


@pytest.fixture(scope="session")
def lingedal_run(tmp_path_factory: pytest.TempPathFactory):
    """One real run of the second synthetic municipality (Lingedal), shaped unlike the example.

    Its own headers and labels (mapped by the config), ``;``-CSV in
    Windows-1252 with a title row, peildatum 2024-12-31, no optional programme
    columns, exits before the intake, no reference case and no cost data.
    """
    project, done = shared_run(tmp_path_factory, "lingedal", "run",
                               "configs/example_lingedal.yml")
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

    def required_only(project: Path) -> None:
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

    project, done = shared_run(tmp_path_factory, "required_only", "run",
                               "configs/required_only.yml", prepare=required_only)
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "alleenverplicht-2020-01-31", done


#: The pseudonymisation key of the tests' identified file; not a secret.
PSEUDONYM_KEY = "a-test-key-that-is-not-secret"


def identified_small_file() -> tuple[str, dict[str, list[str]]]:
    """The 30-person fixture (``clients_valid_small.csv``) with a BSN, a name and an e-mail
    column added: the file's text and the identifiers in it, by kind."""
    import csv
    import io as stdio

    from evalkit import privacy

    rows = list(csv.reader((FIXTURES / "clients_valid_small.csv").read_text().splitlines()))
    bsns, found = [], 999990000
    while len(bsns) < len(rows) - 1:
        found += 1
        if privacy.is_bsn(str(found)):
            bsns.append(str(found))
    names = [f"Anna Voorbeeld{i:02d}" for i in range(len(bsns))]
    mails = [f"persoon{i}@voorbeeld.nl" for i in range(len(bsns))]
    out = stdio.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["BSN", "Naam", "E-mailadres", *rows[0][1:]])
    for b, n, m, row in zip(bsns, names, mails, rows[1:], strict=True):
        writer.writerow([b, n, m, *row[1:]])
    return out.getvalue(), {"bsn": bsns, "name": names, "email": mails}


def identified_small_config(project: Path, **extra) -> str:
    """Write ``identified_small_file`` and a config for it (the example's, cost inputs included)
    into ``project``; return the config's path relative to the project."""
    import yaml

    (project / "data/raw/identified.csv").write_text(identified_small_file()[0])
    config = yaml.safe_load((project / "configs/example.yml").read_text())
    config.update(input_file="data/raw/identified.csv", **extra)
    (project / "configs/private.yml").write_text(yaml.safe_dump(config))
    return "configs/private.yml"


@pytest.fixture(scope="session")
def small_identified_run(tmp_path_factory: pytest.TempPathFactory):
    """A pseudonymised run of the 30-person file with identifiers added, and the example's costs.

    Its exits to work are too few to show, so it is also the run of a small municipality whose
    cost inputs the file's counts cannot carry. Returns the project, the run folder, the
    finished process and the identifiers that went in.
    """
    project, done = shared_run(
        tmp_path_factory, "small_identified", "run", "configs/private.yml",
        prepare=lambda project: identified_small_config(project, pseudonymize=True),
        env={"EVALKIT_PSEUDONYM_KEY": PSEUDONYM_KEY})
    assert done.returncode == 0, done.stderr
    return (project, project / "reports" / "eindhoven-2020-01-31", done,
            identified_small_file()[1])
