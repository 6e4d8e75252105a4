"""The stage notebooks as committed: thin, without outputs, parameterised."""

import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_the_stages_exist():
    names = [p.stem for p in NOTEBOOKS]
    for stage in ("00_data_checks", "10_cohort", "90_summary"):
        assert stage in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_or_execution_counts(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], path.name
            assert cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exactly_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].cell_type == "code"
    names = {t.id for node in ast.walk(ast.parse(tagged[0].source))
             if isinstance(node, ast.Assign) for t in node.targets}
    assert {"config_path", "run_dir", "processed_dir"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_thin_no_functions_or_classes_defined(path):
    """Logic lives in src/evalkit where a test can reach it, not in a notebook."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            assert not [n for n in ast.walk(tree)
                        if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)], path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opens_with_the_question_and_closes_with_how_to_read(path):
    nb = nbformat.read(path, as_version=4)
    first, last = nb.cells[0], nb.cells[-1]
    assert first.cell_type == "markdown" and "**Question.**" in first.source
    assert last.cell_type == "markdown" and "**How to read this.**" in last.source
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert "method" in cell.metadata.get("tags", []), "method prose stays out of the report"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_path_literals(path):
    """Paths come from the parameters and evalkit.paths, never from a notebook literal."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            assert "data/raw" not in cell.source and "reports/" not in cell.source


def _logic_lines(source: str) -> set[int]:
    """The lines of a cell that lie inside an if, a for, a while or a comprehension."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.If | ast.For | ast.While | ast.IfExp | ast.ListComp | ast.SetComp
                      | ast.DictComp | ast.GeneratorExp):
            lines |= set(range(node.lineno, node.end_lineno + 1))
    return lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_at_most_ten_lines_of_logic(path):
    """Branches, loops and comprehensions live in src/evalkit, where a test reaches them."""
    nb = nbformat.read(path, as_version=4)
    counted = sum(len(_logic_lines(c.source)) for c in nb.cells if c.cell_type == "code")
    assert counted <= 10, f"{path.name}: {counted} lines inside if/for/comprehensions"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_setup_line_and_a_sentence_before_every_computing_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert code.count("stage.open_stage(") == 1, path.name
    assert "evalkit.pipeline" not in code and "import pipeline" not in code, path.name
    assert "read_config" not in code and "read_parquet" not in code, path.name
    for before, cell in zip(nb.cells, nb.cells[1:], strict=False):
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            assert before.cell_type == "markdown" and before.source.strip(), (
                f"{path.name}: a computing cell without a sentence before it: {cell.source[:60]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_method_paragraph_has_a_current_dutch_translation(path):
    """The Dutch method edition reads each paragraph from its cell; an edited English one is named."""
    from evalkit.report import TRANSLATION_KEY, source_hash

    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            translation = cell.metadata.get(TRANSLATION_KEY, {})
            assert translation.get("nl"), f"{path.name} {cell.id}: no Dutch method prose"
            assert translation["translates"] == source_hash(cell.source), (
                f"{path.name} {cell.id}: the English changed since it was translated; "
                "update metadata.evalkit.nl")
            # Headings stay headings, in the same place.
            assert (cell.source.startswith("#") == translation["nl"].startswith("#")), cell.id


# ------------------------------------------------------------ opened on their own, as JupyterLab does

def _run_all(project: Path, name: str):
    """Run All of one notebook with its defaults, from ``notebooks/`` as JupyterLab opens it."""
    from nbclient import NotebookClient

    notebook = nbformat.read(project / "notebooks" / f"{name}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(project / "notebooks")}}).execute()
    return notebook


def _text(notebook) -> str:
    return "\n".join(output.get("text", "") + "".join(output.get("data", {}).get(kind, "")
                                                      for kind in ("text/markdown", "text/html"))
                     for cell in notebook.cells if cell.cell_type == "code"
                     for output in cell.get("outputs", []))


def _summary_first(project: Path) -> dict:
    """Open the summary before anything else, as a student may: what its failing cell says."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(project / "notebooks" / "90_summary.ipynb", as_version=4)
    try:
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(project / "notebooks")}}).execute()
    except CellExecutionError as stopped:
        failed = next(cell for cell in notebook.cells if cell.cell_type == "code"
                      and any(o.get("name") == "stderr" for o in cell.get("outputs", [])))
        return {"ename": stopped.ename, "said": [o.get("text") for o in failed.outputs]}
    return {"ename": None, "said": []}


@pytest.fixture(scope="session")
def opened_on_their_own(tmp_path_factory):
    """A fresh clone in which a student opens the notebooks one by one, as JupyterLab does.

    First the two summaries, which need earlier notebooks; then Run All on every
    notebook in turn with its defaults; then the discount rate set to 0 in the
    cost-benefit notebook's parameters cell and that notebook run again. One
    clone serves the tests of each step (made once per test session, ``shared``):
    every notebook starts a kernel of its own and the first prepares the scratch
    run the others keep, so a clone per test would repeat most of it.
    """
    import papermill

    from conftest import make_project, shared

    def make(folder: Path) -> dict:
        project = make_project(folder / "project")
        notebooks, tables = project / "notebooks", project / "reports" / "scratch" / "tables"
        made = {"summary_first": _summary_first(project),
                "interim_summary_first": _text(_run_all(project, "91_interim_summary"))}
        for path in NOTEBOOKS:
            _run_all(project, path.stem)
        made["tables"] = sorted(p.stem for p in tables.glob("*.csv"))
        # horizon 5, no displacement
        made["npv"] = [(tables / "cb_scenarios.csv").read_text(encoding="utf-8").splitlines()[4]]
        papermill.execute_notebook(str(notebooks / "30_cost_benefit.ipynb"),
                                   str(folder / "discount_zero.ipynb"), cwd=str(notebooks),
                                   parameters={"discount_rate": 0.0}, progress_bar=False,
                                   kernel_name="python3")
        made["npv"].append((tables / "cb_scenarios.csv").read_text(encoding="utf-8"
                                                                     ).splitlines()[4])
        return made

    folder, made = shared(tmp_path_factory, "opened_on_their_own", make)
    return folder, folder / "project", made


@pytest.mark.slow
def test_a_notebook_that_needs_an_earlier_one_says_which_in_one_line(opened_on_their_own):
    """In a fresh clone, the summary stops at once and names the notebook to run first."""
    _, _, made = opened_on_their_own
    assert made["summary_first"]["ename"] == "StageOrderError"
    # One line, as the command line prints it: no traceback into evalkit.
    assert made["summary_first"]["said"] == [
        "StageOrderError: cohort_status.csv: table not found in reports/scratch/tables; run "
        "notebooks/10_cohort.ipynb first (or the whole evaluation: python3 tasks.py run)\n"]
    # The interim summary on its own publishes no numbers and says what to run first.
    assert "Voer eerst 60_interim_trends uit" in made["interim_summary_first"]


@pytest.mark.slow
def test_every_notebook_runs_on_its_own_from_the_notebooks_folder(opened_on_their_own):
    """Run All on each notebook in turn, with no parameters injected, in a fresh clone."""
    _, project, made = opened_on_their_own
    for name in ("data_checks", "cohort_status", "cb_headline"):
        assert name in made["tables"], name
    assert (project / "reports" / "scratch-series" / "tables" / "interim_changes.csv").is_file()
    assert not (project / "data" / "raw").joinpath("scratch").exists()


@pytest.mark.slow
def test_a_parameter_changed_in_the_notebook_changes_its_scratch_run_and_its_numbers(
        opened_on_their_own):
    """A student sets the discount rate to 0 in 30_cost_benefit and runs it again."""
    import yaml

    folder, project, made = opened_on_their_own
    default, zero = made["npv"]
    assert default != zero
    copy = (project / "reports" / "scratch" / "config.yml").read_text(encoding="utf-8")
    assert copy.startswith("# configs/example.yml, with the changes of a notebook's parameters "
                           "cell: {'discount_rate': 0.0}")
    assert yaml.safe_load(copy)["cost_benefit"]["discount_rate"]["value"] == 0.0
    assert "discount_rate: {value: 0.0225" in (project / "configs/example.yml").read_text()
    # At r = 0 every discount factor of the worked example is 1.
    shown = nbformat.read(folder / "discount_zero.ipynb", as_version=4)
    worked = next(c for c in shown.cells if c.get("id") == "w02")
    html = worked.outputs[0]["data"]["text/html"]
    # five years' factors, and year 0's share still off benefits; with r = 2.25% year 1 was 0,98
    assert html.count("<td>1,00</td>") == 5 + 1 and "0,98" not in html


@pytest.mark.slow
def test_notebooks_opened_on_their_own_with_another_municipality_leave_out_what_it_lacks(tmp_path):
    """Lingedal has no cost data and other columns: Run All goes to the end, saying what it skips."""
    import papermill

    from conftest import make_project

    project = make_project(tmp_path / "project")
    folder = project / "notebooks"
    said = {}
    for name in ("20_outflow", "30_cost_benefit", "50_framework"):
        out = tmp_path / f"{name}.ipynb"
        papermill.execute_notebook(str(folder / f"{name}.ipynb"), str(out), cwd=str(folder),
                                   parameters={"config_path": "configs/example_lingedal.yml"},
                                   progress_bar=False, kernel_name="python3")
        said[name] = _text(nbformat.read(out, as_version=4))
    assert said["30_cost_benefit"].count("Deze cel is weggelaten voor deze config en dit "
                                         "bestand (needs:costs); een run laat haar ook weg.") >= 5
    assert "weggelaten" in said["20_outflow"]
    assert (project / "reports" / "scratch" / "config.yml").read_text().count("Lingedal")
