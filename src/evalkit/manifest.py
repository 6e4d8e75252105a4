"""The run manifest: what went in, what came out, and with which software.

``build_manifest`` is pure: the pipeline gathers hashes and timings and hands
them over. All paths in the manifest are relative (to the project root for
inputs, to the run folder for outputs), so a run folder can be verified
elsewhere.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from typing import Any

#: Packages whose versions every manifest records.
TRACKED_PACKAGES = (
    "evalkit",
    "pandas",
    "numpy",
    "pyarrow",
    "papermill",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "great-expectations",
    "lifelines",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "pydantic",
    "scipy",
    "cbsodata",
)

MANIFEST_VERSION = 1


def package_versions(names: tuple[str, ...] = TRACKED_PACKAGES) -> dict[str, str]:
    """Installed versions of ``names``; ``"not installed"`` where one is missing."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(*, run_id: str, config: dict[str, Any], config_file: dict[str, str],
                   inputs: dict[str, str], outputs: dict[str, str],
                   stage_seconds: dict[str, float], git_commit: str | None,
                   created: str) -> dict[str, Any]:
    """Assemble the manifest of one run.

    Parameters
    ----------
    run_id : str
        The run's id.
    config : dict
        The resolved configuration (JSON values).
    config_file : dict
        ``{"path": ..., "sha256": ...}`` of the config file.
    inputs : dict
        Input file path (relative to the project root) to sha256.
    outputs : dict
        Output file path (relative to the run folder) to sha256.
    stage_seconds : dict
        Stage name to wall time in seconds.
    git_commit : str or None
        The project's commit (with ``-dirty`` when the tree had changes).
    created : str
        When the run finished, ISO 8601 in UTC.

    Returns
    -------
    dict
        The manifest, ready for JSON.
    """
    return {
        "manifest_version": MANIFEST_VERSION,
        "run_id": run_id,
        "created": created,
        "config_file": config_file,
        "config": config,
        "inputs": dict(sorted(inputs.items())),
        "outputs": dict(sorted(outputs.items())),
        "stages": {name: {"seconds": round(sec, 2)} for name, sec in stage_seconds.items()},
        "python": {"version": platform.python_version(), "implementation": sys.implementation.name},
        "platform": platform.platform(terse=True),
        "packages": package_versions(),
        "git_commit": git_commit,
    }
