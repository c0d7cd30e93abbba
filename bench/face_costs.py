"""Where a face-mesh frame's time goes on the page's thread, outside the model call: each step
of lab.vision.detector.Detector.estimate and of the face demo's frame, timed in the page (a
snippet run through the Core API editor, on the astronaut photo, the mesh's 468 points).

    .venv/bin/python bench/face_costs.py [--runs 3] [--model mesh|irises] [--before COMMIT]

Prints, per step, the median over 30 frames (ms), median over runs; with --before, also
lab.face.mesh's and lab.face.contours' steps as that commit had them, in the same page, on the
same faces. Run it under the browser lock like any bench. Not part of ./lab bench.
"""

import argparse
import subprocess

from config import ROOT
from snippets import print_costs, step_costs

SNIPPET = r"""
# bench/face_costs.py: each step of a face frame on the page's thread, ms
import json, time
import js
from lab.core.ui import to_json
from lab.face.contours import face_paths
from lab.face.mesh import plain_faces
from lab.face.model import FaceModel

image = js.Image.new()
image.src = "tests/data/photos/astronaut_640x480.png"
await image.decode()
model = await FaceModel.load("MODEL")
BEFORE = {}
for source in SOURCES:  # the modules as the --before commit had them
    exec(source, BEFORE)
box = js.document.createElement("pre")
steps = {}


class Stage:  # lab.media.canvas's map, as the face demo's stage draws with it
    width, height, frame_width, frame_height, mirrored = 640, 480, 640, 480, True

    def _fit(self):
        self.scale = min(self.width / self.frame_width, self.height / self.frame_height)
        self._dx = (self.width - self.frame_width * self.scale) / 2
        self._dy = (self.height - self.frame_height * self.scale) / 2

    def to_canvas(self, x, y):
        self._fit()
        x = self._dx + x * self.scale
        return (self.width - x if self.mirrored else x), self._dy + y * self.scale


stage = Stage()


def timed(name, started):
    now = time.perf_counter()
    steps.setdefault(name, []).append((now - started) * 1000)
    return now


for _ in range(30):
    started = time.perf_counter()
    faces = await model.estimate(image, 640, 480)
    t = timed("estimate, all of it", started)
    pixels = js.labPixels(image, 640, 480)
    t = timed("capture (js/pixels.js)", t)
    found = await model._run(pixels)
    t = timed("the model call, awaited", t)
    pixels.dispose()
    text = js.JSON.stringify(found)
    t = timed("JSON.stringify (JS)", t)
    loaded = json.loads(text)
    t = timed("json.loads", t)
    faces = plain_faces(loaded, 1.0, 1.0)
    t = timed("plain_faces", t)
    face_paths(faces, stage.to_canvas, False)
    t = timed("face_paths (the drawing's paths)", t)
    if BEFORE:
        BEFORE["plain_faces"](loaded, 1.0, 1.0)
        t = timed("plain_faces, before", t)
        BEFORE["face_paths"](faces, stage.to_canvas, False)
        t = timed("face_paths, before", t)
    box.textContent = to_json({"faces": faces})
    timed("publish (to_json, textContent)", t)
model.dispose()
print("FACE", json.dumps({k: sorted(v)[len(v) // 2] for k, v in steps.items()}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default="mesh")
    parser.add_argument("--before", help="a commit whose lab.face.mesh and contours to time too")
    args = parser.parse_args()
    sources = [subprocess.run(["git", "show", f"{args.before}:py/lab/face/{name}.py"],
                              capture_output=True, text=True, check=True, cwd=ROOT).stdout
               for name in ("contours", "mesh")] if args.before else []
    snippet = SNIPPET.replace("MODEL", args.model).replace("SOURCES", repr(sources))
    print_costs(step_costs(snippet, "FACE", args.runs))


if __name__ == "__main__":
    main()
