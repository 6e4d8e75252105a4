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
    """Write the synthetic example files, clean CSV and messy Excel (same bytes for a seed)."""
    from evalkit import io
    from evalkit.paths import ProjectPaths
    from evalkit.synth import make_example, make_messy_example, to_csv_bytes

    folder = out or ProjectPaths.discover().raw
    people = make_example(seed)
    for name, data in (("example_monitoring.csv", to_csv_bytes(people)),
                       ("example_monitoring_messy.xlsx", make_messy_example(people, seed))):
        io.atomic_write_bytes(folder / name, data)
        typer.echo(f"Wrote {folder / name}")


def main() -> None:
    """Entry point of the ``evalkit`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; no report was written")
        sys.exit(130)


if __name__ == "__main__":
    main()
