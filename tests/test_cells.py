"""The cell tags: which cells run for a config and a file, in a run and in a kernel."""

import nbformat
import pandas as pd
import pytest

from evalkit import cells
from evalkit.config import read_config
from evalkit.paths import ProjectPaths

PATHS = ProjectPaths.discover()


def _cell(*tags: str, source: str = "x = 1"):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = list(tags)
    return cell


@pytest.fixture(scope="module")
def example():
    return read_config(PATHS.default_config)


@pytest.fixture(scope="module")
def lingedal():
    return read_config(PATHS.configs / "example_lingedal.yml")


def test_needs_runs_a_cell_only_when_the_config_has_the_key(example, lingedal):
    assert cells.left_out_by(_cell("needs:costs"), example) is None
    assert cells.left_out_by(_cell("needs:costs"), lingedal) == "needs:costs"
    assert cells.left_out_by(_cell("needs:!costs"), example) == "needs:!costs"
    assert cells.left_out_by(_cell("needs:!costs"), lingedal) is None
    assert cells.left_out_by(_cell("needs:reference_case.published_flows"), example) is None
    assert cells.left_out_by(_cell("method", "parameters"), lingedal) is None


def test_column_and_several_look_at_the_file(example):
    clients = pd.DataFrame({"interventions": [None, None], "municipality": ["a", "a"]})
    assert cells.left_out_by(_cell("column:interventions"), example, clients) \
        == "column:interventions"
    assert cells.left_out_by(_cell("several:municipality"), example, clients) \
        == "several:municipality"
    clients["municipality"] = ["a", "b"]
    assert cells.left_out_by(_cell("several:municipality"), example, clients) is None
    # Without the file (a config alone) a column tag does not decide.
    assert cells.left_out_by(_cell("column:interventions"), example) is None


def test_the_kernel_runs_a_left_out_cell_as_one_line_and_an_edited_one_as_written(lingedal):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [_cell("needs:costs", source="cost = settings.year\n"), _cell(source="y = 2")]
    left_out = cells.left_out_sources([notebook], lingedal)
    assert left_out == {"cost = settings.year": "needs:costs"}

    class Shell:
        input_transformers_post: list = []

    shell = Shell()
    cells.leave_out_in_kernel(shell, left_out, lambda tag: f"left out ({tag})")
    transform = shell.input_transformers_post[-1]
    assert transform(["cost = settings.year\n"]) == ["print('left out (needs:costs)')\n"]
    assert transform(["cost = settings.year  # edited\n"]) == ["cost = settings.year  # edited\n"]
    assert transform(["y = 2\n"]) == ["y = 2\n"]
