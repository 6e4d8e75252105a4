"""Every municipality, not only the example: the second synthetic municipality end to end.

Lingedal's file differs from the example in every way a real file can
(headers, labels, encoding, size, peildatum, missing optional columns, exits
before the intake, no cost data, no reference case); a file with only the
required columns runs every stage too, and so does a file in which nobody has
left yet. Real kernels, real report.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from evalkit import io
from conftest import run_cli

pytestmark = pytest.mark.slow

#: What only the Eindhoven reference case may bring into a report (issue 12).
EINDHOVEN_TRACES = ("Eindhoven", "KplusV", "665", "2019-12-31", "31-12-2019")


def _report_text(run_dir):
    return (run_dir / "report.html").read_text(encoding="utf-8")


def test_the_second_municipality_runs_every_stage(lingedal_run):
    _, run_dir, done = lingedal_run
    assert "lingedal-2024-12-31/report.html" in done.stdout
    assert len(list((run_dir / "notebooks").glob("*.ipynb"))) == 7
    assert "Gemeente Lingedal, peildatum 31-12-2024" in _report_text(run_dir)


@pytest.mark.parametrize("trace", EINDHOVEN_TRACES)
def test_no_trace_of_eindhoven_in_the_report_or_tables(lingedal_run, trace):
    _, run_dir, _ = lingedal_run
    # report_method.html is left out on purpose: its method prose teaches the method on the
    # reference evaluation it comes from, in every run
    places = [run_dir / "report.html", *sorted((run_dir / "tables").glob("*.csv"))]
    # embedded figures are base64, and the provenance appendix lists SHA-256 hashes: digits
    # such as 665 occur in them by chance
    texts = {p.name: re.sub(r"base64,[A-Za-z0-9+/=]+|\b[0-9a-f]{64}\b", "",
                            p.read_text(encoding="utf-8")) for p in places}
    found = [name for name, text in texts.items() if trace in text]
    assert found == [], f"{trace!r} in {found}"


def test_left_out_analyses_are_named_in_one_sentence_each(lingedal_run):
    _, run_dir, _ = lingedal_run
    text = _report_text(run_dir)
    for column in ("interventions", "employer_project", "mediated_by", "follow_trajectory_start"):
        assert re.search(rf"Weggelaten: [^<]*, want het bestand heeft geen kolom '{column}'\.",
                         text), column
    tables = {p.stem for p in (run_dir / "tables").glob("*.csv")}
    assert not tables & {"outflow_interventions", "outflow_employer_projects",
                         "outflow_mediation_channel", "cb_scenarios"}


def test_cost_benefit_says_which_inputs_are_missing(lingedal_run):
    _, run_dir, _ = lingedal_run
    text = _report_text(run_dir)
    assert "Geen kosten-batenanalyse: de configuratie heeft geen sectie 'cost_benefit'" in text
    assert "benefit_cost_per_year" in text
    assert not any(p.name.startswith("cb_") for p in (run_dir / "tables").glob("*.csv"))


def test_both_caseloads_add_up_every_year(lingedal_run):
    _, run_dir, _ = lingedal_run
    for name in ("outflow_flows", "outflow_flows_benefit"):
        flows = io.read_table(run_dir / "tables", name)
        assert (flows["adds_up"] == "True").all(), name
    text = _report_text(run_dir)
    assert "stroomden uit de bijstand vóór hun intake" in text


def test_the_data_checks_warn_about_exits_before_intake_with_row_numbers(lingedal_run):
    project, run_dir, _ = lingedal_run
    checks = io.read_table(run_dir / "tables", "data_checks").set_index("check")
    row = checks.loc["outflow_not_before_intake"]
    assert row["severity"] == "warning" and row["passed"] == "False"
    raw = pd.read_csv(project / "data/raw/example_lingedal.csv", sep=";", skiprows=1,
                      encoding="cp1252", dtype=str)
    exits = pd.to_datetime(raw["Uitstroomdatum"], format="%d-%m-%Y")
    intakes = pd.to_datetime(raw["Intakedatum"], format="%d-%m-%Y")
    before = (exits < intakes).to_numpy().nonzero()[0] + 3  # title row, header, 1-based
    assert int(row["failing"]) == len(before) >= 20
    assert [int(r) for r in row["rows"].split()] == list(before[:10])


def test_no_difference_is_stated_where_the_housing_date_stands_in(lingedal_run):
    _, run_dir, _ = lingedal_run
    cohorts = io.read_table(run_dir / "tables", "bm_cohorts")
    assert len(cohorts) and not cohorts["difference"].isin(["higher", "lower"]).any()
    assert "huisvestingsdatum staat in voor de vergunningsdatum" in _report_text(run_dir)


def test_the_summary_quotes_the_whole_group_figures(lingedal_run):
    _, run_dir, _ = lingedal_run
    headline = io.read_table(run_dir / "tables", "outflow_whole_group").set_index("indicator")
    assert set(headline.index) >= {"median_exit_days", "median_exit_months", "cif_work_12",
                                   "cif_work_24", "cif_work_36", "cif_education_12",
                                   "median_wait_housing_intake", "share_fulltime_work"}
    fulltime = headline.loc["share_fulltime_work"]
    share = 100 * int(fulltime["count"]) / int(fulltime["people"])
    shown = f"{fulltime['count']} ({share:.1f}%".replace(".", ",")
    text = _report_text(run_dir)
    assert shown in text  # computed from the counts, not from a rounded share
    assert "Mediane duur tot uitstroom (maanden)" in text


def test_every_stage_runs_on_a_file_with_only_the_required_columns(required_only_run):
    _, run_dir, done = required_only_run
    text = _report_text(run_dir)
    assert (run_dir / "report.html").is_file()
    for column in ("interventions", "employer_project", "mediated_by"):
        assert f"want de kolom '{column}' is leeg" in text, column
    for column in ("pre_trajectory_start", "follow_trajectory_start"):
        assert f"want het bestand heeft geen kolom '{column}'" in text, column
    assert "want het bestand heeft geen kolom 'country_of_origin'" in text
    tables = {p.stem for p in (run_dir / "tables").glob("*.csv")}
    assert {"outflow_reasons", "outflow_flows", "outflow_whole_group", "cohort_status",
            "cb_scenarios", "cb_monte_carlo", "bm_cohorts"} <= tables
    assert "cb_budget_checks" not in tables  # the budget belongs to the reference case


def test_a_second_file_of_the_same_date_does_not_overwrite_the_first(lingedal_run, tmp_path):
    import shutil

    import yaml

    project, run_dir, _ = lingedal_run
    other = project / "data/raw/example_lingedal_second_export.csv"
    shutil.copyfile(project / "data/raw/example_lingedal.csv", other)
    config = yaml.safe_load((project / "configs/example_lingedal.yml").read_text(
        encoding="utf-8"))
    config["input_file"] = "data/raw/example_lingedal_second_export.csv"
    (project / "configs/second.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                                encoding="utf-8")
    before = (run_dir / "manifest.json").read_bytes()
    done = run_cli("run", "configs/second.yml", cwd=project)
    assert done.returncode == 9
    assert "already holds the run of data/raw/example_lingedal.csv" in done.stderr
    assert "run_name" in done.stderr and "--replace" in done.stderr
    assert (run_dir / "manifest.json").read_bytes() == before


def test_a_first_interim_evaluation_before_anyone_left_runs_every_stage(tmp_path):
    """Months into a programme nobody has left yet: every stage runs, none fails on the zeros.

    The example's file with every exit taken out (and what only an exit carries), with the
    example's cost inputs: the cost-benefit chapter has no saving to value, so it is left out and
    says why (``costinputs.no_exits_to_work``); the rest reports zeros with their intervals.
    """
    import yaml

    from conftest import make_project

    project = make_project(tmp_path / "project")
    clients = pd.read_csv(project / "data/raw/example_monitoring.csv", dtype=str,
                          keep_default_na=False)
    for column in ("outflow_date", "outflow_reason", "return_to_benefit_date",
                   "employer_project", "mediated_by", "sector"):
        clients[column] = ""
    clients.to_csv(project / "data/raw/clients_nobody_left_yet.csv", index=False)
    config = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
    config.pop("reference_case")
    config.update(municipality="Eerstetussenstand",
                  input_file="data/raw/clients_nobody_left_yet.csv")
    (project / "configs/first.yml").write_text(yaml.safe_dump(config), encoding="utf-8")

    done = run_cli("run", "configs/first.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    run_dir = project / "reports" / "eerstetussenstand-2020-01-31"
    assert len(list((run_dir / "notebooks").glob("*.ipynb"))) == len(config["stages"])
    tables = {p.stem for p in (run_dir / "tables").glob("*.csv")}
    assert not {t for t in tables if t.startswith("cb_")}
    text = _report_text(run_dir)
    assert ("Geen kosten-batenanalyse: in 2019 stroomde volgens het monitoringsbestand niemand "
            "uit naar voltijd of deeltijd werk.") in text
    headline = io.read_table(run_dir / "tables", "outflow_whole_group").set_index("indicator")
    assert headline.loc["share_fulltime_work", "count"] == "0"
    assert "Uitgestroomd naar werk</td><td>0 (0,0%" in text.replace("\n", "")
