"""The report: the one self-contained HTML made from the executed stage notebooks.

``build_report`` combines the executed notebooks with nbconvert into one HTML
file: no code, a table of contents, every figure embedded, nothing fetched
from the network. What a stage shows is ``evalkit.publish``'s; printing to
PDF is ``evalkit.pdf``'s.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from evalkit import labels
from evalkit.publish import table_html

if TYPE_CHECKING:
    pass

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "evalkit_report"

#: Cell tags whose cells never reach the municipal report (they are for the
#: method edition): English method prose, the parameter cells, and the worked
#: examples on invented people (``evalkit.teaching``).
METHOD_TAGS = frozenset({"method", "parameters", "injected-parameters", "worked-example"})

def report_order(stages: list[str]) -> list[str]:
    """Stages in report order: the summary (``90_*``) first, the rest in run order."""
    summary = [s for s in stages if s.startswith("9")]
    return summary + [s for s in stages if s not in summary]


#: Where a markdown cell keeps its method prose in Dutch (``cell.metadata``): the
#: text, and the hash of the English source it translates (``method_prose``).
TRANSLATION_KEY = "evalkit"


def source_hash(text: str) -> str:
    """The short hash of a markdown cell's English source that its translation records."""
    import hashlib

    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def method_prose(cell, lang: str) -> str:
    """A markdown cell's method prose in the report's language.

    The notebooks hold the English prose students read; a Dutch translation
    lives beside it in the cell's metadata, with the hash of the English it
    translates. The Dutch method edition uses it; a cell without one (a
    municipality's own notebook) keeps its English.
    """
    if lang == "en":
        return cell.source
    translation = cell.get("metadata", {}).get(TRANSLATION_KEY, {})
    return translation.get(lang) or cell.source


def _merge(notebook_paths: list[Path], edition: str = "report", lang: str = "nl"):
    """One notebook of every stage's displayed output (and, in the method edition, its code).

    The municipal report keeps only what a stage displays on purpose; the
    method edition also keeps the method prose (markdown, in ``lang``) and the
    code cells, with their inputs, for auditors and students, but not the
    parameter cells: the run's values are in its config.
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
                if tags & {"parameters", "injected-parameters"}:
                    continue
                if cell.cell_type == "markdown":
                    new = nbformat.v4.new_markdown_cell(source=method_prose(cell, lang))
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


#: A method reference in the prose: a document of the repository, quoted as code.
_DOC_REFERENCE = re.compile(r"^(docs/[a-z_]+\.md|data/raw/README\.md)$")


def _link_documents(soup, root_href: str) -> None:
    """Make every document the method prose cites a link to that document in the repository.

    ``root_href`` is the project root relative to the report, so the links work
    in the checkout the run was made in, and in a copy of it.
    """
    for code in _below(soup, "jp-MarkdownCell", "code"):
        text = code.get_text()
        if _DOC_REFERENCE.match(text) and code.parent.name != "a":
            code.wrap(soup.new_tag("a", href=f"{root_href}/{text}"))


def _below(root, within: str, name: str, css_class: str | None = None) -> list:
    """The ``name`` elements (of ``css_class``, when given) inside an element of class ``within``.

    What the CSS selector ``.within name.css_class`` selects, in document order.
    soupsieve matches a descendant selector by testing every element of the
    document in Python: 0.2 s for one selector on the method edition, against
    a few milliseconds for finding the elements by name and looking up their
    few ancestors.
    """
    found = root.find_all(name, class_=css_class) if css_class else root.find_all(name)
    return [tag for tag in found if any(within in (parent.get("class") or ())
                                         for parent in tag.parents)]


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
                 appendices: str = "", summary_first: bool = True,
                 root_href: str | None = None) -> str:
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
    root_href : str, optional
        The project root relative to the report: in the method edition every
        document the prose cites (``docs/methods.md``) becomes a link into it.

    Returns
    -------
    str
        The HTML document.
    """
    return _render(_merge(notebook_paths, edition, lang), lang=lang, title=title,
                   subtitle=subtitle, synthetic=synthetic, threshold=threshold, footer=footer,
                   edition=edition, appendices=appendices, summary_first=summary_first,
                   root_href=root_href)


def document_from_html(parts: list[str], *, lang: str, title: str, subtitle: str,
                       synthetic: bool, threshold: int, footer: str) -> str:
    """One self-contained HTML document, in the report's style, of published HTML parts.

    For ``evalkit batch``'s comparison, which is made from the runs' published
    tables, not by a stage notebook: each part (a heading, a paragraph, a table
    or figure as ``publish`` renders them) becomes one displayed output.
    """
    import nbformat

    merged = nbformat.v4.new_notebook()
    for number, part in enumerate(parts, start=1):
        cell = nbformat.v4.new_code_cell(source="")
        cell.id = f"cell-{number}"
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": part})]
        merged.cells.append(cell)
    return _render(merged, lang=lang, title=title, subtitle=subtitle, synthetic=synthetic,
                   threshold=threshold, footer=footer, summary_first=False)


@functools.cache
def _exporter_class() -> type:
    """nbconvert's ``HTMLExporter`` that hands over its parsed document instead of its text."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """``HTMLExporter.from_notebook_node``'s steps, ending with the parsed document.

        HTMLExporter parses its own HTML (to give images an alternative text and
        the input and output areas a tab stop) and returns it as text, which the
        report parsed again: a third of the method edition's time went into that
        second round trip. ``str()`` of the document this returns is
        HTMLExporter's text (tests/test_report.py compares them on the example).
        """

        def soup_from_notebook_node(self, nb, resources: dict):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            body, _ = TemplateExporter.from_notebook_node(self, nb, resources)
            soup = BeautifulSoup(body, features="html.parser")
            for elem in (e for e in soup.find_all("img") if not e.has_attr("alt")):
                elem.attrs["alt"] = "No description has been provided for this image"
            for elem in _below(soup, "jp-Notebook", "div", "jp-Cell-inputWrapper"):
                elem.attrs["tabindex"] = "0"
            for elem in _below(soup, "jp-Notebook", "div", "jp-OutputArea-output"):
                elem.attrs["tabindex"] = "0"
            return soup

    return ReportExporter


def _render(merged, *, lang: str, title: str, subtitle: str, synthetic: bool, threshold: int,
            footer: str, edition: str = "report", appendices: str = "",
            summary_first: bool = True, root_href: str | None = None) -> str:
    """The HTML document of a merged notebook, with header, contents, numbering and footer."""
    from bs4 import BeautifulSoup

    exporter = _exporter_class()(template_name=TEMPLATE_NAME,
                                 extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_input = edition != "method"
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    merged.metadata["title"] = title
    soup = exporter.soup_from_notebook_node(merged, resources={"language_code": lang})
    soup.html["lang"] = lang  # screen readers and hyphenation need the report's language
    main = soup.body
    if appendices:
        main.append(BeautifulSoup(appendices, "html.parser"))
    if edition == "method":
        if root_href is not None:
            _link_documents(soup, root_href)
        for h1 in _below(main, "jp-MarkdownCell", "h1"):
            h1.name = "h2"  # a stage's notebook title opens its chapter
        for h2 in _below(main, "jp-OutputArea", "h2"):
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


def appendices_html(lang: str, stages: list[str], provenance: dict,
                    audited: pd.DataFrame | None = None) -> str:
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
    audited : pandas.DataFrame, optional
        The run's disclosure audit per table (``audit.summary``), said in one sentence.

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
    if audited is not None:
        parts.append("<p>" + html.escape(labels.t(
            "appendix.audit", lang, tables=len(audited), cells=int(audited["cells"].sum()),
            small=int(audited["small"].sum()), hidden=int(audited["hidden"].sum()))) + "</p>")
    return '<div class="evalkit-appendices">' + "".join(parts) + "</div>"
