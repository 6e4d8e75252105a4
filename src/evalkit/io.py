"""Reading raw files and writing outputs: one of the three modules that touch files.

Raw input is read as text first, so that every problem can be reported with the
file, the column and the spreadsheet row where it is, and then parsed into the
typed columns of the input contract (``schema``). Every write is atomic: a file
appears whole under its final name, or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io as _stdio
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from evalkit.config import RunConfig, parse_config
from evalkit.errors import ConfigError, InputError
from evalkit.schema import BY_NAME

if TYPE_CHECKING:  # matplotlib is imported only by the stages that draw
    from matplotlib.figure import Figure

#: Spreadsheet row of the first data row: the header is row 1.
FIRST_DATA_ROW = 2

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")

_UMASK = os.umask(0)
os.umask(_UMASK)


# --------------------------------------------------------------------------- config


def read_config(path: str | Path) -> RunConfig:
    """Read and validate a YAML run configuration.

    Parameters
    ----------
    path : str or Path
        The YAML file.

    Returns
    -------
    RunConfig
        The validated configuration.

    Raises
    ------
    ConfigError
        When the file is missing, is not YAML, or does not validate.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(f"{path}: not a valid YAML file{where}") from None
    return parse_config(data, str(path))


# --------------------------------------------------------------------------- raw input


def _decode(raw: bytes, file: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(file, "the file is not text in UTF-8 or Windows-1252",
                     expected="a CSV file or an Excel workbook (.xlsx)")


def read_raw(path: str | Path, shown_as: str | None = None) -> pd.DataFrame:
    """Read a monitoring file as text, one string column per header.

    Parameters
    ----------
    path : str or Path
        A CSV file (comma or semicolon) or an Excel workbook (``.xlsx``).
    shown_as : str, optional
        How to name the file in messages (as the config names it); the path by default.

    Returns
    -------
    pandas.DataFrame
        All cells as stripped strings, empty cells as ``pd.NA``; the index is
        the spreadsheet row number (the header is row 1).

    Raises
    ------
    InputError
        When the file is missing, empty, or not a table.
    """
    path = Path(path)
    file = shown_as or str(path)
    if not path.is_file():
        raise InputError(file, "file not found")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(path, dtype=str, header=0, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise InputError(file, f"cannot be read as an Excel workbook ({type(exc).__name__})",
                             expected="an .xlsx workbook with one header row") from None
    else:
        text = _decode(path.read_bytes(), file)
        if not text.strip():
            raise InputError(file, "the file is empty",
                             expected="a header row and one row per person")
        first = text.splitlines()[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            frame = pd.read_csv(_stdio.StringIO(text), sep=delimiter, dtype=str,
                                keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
        except (pd.errors.ParserError, csv.Error) as exc:
            raise InputError(file, f"not a readable CSV table ({exc})".split("\n")[0]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda s: s.astype("string").str.strip().replace("", pd.NA))
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    return frame


def _parse_dates(values: pd.Series, file: str, column: str) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = values.notna()
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        attempt = pd.to_datetime(values[todo], format=fmt, errors="coerce")
        parsed[attempt.dropna().index] = attempt.dropna()
        todo = values.notna() & parsed.isna()
    if todo.any():
        raise InputError(file, "cannot read these dates", column=column,
                         rows=list(values[todo].index),
                         expected="a date such as 31-01-2020 or 2020-01-31")
    return parsed


def parse_contract(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Parse the contract columns of a raw frame into their types.

    Columns that are not in the contract are left out. Dates become
    ``datetime64``, whole numbers ``Int64``, codes and text ``string``.

    Parameters
    ----------
    raw : pandas.DataFrame
        Output of ``read_raw``.
    file : str
        The file name, for error messages.

    Returns
    -------
    pandas.DataFrame
        The typed columns, same index (spreadsheet rows) as ``raw``.

    Raises
    ------
    InputError
        When a date or a number cannot be read; names the column and rows.
    """
    out: dict[str, pd.Series] = {}
    for name in raw.columns:
        column = BY_NAME.get(name)
        if column is None:
            continue
        values = raw[name]
        if column.kind == "date":
            out[name] = _parse_dates(values, file, name)
        elif column.kind == "int":
            numbers = pd.to_numeric(values, errors="coerce")
            bad = values.notna() & (numbers.isna() | (numbers % 1 != 0))
            if bad.any():
                raise InputError(file, "not a whole number", column=name,
                                 rows=list(values[bad].index), expected="a year such as 1990")
            out[name] = numbers.astype("Int64")
        else:
            out[name] = values.astype("string")
    return pd.DataFrame(out, index=raw.index)


# --------------------------------------------------------------------------- writing


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that the file appears whole or not at all.

    Parameters
    ----------
    path : str or Path
        Destination; its folder is created when missing.
    data : bytes
        The content.

    Returns
    -------
    Path
        The destination.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def table_bytes(frame: pd.DataFrame) -> bytes:
    """Serialise a published table as CSV bytes: UTF-8, comma, LF, no index."""
    buffer = _stdio.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def write_table(frame: pd.DataFrame, tables_dir: str | Path, name: str) -> Path:
    """Write a published table as ``<tables_dir>/<name>.csv``, byte for byte reproducible."""
    return atomic_write_bytes(Path(tables_dir) / f"{name}.csv", table_bytes(frame))


def read_table(tables_dir: str | Path, name: str) -> pd.DataFrame:
    """Read a table a stage wrote, every cell as text (as it was published)."""
    path = Path(tables_dir) / f"{name}.csv"
    if not path.is_file():
        raise InputError(str(path), "table not found; did the stage that writes it run?")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_parquet(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write processed data as parquet, atomically."""
    buffer = _stdio.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow")
    return atomic_write_bytes(path, buffer.getvalue())


def read_parquet(path: str | Path) -> pd.DataFrame:
    """Read processed data written by ``write_parquet``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "processed data not found; run the data-checks stage first")
    return pd.read_parquet(path, engine="pyarrow")


def write_figure(fig: Figure, figures_dir: str | Path, name: str) -> Path:
    """Save a figure as ``<figures_dir>/<name>.png`` without a timestamp or version stamp."""
    buffer = _stdio.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight",
                metadata={"Software": None})
    return atomic_write_bytes(Path(figures_dir) / f"{name}.png", buffer.getvalue())


def write_json(data: Any, path: str | Path) -> Path:
    """Write JSON with sorted keys and a final newline, atomically."""
    import json

    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return atomic_write_bytes(path, text.encode("utf-8"))


def sha256_file(path: str | Path) -> str:
    """The sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
