"""Signals beside the numbers: what people themselves say, from interviews, a helpdesk, research.

A signals file has one row per signal: its date, the kind of source
(interview, helpdesk, community research, client journey, ...), the domain of
the framework it is about, the phase of the client's journey where it
arose, a theme code, its valence (negative, neutral, positive) and a short
anonymised summary. It is read with the same care as the monitoring file:
headers and labels mapped (Dutch ones too), the privacy guard first (a
summary with a name, phone number, e-mail address or BSN refuses the file),
then the Great Expectations suite ``expectations/signals.json``.

The report counts signals by theme and valence and quotes up to three
summaries of a theme, only when the theme has at least the disclosure
threshold of signals; smaller themes are counted together as "other
themes" and never quoted, so that no quote stands for one person's story
(docs/methods.md, "Signals beside numbers").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evalkit import checks, io, privacy
from evalkit.errors import InputError

SUITE_FILE = "signals.json"
COLUMNS = ("date", "source_kind", "domain", "journey_phase", "theme", "valence", "summary")
REQUIRED = ("date", "source_kind", "domain", "theme", "valence", "summary")
SOURCE_KINDS = ("interview", "helpdesk", "community_research", "client_journey", "focus_group",
                "other")
VALENCES = ("negative", "neutral", "positive")
#: The phases of the client's journey (klantreis), in order: the steps evalkit times.
JOURNEY_PHASES = ("housing", "known_to_team", "intake", "pre_trajectory", "follow_trajectory",
                  "exit")
#: Summaries quoted per theme, at most.
QUOTES = 3
#: The code under which themes with fewer signals than the threshold are counted together.
OTHER_THEMES = "other_themes"

HEADER_ALIASES = {
    "datum": "date", "datum signaal": "date", "signal date": "date",
    "bron": "source_kind", "soort bron": "source_kind", "brontype": "source_kind",
    "source": "source_kind", "source kind": "source_kind",
    "domein": "domain", "leefgebied": "domain", "integratiedomein": "domain",
    "fase": "journey_phase", "klantreisfase": "journey_phase", "fase klantreis": "journey_phase",
    "phase": "journey_phase", "journey phase": "journey_phase",
    "thema": "theme", "themacode": "theme", "theme code": "theme",
    "waardering": "valence", "toon": "valence", "lading": "valence",
    "samenvatting": "summary", "korte samenvatting": "summary",
}

VALUE_ALIASES = {
    "source_kind": {"gesprek": "interview", "interviews": "interview", "vraagbaak": "helpdesk",
                    "community research": "community_research",
                    "gemeenschapsonderzoek": "community_research",
                    "buurtonderzoek": "community_research", "klantreis": "client_journey",
                    "client journey": "client_journey", "focusgroep": "focus_group",
                    "focus group": "focus_group", "anders": "other", "overig": "other"},
    "valence": {"negatief": "negative", "neutraal": "neutral", "positief": "positive",
                "-": "negative", "0": "neutral", "+": "positive"},
    "journey_phase": {"huisvesting": "housing", "in beeld": "known_to_team",
                      "kennismaking": "known_to_team", "voortraject": "pre_trajectory",
                      "pre-trajectory": "pre_trajectory", "vervolgtraject": "follow_trajectory",
                      "follow-up": "follow_trajectory", "uitstroom": "exit"},
}


def header_lookup() -> dict[str, str]:
    """Normalised header to signals column: the column names and their aliases."""
    lookup = {io.normal_header(c): c for c in COLUMNS}
    lookup.update(HEADER_ALIASES)
    return lookup


def _codes(values: pd.Series, known: tuple[str, ...], aliases: dict[str, str]) -> pd.Series:
    lookup = {c: c for c in known} | {c.replace("_", " "): c for c in known} | aliases
    return values.map(lambda v: lookup.get(str(v).strip().lower(), str(v).strip()),
                      na_action="ignore")


def parse(raw: pd.DataFrame, file: str, domains: dict[str, str]) -> pd.DataFrame:
    """Map, guard and type a raw signals file (text cells, spreadsheet rows as index).

    Parameters
    ----------
    raw : pandas.DataFrame
        ``io.read_raw`` of the file.
    file : str
        The file as the config names it, for messages.
    domains : dict
        Domain id by id or name (lower case): ``Framework.domain_by_name``.

    Raises
    ------
    PrivacyError
        When a column, or a summary, holds a direct identifier.
    InputError
        When a column is missing twice over, or a date cannot be read.
    """
    findings = [f for f in privacy.find_identifiers(raw)]
    if findings:
        raise privacy.refusal(findings, file)
    lookup = header_lookup()
    renamed = {c: lookup[io.normal_header(c)] for c in raw.columns
               if io.normal_header(c) in lookup}
    if len(set(renamed.values())) != len(renamed):
        twice = pd.Series(list(renamed.values())).value_counts().index[0]
        raise InputError(file, f"two columns both mean '{twice}'", column=twice,
                         expected="one column per field")
    frame = raw.rename(columns=renamed)[[c for c in COLUMNS if c in renamed.values()]]
    if "summary" in frame:
        refused = privacy.text_refusal(frame["summary"], file, "summary")
        if refused is not None:
            raise refused
    out = frame.copy()
    if "date" in out:
        out["date"] = io.parse_dates(out["date"], file, "date")
    for column, known in (("source_kind", SOURCE_KINDS), ("valence", VALENCES),
                          ("journey_phase", JOURNEY_PHASES)):
        if column in out:
            out[column] = _codes(out[column], known, VALUE_ALIASES[column])
    if "domain" in out:
        out["domain"] = out["domain"].map(lambda v: domains.get(str(v).strip().lower(),
                                                                str(v).strip()),
                                          na_action="ignore")
    if "theme" in out:
        out["theme"] = out["theme"].map(lambda v: str(v).strip().lower().replace(" ", "_"),
                                        na_action="ignore")
    if "journey_phase" not in out:
        out["journey_phase"] = pd.NA
    return out.astype({c: "string" for c in COLUMNS if c != "date" and c in out})


def read_signals(path: Path, file: str, domains: dict[str, str], reference_date, suite: dict
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read, guard, type and check a signals file, all in memory.

    Returns
    -------
    signals, results : pandas.DataFrame
        The typed signals (``COLUMNS``; the index holds spreadsheet rows) and
        the results of the expectation suite.

    Raises
    ------
    InputError, PrivacyError
        With one message naming the file, the column and the rows.
    """
    raw = io.read_raw(path, shown_as=file, headers=(
        header_lookup(), ("a signals file", "headers such as date, source_kind, domain, theme, "
                                            "valence, summary, or Dutch ones such as 'Datum', "
                                            "'Domein', 'Thema', 'Samenvatting'")))
    if raw.empty:
        raise InputError(file, "the file has a header but no rows", expected="one row per signal")
    signals = parse(raw, file, domains)
    results = checks.run_checks(signals, reference_date, suite, source=f"expectations/{SUITE_FILE}")
    checks.raise_on_critical(results, file, value_sets={
        i: e["kwargs"]["value_set"] for i, e in enumerate(suite["expectations"])
        if "value_set" in e["kwargs"]})
    return signals, results


def themes(signals: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Signals per domain and theme by valence; themes under the threshold counted together.

    Returns
    -------
    pandas.DataFrame
        ``domain``, ``theme`` (``OTHER_THEMES`` for the small ones together),
        ``themes`` (how many themes the row holds), one column per valence
        and ``total``; domains in framework order, large themes by size.
    """
    from evalkit.disclosure import quotable
    from evalkit.framework import DOMAINS_2019

    rows = []
    for domain in DOMAINS_2019:
        mine = signals[signals["domain"] == domain]
        if mine.empty:
            continue
        sizes = mine["theme"].value_counts()
        large = quotable(sizes, threshold)
        small = [t for t in sizes.index if t not in large]
        for theme, names in [(t, [t]) for t in large] + ([(OTHER_THEMES, small)] if small else []):
            part = mine[mine["theme"].isin(names)]
            rows.append({"domain": domain, "theme": theme, "themes": len(names),
                         **{v: int((part["valence"] == v).sum()) for v in VALENCES},
                         "total": len(part)})
    return pd.DataFrame(rows, columns=["domain", "theme", "themes", *VALENCES, "total"])


def half_year(dates: pd.Series) -> pd.Series:
    """The half-year of each date, written ``2019-H2``."""
    return dates.dt.year.astype(str) + "-H" + ((dates.dt.month > 6) + 1).astype(str)


def over_time(signals: pd.DataFrame) -> pd.DataFrame:
    """Signals per domain and half-year by valence (counts of signals, not of people)."""
    from evalkit.framework import DOMAINS_2019

    frame = signals.assign(period=half_year(signals["date"]))
    table = (frame.groupby(["domain", "period", "valence"], observed=True).size()
             .unstack("valence", fill_value=0).reindex(columns=list(VALENCES), fill_value=0))
    table["total"] = table.sum(axis=1)
    table = table.reset_index()
    order = {d: i for i, d in enumerate(DOMAINS_2019)}
    table = table.sort_values(["domain", "period"], key=lambda c: c.map(order)
                              if c.name == "domain" else c, kind="mergesort")
    return table.reset_index(drop=True)[["domain", "period", *VALENCES, "total"]]


def quotes(signals: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Up to ``QUOTES`` summaries per theme with at least ``threshold`` signals, chosen by rule.

    One of each valence first (negative, neutral, positive: the range of what
    was said, not only its loudest part), the latest of each; then the next
    latest. Ties are broken by the text, so the same file always gives the
    same quotes. The quote carries its half-year, never its date.
    """
    rows = []
    table = themes(signals, threshold)
    for record in table[table["theme"] != OTHER_THEMES].to_dict("records"):
        mine = signals[(signals["domain"] == record["domain"])
                       & (signals["theme"] == record["theme"])]
        mine = mine.assign(text=mine["summary"].astype(str)).sort_values(
            ["date", "text"], ascending=[False, True], kind="mergesort")
        chosen = [mine[mine["valence"] == v].index[0] for v in VALENCES
                  if (mine["valence"] == v).any()][:QUOTES]
        chosen += [i for i in mine.index if i not in chosen][:QUOTES - len(chosen)]
        for i in chosen:
            rows.append({"domain": record["domain"], "theme": record["theme"],
                         "period": half_year(mine.loc[[i], "date"]).iloc[0],
                         "valence": mine.at[i, "valence"], "summary": mine.at[i, "text"]})
    return pd.DataFrame(rows, columns=["domain", "theme", "period", "valence", "summary"])


def by_phase(signals: pd.DataFrame) -> pd.DataFrame:
    """Signals per journey phase by valence, every phase listed (those without a phase left out)."""
    phased = signals[signals["journey_phase"].notna()]
    table = (phased.groupby(["journey_phase", "valence"], observed=True).size()
             .unstack("valence", fill_value=0)
             .reindex(index=list(JOURNEY_PHASES), columns=list(VALENCES), fill_value=0))
    table["total"] = table.sum(axis=1)
    return table.rename_axis("journey_phase").reset_index()


def up_to(signals: pd.DataFrame | None, day) -> pd.DataFrame | None:
    """The signals dated on or before ``day`` (an as-of run sees only what was known then)."""
    if signals is None:
        return None
    return signals[signals["date"] <= pd.Timestamp(day)]


# --------------------------------------------------------------------------- what the stage shows

_HEADERS = {"domain": "col.domain", "theme": "col.theme", "period": "col.period",
            "negative": "valence.negative", "neutral": "valence.neutral",
            "positive": "valence.positive", "total": "col.total", "valence": "col.valence",
            "summary": "col.summary", "journey_phase": "col.journey_phase"}


def _domains(values: pd.Series, framework, lang: str) -> list[str]:
    return [framework.domains[d].get(lang) for d in values]


def _theme_text(theme: str, themes: int, lang: str) -> str:
    from evalkit import labels

    if theme == OTHER_THEMES:
        return labels.t("fw.other_themes", lang, n=themes)
    return theme.replace("_", " ")


def themes_view(table: pd.DataFrame, framework, lang: str) -> pd.DataFrame:
    """The theme table for readers: domain names, theme codes in words, small themes together."""
    from evalkit import labels

    out = table.assign(domain=_domains(table["domain"], framework, lang),
                       theme=[_theme_text(t, n, lang) for t, n in
                              zip(table["theme"], table["themes"], strict=True)])
    return labels.label_table(out.drop(columns="themes"), lang, headers=_HEADERS)


def over_time_view(table: pd.DataFrame, framework, lang: str) -> pd.DataFrame:
    """Signals per domain and half-year, for readers."""
    from evalkit import labels

    return labels.label_table(table.assign(domain=_domains(table["domain"], framework, lang)),
                              lang, headers=_HEADERS)


def quotes_view(table: pd.DataFrame, framework, lang: str) -> pd.DataFrame:
    """The chosen summaries, for readers (quoted in the language they were written in)."""
    from evalkit import labels

    out = table.assign(domain=_domains(table["domain"], framework, lang),
                       theme=[_theme_text(t, 1, lang) for t in table["theme"]])
    return labels.label_table(out, lang, codes={"valence": "valence"}, headers=_HEADERS)


def phase_view(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Signals per phase of the journey, for readers."""
    from evalkit import labels

    return labels.label_table(table, lang, codes={"journey_phase": "journey_phase"},
                              headers=_HEADERS)


def intro(signals: pd.DataFrame, threshold: int, lang: str) -> str:
    """What the signals are: how many, from which kinds of source, over which period.

    An as-of run before the first signal has none: then it says so.
    """
    from evalkit import labels

    if signals.empty:
        return labels.t("fw.signals_none_yet", lang)
    kinds = signals["source_kind"].value_counts()
    return labels.t("fw.signals_intro", lang, n=len(signals),
                    first=labels.format_date(signals["date"].min().date(), lang),
                    last=labels.format_date(signals["date"].max().date(), lang),
                    kinds=", ".join(f"{labels.code_label('source_kind', k, lang)} ({int(v)})"
                                    for k, v in kinds.items()),
                    threshold=threshold)
