"""What a stage notebook works with: one object holding the run's config, paths, data and publisher.

A stage notebook opens with one line, ``st = stage.open_stage(config_path,
run_dir, processed_dir)``, and then reads everything from ``st``: the frozen
config of the run, the processed data (read once by the pipeline, see
``evalkit.prepare``), the per-person facts at the peildatum, and the
``Publisher`` through which every table and figure leaves the stage.

In a run, papermill gives ``run_dir`` and ``processed_dir``. A student who
opens a notebook in JupyterLab and runs it with its defaults gets a scratch
run of ``config_path`` instead (``reports/scratch``), prepared the same way.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from evalkit import labels
from evalkit.config import RunConfig, read_config, record_reads
from evalkit.errors import ConfigError, EvalkitError, StageOrderError
from evalkit.paths import ProjectPaths, RunPaths
from evalkit.prepare import ProcessedData, prepare_scratch, read_processed
from evalkit.publish import Publisher

SCRATCH = "scratch"
CELLS = "cells"

#: The published tables a stage asked for (``Stage.published``) since it opened; None while
#: nobody records.
_TABLES_READ: set[str] | None = None


def record_table_reads(on: bool = True) -> None:
    """Start (anew) or stop recording which published tables a stage asks for.

    ``open_stage`` starts it beside ``config.record_reads``; the run's kernel
    stops both before the next stage (``kernel.fresh_namespace``). Reuse keeps a
    stage's outputs while the tables it asked for are as they were
    (``evalkit.reuse``), whatever happened to the tables it never asked for.
    """
    global _TABLES_READ
    _TABLES_READ = set() if on else None


def recorded_table_reads() -> list[str] | None:
    """The tables asked for since recording started, sorted (found or not); None when not
    recording."""
    return None if _TABLES_READ is None else sorted(_TABLES_READ)


@dataclass
class Stage:
    """The run as one stage sees it.

    Attributes
    ----------
    config : RunConfig
        The run's frozen config (``reports/<run>/config.yml``).
    project : ProjectPaths
        The project's folders.
    run : RunPaths
        The run folder's files.
    data : ProcessedData
        The checked clients, the check results, the facts and the input's account.
    out : Publisher
        The one route to disk, with the run's threshold and language.
    """

    config: RunConfig
    project: ProjectPaths
    run: RunPaths
    data: ProcessedData
    out: Publisher
    processed: Path | None = None

    @property
    def lang(self) -> str:
        return self.config.lang

    @property
    def threshold(self) -> int:
        return self.config.disclosure_threshold

    @property
    def reference_date(self) -> date:
        return self.config.reference_date

    @property
    def clients(self) -> pd.DataFrame:
        """The checked clients, one row per person (positions are the people's numbers)."""
        return self.data.clients

    @property
    def facts(self) -> pd.DataFrame:
        """Status, cohort year and time to outflow per person (``evalkit.facts``)."""
        return self.data.facts

    @property
    def status(self) -> pd.Series:
        """Each person's status at the peildatum (``cohort.STATUS_ORDER``)."""
        return self.data.facts["status"].astype(object)

    @cached_property
    def events(self) -> pd.DataFrame:
        """Time to outflow and kind of exit of everyone with a start of the clock (``facts.events``)."""
        from evalkit.facts import events

        return events(self.data.facts)

    @property
    def bootstrap(self) -> dict:
        """Repetitions and seed of the seeded bootstrap intervals (``reps``, ``seed``)."""
        return {"reps": self.config.bootstrap_reps, "seed": self.config.seed}

    @property
    def source(self) -> str:
        """The source line of figures computed from the monitoring file."""
        return labels.monitoring_source(self.config.synthetic, self.reference_date, self.lang)

    @cached_property
    def national_reference(self) -> pd.DataFrame:
        """The national reference figures of the run (``data/external/national_reference.csv``)."""
        from evalkit.national import read_reference

        return read_reference(self.national_reference_path,
                              self.project.relative(self.national_reference_path))

    @property
    def national_reference_path(self) -> Path:
        return self.project.resolve(self.config.national_reference
                                    or self.project.national_reference)

    def t(self, key: str, **values: object) -> str:
        """A label in the run's language (``labels.t``)."""
        return labels.t(key, self.lang, **values)

    def left_out(self, analysis: str, column: str) -> None:
        """Say in one sentence that an analysis is left out, when the file lacks its column.

        The cells of that analysis carry the tag ``column:<name>`` and are
        not run then (``pipeline.stage_notebook``).
        """
        from evalkit import publish, schema

        state = schema.column_state(self.clients, column)
        if state:
            publish.left_out(analysis, column, state, self.lang)

    @cached_property
    def published_flows(self) -> pd.DataFrame | None:
        """The reference case's published flow table, when the config names one."""
        from evalkit import io

        case = self.config.reference_case
        if case is None or not case.published_flows:
            return None
        return io.read_csv_table(self.project.resolve(case.published_flows))

    @cached_property
    def municipality_names(self) -> pd.Series:
        """CBS municipality names by code (``data/external/municipalities.csv``)."""
        from evalkit import io

        return io.read_csv_table(self.project.municipalities).set_index(
            "municipality_code")["name"]

    def published(self, name: str) -> pd.DataFrame | None:
        """A table an earlier stage of this run published (every cell as text), or None."""
        from evalkit import io

        if _TABLES_READ is not None:
            _TABLES_READ.add(name)  # asked for, whether found or not: both shape the stage
        if not self.run.table(name).is_file():
            return None
        return io.read_table(self.run.tables, name)

    def earlier(self, name: str, notebook: str) -> pd.DataFrame:
        """A table this stage cannot do without, published by an earlier stage's notebook.

        Raises
        ------
        StageOrderError
            When the table is not there: a notebook opened on its own before
            ``notebook`` ran in the same scratch run. The message says which
            notebook to run first.
        """
        table = self.published(name)
        if table is None:
            raise StageOrderError(
                f"{name}.csv: table not found in {self.project.relative(self.run.tables)}; "
                f"run notebooks/{notebook}.ipynb first (or the whole evaluation: "
                "python3 tasks.py run)")
        return table

    @cached_property
    def framework(self):
        """The run's monitoring framework (``evalkit.framework``): the config's, or the default."""
        from evalkit.framework import read_framework
        from evalkit.prepare import framework_path

        path = framework_path(self.config, self.project)
        return read_framework(path, self.project.relative(path))

    def framework_input(self, name: str) -> pd.DataFrame | None:
        """A checked framework input (``prepare.FRAMEWORK_FILES``), or None when the run has none."""
        from evalkit.prepare import read_framework_input

        return None if self.processed is None else read_framework_input(self.processed, name)

    @cached_property
    def framework_tables(self) -> pd.DataFrame | None:
        """The municipality's own figures for the framework (config ``framework_tables``)."""
        from evalkit.prepare import FRAMEWORK_TABLES_NAME

        tables = self.framework_input(FRAMEWORK_TABLES_NAME)
        if tables is not None:
            tables["period_end"] = pd.to_datetime(tables["period_end"]).dt.date
        return tables

    @cached_property
    def signals(self) -> pd.DataFrame | None:
        """The checked signals (config ``signals_file``), or None."""
        from evalkit.prepare import SIGNALS_NAME

        return self.framework_input(SIGNALS_NAME)

    def date(self, day: date) -> str:
        """A date as the report writes it (``labels.format_date``)."""
        return labels.format_date(day, self.lang)


def open_stage(config_path: str = "configs/example.yml", run_dir: str | None = None,
               processed_dir: str | None = None, *, series: bool = False,
               **changes: object) -> Stage:
    """Open the run a stage notebook works on.

    Parameters
    ----------
    config_path : str
        The config, relative to the project root (wherever the notebook is
        opened from); used only for a scratch run.
    run_dir, processed_dir : str, optional
        The run folder and its processed data, as the pipeline gives them.
        When ``run_dir`` is None (a notebook run on its own), a scratch run of
        ``config_path`` is prepared in ``reports/scratch`` and
        ``data/processed/scratch``, or reused when it was prepared from the
        same config, changes and input files.
    series : bool
        An interim-series stage (``config.SERIES_STAGES``): its scratch run is
        ``reports/scratch-series``, apart from the evaluation's, as ``evalkit
        series`` keeps its run apart; the two publish different tables.
    **changes
        What a student changed in the parameters cell (``config.NOTEBOOK_CHANGES``:
        ``reference_date``, ``disclosure_threshold``, ``discount_rate``); None
        keeps the config's value. Only a scratch run takes them: a run's
        config is its record.

    Returns
    -------
    Stage

    Raises
    ------
    ConfigError
        When changes are given to a pipeline run, or the changed config does not validate.
    """
    project = ProjectPaths.discover()
    _short_errors()
    asked = {name: value for name, value in changes.items() if value is not None}
    if run_dir is None:
        name = f"{SCRATCH}-series" if series else SCRATCH
        run = RunPaths(project.run_dir(name))
        processed = project.processed_dir(name)
        prepare_scratch(project.resolve(config_path), project, run, processed, asked)
    elif asked:
        raise ConfigError(f"{', '.join(asked)}: a run takes its values from its config; "
                          "change them there, or open the notebook on its own")
    else:
        run = RunPaths(project.resolve(run_dir))
        processed = project.resolve(processed_dir or project.processed_dir(SCRATCH))
    config = read_config(run.config_copy)
    record_reads()
    record_table_reads()
    out = Publisher(run.tables, run.figures, config.lang, config.disclosure_threshold,
                    source=labels.monitoring_source(config.synthetic, config.reference_date,
                                                    config.lang),
                    register_dir=processed / CELLS)
    stage = Stage(config, project, run, read_processed(processed), out, processed)
    if run_dir is None:
        _leave_out_cells(stage)
    return stage


def _kernel_shell():
    """The IPython shell of the Jupyter kernel this runs in; None outside one."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with every kernel
        return None
    return get_ipython()


def _leave_out_cells(stage: Stage) -> None:
    """In a kernel, run the cells a run would leave out for this config as one line saying so.

    A notebook opened on its own with another municipality's config (no cost
    data, no intervention column) would otherwise stop at the first cell that
    needs what the config or file lacks; the pipeline drops those cells by
    their tags before a stage runs (``evalkit.cells``).
    """
    shell = _kernel_shell()
    if shell is None:
        return
    import nbformat

    from evalkit.cells import leave_out_in_kernel, left_out_sources

    notebooks = [nbformat.read(path, as_version=4)
                 for path in sorted(stage.project.notebooks.glob("*.ipynb"))]
    left_out = left_out_sources(notebooks, stage.config, stage.clients)
    leave_out_in_kernel(shell, left_out, lambda tag: stage.t("stage.cell_left_out", tag=tag))


def _short_errors() -> None:
    """In a Jupyter kernel, show an ``EvalkitError`` as its one line, as the CLI does.

    Such an error is the user's to fix (a file, a config, a stage to run
    first); its traceback points into evalkit and only hides the message.
    """
    shell = _kernel_shell()
    if shell is None:
        return

    def one_line(shell, kind, value, traceback, tb_offset=None):
        line = f"{kind.__name__}: {value}"
        print(line, file=sys.stderr)
        return [line]

    shell.set_custom_exc((EvalkitError,), one_line)
