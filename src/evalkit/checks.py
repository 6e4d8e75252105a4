"""Checks on the monitoring file: what must hold before any number is computed.

This is the first layer: the required columns and the critical rules of the
input contract, with row numbers as the evaluator sees them in the file. The
Great Expectations suite in ``expectations/clients.json`` builds on it.

Results never contain the content of a row: only rule names, counts, shares
and row numbers.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from evalkit.errors import InputError
from evalkit.schema import BY_NAME, DATE_COLUMNS, REQUIRED

#: Columns of the check results table, in order.
RESULT_COLUMNS = ("check", "severity", "column", "passed", "failing", "share", "rows")

MAX_ROWS_SHOWN = 10


def require_columns(columns: list[str], file: str) -> None:
    """Stop when a required column of the input contract is missing.

    Parameters
    ----------
    columns : list of str
        The headers found in the file.
    file : str
        The file, for the message.

    Raises
    ------
    InputError
        Naming the missing columns and what the file has instead.
    """
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(file, f"required column{'s' if len(missing) > 1 else ''} missing",
                         column=", ".join(missing),
                         expected="the columns of the input contract (see data/raw/README.md)")


def _result(check: str, severity: str, column: str, failing: pd.Series, total: int) -> dict:
    rows = [int(r) for r in failing[failing].index[:MAX_ROWS_SHOWN]]
    n = int(failing.sum())
    return {
        "check": check,
        "severity": severity,
        "column": column,
        "passed": n == 0,
        "failing": n,
        "share": round(100 * n / total, 1) if total else 0.0,
        "rows": " ".join(str(r) for r in rows),
    }


def run_checks(clients: pd.DataFrame, reference_date: date) -> pd.DataFrame:
    """Run the critical checks of the input contract.

    Parameters
    ----------
    clients : pandas.DataFrame
        Typed clients as ``io.parse_contract`` returns them; the index holds
        the spreadsheet row numbers.
    reference_date : date
        The peildatum: no date may lie after it.

    Returns
    -------
    pandas.DataFrame
        One row per check: ``check``, ``severity`` (``critical`` or
        ``warning``), ``column``, ``passed``, ``failing`` (rows),
        ``share`` (percent of rows), ``rows`` (up to ten row numbers).
    """
    total = len(clients)
    ref = pd.Timestamp(reference_date)
    results = []

    missing = [c for c in REQUIRED if c not in clients.columns]
    results.append(_result("required_columns", "critical", ", ".join(missing),
                           pd.Series(bool(missing), index=clients.index), total))
    ids = clients["client_id"]
    results.append(_result("client_id_present", "critical", "client_id", ids.isna(), total))
    results.append(_result("client_id_unique", "critical", "client_id",
                           ids.notna() & ids.duplicated(keep=False), total))
    for column in DATE_COLUMNS:
        if column in clients:
            late = (clients[column] > ref).fillna(False).astype(bool)
            results.append(_result("dates_not_after_reference", "critical", column, late, total))
    early = (clients["outflow_date"] < clients["benefit_start_date"]).fillna(False).astype(bool)
    results.append(_result("outflow_not_before_benefit", "critical", "outflow_date", early, total))
    mismatch = clients["outflow_date"].notna() != clients["outflow_reason"].notna()
    results.append(_result("reason_iff_outflow", "critical", "outflow_reason", mismatch, total))
    for column in clients.columns:
        spec = BY_NAME.get(column)
        if spec is None or spec.kind not in ("code", "list") or not spec.codes:
            continue
        values = clients[column]
        if spec.kind == "list":
            unknown = values.map(
                lambda v: pd.notna(v) and any(p.strip() not in spec.codes
                                              for p in str(v).split(";") if p.strip()))
        else:
            unknown = values.notna() & ~values.isin(spec.codes)
        results.append(_result("codes_known", "critical", column,
                               unknown.fillna(False).astype(bool), total))
    return pd.DataFrame(results, columns=list(RESULT_COLUMNS))


def raise_on_critical(results: pd.DataFrame, file: str) -> None:
    """Stop with one clear message when a critical check failed.

    Parameters
    ----------
    results : pandas.DataFrame
        Output of ``run_checks``.
    file : str
        The file, for the message.

    Raises
    ------
    InputError
        For the first failing critical check, naming its column and rows and
        how many other checks failed.
    """
    failed = results[(results["severity"] == "critical") & ~results["passed"]]
    if failed.empty:
        return
    first = failed.iloc[0]
    rows = [int(r) for r in first["rows"].split()]
    more = len(failed) - 1
    problem = _PROBLEMS[first["check"]]
    if more:
        problem += f" ({more} other check{'s' if more > 1 else ''} failed too; run `evalkit check`)"
    raise InputError(file, problem, column=first["column"], rows=rows,
                     n_rows=int(first["failing"]), expected=_EXPECTED.get(first["check"]))


def results_for_report(results: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The check results with labels for the report (rule, severity and result in words)."""
    from evalkit import labels

    out = results.copy()
    out["result"] = out["passed"].map({True: "pass", False: "fail"})
    out["share"] = out["share"].map(lambda v: f"{float(v):.1f}")
    out = out[["check", "column", "severity", "result", "failing", "share", "rows"]]
    return labels.label_table(
        out, lang,
        codes={"check": "check", "severity": "severity", "result": "result"},
        headers={"check": "col.check", "column": "col.column", "severity": "col.severity",
                 "result": "col.result", "failing": "col.failing_rows",
                 "share": "col.failing_share", "rows": "col.example_rows"},
    )


_PROBLEMS = {
    "required_columns": "required column missing",
    "client_id_present": "client id is empty",
    "client_id_unique": "client id occurs more than once",
    "dates_not_after_reference": "date lies after the reference date",
    "outflow_not_before_benefit": "outflow date lies before the start of the benefit",
    "reason_iff_outflow": "an outflow reason needs an outflow date and vice versa",
    "codes_known": "unknown code",
}

_EXPECTED = {
    "client_id_present": "a pseudonym in every row",
    "client_id_unique": "one row per person",
    "dates_not_after_reference": "dates on or before the reference date in the config",
    "outflow_not_before_benefit": "outflow on or after benefit_start_date",
    "reason_iff_outflow": "both filled in, or both empty",
    "codes_known": "one of the codes of the input contract",
}
