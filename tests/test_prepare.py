"""The input read once: the processed data a run writes and every stage reads."""

import pandas as pd
import pytest

from evalkit import prepare
from evalkit.config import read_config
from evalkit.errors import InputError
from evalkit.paths import ProjectPaths, RunPaths


def test_processed_data_round_trips(root, tmp_path):
    paths = ProjectPaths(root)
    config = read_config(paths.default_config)
    run = RunPaths(tmp_path / "run")
    loaded = prepare.prepare_run(paths.default_config, config, paths, run, tmp_path / "processed")
    data = prepare.read_processed(tmp_path / "processed")
    assert len(data.clients) == len(loaded.clients) == len(data.facts) == 1000
    assert list(data.clients.index) == list(range(1000))  # positions are the people's numbers
    assert data.checks["passed"].dtype == "boolean" and len(data.checks) == len(loaded.results)
    assert data.account == {"input_file": config.input_file, "rows": 1000,
                            "reference_date": "2020-01-31", "export_date": "2020-01-31",
                            "pseudonymised": False,
                            "dropped_columns": 0, "invalid_bsn": 0}
    assert run.config_copy.read_bytes() == paths.default_config.read_bytes()
    assert {p.name for p in (tmp_path / "processed").iterdir()} == set(prepare.PROCESSED_FILES
                                                                   + prepare.FRAMEWORK_FILES)


def test_each_stage_gets_its_own_copy_of_the_processed_data_and_new_files_are_read(root,
                                                                                    tmp_path):
    """The stages of a run read the same files one after the other: read once, a copy each."""
    paths = ProjectPaths(root)
    config = read_config(paths.default_config)
    folder = tmp_path / "processed"
    prepare.prepare_run(paths.default_config, config, paths, RunPaths(tmp_path / "run"), folder)
    first = prepare.read_processed(folder)
    first.clients.loc[0, "sex"] = "changed by a stage"
    first.account["rows"] = -1
    second = prepare.read_processed(folder)
    assert second.clients.loc[0, "sex"] != "changed by a stage" and second.account["rows"] == 1000
    pd.testing.assert_frame_equal(second.facts, pd.read_parquet(folder / prepare.FACTS_NAME))
    # Written again (another config, or a student's changed parameter): read again.
    thin = second.clients.iloc[:10]
    thin.to_parquet(folder / prepare.PROCESSED_NAME)
    assert len(prepare.read_processed(folder).clients) == 10


def test_a_bad_file_leaves_no_run_folder(root, tmp_path):
    paths = ProjectPaths(root)
    config = read_config(paths.default_config).model_copy(update={"input_file": "nope.csv"})
    with pytest.raises(InputError):
        prepare.prepare_run(paths.default_config, config, paths, RunPaths(tmp_path / "run"),
                            tmp_path / "processed")
    assert not (tmp_path / "run").exists() and not (tmp_path / "processed").exists()


def test_the_cell_register_of_an_earlier_run_is_removed(root, tmp_path):
    paths = ProjectPaths(root)
    config = read_config(paths.default_config)
    stale = tmp_path / "processed" / "cells"
    stale.mkdir(parents=True)
    (stale / "old_table.parquet").write_bytes(b"")
    prepare.prepare_run(paths.default_config, config, paths, RunPaths(tmp_path / "run"),
                        tmp_path / "processed")
    assert not stale.exists()
    assert isinstance(prepare.read_processed(tmp_path / "processed").facts, pd.DataFrame)
