"""Two runs side by side: their headline figures, and the revisions between their input files.

When last year's published figure differs from what this year's run says about
the same day, the evaluator must be able to say why. ``revisions`` compares
the earlier run's file with the later file *as it would have been exported on
the earlier peildatum* (``evalkit.asof``): whatever still differs was changed
in the file afterwards. It counts people by kind of change, never lists them,
and works on pseudonyms only (the processed data of both runs).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from evalkit.asof import as_of

#: The kinds of revision, in report order, with the columns whose change makes one.
REVISION_KINDS = {
    "disappeared": (),
    "appeared_backdated": (),
    "exit_added": ("outflow_date",),
    "exit_removed": ("outflow_date",),
    "exit_date_changed": ("outflow_date",),
    "reason_changed": ("outflow_reason",),
    "intake_changed": ("intake_date",),
    "start_dates_changed": ("housing_date", "benefit_start_date", "known_to_team_date",
                            "permit_date"),
    "route_changed": ("route", "pre_trajectory_start", "follow_trajectory_start",
                      "interventions", "mediated_by", "sector", "employer_project",
                      "return_to_benefit_date"),
    "background_changed": ("birth_year", "sex", "country_of_origin", "education_level",
                           "language_level", "municipality_code"),
}


def _differs(old: pd.Series, new: pd.Series) -> np.ndarray:
    missing_old, missing_new = old.isna().to_numpy(), new.isna().to_numpy()
    # compared as text: codes, dates and numbers alike, without pandas' NA in a comparison
    same = old.astype(str).to_numpy() == new.astype(str).to_numpy()
    return ~((missing_old & missing_new) | (same & ~missing_old & ~missing_new))


def revisions(old: pd.DataFrame, new: pd.DataFrame, old_day: date) -> pd.DataFrame:
    """How many people's history up to the earlier peildatum changed between two exports.

    Parameters
    ----------
    old, new : pandas.DataFrame
        The processed clients of the earlier and the later run (pseudonyms
        in ``client_id``).
    old_day : date
        The earlier run's peildatum: the later file is seen as of that day.

    Returns
    -------
    pandas.DataFrame
        ``kind`` (``REVISION_KINDS``) and ``people``; one person can count
        under several kinds, and ``any`` counts each person once.
    """
    then = as_of(new, old_day)
    old_ids, new_ids = pd.Index(old["client_id"]), pd.Index(then["client_id"])
    counts = {"disappeared": int((~old_ids.isin(pd.Index(new["client_id"]))).sum()),
              "appeared_backdated": int((~new_ids.isin(old_ids)).sum())}
    changed_people = set(old_ids[~old_ids.isin(pd.Index(new["client_id"]))]) | set(
        new_ids[~new_ids.isin(old_ids)])
    a = old.set_index("client_id")
    b = then.set_index("client_id")
    common = a.index.intersection(b.index, sort=False)
    a, b = a.loc[common], b.loc[common]
    exit_a, exit_b = a["outflow_date"], b["outflow_date"]
    kinds = {
        "exit_added": (exit_a.isna() & exit_b.notna()).to_numpy(),
        "exit_removed": (exit_a.notna() & exit_b.isna()).to_numpy(),
        "exit_date_changed": (exit_a.notna() & exit_b.notna()).to_numpy()
        & _differs(exit_a, exit_b),
        "reason_changed": (exit_a.notna() & exit_b.notna()).to_numpy()
        & _differs(a["outflow_reason"], b["outflow_reason"]),
    }
    for kind in ("intake_changed", "start_dates_changed", "route_changed", "background_changed"):
        hit = np.zeros(len(common), dtype=bool)
        for column in REVISION_KINDS[kind]:
            if column in a and column in b:
                hit |= _differs(a[column], b[column])
            elif (column in a) != (column in b):  # a column one export has and the other lacks
                present = a[column] if column in a else b[column]
                hit |= present.notna().to_numpy()
        kinds[kind] = hit
    for kind, hit in kinds.items():
        counts[kind] = int(hit.sum())
        changed_people |= set(common[hit])
    rows = [{"kind": kind, "people": counts[kind]} for kind in REVISION_KINDS]
    rows.append({"kind": "any", "people": len(changed_people)})
    return pd.DataFrame(rows)


#: The headline figures compared, by the table and row that hold them in a run folder.
HEADLINES = (
    ("cohort_status", "status", "total", "count"),
    ("cohort_status", "status", "left_work", "count"),
    ("cohort_status", "status", "in_support", "count"),
    ("cohort_status", "status", "known_not_picked_up", "count"),
    ("outflow_whole_group", "indicator", "median_exit_months", "value"),
    ("outflow_whole_group", "indicator", "cif_work_12", "value"),
    ("outflow_whole_group", "indicator", "cif_work_24", "value"),
    ("outflow_whole_group", "indicator", "median_wait_housing_intake", "value"),
    ("outflow_whole_group", "indicator", "share_fulltime_work", "value"),
    ("bm_standardised_2_5", None, 0, "ratio"),
    ("cb_headline", None, 0, "cost"),
    ("cb_headline", None, 0, "npv"),
)


def published_cell(tables: dict[str, pd.DataFrame], table: str, key: str | None, row: object,
                   column: str) -> str:
    """One cell of a run's published tables, as text: the row whose ``key`` column holds
    ``row`` (or row number ``row`` when ``key`` is None); empty when the run has no such cell."""
    frame = tables.get(table)
    if frame is None or column not in frame:
        return ""
    if key is None:
        value = str(frame[column].iloc[row]) if len(frame) > row else ""
    elif key in frame and (frame[key] == row).any():
        value = str(frame.loc[frame[key] == row, column].iloc[0])
    else:
        value = ""
    return "" if value == "nan" else value


def headline_figures(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The headline figures of two runs side by side, as each run published them.

    Parameters
    ----------
    old, new : dict
        Table name to the published table (text cells) of each run folder.

    Returns
    -------
    pandas.DataFrame
        ``table``, ``row``, ``column``, ``old``, ``new`` and ``same``; a figure
        neither run published is left out, one only one run has is kept with
        the other side empty.
    """
    rows = []
    for table, key, row, column in HEADLINES:
        found = [published_cell(tables, table, key, row, column) for tables in (old, new)]
        if any(found):
            rows.append({"table": table, "row": str(row), "column": column, "old": found[0],
                         "new": found[1], "same": found[0] == found[1]})
    return pd.DataFrame(rows, columns=["table", "row", "column", "old", "new", "same"])
