"""The disclosure audit of a run: can a hidden cell be worked out from all published tables together?

Suppression within one table (``evalkit.disclosure``) does not see the other
tables of the run, and tables share people: a total in one table and the
shown cells of another may give back a cell both hide. The audit looks at
every count cell of every table of the run at once, as an attacker with
all the published tables would (docs/methods.md, "Disclosure audit"):

* each published count cell is the number of people in a known set (the
  ``Publisher`` records which people, in ``data/processed/<run>/cells``);
* the people fall into *atoms*: groups of people counted in exactly the same
  cells. An attacker knows the shown cells exactly, that a cell shown as
  ``<10`` holds 1 to 9 people and that a hidden cell holds at least none;
* for each hidden cell, linear programming (scipy's HiGHS, in the manner of
  tau-ARGUS's and sdcTable's interval check) gives the smallest and largest
  count consistent with everything else published, leaving out what its own
  ``<10`` says. A hidden cell whose interval is narrower than the threshold
  is *exposed*: the tables together say more about it than the rule allows.

The LP is continuous (as those tools' audits are), so it errs on the side of
exposure: it may find an interval narrower than any whole-number attacker
could, never a wider one.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit import io
from evalkit.disclosure import PRIMARY, SECONDARY, SHOWN

#: Columns of the cell register and of the audit's answer.
CELL_COLUMNS = ["table", "row", "key", "column", "value", "state", "total"]
RESULT_COLUMNS = ["table", "row", "column", "state", "lower", "upper", "width", "exposed"]


def write_cells(cells: list[dict], folder: Path, name: str) -> Path | None:
    """Record the count cells of one published table and the people behind each."""
    if not cells:
        return None
    return io.write_parquet(cell_frame(cells, name), Path(folder) / f"{name}.parquet")


def cell_frame(cells: list[dict], name: str) -> pd.DataFrame:
    """The cells of one table as the register holds them."""
    return pd.DataFrame({"table": name, "row": [c["row"] for c in cells],
                         "key": [str(c.get("key", c["row"])) for c in cells],
                         "column": [c["column"] for c in cells],
                         "value": [c["value"] for c in cells],
                         "state": [c["state"] for c in cells],
                         "total": [bool(c.get("total", False)) for c in cells],
                         "members": _compact([c["members"] for c in cells])})


def _compact(members: list) -> list[np.ndarray]:
    """Each cell's people as an array of 32-bit numbers (64-bit where a number needs it).

    A run numbers people by their row in the file, so 32 bits hold them and the
    register (tens of millions of numbers at 300,000 people) takes half the
    memory; arrays, never lists of Python numbers, on their way to parquet.
    """
    arrays = [np.asarray(m, dtype="int64") for m in members]
    fits = all(not len(a) or (a.min() >= -2**31 and a.max() < 2**31) for a in arrays)
    return [a.astype("int32") for a in arrays] if fits else arrays


#: The register's tables already read, by path, with the file's identity when read: a stage
#: reads the whole register once per table it publishes, and only the newest file is new.
#: Only one folder's tables are kept.
_READ: dict[Path, tuple[tuple[int, int, int], pd.DataFrame]] = {}


def _read_table(path: Path) -> pd.DataFrame:
    identity = io.identity(path)
    known = _READ.get(path)
    if known is None or known[0] != identity:
        known = _READ[path] = (identity, io.read_parquet(path))
    return known[1]


def read_cells(folder: Path, *, remember: bool = True) -> pd.DataFrame:
    """Every recorded cell of a run, table by table in name order.

    With ``remember`` False nothing is kept for a next call (the run's final
    audit: the register is read once more and never again).
    """
    files = sorted(Path(folder).glob("*.parquet")) if Path(folder).is_dir() else []
    if not files:
        return pd.DataFrame(columns=[*CELL_COLUMNS, "members"])
    for gone in set(_READ).difference(files) if remember else list(_READ):
        del _READ[gone]  # another run's, a table removed for a restart, or all
    tables = [_read_table(f) if remember else io.read_parquet(f) for f in files]
    # a copy: pandas hands back a lone frame's own data, and callers mark states on theirs
    return pd.concat(tables, ignore_index=True).copy()


def _atoms(cells: pd.DataFrame):
    """The cells-by-atoms incidence matrix: which groups of identically counted people each cell holds.

    Built one cell at a time, so memory grows with the number of people and
    not with the sum of the cells' sizes (at 300,000 people the register
    holds tens of millions of memberships). The sums below add each cell's
    weight to its people in cell order, as the product of a people-by-cells
    matrix with the weights does, so the atoms are the same bit for bit.
    """
    from scipy import sparse

    # as the register holds them (32-bit as a rule): a 64-bit copy would double the memory
    members = [m if isinstance(m, np.ndarray) and m.dtype.kind in "iu"
               else np.asarray(m, dtype="int64") for m in cells["members"]]
    row_of, count = _people_rows(members)
    # Two random projections name each person's set of cells; equal sets, equal names.
    rng = np.random.default_rng(0)
    weights = [rng.random(len(cells)) for _ in range(2)]
    first, second = np.zeros(count), np.zeros(count)
    for cell, people in enumerate(members):
        rows = row_of(people)
        first[rows] += weights[0][cell]
        second[rows] += weights[1][cell]
    atom_of, atoms = _numbered_pairs(np.round(first, 9), np.round(second, 9))
    seen = np.zeros(atoms, dtype=bool)
    held = []
    for people in members:
        seen[atom_of[row_of(people)]] = True
        held.append(np.flatnonzero(seen))
        seen[held[-1]] = False
    indptr = np.concatenate([[0], np.cumsum([len(h) for h in held])])
    indices = np.concatenate(held or [np.empty(0, "int64")])
    return sparse.csr_matrix((np.ones(len(indices)), indices, indptr),
                             shape=(len(cells), atoms))


def _numbered_pairs(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, int]:
    """Number the distinct pairs (first, second) 0, 1, ... in sorted order; each pair's number.

    What ``np.unique(..., axis=0, return_inverse=True)`` gives for the pairs
    as rows, from one ``lexsort`` of two float arrays instead of a sort of the
    rows as records (at 300,000 people, 10 ms instead of 300 ms).
    """
    order = np.lexsort((second, first))
    a, b = first[order], second[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    numbers = np.empty(len(order), dtype=np.intp)
    numbers[order] = np.cumsum(starts) - 1
    return numbers, int(starts.sum())


def _people_rows(members: list[np.ndarray]) -> tuple[Callable[[np.ndarray], np.ndarray], int]:
    """How to turn people's numbers into rows 0..n-1 of everyone counted anywhere, and n.

    The rows follow the numbers' order. A run numbers people by their row in
    the file, and most runs count everyone somewhere: then the numbers are
    the rows. Otherwise a look-up table (numbers of a file's rows) or a
    sorted search; never one array of every cell's people joined.
    """
    largest = max((int(m.max()) for m in members if len(m)), default=-1)
    smallest = min((int(m.min()) for m in members if len(m)), default=0)
    if smallest >= 0 and largest < 50_000_000:
        counted = np.zeros(largest + 1, dtype=bool)
        for people in members:
            counted[people.astype(np.intp, copy=False)] = True
        if counted.all():
            # indices as numpy's own integers: a 32-bit index is converted at every use
            return (lambda people: people.astype(np.intp, copy=False)), len(counted)
        lookup = np.cumsum(counted) - 1
        return (lambda people: lookup[people.astype(np.intp, copy=False)]), int(counted.sum())
    ids = functools.reduce(np.union1d, members, np.empty(0, "int64"))
    return (lambda people: np.searchsorted(ids, people)), len(ids)


@contextlib.contextmanager
def _quiet():
    """Keep HiGHS's banner, which it prints from C on creation, out of the output."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


class Attack:
    """What an attacker holding every published table can derive about each hidden cell.

    One linear programme over the atoms, built once for a set of cells and
    solved again for each cell and direction with HiGHS (highspy), starting
    from the previous solution: only the objective and a few row bounds change.

    Cells that count the same atoms (the total of every table counts everyone)
    are one row of the LP, bounded by what all of them say together; the
    feasible set is the same, and the LP has a fraction of the non-zeros
    (on the example, 207 rows and 34,000 non-zeros instead of 333 and 87,000),
    which HiGHS pays for on every solve.
    """

    def __init__(self, cells: pd.DataFrame, threshold: int):
        import highspy

        self.cells = cells.reset_index(drop=True)
        self.threshold = threshold
        self.matrix = _atoms(self.cells)
        self.values = self.cells["value"].to_numpy(dtype=float)
        self.states = self.cells["state"].to_numpy().astype(object)
        self._rows = self.matrix.tocsr()
        self._group, self._members, first = _same_rows(self._rows)
        with _quiet():
            self._highs = highspy.Highs()
        for option, value in (("output_flag", False), ("presolve", "off"),
                              ("simplex_strategy", 4), ("random_seed", 0)):
            self._highs.setOptionValue(option, value)
        self._inf = highspy.kHighsInf
        columns = self._rows[first].tocsc()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = columns.shape[1], columns.shape[0]
        lp.col_cost_ = np.zeros(lp.num_col_)
        lp.col_lower_ = np.zeros(lp.num_col_)
        lp.col_upper_ = np.full(lp.num_col_, self._inf)
        self._model_states = self.states.copy()
        self._lower, self._upper = self._bounds(self._model_states)
        self._row_lower, self._row_upper = self._row_bounds(self._lower, self._upper)
        lp.row_lower_, lp.row_upper_ = self._row_lower, self._row_upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = columns.indptr
        lp.a_matrix_.index_ = columns.indices
        lp.a_matrix_.value_ = columns.data
        self._highs.passModel(lp)
        self._all = np.arange(lp.num_col_, dtype=np.int32)

    def _bounds(self, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # shown: exactly its value; "<10": 1 to threshold - 1; hidden otherwise: at least none
        shown, primary = states == SHOWN, states == PRIMARY
        lower = np.where(shown, self.values, np.where(primary, 1.0, 0.0))
        upper = np.where(shown, self.values,
                         np.where(primary, self.threshold - 1.0, self._inf))
        return lower, upper

    def _row_bounds(self, lower: np.ndarray, upper: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
        """The bounds of each LP row: the tightest of its cells' (they count the same people)."""
        rows = len(self._members)
        row_lower, row_upper = np.zeros(rows), np.full(rows, self._inf)
        np.maximum.at(row_lower, self._group, lower)
        np.minimum.at(row_upper, self._group, upper)
        return row_lower, row_upper

    def _use(self, states: np.ndarray) -> None:
        changed = np.flatnonzero(states != self._model_states)
        if len(changed):
            self._lower, self._upper = self._bounds(states)
            lower, upper = self._row_bounds(self._lower, self._upper)
            for row in np.unique(self._group[changed]):
                if lower[row] != self._row_lower[row] or upper[row] != self._row_upper[row]:
                    self._highs.changeRowBounds(int(row), float(lower[row]), float(upper[row]))
            self._row_lower, self._row_upper = lower, upper
            self._model_states = states.copy()

    def interval(self, cell: int, states: np.ndarray | None = None) -> tuple[float, float]:
        """Smallest and largest value of ``cell`` consistent with every other published cell.

        ``states`` overrides the cells' states (to try hiding one more cell).
        The cell's own ``<10`` is left out: the question is what the others say.
        """
        low, high = self._optima(cell, states, (1.0, -1.0))
        return low, high

    def _optima(self, cell: int, states: np.ndarray | None, senses: tuple[float, ...]
                ) -> list[float]:
        """The smallest (sense 1) or largest (sense -1) value of ``cell``, for each sense."""
        import highspy

        self._use(self.states if states is None else np.asarray(states, dtype=object))
        # the cell's own row says only what the other cells of the same people say
        row = int(self._group[cell])
        others = self._members[row][self._members[row] != cell]
        self._highs.changeRowBounds(row, float(self._lower[others].max(initial=0.0)),
                                    float(self._upper[others].min(initial=self._inf)))
        weights = self._weights(cell)
        found = []
        try:
            for sense in senses:
                self._highs.changeColsCost(len(self._all), self._all, sense * weights)
                self._highs.run()
                status = self._highs.getModelStatus()
                if status == highspy.HighsModelStatus.kUnbounded:
                    found.append(np.inf)
                elif status != highspy.HighsModelStatus.kOptimal:
                    raise RuntimeError(f"disclosure audit: the LP for "
                                       f"{self.cells['table'].iloc[cell]} ended "
                                       f"{self._highs.modelStatusToString(status)}")
                else:
                    found.append(sense * self._highs.getInfo().objective_function_value)
        finally:
            self._highs.changeRowBounds(row, float(self._row_lower[row]),
                                        float(self._row_upper[row]))
        return found

    def _weights(self, cell: int) -> np.ndarray:
        # read from the CSR arrays: scipy's row indexing costs more than the LP it feeds
        rows = self._rows
        weights = np.zeros(rows.shape[1])
        span = slice(rows.indptr[cell], rows.indptr[cell + 1])
        weights[rows.indices[span]] = rows.data[span]
        return weights

    def is_exposed(self, cell: int, states: np.ndarray | None = None) -> bool:
        """Whether the interval of ``cell`` is narrower than the threshold.

        The cell's true value lies in its interval, so when the largest
        consistent value is at least a threshold above it the interval is wide
        enough without solving for the smallest: one LP instead of two for a
        protected cell, the same answer (a margin keeps a rounding of HiGHS
        from ever deciding it).
        """
        high = self._optima(cell, states, (-1.0,))[0]
        if high - self.values[cell] >= self.threshold + 1e-3:
            return False
        low = self._optima(cell, states, (1.0,))[0]
        return high - low < self.threshold - 1e-6

    def sensitive(self, states: np.ndarray | None = None) -> np.ndarray:
        """The hidden cells that hold a small count (1 to threshold - 1), however they are shown."""
        states = self.states if states is None else states
        return np.flatnonzero((states != SHOWN) & (self.values > 0)
                              & (self.values < self.threshold))

    def exposed(self, states: np.ndarray | None = None) -> list[int]:
        """The small hidden cells whose interval is narrower than the threshold."""
        return [int(c) for c in self.sensitive(states) if self.is_exposed(int(c), states)]

    def first_exposed(self, states: np.ndarray | None = None,
                      safe: set[int] | None = None) -> int | None:
        """The first of ``exposed``, without looking at the cells after it.

        Cells in ``safe`` are known not to be exposed (under these states or
        stricter ones) and are passed over; every cell found not exposed is
        added to it.
        """
        for cell in self.sensitive(states):
            cell = int(cell)
            if safe is not None and cell in safe:
                continue
            if self.is_exposed(cell, states):
                return cell
            if safe is not None:
                safe.add(cell)
        return None

    def widens(self, cell: int, trial: np.ndarray, states: np.ndarray,
               interval: tuple[float, float]) -> bool:
        """Whether ``trial`` widens ``cell``'s ``interval`` (its interval under ``states``).

        When ``trial`` only shows less than ``states`` (``relaxes``) the
        smallest value can only fall, so a largest value clearly above the old
        one answers with one LP instead of two.
        """
        low, high = interval
        if relaxes(states, trial, self.values, self.threshold):
            new_high = self._optima(cell, trial, (-1.0,))[0]
            if new_high > high + 1e-3:
                return True
            new_low = self._optima(cell, trial, (1.0,))[0]
            return new_high - new_low > high - low + 1e-6
        return self.width(cell, trial) > high - low + 1e-6

    def width(self, cell: int, states: np.ndarray | None = None) -> float:
        low, high = self.interval(cell, states)
        return high - low


def _same_rows(rows) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Group the rows of a CSR 0/1 matrix that hold the same columns.

    Returns each row's group (numbered in order of first appearance), the rows
    of each group, and each group's first row.
    """
    import hashlib

    def columns(row: int) -> np.ndarray:
        return rows.indices[rows.indptr[row]:rows.indptr[row + 1]]

    # keyed by a digest, not the columns themselves: at 300,000 people a row holds
    # tens of thousands of atoms; a match is compared in full all the same
    seen: dict[bytes, list[int]] = {}
    group = np.empty(rows.shape[0], dtype=np.intp)
    firsts: list[int] = []
    for row in range(rows.shape[0]):
        mine = columns(row)
        candidates = seen.setdefault(hashlib.blake2b(mine, digest_size=16).digest(), [])
        match = next((g for g in candidates if np.array_equal(columns(firsts[g]), mine)), None)
        if match is None:
            match = len(firsts)
            firsts.append(row)
            candidates.append(match)
        group[row] = match
    order = np.argsort(group, kind="stable")
    members = np.split(order, np.flatnonzero(np.diff(group[order])) + 1) if len(group) else []
    return group, members, np.array(firsts, dtype=np.intp)


def relaxes(before: np.ndarray, after: np.ndarray, values: np.ndarray, threshold: int) -> bool:
    """Whether the states ``after`` tell an attacker nothing that ``before`` did not.

    True when every cell is shown as it was or less: a shown cell becomes
    ``<10`` (when it is small) or hidden, a ``<10`` cell becomes hidden. Every
    interval is then at least as wide under ``after``: an LP's feasible set
    only grows.
    """
    rank = {SHOWN: 0, PRIMARY: 1, SECONDARY: 2}
    old = np.fromiter((rank[s] for s in before), dtype=int, count=len(before))
    new = np.fromiter((rank[s] for s in after), dtype=int, count=len(after))
    small = (values >= 1) & (values < threshold)
    allowed = (new == old) | ((new > old) & ((old != 0) | (new != 1) | small))
    return bool(allowed.all())


def intervals(cells: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The interval an attacker can derive for every hidden cell, from every published cell.

    Parameters
    ----------
    cells : pandas.DataFrame
        The register (``read_cells``): one row per count cell with ``state``
        (``shown``, ``primary``, ``secondary``), ``value`` and ``members``.
    threshold : int
        The disclosure threshold.

    Returns
    -------
    pandas.DataFrame
        One row per hidden cell: ``table``, ``row``, ``column``, ``state``,
        ``lower``, ``upper`` (inf when unbounded), ``width`` and ``exposed``:
        a hidden cell that holds a small count (shown as ``<10``, or as ``x``
        where the audit asked for it) whose interval is narrower than the
        threshold. A secondary cell of at least the threshold is hidden to
        protect a small one; its own interval is reported, not judged.
    """
    hidden = np.flatnonzero((cells["state"] != SHOWN).to_numpy())
    if len(hidden) == 0:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    attack = Attack(cells, threshold)
    rows = []
    for cell in hidden:
        low, high = attack.interval(int(cell))
        state = cells["state"].iloc[cell]
        rows.append({"table": cells["table"].iloc[cell], "row": int(cells["row"].iloc[cell]),
                     "column": cells["column"].iloc[cell], "state": state,
                     "lower": round(low, 6), "upper": round(high, 6) if np.isfinite(high) else high,
                     "width": round(high - low, 6) if np.isfinite(high) else np.inf,
                     "exposed": bool(0 < cells["value"].iloc[cell] < threshold
                                     and high - low < threshold - 1e-6)})
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


class EarlierCell(Exception):
    """The cell of an earlier table that must be hidden too (``to_hide``); ``cell`` is its row."""

    def __init__(self, cell: pd.Series):
        super().__init__(f"{cell['table']} row {cell['row'] + 1} column {cell['column']}")
        self.cell = cell


FORCED = "forced.json"


def forced_cells(folder: Path, table: str) -> list[tuple[int, str]]:
    """The cells of ``table`` an earlier attempt of the run asked to hide, as ``(row, column)``."""
    return [(c["row"], c["column"]) for c in _forced(folder) if c["table"] == table]


def published_so_far(folder: Path) -> pd.DataFrame:
    """The register as an attacker would see the run in its next attempt: recorded cells, with
    every cell an attempt asked to hide shown as hidden."""
    cells = read_cells(folder)
    if cells.empty:
        return cells
    hidden = {(c["table"], c["row"], c["column"]) for c in _forced(folder)}
    mark = [(t, r, c) in hidden and s != SECONDARY
            for t, r, c, s in zip(cells["table"], cells["row"], cells["column"], cells["state"],
                                  strict=True)]
    cells.loc[mark, "state"] = SECONDARY
    return cells


PASS = "pass.json"


def begin_pass(folder: Path) -> None:
    """Note that a pass of the run's stages starts, with the cells asked to be hidden so far."""
    io.write_json({"forced_at_start": forced_count(folder)}, Path(folder) / PASS)


def end_passes(folder: Path) -> None:
    """Note that the run's stages have settled (or stopped): no pass is under way."""
    (Path(folder) / PASS).unlink(missing_ok=True)


def pass_repeats(folder: Path) -> bool:
    """Whether the pass of the stages under way asked an earlier table to hide a cell.

    Such a pass is run again from that table's stage (``pipeline.run_stages``)
    and everything it makes from here on is thrown away; its figures need not
    be drawn. False outside a run's passes (a notebook run on its own).
    """
    path = Path(folder) / PASS
    return path.is_file() and forced_count(folder) > io.read_json(path)["forced_at_start"]


def _forced(folder: Path) -> list[dict]:
    path = Path(folder) / FORCED
    return io.read_json(path) if path.is_file() else []


def forced_count(folder: Path) -> int:
    """How many cells the attempts of this run asked to hide so far."""
    return len(_forced(folder))


def read_forced(folder: Path) -> list[dict]:
    """Every cell the attempts of this run asked to hide, in the order they asked."""
    return _forced(folder)


def force(folder: Path, cell: pd.Series) -> None:
    """Record that a cell of an earlier table must be hidden in the next attempt of the run."""
    path = Path(folder) / FORCED
    known = io.read_json(path) if path.is_file() else []
    known.append({"table": cell["table"], "row": int(cell["row"]), "column": cell["column"]})
    io.write_json(known, path)


def _recall(memory: dict | None, both: pd.DataFrame, states: np.ndarray,
            threshold: int) -> tuple[Attack, set[int]]:
    """The model for ``both`` and the cells known safe, from ``memory`` when it still holds.

    The same register with only states changed (the same tables, rows,
    columns and values: within one table's settling, the same people too)
    keeps its model, as the atoms depend on the people, not on how cells are
    shown; when every change only shows less, a cell found safe before is
    safe still.
    """
    layout = [both[c].to_numpy() for c in ("table", "row", "column", "value")]
    same = (memory is not None and "layout" in memory
            and len(memory["layout"][0]) == len(layout[0])
            and all((a == b).all() for a, b in zip(memory["layout"], layout, strict=True)))
    if not same:
        attack, safe = Attack(both, threshold), set()
    else:
        attack = memory["attack"]
        safe = (memory["safe"] if relaxes(memory["states"], states, attack.values, threshold)
                else set())
    if memory is not None:
        memory.update(layout=layout, attack=attack, safe=safe, states=states.copy())
    return attack, safe


def to_hide(earlier: pd.DataFrame, new: pd.DataFrame, threshold: int,
            states_if_hidden=None, memory: dict | None = None) -> int | None:
    """Which cell of a table about to be published must be hidden too, if any.

    Every primary cell published so far (and the new table's own) must keep
    an interval at least as wide as the threshold once the new table is out.
    When one would not, the cheapest shown cell of the new table that widens
    its interval is returned (a small cell of its own shown as ``x`` rather
    than ``<10`` first, then interior before totals, smallest first), by its
    position in ``new``; when no single cell widens it (two constraints bind
    at once), the cheapest that counts some of the same people. None when
    nothing is exposed.

    ``states_if_hidden(*positions)`` gives the states of the new table's
    cells once those cells are hidden too, with the table's own rules applied
    (a flow table hides the whole row); by default only those cells change.
    A count the new table shows twice (the same people in two of its cells)
    is hidden in both, one call after the other, when only that helps.

    ``memory`` is a dict the caller keeps across the calls for one table
    (``Publisher``): a call whose register differs from the last one's only by
    cells shown less does not look again at the cells the last found safe,
    and every call uses the same model. The answer is the same without it.

    Raises
    ------
    EarlierCell
        When no cell of the new table helps, but hiding a cell of an earlier
        table does: the run must hide it there and go again.
    DisclosureError
        When no cell helps at all.
    """
    from evalkit.errors import DisclosureError

    if new.empty:
        return None
    both = pd.concat([earlier, new], ignore_index=True)
    states = both["state"].to_numpy()
    attack, safe = _recall(memory, both, states, threshold)
    target = attack.first_exposed(states, safe)
    if target is None:
        return None
    interval = attack.interval(target, states)
    start = len(earlier)
    if states_if_hidden is not None:
        # both loops below ask for the same candidates; the table is rebuilt for each
        states_if_hidden = functools.cache(states_if_hidden)
    # A small cell of the new table shown as "<10" can be shown as "x" instead: the cheapest
    # change, it only stops saying the count is small. Then shown cells, interior first.
    candidates = [start + i for i in range(len(new))
                  if new["state"].iloc[i] in (SHOWN, PRIMARY) and new["value"].iloc[i] > 0]
    candidates.sort(key=lambda c: (int(both["state"].iloc[c] == SHOWN),
                                   int(both["total"].iloc[c]), both["value"].iloc[c], c))

    def hidden_too(*cells: int) -> np.ndarray:
        trial = states.copy()
        if states_if_hidden is None:
            trial[list(cells)] = SECONDARY
        else:
            trial[start:] = states_if_hidden(*(c - start for c in cells))
        return trial

    for candidate in candidates:
        if attack.widens(target, hidden_too(candidate), states, interval):
            return candidate - start
    # One count published twice in the new table (the same people in two rows, as the exits
    # beside a median in days and one in months): while one shows it, hiding the other cannot
    # help. Hide the first of such twins when hiding all of them helps; the next call finds
    # that the others now help alone.
    twins: dict[frozenset, list[int]] = {}
    for candidate in candidates:
        twins.setdefault(frozenset(both["members"].iloc[candidate]), []).append(candidate)
    for group in twins.values():
        if len(group) > 1 and attack.widens(target, hidden_too(*group), states, interval):
            return group[0] - start
    # No one cell widens it: two or more constraints bind at once. Hide the cheapest cell that
    # counts some of the same people, and look again with that one hidden.
    people = set(both["members"].iloc[target])
    for candidate in (c for c in candidates if c != target):
        changes = (states_if_hidden is None
                   or (states_if_hidden(candidate - start) != states[start:]).any())
        if changes and people.intersection(both["members"].iloc[candidate]):
            return candidate - start
    # The tables published before give it back: one of theirs must hide a cell too, one that
    # widens it or, failing that, the cheapest that counts some of the same people.
    earlier_candidates = sorted(
        (c for c in range(start) if states[c] in (SHOWN, PRIMARY) and both["value"].iloc[c] > 0),
        key=lambda c: (int(states[c] == SHOWN), int(both["total"].iloc[c]),
                       both["value"].iloc[c], c))
    for candidate in earlier_candidates:
        trial = states.copy()
        trial[candidate] = SECONDARY
        if attack.widens(target, trial, states, interval):
            raise EarlierCell(both.iloc[candidate])
    for candidate in earlier_candidates:
        if people.intersection(both["members"].iloc[candidate]):
            raise EarlierCell(both.iloc[candidate])
    raise DisclosureError(
        f"disclosure audit: {both['table'].iloc[target]} row {both['row'].iloc[target] + 1} "
        f"column {both['column'].iloc[target]} can be worked out from the tables published "
        f"before {new['table'].iloc[0]}, to within less than {threshold}")


def summary(cells: pd.DataFrame, found: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Per table: count cells audited, cells hidden, small cells among them, the narrowest
    interval of a small hidden cell, and how many are exposed.

    Holds no value of a hidden cell, only interval widths, so it can be published.
    """
    counted = cells.groupby("table").agg(cells=("value", "size"))
    small = found[found["state"].notna()].copy()
    small["small"] = [0 < v < threshold for v in
                      cells.set_index(["table", "row", "column"]).loc[
                          list(zip(small["table"], small["row"], small["column"], strict=True)),
                          "value"]] if len(small) else []
    rows = []
    for table in counted.index:
        mine = small[small["table"] == table]
        sensitive = mine[mine["small"]] if len(mine) else mine
        rows.append({"table": table, "cells": int(counted.loc[table, "cells"]),
                     "hidden": len(mine), "small": len(sensitive),
                     "narrowest": float(sensitive["width"].min()) if len(sensitive) else np.nan,
                     "exposed": int(sensitive["exposed"].sum()) if len(sensitive) else 0})
    return pd.DataFrame(rows, columns=["table", "cells", "hidden", "small", "narrowest",
                                       "exposed"])
