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
    """

    values: pd.DataFrame
    flags: pd.DataFrame
    threshold: int

    @property
    def hidden(self) -> pd.DataFrame:
        """Boolean mask of the cells that are not shown."""
        return self.flags != ""

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


def protect(counts: pd.DataFrame, threshold: int) -> ProtectedTable:
    """Add totals and hide small cells with primary and secondary suppression.

    Parameters
    ----------
    counts : pandas.DataFrame
        Non-negative whole counts: one row per category, one column per count
        (a frequency table has one column ``count``). No totals.
    threshold : int
        Smallest count that may be shown (config ``disclosure_threshold``).

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
    has_row_totals = values.shape[1] > 1
    if has_row_totals:
        values[TOTAL] = values.sum(axis=1)
    values.loc[TOTAL] = values.sum(axis=0)
    values = values.astype("int64")

    flags = pd.DataFrame("", index=values.index, columns=values.columns)
    small = (values > 0) & (values < threshold)
    flags = flags.mask(small, PRIMARY)

    lines = _lines(values, has_row_totals)
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if flags.at[cell] != ""]
            if len(hidden) != 1:
                continue
            shown = [cell for cell in line if flags.at[cell] == ""]
            if not shown:
                continue
            # Hide the cheapest cell: a non-zero one first (hiding a known zero
            # protects nothing when zeros are structural), interior before totals.
            def cost(cell: tuple[object, object]) -> tuple[int, int, int]:
                is_total = int(TOTAL in cell)
                return (int(values.at[cell] == 0), is_total, int(values.at[cell]))

            flags.at[min(shown, key=cost)] = SECONDARY
            changed = True
    return ProtectedTable(values=values, flags=flags, threshold=threshold)


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
    return protect(frame, threshold)


def protect_cells(counts: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Hide small counts in a table that publishes no totals, as text.

    Without published sums a hidden cell cannot be worked out, so primary
    suppression is enough. Use ``protect`` for any table with totals.
    """
    if (counts < 0).any().any():
        raise ValueError("counts must not be negative")
    text = counts.astype("int64").astype(str)
    small = (counts > 0) & (counts < threshold)
    return text.mask(small, primary_mark(threshold))


def protect_rows(counts: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Hide small counts, and the rest of their row, in a table whose rows add up internally.

    Meant for flow tables (carried in + new - outflow = remaining): with one
    cell of a row hidden, the row's own arithmetic would give it back, so every
    other count of that row is hidden too (``x``).
    """
    text = protect_cells(counts, threshold)
    small = (counts > 0) & (counts < threshold)
    rows = small.any(axis=1)
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
