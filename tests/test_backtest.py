"""Backtests: every table a run of the two example municipalities publishes, against the
committed expected tables in ``tests/expected/<run>/tables/``.

The tests that check numbers against KplusV read a few cells; these read every cell of every
published table, so a change to any number (a new estimator, a disclosure rule, a library
update) shows here as the cells that moved, listed as ``evalkit verify`` lists them for an
auditor. A change on purpose is made visible, not hidden: ``python3 tasks.py expected``
rewrites the expected tables and the commit's diff shows which numbers moved.
"""

import random

import pandas as pd
import pytest
from conftest import shared_run

from evalkit import pipeline, verify
from evalkit.paths import RunPaths


@pytest.fixture(scope="module")
def shuffled_example_run(tmp_path_factory):
    """The example with its rows in another order: another export of the same file."""
    def shuffle(project):
        path = project / "data" / "raw" / "example_monitoring.csv"
        header, *rows = path.read_bytes().splitlines(keepends=True)
        random.Random(7).shuffle(rows)
        path.write_bytes(header + b"".join(rows))

    project, done = shared_run(tmp_path_factory, "example_shuffled", "run", prepare=shuffle)
    assert done.returncode == 0, done.stderr
    return project, project / "reports" / "eindhoven-2020-01-31", done


@pytest.mark.parametrize("fixture", ["example_run", "lingedal_run", "shuffled_example_run"])
def test_every_published_table_is_the_committed_expected_table(fixture, request, root):
    """The example, Lingedal, and the example's rows shuffled, which must publish the very
    tables of the example: a resample or a tie broken by the file's row order would move a
    number although the people are the same."""
    _, run_dir, _ = request.getfixturevalue(fixture)
    expected = RunPaths(root / "tests" / "expected" / run_dir.name)
    recorded = pipeline.published_tables(expected)
    assert len(recorded) >= 25, f"no expected tables in {expected.tables}"
    differences, cells = verify.compare_tables(recorded, pipeline.published_tables(
        RunPaths(run_dir)))
    with pd.option_context("display.width", 200, "display.max_colwidth", 40):
        assert differences.empty, (
            f"{len(differences)} of {cells} cells differ from {expected.tables} "
            "(after a change on purpose: python3 tasks.py expected):\n"
            + differences.head(40).to_string(index=False))
    for path in sorted(expected.tables.glob("*.csv")):  # and byte for byte, as an auditor hashes
        assert (RunPaths(run_dir).tables / path.name).read_bytes() == path.read_bytes(), path.name
