#!/usr/bin/env python3
"""Project tasks: set up the environment, run the example, run the tests.

Needs only Python 3.11+. Every task first makes sure ``.venv`` exists and holds
exactly the versions it needs: ``requirements.lock`` to run an evaluation,
``requirements-student.lock`` besides it for JupyterLab, and
``requirements-test.lock`` for the tests; when it already does, the task starts
at once.

    python3 tasks.py run [CONFIG]     set up, run an evaluation (default: the example), print the report path
    python3 tasks.py test [ARGS]      set up (with Debian's chromium for the browser tests),
                                      run the whole test suite on every core (ARGS go to
                                      pytest) and print its wall time
    python3 tasks.py lab [ARGS]       set up with JupyterLab, prepare the example, open the
                                      notebooks in JupyterLab and print its address (for students)
    python3 tasks.py setup [--test] [--student]
                                      set up only (with the test or student packages too)
    python3 tasks.py lock             re-resolve the three lock files from pyproject.toml (maintainers)
    python3 tasks.py expected         re-run the two example municipalities and copy
                                      their published tables to tests/expected/ (after a change
                                      to the numbers on purpose: the diff shows which moved)
    python3 tasks.py help             this text
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
STUDENT_LOCK = ROOT / "requirements-student.lock"
STAMP = VENV / ".evalkit-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _say(message: str) -> None:
    print(f"[tasks] {message}", file=sys.stderr, flush=True)


def _fingerprint(lock: Path) -> str:
    digest = hashlib.sha256()
    for path in (lock, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return f"{lock.name}:{digest.hexdigest()}"


def _pip(*args: str) -> None:
    subprocess.run([str(PYTHON), "-m", "pip", "--disable-pip-version-check", *args],
                   check=True, cwd=ROOT)


def setup(test: bool = False, student: bool = False) -> None:
    """Create ``.venv`` and install the locked versions, unless that is already done.

    An evaluation needs ``requirements.lock``; JupyterLab needs
    ``requirements-student.lock`` besides, and the tests need both and
    ``requirements-test.lock``. The stamp names each lock file installed, so
    a run after the tests starts at once and a task that needs one more set
    installs only that set.
    """
    if sys.version_info < (3, 11):
        sys.exit(f"evalkit needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    locks = [LOCK, *([STUDENT_LOCK] if student or test else []), *([TEST_LOCK] if test else [])]
    done = set(STAMP.read_text().split()) if PYTHON.exists() and STAMP.exists() else set()
    if _fingerprint(LOCK) not in done:
        done = set()  # another runtime set: everything is installed again against it
    missing = [lock for lock in locks if _fingerprint(lock) not in done]
    if not missing:
        return
    if not PYTHON.exists():
        _say(f"creating the virtual environment in {VENV.name}/ (first time only)")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    names = " and ".join(lock.name for lock in missing)
    _say(f"installing the pinned versions of {names} (a minute or two, first time only)")
    # The runtime lock goes along as a constraint so another set never moves its versions.
    _pip("install", "-qq", "-c", str(LOCK), *[arg for lock in missing for arg in ("-r", str(lock))])
    _pip("install", "-qq", "--no-deps", "--editable", ".")
    STAMP.write_text("\n".join(sorted(done | {_fingerprint(lock) for lock in locks})) + "\n")
    _say("environment ready")


def run(args: list[str]) -> int:
    setup()
    return subprocess.call([str(BIN / "evalkit"), "run", *args], cwd=ROOT)


def browser() -> None:
    """Install Debian's Chromium for the browser and PDF tests, when it is not there yet."""
    if shutil.which("chromium"):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        _say("installing Debian's chromium for the browser tests (first time only)")
        quiet = {"stdout": subprocess.DEVNULL, "env": {**os.environ,
                                                        "DEBIAN_FRONTEND": "noninteractive"}}
        subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                        "chromium", "fonts-dejavu-core"], check=True, **quiet)
    else:
        _say("chromium is not installed and cannot be installed here (needs root and apt-get); "
             "the browser and PDF tests will say so")


def lab(args: list[str]) -> int:
    """Open the notebooks in JupyterLab, on the example prepared for them (``evalkit lab``)."""
    setup(student=True)
    return subprocess.call([str(BIN / "evalkit"), "lab", *args], cwd=ROOT)


def test(args: list[str]) -> int:
    """Run the suite on every core (pytest-xdist; ``-n 0`` in ARGS runs it in one process)."""
    setup(test=True)
    browser()
    started = time.perf_counter()
    code = subprocess.call([str(PYTHON), "-m", "pytest", "-n", "auto", *args], cwd=ROOT)
    _say(f"test suite: {time.perf_counter() - started:.0f} s wall on {os.cpu_count()} cores")
    return code


#: The runs whose published tables tests/test_backtest.py holds against tests/expected/.
BACKTESTS = {"configs/example.yml": "eindhoven-2020-01-31",
             "configs/example_lingedal.yml": "lingedal-2024-12-31"}


def expected() -> int:
    """Run each backtested example afresh and copy its published tables to tests/expected/."""
    setup()
    for config, run_id in BACKTESTS.items():
        code = subprocess.call([str(BIN / "evalkit"), "run", config, "--force"], cwd=ROOT)
        if code:
            return code
        target = ROOT / "tests" / "expected" / run_id / "tables"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / "reports" / run_id / "tables", target)
        _say(f"{run_id}: {len(list(target.glob('*.csv')))} tables written to "
             f"{target.relative_to(ROOT)}")
    return 0


RUNTIME_HEADER = (
    "# The runtime packages and their versions: what `python3 tasks.py run` installs.\n"
    "# Regenerate with `python3 tasks.py lock`, which also writes requirements-student.lock,\n"
    "# requirements-test.lock and environment.yml with the same versions\n"
    "# (tests/test_environment.py checks).\n")
TEST_HEADER = (
    "# What the tests need besides requirements.lock and requirements-student.lock:\n"
    "# `python3 tasks.py test` installs all three. Regenerate with `python3 tasks.py lock`.\n")
STUDENT_HEADER = (
    "# What students add to requirements.lock: JupyterLab, to open the notebooks "
    "(`python3 tasks.py lab`).\n"
    "# `python3 tasks.py test` installs it too (a test starts a real JupyterLab server).\n"
    "# Regenerate with `python3 tasks.py lock`.\n")


def lock() -> int:
    """Resolve the newest versions allowed by pyproject.toml in a scratch venv and pin them.

    The runtime packages go to requirements.lock, what JupyterLab adds to
    requirements-student.lock, what the tests add to those two to
    requirements-test.lock, and all of them to environment.yml.
    """
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(scratch)
        py = scratch / ("Scripts" if os.name == "nt" else "bin") / "python"

        def frozen() -> list[str]:
            out = subprocess.run([str(py), "-m", "pip", "freeze", "--exclude", "evalkit"],
                                 check=True, capture_output=True, text=True).stdout
            return sorted(line for line in out.splitlines() if "==" in line)

        subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(ROOT)], check=True)
        runtime = frozen()
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", f"{ROOT}[student]"],
                       check=True)
        with_lab = frozen()
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", f"{ROOT}[student,test]"],
                       check=True)
        everything = frozen()
    student = [pin for pin in with_lab if pin not in runtime]
    extra = [pin for pin in everything if pin not in with_lab]
    LOCK.write_text(RUNTIME_HEADER + "\n".join(runtime) + "\n")
    STUDENT_LOCK.write_text(STUDENT_HEADER + "\n".join(student) + "\n")
    TEST_LOCK.write_text(TEST_HEADER + "\n".join(extra) + "\n")
    write_environment_yml(everything)
    _say(f"wrote {LOCK.name} ({len(runtime)} pins), {STUDENT_LOCK.name} ({len(student)}), "
         f"{TEST_LOCK.name} ({len(extra)}) and environment.yml")
    return 0


def write_environment_yml(pins: list[str]) -> None:
    """Write environment.yml for conda users: the same pins, installed by pip inside conda."""
    lines = [
        "# For conda users: conda env create -f environment.yml && conda activate evalkit",
        "# Generated by `python3 tasks.py lock`: the same pinned versions as requirements.lock.",
        "name: evalkit",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={sys.version_info.major}.{sys.version_info.minor}",
        "  - pip",
        "  - pip:",
        *[f"      - {pin}" for pin in pins],
        "      - --editable .",
        "",
    ]
    (ROOT / "environment.yml").write_text("\n".join(lines))


def main(argv: list[str]) -> int:
    task, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if task == "run":
        return run(rest)
    if task == "test":
        return test(rest)
    if task == "lab":
        return lab(rest)
    if task == "setup":
        setup(test="--test" in rest, student="--student" in rest)
        return 0
    if task == "lock":
        return lock()
    if task == "expected":
        return expected()
    print(__doc__.strip())
    return 0 if task in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
