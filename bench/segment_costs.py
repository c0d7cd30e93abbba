"""Where a segment frame's time goes on the page's thread, outside the model call: each step of
lab.segment.model.SegmentModel._run and of the demo's backdrop, timed in the page (a snippet run
through the Core API editor, on the astronaut photo), beside the steps it replaced ("before":
the red channel sliced, two reads, toBinaryMask) and what the plain-JS page does after
segmentPeople (bench/baseline/segment.html: toBinaryMask, a count of the mask's pixels).

    .venv/bin/python bench/segment_costs.py [--runs 3]

Prints, per step, the median over 30 frames (ms), median over runs. Run it under the browser
lock like any bench. Not part of ./lab bench.
"""

import argparse

from snippets import print_costs, step_costs

SNIPPET = r"""
# bench/segment_costs.py: each step of a segment frame on the page's thread, ms
import json, time
from functools import lru_cache
import js
from lab.core.bridge import to_js, to_py
from lab.core.engine import tf, tidy
from lab.segment.backdrop import Backdrop
from lab.segment.grid import cell_weights, drawn_cutoff
from lab.segment.model import CLEAR, PERSON, ROWS, COLUMNS, SegmentModel, as_image, summed_up

image = js.Image.new()
image.src = "tests/data/photos/astronaut_640x480.png"
await image.decode()
model = await SegmentModel.load("selfie")
steps = {}


class Stage:  # what Backdrop asks of the demo's stage
    def on_draw(self, draw): pass
    def redraw(self): pass


class Frame:
    image, version = image, 1


backdrop = Backdrop(Stage())
lib = js.bodySegmentation
count = js.eval("(m) => { let n = 0; for (let i = 3; i < m.data.length; i += 4) "
                "if (m.data[i] === 0) n++; return n; }")


@lru_cache
def old_weights(size, parts):
    return to_js(cell_weights(size, parts))


def timed(name, started):
    now = time.perf_counter()
    steps.setdefault(name, []).append((now - started) * 1000)
    return now


for _ in range(30):
    started = time.perf_counter()
    found = await model.estimate(image, 640, 480, mask=True)
    t = timed("estimate(mask=True), all of it", started)
    pixels = js.labPixels(image, 640, 480)
    t = timed("capture (js/pixels.js)", t)
    [person] = await model._detector.segmentPeople(pixels)
    t = timed("segmentPeople, awaited (the model call)", t)
    rgba = person.mask.mask
    numbers, drawn = summed_up(rgba, 0.5, None)
    t = timed("now: summed_up (share, grid, one read)", t)
    numbers, drawn = summed_up(rgba, 0.5, drawn_cutoff(0.5))
    drawn = as_image(drawn, 640, 480)
    t = timed("now: summed_up and the mask's ImageData", t)
    await person.mask.toTensor()
    t = timed("before: await mask.toTensor", t)
    height, width = rgba.shape[0], rgba.shape[1]
    with tidy():  # lab.segment.model before this was timed: the red channel sliced, two reads
        mask = rgba.slice(to_js([0, 0, 0]), to_js([height, width, 1])).reshape(to_js([height, width]))
        t = timed("before: the mask's slice", t)
        rows, columns = tf.tensor2d(old_weights(height, ROWS)), tf.tensor2d(old_weights(width, COLUMNS))
        grid = tf.matMul(tf.matMul(rows, mask), columns, False, True)
        values = to_py(grid.reshape(to_js([-1])).arraySync())
        t = timed("before: grid (weights, matMuls, arraySync)", t)
        inside = mask.greater(0.5).cast("float32").mean().arraySync()
        t = timed("before: person_fraction (greater, mean, arraySync)", t)
    wanted = await lib.toBinaryMask(person, PERSON, CLEAR, False, 0.5)
    t = timed("before: toBinaryMask (the plain-JS page too)", t)
    rgba.dispose()
    pixels.dispose()
    t = time.perf_counter()
    count(wanted)
    t = timed("the plain-JS page's pixel count (JS)", t)
    backdrop.show(drawn, Frame(), "blur")
    t = timed("backdrop.show, blur", t)
    backdrop.show(drawn, Frame(), "mask")
    timed("backdrop.show, mask", t)
model.dispose()
print("SEGMENT", json.dumps({k: sorted(v)[len(v) // 2] for k, v in steps.items()}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print_costs(step_costs(SNIPPET, "SEGMENT", args.runs))


if __name__ == "__main__":
    main()
