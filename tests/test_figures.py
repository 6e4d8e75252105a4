import math

from evalkit import figures


def test_hidden_bars_are_left_empty_and_unlabelled():
    fig = figures.bar_chart(["a", "b"], [12.0, math.nan], lang="nl")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["12", ""]


def test_a4_width():
    fig = figures.bar_chart(["a"], [1.0], lang="en")
    assert fig.get_figwidth() == figures.A4_WIDTH


def test_a_funnel_whose_every_share_is_hidden_draws_its_limits_over_every_size():
    """A region whose every count of exits to work is hidden: no point, the limits still drawn
    over the sizes of all its municipalities (it failed on the smallest of no sizes)."""
    common = dict(lang="nl", xlabel="x", ylabel="y", mean_label="m", limit_labels=("a", "b"))
    fig = figures.funnel_plot([], [], 0.07, labels=[], span=[24, 600], **common)
    axes = fig.axes[0]
    assert not axes.collections or len(axes.collections[0].get_offsets()) == 0
    limits = axes.lines[0].get_xdata()
    assert math.isclose(limits[0], 24 * 0.8) and math.isclose(limits[-1], 600 * 1.1)
    drawn = figures.funnel_plot([55, 600], [0.43, 0.30], 0.31, labels=["B", "E"], **common)
    assert math.isclose(drawn.axes[0].lines[0].get_xdata()[0], 55 * 0.8)
