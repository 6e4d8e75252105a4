"""The two-command promise: README, lock file, environment.yml and CI agree."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#") and "==" in line:
            name, version = line.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def lock_pins(*names: str) -> dict[str, str]:
    names = names or ("requirements.lock", "requirements-student.lock", "requirements-test.lock")
    return {k: v for name in names for k, v in _pins((ROOT / name).read_text().splitlines()).items()}


def test_runtime_student_and_test_pins_are_apart():
    """The run installs only what the evaluation needs; students and the tests add their own."""
    runtime, test = lock_pins("requirements.lock"), lock_pins("requirements-test.lock")
    student = lock_pins("requirements-student.lock")
    assert not set(runtime) & set(test) and not set(runtime) & set(student)
    assert not set(student) & set(test)
    assert {"pytest", "ruff", "scikit-survival", "pypdf"} <= set(test)
    assert {"jupyterlab", "jupyter-server", "notebook-shim"} <= set(student)
    assert {"pandas", "papermill", "great-expectations", "highspy"} <= set(runtime)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ]", requirement)[0]).lower()
        assert name in runtime, requirement


def test_environment_yml_lists_the_same_pins_as_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert _pins(pip_section) == lock_pins()
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert python == "python=3.11"


def test_every_dependency_is_pinned_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = project["dependencies"] + extras["test"] + extras["student"]
    pins = lock_pins()
    for requirement in wanted:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ]", requirement)[0]).lower()
        assert name in pins, requirement


def test_installed_versions_are_the_locked_ones():
    from importlib.metadata import version

    for name, pinned in lock_pins().items():
        assert version(name) == pinned, name


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands():
    commands = readme_commands()
    assert commands == ["python3 tasks.py run", "python3 tasks.py test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert readme_commands()[1] in ci


def test_task_file_documents_itself():
    done = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "help"], capture_output=True,
                          text=True, check=True)
    for task in ("run", "test", "lab", "setup", "lock"):
        assert f"tasks.py {task}" in done.stdout


def test_layout_of_design_md():
    for folder in ("notebooks", "src/evalkit", "expectations", "data/raw", "data/processed",
                   "data/external", "configs", "reports", "tests", "benchmarks"):
        assert (ROOT / folder).is_dir(), folder
    for name in ("environment.yml", "README.md", "pyproject.toml", "requirements.lock",
                 "requirements-student.lock", "requirements-test.lock"):
        assert (ROOT / name).is_file(), name


def test_no_raw_data_path_literals_outside_paths_module():
    for path in (ROOT / "src" / "evalkit").glob("*.py"):
        if path.name == "paths.py":
            continue
        assert '"data/raw' not in path.read_text(), path.name


def test_every_package_the_code_imports_is_declared():
    """An import of a package only installed as another's dependency breaks on its next release."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ]", r)[0]).lower()
                for r in project["dependencies"]}
    owners = packages_distributions()
    undeclared = set()
    for path in (ROOT / "src" / "evalkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0
                     and node.module else [])
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "evalkit":
                    continue
                distributions = {re.sub(r"[-_.]+", "-", d).lower() for d in owners.get(top, [])}
                if not distributions & declared:
                    undeclared.add(f"{path.name}: {top}")
    assert sorted(undeclared) == []
