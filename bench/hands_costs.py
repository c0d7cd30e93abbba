"""Where a hands frame's time goes on the page's thread, outside the model call: each step of
lab.vision.detector.Detector.estimate and of the hands demo's frame, timed in the page (a
snippet run through the Core API editor, on the two-hands photo, the lite model), beside what
the plain-JS page draws (bench/baseline/hands.html: a p5 circle a keypoint).

    .venv/bin/python bench/hands_costs.py [--runs 3] [--model lite|full]

Prints, per step, the median over 30 frames (ms), median over runs. Run it under the browser
lock like any bench. Not part of ./lab bench.
"""

import argparse

from snippets import print_costs, step_costs

SNIPPET = r"""
# bench/hands_costs.py: each step of a hands frame on the page's thread, ms
import json, time
import js
from lab.core.ui import to_json
from lab.hands.keypoints import plain_hands
from lab.hands.model import HandModel
from lab.hands.overlay import HandOverlay, hand_drawing

image = js.Image.new()
image.src = "tests/data/photos/hands.png"
await image.decode()
width, height = image.naturalWidth, image.naturalHeight
model = await HandModel.load("MODEL")
box = js.document.createElement("pre")
canvas = js.document.createElement("canvas")
canvas.width, canvas.height = 640, 480
steps = {}


class Stage:  # lab.media.canvas's map and what HandOverlay asks of the stage
    source_version, mirrored = 1, True

    def on_draw(self, draw): pass
    def redraw(self): pass

    def to_canvas(self, x, y):
        scale = min(640 / width, 480 / height)
        x = (640 - width * scale) / 2 + x * scale
        return 640 - x, (480 - height * scale) / 2 + y * scale


class Frame:
    version = 1


class P:  # what HandOverlay.draw reads of p5
    drawingContext = canvas.getContext("2d")


overlay = HandOverlay(Stage())
circles = js.eval("(c, hands) => { c.fillStyle = 'rgb(0, 255, 0)'; for (const h of hands) "
                  "for (const k of h.keypoints) { c.beginPath(); c.arc(k.x, k.y, 5, 0, 2 * Math.PI); "
                  "c.fill(); } }")


def timed(name, started):
    now = time.perf_counter()
    steps.setdefault(name, []).append((now - started) * 1000)
    return now


for _ in range(30):
    started = time.perf_counter()
    hands = await model.estimate(image, width, height)
    t = timed("estimate, all of it", started)
    pixels = js.labPixels(image, width, height)
    t = timed("capture (js/pixels.js)", t)
    found = await model._run(pixels)
    t = timed("the model call, awaited", t)
    pixels.dispose()
    loaded = json.loads(js.JSON.stringify(found))
    t = timed("JSON.stringify, json.loads (before js/hand_numbers.js)", t)
    numbers = js.labHandNumbers(found)
    t = timed("labHandNumbers (JS)", t)
    values = numbers.to_memoryview().tolist()
    t = timed("to_memoryview().tolist()", t)
    hands = plain_hands(values, 1.0, 1.0)
    t = timed("plain_hands", t)
    overlay.show(hands, Frame())
    hand_drawing(hands, Stage().to_canvas)
    t = timed("hand_drawing (the paths' text)", t)
    overlay.draw(P())
    t = timed("HandOverlay.draw (all of it)", t)
    circles(P.drawingContext, found)
    t = timed("the plain-JS page's circles (JS)", t)
    box.textContent = to_json({"hands": hands})
    timed("publish (to_json, textContent)", t)
model.dispose()
print("HANDS", json.dumps({k: sorted(v)[len(v) // 2] for k, v in steps.items()}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default="lite")
    args = parser.parse_args()
    print_costs(step_costs(SNIPPET.replace("MODEL", args.model), "HANDS", args.runs))


if __name__ == "__main__":
    main()
