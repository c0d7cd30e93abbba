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

import math
import time

import js

from lab.ui import element

PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 12, 12, 28
REDRAW_SECONDS = 0.05


class LossChart:
    def __init__(self, selector: str):
        self.canvas = element(selector)
        self.context = self.canvas.getContext("2d")
        self.losses: list[float] = []
        self.epochs = 1
        self._drawn_at = 0.0

    def reset(self, epochs: int):
        self.losses = []
        self.epochs = max(epochs, 1)
        self.draw()

    def clear(self):
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
        finite = [loss for loss in self.losses if math.isfinite(loss) and loss > 0]
        if not finite:
            ctx.fillText("loss (log scale)", 6, PAD_TOP + 12)
            return
        top = math.ceil(math.log10(max(finite)))
        bottom = math.floor(math.log10(min(finite)))
        if top == bottom:
            top += 1
        for decade in range(bottom, top + 1):  # a label on every power of ten
            y = PAD_TOP + plot_h * (top - decade) / (top - bottom)
            ctx.fillText(f"1e{decade}", 8, y + 4)

        def point(epoch, loss):
            x = PAD_LEFT + plot_w * epoch / max(self.epochs - 1, 1)
            y = PAD_TOP + plot_h * (top - math.log10(loss)) / (top - bottom)
            return f"{x:.1f} {y:.1f}"

        path = " L ".join(point(i, loss) for i, loss in enumerate(self.losses)
                          if math.isfinite(loss) and loss > 0)
        ctx.strokeStyle = "#2f6fde"
        ctx.lineWidth = 2
        ctx.stroke(js.Path2D.new(f"M {path}"))
        ctx.lineWidth = 1
