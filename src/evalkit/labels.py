"""Dutch and English labels: the one place every visible word of the report comes from.

Keys are dotted (``status.in_support``); each has a Dutch (``nl``) and an
English (``en``) text. Code values of the input contract are labelled under
their domain (``sex.M``, ``education_level.mbo``). A missing key is an error,
never a silent fallback to the key itself. The catalogue is data,
``labels.yml`` beside this module; this module reads it, fills in labels and
formats numbers, amounts and dates (``format_date`` is the one date format).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from evalkit import load_yaml
from evalkit.schema import age_band_bounds

LANGS = ("nl", "en")

#: The file the catalogue is read from, beside this module.
CATALOGUE_FILE = Path(__file__).with_name("labels.yml")


def _read_catalogue() -> dict[str, dict[str, str]]:
    catalogue = load_yaml(CATALOGUE_FILE.read_text(encoding="utf-8"))
    for key, texts in catalogue.items():
        if set(texts) != set(LANGS):
            raise ValueError(f"{CATALOGUE_FILE.name}: {key} has {sorted(texts)}, not {list(LANGS)}")
    return catalogue


CATALOGUE: dict[str, dict[str, str]] = _read_catalogue()


def format_number(value: float, decimals: int, lang: str) -> str:
    """A number as the report's language writes it: ``29,0`` in Dutch, ``29.0`` in English."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "nl" else text


def format_p(value: float | None, lang: str) -> str:
    """A p-value with three decimals, or a dash when there is none (fewer than two groups)."""
    return "-" if value is None else format_number(value, 3, lang)


def format_amount(value: float, lang: str, decimals: int = 0) -> str:
    """An amount with thousands separators: ``665.088`` in Dutch, ``665,088`` in English."""
    if abs(value) < 0.5 * 10**-decimals:
        value = 0.0  # no "-0"
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text.replace("-", "\u2212")


def localise_decimal(text: str, lang: str) -> str:
    """A decimal number already written as text (``"29.0"``) in the report's language."""
    return text.replace(".", ",") if lang == "nl" else text


def format_date(day, lang: str) -> str:
    """A date as the report writes it: 31-01-2020, in both languages (the Dutch notation)."""
    return day.strftime("%d-%m-%Y")


def monitoring_source(synthetic: bool, reference_date, lang: str) -> str:
    """The source line under every table and figure made from the monitoring file."""
    name = t("report.source_monitoring_synthetic" if synthetic else "report.source_monitoring",
             lang)
    return t("report.source", lang, source=name, reference_date=format_date(reference_date, lang))


class LabelError(KeyError):
    """A label key is missing from the catalogue, or a language is not supported."""


def t(key: str, lang: str, **values: object) -> str:
    """Look up a label and fill in its placeholders.

    Parameters
    ----------
    key : str
        Dotted key, for example ``"status.in_support"``.
    lang : {"nl", "en"}
        Language.
    **values
        Values for the ``{placeholders}`` in the text.

    Returns
    -------
    str
        The text in the requested language.

    Raises
    ------
    LabelError
        When the key or the language is unknown.
    """
    if lang not in LANGS:
        raise LabelError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    try:
        text = CATALOGUE[key][lang]
    except KeyError:
        raise LabelError(f"no label {key!r} in the label catalogue") from None
    return text.format(**values) if values else text


def format_list(items: list[str], lang: str) -> str:
    """Words as a sentence lists them: "a", "a en b", "a, b en c" (English: "and")."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('word.and', lang)} {items[-1]}"


def code_label(domain: str, code: object, lang: str) -> str:
    """Label one code value, e.g. ``code_label("sex", "V", "nl") == "vrouw"``.

    Codes without a catalogue entry in a free-text domain (country names) are
    shown as they are; codes of a coded domain must be in the catalogue.
    """
    if code is None or (isinstance(code, float) and pd.isna(code)) or code is pd.NA:
        return t("value.missing", lang)
    key = f"{domain}.{code}"
    if key in CATALOGUE:
        return t(key, lang)
    if code == "total":
        return t("value.total", lang)
    if code == "small_groups":
        return t("group.small_groups", lang)
    if code == "unknown":
        return t("value.missing", lang)
    if domain == "age_band" and (bounds := age_band_bounds(code)):
        # a file's own bands (cohort.recorded_age_bands), not only the five computed ones
        low, high = bounds
        return (t("age_band.from", lang, low=low) if high is None
                else t("age_band.between", lang, low=low, high=high))
    if domain in FREE_TEXT_DOMAINS:
        return str(code)
    raise LabelError(f"no label {key!r} in the label catalogue")


#: Domains whose values are free text: an unlisted value is shown as written.
def code_labels(domain: str, codes, lang: str) -> list[str]:
    """Several codes of one domain in words (``code_label`` for each)."""
    return [code_label(domain, code, lang) for code in codes]


FREE_TEXT_DOMAINS = frozenset({"country_of_origin", "housing_year", "employer_project", "year",
                               "months"})


def label_table(frame: pd.DataFrame, lang: str, *, codes: Mapping[str, str] | None = None,
                headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Turn a table of codes into a table for readers: labelled values and headers.

    Parameters
    ----------
    frame : pandas.DataFrame
        A published table (after disclosure control).
    lang : {"nl", "en"}
        Language.
    codes : mapping, optional
        Column name to code domain, for columns whose values are codes.
    headers : mapping, optional
        Column name to label key for its header; other headers are kept.

    Returns
    -------
    pandas.DataFrame
        A copy with labels in place of codes and headers.
    """
    out = frame.copy()
    for column, domain in (codes or {}).items():
        out[column] = [code_label(domain, v, lang) for v in out[column]]
    if headers:
        out = out.rename(columns={c: t(k, lang) for c, k in headers.items()})
    return out
