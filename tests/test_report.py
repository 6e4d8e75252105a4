"""The report as a reader gets it: one offline HTML file, no code, contents that work."""

import re
from urllib.parse import urlparse

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from evalkit import report


@pytest.fixture(scope="module")
def soup(example_run):
    _, run_dir, _ = example_run
    return BeautifulSoup((run_dir / "report.html").read_text(encoding="utf-8"), "html.parser")


def test_nothing_is_fetched_from_the_network(soup):
    for tag in soup.find_all(["script", "link", "img", "iframe", "source"]):
        for attribute in ("src", "href"):
            value = tag.get(attribute)
            if value:
                assert urlparse(value).scheme in ("", "data"), (tag.name, value[:80])
    assert not soup.find_all("script", src=True)
    assert not soup.find_all("link", href=re.compile(r"^(https?:)?//"))


def test_no_code_cells(soup):
    assert not soup.select(".jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt")
    text = soup.get_text(" ")
    for code in ("read_config", "import ", "publish_table", "config_path"):
        assert code not in text


def test_contents_link_every_stage_and_section(soup):
    links = soup.select("nav.evalkit-toc a")
    targets = [a["href"][1:] for a in links]
    assert targets and all(a["href"].startswith("#") for a in links)
    for target in targets:
        assert soup.find(id=target) is not None, target
    titles = [a.get_text() for a in soup.select("nav.evalkit-toc li.level-2 > a")]
    assert titles == ["Samenvatting", "Datakwaliteit", "De doelgroep", "Uitstroom",
                      "Kosten en baten", "Landelijke vergelijking", "Monitoringskader",
                      "Bijlage A. Methode",
                      "Bijlage B. Begrippenlijst", "Bijlage C. Herkomst van de cijfers"]
    assert "Stand van zaken op de peildatum" in [a.get_text() for a in links]


def test_summary_opens_the_report_with_the_headline_figures(soup):
    assert soup.find("h2").get_text() == "Samenvatting"
    # The summary comes before the contents, so it fills the first screen.
    assert soup.find("h2").find_next("nav", class_="evalkit-toc") is not None
    key, status = soup.find_all("figure", class_="evalkit-table")[:2]
    rows = {tr.find("td").get_text(): [td.get_text() for td in tr.find_all("td")][1:]
            for tr in key.find_all("tr") if tr.find("td")}
    assert rows["Uitgestroomd naar werk"][0] == "290 (29,0%; 95%-interval 26,3\u201331,9%)"
    assert "ruwe schatting" in rows["Uitgestroomd naar werk"][1]  # the comparability caveat
    assert rows["Kosten en baten"][0].startswith("1.951.005 euro (5\u201395%: ")
    assert rows["Kwaliteit van de gegevens"][0] == "geslaagd"
    lines = [[td.get_text() for td in tr.find_all("td")] for tr in status.find_all("tr")]
    assert lines[2] == ["Uitgestroomd naar werk", "290", "29,0"]
    assert lines[5] == ["In begeleiding", "467", "46,7"]


def test_every_figure_is_embedded_and_numbered(soup):
    images = soup.select("figure.evalkit-figure img")
    assert len(images) >= 2
    assert all(img["src"].startswith("data:image/png;base64,") for img in images)
    captions = [c.get_text() for c in soup.select("figure.evalkit-figure figcaption")]
    assert captions[0].startswith("Figuur 1. ")
    tables = [c.get_text() for c in soup.select("figure.evalkit-table figcaption")]
    assert [t.split(".")[0] for t in tables] == [f"Tabel {i}" for i in range(1, len(tables) + 1)]


def test_synthetic_data_is_marked(soup):
    banners = soup.select(".evalkit-synthetic")
    assert len(banners) == 2  # top and bottom
    assert "synthetische" in banners[0].get_text()


def test_no_row_about_one_person_anywhere(example_run):
    project, run_dir, _ = example_run
    ids = pd.read_csv(project / "data/raw/example_monitoring.csv", usecols=["client_id"])
    ids = set(ids["client_id"])
    for path in run_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ipynb", ".csv", ".json", ".yml"):
            text = path.read_text(encoding="utf-8")
            leaked = [i for i in re.findall(r"EV-[0-9A-F]{8}", text) if i in ids]
            assert not leaked, path


def test_small_cells_are_suppressed_in_the_published_tables(example_run):
    _, run_dir, _ = example_run
    crosstab = pd.read_csv(run_dir / "tables/cohort_status_by_housing_year.csv", dtype=str)
    values = crosstab.drop(columns="housing_year").to_numpy().ravel()
    numbers = [int(v) for v in values if v.isdigit()]
    assert all(n == 0 or n >= 10 for n in numbers)
    assert "<10" in values


def test_report_order_puts_the_summary_first():
    assert report.report_order(["00_data_checks", "10_cohort", "90_summary"]) == [
        "90_summary", "00_data_checks", "10_cohort"]


@pytest.mark.parametrize("edition", ["report", "method"])
def test_the_report_exporter_parses_what_nbconvert_would_write(example_run, edition):
    """``ReportExporter`` repeats HTMLExporter's steps; its document must print as HTMLExporter's text."""
    from nbconvert import HTMLExporter

    _, run_dir, _ = example_run
    stages = report.report_order(sorted(p.stem for p in (run_dir / "notebooks").glob("*.ipynb")))
    made = []
    for exporter_class in (HTMLExporter, report._exporter_class()):
        exporter = exporter_class(template_name=report.TEMPLATE_NAME,
                                  extra_template_basedirs=[str(report.TEMPLATE_DIR)])
        exporter.exclude_input = edition != "method"
        exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
        merged = report._merge([run_dir / "notebooks" / f"{s}.ipynb" for s in stages], edition)
        merged.metadata["title"] = "t"
        resources = {"language_code": "nl"}
        if exporter_class is HTMLExporter:
            made.append(exporter.from_notebook_node(merged, resources=resources)[0])
        else:
            made.append(str(exporter.soup_from_notebook_node(merged, resources=resources)))
    assert 'tabindex="0"' in made[0]
    assert made[1] == made[0]


def test_highlighted_code_is_what_clean_html_would_make_of_it(root):
    """The report template leaves out the lab template's clean_html on code: an identity there."""
    import nbformat
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.strings import clean_html

    highlight = Highlight2HTML(pygments_lexer="ipython3")
    sources = ['html = "<script>alert(1)</script><img src=x onerror=f()>"  # &amp; \'"',
               "%%html\n<b onclick='x'>bold</b>\n<!-- a comment -->"]
    for path in sorted((root / "notebooks").rglob("*.ipynb")):
        sources += [cell.source for cell in nbformat.read(path, as_version=4).cells
                    if cell.cell_type == "code"]
    assert len(sources) > 50
    for source in sources:
        html = highlight(source)
        assert clean_html(html) == html, source[:80]


def test_suppression_is_explained_under_the_table_that_hides_cells(soup):
    crosstab = [f for f in soup.select("figure.evalkit-table")
                if "naar jaar van huisvesting" in f.figcaption.get_text()
                and "Stand van zaken" in f.figcaption.get_text()][0]
    assert "verborgen" in crosstab.select_one("p.evalkit-note").get_text()
    sex = [f for f in soup.select("figure.evalkit-table")
           if "geslacht" in f.figcaption.get_text()][0]
    assert sex.select_one("p.evalkit-note") is None


def test_outflow_reasons_match_kplusv_footnote_39(example_run):
    """Partner income 5.9% of all outflow (438), as the evaluation's footnote 39 gives it."""
    _, run_dir, _ = example_run
    reasons = pd.read_csv(run_dir / "tables/cohort_outflow_reasons.csv", dtype=str)
    row = reasons.set_index("outflow_reason").loc["partner_income"]
    assert (row["count"], row["share"]) == ("26", "5.9")
    assert reasons.set_index("outflow_reason").loc["total", "count"] == "438"


def _table(run_dir, name):
    return pd.read_csv(run_dir / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_outflow_reproduces_the_kplusv_tables(example_run):
    """Tabel 4, the caseload flows of 4.4.3 and the caseload per specialist, end to end."""
    _, run_dir, _ = example_run
    reasons = _table(run_dir, "outflow_reasons").set_index("reason_group")["count"]
    assert reasons.tolist() == ["241", "49", "41", "89", "420"]
    flows = _table(run_dir, "outflow_flows").set_index("year")
    assert flows.loc["2019", ["carried_in", "new", "total", "outflow", "remaining"]].tolist() == [
        "237", "360", "597", "178", "419"]
    assert set(flows["adds_up"]) == {"True"}
    check = _table(run_dir, "outflow_flow_check")
    assert set(check["year"]) == {"2019"}
    assert check.iloc[0][["printed", "computed"]].tolist() == ["579", "597"]
    staff = _table(run_dir, "outflow_per_specialist").set_index("year")
    assert staff.loc["2019", "per_fte_published"] == "116"
    assert staff.loc["2020", "per_fte"] == "128"


def test_outflow_curves_and_estimates_are_in_the_report(soup):
    captions = [c.get_text() for c in soup.select("figcaption")]
    for words in ("Aandeel nog in de bijstand", "cumulatieve incidentie",
                  "Aandeel dat nog wacht", "Wachttijden in de route"):
        assert any(words in c for c in captions), words
    text = soup.get_text(" ")
    assert "niet bereikt" in text  # the 2018 cohort's median is not reached yet
    assert "inf" not in text.split() and "nan" not in text.lower().split()


def test_every_table_and_figure_has_a_source(soup):
    missing = [f.figcaption.get_text()[:60] for f in soup.select(
        "figure.evalkit-table, figure.evalkit-figure") if f.select_one("p.evalkit-source") is None]
    assert not missing
    # What comes from the monitoring file says its reference date.
    for figure in soup.select("figure.evalkit-table, figure.evalkit-figure"):
        source = figure.select_one("p.evalkit-source").get_text()
        if "voorbeeldbestand" in source or "monitoringsbestand" in source:
            assert "peildatum 31-01-2020" in source, figure.figcaption.get_text()


def test_suppressed_cells_are_explained_under_their_table(soup):
    for figure in soup.select("figure.evalkit-table"):
        cells = [td.get_text() for td in figure.find_all("td")]
        if "<10" in cells:
            notes = " ".join(p.get_text() for p in figure.select("p.evalkit-note"))
            assert "minder dan 10 personen" in notes, figure.figcaption.get_text()
