"""The exercises (oefeningen): their answers come from the code, and their notebooks check them."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from evalkit import exercises
from evalkit.errors import ConfigError

FOLDER = Path(__file__).resolve().parents[1] / "notebooks" / "exercises"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
#: KplusV 2020, Tabel 3: the whole file at the peildatum, in percent.
TABEL_3 = {"left_work": 29.0, "left_education": 4.1, "left_other": 10.7, "in_support": 46.7,
           "known_not_picked_up": 6.0, "not_known": 3.5}


def _parameters(path: Path) -> dict:
    cell = next(c for c in nbformat.read(path, as_version=4).cells
                if "parameters" in c.metadata.get("tags", []))
    values = {}
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def test_every_exercise_has_its_notebook_and_asks_what_the_module_checks():
    assert [path.stem for path in NOTEBOOKS] == list(exercises.EXERCISES)
    for path in NOTEBOOKS:
        answers = _parameters(path)["answers"]
        assert list(answers) == [q.key for q in exercises.questions(path.stem)], path.name
        assert set(answers.values()) == {None}, f"{path.name} is committed with answers"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_an_exercise_notebook_is_committed_clean_and_explains_every_cell(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    cells = notebook.cells
    assert cells[0].cell_type == "markdown" and "**Question.**" in cells[0].source
    assert cells[-1].cell_type == "markdown" and "**How to read this.**" in cells[-1].source
    for before, cell in zip(cells, cells[1:], strict=False):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name
            if "parameters" not in cell.metadata.get("tags", []):
                assert before.cell_type == "markdown", f"{path.name}: {cell.source[:60]}"
            tree = ast.parse(cell.source)
            assert not [n for n in ast.walk(tree)
                        if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)]
            assert ".head(" not in cell.source and "print(clients" not in cell.source
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert code.count("stage.open_stage(") == 1
    assert f'exercises.feedback("{path.stem}", answers, st)' in code


@pytest.fixture(scope="module")
def example_stage(example_run, request):
    """The example run's stage, opened as its notebooks open it, beside its published tables."""
    import os

    from evalkit import stage
    from evalkit.paths import ProjectPaths

    project, run_dir, _ = example_run
    before = Path.cwd()
    os.chdir(project / "notebooks")
    request.addfinalizer(lambda: os.chdir(before))
    processed = ProjectPaths(project).processed_dir(run_dir.name)
    return stage.open_stage(run_dir=str(run_dir), processed_dir=str(processed)), run_dir


def _table(run_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run_dir / "tables" / f"{name}.csv", dtype={"status": str})


def test_tabel_3_answers_are_the_published_status_table_and_kplusv(example_stage):
    st, run_dir = example_stage
    found = exercises.solutions("01_reproduce_tabel_3", st)
    published = _table(run_dir, "cohort_status").set_index("status")["share"]
    for key, share in found.items():
        assert round(share, 1) == published[key] == TABEL_3[key], key


def test_incidence_answers_are_the_published_headline_figures(example_stage):
    st, run_dir = example_stage
    found = exercises.solutions("02_read_the_incidence_curve", st)
    headline = _table(run_dir, "outflow_whole_group").set_index("indicator")["value"]
    assert found["work_24"] == pytest.approx(headline["cif_work_24"] * 100, abs=0.005)
    assert found["median_months"] == pytest.approx(headline["median_exit_months"], abs=1e-4)
    assert found["work_24"] + found["education_24"] < found["left_36"] < 100


def test_break_even_answers_are_the_published_cost_benefit(example_stage):
    from dataclasses import replace

    from evalkit import costbenefit

    st, run_dir = example_stage
    found = exercises.solutions("03_break_even_deadweight", st)
    assert found["npv"] == pytest.approx(_table(run_dir, "cb_headline")["npv"].iloc[0], abs=0.01)
    case = exercises.business_case(st)
    # The closed form: the deadweight that leaves exactly the break-even net exits.
    closed = 1 - costbenefit.break_even_effect(case) / (case.gross_exits
                                                        * (1 - case.displacement))
    assert found["break_even_deadweight"] == pytest.approx(closed, abs=1e-9)
    assert costbenefit.npv(replace(case, deadweight=found["break_even_deadweight"])) == \
        pytest.approx(0, abs=1e-3)
    assert found["npv_no_deadweight"] > found["npv"] > 0


def test_feedback_says_correct_not_yet_or_not_answered_and_never_the_answer(example_stage):
    st, _ = example_stage
    right = exercises.solutions("01_reproduce_tabel_3", st)
    answers = {"left_work": round(right["left_work"], 1), "left_education": 9.9,
               "left_other": None}
    table = exercises.feedback("01_reproduce_tabel_3", answers, st)
    assert table["result"].tolist()[:3] == [
        "correct", "not yet: outflow_reason education, outflow_date on or before the peildatum",
        "not answered yet"]
    assert table["result"].tolist()[3:] == ["not answered yet"] * 3
    assert not exercises.all_correct(table)
    shown = table.to_string()
    assert "4.1" not in shown and "10.7" not in shown
    with pytest.raises(ConfigError, match="answers: left_wrok: not a question of "
                                          "01_reproduce_tabel_3; expected left_work"):
        exercises.feedback("01_reproduce_tabel_3", {"left_wrok": 29.0}, st)
    with pytest.raises(ConfigError, match="04_x: not an exercise"):
        exercises.questions("04_x")


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_an_exercise_runs_from_its_folder_and_accepts_the_right_answers(path, example_run,
                                                                         example_stage, tmp_path):
    """Run All from ``notebooks/exercises/`` with no answers, then with the computed ones."""
    import papermill

    project, _, _ = example_run
    st, _ = example_stage
    folder = project / "notebooks" / "exercises"
    right = {key: round(value, 2) for key, value in exercises.solutions(path.stem, st).items()}
    for answers, expected in ((None, "not answered yet"), (right, "correct")):
        out = tmp_path / f"{path.stem}.ipynb"
        papermill.execute_notebook(str(folder / path.name), str(out), cwd=str(folder),
                                   parameters={} if answers is None else {"answers": answers},
                                   progress_bar=False, kernel_name="python3")
        last = [c for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"][-1]
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in last.outputs)
        assert shown.count(expected) == len(exercises.questions(path.stem)), shown
