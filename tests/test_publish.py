"""Publishing: disclosure on the way out, the CSV written, the labelled table shown."""

import ast
import json
from pathlib import Path

import pandas as pd
import pytest

from evalkit import audit, disclosure, labels, publish

ROOT = Path(__file__).resolve().parents[1]


def _publisher(folder: Path, register: bool = False) -> publish.Publisher:
    return publish.Publisher(folder, folder, "nl", 10, source="s",
                             register_dir=folder / "cells" if register else None)


def test_localise_numbers():
    frame = pd.DataFrame({"a": ["29.0", "x", "1000", "v1.2"]})
    assert publish.localise_numbers(frame, "nl")["a"].tolist() == ["29,0", "x", "1000", "v1.2"]
    assert publish.localise_numbers(frame, "en")["a"].tolist() == ["29.0", "x", "1000", "v1.2"]


def test_a_dutch_amount_with_one_thousands_point_is_not_taken_for_a_decimal():
    """665.088 euro in Dutch must not become 665,088 (which a Dutch reader reads as 665 euro)."""
    shown = pd.DataFrame({"value": [labels.format_amount(665088.0, "nl"), "29.0", "0.2900"]})
    assert publish.localise_numbers(shown, "nl")["value"].tolist() == ["665.088", "29,0", "0,2900"]


def test_a_hidden_flow_row_hides_its_check_column_too(tmp_path):
    flows = pd.DataFrame([
        {"year": 2022, "carried_in": 3, "new": 120, "total": 123, "outflow": 5, "remaining": 118,
         "remaining_counted": 118, "adds_up": True},
        {"year": 2023, "carried_in": 118, "new": 39, "total": 157, "outflow": 50,
         "remaining": 107, "remaining_counted": 107, "adds_up": True}])
    written = _publisher(tmp_path).flows(flows, "flows", caption="c", headers={"year": "col.year"})
    first, second = written.iloc[0], written.iloc[1]
    assert first["carried_in"] == "<10" and first["remaining"] != "118"
    assert first["remaining_counted"] == first["remaining"]
    assert second["remaining_counted"] == "107"
    assert "118" not in (tmp_path / "flows.csv").read_text().splitlines()[1]


# ----------------------------------------------------------------- the one route to disk

#: What writes a file, by the name it is called with.
_WRITERS = {"to_csv", "to_parquet", "savefig", "write_table", "write_figure", "write_text",
            "write_bytes", "atomic_write_bytes", "write_parquet", "write_json", "to_excel"}
#: The modules that may call them, and why: io is where files are written; publish is the
#: one route for tables and figures; the rest write no table: the run's frame, manifest,
#: processed data and cell register, the CBS download, the synthetic example, the CLI's files,
#: and reuse's stored stage outputs (byte-for-byte copies, hash-checked, of what publish wrote).
_ALLOWED = {"io.py", "publish.py", "pipeline.py", "prepare.py", "audit.py", "manifest.py",
            "cbs.py", "synth.py", "cli.py", "pdf.py", "verify.py", "config.py", "reuse.py"}


def _calls(tree: ast.AST) -> set[str]:
    return {node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for node in ast.walk(tree) if isinstance(node, ast.Call)}


def test_no_notebook_writes_a_file_but_through_the_publisher():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        found = _calls(ast.parse(code)) & _WRITERS
        assert not found, f"{path.name} writes with {sorted(found)}; publish through st.out"
        assert "import io" not in code and "evalkit.io" not in code, path.name


def test_only_io_and_publish_write_tables_and_figures():
    for path in sorted((ROOT / "src" / "evalkit").glob("*.py")):
        calls = _calls(ast.parse(path.read_text()))
        tables = calls & {"write_table", "to_csv", "write_figure", "savefig"}
        # cbs writes the downloaded national tables, synth the synthetic input file: no
        # table of a run
        if path.name not in ("io.py", "publish.py", "cbs.py", "synth.py"):
            assert not tables, f"{path.name} writes a table or figure with {sorted(tables)}"
        if path.name not in _ALLOWED:
            assert not calls & _WRITERS, f"{path.name} writes a file: {sorted(calls & _WRITERS)}"


def test_a_table_protected_with_another_threshold_is_refused(tmp_path):
    table = disclosure.frequency_table(pd.Series(["a"] * 12 + ["b"] * 3), 5, name="x")
    with pytest.raises(ValueError, match="threshold 5, but the run's is 10"):
        _publisher(tmp_path).table(table, "x", caption="c")


def test_the_note_on_hidden_cells_comes_from_the_threshold_not_the_text(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(publish, "_display_html", shown.append)
    _publisher(tmp_path).show(pd.DataFrame({"n": ["<10", "12"]}), "c")
    _publisher(tmp_path).show(pd.DataFrame({"n": ["<5", "12"]}), "c")  # not this run's mark
    _publisher(tmp_path).show(pd.DataFrame({"n": ["x", "12"]}), "c")  # a small cell as x
    assert "minder dan 10" in shown[0] and "minder dan" not in shown[1]
    assert "Een “x” is een verborgen cel" in shown[2]


def test_a_cell_an_earlier_table_would_give_back_is_hidden_in_the_new_one(tmp_path):
    """Strata by country with one small country, then a total over the strata: the classic
    differencing leak. The total table comes second, so it is the one that must hide."""
    out = _publisher(tmp_path, register=True)
    people = pd.Series(["A"] * 4 + ["B"] * 30 + ["C"] * 40)
    strata = disclosure.frequency_table(people, 10, name="country")
    out.table(strata, "strata", caption="c", share=None)  # total row shown: A is protected
    again = pd.DataFrame({"group": ["all"], "people": [74]})
    written = out.values(again, "total", caption="c", kinds={}, counts=("people",),
                         key="group", members={("all", "people"): people.index})
    assert written["people"].tolist() == ["74"]  # a total already known adds nothing
    only_b = pd.DataFrame({"group": ["B+C"], "people": [70]})
    written = out.values(only_b, "b_and_c", caption="c", kinds={}, counts=("people",),
                         key="group", members={("B+C", "people"): people.index[4:]})
    assert written["people"].tolist() == ["x"]  # 74 - 70 would give A's 4 back
    cells = audit.read_cells(tmp_path / "cells")
    assert not audit.intervals(cells, 10)["exposed"].any()


def test_a_share_beside_a_hidden_count_is_left_out_with_its_interval(tmp_path, monkeypatch):
    """4 of 527 shown as 0.76% would give the hidden 4 back (0.0076 x 527): a share tied to
    the row's counts goes wherever one of them is hidden, in the CSV and in the report."""
    shown = []
    monkeypatch.setattr(publish, "_display_html", shown.append)
    frame = pd.DataFrame({"indicator": ["work", "waiting", "median"], "count": [4, 463, 3],
                          "people": [527, 527, 527], "value": [4 / 527, 463 / 527, 901.0],
                          "lower": [0.003, 0.848, 827.0], "upper": [0.019, 0.904, 955.0],
                          "unit": ["share", "share", "int"]})
    written = _publisher(tmp_path).values(
        frame, "shares", caption="c", kinds={"value": "@unit", "lower": "@unit", "upper": "@unit"},
        counts=("count", "people"), key="indicator", hidden=("unit",),
        tied=("value", "lower", "upper"), tied_rows=frame["unit"].eq("share"),
        intervals={"shown": ("value", "lower", "upper", "percent")})
    rows = written.set_index("indicator")
    assert rows.loc["work", ["count", "value", "lower", "upper"]].tolist() == ["<10", "", "", ""]
    assert rows.loc["waiting", ["count", "value"]].tolist() == ["463", "0.8786"]
    # a median is no share of its count: kept (the rows named in tied_rows only)
    assert rows.loc["median", ["count", "value"]].tolist() == ["<10", "901"]
    assert "87,9 (84,8" in shown[0] and "0,8 (0,3" not in shown[0]

    untied = _publisher(tmp_path).values(frame, "untied", caption="c", kinds={"value": "@unit"},
                                         counts=("count", "people"), key="indicator")
    assert untied.set_index("indicator").loc["work", "value"] == "0.0076"


def test_where_a_share_lies_goes_with_it(tmp_path, monkeypatch):
    """Inside or outside the funnel's limits says where the share lies, so where a count
    would narrow: a tied code is left out too; the others are labelled as always."""
    shown = []
    monkeypatch.setattr(publish, "_display_html", shown.append)
    frame = pd.DataFrame({"code": ["GM1", "GM2"], "people": [24, 55], "count": [3, 24],
                          "share": [3 / 24, 24 / 55], "position": ["below_95", "above_95"]})
    written = _publisher(tmp_path).values(
        frame, "funnel", caption="c", kinds={"share": "share"}, counts=("people", "count"),
        key="code", codes={"position": "position"}, tied=("share", "position"))
    assert written[["count", "share", "position"]].values.tolist() == [
        ["<10", "", ""], ["24", "0.4364", "above_95"]]
    assert labels.code_label("position", "above_95", "nl") in shown[0]
    assert labels.code_label("position", "below_95", "nl") not in shown[0]
