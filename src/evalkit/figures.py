"""One figure style for every stage: seaborn theme, colour-blind-safe palette, A4 width.

Figures are made with ``matplotlib.figure.Figure`` directly, not through pyplot,
so that a notebook shows each figure once (through ``Publisher.figure``) and
no global pyplot state leaks between cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # no display is ever needed; figures are saved and embedded

import seaborn as sns  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from evalkit.labels import format_amount, format_number  # noqa: E402

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


def _euro_axis(axis, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: format_amount(v / 1000, lang)))


def tornado(rows: Sequence[tuple[str, float, float]], base: float, *, lang: str, xlabel: str,
            low_label: str, high_label: str) -> Figure:
    """A tornado chart of one-way sensitivity: one bar per parameter, widest on top.

    Parameters
    ----------
    rows : sequence of (label, value_at_low, value_at_high)
        In display order (largest swing first).
    base : float
        The base-case value; bars start from it.
    lang : {"nl", "en"}
        Language of the number format.
    xlabel, low_label, high_label : str
        Axis title and the legend of the low and high ends.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(0.5 + 0.42 * len(rows))
    positions = list(range(len(rows)))
    low = [r[1] - base for r in rows]
    high = [r[2] - base for r in rows]
    ax.barh(positions, low, left=base, color=PALETTE[0], label=low_label)
    ax.barh(positions, high, left=base, color=PALETTE[1], label=high_label)
    ax.axvline(base, color="0.2", linewidth=1)
    ax.axvline(0, color="0.2", linewidth=1, linestyle="--")
    ax.set_yticks(positions, [r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    _euro_axis(ax.xaxis, lang)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.5 / (0.5 + 0.42 * len(rows)) - 0.1),
              ncol=2, frameon=False)
    return fig


def distribution(values, *, lang: str, xlabel: str, ylabel: str, bins: int = 40) -> Figure:
    """A histogram of Monte Carlo draws with the zero line and the 5% and 95% quantiles."""
    import numpy as np

    fig, ax = new_figure(3.0)
    ax.hist(values, bins=bins, color=PALETTE[0], alpha=0.85)
    ax.axvline(0, color="0.2", linewidth=1, linestyle="--")
    for q in np.quantile(values, [0.05, 0.95]):
        ax.axvline(q, color=PALETTE[3], linewidth=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _euro_axis(ax.xaxis, lang)
    return fig


def comparison_dots(rows: Sequence[tuple[str, float, float, float, float, bool]], *, lang: str,
                    xlabel: str, local_label: str, national_label: str,
                    rough_label: str) -> Figure:
    """Local shares with 95% intervals beside national figures, one line per comparison.

    Parameters
    ----------
    rows : sequence of (label, local, lower, upper, national, rough)
        Shares 0-1. A *rough* comparison is drawn hollow and grey, so it never
        looks like a like-with-like one.
    lang : {"nl", "en"}
        Language of the number format.
    xlabel, local_label, national_label, rough_label : str
        Axis title and legend entries.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.lines import Line2D
    from matplotlib.ticker import PercentFormatter

    fig, ax = new_figure(0.8 + 0.45 * len(rows))
    for y, (_, local, lower, upper, national, rough) in enumerate(rows):
        colour = "0.55" if rough else PALETTE[0]
        ax.plot([lower, upper], [y, y], color=colour, linewidth=2,
                linestyle=":" if rough else "-")
        ax.plot([local], [y], marker="o", markersize=7, color=colour,
                markerfacecolor="white" if rough else colour)
        ax.plot([national], [y], marker="D", markersize=6, color=PALETTE[1],
                markerfacecolor="white" if rough else PALETTE[1])
    ax.set_yticks(list(range(len(rows))), [r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, max(0.1, *(max(r[3], r[4]) for r in rows)) * 1.1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(xlabel)
    ax.legend(handles=[
        Line2D([], [], marker="o", color=PALETTE[0], label=local_label),
        Line2D([], [], marker="D", color=PALETTE[1], linestyle="", label=national_label),
        Line2D([], [], marker="o", color="0.55", markerfacecolor="white", linestyle=":",
               label=rough_label)], loc="upper center", bbox_to_anchor=(0.5, -0.14 - 0.3 / len(rows)),
        ncol=3, frameon=False, fontsize="small")
    return fig


def interval_dots(rows: Sequence[tuple[str, float, float, float]], *, xlabel: str) -> Figure:
    """Estimates with their 95% intervals, one line per group, in the order given (shares 0-1)."""
    from matplotlib.ticker import PercentFormatter

    fig, ax = new_figure(0.8 + 0.32 * len(rows))
    for y, (_, value, lower, upper) in enumerate(rows):
        ax.plot([lower, upper], [y, y], color=PALETTE[0], linewidth=2)
        ax.plot([value], [y], marker="o", markersize=6, color=PALETTE[0])
    ax.set_yticks(list(range(len(rows))), [r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, max(0.1, *(r[3] for r in rows)) * 1.1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(xlabel)
    return fig


def funnel_plot(people: Sequence[float], shares: Sequence[float], p0: float, *, lang: str,
                xlabel: str, ylabel: str, labels: Sequence[str], mean_label: str,
                limit_labels: tuple[str, str], span: Sequence[float] | None = None) -> Figure:
    """A funnel plot: each municipality's share against its size, with 95% and 99.8% limits.

    ``span`` gives the sizes the limits are drawn over (``people`` by default):
    every municipality of the table, also one whose point is not drawn.
    """
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    sizes = list(people if span is None else span)
    fig, ax = new_figure(4.0)
    n = np.linspace(max(1.0, min(sizes) * 0.8), max(sizes) * 1.1, 300)
    for z, style, label in ((1.96, "--", limit_labels[0]), (3.09, ":", limit_labels[1])):
        spread = z * np.sqrt(p0 * (1 - p0) / n)
        ax.plot(n, np.minimum(p0 + spread, 1), color="0.3", linestyle=style, linewidth=1,
                label=label)
        ax.plot(n, np.maximum(p0 - spread, 0), color="0.3", linestyle=style, linewidth=1)
    ax.axhline(p0, color=PALETTE[1], linewidth=1, label=mean_label)
    ax.scatter(people, shares, color=PALETTE[0], zorder=3)
    for x, y, text in zip(people, shares, labels, strict=True):
        ax.annotate(text, (x, y), textcoords="offset points", xytext=(4, 3), fontsize="x-small")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.legend(loc="upper right", frameon=True, fontsize="small")
    return fig


def trend(days: Sequence, values: Sequence[float], lower: Sequence[float],
          upper: Sequence[float], *, lang: str, ylabel: str, percent: bool = False,
          target: float | None = None, target_label: str = "", interval_label: str = "",
          height: float = 2.8) -> Figure:
    """One indicator over the peildata of a series: a line, its 95% band, and a target if set.

    Parameters
    ----------
    days : sequence of date
        The peildata.
    values, lower, upper : sequence of float
        The indicator and its interval; NaN where it is hidden or not estimated
        (the line then has a gap, the band none there).
    lang : {"nl", "en"}
        Language of the number format.
    ylabel : str
        Axis title.
    percent : bool
        Values are shares 0-1, shown as percentages.
    target : float, optional
        Drawn as a dashed line.
    target_label, interval_label : str
        Legend entries.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import numpy as np
    import pandas as pd
    from matplotlib.dates import DateFormatter
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    fig, ax = new_figure(height)
    x = pd.to_datetime(pd.Series(list(days)))
    y, lo, hi = (np.asarray(v, dtype=float) for v in (values, lower, upper))
    band = ~np.isnan(lo) & ~np.isnan(hi)
    if band.any():
        ax.fill_between(x[band], lo[band], hi[band], color=PALETTE[0], alpha=0.2, linewidth=0,
                        label=interval_label or None)
    ax.plot(x, y, marker="o", color=PALETTE[0])
    if target is not None:
        ax.axhline(target, color=PALETTE[3], linestyle="--", linewidth=1.2,
                   label=target_label or None)
    ax.set_ylabel(ylabel, fontsize="small")
    ax.set_xticks(x)
    ax.xaxis.set_major_formatter(DateFormatter("%m-%Y"))
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
    ax.set_ylim(bottom=0)
    if band.any() or target is not None:
        ax.legend(loc="upper left", frameon=False, fontsize="small")
    return fig


def count_lines(days: Sequence, lines: dict[str, Sequence[float]], *, lang: str, ylabel: str,
                height: float = 3.0) -> Figure:
    """Counts over the peildata of a series, one line per label; a hidden count leaves a gap.

    Counts are a census of the file, not estimates: no band is drawn.
    """
    import numpy as np
    import pandas as pd
    from matplotlib.dates import DateFormatter
    from matplotlib.ticker import FuncFormatter

    fig, ax = new_figure(height)
    x = pd.to_datetime(pd.Series(list(days)))
    for (label, values), colour in zip(lines.items(), PALETTE, strict=False):
        ax.plot(x, np.asarray(values, dtype=float), marker="o", color=colour, label=label)
    ax.set_ylabel(ylabel)
    ax.set_xticks(x)
    ax.xaxis.set_major_formatter(DateFormatter("%m-%Y"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0, lang)))
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False,
              fontsize="small")
    return fig


#: How each state of an indicator is drawn in the wheel: colour and hatch, so that it reads in
#: black-and-white print and for colour-blind readers alike.
WHEEL_STYLE = {
    "on_track": (PALETTE[2], ""),
    "behind": (PALETTE[1], "xxx"),
    "undecided": (PALETTE[8], "..."),
    "no_target": (PALETTE[0], "///"),
    "signals": (PALETTE[4], "\\\\\\"),
    "no_data": ("white", ""),
}
_GROUP_SHADES = ("0.55", "0.7", "0.82", "0.92")


def indicator_wheel(domains: Sequence[tuple[str, str, list[str], bool, bool]],
                    groups: Sequence[tuple[str, str]], state_labels: dict[str, str], *,
                    policy_label: str, blind_label: str, empty_label: str,
                    height: float = 7.0) -> Figure:
    """The indicator wheel: the 14 domains in their four groups, each with its indicators' states.

    Parameters
    ----------
    domains : sequence of tuple
        In wheel order: ``(group, name, states, in_policy, blind_spot)``; a
        domain's segment is split into one wedge per indicator, drawn in the
        state's colour and hatch (``WHEEL_STYLE``); a domain without
        indicators is left white with a dash.
    groups : sequence of tuple
        ``(group, label)`` in wheel order: the inner ring, numbered, its
        labels in the legend.
    state_labels : dict
        State to its legend entry (only states that occur are listed).
    policy_label, blind_label, empty_label : str
        Legend entries: named by a policy pillar (a dot beside the name), a
        blind spot (the name in bold with "!"), no indicator.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import numpy as np
    from matplotlib.patches import Patch

    apply_style()
    fig = Figure(figsize=(A4_WIDTH, height), layout="constrained")
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines["polar"].set_visible(False)
    gap = np.deg2rad(2.0)
    width = (2 * np.pi - gap * len(groups)) / len(domains)
    theta, centres, spans = 0.0, [], {}
    previous = None
    for group, name, states, in_policy, blind in domains:
        if group != previous:
            theta += gap
            previous = group
        start = theta
        centres.append(start + width / 2)
        spans.setdefault(group, [start, start + width])[1] = start + width
        if states:
            part = width / len(states)
            for i, state in enumerate(states):
                colour, hatch = WHEEL_STYLE[state]
                ax.bar(start + part * (i + 0.5), 0.55, width=part, bottom=0.45, color=colour,
                       edgecolor="0.15", hatch=hatch, linewidth=0.8, align="center")
        else:
            ax.bar(start + width / 2, 0.55, width=width, bottom=0.45, color="white",
                   edgecolor="0.5", linestyle=":", linewidth=0.8)
        ax.text(start + width / 2, 0.72, str(len(states)) if states else "\u2013", ha="center",
                va="center", fontsize="small", fontweight="bold",
                bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.85})
        angle = np.rad2deg(start + width / 2)
        text = name + (" !" if blind else "") + (" \u25cf" if in_policy else "")
        ax.text(start + width / 2, 1.04, text, ha="left" if angle < 180 else "right",
                va="center", fontsize="small", fontweight="bold" if blind else "normal",
                rotation=90 - angle if angle < 180 else 270 - angle, rotation_mode="anchor")
        theta += width
    group_handles = []
    for number, ((group, label), shade) in enumerate(zip(groups, _GROUP_SHADES, strict=False)):
        low, high = spans[group]
        ax.bar((low + high) / 2, 0.25, width=high - low, bottom=0.15, color=shade,
               edgecolor="white", linewidth=1.5)
        ax.text((low + high) / 2, 0.3, str(number + 1), ha="center", va="center",
                fontsize="small", fontweight="bold")
        group_handles.append(Patch(facecolor=shade, edgecolor="white",
                                   label=f"{number + 1} {label}"))
    ax.set_ylim(0, 1.0)
    present = list(dict.fromkeys(s for _, _, states, _, _ in domains for s in states))
    handles = [Patch(facecolor=WHEEL_STYLE[s][0], hatch=WHEEL_STYLE[s][1], edgecolor="0.15",
                     label=state_labels[s]) for s in WHEEL_STYLE if s in present]
    handles.append(Patch(facecolor="white", edgecolor="0.5", linestyle=":", label=empty_label))
    handles.append(Patch(facecolor="white", edgecolor="white", label="\u25cf " + policy_label))
    handles.append(Patch(facecolor="white", edgecolor="white", label="! " + blind_label))
    fig.legend(handles=group_handles + handles, loc="outside lower center", ncols=3,
               frameon=False, fontsize="small")
    return fig


def journey(phases: Sequence[str], medians: Sequence[float], lower: Sequence[float],
            upper: Sequence[float], waiting: Sequence[float], signals: dict[str, Sequence[int]]
            | None, *, lang: str, median_label: str, waiting_label: str, signals_label: str,
            valence_labels: dict[str, str], missing_label: str = "\u2013",
            height: float = 3.4) -> Figure:
    """The client's journey: median days at each step with its interval, the share still waiting,
    and, beside it, the signals of each phase by valence.

    Parameters
    ----------
    phases : sequence of str
        The steps' labels, in journey order (drawn top to bottom).
    medians, lower, upper : sequence of float
        Median days at each step and its 95% interval (NaN: not reached or hidden).
    waiting : sequence of float
        The share still waiting at each step (NaN where hidden).
    signals : dict, optional
        Valence to the number of signals per phase; no right-hand panel when None.
    missing_label : str
        Written where a step has no median (not reached, or too few people).
    """
    import numpy as np

    apply_style()
    fig = Figure(figsize=(A4_WIDTH, height), layout="constrained")
    axes = fig.subplots(1, 2 if signals else 1, sharey=True, squeeze=False,
                        gridspec_kw={"width_ratios": [3, 2] if signals else [1]})[0]
    ax = axes[0]
    y = np.arange(len(phases))
    m, lo, hi = (np.asarray(v, dtype=float) for v in (medians, lower, upper))
    ax.barh(y, np.nan_to_num(m), color=PALETTE[0], edgecolor="0.15", height=0.6)
    err = np.vstack([np.nan_to_num(m - lo), np.nan_to_num(hi - m)])
    ok = ~np.isnan(lo) & ~np.isnan(hi)
    if ok.any():
        ax.errorbar(m[ok], y[ok], xerr=err[:, ok], fmt="none", ecolor="0.2", capsize=3)
    top = np.nanmax(np.concatenate([hi[ok], m[~np.isnan(m)], [1.0]]))
    for yi, value, share in zip(y, m, waiting, strict=True):
        text = (format_number(value, 0, lang) if not np.isnan(value) else missing_label)
        if not np.isnan(share):
            text += f"  ({format_number(100 * share, 0, lang)}% {waiting_label})"
        ax.text(top * 1.02, yi, text, va="center", fontsize="x-small")
    ax.set_xlim(0, top * 1.9)
    ax.set_yticks(y, list(phases))
    ax.invert_yaxis()
    ax.set_xlabel(median_label, fontsize="small")
    if signals:
        right = axes[1]
        left = np.zeros(len(phases))
        for (valence, counts), hatch, colour in zip(signals.items(), ("xxx", "", "///"),
                                                    (PALETTE[1], "0.8", PALETTE[2]), strict=False):
            counts = np.asarray(counts, dtype=float)
            right.barh(y, counts, left=left, color=colour, hatch=hatch, edgecolor="0.15",
                       height=0.6, label=valence_labels[valence])
            left += counts
        right.set_xlabel(signals_label, fontsize="small")
        right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=3, frameon=False,
                     fontsize="x-small")
    return fig


def small_trends(panels: Sequence[tuple], *, lang: str, columns: int = 3,
                 empty: str = "") -> Figure:
    """Several indicators over the peildata of a series, one small panel each.

    Each panel is ``(title, days, values, lower, upper, percent, target)``:
    the line, its 95% band where it has one, and the target dashed. Without
    panels, the figure says ``empty``.
    """
    import numpy as np
    import pandas as pd
    from matplotlib.dates import DateFormatter
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    apply_style()
    if not panels:
        fig, ax = new_figure(1.0)
        ax.axis("off")
        ax.text(0.5, 0.5, empty, ha="center", va="center")
        return fig
    rows = -(-len(panels) // columns)
    fig = Figure(figsize=(A4_WIDTH, 1.9 * rows + 0.3), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    for ax, (title, days, values, lower, upper, percent, target) in zip(axes, panels,
                                                                        strict=False):
        x = pd.to_datetime(pd.Series(list(days)))
        y, lo, hi = (np.asarray(v, dtype=float) for v in (values, lower, upper))
        band = ~np.isnan(lo) & ~np.isnan(hi)
        if band.any():
            ax.fill_between(x[band], lo[band], hi[band], color=PALETTE[0], alpha=0.2,
                            linewidth=0)
        ax.plot(x, y, marker="o", markersize=3, color=PALETTE[0])
        if target is not None:
            ax.axhline(target, color=PALETTE[3], linestyle="--", linewidth=1)
        ax.set_title(title, fontsize="x-small")
        ax.set_xticks([x.iloc[0], x.iloc[-1]])  # first and last peildatum: more would overlap
        ax.tick_params(labelsize="xx-small")
        ax.xaxis.set_major_formatter(DateFormatter("%m-%y"))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0) if percent else
                                     FuncFormatter(lambda v, _: format_number(v, 0, lang)))
        ax.set_ylim(bottom=0)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    return fig
