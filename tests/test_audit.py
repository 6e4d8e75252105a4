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


def _random_register(rng, tables="abc") -> pd.DataFrame:
    people = np.arange(40)
    rows = []
    for table in tables:
        groups = rng.integers(0, rng.integers(3, 9), size=40)
        for g in np.unique(groups):
            members = people[groups == g]
            small = len(members) < 10
            state = ("primary" if small and rng.random() < 0.8
                     else "secondary" if rng.random() < 0.2 else "shown")
            rows.append((table, int(g), "n", state, members))
        rows.append((table, 99, "total", "shown" if rng.random() < 0.7 else "secondary", people))
    return _cells(*rows)


def test_the_one_lp_shortcut_gives_the_answer_of_both_lps():
    """``is_exposed`` skips the smallest value when the largest alone shows a wide interval;
    on random registers it says exactly what the full interval says, and ``first_exposed`` is
    the first of ``exposed``."""
    rng = np.random.default_rng(7)
    for _ in range(25):
        cells = _random_register(rng)
        attack = audit.Attack(cells, 10)
        full = [int(c) for c in attack.sensitive() if attack.width(int(c)) < 10 - 1e-6]
        assert attack.exposed() == full
        assert attack.first_exposed() == (full[0] if full else None)


def _interval_by_linprog(cells: pd.DataFrame, cell: int, threshold: int) -> tuple[float, float]:
    """The interval of one hidden cell from scipy's ``linprog``: one LP row per other cell.

    The reference for ``Attack``, which joins the cells of the same people into
    one row of its own LP (HiGHS, hot-started): an independent solve of the LP
    as the audit defines it.
    """
    from scipy.optimize import linprog

    matrix = audit._atoms(cells).toarray()
    states, values = cells["state"].to_numpy(), cells["value"].to_numpy(dtype=float)
    rows, bounds = [], []
    for other in range(len(cells)):
        if other == cell or states[other] == "secondary":
            continue  # its own row says nothing here; a hidden cell holds at least none
        if states[other] == "shown":
            rows += [matrix[other], -matrix[other]]
            bounds += [values[other], -values[other]]
        else:
            rows += [matrix[other], -matrix[other]]
            bounds += [threshold - 1.0, -1.0]
    found = []
    for sense in (1.0, -1.0):
        result = linprog(sense * matrix[cell], A_ub=np.array(rows), b_ub=np.array(bounds),
                         bounds=(0, None), method="highs")
        assert result.status in (0, 3), result.message
        found.append(np.inf if result.status == 3 else sense * result.fun)
    return found[0], found[1]


def test_cells_of_the_same_people_are_one_lp_row_with_the_intervals_of_one_row_each():
    """Cells that count the same people (every table's total; here also a cell repeated in
    another table, shown there or hidden) are one row of the audit's LP, bounded by what they
    all say; every hidden cell's interval is the one of the LP with a row per cell."""
    rng = np.random.default_rng(11)
    joined = 0
    for _ in range(15):
        cells = _random_register(rng, tables="abc")
        copies = cells.sample(4, random_state=int(rng.integers(1000))).assign(
            table="d", row=lambda f: range(len(f)),
            state=lambda f: rng.choice(["shown", "primary", "secondary"], size=len(f)))
        copies.loc[copies["value"] >= 10, "state"] = copies["state"].replace("primary", "shown")
        cells = pd.concat([cells, copies], ignore_index=True)
        attack = audit.Attack(cells, 10)
        assert attack._highs.getNumRow() < len(cells)
        joined += len(cells) - attack._highs.getNumRow()
        for cell in np.flatnonzero(cells["state"].to_numpy() != "shown"):
            low, high = attack.interval(int(cell))
            expected = _interval_by_linprog(cells, int(cell), 10)
            assert low == pytest.approx(expected[0], abs=1e-6)
            assert high == pytest.approx(expected[1], abs=1e-6) or high == expected[1] == np.inf
    assert joined >= 15 * 6  # three totals and four copies: at least six rows joined each time


def _atoms_as_a_product(cells: pd.DataFrame):
    """The atoms as the audit first built them: one people-by-cells matrix of every membership.

    Kept here as the reference: ``audit._atoms`` now goes cell by cell to save
    memory, and must give the same matrix bit for bit, so that the LPs and the
    cells they hide stay the same.
    """
    from scipy import sparse

    lengths = cells["members"].map(len).to_numpy()
    people = np.concatenate([np.asarray(m, dtype="int64") for m in cells["members"]])
    cell_of = np.repeat(np.arange(len(cells)), lengths)
    ids, person = np.unique(people, return_inverse=True)
    incidence = sparse.csr_matrix((np.ones(len(people)), (person, cell_of)),
                                  shape=(len(ids), len(cells)))
    rng = np.random.default_rng(0)
    signature = np.column_stack([incidence @ rng.random(len(cells)) for _ in range(2)])
    _, atom_of = np.unique(np.round(signature, 9), axis=0, return_inverse=True)
    membership = sparse.csr_matrix((np.ones(len(ids)), (np.arange(len(ids)), atom_of.ravel())))
    return (incidence.T @ membership > 0).astype(float).tocsr()


@pytest.mark.parametrize("numbers", ["every row", "some rows", "other numbers"])
def test_atoms_cell_by_cell_equal_the_product_of_all_memberships(numbers):
    """Same matrix, entry for entry, whether people are numbered as a file's rows (all of them
    counted, or some: a look-up table) or otherwise (negative or far apart: a sorted search);
    and each atom is a group of people counted in exactly the same cells."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        cells = _random_register(rng, tables="abcd")
        renumber = {"every row": np.arange(40), "some rows": np.arange(40) * 3 + 5,
                    "other numbers": rng.choice(10**12, size=40, replace=False) - 10**11}[numbers]
        cells["members"] = [renumber[np.asarray(m)] for m in cells["members"]]
        cells["members"] = [rng.permutation(m) for m in cells["members"]]  # any order
        made, reference = audit._atoms(cells).tocsc(), _atoms_as_a_product(cells).tocsc()
        assert made.shape == reference.shape
        for part in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(made, part), getattr(reference, part))
        held = {}
        for cell, members in enumerate(cells["members"]):
            for person in members:
                held.setdefault(int(person), set()).add(cell)
        groups = {frozenset(cells_of) for cells_of in held.values()}
        assert made.shape[1] == len(groups)


def _settle(earlier: pd.DataFrame, new: pd.DataFrame, memory: dict | None) -> list:
    """What ``to_hide`` asks, call after call, as a ``Publisher`` settles one table."""
    new = new.copy()
    asked = []
    for _ in range(len(new) + 1):
        try:
            hide = audit.to_hide(earlier, new, 10, memory=memory)
        except audit.EarlierCell as found:
            asked.append(("earlier", found.cell["table"], int(found.cell["row"])))
            earlier = earlier.copy()
            earlier.loc[(earlier["table"] == found.cell["table"])
                        & (earlier["row"] == found.cell["row"]), "state"] = "secondary"
            continue
        asked.append(hide)
        if hide is None:
            return asked
        new.loc[hide, "state"] = "secondary"
    return asked


def test_a_settle_that_remembers_asks_for_the_same_cells():
    """``to_hide`` with ``memory`` passes over cells found safe before, and answers the same."""
    rng = np.random.default_rng(11)
    remembered = 0
    for _ in range(30):
        cells = _random_register(rng)
        earlier = cells[cells["table"] != "c"].reset_index(drop=True)
        new = cells[cells["table"] == "c"].reset_index(drop=True)
        memory: dict = {}
        assert _settle(earlier, new, memory) == _settle(earlier, new, None)
        remembered += len(memory.get("safe", ()))
    assert remembered > 0  # the memory was used, not only kept


def test_memory_forgets_what_was_safe_when_a_cell_is_shown_again():
    earlier = _cells(("strata", 0, "observed", "primary", A),
                     ("strata", 1, "observed", "secondary", B),
                     ("strata", 2, "observed", "shown", C))
    new = _cells(("summary", 0, "observed", "shown", [*A, *B, *C]))
    memory: dict = {}
    assert audit.to_hide(earlier, new, 10, memory=memory) is None
    assert memory["safe"] == {0}
    shown_again = earlier.assign(state=["primary", "shown", "shown"])
    # 74 - 30 - 40 gives A back again: found, not passed over as safe
    assert audit.to_hide(shown_again, new, 10, memory=memory) == 0
    assert memory["safe"] == set()


def test_relaxes_is_true_only_when_every_cell_shows_as_much_or_less():
    values = np.array([4.0, 30.0, 40.0])
    before = np.array(["primary", "shown", "shown"], dtype=object)
    assert audit.relaxes(before, np.array(["secondary", "secondary", "shown"], dtype=object),
                         values, 10)
    assert not audit.relaxes(before, np.array(["shown", "shown", "shown"], dtype=object),
                             values, 10)
    # a cell of 30 cannot be "<10": not a relaxation, whatever it says
    assert not audit.relaxes(before, np.array(["primary", "primary", "shown"], dtype=object),
                             values, 10)


def test_widens_says_what_the_two_intervals_say():
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(15):
        cells = _random_register(rng)
        attack = audit.Attack(cells, 10)
        states = cells["state"].to_numpy()
        for cell in attack.sensitive()[:4]:
            interval = attack.interval(int(cell), states)
            for other in np.flatnonzero(states == "shown")[:6]:
                trial = states.copy()
                trial[other] = "secondary"
                expected = attack.width(int(cell), trial) > interval[1] - interval[0] + 1e-6
                assert attack.widens(int(cell), trial, states, interval) == expected
                checked += 1
    assert checked > 50


def test_a_pass_that_asked_an_earlier_table_is_known_to_repeat(tmp_path):
    assert not audit.pass_repeats(tmp_path)  # outside a run's passes
    audit.begin_pass(tmp_path)
    assert not audit.pass_repeats(tmp_path)
    audit.force(tmp_path, pd.Series({"table": "t", "row": 0, "column": "n"}))
    assert audit.pass_repeats(tmp_path)
    audit.begin_pass(tmp_path)  # the next pass starts with that cell hidden
    assert not audit.pass_repeats(tmp_path)
    audit.end_passes(tmp_path)
    assert not (tmp_path / audit.PASS).exists()


def test_the_register_is_read_again_only_where_a_file_changed(tmp_path):
    first = _cells(("a", 0, "n", "primary", A), ("a", 1, "n", "shown", B))
    second = _cells(("b", 0, "n", "shown", C))
    audit.write_cells(first.to_dict("records"), tmp_path, "a")
    audit.write_cells(second.to_dict("records"), tmp_path, "b")
    read = audit.read_cells(tmp_path)
    assert read["table"].tolist() == ["a", "a", "b"]
    read.loc[0, "state"] = "secondary"  # a caller's marks never reach what is kept
    assert audit.read_cells(tmp_path)["state"].tolist() == ["primary", "shown", "shown"]
    audit.write_cells(second.assign(state="secondary").to_dict("records"), tmp_path, "b")
    assert audit.read_cells(tmp_path)["state"].tolist() == ["primary", "shown", "secondary"]
    (tmp_path / "b.parquet").unlink()
    assert audit.read_cells(tmp_path, remember=False)["table"].tolist() == ["a", "a"]
    assert not audit._READ


def test_a_count_the_new_table_shows_twice_is_hidden_in_both_places():
    """The exits beside a median in days and beside one in months: the same 30 people twice.

    Either one alone gives back 74 - 30 - 40 for the small cell; hiding one while the other
    shows it changes nothing, so both are hidden, one call after the other, rather than
    cells of the earlier table (which is what happened before: a 600-person municipality
    lost its own total that way).
    """
    earlier = _cells(("reasons", 0, "n", "primary", A), ("reasons", 1, "n", "secondary", B),
                     ("reasons", 2, "n", "shown", C), ("reasons", 3, "total", "shown", [*A, *B, *C]))
    new = _cells(("exits", 0, "count", "shown", B), ("exits", 1, "count", "shown", B))
    assert audit.to_hide(earlier, new, 10) == 0
    new.loc[0, "state"] = "secondary"
    assert audit.to_hide(earlier, new, 10) == 1
    new.loc[1, "state"] = "secondary"
    assert audit.to_hide(earlier, new, 10) is None
