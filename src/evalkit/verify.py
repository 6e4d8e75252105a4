"""Verification of a run: are the re-computed tables the recorded ones, cell by cell?

An auditor (rekenkamer) re-runs an evaluation with ``evalkit verify
reports/<run>``. ``verify`` checks the sealed manifest and every input, has
the pipeline re-execute the run in a scratch folder, and compares what it
wrote with what the run folder holds; the comparison functions take plain
tables and return plain tables. See ``docs/verify.md``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evalkit import io, pipeline
from evalkit.paths import ProjectPaths, RunPaths

#: Columns of a list of differences.
DIFFERENCE_COLUMNS = ["table", "row", "key", "column", "recorded", "new"]


def compare_table(name: str, recorded: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Every cell that differs between two versions of one published table.

    Cells are compared as the text written in the CSV, so ``0.2900`` and
    ``0.29`` differ: a table is identical only when its bytes could be.

    Parameters
    ----------
    name : str
        The table's name (file name without ``.csv``).
    recorded, new : pandas.DataFrame
        The table in the run folder and as re-computed, every cell as text.

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``row`` (1 = the first data row), ``key`` (the
        row's first cell, to find it by), ``column``, ``recorded``, ``new``.
        A column or row only one side has is listed with ``""`` on the other.
    """
    rows = []
    columns = list(dict.fromkeys([*recorded.columns, *new.columns]))
    for index in range(max(len(recorded), len(new))):
        old_row = recorded.iloc[index] if index < len(recorded) else None
        new_row = new.iloc[index] if index < len(new) else None
        key = (old_row if old_row is not None else new_row).iloc[0]
        for column in columns:
            old = "" if old_row is None or column not in recorded else str(old_row[column])
            now = "" if new_row is None or column not in new else str(new_row[column])
            missing = (old_row is None or new_row is None or column not in recorded
                       or column not in new)
            if old != now or missing:
                rows.append((name, index + 1, str(key), column, old, now))
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def compare_tables(recorded: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]
                   ) -> tuple[pd.DataFrame, int]:
    """Compare every table of a run with its re-computed twin.

    Returns
    -------
    differences, cells : pandas.DataFrame, int
        The differing cells (see ``compare_table``; a table only one side has
        is one row with column ``(table)``), and how many cells were compared.
    """
    parts, cells = [], 0
    for name in sorted(set(recorded) | set(new)):
        if name not in new or name not in recorded:
            parts.append(pd.DataFrame([(name, 0, "", "(table)",
                                        "present" if name in recorded else "",
                                        "present" if name in new else "")],
                                      columns=DIFFERENCE_COLUMNS))
            continue
        cells += recorded[name].size
        parts.append(compare_table(name, recorded[name], new[name]))
    frames = [p for p in parts if not p.empty]
    differences = (pd.concat(frames, ignore_index=True) if frames
                   else pd.DataFrame(columns=DIFFERENCE_COLUMNS))
    return differences, cells


def version_differences(recorded: dict[str, str], installed: dict[str, str]) -> list[str]:
    """Packages whose installed version differs from the one the run used, as ``name a -> b``."""
    return [f"{name} {recorded[name]} -> {installed.get(name, 'not installed')}"
            for name in sorted(recorded) if recorded[name] != installed.get(name, "not installed")]


def mapping_differences(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """Keys whose value differs between two mappings of name to hash (``name differs``,
    ``name is new``, ``name is gone``)."""
    found = []
    for name in sorted(set(recorded) | set(now)):
        if name not in now:
            found.append(f"{name} is gone")
        elif name not in recorded:
            found.append(f"{name} is new")
        elif recorded[name] != now[name]:
            found.append(f"{name} differs")
    return found


@dataclass(frozen=True)
class VerifyResult:
    """What ``verify`` found: the tables, cells and files compared, and every difference."""

    tables: int
    cells: int
    differences: pd.DataFrame
    environment: list[str]
    files: int
    file_differences: pd.DataFrame

    @property
    def identical(self) -> bool:
        return self.differences.empty and self.file_differences.empty


def _output_hashes(run_dir: Path, listed: list[str], processed: Path) -> dict[str, str | None]:
    """The hash of each listed output as it is in a run folder now (None when missing).

    The processed data lives in ``processed`` (``data/processed/<run-id>/``);
    a run folder copied without it is compared through the re-run only.
    """
    from evalkit.manifest import notebook_fingerprint

    hashes: dict[str, str | None] = {}
    for relative in listed:
        path = run_dir / relative
        if relative.startswith("processed/"):
            path = processed / Path(relative).name
            if not path.is_file():
                continue
        if not path.is_file():
            hashes[relative] = None
        elif relative.startswith("notebooks/"):
            hashes[relative] = notebook_fingerprint(io.read_json(path))
        else:
            hashes[relative] = io.sha256_file(path)
    return hashes


def environment_differences(manifest: dict, paths: ProjectPaths) -> list[str]:
    """Which of commit, Python, platform, packages and code differ from the recorded run.

    Returns one line per kind that differs, such as ``python 3.11.7 -> 3.12.1``
    or ``code: evalkit/outflow.py differs``; empty when the re-run's
    environment is the run's.
    """
    from evalkit.manifest import environment, package_versions

    now = environment()
    found = []
    commit = pipeline.git_commit(paths.root)
    if manifest.get("git_commit") != commit:
        found.append(f"commit {manifest.get('git_commit')} -> {commit}")
    if manifest.get("python") != now["python"]:
        found.append(f"python {manifest.get('python', {}).get('version')} -> "
                     f"{now['python']['version']}")
    if manifest.get("platform") != now["platform"]:
        found.append(f"platform {manifest.get('platform')} -> {now['platform']}")
    packages = version_differences(manifest.get("packages", {}), package_versions())
    if packages:
        found.append("packages: " + "; ".join(packages))
    code = mapping_differences(manifest.get("code", {}), pipeline.code_files(paths))
    if code:
        found.append("code: " + "; ".join(code))
    return found


def verify(run_dir: Path, paths: ProjectPaths, *,
           on_versions: Callable[[list[str]], None] | None = None,
           on_stage: Callable[[str, int, int], None] | None = None,
           on_stage_done: Callable[[str, float], None] | None = None,
           manifest_sha256: str | None = None) -> VerifyResult:
    """Check a run folder against its sealed manifest, re-execute it and compare everything.

    In order: the manifest's own hash (when the auditor pinned it) and its
    seal; the config copy and every input; the run folder's outputs against
    the manifest (a report, figure, notebook or table changed or deleted
    since the run is named); then a re-run in a scratch folder inside the
    project, whose outputs are compared with the manifest and whose tables
    are compared with the run folder's, cell by cell.

    Parameters
    ----------
    run_dir : Path
        The run folder (``reports/<run-id>``), with ``manifest.json`` and ``config.yml``.
    paths : ProjectPaths
        The project the inputs are read from (paths in the manifest are relative to it).
    on_versions : callable, optional
        Called with the differences of environment (commit, Python, platform,
        packages, code) before the re-run.
    on_stage, on_stage_done : callable, optional
        Progress callbacks, as for ``run``.
    manifest_sha256 : str, optional
        The manifest's SHA-256 as the auditor recorded it; any other is refused.

    Returns
    -------
    VerifyResult

    Raises
    ------
    VerificationError
        When the manifest is missing, not the pinned one or edited after the
        run (the fields are named), or the config copy or an input is missing
        or differs from the one the run used (the file is named).
    """
    from evalkit.errors import VerificationError
    from evalkit.manifest import broken_seal

    run_paths = RunPaths(run_dir)
    if not run_paths.manifest.is_file() or not run_paths.config_copy.is_file():
        raise VerificationError(f"{paths.relative(run_dir)}: not a run folder (manifest.json "
                                "or config.yml is missing)")
    shown = paths.relative(run_paths.manifest)
    if manifest_sha256 and io.sha256_file(run_paths.manifest) != manifest_sha256.lower():
        raise VerificationError(f"{shown}: its sha256 {io.sha256_file(run_paths.manifest)} is "
                                f"not the one recorded, {manifest_sha256}")
    manifest = io.read_json(run_paths.manifest)
    broken = broken_seal(manifest)
    if broken == ["no seal"]:
        raise VerificationError(f"{shown}: has no seal (manifest_version "
                                f"{manifest.get('manifest_version')}, written before manifests "
                                "were sealed); run the evaluation again to verify it")
    if broken:
        raise VerificationError(f"{shown}: edited after the run ({', '.join(broken[:8])}"
                                + (f" and {len(broken) - 8} more" if len(broken) > 8 else "")
                                + "); its seal no longer matches")
    if io.sha256_file(run_paths.config_copy) != manifest["config_file"]["sha256"]:
        raise VerificationError(f"{paths.relative(run_paths.config_copy)}: the config differs "
                                "from the one the run used (its hash is not the manifest's)")
    for relative, digest in manifest["inputs"].items():
        path = paths.resolve(relative)
        if not path.is_file():
            raise VerificationError(f"{relative}: input not found; copy it beside the run "
                                    "folder as it was (paths are relative to the project)")
        if io.sha256_file(path) != digest:
            raise VerificationError(f"{relative}: input differs from the one the run used "
                                    f"(sha256 {io.sha256_file(path)[:12]}..., manifest "
                                    f"{digest[:12]}...); verify compares only identical inputs")
    recorded_outputs = manifest["outputs"]
    problems = [(name, "missing from the run folder" if digest is None
                 else "changed in data/processed since the run" if name.startswith("processed/")
                 else "changed in the run folder since the run")
                for name, digest in _output_hashes(
                    run_dir, list(recorded_outputs),
                    paths.processed_dir(manifest["run_id"])).items()
                if digest != recorded_outputs[name]]
    environment = environment_differences(manifest, paths)
    if on_versions:
        on_versions(environment)
    scratch = paths.reports / f".verify-{manifest['run_id']}"
    if scratch.exists():
        shutil.rmtree(scratch)
    try:
        result = pipeline.run(run_paths.config_copy, paths, on_stage=on_stage,
                     on_stage_done=on_stage_done, reports_dir=scratch / "reports",
                     processed_dir=scratch / "processed", replace=True,
                     command=manifest.get("command"), config_shown=manifest["config_file"]["path"],
                     series=manifest.get("kind") == "series", force=True)  # never reuse
        rerun = io.read_json(result.manifest)["outputs"]
        problems += [(name, "not made by the re-run" if name not in rerun
                      else "differs in the re-run")
                     for name, digest in recorded_outputs.items() if rerun.get(name) != digest]
        problems += [(name, "made by the re-run, not by the run")
                     for name in rerun if name not in recorded_outputs]
        recorded = pipeline.published_tables(run_paths)
        new = pipeline.published_tables(RunPaths(result.run_dir))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    differences, cells = compare_tables(recorded, new)
    files = pd.DataFrame(sorted(set(problems)), columns=["file", "problem"])
    return VerifyResult(len(recorded), cells, differences, environment, len(recorded_outputs),
                        files)
