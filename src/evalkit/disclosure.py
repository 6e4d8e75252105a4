"""Small-cell suppression: every published table passes through here.

Rules (docs/design.md, "Privacy and disclosure"): a cell of fewer than ``threshold``
people (but more than none) is hidden and shown as ``<10``; where a hidden cell
could be worked out from a row or column total, a second cell of that line is
hidden too (secondary suppression, shown as ``x``); a percentage is shown only
on a base of at least ``threshold`` people and never for a hidden count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TOTAL = "total"
SECONDARY_MARK = "x"

PRIMARY = "primary"
SECONDARY = "secondary"
SHOWN = "shown"


#: A cell's flag in a ``ProtectedTable`` to its state in the audit's register.
_STATE = {"": SHOWN, PRIMARY: PRIMARY, SECONDARY: SECONDARY}


def cell_state(text: str, threshold: int) -> str:
    """How a published count cell is shown: ``shown``, ``primary`` (``<10``) or ``secondary`` (``x``)."""
    if text == primary_mark(threshold):
        return PRIMARY
    return SECONDARY if text == SECONDARY_MARK else SHOWN


def primary_mark(threshold: int) -> str:
    """The text shown in place of a count below the threshold, e.g. ``<10``."""
    return f"<{threshold}"


def shown_count(count: int, threshold: int) -> str:
    """A single count as prose may show it: the number, or ``<10`` below the threshold."""
    return str(int(count)) if count >= threshold else primary_mark(threshold)


@dataclass(frozen=True)
class ProtectedTable:
    """Counts with margins and, per cell, whether it is hidden and why.

    Attributes
    ----------
    values : pandas.DataFrame
        True counts including the ``total`` row (and ``total`` column when
        there is more than one count column). Never publish these directly.
    flags : pandas.DataFrame
        Same shape: ``""`` for shown cells, ``"primary"`` or ``"secondary"``.
    threshold : int
        The smallest count shown.
    members : pandas.DataFrame, optional
        The people counted, one row per person (indexed by position in the
        processed data): ``row`` (the category they are counted under) and,
        for a cross table, ``column``. Kept for the run's disclosure audit;
        never published.
    """

    values: pd.DataFrame
    flags: pd.DataFrame
    threshold: int
    members: pd.DataFrame | None = None

    @property
    def hidden(self) -> pd.DataFrame:
        """Boolean mask of the cells that are not shown."""
        return self.flags != ""

    def cells(self) -> list[dict]:
        """Every count cell with its true value, how it is shown, and its people (for the audit).

        Empty when the table was built from counts alone (``protect``), not from people.
        """
        if self.members is None:
            return []
        rows = self.members["row"]
        columns = self.members["column"] if "column" in self.members else None
        people = self.members.index.to_numpy("int64")
        # one comparison per row and per column, not per cell: the audit rebuilds tables often
        in_column = {column: (columns == column).fillna(False).to_numpy(dtype=bool)
                     for column in self.values.columns
                     if columns is not None and column != TOTAL}
        # each person's row as a number (-1: none), so a row is an integer comparison, not
        # one of every person's key (at 300,000 people, 4 ms a row against 0.2 ms)
        codes, keys = _numbered(rows)
        out = []
        for r, row_key in enumerate(self.values.index):
            in_row = codes >= 0 if row_key == TOTAL else codes == keys.get(row_key, -2)
            for column in self.values.columns:
                in_cell = in_row & in_column[column] if column in in_column else in_row
                out.append({"row": r, "key": row_key, "column": str(column),
                            "total": row_key == TOTAL or column == TOTAL,
                            "value": int(self.values.at[row_key, column]),
                            "state": _STATE[self.flags.at[row_key, column]],
                            "members": people[in_cell]})
        return out

    def states(self) -> np.ndarray:
        """How each cell of ``cells()`` is shown, in the same order, without its people."""
        if self.members is None:
            return np.array([], dtype=object)
        return np.array([_STATE[flag] for flag in self.flags.to_numpy().ravel()], dtype=object)

    def with_hidden(self, cells: set[tuple[object, str]]) -> ProtectedTable:
        """The same table with more cells hidden (``x``), and the lines they open closed again.

        ``cells`` are ``(row, column)`` of cells to hide besides the table's own
        suppression: the run's disclosure audit asks for them when tables
        published earlier would give a hidden cell back (``Publisher``).
        """
        flags = self.flags.copy()
        for cell in cells:
            flags.at[cell] = SECONDARY  # a small cell too: "x" says less than "<10"
        _close(self.values, flags, _lines(self.values, TOTAL in self.values.columns))
        return ProtectedTable(self.values, flags, self.threshold, self.members)

    def shown_numbers(self, column: str = "count", *, share: bool = False,
                      decimals: int = 1) -> pd.Series:
        """The cells of one column as shown, as numbers for a figure: NaN where hidden, no total.

        With ``share``, the published percentages (rounded as shown) instead of the counts.
        """
        if share:
            text = self.shares("column", decimals)[column]
            numbers = text.map(lambda v: np.nan if v == SECONDARY_MARK else float(v))
        else:
            numbers = self.values[column].astype(float).where(~self.hidden[column])
        return numbers.drop(index=TOTAL)

    def counts(self) -> pd.DataFrame:
        """The publishable counts as text: numbers, ``<10`` or ``x``."""
        out = self.values.astype(object).map(lambda v: str(int(v)))
        out = out.mask(self.flags == PRIMARY, primary_mark(self.threshold))
        return out.mask(self.flags == SECONDARY, SECONDARY_MARK)

    def shares(self, along: str = "column", decimals: int = 1) -> pd.DataFrame:
        """Publishable percentages of the line total.

        Parameters
        ----------
        along : {"column", "row"}
            ``"column"``: each cell as a percentage of its column total;
            ``"row"``: of its row total.
        decimals : int
            Decimals shown.

        Returns
        -------
        pandas.DataFrame
            Percentages as text; ``x`` where the count is hidden or the base
            is below the threshold.
        """
        if along == "column":
            base = pd.DataFrame({c: self.values.loc[TOTAL, c] for c in self.values.columns},
                                index=self.values.index)
            base_hidden = pd.DataFrame({c: self.hidden.loc[TOTAL, c] for c in self.values.columns},
                                       index=self.values.index)
        elif along == "row" and TOTAL in self.values.columns:
            base = pd.DataFrame({c: self.values[TOTAL] for c in self.values.columns})
            base_hidden = pd.DataFrame({c: self.hidden[TOTAL] for c in self.values.columns})
        else:
            raise ValueError("along must be 'column', or 'row' for a table with a total column")
        pct = self.values.astype(float).div(base.where(base > 0)) * 100
        text = pct.map(lambda v: f"{v:.{decimals}f}" if pd.notna(v) else SECONDARY_MARK)
        blocked = self.hidden | base_hidden | (base < self.threshold)
        return text.mask(blocked, SECONDARY_MARK)

    def published(self, *, share: str | None = "column", count_name: str = "count",
                  share_name: str = "share") -> pd.DataFrame:
        """The table as it may be written or shown: category column, counts, shares.

        For a one-column table the result has columns ``category``, ``count``
        and ``share``; for a cross table, one count column per original column
        (and the total), followed by ``<column>_share`` columns when ``share``
        is given.
        """
        counts = self.counts()
        name = self.values.index.name or "category"
        if list(counts.columns) == [count_name]:
            out = counts.rename(columns={count_name: count_name})
            if share:
                out[share_name] = self.shares(share)[count_name]
        else:
            out = counts
            if share:
                shares = self.shares(share).add_suffix(f"_{share_name}")
                out = pd.concat([out, shares], axis=1)
        out.index.name = name
        return out.reset_index()


def _lines(table: pd.DataFrame, has_row_totals: bool) -> list[list[tuple[object, object]]]:
    """The sets of cells tied together by one published sum."""
    rows, cols = list(table.index), list(table.columns)
    lines = [[(r, c) for r in rows] for c in cols]  # each column sums to its total row
    if has_row_totals:
        lines += [[(r, c) for c in cols] for r in rows]
    return lines


def _close(values: pd.DataFrame, flags: pd.DataFrame, lines: list) -> None:
    """Add secondary suppressions until no line of a published sum has exactly one hidden cell."""
    def cost(cell: tuple[object, object]) -> tuple[int, int, int]:
        # A non-zero cell first (hiding a known zero protects nothing when zeros are
        # structural), interior before totals, the smallest first.
        return (int(values.at[cell] == 0), int(TOTAL in cell), int(values.at[cell]))

    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if flags.at[cell] != ""]
            shown = [cell for cell in line if flags.at[cell] == ""]
            if len(hidden) == 1 and shown:
                flags.at[min(shown, key=cost)] = SECONDARY
                changed = True


def protect(counts: pd.DataFrame, threshold: int, *, row_totals: bool | None = None,
            members: pd.DataFrame | None = None) -> ProtectedTable:
    """Add totals and hide small cells with primary and secondary suppression.

    Parameters
    ----------
    counts : pandas.DataFrame
        Non-negative whole counts: one row per category, one column per count
        (a frequency table has one column ``count``). No totals.
    threshold : int
        Smallest count that may be shown (config ``disclosure_threshold``).
    row_totals : bool, optional
        Add a ``total`` column; by default when there is more than one count
        column. False for columns that are not parts of a whole (people, and
        the observed among them).
    members : pandas.DataFrame, optional
        The people behind the counts (see ``ProtectedTable``), for the audit.

    Returns
    -------
    ProtectedTable
        Counts with a ``total`` row (and column, for a cross table) and the
        suppression flags.

    Notes
    -----
    Secondary suppression is the usual heuristic: in every line tied by a
    published total (each column with its total row, each row with its total
    column), a line with exactly one hidden cell gets a second one, the
    smallest non-zero shown cell of that line, until no line has exactly one.
    A single hidden cell in a line can be recovered by subtraction; two or
    more cannot.
    """
    if counts.empty:
        raise ValueError("cannot protect an empty table")
    if (counts < 0).any().any():
        raise ValueError("counts must not be negative")
    values = counts.astype("int64").copy()
    has_row_totals = values.shape[1] > 1 if row_totals is None else row_totals
    if has_row_totals:
        values[TOTAL] = values.sum(axis=1)
    values.loc[TOTAL] = values.sum(axis=0)
    values = values.astype("int64")

    flags = pd.DataFrame("", index=values.index, columns=values.columns)
    small = (values > 0) & (values < threshold)
    flags = flags.mask(small, PRIMARY)

    _close(values, flags, _lines(values, has_row_totals))
    return ProtectedTable(values=values, flags=flags, threshold=threshold, members=members)


def frequency_table(series: pd.Series, threshold: int, *, order: list | None = None,
                    name: str = "category") -> ProtectedTable:
    """Count the values of one column and protect the result.

    Parameters
    ----------
    series : pandas.Series
        One value per person (missing values are counted under ``"unknown"``).
    threshold : int
        Smallest count shown.
    order : list, optional
        Categories in display order; categories with no people are kept as 0.
    name : str
        Name of the category column.

    Returns
    -------
    ProtectedTable
    """
    values = series.astype("object").where(series.notna(), "unknown")
    counts = values.value_counts(sort=False)
    if order is not None:
        extra = sorted(set(counts.index) - set(order), key=str)
        counts = counts.reindex(list(order) + extra, fill_value=0)
    else:
        counts = counts.sort_index(key=lambda idx: idx.map(str))
    frame = counts.to_frame("count")
    frame.index.name = name
    return protect(frame, threshold, members=pd.DataFrame({"row": values}))


def cross_table(rows: pd.Series, columns: pd.Series, threshold: int, *,
                column_order: list | None = None, name: str = "category") -> ProtectedTable:
    """Count people by two characteristics (rows by columns) and protect the result.

    Parameters
    ----------
    rows, columns : pandas.Series
        One value per person each, indexed alike (people with a missing row
        value are left out).
    threshold : int
        Smallest count shown.
    column_order : list, optional
        Columns in display order; columns with no people are kept as 0.
    name : str
        Name of the row column.

    Returns
    -------
    ProtectedTable
        With a total row and a total column.
    """
    counts = pd.crosstab(rows, columns)
    if column_order is not None:
        counts = counts.reindex(columns=list(column_order), fill_value=0)
    counts.columns.name = None
    counts = counts.sort_index()
    counts.index.name = name
    return protect(counts, threshold, members=pd.DataFrame({"row": rows, "column": columns}))


def group_members(groups: pd.Series, **columns: pd.Series | bool) -> dict:
    """The people behind each count cell of a table with one row per group.

    Parameters
    ----------
    groups : pandas.Series
        The group of each person (the table's row key), indexed by position in
        the processed data; people outside every row have a missing value.
    **columns : pandas.Series of bool, or True
        For each count column, who of the group is counted (True: all of it).

    Returns
    -------
    dict
        ``(group, column)`` to the positions of the people, as ``Publisher``
        methods take them (``members=``).
    """
    out = {}
    codes, keys = _numbered(groups)
    for column, counted in columns.items():
        counted = pd.Series(True, index=groups.index) if counted is True else counted
        counted = counted.reindex(groups.index, fill_value=False).astype(bool)
        for group, number in keys.items():  # in order of first appearance, as unique() gives
            mine = codes == number
            out[(group, column)] = groups.index[mine & counted.to_numpy(dtype=bool)]
    return out


def _numbered(values: pd.Series) -> tuple[np.ndarray, dict]:
    """Each value's number (-1 where missing) and the numbers by value, in order of first
    appearance: ``values == key`` is then ``numbers == keys[key]``."""
    codes, uniques = pd.factorize(values)
    return np.asarray(codes), {key: number for number, key in enumerate(uniques)}


def protect_cells(counts: pd.DataFrame, threshold: int, *, summed: tuple[str, ...] = (),
                  hidden: set[tuple[int, str]] = frozenset()) -> pd.DataFrame:
    """Hide small counts in a table that publishes no totals of its own, as text.

    Without a published sum a hidden cell cannot be worked out, so primary
    suppression is enough. A column whose sum is published elsewhere (in a
    summary table beside it) is named in ``summed``: a column with exactly
    one hidden cell then gets a second one, its smallest non-zero shown cell
    (``x``), as ``protect`` does along a line. ``hidden`` names more cells to
    hide, as ``(row position, column)``. Use ``protect`` for a table with
    totals of its own.
    """
    # in NumPy: the disclosure audit builds a table again for every cell it tries
    values = counts.to_numpy(dtype="int64")
    if (values < 0).any():
        raise ValueError("counts must not be negative")
    text = values.astype(str).astype(object)
    text[(values > 0) & (values < threshold)] = primary_mark(threshold)
    columns = list(counts.columns)
    for position, column in hidden:  # a small cell too: "x" says less than "<10"
        text[position, columns.index(column)] = SECONDARY_MARK
    for column in summed:
        at = columns.index(column)
        hidden_here = np.isin(text[:, at], [primary_mark(threshold), SECONDARY_MARK])
        shown = np.flatnonzero(~hidden_here & (values[:, at] > 0))
        if int(hidden_here.sum()) == 1 and len(shown):
            # the smallest shown cell, the first of equals (argmin takes the first)
            text[shown[np.argmin(values[shown, at])], at] = SECONDARY_MARK
    return pd.DataFrame(text, index=counts.index, columns=counts.columns)


def protect_row_sums(counts: pd.DataFrame, threshold: int, total: str, *,
                     hidden: set[tuple[int, str]] = frozenset()) -> pd.DataFrame:
    """Hide small counts in a table whose rows each publish their sum (the column ``total``).

    A row with exactly one hidden part would give it back as the total minus
    the others, so it gets a second: its smallest non-zero shown part (``x``),
    never the total itself while a part can serve. ``hidden`` as for
    ``protect_cells``.
    """
    text = protect_cells(counts, threshold, hidden=hidden)
    parts = [c for c in counts.columns if c != total]
    marks = (primary_mark(threshold), SECONDARY_MARK)
    for position in range(len(counts)):
        row = text.iloc[position]
        if row[total] in marks:
            continue
        hidden_parts = [c for c in parts if row[c] in marks]
        shown = [c for c in parts if row[c] not in marks and counts.iloc[position][c] > 0]
        if len(hidden_parts) == 1:
            if shown:
                smallest = min(shown, key=lambda c: (counts.iloc[position][c], parts.index(c)))
                text.iat[position, text.columns.get_loc(smallest)] = SECONDARY_MARK
            else:
                text.iat[position, text.columns.get_loc(total)] = SECONDARY_MARK
    return text


def protect_rows(counts: pd.DataFrame, threshold: int, *,
                 hidden: set[tuple[int, str]] = frozenset()) -> pd.DataFrame:
    """Hide small counts, and the rest of their row, in a table whose rows add up internally.

    Meant for flow tables (carried in + new - outflow = remaining): with one
    cell of a row hidden, the row's own arithmetic would give it back, so every
    other count of that row is hidden too (``x``). ``hidden`` names more
    cells, as ``(row position, column)``: each is shown as ``x`` and its row
    is hidden whole.
    """
    text = protect_cells(counts, threshold, hidden=hidden)
    small = (counts > 0) & (counts < threshold) & (text != SECONDARY_MARK)
    rows = small.any(axis=1) | pd.Series(range(len(counts)), index=counts.index).isin(
        {row for row, _ in hidden})
    return text.mask(rows.to_numpy()[:, None] & ~small.to_numpy(), SECONDARY_MARK)


def cut_curve(curve: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Drop the part of a survival or incidence curve where fewer than ``threshold`` remain at risk.

    Parameters
    ----------
    curve : pandas.DataFrame
        A step curve with an ``at_risk`` column, in time order.
    threshold : int
        The disclosure threshold.

    Returns
    -------
    pandas.DataFrame
        The curve up to (not including) the first time with too few at risk.
    """
    below = curve["at_risk"] < threshold
    if not below.any():
        return curve
    return curve.iloc[: int(np.argmax(below.to_numpy()))]


def quotable(sizes: pd.Series, threshold: int) -> list:
    """The groups (themes) with at least ``threshold`` members, largest first, ties by name.

    A theme with fewer signals is counted with the other small themes and never
    quoted: a quote from a theme of one or two signals is one person's story.
    """
    large = sizes[sizes >= threshold]
    return sorted(large.index, key=lambda name: (-int(large[name]), str(name)))
