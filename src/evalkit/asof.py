"""The monitoring file as it would have been exported on an earlier day (as-of evaluation).

An interim evaluation at an earlier peildatum, taken from a later export, must
know only what the team knew that day. ``as_of`` builds that earlier export
from the later one (docs/methods.md, "Interim evaluations"):

- a person is in the file of day *d* when they were housed on or before *d*
  (``housing_date``; without one, when their first date of any kind is);
- every date after *d* is blanked: not yet known then;
- so is what such a date carries: the outflow reason, the mediator, sector
  and employer project of a job with the outflow date; the route with the
  intake date.

The rows keep their order and their index, so the people of an earlier
peildatum are a subset of the later file's, at the same positions.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from evalkit.schema import DATE_COLUMNS

#: Values that are known only from the date beside them: blanked with it.
CARRIED_BY = {
    "outflow_date": ("outflow_reason", "mediated_by", "sector", "employer_project"),
    "intake_date": ("route",),
}


def known_by(clients: pd.DataFrame, day: date) -> pd.Series:
    """True for the people who are in the file of ``day``: housed on or before it."""
    limit = pd.Timestamp(day)
    dates = [c for c in DATE_COLUMNS if c in clients]
    first = clients[dates].min(axis=1) if dates else pd.Series(pd.NaT, index=clients.index)
    housed = clients["housing_date"] if "housing_date" in clients else first
    return housed.fillna(first).le(limit).fillna(False).astype(bool)


def as_of(clients: pd.DataFrame, day: date) -> pd.DataFrame:
    """The clients as an export on ``day`` would have held them.

    Parameters
    ----------
    clients : pandas.DataFrame
        Processed clients (``io.parse_contract``) of a later export.
    day : date
        The earlier peildatum.

    Returns
    -------
    pandas.DataFrame
        The people housed by ``day``, in the same order and with the same
        index, with every later date and the values it carries blanked.
    """
    limit = pd.Timestamp(day)
    earlier = clients.loc[known_by(clients, day)].copy()
    for column in (c for c in DATE_COLUMNS if c in earlier):
        later = earlier[column].gt(limit).fillna(False).to_numpy(dtype=bool)
        if not later.any():
            continue
        earlier.loc[later, column] = pd.NaT
        for carried in CARRIED_BY.get(column, ()):
            if carried in earlier:
                earlier.loc[later, carried] = pd.NA
    return earlier


def series_as_of(series, day: date) -> dict | None:
    """A config's interim series as of an earlier peildatum: its peildata up to ``day``.

    Parameters
    ----------
    series : evalkit.config.Series or None
        The series of the config taken as of ``day``.
    day : date
        The earlier peildatum, the as-of config's ``reference_date``.

    Returns
    -------
    dict or None
        The ``series`` section for the as-of config: a list of peildata keeps
        those on or before ``day``; ``every`` months from ``start`` ends at the
        new reference date by itself. None when no peildatum is left (the
        series starts after ``day``): the section is then left out.
    """
    if series is None:
        return None
    section = series.model_dump(exclude_defaults=True)
    if series.peildata:
        kept = [d for d in series.peildata if d <= day]
        if not kept:
            return None
        section["peildata"] = kept
    elif series.start is not None and series.start > day:
        return None
    return section
