"""The report: what a stage shows, and the one self-contained HTML made from all stages.

The display helpers (``heading``, ``paragraph``, ``show_table``, ``show_figure``)
are what stage notebooks call to put something in the report; they show only
published (disclosure-controlled) tables and text from the label catalogue.
``build_report`` combines the executed notebooks with nbconvert into one HTML
file: no code, a table of contents, every figure embedded, nothing fetched
from the network.
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

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "evalkit_report"

#: Cell tags whose cells never reach the municipal report (they are for the
#: method edition): English method prose and the parameter cells.
METHOD_TAGS = frozenset({"method", "parameters", "injected-parameters"})

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


def report_order(stages: list[str]) -> list[str]:
    """Stages in report order: the summary (``90_*``) first, the rest in run order."""
    summary = [s for s in stages if s.startswith("9")]
    return summary + [s for s in stages if s not in summary]


def _merge(notebook_paths: list[Path], edition: str = "report"):
    """One notebook of every stage's displayed output (and, in the method edition, its code).

    The municipal report keeps only what a stage displays on purpose; the
    method edition also keeps the method prose (markdown) and the code
    cells, with their inputs, for auditors and students.
    """
    import nbformat

    merged = nbformat.v4.new_notebook()
    for path in notebook_paths:
        nb = nbformat.read(path, as_version=4)
        merged.metadata.setdefault("kernelspec", nb.metadata.get("kernelspec", {}))
        merged.metadata.setdefault("language_info", nb.metadata.get("language_info", {}))
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if edition == "method":
                if "injected-parameters" in tags:
                    continue
                if cell.cell_type == "markdown":
                    new = nbformat.v4.new_markdown_cell(source=cell.source)
                else:
                    new = nbformat.v4.new_code_cell(source=cell.source)
                    new.outputs = [o for o in cell.get("outputs", [])
                                   if o.get("output_type") == "display_data"]
            else:
                if cell.cell_type != "code" or tags & METHOD_TAGS:
                    continue  # markdown cells hold the English method prose
                # Only what a stage displays on purpose: no stray cell values, no logs.
                outputs = [o for o in cell.get("outputs", [])
                           if o.get("output_type") == "display_data"]
                if not outputs:
                    continue
                new = nbformat.v4.new_code_cell(source="")
                new.outputs = outputs
            new.id = f"cell-{len(merged.cells) + 1}"  # nbformat's default id is random
            merged.cells.append(new)
    return merged


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _chapter_start(heading):
    """The outermost element that begins with ``heading`` (a notebook cell's wrapper)."""
    node = heading
    while node.parent is not None and node.parent.name not in ("body", "main"):
        node = node.parent
    return node


def build_report(notebook_paths: list[Path], *, lang: str, title: str, subtitle: str,
                 synthetic: bool, threshold: int, footer: str, edition: str = "report",
                 appendices: str = "", summary_first: bool = True) -> str:
    """Combine executed stage notebooks into one self-contained HTML document.

    Parameters
    ----------
    notebook_paths : list of Path
        Executed notebooks in report order.
    lang : {"nl", "en"}
        Language of the report's frame (title, contents, notes).
    title, subtitle : str
        Shown at the top.
    synthetic : bool
        Shows the synthetic-data warning under the title.
    threshold : int
        The disclosure threshold, for the suppression note.
    footer : str
        Provenance line at the bottom.
    edition : {"report", "method"}
        The municipal report (no code), or the method edition with the method
        prose and the code of every stage, for auditors and students.
    appendices : str
        HTML of the appendices (``appendices_html``), placed before the footer.
    summary_first : bool
        The first notebook is the summary: the contents go after it.

    Returns
    -------
    str
        The HTML document.
    """
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE_NAME,
                            extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_input = edition != "method"
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    merged = _merge(notebook_paths, edition)
    merged.metadata["title"] = title
    body, _ = exporter.from_notebook_node(merged, resources={"language_code": lang})

    soup = BeautifulSoup(body, "html.parser")
    soup.html["lang"] = lang  # screen readers and hyphenation need the report's language
    main = soup.body
    if appendices:
        main.append(BeautifulSoup(appendices, "html.parser"))
    if edition == "method":
        for h1 in main.select(".jp-MarkdownCell h1"):
            h1.name = "h2"  # a stage's notebook title opens its chapter
        for h2 in main.select(".jp-OutputArea h2"):
            h2.name = "h3"

    used: set[str] = set()
    entries = []
    for tag in main.find_all(["h2", "h3"]):
        text = tag.get_text(" ", strip=True)
        tag["id"] = _slug(text, used)
        for anchor in tag.find_all("a", class_="anchor-link"):
            anchor.decompose()
        entries.append((int(tag.name[1]), text, tag["id"]))

    counters = {"table": 0, "figure": 0}
    for cap in main.find_all("figcaption"):
        kind = cap.get("data-kind", "table")
        counters[kind] += 1
        word = labels.t(f"report.{kind}", lang)
        cap.insert(0, f"{word} {counters[kind]}. ")

    header = soup.new_tag("header", attrs={"class": "evalkit-header"})
    h1 = soup.new_tag("h1")
    h1.string = title
    sub = soup.new_tag("p", attrs={"class": "subtitle"})
    sub.string = subtitle
    header.extend([h1, sub])
    if synthetic:
        banner = soup.new_tag("p", attrs={"class": "evalkit-synthetic", "role": "note"})
        banner.string = labels.t("report.synthetic", lang)
        header.append(banner)

    nav = soup.new_tag("nav", attrs={"class": "evalkit-toc", "aria-label": labels.t("report.toc", lang)})
    nav_title = soup.new_tag("strong")
    nav_title.string = labels.t("report.toc", lang)
    nav.append(nav_title)
    top = soup.new_tag("ol")
    nav.append(top)
    current = None
    for level, text, anchor_id in entries:
        item = soup.new_tag("li", attrs={"class": f"level-{level}"})
        link = soup.new_tag("a", href=f"#{anchor_id}")
        link.string = text
        item.append(link)
        if level == 2 or current is None:
            top.append(item)
            current = soup.new_tag("ol")
            item.append(current)
        else:
            current.append(item)
    for empty in nav.find_all("ol"):
        if not empty.find("li"):
            empty.decompose()

    note = soup.new_tag("p", attrs={"class": "evalkit-note"})
    note.string = labels.t("report.suppressed_note", lang, threshold=threshold)
    foot = soup.new_tag("footer", attrs={"class": "evalkit-footer"})
    foot_text = soup.new_tag("p")
    foot_text.string = footer
    foot.extend([note, foot_text])

    chapters = main.find_all("h2")
    if chapters:
        chapters[0]["class"] = chapters[0].get("class", []) + ["first"]
    # The contents follow the summary, so the summary fills the first screen.
    if len(chapters) > 1 and summary_first:
        _chapter_start(chapters[1]).insert_before(nav)
    else:
        main.insert(0, nav)
    main.insert(0, header)
    if synthetic:
        closing = soup.new_tag("p", attrs={"class": "evalkit-synthetic"})
        closing.string = labels.t("report.synthetic", lang)
        foot.insert(0, closing)
    main.append(foot)
    return str(soup)


#: Dutch terms of the glossary (begrippenlijst), in the order shown.
GLOSSARY_TERMS = ("vergunninghouder", "statushouder", "bijstand", "participatiewet",
                  "uitstroom", "peildatum", "in_beeld", "opgepakt", "doelmatigheidsintake",
                  "voortraject", "vervolgtraject", "taakstelling", "inburgering", "wgt",
                  "dode_gewicht", "verdringing", "contante_waarde", "mkba")


def appendices_html(lang: str, stages: list[str], provenance: dict) -> str:
    """The appendices: method per stage, glossary of Dutch terms, and provenance of the run.

    Parameters
    ----------
    lang : {"nl", "en"}
        Language.
    stages : list of str
        The stages that ran, in report order; each gets its method paragraph.
    provenance : dict
        ``run_id``, ``commit``, ``python``, ``config`` (path and sha256),
        ``inputs`` (path to sha256) and ``packages`` (name to version).

    Returns
    -------
    str
        HTML: three ``h2`` sections with tables.
    """
    method = "".join(f"<h4>{html.escape(labels.t(f'stage.{s}', lang))}</h4>"
                     f"<p>{html.escape(labels.t(f'appendix.method.{s}', lang))}</p>"
                     for s in stages if f"appendix.method.{s}" in labels.CATALOGUE)
    glossary = pd.DataFrame(
        [(labels.t(f"glossary.{term}.term", "nl"), labels.t(f"glossary.{term}", lang))
         for term in GLOSSARY_TERMS],
        columns=[labels.t("col.term", lang), labels.t("col.meaning", lang)])
    inputs = pd.DataFrame([(path, digest) for path, digest in provenance["inputs"].items()],
                          columns=[labels.t("col.file", lang), "SHA-256"])
    software = pd.DataFrame(
        [("run", provenance["run_id"]), ("git commit", provenance["commit"] or "-"),
         ("python", provenance["python"]),
         (f"config ({provenance['config']['path']})", provenance["config"]["sha256"]),
         *sorted(provenance["packages"].items())],
        columns=[labels.t("col.item", lang), labels.t("col.value", lang)])
    parts = [
        f"<h2>{html.escape(labels.t('appendix.method', lang))}</h2>",
        f"<p>{html.escape(labels.t('appendix.method_intro', lang))}</p>", method,
        f"<h2>{html.escape(labels.t('appendix.glossary', lang))}</h2>",
        table_html(glossary, labels.t("appendix.glossary", lang),
                   source=labels.t("appendix.source_glossary", lang)),
        f"<h2>{html.escape(labels.t('appendix.provenance', lang))}</h2>",
        f"<p>{html.escape(labels.t('appendix.provenance_intro', lang))}</p>",
        table_html(inputs, labels.t("appendix.inputs", lang),
                   source=labels.t("appendix.source_manifest", lang)),
        table_html(software, labels.t("appendix.software", lang),
                   source=labels.t("appendix.source_manifest", lang)),
    ]
    return '<div class="evalkit-appendices">' + "".join(parts) + "</div>"


# --------------------------------------------------------------------------- the browser

#: Flags for a headless Chromium that fetches nothing: no network, no background services.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
)


def chromium() -> str:
    """The Chromium executable (Debian's ``chromium`` package).

    Raises
    ------
    EvalkitError
        When it is not installed.
    """
    import shutil

    from evalkit.errors import EvalkitError

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise EvalkitError("chromium not found; install Debian's chromium package "
                           "(apt-get install chromium), or run `python3 tasks.py test` once")
    return found


def print_pdf(html_file: Path, pdf_file: Path, *, timeout: float = 120) -> Path:
    """Print a report to PDF through headless Chromium, page numbers in the margin.

    The page numbers come from the report's own ``@page`` rules; Chromium's
    header and footer (with a date and a file path) are left out.
    """
    import subprocess
    import tempfile

    from evalkit.errors import EvalkitError
    from evalkit.io import atomic_write_bytes

    with tempfile.TemporaryDirectory(prefix="evalkit-pdf-") as scratch:
        target = Path(scratch) / "report.pdf"
        done = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={scratch}/profile",
             "--no-pdf-header-footer", f"--print-to-pdf={target}",
             Path(html_file).resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not target.is_file():
            raise EvalkitError(f"chromium could not print {html_file} to PDF "
                               f"(exit code {done.returncode})")
        return atomic_write_bytes(pdf_file, target.read_bytes())
