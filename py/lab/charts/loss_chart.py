"""A live loss curve on a <canvas>, cheap enough to redraw every epoch.

    chart = LossChart("#regression-chart")
    chart.reset(epochs=200)
    chart.add(0.73)          # once per epoch; redraws at most every 50 ms (then True)
    chart.draw()             # force a final redraw
    chart.clear()            # an empty canvas: no training shown

Loss falls over orders of magnitude, so the y axis is logarithmic. The curve
is built as one SVG path string and stroked in a single call, rather than one
bridge call per point.
"""

import time

import js

from lab.charts.scale import curve_path, decade_y, decades
from lab.core.ui import element

PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 12, 12, 28
REDRAW_SECONDS = 0.05


class LossChart:
    """A loss curve on a <canvas>, one point per epoch, redrawn at most a few times a second."""
    def __init__(self, selector: str):
        self.canvas = element(selector)
        self.context = self.canvas.getContext("2d")
        self.losses: list[float] = []
        self.epochs = 1
        self._drawn_at = 0.0

    def reset(self, epochs: int):
        """Start a new curve for a training of `epochs` epochs (the x axis)."""
        self.losses = []
        self.epochs = max(epochs, 1)
        self.draw()

    def clear(self):
        """Forget the curve and blank the canvas."""
        self.losses = []
        self.context.clearRect(0, 0, self.canvas.width, self.canvas.height)

    def add(self, loss: float) -> bool:
        """Record one epoch's loss; True when the chart was redrawn."""
        self.losses.append(loss)
        if time.monotonic() - self._drawn_at >= REDRAW_SECONDS:
            self.draw()
            return True
        return False

    def draw(self):
        """Draw the curve now."""
        self._drawn_at = time.monotonic()
        ctx, width, height = self.context, self.canvas.width, self.canvas.height
        ctx.clearRect(0, 0, width, height)
        plot_w, plot_h = width - PAD_LEFT - PAD_RIGHT, height - PAD_TOP - PAD_BOTTOM
        ctx.strokeStyle = "#9aa3b2"
        ctx.strokeRect(PAD_LEFT, PAD_TOP, plot_w, plot_h)
        ctx.fillStyle = "#5b6577"
        ctx.font = "12px system-ui, sans-serif"
        ctx.fillText("epoch", width / 2 - 15, height - 6)
        ctx.fillText(f"{self.epochs}", PAD_LEFT + plot_w - 24, height - 14)
        ctx.fillText("1", PAD_LEFT, height - 14)
        axis = decades(self.losses)
        if axis is None:
            ctx.fillText("loss (log scale)", 6, PAD_TOP + 12)
            return
        box = (PAD_LEFT, PAD_TOP, plot_w, plot_h)
        for decade in range(axis[0], axis[1] + 1):  # a label on every power of ten
            ctx.fillText(f"1e{decade}", 8, decade_y(decade, box, axis) + 4)
        path = curve_path(self.losses, self.epochs, box, axis)
        ctx.strokeStyle = "#2f6fde"
        ctx.lineWidth = 2
        ctx.stroke(js.Path2D.new(path))
        ctx.lineWidth = 1
