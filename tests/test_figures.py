import math

from evalkit import figures


def test_hidden_bars_are_left_empty_and_unlabelled():
    fig = figures.bar_chart(["a", "b"], [12.0, math.nan], lang="nl")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["12", ""]


def test_a4_width():
    fig = figures.bar_chart(["a"], [1.0], lang="en")
    assert fig.get_figwidth() == figures.A4_WIDTH
