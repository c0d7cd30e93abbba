"""What the webcam classifier shows: the best guess on the video, the top 5 beside it, the speed.

    from lab.classify_view import draw_guess, show_top, show_speed, slow_hint, FrameMeter

    stage.on_draw(lambda p: draw_guess(p, "tabby 38%"))   # a label box on the p5 canvas
    show_top("#classify-top", top)      # top = classifier.classify(...)'s list
    meter = FrameMeter()
    meter.add(ms)                       # after each classification
    meter.ms, meter.fps                 # rolling averages over the last 30 frames
    show_speed("#classify-speed", meter, "wasm", "camera")
    slow_hint("cpu", meter.ms)          # what to say when the video is no longer live
"""

import time
from collections import deque

from lab import ui
from lab.classifier import short_label


def draw_guess(p, text: str):
    """The best guess, in a dark box at the canvas's top-left corner."""
    if not text:
        return
    p.textSize(24)
    p.textAlign(p.LEFT, p.TOP)
    p.noStroke()
    p.fill(0, 0, 0, 170)
    p.rect(10, 10, p.textWidth(text) + 20, 40, 6)
    p.fill(255)
    p.text(text, 20, 18)


def guess_text(top: list[dict]) -> str:
    if not top:
        return ""
    best = top[0]
    return f"{short_label(best['label'])} {best['confidence']:.0%}"


def show_top(selector: str, top: list[dict]):
    """The top classes as a list with a bar per confidence."""
    items = []
    for entry in top:
        item = ui.document.createElement("li")
        name = ui.document.createElement("span")
        name.textContent = short_label(entry["label"])
        name.title = entry["label"]
        confidence = ui.document.createElement("span")
        confidence.className = "confidence"
        confidence.textContent = f"{entry['confidence']:.1%}"
        bar = ui.document.createElement("span")
        bar.className = "bar"
        bar.style.width = f"{max(entry['confidence'] * 100, 0.5):.1f}%"
        item.append(name, confidence, bar)
        items.append(item)
    ui.element(selector).replaceChildren(*items)


def show_speed(selector: str, meter, backend: str, source: str):
    if source == "image":
        text = f"{meter.last_ms:.0f} ms for this photo"
    else:
        text = f"{meter.ms:.0f} ms per frame · {meter.fps:.1f} frames/s"
    ui.element(selector).textContent = f"{text} · {backend} backend"


def slow_hint(backend: str, ms: float) -> str:
    """What to say when frames take so long that the video is no longer live."""
    hint = (f"Slow: {ms / 1000:.1f} s per frame on the {backend} backend. ")
    if backend != "wasm":
        return hint + "Without a GPU the wasm backend is much faster: open the page with ?backend=wasm."
    return hint + "This computer is busy or slow: close other tabs, or classify a photo instead."


class FrameMeter:
    """Rolling time per classification and classifications per second."""

    def __init__(self, window: int = 30):
        self._ms = deque(maxlen=window)
        self._ends = deque(maxlen=window)
        self.frames = 0

    def add(self, ms: float):
        self.frames += 1
        self._ms.append(ms)
        self._ends.append(time.perf_counter())

    @property
    def recent(self) -> int:
        """Frames measured since the last reset (up to the window)."""
        return len(self._ms)

    @property
    def last_ms(self) -> float:
        return self._ms[-1] if self._ms else 0.0

    @property
    def ms(self) -> float:
        return sum(self._ms) / len(self._ms) if self._ms else 0.0

    @property
    def fps(self) -> float:
        if len(self._ends) < 2:
            return 0.0
        return (len(self._ends) - 1) / (self._ends[-1] - self._ends[0])

    def reset(self):
        self._ms.clear()
        self._ends.clear()
