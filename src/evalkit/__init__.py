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

__all__ = ["__version__"]
