"""What the webcam classifier shows: the best guess on the video, the top 5 beside it, the speed.

    from lab.classify.view import BestGuess, show_top, show_speed, slow_hint

    guess = BestGuess(stage)            # a label box on the p5 canvas, over the video
    guess.show(top)                     # top = classifier.classify(...)'s list: "tabby 38%"
    show_top("#classify-top", top)      # a list with a bar per confidence
    show_speed("#classify-speed", stage.meter, "wasm", "camera")
    slow_hint("cpu", stage.meter.ms)    # what to say when the video is no longer live
"""

from lab.classify.model import short_label
from lab.core import ui


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


class BestGuess:
    """The best guess, drawn over the stage until the next one (or none)."""

    def __init__(self, stage):
        self.stage, self.text = stage, ""
        stage.on_draw(lambda p: draw_guess(p, self.text))

    def show(self, top: list[dict]):
        self.say(guess_text(top))

    def say(self, text: str):
        """Any text in the label box ("" hides it)."""
        if text != self.text:
            self.text = text
            self.stage.redraw()


def show_top(selector: str, top: list[dict]):
    """The top classes as a list with a bar per confidence (its items reused, not rebuilt)."""
    box = ui.element(selector)
    if box.children.length != len(top):
        box.replaceChildren(*[_top_item() for _ in top])
    for item, entry in zip(box.children, top):
        name, confidence, bar = item.children
        name.textContent = short_label(entry["label"])
        name.title = entry["label"]
        confidence.textContent = f"{entry['confidence']:.1%}"
        bar.style.width = f"{max(entry['confidence'] * 100, 0.5):.1f}%"


def _top_item():
    item = ui.document.createElement("li")
    for name in ("name", "confidence", "bar"):
        part = ui.document.createElement("span")
        part.className = name
        item.append(part)
    return item


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
