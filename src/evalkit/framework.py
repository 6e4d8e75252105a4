"""The monitoring framework (monitoringskader): indicators over the 14 domains of integration.

A framework file (``frameworks/<name>.yml``) places a municipality's
indicators on the 14 domains of the Home Office *Indicators of Integration
framework 2019*, grouped as that framework groups them (markers and means,
social connections, facilitators, foundation), and maps the municipality's
policy pillars onto those domains. Each indicator has one source:

* ``monitoring``: computed from the monitoring file by a named evalkit
  function (``COMPUTED``), with the estimator the rest of the run uses;
* ``table``: an aggregate figure the municipality supplies (a survey result,
  a partner's count) in the run's ``framework_tables`` file;
* ``signals``: the qualitative signals of the run's ``signals_file``
  (``evalkit.signals``), counted, never judged against a target.

``read_framework`` validates the file as strictly as the config (unknown keys
refused); ``values`` computes every indicator at every peildatum, with the
people behind each count for the disclosure audit; ``domain_table`` says per
domain what is measured and where the blind spots (blinde vlekken) are.
docs/methods.md, "The monitoring framework", gives the method.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from evalkit import load_yaml
from evalkit.errors import ConfigError

#: The stage that publishes the framework (``notebooks/50_framework.ipynb``).
STAGE = "50_framework"

#: The four groups of the 2019 framework, from the outside of the wheel inwards in its own figure.
GROUPS = ("markers_means", "social_connections", "facilitators", "foundation")

#: The 14 domains of the Indicators of Integration framework 2019 and their group, in wheel order.
DOMAINS_2019 = {
    "work": "markers_means",
    "housing": "markers_means",
    "education": "markers_means",
    "health_social_care": "markers_means",
    "leisure": "markers_means",
    "bonds": "social_connections",
    "bridges": "social_connections",
    "links": "social_connections",
    "language_communication": "facilitators",
    "culture": "facilitators",
    "digital_skills": "facilitators",
    "safety": "facilitators",
    "stability": "facilitators",
    "rights_responsibilities": "foundation",
}

#: The range a value of each unit can take (None: the framework file must give one).
UNIT_RANGES: dict[str, tuple[float, float] | None] = {
    "share": (0.0, 1.0), "days": (0.0, float("inf")), "months": (0.0, float("inf")),
    "count": (0.0, float("inf")), "ratio": (0.0, float("inf")), "score": None,
}

#: The functions a ``monitoring`` source can name: unit, and the evalkit estimator behind it.
COMPUTED = {
    "share_in_support": ("share", "Wilson: share of the group in support at the peildatum"),
    "share_left_work": ("share", "Wilson: share of the group that left bijstand for work"),
    "share_fulltime_work": ("share", "Wilson: share of the group that left for full-time work"),
    "share_left_education": ("share", "Wilson: share of the group that left for education"),
    "cif_work_12": ("share", "Aalen-Johansen: work within 12 months, bootstrap interval"),
    "cif_work_24": ("share", "Aalen-Johansen: work within 24 months, bootstrap interval"),
    "cif_education_24": ("share", "Aalen-Johansen: education within 24 months, bootstrap interval"),
    "median_exit_months": ("months", "Kaplan-Meier: median months to any exit"),
    "median_wait_housing_intake": ("days", "Kaplan-Meier: median days from housing to intake"),
    "median_wait_housing_known": ("days", "Kaplan-Meier: median days from housing to 'in beeld'"),
    "median_wait_permit_housing": ("days", "Kaplan-Meier: median days from permit to housing"),
    "share_language_b1": ("share", "Wilson: share at B1 or above, of those with a known level"),
}

#: What a value of each unit is written as (``publish.VALUE_KINDS``).
UNIT_KINDS = {"share": "share", "days": "int", "months": "number", "count": "int",
              "ratio": "ratio", "score": "number"}

#: The state of an indicator against its target, in the order the report counts them.
STATES = ("on_track", "behind", "undecided", "no_target", "no_data", "signals")

LANGUAGE_B1 = ("B1", "B2", "C1")
_ID = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Strict):
    """A name in Dutch and in English."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


class Domain(Names):
    """One of the 14 domains, with its group in the 2019 framework."""

    group: Literal["markers_means", "social_connections", "facilitators", "foundation"]


class Pillar(Names):
    """A pillar of the municipality's policy plan, and the domains it aims at."""

    id: str = Field(pattern=_ID)
    domains: list[str] = Field(min_length=1)


class Source(_Strict):
    """Where an indicator's value comes from."""

    kind: Literal["monitoring", "table", "signals"]
    function: str | None = None
    themes: list[str] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _function_for_monitoring(self) -> Source:
        if self.kind == "monitoring":
            if self.function not in COMPUTED:
                raise ValueError(f"a monitoring source names one of the functions "
                                 f"{', '.join(COMPUTED)}; got {self.function!r}")
        elif self.function is not None:
            raise ValueError(f"only a monitoring source names a function (this one is "
                             f"{self.kind})")
        if self.themes and self.kind != "signals":
            raise ValueError("only a signals source names themes")
        return self


class IndicatorTarget(_Strict):
    """The value the policy aims for, and where that aim is written down."""

    value: float
    source: str = Field(min_length=1)


class Indicator(Names):
    """One indicator of the framework."""

    id: str = Field(pattern=_ID)
    domain: str
    definition: Names
    unit: Literal["share", "days", "months", "count", "ratio", "score"]
    direction: Literal["higher_is_better", "lower_is_better"]
    range: tuple[float, float] | None = None
    target: IndicatorTarget | None = None
    source: Source

    @property
    def bounds(self) -> tuple[float, float]:
        return self.range or UNIT_RANGES[self.unit]

    @property
    def at_least(self) -> bool:
        return self.direction == "higher_is_better"

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if self.domain not in DOMAINS_2019:
            raise ValueError(f"domain {self.domain!r} is not one of the 14 domains "
                             f"({', '.join(DOMAINS_2019)})")
        if self.unit == "score" and self.range is None:
            raise ValueError("a score needs its range, such as range: [1, 10]")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError(f"range {list(self.range)} must run from low to high")
        if self.source.kind == "monitoring" and COMPUTED[self.source.function][0] != self.unit:
            raise ValueError(f"{self.source.function} gives a {COMPUTED[self.source.function][0]},"
                             f" not a {self.unit}")
        if self.source.kind == "signals":
            if self.unit != "count":
                raise ValueError("a signals indicator counts signals: its unit is count")
            if self.target is not None:
                raise ValueError("signals are not a sample: a signals indicator takes no target")
        if self.target is not None:
            low, high = self.bounds
            if not low <= self.target.value <= high:
                raise ValueError(f"target {self.target.value} lies outside the range of a "
                                 f"{self.unit} ({low:g} to {high:g})")
        return self


class Framework(_Strict):
    """A monitoring framework: the 14 domains, the policy pillars and the indicators."""

    name: Names
    based_on: str = Field(min_length=1)
    domains: dict[str, Domain]
    pillars: list[Pillar] = Field(default_factory=list)
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _fits_the_2019_framework(self) -> Framework:
        unknown = [d for d in self.domains if d not in DOMAINS_2019]
        if unknown:
            raise ValueError(f"domain {unknown[0]!r} is not one of the 14 domains "
                             f"({', '.join(DOMAINS_2019)})")
        missing = [d for d in DOMAINS_2019 if d not in self.domains]
        if missing:
            raise ValueError(f"the 14 domains are all named; missing: {', '.join(missing)}")
        for domain, entry in self.domains.items():
            if entry.group != DOMAINS_2019[domain]:
                raise ValueError(f"domain {domain!r} belongs to group "
                                 f"{DOMAINS_2019[domain]!r}, not {entry.group!r}")
        for kind, ids in (("indicator", [i.id for i in self.indicators]),
                          ("pillar", [p.id for p in self.pillars])):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"{kind} id {twice[0]!r} is used twice")
        for pillar in self.pillars:
            bad = [d for d in pillar.domains if d not in DOMAINS_2019]
            if bad:
                raise ValueError(f"pillar {pillar.id!r}: domain {bad[0]!r} is not one of the 14 "
                                 f"domains")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def of_kind(self, kind: str) -> list[Indicator]:
        return [i for i in self.indicators if i.source.kind == kind]

    def pillars_of(self, domain: str) -> list[Pillar]:
        return [p for p in self.pillars if domain in p.domains]

    def domain_by_name(self) -> dict[str, str]:
        """Domain id by its id, Dutch or English name (lower case): the labels a signals file may use."""
        lookup = {d: d for d in self.domains}
        for domain, entry in self.domains.items():
            lookup[entry.nl.lower()] = lookup[entry.en.lower()] = domain
        return lookup


def _where(error: dict, data: dict) -> str:
    loc = list(error["loc"])
    if len(loc) >= 2 and loc[0] in ("indicators", "pillars") and isinstance(loc[1], int):
        entries = data.get(loc[0]) or []
        entry = entries[loc[1]] if loc[1] < len(entries) else None
        if isinstance(entry, dict) and entry.get("id"):
            loc[1] = f"[{entry['id']}]"
    key = ".".join(str(p) for p in loc).replace(".[", "[")
    return key


def parse_framework(data: object, source: str) -> Framework:
    """Validate a framework mapping; every problem is a ``ConfigError`` naming the file and key.

    Raises
    ------
    ConfigError
        On an unknown key, a domain that is not one of the 14, an indicator
        without a source, a target outside its unit's range, and the like.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a YAML mapping (name, based_on, domains, pillars, "
                          "indicators)")
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = _where(error, data)
            if error["type"] == "extra_forbidden":
                problems.append(f"{source}: unknown key '{key}'")
            elif error["type"] == "missing":
                problems.append(f"{source}: required key '{key}' is missing")
            else:
                message = re.sub(r"^Value error, ", "", error["msg"])
                problems.append(f"{source}: {key + ': ' if key else ''}{message}")
        raise ConfigError("; ".join(problems)) from None


#: The keys of a framework that extends another; everything else comes from the one it extends.
EXTENDING_KEYS = ("extends", "name", "based_on", "pillars", "indicators", "targets", "drop")


def _yaml(path: Path, source: str) -> object:
    if not Path(path).is_file():
        raise ConfigError(f"{source}: framework file not found")
    try:
        return load_yaml(Path(path).read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        raise ConfigError(f"{source}: not a valid YAML file") from None


def _extended(data: dict, path: Path, source: str) -> dict:
    """A framework that ``extends`` another, merged into one mapping to validate.

    Its ``pillars`` replace the other's, its ``indicators`` are added, its
    ``targets`` (indicator id to target) set targets, and ``drop`` lists
    indicators left out.
    """
    unknown = [k for k in data if k not in EXTENDING_KEYS]
    if unknown:
        raise ConfigError(f"{source}: unknown key '{unknown[0]}' (a framework that extends "
                          f"another may give {', '.join(EXTENDING_KEYS)})")
    base_path = Path(path).parent / str(data["extends"])
    base = _yaml(base_path, f"{source}: extends {data['extends']}")
    if not isinstance(base, dict) or "extends" in base:
        raise ConfigError(f"{source}: extends {data['extends']}, which must be a whole framework")
    merged = {**base, **{k: data[k] for k in ("name", "based_on", "pillars") if k in data}}
    drop = set(data.get("drop") or [])
    indicators = [dict(i) for i in base.get("indicators") or [] if i.get("id") not in drop]
    indicators += list(data.get("indicators") or [])
    targets = data.get("targets") or {}
    ids = [i.get("id") for i in indicators]
    for name, target in targets.items():
        if name not in ids:
            raise ConfigError(f"{source}: targets: no indicator {name!r} in the framework")
        indicators[ids.index(name)]["target"] = target
    merged["indicators"] = indicators
    return merged


def read_framework(path: Path, shown_as: str | None = None) -> Framework:
    """Read and validate a framework file (``frameworks/<name>.yml``), merging what it extends.

    Raises
    ------
    ConfigError
        When the file is missing, not YAML, or does not validate.
    """
    source = shown_as or str(path)
    data = _yaml(path, source)
    if isinstance(data, dict) and "extends" in data:
        data = _extended(data, path, source)
    return parse_framework(data, source)


# --------------------------------------------------------------------------- supplied tables

#: The columns of a framework table: one row per indicator and period.
TABLE_COLUMNS = ("indicator", "period", "value", "base", "source")

_PERIOD = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}|\d{2}-\d{2}))?$")


def period_end(period: str) -> date | None:
    """The last day of a period written as ``2019``, ``2019-H1``, ``2019-Q3``, ``2019-06`` or a date."""
    found = _PERIOD.match(period.strip())
    if not found:
        return None
    year, part = int(found.group(1)), found.group(2)
    if part is None:
        return date(year, 12, 31)
    if part.startswith("H"):
        month = 6 * int(part[1])
    elif part.startswith("Q"):
        month = 3 * int(part[1])
    elif len(part) == 2:
        month = int(part)
    else:
        try:
            return date.fromisoformat(f"{year}-{part}")
        except ValueError:
            return None
    if not 1 <= month <= 12:
        return None
    return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).date()


def parse_tables(raw: pd.DataFrame, framework: Framework, file: str) -> pd.DataFrame:
    """Check a framework table (text cells, spreadsheet row numbers as index) and type it.

    Returns
    -------
    pandas.DataFrame
        ``indicator``, ``period``, ``period_end`` (date), ``value`` (float),
        ``base`` (Int64, empty when not given), ``source``.

    Raises
    ------
    InputError
        Naming the file, column and row of the first problem, and what was expected.
    """
    from evalkit.errors import InputError
    from evalkit.io import normal_header

    raw = raw.rename(columns=normal_header)
    missing = [c for c in TABLE_COLUMNS if c not in raw.columns]
    if missing:
        raise InputError(file, f"required column missing: {', '.join(missing)}",
                         column=missing[0], expected="the columns " + ", ".join(TABLE_COLUMNS))
    tabled = {i.id: i for i in framework.of_kind("table")}
    rows = []
    for row, cells in raw.iterrows():
        name = (cells["indicator"] or "").strip()
        if name not in tabled:
            raise InputError(file, f"unknown indicator {name!r}", column="indicator", rows=[row],
                             expected="an indicator of the framework with a table source: "
                                      + ", ".join(tabled))
        indicator = tabled[name]
        end = period_end(cells["period"] or "")
        if end is None:
            raise InputError(file, "not a period", column="period", rows=[row],
                             expected="a year (2019), half-year (2019-H2), quarter (2019-Q3), "
                                      "month (2019-06) or date (2019-12-31)")
        try:
            value = float(str(cells["value"]).replace(",", "."))
        except ValueError:
            value = float("nan")
        low, high = indicator.bounds
        if not low <= value <= high:
            raise InputError(file, "value missing or outside the indicator's range", column="value",
                             rows=[row], expected=f"a number from {low:g} to {high:g} for "
                                                  f"{name} ({indicator.unit}; a share as 0.42)")
        base = cells["base"]
        if base is None and indicator.unit == "share":
            raise InputError(file, "a share without its base", column="base", rows=[row],
                             expected="the number of people the share is of (respondents)")
        if base is not None and not str(base).strip().isdigit():
            raise InputError(file, "not a whole number", column="base", rows=[row],
                             expected="the number of people the figure is about")
        if not cells["source"]:
            raise InputError(file, "a figure without its source", column="source", rows=[row],
                             expected="where the figure comes from, such as 'GGD "
                                      "Gezondheidsmonitor 2020'")
        rows.append({"indicator": name, "period": cells["period"].strip(), "period_end": end,
                     "value": value, "base": None if base is None else int(base),
                     "source": cells["source"]})
    out = pd.DataFrame(rows, columns=["indicator", "period", "period_end", "value", "base",
                                      "source"])
    out["base"] = out["base"].astype("Int64")
    return out.sort_values(["indicator", "period_end"], kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------- values


def _share(mask: pd.Series, base: pd.Index, threshold: int) -> dict:
    from evalkit.national import wilson_interval

    count, people = int(mask.sum()), len(base)
    low, high = (float(v) for v in wilson_interval(count, max(people, 1)))
    shown = people >= threshold
    return {"base": people, "count": count, "value": count / people if shown else np.nan,
            "lower": low if shown else np.nan, "upper": high if shown else np.nan}


def _median_wait(start: pd.Series, end: pd.Series, day: date, threshold: int,
                 censor_at: pd.Series | None = None) -> tuple[dict, pd.Index]:
    from evalkit import survival

    frame = survival.durations(start, end, day, censor_at=censor_at)
    if len(frame) < threshold or frame.empty:
        return {"base": len(frame), "count": np.nan, "value": np.nan, "lower": np.nan,
                "upper": np.nan}, frame.index
    median = survival.median_time(survival.kaplan_meier(frame["duration"], frame["observed"]),
                                  threshold)
    return {"base": len(frame), "count": np.nan,
            **{k: np.nan if v is None else float(v) for k, v in
               (("value", median.median), ("lower", median.lower), ("upper", median.upper))}
            }, frame.index


def computed(at: list, functions: list[str], *, threshold: int, reps: int, seed: int
             ) -> tuple[pd.DataFrame, dict]:
    """The monitoring-file indicators of a framework at each peildatum, with their people.

    Parameters
    ----------
    at : list of series.AtDate
        The file at each peildatum (``series.views``; one view for a single run).
    functions : list of str
        The ``COMPUTED`` functions the framework names.
    threshold, reps, seed : int
        Disclosure threshold; resamples and seed of the bootstrap intervals.

    Returns
    -------
    table, members : pandas.DataFrame, dict
        ``function``, ``peildatum``, ``base``, ``count`` (only for a share of
        counts), ``value``, ``lower``, ``upper``; members keyed
        ``((function, peildatum), column)``.
    """
    from evalkit import outflow, series
    from evalkit.schema import column_state

    wanted = set(functions)
    rows, members = [], {}

    def add(function: str, day: str, row: dict, people, counted=None) -> None:
        rows.append({"function": function, "peildatum": day, **row})
        members[((function, day), "base")] = people
        if counted is not None:
            members[((function, day), "count")] = counted

    from_series = wanted & set(series.INDICATORS)
    if from_series:
        table, found = series.indicators(at, threshold=threshold, reps=reps, seed=seed)
        for row in table[table["indicator"].isin(from_series)].to_dict("records"):
            add(row["indicator"], row["peildatum"],
                {"base": row["people"], "count": row["count"], "value": row["value"],
                 "lower": row["lower"], "upper": row["upper"]},
                found[(row["key"], "people")], found.get((row["key"], "count")))
    for view in at:
        clients, status, day = view.clients, view.facts["status"], view.key
        if "share_left_education" in wanted:
            mine = status.eq("left_education").fillna(False)
            add("share_left_education", day, _share(mine, status.index, threshold),
                status.index, status.index[mine.to_numpy(dtype=bool)])
        if "cif_education_24" in wanted and len(view.events) >= threshold:
            group = outflow.whole_group(view.events, clients, status, threshold=threshold,
                                        reps=reps, seed=seed)
            row = group[group["indicator"] == "cif_education_24"].iloc[0]
            add("cif_education_24", day, {"base": int(row["people"]), "count": np.nan,
                                          "value": row["value"], "lower": row["lower"],
                                          "upper": row["upper"]}, view.events.index)
        if "share_language_b1" in wanted and not column_state(clients, "language_level"):
            level = clients["language_level"]
            known = level.notna() & level.ne("unknown")
            base = clients.index[known.to_numpy(dtype=bool)]
            mine = level[known].isin(LANGUAGE_B1)
            add("share_language_b1", day, _share(mine, base, threshold), base,
                base[mine.to_numpy(dtype=bool)])
        for function, start, end in (("median_wait_permit_housing", "permit_date", "housing_date"),
                                     ("median_wait_housing_known", "housing_date",
                                      "known_to_team_date")):
            if function in wanted and not (column_state(clients, start)
                                           or column_state(clients, end)):
                row, people = _median_wait(clients[start], clients[end], view.day, threshold,
                                           censor_at=None if end == "housing_date"
                                           else clients["outflow_date"])
                add(function, day, row, people)
    return pd.DataFrame(rows, columns=["function", "peildatum", "base", "count", "value", "lower",
                                       "upper"]), members


VALUE_COLUMNS = ["key", "indicator", "domain", "kind", "unit", "peildatum", "period", "base",
                 "count", "value", "lower", "upper", "tied", "source"]


def values(framework: Framework, at: list, *, threshold: int, reps: int, seed: int,
           tables: pd.DataFrame | None = None, signals: pd.DataFrame | None = None
           ) -> tuple[pd.DataFrame, dict]:
    """Every indicator of the framework at every peildatum, in framework order, with its people.

    A monitoring indicator is computed from the file as it was on the
    peildatum; a table indicator takes the latest period that ended by the
    peildatum (its ``period`` says which); a signals indicator counts the
    signals dated in the twelve months up to the peildatum. An indicator
    with nothing by a peildatum gets a row without a value (``no_data``).

    Returns
    -------
    table, members : pandas.DataFrame, dict
        ``VALUE_COLUMNS``; ``tied`` marks the shares of two published counts,
        whose value is blanked wherever a count is hidden. Members are keyed
        ``(key, column)`` for the monitoring indicators (the people of the
        file); supplied figures and signals count nobody in the file.
    """
    from evalkit.national import wilson_interval

    functions = sorted({i.source.function for i in framework.of_kind("monitoring")})
    found, found_members = computed(at, functions, threshold=threshold, reps=reps, seed=seed)
    by_function = {(r["function"], r["peildatum"]): r for r in found.to_dict("records")}
    rows, members = [], {}
    for indicator in framework.indicators:
        kind = indicator.source.kind
        for view in at:
            day = view.key
            key = f"{indicator.id} {day}"
            row = {"key": key, "indicator": indicator.id, "domain": indicator.domain,
                   "kind": kind, "unit": indicator.unit, "peildatum": day, "period": "",
                   "base": np.nan, "count": np.nan, "value": np.nan, "lower": np.nan,
                   "upper": np.nan, "tied": False, "source": ""}
            if kind == "monitoring":
                done = by_function.get((indicator.source.function, day))
                if done is not None:
                    row.update({c: done[c] for c in ("base", "count", "value", "lower", "upper")})
                    row["tied"] = not pd.isna(done["count"])
                    for column in ("base", "count"):
                        people = found_members.get(((indicator.source.function, day), column))
                        if people is not None:
                            members[(key, column)] = people
                row["source"] = "monitoring"
            elif kind == "table" and tables is not None:
                mine = tables[(tables["indicator"] == indicator.id)
                              & (tables["period_end"] <= view.day)]
                if not mine.empty:
                    last = mine.iloc[-1]
                    base = last["base"]
                    row.update(period=last["period"], source=last["source"], value=last["value"])
                    if not pd.isna(base):
                        row["base"] = int(base)
                        if int(base) < threshold:
                            row["value"] = np.nan
                        elif indicator.unit == "share":
                            count = int(round(last["value"] * int(base)))
                            low, high = wilson_interval(count, int(base))
                            row.update(lower=float(low), upper=float(high))
            elif kind == "signals" and signals is not None:
                end = pd.Timestamp(view.day)
                mine = signals[(signals["domain"] == indicator.domain)
                               & (signals["date"] > end - pd.DateOffset(years=1))
                               & (signals["date"] <= end)]
                if indicator.source.themes:
                    mine = mine[mine["theme"].isin(indicator.source.themes)]
                row.update(value=float(len(mine)), source="signals")
            rows.append(row)
    return pd.DataFrame(rows, columns=VALUE_COLUMNS), members


def _number(text: object) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return float("nan")


def state(indicator: Indicator, value: float, lower: float, upper: float) -> str:
    """Where an indicator stands: against its target (interval-aware), or why it cannot be judged."""
    from evalkit.series import target_state

    if pd.isna(value):
        return "no_data"
    if indicator.source.kind == "signals":
        return "signals"
    if indicator.target is None:
        return "no_target"
    return target_state(value, lower, upper, indicator.target.value,
                        "at_least" if indicator.at_least else "at_most")


def with_states(framework: Framework, written: pd.DataFrame) -> pd.DataFrame:
    """The published indicator table (text cells) with numbers back and each row's ``state``."""
    out = written.copy()
    for column in ("value", "lower", "upper"):
        out[column] = [_number(v) for v in written[column]]
    out["state"] = [state(framework.indicator(r["indicator"]), r["value"], r["lower"], r["upper"])
                    for r in out.to_dict("records")]
    return out


def latest(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the last peildatum of a values table."""
    return table[table["peildatum"] == table["peildatum"].max()].reset_index(drop=True)


def domain_table(framework: Framework, states: pd.DataFrame) -> pd.DataFrame:
    """Per domain: its group, the pillars aiming at it, its indicators by state, and blind spots.

    ``states`` is ``with_states`` of the last peildatum. A domain is
    *measured* when one of its indicators has a value (signals counted as
    measured only when there are any); a *blind spot* (blinde vlek) is a
    domain a policy pillar names that nothing measures.
    """
    rows = []
    for domain in DOMAINS_2019:
        mine = states[states["domain"] == domain]
        counts = {s: int((mine["state"] == s).sum()) for s in STATES}
        signals = mine[mine["state"] == "signals"]
        with_signals = bool((signals["value"] > 0).any()) if not signals.empty else False
        measured = (len(mine) - counts["no_data"] - counts["signals"]) > 0 or with_signals
        pillars = framework.pillars_of(domain)
        rows.append({"domain": domain, "group": DOMAINS_2019[domain],
                     "pillars": " ".join(p.id for p in pillars), "indicators": len(mine),
                     **counts, "measured": measured,
                     "blind_spot": bool(pillars) and not measured})
    return pd.DataFrame(rows)


def blind_spots(domains: pd.DataFrame) -> list[str]:
    """The domains a pillar names that nothing measures, in wheel order."""
    return list(domains.loc[domains["blind_spot"].astype(str).str.lower() == "true", "domain"])


# --------------------------------------------------------------------------- what the stage shows

_DECIMALS = {"share": 1, "days": 0, "months": 1, "count": 0, "ratio": 2, "score": 1}


def value_text(unit: str, value: float, lower: float, upper: float, lang: str) -> str:
    """A value of an indicator as the report writes it, with its interval when it has one."""
    from evalkit.publish import format_estimate

    text = format_estimate(value, lower, upper, lang=lang, decimals=_DECIMALS[unit],
                           percent=unit == "share", missing_key="fw_state.no_data")
    if unit != "share" or pd.isna(value):
        return text
    point, _, interval = text.partition(" ")
    return f"{point}%" + (f" {interval}" if interval else "")


def target_text(indicator: Indicator, lang: str) -> str:
    """The target with its direction (``ten minste 25,0%``), or a dash."""
    from evalkit import labels

    if indicator.target is None:
        return labels.t("value.none", lang)
    direction = labels.t("target_direction." + ("at_least" if indicator.at_least else "at_most"),
                         lang)
    return f"{direction} {value_text(indicator.unit, indicator.target.value, None, None, lang)}"


def _source_text(row: dict, lang: str) -> str:
    from evalkit import labels

    if row["kind"] == "table":
        return row["source"] or labels.t("value.none", lang)
    return labels.t(f"fw_source.{row['kind']}", lang)


def _period_text(row: dict, lang: str) -> str:
    from evalkit import labels

    if row["kind"] == "table":
        return row["period"] or labels.t("value.none", lang)
    if row["kind"] == "signals":
        return labels.t("fw.last_twelve_months", lang)
    return labels.format_date(date.fromisoformat(row["peildatum"]), lang)


def indicator_view(framework: Framework, states: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The indicator table for readers, grouped by domain in wheel order."""
    from evalkit import labels

    rows = []
    for row in states.to_dict("records"):
        indicator = framework.indicator(row["indicator"])
        domain = framework.domains[row["domain"]]
        rows.append({
            "group": labels.t(f"fw_group.{DOMAINS_2019[row['domain']]}", lang),
            "domain": domain.get(lang), "indicator": indicator.get(lang),
            "value": (labels.t("fw.signals_count", lang, n=int(row["value"]))
                      if row["kind"] == "signals" and not pd.isna(row["value"])
                      else value_text(indicator.unit, row["value"], row["lower"], row["upper"],
                                      lang)),
            "base": row["base"] or labels.t("value.none", lang),
            "period": _period_text(row, lang), "target": target_text(indicator, lang),
            "state": labels.t(f"fw_state.{row['state']}", lang),
            "source": _source_text(row, lang)})
    order = {d: i for i, d in enumerate(DOMAINS_2019)}
    frame = pd.DataFrame(rows)
    frame["_order"] = [order[d] for d in states["domain"]]
    frame = frame.sort_values("_order", kind="mergesort").drop(columns="_order")
    return labels.label_table(frame, lang, headers={
        "group": "col.group_2019", "domain": "col.domain", "indicator": "col.indicator",
        "value": "col.value", "base": "col.base_people", "period": "col.period",
        "target": "col.target", "state": "col.state", "source": "col.source"})


def domain_view(framework: Framework, domains: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The domain table for readers: pillars, indicators by state, measured, blind spot."""
    from evalkit import labels

    yes, no = labels.t("value.yes", lang), labels.t("value.no", lang)
    pillars = {p.id: p.get(lang) for p in framework.pillars}
    frame = pd.DataFrame({
        "group": [labels.t(f"fw_group.{g}", lang) for g in domains["group"]],
        "domain": [framework.domains[d].get(lang) for d in domains["domain"]],
        "pillars": [", ".join(pillars[p] for p in str(v).split()) or labels.t("value.none", lang)
                    for v in domains["pillars"].fillna("")],
        "indicators": domains["indicators"],
        **{s: domains[s] for s in STATES},
        "measured": [yes if str(v).lower() == "true" else no for v in domains["measured"]],
        "blind_spot": [yes if str(v).lower() == "true" else no for v in domains["blind_spot"]],
    })
    return labels.label_table(frame, lang, headers={
        "group": "col.group_2019", "domain": "col.domain", "pillars": "col.pillars",
        "indicators": "col.indicators", **{s: f"fw_state.{s}" for s in STATES},
        "measured": "col.measured", "blind_spot": "col.blind_spot"})


def wheel_figure(framework: Framework, states: pd.DataFrame, domains: pd.DataFrame, lang: str):
    """The indicator wheel of a framework at the last peildatum (``figures.indicator_wheel``)."""
    from evalkit import figures, labels

    entries = []
    for row in domains.to_dict("records"):
        mine = states[states["domain"] == row["domain"]]
        entries.append((row["group"], framework.domains[row["domain"]].get(lang),
                        list(mine["state"]), bool(row["pillars"]),
                        str(row["blind_spot"]).lower() == "true"))
    return figures.indicator_wheel(
        entries, [(g, labels.t(f"fw_group.{g}", lang)) for g in GROUPS],
        {s: labels.t(f"fw_state.{s}", lang) for s in STATES},
        policy_label=labels.t("fw.wheel_policy", lang),
        blind_label=labels.t("fw.wheel_blind", lang), empty_label=labels.t("fw.wheel_empty", lang))


def intro(framework: Framework, lang: str) -> str:
    """The sentence that opens the stage: which framework, on what it is based, how much it holds."""
    from evalkit import labels

    measured = {i.domain for i in framework.indicators}
    return labels.t("fw.intro", lang, name=framework.name.get(lang), based_on=framework.based_on,
                    indicators=len(framework.indicators), domains=len(measured),
                    pillars=len(framework.pillars))


def blind_spot_sentence(framework: Framework, domains: pd.DataFrame, lang: str) -> str:
    """One sentence naming the blind spots, or saying there are none (or that no pillars are given)."""
    from evalkit import labels

    if not framework.pillars:
        return labels.t("fw.no_pillars", lang)
    spots = [framework.domains[d].get(lang) for d in blind_spots(domains)]
    unnamed = [framework.domains[d].get(lang) for d in domains["domain"]
               if not framework.pillars_of(d)]
    text = (labels.t("fw.blind_spots", lang, domains=", ".join(spots)) if spots
            else labels.t("fw.no_blind_spots", lang))
    if unnamed:
        text += " " + labels.t("fw.not_in_policy", lang, domains=", ".join(unnamed))
    return text


def trends_view(framework: Framework, states: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The framework's indicators of a series for readers: one row each, one column per peildatum."""
    from evalkit import labels

    days = sorted(states["peildatum"].unique())
    rows = []
    for indicator in framework.indicators:
        mine = states[states["indicator"] == indicator.id].set_index("peildatum")
        row = {labels.t("col.domain", lang): framework.domains[indicator.domain].get(lang),
               labels.t("col.indicator", lang): indicator.get(lang)}
        for day in days:
            r = mine.loc[day]
            row[labels.format_date(date.fromisoformat(day), lang)] = (
                labels.t("fw.signals_count", lang, n=int(r["value"]))
                if r["kind"] == "signals" and not pd.isna(r["value"])
                else value_text(indicator.unit, r["value"], r["lower"], r["upper"], lang))
        row[labels.t("col.target", lang)] = target_text(indicator, lang)
        row[labels.t("col.state", lang)] = labels.t(f"fw_state.{mine.loc[days[-1], 'state']}",
                                                    lang)
        rows.append(row)
    return pd.DataFrame(rows)


def trend_rows(framework: Framework, states: pd.DataFrame) -> list[str]:
    """The indicators of a series with a value at two or more peildata, in framework order."""
    valued = states[states["value"].notna() & (states["kind"] != "signals")]
    counts = valued.groupby("indicator").size()
    return [i.id for i in framework.indicators if counts.get(i.id, 0) >= 2]


def trends_figure(framework: Framework, states: pd.DataFrame, lang: str):
    """Every indicator with a trend in a series, one small panel each, its target dashed."""
    from evalkit import figures, labels

    panels = []
    for name in trend_rows(framework, states):
        indicator = framework.indicator(name)
        mine = states[states["indicator"] == name]
        panels.append((indicator.get(lang), [date.fromisoformat(d) for d in mine["peildatum"]],
                       list(mine["value"]), list(mine["lower"]), list(mine["upper"]),
                       indicator.unit == "share",
                       None if indicator.target is None else indicator.target.value))
    return figures.small_trends(panels, lang=lang, empty=labels.t("fw.no_trends", lang))
