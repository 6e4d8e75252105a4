"""The repository explains itself: every document the code, notebooks and README cite is in it."""

import re

import pytest

# the configs too: a source a config gives is printed in the report
CITING = ("src/evalkit/*.py", "notebooks/*.ipynb", "notebooks/exercises/*.ipynb", "tests/*.py",
          "README.md", "docs/*.md", "configs/*.yml")


def _texts(root):
    for pattern in CITING:
        for path in sorted(root.glob(pattern)):
            yield path, path.read_text(encoding="utf-8")


def test_every_cited_document_is_in_the_repository(root):
    cited = {(path.relative_to(root).as_posix(), name)
             for path, text in _texts(root) for name in re.findall(r"docs/[a-z_]+\.md", text)}
    assert cited  # the code does cite them
    missing = sorted(f"{where} cites {name}" for where, name in cited if not (root / name).is_file())
    assert missing == []


@pytest.mark.parametrize("outside", ["DESIGN.md", "METHODS.md", "../shared"])
def test_nothing_cites_a_file_outside_the_repository(root, outside):
    found = [path.relative_to(root).as_posix() for path, text in _texts(root)
             if outside in text and path.name != "test_docs.py"]
    assert found == []
