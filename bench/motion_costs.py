"""What motions cost the teach demo's frame loop (issue 33): the DTW kNN judging a window against
100 clips, and recording a clip, timed in the page on the lab's own Python (lab.teach.motion_lesson's
MotionLesson, its ClipMatcher on TF.js's wasm backend), run through the Core API editor.

    .venv/bin/python bench/motion_costs.py [--runs 3] [--frames 30]

The clips are body motions as MoveNet's 17 keypoints give them (two kinds of swing, a little
jitter), 2 s at the camera loop's 10 frames a second, 50 of each class. Each run: 100 clips in the
lesson, then `frames` frames judged (`match_ms`: the DTW kNN; `predict`: all the frame's motion
work, the window's resampling included), then 10 holds recorded with 98 clips in the lesson
(`record_ms`: what each hold's frames and its release cost, per frame). Prints each figure's median
and a 90% interval for it (bootstrap over runs, then frames). Run it under the browser lock like
any bench. Not part of ./lab bench.
"""

import argparse

from snippets import samples_apart
from stats import spread

SNIPPET = r"""
# bench/motion_costs.py: what motions cost the teach loop, ms a frame
import asyncio, json, math, random, time
from lab.teach.dataset import Dataset
from lab.teach.motion_lesson import MotionLesson


class Features:  # what MotionLesson reads of the mode's model
    mode, model, dims, where, missing = "motion-pose", "movenet-lightning", 34, "page", "person"


pick = random.Random(1)


def row(t, kind):
    # a frame_vector(): 17 keypoints swinging side to side (kind 0) or up and down (1)
    swing = math.sin(2 * math.pi * t / 1.2)
    dx, dy = (110 * swing, 0) if kind == 0 else (0, 70 * swing)
    points = []
    for i in range(17):
        points += [320 + dx + 30 * (i % 4) + pick.gauss(0, 2), 150 + dy + 40 * (i // 4) + pick.gauss(0, 2)]
    xs, ys = points[0::2], points[1::2]
    return points + [(min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2,
                     max(max(xs) - min(xs), max(ys) - min(ys))]


clock = 1000.0


async def hold(lesson, kind, frames=20):
    global clock
    await asyncio.sleep(0)   # a pause between holds: the editor stops code that never pauses
    lesson.recording = lesson.dataset.classes[kind]
    for _ in range(frames):
        clock += 0.1
        lesson.record(row(clock, kind), None, at=clock)
    lesson.recording = None


lesson = MotionLesson(Features(), Dataset("motion-pose", "movenet-lightning", 34))
for clip in range(98):
    await hold(lesson, clip % 2)
out = {"record_ms": [], "match_ms": [], "predict": []}
for clip in range(10):   # recording, 98 clips in the lesson (each hold's clip is then let go)
    await hold(lesson, clip % 2)
    out["record_ms"].append(lesson.record_ms)
    lesson.dataset.classes[clip % 2].samples.pop()
await hold(lesson, 0)
await hold(lesson, 1)
lesson.refit()
assert sum(len(c.samples) for c in lesson.dataset.classes) == 100
for frame in range(FRAMES + 10):
    clock += 0.1
    await asyncio.sleep(0)
    vector = row(clock, frame // 20 % 2)
    started = time.perf_counter()
    lesson.predict(vector, 3, still=0.0, at=clock)
    spent = (time.perf_counter() - started) * 1000
    if frame >= 10 and lesson.matcher.ms is not None:   # the window full, and warm
        out["predict"].append(spent)
        out["match_ms"].append(lesson.matcher.ms)
lesson.dispose()
print("MOTION", json.dumps(out))
"""

ROWS = {"match_ms": "DTW kNN over 100 clips, ms a frame",
        "predict": "motion kNN's whole frame (window, DTW kNN), ms",
        "record_ms": "recording adds ms a frame"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--frames", type=int, default=30)
    args = parser.parse_args()
    runs = samples_apart(SNIPPET.replace("FRAMES", str(args.frames)), "MOTION", args.runs)
    for key, name in ROWS.items():
        values = [v for run in runs for v in run[key]]
        groups = [number for number, run in enumerate(runs) for _ in run[key]]
        numbers = spread(values, groups)
        print(f"{name:48s} median {numbers['median']:7.3f}  90% interval {numbers['ci90']}  "
              f"(range {numbers['low']}–{numbers['high']}, {len(values)} in {args.runs} runs)")


if __name__ == "__main__":
    main()
