"""``evalkit batch``: one evaluation per municipality of a regional file or per config of a folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import make_project, run_cli
from evalkit import batch
from evalkit.config import parse_config, read_config
from evalkit.errors import ConfigError, InputError
from evalkit.paths import ProjectPaths

SHORT_STAGES = ["00_data_checks", "10_cohort", "90_summary"]


def _region(root: Path) -> dict:
    return yaml.safe_load((root / "configs/example_region.yml").read_text(encoding="utf-8"))


def test_municipality_config_keeps_the_evaluation_and_leaves_the_region_out(root):
    region = _region(root)
    region["cost_benefit"] = {"anything": 1}
    region["run_name"] = "the-region"
    derived = batch.municipality_config(region, "GM0861", "Veldhoven")
    assert derived["select_municipality"] == "GM0861"
    assert derived["municipality_code"] == "GM0861" and derived["municipality"] == "Veldhoven"
    assert derived["area"] == "municipality"
    assert "cost_benefit" not in derived  # the region's budget is not Veldhoven's
    assert derived["run_name"] == "veldhoven-2020-01-31-zuidoost-brabant"
    assert derived["reference_date"] == region["reference_date"]
    assert derived["stages"] == region["stages"]
    assert region["run_name"] == "the-region"  # the region's config is not changed
    parse_config(derived, "derived")


def test_comparison_keeps_hidden_cells_hidden_and_leaves_out_what_no_run_published():
    status = pd.DataFrame({"status": ["left_work", "in_support", "total"],
                           "count": ["31", "<10", "60"], "share": ["51.7", "x", "100.0"]})
    hidden_total = status.assign(count=["18", "x", "x"])
    whole = pd.DataFrame({"indicator": ["cif_work_24"], "people": ["60"], "count": ["31"],
                          "value": ["0.4695"], "lower": ["0.2894"], "upper": ["0.6685"]})
    compared = batch.comparison([("GM0001", "Een", {"cohort_status": status,
                                                    "outflow_whole_group": whole}),
                                 ("GM0002", "Twee", {"cohort_status": hidden_total})])
    assert set(compared["indicator"]) == {"people", "left_work", "in_support", "cif_work_24"}
    people = compared[compared["indicator"] == "people"].set_index("municipality_code")
    assert people.loc["GM0001", "value"] == "60" and people.loc["GM0002", "value"] == "x"
    support = compared[compared["indicator"] == "in_support"].set_index("municipality_code")
    assert support.loc["GM0001", "value"] == "<10"
    cif = compared[compared["indicator"] == "cif_work_24"].set_index("municipality_code")
    assert tuple(cif.loc["GM0001", ["value", "lower", "upper"]]) == ("0.4695", "0.2894", "0.6685")
    assert tuple(cif.loc["GM0002", ["value", "lower", "upper"]]) == ("", "", "")

    # the figure draws only the municipalities that published an estimate and its interval
    assert batch.interval_rows(compared, "cif_work_24") == [("Een", 0.4695, 0.2894, 0.6685)]

    counts, left_out = batch.funnel_counts(compared, threshold=10)
    assert counts["municipality_code"].tolist() == ["GM0001"]
    assert counts[["people", "count"]].values.tolist() == [[60, 31]]
    assert left_out == ["Twee"]  # its report hides the total, so the plot cannot show it


def test_select_municipality_keeps_one_municipality_of_a_checked_regional_file(root):
    from evalkit.prepare import load_clients, read_suite

    paths = ProjectPaths.discover(root)
    config = read_config(root / "configs/example_region.yml")
    suite = read_suite(paths)
    mine = load_clients(paths.resolve(config.input_file),
                        config.model_copy(update={"select_municipality": "GM0861"}), suite)
    assert len(mine.clients) == 90
    assert set(mine.clients["municipality_code"]) == {"GM0861"}
    assert list(mine.clients.index) == list(range(90))
    with pytest.raises(InputError) as found:
        load_clients(paths.resolve(config.input_file),
                     config.model_copy(update={"select_municipality": "GM0999"}), suite)
    message = str(found.value)
    assert "example_region.csv" in message and "municipality_code" in message
    assert "GM0999" in message


def test_a_regional_config_gives_one_config_per_municipality(scratch_project):
    from evalkit.pipeline import batch_members

    paths = ProjectPaths.discover(scratch_project)
    batch_id, members = batch_members(scratch_project / "configs/example_region.yml", paths)
    assert batch_id == "batch-zuidoost-brabant-2020-01-31"
    codes = pd.read_csv(scratch_project / "data/raw/example_region.csv")["municipality_code"]
    assert [m["municipality_code"] for m in members] == sorted(codes.unique())
    names = dict(zip(*pd.read_csv(scratch_project / "data/external/municipalities.csv")[
        ["municipality_code", "name"]].T.values, strict=True))
    run_ids = set()
    for member in members:
        config = read_config(member["config"])
        assert config.select_municipality == member["municipality_code"]
        assert config.municipality == names[member["municipality_code"]] == member["member"]
        assert Path(member["config"]).parent == scratch_project / "reports" / batch_id / "configs"
        run_ids.add(config.run_id)
    assert len(run_ids) == len(members)  # no two evaluations share a run folder


def test_a_file_of_one_municipality_is_not_a_batch(scratch_project):
    from evalkit.pipeline import batch_members

    with pytest.raises(ConfigError, match="regional file"):
        batch_members(scratch_project / "configs/example.yml",
                      ProjectPaths.discover(scratch_project))


@pytest.mark.slow
def test_batch_of_a_folder_runs_each_config_reports_a_failure_and_compares(tmp_path):
    """Two evaluations of differently shaped files (a municipality of the regional file, and
    Lingedal's own export) and one config with a bad date, through the console script."""
    project = make_project(tmp_path / "project")
    folder = project / "configs" / "batch"
    folder.mkdir()
    helmond = batch.municipality_config(_region(project), "GM0794", "Helmond")
    helmond["stages"] = SHORT_STAGES
    (folder / "helmond.yml").write_text(yaml.safe_dump(helmond, sort_keys=False))
    lingedal = yaml.safe_load((project / "configs/example_lingedal.yml").read_text("utf-8"))
    lingedal["stages"] = SHORT_STAGES
    (folder / "lingedal.yml").write_text(yaml.safe_dump(lingedal, sort_keys=False,
                                                        allow_unicode=True))
    (folder / "wrong_date.yml").write_text(yaml.safe_dump({**lingedal,
                                                           "reference_date": "2024-13-45"}))

    # One worker: both evaluations run on the worker's one kernel (pipeline._worker_kernel).
    done = run_cli("batch", "configs/batch", "--jobs", "1", cwd=project)
    assert done.returncode == 1, done.stderr
    failures = [line for line in done.stderr.splitlines() if line.startswith("failed")]
    assert len(failures) == 1 and "wrong_date" in failures[0] and "reference_date" in failures[0]
    assert "2 of 3 evaluations succeeded" in done.stderr
    batch_dir = project / "reports" / "batch-batch"
    assert done.stdout.splitlines()[-1] == "Comparison: reports/batch-batch/comparison.html"

    runs = pd.read_csv(batch_dir / "batch_runs.csv", dtype=str, keep_default_na=False)
    assert runs["member"].tolist() == ["helmond", "lingedal", "wrong_date"]
    assert runs["status"].tolist() == ["done", "done", "failed"]
    assert "reference_date" in runs["reason"].iloc[2] and runs["reason"].iloc[0] == ""
    for run_id in runs["run_id"].iloc[:2]:
        assert (project / "reports" / run_id / "report.html").is_file()
        assert (project / "reports" / run_id / "manifest.json").is_file()

    # Every number compared is the number the municipality's own report published.
    people = pd.read_csv(batch_dir / "tables/comparison_people.csv", dtype=str)
    for row in people.itertuples(index=False):
        run_id = runs.loc[runs["municipality_code"] == row.municipality_code, "run_id"].iloc[0]
        status = pd.read_csv(project / "reports" / run_id / "tables/cohort_status.csv", dtype=str)
        assert row.value == status.loc[status["status"] == "total", "count"].iloc[0]
    assert people["municipality"].tolist() == ["Helmond", "Lingedal"]
    html = (batch_dir / "comparison.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in html and "Helmond" in html and "Lingedal" in html
    assert "mislukt" in html  # the failed evaluation is in the account, with its reason
    assert re.search(r'<img[^>]* src="data:image/png;base64,', html)  # the funnel plot
    funnel = pd.read_csv(batch_dir / "tables/comparison_funnel.csv")
    status = {code: pd.read_csv(project / "reports" / run_id / "tables/cohort_status.csv",
                                dtype=str).set_index("status")["count"]
              for code, run_id in zip(runs["municipality_code"], runs["run_id"], strict=True)
              if run_id}
    for row in funnel.itertuples(index=False):  # both counts as the run published them
        assert (str(row.people), str(row.count)) == (status[row.municipality_code]["total"],
                                                     status[row.municipality_code]["left_work"])
    assert len(funnel) == 2 and (batch_dir / "figures/comparison_funnel.png").is_file()

    again = run_cli("batch", "configs/batch", cwd=project)
    assert again.returncode == 1
    runs = pd.read_csv(batch_dir / "batch_runs.csv", dtype=str, keep_default_na=False)
    assert runs["status"].tolist() == ["reused", "reused", "failed"]

    # The second evaluation ran on the kernel the first had used, and gave what a kernel of
    # its own gives: the same outputs, file for file, as its run on its own.
    assert len(list((batch_dir / "logs").glob("kernel-*.log"))) == 1
    lingedal_run = project / "reports" / runs["run_id"].iloc[1]
    in_batch = json.loads((lingedal_run / "manifest.json").read_text())["outputs"]
    alone = run_cli("run", "configs/batch/lingedal.yml", "--force", cwd=project)
    assert alone.returncode == 0, alone.stderr
    assert json.loads((lingedal_run / "manifest.json").read_text())["outputs"] == in_batch
    assert (lingedal_run / "logs" / "kernel.log").is_file()  # a run's own kernel logs there
