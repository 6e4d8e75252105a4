"""Reading raw files and writing outputs: one of the three modules that touch files.

Raw input is read as text first, so that every problem can be reported with the
file, the column and the spreadsheet row where it is, and then parsed into the
typed columns of the input contract (``schema``). Every write is atomic: a file
appears whole under its final name, or not at all.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io as _stdio
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as time_of_day
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from evalkit.errors import ConfigError, InputError
from evalkit.schema import BY_NAME, COLUMN_NAMES, HEADER_ALIASES, VALUE_ALIASES

if TYPE_CHECKING:  # matplotlib is imported only by the stages that draw
    from matplotlib.figure import Figure


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y",
                 "%Y/%m/%d")
#: A time of day after a date, as exports from Excel and case systems write it ("2019-02-23
#: 00:00:00", "23-02-2019 14:30"): the contract's columns are days, so it is dropped.
_TIME_OF_DAY = re.compile(r"^(\S+?)(?:T|\s+)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?$")
#: An age band as teams write it: 25-34, 25 - 34 jaar, 25 t/m 34; 55+, 55 jaar en ouder, >=55;
#: or an age in years (34, 34 jaar), which ``cohort.recorded_age_bands`` puts in its band.
_AGE = re.compile(r"^(\d{1,3})(?:\s*jaar)?$")
_AGE_RANGE = re.compile(r"^(\d{1,3})\s*(?:-|–|t/m|tot en met)\s*(\d{1,3})(?:\s*jaar)?$")
_AGE_FROM = re.compile(r"^(?:(\d{1,3})\s*(?:\+|(?:jaar\s+)?(?:en|of)\s+ouder)|(?:>=|≥)\s*(\d{1,3}))$")
#: A CBS municipality code as teams write it: GM0772, gm 0772, 0772, or 772 (a number in Excel).
_MUNICIPALITY_CODE = re.compile(r"^(?:GM)?\s*(\d{1,4})$", re.IGNORECASE)


@functools.cache
def _umask() -> int:
    # The umask can only be read by setting it; done once, at the first write, not at import.
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------------- raw input

#: How many rows above the header a file may have (a title, a date, a blank line).
HEADER_SEARCH_ROWS = 20

_EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                 "#GETTING_DATA", "#SPILL!", "#CALC!")


def normal_header(header: object) -> str:
    """A header as aliases are written: lower case, single spaces, no underscores or colons."""
    text = re.sub(r"[\s_]+", " ", str(header).replace("\ufeff", "")).strip().lower()
    return text.strip(" .:*")


def header_lookup(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Normalised header to contract column: the contract names, built-in and config aliases."""
    lookup = {normal_header(name): name for name in COLUMN_NAMES}
    lookup.update(HEADER_ALIASES)
    lookup.update({normal_header(k): v for k, v in (extra or {}).items()})
    return lookup


def _decode(raw: bytes, file: str) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(file, "the file is UTF-16 text",
                         expected="CSV saved as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)')")
    if b"\x00" in raw[:4096]:
        raise InputError(file, "this is not a text file (a spreadsheet saved in another format?)",
                         expected="a CSV file or an Excel workbook (.xlsx)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(file, "the file is not text in UTF-8 or Windows-1252",
                     expected="a CSV file or an Excel workbook (.xlsx)")


def _csv_head(text: str, file: str) -> tuple[list[list[str | None]], str]:
    """The first rows of a CSV text as cells, and its delimiter."""
    if not text.strip():
        raise InputError(file, "the file is empty", expected="a header row and one row per person")
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = max((";", ","), key=lambda d: max(line.count(d) for line in lines))
    try:
        rows = list(csv.reader(_stdio.StringIO("\n".join(lines)), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(file, f"not a readable CSV table ({exc})") from None
    return [[cell if cell.strip() else None for cell in row] for row in rows], delimiter


def _csv_body(text: str, delimiter: str, header_at: int, width: int, file: str
              ) -> pd.DataFrame:
    """The rows under the header, read by pandas' C parser (one line per row)."""
    try:
        body = pd.read_csv(_stdio.StringIO(text), sep=delimiter, header=None, dtype=str,
                           skiprows=header_at + 1, keep_default_na=False, na_filter=False,
                           skip_blank_lines=False, names=range(width), engine="c")
    except pd.errors.EmptyDataError:
        return pd.DataFrame(columns=range(width), dtype="string")
    except pd.errors.ParserError as exc:
        raise InputError(file, f"rows of unequal length ({str(exc).strip()})",
                         expected="the same number of cells in every row") from None
    return body


def _excel_cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time_of_day() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _excel_rows(path: Path, file: str, sheet: str | None
                ) -> tuple[list[list[str | None]], dict[int, list[int]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(file, f"cannot be opened as an Excel workbook ({type(exc).__name__})",
                         expected="an .xlsx workbook saved by Excel or LibreOffice") from None
    except Exception as exc:  # a corrupt zip raises BadZipFile and others
        raise InputError(file, f"cannot be opened as an Excel workbook ({type(exc).__name__})",
                         expected="an .xlsx workbook saved by Excel or LibreOffice") from None
    names = values.sheetnames
    if sheet is not None and sheet not in names:
        raise InputError(file, f"no sheet named '{sheet}'",
                         expected=f"one of the sheets {', '.join(names)}")
    name = sheet or names[0]
    rows, unsaved = [], {}
    for number, (cached, written) in enumerate(
            zip(values[name].iter_rows(min_row=1, values_only=True),
                formulas[name].iter_rows(min_row=1, values_only=True), strict=False), start=1):
        rows.append([_excel_cell(v) for v in cached])
        for col, (v, f) in enumerate(zip(cached, written, strict=False)):
            if v is None and isinstance(f, str) and f.startswith("="):
                unsaved.setdefault(col, []).append(number)
    values.close()
    formulas.close()
    return rows, unsaved


def _column_name(header: list[str | None], index: int) -> str:
    """A column as a user finds it: its header and its spreadsheet letter."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(index + 1)
    name = header[index] if index < len(header) else None
    return f"{name}' (spreadsheet column {letter})" if name else f"spreadsheet column {letter}"


_MONITORING_HEADERS = ("the monitoring file", "headers such as client_id, housing_date, or Dutch "
                                              "ones such as 'Datum intake' and 'Reden uitstroom'")


def _find_header(rows: list[list[str | None]], lookup: dict[str, str], file: str,
                 what: tuple[str, str] = _MONITORING_HEADERS) -> int:
    best, best_hits = None, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len({lookup[normal_header(c)] for c in row if c and normal_header(c) in lookup})
        if hits > best_hits:
            best, best_hits = i, hits
    if best is None or best_hits < 2:
        raise InputError(
            file, f"no header row with the column names of {what[0]} in the first "
                  f"{HEADER_SEARCH_ROWS} rows (is the delimiter a comma or a semicolon?)",
            expected=what[1])
    return best


def read_raw(path: str | Path, shown_as: str | None = None, *, sheet: str | None = None,
             aliases: dict[str, str] | None = None,
             headers: tuple[dict[str, str], tuple[str, str]] | None = None) -> pd.DataFrame:
    """Read a monitoring file as text, one string column per header.

    Title rows above the header are skipped: the header is the row, among the
    first twenty, that names the most contract columns (or their aliases).

    Parameters
    ----------
    path : str or Path
        A CSV file (comma or semicolon; UTF-8 with or without BOM, or
        Windows-1252) or an Excel workbook (``.xlsx``).
    shown_as : str, optional
        How to name the file in messages (as the config names it).
    sheet : str, optional
        The Excel sheet; the first sheet by default.
    aliases : dict, optional
        Extra header aliases from the config (file header to contract column).
    headers : tuple, optional
        For another kind of file (a signals file): its header lookup
        (normalised header to column) and, for the message when no header is
        found, what the file is and which headers were expected.

    Returns
    -------
    pandas.DataFrame
        Headers as written in the file, all cells as stripped strings, empty
        cells as ``pd.NA``, fully empty rows left out; the index is the row
        number a spreadsheet shows.

    Raises
    ------
    InputError
        When the file is missing, empty, not a table, has no recognisable
        header, an unnamed column with data, or a repeated header.
    """
    path = Path(path)
    file = shown_as or str(path)
    if not path.is_file():
        raise InputError(file, "file not found")
    unsaved: dict[int, list[int]] = {}
    text = None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows, unsaved = _excel_rows(path, file, sheet)
    elif path.suffix.lower() == ".xls":
        raise InputError(file, "old Excel format (.xls) is not supported",
                         expected="the workbook saved as .xlsx, or a CSV file")
    else:
        text = _decode(path.read_bytes(), file)
        rows, delimiter = _csv_head(text, file)
    if not any(any(c for c in row) for row in rows):
        raise InputError(file, "the file is empty", expected="a header row and one row per person")
    header_at = (_find_header(rows, header_lookup(aliases), file) if headers is None
                 else _find_header(rows, headers[0], file, headers[1]))
    header = list(rows[header_at])
    width = max(len(header), max((len(r) for r in rows[header_at:]), default=0))
    header = header + [None] * (width - len(header))
    for col, where in unsaved.items():
        raise InputError(file, "formula without a saved result", column=_column_name(header, col),
                         rows=where, expected="values: open the file in Excel and save it, or "
                                              "paste the cells as values")
    if text is not None:
        grid = _csv_body(text, delimiter, header_at, width, file)
    else:
        grid = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows[header_at + 1:]],
                            columns=range(width), dtype="object")
    return _frame(grid, header, header_at, file)


def _normal_cells(values: pd.Series) -> pd.Series:
    """Strip and fold white space once per distinct value; empty cells become NA."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    # split() and strip() fold the same white space as re's \s (Py_UNICODE_ISSPACE), faster
    cleaned = [" ".join(str(u).split()) for u in uniques]
    table = pd.array([c if c else pd.NA for c in cleaned] + [pd.NA], dtype="string")
    return pd.Series(table.take(codes), index=values.index)  # code -1 takes the final NA


def _frame(grid: pd.DataFrame, header: list, header_at: int, file: str) -> pd.DataFrame:
    """Name the columns of the rows under the header and number them as a spreadsheet does."""
    grid = grid.apply(_normal_cells)
    grid.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(grid))
    grid = grid[grid.notna().any(axis=1)]
    for col, name in enumerate(header):
        if name is None and grid[col].notna().any():
            raise InputError(file, "a column has data but no header (merged header cells?)",
                             column=_column_name(header, col), rows=[header_at + 1],
                             expected="one header cell per column, without merged cells")
    named = [(col, str(name).strip()) for col, name in enumerate(header) if name is not None]
    seen: set[str] = set()
    for _, name in named:
        if name in seen:
            raise InputError(file, "the same header appears twice", column=name,
                             rows=[header_at + 1], expected="each column named once")
        seen.add(name)
    frame = pd.DataFrame({name: grid[col] for col, name in named}, index=grid.index)
    frame.index = frame.index.astype("int64")
    return frame


def map_headers(raw: pd.DataFrame, file: str, aliases: dict[str, str] | None = None
                ) -> pd.DataFrame:
    """Rename the headers of a raw frame to the contract columns they stand for.

    Headers that map to no contract column are kept as they are (later left
    out by ``parse_contract``).

    Raises
    ------
    InputError
        When two headers map to the same contract column.
    """
    lookup = header_lookup(aliases)
    renamed: dict[str, str] = {}
    taken: dict[str, str] = {}
    for column in raw.columns:
        target = lookup.get(normal_header(column))
        if target is None:
            continue
        if target in taken:
            raise InputError(file, f"two columns both mean '{target}': '{taken[target]}' and "
                                   f"'{column}'", column=str(column),
                             expected="one column per field")
        taken[target] = str(column)
        renamed[column] = target
    return raw.rename(columns=renamed)


def unknown_headers(raw: pd.DataFrame, aliases: dict[str, str] | None = None) -> list[str]:
    """The file's headers that map to no contract column (they are left out), in file order."""
    lookup = header_lookup(aliases)
    return [str(c) for c in raw.columns if lookup.get(normal_header(c)) is None]


def _per_distinct(values: pd.Series, function: Callable[[object], object],
                  missing: object) -> np.ndarray:
    """``function`` of each value, called once per distinct value; ``missing`` where none.

    A column holds few distinct values as a rule (dates, codes), however many rows.
    """
    positions, distinct = pd.factorize(values)  # a missing value is -1: the last entry
    return np.array([function(value) for value in distinct] + [missing], dtype=object)[positions]


def _excel_errors(values: pd.Series, file: str, column: str) -> None:
    # not isin: on a text column with missing values pandas' isin took 1 to 5 s at 300,000
    # rows, by the process's hash seed
    bad = _per_distinct(values, _EXCEL_ERRORS.__contains__, False).astype(bool)
    if bad.any():
        raise InputError(file, f"Excel error value ({values[bad].iloc[0]})", column=column,
                         rows=list(values[bad].index),
                         expected="a value; correct the formula or clear the cell")


def _excel_serial(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    plausible = numbers.between(20000, 80000)  # 1954 to 2119, the dates of this programme
    # the fraction of an Excel date-time is its time of day, which belongs to the same day
    days = pd.to_timedelta(numbers.where(plausible) // 1, unit="D")
    return (pd.Timestamp("1899-12-30") + days).where(plausible)


def _dates_or_nat(values: pd.Series) -> pd.Series:
    """Each text as a date in the first accepted format that reads it; NaT where none does."""
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    values = values.str.strip().str.replace(_TIME_OF_DAY, r"\1", regex=True)
    todo = values.notna()
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        attempt = pd.to_datetime(values[todo], format=fmt, errors="coerce")
        parsed[attempt.dropna().index] = attempt.dropna()
        todo = values.notna() & parsed.isna()
    if todo.any():
        serial = _excel_serial(values[todo]).dropna()
        parsed[serial.index] = serial
    return parsed


def _parse_dates(values: pd.Series, file: str, column: str) -> pd.Series:
    parsed = _dates_or_nat(values)
    todo = values.notna() & parsed.isna()
    if todo.any():
        raise InputError(file, "cannot read these dates", column=column,
                         rows=list(values[todo].index),
                         expected="a date such as 31-01-2020 or 2020-01-31")
    return parsed


def parse_dates(values: pd.Series, file: str, column: str) -> pd.Series:
    """Parse a text column of dates in any of the accepted formats; a bad date names its rows."""
    return _parse_dates(values, file, column)


def _normalise_codes(values: pd.Series, column: str, extra: dict[str, str] | None) -> pd.Series:
    spec = BY_NAME[column]
    lookup = {code.lower(): code for code in spec.codes}
    lookup.update(VALUE_ALIASES.get(column, {}))
    lookup.update({k.strip().lower(): v for k, v in (extra or {}).items()})

    def one(value: object) -> object:
        if value is pd.NA or value is None:
            return pd.NA
        text = re.sub(r"\s+", " ", str(value)).strip()
        if spec.kind == "list":
            parts = [p.strip() for p in re.split(r"[;,]", text) if p.strip()]
            return ";".join(lookup.get(p.lower(), p) for p in parts) or pd.NA
        return lookup.get(text.lower(), text)

    return pd.Series(_per_distinct(values, one, pd.NA), index=values.index,
                     dtype=object).astype("string")


def _years_of_birth_dates(values: pd.Series, numbers: pd.Series, bad: pd.Series
                          ) -> tuple[pd.Series, pd.Series]:
    """Birth years where a file gives dates of birth ("Geboortedatum"): the year alone is kept.

    The contract asks no more than the year, so the day of birth, which with the
    housing date can single a person out, is read and dropped here, before
    anything is written. Values that are no date either stay ``bad``.
    """
    years = _dates_or_nat(values[bad]).dt.year.reindex(values.index)
    return numbers.where(~bad, years), bad & years.isna()


def _age_band(value: object) -> object:
    text = re.sub(r"\s+", " ", str(value)).strip().lower()
    if text in ("onbekend", "unknown"):
        return "unknown"
    if found := _AGE_RANGE.match(text):
        return f"{int(found.group(1))}-{int(found.group(2))}"
    if found := _AGE_FROM.match(text):
        return f"{int(found.group(1) or found.group(2))}+"
    if found := _AGE.match(text):
        return str(int(found.group(1)))
    return str(value).strip()  # as written, for the check to refuse with its rows


def parse_contract(raw: pd.DataFrame, file: str, *,
                   value_aliases: dict[str, dict[str, str]] | None = None) -> pd.DataFrame:
    """Parse the contract columns of a raw frame into their types.

    Columns that are not in the contract are left out. Dates (ISO, Dutch
    ``dd-mm-jjjj`` and ``d-m-jj``, Excel serial numbers) become
    ``datetime64``, a time of day after them dropped; whole numbers (decimal
    commas allowed) ``Int64``, of a date of birth only its year; an age band
    becomes ``25-34`` or ``55+`` (an age, ``34``); a municipality code
    written as its number (``772``, ``0772``) becomes the CBS code
    (``GM0772``); codes are matched without regard to case and spaces, and
    Dutch labels are mapped to codes (``Voltijd baan`` to ``fulltime_work``);
    text stays ``string``. An unknown code is left as written, for the checks
    to report with its rows.

    Parameters
    ----------
    raw : pandas.DataFrame
        Output of ``map_headers``.
    file : str
        The file name, for error messages.
    value_aliases : dict, optional
        Extra value labels from the config, per column.

    Returns
    -------
    pandas.DataFrame
        The typed columns, same index (spreadsheet rows) as ``raw``.

    Raises
    ------
    InputError
        When a date or a number cannot be read, or a cell holds an Excel error.
    """
    out: dict[str, pd.Series] = {}
    for name in raw.columns:
        column = BY_NAME.get(name)
        if column is None:
            continue
        values = raw[name]
        _excel_errors(values, file, name)
        if column.kind == "date":
            out[name] = _parse_dates(values, file, name)
        elif column.kind == "int":
            numbers = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
            bad = values.notna() & (numbers.isna() | (numbers % 1 != 0))
            if bad.any() and name == "birth_year":
                numbers, bad = _years_of_birth_dates(values, numbers, bad)
            if bad.any():
                raise InputError(file, "not a whole number", column=name,
                                 rows=list(values[bad].index),
                                 expected="a year such as 1990 (an age band such as 25-34 belongs "
                                          "in a column 'Leeftijdscategorie' or age_band)")
            out[name] = numbers.astype("Int64")
        elif name == "age_band":
            out[name] = pd.Series(_per_distinct(values, _age_band, pd.NA), index=values.index,
                                  dtype=object).astype("string")
        elif name == "municipality_code":
            out[name] = values.str.strip().str.replace(
                _MUNICIPALITY_CODE, lambda m: f"GM{int(m.group(1)):04d}", regex=True
            ).astype("string")
        elif column.kind in ("code", "list") or name in VALUE_ALIASES:
            out[name] = _normalise_codes(values, name, (value_aliases or {}).get(name))
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
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual permissions
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


def read_csv_table(path: str | Path) -> pd.DataFrame:
    """Read a reference table (CSV, comma, UTF-8) such as a published flow table."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "file not found")
    return pd.read_csv(path).convert_dtypes()


def read_strings(path: str | Path, shown_as: str | None = None) -> pd.DataFrame:
    """Read a CSV whose every cell is text (empty cells become None), such as a reference table.

    Raises
    ------
    InputError
        When the file is missing.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(shown_as or str(path), "file not found")
    return pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)


@functools.cache
def _arrow_memory() -> None:
    """Let pyarrow allocate with the system's malloc, which gives freed memory back.

    pyarrow's default pool (mimalloc) keeps what it freed for its next use; a
    stage reads the clients and the disclosure register several times, and at
    300,000 people that kept memory was a tenth of the kernel's peak.
    """
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def write_parquet(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write processed data as parquet, atomically."""
    _arrow_memory()
    buffer = _stdio.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow")
    return atomic_write_bytes(path, buffer.getvalue())


def processed_frame(clients: pd.DataFrame) -> pd.DataFrame:
    """The processed form of checked clients: contract columns only, no file row numbers.

    Row numbers describe the layout of the raw file (title rows, sheet), not the
    people, so the same people give the same processed data from any file.
    """
    return clients.reset_index(drop=True)


def identity(path: str | Path) -> tuple[int, int, int] | None:
    """What tells one written file from another at the same path: inode, size and modification
    time (``atomic_write_bytes`` writes a new file each time); None when there is none."""
    try:
        stat = Path(path).stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def read_parquet(path: str | Path) -> pd.DataFrame:
    """Read processed data written by ``write_parquet``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "processed data not found; run the data-checks stage first")
    _arrow_memory()
    return pd.read_parquet(path, engine="pyarrow")


def figure_png(fig: Figure) -> bytes:
    """A figure as PNG bytes, without a timestamp or version stamp (nothing is written)."""
    buffer = _stdio.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight",
                metadata={"Software": None})
    return buffer.getvalue()


def write_figure(fig: Figure, figures_dir: str | Path, name: str) -> Path:
    """Save a figure as ``<figures_dir>/<name>.png`` without a timestamp or version stamp."""
    return atomic_write_bytes(Path(figures_dir) / f"{name}.png", figure_png(fig))


def read_json(path: str | Path) -> Any:
    """Read a JSON file; a missing or broken file is a ``ConfigError`` naming it."""
    import json

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: file not found")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid JSON ({exc})") from None


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
