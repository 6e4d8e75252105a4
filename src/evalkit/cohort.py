"""Who is in the programme: status at the reference date and composition.

Status is derived from the dates, never typed in (docs/design.md). Each status has
one function; ``status_at`` combines them into one code per person. All
functions take the processed clients frame and an explicit reference date.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from evalkit.schema import REASON_GROUP, age_band_bounds

#: Status codes in the order of KplusV Tabel 3.
STATUS_ORDER = (
    "left_work",
    "left_education",
    "left_other",
    "in_support",
    "known_not_picked_up",
    "not_known",
)

AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55+")
AGE_BINS = (18, 25, 35, 45, 55, 200)  # the bands' edges: 18 up to 25, ..., 55 and older


def _ts(reference_date: date) -> pd.Timestamp:
    return pd.Timestamp(reference_date)


def has_left_benefits(clients: pd.DataFrame, reference_date: date) -> pd.Series:
    """True for people whose bijstand ended on or before the reference date."""
    return (clients["outflow_date"] <= _ts(reference_date)).fillna(False).astype(bool)


def is_in_support(clients: pd.DataFrame, reference_date: date) -> pd.Series:
    """True for people still on benefits who had their intake ("opgepakt", in begeleiding)."""
    picked_up = (clients["intake_date"] <= _ts(reference_date)).fillna(False).astype(bool)
    return picked_up & ~has_left_benefits(clients, reference_date)


def is_known_not_picked_up(clients: pd.DataFrame, reference_date: date) -> pd.Series:
    """True for people on benefits the team knows ("in beeld") but has not had an intake with."""
    known = (clients["known_to_team_date"] <= _ts(reference_date)).fillna(False).astype(bool)
    return (known & ~is_in_support(clients, reference_date)
            & ~has_left_benefits(clients, reference_date))


def is_not_known(clients: pd.DataFrame, reference_date: date) -> pd.Series:
    """True for people on benefits the team does not know yet ("niet in beeld")."""
    return ~(has_left_benefits(clients, reference_date)
             | is_in_support(clients, reference_date)
             | is_known_not_picked_up(clients, reference_date))


def outflow_group(reasons: pd.Series) -> pd.Series:
    """Group outflow reason codes as KplusV does: work, education or other."""
    return reasons.map(REASON_GROUP, na_action="ignore").fillna("other")


def status_at(clients: pd.DataFrame, reference_date: date) -> pd.Series:
    """One status code per person at the reference date (see ``STATUS_ORDER``).

    Parameters
    ----------
    clients : pandas.DataFrame
        Processed clients (dates as datetime64).
    reference_date : date
        The peildatum.

    Returns
    -------
    pandas.Series
        Status codes, same index as ``clients``.
    """
    status = pd.Series("not_known", index=clients.index, dtype="object")
    status[is_known_not_picked_up(clients, reference_date)] = "known_not_picked_up"
    status[is_in_support(clients, reference_date)] = "in_support"
    left = has_left_benefits(clients, reference_date)
    status[left] = "left_" + outflow_group(clients.loc[left, "outflow_reason"])
    return status


def reasons_of_leavers(clients: pd.DataFrame, reference_date: date) -> pd.Series:
    """The outflow reason of everyone who left benefits on or before the reference date."""
    left = has_left_benefits(clients, reference_date)
    return clients.loc[left, "outflow_reason"]


def age_band(birth_year: pd.Series, reference_date: date) -> pd.Series:
    """Age band in the reference year (age = reference year - birth year).

    Ages below 18 are not expected in the target group and, like missing birth
    years, are shown as ``unknown``.
    """
    age = reference_date.year - birth_year.astype("Float64")
    bands = pd.cut(age.astype(float), bins=list(AGE_BINS), right=False, labels=list(AGE_BANDS))
    return bands.astype("object").where(bands.notna(), "unknown")


def recorded_age_bands(bands: pd.Series) -> tuple[pd.Series, list[str]]:
    """The age bands a file records instead of birth years, and their order by age.

    The team's own bands are kept as they are (``io`` wrote them as ``25-34``
    or ``55+``): they cannot be cut into the bands computed from a birth year.
    An age in years (``34``, as the team recorded it) goes into the band
    ``AGE_BANDS`` gives it, and then every one of those bands is shown, as
    for birth years. A missing band is ``unknown``, shown last when there is one.
    """
    values = bands.astype("object").where(bands.notna(), "unknown")
    ages = pd.to_numeric(values.where(values.astype(str).str.isdigit()), errors="coerce")
    shown = set(values) - {"unknown"}
    if ages.notna().any():
        cut = pd.cut(ages, bins=list(AGE_BINS), right=False, labels=list(AGE_BANDS))
        values = values.where(ages.isna(), cut.astype("object").where(cut.notna(), "unknown"))
        shown = (set(values) - {"unknown"}) | set(AGE_BANDS)
    order = sorted(shown, key=lambda band: (age_band_bounds(band)[0], band))
    return values, order + (["unknown"] if (values == "unknown").any() else [])


def housing_year(clients: pd.DataFrame) -> pd.Series:
    """The cohort year: the year of housing in the municipality."""
    return clients["housing_date"].dt.year.astype("Int64").astype("string")


def largest_groups(values: pd.Series, keep: int, other: str = "other") -> pd.Series:
    """Keep the ``keep`` most frequent values and put the rest together as ``other``.

    Ties are broken by the value itself so the result is deterministic.
    """
    counts = values.value_counts()
    ranked = sorted(counts.index, key=lambda v: (-counts[v], str(v)))
    kept = set(ranked[:keep])
    return values.where(values.isin(kept) | values.isna(), other)


#: The composition dimensions of the cohort chapter, in display order.
COMPOSITION = ("sex", "age_band", "country_of_origin", "education_level", "language_level")
LARGEST_COUNTRIES = 5


def composition(clients: pd.DataFrame, reference_date: date
                ) -> dict[str, tuple[pd.Series, list[str]]]:
    """The values and display order of each composition dimension the file has.

    Parameters
    ----------
    clients : pandas.DataFrame
        Processed clients.
    reference_date : date
        The peildatum, for the age band.

    Returns
    -------
    dict
        Dimension name to (one value per person, categories in display order).
        Country of origin keeps the five largest groups and puts the rest
        together as ``other``, shown last. Dimensions absent from the file, or
        entirely empty, are left out.
    """
    from evalkit.schema import EDUCATION_LEVELS, LANGUAGE_LEVELS, SEXES

    out: dict[str, tuple[pd.Series, list[str]]] = {}
    fixed = {"sex": list(SEXES), "education_level": list(EDUCATION_LEVELS),
             "language_level": list(LANGUAGE_LEVELS)}
    for dimension in COMPOSITION:
        if dimension == "age_band":
            if "birth_year" in clients and clients["birth_year"].notna().any():
                out[dimension] = (age_band(clients["birth_year"], reference_date),
                                  list(AGE_BANDS))
            elif "age_band" in clients and clients["age_band"].notna().any():
                out[dimension] = recorded_age_bands(clients["age_band"])
            continue
        if dimension not in clients or clients[dimension].isna().all():
            continue
        if dimension == "country_of_origin":
            values = largest_groups(clients[dimension], keep=LARGEST_COUNTRIES)
            counts = values.value_counts()
            order = sorted((v for v in counts.index if v != "other"),
                           key=lambda v: (-counts[v], str(v)))
            out[dimension] = (values, order + (["other"] if "other" in counts.index else []))
        else:
            out[dimension] = (clients[dimension], fixed[dimension])
    return out


#: Column headers of the status cross table: each status under its label.
STATUS_HEADERS = {status: f"status.{status}" for status in STATUS_ORDER}

