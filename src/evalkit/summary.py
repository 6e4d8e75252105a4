"""The executive summary: headline figures read from the tables the stages wrote.

The summary never recomputes a number: it reads published tables (already
through disclosure control), so the summary and the chapters cannot disagree.
"""

from __future__ import annotations

import pandas as pd

from evalkit.cohort import STATUS_ORDER

#: Headline indicators from the status table: every status, in the order of KplusV Tabel 3.
HEADLINE_STATUSES = STATUS_ORDER


def headline_from_status(status_table: pd.DataFrame) -> pd.DataFrame:
    """Headline rows from the published status table (``tables/cohort_status.csv``).

    Parameters
    ----------
    status_table : pandas.DataFrame
        Columns ``status``, ``count``, ``share`` as text, with a ``total`` row.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator`` (label key suffix), ``count`` and ``share``: the
        cohort size first, then one row per status.
    """
    by_status = status_table.set_index("status")
    rows = [{"indicator": "cohort_size", "count": by_status.loc["total", "count"], "share": "100.0"}]
    for status in HEADLINE_STATUSES:
        if status in by_status.index:
            rows.append({"indicator": status, "count": by_status.loc[status, "count"],
                         "share": by_status.loc[status, "share"]})
    return pd.DataFrame(rows, columns=["indicator", "count", "share"])


def quality_counts(check_results: pd.DataFrame) -> dict[str, int]:
    """How many checks passed, and how many critical and warning checks failed."""
    passed = check_results["passed"].astype(str).str.lower()
    failed = passed == "false"
    severity = check_results["severity"]
    return {
        "checks": int((passed != "").sum()),
        "passed": int((passed == "true").sum()),
        "not_applicable": int((passed == "").sum()),
        "critical_failed": int(((severity == "critical") & failed).sum()),
        "warnings": int(((severity == "warning") & failed).sum()),
    }
