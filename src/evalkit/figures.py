"""One figure style for every stage: seaborn theme, colour-blind-safe palette, A4 width.

Figures are made with ``matplotlib.figure.Figure`` directly, not through pyplot,
so that a notebook shows each figure once (through ``report.show_figure``) and
no global pyplot state leaks between cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no display is ever needed; figures are saved and embedded

import seaborn as sns  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from evalkit.labels import format_number  # noqa: E402

#: Width that fits an A4 page with margins, in inches.
A4_WIDTH = 6.5
PALETTE = sns.color_palette("colorblind")


def apply_style() -> None:
    """Set the seaborn theme and the colour-blind-safe palette for all figures."""
    sns.set_theme(context="paper", style="whitegrid", palette=PALETTE, font_scale=1.1)
    matplotlib.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "svg.hashsalt": "evalkit",  # deterministic ids if SVG is ever used
    })


def new_figure(height: float = 3.2) -> tuple[Figure, object]:
    """A new A4-width figure with one axes, in the project style."""
    apply_style()
    fig = Figure(figsize=(A4_WIDTH, height), layout="constrained")
    return fig, fig.add_subplot()


def bar_chart(categories: Sequence[str], values: Sequence[float], *, lang: str,
              xlabel: str = "", ylabel: str = "", horizontal: bool = False, decimals: int = 0,
              height: float = 3.2) -> Figure:
    """A single-series bar chart with the value printed on each bar.

    Parameters
    ----------
    categories : sequence of str
        Bar labels, in display order.
    values : sequence of float
        Bar heights; a NaN bar (a hidden cell) is left empty and not labelled.
    lang : {"nl", "en"}
        Language, for the decimal separator of the printed values.
    xlabel, ylabel : str
        Axis titles.
    horizontal : bool
        Horizontal bars (better for long labels).
    decimals : int
        Decimals of the printed values.
    height : float
        Figure height in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height)
    positions = range(len(categories))
    if horizontal:
        bars = ax.barh(list(positions), values, color=PALETTE[0])
        ax.set_yticks(list(positions), list(categories))
        ax.invert_yaxis()
    else:
        bars = ax.bar(list(positions), values, color=PALETTE[0])
        ax.set_xticks(list(positions), list(categories))
    labels = [format_number(v, decimals, lang) if v == v else "" for v in values]
    ax.bar_label(bars, labels=labels, padding=2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.margins(x=0.12 if horizontal else 0.02, y=0.02 if horizontal else 0.12)
    return fig


def _months_by_share(ax, lang: str, xlabel: str, ylabel: str) -> None:
    """Axes of a curve over time: months across, a share from 0 to 100% up."""
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))


def step_curves(curves: dict[str, object], *, lang: str, xlabel: str, ylabel: str,
                value: str = "survival", band: tuple[str, str] | None = ("lower", "upper"),
                height: float = 3.4) -> Figure:
    """Step curves (Kaplan-Meier or cumulative incidence), one per label, with 95% bands.

    Parameters
    ----------
    curves : dict
        Legend label to a table with ``time`` (days) and the ``value`` column;
        cut below the disclosure threshold before they come here.
    lang : {"nl", "en"}
        Language (decimal separator of the axis).
    xlabel, ylabel : str
        Axis titles; time is shown in months.
    value : str
        The column to draw.
    band : tuple of str, optional
        Columns of the 95% band, drawn shaded when present.
    """
    fig, ax = new_figure(height)
    for (label, curve), colour in zip(curves.items(), PALETTE, strict=False):
        months = curve["time"] / (365.25 / 12)
        ax.step(months, curve[value], where="post", label=label, color=colour)
        if band and all(b in curve for b in band):
            ax.fill_between(months, curve[band[0]], curve[band[1]], step="post",
                            color=colour, alpha=0.15, linewidth=0)
    _months_by_share(ax, lang, xlabel, ylabel)
    if len(curves) > 1:
        ax.legend(frameon=False, fontsize="small")
    return fig


def stacked_incidence(curve, labels: dict[str, str], *, lang: str, xlabel: str, ylabel: str,
                      height: float = 3.4) -> Figure:
    """Cumulative incidence of competing exits stacked, with the rest still on benefits on top."""
    fig, ax = new_figure(height)
    months = curve["time"] / (365.25 / 12)
    columns = list(labels)
    ax.stackplot(months, [curve[c] for c in columns], labels=[labels[c] for c in columns],
                 colors=PALETTE[: len(columns)], step="post", alpha=0.85)
    _months_by_share(ax, lang, xlabel, ylabel)
    ax.legend(loc="upper left", frameon=False, fontsize="small")
    return fig
