"""evalkit.kernel: one kernel for every stage of a run, each stage starting as on a kernel of its own."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from evalkit.kernel import KERNEL_NAME, RunKernel, notebook_modules


def _notebook(*sources: str):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3",
                                       "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


def test_the_modules_of_the_notebooks_are_read_from_their_imports():
    notebooks = [_notebook("from evalkit import (cohort, disclosure,\n    stage)\nimport numpy"),
                 _notebook("from evalkit import publish\nx = 1")]
    assert notebook_modules(notebooks) == ["evalkit.cohort", "evalkit.disclosure",
                                           "evalkit.publish", "evalkit.stage", "numpy"]


def test_a_stage_on_the_shared_kernel_sees_nothing_of_the_stage_before(tmp_path: Path):
    """Variables, figures, shown warnings and the execution count start afresh for every stage;
    the libraries imported at start-up stay imported."""
    import papermill

    first = _notebook(
        "leak = 41\nimport warnings\nwarnings.warn('once per kernel')",
        "import matplotlib.pyplot as plt\nplt.figure(); plt.rcParams['lines.linewidth'] = 9")
    second = _notebook(
        "print('leak' in dir(), 'plt' in dir())",
        "import sys, matplotlib.pyplot as plt\nprint(len(plt.get_fignums()), "
        "plt.rcParams['lines.linewidth'] != 9, 'lifelines' in sys.modules)",
        "import warnings\nwarnings.warn('once per kernel')")
    with RunKernel(tmp_path, tmp_path / "logs" / "kernel.log", []) as kernel:
        for name, notebook in (("first", first), ("second", second)):
            kernel.prepare_stage()
            papermill.execute_notebook(notebook, str(tmp_path / f"{name}.ipynb"),
                                       kernel_name=KERNEL_NAME, km=kernel.manager,
                                       progress_bar=False)
    done = json.loads((tmp_path / "second.ipynb").read_text())
    cells = done["cells"]
    assert [c["execution_count"] for c in cells] == [1, 2, 3]
    assert cells[0]["outputs"][0]["text"] == ["False False\n"]
    assert cells[1]["outputs"][0]["text"] == ["0 True True\n"]
    assert "once per kernel" in "".join(cells[2]["outputs"][0]["text"])  # shown again
    assert (tmp_path / "logs" / "kernel.log").is_file()


def test_the_kernel_is_asked_whether_it_is_ready_once_and_each_stage_gets_only_its_own_output(
        tmp_path: Path):
    """nbclient waits for the kernel before every notebook (a kernel_info request, then 0.2 s of
    listening); the run's client answers at once after the first stage, having dropped what
    earlier requests left on IOPub, and each notebook still gets exactly its own output."""
    import papermill

    with RunKernel(tmp_path, tmp_path / "kernel.log", []) as kernel:
        kernel.prepare_stage()
        client = kernel.manager.client()
        asked, kernel_info = [], client.kernel_info
        client.kernel_info = lambda: asked.append(1) or kernel_info()
        RunKernel._reply(client, client.execute("print('not a stage of the run')"))
        for name in ("first", "second"):
            kernel.prepare_stage()
            papermill.execute_notebook(_notebook(f"print('{name}')"), str(tmp_path / f"{name}.ipynb"),
                                       kernel_name=KERNEL_NAME, km=kernel.manager,
                                       progress_bar=False)
            done = json.loads((tmp_path / f"{name}.ipynb").read_text())
            assert [o.get("text") for c in done["cells"] for o in c["outputs"]] == [[f"{name}\n"]]
    # papermill's own request for the language of each executed notebook, and nothing more
    assert len(asked) == 2


def test_the_kernel_is_stopped_on_leaving_also_after_an_error(tmp_path: Path):
    kernel = RunKernel(tmp_path, tmp_path / "kernel.log", [])
    try:
        with kernel:
            manager = kernel.manager
            raise KeyError("a bad input file, say")
    except KeyError:
        pass
    assert kernel.manager is None and not manager.has_kernel


def test_a_kept_kernel_stays_up_for_the_next_run_and_starts_again_after_an_error(
        tmp_path: Path):
    """A batch worker's kernel (``keep``): still up after a run that ended well, and the same
    kernel in the next; shut down by a run that failed, and started anew by the one after."""
    kernel = RunKernel(tmp_path, tmp_path / "kernel.log", [], keep=True)
    with kernel:
        first = kernel.manager
        kernel.prepare_stage()
    assert kernel.manager is first and first.has_kernel
    with kernel:
        assert kernel.manager is first
    try:
        with kernel:
            raise KeyError("a stage failed, say")
    except KeyError:
        pass
    assert kernel.manager is None and not first.has_kernel
    with kernel:
        assert kernel.manager is not None and kernel.manager is not first
        kernel.prepare_stage()  # the new kernel answers
    kernel.shutdown()
    assert kernel.manager is None


def test_the_kernel_says_which_config_fields_and_tables_the_stage_read(tmp_path: Path,
                                                                       root: Path):
    """Reuse (``evalkit.reuse``) asks the kernel after each stage; a stage that never opened
    its config counts as having read all of it, and every published table."""
    import papermill

    reads = _notebook("from pathlib import Path\nfrom types import SimpleNamespace\n"
                      "from evalkit import stage\n"
                      "from evalkit.config import read_config, record_reads\n"
                      "from evalkit.paths import RunPaths\n"
                      f"config = read_config({str(root / 'configs' / 'example.yml')!r})\n"
                      "record_reads()\nstage.record_table_reads()\nconfig.seed, config.lang\n"
                      f"run = SimpleNamespace(run=RunPaths(Path({str(tmp_path / 'run')!r})))\n"
                      "assert stage.Stage.published(run, 'cohort_status') is None")
    with RunKernel(tmp_path, tmp_path / "kernel.log", []) as kernel:
        found = []
        for notebook in (reads, _notebook("x = 1")):
            kernel.prepare_stage()
            papermill.execute_notebook(notebook, str(tmp_path / "done.ipynb"),
                                       kernel_name=KERNEL_NAME, km=kernel.manager,
                                       progress_bar=False)
            found.append(kernel.stage_reads())
    assert found == [{"config": ["lang", "seed"], "tables": ["cohort_status"]},
                     {"config": ["*"], "tables": ["*"]}]
