"""Publishing: the one route by which a stage's tables and figures reach disk and the report.

Every table a stage publishes goes through ``publish_table``,
``publish_estimates``, ``publish_flows`` or ``publish_values``: disclosure
control is applied there with the run's threshold, the CSV is written, and
the labelled table is shown. ``heading``, ``paragraph``, ``show_table`` and
``show_figure`` put text, tables and figures in the report; they show only
published (disclosure-controlled) tables and text from the label catalogue.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from evalkit import labels
from evalkit.disclosure import ProtectedTable

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# A decimal written by a table (29.0, 0.2900), never a Dutch amount already formatted with a
# thousands point (665.088): three digits after the point are a thousands group, not decimals.
_NUMBER = re.compile(r"^-?\d+\.(?:\d{1,2}|\d{4,})$")


def _display_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


def heading(text: str, level: int = 2) -> None:
    """Show a section heading in the report (level 2 opens a stage, 3 a section)."""
    _display_html(f"<h{level}>{html.escape(text)}</h{level}>")


def paragraph(text: str, css_class: str = "") -> None:
    """Show one paragraph of report text (already in the report's language)."""
    cls = f' class="{css_class}"' if css_class else ""
    _display_html(f"<p{cls}>{html.escape(text)}</p>")


def left_out(analysis: str, column: str, state: str, lang: str) -> None:
    """Say in one sentence which analysis was left out because an optional column is missing or empty.

    ``state`` is ``schema.column_state``'s answer; ``analysis`` a key of the
    ``analysis.*`` labels.
    """
    paragraph(labels.t(f"left_out.{state}", lang, analysis=labels.t(f"analysis.{analysis}", lang),
                       column=column), "evalkit-note evalkit-left-out")


def localise_numbers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Write decimal numbers with a decimal comma in Dutch (29,0), a point in English."""
    if lang != "nl":
        return frame
    return frame.map(lambda v: labels.localise_decimal(v, lang)
                     if isinstance(v, str) and _NUMBER.match(v) else v)


_HIDDEN = re.compile(r"^<\d+$")
_NUMERIC_CELL = re.compile(r"^([-\u2212]?\d{1,3}([.,]?\d{3})*([.,]\d+)?%?|<\d+|x|PM|)$")


def _table(frame: pd.DataFrame) -> str:
    """A plain HTML table; columns of numbers (or hidden cells) are marked ``num``."""
    cells = frame.astype(object).where(frame.notna(), "").astype(str)
    numeric = [bool(len(cells)) and cells[c].map(lambda v: bool(_NUMERIC_CELL.match(v))).all()
               and cells[c].ne("").any() for c in cells.columns]
    marks = [' class="num"' if n else "" for n in numeric]
    head = "".join(f"<th{m}>{html.escape(str(c))}</th>"
                   for c, m in zip(cells.columns, marks, strict=True))
    rows = []
    for record in cells.itertuples(index=False):
        tds = "".join(f"<td{m}>{html.escape(v)}</td>" for v, m in zip(record, marks, strict=True))
        rows.append(f"<tr>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def format_estimate(value: float | None, lower: float | None = None, upper: float | None = None,
                    *, lang: str, decimals: int = 1, percent: bool = False,
                    missing_key: str = "value.not_reached") -> str:
    """An estimate with its 95% interval as the report writes it: ``14,2 (12,0-16,1)``.

    A missing value (a median not reached, a curve cut below the threshold)
    is written out in words, never as ``inf`` or ``nan``.
    """
    def one(v: float | None) -> str | None:
        if v is None or pd.isna(v):
            return None
        return labels.format_number(v * 100 if percent else v, decimals, lang)

    point = one(value)
    if point is None:
        return labels.t(missing_key, lang)
    low, high = one(lower), one(upper)
    if low is None and high is None:
        return point
    return f"{point} ({low or '?'}\u2013{high or labels.t('value.open', lang)})"


def table_html(frame: pd.DataFrame, caption: str, *, source: str | None = None,
               note: str | None = None, has_total: bool = False) -> str:
    """Render a published table as an HTML figure with caption, source and note."""
    body = _table(frame)
    css = "evalkit-table has-total" if has_total else "evalkit-table"
    parts = [f'<figure class="{css}"><figcaption data-kind="table">'
             f"{html.escape(caption)}</figcaption>", body]
    if source:
        parts.append(f'<p class="evalkit-source">{html.escape(source)}</p>')
    if note:
        parts.append(f'<p class="evalkit-note">{html.escape(note)}</p>')
    parts.append("</figure>")
    return "".join(parts)


def show_table(frame: pd.DataFrame, caption: str, lang: str, *, source: str | None = None,
               note: str | None = None, has_total: bool = False) -> None:
    """Show a published, labelled table with its caption; numbering happens in the report.

    A table with a suppressed cell (``<10``) always gets the note that explains it.
    """
    marks = {v for v in frame.astype(str).to_numpy().ravel() if _HIDDEN.match(v)}
    if marks:
        explained = labels.t("report.suppressed_note", lang,
                             threshold=min(int(m[1:]) for m in marks))
        if explained not in (note or ""):
            note = f"{note} {explained}" if note else explained
    _display_html(table_html(localise_numbers(frame, lang), caption, source=source, note=note,
                             has_total=has_total))


def figure_html(png: bytes, caption: str, *, source: str | None = None, alt: str = "") -> str:
    """Render PNG bytes as an embedded HTML figure with caption and source."""
    data = base64.b64encode(png).decode("ascii")
    parts = [f'<figure class="evalkit-figure"><figcaption data-kind="figure">'
             f"{html.escape(caption)}</figcaption>",
             f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt or caption)}"/>']
    if source:
        parts.append(f'<p class="evalkit-source">{html.escape(source)}</p>')
    parts.append("</figure>")
    return "".join(parts)


def show_figure(fig: Figure, figures_dir: str | Path, name: str, caption: str, *,
                source: str | None = None) -> None:
    """Save a figure into the run's ``figures/`` and show it, embedded, with its caption.

    Returns nothing: a path as a cell's last value would be printed into the
    executed notebook, naming the run's scratch folder.
    """
    from evalkit.io import write_figure

    path = write_figure(fig, figures_dir, name)
    _display_html(figure_html(path.read_bytes(), caption, source=source))


def publish_table(table: ProtectedTable, name: str, tables_dir: str | Path, lang: str, *,
                  caption: str, codes: dict[str, str] | None = None,
                  headers: dict[str, str] | None = None, share: str | None = "column",
                  source: str | None = None, note: str | None = None) -> pd.DataFrame:
    """Write a protected table to ``tables/<name>.csv`` and show it, labelled, in the report.

    The CSV keeps the codes (language-independent, for auditors and for
    ``evalkit verify``); the report shows labels in ``lang``.

    Parameters
    ----------
    table : ProtectedTable
        Output of ``disclosure.protect`` or ``disclosure.frequency_table``.
    name : str
        File name of the table, without ``.csv``.
    tables_dir : str or Path
        The run's ``tables/`` folder.
    lang : {"nl", "en"}
        Language of the shown table.
    caption : str
        Caption, already in ``lang``.
    codes, headers : dict, optional
        See ``labels.label_table``.
    share : {"column", "row"} or None
        Which percentages to add.
    source, note : str, optional
        Lines under the table.

    Returns
    -------
    pandas.DataFrame
        The published table as written (codes, text cells).
    """
    from evalkit.io import write_table

    published = table.published(share=share)
    write_table(published, tables_dir, name)
    shown = labels.label_table(published, lang, codes=codes, headers=headers)
    show_table(shown, caption, lang, source=source, note=note, has_total=True)
    return published


_FORMATS = {"months": (1, False), "days": (0, False), "percent": (1, True)}


def publish_estimates(frame: pd.DataFrame, name: str, tables_dir: str | Path, lang: str, *,
                      caption: str, threshold: int, label: tuple[str, str] | None = None,
                      counts: tuple[str, ...] = (),
                      estimates: dict[str, tuple[str, str, str, str]] | None = None,
                      headers: dict[str, str] | None = None, source: str | None = None,
                      note: str | None = None) -> pd.DataFrame:
    """Write a table of estimates to ``tables/<name>.csv`` and show it with 95% intervals.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per group; estimates as numbers (NaN where there is none).
    name, tables_dir, lang, caption, source, note
        As for ``publish_table``.
    threshold : int
        Count columns below it are shown as ``<10`` (groups themselves are
        already at least this large).
    label : tuple, optional
        ``(column, domain)`` of the column whose codes are labelled.
    counts : tuple of str
        Columns of people counts, protected.
    estimates : dict
        Shown column to ``(value, lower, upper, kind)`` with kind ``months``,
        ``days`` or ``percent``.
    headers : dict
        Column to label key, for the shown table.

    Returns
    -------
    pandas.DataFrame
        The table as written: numbers with four decimals, empty where none.
    """
    from evalkit.disclosure import protect_cells
    from evalkit.io import write_table

    written = frame.copy()
    for column in written.columns:
        if column in counts:
            continue
        if pd.api.types.is_float_dtype(written[column]):
            written[column] = written[column].map(lambda v: "" if pd.isna(v) else f"{v:.4f}")
    if counts:
        written[list(counts)] = protect_cells(frame[list(counts)].astype("int64"), threshold)
    write_table(written, tables_dir, name)

    shown = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        if label and column == label[0]:
            shown[column] = [labels.code_label(label[1], v, lang) for v in frame[column]]
        elif column in counts:
            shown[column] = written[column]
    for column, (value, lower, upper, kind) in (estimates or {}).items():
        decimals, percent = _FORMATS[kind]
        missing = "value.not_reached" if kind != "percent" else "value.no_estimate"
        shown[column] = [format_estimate(v, lo, hi, lang=lang, decimals=decimals,
                                         percent=percent, missing_key=missing)
                         for v, lo, hi in zip(frame[value], frame[lower], frame[upper],
                                              strict=True)]
    shown = shown.rename(columns={c: labels.t(k, lang) for c, k in (headers or {}).items()})
    show_table(shown, caption, lang, source=source, note=note)
    return written


def publish_flows(flows: pd.DataFrame, name: str, tables_dir: str | Path, lang: str, *,
                  threshold: int, caption: str, headers: dict[str, str],
                  source: str | None = None, note: str | None = None) -> pd.DataFrame:
    """Write a caseload-flow table (``outflow.caseload_flows``) and show it, rows protected.

    A row with a count below the threshold is hidden whole
    (``disclosure.protect_rows``): within one row the counts add up, so one
    hidden cell could be worked back. The CSV keeps the check columns
    (``remaining_counted``, ``adds_up``) beside the protected counts, with
    ``remaining_counted`` hidden wherever ``remaining`` is.
    """
    from evalkit.disclosure import protect_rows
    from evalkit.io import write_table

    counts = flows.set_index("year")[["carried_in", "new", "total", "outflow", "remaining"]]
    protected = protect_rows(counts, threshold).reset_index()
    hidden = protected["remaining"] != counts["remaining"].astype(str).to_numpy()
    written = flows.assign(**{c: protected[c] for c in counts.columns},
                           # the check column must not show what the row hides
                           remaining_counted=flows["remaining_counted"].astype(str).where(
                               ~hidden, protected["remaining"]))
    write_table(written, tables_dir, name)
    show_table(labels.label_table(protected, lang, headers=headers), caption, lang,
               source=source, note=note)
    return written


#: How ``publish_values`` writes (decimals in the CSV) and shows each kind of value.
VALUE_KINDS = {
    "eur": 2,        # amounts in euro: two decimals in the CSV, whole euros shown
    "eur2": 2,       # amounts shown with cents (per person)
    "share": 4,      # a share 0-1: shown as a percentage with one decimal
    "rate": 4,       # a rate 0-1 such as a discount rate: a percentage with two decimals
    "ratio": 4,      # a ratio: shown with two decimals
    "number": 4,     # a plain number: shown with one decimal
    "int": 0,        # a whole number
}


def _written(value: object, kind: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind == "int":
        return str(int(round(float(value))))
    return f"{float(value):.{VALUE_KINDS[kind]}f}"


def _shown(value: object, kind: str, lang: str, missing: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return labels.t(missing, lang)
    v = float(value)
    if kind == "eur":
        return labels.format_amount(v, lang)
    if kind == "eur2":
        return labels.format_amount(v, lang, 2)
    if kind in ("share", "rate"):
        return labels.format_number(v * 100, 1 if kind == "share" else 2, lang) + "%"
    if kind == "ratio":
        return labels.format_number(v, 2, lang)
    if kind == "number":
        return labels.format_number(v, 1, lang)
    return str(int(round(v)))


def publish_values(frame: pd.DataFrame, name: str, tables_dir: str | Path, lang: str, *,
                   caption: str, kinds: dict[str, str], codes: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None, hidden: tuple[str, ...] = (),
                   counts: tuple[str, ...] = (), threshold: int | None = None,
                   display_only: tuple[str, ...] = (), missing: str = "value.none", source: str | None = None,
                   note: str | None = None) -> pd.DataFrame:
    """Write a table of amounts, shares or ratios to ``tables/<name>.csv`` and show it.

    For tables of money, rates and model results. Columns that count
    people are named in ``counts`` and pass disclosure control (cells under
    ``threshold`` shown as ``<10``). The CSV holds fixed decimals, so two runs
    give the same bytes; the report shows euros with thousands separators
    and shares as percentages, in the report's language.

    Parameters
    ----------
    frame : pandas.DataFrame
        The values, as numbers; other columns as codes or text.
    kinds : dict
        Column to a key of ``VALUE_KINDS``, or to ``"@<column>"`` when the
        kind differs by row and that column names it (an assumptions table).
        Kinds and codes of columns the frame does not have are ignored.
    name, tables_dir, lang, caption, codes, headers, source, note
        As for ``publish_table``.
    hidden : tuple of str
        Columns written to the CSV but not shown (such as a row's unit).
    display_only : tuple of str
        Columns shown but not written (text in the report's language, such as
        an estimate with its interval), so the CSV is the same in every language.
    counts : tuple of str
        Columns of people counts, protected with ``threshold`` (required then).
    missing : str
        Label key shown for a missing value: a dash by default, ``value.pm``
        (pro memorie: known to exist, not valued) for an unvalued cost or benefit.

    Returns
    -------
    pandas.DataFrame
        The table as written.
    """
    from evalkit.disclosure import protect_cells
    from evalkit.io import write_table

    # one call serves a table with and without its optional columns
    kinds = {c: k for c, k in kinds.items() if c in frame}
    codes = {c: d for c, d in (codes or {}).items() if c in frame}
    written = frame.copy()
    shown = frame.copy()
    if counts:
        if threshold is None:
            raise ValueError("counts of people need the disclosure threshold")
        numbers = frame[list(counts)].astype("Float64")
        protected = protect_cells(numbers.fillna(0).astype("int64"), threshold)
        for column in counts:
            cells = protected[column].where(numbers[column].notna(), "")
            written[column] = cells
            shown[column] = cells.replace("", labels.t(missing, lang))
    for column, kind in kinds.items():
        row_kinds = (frame[kind[1:]] if kind.startswith("@")
                     else pd.Series(kind, index=frame.index))
        written[column] = [_written(v, k) for v, k in zip(frame[column], row_kinds, strict=True)]
        shown[column] = [_shown(v, k, lang, missing)
                         for v, k in zip(frame[column], row_kinds, strict=True)]
    write_table(written.drop(columns=list(display_only)), tables_dir, name)
    shown = labels.label_table(shown.drop(columns=list(hidden)), lang, codes=codes,
                               headers=headers)
    show_table(shown, caption, lang, source=source, note=note)  # explains hidden cells
    return written


# --------------------------------------------------------------------------- the HTML file
