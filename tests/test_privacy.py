"""The privacy guard: identifiers found by header and by content, refused or pseudonymised."""

import csv
import io as stdio
from pathlib import Path

import pandas as pd
import pytest
import yaml

from evalkit import io, privacy

from conftest import FIXTURES, ROOT, run_cli

KEY = "a-test-key-that-is-not-secret"


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


def _identified_file(path: Path) -> dict[str, list[str]]:
    """The small valid fixture with a BSN, a name and an e-mail column added."""
    rows = list(csv.reader((FIXTURES / "clients_valid_small.csv").read_text().splitlines()))
    bsns, found = [], 999990000
    while len(bsns) < len(rows) - 1:
        found += 1
        if privacy.is_bsn(str(found)):
            bsns.append(str(found))
    names = [f"Anna Voorbeeld{i:02d}" for i in range(len(bsns))]
    mails = [f"persoon{i}@voorbeeld.nl" for i in range(len(bsns))]
    out = stdio.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["BSN", "Naam", "E-mailadres", *rows[0][1:]])
    for b, n, m, row in zip(bsns, names, mails, rows[1:], strict=True):
        writer.writerow([b, n, m, *row[1:]])
    path.write_text(out.getvalue())
    return {"bsn": bsns, "name": names, "email": mails}


def _config(project: Path, name: str, **extra) -> str:
    config = yaml.safe_load((project / "configs/example.yml").read_text())
    config.update(input_file=f"data/raw/{name}", **extra)
    # The small identified file has too few exits to work for the cost-benefit stage to
    # publish its own counts (it refuses, rightly); the counts come from the config instead.
    config["cost_benefit"]["outflow"] = {"fulltime": 106, "parttime": 31, "source": "test"}
    (project / "configs/private.yml").write_text(yaml.safe_dump(config))
    return "configs/private.yml"


def test_pseudonymised_run_leaves_no_identifier_in_any_output(scratch_project):
    identifiers = _identified_file(scratch_project / "data/raw/identified.csv")
    config = _config(scratch_project, "identified.csv", pseudonymize=True)

    done = run_cli("run", config, cwd=scratch_project, env={"EVALKIT_PSEUDONYM_KEY": KEY})

    assert done.returncode == 0, done.stderr
    run_dir = scratch_project / "reports/eindhoven-2020-01-31"
    outputs = [p for p in (*run_dir.rglob("*"), *(scratch_project / "data/processed").rglob("*"))
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
    _identified_file(scratch_project / "data/raw/identified.csv")
    config = _config(scratch_project, "identified.csv", pseudonymize=True)
    done = run_cli("run", config, cwd=scratch_project, env={"EVALKIT_PSEUDONYM_KEY": ""})
    assert done.returncode == 6
    assert done.stderr.strip() == (
        "error: data/raw/identified.csv: pseudonymize is on but the environment variable "
        "EVALKIT_PSEUDONYM_KEY holds no key; set it to a long secret and keep it out of the "
        "repository")
    assert not (scratch_project / "data/processed").exists()
