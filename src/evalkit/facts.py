"""The facts about each person at the peildatum, computed once per run.

Every stage needs the same few derived facts: a person's status at the
reference date (cohort), the cohort year, and the time from the start of the
clock to leaving benefits with the kind of exit or censoring (outflow,
cost-benefit, national comparison). ``person_facts`` derives them once, in
the run's own process, and ``prepare`` writes them beside the processed
clients; the stages read them instead of deriving them again.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from evalkit import cohort, survival

#: The columns of the facts table, one row per person (the processed clients' row order).
COLUMNS = ("status", "housing_year", "duration", "event", "censored")


def person_facts(clients: pd.DataFrame, reference_date: date,
                 origin: str = "benefit_start_date") -> pd.DataFrame:
    """Status, cohort year and time to outflow of every person at the reference date.

    Parameters
    ----------
    clients : pandas.DataFrame
        Processed clients.
    reference_date : date
        The peildatum.
    origin : str
        Where the clock of time to outflow starts (config ``outflow_origin``).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``clients``: ``status`` (``cohort.STATUS_ORDER``),
        ``housing_year`` (text), ``duration`` (days from ``origin`` to leaving
        benefits or to the reference date; empty for people without an origin
        date by then), ``event`` (0 censored, 1 work, 2 education, 3 other;
        ``survival.outflow_events``) and ``censored``.
    """
    events = survival.outflow_events(clients, reference_date, origin=origin)
    event = events["event"].reindex(clients.index).astype("Int64")
    return pd.DataFrame({
        "status": cohort.status_at(clients, reference_date).astype("string"),
        "housing_year": cohort.housing_year(clients),
        "duration": events["duration"].reindex(clients.index).astype("float64"),
        "event": event,
        "censored": (event == survival.CENSORED).astype("boolean"),
    }, index=clients.index)


def events(facts: pd.DataFrame) -> pd.DataFrame:
    """The survival data of the people who have one: ``duration`` (days) and ``event`` (int)."""
    known = facts["duration"].notna()
    return pd.DataFrame({"duration": facts.loc[known, "duration"],
                         "event": facts.loc[known, "event"].astype(int)})
