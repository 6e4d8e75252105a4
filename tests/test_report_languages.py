"""The report in Dutch and in English: every visible word from the label catalogue, in one language."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from evalkit import labels

#: Common function words: one of them in a sentence gives its language away.
WORDS = {
    "nl": {"de", "het", "een", "van", "niet", "zijn", "wordt", "voor", "met", "ook", "naar",
           "bij", "geen", "tegen", "alleen", "wie"},
    "en": {"the", "and", "of", "with", "which", "people", "not", "is", "are", "to", "from",
           "for", "only", "who", "than"},
}

#: Columns that hold cited data, not report text: sources, populations as published, and the
#: Dutch terms of the glossary (Dutch on purpose in both languages), and the signals' summaries,
#: quoted in the language they were written in (the note under their table says so).
CITED_HEADERS = {"Bron", "Source", "Populatie", "Population", "Begrip", "Term", "Bestand",
                 "File", "Indicator", "Samenvatting", "Summary"}


def visible_sentences(html: str) -> list[str]:
    """Text of the report a reader sees, without cited sources and data columns."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.select("p.evalkit-source, style, script, pre"):
        node.decompose()
    for table in soup.find_all("table"):
        headers = [th.get_text(strip=True) for th in table.find_all("th")]
        cited = {i for i, h in enumerate(headers) if h in CITED_HEADERS}
        for tr in table.find_all("tr"):
            for i, td in enumerate(tr.find_all("td")):
                if i in cited:
                    td.decompose()
    text = soup.get_text("\n")
    return [s.strip() for s in re.split(r"[\n.;:]", text) if len(s.split()) >= 4]


@pytest.mark.parametrize("lang, other", [("nl", "en"), ("en", "nl")])
def test_no_sentence_of_the_other_language(example_run, example_run_en, lang, other):
    run_dir = (example_run if lang == "nl" else example_run_en)[1]
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    offending = []
    for sentence in visible_sentences(html):
        words = set(re.findall(r"[a-zA-Z\u00c0-\u017f]+", sentence.lower()))
        foreign = words & WORDS[other]
        native = words & WORDS[lang]
        if len(foreign) >= 2 and len(foreign) > len(native):
            offending.append(sentence)
    assert not offending, offending[:5]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_label_key_shows_in_the_report(example_run, example_run_en, lang):
    run_dir = (example_run if lang == "nl" else example_run_en)[1]
    text = BeautifulSoup((run_dir / "report.html").read_text(encoding="utf-8"),
                         "html.parser").get_text(" ")
    shown_keys = [k for k in re.findall(r"\b[a-z_0-9]+\.[a-z_0-9.]+\b", text)
                  if k in labels.CATALOGUE]
    assert not shown_keys


def test_both_languages_have_the_same_tables_and_numbers(example_run, example_run_en):
    """The published CSVs keep codes: only the report's words change with the language."""
    nl_tables = example_run[1] / "tables"
    en_tables = example_run_en[1] / "tables"
    language_free = [p.name for p in sorted(nl_tables.glob("*.csv"))
                     if p.name not in ("cb_assumptions.csv",)]  # sources are sentences there
    for name in language_free:
        assert (nl_tables / name).read_bytes() == (en_tables / name).read_bytes(), name
    headings_en = [h.get_text() for h in BeautifulSoup(
        (example_run_en[1] / "report.html").read_text(), "html.parser").find_all("h2")]
    assert headings_en[:3] == ["Summary", "Data quality", "The cohort"]


def test_the_detector_catches_a_sentence_of_the_other_language():
    page = ("<p>Dit is het rapport van de gemeente voor de raad.</p>"
            "<p>This is the report of the municipality for the council.</p>")
    sentences = visible_sentences(page)
    english = [s for s in sentences
               if len(set(re.findall(r"[a-z]+", s.lower())) & WORDS["en"]) >= 2]
    assert english == ["This is the report of the municipality for the council"]


def _offending(html: str, lang: str, other: str) -> list[str]:
    found = []
    for sentence in visible_sentences(html):
        words = set(re.findall(r"[a-zA-Z\u00c0-\u017f]+", sentence.lower()))
        if len(words & WORDS[other]) >= 2 and len(words & WORDS[other]) > len(words & WORDS[lang]):
            found.append(sentence)
    return found


@pytest.mark.parametrize("lang, other", [("nl", "en"), ("en", "nl")])
def test_the_method_edition_teaches_in_one_language(example_run, example_run_en, lang, other):
    """Method prose, worked examples and frame in the report's language; code is code."""
    run_dir = (example_run if lang == "nl" else example_run_en)[1]
    html = (run_dir / "report_method.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert _offending(html, lang, other) == []
    soup = BeautifulSoup(html, "html.parser")
    question = {"nl": "Vraag.", "en": "Question."}[lang]
    assert soup.find("strong", string=question) is not None
    # The worked examples are there, in the report's language.
    header = {"nl": "S(t) met de hand", "en": "S(t) by hand"}[lang]
    assert header in soup.get_text(" ")


def test_the_method_edition_has_no_parameter_cell_and_links_its_documents(example_run, root):
    soup = BeautifulSoup((example_run[1] / "report_method.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = soup.get_text(" ")
    assert "papermill replaces these" not in text and "config_path =" not in text
    links = [a for a in soup.select(".jp-MarkdownCell a") if a.find("code")]
    cited = {a.get_text() for a in links}
    assert {"docs/methods.md", "docs/reference_case.md", "data/raw/README.md"} <= cited
    for link in links:
        assert link["href"] == f"../../{link.get_text()}"
        assert (root / link.get_text()).is_file(), link["href"]
    unlinked = [code.get_text() for code in soup.select(".jp-MarkdownCell code")
                if code.get_text().startswith("docs/") and code.parent.name != "a"]
    assert unlinked == []
