"""The ``evalkit`` command: run an evaluation, check a file, make the example data.

Every ``EvalkitError`` becomes one line on standard error and a non-zero exit
code; the report path is the last line on standard output.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from evalkit.errors import EvalkitError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Reproducible evaluation of labour market programmes for vergunninghouders.",
)
err = Console(stderr=True, highlight=False)


def _fail(exc: EvalkitError) -> None:
    err.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def run(
    config: Annotated[Path | None, typer.Argument(
        help="YAML config of the evaluation; configs/example.yml when left out.")] = None,
) -> None:
    """Run every stage of an evaluation and write reports/<run-id>/report.html."""
    from evalkit.paths import ProjectPaths
    from evalkit.pipeline import run as run_pipeline

    paths = ProjectPaths.discover()
    config_path = config if config is not None else paths.default_config
    status = {}

    def started(stage: str, number: int, total: int) -> None:
        status["live"] = err.status(f"[{number}/{total}] {stage} running ...")
        status["live"].start()
        status["label"] = f"[{number}/{total}] {stage}"

    def finished(stage: str, seconds: float) -> None:
        status["live"].stop()
        err.print(f"{status['label']} done in {seconds:.1f} s")

    try:
        result = run_pipeline(config_path, paths, on_stage=started, on_stage_done=finished)
    except EvalkitError as exc:
        if "live" in status:
            status["live"].stop()
        _fail(exc)
    total = sum(result.stage_seconds.values())
    err.print(f"run {result.run_id}: {len(result.stage_seconds)} stages in {total:.1f} s")
    typer.echo(f"Report: {paths.relative(result.report)}")


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="The monitoring file (CSV or .xlsx).")],
    config: Annotated[Path | None, typer.Option(
        help="Config giving the reference date; configs/example.yml when left out.")] = None,
) -> None:
    """Read a monitoring file, run the checks and print the result of each."""
    import pandas as pd
    from rich.table import Table

    from evalkit import io
    from evalkit.paths import ProjectPaths
    from evalkit.pipeline import load_clients, read_suite

    paths = ProjectPaths.discover()
    try:
        cfg = io.read_config(config if config is not None else paths.default_config)
        results = load_clients(file, cfg, read_suite(paths)).results
    except EvalkitError as exc:
        _fail(exc)
    table = Table(title=f"Checks on {file}")
    for column in results.columns:
        table.add_column(column, overflow="fold")
    for row in results.itertuples(index=False):
        table.add_row(*["" if v is None or v is pd.NA else str(v) for v in row])
    out = Console()
    if not out.is_terminal:  # piped or in a log: do not cut names at 80 columns
        out = Console(width=160)
    out.print(table)


@app.command()
def synth(
    out: Annotated[Path | None, typer.Option(
        help="Folder to write into; data/raw/ when left out.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed; the default gives the shipped example.")]
    = 20200131,
) -> None:
    """Write the synthetic example files: clean CSV, messy Excel, and a regional file.

    The same seed gives the same bytes; the regional file (21 municipalities of
    Zuidoost-Brabant) uses the next seed.
    """
    from evalkit import io
    from evalkit.paths import ProjectPaths
    from evalkit.synth import make_example, make_messy_example, make_region, to_csv_bytes

    folder = out or ProjectPaths.discover().raw
    people = make_example(seed)
    for name, data in (("example_monitoring.csv", to_csv_bytes(people)),
                       ("example_monitoring_messy.xlsx", make_messy_example(people, seed)),
                       ("example_region.csv", to_csv_bytes(make_region(seed + 1)))):
        io.atomic_write_bytes(folder / name, data)
        typer.echo(f"Wrote {folder / name}")


@app.command()
def verify(
    run_dir: Annotated[Path, typer.Argument(help="The run folder, reports/<run-id>.")],
    show: Annotated[int, typer.Option(help="Differing cells to list at most.")] = 50,
) -> None:
    """Re-run an evaluation from its manifest and compare every table, cell by cell.

    Exits 0 with "N tables, M cells identical", or 1 with the differing
    cells (table, row, column, recorded value, new value); 8 when an input or
    the config differs from the one the run used.
    """
    from evalkit.paths import ProjectPaths
    from evalkit.pipeline import verify as verify_run

    paths = ProjectPaths.discover(run_dir)

    def versions(warnings: list[str]) -> None:
        if warnings:
            err.print("[yellow]warning:[/] installed versions differ from the run's, so numbers "
                      f"may differ: {'; '.join(warnings)}", soft_wrap=True)

    def started(stage: str, number: int, total: int) -> None:
        err.print(f"re-running [{number}/{total}] {stage}")

    try:
        result = verify_run(run_dir, paths, on_versions=versions, on_stage=started)
    except EvalkitError as exc:
        _fail(exc)
    differences = result.differences
    if differences.empty:
        typer.echo(f"identical: {result.tables} tables, {result.cells} cells identical")
        return
    typer.echo(f"DIFFERENT: {len(differences)} cells differ in "
               f"{differences['table'].nunique()} of {result.tables} tables")
    for row in differences.head(show).itertuples(index=False):
        typer.echo(f"{row.table}: row {row.row} ({row.key}), column {row.column}: "
                   f"recorded {row.recorded!r}, new {row.new!r}")
    if len(differences) > show:
        typer.echo(f"... and {len(differences) - show} more")
    raise typer.Exit(1)


@app.command()
def pdf(
    run_dir: Annotated[Path, typer.Argument(help="The run folder, reports/<run-id>.")],
) -> None:
    """Print a run's report to PDF (report.pdf in the run folder) through headless Chromium."""
    from evalkit.paths import ProjectPaths, RunPaths
    from evalkit.report import print_pdf

    run_paths = RunPaths(run_dir)
    try:
        if not run_paths.report.is_file():
            raise EvalkitError(f"{run_paths.report}: no report to print; run the evaluation first")
        written = print_pdf(run_paths.report, run_paths.run_dir / "report.pdf")
    except EvalkitError as exc:
        _fail(exc)
    typer.echo(f"PDF: {ProjectPaths.discover(run_dir).relative(written)}")


@app.command()
def refresh(
    catalog: Annotated[str, typer.Option(help="OData catalogue host.")] = "opendata.cbs.nl",
    http: Annotated[bool, typer.Option(help="Plain HTTP, for a local mirror.")] = False,
) -> None:
    """Download the CBS open-data tables in data/external/cbs_tables.csv (needs a network).

    The shipped figures in data/external/ always work offline; without a
    network this says so and changes nothing.
    """
    from evalkit.paths import ProjectPaths
    from evalkit.pipeline import refresh_cbs

    paths = ProjectPaths.discover()
    try:
        written = refresh_cbs(paths, catalog=catalog, https=not http)
    except EvalkitError as exc:
        _fail(exc)
    for table_id, path, rows in written:
        typer.echo(f"{table_id}: {rows} rows -> {paths.relative(path)}")


def main() -> None:
    """Entry point of the ``evalkit`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; no report was written")
        sys.exit(130)


if __name__ == "__main__":
    main()
