from datetime import date

import pytest

from evalkit.config import read_config
from evalkit.config import DEFAULT_STAGES, parse_config
from evalkit.errors import ConfigError

VALID = {
    "municipality": "Eindhoven",
    "municipality_code": "GM0772",
    "reference_date": date(2020, 1, 31),
    "input_file": "data/raw/example_monitoring.csv",
}


def test_example_config_loads(root):
    config = read_config(root / "configs" / "example.yml")
    assert config.reference_date == date(2020, 1, 31)
    assert config.lang == "nl"
    assert config.disclosure_threshold == 10
    assert config.synthetic is True
    assert (root / config.input_file).is_file()


def test_defaults():
    config = parse_config(VALID, "x.yml")
    assert config.stages == DEFAULT_STAGES
    assert config.lang == "nl"


def test_run_id_from_municipality_and_reference_date():
    config = parse_config({**VALID, "municipality": "'s-Hertogenbosch"}, "x.yml")
    assert config.run_id == "s-hertogenbosch-2020-01-31"


def test_unknown_key_is_refused_with_its_name_and_the_file():
    with pytest.raises(ConfigError) as caught:
        parse_config({**VALID, "refernce_date": "2020-01-31"}, "configs/mine.yml")
    assert str(caught.value) == "configs/mine.yml: unknown key 'refernce_date'"


def test_wrong_type_names_the_key_and_what_was_expected():
    with pytest.raises(ConfigError) as caught:
        parse_config({**VALID, "reference_date": "31 januari"}, "configs/mine.yml")
    message = str(caught.value)
    assert "configs/mine.yml" in message
    assert "'reference_date'" in message
    assert "expected a date written as YYYY-MM-DD" in message
    assert "'31 januari'" in message


def test_wrong_integer_type():
    with pytest.raises(ConfigError, match="'disclosure_threshold': expected a whole number"):
        parse_config({**VALID, "disclosure_threshold": "ten"}, "c.yml")


def test_missing_key_is_named():
    data = dict(VALID)
    del data["reference_date"]
    with pytest.raises(ConfigError, match="required key 'reference_date' is missing"):
        parse_config(data, "c.yml")


def test_bad_language_and_stage_names():
    with pytest.raises(ConfigError, match="'lang'"):
        parse_config({**VALID, "lang": "de"}, "c.yml")
    with pytest.raises(ConfigError, match="'stages'"):
        parse_config({**VALID, "stages": ["cohort"]}, "c.yml")


def test_bad_municipality_code():
    with pytest.raises(ConfigError, match="'municipality_code'"):
        parse_config({**VALID, "municipality_code": "0772"}, "c.yml")


def test_not_a_mapping(tmp_path):
    path = tmp_path / "list.yml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="expected a YAML mapping"):
        read_config(path)


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("municipality: Eindhoven\nreference_date: [2020\n")
    with pytest.raises(ConfigError, match=r"broken.yml: not a valid YAML file \(line \d+\)"):
        read_config(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        read_config(tmp_path / "nope.yml")


def test_generic_defaults_carry_nothing_of_the_reference_case():
    config = parse_config({**VALID, "reference_date": date(2024, 12, 31)}, "c.yml")
    assert config.reference_case is None and config.cost_benefit is None
    assert config.reasons_end == date(2024, 12, 31)
    assert config.mediation_table_year == 2024  # the peildatum closes the year
    assert parse_config({**VALID, "reference_date": date(2024, 6, 30)},
                        "c.yml").mediation_table_year == 2023
    assert config.team_staffing == {}


def test_the_example_keeps_the_kplusv_comparison_in_its_reference_case(root):
    config = read_config(root / "configs" / "example.yml")
    case = config.reference_case
    assert case.name == "KplusV 2020" and case.municipality_code == config.municipality_code
    assert config.reasons_end == date(2019, 12, 31) and config.mediation_table_year == 2019
    assert case.printed.amounts["cost_of_approach"] == 665088
    assert config.team_staffing[2020].expected_new == 100
    assert config.reasons_period_end is None and config.staffing == {}  # nothing at top level


def test_run_name_gives_the_run_its_own_folder():
    assert parse_config({**VALID, "run_name": "eindhoven-export-b"}, "c.yml").run_id == \
        "eindhoven-export-b"
    with pytest.raises(ConfigError, match="run_name"):
        parse_config({**VALID, "run_name": "Not A Slug"}, "c.yml")


# --------------------------------------------------------------- changes from a notebook's parameters

def _example_data():
    from evalkit.config import read_config_data
    from evalkit.paths import ProjectPaths

    return read_config_data(ProjectPaths.discover().default_config)


def test_a_notebook_change_sets_the_value_and_leaves_the_config_alone():
    from evalkit.config import with_changes

    data = _example_data()
    changed = with_changes(data, {"reference_date": date(2019, 6, 30), "disclosure_threshold": 15,
                                  "discount_rate": None}, "configs/example.yml")
    config = parse_config(changed, "configs/example.yml")
    assert config.reference_date == date(2019, 6, 30) and config.disclosure_threshold == 15
    assert config.cost_benefit.discount_rate.value == 0.0225  # None keeps the config's value
    assert data == _example_data()  # the mapping read from the file is not changed


def test_a_discount_rate_outside_the_range_widens_it_so_the_sensitivity_still_brackets_it():
    from evalkit.config import with_changes

    changed = with_changes(_example_data(), {"discount_rate": 0.05}, "configs/example.yml")
    rate = parse_config(changed, "configs/example.yml").cost_benefit.discount_rate
    assert (rate.value, rate.low, rate.high) == (0.05, 0.0, 0.05)
    assert rate.source.startswith("Werkgroep discontovoet 2020")


def test_a_parameter_a_notebook_cannot_change_is_refused():
    from evalkit.config import with_changes

    with pytest.raises(ConfigError, match="municipality: not a parameter a notebook can change; "
                                          "expected one of reference_date"):
        with_changes(_example_data(), {"municipality": "Tilburg"}, "configs/example.yml")


def test_a_discount_rate_without_a_cost_benefit_block_is_refused():
    from evalkit.config import with_changes

    data = {k: v for k, v in _example_data().items() if k != "cost_benefit"}
    with pytest.raises(ConfigError, match="configs/x.yml: discount_rate cannot be changed: "
                                          "the config has no 'cost_benefit' block"):
        with_changes(data, {"discount_rate": 0.03}, "configs/x.yml")


def test_the_fields_a_stage_reads_are_recorded_and_reading_it_whole_counts_as_all(root):
    """What ``evalkit.reuse`` compares before it reuses a stage: the fields that stage read."""
    from evalkit.config import ALL_FIELDS, record_reads, recorded_reads

    config = read_config(root / "configs" / "example.yml")
    try:
        record_reads()
        assert config.seed and config.costs is not None
        # A property reads the fields behind it; methods and the class are not fields.
        assert recorded_reads() == ["cost_benefit", "reference_date", "seed"]
        config.model_dump()
        assert ALL_FIELDS in recorded_reads()
        record_reads()
        assert recorded_reads() == []
    finally:
        record_reads(False)
    config.lang
    assert recorded_reads() is None


def test_load_yaml_reads_every_committed_yaml_file_as_safe_load_does(root):
    """libyaml's parser where installed, the same data as PyYAML's own safe loader; text it
    refuses gets the pure parser's error, with the line users have always been told."""
    import yaml

    from evalkit import load_yaml

    files = [*root.glob("configs/*.yml"), *root.glob("frameworks/*.yml"),
             root / "src/evalkit/labels.yml"]
    assert len(files) >= 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path.name
    broken = "a: 1\nb: [unclosed\nc: 3\n"
    with pytest.raises(yaml.YAMLError) as ours:
        load_yaml(broken)
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.safe_load(broken)
    assert str(ours.value) == str(theirs.value)
