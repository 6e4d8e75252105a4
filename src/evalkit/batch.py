"""Many evaluations at once (``evalkit batch``): what each one is, and the comparison across them.

A batch is one evaluation per municipality of a regional file, or one per
config of a folder. The runs themselves are ordinary runs (``pipeline.run``),
each with its own run folder, manifest and report, so that every one can be
verified on its own. The comparison across them is made only from what the
runs published: every number in it is a cell of a municipality's own report,
already through its disclosure control, so putting them side by side discloses
nothing new (docs/design.md, "Batches").
"""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd

from evalkit.compare import published_cell
from evalkit.config import slug

#: Blocks of a regional config that describe the region, not one municipality: a
#: municipality's evaluation leaves them out (its budget, staffing and own figures are not
#: the region's).
REGION_ONLY = ("cost_benefit", "staffing", "framework_tables", "signals_file", "run_name",
               "reference_case")

#: The indicators compared: name, published table, key column, key, value column, and the
#: interval's columns (None for a count).
INDICATORS = (
    ("people", "cohort_status", "status", "total", "count", None),
    ("left_work", "cohort_status", "status", "left_work", "count", None),
    ("in_support", "cohort_status", "status", "in_support", "count", None),
    ("median_exit_months", "outflow_whole_group", "indicator", "median_exit_months", "value",
     ("lower", "upper")),
    ("cif_work_12", "outflow_whole_group", "indicator", "cif_work_12", "value",
     ("lower", "upper")),
    ("cif_work_24", "outflow_whole_group", "indicator", "cif_work_24", "value",
     ("lower", "upper")),
    ("median_wait_housing_intake", "outflow_whole_group", "indicator",
     "median_wait_housing_intake", "value", ("lower", "upper")),
    ("share_fulltime_work", "outflow_whole_group", "indicator", "share_fulltime_work", "value",
     ("lower", "upper")),
    ("bm_standardised_2_5", "bm_standardised_2_5", None, 0, "ratio", ("lower", "upper")),
)

#: How each estimate is written (``publish``'s formats); counts are shown as published.
KINDS = {"median_exit_months": "months", "cif_work_12": "percent", "cif_work_24": "percent",
         "median_wait_housing_intake": "days", "share_fulltime_work": "percent",
         "bm_standardised_2_5": "ratio"}

#: The estimate drawn for every municipality with its interval in the comparison report.
DRAWN = "cif_work_24"

#: Columns of the batch's account of its runs (``batch_runs.csv``).
OUTCOME_COLUMNS = ["member", "municipality_code", "config", "run_id", "status", "seconds",
                   "reason"]


def municipality_config(region: dict[str, Any], code: str, name: str) -> dict[str, Any]:
    """The config of one municipality's evaluation from a regional file's config.

    Parameters
    ----------
    region : dict
        The regional config as parsed from YAML; not changed.
    code, name : str
        The municipality's CBS code and name.

    Returns
    -------
    dict
        The same evaluation restricted to ``code`` (``select_municipality``),
        named for the municipality, without the blocks of ``REGION_ONLY``
        (the reference case is kept for its own municipality). Its run folder
        is ``<municipality>-<peildatum>-<region>``, so that it never takes the
        place of the municipality's evaluation of its own file.
    """
    data = copy.deepcopy(region)
    case = data.get("reference_case")
    for key in REGION_ONLY:
        data.pop(key, None)
    if isinstance(case, dict) and case.get("municipality_code") == code:
        data["reference_case"] = case
    day = str(region.get("reference_date", ""))
    data.update(municipality=name, area="municipality", municipality_code=code,
                select_municipality=code,
                run_name=f"{slug(name)}-{day}-{slug(str(region.get('municipality', '')))}"[:80]
                .rstrip("-"))
    return data


def comparison(runs: list[tuple[str, str, dict[str, pd.DataFrame]]]) -> pd.DataFrame:
    """The indicators of every run side by side, as each run published them.

    Parameters
    ----------
    runs : list of tuple
        ``(municipality_code, municipality, tables)`` per run, ``tables``
        being the run's published tables by name (text cells).

    Returns
    -------
    pandas.DataFrame
        ``indicator``, ``municipality_code``, ``municipality``, ``value``,
        ``lower`` and ``upper``, as text: a hidden cell stays ``<10`` or ``x``,
        an estimate a run did not make is empty. An indicator no run published
        is left out.
    """
    rows = []
    for indicator, table, key, row, column, bounds in INDICATORS:
        found = []
        for code, name, tables in runs:
            value, low, high = (published_cell(tables, table, key, row, c) if c else ""
                                for c in (column, *(bounds or (None, None))))
            found.append({"indicator": indicator, "municipality_code": code,
                          "municipality": name, "value": value, "lower": low, "upper": high})
        if any(f["value"] for f in found):
            rows.extend(found)
    return pd.DataFrame(rows, columns=["indicator", "municipality_code", "municipality", "value",
                                       "lower", "upper"])


def funnel_counts(compared: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, list[str]]:
    """Per municipality, the people and those who left for work, where its report shows both.

    Returns
    -------
    counts : pandas.DataFrame
        ``municipality_code``, ``municipality``, ``people``, ``count`` of the
        municipalities whose report shows both numbers and at least
        ``threshold`` people.
    left_out : list of str
        The other municipalities, by name: their report hides one of the two.
    """
    def numbers(indicator: str) -> pd.Series:
        part = compared[compared["indicator"] == indicator].set_index("municipality_code")
        return pd.to_numeric(part["value"], errors="coerce")

    if compared.empty or not {"people", "left_work"} <= set(compared["indicator"]):
        names = compared.drop_duplicates("municipality_code")["municipality"].tolist()
        return pd.DataFrame(columns=["municipality_code", "municipality", "people", "count"]), names
    names = compared.drop_duplicates("municipality_code").set_index("municipality_code")[
        "municipality"]
    people, work = numbers("people"), numbers("left_work")
    shown = people.notna() & work.reindex(people.index).notna() & (people >= threshold)
    codes = people.index[shown.to_numpy()]
    counts = pd.DataFrame({"municipality_code": codes, "municipality": names[codes].to_numpy(),
                           "people": people[codes].astype("int64").to_numpy(),
                           "count": work[codes].astype("int64").to_numpy()})
    return counts, names[~names.index.isin(codes)].tolist()


def outcomes(rows: list[dict]) -> pd.DataFrame:
    """The batch's account of its runs: one row per evaluation, in the batch's order."""
    frame = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
    frame["seconds"] = [("" if pd.isna(v) else f"{v:.1f}") for v in frame["seconds"]]
    return frame



def interval_rows(compared: pd.DataFrame, indicator: str) -> list[tuple[str, float, float, float]]:
    """``(municipality, value, lower, upper)`` of one indicator, where a run published all three."""
    part = compared[compared["indicator"] == indicator]
    numbers = estimates(part)
    whole = numbers.notna().all(axis=1).to_numpy()
    return [(name, *values) for name, values in zip(
        part["municipality"][whole], numbers[whole].itertuples(index=False, name=None),
        strict=True)]


def estimates(part: pd.DataFrame) -> pd.DataFrame:
    """``value``, ``lower`` and ``upper`` of compared rows as numbers; NaN where hidden or none."""
    return part[["value", "lower", "upper"]].apply(pd.to_numeric, errors="coerce")
