"""Reuse of a stage's outputs when nothing it reads has changed since the last run.

An evaluator re-runs after every small fix to the config; when the fix is to
the cost-benefit figures, the data checks, the cohort and the outflow
analysis have nothing new to compute. Before a stage runs, ``StageReuse``
computes its **key**: the SHA-256 of everything the stage can read

- the stage notebook as it runs (its left-out cells dropped),
- the evalkit code, the lock file, Python, platform and installed packages,
- the run's input files (data, checks, national and reference figures),
- the run's parameters (its folders; not the config's path, see ``StageReuse``),
- every file of the processed data, the cell register of the disclosure
  audit among them (so also what earlier stages published, and the cells a
  later stage asked them to hide),

and, beside the key, what the stage read the last time it ran: the fields of
the config (``config.record_reads``; reading the whole config counts as
reading every field) and the tables published before it that it asked for,
found or not (``stage.record_table_reads``). When an earlier run of the stage
had the same key and the fields and tables it read are still the same, its
outputs (executed notebook, tables, figures, register entries) are copied
back instead of running it; each copy is checked against the hash recorded
when it was stored. A stage that asks for no earlier table is therefore kept
when only another stage's tables changed (a discount rate changes the
cost-benefit tables, not the register or what the national comparison reads).

The entries live in ``reuse/`` of the run's processed data, one folder per
stage and key; a run keeps the entries it made or used and removes the rest
(``prune``). ``evalkit run --force`` looks none up (it still stores), and
``evalkit verify`` never reuses: it re-runs in a folder of its own.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evalkit import io
from evalkit.config import ALL_FIELDS
from evalkit.manifest import canonical
from evalkit.paths import RunPaths
from evalkit.stage import CELLS

#: The folder of the processed data that holds the stored stage outputs.
FOLDER = "reuse"

#: Where each kind of stored output goes back to: the run folder, or the processed data.
_IN_PROCESSED = (CELLS,)

#: The file of an entry that says what it holds; written last, so an entry without it is ignored.
ENTRY = "entry.json"


def digest(value: Any) -> str:
    """SHA-256 of a JSON value in its one spelling (``manifest.canonical``)."""
    return hashlib.sha256(canonical(value)).hexdigest()


def field_digests(config: dict[str, Any], fields: list[str]) -> dict[str, str]:
    """The digest of each config field read, or of the whole config under ``ALL_FIELDS``."""
    return {name: digest(config if name == ALL_FIELDS else config.get(name)) for name in fields}


def table_digests(tables: dict[str, str], names: list[str]) -> dict[str, str | None]:
    """The hash of each published table asked for (None: not there), or of them all under
    ``ALL_FIELDS``.

    ``tables`` maps every table published so far to its file's hash.
    """
    return {name: digest(tables) if name == ALL_FIELDS else tables.get(name) for name in names}


class StageReuse:
    """Look up, restore and store the outputs of a run's stages by their keys.

    Parameters
    ----------
    processed : Path
        The run's processed data; the entries are kept in ``processed/reuse``.
    run : RunPaths
        The run folder being written (the staging folder).
    fixed : dict
        What every stage's key holds besides its notebook and the files:
        code, environment, packages, input files.
    parameters : dict
        The stages' papermill parameters. They are part of the key but for the
        config's path, which a stage of a run does not read (it reads the run's
        frozen copy; ``stage.open_stage``); a restored notebook is given them.
    notebooks : dict
        Stage name to the digest of the notebook as it runs.
    config : dict
        The run's resolved config (``config.config_as_dict``).
    reads : callable
        Returns what the stage just run has read (``RunKernel.stage_reads``): its config
        fields under ``"config"``, the published tables it asked for under ``"tables"``.
    look : bool
        False stores every stage's outputs but reuses none (``--force``).
    """

    def __init__(self, processed: Path, run: RunPaths, *, fixed: dict, parameters: dict,
                 notebooks: dict[str, str], config: dict[str, Any],
                 reads: Callable[[], dict[str, list[str]]], look: bool = True):
        self.processed = processed
        self.folder = processed / FOLDER
        self.run = run
        self.parameters = parameters
        self.fixed = digest({**fixed, "parameters": {name: value for name, value
                                                     in parameters.items()
                                                     if name != "config_path"}})
        self.notebooks = notebooks
        self.config = config
        self.reads = reads
        self.look = look
        self.keys: dict[str, str] = {}
        self.reused: dict[str, bool] = {}
        self._kept: set[Path] = set()

    # ------------------------------------------------------------------ keys

    def _processed_files(self) -> dict[str, str]:
        return {f"processed/{p.relative_to(self.processed).as_posix()}": io.sha256_file(p)
                for p in sorted(self.processed.rglob("*"))
                if p.is_file() and self.folder not in p.parents}

    def _tables(self) -> dict[str, str]:
        """Every table published so far, by name, with its file's hash."""
        return {p.stem: io.sha256_file(p) for p in sorted(self.run.tables.glob("*.csv"))
                if p.is_file()}

    def key(self, stage: str) -> str:
        """The stage's key now: its notebook, the run's fixed parts and the processed data.

        The published tables are not in it: the entry holds the ones the stage read.
        """
        return digest({"stage": stage, "notebook": self.notebooks[stage], "run": self.fixed,
                       "files": self._processed_files()})

    # ------------------------------------------------------------------ one stage

    def _outputs(self, stage: str) -> dict[str, tuple[int, int, int]]:
        places = [("tables", self.run.tables), ("figures", self.run.figures),
                  (CELLS, self.processed / CELLS)]
        found = {f"{kind}/{p.name}": p for kind, folder in places for p in folder.glob("*")
                 if p.is_file() and not p.name.startswith(".")}
        notebook = self.run.notebooks / f"{stage}.ipynb"
        if notebook.is_file():
            found[f"notebooks/{notebook.name}"] = notebook
        return {name: (s.st_size, s.st_mtime_ns, s.st_ino)
                for name, s in ((name, p.stat()) for name, p in found.items())}

    def _place(self, name: str) -> Path:
        kind, file = name.split("/", 1)
        base = self.processed if kind in _IN_PROCESSED else self.run.run_dir
        return base / kind / file

    def run_or_reuse(self, stage: str, execute: Callable[[str], float]) -> float:
        """Restore the stage's outputs when an entry fits, else run it and store them.

        Returns
        -------
        float
            Seconds taken: the stage's run, or copying its outputs back.
        """
        if stage not in self.notebooks:  # no notebook: let the stage say so
            return execute(stage)
        key = self.key(stage)
        self.keys[stage] = key
        tables = self._tables()  # as the stage finds them: what it reads is judged by these
        entry = self._entry(stage, key, tables) if self.look else None
        if entry is not None:
            started = time.perf_counter()
            self._restore(entry)
            self.reused[stage] = True
            self._kept.add(self.folder / stage / key)
            return time.perf_counter() - started
        before = self._outputs(stage)
        seconds = execute(stage)
        self._store(stage, key, before, seconds, tables)
        self.reused[stage] = False
        return seconds

    def _entry(self, stage: str, key: str, tables: dict[str, str]) -> dict | None:
        folder = self.folder / stage / key
        if not (folder / ENTRY).is_file():
            return None
        try:
            entry = io.read_json(folder / ENTRY)
        except Exception:  # noqa: BLE001 - a broken entry is one not to use
            return None
        if field_digests(self.config, list(entry.get("config", {}))) != entry.get("config"):
            return None
        if ("tables" not in entry
                or table_digests(tables, list(entry["tables"])) != entry["tables"]):
            return None
        stored = {name: folder / "files" / name for name in entry.get("files", {})}
        if any(not p.is_file() or io.sha256_file(p) != entry["files"][name]
               for name, p in stored.items()):
            return None
        return {**entry, "folder": folder}

    def _restore(self, entry: dict) -> None:
        for name in entry["files"]:
            target = self._place(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry["folder"] / "files" / name, target)
            if name.startswith("notebooks/"):
                self._parameterise(target)
        for name in entry.get("removed", []):
            self._place(name).unlink(missing_ok=True)

    def _store(self, stage: str, key: str, before: dict, seconds: float,
               tables: dict[str, str]) -> None:
        after = self._outputs(stage)
        changed = sorted(name for name, seen in after.items() if before.get(name) != seen)
        folder = self.folder / stage / key
        if folder.exists():
            shutil.rmtree(folder)
        files = {}
        for name in changed:
            copy = folder / "files" / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self._place(name), copy)
            files[name] = io.sha256_file(copy)
        reads = self.reads()
        entry = {"stage": stage, "key": key, "seconds": round(seconds, 2), "files": files,
                 "removed": sorted(set(before) - set(after)),
                 "config": field_digests(self.config, reads["config"]),
                 "tables": table_digests(tables, reads["tables"])}
        io.write_json(entry, folder / ENTRY)
        self._kept.add(folder)

    def _parameterise(self, notebook: Path) -> None:
        """Give a restored executed notebook this run's parameters, as papermill injected them."""
        import nbformat
        from papermill.translators import translate_parameters

        executed = nbformat.read(notebook, as_version=4)
        for cell in executed.cells:
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                cell.source = translate_parameters("python3", "python", self.parameters,
                                                   "Parameters")
        executed.metadata.setdefault("papermill", {})["parameters"] = self.parameters
        nbformat.write(executed, notebook)

    # ------------------------------------------------------------------ the run

    def prune(self) -> None:
        """Remove the entries this run neither made nor used."""
        if not self.folder.is_dir():
            return
        for stage in self.folder.iterdir():
            for entry in (stage.iterdir() if stage.is_dir() else []):
                if entry not in self._kept:
                    shutil.rmtree(entry, ignore_errors=True)
            if stage.is_dir() and not any(stage.iterdir()):
                stage.rmdir()

    def record(self) -> dict[str, dict[str, Any]]:
        """Per stage, its key and whether its last pass was reused, for the manifest."""
        return {stage: {"key": key, "reused": self.reused.get(stage, False)}
                for stage, key in self.keys.items()}
