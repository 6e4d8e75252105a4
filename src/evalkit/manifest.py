"""The run manifest: what went in, what came out, and with which software.

``build_manifest`` is pure: the pipeline gathers hashes and timings and hands
them over. All paths in the manifest are relative (to the project root for
inputs, to the run folder for outputs), so a run folder can be verified
elsewhere.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evalkit.paths import ProjectPaths

#: The packages the report's provenance appendix names (the manifest records every one).
REPORTED_PACKAGES = (
    "evalkit", "pandas", "numpy", "pyarrow", "papermill", "nbconvert", "nbformat", "ipykernel",
    "great-expectations", "lifelines", "statsmodels", "matplotlib", "seaborn", "pydantic",
    "scipy", "cbsodata",
)

MANIFEST_VERSION = 2


@functools.cache
def _installed() -> dict[str, str]:
    # Scanning every distribution's metadata takes half a second, and a run asks three times;
    # what is installed does not change while a process runs.
    installed = {}
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").lower().replace("_", "-").replace(".", "-")
        if name:
            installed[name] = dist.version
    return installed


def package_versions(names: tuple[str, ...] | None = None) -> dict[str, str]:
    """Installed versions of ``names``, or of every installed distribution when None.

    Names are normalised as pip does (lower case, ``-``), sorted; a named
    package that is missing is ``"not installed"``.
    """
    installed = _installed()
    if names is None:
        return dict(sorted(installed.items()))
    return {name: installed.get(name, "not installed") for name in names}


def environment() -> dict[str, Any]:
    """The machine a run ran on: Python version and implementation, platform."""
    return {"python": {"version": platform.python_version(),
                       "implementation": sys.implementation.name},
            "platform": platform.platform(terse=True)}


def canonical(value: Any) -> bytes:
    """The one JSON spelling of a value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
                      ).encode("utf-8")


def notebook_fingerprint(notebook: dict[str, Any]) -> str:
    """SHA-256 of an executed notebook without what differs between two identical runs.

    Left out: timings and papermill's bookkeeping (metadata), execution
    timestamps of cells, and the injected-parameters cell (it names the run's
    scratch folder). Kept: every other cell's source and every output, so a
    changed number or figure changes the fingerprint.
    """
    cells = []
    for cell in notebook.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags:
            continue
        cells.append({"cell_type": cell.get("cell_type"), "source": cell.get("source"),
                      "outputs": cell.get("outputs", [])})
    return hashlib.sha256(canonical(cells)).hexdigest()


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out = {}
        for key, item in value.items():
            out.update(_leaves(item, f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}"))
        return out
    return {path or "/": value}


def seal(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest with its seal: a hash of every field, and one hash of the whole.

    The field hashes (``/outputs/report.html`` and so on, JSON-pointer paths)
    let ``broken_seal`` name the field that was edited; the whole hash
    catches an edit of the field hashes themselves.
    """
    body = {k: v for k, v in manifest.items() if k != "seal"}
    fields = {path: hashlib.sha256(canonical(value)).hexdigest()[:16]
              for path, value in sorted(_leaves(body).items())}
    return {**body, "seal": {"algorithm": "sha256", "fields": fields,
                             "sha256": hashlib.sha256(canonical(body)).hexdigest()}}


def broken_seal(manifest: dict[str, Any]) -> list[str]:
    """The fields of a manifest that differ from its seal; empty when it is as written.

    Returns
    -------
    list of str
        ``edited: /path``, ``added: /path``, ``removed: /path`` per field, or
        ``seal`` when only the seal itself was changed; ``no seal`` for a
        manifest without one.
    """
    if "seal" not in manifest:
        return ["no seal"]
    recorded = manifest["seal"].get("fields", {})
    body = {k: v for k, v in manifest.items() if k != "seal"}
    now = seal(body)["seal"]
    found = [f"edited: {p}" for p in sorted(set(recorded) & set(now["fields"]))
             if recorded[p] != now["fields"][p]]
    found += [f"added: {p}" for p in sorted(set(now["fields"]) - set(recorded))]
    found += [f"removed: {p}" for p in sorted(set(recorded) - set(now["fields"]))]
    if not found and manifest["seal"].get("sha256") != now["sha256"]:
        found = ["seal"]
    return found


def build_manifest(*, run_id: str, kind: str = "evaluation", config: dict[str, Any],
                   config_file: dict[str, str],
                   inputs: dict[str, str], outputs: dict[str, str], code: dict[str, str],
                   stage_seconds: dict[str, float], git_commit: str | None,
                   stage_reuse: dict[str, dict[str, Any]] | None = None,
                   started: str, created: str, command: list[str]) -> dict[str, Any]:
    """Assemble the manifest of one run, sealed (``seal``).

    Parameters
    ----------
    run_id : str
        The run's id.
    kind : {"evaluation", "series"}
        A single evaluation (``evalkit run``) or an interim series
        (``evalkit series``); ``evalkit verify`` re-runs it the same way.
    config : dict
        The resolved configuration (JSON values).
    config_file : dict
        ``{"path": ..., "sha256": ...}`` of the config file.
    inputs : dict
        Input file path (relative to the project root) to sha256.
    outputs : dict
        Output file path (relative to the run folder) to sha256; executed
        notebooks by ``notebook_fingerprint``.
    code : dict
        The analysis code and the lock file (relative paths) to sha256.
    stage_seconds : dict
        Stage name to wall time in seconds.
    stage_reuse : dict, optional
        Stage name to its ``key`` (the content hash of what it read, ``evalkit.reuse``)
        and whether its outputs were ``reused`` from an earlier run.
    git_commit : str or None
        The project's commit (with ``-dirty`` when the tree had changes,
        untracked files included).
    started, created : str
        When the run started and finished, ISO 8601 in UTC.
    command : list of str
        The command line that started the run.

    Returns
    -------
    dict
        The manifest, ready for JSON.
    """
    return seal({
        "manifest_version": MANIFEST_VERSION,
        "run_id": run_id,
        "kind": kind,
        "started": started,
        "created": created,
        "command": command,
        "config_file": config_file,
        "config": config,
        "inputs": dict(sorted(inputs.items())),
        "code": dict(sorted(code.items())),
        "outputs": dict(sorted(outputs.items())),
        "stages": {name: {"seconds": round(sec, 2), **(stage_reuse or {}).get(name, {})}
                   for name, sec in stage_seconds.items()},
        **environment(),
        "packages": package_versions(),
        "git_commit": git_commit,
    })


def code_files(paths: ProjectPaths) -> dict[str, str]:
    """SHA-256 of the analysis code (the evalkit package with its labels and template) and locks.

    Keys are ``evalkit/<module>.py`` (where the package is installed does not
    matter) and, when the project has them, ``requirements.lock`` and
    ``pyproject.toml``.
    """
    import evalkit
    from evalkit import io

    package = Path(evalkit.__file__).resolve().parent
    # The label catalogue and the report template shape the report as much as the code does.
    found = {f"evalkit/{p.relative_to(package).as_posix()}": io.sha256_file(p)
             for p in sorted(package.rglob("*"))
             if p.is_file() and p.suffix in (".py", ".yml", ".j2", ".css", ".json", ".html")}
    for name in ("requirements.lock", "pyproject.toml"):
        if (paths.root / name).is_file():
            found[name] = io.sha256_file(paths.root / name)
    return found
