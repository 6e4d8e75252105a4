"""Checks on the monitoring file with Great Expectations, suite loaded from ``expectations/``.

``build_suite`` turns the JSON suite into a GE ``ExpectationSuite`` and makes
sure none was dropped on the way; ``run_checks`` validates the typed clients
and returns one row per expectation, with spreadsheet row numbers and never
the content of a row. ``raise_on_critical`` stops a run on a critical failure
with one message naming the file, the column and the rows.
"""

from __future__ import annotations

import copy
import logging
import os
from datetime import date
from typing import Any

import pandas as pd

from evalkit.errors import EvalkitError, InputError
from evalkit.schema import BY_NAME, REQUIRED

#: Columns of the check results table, in order.
RESULT_COLUMNS = ("check", "severity", "column", "passed", "failing", "share", "rows")
SEVERITIES = ("critical", "warning")
MAX_ROWS_SHOWN = 10
ROW_COLUMN = "source_row"
EARLIEST_EXPECTED_HOUSING = pd.Timestamp("2014-01-01")
#: A file whose latest date lies more than this before the peildatum is probably not the export
#: of that day (a config moved on to a new peildatum with last time's file): everyone still on
#: benefits in it would be counted as on benefits up to the peildatum.
STALE_AFTER_DAYS = 365
#: Expectations about a column as a whole: no row fails them, the file does.
WHOLE_COLUMN = ("expect_column_max_to_be_between",)


class ExpectationsError(EvalkitError):
    """The expectation suite file is invalid or lost an expectation while loading."""

    exit_code = 2


def alias_suggestions(unknown: list[str], missing: list[str]) -> dict[str, str | None]:
    """For each missing required column, the unknown header that most likely means it (or None).

    A header whose closest contract column is the missing one comes first;
    otherwise a header not yet suggested that has the column among its
    closest; otherwise the first header not yet suggested.
    """
    from evalkit.schema import closest_columns

    near = {h: closest_columns(h) for h in unknown}
    chosen = {c: h for h in unknown for c in near[h][:1] if c in missing}
    free = [h for h in unknown if h not in chosen.values()]
    out: dict[str, str | None] = {}
    for column in missing:
        header = chosen.get(column) or next((h for h in free if column in near[h]),
                                            free[0] if free else None)
        if header in free:
            free.remove(header)
        out[column] = header
    return out


def header_advice(unknown: list[str], missing: list[str]) -> str:
    """Advice on the headers a file has but the contract does not know, as one sentence.

    Each unknown header is named with its closest contract columns; for a
    missing required column the exact ``column_aliases`` line is given, using
    the unknown header that most likely means it when there is one.
    """
    from evalkit.schema import closest_columns, column_alias_line

    parts = []
    if unknown:
        named = "; ".join(f"'{h}' (closest: {', '.join(closest_columns(h)) or 'none'})"
                          for h in unknown[:8])
        parts.append(f"headers not known: {named}"
                     + (f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""))
    for column, header in alias_suggestions(unknown, missing).items():
        parts.append(f"if your file names {column} otherwise, add to the config "
                     f"{column_alias_line(header or '<your header>', column)}")
    return "; ".join(parts)


def require_columns(columns: list[str], file: str, unknown: list[str] | None = None) -> None:
    """Stop when a required column of the input contract is missing.

    Raises
    ------
    InputError
        Naming the missing columns, the headers the file has that are not
        known, and the ``column_aliases`` line that would map them.
    """
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        advice = header_advice(unknown or [], missing)
        raise InputError(file, f"required column{'s' if len(missing) > 1 else ''} missing",
                         column=", ".join(missing),
                         expected="the columns of the input contract (see data/raw/README.md), "
                                  "or their Dutch names" + (f"; {advice}" if advice else ""))


def _columns_of(entry: dict) -> list[str]:
    kwargs = entry.get("kwargs", {})
    return [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]


def build_suite(spec: dict, source: str, *, keep: list[int] | None = None):
    """Build a Great Expectations suite from its JSON form, refusing any loss.

    Parameters
    ----------
    spec : dict
        The parsed ``expectations/clients.json``.
    source : str
        The file, for messages.
    keep : list of int, optional
        Positions of the expectations to build; all by default.

    Returns
    -------
    great_expectations.ExpectationSuite
        With ``meta["position"]`` set on each expectation (GE reorders results).

    Raises
    ------
    ExpectationsError
        When an entry lacks ``meta.check`` or a valid ``meta.severity``, GE
        refuses an entry, or GE loads a different number than the file holds.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx

    # GE logs a dropped expectation and goes on; the count below reports it instead.
    logging.getLogger("great_expectations").setLevel(logging.CRITICAL)
    entries = spec.get("expectations") if isinstance(spec, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ExpectationsError(f"{source}: no list of expectations")
    chosen = []
    for position, entry in enumerate(entries):
        meta = entry.get("meta", {}) if isinstance(entry, dict) else {}
        if not meta.get("check") or meta.get("severity") not in SEVERITIES:
            raise ExpectationsError(f"{source}: expectation {position + 1} needs meta.check and "
                                    f"meta.severity (critical or warning)")
        if keep is None or position in keep:
            entry = copy.deepcopy(entry)
            entry["meta"]["position"] = position
            chosen.append(entry)
    try:
        suite = gx.ExpectationSuite(name=spec.get("name", "clients"), expectations=chosen)
    except Exception as exc:  # GE raises several types for an invalid configuration
        raise ExpectationsError(f"{source}: Great Expectations refused an expectation: "
                                f"{str(exc).splitlines()[0]}") from None
    if len(suite.expectations) != len(chosen):
        raise ExpectationsError(f"{source}: {len(chosen)} expectations in the file, but Great "
                                f"Expectations loaded {len(suite.expectations)}")
    return suite


def _parameters(reference_date: date) -> dict[str, Any]:
    ref = pd.Timestamp(reference_date)
    return {
        "reference_date": ref,
        "reference_year": ref.year,
        "latest_adult_birth_year": ref.year - 18,
        "earliest_expected_housing": EARLIEST_EXPECTED_HOUSING,
        "stale_before": ref - pd.Timedelta(days=STALE_AFTER_DAYS),
    }


def run_checks(clients: pd.DataFrame, reference_date: date, spec: dict,
               source: str = "expectations/clients.json") -> pd.DataFrame:
    """Validate the typed clients against the expectation suite.

    Expectations on a column the file does not have are listed as not
    applicable (``passed`` empty) rather than run.

    Parameters
    ----------
    clients : pandas.DataFrame
        Typed clients (``io.parse_contract``); the index holds spreadsheet rows.
    reference_date : date
        The peildatum, given to the suite as a parameter.
    spec : dict
        The suite in its JSON form.
    source : str
        The suite file, for messages.

    Returns
    -------
    pandas.DataFrame
        One row per expectation in file order: ``check``, ``severity``,
        ``column``, ``passed`` (True, False or empty), ``failing`` (rows),
        ``share`` (percent of all rows), ``rows`` (up to ten row numbers). The
        unexpected values of code checks (never of other checks) are kept in
        ``results.attrs["unexpected_codes"]`` for the error message.
    """
    from evalkit.schema import DATE_COLUMNS

    entries = spec["expectations"]
    dates = [c for c in DATE_COLUMNS if c in clients]
    # latest_date, the latest date of any date column per row, is added for the suite's check
    # of the file as a whole (file_reaches_reference)
    present = set(clients.columns) | ({"latest_date"} if dates else set())
    applicable = [i for i, e in enumerate(entries) if set(_columns_of(e)) <= present]
    suite = build_suite(spec, source, keep=applicable)

    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    data = clients.rename_axis(ROW_COLUMN).reset_index()
    if dates:
        data["latest_date"] = data[dates].max(axis=1)
    batch = (context.data_sources.add_pandas("evalkit")
             .add_dataframe_asset("clients")
             .add_batch_definition_whole_dataframe("whole")
             .get_batch(batch_parameters={"dataframe": data}))
    outcome = batch.validate(
        suite, expectation_parameters=_parameters(reference_date),
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_COLUMN]})

    total = len(clients)
    rows: list[dict] = [{} for _ in entries]
    codes: dict[int, list[str]] = {}
    for result in outcome.results:
        position = result.expectation_config.meta["position"]
        info = result.exception_info or {}
        if info.get("raised_exception"):
            raise ExpectationsError(f"{source}: expectation {position + 1} "
                                    f"({entries[position]['meta']['check']}) could not be "
                                    f"evaluated: {info.get('exception_message')}")
        unexpected = result.result.get("unexpected_index_list") or []
        failing_rows = sorted(int(u[ROW_COLUMN]) for u in unexpected)
        failing = int(result.result.get("unexpected_count") or 0)
        if entries[position]["type"] in WHOLE_COLUMN:
            failing = None
        elif not result.success and failing == 0 and not unexpected:
            failing = total
        rows[position] = {"passed": bool(result.success), "failing": failing,
                          "rows": " ".join(str(r) for r in failing_rows[:MAX_ROWS_SHOWN])}
        if entries[position]["type"] in ("expect_column_values_to_be_in_set",
                                         "expect_column_values_to_match_regex"):
            column = entries[position]["kwargs"].get("column")
            if column not in BY_NAME or BY_NAME[column].kind in ("code", "list"):
                values = result.result.get("unexpected_list") or []
                codes[position] = sorted({str(v) for v in values})[:5]
    table = []
    for position, entry in enumerate(entries):
        done = rows[position] or {"passed": None, "failing": None, "rows": ""}
        failing = done["failing"]
        table.append({
            "check": entry["meta"]["check"],
            "severity": entry["meta"]["severity"],
            "column": ", ".join(_columns_of(entry)),
            "passed": done["passed"],
            "failing": failing,
            "share": round(100 * failing / total, 1) if failing is not None and total else None,
            "rows": done["rows"],
        })
    results = pd.DataFrame(table, columns=list(RESULT_COLUMNS))
    results["failing"] = results["failing"].astype("Int64")
    results.attrs["unexpected_codes"] = {int(k): v for k, v in codes.items()}
    return results


def raise_on_critical(results: pd.DataFrame, file: str, *, from_check: bool = False,
                      value_sets: dict[int, list[str]] | None = None) -> None:
    """Stop with one clear message when a critical check failed.

    Raises
    ------
    InputError
        For the first failing critical check (in suite order), naming its
        column and rows, and how many other checks failed (``from_check``:
        the caller has just printed them all, so the message says so rather
        than pointing at ``evalkit check``). ``value_sets`` gives, by
        position in the suite, the codes a column of another file may hold.
    """
    failed = results[(results["severity"] == "critical") & (results["passed"] == False)]  # noqa: E712
    if failed.empty:
        return
    position = failed.index[0]
    first = failed.iloc[0]
    rows = [int(r) for r in str(first["rows"]).split()]
    problem = _PROBLEMS.get(first["check"], first["check"])
    unknown = results.attrs.get("unexpected_codes", {}).get(int(position))
    column = first["column"].split(", ")[0] if first["check"] != "required_column" else first["column"]
    expected = _EXPECTED.get(first["check"])
    if unknown:
        from evalkit.schema import BY_NAME

        problem += " " + ", ".join(repr(v) for v in unknown)
        if column in BY_NAME:
            expected += "; " + label_advice(column, [str(v) for v in unknown])
        elif value_sets and int(position) in value_sets:  # a file other than the monitoring file
            expected = "one of " + ", ".join(value_sets[int(position)])
    more = len(failed) - 1
    if more:
        problem += (f" ({more} other check{'s' if more > 1 else ''} failed too; "
                    + ("see the table above)" if from_check else "`evalkit check FILE --config "
                                                                   "CONFIG` lists them all)"))
    raise InputError(file, problem, column=column, rows=rows, n_rows=int(first["failing"]),
                     expected=expected)


def label_advice(column: str, labels: list[str]) -> str:
    """The ``value_aliases`` line that would map a team's unknown labels, with the likeliest codes."""
    from evalkit.schema import BY_NAME, closest_code, value_alias_line

    pairs = {label: closest_code(column, label) or "<code>" for label in labels[:5]}
    codes = ", ".join(BY_NAME[column].codes) if column in BY_NAME else ""
    return ("if the labels mean codes, add to the config " + value_alias_line(column, pairs)
            + (f" (codes: {codes})" if codes else ""))


def results_for_report(results: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The check results with labels for the report (rule, severity and result in words)."""
    from evalkit import labels

    out = results.copy()
    out["result"] = out["passed"].map(
        lambda p: "not_applicable" if p is None or pd.isna(p) else ("pass" if p else "fail"))
    out["share"] = out["share"].map(lambda v: "" if v is None or pd.isna(v) else f"{float(v):.1f}")
    out["failing"] = out["failing"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    out = out[["check", "column", "severity", "result", "failing", "share", "rows"]]
    return labels.label_table(
        out, lang,
        codes={"check": "check", "severity": "severity", "result": "result"},
        headers={"check": "col.check", "column": "col.column", "severity": "col.severity",
                 "result": "col.result", "failing": "col.failing_rows",
                 "share": "col.failing_share", "rows": "col.example_rows"},
    )


def privacy_note(account: dict, lang: str) -> str | None:
    """The sentence saying identifiers were pseudonymised and dropped, when they were."""
    from evalkit import labels

    if not account.get("pseudonymised"):
        return None
    return labels.t("checks.privacy", lang, n=account["dropped_columns"],
                    invalid=account["invalid_bsn"])


def outcome(results: pd.DataFrame, lang: str) -> str:
    """One sentence on the outcome: every check passed, or how many gave a warning."""
    from evalkit import labels

    warnings = int((results["passed"] == False).sum())  # noqa: E712 (missing: not applicable)
    return (labels.t("checks.all_passed", lang) if warnings == 0
            else labels.t("checks.some_warnings", lang, n=warnings))


_PROBLEMS = {
    "required_column": "required column missing",
    "id_present": "client id is empty",
    "id_unique": "client id occurs more than once",
    "value_present": "empty cell",
    "municipality_code_format": "not a CBS municipality code",
    "date_not_after_reference": "date lies after the reference date",
    "file_reaches_reference": "the file's latest date lies more than a year before the "
                              "reference date",
    "outflow_not_before_benefit": "outflow date lies before the start of the benefit",
    "intake_not_before_known": "intake lies before the date the team knew the person",
    "return_not_before_outflow": "return to benefits lies before the outflow",
    "reason_when_outflow": "outflow date without an outflow reason",
    "no_reason_without_outflow": "outflow reason without an outflow date",
    "code_in_set": "unknown code",
    "codes_in_list_known": "unknown code in list",
    "birth_year_possible": "impossible birth year",
    "age_band_format": "not an age band",
    "signal_field_present": "empty cell",
    "theme_code_format": "not a theme code",
    "summary_length": "summary too short or too long",
}

_EXPECTED = {
    "required_column": "the columns of the input contract",
    "id_present": "a pseudonym in every row",
    "id_unique": "one row per person",
    "value_present": "a value in every row: the municipality and the housing date place a "
                     "person in the cohort (a totals or notes row under the data does not belong "
                     "in the file)",
    "municipality_code_format": "GM followed by four digits, such as GM0772",
    "date_not_after_reference": "dates on or before the reference date in the config",
    "file_reaches_reference": "the export of the reference date: some date in the last year",
    "outflow_not_before_benefit": "outflow on or after benefit_start_date",
    "intake_not_before_known": "intake on or after known_to_team_date",
    "return_not_before_outflow": "return_to_benefit_date on or after outflow_date",
    "reason_when_outflow": "a reason such as 'Voltijd baan' whenever there is an outflow date",
    "no_reason_without_outflow": "an empty reason while there is no outflow date",
    "code_in_set": "one of the codes of the input contract, or its Dutch label",
    "codes_in_list_known": "codes separated by ';' such as werkclub;bbl",
    "birth_year_possible": "a year between 1900 and the reference year",
    "age_band_format": "a band such as 25-34 or 55+, an age such as 34 (or 'onbekend')",
    "signal_field_present": "a value in every row of a signal",
    "theme_code_format": "a short code in lower case, such as wachttijd_intake",
    "summary_length": "an anonymised summary of 10 to 280 characters",
}
