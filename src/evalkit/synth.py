"""Synthetic monitoring files, calibrated to the published Eindhoven margins.

The example file is made here, never by hand: ``make_example()`` with the fixed
seed always gives the same 1000 people, and ``to_csv_bytes`` always gives the
same bytes. Every person is invented; no row describes a real person.

Calibration (the published margins, listed in ``data/raw/README.md``), reference date
31 January 2020, 1000 people:

* status (Tabel 3): 290 left for work (29%), 41 for education (4.1%), 107 other
  outflow (10.7%, of which 6 in 2016 and 12 in January 2020), 467 in support
  (46.7%), 60 known but not picked up (6%), 35 not known to the team (3.5%);
* outflow reasons September 2017 to December 2019 (Tabel 4): 241 full-time,
  49 part-time, 41 education, 89 other, 420 in all; per year 24, 218 and 178
  (caseload table of 4.4.3), with 106 full-time and 31 part-time in 2019 (the
  cost-benefit inputs of 4.4.2);
* intake into the programme (caseload table): 119 from September 2017, 360 in
  2018, 360 in 2019 and 60 in January 2020, which gives 899 picked up (Tabel 2);
* composition (Divosa Benchmark 2019 via KplusV): 650 Syrian, 150 Eritrean,
  600 men, 870 aged 44 or younger in the reference year;
* interventions (4.3.4): Refugee Team 65 (13 of them working), Werkclub 57
  (36 working), BBL 16; employer projects (Tabel 5): PostNL 16, DAF 28,
  Gascogne 8, DHL 11, Philips 12; WGT mediation in 2019 (Tabel 6): 56 of 137
  outflows to work, by sector as published.
"""

from __future__ import annotations

import bisect
import io as _stdio
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from evalkit.schema import COLUMN_NAMES, DATE_COLUMNS

#: The columns the examples are written with: birth years, so no recorded age band.
WRITTEN = tuple(c for c in COLUMN_NAMES if c != "age_band")

EXAMPLE_SEED = 20200131
EXAMPLE_REFERENCE_DATE = date(2020, 1, 31)
EXAMPLE_PROGRAMME_START = date(2017, 9, 1)
EXAMPLE_MUNICIPALITY_CODE = "GM0772"

# Outflow of programme participants per period and reason group.
_PROGRAMME_OUTFLOW = {
    # period: (first day, last day, {reason: count})
    "2017": (date(2017, 10, 15), date(2017, 12, 31),
             {"fulltime_work": 12, "parttime_work": 2, "education": 3, "other": 7}),
    "2018": (date(2018, 1, 1), date(2018, 12, 31),
             {"fulltime_work": 123, "parttime_work": 16, "education": 24, "other": 55}),
    "2019": (date(2019, 1, 1), date(2019, 12, 31),
             {"fulltime_work": 106, "parttime_work": 31, "education": 14, "other": 27}),
    "2020": (date(2020, 1, 2), date(2020, 1, 31), {"other": 12}),
}
_EARLY_OUTFLOW = 6  # left benefits in 2016, before the approach started
_IN_SUPPORT = 467
_KNOWN_NOT_PICKED_UP = {"malg_list": 30, "wij_referral": 16, "housing_quota": 14}
_NOT_KNOWN = 35

_INTAKE_SLOTS = [
    (date(2017, 9, 1), date(2017, 12, 31), 119),
    (date(2018, 1, 1), date(2018, 12, 31), 360),
    (date(2019, 1, 1), date(2019, 12, 31), 360),
    (date(2020, 1, 1), date(2020, 1, 31), 60),
]

# The 107 "other" exits, split as footnote 39 of the evaluation describes them.
_OTHER_REASONS = {
    "partner_income": 26,
    "own_business": 4,
    "moved": 9,
    "pension_age": 10,
    "obligations_not_met": 14,
    "other": 34,
    "unknown": 10,
}

_COUNTRIES = {
    "Syria": 650,
    "Eritrea": 150,
    "Afghanistan": 55,
    "Iran": 40,
    "Iraq": 35,
    "Somalia": 30,
    "Turkey": 25,
    "Yemen": 15,
}
_MEN = 600
_AGED_44_OR_YOUNGER = 870

_EDUCATION = {"none": 0.15, "primary": 0.20, "secondary": 0.25, "mbo": 0.12,
              "hbo": 0.10, "wo": 0.08, "unknown": 0.10}
_LANGUAGE = {"A0": 0.10, "A1": 0.25, "A2": 0.30, "B1": 0.20, "B2": 0.07,
             "C1": 0.02, "unknown": 0.06}
_EMPLOYER_PROJECTS = {"PostNL": 16, "DAF": 28, "Gascogne": 8, "DHL": 11, "Philips": 12}
_WGT_2019_SECTORS = {"construction": 4, "technical": 13, "care": 12, "logistics": 7,
                     "cleaning": 11, "hospitality_retail": 8, "business_services": 1}
_WGT_2019_FULLTIME = 32
_WGT_2019_PARTTIME = 24
_WGT_2019_PROJECT = 22
_SECTOR_WEIGHTS = {"construction": 0.08, "technical": 0.22, "care": 0.18, "logistics": 0.17,
                   "cleaning": 0.18, "hospitality_retail": 0.14, "business_services": 0.03}


@dataclass
class _People:
    """Columns under construction, one list entry per person."""

    n: int
    cols: dict[str, list] = field(default_factory=dict)

    def col(self, name: str, fill=None) -> list:
        return self.cols.setdefault(name, [fill] * self.n)


def _days(rng: np.random.Generator, low: int, high: int) -> timedelta:
    return timedelta(days=int(rng.integers(low, high + 1)))


def _uniform_dates(rng: np.random.Generator, first: date, last: date, n: int) -> list[date]:
    span = (last - first).days
    return sorted(first + timedelta(days=int(d)) for d in rng.integers(0, span + 1, size=n))


def _spread(rng: np.random.Generator, counts: dict[str, int]) -> list[str]:
    """Exactly ``counts[k]`` copies of each key, in random order."""
    values = [k for k, c in counts.items() for _ in range(c)]
    return [values[i] for i in rng.permutation(len(values))]


def _draw(rng: np.random.Generator, weights: dict[str, float], n: int) -> list[str]:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return [keys[i] for i in rng.choice(len(keys), size=n, p=p / p.sum())]


def make_example(seed: int = EXAMPLE_SEED) -> pd.DataFrame:
    """Make the synthetic example monitoring file of 1000 people.

    Parameters
    ----------
    seed : int
        Seed of the random generator; the default gives the committed example.

    Returns
    -------
    pandas.DataFrame
        One row per person, columns of the input contract (``schema.COLUMNS``),
        dates as ``datetime.date`` or None, sorted by ``client_id``.
    """
    rng = np.random.default_rng(seed)
    ref = EXAMPLE_REFERENCE_DATE
    start = EXAMPLE_PROGRAMME_START

    # 1. Who is who: exact counts per status and outflow reason.
    groups: list[tuple[str, str | None, str | None]] = []  # (status, period, reason group)
    groups += [("early_outflow", "2016", "other")] * _EARLY_OUTFLOW
    for period, (_, _, reasons) in _PROGRAMME_OUTFLOW.items():
        for reason, count in reasons.items():
            groups += [("programme_outflow", period, reason)] * count
    groups += [("in_support", None, None)] * _IN_SUPPORT
    for source, count in _KNOWN_NOT_PICKED_UP.items():
        groups += [("known_not_picked_up", source, None)] * count
    groups += [("not_known", None, None)] * _NOT_KNOWN
    n = len(groups)
    people = _People(n)

    # 2. Outflow dates and reasons.
    outflow = people.col("outflow_date")
    reason = people.col("outflow_reason")
    other_reasons = iter(_spread(rng, _OTHER_REASONS))
    for i, (status, period, group) in enumerate(groups):
        if status == "early_outflow":
            outflow[i] = date(2016, 1, 1) + _days(rng, 30, 360)
        elif status == "programme_outflow":
            first, last, _ = _PROGRAMME_OUTFLOW[period]
            outflow[i] = first + _days(rng, 0, (last - first).days)
        if group == "other":
            reason[i] = next(other_reasons)
        elif group is not None:
            reason[i] = group

    # 3. Intake: fixed slots per year; leavers take the slots first, each one
    #    at least three weeks before its outflow; the rest are still in support.
    slots: list[date] = []
    for first, last, count in _INTAKE_SLOTS:
        slots += _uniform_dates(rng, first, last, count)
    intake = people.col("intake_date")
    leavers = sorted(
        (i for i, g in enumerate(groups) if g[0] == "programme_outflow"),
        key=lambda i: (outflow[i], i),
    )
    if slots != sorted(slots):
        raise RuntimeError("synthetic calibration: intake periods overlap or are out of order")
    for i in leavers:
        # the slots stay in date order, so the feasible ones are the first ``feasible``
        feasible = bisect.bisect_right(slots, outflow[i] - timedelta(days=21))
        if not feasible:
            raise RuntimeError("synthetic calibration infeasible: too few early intakes")
        intake[i] = slots.pop(int(rng.integers(feasible)))
    supported = [i for i, g in enumerate(groups) if g[0] == "in_support"]
    if len(slots) != len(supported):
        raise RuntimeError("synthetic calibration: intake slots do not match the caseload")
    for i, k in zip(supported, rng.permutation(len(slots)), strict=True):
        intake[i] = slots[k]

    # 4. Housing, benefit start, permit and "known to the team" dates.
    housing = people.col("housing_date")
    benefit = people.col("benefit_start_date")
    permit = people.col("permit_date")
    known = people.col("known_to_team_date")
    earliest_housing = date(2015, 1, 5)
    for i, (status, period, _) in enumerate(groups):
        if intake[i] is not None:
            lag = _days(rng, 60, 1000 if intake[i].year <= 2018 else 700)
            housing[i] = max(earliest_housing, intake[i] - lag)
            lower = max(housing[i] + _days(rng, 7, 60), start - _days(rng, 0, 30))
            known[i] = min(lower, intake[i])
        elif status == "early_outflow":
            housing[i] = date(2015, 1, 5) + _days(rng, 0, 150)
        elif status == "known_not_picked_up":
            if period == "housing_quota":  # recently housed ("taakstellers")
                housing[i] = date(2019, 10, 1) + _days(rng, 0, 91)
            else:
                housing[i] = date(2016, 1, 1) + _days(rng, 0, 1400)
            known[i] = min(max(housing[i] + _days(rng, 7, 60), start), ref)
        else:  # not known to the team
            housing[i] = date(2015, 3, 1) + _days(rng, 0, 1700)
        benefit[i] = min(housing[i] + _days(rng, 0, 42), ref)
        if known[i] is not None and known[i] < benefit[i]:
            known[i] = benefit[i]
        permit[i] = housing[i] - _days(rng, 60, 365)

    # 5. Trajectories: a voortraject for most who were picked up, then for about
    #    half of them a vervolgtraject; neither after outflow or the reference date.
    pre = people.col("pre_trajectory_start")
    follow = people.col("follow_trajectory_start")
    for i in range(n):
        if intake[i] is None or rng.random() > 0.75:
            continue
        end = min(ref, outflow[i]) if outflow[i] is not None else ref
        candidate = intake[i] + _days(rng, 7, 90)
        if candidate <= end:
            pre[i] = candidate
            if rng.random() < 0.55:
                later = candidate + _days(rng, 84, 144)
                if later <= end:
                    follow[i] = later

    # 6. Route (the ABC plan) for everyone picked up.
    route = people.col("route")
    base_routes = {"work": 0.40, "education": 0.15, "activation": 0.30,
                   "social_participation": 0.15}
    for i in range(n):
        if intake[i] is None:
            continue
        if reason[i] in ("fulltime_work", "parttime_work"):
            route[i] = "work" if rng.random() < 0.85 else "activation"
        elif reason[i] == "education":
            route[i] = "education"
        else:
            route[i] = _draw(rng, base_routes, 1)[0]

    # 7. Work exits: mediation channel, sector, employer projects, interventions.
    mediated = people.col("mediated_by")
    sector = people.col("sector")
    project = people.col("employer_project")
    interventions = people.col("interventions")
    work = [i for i in leavers if reason[i] in ("fulltime_work", "parttime_work")]
    work_2019 = [i for i in work if outflow[i].year == 2019]
    ft = [i for i in work_2019 if reason[i] == "fulltime_work"]
    pt = [i for i in work_2019 if reason[i] == "parttime_work"]
    wgt = (list(rng.choice(ft, _WGT_2019_FULLTIME, replace=False))
           + list(rng.choice(pt, _WGT_2019_PARTTIME, replace=False)))
    wgt = [int(i) for i in wgt]
    wgt_sectors = _spread(rng, _WGT_2019_SECTORS)
    for i, s in zip(wgt, wgt_sectors, strict=True):
        mediated[i] = "wgt"
        sector[i] = s
    for i in work:
        if mediated[i] is None:
            mediated[i] = _draw(rng, {"wgt": 0.3, "team": 0.45, "own_network": 0.25}, 1)[0]
            if i in work_2019 and mediated[i] == "wgt":
                mediated[i] = "team"  # the 2019 WGT count is fixed by Tabel 6
            sector[i] = _draw(rng, _SECTOR_WEIGHTS, 1)[0]
    projects = _spread(rng, _EMPLOYER_PROJECTS)
    wgt_project = [wgt[k] for k in rng.permutation(len(wgt))[:_WGT_2019_PROJECT]]
    rest_pool = [i for i in work if i not in set(wgt) and outflow[i].year >= 2018]
    rest = [rest_pool[k] for k in rng.permutation(len(rest_pool))[: len(projects) - len(wgt_project)]]
    for i, name in zip(sorted(wgt_project) + sorted(rest), projects, strict=True):
        project[i] = name

    picked_up = [i for i in range(n) if intake[i] is not None]
    working = set(work)
    in_support = [i for i in picked_up if outflow[i] is None]
    used: set[int] = set()

    def assign(pool: list[int], count: int, label: str) -> None:
        pool = [i for i in pool if i not in used]
        for k in rng.permutation(len(pool))[:count]:
            interventions[pool[k]] = label
            used.add(pool[k])

    assign([i for i in work if reason[i] == "fulltime_work" and project[i] is None], 16, "bbl")
    assign(sorted(working), 36, "werkclub")
    assign(in_support, 57 - 36, "werkclub")
    assign(sorted(working), 13, "refugee_team")
    assign([i for i in picked_up if i not in working], 65 - 13, "refugee_team")

    # 8. Durability: some who left for work came back on benefits.
    back = people.col("return_to_benefit_date")
    for i in work:
        if rng.random() < 0.12:
            candidate = outflow[i] + _days(rng, 60, 540)
            if candidate <= ref:
                back[i] = candidate

    # 9. Composition: sex, origin, age, education and language level.
    people.cols["sex"] = ["M"] * _MEN + ["V"] * (n - _MEN)
    people.cols["sex"] = [people.cols["sex"][k] for k in rng.permutation(n)]
    people.cols["country_of_origin"] = _spread(rng, _COUNTRIES)
    pension = [i for i in range(n) if reason[i] == "pension_age"]
    others = [i for i in range(n) if reason[i] != "pension_age"]
    older = set(pension) | {others[k] for k in
                            rng.permutation(len(others))[: n - _AGED_44_OR_YOUNGER - len(pension)]}
    birth = people.col("birth_year")
    for i in range(n):
        if i in pension:
            birth[i] = outflow[i].year - 67
        elif i in older:
            birth[i] = ref.year - int(rng.integers(45, 64))
        else:
            age = int(round(rng.triangular(19, 27, 44)))
            age = max(age, 18 + ref.year - housing[i].year)
            birth[i] = ref.year - age
    people.cols["education_level"] = _draw(rng, _EDUCATION, n)
    people.cols["language_level"] = _draw(rng, _LANGUAGE, n)
    people.cols["municipality_code"] = [EXAMPLE_MUNICIPALITY_CODE] * n

    # 10. Pseudonyms: random, unique, never shaped like a BSN.
    codes = rng.choice(16**8, size=n, replace=False)
    people.cols["client_id"] = [f"EV-{int(c):08X}" for c in codes]

    frame = pd.DataFrame({name: people.cols.get(name, [None] * n) for name in WRITTEN})
    return frame.sort_values("client_id", kind="stable").reset_index(drop=True)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Serialise a synthetic file as the committed CSV: UTF-8, comma, ISO dates, LF.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of ``make_example``.

    Returns
    -------
    bytes
        The file's exact bytes.
    """
    out = frame.copy()
    for col in DATE_COLUMNS:
        out[col] = out[col].map(lambda d: d.isoformat() if d is not None else "")
    out["birth_year"] = out["birth_year"].map(lambda y: "" if y is None else str(int(y)))
    buffer = _stdio.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- the messy twin

_DUTCH_VALUES = {
    "sex": {"M": ["Man", "man", "M", " m"], "V": ["Vrouw", "vrouw", "V", "v "]},
    "education_level": {"none": ["Geen", "geen opleiding"], "primary": ["Basisonderwijs"],
                        "secondary": ["Voortgezet onderwijs", "VO"], "mbo": ["MBO", "Mbo "],
                        "hbo": ["HBO", "hbo"], "wo": ["WO", "Universiteit"],
                        "unknown": ["Onbekend", "onbekend"]},
    "language_level": {c: [c, c.lower(), f" {c}"] for c in ("A0", "A1", "A2", "B1", "B2", "C1")}
    | {"unknown": ["Onbekend"]},
    "route": {"work": ["Werk"], "education": ["Onderwijs"], "activation": ["Activering"],
              "social_participation": ["Maatschappelijke participatie"]},
    "mediated_by": {"wgt": ["WGT"], "team": ["Team", "team"], "own_network": ["Eigen netwerk"]},
    "sector": {"construction": ["Bouw"], "technical": ["Techniek"], "care": ["Zorg"],
               "logistics": ["Transport en logistiek"], "cleaning": ["Schoonmaak"],
               "hospitality_retail": ["Horeca en detailhandel"],
               "business_services": ["Zakelijke dienstverlening"]},
    "outflow_reason": {"fulltime_work": ["Voltijd baan", "voltijd baan "],
                       "parttime_work": ["Deeltijd baan", "deeltijd baan"],
                       "education": ["Opleiding"], "partner_income": ["Inkomen partner"],
                       "own_business": ["Eigen bedrijf"], "moved": ["Verhuisd"],
                       "pension_age": ["AOW"], "obligations_not_met":
                       ["Niet nakomen verplichtingen"], "other": ["Overig"],
                       "unknown": ["Onbekend"]},
    "interventions": {"refugee_team": ["Refugee Team"], "werkclub": ["Werkclub", "werkclub"],
                      "bbl": ["BBL"]},
    "country_of_origin": {"Syria": ["Syrië", "syrië "], "Eritrea": ["Eritrea"],
                          "Afghanistan": ["Afghanistan"], "Iran": ["Iran"], "Iraq": ["Irak"],
                          "Somalia": ["Somalië"], "Turkey": ["Turkije"], "Yemen": ["Jemen"]},
}
_TITLE_ROWS = ("Monitoring vergunninghouders - team Migratie",
               "SYNTHETISCHE VOORBEELDDATA - peildatum 31-01-2020", None)


def make_messy_example(frame: pd.DataFrame | None = None, seed: int = EXAMPLE_SEED) -> bytes:
    """The example people as a team would keep them: an Excel workbook, Dutch throughout.

    Dutch headers, two title rows and a blank row above the header, dates as
    Excel dates or as text in ``dd-mm-jjjj`` and ``d-m-jj``, Dutch labels in
    mixed case with stray spaces, birth years as numbers or as text. Read by
    ``evalkit.io`` it gives exactly the processed data of the clean CSV.

    Parameters
    ----------
    frame : pandas.DataFrame, optional
        The people (``make_example()`` by default).
    seed : int
        Seed of the messiness.

    Returns
    -------
    bytes
        The ``.xlsx`` file; the same bytes for the same people and seed.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from evalkit.schema import DUTCH_HEADERS

    people = make_example() if frame is None else frame
    rng = np.random.default_rng(seed + 1)
    book = Workbook()
    sheet = book.active
    sheet.title = "Monitoring"
    for title in _TITLE_ROWS:
        sheet.append([title])
    sheet.append([DUTCH_HEADERS[c] for c in WRITTEN])
    for record in people.itertuples(index=False):
        row = []
        for column, value in zip(WRITTEN, record, strict=True):
            if value is None or (isinstance(value, float) and np.isnan(value)):
                row.append(None)
            elif column in DATE_COLUMNS:
                style = rng.random()
                if style < 0.5:
                    row.append(datetime(value.year, value.month, value.day))
                elif style < 0.8:
                    row.append(value.strftime("%d-%m-%Y"))
                else:
                    row.append(f"{value.day}-{value.month}-{value.strftime('%y')}")
            elif column == "birth_year":
                row.append(int(value) if rng.random() < 0.7 else f" {int(value)}")
            elif column in _DUTCH_VALUES:
                options = _DUTCH_VALUES[column].get(value, [value])
                text = options[int(rng.integers(len(options)))]
                row.append(f" {text}" if rng.random() < 0.1 else text)
            else:
                row.append(value)
        sheet.append(row)
    for cell in sheet[len(_TITLE_ROWS) + 1]:
        cell.font = Font(bold=True)
    book.properties.creator = "evalkit.synth"
    buffer = _stdio.BytesIO()
    book.save(buffer)
    return stable_xlsx(buffer.getvalue())


def stable_xlsx(data: bytes) -> bytes:
    """Rewrite an .xlsx with fixed times (zip entries, created, modified): same content, same bytes."""
    import re
    import zipfile

    source = zipfile.ZipFile(_stdio.BytesIO(data))
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 31, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 rb"\g<1>2020-01-31T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()


def make_large(n: int, seed: int = EXAMPLE_SEED) -> pd.DataFrame:
    """A large synthetic file for scale tests: the example people repeated, fresh pseudonyms.

    Every copy keeps the example's dates, so the file has the example's margins
    and very many tied times (the hard case for survival estimators).

    Parameters
    ----------
    n : int
        Number of people.
    seed : int
        Seed of the pseudonyms.

    Returns
    -------
    pandas.DataFrame
        ``n`` rows in the input contract's columns.
    """
    base = make_example(seed)
    copies = -(-n // len(base))
    frame = pd.concat([base] * copies, ignore_index=True).iloc[:n].copy()
    rng = np.random.default_rng(seed + 2)
    codes = rng.choice(16**10, size=n, replace=False)
    frame["client_id"] = [f"EV-{int(c):010X}" for c in codes]
    return frame


# --------------------------------------------------------------------------- a whole region

#: The 21 municipalities of the Zuidoost-Brabant labour market region (arbeidsmarktregio),
#: CBS code and a size in people of the synthetic file, roughly by population.
REGION_ZUIDOOST_BRABANT = {
    "GM0743": ("Asten", 24), "GM1724": ("Bergeijk", 26), "GM0753": ("Best", 55),
    "GM1728": ("Bladel", 34), "GM1706": ("Cranendonck", 34), "GM0762": ("Deurne", 53),
    "GM0770": ("Eersel", 30), "GM0772": ("Eindhoven", 600), "GM1771": ("Geldrop-Mierlo", 62),
    "GM1652": ("Gemert-Bakel", 48), "GM1658": ("Heeze-Leende", 26), "GM0794": ("Helmond", 240),
    "GM1659": ("Laarbeek", 36), "GM0820": ("Nuenen, Gerwen en Nederwetten", 38),
    "GM0823": ("Oirschot", 28), "GM1667": ("Reusel-De Mierden", 20), "GM0847": ("Someren", 30),
    "GM0848": ("Son en Breugel", 30), "GM0858": ("Valkenswaard", 50),
    "GM0861": ("Veldhoven", 90), "GM0866": ("Waalre", 22),
}
REGION_SEED = EXAMPLE_SEED + 1


def make_region(seed: int = REGION_SEED,
                municipalities: dict[str, tuple[str, int]] | None = None) -> pd.DataFrame:
    """A synthetic monitoring file for a whole labour market region, one code per municipality.

    Each municipality's people are drawn from its own synthetic example
    (``make_example`` with its own seed), weighted so that municipalities
    differ in how many left for work, as real ones do (a random effect on the
    log-odds scale with standard deviation 0.35). Client ids are fresh and
    unique across the region.

    Parameters
    ----------
    seed : int
        Seed of every draw.
    municipalities : dict, optional
        CBS code to (name, people); the Zuidoost-Brabant region by default.

    Returns
    -------
    pandas.DataFrame
        The input contract's columns, sorted by ``client_id``.
    """
    rng = np.random.default_rng(seed)
    parts = []
    for number, (code, (_, size)) in enumerate(sorted((municipalities
                                                      or REGION_ZUIDOOST_BRABANT).items())):
        base = make_example(seed + number)
        work = base["outflow_reason"].isin(["fulltime_work", "parttime_work"]).to_numpy()
        weight = np.where(work, np.exp(rng.normal(0.0, 0.35)), 1.0)
        chosen = rng.choice(len(base), size=size, replace=False, p=weight / weight.sum())
        part = base.iloc[np.sort(chosen)].copy()
        part["municipality_code"] = code
        parts.append(part)
    region = pd.concat(parts, ignore_index=True)
    codes = rng.choice(16**10, size=len(region), replace=False)
    region["client_id"] = [f"EV-{int(c):010X}" for c in codes]
    return region.sort_values("client_id", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- a second municipality

#: A second, invented municipality, shaped unlike the example on purpose: another size, a later
#: peildatum, the team's own headers and labels, no optional programme columns, and a share of
#: people whose benefit ended before their intake.
OTHER_SEED = EXAMPLE_SEED + 7
OTHER_MUNICIPALITY = "Lingedal"
OTHER_MUNICIPALITY_CODE = "GM9901"  # not a CBS code: no real municipality is described
OTHER_REFERENCE_DATE = date(2024, 12, 31)
OTHER_PROGRAMME_START = date(2022, 1, 1)
OTHER_PEOPLE = 420

#: The team's own headers: most are known Dutch aliases, two need ``column_aliases``.
OTHER_HEADERS: dict[str, str] = {
    "client_id": "Klantnummer", "municipality_code": "Gemeentecode",
    "housing_date": "Huisvestingsdatum", "benefit_start_date": "Ingangsdatum uitkering",
    "birth_year": "Geboortejaar", "sex": "Geslacht", "country_of_origin": "Herkomstland",
    "education_level": "Opleidingsniveau", "language_level": "Niveau Nederlands",
    "known_to_team_date": "Datum kennismaking", "intake_date": "Intakedatum",
    "pre_trajectory_start": "Start voortraject", "outflow_date": "Uitstroomdatum",
    "outflow_reason": "Reden beëindiging",
}
#: The team's own labels: some known, some that need ``value_aliases``.
OTHER_LABELS: dict[str, dict[str, str]] = {
    "sex": {"M": "Man", "V": "Vrouw"},
    "education_level": {"none": "Geen", "primary": "Basisonderwijs", "secondary": "VO",
                        "mbo": "MBO", "hbo": "HBO", "wo": "WO", "unknown": "Onbekend"},
    "language_level": {"A0": "Geen", "A1": "A1", "A2": "A2", "B1": "B1", "B2": "B2",
                       "unknown": "Onbekend"},
    "outflow_reason": {"fulltime_work": "Werk (fulltime)", "parttime_work": "Werk (parttime)",
                       "education": "Studie", "partner_income": "Samenwonen",
                       "moved": "Verhuizing", "obligations_not_met": "Maatregel",
                       "other": "Overig", "unknown": "Onbekend"},
    "country_of_origin": {"Syria": "Syrië", "Eritrea": "Eritrea", "Turkey": "Turkije",
                          "Afghanistan": "Afghanistan", "Yemen": "Jemen", "Somalia": "Somalië",
                          "Ukraine": "Oekraïne"},
}
_LINGEDAL_REASONS = {"fulltime_work": 0.34, "parttime_work": 0.16, "education": 0.14,
                  "partner_income": 0.10, "moved": 0.08, "obligations_not_met": 0.04,
                  "other": 0.10, "unknown": 0.04}


def make_other_municipality(seed: int = OTHER_SEED, people: int = OTHER_PEOPLE) -> pd.DataFrame:
    """A synthetic monitoring file of an invented municipality unlike the example.

    Housed 2019 to 2024, programme from 2022, peildatum 31 December 2024; no
    permit date and none of the optional programme columns; about 7% left
    benefits before their intake (a few even before the team knew them); some
    benefits start before the housing date. Nothing is calibrated to a
    published evaluation: the file exists so that every stage meets a second
    shape of data.

    Parameters
    ----------
    seed : int
        Seed of every draw.
    people : int
        Number of people.

    Returns
    -------
    pandas.DataFrame
        The contract columns this municipality keeps (others absent), dates as
        ``datetime.date`` or None, sorted by ``client_id``.
    """
    rng = np.random.default_rng(seed)
    ref = OTHER_REFERENCE_DATE
    rows = []
    codes = rng.choice(16**8, size=people, replace=False)
    for number in range(people):
        housing = date(2019, 1, 1) + timedelta(days=int(rng.integers(0, 6 * 365 - 60)))
        benefit = housing + timedelta(days=int(rng.integers(-7, 60)))
        known = max(benefit, OTHER_PROGRAMME_START - timedelta(days=int(rng.integers(0, 60)))) \
            + timedelta(days=int(rng.integers(5, 120)))
        intake = known + timedelta(days=int(rng.integers(10, 160)))
        pre = intake + timedelta(days=int(rng.integers(14, 90))) if rng.random() < 0.75 else None
        exit_day = benefit + timedelta(days=int(rng.exponential(900)))
        reason = str(rng.choice(list(_LINGEDAL_REASONS), p=list(_LINGEDAL_REASONS.values())))
        if rng.random() < 0.09:  # an intake recorded after the benefit had already ended
            exit_day = min(exit_day, intake - timedelta(days=int(rng.integers(5, 90))))
            if rng.random() < 0.3:  # and a few before the team even knew them
                exit_day = min(exit_day, known - timedelta(days=int(rng.integers(1, 30))))
            exit_day = max(exit_day, benefit)
            pre = None
        elif exit_day < known:
            known, intake, pre = None, None, None
        elif exit_day < intake:
            intake, pre = None, None
        elif pre is not None and exit_day < pre:
            pre = None
        if known is not None and known > ref:
            known = None
        if known is None or intake is None or intake > ref or rng.random() < 0.06:
            intake, pre = None, None
        if pre is not None and pre > ref:
            pre = None
        if exit_day > ref:
            exit_day, reason = None, None
        birth = int(rng.integers(1962, 2006))
        rows.append({
            "client_id": f"LD{int(codes[number]):08X}",
            "municipality_code": OTHER_MUNICIPALITY_CODE,
            "housing_date": housing, "benefit_start_date": benefit,
            "birth_year": birth if rng.random() > 0.03 else None,
            "sex": str(rng.choice(["M", "V"], p=[0.55, 0.45])),
            "country_of_origin": str(rng.choice(
                list(OTHER_LABELS["country_of_origin"]),
                p=[0.38, 0.22, 0.14, 0.1, 0.06, 0.05, 0.05])),
            "education_level": str(rng.choice(list(OTHER_LABELS["education_level"]),
                                              p=[0.12, 0.25, 0.2, 0.18, 0.1, 0.05, 0.1])),
            "language_level": str(rng.choice(list(OTHER_LABELS["language_level"]),
                                             p=[0.15, 0.3, 0.25, 0.15, 0.05, 0.1])),
            "known_to_team_date": known, "intake_date": intake, "pre_trajectory_start": pre,
            "outflow_date": exit_day, "outflow_reason": reason,
        })
    frame = pd.DataFrame(rows, columns=list(OTHER_HEADERS))
    return frame.sort_values("client_id", kind="stable").reset_index(drop=True)


def other_municipality_csv(frame: pd.DataFrame | None = None) -> bytes:
    """The second municipality's file as its team exports it.

    A title row above the header, the team's headers and labels, ``;`` as
    separator, dates as ``dd-mm-jjjj``, Windows-1252 and CRLF line ends.
    """
    people = make_other_municipality() if frame is None else frame
    out = pd.DataFrame(index=people.index)
    for column, header in OTHER_HEADERS.items():
        values = people[column]
        if column in DATE_COLUMNS:
            values = values.map(lambda d: "" if d is None or pd.isna(d) else d.strftime("%d-%m-%Y"))
        elif column == "birth_year":
            values = values.map(lambda y: "" if y is None or pd.isna(y) else str(int(y)))
        elif column in OTHER_LABELS:
            values = values.map(lambda v, m=OTHER_LABELS[column]: "" if v is None else m[v])
        out[header] = values
    buffer = _stdio.StringIO()
    buffer.write(f"Monitoring statushouders gemeente {OTHER_MUNICIPALITY} (SYNTHETISCH), "
                 f"peildatum {OTHER_REFERENCE_DATE:%d-%m-%Y}\r\n")
    out.to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("cp1252")


# --------------------------------------------------------------------------- framework inputs

#: The example's signals: per domain, theme to (number of signals, journey phase, share
#: negative, share positive), and a few invented, anonymised summaries per valence.
_SIGNAL_THEMES = {
    "work": {"werkervaring_erkenning": (18, "follow_trajectory", 0.6, 0.2),
             "werkgever_contact": (14, "follow_trajectory", 0.3, 0.5),
             "baan_behouden": (6, "exit", 0.5, 0.3)},
    "housing": {"woning_wachten": (12, "housing", 0.7, 0.1),
                "woning_kwaliteit": (5, "housing", 0.6, 0.2)},
    "education": {"diploma_waardering": (11, "pre_trajectory", 0.6, 0.2),
                  "mbo_toelating": (4, "pre_trajectory", 0.5, 0.25)},
    "health_social_care": {"wachtlijst_ggz": (16, "intake", 0.7, 0.1),
                           "huisarts_uitleg": (7, None, 0.3, 0.4)},
    "bonds": {"gezinshereniging": (13, None, 0.6, 0.2), "eenzaamheid": (6, None, 0.7, 0.1)},
    "bridges": {"maatje": (12, None, 0.1, 0.7), "buren_contact": (9, None, 0.3, 0.5)},
    "links": {"wachttijd_intake": (20, "intake", 0.6, 0.2),
              "brieven_begrijpen": (15, "known_to_team", 0.5, 0.2),
              "eerste_contact": (10, "known_to_team", 0.2, 0.6)},
    "language_communication": {"taalles_niveau": (17, "pre_trajectory", 0.4, 0.4),
                               "oefenen_met_nederlanders": (8, None, 0.4, 0.4)},
    "culture": {"gewoonten": (5, None, 0.3, 0.4), "religie": (3, None, 0.3, 0.3)},
    "digital_skills": {"digid": (11, "known_to_team", 0.5, 0.3)},
    "safety": {"discriminatie": (10, None, 0.8, 0.1), "veilig_buurt": (4, None, 0.2, 0.6)},
    "rights_responsibilities": {"inburgeringsplicht_uitleg": (12, "intake", 0.5, 0.3),
                                "toeslagen": (9, None, 0.6, 0.1)},
}
_SIGNAL_TEXT = {
    "negative": ("Deelnemer geeft aan dat {topic} lang duurt en dat niemand uitlegt waarom.",
                 "In het gesprek komt naar voren dat {topic} voor onzekerheid zorgt.",
                 "Meerdere mensen in de groep ervaren {topic} als een drempel."),
    "neutral": ("Vraag aan de helpdesk over {topic}; doorverwezen naar het team.",
                "Deelnemer wil meer weten over {topic} en hoe dat werkt in Nederland."),
    "positive": ("Deelnemer is positief over {topic}: de begeleiding helpt echt.",
                 "In de groep wordt {topic} genoemd als iets dat goed gaat.",
                 "Deelnemer vertelt dat {topic} beter ging dan verwacht."),
}
_SIGNAL_TOPICS = {
    "werkervaring_erkenning": "erkenning van werkervaring uit het land van herkomst",
    "werkgever_contact": "het contact met werkgevers",
    "baan_behouden": "het behouden van de baan na de proeftijd",
    "woning_wachten": "het wachten op een woning",
    "woning_kwaliteit": "de staat van de woning",
    "diploma_waardering": "de waardering van het diploma",
    "mbo_toelating": "de toelating tot het mbo",
    "wachtlijst_ggz": "de wachtlijst voor psychische hulp",
    "huisarts_uitleg": "de uitleg van de huisarts",
    "gezinshereniging": "de procedure voor gezinshereniging",
    "eenzaamheid": "het gemis van familie en vrienden",
    "maatje": "het maatjesproject",
    "buren_contact": "het contact met de buren",
    "wachttijd_intake": "de wachttijd tot de intake",
    "brieven_begrijpen": "het begrijpen van brieven van de gemeente",
    "eerste_contact": "het eerste gesprek met het team",
    "taalles_niveau": "het niveau van de taalles",
    "oefenen_met_nederlanders": "oefenen met Nederlanders",
    "gewoonten": "Nederlandse gewoonten op het werk",
    "religie": "ruimte voor geloof",
    "digid": "inloggen met DigiD",
    "discriminatie": "discriminatie bij het zoeken naar werk",
    "veilig_buurt": "veiligheid in de buurt",
    "inburgeringsplicht_uitleg": "de uitleg van de inburgeringsplicht",
    "toeslagen": "het aanvragen van toeslagen",
}
_SIGNAL_SOURCES = {"interview": 0.3, "helpdesk": 0.3, "community_research": 0.25,
                   "client_journey": 0.15}


def make_signals(seed: int = EXAMPLE_SEED) -> pd.DataFrame:
    """The example's signals file: about 270 invented signals, January 2018 to the peildatum.

    Stability and leisure have no signals, so that the example shows a blind spot; some themes
    have fewer signals than the disclosure threshold, so that the report counts them together.
    """
    rng = np.random.default_rng(seed + 11)
    rows = []
    for domain, themes in _SIGNAL_THEMES.items():
        for theme, (n, phase, negative, positive) in themes.items():
            days = _uniform_dates(rng, date(2018, 1, 1), EXAMPLE_REFERENCE_DATE, n)
            valences = rng.choice(["negative", "neutral", "positive"], size=n,
                                  p=[negative, 1 - negative - positive, positive])
            sources = _draw(rng, _SIGNAL_SOURCES, n)
            for day, valence, source in zip(days, valences, sources, strict=True):
                texts = _SIGNAL_TEXT[str(valence)]
                text = texts[int(rng.integers(len(texts)))].format(topic=_SIGNAL_TOPICS[theme])
                rows.append({"date": day.isoformat(), "source_kind": source, "domain": domain,
                             "journey_phase": phase or "", "theme": theme,
                             "valence": str(valence), "summary": text})
    return pd.DataFrame(rows).sort_values(["date", "domain", "theme"], kind="stable"
                                          ).reset_index(drop=True)


#: The example's own figures for the framework's table indicators: (indicator, period, value,
#: base, source). Invented, in the shape a GGD monitor, DUO or a partner would give them.
_FRAMEWORK_TABLES = (
    ("health_good", "2018", 0.54, 118, "GGD Gezondheidsmonitor (synthetic example)"),
    ("health_good", "2019", 0.58, 131, "GGD Gezondheidsmonitor (synthetic example)"),
    ("safety_feels_safe", "2018-H2", 0.74, 96, "Wijkenquête (synthetic example)"),
    ("safety_feels_safe", "2019-H2", 0.77, 104, "Wijkenquête (synthetic example)"),
    ("digital_digid", "2019-Q4", 0.63, 212, "Telling team (synthetic example)"),
    ("language_exam_passed", "2018", 0.71, 64, "DUO (synthetic example)"),
    ("language_exam_passed", "2019", 0.76, 88, "DUO (synthetic example)"),
    ("rights_plan_on_time", "2019-H2", 0.82, 140, "Registratie team (synthetic example)"),
    ("bridges_volunteering", "2019", 0.375, 8, "Maatjesproject (synthetic example)"),
)


def make_framework_tables() -> pd.DataFrame:
    """The example's framework table: invented survey results and partner counts."""
    return pd.DataFrame(list(_FRAMEWORK_TABLES),
                        columns=["indicator", "period", "value", "base", "source"])


def table_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A small table as committed: UTF-8, comma, LF."""
    buffer = _stdio.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")
