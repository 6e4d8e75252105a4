"""The privacy guard: identifiers found by header and by content, refused or pseudonymised."""

import pandas as pd
import pytest

from evalkit import io, privacy

from conftest import ROOT, identified_small_config, run_cli


def frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({k: pd.array(v, dtype="string") for k, v in columns.items()})


def test_bsn_eleven_check():
    assert privacy.is_bsn("999990019")
    assert not privacy.is_bsn("999990010")
    assert privacy.is_bsn("99990003")  # eight digits: padded with a leading zero
    assert not privacy.is_bsn("99990004")
    assert not privacy.is_bsn("12345")
    assert not privacy.is_bsn("EV-00B01BB3")


@pytest.mark.parametrize("header, kind", [
    ("BSN", "bsn"), ("Burgerservicenummer", "bsn"), ("Naam", "name"), ("Achternaam", "name"),
    ("Adres", "address"), ("Postcode", "address"), ("Telefoonnummer", "phone"),
    ("E-mail", "email"), ("e_mail", "email"),
])
def test_found_by_header(header, kind):
    found = privacy.find_identifiers(frame(**{header: ["x", "y"]}))
    assert [(f.column, f.kind, f.by) for f in found] == [(header, kind, "header")]


@pytest.mark.parametrize("values, kind", [
    (["999990019", "999990032", "999990044"], "bsn"),
    (["", "iemand@voorbeeld.nl", ""], "email"),
    (["06-12345678", "0612345679", "+31 6 12345670"], "phone"),
    (["Voorbeeldstraat 12", "Proeflaan 3a", "5611 AB"], "address"),
    (["Anna Voorbeeld", "Jan van Proef", "Sara Testerman", "Omar Fictief"], "name"),
])
def test_found_by_content(values, kind):
    found = privacy.find_identifiers(frame(Kolom=values))
    assert [(f.kind, f.by) for f in found] == [(kind, "content")]


@pytest.mark.parametrize("name", ["example_monitoring.csv", "example_monitoring_messy.xlsx"])
def test_no_false_alarm_on_the_examples(name):
    assert privacy.find_identifiers(io.read_raw(ROOT / "data/raw" / name)) == []


def test_country_names_are_not_person_names():
    values = ["Syria"] * 10 + ["Eritrea"] * 5 + ["Saudi Arabia", "South Sudan"]
    assert privacy.find_identifiers(frame(land=values)) == []


def test_pseudonym_is_keyed_and_stable():
    one = privacy.pseudonym("999990019", b"key one")
    assert one == privacy.pseudonym(" 999990019 ", b"key one")
    assert one != privacy.pseudonym("999990019", b"key two")
    assert one.startswith("PS-") and len(one) == 19
    assert "999990019" not in one


def test_pseudonymise_replaces_the_id_and_drops_identifiers():
    raw = frame(BSN=["999990019", "123456789", None], Naam=["A B", "C D", "E F"],
                sex=["M", "V", "M"])
    found = privacy.find_identifiers(raw)
    done = privacy.pseudonymise(raw, found, b"k")
    assert list(done.frame.columns) == ["sex", "client_id"]
    assert done.frame["client_id"].iloc[0] == privacy.pseudonym("999990019", b"k")
    assert pd.isna(done.frame["client_id"].iloc[2])
    assert done.dropped == ("BSN", "Naam")
    assert done.invalid_bsn == 1  # 123456789 fails the 11-proef


def test_pseudonymised_run_leaves_no_identifier_in_any_output(small_identified_run):
    project, run_dir, done, identifiers = small_identified_run
    outputs = [p for p in (*run_dir.rglob("*"), *(project / "data/processed").rglob("*"))
               if p.is_file()]
    assert any(p.suffix == ".parquet" for p in outputs)
    assert any(p.name == "report.html" for p in outputs)
    for path in outputs:
        content = path.read_bytes()
        for kind, values in identifiers.items():
            for value in values:
                assert value.encode() not in content, (path.name, kind)
    processed = pd.read_parquet(next(p for p in outputs if p.suffix == ".parquet"))
    assert processed["client_id"].str.fullmatch(r"PS-[0-9A-F]{16}").all()
    report = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "pseudoniem" in report


def test_pseudonymise_without_a_key_is_a_clear_error(scratch_project):
    config = identified_small_config(scratch_project, pseudonymize=True)
    done = run_cli("run", config, cwd=scratch_project, env={"EVALKIT_PSEUDONYM_KEY": ""})
    assert done.returncode == 6
    assert done.stderr.strip() == (
        "error: data/raw/identified.csv: pseudonymize is on but the environment variable "
        "EVALKIT_PSEUDONYM_KEY holds no key; set it to a long secret and keep it out of the "
        "repository")
    assert not (scratch_project / "data/processed").exists()
