"""Publishing: the one route by which a stage's tables and figures reach disk and the report.

Every table and figure a stage publishes goes through a ``Publisher``
(``table``, ``estimates``, ``flows``, ``values``, ``trend``, ``figure``): it carries the
run's threshold and language, applies disclosure control, writes the file,
shows the labelled table and records the cells for the run's disclosure
audit. ``heading`` and ``paragraph`` put text in the report; they show only
text from the label catalogue. No other code writes a table or a figure
(``tests/test_publish.py`` checks).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from evalkit import labels
from evalkit.disclosure import SECONDARY_MARK, ProtectedTable, primary_mark

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


def paragraph(text: str | None, css_class: str = "") -> None:
    """Show one paragraph of report text (already in the report's language); None shows nothing."""
    if not text:
        return
    cls = f' class="{css_class}"' if css_class else ""
    _display_html(f"<p{cls}>{html.escape(text)}</p>")


def bullets(items: list[str]) -> None:
    """Show report sentences as a list (already in the report's language); none shows nothing."""
    if items:
        _display_html("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")


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


def show_table(frame: pd.DataFrame, caption: str, lang: str, *, threshold: int | None = None,
               source: str | None = None, note: str | None = None,
               has_total: bool = False) -> None:
    """Show a published, labelled table with its caption; numbering happens in the report.

    A table with a hidden cell (``<10`` under ``threshold``, or ``x``) always
    gets the note that explains both.
    """
    from evalkit.disclosure import SECONDARY_MARK, primary_mark

    cells = frame.astype(str)
    if threshold is not None and ((cells == primary_mark(threshold)).any().any()
                                  or (cells == SECONDARY_MARK).any().any()):
        explained = labels.t("report.suppressed_note", lang, threshold=threshold)
        if explained not in (note or ""):
            note = f"{note} {explained}" if note else explained
    _display_html(table_html(localise_numbers(frame, lang), caption, source=source, note=note,
                             has_total=has_total))


def show_figure(fig: Figure, caption: str) -> None:
    """Show a figure in the notebook only, embedded with its caption; nothing is written.

    For the exercises, which draw the stages' figures to read them and publish nothing.
    """
    from evalkit.io import figure_png

    _display_html(figure_html(figure_png(fig), caption))


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



#: People counted in one published cell: (row key, column) to the positions of the people.
Members = Mapping[tuple[object, str], "pd.Index | np.ndarray"]

_FORMATS = {"months": (1, False), "days": (0, False), "percent": (1, True), "ratio": (2, False)}


@dataclass(frozen=True)
class Publisher:
    """The one route by which a stage's tables and figures reach disk, for one run.

    It carries the run's disclosure threshold and language, so that no stage
    passes them by hand and no table is written without disclosure control.
    Each method writes the CSV (codes, language-independent: for auditors and
    ``evalkit verify``), shows the labelled table in the report and, when the
    counts are linked to the people they count, records those cells for the
    run's disclosure audit (``evalkit.audit``).

    Attributes
    ----------
    tables_dir, figures_dir : Path
        The run's ``tables/`` and ``figures/``.
    lang : {"nl", "en"}
        Language of what is shown.
    threshold : int
        The smallest count shown (config ``disclosure_threshold``).
    source : str, optional
        The source line under a table or figure when a call gives none (the
        monitoring file).
    register_dir : Path, optional
        Where the cells of each table are recorded for the audit
        (``data/processed/<run>/cells``: it names people, so it never goes
        into the run folder).
    """

    tables_dir: Path
    figures_dir: Path
    lang: str
    threshold: int
    source: str | None = None
    register_dir: Path | None = None

    # ------------------------------------------------------------------ shown, not written

    def show(self, frame: pd.DataFrame, caption: str, *, source: str | None = None,
             note: str | None = None, has_total: bool = False) -> None:
        """Show a table that is already published or holds no counts of people (a summary)."""
        show_table(frame, caption, self.lang, threshold=self.threshold,
                   source=self._source(source), note=note, has_total=has_total)

    def _source(self, source: str | None) -> str | None:
        return self.source if source is None else (source or None)

    def _write(self, frame: pd.DataFrame, name: str) -> None:
        from evalkit.io import write_table

        write_table(frame, self.tables_dir, name)

    def _settle(self, name: str, make, states=None):
        """Protect a table against every table published before it, then write and record it.

        ``make(more)`` builds the table with the cells in ``more`` (``(row,
        key, column)``) hidden besides its own suppression, and returns what
        to write, what else the caller needs, and the count cells with their
        people. While the run's audit finds a small cell, of this table or an
        earlier one, that the tables together would narrow below the
        threshold, one more cell of this table is hidden (``audit.to_hide``).
        ``states(more)``, when given, is the states of those cells alone, in
        their order: the audit tries many cells and needs no more than that.
        """
        more: set = set()
        written, extra, cells = make(more)
        if self.register_dir is not None and cells:
            from evalkit import audit

            forced = audit.forced_cells(self.register_dir, name)
            more = {(c["row"], c["key"], c["column"]) for c in cells
                    if (c["row"], c["column"]) in forced}
            written, extra, cells = make(more)
            earlier = audit.published_so_far(self.register_dir)
            earlier = earlier[earlier["table"] != name].reset_index(drop=True)

            def states_if_hidden(*positions: int) -> np.ndarray:
                hidden = more | {(cells[p]["row"], cells[p]["key"], cells[p]["column"])
                                 for p in positions}
                if states is not None:
                    return states(hidden)
                return np.array([c["state"] for c in make(hidden)[2]], dtype=object)

            memory: dict = {}
            while True:
                try:
                    hide = audit.to_hide(earlier, audit.cell_frame(cells, name), self.threshold,
                                         states_if_hidden, memory)
                except audit.EarlierCell as found:
                    # An earlier table gives it back: that table hides the cell in the run's
                    # next attempt (pipeline), and this attempt goes on as if it already did.
                    audit.force(self.register_dir, found.cell)
                    earlier = audit.published_so_far(self.register_dir)
                    earlier = earlier[earlier["table"] != name].reset_index(drop=True)
                    continue
                if hide is None:
                    break
                cell = (cells[hide]["row"], cells[hide]["key"], cells[hide]["column"])
                if cell in more:  # hiding it again changes nothing: a bug, not a table
                    raise RuntimeError(f"{name}: the audit asked twice to hide {cell}")
                more.add(cell)
                written, extra, cells = make(more)
            audit.write_cells(cells, self.register_dir, name)
        self._write(written, name)
        return written, extra

    # ------------------------------------------------------------------ tables

    def record(self, frame: pd.DataFrame, name: str, *, shown: pd.DataFrame | None = None,
               caption: str | None = None, source: str | None = None, note: str | None = None,
               empty: str | None = None) -> pd.DataFrame:
        """Write a table that counts no people as it is, and show it (labelled) when given.

        For check results (rows of the file, not people), figures cited from
        a document, and model results. When ``frame`` has no rows and
        ``empty`` is given, that sentence is shown instead of a table.
        """
        self._write(frame, name)
        if frame.empty and empty:
            paragraph(empty)
        elif shown is not None:
            self.show(shown, caption or name, source=source, note=note)
        return frame

    def table(self, table: ProtectedTable, name: str, *, caption: str,
              codes: dict[str, str] | None = None, headers: dict[str, str] | None = None,
              share: str | None = "column", source: str | None = None,
              note: str | None = None) -> pd.DataFrame:
        """Write a protected count table to ``tables/<name>.csv`` and show it, labelled.

        Parameters
        ----------
        table : ProtectedTable
            Output of ``disclosure.frequency_table``, ``cross_table`` or ``protect``.
        name : str
            File name of the table, without ``.csv``.
        caption : str
            Caption, already in the report's language.
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
        if table.threshold != self.threshold:
            raise ValueError(f"{name}: protected with threshold {table.threshold}, "
                             f"but the run's is {self.threshold}")
        def make(more: set):
            settled = table.with_hidden({(key, column) for _, key, column in more})
            return settled.published(share=share), None, settled.cells()

        def states(more: set) -> np.ndarray:
            return table.with_hidden({(key, column) for _, key, column in more}).states()

        published, _ = self._settle(name, make, states)
        shown = labels.label_table(published, self.lang, codes=codes, headers=headers)
        self.show(shown, caption, source=source, note=note, has_total=True)
        return published

    def estimates(self, frame: pd.DataFrame, name: str, *, caption: str,
                  label: tuple[str, str] | None = None, counts: tuple[str, ...] = (),
                  estimates: dict[str, tuple[str, str, str, str]] | None = None,
                  headers: dict[str, str] | None = None, members: Members | None = None,
                  source: str | None = None, note: str | None = None) -> pd.DataFrame:
        """Write a table of estimates to ``tables/<name>.csv`` and show it with 95% intervals.

        Parameters
        ----------
        frame : pandas.DataFrame
            One row per group; estimates as numbers (NaN where there is none).
            The first column names the row (the key of ``members``).
        name, caption, source, note
            As for ``table``.
        label : tuple, optional
            ``(column, domain)`` of the column whose codes are labelled.
        counts : tuple of str
            Columns of people counts, protected with the run's threshold.
        estimates : dict
            Shown column to ``(value, lower, upper, kind)`` with kind ``months``,
            ``days`` or ``percent``.
        headers : dict
            Column to label key, for the shown table.
        members : mapping, optional
            The people behind each count cell, for the audit.

        Returns
        -------
        pandas.DataFrame
            The table as written: numbers with four decimals, empty where none.
        """
        from evalkit.disclosure import protect_cells

        places = self._places(frame, counts, members,
                              key=label[0] if label else frame.columns[0])

        def protected(more: set) -> pd.DataFrame:
            return protect_cells(frame[list(counts)].astype("int64"), self.threshold,
                                 hidden={(row, column) for row, _, column in more})

        def make(more: set):
            written = frame.copy()
            for column in written.columns:
                if column in counts:
                    continue
                if pd.api.types.is_float_dtype(written[column]):
                    written[column] = written[column].map(
                        lambda v: "" if pd.isna(v) else f"{v:.4f}")
            if counts:
                written[list(counts)] = protected(more)
            return written, None, self._cells(places, written)

        written, _ = self._settle(name, make, lambda more: self._states(places, protected(more)))

        shown = pd.DataFrame(index=frame.index)
        for column in frame.columns:
            if label and column == label[0]:
                shown[column] = [labels.code_label(label[1], v, self.lang) for v in frame[column]]
            elif column in counts:
                shown[column] = written[column]
        for column, (value, lower, upper, kind) in (estimates or {}).items():
            decimals, percent = _FORMATS[kind]
            missing = "value.not_reached" if kind != "percent" else "value.no_estimate"
            shown[column] = [format_estimate(v, lo, hi, lang=self.lang, decimals=decimals,
                                             percent=percent, missing_key=missing)
                             for v, lo, hi in zip(frame[value], frame[lower], frame[upper],
                                                  strict=True)]
        shown = shown.rename(columns={c: labels.t(k, self.lang) for c, k in (headers or {}).items()})
        self.show(shown, caption, source=source, note=note)
        return written

    def flows(self, flows: pd.DataFrame, name: str, *, caption: str, headers: dict[str, str],
              members: Members | None = None, source: str | None = None,
              note: str | None = None) -> pd.DataFrame:
        """Write a caseload-flow table (``outflow.caseload_flows``) and show it, rows protected.

        A row with a count below the threshold is hidden whole
        (``disclosure.protect_rows``): within one row the counts add up, so one
        hidden cell could be worked back. The CSV keeps the check columns
        (``remaining_counted``, ``adds_up``) beside the protected counts, with
        ``remaining_counted`` hidden wherever ``remaining`` is.
        """
        from evalkit.disclosure import protect_rows

        columns = ["carried_in", "new", "total", "outflow", "remaining"]
        counts = flows.set_index("year")[columns]

        places = self._places(flows, tuple(columns), members, key="year")

        def rows(more: set) -> pd.DataFrame:
            return protect_rows(counts, self.threshold,
                                hidden={(row, column) for row, _, column in more}).reset_index()

        def make(more: set):
            protected = rows(more)
            covered = protected["remaining"] != counts["remaining"].astype(str).to_numpy()
            written = flows.assign(**{c: protected[c] for c in counts.columns},
                                   # the check column must not show what the row hides
                                   remaining_counted=flows["remaining_counted"].astype(str)
                                   .where(~covered, protected["remaining"]))
            return written, protected, self._cells(places, written)

        written, protected = self._settle(name, make, lambda more: self._states(places, rows(more)))
        self.show(labels.label_table(protected, self.lang, headers=headers), caption,
                  source=source, note=note)
        return written

    def values(self, frame: pd.DataFrame, name: str, *, caption: str, kinds: dict[str, str],
               codes: dict[str, str] | None = None, headers: dict[str, str] | None = None,
               hidden: tuple[str, ...] = (), counts: tuple[str, ...] = (),
               display_only: tuple[str, ...] = (), intervals: dict | None = None,
               members: Members | None = None, key: str | None = None,
               summed: tuple[str, ...] = (), tied: tuple[str, ...] = (),
               tied_rows: pd.Series | None = None, empty: str | None = None,
               missing: str = "value.none", source: str | None = None,
               note: str | None = None) -> pd.DataFrame:
        """Write a table of amounts, shares or ratios to ``tables/<name>.csv`` and show it.

        For tables of money, rates and model results. Columns that count
        people are named in ``counts`` and pass disclosure control (cells under
        the threshold shown as ``<10``). The CSV holds fixed decimals, so two
        runs give the same bytes; the report shows euros with thousands
        separators and shares as percentages, in the report's language.

        Parameters
        ----------
        frame : pandas.DataFrame
            The values, as numbers; other columns as codes or text.
        kinds : dict
            Column to a key of ``VALUE_KINDS``, or to ``"@<column>"`` when the
            kind differs by row and that column names it (an assumptions table).
            Kinds and codes of columns the frame does not have are ignored.
        name, caption, codes, headers, source, note
            As for ``table``.
        hidden : tuple of str
            Columns written to the CSV but not shown (such as a row's unit).
        display_only : tuple of str
            Columns shown but not written (text in the report's language), so
            the CSV is the same in every language.
        intervals : dict, optional
            Shown column to ``(value, lower, upper, kind)``: an estimate with its
            95% interval in the report's language (kind as for ``estimates``),
            shown only, placed before the column ``before`` when given as a
            fifth element.
        counts : tuple of str
            Columns of people counts, protected with the run's threshold.
        summed : tuple of str
            Count columns whose sum is published in another table: one hidden
            cell in such a column gets a second (``disclosure.protect_cells``).
        tied : tuple of str
            Columns computed from the row's counts (a share of them, its
            interval, where the share lies): empty, in the CSV and the report,
            in every row where one of the row's counts is hidden, and so are the
            ``intervals`` shown from them. A share beside its base gives a
            hidden count back.
        tied_rows : pandas.Series of bool, optional
            The rows whose ``tied`` columns are such a share; all rows when None.
        members : mapping, optional
            The people behind each count cell, for the audit; rows are keyed
            by the column ``key`` (by position when None).
        empty : str, optional
            The sentence shown instead when ``frame`` has no rows; nothing is
            written then (a list of inconsistencies that found none).
        missing : str
            Label key shown for a missing value: a dash by default, ``value.pm``
            (pro memorie: known to exist, not valued) for an unvalued cost or benefit.

        Returns
        -------
        pandas.DataFrame
            The table as written.
        """
        from evalkit.disclosure import protect_cells

        if frame.empty and empty:
            paragraph(empty)
            return frame
        # one call serves a table with and without its optional columns
        kinds = {c: k for c, k in kinds.items() if c in frame}
        codes = {c: d for c, d in (codes or {}).items() if c in frame}
        numbers = frame[list(counts)].astype("Float64")
        places = self._places(frame, counts, members, key=key)
        # the amounts do not depend on which counts are hidden: formatted once
        formatted = {}
        for column, kind in kinds.items():
            row_kinds = (frame[kind[1:]] if kind.startswith("@")
                         else pd.Series(kind, index=frame.index))
            formatted[column] = (
                [_written(v, k) for v, k in zip(frame[column], row_kinds, strict=True)],
                [_shown(v, k, self.lang, missing)
                 for v, k in zip(frame[column], row_kinds, strict=True)])

        def protected(more: set) -> pd.DataFrame:
            return protect_cells(numbers.fillna(0).astype("int64"), self.threshold,
                                 summed=summed, hidden={(row, column) for row, _, column in more})

        def blanked(cells: pd.DataFrame) -> pd.Series:
            # the rows whose tied columns go: a count hidden, in a row of tied_rows
            blank = self._marked(cells)
            if tied_rows is not None:
                blank &= tied_rows.reindex(frame.index, fill_value=False).astype(bool)
            return blank

        def make(more: set):
            written = frame.copy()
            shown = frame.copy()
            if counts:
                text = protected(more)
                for column in counts:
                    cells = text[column].where(numbers[column].notna(), "")
                    written[column] = cells
                    shown[column] = cells.replace("", labels.t(missing, self.lang))
            blank = blanked(written[list(counts)])
            for column, (as_written, as_shown) in formatted.items():
                written[column] = as_written
                shown[column] = as_shown
            for column in tied:
                written[column] = written[column].astype(object).where(~blank, "")
                if column not in codes:  # a code is labelled below, or left out there
                    shown[column] = shown[column].astype(object).where(
                        ~blank, labels.t(missing, self.lang))
            return (written.drop(columns=list(display_only)), shown,
                    self._cells(places, written))

        written, shown = self._settle(
            name, make, (lambda more: self._states(places, protected(more))) if counts else None)
        blank = blanked(written[list(counts)])
        for column, (value, lower, upper, kind, *before) in (intervals or {}).items():
            decimals, percent = _FORMATS[kind]
            hidden_rows = blank & (value in tied)
            text = [labels.t(missing, self.lang) if hide else
                    format_estimate(v, lo, hi, lang=self.lang, decimals=decimals, percent=percent,
                                    missing_key="value.not_comparable" if percent
                                    else "value.not_reached")
                    for v, lo, hi, hide in zip(frame[value], frame[lower], frame[upper],
                                               hidden_rows, strict=True)]
            at = shown.columns.get_loc(before[0]) if before else len(shown.columns)
            shown.insert(at, column, text)
        for column in (c for c in tied if c in codes):
            shown[column] = [labels.t(missing, self.lang) if hide
                             else labels.code_label(codes[column], v, self.lang)
                             for v, hide in zip(shown[column], blank, strict=True)]
        shown = labels.label_table(shown.drop(columns=list(hidden)), self.lang, headers=headers,
                                   codes={c: d for c, d in codes.items() if c not in tied})
        self.show(shown, caption, source=source, note=note)  # explains hidden cells
        return written

    def trend(self, frame: pd.DataFrame, name: str, *, counts: tuple[str, ...],
              members: Members, key: str = "peildatum", rows_add_up: bool = False,
              row_total: str | None = None, tied: pd.Series | None = None,
              estimates: tuple[str, ...] = (),
              caption: str | None = None, headers: dict[str, str] | None = None,
              note: str | None = None) -> pd.DataFrame:
        """Write a table with one row per peildatum (or indicator and peildatum) of an interim series.

        Every count passes disclosure control, and the run's audit sees the
        cells of every peildatum together, so a count hidden at one date
        cannot be worked out from the difference of two dates.

        Parameters
        ----------
        frame : pandas.DataFrame
            Counts as whole numbers, estimates as numbers (NaN where none).
        name : str
            File name of the table, without ``.csv``.
        counts : tuple of str
            Columns of people counts (empty where a row has none).
        members : mapping
            The people behind each count cell, keyed ``(row key, column)``.
        key : str
            The column whose values key ``members``.
        rows_add_up : bool
            The counts of a row add up (a flow table): a row with one hidden
            count is hidden whole (``disclosure.protect_rows``).
        row_total : str, optional
            The count column that is the sum of the row's other counts (the
            group, of its statuses): a row with one hidden part gets a second
            (``disclosure.protect_row_sums``), and the audit hides a part
            before the total.
        tied : pandas.Series of bool, optional
            Rows whose ``estimates`` are a share of the row's counts: they are
            blanked wherever one of those counts is hidden.
        estimates : tuple of str
            Columns of estimates, written with four decimals.
        caption, headers, note
            When a caption is given the table is shown, labelled.

        Returns
        -------
        pandas.DataFrame
            The table as written (text cells).
        """
        from evalkit.disclosure import protect_cells, protect_row_sums, protect_rows

        def protect(numbers: pd.DataFrame, hidden: set) -> pd.DataFrame:
            if row_total is not None:
                return protect_row_sums(numbers, self.threshold, row_total, hidden=hidden)
            return (protect_rows if rows_add_up else protect_cells)(numbers, self.threshold,
                                                                    hidden=hidden)

        numbers = frame[list(counts)].astype("Float64")
        places = self._places(frame, counts, members, key=key,
                              totals=(row_total,) if row_total else ())

        def protected(more: set) -> pd.DataFrame:
            return protect(numbers.fillna(0).astype("int64"),
                           {(row, column) for row, _, column in more})

        def make(more: set):
            written = frame.copy()
            text = protected(more)
            hidden = self._marked(text)
            for column in counts:  # a count a row does not have stays empty
                written[column] = text[column].where(numbers[column].notna(), "").to_numpy()
            blank = (hidden & tied.to_numpy()) if tied is not None else hidden & False
            for column in estimates:
                written[column] = [("" if pd.isna(v) or off else f"{v:.4f}")
                                   for v, off in zip(frame[column], blank, strict=True)]
            return written, None, self._cells(places, written)

        written, _ = self._settle(name, make, lambda more: self._states(places, protected(more)))
        if caption is not None:
            shown = written.copy()
            for column in ("peildatum", "from"):
                if column in shown:
                    shown[column] = [labels.format_date(date.fromisoformat(d), self.lang)
                                     for d in shown[column]]
            self.show(labels.label_table(shown, self.lang, headers=headers), caption, note=note)
        return written

    def _marked(self, cells: pd.DataFrame) -> pd.Series:
        """The rows of protected count cells that hide one (shown as ``<10`` or ``x``)."""
        return cells.isin([primary_mark(self.threshold), SECONDARY_MARK]).any(axis=1)

    @staticmethod
    def _places(frame: pd.DataFrame, counts: tuple[str, ...], members: Members | None,
                key: str | None = None, totals: tuple[str, ...] = ()) -> list[dict]:
        """The count cells of a table that the audit sees, with their people, without states.

        ``members`` is keyed by the value in column ``key`` of each row, or by
        the row's position when ``key`` is None.
        """
        if not members or not counts:
            return []
        keys = list(range(len(frame))) if key is None else list(frame[key])
        places = []
        for position, row_key in enumerate(keys):
            for column in counts:
                people = members.get((row_key, column))
                value = frame[column].iloc[position]
                if people is None or pd.isna(value):
                    continue
                places.append({"row": position, "key": row_key, "column": column,
                               "total": column in totals, "value": int(value),
                               "members": np.asarray(people, dtype="int64")})
        return places

    def _states(self, places: list[dict], text: pd.DataFrame) -> np.ndarray:
        """How each cell of ``places`` is shown in ``text`` (the table as written)."""
        from evalkit.disclosure import cell_state

        return np.array([cell_state(str(text[p["column"]].iloc[p["row"]]), self.threshold)
                         for p in places], dtype=object)

    def _cells(self, places: list[dict], written: pd.DataFrame) -> list[dict]:
        """The count cells of a written table with their people and states, for the audit."""
        return [{**place, "state": state}
                for place, state in zip(places, self._states(places, written), strict=True)]

    # ------------------------------------------------------------------ figures

    def figure(self, fig: Figure, name: str, caption: str, *,
               source: str | None = None) -> None:
        """Save a figure into the run's ``figures/`` and show it, embedded, with its caption.

        Returns nothing: a path as a cell's last value would be printed into the
        executed notebook, naming the run's scratch folder.
        """
        from evalkit.io import write_figure

        if self.register_dir is not None:
            from evalkit import audit

            if audit.pass_repeats(self.register_dir):
                return  # drawing is most of a figure's time, and this pass is run again
        path = write_figure(fig, self.figures_dir, name)
        _display_html(figure_html(path.read_bytes(), caption, source=self._source(source)))


#: How ``publish_values`` writes (decimals in the CSV) and shows each kind of value.
VALUE_KINDS = {
    "eur": 2,        # amounts in euro: two decimals in the CSV, whole euros shown
    "eur2": 2,       # amounts shown with cents (per person)
    "share": 4,      # a share 0-1: shown as a percentage with one decimal
    "points": 4,     # a difference of two shares: shown in percentage points (procentpunt)
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
    if kind == "points":
        return labels.t("unit.points", lang, value=labels.format_number(v * 100, 1, lang))
    if kind == "ratio":
        return labels.format_number(v, 2, lang)
    if kind == "number":
        return labels.format_number(v, 1, lang)
    return str(int(round(v)))


#: The name of the table of the run's disclosure audit (``evalkit.audit.summary``).
AUDIT_TABLE = "disclosure_audit"


def audit_table(table: pd.DataFrame, tables_dir: Path) -> pd.DataFrame:
    """Write the run's disclosure-audit summary: per table, cells audited and the narrowest interval.

    It holds interval widths, never a hidden value, so it needs no suppression.
    """
    from evalkit.io import write_table

    written = table.assign(narrowest=[_written(v, "number") if v != float("inf") else "inf"
                                      for v in table["narrowest"]])  # "" where none is small
    write_table(written, tables_dir, AUDIT_TABLE)
    return written


def comparison_tables(headlines: pd.DataFrame, revisions: pd.DataFrame | None, folder: Path,
                      threshold: int) -> pd.DataFrame | None:
    """Write ``evalkit compare``'s tables: the figures side by side, and the revision counts.

    The headline figures are cells both runs already published. The revision
    counts count people, so they pass disclosure control here (``<10``).

    Returns
    -------
    pandas.DataFrame or None
        The revisions as written, or None when there are none to count.
    """
    from evalkit.disclosure import protect_cells
    from evalkit.io import write_table

    write_table(headlines, folder, "headline_figures")
    if revisions is None:
        return None
    written = revisions.assign(people=protect_cells(revisions[["people"]].astype("int64"),
                                                    threshold)["people"])
    write_table(written, folder, "revisions")
    return written


def batch_account(outcomes: pd.DataFrame, folder: Path) -> Path:
    """Write a batch's account of its evaluations (``batch_runs.csv``): no count of people."""
    from evalkit.io import write_table

    return write_table(outcomes, folder, "batch_runs")


def batch_tables(compared: pd.DataFrame, outcomes: pd.DataFrame,
                 funnel: tuple[pd.DataFrame, float] | None, figure: Figure | None,
                 dots: Figure | None, tables_dir: Path, figures_dir: Path, *, lang: str,
                 left_out: list[str]) -> list[str]:
    """Write ``evalkit batch``'s comparison tables and funnel plot; return the report's parts.

    Every count and estimate is a cell the municipalities' own reports
    published (``batch.comparison``), hidden cells staying hidden, so nothing
    here needs suppressing again: the municipalities' own disclosure control
    covers them, and no cell is derived from two of them.

    Returns
    -------
    list of str
        HTML parts of the comparison report, in order (``report.document_from_html``).
    """
    from evalkit import batch, national
    from evalkit.io import figure_png, write_figure, write_table

    def h(text: str, level: int) -> str:
        return f"<h{level}>{html.escape(text)}</h{level}>"

    def p(text: str, css: str = "") -> str:
        return f'<p class="{css}">{html.escape(text)}</p>' if css else f"<p>{html.escape(text)}</p>"

    parts = [h(labels.t("batch.runs_heading", lang), 2), p(labels.t("batch.runs_intro", lang))]
    shown = outcomes.assign(status=[labels.t(f"batch.status_{s}", lang) for s in outcomes["status"]])
    shown = shown[["member", "municipality_code", "status", "seconds", "reason", "run_id"]]
    parts.append(table_html(localise_numbers(labels.label_table(shown, lang, headers={
        "member": "col.municipality", "municipality_code": "col.code", "status": "col.status",
        "seconds": "col.seconds", "reason": "col.reason_failed", "run_id": "col.run_folder"}),
        lang), labels.t("batch.runs", lang)))

    if funnel is not None:
        table, p0 = funnel
        written = table.copy()
        for column in national.FUNNEL_SHARES:
            written[column] = [_written(v, "share") for v in written[column]]
        write_table(written, tables_dir, "comparison_funnel")
        parts.append(h(labels.t("bm.funnel", lang), 2))
        write_figure(figure, figures_dir, "comparison_funnel")
        parts.append(figure_html(figure_png(figure), labels.t("bm.funnel_figure", lang)))
        shown = pd.DataFrame({
            "municipality": table["municipality"], "people": table["people"].astype(str),
            "count": table["count"].astype(str),
            "share": [format_estimate(v, lo, hi, lang=lang, percent=True)
                      for v, lo, hi in zip(table["share"], table["lower"], table["upper"],
                                           strict=True)],
            "position": [labels.code_label("position", v, lang) for v in table["position"]]})
        parts.append(table_html(localise_numbers(labels.label_table(shown, lang, headers={
            "municipality": "col.municipality", "people": "col.people",
            "count": "col.left_for_work", "share": "col.local", "position": "col.position"}),
            lang), labels.t("bm.funnel", lang),
            note=labels.t("batch.funnel_note", lang,
                          p0=labels.format_number(100 * p0, 1, lang),
                          left_out=", ".join(left_out) or "-")))
    else:
        parts.append(p(labels.t("batch.no_funnel", lang, left_out=", ".join(left_out) or "-"),
                       "evalkit-note"))

    parts.append(h(labels.t("batch.indicators_heading", lang), 2))
    if dots is not None:
        write_figure(dots, figures_dir, f"comparison_{batch.DRAWN}")
        parts.append(figure_html(figure_png(dots), labels.t("batch.dots_figure", lang,
                                 indicator=labels.t(f"headline.{batch.DRAWN}", lang))))
    for indicator, part in compared.groupby("indicator", sort=False):
        write_table(part.drop(columns="indicator"), tables_dir, f"comparison_{indicator}")
        kind = batch.KINDS.get(indicator)
        if kind is None:
            values = part["value"].tolist()
        else:
            decimals, percent = _FORMATS[kind]
            numbers = batch.estimates(part)
            # a hidden cell keeps its mark; no estimate at all says so
            values = [format_estimate(v, lo, hi, lang=lang, decimals=decimals, percent=percent)
                      if pd.notna(v) else (text or labels.t("value.no_estimate", lang))
                      for text, v, lo, hi in zip(part["value"], numbers["value"],
                                                 numbers["lower"], numbers["upper"],
                                                 strict=True)]
        shown = pd.DataFrame({"municipality": part["municipality"].to_numpy(),
                              "value": values})
        parts.append(table_html(localise_numbers(labels.label_table(shown, lang, headers={
            "municipality": "col.municipality", "value": "col.value"}), lang),
            labels.t(f"headline.{indicator}", lang)))
    parts.append(p(labels.t("batch.indicators_note", lang), "evalkit-note"))
    return parts

