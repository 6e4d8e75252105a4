"""The cell tags of the stage notebooks: which cells run for a config and a file.

A cell tagged ``needs:<key>`` runs only when the config has that key (for
example ``needs:costs``, or ``needs:reference_case.published_flows``), and a
cell tagged ``column:<name>`` only when the file has that column with values in
it: a stage whose optional inputs are absent still runs to the end and says
what it left out, instead of failing on the first cell that needs them;
``needs:!<key>`` runs only when the key is absent (the sentence that says so).
``needs:costs`` also needs a file with exits to work in the cost year
(``costinputs.no_exits_to_work``) that may be shown (``costinputs.withheld_outflow``).
``several:<column>`` runs a cell only when the column holds more than one value
(the funnel plot of a regional file).

The pipeline drops such cells before a stage runs (``pipeline.stage_notebook``).
A notebook opened on its own in JupyterLab cannot drop cells, so there the
kernel leaves them out as they come (``leave_out_in_kernel``).
"""

from __future__ import annotations

import pandas as pd

from evalkit.config import RunConfig

NEEDS_TAG = "needs:"
COLUMN_TAG = "column:"
SEVERAL_TAG = "several:"


def _has(config: RunConfig, dotted: str, clients: pd.DataFrame | None = None) -> bool:
    value: object = config
    for name in dotted.split("."):
        value = getattr(value, name, None)
        if not value:
            return False
    if dotted == "costs" and clients is not None:
        # cost inputs the file's own small counts would give away are as good as none, and so
        # are cost inputs for a year without a single exit to work (nothing to value)
        from evalkit.costinputs import no_exits_to_work, withheld_outflow

        return not withheld_outflow(config, clients) and not no_exits_to_work(config, clients)
    return True


def tag_runs(tag: str, config: RunConfig, clients: pd.DataFrame | None = None) -> bool:
    """Whether one tag lets its cell run for this config and file (other tags always do)."""
    from evalkit.schema import column_state

    if tag.startswith(NEEDS_TAG + "!"):
        return not _has(config, tag[len(NEEDS_TAG) + 1:], clients)
    if tag.startswith(NEEDS_TAG):
        return _has(config, tag[len(NEEDS_TAG):], clients)
    if tag.startswith(COLUMN_TAG) and clients is not None:
        return not column_state(clients, tag[len(COLUMN_TAG):])
    if tag.startswith(SEVERAL_TAG) and clients is not None:
        return clients[tag[len(SEVERAL_TAG):]].nunique() > 1
    return True


def left_out_by(cell, config: RunConfig, clients: pd.DataFrame | None = None) -> str | None:
    """The first tag that leaves a cell out for this config and file; None when it runs."""
    return next((tag for tag in cell.get("metadata", {}).get("tags", [])
                 if not tag_runs(tag, config, clients)), None)


def left_out_sources(notebooks, config: RunConfig, clients: pd.DataFrame | None = None
                     ) -> dict[str, str]:
    """The code of every cell the given notebooks leave out for this config, with its tag.

    Parameters
    ----------
    notebooks : iterable of nbformat.NotebookNode
        The stage notebooks as committed.

    Returns
    -------
    dict
        Cell source (stripped) to the tag that leaves it out.
    """
    return {cell.source.strip(): tag for notebook in notebooks for cell in notebook.cells
            if cell.cell_type == "code" and (tag := left_out_by(cell, config, clients))}


def leave_out_in_kernel(shell, left_out: dict[str, str], say) -> None:
    """Make a kernel run a left-out cell as one line that says so, instead of its code.

    JupyterLab sends a cell's code, not its tags, so the kernel recognises the
    cells the pipeline would drop by their code, as committed; a cell a student
    has edited runs as written. ``say(tag)`` gives the line to print.
    """
    def transform(lines: list[str]) -> list[str]:
        tag = left_out.get("".join(lines).strip())
        return lines if tag is None else [f"print({say(tag)!r})\n"]

    transform.evalkit = True
    # A notebook opened again, or with another config, replaces what an earlier one set up.
    shell.input_transformers_post[:] = [t for t in shell.input_transformers_post
                                        if not getattr(t, "evalkit", False)] + [transform]
