"""Exercises (oefeningen) for students: the questions, their answers computed by evalkit, feedback.

Each exercise notebook in ``notebooks/exercises/`` asks a few questions about
the example. Its answers are never written down: they are computed here, from
the same run the notebook opened and with the same functions the stages use,
so an exercise cannot drift from the code (``tests/test_exercises.py`` checks
them against the stages' published tables and, for Tabel 3, against KplusV).
The notebook shows whether each answer holds, never the answer itself;
``solutions`` gives the answers to a lecturer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from evalkit.errors import ConfigError


@dataclass(frozen=True)
class Question:
    """One question of an exercise.

    Attributes
    ----------
    key : str
        The name of the answer in the notebook's ``answers``.
    text : str
        The question.
    unit : str
        What the answer is written in.
    tolerance : float
        How far an answer may lie from the computed one and still hold
        (reading from a figure needs more room than a count).
    hint : str
        Shown when the answer does not hold yet.
    solve : callable
        Computes the answer from the stage (``evalkit.stage.Stage``) the
        notebook opened.
    """

    key: str
    text: str
    unit: str
    tolerance: float
    hint: str
    solve: Callable


# ------------------------------------------------------------------- the computed answers

def _status_share(code: str) -> Callable:
    return lambda st: float((st.status == code).mean() * 100)


def _months(days: float) -> float:
    from evalkit.survival import DAYS_PER_MONTH

    return days / DAYS_PER_MONTH


def _incidence_at(column: str, months: float) -> Callable:
    def solve(st) -> float:
        from evalkit.survival import DAYS_PER_MONTH, aalen_johansen, value_at

        curve = aalen_johansen(st.events["duration"], st.events["event"])
        return float(value_at(curve, column, [months * DAYS_PER_MONTH])[0] * 100)
    return solve


def _left_by(months: float) -> Callable:
    survived = _incidence_at("survival", months)
    return lambda st: 100 - survived(st)


def _median_months(st) -> float:
    from evalkit.survival import kaplan_meier, median_time

    fitter = kaplan_meier(st.events["duration"], st.events["event"] != 0)
    return _months(median_time(fitter, st.threshold).median)


def business_case(st):
    """The municipal business case of the run, as the cost-benefit stage builds it.

    Returns
    -------
    costbenefit.Case

    Raises
    ------
    ConfigError
        When the run's config has no cost-benefit block.
    """
    from evalkit import costinputs

    settings = st.config.cost_benefit
    if settings is None:
        raise ConfigError(f"{st.project.relative(st.run.config_copy)}: this exercise needs a "
                          "config with a cost_benefit block, as configs/example.yml has")
    outflow = costinputs.work_outflow(settings, st.clients, st.threshold, st.lang)
    return costinputs.analysis(settings, st.clients, st.status, st.national_reference,
                               st.reference_date, outflow, st.lang).case


def _npv_at_deadweight(deadweight: float | None) -> Callable:
    def solve(st) -> float:
        from evalkit.costbenefit import npv

        case = business_case(st)
        return float(npv(case if deadweight is None else replace(case, deadweight=deadweight)))
    return solve


def _break_even_deadweight(st) -> float:
    """The deadweight at which the NPV is zero, found numerically (the NPV falls with it)."""
    from scipy.optimize import brentq

    from evalkit.costbenefit import npv

    case = business_case(st)
    return float(brentq(lambda d: npv(replace(case, deadweight=d)), 0.0, 1.0, xtol=1e-12))


EXERCISES: dict[str, tuple[Question, ...]] = {
    "01_reproduce_tabel_3": (
        Question("left_work", "Share of the whole file that left benefits for work (full- or "
                 "part-time) by the peildatum", "% (one decimal)", 0.05,
                 "count the people with an outflow_date on or before the peildatum whose "
                 "outflow_reason is fulltime_work or parttime_work, over everyone in the file",
                 _status_share("left_work")),
        Question("left_education", "Share that left for education", "% (one decimal)", 0.05,
                 "outflow_reason education, outflow_date on or before the peildatum",
                 _status_share("left_education")),
        Question("left_other", "Share that left for another reason", "% (one decimal)", 0.05,
                 "every other outflow_reason of those who left by the peildatum",
                 _status_share("left_other")),
        Question("in_support", "Share still on benefits and in support (in begeleiding)",
                 "% (one decimal)", 0.05,
                 "not left, and an intake_date on or before the peildatum",
                 _status_share("in_support")),
        Question("known_not_picked_up", "Share known to the team but not yet picked up",
                 "% (one decimal)", 0.05,
                 "not left, no intake yet, but a known_to_team_date on or before the peildatum",
                 _status_share("known_not_picked_up")),
        Question("not_known", "Share not known to the team", "% (one decimal)", 0.05,
                 "everyone else: the six shares add up to 100%", _status_share("not_known")),
    ),
    "02_read_the_incidence_curve": (
        Question("work_24", "Read from the figure: the share that left benefits for work within "
                 "24 months", "%", 3.0,
                 "at 24 months on the horizontal axis, read the top of the lowest band (work)",
                 _incidence_at("cif_1", 24)),
        Question("education_24", "The share that left for education within 24 months", "%", 2.0,
                 "the thickness of the second band at 24 months, not its top",
                 _incidence_at("cif_2", 24)),
        Question("left_36", "The share that left benefits for any reason within 36 months",
                 "%", 3.0, "the bottom of the top band (still on benefits) at 36 months",
                 _left_by(36)),
        Question("median_months", "After how many months had half the group left benefits "
                 "(the median time to outflow)?", "months", 2.0,
                 "where the bottom of the top band crosses 50%", _median_months),
    ),
    "03_break_even_deadweight": (
        Question("npv", "The NPV of the municipal business case with the config's assumptions",
                 "euro", 1000.0, "costbenefit.npv(case)", _npv_at_deadweight(None)),
        Question("npv_no_deadweight", "The NPV if nobody would have left benefits without the "
                 "programme (deadweight 0)", "euro", 1000.0,
                 "costbenefit.npv(replace(case, deadweight=0.0))", _npv_at_deadweight(0.0)),
        Question("break_even_deadweight", "The deadweight at which the NPV is zero: how much of "
                 "the outflow may have happened anyway before the programme stops paying for "
                 "itself?", "share between 0 and 1 (two decimals)", 0.01,
                 "try values between 0 and 1: the NPV falls as the deadweight rises; halve the "
                 "interval where it changes sign", _break_even_deadweight),
    ),
}


def questions(name: str) -> tuple[Question, ...]:
    """The questions of one exercise.

    Raises
    ------
    ConfigError
        For a name that is not an exercise.
    """
    if name not in EXERCISES:
        raise ConfigError(f"{name}: not an exercise; expected one of {', '.join(EXERCISES)}")
    return EXERCISES[name]


def solutions(name: str, st) -> dict[str, float]:
    """The answers of an exercise for the run ``st`` opened (for lecturers and the tests)."""
    return {question.key: question.solve(st) for question in questions(name)}


def feedback(name: str, answers: dict, st) -> pd.DataFrame:
    """Whether each answer holds, with a hint where it does not; never the answer itself.

    Parameters
    ----------
    name : str
        The exercise (a key of ``EXERCISES``, the notebook's name).
    answers : dict
        The student's answers by question key; None (or a missing key) is not answered yet.
    st : evalkit.stage.Stage
        The run the notebook opened.

    Returns
    -------
    pandas.DataFrame
        ``question``, ``unit``, ``your_answer`` and ``result`` ("correct",
        "not yet: <hint>" or "not answered yet").

    Raises
    ------
    ConfigError
        For an answer to a question the exercise does not ask.
    """
    asked = questions(name)
    unknown = sorted(set(answers) - {question.key for question in asked})
    if unknown:
        raise ConfigError(f"answers: {', '.join(unknown)}: not a question of {name}; expected "
                          f"{', '.join(question.key for question in asked)}")
    rows = []
    for question in asked:
        given = answers.get(question.key)
        if given is None:
            result = "not answered yet"
        elif abs(float(given) - question.solve(st)) <= question.tolerance + 1e-9:
            result = "correct"
        else:
            result = f"not yet: {question.hint}"
        rows.append((question.text, question.unit, given, result))
    return pd.DataFrame(rows, columns=["question", "unit", "your_answer", "result"])


def all_correct(table: pd.DataFrame) -> bool:
    """True when every answer of a feedback table holds."""
    return bool((table["result"] == "correct").all())
