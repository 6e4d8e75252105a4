"""The summary reads published tables: what it shows where a table left a figure out."""

import pandas as pd

from evalkit import summary


def _published(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype(str).replace("nan", "")


STATUS = _published([
    {"status": "left_work", "count": "x", "share": "x"},
    {"status": "in_support", "count": "53", "share": "10.1"},
    {"status": "known_not_picked_up", "count": "300", "share": "56.9"},
    {"status": "not_known", "count": "163", "share": "30.9"},
    {"status": "total", "count": "527", "share": "100.0"}])
QUALITY = {"checks": 45, "passed": 45, "not_applicable": 0, "critical_failed": 0, "warnings": 0}


def test_no_interval_is_quoted_where_the_national_comparison_left_it_out():
    """An interval beside a hidden count would give the count back, so the table has none."""
    routes = _published([{"indicator": "integration_route_direct_work", "national": "0.1700",
                          "count": "x", "people": "527", "local": "", "lower": "", "upper": ""}])
    figures = summary.key_figures(STATUS, QUALITY, "nl", routes=routes).set_index("indicator")
    assert figures.loc["Uitgestroomd naar werk", "value"] == "x (x%)"
    shown = routes.assign(count="290", people="1000", local="0.2900", lower="0.2630",
                          upper="0.3190")
    status = STATUS.replace({"x": "290"}).assign(share=["29.0", "10.1", "56.9", "30.9", "100.0"])
    figures = summary.key_figures(status, QUALITY, "nl", routes=shown).set_index("indicator")
    assert figures.loc["Uitgestroomd naar werk", "value"] == "290 (29,0%; 95%-interval 26,3–31,9%)"


def test_a_share_left_out_beside_its_hidden_count_shows_the_count_mark():
    whole = _published([
        {"indicator": "median_exit_months", "people": "509", "count": "x", "value": "",
         "lower": "", "upper": "", "unit": "number"},
        {"indicator": "share_fulltime_work", "people": "527", "count": "<10", "value": "",
         "lower": "", "upper": "", "unit": "share"}])
    rows = {label: value for label, value, _ in summary.whole_group_rows(whole, "en")}
    assert rows["Median time to leaving benefits (months)"] == "no estimate"  # not reached
    assert rows["Share of the whole group that left for full-time work"] == "<10"
