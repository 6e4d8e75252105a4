"""As-of evaluation: an earlier peildatum taken from a later file equals the export of that day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import make_project, run_cli, shared
from evalkit.asof import as_of, known_by

DAY = date(2019, 1, 31)


def test_later_dates_and_what_they_carry_are_blanked(example_clients):
    earlier = as_of(example_clients, DAY)
    limit = pd.Timestamp(DAY)
    for column in ("housing_date", "intake_date", "outflow_date", "return_to_benefit_date"):
        assert not (earlier[column] > limit).any(), column
    later_exit = example_clients.loc[earlier.index, "outflow_date"] > limit
    assert later_exit.any()
    assert earlier.loc[later_exit, "outflow_reason"].isna().all()
    assert earlier.loc[later_exit, "sector"].isna().all()
    later_intake = example_clients.loc[earlier.index, "intake_date"] > limit
    assert earlier.loc[later_intake, "route"].isna().all()


def test_only_people_housed_by_then_are_in_the_file_in_their_order(example_clients):
    earlier = as_of(example_clients, DAY)
    housed = example_clients["housing_date"] <= pd.Timestamp(DAY)
    assert len(earlier) == int(housed.sum()) < len(example_clients)
    assert list(earlier.index) == list(example_clients.index[housed])
    assert known_by(example_clients, DAY).sum() == len(earlier)


def test_the_file_as_of_its_own_date_is_the_file(example_clients):
    latest = example_clients["housing_date"].max().date()
    pd.testing.assert_frame_equal(as_of(example_clients, date(2020, 1, 31)), example_clients)
    assert latest <= date(2020, 1, 31)


def _export_by_hand(full: pd.DataFrame, day: date) -> pd.DataFrame:
    """The export of ``day``, built from the later file's text with pandas alone."""
    dates = [c for c in full.columns if c.endswith("_date") or c.endswith("_start")]
    parsed = {c: pd.to_datetime(full[c], format="%Y-%m-%d") for c in dates}
    limit = pd.Timestamp(day)
    earlier = full[parsed["housing_date"] <= limit].copy()
    for column in dates:
        later = (parsed[column].loc[earlier.index] > limit).to_numpy()
        earlier.loc[later, column] = ""
        if column == "outflow_date":
            for carried in ("outflow_reason", "mediated_by", "sector", "employer_project"):
                earlier.loc[later, carried] = ""
        if column == "intake_date":
            earlier.loc[later, "route"] = ""
    return earlier


@pytest.fixture(scope="session")
def as_of_and_by_hand(tmp_path_factory):
    """The example's first stages run as of 2019-01-31, and on the export built by hand
    (made once per test session, ``shared``)."""
    folder, made = shared(tmp_path_factory, "as_of_and_by_hand", _as_of_and_by_hand)
    assert made["returncodes"] == [0, 0], made["stderr"]
    return folder / "project/reports/as-of", folder / "project/reports/by-hand"


def _as_of_and_by_hand(folder: Path) -> dict:
    project = make_project(folder / "project")
    full = pd.read_csv(project / "data/raw/example_monitoring.csv", dtype=str,
                       keep_default_na=False)
    _export_by_hand(full, DAY).to_csv(project / "data/raw/export_2019-01-31.csv", index=False)
    # The signals file of that day holds only the signals recorded by then.
    signals = pd.read_csv(project / "data/raw/example_signals.csv", dtype=str,
                          keep_default_na=False)
    known = pd.to_datetime(signals["date"], format="%Y-%m-%d") <= pd.Timestamp(DAY)
    assert 0 < known.sum() < len(signals)
    signals[known].to_csv(project / "data/raw/signals_2019-01-31.csv", index=False)
    config = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
    config["stages"] = ["00_data_checks", "10_cohort", "20_outflow", "90_summary"]
    later = {**config, "run_name": "as-of"}
    hand = {**config, "run_name": "by-hand", "reference_date": DAY,
            "input_file": "data/raw/export_2019-01-31.csv",
            "signals_file": "data/raw/signals_2019-01-31.csv"}
    for name, data in (("later", later), ("hand", hand)):
        (project / f"configs/{name}.yml").write_text(yaml.safe_dump(data, sort_keys=False),
                                                     encoding="utf-8")
    done = [run_cli("run", "configs/later.yml", "--as-of", DAY.isoformat(), cwd=project),
            run_cli("run", "configs/hand.yml", cwd=project)]
    return {"returncodes": [d.returncode for d in done], "stderr": [d.stderr for d in done]}


def test_an_as_of_run_equals_a_run_on_the_export_of_that_day(as_of_and_by_hand):
    as_of_run, by_hand = as_of_and_by_hand
    names = sorted(p.name for p in (by_hand / "tables").glob("*.csv"))
    assert names == sorted(p.name for p in (as_of_run / "tables").glob("*.csv"))
    assert len(names) > 20
    for name in names:
        assert (as_of_run / "tables" / name).read_bytes() == (by_hand / "tables" / name
                                                               ).read_bytes(), name


def test_an_as_of_run_says_so_and_freezes_its_dates(as_of_and_by_hand):
    as_of_run, _ = as_of_and_by_hand
    frozen = yaml.safe_load((as_of_run / "config.yml").read_text(encoding="utf-8"))
    assert frozen["reference_date"] == DAY and frozen["export_date"] == date(2020, 1, 31)
    report = (as_of_run / "report.html").read_text(encoding="utf-8")
    assert "peildatum 31-01-2019, uit het bestand van 31-01-2020" in report
    assert not list(as_of_run.parent.glob(".*as-of*.yml")), "the temporary config is removed"


def test_as_of_a_date_after_the_file_is_refused(scratch_project):
    done = run_cli("run", "--as-of", "2021-01-31", cwd=scratch_project)
    assert done.returncode != 0
    assert "lies after the file's date 2020-01-31" in done.stderr
    done = run_cli("run", "--as-of", "31-01-2019", cwd=scratch_project)
    assert done.returncode != 0 and "expected a date written as YYYY-MM-DD" in done.stderr


def test_as_of_a_date_before_anyone_was_housed_is_refused(scratch_project):
    """The file as of that day holds nobody: one line and exit 2, not a stage stopped by an
    empty table."""
    done = run_cli("run", "--as-of", "2014-06-30", cwd=scratch_project)
    assert done.returncode == 2, done.stderr
    assert "as of 2014-06-30 the file holds nobody yet" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (scratch_project / "reports" / "eindhoven-2014-06-30").exists()


def test_an_as_of_day_in_the_files_first_months_runs_every_stage(scratch_project):
    """2015-03-31: a few people housed, fewer than the threshold on benefits, two and a half
    years before the programme's start. Three stages stopped there before (the whole group's
    fit, the flows from the programme's year, the comparison figure with nothing to draw)."""
    done = run_cli("run", "--as-of", "2015-03-31", cwd=scratch_project)
    assert done.returncode == 0, done.stderr
    run = scratch_project / "reports" / "eindhoven-2015-03-31"
    assert (run / "report.html").is_file()
    flows = pd.read_csv(run / "tables" / "outflow_flows.csv")
    assert flows["year"].tolist() == [2015]
    assert not (run / "figures" / "bm_comparison.png").exists()  # no local share to draw


def test_the_series_of_an_as_of_config_ends_at_its_day(root, tmp_path):
    """A run as of a day before the config's series begins is not refused for that series:
    the series ends at the peildatum, so as of an earlier day its later peildata go."""
    from evalkit.asof import series_as_of
    from evalkit.config import Series, read_config
    from evalkit.pipeline import as_of_config

    listed = Series(peildata=[date(2018, 1, 31), date(2019, 1, 31)], stages=["60_interim_trends"])
    assert series_as_of(listed, date(2018, 6, 30)) == {"peildata": [date(2018, 1, 31)],
                                                        "stages": ["60_interim_trends"]}
    assert series_as_of(listed, date(2017, 6, 30)) is None
    every = Series(every=6, start=date(2018, 1, 31))
    assert series_as_of(every, DAY) == {"every": 6, "start": date(2018, 1, 31)}
    assert series_as_of(every, date(2017, 10, 31)) is None
    assert series_as_of(None, DAY) is None

    path = root / "configs" / "example.yml"
    config = read_config(path)
    assert config.series.start == date(2018, 1, 31)
    early = as_of_config(path, config, date(2017, 10, 31), tmp_path)
    assert early.read_text(encoding="utf-8").splitlines()[0] == (
        "# example.yml taken as of 2017-10-31 (evalkit run --as-of); its series left out "
        "(no peildatum on or before 2017-10-31)")
    frozen = read_config(early)
    assert frozen.series is None and frozen.reference_date == date(2017, 10, 31)
    assert read_config(as_of_config(path, config, DAY, tmp_path)).series == config.series
