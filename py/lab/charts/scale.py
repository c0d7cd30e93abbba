"""The loss chart's arithmetic: a log-scale y axis and the curve as one SVG path. No browser.

    from lab.charts.scale import decades, curve_path

    decades([0.9, 0.02])                 # (-2, 0): the axis runs from 1e-2 to 1e0
    curve_path([0.9, 0.02], epochs=2, box=(56, 12, 572, 160), axis=(-2, 0))   # "M 56.0 ... L ..."
"""

import math


def plottable(losses) -> list[float]:
    """The losses a log scale can show (finite and above zero)."""
    return [loss for loss in losses if math.isfinite(loss) and loss > 0]


def decades(losses) -> tuple[int, int] | None:
    """(bottom, top): the powers of ten the axis spans, at least one apart; None if no loss fits."""
    shown = plottable(losses)
    if not shown:
        return None
    top = math.ceil(math.log10(max(shown)))
    bottom = math.floor(math.log10(min(shown)))
    return (bottom, top + 1) if top == bottom else (bottom, top)


def decade_y(decade: int, box, axis) -> float:
    """Where the line of 10**decade is, in canvas pixels."""
    left, top_y, width, height = box
    bottom, top = axis
    return top_y + height * (top - decade) / (top - bottom)


def curve_path(losses, epochs: int, box, axis) -> str:
    """An SVG path through each epoch's loss, in the plot `box` (left, top, width, height);
    epochs whose loss a log scale cannot show are left out."""
    left, top_y, width, height = box
    bottom, top = axis
    points = []
    for epoch, loss in enumerate(losses):
        if math.isfinite(loss) and loss > 0:
            x = left + width * epoch / max(epochs - 1, 1)
            y = top_y + height * (top - math.log10(loss)) / (top - bottom)
            points.append(f"{x:.1f} {y:.1f}")
    return "M " + " L ".join(points) if points else ""
