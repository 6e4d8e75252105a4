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

from evalkit import lighten_command
from evalkit.errors import EvalkitError
from evalkit.config import read_config, slug

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Reproducible evaluation of labour market programmes for vergunninghouders.",
)


def error_console() -> Console:
    """The console of standard error, as it is when made: colours only on a terminal."""
    return Console(stderr=True, highlight=False)


err = error_console()


def _fail(exc: EvalkitError) -> None:
    err.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def _progress():
    """Progress callbacks of a run on standard error, and the state they share."""
    status = {}

    def started(stage: str, number: int, total: int) -> None:
        status["live"] = err.status(f"[{number}/{total}] {stage} running ...")
        status["live"].start()
        status["label"] = f"[{number}/{total}] {stage}"

    def finished(stage: str, seconds: float) -> None:
        status["live"].stop()
        err.print(f"{status['label']} done in {seconds:.1f} s")

    return started, finished, status


def _day(text: str | None, option: str):
    """A date given on the command line, or a ConfigError naming the option."""
    from datetime import date

    from evalkit.errors import ConfigError

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(ConfigError(f"{option} {text}: expected a date written as YYYY-MM-DD"))


@app.command()
def run(
    config: Annotated[Path | None, typer.Argument(
        help="YAML config of the evaluation; configs/example.yml when left out.")] = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Overwrite a run folder that holds the run of another input file.")]
    = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Take the evaluation at this earlier peildatum "
        "from the config's file: every later date is treated as not yet known.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Recompute every stage, even those unchanged since the last run.")]
    = False,
) -> None:
    """Run every stage of an evaluation and write reports/<run-id>/report.html."""
    _run_and_report(config, "run", replace=replace, as_of=_day(as_of, "--as-of"), force=force)


def _run_and_report(config: Path | None, what: str, **options) -> None:
    """Run the pipeline with progress on standard error; the report's path is the last line."""
    from evalkit.paths import ProjectPaths
    from evalkit.pipeline import run as run_pipeline

    paths = ProjectPaths.discover()
    config_path = config if config is not None else paths.default_config
    started, finished, status = _progress()
    try:
        result = run_pipeline(config_path, paths, on_stage=started, on_stage_done=finished,
                              command=["evalkit", *sys.argv[1:]], **options)
    except BaseException as exc:
        # the spinner stops before the error, or a bug's traceback, is printed below it
        if "live" in status:
            status["live"].stop()
        if isinstance(exc, EvalkitError):
            _fail(exc)
        raise
    total = sum(result.stage_seconds.values())
    if result.reused:
        err.print(f"{what} {result.run_id}: unchanged since its last run (config, inputs, "
                  f"notebooks, code and packages as its manifest records); reused all "
                  f"{len(result.stage_seconds)} stages: {', '.join(result.stage_seconds)} "
                  "(--force recomputes)", soft_wrap=True)
    else:
        err.print(f"{what} {result.run_id}: {len(result.stage_seconds)} stages in {total:.1f} s")
        if result.reused_stages:
            count = len(result.reused_stages)
            err.print(f"reused {count} stage{'s' if count > 1 else ''} whose inputs, config "
                      f"fields and tables read, and code are unchanged since the last run: "
                      f"{', '.join(result.reused_stages)} (--force recomputes)", soft_wrap=True)
    typer.echo(f"Report: {paths.relative(result.report)}")


@app.command()
def series(
    config: Annotated[Path | None, typer.Argument(
        help="YAML config with a series block; configs/example.yml when left out.")] = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Overwrite a run folder that holds the series of another input file.")]
    = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Recompute even when nothing changed since the last series run.")]
    = False,
) -> None:
    """Evaluate the file at every peildatum of the config's series; write one interim report.

    The file is read and checked once; each series stage starts one kernel
    for all peildata. The report (reports/<run-id>-series/report.html) opens
    with what changed since the previous peildatum, then shows every headline
    indicator as a trend table and chart with its 95% interval.
    """
    _run_and_report(config, "series", replace=replace, series=True, force=force)


@app.command()
def batch(
    target: Annotated[Path, typer.Argument(
        help="A config whose file holds several municipalities (one evaluation each), or a "
        "folder of configs (one evaluation each).")],
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Evaluations at the same time; all cores by default.")]
    = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Recompute every evaluation, even one unchanged since its last run.")]
    = False,
) -> None:
    """Run one evaluation per municipality (or per config) on all cores, then compare them.

    Every evaluation is a whole run with its own folder and report. One that
    fails is reported in one line and the others go on; the exit code is 1
    when any failed. Writes reports/batch-<name>/: batch_runs.csv (every
    evaluation and its outcome), the comparison tables, the funnel plot and
    comparison.html, whose path is the last line.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from evalkit.paths import ProjectPaths
    from evalkit.pipeline import run_batch

    paths = ProjectPaths.discover()
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=False)
    task = {}

    def started(total: int) -> None:
        task["id"] = progress.add_task("evaluations", total=total)
        progress.start()

    def done(row: dict) -> None:
        if row["status"] == "failed":
            progress.console.print(f"[red]failed[/] {row['member']}: {row['reason']}",
                                   soft_wrap=True)
        else:
            progress.console.print(f"{row['status']} {row['member']}: reports/{row['run_id']}")
        progress.advance(task["id"])

    try:
        result = run_batch(target, paths, jobs=jobs, force=force, on_start=started, on_done=done)
    except EvalkitError as exc:
        progress.stop()
        _fail(exc)
    progress.stop()
    failed = result.failed
    err.print(f"batch {result.batch_id}: {len(result.outcomes) - len(failed)} of "
              f"{len(result.outcomes)} evaluations succeeded"
              + (f"; failed: {', '.join(failed['member'])}" if len(failed) else ""),
              soft_wrap=True)
    typer.echo(f"Runs: {paths.relative(result.folder / 'batch_runs.csv')}")
    if result.report is not None:
        typer.echo(f"Comparison: {paths.relative(result.report)}")
    if len(failed):
        raise typer.Exit(1)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="The monitoring file (CSV or .xlsx).")],
    config: Annotated[Path | None, typer.Option(
        help="Config of the evaluation: its reference date, aliases and sheet. Without it the "
             "file is checked at its own latest date.")] = None,
) -> None:
    """Read a monitoring file, run every check and print the result of each.

    Prints the headers the file has that the contract does not know (with the
    closest contract columns and the config line to map them), then the whole
    expectation table; exits 3 when a critical check fails.
    """
    import pandas as pd
    from rich.table import Table

    from evalkit import checks
    from evalkit.config import RunConfig
    from evalkit.paths import ProjectPaths
    from evalkit.prepare import load_clients, read_suite
    from evalkit.schema import closest_columns, column_alias_line

    paths = ProjectPaths.discover()
    try:
        if config is not None:
            cfg = read_config(config)
        else:  # no config: no aliases, and the file's own latest date as peildatum
            cfg = RunConfig(municipality="check", municipality_code="GM0000",
                            reference_date="2000-01-01", input_file=str(file))
        loaded = load_clients(file, cfg, read_suite(paths), stop_on_critical=False,
                              reference_from_file=config is None)
    except EvalkitError as exc:
        _fail(exc)
    results = loaded.results
    if config is None:
        err.print(f"No --config given: checked at the file's latest date, "
                  f"{loaded.reference_date:%d-%m-%Y} ({loaded.reference_date.isoformat()}), "
                  "with no column_aliases or value_aliases.", soft_wrap=True)
    for header in loaded.unknown_headers:
        near = closest_columns(header)
        # closeness of letters is a guess: a notes column is "closest" to something too
        err.print(f"[yellow]not known:[/] header '{header}' is left out; closest contract "
                  f"columns: {', '.join(near) or 'none'}. If it means "
                  f"{near[0] if near else 'a contract column'}, add to the config: "
                  f"{column_alias_line(header, near[0] if near else '<column>')}",
                  soft_wrap=True, markup=True, highlight=False)
    table = Table(title=f"Checks on {file}")
    for column in results.columns:
        table.add_column(column, overflow="fold")
    for row in results.itertuples(index=False):
        table.add_row(*["" if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v))
                        else str(v) for v in row])
    out = Console()
    if not out.is_terminal:  # piped or in a log: do not cut names at 80 columns
        out = Console(width=160)
    out.print(table)
    try:
        checks.raise_on_critical(results, str(file), from_check=True)
    except EvalkitError as exc:
        _fail(exc)


@app.command()
def init(
    file: Annotated[Path, typer.Argument(help="The municipality's monitoring file (CSV or .xlsx).")],
    out: Annotated[Path | None, typer.Option(
        help="Where to write the config; configs/<municipality>.yml when left out.")] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel sheet holding the data.")] = None,
) -> None:
    """Write a starter config for a new municipality from its own monitoring file.

    Lists the headers it recognised and those it did not (with the closest
    contract columns), the file's date range, and suggests a programme start
    and a reference date. Never overwrites a file; carries nothing of the
    shipped example.
    """
    import re

    import pandas as pd

    from evalkit import checks, io, privacy
    from evalkit.config import starter_config
    from evalkit.paths import ProjectPaths
    from evalkit.prepare import latest_date
    from evalkit.schema import DATE_COLUMNS, REQUIRED, closest_columns

    paths = ProjectPaths.discover()
    shown = paths.relative(file.resolve()) if file.resolve().is_relative_to(paths.root) else str(file)
    try:
        raw = io.read_raw(file, shown_as=shown, sheet=sheet)
        identifiers = sorted({f.column for f in privacy.find_identifiers(raw)})
        unknown = io.unknown_headers(raw)
        lookup = io.header_lookup()
        recognised = {str(c): lookup[io.normal_header(c)] for c in raw.columns
                      if str(c) not in unknown}
        clients = io.parse_contract(io.map_headers(raw, shown), shown)
    except EvalkitError as exc:
        _fail(exc)
    dates = [clients[c] for c in DATE_COLUMNS if c in clients and clients[c].notna().any()]
    if not dates:
        _fail(EvalkitError(f"{shown}: no date column recognised; the starter config needs the "
                           "file's dates (housing_date, benefit_start_date, ...)"))
    first = min(d.min() for d in dates).date()
    last = latest_date(clients)
    intake = clients["intake_date"].min() if "intake_date" in clients else pd.NaT
    codes = clients["municipality_code"].dropna() if "municipality_code" in clients else None
    code = str(codes.mode().iloc[0]) if codes is not None and len(codes) else None
    names = io.read_csv_table(paths.municipalities).set_index("municipality_code")["name"]
    name = str(names[code]) if code in names.index else None
    text = starter_config(
        input_file=shown, recognised=recognised,
        unknown={h: closest_columns(h) for h in unknown}, first_date=first,
        last_date=last, first_intake=None if pd.isna(intake) else intake.date(), municipality=name,
        municipality_code=code if code and re.fullmatch(r"GM\d{4}", code) else None,
        identifiers=identifiers, suggestions=checks.alias_suggestions(
            unknown, [c for c in REQUIRED if c not in recognised.values()]))
    target = out or paths.configs / f"{slug(name or file.stem, 'evaluation')}.yml"
    if target.exists():
        _fail(EvalkitError(f"{paths.relative(target.resolve())}: already exists; give --out to "
                           "write the starter config elsewhere"))
    io.atomic_write_bytes(target, text.encode("utf-8"))
    err.print(f"{len(recognised)} headers recognised, {len(unknown)} not recognised"
              + (f": {', '.join(unknown)}" if unknown else "") + "; "
              f"dates {first:%d-%m-%Y} to {last:%d-%m-%Y}.", soft_wrap=True)
    typer.echo(f"Wrote {paths.relative(target.resolve())}")


@app.command()
def synth(
    out: Annotated[Path | None, typer.Option(
        help="Folder to write into; data/raw/ when left out.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed; the default gives the shipped example.")]
    = 20200131,
) -> None:
    """Write the synthetic example files: clean CSV, messy Excel, a regional file, Lingedal,
    and the example's signals and framework figures.

    The same seed gives the same bytes; the regional file (21 municipalities of
    Zuidoost-Brabant) uses the next seed, the second municipality (Lingedal)
    the seed + 7.
    """
    from evalkit import io
    from evalkit.paths import ProjectPaths
    from evalkit.synth import (make_example, make_framework_tables, make_messy_example,
                               make_other_municipality, make_region, make_signals,
                               other_municipality_csv, table_csv_bytes, to_csv_bytes)

    folder = out or ProjectPaths.discover().raw
    people = make_example(seed)
    for name, data in (("example_monitoring.csv", to_csv_bytes(people)),
                       ("example_monitoring_messy.xlsx", make_messy_example(people, seed)),
                       ("example_region.csv", to_csv_bytes(make_region(seed + 1))),
                       ("example_lingedal.csv", other_municipality_csv(
                           make_other_municipality(seed + 7))),
                       ("example_signals.csv", table_csv_bytes(make_signals(seed))),
                       ("example_framework_tables.csv", table_csv_bytes(make_framework_tables()))):
        io.atomic_write_bytes(folder / name, data)
        typer.echo(f"Wrote {folder / name}")


@app.command()
def verify(
    run_dir: Annotated[Path, typer.Argument(help="The run folder, reports/<run-id>.")],
    show: Annotated[int, typer.Option(help="Differing cells to list at most.")] = 50,
    manifest_sha256: Annotated[str | None, typer.Option(
        "--manifest-sha256", help="The manifest's SHA-256 as recorded in the audit file; "
        "any other manifest is refused.")] = None,
) -> None:
    """Check a run against its sealed manifest, re-run it, and compare every output.

    Exits 0 with "identical: N tables, M cells, K files identical", or 1
    naming every file that differs (report, figure, notebook, processed data;
    changed in the run folder or different in the re-run), every missing
    table, and every differing cell (table, row, column, recorded value, new
    value); 8 when the manifest was edited, or an input or the config differs
    from the one the run used. Differences of commit, Python, platform,
    packages or code are stated before the re-run.
    """
    from evalkit.paths import ProjectPaths
    from evalkit.verify import verify as verify_run

    paths = ProjectPaths.discover(run_dir)

    def versions(warnings: list[str]) -> None:
        if warnings:
            err.print("[yellow]warning:[/] the re-run's environment differs from the run's, so "
                      f"numbers may differ: {'; '.join(warnings)}", soft_wrap=True)
        else:
            err.print("environment: the run's commit, Python, platform, packages and code")

    def started(stage: str, number: int, total: int) -> None:
        err.print(f"re-running [{number}/{total}] {stage}")

    try:
        result = verify_run(run_dir, paths, on_versions=versions, on_stage=started,
                            manifest_sha256=manifest_sha256)
    except EvalkitError as exc:
        _fail(exc)
    if result.identical:
        typer.echo(f"identical: {result.tables} tables, {result.cells} cells, "
                   f"{result.files} files identical")
        return
    cells = result.differences[result.differences["column"] != "(table)"]
    typer.echo(f"DIFFERENT: {len(result.file_differences)} files, {len(cells)} cells in "
               f"{cells['table'].nunique()} of {result.tables} tables")
    for row in result.file_differences.itertuples(index=False):
        typer.echo(f"{row.file}: {row.problem}")
    for row in cells.head(show).itertuples(index=False):
        typer.echo(f"{row.table}: row {row.row} ({row.key}), column {row.column}: "
                   f"recorded {row.recorded!r}, new {row.new!r}")
    if len(cells) > show:
        typer.echo(f"... and {len(cells) - show} more")
    raise typer.Exit(1)


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="The earlier run folder, reports/<run-id>.")],
    new: Annotated[Path, typer.Argument(help="The later run folder, reports/<run-id>.")],
) -> None:
    """Put two runs side by side, figure by figure, and count the revisions between their files.

    When the runs read different exports, the later file is seen as it would
    have been on the earlier peildatum; every person whose history up to then
    still differs is a revision (an exit added or removed, a changed date or
    reason, a person gone or added afterwards), counted by kind, small counts
    shown as <10. Writes reports/compare-<old>--<new>/.
    """
    from evalkit.paths import ProjectPaths
    from evalkit.pipeline import compare_runs

    paths = ProjectPaths.discover(old)
    try:
        found = compare_runs(old, new, paths)
    except EvalkitError as exc:
        _fail(exc)
    typer.echo(f"{found.old} -> {found.new}")
    for row in found.headlines.itertuples(index=False):
        mark = "" if row.same else "   (differs)"
        typer.echo(f"{row.table} {row.row} {row.column}: {row.old or '-'} -> {row.new or '-'}"
                   f"{mark}")
    if found.revisions is None:
        typer.echo("revisions: none; both runs read the same input file")
    else:
        typer.echo("revisions of the earlier file (people, small counts as <10):")
        for row in found.revisions.itertuples(index=False):
            typer.echo(f"  {row.kind}: {row.people}")
    typer.echo(f"Written: {paths.relative(found.folder)}")


@app.command()
def pdf(
    run_dir: Annotated[Path, typer.Argument(help="The run folder, reports/<run-id>.")],
) -> None:
    """Print a run's report to PDF (report.pdf in the run folder) through headless Chromium."""
    from evalkit.paths import ProjectPaths, RunPaths
    from evalkit.pdf import print_pdf

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
    from evalkit import cbs

    paths = ProjectPaths.discover()
    try:
        written = cbs.refresh(paths, catalog=catalog, https=not http)
    except EvalkitError as exc:
        _fail(exc)
    for table_id, path, rows in written:
        typer.echo(f"{table_id}: {rows} rows -> {paths.relative(path)}")


@app.command()
def lab(
    config: Annotated[str, typer.Argument(
        help="The config the notebooks open with (their default).")] = "configs/example.yml",
    port: Annotated[int | None, typer.Option(help="Port to serve on (default: a free one).")]
    = None,
    browser: Annotated[bool, typer.Option(help="Open the address in a browser.")] = True,
) -> None:
    """Open the notebooks in JupyterLab, with the example prepared for them (for students)."""
    from evalkit import lab as jupyterlab
    from evalkit.paths import ProjectPaths

    try:
        code = jupyterlab.start(ProjectPaths.discover(), config, port, browser,
                                say=lambda line: typer.echo(line))
    except EvalkitError as exc:
        _fail(exc)
    raise typer.Exit(code)


def main() -> None:
    """Entry point of the ``evalkit`` console script."""
    lighten_command()
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted; no report was written")
        sys.exit(130)


if __name__ == "__main__":
    main()
