"""The disclosure audit across tables: intervals by linear programming, worked by hand."""

import numpy as np
import pandas as pd
import pytest

from evalkit import audit


def _cells(*rows) -> pd.DataFrame:
    """Cells as the register holds them: (table, row, column, state, people)."""
    return pd.DataFrame([{"table": t, "row": r, "key": str(r), "column": c, "value": len(p),
                          "state": s, "total": False, "members": list(p)}
                         for t, r, c, s, p in rows])


# 4 people from A, 30 from B, 40 from C
A, B, C = range(0, 4), range(4, 34), range(34, 74)


def test_a_pair_of_tables_that_leak_is_caught():
    """Per stratum the small one is hidden; the total beside it gives it back: 74 - 30 - 40."""
    cells = _cells(("strata", 0, "observed", "primary", A),
                   ("strata", 1, "observed", "shown", B),
                   ("strata", 2, "observed", "shown", C),
                   ("summary", 0, "observed", "shown", [*A, *B, *C]))
    found = audit.intervals(cells, 10)
    assert found[["lower", "upper", "exposed"]].values.tolist() == [[4.0, 4.0, True]]


def test_a_second_hidden_cell_protects_the_first():
    cells = _cells(("strata", 0, "observed", "primary", A),
                   ("strata", 1, "observed", "secondary", B),
                   ("strata", 2, "observed", "shown", C),
                   ("summary", 0, "observed", "shown", [*A, *B, *C]))
    found = audit.intervals(cells, 10).set_index("row")
    # A + B = 34 and nothing else: A anywhere from 0 to 34
    assert (found.loc[0, "lower"], found.loc[0, "upper"]) == (0.0, 34.0)
    assert not found["exposed"].any()
    assert found.loc[1, "state"] == "secondary"  # reported, not judged: it holds 30


def test_the_bound_of_another_small_cell_counts():
    """Two small cells of one line: A + D = 9 with D shown as <10 leaves A between 0 and 8."""
    D = range(74, 79)
    cells = _cells(("t", 0, "n", "primary", A), ("t", 1, "n", "primary", D),
                   ("t", 2, "n", "shown", B), ("t", 3, "total", "shown", [*A, *D, *B]))
    found = audit.intervals(cells, 10).set_index("row")
    assert (found.loc[0, "lower"], found.loc[0, "upper"]) == (0.0, 8.0)
    assert found.loc[0, "exposed"]  # 8 wide: narrower than the threshold of 10


def test_tables_that_share_no_people_do_not_constrain_each_other():
    cells = _cells(("t", 0, "n", "primary", A), ("u", 0, "n", "shown", C))
    found = audit.intervals(cells, 10)
    assert found["upper"].iloc[0] == np.inf and not found["exposed"].iloc[0]


def test_to_hide_names_the_cell_of_the_new_table_that_helps():
    earlier = _cells(("strata", 0, "observed", "primary", A),
                     ("strata", 1, "observed", "shown", B),
                     ("strata", 2, "observed", "shown", C))
    new = _cells(("summary", 0, "observed", "shown", [*A, *B, *C]),
                 ("summary", 1, "observed", "shown", [*B, *C]))
    # Hiding 70 alone leaves 74 - 30 - 40; hiding 74 leaves only 70 = 30 + 40, which says nothing.
    assert audit.to_hide(earlier, new, 10) == 0
    assert audit.to_hide(earlier, new.iloc[:0], 10) is None


def test_to_hide_points_at_an_earlier_table_when_the_new_one_cannot_help():
    earlier = _cells(("t", 0, "n", "shown", B), ("t", 1, "total", "shown", [*A, *B]))
    new = _cells(("u", 0, "n", "primary", A))  # 34 - 30, whatever the new table shows
    with pytest.raises(audit.EarlierCell) as found:
        audit.to_hide(earlier, new, 10)
    assert found.value.cell["table"] == "t" and found.value.cell["row"] == 0


def test_the_summary_gives_widths_never_values():
    cells = _cells(("strata", 0, "observed", "primary", A),
                   ("strata", 1, "observed", "secondary", B),
                   ("strata", 2, "observed", "shown", C))
    table = audit.summary(cells, audit.intervals(cells, 10), 10)
    assert table.to_dict("records") == [{"table": "strata", "cells": 3, "hidden": 2, "small": 1,
                                         "narrowest": np.inf, "exposed": 0}]


def test_the_one_lp_shortcut_gives_the_answer_of_both_lps():
    """``is_exposed`` skips the smallest value when the largest alone shows a wide interval;
    on random registers it says exactly what the full interval says, and ``first_exposed`` is
    the first of ``exposed``."""
    rng = np.random.default_rng(7)
    for _ in range(25):
        people = np.arange(40)
        rows = []
        for table in "abc":
            groups = rng.integers(0, rng.integers(3, 9), size=40)
            for g in np.unique(groups):
                members = people[groups == g]
                small = len(members) < 10
                state = ("primary" if small and rng.random() < 0.8
                         else "secondary" if rng.random() < 0.2 else "shown")
                rows.append((table, int(g), "n", state, members))
            rows.append((table, 99, "total", "shown" if rng.random() < 0.7 else "secondary",
                         people))
        cells = _cells(*rows)
        attack = audit.Attack(cells, 10)
        full = [int(c) for c in attack.sensitive() if attack.width(int(c)) < 10 - 1e-6]
        assert attack.exposed() == full
        assert attack.first_exposed() == (full[0] if full else None)
