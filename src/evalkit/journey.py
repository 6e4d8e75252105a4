"""The client's journey (klantreis): the steps evalkit times, as one line from housing to exit.

Each step is timed from the one before it, as in the outflow stage's waiting
times (``outflow.waiting_times``), with one more at the end: from the
follow-up trajectory to leaving benefits. A wait ends when the next step
starts; it is censored at the peildatum, or when the person left benefits
before the next step. The share *still waiting* counts the people whose
wait at that step is still running on the peildatum, among everyone who
reached the step: a count, not an estimate.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from evalkit import survival
from evalkit.schema import column_state

#: The journey's steps: (phase, the date it starts at, the date it ends at).
STEPS = (
    ("housing", "housing_date", "known_to_team_date"),
    ("known_to_team", "known_to_team_date", "intake_date"),
    ("intake", "intake_date", "pre_trajectory_start"),
    ("pre_trajectory", "pre_trajectory_start", "follow_trajectory_start"),
    ("follow_trajectory", "follow_trajectory_start", "outflow_date"),
)


def steps(clients: pd.DataFrame, day: date, threshold: int) -> tuple[pd.DataFrame, dict]:
    """Median days and the share still waiting at each step of the journey, with its people.

    Steps whose columns the file lacks are left out; a step of fewer than
    ``threshold`` people gets no median.

    Returns
    -------
    table, members : pandas.DataFrame, dict
        ``phase``, ``people`` (who reached the step), ``waiting`` (whose wait
        still runs), ``share_waiting``, ``median``, ``lower``, ``upper``
        (days); members keyed ``(phase, column)``.
    """
    rows, members = [], {}
    ref = pd.Timestamp(day)
    left = clients["outflow_date"].notna() & (clients["outflow_date"] <= ref)
    for phase, start, end in STEPS:
        if column_state(clients, start) or column_state(clients, end):
            continue
        censor = None if end == "outflow_date" else clients["outflow_date"]
        frame = survival.durations(clients[start], clients[end], day, censor_at=censor)
        if frame.empty:
            continue
        waiting = ~frame["observed"] & ~left.reindex(frame.index).to_numpy()
        row = {"phase": phase, "people": len(frame), "waiting": int(waiting.sum()),
               "share_waiting": float(waiting.mean()) if len(frame) >= threshold else np.nan,
               "median": np.nan, "lower": np.nan, "upper": np.nan}
        if len(frame) >= threshold:
            median = survival.median_time(survival.kaplan_meier(frame["duration"],
                                                                frame["observed"]), threshold)
            row.update({k: np.nan if v is None else float(v) for k, v in
                        (("median", median.median), ("lower", median.lower),
                         ("upper", median.upper))})
        rows.append(row)
        members[(phase, "people")] = frame.index
        members[(phase, "waiting")] = frame.index[waiting.to_numpy(dtype=bool)]
    return pd.DataFrame(rows, columns=["phase", "people", "waiting", "share_waiting", "median",
                                       "lower", "upper"]), members


def _number(text: object) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return float("nan")


def steps_view(written: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published journey table for readers: median days with interval, still waiting."""
    from evalkit import labels
    from evalkit.publish import format_estimate

    return labels.label_table(pd.DataFrame({
        "phase": written["phase"], "people": written["people"], "waiting": written["waiting"],
        "share_waiting": [format_estimate(_number(v), lang=lang, decimals=1, percent=True,
                                          missing_key="value.none")
                          for v in written["share_waiting"]],
        "median": [format_estimate(_number(m), _number(lo), _number(hi), lang=lang, decimals=0)
                   for m, lo, hi in zip(written["median"], written["lower"], written["upper"],
                                        strict=True)]}),
        lang, codes={"phase": "journey_phase"},
        headers={"phase": "col.journey_phase", "people": "col.reached", "waiting": "col.waiting",
                 "share_waiting": "col.share_waiting", "median": "col.median_days"})


def figure(written: pd.DataFrame, by_phase: pd.DataFrame | None, lang: str):
    """The journey figure (``figures.journey``) from the published table and the signals per phase."""
    from evalkit import figures, labels

    phases = list(written["phase"])
    signals = None
    if by_phase is not None:
        mine = by_phase.set_index("journey_phase").reindex(phases).fillna(0)
        signals = {v: list(mine[v]) for v in ("negative", "neutral", "positive")}
    return figures.journey(
        labels.code_labels("journey_phase", phases, lang),
        [_number(v) for v in written["median"]], [_number(v) for v in written["lower"]],
        [_number(v) for v in written["upper"]], [_number(v) for v in written["share_waiting"]],
        signals, lang=lang, median_label=labels.t("axis.median_days", lang),
        waiting_label=labels.t("fw.still_waiting", lang),
        signals_label=labels.t("axis.signals", lang),
        missing_label=labels.t("value.not_reached", lang),
        valence_labels={v: labels.t(f"valence.{v}", lang)
                        for v in ("negative", "neutral", "positive")})
