"""The executive summary: headline figures read from the tables the stages wrote.

The summary never recomputes a number: it reads published tables (already
through disclosure control), so the summary and the chapters cannot disagree.
"""

from __future__ import annotations

import pandas as pd

from evalkit import labels
from evalkit.cohort import STATUS_ORDER

#: Months of the headline cumulative incidences (``outflow.HEADLINE_MONTHS``, which the
#: summary does not import: it reads published tables and needs no estimator).
HEADLINE_MONTHS = (12, 24, 36)

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


def cohort_size(headline: pd.DataFrame) -> str:
    """The number of people in the cohort, as the status table publishes it."""
    return headline.loc[headline["indicator"] == "cohort_size", "count"].iloc[0]


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


def _share(text: str, lang: str) -> str:
    return labels.localise_decimal(text, lang) + "%"


def _number(text: str) -> float | None:
    """A published cell as a number; None for an empty or suppressed cell ("", "<10")."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def whole_group_rows(table: pd.DataFrame, lang: str) -> list[tuple[str, str, str]]:
    """Key-figure rows from the published ``outflow_whole_group`` table.

    The median time to any exit (months, 95% interval), the share that left
    for work at 12, 24 and 36 months, the median wait from housing to intake,
    and the share of the whole group that left for full-time work. A figure
    without an estimate (cut below the threshold) is written out in words.
    """
    by = table.set_index("indicator")

    def estimate(indicator: str, decimals: int, percent: bool) -> str | None:
        if indicator not in by.index:
            return None
        row = by.loc[indicator]
        value = _number(row["value"])
        if value is None:
            if row.get("unit") == "share" and row["count"] and not row["count"].isdigit():
                return row["count"]  # a share left out beside its hidden count, as it is shown
            return labels.t("value.no_estimate", lang)
        scale = 100 if percent else 1
        unit = "%" if percent else ""
        shown = labels.format_number(scale * value, decimals, lang) + unit
        low, high = _number(row["lower"]), _number(row["upper"])
        if low is None or high is None:
            return shown
        return (f"{shown} ({labels.t('summary.interval', lang)} "
                f"{labels.format_number(scale * low, decimals, lang)}\u2013"
                f"{labels.format_number(scale * high, decimals, lang)}{unit})")

    rows = []
    median = estimate("median_exit_months", 1, False)
    if median is not None:
        rows.append((labels.t("headline.median_exit_months", lang), median,
                     labels.t("summary.explain_median_exit", lang)))
    work = [estimate(f"cif_work_{m}", 1, True) for m in HEADLINE_MONTHS]
    if all(w is not None for w in work):
        rows.append((labels.t("summary.work_over_time", lang), "; ".join(
            f"{m} {labels.t('summary.months_short', lang)}: {w}"
            for m, w in zip(HEADLINE_MONTHS, work, strict=True)),
            labels.t("summary.explain_work_over_time", lang)))
    wait = estimate("median_wait_housing_intake", 0, False)
    if wait is not None:
        rows.append((labels.t("headline.median_wait_housing_intake", lang), wait,
                     labels.t("summary.explain_wait", lang)))
    fulltime = estimate("share_fulltime_work", 1, True)
    if fulltime is not None and "share_fulltime_work" in by.index:
        row = by.loc["share_fulltime_work"]
        if row["count"].isdigit() and row["people"].isdigit():  # from counts, not a rounded share
            share = labels.format_number(100 * int(row["count"]) / int(row["people"]), 1, lang)
            fulltime = f"{row['count']} ({share}%; " + fulltime.split("(", 1)[1]
    if fulltime is not None:
        rows.append((labels.t("headline.share_fulltime_work", lang), fulltime,
                     labels.t("summary.explain_fulltime", lang)))
    return rows


def key_figures(status_table: pd.DataFrame, quality: dict[str, int], lang: str, *,
                routes: pd.DataFrame | None = None,
                cost_benefit: pd.DataFrame | None = None,
                whole_group: pd.DataFrame | None = None) -> pd.DataFrame:
    """The first screen of the report: each headline figure with its definition and caveat.

    Parameters
    ----------
    status_table : pandas.DataFrame
        The published ``cohort_status`` table.
    quality : dict
        ``quality_counts`` of the published check results.
    lang : {"nl", "en"}
        Language of the text.
    routes : pandas.DataFrame, optional
        The published ``bm_routes`` table (national comparison), when that stage ran.
    cost_benefit : pandas.DataFrame, optional
        The published ``cb_headline`` table, when the cost-benefit stage ran.
    whole_group : pandas.DataFrame, optional
        The published ``outflow_whole_group`` table, when the outflow stage ran.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator`` (label), ``value`` and ``explanation`` (text in ``lang``).
    """
    by_status = status_table.set_index("status")
    national = {}
    if routes is not None:
        indexed = routes.set_index("indicator")
        for key in ("integration_route_direct_work", "integration_route_no_support_yet"):
            if key in indexed.index:
                national[key] = indexed.loc[key]
    rows = [(labels.t("indicator.cohort_size", lang), by_status.loc["total", "count"],
             labels.t("summary.explain_cohort", lang))]
    work = by_status.loc["left_work"]
    value = f"{work['count']} ({_share(work['share'], lang)})"
    explanation = labels.t("summary.explain_work", lang)
    if "integration_route_direct_work" in national:
        row = national["integration_route_direct_work"]
        low, high = _number(row["lower"]), _number(row["upper"])
        if low is not None and high is not None:  # none beside a hidden count
            value = (f"{work['count']} ({_share(work['share'], lang)}; "
                     f"{labels.t('summary.interval', lang)} "
                     f"{labels.format_number(100 * low, 1, lang)}\u2013"
                     f"{labels.format_number(100 * high, 1, lang)}%)")
        explanation += " " + labels.t("summary.explain_work_national", lang, national=labels.
                                      format_number(100 * float(row["national"]), 0, lang))
    rows.append((labels.t("indicator.left_work", lang), value, explanation))
    support = by_status.loc["in_support"]
    rows.append((labels.t("indicator.in_support", lang),
                 f"{support['count']} ({_share(support['share'], lang)})",
                 labels.t("summary.explain_support", lang)))
    waiting = [s for s in ("known_not_picked_up", "not_known") if s in by_status.index]
    if waiting and all(by_status.loc[s, "count"].isdigit() for s in [*waiting, "total"]):
        count = sum(int(by_status.loc[s, "count"]) for s in waiting)
        # from the counts: adding two rounded shares can be off by a tenth
        share = 100 * count / int(by_status.loc["total", "count"])
        explanation = labels.t("summary.explain_waiting", lang)
        if "integration_route_no_support_yet" in national:
            explanation += " " + labels.t(
                "summary.explain_waiting_national", lang, national=labels.format_number(
                    100 * float(national["integration_route_no_support_yet"]["national"]), 0,
                    lang))
        rows.append((labels.t("indicator.not_yet_supported", lang),
                     f"{count} ({labels.format_number(share, 1, lang)}%)", explanation))
    if whole_group is not None and len(whole_group):
        rows += whole_group_rows(whole_group, lang)
    if cost_benefit is not None and len(cost_benefit):
        cb = cost_benefit.iloc[0]
        rows.append((labels.t("indicator.npv", lang), labels.t(
            "summary.npv_value", lang, npv=labels.format_amount(float(cb["npv"]), lang),
            low=labels.format_amount(float(cb["npv_p05"]), lang),
            high=labels.format_amount(float(cb["npv_p95"]), lang)),
            labels.t("summary.explain_npv", lang, horizon=int(float(cb["horizon"])),
                     rate=labels.format_number(100 * float(cb["discount_rate"]), 2, lang),
                     bcr=labels.format_number(float(cb["bcr"]), 1, lang),
                     p=labels.format_number(100 * float(cb["p_positive"]), 0, lang))))
    passed = quality["critical_failed"] == 0
    rows.append((labels.t("indicator.data_quality", lang),
                 labels.t("summary.quality_passed" if passed else "summary.quality_failed",
                          lang),
                 labels.t("summary.explain_quality", lang, checks=quality["checks"],
                          warnings=quality["warnings"])))
    return pd.DataFrame(rows, columns=["indicator", "value", "explanation"])


def framework_line(domains: pd.DataFrame | None, framework, lang: str) -> str | None:
    """The summary's line on the monitoring framework: its blind spots, or None without the stage.

    ``domains`` is the published ``framework_domains`` table of the run.
    """
    from evalkit.framework import blind_spot_sentence

    if domains is None:
        return None
    return labels.t("summary.blind_spots", lang,
                    sentence=blind_spot_sentence(framework, domains, lang))
