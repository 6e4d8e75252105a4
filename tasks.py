#!/usr/bin/env python3
"""Project tasks: set up the environment, run the example, run the tests.

Needs only Python 3.11+. Every task first makes sure ``.venv`` exists and holds
exactly the versions it needs: ``requirements.lock`` to run an evaluation, and
``requirements-test.lock`` besides it for the tests; when it already does, the
task starts at once.

    python3 tasks.py run [CONFIG]     set up, run an evaluation (default: the example), print the report path
    python3 tasks.py test [ARGS]      set up (with Debian's chromium for the browser tests),
                                      run the whole test suite (ARGS go to pytest)
    python3 tasks.py setup [--test]   set up only (with --test: the test packages too)
    python3 tasks.py lock             re-resolve both lock files from pyproject.toml (maintainers)
    python3 tasks.py help             this text
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
STAMP = VENV / ".evalkit-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _say(message: str) -> None:
    print(f"[tasks] {message}", file=sys.stderr, flush=True)


def _fingerprint(locks: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for path in (*locks, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _pip(*args: str) -> None:
    subprocess.run([str(PYTHON), "-m", "pip", "--disable-pip-version-check", *args],
                   check=True, cwd=ROOT)


def setup(test: bool = False) -> None:
    """Create ``.venv`` and install the locked versions, unless that is already done.

    An evaluation needs ``requirements.lock``; the tests need ``requirements-test.lock``
    besides. The stamp names what was installed, so a run after the tests starts at once
    and the tests after a run install only the test packages.
    """
    if sys.version_info < (3, 11):
        sys.exit(f"evalkit needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    locks = (LOCK, TEST_LOCK) if test else (LOCK,)
    done = STAMP.read_text().split() if PYTHON.exists() and STAMP.exists() else []
    wanted = [_fingerprint(locks[: i + 1]) for i in range(len(locks))]
    if wanted[-1] in done or (not test and _fingerprint((LOCK, TEST_LOCK)) in done):
        return
    if not PYTHON.exists():
        _say(f"creating the virtual environment in {VENV.name}/ (first time only)")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    names = " and ".join(lock.name for lock in locks)
    _say(f"installing the pinned versions of {names} (a minute or two, first time only)")
    _pip("install", "-qq", *[arg for lock in locks for arg in ("-r", str(lock))])
    _pip("install", "-qq", "--no-deps", "--editable", ".")
    STAMP.write_text(wanted[-1] + "\n")
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


def test(args: list[str]) -> int:
    setup(test=True)
    browser()
    return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)


RUNTIME_HEADER = (
    "# The runtime packages and their versions: what `python3 tasks.py run` installs.\n"
    "# Regenerate with `python3 tasks.py lock`, which also writes requirements-test.lock and\n"
    "# environment.yml with the same versions (tests/test_environment.py checks).\n")
TEST_HEADER = (
    "# What the tests need besides requirements.lock: `python3 tasks.py test` installs both.\n"
    "# Regenerate with `python3 tasks.py lock`.\n")


def lock() -> int:
    """Resolve the newest versions allowed by pyproject.toml in a scratch venv and pin them.

    The runtime packages go to requirements.lock, what the tests add to
    requirements-test.lock, and both to environment.yml.
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
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", f"{ROOT}[test]"], check=True)
        everything = frozen()
    extra = [pin for pin in everything if pin not in runtime]
    LOCK.write_text(RUNTIME_HEADER + "\n".join(runtime) + "\n")
    TEST_LOCK.write_text(TEST_HEADER + "\n".join(extra) + "\n")
    write_environment_yml(everything)
    _say(f"wrote {LOCK.name} ({len(runtime)} pins), {TEST_LOCK.name} ({len(extra)}) and "
         "environment.yml")
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
    if task == "setup":
        setup(test="--test" in rest)
        return 0
    if task == "lock":
        return lock()
    print(__doc__.strip())
    return 0 if task in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
