"""Running an evaluation: read and check the input, run the stage notebooks, write the report.

One run works in a hidden staging folder (``reports/.<run-id>.partial``) and
moves it into place as ``reports/<run-id>`` only when every stage succeeded and
the report and manifest are written. A failed run therefore never replaces an
earlier successful one, and never leaves a ``report.html`` behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import pandas as pd

from evalkit import __version__, io, labels
from evalkit.config import RunConfig, config_as_dict, read_config, slug
from evalkit.errors import EvalkitError, StageError, SuppressionRetry
from evalkit.kernel import KERNEL_NAME, RunKernel, notebook_modules
from evalkit.manifest import build_manifest, code_files
from evalkit.paths import ProjectPaths, RunPaths
from evalkit.prepare import FRAMEWORK_FILES, PROCESSED_FILES, prepare_run, run_inputs
from evalkit.reuse import StageReuse, digest
from evalkit.stage import CELLS

# Set for this process and so inherited by every kernel it starts.
_KERNEL_ENV = {
    "GX_ANALYTICS_ENABLED": "False",  # Great Expectations telemetry off
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # silence debugpy's frozen-modules notice
    "MPLBACKEND": "Agg",
}


@dataclass
class RunResult:
    """What a successful run produced."""

    run_id: str
    run_dir: Path
    report: Path
    manifest: Path
    stage_seconds: dict[str, float] = field(default_factory=dict)
    #: The run folder already held this very run, so nothing was computed (``unchanged_run``).
    reused: bool = False
    #: Stages whose outputs were copied from an earlier run, nothing they read having changed.
    reused_stages: list[str] = field(default_factory=list)


def git_commit(root: Path) -> str | None:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"],  # untracked files count too
                               cwd=root, capture_output=True, text=True, check=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{commit}-dirty" if dirty else commit


def stage_notebook(source: Path, config: RunConfig, clients: pd.DataFrame | None = None):
    """The stage notebook as it runs: the cells its tags leave out dropped (``evalkit.cells``)."""
    import nbformat

    from evalkit.cells import left_out_by

    notebook = nbformat.read(source, as_version=4)
    notebook.cells = [cell for cell in notebook.cells if left_out_by(cell, config, clients) is None]
    return notebook


def _execute_stage(stage: str, paths: ProjectPaths, staging: Path, parameters: dict,
                   config: RunConfig, clients: pd.DataFrame, kernel: RunKernel) -> float:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = paths.notebook(stage)
    if not source.is_file():
        raise EvalkitError(f"stage notebook {paths.relative(source)} not found; "
                           f"check 'stages' in the config")
    target = RunPaths(staging).notebooks / f"{stage}.ipynb"
    started = time.perf_counter()
    try:
        kernel.prepare_stage()
        papermill.execute_notebook(
            stage_notebook(source, config, clients), str(target), parameters=parameters,
            kernel_name=KERNEL_NAME, km=kernel.manager,
            cwd=str(paths.root), progress_bar=False, log_output=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        evalue = str(exc.evalue).strip().splitlines()[0] if str(exc.evalue).strip() else ""
        said = f"{exc.ename}: {evalue}"
        if not evalue and target.is_file():
            # an EvalkitError in a stage is shown as its one line (stage._short_errors), with
            # no error output for papermill to read: that line is the message
            said = _error_line(target, exc.exec_count) or said
        raise StageError(stage, exc.exec_count, said, paths.relative(target)) from None
    finally:
        if target.is_file():
            _relative_provenance(target, paths.relative(source), f"notebooks/{stage}.ipynb")
    return time.perf_counter() - started


def _error_line(executed: Path, count: int | None) -> str | None:
    """The last line a cell of an executed notebook wrote to stderr (None: it wrote none)."""
    import nbformat

    cell = next((c for c in nbformat.read(executed, as_version=4).cells
                 if c.cell_type == "code" and c.get("execution_count") == count), None)
    lines = [line for output in (cell.get("outputs", []) if cell else [])
             if output.get("name") == "stderr" for line in output.get("text", "").splitlines()
             if line.strip()]
    return lines[-1].strip() if lines else None


def run_environment(paths: ProjectPaths) -> dict:
    """What a run's results rest on besides its inputs: Python, platform, packages, evalkit code.

    The manifest records each; a run is reused only while all are as recorded.
    """
    from evalkit.manifest import environment, package_versions

    return {**environment(), "packages": package_versions(), "code": code_files(paths)}


def stage_reuse(paths: ProjectPaths, config: RunConfig, stages: list[str], clients: pd.DataFrame,
                inputs: dict[str, str], parameters: dict, processed: Path, run_paths: RunPaths,
                reads: Callable[[], list[str]], *, look: bool, environment: dict) -> StageReuse:
    """The run's ``StageReuse``: what every stage's key holds besides the files it can read.

    ``environment`` (``run_environment``) and the input files without the stage
    notebooks (each stage's key holds its own notebook, so editing the
    summary's leaves the other stages reusable).
    """
    notebooks = {stage: digest(stage_notebook(paths.notebook(stage), config, clients))
                 for stage in stages if paths.notebook(stage).is_file()}
    stage_files = {paths.relative(paths.notebook(stage)) for stage in stages}
    shared = {name: sha for name, sha in inputs.items() if name not in stage_files}
    fixed = {**environment, "inputs": shared}
    return StageReuse(processed, run_paths, fixed=fixed, parameters=parameters, notebooks=notebooks,
                      config=config_as_dict(config), reads=reads, look=look)


def _relative_provenance(executed: Path, source: str, within_run: str) -> None:
    """Name the notebook's source and place relatively in papermill's metadata.

    Papermill records the output path as given (absolute) and, for a notebook
    handed over in memory, the whole notebook as its input; an executed
    notebook must name neither a machine's folders nor hold a second copy.
    """
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    recorded = notebook.metadata.get("papermill", {})
    recorded["input_path"], recorded["output_path"] = source, within_run
    nbformat.write(notebook, executed)


def _swap_into_place(staging: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    if old.exists():
        shutil.rmtree(old)


#: How often a run may go again because an earlier table had to hide one more cell.
MAX_ATTEMPTS = 12


def _outputs(run_paths: RunPaths, cells: Path) -> set[Path]:
    return ({p for folder in (run_paths.tables, run_paths.figures) for p in folder.glob("*")}
            | set(cells.glob("*.parquet")))


def run_stages(stages: list[str], execute: Callable[[str], float], staging: Path, cells: Path,
               on_stage=None, on_stage_done=None, reuse: StageReuse | None = None
               ) -> dict[str, float]:
    """Run the stages in order; when a stage found that a table of an earlier stage
    (or an earlier table of its own) must hide more cells, run from that stage again.

    A stage that finds such a cell records it in the register and goes on as if it were
    hidden (``Publisher``); the run settles when a pass of the stages asks for nothing new.

    Parameters
    ----------
    execute : callable
        ``execute(stage)`` runs one stage and returns its seconds: on the run's kernel in a
        run, in this process in ``benchmarks/bench_floor.py``.
    reuse : StageReuse, optional
        Restores a stage's stored outputs instead of running it when nothing it
        reads has changed (``evalkit.reuse``); without it every stage runs.

    Returns
    -------
    dict
        Seconds per stage (of its last run).
    """
    from evalkit import audit

    try:
        if reuse is not None:
            execute = partial(reuse.run_or_reuse, execute=execute)
        return _passes(stages, execute, RunPaths(staging), cells, on_stage, on_stage_done)
    finally:
        audit.end_passes(cells)


def _passes(stages, execute, run_paths, cells, on_stage, on_stage_done) -> dict[str, float]:
    from evalkit import audit

    seconds: dict[str, float] = {}
    made: dict[str, set[Path]] = {}
    first = 0
    for _attempt in range(MAX_ATTEMPTS):
        restart = None
        audit.begin_pass(cells)
        for number in range(first, len(stages)):
            stage = stages[number]
            if on_stage:
                on_stage(stage, number + 1, len(stages))
            before, asked = _outputs(run_paths, cells), audit.forced_count(cells)
            seconds[stage] = execute(stage)
            made[stage] = _outputs(run_paths, cells) - before
            if on_stage_done:
                on_stage_done(stage, seconds[stage])
            new = audit.read_forced(cells)[asked:]
            if new:
                # the earliest stage that published a table asked to hide more
                owner = [next((i for i, s in enumerate(stages[: number + 1])
                               if cells / f"{c['table']}.parquet" in made.get(s, set())), number)
                         for c in new]
                restart = min(owner) if restart is None else min(restart, *owner)
        if restart is None:
            return seconds
        first = restart
        keep = set().union(*(made.get(stage, set()) for stage in stages[:first]))
        for path in _outputs(run_paths, cells) - keep:
            path.unlink()
    raise SuppressionRetry(f"disclosure audit: the tables did not settle in {MAX_ATTEMPTS} "
                           "passes of the stages")


def audit_run(cells: Path, threshold: int, run_paths: RunPaths) -> pd.DataFrame:
    """Audit the disclosure of all the run's tables together, and publish the per-table summary.

    Raises
    ------
    DisclosureError
        Naming each table and cell whose hidden value the tables together pin
        down more narrowly than the threshold allows.
    """
    from evalkit import audit, publish
    from evalkit.errors import DisclosureError

    register = audit.read_cells(cells, remember=False)
    found = audit.intervals(register, threshold)
    exposed = found[found["exposed"]]
    if not exposed.empty:
        named = "; ".join(f"{r.table} row {r.row + 1} column {r.column} "
                          f"(between {r.lower:g} and {r.upper:g})"
                          for r in exposed.head(5).itertuples())
        raise DisclosureError(f"disclosure audit: {len(exposed)} hidden cell(s) can be worked out "
                              f"from the published tables together, to within less than "
                              f"{threshold}: {named}")
    table = audit.summary(register, found, threshold)
    publish.audit_table(table, run_paths.tables)
    return table


def as_of_config(config_path: Path, config: RunConfig, day: date, folder: Path) -> Path:
    """Write the config of an as-of run: the earlier peildatum, the file's own date as export date.

    Returns
    -------
    Path
        ``<folder>/.<run-id>.as-of-<day>.yml``; the run freezes it as its ``config.yml``
        and removes it.

    Raises
    ------
    ConfigError
        When ``day`` lies after the file's date.
    """
    import yaml

    from evalkit import load_yaml
    from evalkit.asof import series_as_of
    from evalkit.config import parse_config
    from evalkit.errors import ConfigError

    if day > config.checked_at:
        raise ConfigError(f"{config_path}: --as-of {day} lies after the file's date "
                          f"{config.checked_at}; an as-of run looks back, never ahead")
    data = load_yaml(Path(config_path).read_text(encoding="utf-8"))
    data.update(reference_date=day, export_date=config.checked_at)
    note = ""
    if config.series is not None:
        # a series ends at the peildatum; as of an earlier day, so do its peildata
        series = series_as_of(config.series, day)
        if series is None:
            del data["series"]
            note = f"; its series left out (no peildatum on or before {day.isoformat()})"
        else:
            data["series"] = series
    parse_config(data, f"{config_path} --as-of {day}")
    text = (f"# {Path(config_path).name} taken as of {day.isoformat()} (evalkit run --as-of)"
            f"{note}\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return io.atomic_write_bytes(folder / f".{config.run_id}.as-of-{day.isoformat()}.yml",
                                 text.encode("utf-8"))


def refuse_other_input(final: Path, config: RunConfig, paths: ProjectPaths) -> None:
    """Refuse to replace a run folder that holds an evaluation of another input file.

    Re-running the same config replaces its run, as it should; a second file
    of the same municipality and peildatum would silently take its place.

    Raises
    ------
    RunExistsError
        Naming the folder, both files, and the two ways out.
    """
    from evalkit.errors import RunExistsError

    manifest = RunPaths(final).manifest
    if not manifest.is_file():
        return
    earlier = io.read_json(manifest).get("config", {}).get("input_file")
    if earlier and earlier != config.input_file:
        raise RunExistsError(
            f"{paths.relative(final)}: already holds the run of {earlier}; this run reads "
            f"{config.input_file}. Give the config its own run_name (for example "
            f"run_name: {config.run_id}-{Path(config.input_file).stem.lower().replace('_', '-')}"
            f"), or pass --replace to overwrite it")


def unchanged_run(final: Path, processed: Path, config: RunConfig, paths: ProjectPaths,
                  stages: list[str], kind: str) -> dict[str, float] | None:
    """The recorded stage times when ``final`` already holds this very run; None otherwise.

    This very run: its sealed manifest records the same kind of run, the same
    resolved config, the same input files (the stage notebooks and national
    figures among them), the same evalkit code, Python, platform and installed
    packages as now, and every output it lists (tables, figures, both editions,
    executed notebooks, processed data) is still as it was written. A config
    that pseudonymises is never reused: whether the key changed cannot be seen
    without reading the file again.
    """
    from evalkit.errors import EvalkitError
    from evalkit.manifest import broken_seal, notebook_fingerprint

    folder = RunPaths(final)
    if config.pseudonymize or not folder.manifest.is_file():
        return None
    try:
        manifest = io.read_json(folder.manifest)
    except EvalkitError:
        return None
    if (not isinstance(manifest, dict) or broken_seal(manifest) or manifest.get("kind") != kind
            or manifest.get("config") != config_as_dict(config)):
        return None
    recorded = run_environment(paths)
    if any(manifest.get(key) != value for key, value in recorded.items()):
        return None
    inputs = {relative: io.sha256_file(paths.resolve(relative))
              for relative in run_inputs(config, paths, stages)}
    if manifest.get("inputs") != inputs:
        return None
    for name, recorded in manifest.get("outputs", {}).items():
        path = processed / Path(name).name if name.startswith("processed/") else final / name
        if not path.is_file():
            return None
        now = (notebook_fingerprint(io.read_json(path)) if name.startswith("notebooks/")
               else io.sha256_file(path))
        if now != recorded:
            return None
    return {name: stage["seconds"] for name, stage in manifest.get("stages", {}).items()}


def run(config_path: Path, paths: ProjectPaths, *,
        on_stage: Callable[[str, int, int], None] | None = None,
        on_stage_done: Callable[[str, float], None] | None = None,
        reports_dir: Path | None = None, processed_dir: Path | None = None,
        replace: bool = False, command: list[str] | None = None,
        config_shown: str | None = None, as_of: date | None = None,
        series: bool = False, force: bool = False, kernel: RunKernel | None = None
        ) -> RunResult:
    """Run a whole evaluation, or its interim series, and write ``reports/<run-id>/``.

    Parameters
    ----------
    config_path : Path
        The YAML configuration.
    paths : ProjectPaths
        The project's folders.
    on_stage, on_stage_done : callable, optional
        Progress callbacks: ``on_stage(stage, number, total)`` before a stage,
        ``on_stage_done(stage, seconds)`` after it.
    reports_dir : Path, optional
        Where run folders go; ``reports/`` of the project by default.
    processed_dir : Path, optional
        Where the processed data goes; ``data/processed/<run-id>/`` by default
        (``evalkit verify`` keeps its re-run in a temporary folder).
    replace : bool
        Replace a run folder that holds an evaluation of another input file
        (refused by default, so that two exports of one date never overwrite
        each other silently).
    command : list of str, optional
        The command line that started the run, for the manifest (``sys.argv``
        by default).
    config_shown : str, optional
        The config's path as the manifest and the report name it; ``verify``
        re-runs from the run folder's copy but names the original.
    as_of : date, optional
        Take the evaluation at this earlier peildatum from the config's file
        (``evalkit run --as-of``): the run's frozen config gets it as
        ``reference_date``, with the config's own date as ``export_date``.
    series : bool
        Run the interim series instead (``evalkit series``): the file is read
        and checked once, the series stages (config ``series.stages``) each
        evaluate every peildatum on one kernel, and the run folder is
        ``reports/<run-id>-series``.
    force : bool
        Recompute every stage: without it a run the run folder already holds
        (``unchanged_run``) is reused as it is, and otherwise each stage whose
        inputs are unchanged is restored from its last run (``evalkit.reuse``).
    kernel : RunKernel, optional
        A kernel kept for several runs (``RunKernel.keep``: a batch worker's); started here
        if it is not running, importing what this run's notebooks name. Without it the run
        starts a kernel of its own and shuts it down after the stages.

    Returns
    -------
    RunResult
        Paths of the run folder, the report and the manifest; ``reused`` when
        nothing needed computing.

    Raises
    ------
    EvalkitError
        A ``ConfigError``, ``InputError`` or ``StageError`` with one clear message.
    """
    started = datetime.now(UTC).replace(microsecond=0).isoformat()
    config = read_config(config_path)
    reports = reports_dir or paths.reports
    if series and config.series is None:
        from evalkit.errors import ConfigError

        raise ConfigError(f"{paths.relative(Path(config_path))}: has no series block; give the "
                          "peildata of the interim series (series: {every: 6, start: "
                          "YYYY-MM-DD}, or series: {peildata: [...]})")
    if as_of is not None:
        config_shown = config_shown or paths.relative(config_path)
        config_path = as_of_config(config_path, config, as_of, reports)
        config = read_config(config_path)
    run_id = f"{config.run_id}-series" if series else config.run_id
    stages = list(config.series.stages if series else config.stages)
    staging = reports / f".{run_id}.partial"
    final = reports / run_id
    processed = processed_dir or paths.processed_dir(run_id)
    reused = None if force else unchanged_run(final, processed, config, paths, stages,
                                               "series" if series else "evaluation")
    if reused is not None:
        if as_of is not None:
            Path(config_path).unlink(missing_ok=True)
        done = RunPaths(final)
        return RunResult(run_id, final, done.report, done.manifest, reused, reused=True)
    if not replace:
        refuse_other_input(final, config, paths)
    if staging.exists():
        shutil.rmtree(staging)
    run_paths = RunPaths(staging)
    os.environ.update(_KERNEL_ENV)
    # The kernel starts and imports its libraries while this process reads and checks the input.
    modules = notebook_modules([stage_notebook(paths.notebook(s), config)
                                for s in stages if paths.notebook(s).is_file()])
    if kernel is None:
        kernel = RunKernel(paths.root, run_paths.logs / "kernel.log", modules)
    elif kernel.manager is None:
        kernel.modules = modules
    with kernel:
        # Read, guard, map and check the input once, here; the stages read what this writes.
        try:
            loaded = prepare_run(config_path, config, paths, run_paths, processed)
        except BaseException:
            kernel.shutdown(now=True)
            shutil.rmtree(staging, ignore_errors=True)  # only the kernel's log was in it, if any
            raise
        finally:
            if as_of is not None:  # frozen in the run folder now, or the run failed
                Path(config_path).unlink(missing_ok=True)
        if as_of is not None:
            config_path = run_paths.config_copy

        parameters = {
            "config_path": paths.relative(config_path),
            "run_dir": paths.relative(staging),
            "processed_dir": paths.relative(processed),
        }
        inputs = {relative: io.sha256_file(paths.resolve(relative))
                  for relative in run_inputs(config, paths, stages)}
        recorded = run_environment(paths)
        reuse = stage_reuse(paths, config, stages, loaded.clients, inputs, parameters,
                            processed, run_paths, kernel.stage_reads, look=not force,
                            environment=recorded)
        seconds = run_stages(
            stages, lambda stage: _execute_stage(stage, paths, staging, parameters, config,
                                                 loaded.clients, kernel),
            staging, processed / CELLS, on_stage, on_stage_done, reuse)

    from evalkit.manifest import REPORTED_PACKAGES, notebook_fingerprint, package_versions
    from evalkit.report import appendices_html, build_report, report_order

    audited = audit_run(processed / CELLS, config.disclosure_threshold, run_paths)

    lang = config.lang
    order = report_order(stages)
    commit = git_commit(paths.root)
    config_file = {"path": config_shown or paths.relative(config_path),
                   "sha256": io.sha256_file(config_path)}
    provenance = {"run_id": run_id, "commit": commit, "python": sys.version.split()[0],
                  "config": config_file, "inputs": inputs,
                  "packages": package_versions(REPORTED_PACKAGES)}
    frame = dict(
        lang=lang,
        subtitle=_subtitle(config, lang, series),
        synthetic=config.synthetic,
        threshold=config.disclosure_threshold,
        footer=labels.t("report.generated", lang, version=__version__, run_id=run_id),
        appendices=appendices_html(lang, order, provenance, audited),
    )
    notebooks = [run_paths.notebooks / f"{s}.ipynb" for s in order]
    title = labels.t("report.series_title" if series else "report.title", lang)
    document = build_report(notebooks, title=title, **frame)
    io.atomic_write_bytes(run_paths.report, document.encode("utf-8"))
    # Links from reports/<run>/ in the project's layout, wherever this run is written, so that
    # verify's re-run in a scratch folder makes the same bytes.
    root_href = Path(os.path.relpath(paths.root, paths.reports / run_id)).as_posix()
    method = build_report(notebooks, title=f"{title} \u2013 {labels.t('report.method_edition', lang)}",
                          edition="method", root_href=root_href, **frame)
    io.atomic_write_bytes(run_paths.method_report, method.encode("utf-8"))

    outputs = {p.relative_to(staging).as_posix(): io.sha256_file(p)
               for folder in (run_paths.tables, run_paths.figures)
               for p in sorted(folder.glob("*")) if p.is_file()}
    outputs.update({f"processed/{name}": io.sha256_file(processed / name)
                    for name in PROCESSED_FILES + FRAMEWORK_FILES if (processed / name).is_file()})
    outputs["report.html"] = io.sha256_file(run_paths.report)
    outputs["report_method.html"] = io.sha256_file(run_paths.method_report)
    outputs.update({f"notebooks/{p.name}": notebook_fingerprint(io.read_json(p))
                    for p in sorted(run_paths.notebooks.glob("*.ipynb"))})
    manifest = build_manifest(
        run_id=run_id,
        kind="series" if series else "evaluation",
        config=config_as_dict(config),
        config_file=config_file,
        inputs=inputs,
        outputs=outputs,
        code=recorded["code"],
        stage_seconds=seconds,
        stage_reuse=reuse.record(),
        git_commit=commit,
        started=started,
        created=datetime.now(UTC).replace(microsecond=0).isoformat(),
        command=list(sys.argv if command is None else command),
    )
    io.write_json(manifest, run_paths.manifest)

    _swap_into_place(staging, final)
    reuse.prune()
    done = RunPaths(final)
    return RunResult(run_id, final, done.report, done.manifest, seconds,
                     reused_stages=[stage for stage, again in reuse.reused.items() if again])


def _subtitle(config: RunConfig, lang: str, series: bool) -> str:
    """The report's subtitle: the municipality and its peildatum, or the series' peildata."""
    if series:
        from evalkit.series import peildata

        days = peildata(config.series, config.reference_date)
        return labels.t(f"report.series_subtitle_{config.area}", lang,
                        municipality=config.municipality, n=len(days),
                        first=labels.format_date(days[0], lang),
                        last=labels.format_date(days[-1], lang))
    return (labels.t(f"report.subtitle_{config.area}", lang, municipality=config.municipality,
                     reference_date=labels.format_date(config.reference_date, lang))
            + (labels.t("report.as_of", lang,
                        export_date=labels.format_date(config.checked_at, lang))
               if config.as_of else ""))


def published_tables(run_paths: RunPaths) -> dict[str, pd.DataFrame]:
    """Every table a run folder published, by name, as text."""
    return {p.stem: io.read_table(run_paths.tables, p.stem)
            for p in sorted(run_paths.tables.glob("*.csv"))}


@dataclass
class Comparison:
    """Two runs side by side (``compare_runs``)."""

    old: str
    new: str
    same_input: bool
    headlines: pd.DataFrame
    revisions: pd.DataFrame | None
    folder: Path


def compare_runs(old_dir: Path, new_dir: Path, paths: ProjectPaths, *, threshold: int | None = None
                 ) -> Comparison:
    """Compare two run folders and write ``reports/compare-<old>--<new>/``.

    The headline figures come from each run's published tables. When the runs
    read different input files, the revisions come from their processed data
    (``data/processed/<run-id>/clients.parquet``, pseudonyms only), counted by
    kind and protected with the disclosure threshold (the larger of the two
    runs' unless given).

    Raises
    ------
    EvalkitError
        When a folder is not a run folder, or its processed data is missing.
    """
    from evalkit import compare, publish
    from evalkit.prepare import PROCESSED_NAME

    runs = []
    for folder in (old_dir, new_dir):
        run_paths = RunPaths(folder)
        if not run_paths.manifest.is_file():
            raise EvalkitError(f"{paths.relative(folder)}: not a run folder (no manifest.json)")
        runs.append((io.read_json(run_paths.manifest), published_tables(run_paths)))
    (old_m, old_t), (new_m, new_t) = runs
    file_of = [m["config"]["input_file"] for m in (old_m, new_m)]
    digest = [m["inputs"].get(f) for m, f in zip((old_m, new_m), file_of, strict=True)]
    same = file_of[0] == file_of[1] and digest[0] == digest[1]
    limit = threshold or max(m["config"]["disclosure_threshold"] for m in (old_m, new_m))
    found = None
    if not same:
        frames = []
        for manifest in (old_m, new_m):
            processed = paths.processed_dir(manifest["run_id"]) / PROCESSED_NAME
            if not processed.is_file():
                raise EvalkitError(f"{paths.relative(processed)}: the processed data of run "
                                   f"{manifest['run_id']} is missing; run it again to compare "
                                   "its file")
            frames.append(io.read_parquet(processed))
        old_day = date.fromisoformat(old_m["config"]["reference_date"])
        found = compare.revisions(frames[0], frames[1], old_day)
    target = paths.reports / f"compare-{old_m['run_id']}--{new_m['run_id']}"
    target.mkdir(parents=True, exist_ok=True)
    headlines = compare.headline_figures(old_t, new_t)
    found = publish.comparison_tables(headlines, found, target, limit)
    return Comparison(old_m["run_id"], new_m["run_id"], same, headlines, found, target)


@dataclass
class BatchResult:
    """What ``run_batch`` did: every evaluation's outcome, and the comparison across them."""

    batch_id: str
    folder: Path
    outcomes: pd.DataFrame
    report: Path | None

    @property
    def failed(self) -> pd.DataFrame:
        return self.outcomes[self.outcomes["status"] == "failed"]


def batch_members(target: Path, paths: ProjectPaths) -> tuple[str, list[dict]]:
    """The evaluations of a batch: one per municipality of a regional file, or per config.

    A config whose file holds several municipality codes gives one evaluation
    per code: the file is read and checked here, once, so a bad file stops the
    batch before anything runs; each municipality's config is written to
    ``reports/batch-<run-id>/configs/``. A folder gives one evaluation per
    ``*.yml`` in it, run as it is; one that cannot be read is a failed member.

    Returns
    -------
    batch_id, members : str, list of dict
        Each member: ``member`` (its name), ``municipality_code``, ``config``
        (path) and, when it cannot run, ``reason``.

    Raises
    ------
    ConfigError, InputError, PrivacyError
        When a regional config or its file is wrong, or the folder has no configs.
    """
    import yaml

    from evalkit import batch
    from evalkit.config import read_config_data
    from evalkit.errors import ConfigError
    from evalkit.prepare import load_clients, read_suite

    target = Path(target)
    if target.is_dir():
        configs = sorted(target.glob("*.yml")) + sorted(target.glob("*.yaml"))
        if not configs:
            raise ConfigError(f"{paths.relative(target)}: no configs (*.yml) in this folder")
        members, folders = [], {}
        for path in configs:
            member = {"member": path.stem, "config": path, "municipality_code": ""}
            try:
                config = read_config(path)
            except EvalkitError as exc:
                member["reason"] = str(exc)
            else:
                member["municipality_code"] = config.municipality_code
                if config.run_id in folders:  # two runs writing one folder would spoil both
                    member["reason"] = (f"{paths.relative(path)}: writes the same run folder "
                                        f"(reports/{config.run_id}) as {folders[config.run_id]}; "
                                        "give one of them a run_name")
                folders.setdefault(config.run_id, paths.relative(path))
            members.append(member)
        return f"batch-{slug(target.resolve().name)}", members

    config = read_config(target)
    data = read_config_data(target)
    whole = config.model_copy(update={"select_municipality": None})
    loaded = load_clients(paths.resolve(config.input_file), whole, read_suite(paths),
                          shown_as=config.input_file)
    codes = (sorted(loaded.clients["municipality_code"].dropna().unique())
             if "municipality_code" in loaded.clients else [])
    if len(codes) < 2:
        raise ConfigError(f"{paths.relative(target)}: {config.input_file} holds "
                          f"{len(codes)} municipality code(s); a batch needs a regional file "
                          "(a municipality_code column with several codes) or a folder of configs")
    names = io.read_csv_table(paths.municipalities).set_index("municipality_code")["name"]
    batch_id = f"batch-{config.run_id}"
    folder = paths.reports / batch_id / "configs"
    members = []
    for code in codes:
        name = str(names.get(code, code))
        derived = batch.municipality_config(data, code, name)
        text = (f"# {name} ({code}) from {paths.relative(target)} (evalkit batch)\n"
                + yaml.safe_dump(derived, sort_keys=False, allow_unicode=True))
        path = io.atomic_write_bytes(folder / f"{code}.yml", text.encode("utf-8"))
        members.append({"member": name, "municipality_code": code, "config": path})
    return batch_id, members


#: The kernel of a batch worker process, kept for all the evaluations it runs (``_batch_run``).
_WORKER_KERNEL: RunKernel | None = None


def _worker_kernel(paths: ProjectPaths, logs: Path) -> RunKernel:
    """This worker's kept kernel, made on its first evaluation and shut down as it exits.

    Starting a kernel and importing the libraries costs some 3 s of CPU an evaluation,
    which a batch pays on cores its other workers keep busy. The kernel is cleared before
    every stage as in a run of its own (``kernel.fresh_namespace``), so each evaluation's
    outputs are those of a kernel of its own; after a failed evaluation it is shut down,
    and the next starts a new one. Its messages go to the batch folder's ``logs/``.
    """
    global _WORKER_KERNEL
    if _WORKER_KERNEL is None:
        from multiprocessing import util

        log = logs / f"kernel-{os.getpid()}.log"
        _WORKER_KERNEL = RunKernel(paths.root, log, [], keep=True,
                                   log_shown=paths.relative(log))
        # a pool's worker leaves through os._exit: atexit would not run, Finalize does
        util.Finalize(_WORKER_KERNEL, _WORKER_KERNEL.shutdown, exitpriority=10)
    return _WORKER_KERNEL


def _batch_run(config: str, root: str, force: bool, logs: str) -> dict:
    """One evaluation of a batch, in a worker process: its outcome, never an exception."""
    import traceback

    from evalkit import lighten_command

    lighten_command()  # a spawned worker starts afresh, as the command did
    paths = ProjectPaths.discover(Path(root))
    began = time.perf_counter()
    try:
        result = run(Path(config), paths, force=force,
                     command=["evalkit", "batch", paths.relative(Path(config))],
                     kernel=_worker_kernel(paths, Path(logs)))
    except EvalkitError as exc:
        return {"status": "failed", "reason": str(exc)}
    except Exception as exc:  # a bug in one evaluation must not stop the others
        return {"status": "failed", "reason": f"internal error, {type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc()}
    return {"status": "reused" if result.reused else "done", "run_id": result.run_id,
            "seconds": time.perf_counter() - began}


def run_batch(target: Path, paths: ProjectPaths, *, jobs: int | None = None,
              force: bool = False, on_start: Callable[[int], None] | None = None,
              on_done: Callable[[dict], None] | None = None) -> BatchResult:
    """Run every evaluation of a batch on all cores, then compare them in one report.

    Each evaluation is a whole ``run`` (its own run folder, manifest and report) in a
    pool of ``jobs`` worker processes (all cores by default); a worker keeps one kernel
    for the evaluations it runs (``_worker_kernel``). A failed evaluation is one line in
    the batch's account; the others go on.
    The batch folder ``reports/<batch-id>/`` gets ``batch_runs.csv`` (every
    evaluation, done, reused or failed with its reason), the comparison tables
    (``tables/comparison_<indicator>.csv``, ``tables/comparison_funnel.csv``),
    the funnel plot and ``comparison.html``, written last.

    Parameters
    ----------
    target : Path
        A regional config, or a folder of configs.
    jobs : int, optional
        Evaluations at the same time; ``os.cpu_count()`` by default.
    force : bool
        Recompute every evaluation, even one unchanged since its last run.
    on_start, on_done : callable, optional
        ``on_start(total)`` once the members are known; ``on_done(outcome)``
        as each evaluation ends (the row of ``batch_runs.csv``, as a dict).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from evalkit import batch

    batch_id, members = batch_members(Path(target), paths)
    folder = paths.reports / batch_id
    if on_start:
        on_start(len(members))
    rows: dict[int, dict] = {}
    logs = folder / "logs"

    def finish(number: int, found: dict) -> None:
        member = members[number]
        rows[number] = {"member": member["member"],
                        "municipality_code": member["municipality_code"],
                        "config": paths.relative(Path(member["config"])),
                        "run_id": found.get("run_id", ""), "status": found["status"],
                        "seconds": found.get("seconds"), "reason": found.get("reason", "")}
        if "traceback" in found:
            io.atomic_write_bytes(logs / f"{slug(member['member'])}.log",
                                  found["traceback"].encode("utf-8"))
        if on_done:
            on_done(rows[number])

    runnable = [i for i, m in enumerate(members) if "reason" not in m]
    for number in (i for i, m in enumerate(members) if "reason" in m):
        finish(number, {"status": "failed", "reason": members[number]["reason"]})
    workers = max(1, min(jobs or os.cpu_count() or 1, len(runnable) or 1))
    # spawn, not fork: the parent may hold threads (the progress display) a fork would copy
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(_batch_run, str(members[i]["config"]), str(paths.root), force,
                               str(logs)): i
                   for i in runnable}
        for future in as_completed(futures):
            try:
                found = future.result()
            except Exception as exc:  # the worker itself died (out of memory, killed)
                found = {"status": "failed", "reason": f"the worker process stopped: {exc}"}
            finish(futures[future], found)

    table = batch.outcomes([rows[i] for i in range(len(members))])
    report = batch_comparison(folder, table, paths)
    return BatchResult(batch_id, folder, table, report)


def batch_comparison(folder: Path, outcomes: pd.DataFrame, paths: ProjectPaths) -> Path | None:
    """Write a batch's account and, when two or more runs succeeded, its comparison report.

    Returns
    -------
    Path or None
        ``comparison.html``, or None when fewer than two evaluations can be compared.
    """
    from evalkit import batch, figures, national, publish
    from evalkit.report import document_from_html

    tables_dir = folder / "tables"
    (folder / "comparison.html").unlink(missing_ok=True)
    publish.batch_account(outcomes, folder)
    runs, configs = [], []
    for row in outcomes[outcomes["status"] != "failed"].itertuples(index=False):
        run_paths = RunPaths(paths.reports / row.run_id)
        configs.append(read_config(run_paths.config_copy))
        runs.append((row.municipality_code, configs[-1].municipality,
                     published_tables(run_paths)))
    if len(runs) < 2:
        return None
    lang, threshold = configs[0].lang, max(c.disclosure_threshold for c in configs)
    compared = batch.comparison(runs)
    counts, left_out = batch.funnel_counts(compared, threshold)
    funnel = national.funnel_limits(counts) if len(counts) >= 2 else None
    figure = None
    if funnel is not None:
        table, p0 = funnel
        figure = figures.funnel_plot(
            table["people"], table["share"], p0, lang=lang,
            xlabel=labels.t("axis.people", lang), ylabel=labels.t("axis.share_left_work", lang),
            labels=table["municipality"].tolist(), mean_label=labels.t("bm.mean", lang),
            limit_labels=(labels.t("bm.limit_95", lang), labels.t("bm.limit_998", lang)))
    drawn = batch.interval_rows(compared, batch.DRAWN)
    dots = (figures.interval_dots(drawn, xlabel=labels.t(f"headline.{batch.DRAWN}", lang))
            if drawn else None)
    parts = publish.batch_tables(compared, outcomes, funnel, figure, dots, tables_dir,
                                 folder / "figures", lang=lang, left_out=left_out)
    title = labels.t("batch.title", lang)
    subtitle = labels.t("batch.subtitle", lang, n=len(runs), total=len(outcomes),
                        reference_date=", ".join(sorted({labels.format_date(c.reference_date, lang)
                                                         for c in configs})))
    document = document_from_html(parts, lang=lang, title=title, subtitle=subtitle,
                                  synthetic=any(c.synthetic for c in configs),
                                  threshold=threshold,
                                  footer=labels.t("batch.footer", lang, version=__version__,
                                                  batch_id=folder.name))
    return io.atomic_write_bytes(folder / "comparison.html", document.encode("utf-8"))
