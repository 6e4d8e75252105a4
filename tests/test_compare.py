"""Comparing two runs: headline figures side by side, and revisions between two exports."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import yaml

from conftest import make_project, run_cli
from evalkit.compare import REVISION_KINDS, headline_figures, revisions

DAY = date(2019, 1, 31)


@pytest.fixture(scope="module")
def revised(example_clients):
    """The example file and a later export of it with known revisions of the history to 2019."""
    from evalkit import io

    old = io.processed_frame(example_clients)
    old = old[old["housing_date"] <= pd.Timestamp(DAY)].reset_index(drop=True)
    from evalkit.asof import as_of

    old = as_of(old, DAY).reset_index(drop=True)
    new = io.processed_frame(example_clients).copy()
    left = new.index[(new["outflow_date"] <= pd.Timestamp(DAY)).fillna(False)]
    staying = new.index[new["outflow_date"].isna() & (new["housing_date"] < "2018-01-01")]
    new.loc[left[:4], "outflow_date"] -= pd.Timedelta(days=30)           # exit date moved
    other_reason = [i for i in left[4:20] if new.loc[i, "outflow_reason"] != "moved"][:3]
    new.loc[other_reason, "outflow_reason"] = "moved"                    # reason changed
    new.loc[staying[:12], "outflow_date"] = pd.Timestamp("2018-11-30")  # a backdated exit
    new.loc[staying[:12], "outflow_reason"] = "education"
    new = new.drop(index=left[20:23])                                    # gone from the file
    return old, new.reset_index(drop=True)


def test_revisions_are_counted_by_kind(revised):
    old, new = revised
    found = revisions(old, new, DAY).set_index("kind")["people"]
    assert list(found.index) == [*REVISION_KINDS, "any"]
    assert found["disappeared"] == 3
    assert found["exit_date_changed"] == 4
    assert found["exit_added"] == 12
    assert found["reason_changed"] == 3
    assert found["appeared_backdated"] == 0 and found["background_changed"] == 0
    assert found["any"] == 3 + 4 + 3 + 12


def test_a_file_compared_with_itself_has_no_revisions(revised):
    old, _ = revised
    assert revisions(old, old, DAY)["people"].sum() == 0


def test_headline_figures_stand_side_by_side():
    old = {"cohort_status": pd.DataFrame({"status": ["left_work", "total"],
                                          "count": ["168", "888"]})}
    new = {"cohort_status": pd.DataFrame({"status": ["left_work", "total"],
                                          "count": ["170", "888"]})}
    found = headline_figures(old, new).set_index("row")
    assert found.loc["total", "same"] and not found.loc["left_work", "same"]
    assert found.loc["left_work", "old"] == "168" and found.loc["left_work", "new"] == "170"


def test_compare_two_runs_of_two_exports(tmp_path):
    project = make_project(tmp_path / "project")
    raw = pd.read_csv(project / "data/raw/example_monitoring.csv", dtype=str,
                      keep_default_na=False)
    revised = raw.copy()
    exited = revised.index[revised["outflow_date"].between("2017-01-01", "2019-01-31")
                           & (revised["outflow_reason"] != "moved")]
    revised.loc[exited[:15], "outflow_reason"] = "moved"
    revised = revised.drop(index=exited[40:43])
    revised.to_csv(project / "data/raw/export_revised.csv", index=False)
    config = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
    config.update(stages=["00_data_checks", "10_cohort"], reference_date=DAY.isoformat())
    old = {**config, "run_name": "old-export", "export_date": "2020-01-31"}
    new = {**config, "run_name": "new-export", "input_file": "data/raw/export_revised.csv",
           "export_date": "2020-01-31"}
    for name, data in (("old", old), ("new", new)):
        (project / f"configs/{name}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    for name in ("old", "new"):
        done = run_cli("run", f"configs/{name}.yml", cwd=project)
        assert done.returncode == 0, done.stderr
    done = run_cli("compare", "reports/old-export", "reports/new-export", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "reason_changed: 15" in done.stdout and "disappeared: <10" in done.stdout
    assert "cohort_status total count: 888 -> 885   (differs)" in done.stdout
    written = pd.read_csv(project / "reports/compare-old-export--new-export/revisions.csv",
                          dtype=str).set_index("kind")["people"]
    assert written["disappeared"] == "<10" and written["any"] == "18"
    client_ids = set(raw["client_id"])
    text = (project / "reports/compare-old-export--new-export/revisions.csv").read_text()
    assert not any(pseudonym in text for pseudonym in client_ids)


def test_compare_refuses_a_folder_that_is_not_a_run(scratch_project):
    (scratch_project / "reports/empty").mkdir(parents=True)
    done = run_cli("compare", "reports/empty", "reports/empty", cwd=scratch_project)
    assert done.returncode != 0 and "not a run folder" in done.stderr
