"""The monitoring framework: the file's validation, the indicator values, states, blind spots, wheel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from evalkit import framework
from evalkit.errors import ConfigError, InputError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "frameworks" / "default.yml"


def _default() -> dict:
    return yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))


def _refused(data: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        framework.parse_framework(data, "frameworks/test.yml")


def test_the_shipped_framework_covers_every_domain_in_its_2019_group():
    found = framework.read_framework(DEFAULT)
    assert list(found.domains) == list(framework.DOMAINS_2019)
    assert {i.domain for i in found.indicators} == set(framework.DOMAINS_2019)
    groups = {g: [d for d, e in found.domains.items() if e.group == g] for g in framework.GROUPS}
    assert groups == {"markers_means": ["work", "housing", "education", "health_social_care",
                                        "leisure"],
                      "social_connections": ["bonds", "bridges", "links"],
                      "facilitators": ["language_communication", "culture", "digital_skills",
                                       "safety", "stability"],
                      "foundation": ["rights_responsibilities"]}
    assert all(e.nl and e.en for e in found.domains.values())
    assert {i.source.kind for i in found.indicators} == {"monitoring", "table", "signals"}


def test_the_example_framework_extends_the_default_with_six_pillars_and_targets():
    found = framework.read_framework(ROOT / "frameworks" / "example_eindhoven.yml")
    assert len(found.pillars) == 6
    assert found.indicator("work_within_24_months").target.value == 0.25
    assert len(found.indicators) == len(framework.read_framework(DEFAULT).indicators)
    lingedal = framework.read_framework(ROOT / "frameworks" / "example_lingedal.yml")
    ids = [i.id for i in lingedal.indicators]
    assert "education_within_24_months" not in ids and "wellbeing_score" in ids


def test_a_domain_that_does_not_exist_is_refused():
    data = _default()
    data["domains"]["happiness"] = {"group": "foundation", "nl": "Geluk", "en": "Happiness"}
    _refused(data, "domain 'happiness' is not one of the 14 domains")
    data = _default()
    data["indicators"][0]["domain"] = "employment"
    _refused(data, r"indicators\[work_left_for_work\]: domain 'employment' is not one")
    data = _default()
    data["domains"]["work"]["group"] = "facilitators"
    _refused(data, "domain 'work' belongs to group 'markers_means'")
    data = _default()
    del data["domains"]["safety"]
    _refused(data, "missing: safety")
    data = _default()
    data["pillars"] = [{"id": "x", "nl": "X", "en": "X", "domains": ["wellbeing"]}]
    _refused(data, "pillar 'x': domain 'wellbeing'")


def test_an_indicator_without_a_source_is_refused():
    data = _default()
    del data["indicators"][3]["source"]
    _refused(data, r"indicators\[work_median_exit\]\.source' is missing")
    data = _default()
    data["indicators"][0]["source"] = {"kind": "monitoring", "function": "share_happy"}
    _refused(data, "names one of the functions")
    data = _default()
    data["indicators"][0]["source"] = {"kind": "monitoring", "function": "median_exit_months"}
    _refused(data, "median_exit_months gives a months, not a share")


def test_a_target_outside_its_range_is_refused():
    data = _default()
    data["indicators"][0]["target"] = {"value": 25, "source": "plan"}
    _refused(data, r"work_left_for_work\]: target 25.0 lies outside the range of a share \(0 to 1\)")
    data = _default()
    data["indicators"][3]["target"] = {"value": -2, "source": "plan"}
    _refused(data, "outside the range of a months")
    data = _default()
    signals = next(i for i in data["indicators"] if i["source"]["kind"] == "signals")
    signals["target"] = {"value": 10, "source": "plan"}
    _refused(data, "signals are not a sample")
    data = _default()
    data["indicators"].append({**data["indicators"][5], "id": "score", "unit": "score"})
    _refused(data, "a score needs its range")


def test_unknown_keys_and_repeated_ids_are_refused(tmp_path):
    data = _default()
    data["indicators"][0]["weight"] = 2
    _refused(data, r"unknown key 'indicators\[work_left_for_work\].weight'")
    data = _default()
    data["indicators"].append(dict(data["indicators"][0]))
    _refused(data, "indicator id 'work_left_for_work' is used twice")
    child = tmp_path / "child.yml"
    (tmp_path / "default.yml").write_text(DEFAULT.read_text(encoding="utf-8"), encoding="utf-8")
    child.write_text("extends: default.yml\ncolour: red\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'colour'"):
        framework.read_framework(child)
    child.write_text("extends: default.yml\ntargets: {nothing: {value: 1, source: s}}\n",
                     encoding="utf-8")
    with pytest.raises(ConfigError, match="no indicator 'nothing'"):
        framework.read_framework(child)
    with pytest.raises(ConfigError, match="framework file not found"):
        framework.read_framework(tmp_path / "none.yml")


@pytest.mark.parametrize(("period", "end"), [
    ("2019", date(2019, 12, 31)), ("2019-H1", date(2019, 6, 30)), ("2019-Q3", date(2019, 9, 30)),
    ("2020-02", date(2020, 2, 29)), ("2019-11-15", date(2019, 11, 15)), ("2019-H3", None),
    ("mid 2019", None)])
def test_periods_end_on_their_last_day(period, end):
    assert framework.period_end(period) == end


def _tables(rows: list[dict]) -> pd.DataFrame:
    raw = pd.DataFrame(rows, dtype=object)
    raw.index = range(2, len(raw) + 2)
    return raw


def test_a_framework_table_is_checked_row_by_row():
    found = framework.read_framework(DEFAULT)
    good = {"indicator": "health_good", "period": "2019", "value": "0,58", "base": "131",
            "source": "GGD"}
    typed = framework.parse_tables(_tables([good]), found, "tables.csv")
    assert typed.loc[0, "value"] == pytest.approx(0.58) and typed.loc[0, "base"] == 131
    for change, match in (({"indicator": "work_left_for_work"}, "unknown indicator"),
                          ({"period": "summer"}, "not a period"),
                          ({"value": "58"}, "outside the indicator's range"),
                          ({"base": None}, "a share without its base"),
                          ({"source": None}, "without its source")):
        with pytest.raises(InputError, match=match) as error:
            framework.parse_tables(_tables([good, {**good, **change}]), found, "tables.csv")
        assert "tables.csv" in str(error.value) and "row 3" in str(error.value)


def _view(day: date, n: int = 40):
    from evalkit import series

    rng = np.random.default_rng(1)
    housing = pd.to_datetime("2018-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
    clients = pd.DataFrame({
        "housing_date": housing, "benefit_start_date": housing,
        "permit_date": housing - pd.Timedelta(days=100),
        "known_to_team_date": housing + pd.Timedelta(days=30),
        "intake_date": housing + pd.Timedelta(days=90),
        "outflow_date": [h + pd.Timedelta(days=400) if i % 3 == 0 else pd.NaT
                         for i, h in enumerate(housing)],
        "outflow_reason": pd.array(["fulltime_work" if i % 3 == 0 else pd.NA for i in range(n)],
                                   dtype="string"),
        "language_level": pd.array(["B1" if i % 4 == 0 else "A2" for i in range(n)],
                                   dtype="string"),
        "municipality_code": "GM0001"})
    from evalkit.facts import person_facts

    return series.AtDate(day, clients, person_facts(clients, day, "benefit_start_date"))


def test_values_states_and_blind_spots():
    data = _default()
    data["pillars"] = [{"id": "all", "nl": "Alles", "en": "All", "domains": ["work", "leisure"]}]
    for indicator in data["indicators"]:
        if indicator["id"] == "work_left_for_work":
            indicator["target"] = {"value": 0.2, "source": "plan"}
        if indicator["id"] == "language_b1":
            indicator["target"] = {"value": 0.9, "source": "plan"}
    found = framework.parse_framework(data, "test")
    view = _view(date(2020, 1, 31))
    tables = framework.parse_tables(_tables([
        {"indicator": "health_good", "period": "2019", "value": "0.5", "base": "200",
         "source": "GGD"},
        {"indicator": "safety_feels_safe", "period": "2019", "value": "0.5", "base": "6",
         "source": "survey"},
        {"indicator": "housing_satisfied", "period": "2021", "value": "0.5", "base": "60",
         "source": "later survey"}]), found, "t.csv")
    values, members = framework.values(found, [view], threshold=10, reps=20, seed=1,
                                       tables=tables, signals=None)
    by = values.set_index("indicator")
    assert by.loc["work_left_for_work", "count"] == 14 and by.loc["work_left_for_work", "base"] == 40
    assert members[("work_left_for_work 2020-01-31", "count")].size == 14
    assert by.loc["language_b1", "value"] == pytest.approx(10 / 40)
    assert by.loc["health_good", "lower"] < 0.5 < by.loc["health_good", "upper"]
    assert np.isnan(by.loc["safety_feels_safe", "value"])  # a base of 6 is not shown
    assert np.isnan(by.loc["housing_satisfied", "value"])  # the 2021 survey is after the peildatum
    written = values.assign(**{c: [("" if pd.isna(v) else f"{v:.4f}") for v in values[c]]
                               for c in ("value", "lower", "upper")})
    states = framework.with_states(found, written).set_index("indicator")["state"]
    assert states["work_left_for_work"] == "on_track"   # 35% (21-51%) against at least 20%
    assert states["language_b1"] == "behind"
    assert states["health_good"] == "no_target" and states["leisure_participation"] == "no_data"
    assert states["health_signals"] == "no_data"  # no signals file: nothing, not zero
    domains = framework.domain_table(found, framework.with_states(found, written))
    assert framework.blind_spots(domains) == ["leisure"]
    assert "Vrije tijd" in framework.blind_spot_sentence(found, domains, "nl")
    assert "Leisure" in framework.blind_spot_sentence(found, domains, "en")


def test_the_wheel_is_drawn_for_a_framework_with_unmeasured_domains():
    from matplotlib.figure import Figure

    found = framework.read_framework(DEFAULT)
    states = pd.DataFrame({"indicator": [i.id for i in found.indicators],
                           "domain": [i.domain for i in found.indicators],
                           "kind": [i.source.kind for i in found.indicators],
                           "value": np.nan, "lower": np.nan, "upper": np.nan,
                           "state": "no_data"})
    states.loc[0, ["value", "state"]] = [0.3, "on_track"]
    domains = framework.domain_table(found, states)
    assert domains["measured"].sum() == 1 and not domains["blind_spot"].any()  # no pillars
    fig = framework.wheel_figure(found, states, domains, "en")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert sum(name in texts for name in ("Work", "Leisure", "Rights and responsibilities")) == 3
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "on track" in legend and "no data" in legend and "1 Markers and means" in legend


# --------------------------------------------------------------------------- the stage, end to end


def test_the_example_run_publishes_the_framework_chapter(example_run):
    from bs4 import BeautifulSoup

    _, run, _ = example_run
    tables = run / "tables"
    indicators = pd.read_csv(tables / "framework_indicators.csv", dtype=str, keep_default_na=False)
    assert len(indicators) == 25
    work = indicators.set_index("indicator").loc["work_left_for_work"]
    assert (work["base"], work["count"], work["value"]) == ("1000", "290", "0.2900")
    # the supplied share on 8 people is hidden, not shown as 37.5%
    volunteering = indicators.set_index("indicator").loc["bridges_volunteering"]
    assert volunteering["base"] == "<10" and volunteering["value"] == ""
    domains = pd.read_csv(tables / "framework_domains.csv", dtype=str)
    assert list(domains["domain"]) == list(framework.DOMAINS_2019)
    assert set(domains.loc[domains["blind_spot"] == "True", "domain"]) == {"leisure", "bridges",
                                                                           "stability"}
    themes = pd.read_csv(tables / "signals_themes.csv")
    assert (themes.loc[themes["theme"] != "other_themes", "total"] >= 10).all()
    quotes = pd.read_csv(tables / "signals_quotes.csv")
    assert set(quotes["theme"]) <= set(themes["theme"]) - {"other_themes"}
    assert quotes.groupby("theme").size().max() <= 3
    assert (run / "figures/framework_wheel.png").is_file() and (run / "figures/journey.png").is_file()
    text = BeautifulSoup((run / "report.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert "Het indicatorwiel" in text and "De klantreis" in text
    assert "Monitoringskader: Blinde vlekken: het beleid noemt Vrije tijd, Bruggen, Stabiliteit" in text
    small = pd.read_csv(ROOT / "data/raw/example_signals.csv")
    sizes = small.groupby(["domain", "theme"]).size()
    for (_, theme), n in sizes.items():
        if n < 10:  # a small theme's summaries never reach the report
            for summary in small.loc[small["theme"] == theme, "summary"]:
                assert summary not in text


def test_the_journey_table_matches_the_waiting_times_of_the_outflow_stage(example_run):
    _, run, _ = example_run
    steps = pd.read_csv(run / "tables/journey_steps.csv", dtype=str).set_index("phase")
    assert list(steps.index) == ["housing", "known_to_team", "intake", "pre_trajectory",
                                 "follow_trajectory"]
    indicators = pd.read_csv(run / "tables/framework_indicators.csv", dtype=str).set_index(
        "indicator")
    assert float(steps.loc["housing", "median"]) == float(
        indicators.loc["links_wait_known", "value"])


def test_the_framework_chapter_in_english(example_run_en):
    from bs4 import BeautifulSoup

    _, run, _ = example_run_en
    text = BeautifulSoup((run / "report.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert "The indicator wheel" in text and "Signals beside the numbers" in text
    assert "Blind spots: the policy names Leisure, Bridges, Stability" in text


def test_a_municipality_without_figures_or_signals(lingedal_run):
    from bs4 import BeautifulSoup

    _, run, _ = lingedal_run
    indicators = pd.read_csv(run / "tables/framework_indicators.csv", dtype=str,
                             keep_default_na=False).set_index("indicator")
    assert indicators.loc["housing_wait_after_permit", "value"] == ""  # the file has no permit date
    assert indicators.loc["wellbeing_score", "value"] == ""
    assert not (run / "tables/signals_themes.csv").exists()
    text = BeautifulSoup((run / "report.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert "geen signalenbestand" in text


def test_the_framework_stage_on_a_file_with_only_required_columns(required_only_run):
    _, run, _ = required_only_run
    indicators = pd.read_csv(run / "tables/framework_indicators.csv", dtype=str,
                             keep_default_na=False).set_index("indicator")
    assert indicators.loc["language_b1", "value"] == ""
    assert indicators.loc["links_wait_intake", "value"] != ""
    steps = pd.read_csv(run / "tables/journey_steps.csv", dtype=str)
    assert list(steps["phase"]) == ["housing", "known_to_team"]


def _project_with(project: Path, monkeypatch, **config_changes) -> Path:
    config = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
    config.update(config_changes)
    (project / "configs/case.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    monkeypatch.chdir(project)
    return project


@pytest.mark.parametrize(("change", "code", "fragments"), [
    ({"framework": "frameworks/none.yml"}, 2, ["frameworks/none.yml: framework file not found"]),
    ({"signals_file": "data/raw/signals_with_phone.csv"}, 6,
     ["signals_with_phone.csv", "column 'summary' holds phone numbers", "row 3"]),
    ({"framework_tables": "data/raw/tables_share_as_percent.csv"}, 3,
     ["tables_share_as_percent.csv", "column 'value'", "row 2", "0 to 1"]),
])
def test_bad_framework_inputs_stop_the_run_before_anything_is_written(
        scratch_project, monkeypatch, change, code, fragments):
    from typer.testing import CliRunner

    from evalkit.cli import app

    raw = scratch_project / "data/raw"
    (raw / "signals_with_phone.csv").write_text(
        "date,source_kind,domain,theme,valence,summary\n"
        "2019-05-01,helpdesk,links,brieven,neutral,Vraag over een brief van de gemeente.\n"
        "2019-05-02,helpdesk,links,brieven,negative,Belt terug op 0612345678 over de brief.\n",
        encoding="utf-8")
    (raw / "tables_share_as_percent.csv").write_text(
        "indicator,period,value,base,source\nhealth_good,2019,58,131,GGD\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in raw.iterdir()}
    project = _project_with(scratch_project, monkeypatch, **change)

    result = CliRunner().invoke(app, ["run", "configs/case.yml"])

    assert result.exit_code == code, result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and all(f in line for f in fragments), line
    assert not list((project / "reports").rglob("report.html"))
    assert not (project / "data/processed").exists()
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before


def test_every_state_of_the_wheel_reads_in_grey_and_by_hatch():
    from matplotlib.colors import to_rgb

    from evalkit.figures import WHEEL_STYLE

    def grey(colour) -> float:
        r, g, b = to_rgb(colour)
        return round(0.299 * r + 0.587 * g + 0.114 * b, 1)

    looks = {(hatch, grey(colour)) for colour, hatch in WHEEL_STYLE.values()}
    assert len(looks) == len(WHEEL_STYLE) == len(framework.STATES)
    hatched = [hatch for _, hatch in WHEEL_STYLE.values() if hatch]
    assert len(set(hatched)) == len(hatched) == 4  # four states told apart without any colour
