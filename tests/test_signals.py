"""Signals beside numbers: reading with care, the privacy guard on free text, small themes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from evalkit import framework, io, privacy, signals
from evalkit.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
DOMAINS = framework.read_framework(ROOT / "frameworks" / "default.yml").domain_by_name()
SUITE = io.read_json(ROOT / "expectations" / "signals.json")


def _read(path: Path, day: date = date(2020, 1, 31)) -> pd.DataFrame:
    return signals.read_signals(path, path.name, DOMAINS, day, SUITE)[0]


def test_the_example_signals_file_is_read_and_checked():
    read, results = signals.read_signals(ROOT / "data/raw/example_signals.csv", "example", DOMAINS,
                                         date(2020, 1, 31), SUITE)
    assert len(read) == 257 and results["passed"].all()
    assert set(read["valence"]) == set(signals.VALENCES)
    assert read["date"].max() <= pd.Timestamp("2020-01-31")


def test_dutch_headers_and_labels_with_a_title_row_and_semicolons():
    read = _read(FIXTURES / "signals_dutch_headers_semicolon.csv")
    assert list(read["domain"]) == ["links", "health_social_care", "work"]
    assert list(read["valence"]) == ["negative", "positive", "neutral"]
    assert list(read["source_kind"]) == ["helpdesk", "community_research", "client_journey"]
    assert list(read["journey_phase"].fillna("-")) == ["intake", "-", "follow_trajectory"]
    assert read.index.tolist() == [3, 4, 5]  # spreadsheet rows: title, header, then the signals


def test_the_synthetic_signals_file_is_what_synth_makes():
    from evalkit import synth

    committed = (ROOT / "data/raw/example_signals.csv").read_bytes()
    assert synth.table_csv_bytes(synth.make_signals()) == committed
    tables = (ROOT / "data/raw/example_framework_tables.csv").read_bytes()
    assert synth.table_csv_bytes(synth.make_framework_tables()) == tables


@pytest.mark.parametrize(("summary", "kind"), [
    ("Mevrouw Haddad belde over haar toeslag.", "names"),
    ("Deelnemer heet Samir en zoekt werk.", "names"),
    ("Gesprek met Jan de Vries over de woning.", "names"),
    ("Bel terug op 06-12345678 over de intake.", "phone numbers"),
    ("Mail naar klant@example.nl voor de afspraak.", "e-mail addresses"),
    ("Vraag over BSN 111222333 bij de toeslag.", "BSNs"),
])
def test_a_summary_with_an_identifier_refuses_the_file(tmp_path, summary, kind):
    path = tmp_path / "signals_with_identifier.csv"
    rows = ["date,source_kind,domain,theme,valence,summary",
            "2019-05-01,helpdesk,links,brieven,neutral,Vraag over een brief van de gemeente.",
            f'2019-05-02,helpdesk,links,brieven,negative,"{summary}"']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(privacy.PrivacyError) as error:
        _read(path)
    message = str(error.value)
    assert kind in message and "row 3" in message and "'summary'" in message
    assert summary not in message  # the message never repeats the text


def test_ordinary_summaries_pass_the_guard():
    for text in ("Wij Eindhoven helpt bij het vinden van vrijwilligerswerk.",
                 "Het COA en de gemeente spraken over 12 woningen in 2019.",
                 "Deelnemer vertelt dat inloggen met DigiD beter ging dan verwacht."):
        assert privacy.text_identifier(text) is None, text


def test_an_unknown_domain_names_file_column_row_and_the_codes(tmp_path):
    path = tmp_path / "signals_unknown_domain.csv"
    path.write_text("date,source_kind,domain,theme,valence,summary\n"
                    "2019-05-01,helpdesk,links,brieven,neutral,Vraag over een brief.\n"
                    "2019-05-02,helpdesk,geluk,brieven,neutral,Vraag over een brief.\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        _read(path)
    message = str(error.value)
    assert all(part in message for part in ("signals_unknown_domain.csv", "domain", "3", "geluk",
                                            "rights_responsibilities"))


def test_a_bad_date_and_a_late_date_are_refused(tmp_path):
    path = tmp_path / "signals_bad_date.csv"
    path.write_text("date,source_kind,domain,theme,valence,summary\n"
                    "31-31-2019,helpdesk,links,brieven,neutral,Vraag over een brief.\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="cannot read these dates"):
        _read(path)
    path.write_text("date,source_kind,domain,theme,valence,summary\n"
                    "2020-03-01,helpdesk,links,brieven,neutral,Vraag over een brief.\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="date lies after the reference date"):
        _read(path)


def _signals(themes: dict[str, int]) -> pd.DataFrame:
    rows = []
    for theme, n in themes.items():
        for i in range(n):
            rows.append({"date": pd.Timestamp("2019-01-01") + pd.Timedelta(days=i),
                         "source_kind": "interview", "domain": "work", "journey_phase": pd.NA,
                         "theme": theme, "valence": signals.VALENCES[i % 3],
                         "summary": f"{theme} summary {i:02d}"})
    return pd.DataFrame(rows)


def test_small_themes_are_counted_together_and_never_quoted():
    found = _signals({"big": 12, "small_a": 3, "small_b": 4})
    table = signals.themes(found, threshold=10)
    assert list(table["theme"]) == ["big", signals.OTHER_THEMES]
    other = table.iloc[1]
    assert other["themes"] == 2 and other["total"] == 7
    quotes = signals.quotes(found, threshold=10)
    assert set(quotes["theme"]) == {"big"} and len(quotes) == signals.QUOTES
    assert not quotes["summary"].str.startswith("small").any()
    # one of each valence, the latest of each, the same every time
    assert sorted(quotes["valence"]) == sorted(signals.VALENCES)
    assert list(quotes["summary"]) == ["big summary 09", "big summary 10", "big summary 11"]
    assert quotes.equals(signals.quotes(found.sample(frac=1, random_state=3), threshold=10))
    assert "period" in quotes and "date" not in quotes


def test_signals_tables_in_dutch_and_english():
    found = _signals({"big": 12, "small_a": 3})
    fw = framework.read_framework(ROOT / "frameworks" / "default.yml")
    table = signals.themes(found, threshold=10)
    nl, en = signals.themes_view(table, fw, "nl"), signals.themes_view(table, fw, "en")
    assert list(nl.columns[:2]) == ["Domein", "Thema"] and nl.iloc[0, 0] == "Werk"
    assert list(en.columns[:2]) == ["Domain", "Theme"] and "other themes (1 together)" in set(
        en["Theme"])
    assert "negatief" in nl.columns and "negative" in en.columns


def test_before_the_first_signal_the_chapter_says_there_is_none_yet():
    """An as-of run before the first signal: the intro says so and the tables are empty."""
    read = _read(ROOT / "data/raw/example_signals.csv")
    none = signals.up_to(read, date(2015, 1, 31))
    assert none.empty
    assert signals.intro(none, 10, "nl").startswith(
        "Het signalenbestand bevat nog geen signaal van op of vóór de peildatum")
    assert signals.intro(none, 10, "en").startswith("The signals file holds no signal dated")
    assert signals.themes(none, 10).empty and signals.quotes(none, 10).empty
    assert signals.over_time(none).empty
    assert signals.by_phase(none)["total"].eq(0).all()
    assert signals.intro(read, 10, "en") != signals.intro(none, 10, "en")
