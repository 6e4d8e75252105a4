"""evalkit: a reproducible evaluation workbook for vergunninghouder programmes.

The package holds all the logic; the stage notebooks in ``notebooks/`` are thin
wrappers that call into it. See ``docs/design.md`` for the
architecture.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evalkit")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "load_yaml", "skip_iri_grammar"]


def skip_iri_grammar() -> None:
    """Keep jsonschema from building its IRI grammar when a command starts (1.7 s).

    papermill and nbconvert read notebooks with nbformat, which imports
    jsonschema; jsonschema imports ``rfc3987_syntax`` whenever it is installed
    (JupyterLab's jupyter-events brings it, so the student and test
    environments have it), and that module builds some thirty Earley parsers
    at import, for the ``iri`` format checks alone (python-jsonschema issue
    1428). No schema evalkit validates uses those formats. Marking the module
    as absent in this process makes jsonschema leave those two checks out; the
    JupyterLab server runs in a process of its own and keeps them.
    """
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)


def load_yaml(text: str) -> object:
    """Parse YAML text as ``yaml.safe_load`` does, with libyaml's parser where it is installed.

    A run reads its config, the label catalogue and the framework files some
    twenty times, once per stage in the kernel; PyYAML's pure-Python parser
    took 1.6 s of that, libyaml a tenth. Both build the result with the same
    safe constructor. Text libyaml refuses is parsed again by the pure parser,
    so that an error names its line as it always has.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 - the safe loader, in C
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)
