"""Named exceptions: every failure a user can cause is an ``EvalkitError``.

The CLI turns these into one clear line on the terminal and a non-zero exit code;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence


class EvalkitError(Exception):
    """Base class of every error evalkit reports to a user.

    Attributes
    ----------
    exit_code : int
        The process exit code the CLI uses for this kind of error.
    """

    exit_code = 1


class ConfigError(EvalkitError):
    """The run configuration is missing, unreadable or invalid."""

    exit_code = 2


def format_rows(rows: Sequence[int], limit: int = 10, total: int | None = None) -> str:
    """Format row numbers as a short list: ``3, 7, 12 (and 4 more)``.

    Parameters
    ----------
    rows : sequence of int
        Row numbers as the user sees them in the file.
    limit : int
        How many row numbers to show before summarising the rest.
    total : int, optional
        How many rows there are in all, when ``rows`` lists only the first few.

    Returns
    -------
    str
        The formatted list.
    """
    rows = list(rows)
    total = max(total or 0, len(rows))
    shown = ", ".join(str(r) for r in rows[:limit])
    if total > min(limit, len(rows)):
        shown += f" (and {total - min(limit, len(rows))} more)"
    return shown


class InputError(EvalkitError):
    """An input file cannot be used as it is.

    The message names the file, the column, the rows and what was expected, and
    never the content of a row (it may be personal data).

    Parameters
    ----------
    file : str
        The file as the user named it.
    problem : str
        What is wrong, in a few words.
    column : str, optional
        The column (as named in the file) where the problem is.
    rows : sequence of int, optional
        Row numbers as shown in a spreadsheet (the header is row 1).
    n_rows : int, optional
        How many rows fail in all, when ``rows`` lists only the first ones.
    expected : str, optional
        What was expected instead.
    """

    exit_code = 3

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        column: str | None = None,
        rows: Sequence[int] | None = None,
        n_rows: int | None = None,
        expected: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.column = column
        self.rows = list(rows) if rows is not None else []
        self.expected = expected
        parts = [f"{file}:"]
        if column is not None:
            # A name that carries its own closing quote ("x' (spreadsheet column D)") or
            # a bare spreadsheet column is shown as it is.
            if column.startswith("spreadsheet column"):
                parts.append(column)
            elif "' (" in column:
                parts.append(f"column '{column}")
            else:
                parts.append(f"column '{column}'")
        if self.rows:
            plural = "s" if max(len(self.rows), n_rows or 0) > 1 else ""
            parts.append(f"row{plural} {format_rows(self.rows, total=n_rows)}")
        head = " ".join(parts)
        if not head.endswith(":"):
            head += ":"
        message = f"{head} {problem}"
        if expected:
            message += f"; expected {expected}"
        super().__init__(message)


class StageError(EvalkitError):
    """A stage notebook failed while it ran.

    Parameters
    ----------
    notebook : str
        The stage notebook's name.
    cell : int
        The execution count of the failing cell, as Jupyter shows it (``[4]``)
        in the partly executed notebook.
    exception : str
        The exception's name and message as the kernel reported it.
    partial : str
        Path of the partly executed notebook, kept for inspection.
    """

    exit_code = 4

    def __init__(self, notebook: str, cell: int | None, exception: str, partial: str) -> None:
        self.notebook = notebook
        self.cell = cell
        self.exception = exception
        self.partial = partial
        # a stage stopped by one of evalkit's own errors exits as that error would
        # (a DisclosureError: 5); any other exception is a failing stage
        named = globals().get(exception.split(":", 1)[0].strip())
        if isinstance(named, type) and issubclass(named, EvalkitError) \
                and named is not EvalkitError:
            self.exit_code = named.exit_code
        where = f"cell [{cell}]" if cell is not None else "an unknown cell"
        super().__init__(
            f"stage {notebook} failed in {where}: {exception} "
            f"(partly executed notebook: {partial})"
        )


class StageOrderError(EvalkitError):
    """A stage notebook run on its own needs a table that an earlier stage has not written yet."""

    exit_code = 4


class DisclosureError(EvalkitError):
    """A table would be published without passing disclosure control."""

    exit_code = 5


class SuppressionRetry(DisclosureError):
    """The tables of a run did not settle: passes of the stages kept finding cells to hide.

    A stage that finds that the tables published before it, not its own, would
    give a small cell back records the cell in the run's cell register, and
    the pipeline runs that table's stage and the later ones again with it
    hidden (``pipeline.run_stages``); this is raised only when that does not
    settle.
    """


class NetworkError(EvalkitError):
    """An online source (CBS open data) could not be reached; nothing was changed."""

    exit_code = 7


class VerificationError(EvalkitError):
    """A run cannot be verified: its manifest, config or an input is missing or changed."""

    exit_code = 8


class FlowError(EvalkitError):
    """A caseload-flow table computed from the file does not add up (a bug or impossible dates)."""

    exit_code = 4


class RunExistsError(EvalkitError):
    """The run folder already holds an evaluation of another input file; nothing was replaced."""

    exit_code = 9


class LabError(EvalkitError):
    """JupyterLab cannot be started from this environment (``evalkit lab``)."""

    exit_code = 10
