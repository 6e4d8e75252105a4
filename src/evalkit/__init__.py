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

__all__ = ["__version__", "skip_iri_grammar"]


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
