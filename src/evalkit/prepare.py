"""The input, read once: read, guard, map, parse and check the monitoring file, and keep the result.

The run's own process does this once, before any stage starts: the privacy
guard, the header and label mapping, the parsing and the Great Expectations
suite. ``write_processed`` keeps what passed in ``data/processed/<run>/``:
the clients, the check results, the per-person facts at the peildatum
(``evalkit.facts``) and a short account of what was done. The stages read
that (``read_processed``) and never read the raw file themselves.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from evalkit import checks, io
from evalkit.config import RunConfig
from evalkit.errors import InputError
from evalkit.paths import ProjectPaths, RunPaths

SUITE_FILE = "clients.json"

#: The files of the processed data of one run (``data/processed/<run-id>/``).
PROCESSED_NAME = "clients.parquet"
CHECKS_NAME = "checks.parquet"
FACTS_NAME = "facts.parquet"
ACCOUNT_NAME = "input.json"
PROCESSED_FILES = (PROCESSED_NAME, CHECKS_NAME, FACTS_NAME, ACCOUNT_NAME)
#: The framework stage's inputs, when a run has them (``prepare_framework``).
FRAMEWORK_TABLES_NAME = "framework_tables.parquet"
SIGNALS_NAME = "signals.parquet"
SIGNALS_CHECKS_NAME = "signals_checks.parquet"
FRAMEWORK_FILES = (FRAMEWORK_TABLES_NAME, SIGNALS_NAME, SIGNALS_CHECKS_NAME)


@dataclass
class LoadedClients:
    """The checked clients of one monitoring file, and what was done to get them."""

    clients: pd.DataFrame
    results: pd.DataFrame
    dropped_columns: tuple[str, ...] = ()
    invalid_bsn: int = 0
    unknown_headers: tuple[str, ...] = ()
    reference_date: date | None = None

    @property
    def pseudonymised(self) -> bool:
        return bool(self.dropped_columns) or self.invalid_bsn > 0


def latest_date(clients: pd.DataFrame) -> date:
    """The latest date anywhere in the file: the peildatum a file implies when no config gives one."""
    from evalkit.schema import DATE_COLUMNS

    dates = [clients[c].max() for c in DATE_COLUMNS if c in clients and clients[c].notna().any()]
    return max(dates).date()


def load_clients(path: Path, config: RunConfig, suite: dict, *, shown_as: str | None = None,
                 stop_on_critical: bool = True, reference_from_file: bool = False
                 ) -> LoadedClients:
    """Read, guard, map, parse and check a monitoring file, all in memory.

    The order matters for privacy: identifiers are found and removed (or the
    file refused) before any value is parsed, checked or written.

    Parameters
    ----------
    path : Path
        The monitoring file.
    config : RunConfig
        Reference date, sheet, aliases and pseudonymisation settings.
    suite : dict
        The expectation suite in its JSON form (``io.read_json``).
    shown_as : str, optional
        How to name the file in messages; the path as given by default.
    stop_on_critical : bool
        Raise on the first failing critical check (a run); False leaves that
        to the caller, which shows every result first (``evalkit check``).
    reference_from_file : bool
        Check at the file's own latest date instead of the config's
        reference date (``evalkit check`` without a config).

    Returns
    -------
    LoadedClients

    Raises
    ------
    InputError
        When the file cannot be read or a critical check fails.
    PrivacyError
        When the file holds identifiers and pseudonymisation is off or has no key.
    """
    from evalkit import privacy

    file = shown_as or str(path)
    raw = io.read_raw(path, shown_as=file, sheet=config.sheet, aliases=config.column_aliases)
    if raw.empty:
        raise InputError(file, "the file has a header but no rows", expected="one row per person")
    findings = privacy.find_identifiers(raw)
    dropped: tuple[str, ...] = ()
    invalid = 0
    if findings:
        if not config.pseudonymize:
            raise privacy.refusal(findings, file)
        key = os.environ.get(config.pseudonym_key_env, "")
        if not key:
            raise privacy.PrivacyError(
                f"{file}: pseudonymize is on but the environment variable "
                f"{config.pseudonym_key_env} holds no key; set it to a long secret and keep it "
                f"out of the repository")
        lookup = io.header_lookup(config.column_aliases)
        id_header = next((c for c in raw.columns
                          if lookup.get(io.normal_header(c)) == "client_id"), "client_id")
        done = privacy.pseudonymise(raw, findings, key.encode("utf-8"), id_column=id_header)
        raw, dropped, invalid = done.frame, done.dropped, done.invalid_bsn
    unknown = io.unknown_headers(raw, config.column_aliases)
    mapped = io.map_headers(raw, file, config.column_aliases)
    checks.require_columns(list(mapped.columns), file, unknown)
    clients = io.parse_contract(mapped, file, value_aliases=config.value_aliases)
    reference_date = latest_date(clients) if reference_from_file else config.checked_at
    results = checks.run_checks(clients, reference_date, suite)
    if stop_on_critical:
        checks.raise_on_critical(results, file)
    if config.as_of and not reference_from_file:
        # The file passed at its own date; the run sees it as it was on the peildatum, and its
        # check results are those of that earlier export (docs/methods.md, "Interim evaluations").
        from evalkit.asof import as_of

        clients = as_of(clients, config.reference_date).reset_index(drop=True)
        if clients.empty:
            from evalkit.errors import ConfigError

            raise ConfigError(f"{file}: as of {config.reference_date} the file holds nobody yet "
                              "(nobody was housed on or before that day); choose a later "
                              "--as-of date")
        reference_date = config.reference_date
        results = checks.run_checks(clients, reference_date, suite)
    if config.select_municipality and not reference_from_file:
        clients = select_municipality(clients, config.select_municipality, file)
        # the checks a municipality's report shows are about its own rows
        results = checks.run_checks(clients, reference_date, suite)
    return LoadedClients(clients, results, dropped, invalid, tuple(unknown), reference_date)


def select_municipality(clients: pd.DataFrame, code: str, file: str) -> pd.DataFrame:
    """The rows of one municipality of a checked regional file, numbered afresh.

    Raises
    ------
    InputError
        When the file has no ``municipality_code`` column, or no row with ``code``.
    """
    if "municipality_code" not in clients or clients["municipality_code"].isna().all():
        raise InputError(file, "select_municipality is set but the file has no municipality "
                         "codes", column="municipality_code",
                         expected="the CBS code of each person's municipality, such as GM0772")
    mine = clients["municipality_code"].eq(code).fillna(False).to_numpy(dtype=bool)
    if not mine.any():
        found = ", ".join(sorted(clients["municipality_code"].dropna().unique())[:8])
        raise InputError(file, f"no row has municipality code {code} (select_municipality); "
                         f"the file has {found}", column="municipality_code",
                         expected=f"rows of {code}")
    return clients[mine].reset_index(drop=True)


def read_suite(paths: ProjectPaths) -> dict:
    """The clients expectation suite of the project, in its JSON form."""
    return io.read_json(paths.expectations / SUITE_FILE)


@dataclass(frozen=True)
class ProcessedData:
    """What the stages read: the checked clients, the check results, the facts, the account."""

    clients: pd.DataFrame
    checks: pd.DataFrame
    facts: pd.DataFrame
    account: dict


def write_processed(loaded: LoadedClients, config: RunConfig, folder: Path) -> dict[str, Path]:
    """Write the processed data of a run into ``folder`` (``data/processed/<run-id>/``).

    Returns
    -------
    dict
        File name to path, for the manifest.
    """
    from evalkit.facts import person_facts

    clients = io.processed_frame(loaded.clients)
    facts = person_facts(clients, config.reference_date, config.outflow_origin)
    results = loaded.results.astype({"passed": "boolean", "failing": "Int64", "share": "Float64"})
    account = {"input_file": config.input_file, "rows": len(clients),
               "reference_date": config.reference_date.isoformat(),
               "export_date": config.checked_at.isoformat(),
               "pseudonymised": loaded.pseudonymised,
               "dropped_columns": len(loaded.dropped_columns), "invalid_bsn": loaded.invalid_bsn}
    return {PROCESSED_NAME: io.write_parquet(clients, folder / PROCESSED_NAME),
            CHECKS_NAME: io.write_parquet(results, folder / CHECKS_NAME),
            FACTS_NAME: io.write_parquet(facts, folder / FACTS_NAME),
            ACCOUNT_NAME: io.write_json(account, folder / ACCOUNT_NAME)}


#: The processed data last read, under its folder and its files' identities (``io.identity``).
_LAST_READ: dict = {}


def read_processed(folder: Path) -> ProcessedData:
    """Read the processed data ``write_processed`` wrote.

    Every stage of a run reads the same files in the run's one kernel: they are
    read once while they stay the same files, and each call gets copies of its
    own, as a fresh read gives (a stage may change its frames; the next stage
    must not see that). At 300,000 people a read took half a second a stage.
    """
    import copy

    key = (Path(folder), tuple(io.identity(Path(folder) / name) for name in PROCESSED_FILES))
    if _LAST_READ.get("key") != key:
        _LAST_READ.clear()
        _LAST_READ.update(key=key, data=ProcessedData(io.read_parquet(folder / PROCESSED_NAME),
                                                      io.read_parquet(folder / CHECKS_NAME),
                                                      io.read_parquet(folder / FACTS_NAME),
                                                      io.read_json(folder / ACCOUNT_NAME)))
    data = _LAST_READ["data"]
    return ProcessedData(data.clients.copy(), data.checks.copy(), data.facts.copy(),
                         copy.deepcopy(data.account))


def uses_framework(config: RunConfig, stages: list[str] | None = None) -> bool:
    """True when a run has the framework stage, or its config names a framework input."""
    from evalkit.framework import STAGE

    return (STAGE in (config.stages if stages is None else stages)
            or any((config.framework, config.framework_tables, config.signals_file)))


def framework_path(config: RunConfig, project: ProjectPaths) -> Path:
    """The run's framework file: the config's, or the shipped default."""
    return project.resolve(config.framework) if config.framework else project.default_framework


@dataclass
class FrameworkInputs:
    """The framework, the municipality's own figures and the signals, read and checked."""

    framework: object
    tables: pd.DataFrame | None
    signals: pd.DataFrame | None
    signal_checks: pd.DataFrame | None


def load_framework_inputs(config: RunConfig, project: ProjectPaths) -> FrameworkInputs:
    """Read and validate the framework, its tables and the signals file, all in memory.

    Raises
    ------
    ConfigError
        When the framework file is missing or invalid.
    InputError, PrivacyError
        When a table or the signals file cannot be used, naming file, column and row.
    """
    from evalkit import framework, signals

    path = framework_path(config, project)
    found = framework.read_framework(path, project.relative(path))
    tables = None
    if config.framework_tables:
        file = config.framework_tables
        raw = io.read_raw(project.resolve(file), shown_as=file, headers=(
            {c: c for c in framework.TABLE_COLUMNS},
            ("a framework table", "the headers " + ", ".join(framework.TABLE_COLUMNS))))
        tables = framework.parse_tables(raw, found, file)
    read, results = None, None
    if config.signals_file:
        suite = io.read_json(project.expectations / signals.SUITE_FILE)
        read, results = signals.read_signals(project.resolve(config.signals_file),
                                             config.signals_file, found.domain_by_name(),
                                             config.checked_at, suite)
        read = signals.up_to(read, config.reference_date)
    return FrameworkInputs(found, tables, read, results)


def write_framework_inputs(inputs: FrameworkInputs, folder: Path) -> None:
    """Keep the framework's checked inputs beside the processed clients."""
    for name, frame in ((FRAMEWORK_TABLES_NAME, inputs.tables), (SIGNALS_NAME, inputs.signals),
                        (SIGNALS_CHECKS_NAME, inputs.signal_checks)):
        if frame is None:
            (folder / name).unlink(missing_ok=True)
            continue
        if name == SIGNALS_CHECKS_NAME:
            frame = frame.astype({"passed": "boolean", "failing": "Int64", "share": "Float64"})
        io.write_parquet(frame.reset_index(drop=True), folder / name)


def read_framework_input(folder: Path, name: str) -> pd.DataFrame | None:
    """One of ``FRAMEWORK_FILES`` from the processed data, or None when the run has none."""
    return io.read_parquet(folder / name) if (folder / name).is_file() else None


def prepare_run(config_path: Path, config: RunConfig, project: ProjectPaths, run: RunPaths,
                processed: Path) -> LoadedClients:
    """Read and check the input once and lay out a run: folders, frozen config, processed data.

    The input is read and checked before anything is written, so a bad file
    leaves no folder behind. The cell register of an earlier run in
    ``processed`` is removed: the audit must see this run's tables only.

    Raises
    ------
    InputError, PrivacyError
        As ``load_clients``.
    """
    import shutil

    loaded = load_clients(project.resolve(config.input_file), config, read_suite(project),
                          shown_as=config.input_file)
    extra = load_framework_inputs(config, project) if uses_framework(config) else None
    for folder in (run.tables, run.figures, run.notebooks):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(config_path, run.config_copy)
    if (processed / "cells").exists():
        shutil.rmtree(processed / "cells")
    write_processed(loaded, config, processed)
    if extra is not None:
        write_framework_inputs(extra, processed)
    else:
        for name in FRAMEWORK_FILES:
            (processed / name).unlink(missing_ok=True)
    return loaded


def run_inputs(config: RunConfig, paths: ProjectPaths, stages: list[str] | None = None
               ) -> list[str]:
    """Every file a run reads, relative to the project root: data, checks, references, notebooks.

    The manifest records each with its hash, so that ``evalkit verify`` can
    refuse to compare when one has changed.
    """
    files = [paths.resolve(config.input_file), paths.expectations / SUITE_FILE,
             paths.resolve(config.national_reference or paths.national_reference),
             paths.municipalities]
    if config.reference_case and config.reference_case.published_flows:
        files.append(paths.resolve(config.reference_case.published_flows))
    if uses_framework(config):
        from evalkit.signals import SUITE_FILE as SIGNALS_SUITE

        files += [framework_path(config, paths), paths.expectations / SIGNALS_SUITE]
        files += [paths.resolve(f) for f in (config.framework_tables, config.signals_file) if f]
    files += [paths.notebook(stage) for stage in (config.stages if stages is None else stages)]
    return [paths.relative(f) for f in dict.fromkeys(files) if f.is_file()]


#: The file in a scratch run folder that says what the scratch run was prepared from.
SCRATCH_KEY = ".prepared-from"


def prepare_scratch(config_path: Path, project: ProjectPaths, run: RunPaths,
                    processed: Path, changes: dict | None = None) -> bool:
    """Prepare a scratch run of a config as a run does: folders, frozen config, processed data.

    The scratch run is kept when it was prepared from the same config, the
    same changes and the same input files, so that notebooks opened one after
    the other see each other's tables; anything else prepares it afresh.

    Returns
    -------
    bool
        Whether the scratch run was prepared (False: the one there was reused).
    """
    import hashlib

    import yaml

    from evalkit.config import parse_config, read_config_data, with_changes
    from evalkit.manifest import canonical, code_files

    data = read_config_data(config_path)
    shown = project.relative(config_path)
    if changes:
        data = with_changes(data if isinstance(data, dict) else {}, changes, shown)
    config = parse_config(data, shown)
    digest = hashlib.sha256(yaml.safe_dump(data, sort_keys=True).encode())
    for relative in run_inputs(config, project, stages=[]):  # a notebook edited keeps the run
        digest.update(f"{relative}:{io.sha256_file(project.resolve(relative))}".encode())
    digest.update(canonical(code_files(project)))  # new evalkit code prepares it afresh
    key = run.run_dir / SCRATCH_KEY
    if key.is_file() and key.read_text() == digest.hexdigest() and processed.is_dir():
        return False
    if run.run_dir.exists():
        shutil.rmtree(run.run_dir)
    prepare_run(config_path, config, project, run, processed)
    if changes:
        io.atomic_write_bytes(run.config_copy, (
            f"# {shown}, with the changes of a notebook's parameters cell: {changes}\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)).encode("utf-8"))
    io.atomic_write_bytes(key, digest.hexdigest().encode())
    return True
