"""Every path evalkit uses, derived from one project root.

No other module spells out ``data/raw`` or ``reports``: they ask a
``ProjectPaths`` or a ``RunPaths`` instance.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The folders of a project, relative to its root (see docs/design.md, "Layout").
RAW = Path("data/raw")
PROCESSED = Path("data/processed")
EXTERNAL = Path("data/external")
CONFIGS = Path("configs")
NOTEBOOKS = Path("notebooks")
EXPECTATIONS = Path("expectations")
REPORTS = Path("reports")
FRAMEWORKS = Path("frameworks")

DEFAULT_CONFIG = CONFIGS / "example.yml"
DEFAULT_FRAMEWORK = FRAMEWORKS / "default.yml"
NATIONAL_REFERENCE = EXTERNAL / "national_reference.csv"
MUNICIPALITIES = EXTERNAL / "municipalities.csv"
CBS_TABLES = EXTERNAL / "cbs_tables.csv"
CBS_DOWNLOADS = EXTERNAL / "cbs"


def find_root(start: Path | None = None) -> Path:
    """Find the project root: the nearest folder upwards holding ``configs/`` and ``notebooks/``.

    Parameters
    ----------
    start : Path, optional
        Where to start looking; the working directory by default.

    Returns
    -------
    Path
        The project root, or ``start`` itself when no such folder exists.
    """
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / CONFIGS).is_dir() and (candidate / NOTEBOOKS).is_dir():
            return candidate
    return here


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of one evalkit project."""

    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> ProjectPaths:
        """Build the paths of the project that contains ``start`` (or the working directory)."""
        return cls(find_root(start))

    @property
    def raw(self) -> Path:
        return self.root / RAW

    @property
    def processed(self) -> Path:
        return self.root / PROCESSED

    @property
    def external(self) -> Path:
        return self.root / EXTERNAL

    @property
    def configs(self) -> Path:
        return self.root / CONFIGS

    @property
    def notebooks(self) -> Path:
        return self.root / NOTEBOOKS

    @property
    def expectations(self) -> Path:
        return self.root / EXPECTATIONS

    @property
    def reports(self) -> Path:
        return self.root / REPORTS

    @property
    def frameworks(self) -> Path:
        return self.root / FRAMEWORKS

    @property
    def default_framework(self) -> Path:
        """The shipped monitoring framework (``frameworks/default.yml``)."""
        return self.root / DEFAULT_FRAMEWORK

    @property
    def default_config(self) -> Path:
        return self.root / DEFAULT_CONFIG

    @property
    def national_reference(self) -> Path:
        """The shipped national reference figures (``data/external/national_reference.csv``)."""
        return self.root / NATIONAL_REFERENCE

    @property
    def municipalities(self) -> Path:
        """CBS municipality codes and names (``data/external/municipalities.csv``)."""
        return self.root / MUNICIPALITIES

    @property
    def cbs_tables(self) -> Path:
        """The CBS open-data tables ``evalkit refresh`` downloads (``data/external/cbs_tables.csv``)."""
        return self.root / CBS_TABLES

    @property
    def cbs_downloads(self) -> Path:
        """Where ``evalkit refresh`` writes the tables it downloaded."""
        return self.root / CBS_DOWNLOADS

    def resolve(self, path: str | Path) -> Path:
        """Resolve a path from a config: relative paths are taken from the project root."""
        p = Path(path)
        return p if p.is_absolute() else self.root / p

    def relative(self, path: Path) -> str:
        """Show ``path`` relative to the root when it lies inside it (POSIX separators)."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def notebook(self, stage: str) -> Path:
        return self.notebooks / f"{stage}.ipynb"

    def processed_dir(self, run_id: str) -> Path:
        return self.processed / run_id

    def run_dir(self, run_id: str) -> Path:
        return self.reports / run_id


@dataclass(frozen=True)
class RunPaths:
    """The files of one run folder (``reports/<run-id>/`` or its staging twin)."""

    run_dir: Path

    @property
    def tables(self) -> Path:
        return self.run_dir / "tables"

    @property
    def figures(self) -> Path:
        return self.run_dir / "figures"

    @property
    def notebooks(self) -> Path:
        return self.run_dir / "notebooks"

    @property
    def logs(self) -> Path:
        """The run's kernel log (``logs/kernel.log``): the kernel's own diagnostics."""
        return self.run_dir / "logs"

    @property
    def report(self) -> Path:
        return self.run_dir / "report.html"

    @property
    def method_report(self) -> Path:
        return self.run_dir / "report_method.html"

    @property
    def manifest(self) -> Path:
        return self.run_dir / "manifest.json"

    @property
    def config_copy(self) -> Path:
        return self.run_dir / "config.yml"

    def table(self, name: str) -> Path:
        return self.tables / f"{name}.csv"

    def figure(self, name: str) -> Path:
        return self.figures / f"{name}.png"
