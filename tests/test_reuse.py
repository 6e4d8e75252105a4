"""evalkit.reuse: a stage's outputs are reused only while nothing it reads has changed."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from evalkit.config import ALL_FIELDS
from evalkit.paths import RunPaths
from evalkit.reuse import FOLDER, StageReuse

PARAMETERS = {"config_path": "configs/example.yml", "run_dir": "reports/.x.partial",
              "processed_dir": "data/processed/x"}


class FakeStage:
    """A stage that reads one processed file and asks for one earlier table, and publishes a
    table, a register entry and its notebook."""

    def __init__(self, run: RunPaths, processed: Path):
        self.run, self.processed, self.calls = run, processed, 0
        self.reads = ["lang", "seed"]
        self.tables = ["00_before"]  # what it tells the kernel it asked for

    def __call__(self, stage: str) -> float:
        self.calls += 1
        people = (self.processed / "clients.txt").read_text()
        earlier = self.run.tables / "00_before.csv"
        before = earlier.read_text() if earlier.is_file() else "none"
        (self.run.tables / f"{stage}.csv").write_text(f"people,before\n{people},{before!r}\n")
        (self.processed / "cells" / f"{stage}.parquet").write_bytes(b"register " + people.encode())
        (self.processed / "cells" / "forced.json").write_text("[]")
        (self.run.tables / "stale.csv").unlink(missing_ok=True)
        notebook = nbformat.v4.new_notebook()
        injected = nbformat.v4.new_code_cell('config_path = "old.yml"\n')
        injected.metadata["tags"] = ["injected-parameters"]
        notebook.cells = [injected, nbformat.v4.new_code_cell("print(1)")]
        notebook.metadata["papermill"] = {"parameters": {"config_path": "old.yml"}}
        nbformat.write(notebook, self.run.notebooks / f"{stage}.ipynb")
        return 1.5


@pytest.fixture
def layout(tmp_path: Path):
    run = RunPaths(tmp_path / "run")
    for folder in (run.tables, run.figures, run.notebooks):
        folder.mkdir(parents=True)
    processed = tmp_path / "processed"
    (processed / "cells").mkdir(parents=True)
    (processed / "clients.txt").write_text("290")
    (run.tables / "stale.csv").write_text("old\n")
    return run, processed


def _reuse(run: RunPaths, processed: Path, stage: FakeStage, *, config=None, look=True,
           notebook="n1", parameters=PARAMETERS) -> StageReuse:
    return StageReuse(processed, run, fixed={"code": "c1"}, parameters=parameters,
                      notebooks={"10_a": notebook},
                      config=config or {"lang": "nl", "seed": 1, "cost_benefit": {"rate": 0.02}},
                      reads=lambda: {"config": list(stage.reads), "tables": list(stage.tables)},
                      look=look)


def _outputs(run: RunPaths, processed: Path) -> dict[str, bytes]:
    return {p.relative_to(p.parents[1]).as_posix(): p.read_bytes()
            for folder in (run.tables, processed / "cells") for p in sorted(folder.iterdir())}


def _fresh(run: RunPaths, processed: Path) -> None:
    """What the next run starts from: an empty run folder and register, the same processed data."""
    for folder in (run.tables, run.notebooks, processed / "cells"):
        for p in folder.iterdir():
            p.unlink()
    (run.tables / "stale.csv").write_text("old\n")


def test_an_unchanged_stage_is_restored_as_it_was_written_not_run(layout):
    run, processed = layout
    stage = FakeStage(run, processed)
    first = _reuse(run, processed, stage)
    assert first.run_or_reuse("10_a", stage) == 1.5
    written = _outputs(run, processed)
    assert first.record() == {"10_a": {"key": first.keys["10_a"], "reused": False}}
    _fresh(run, processed)

    second = _reuse(run, processed, stage, parameters={**PARAMETERS, "config_path": "new.yml"})
    second.run_or_reuse("10_a", stage)
    assert stage.calls == 1
    assert second.reused == {"10_a": True} and second.keys == first.keys
    assert _outputs(run, processed) == written
    assert not (run.tables / "stale.csv").exists()  # what the stage removed is removed again
    # The restored notebook names this run's config, as papermill would have injected it.
    notebook = nbformat.read(run.notebooks / "10_a.ipynb", as_version=4)
    assert 'config_path = "new.yml"' in notebook.cells[0].source
    assert notebook.metadata["papermill"]["parameters"]["config_path"] == "new.yml"


@pytest.mark.parametrize("change", ["a field it read", "its notebook", "a processed file",
                                    "an earlier table", "the code"])
def test_a_stage_runs_again_when_anything_it_reads_has_changed(layout, change):
    run, processed = layout
    stage = FakeStage(run, processed)
    _reuse(run, processed, stage).run_or_reuse("10_a", stage)
    _fresh(run, processed)
    options = {}
    if change == "a field it read":
        options["config"] = {"lang": "en", "seed": 1, "cost_benefit": {"rate": 0.02}}
    elif change == "its notebook":
        options["notebook"] = "n2"
    elif change == "a processed file":
        (processed / "clients.txt").write_text("291")
    elif change == "an earlier table":
        (run.tables / "00_before.csv").write_text("x\n")
    again = _reuse(run, processed, stage, **options)
    if change == "the code":
        again = StageReuse(processed, run, fixed={"code": "c2"}, parameters=PARAMETERS,
                           notebooks={"10_a": "n1"}, config=again.config, reads=again.reads)
    again.run_or_reuse("10_a", stage)
    assert stage.calls == 2 and again.reused == {"10_a": False}


def test_a_field_the_stage_did_not_read_may_change(layout):
    run, processed = layout
    stage = FakeStage(run, processed)
    _reuse(run, processed, stage).run_or_reuse("10_a", stage)
    _fresh(run, processed)
    other = {"lang": "nl", "seed": 1, "cost_benefit": {"rate": 0.03}}
    _reuse(run, processed, stage, config=other).run_or_reuse("10_a", stage)
    assert stage.calls == 1
    # A stage that read the whole config runs again on any change.
    stage.reads = [ALL_FIELDS]
    _fresh(run, processed)
    _reuse(run, processed, stage, look=False).run_or_reuse("10_a", stage)
    _fresh(run, processed)
    _reuse(run, processed, stage, config=other).run_or_reuse("10_a", stage)
    assert stage.calls == 3


def test_a_table_the_stage_did_not_ask_for_may_change(layout):
    """Only the published tables a stage asked for are judged: another stage's may change."""
    run, processed = layout
    stage = FakeStage(run, processed)
    (run.tables / "00_before.csv").write_text("a\n")
    _reuse(run, processed, stage).run_or_reuse("10_a", stage)
    _fresh(run, processed)
    (run.tables / "00_before.csv").write_text("a\n")
    (run.tables / "05_other.csv").write_text("changed\n")
    again = _reuse(run, processed, stage)
    again.run_or_reuse("10_a", stage)
    assert stage.calls == 1 and again.reused == {"10_a": True}
    # The table it asked for, changed: it runs again; so does a stage the kernel cannot say of.
    _fresh(run, processed)
    (run.tables / "00_before.csv").write_text("b\n")
    _reuse(run, processed, stage).run_or_reuse("10_a", stage)
    assert stage.calls == 2
    stage.tables = [ALL_FIELDS]
    for other, look in (("05_other", False), ("06_other", True)):
        _fresh(run, processed)
        (run.tables / "00_before.csv").write_text("b\n")
        (run.tables / f"{other}.csv").write_text("x\n")
        _reuse(run, processed, stage, look=look).run_or_reuse("10_a", stage)
    assert stage.calls == 4


def test_force_runs_the_stage_and_a_tampered_copy_is_not_used(layout):
    run, processed = layout
    stage = FakeStage(run, processed)
    _reuse(run, processed, stage).run_or_reuse("10_a", stage)
    _fresh(run, processed)
    _reuse(run, processed, stage, look=False).run_or_reuse("10_a", stage)
    assert stage.calls == 2
    copy = next((processed / FOLDER).rglob("10_a.csv"))
    copy.write_text("people\n291\n")
    _fresh(run, processed)
    _reuse(run, processed, stage).run_or_reuse("10_a", stage)
    assert stage.calls == 3
    assert (run.tables / "10_a.csv").read_text() == "people,before\n290,'none'\n"


def test_a_run_keeps_only_the_entries_it_made_or_used(layout):
    run, processed = layout
    stage = FakeStage(run, processed)
    _reuse(run, processed, stage).run_or_reuse("10_a", stage)
    _fresh(run, processed)
    (processed / "clients.txt").write_text("291")
    later = _reuse(run, processed, stage)
    later.run_or_reuse("10_a", stage)
    entries = list((processed / FOLDER / "10_a").iterdir())
    assert len(entries) == 2
    later.prune()
    assert [p.name for p in (processed / FOLDER / "10_a").iterdir()] == [later.keys["10_a"]]
    entry = json.loads((processed / FOLDER / "10_a" / later.keys["10_a"] / "entry.json")
                       .read_text())
    assert sorted(entry["config"]) == ["lang", "seed"]
    assert entry["removed"] == ["tables/stale.csv"]
