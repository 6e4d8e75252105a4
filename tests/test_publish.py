"""Publishing: disclosure on the way out, the CSV written, the labelled table shown."""

import pandas as pd

from evalkit import labels, publish


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
    written = publish.publish_flows(flows, "flows", tmp_path, "nl", threshold=10, caption="c",
                                   headers={"year": "col.year"})
    first, second = written.iloc[0], written.iloc[1]
    assert first["carried_in"] == "<10" and first["remaining"] != "118"
    assert first["remaining_counted"] == first["remaining"]
    assert second["remaining_counted"] == "107"
    assert "118" not in (tmp_path / "flows.csv").read_text().splitlines()[1]
