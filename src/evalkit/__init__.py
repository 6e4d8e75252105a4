"""evalkit: a reproducible evaluation workbook for vergunninghouder programmes.

The package holds all the logic; the stage notebooks in ``notebooks/`` are thin
wrappers that call into it. See ``docs/design.md`` for the
architecture.
"""

import atexit
import gc
import types
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evalkit")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "defer_import", "lighten_command", "load_yaml", "skip_iri_grammar"]

# At exit Python collects garbage over every object its imports made, one module at a time:
# 0.6 to 0.9 s once Great Expectations is imported, after a command's last line and before a
# kernel lets its notebook go (docs/design.md, "Speed"). Objects frozen by the exit handlers
# are left to the operating system; the rest of the exit is as before.
atexit.register(gc.freeze)


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


#: Modules Great Expectations imports when it is imported, and uses only to draw a chart or
#: test a distribution (its KL-divergence and Kolmogorov-Smirnov expectations), which
#: evalkit's suites never ask for: together about a third of its import.
UNUSED_BY_CHECKS = ("altair", "scipy.stats")


def lighten_command() -> None:
    """Leave out, in a command's own process, what it imports and never uses.

    ``skip_iri_grammar``, and the modules of ``UNUSED_BY_CHECKS`` imported only
    when something first uses them (``defer_import``). Called where a command
    or a batch worker starts, never in a kernel or a notebook.
    """
    skip_iri_grammar()
    for name in UNUSED_BY_CHECKS:
        defer_import(name)


class _Deferred(types.ModuleType):
    """A stand-in for a module: the first attribute asked of it imports the module itself."""

    def __getattr__(self, attribute: str):
        import importlib
        import sys

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        module = importlib.import_module(self.__name__)
        # whoever imported the stand-in keeps it: it now holds what the module holds
        self.__dict__.update(vars(module))
        return getattr(module, attribute)


def defer_import(name: str) -> None:
    """Import ``name`` only when an attribute of it is first used.

    ``import name`` then finds a stand-in (with the module's own spec, so
    importlib sees nothing unusual); the first attribute asked of it imports
    the module and hands it over. The standard library's ``LazyLoader`` cannot
    do this here: ``import`` itself reads ``__spec__`` of a module already
    imported, and that read loads it. Nothing happens when the module is
    already imported or not installed.
    """
    import importlib.util
    import sys

    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec
    sys.modules[name] = stand_in


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
