"""Small-cell suppression, including tables built to leak through their margins."""

import itertools

import numpy as np
import pandas as pd
import pytest

from evalkit import disclosure
from evalkit.disclosure import PRIMARY, SECONDARY, TOTAL, protect


def _lines_with_one_hidden(table: disclosure.ProtectedTable) -> list:
    hidden = table.hidden
    lines = [hidden[c] for c in hidden.columns]
    if TOTAL in hidden.columns:
        lines += [hidden.loc[r] for r in hidden.index]
    return [line for line in lines if line.sum() == 1]


def test_small_cells_are_shown_as_below_threshold():
    counts = pd.DataFrame({"count": [500, 5, 300, 0]}, index=["a", "b", "c", "d"])
    published = protect(counts, 10).counts()
    assert published.loc["b", "count"] == "<10"
    assert published.loc["d", "count"] == "0"  # nobody is not a small cell


def test_one_hidden_cell_in_a_column_gets_a_partner():
    """Without a second hidden cell, b = 805 - 500 - 300 would be recovered from the total."""
    counts = pd.DataFrame({"count": [500, 5, 300]}, index=["a", "b", "c"])
    table = protect(counts, 10)
    assert table.flags.loc["b", "count"] == PRIMARY
    assert table.flags.loc["c", "count"] == SECONDARY
    assert table.counts().loc["c", "count"] == "x"
    assert table.counts().loc[TOTAL, "count"] == "805"
    assert not _lines_with_one_hidden(table)


def test_cross_table_built_to_leak_through_its_margins():
    """One small cell per row and column: every margin would give it away."""
    counts = pd.DataFrame(
        [[3, 40, 50], [60, 4, 70], [80, 90, 2]],
        index=["r1", "r2", "r3"], columns=["c1", "c2", "c3"])
    table = protect(counts, 10)
    assert not _lines_with_one_hidden(table)
    published = table.counts()
    for r, c in [("r1", "c1"), ("r2", "c2"), ("r3", "c3")]:
        assert published.loc[r, c] == "<10"
    assert table.values.loc[TOTAL, TOTAL] == counts.to_numpy().sum()


def test_small_row_total_is_itself_suppressed_and_protected():
    counts = pd.DataFrame([[2, 3], [40, 50], [60, 70]], index=["a", "b", "c"],
                          columns=["x", "y"])
    table = protect(counts, 10)
    assert table.flags.loc["a", TOTAL] == PRIMARY
    assert not _lines_with_one_hidden(table)


def _recoverable(table: disclosure.ProtectedTable) -> list:
    """Cells an attacker can compute exactly from the published cells by one subtraction."""
    found = []
    shown = ~table.hidden
    values = table.values
    rows, cols = list(values.index), list(values.columns)
    for c in cols:
        interior = [r for r in rows if r != TOTAL]
        hidden = [r for r in interior + [TOTAL] if not shown.loc[r, c]]
        if len(hidden) == 1:
            found.append((hidden[0], c))
    if TOTAL in cols:
        for r in rows:
            hidden = [c for c in cols if not shown.loc[r, c]]
            if len(hidden) == 1:
                found.append((r, hidden[0]))
    return found


@pytest.mark.parametrize("seed", range(25))
def test_random_tables_never_leak_by_subtraction(seed):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 6)), int(rng.integers(1, 5)))
    data = rng.choice([0, 1, 3, 7, 9, 12, 25, 80, 300], size=shape)
    counts = pd.DataFrame(data, index=[f"r{i}" for i in range(shape[0])],
                          columns=[f"c{j}" for j in range(shape[1])])
    if shape[1] == 1:
        counts.columns = ["count"]
    table = protect(counts, 10)
    assert not _recoverable(table)
    small = (table.values > 0) & (table.values < 10)
    assert (table.hidden | ~small).all().all()


def test_shares_hidden_with_their_counts_and_on_small_bases():
    counts = pd.DataFrame({"count": [500, 5, 300]}, index=["a", "b", "c"])
    shares = protect(counts, 10).shares()
    assert shares.loc["a", "count"] == "62.1"
    assert shares.loc["b", "count"] == "x"
    assert shares.loc["c", "count"] == "x"
    tiny = protect(pd.DataFrame({"count": [0, 0]}, index=["a", "b"]), 10).shares()
    assert (tiny["count"] == "x").all()


def test_threshold_comes_from_the_caller():
    counts = pd.DataFrame({"count": [12, 15, 300]}, index=["a", "b", "c"])
    assert protect(counts, 10).counts().loc["a", "count"] == "12"
    assert protect(counts, 20).counts().loc["a", "count"] == "<20"


def test_frequency_table_keeps_order_and_zero_categories():
    values = pd.Series(["V", "M", "M", None] * 10)
    table = disclosure.frequency_table(values, 10, order=["M", "V", "X"], name="sex")
    published = table.published()
    assert list(published["sex"]) == ["M", "V", "X", "unknown", TOTAL]
    assert list(published["count"]) == ["20", "10", "0", "10", "40"]
    assert list(published["share"]) == ["50.0", "25.0", "0.0", "25.0", "100.0"]


def test_published_cross_table_has_row_totals():
    counts = pd.DataFrame([[20, 30], [40, 50]], index=pd.Index(["a", "b"], name="g"),
                          columns=["x", "y"])
    published = protect(counts, 10).published(share=None)
    assert list(published.columns) == ["g", "x", "y", TOTAL]
    assert list(published[TOTAL]) == ["50", "90", "140"]


def test_rejects_negative_and_empty():
    with pytest.raises(ValueError):
        protect(pd.DataFrame({"count": [-1]}), 10)
    with pytest.raises(ValueError):
        protect(pd.DataFrame({"count": []}), 10)


def test_every_pair_of_small_cells_in_a_column_is_safe():
    for a, b in itertools.product([1, 5, 9], repeat=2):
        table = protect(pd.DataFrame({"count": [a, b, 100]}, index=["a", "b", "c"]), 10)
        assert not _recoverable(table)


def test_curves_stop_below_the_threshold():
    curve = pd.DataFrame({"time": [0, 1, 2, 3], "at_risk": [30, 12, 9, 4], "survival": [1] * 4})
    assert disclosure.cut_curve(curve, 10)["time"].tolist() == [0, 1]
    assert len(disclosure.cut_curve(curve, 2)) == 4


def test_protect_rows_hides_the_rest_of_a_row_that_adds_up():
    flows = pd.DataFrame({"new": [100, 5], "outflow": [40, 3], "remaining": [60, 62]},
                         index=[2018, 2019])
    shown = disclosure.protect_rows(flows, 10)
    assert shown.loc[2018].tolist() == ["100", "40", "60"]
    assert shown.loc[2019].tolist() == ["<10", "<10", "x"]


def test_protect_cells_without_totals():
    shown = disclosure.protect_cells(pd.DataFrame({"n": [0, 4, 25]}), 10)
    assert shown["n"].tolist() == ["0", "<10", "25"]


def test_protect_cells_with_a_summed_column_hides_the_first_of_the_smallest():
    counts = pd.DataFrame({"n": [40, 4, 25, 12, 12], "m": [3, 5, 30, 30, 30]},
                          index=["a", "b", "c", "d", "e"])
    shown = disclosure.protect_cells(counts, 10, summed=("n",), hidden={(2, "m")})
    # one hidden cell in the summed column: its smallest shown non-zero cell, the first of equals
    assert shown["n"].tolist() == ["40", "<10", "25", "x", "12"]
    # "m" is not summed: its own hidden cells only, the one asked for as "x"
    assert shown["m"].tolist() == ["<10", "<10", "x", "30", "30"]
    assert list(shown.index) == list(counts.index) and shown.dtypes.eq(object).all()


def test_the_states_of_a_table_are_those_of_its_cells_in_order():
    sex = pd.Series(["v", "m", "v", "v", "x", "m", *["v"] * 20, *["m"] * 15], name="sex")
    age = pd.Series(["jong", "oud"] * 20 + ["jong"], name="age")
    table = disclosure.cross_table(sex, age, 10)
    hidden = table.with_hidden({("m", "oud")})
    assert hidden.states().tolist() == [c["state"] for c in hidden.cells()]
    assert {"primary", "secondary", "shown"} <= set(hidden.states())


#: Published shares of a row's counts (a share and its interval), by table.
SHARES = {"outflow_whole_group": ("value", "lower", "upper"),
          "bm_routes": ("local", "lower", "upper"), "bm_cohorts": ("local", "lower", "upper")}


@pytest.mark.slow
def test_no_run_publishes_a_share_beside_a_hidden_count(small_identified_run, example_run):
    """A share times its base is its count: 30 people hide most counts, and every share of a
    hidden count is left out too (the example hides none of these, and keeps its shares)."""
    from evalkit import io

    left_out = 0
    for run_dir, small in ((small_identified_run[1], True), (example_run[1], False)):
        for name, columns in SHARES.items():
            if not (run_dir / "tables" / f"{name}.csv").is_file():
                continue
            table = io.read_table(run_dir / "tables", name)
            rows = table["unit"].eq("share") if "unit" in table else pd.Series(True, table.index)
            hidden = rows & ~(table["count"].str.isdigit() & table["people"].str.isdigit())
            hidden &= table["count"].ne("") & table["people"].ne("")
            assert (table.loc[hidden, list(columns)] == "").all().all(), (run_dir.name, name)
            left_out += int(hidden.sum())
            if not small:
                assert not hidden.any(), name
    assert left_out >= 3  # the test has something to look at
