"""Worked examples for students: the central estimators by hand, beside the call that computes them.

Each function works a method out on a handful of invented people (never rows of
the monitoring file), as plain arithmetic on a small table a student can follow
with pen and paper, and puts the library's answer in the next column, so the
two can be seen to agree. The stage notebooks show these tables (cells tagged
``worked-example``, kept out of the municipal report) just before the call that
computes the same thing for the whole cohort. ``docs/methods.md`` gives the
formulas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Ten invented people: months from the start of benefits until they left or the
#: peildatum came, and how it ended (0 still on benefits at the peildatum, i.e.
#: censored; 1 work; 2 education; 3 another exit).
INVENTED_MONTHS = (2, 3, 3, 4, 5, 6, 8, 8, 9, 12)
INVENTED_ENDED = (1, 1, 0, 2, 1, 0, 1, 3, 0, 1)

#: The share of the Wilson example: 7 of 20 invented people found work.
INVENTED_COUNT, INVENTED_PEOPLE = 7, 20


def life_table(months=INVENTED_MONTHS, ended=INVENTED_ENDED) -> pd.DataFrame:
    """The people counted per month: at risk at its start, exits by kind, censored.

    Parameters
    ----------
    months : sequence of int
        Months until the exit or the peildatum, one per person.
    ended : sequence of int
        0 censored, 1 work, 2 education, 3 another exit.

    Returns
    -------
    pandas.DataFrame
        One row per month in which anyone left or was censored: ``month``,
        ``at_risk`` (still on benefits just before it), ``exits`` (of any
        kind), ``work``, ``education``, ``other`` and ``censored``.
    """
    people = pd.DataFrame({"month": months, "ended": ended})
    counts = pd.crosstab(people["month"], people["ended"]).reindex(columns=[0, 1, 2, 3],
                                                                   fill_value=0)
    table = pd.DataFrame({"month": counts.index.to_numpy(),
                          "exits": counts[[1, 2, 3]].sum(axis=1).to_numpy(),
                          "work": counts[1].to_numpy(), "education": counts[2].to_numpy(),
                          "other": counts[3].to_numpy(), "censored": counts[0].to_numpy()})
    gone_before = (table["exits"] + table["censored"]).cumsum().shift(fill_value=0)
    table.insert(1, "at_risk", len(people) - gone_before)
    return table


def kaplan_meier_by_hand(months=INVENTED_MONTHS, ended=INVENTED_ENDED) -> pd.DataFrame:
    """Kaplan-Meier by hand: S(t) = product over months up to t of (1 - exits / at risk).

    Someone censored counts in the group at risk up to their month and then
    leaves it without an exit: that is all censoring does.

    Returns
    -------
    pandas.DataFrame
        The life table with ``one_minus_d_over_n`` (1 - d/n), ``survival_by_hand`` (the running
        product), ``survival_lifelines`` (lifelines' ``KaplanMeierFitter`` at
        the same months, as ``survival.kaplan_meier`` fits it for the cohort)
        and ``difference`` between the two.
    """
    from evalkit.survival import kaplan_meier

    table = life_table(months, ended)
    table["one_minus_d_over_n"] = 1 - table["exits"] / table["at_risk"]
    table["survival_by_hand"] = table["one_minus_d_over_n"].cumprod()
    fitter = kaplan_meier(pd.Series(months), pd.Series(ended) != 0)
    table["survival_lifelines"] = fitter.survival_function_at_times(table["month"]).to_numpy()
    table["difference"] = (table["survival_by_hand"] - table["survival_lifelines"]).abs()
    return table


def aalen_johansen_by_hand(months=INVENTED_MONTHS, ended=INVENTED_ENDED) -> pd.DataFrame:
    """Aalen-Johansen by hand: CIF_work(t) = sum of S(t_i-) x work exits_i / at risk_i.

    S(t_i-) is the share still on benefits just before month t_i (Kaplan-Meier
    of any exit); each month adds to the work curve the share that was still
    there times the share of those at risk who left for work. Other exits
    compete: someone who left for education can no longer leave for work.

    Returns
    -------
    pandas.DataFrame
        The life table with ``survival_before`` (S(t-)), the cumulative incidences of work and
        education by hand, the same from ``survival.aalen_johansen`` (the
        estimator of the cohort), and the largest ``difference``; the last
        column ``naive_work`` (1 - Kaplan-Meier of work alone) shows what the naive
        estimate would say.
    """
    from evalkit.survival import aalen_johansen, kaplan_meier, value_at

    table = life_table(months, ended)
    survival = (1 - table["exits"] / table["at_risk"]).cumprod()
    table["survival_before"] = survival.shift(fill_value=1.0)
    table["cif_work_by_hand"] = (table["survival_before"] * table["work"]
                                 / table["at_risk"]).cumsum()
    table["cif_education_by_hand"] = (table["survival_before"] * table["education"]
                                      / table["at_risk"]).cumsum()
    curve = aalen_johansen(np.asarray(months), np.asarray(ended))
    table["cif_work_evalkit"] = value_at(curve, "cif_1", table["month"])
    table["cif_education_evalkit"] = value_at(curve, "cif_2", table["month"])
    table["difference"] = np.maximum(
        (table["cif_work_by_hand"] - table["cif_work_evalkit"]).abs(),
        (table["cif_education_by_hand"] - table["cif_education_evalkit"]).abs())
    naive = kaplan_meier(pd.Series(months), pd.Series(ended) == 1)
    table["naive_work"] = 1 - naive.survival_function_at_times(table["month"]).to_numpy()
    return table


def wilson_by_hand(count: int = INVENTED_COUNT, people: int = INVENTED_PEOPLE) -> pd.DataFrame:
    """The Wilson 95% interval of a share by hand, step by step, beside statsmodels' answer.

    centre = (p + z^2 / 2n) / (1 + z^2 / n),
    half-width = z / (1 + z^2 / n) x sqrt(p (1 - p) / n + z^2 / 4n^2).

    Returns
    -------
    pandas.DataFrame
        One row per step (``step``, a code of ``STEPS``; ``value``): the share p, z, the centre,
        the half-width, the bounds by hand, the bounds of
        ``statsmodels.stats.proportion.proportion_confint(method="wilson")``
        (``national.wilson_interval``) and the normal-approximation bounds
        p +/- z sqrt(p(1-p)/n) that Wilson improves on for small groups.
    """
    from scipy.stats import norm

    from evalkit.national import wilson_interval

    n = people
    p = count / n
    z = float(norm.ppf(0.975))
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    low, high = (float(v) for v in wilson_interval(count, n))
    normal = z * np.sqrt(p * (1 - p) / n)
    steps = [("count", count), ("people", n), ("share", p), ("z", z), ("centre", centre),
             ("half_width", half), ("lower_by_hand", centre - half),
             ("upper_by_hand", centre + half), ("lower_statsmodels", low),
             ("upper_statsmodels", high), ("lower_normal", p - normal),
             ("upper_normal", p + normal)]
    # Counts stay whole numbers beside the fractions.
    return pd.DataFrame(steps, columns=["step", "value"], dtype=object)


def discounting_by_hand(benefit: float, durability: float, rate: float,
                        horizon: int) -> pd.DataFrame:
    """The present value of one net exit, year by year, beside ``costbenefit.annuity``.

    A euro saved in year y (0 is the year of the exit) is worth 1 / (1 + r)^y
    today; of the people who left, a share durability^y is still off benefits
    in year y. One year of discounting is the step from one row to the next.

    Parameters
    ----------
    benefit : float
        The benefit saved per person per year off benefits (EUR).
    durability : float
        Share still off benefits one year later.
    rate : float
        The discount rate r.
    horizon : int
        Years counted.

    Returns
    -------
    pandas.DataFrame
        One row per year (``year``, ``still_off_benefits``, ``discount_factor``,
        ``present_value``, ``running_total``) and a last row ``annuity`` with
        ``costbenefit.annuity`` x benefit, the call the cost-benefit stage
        makes, in ``running_total``.
    """
    from evalkit.costbenefit import annuity

    years = np.arange(horizon)
    table = pd.DataFrame({"year": years.astype(str), "still_off_benefits": durability ** years,
                          "discount_factor": 1 / (1 + rate) ** years})
    table["present_value"] = benefit * table["still_off_benefits"] * table["discount_factor"]
    table["running_total"] = table["present_value"].cumsum()
    library = pd.DataFrame({"year": ["annuity"],
                            "running_total": [benefit * annuity(durability, rate, horizon)]})
    return pd.concat([table, library], ignore_index=True)


#: The Wilson example's steps, in order (their labels are ``teach.step.<code>``).
STEPS = ("count", "people", "share", "z", "centre", "half_width", "lower_by_hand",
         "upper_by_hand", "lower_statsmodels", "upper_statsmodels", "lower_normal",
         "upper_normal")


def shown(table: pd.DataFrame, lang: str, decimals: int = 4) -> pd.DataFrame:
    """A worked example as a student reads it: headers and steps in ``lang``, rounded.

    Parameters
    ----------
    table : pandas.DataFrame
        A table of this module's functions.
    lang : {"nl", "en"}
        The run's language (``labels.yml``, keys ``teach.*``).
    decimals : int
        Decimals of the numbers shown.

    Returns
    -------
    pandas.DataFrame
        The same table as text: translated headers, step names and the annuity
        row, numbers with the decimal mark of ``lang``, the first column as index.
    """
    from evalkit import labels

    out = table.copy()
    for column in ("step", "year"):
        if column in out:
            codes = out[column].astype(str)
            out[column] = codes.map(lambda code: labels.t(f"teach.step.{code}", lang)
                                    if f"teach.step.{code}" in labels.CATALOGUE else code)
    for column in out.columns[1:]:
        places = 0 if pd.api.types.is_integer_dtype(out[column]) else decimals
        out[column] = out[column].map(
            lambda v, places=places: "" if pd.isna(v) else labels.format_number(
                v, 0 if isinstance(v, int | np.integer) else places, lang))
    out = out.rename(columns={c: labels.t(f"teach.{c}", lang) for c in out.columns})
    return out.set_index(out.columns[0])  # the month, step or year reads as the row's name
