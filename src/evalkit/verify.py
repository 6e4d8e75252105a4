"""Verification of a run: are the re-computed tables the recorded ones, cell by cell?

An auditor (rekenkamer) re-runs an evaluation with ``evalkit verify
reports/<run>``; the pipeline re-executes it from the manifest's inputs, and
the functions here compare what it wrote with what the run folder holds. They
take plain tables and return plain tables: the file work is the pipeline's.
"""

from __future__ import annotations

import pandas as pd

#: Columns of a list of differences.
DIFFERENCE_COLUMNS = ["table", "row", "key", "column", "recorded", "new"]


def compare_table(name: str, recorded: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Every cell that differs between two versions of one published table.

    Cells are compared as the text written in the CSV, so ``0.2900`` and
    ``0.29`` differ: a table is identical only when its bytes could be.

    Parameters
    ----------
    name : str
        The table's name (file name without ``.csv``).
    recorded, new : pandas.DataFrame
        The table in the run folder and as re-computed, every cell as text.

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``row`` (1 = the first data row), ``key`` (the
        row's first cell, to find it by), ``column``, ``recorded``, ``new``.
        A column or row only one side has is listed with ``""`` on the other.
    """
    rows = []
    columns = list(dict.fromkeys([*recorded.columns, *new.columns]))
    for index in range(max(len(recorded), len(new))):
        old_row = recorded.iloc[index] if index < len(recorded) else None
        new_row = new.iloc[index] if index < len(new) else None
        key = (old_row if old_row is not None else new_row).iloc[0]
        for column in columns:
            old = "" if old_row is None or column not in recorded else str(old_row[column])
            now = "" if new_row is None or column not in new else str(new_row[column])
            missing = (old_row is None or new_row is None or column not in recorded
                       or column not in new)
            if old != now or missing:
                rows.append((name, index + 1, str(key), column, old, now))
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def compare_tables(recorded: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]
                   ) -> tuple[pd.DataFrame, int]:
    """Compare every table of a run with its re-computed twin.

    Returns
    -------
    differences, cells : pandas.DataFrame, int
        The differing cells (see ``compare_table``; a table only one side has
        is one row with column ``(table)``), and how many cells were compared.
    """
    parts, cells = [], 0
    for name in sorted(set(recorded) | set(new)):
        if name not in new or name not in recorded:
            parts.append(pd.DataFrame([(name, 0, "", "(table)",
                                        "present" if name in recorded else "",
                                        "present" if name in new else "")],
                                      columns=DIFFERENCE_COLUMNS))
            continue
        cells += recorded[name].size
        parts.append(compare_table(name, recorded[name], new[name]))
    frames = [p for p in parts if not p.empty]
    differences = (pd.concat(frames, ignore_index=True) if frames
                   else pd.DataFrame(columns=DIFFERENCE_COLUMNS))
    return differences, cells


def version_differences(recorded: dict[str, str], installed: dict[str, str]) -> list[str]:
    """Packages whose installed version differs from the one the run used, as ``name a -> b``."""
    return [f"{name} {recorded[name]} -> {installed.get(name, 'not installed')}"
            for name in sorted(recorded) if recorded[name] != installed.get(name, "not installed")]


def mapping_differences(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """Keys whose value differs between two mappings of name to hash (``name differs``,
    ``name is new``, ``name is gone``)."""
    found = []
    for name in sorted(set(recorded) | set(now)):
        if name not in now:
            found.append(f"{name} is gone")
        elif name not in recorded:
            found.append(f"{name} is new")
        elif recorded[name] != now[name]:
            found.append(f"{name} differs")
    return found
