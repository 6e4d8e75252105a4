import re
import string

import pandas as pd
import pytest

from evalkit import labels


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_and_the_same_placeholders():
    for key, texts in labels.CATALOGUE.items():
        assert set(texts) == set(labels.LANGS), key
        assert all(texts[lang].strip() for lang in labels.LANGS), key
        assert _placeholders(texts["nl"]) == _placeholders(texts["en"]), key


def test_lookup_and_formatting():
    assert labels.t("status.in_support", "nl") == "In begeleiding"
    assert labels.t("status.in_support", "en") == "In support"
    assert "Eindhoven" in labels.t("report.subtitle_municipality", "nl", municipality="Eindhoven",
                                   reference_date="31-01-2020")


def test_missing_key_and_language_are_errors():
    with pytest.raises(labels.LabelError, match="no label 'status.nope'"):
        labels.t("status.nope", "nl")
    with pytest.raises(labels.LabelError, match="unsupported language"):
        labels.t("status.in_support", "de")


def test_code_labels():
    assert labels.code_label("sex", "V", "nl") == "vrouw"
    assert labels.code_label("country_of_origin", "Syria", "nl") == "Syrië"
    assert labels.code_label("country_of_origin", "Burundi", "nl") == "Burundi"
    assert labels.code_label("education_level", "total", "en") == "Total"
    assert labels.code_label("sex", None, "nl") == "onbekend"
    with pytest.raises(labels.LabelError):
        labels.code_label("education_level", "phd", "nl")
    # a file's own age bands (cohort.recorded_age_bands) beside the five computed ones
    assert labels.code_label("age_band", "55+", "en") == "55 years and older"
    assert labels.code_label("age_band", "27-40", "nl") == "27-40 jaar"
    assert labels.code_label("age_band", "41+", "nl") == "41 jaar en ouder"
    with pytest.raises(labels.LabelError):
        labels.code_label("age_band", "oud", "nl")


def test_every_contract_code_has_a_label():
    from evalkit import schema

    for column in schema.COLUMNS:
        if column.kind != "code" or column.name in ("route", "mediated_by", "sector",
                                                    "outflow_reason"):
            continue
        for code in column.codes:
            for lang in labels.LANGS:
                assert labels.code_label(column.name, code, lang)


def test_label_table_translates_values_and_headers():
    table = pd.DataFrame({"status": ["in_support", "total"], "count": ["10", "10"]})
    shown = labels.label_table(table, "en", codes={"status": "status"},
                               headers={"status": "col.status", "count": "col.count"})
    assert list(shown.columns) == ["Status", "Number"]
    assert list(shown["Status"]) == ["In support", "Total"]


def test_dutch_texts_are_not_english():
    """A crude guard against a Dutch entry left in English: common English words."""
    english = re.compile(r"\b(the|and|with|which|people|from)\b")
    same_ok = {"language_level", "country_of_origin", "col.indicator", "col.status"}
    for key, texts in labels.CATALOGUE.items():
        if key.split(".")[0] in same_ok or key in same_ok:
            continue
        assert not english.search(texts["nl"]), key


def test_numbers_follow_the_report_language():
    assert labels.format_number(29.0, 1, "nl") == "29,0"
    assert labels.format_number(29.0, 1, "en") == "29.0"
    assert labels.localise_decimal("46.7", "nl") == "46,7"


def test_monitoring_source_line():
    from datetime import date

    assert labels.monitoring_source(True, date(2020, 1, 31), "nl") == (
        "Bron: synthetisch voorbeeldbestand; peildatum 31-01-2020.")
    assert labels.monitoring_source(False, date(2020, 1, 31), "en") == (
        "Source: monitoring file; reference date 31-01-2020.")


def _code_literals() -> tuple[set[str], set[str]]:
    """The string literals of the package (less the catalogue) and the notebooks, and the
    fixed beginnings of their f-strings."""
    import ast
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sources = [p.read_text() for p in sorted((root / "src" / "evalkit").glob("*.py"))]
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        sources.append("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
    literals, beginnings = set(), set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                beginnings.add(node.values[0].value)
    return literals, beginnings


@pytest.mark.slow
def test_every_key_is_used(example_run, lingedal_run):
    """A key is used when the code names it, or names its family (``f"status.{code}"``, or
    the domain of ``code_label``) and the rest is a code the code, the inputs or a published
    table of the example runs holds."""
    from pathlib import Path

    literals, beginnings = _code_literals()
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text() for p in [*root.glob("expectations/*.json"), *root.glob("configs/*.yml"),
                                     *example_run[1].glob("tables/*.csv"),
                                     *lingedal_run[1].glob("tables/*.csv")]]
    codes = {t for text in [*texts, *literals] for t in re.findall(r"[A-Za-z0-9_+\-]+", text)}
    domains = {v for v in literals if re.fullmatch(r"[a-z_]+", v)}
    unused = []
    for key in labels.CATALOGUE:
        if key in literals:
            continue
        family, _, code = key.rpartition(".")
        rest = [key[len(b):] for b in beginnings if len(b) > 3 and key.startswith(b)]
        if family in domains and code in codes:
            continue
        if any(all(part in codes for part in re.split(r"__|\.", r)) for r in rest if r):
            continue
        unused.append(key)
    assert not unused, f"labels no code uses: {unused}"


def test_dates_are_written_in_one_place():
    """Every date a report shows goes through labels.format_date; synth writes input files."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for path in [*sorted((root / "src" / "evalkit").glob("*.py")),
                 *sorted((root / "notebooks").glob("*.ipynb"))]:
        if path.name not in ("labels.py", "synth.py"):
            assert "strftime" not in path.read_text(), path.name
    assert labels.format_date(pd.Timestamp("2020-01-31").date(), "en") == "31-01-2020"
