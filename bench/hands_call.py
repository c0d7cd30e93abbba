"""Why is the same hand-pose-detection call slower in the lab's page than in the plain-JS page?
One browser, the hands demo's pages side by side (bench/hands_call_pages.py: the lab's
?demo=hands&worker=0 and bench/baseline/hands.html?tracking=1, lite, wasm, and variants of
either), each warmed up, then stopped (bench/probe.js's gate), and in turns:
- loop: a few frames of each page's own loop, with the model calls it made counted (calls,
  palm-detector runs, landmark runs) and timed (bench/probe.js's model_ms);
- call: the same JS in every page, a detector of its own made with the lab's options, timed on
  the same kept camera frame (`calls` calls a turn): what the page itself does to the call.

    .venv/bin/python bench/hands_call.py [--turns 16] [--calls 8] [--no-call] \
        [--pages lab,plain,plain+lab-js,lab-no-hooks,lab-bare,plain+trash,...]
    .venv/bin/python bench/hands_call.py --python 3 --turns 10   # the same call made from the
        # lab's Python, from a JS loop, from Python through a microtask (the Core API editor)
    .venv/bin/python bench/hands_call.py --trace --turns 16      # lab and plain traced: GC and
        # other events on the page's thread inside each call

Prints each page's environment (backend, threads, flags, heap), then per page the median model
call (ms) in the loop and in the same-call test, with each page's ratio to `plain`.
Not part of ./lab bench: a diagnostic, under the browser lock like any bench.
"""

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from config import CAMERA_PHOTO, log
from hands_call_pages import ENVIRONMENT, SAME_CALL, loop_turn, open_page
from pages import Bench
from playwright.sync_api import sync_playwright
from snippets import samples_apart

# the same call from the lab's Python (as lab.vision.detector makes it), from a JavaScript loop,
# and from Python through a microtask (the call then starts once the Python step has returned)
FROM_PYTHON = r"""
import json
import js
await js.labLoadScripts("hand-pose-detection")
js.eval('''window.__hc = {};
__hc.setup = async () => {
  const lib = handPoseDetection, root = location.origin + "/vendor/models/hands/";
  __hc.detector = await lib.createDetector(lib.SupportedModels.MediaPipeHands, {
    runtime: "tfjs", modelType: "lite", maxHands: 2, detectorModelUrl: root + "handdetect.json",
    landmarkModelUrl: root + "handlandmark-lite.json"});
  const image = new Image();
  image.src = "tests/data/photos/hands.png";
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = 640; canvas.height = 382;
  canvas.getContext("2d").drawImage(image, 0, 0, 640, 382);
  __hc.frame = tf.keep(tf.browser.fromPixels(canvas));
  __hc.config = {staticImageMode: false, flipHorizontal: false};
  for (let i = 0; i < 3; i++) await __hc.detector.estimateHands(__hc.frame, __hc.config);
};
__hc.timed = () => { const start = performance.now();
  return __hc.detector.estimateHands(__hc.frame, __hc.config).then((hands) => {
    __hc.ms = performance.now() - start; return hands.length; }); };
__hc.later = () => Promise.resolve().then(__hc.timed);
__hc.loop = async (n) => { const times = [];
  for (let i = 0; i < n; i++) { await __hc.timed(); times.push(__hc.ms); } return times; };''')
await js.__hc.setup()
times = {"python": [], "js_loop": [], "python_then": []}
for turn in range(TURNS):
    for _ in range(8):
        await js.__hc.timed()
        times["python"].append(js.__hc.ms)
    times["js_loop"] += list((await js.__hc.loop(9)).to_py())[1:]
    for _ in range(8):
        await js.__hc.later()
        times["python_then"].append(js.__hc.ms)
print("HANDCALL", json.dumps({k: sorted(v)[len(v) // 2] for k, v in times.items()}))
"""



CATEGORIES = "devtools.timeline,blink.user_timing,disabled-by-default-v8.gc"


def trace(args):
    """The lab's and the plain page's loops in turns, traced: per page, per model call, the ms
    of each kind of event on the page's thread inside the call (GC first)."""
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        bench = Bench(playwright, Path(work))
        opened = {}
        try:
            for kind in ("lab", "plain"):
                opened[kind] = open_page(bench, kind)
            cdp = bench.browser("hands").new_browser_cdp_session()
            chunks, done = [], []
            cdp.on("Tracing.dataCollected", lambda e: chunks.extend(e["value"]))
            cdp.on("Tracing.tracingComplete", lambda e: done.append(1))
            cdp.send("Tracing.start", {"traceConfig": {"includedCategories": CATEGORIES.split(",")},
                                       "transferMode": "ReportEvents"})
            for turn in range(args.turns):
                order = ("lab", "plain") if turn % 2 == 0 else ("plain", "lab")
                for kind in order:
                    page = opened[kind][1]
                    page.evaluate(f"performance.mark('hc-page-{kind}')")
                    page.evaluate("([n]) => window.__bench.gate.run(n, 60000)", [args.frames])
            cdp.send("Tracing.end")
            while not done:
                opened["lab"][1].wait_for_timeout(200)
        finally:
            for context, _ in opened.values():
                context.close()
            bench.close()
    # which pid/tid is which page: its hc-page-<kind> mark
    threads = {}
    for e in chunks:
        if e.get("name", "").startswith("hc-page-"):
            threads[(e["pid"], e["tid"])] = e["name"][len("hc-page-"):]
    per = {kind: {"calls": 0, "call_ms": 0.0, "inside": {}, "turn": {}} for kind in threads.values()}
    events = sorted((e for e in chunks if (e.get("pid"), e.get("tid")) in threads),
                    key=lambda e: e["ts"])
    windows = {kind: [] for kind in per}
    start = {}
    for e in events:
        where = threads[(e["pid"], e["tid"])]
        if e.get("name") == "hc-start":
            start[where] = e["ts"]
        elif e.get("name") == "hc-end" and where in start:
            windows[where].append((start.pop(where), e["ts"]))
    for e in events:
        if e.get("ph") != "X" or "dur" not in e:
            continue
        where = threads[(e["pid"], e["tid"])]
        a, b = e["ts"], e["ts"] + e["dur"]
        name = e["name"]
        per[where]["turn"][name] = per[where]["turn"].get(name, 0) + e["dur"] / 1000
        for s, t in windows[where]:
            overlap = min(b, t) - max(a, s)
            if overlap > 0:
                per[where]["inside"][name] = per[where]["inside"].get(name, 0) + overlap / 1000
    for kind, numbers in per.items():
        calls = len(windows[kind])
        ms = sorted((t - s) / 1000 for s, t in windows[kind])
        inside = {k: round(v / max(calls, 1), 3) for k, v in sorted(
            numbers["inside"].items(), key=lambda kv: -kv[1]) if v / max(calls, 1) >= 0.02}
        turn = {k: round(v / max(calls, 1), 3) for k, v in sorted(
            numbers["turn"].items(), key=lambda kv: -kv[1]) if v / max(calls, 1) >= 0.05}
        print(json.dumps({"page": kind, "calls": calls, "call_ms_median": ms[len(ms) // 2] if ms
                          else None, "inside_calls_ms_per_call": inside,
                          "whole_thread_ms_per_call": turn}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="lab,plain,plain+lab-js,lab-no-hooks")
    parser.add_argument("--turns", type=int, default=16)
    parser.add_argument("--frames", type=int, default=10, help="frames in a loop turn")
    parser.add_argument("--calls", type=int, default=8, help="same-call calls in a turn")
    parser.add_argument("--no-loop", action="store_true")
    parser.add_argument("--no-call", action="store_true")
    parser.add_argument("--trace", action="store_true",
                        help="only: lab and plain loops traced, GC and other events inside calls")
    parser.add_argument("--python", type=int, metavar="RUNS",
                        help="only: the same call from Python and from JavaScript, RUNS runs")
    args = parser.parse_args()
    if args.trace:
        return trace(args)
    if args.python:
        samples = samples_apart(FROM_PYTHON.replace("TURNS", str(args.turns)), "HANDCALL",
                                args.python)
        for sample in samples:
            print(json.dumps(sample))
        return
    kinds = args.pages.split(",")
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        bench = Bench(playwright, Path(work))
        opened = {}
        try:
            for kind in kinds:
                log(f"opening {kind}")
                opened[kind] = open_page(bench, kind)
            for kind, (_, page) in opened.items():
                env = page.evaluate(ENVIRONMENT)
                print(kind, json.dumps(env), flush=True)
            loops = {kind: [] for kind in kinds}
            calls = {kind: [] for kind in kinds}
            counts = {kind: {"calls": 0, "palms": 0, "landmarks": 0, "frames": 0} for kind in kinds}
            for turn in range(args.turns):
                order = kinds if turn % 2 == 0 else kinds[::-1]
                for kind in order:
                    page = opened[kind][1]
                    if not args.no_loop:
                        got = loop_turn(page, args.frames)
                        loops[kind] += [m for m in got["model_ms"] if m is not None]
                        for k in ("calls", "palms", "landmarks"):
                            counts[kind][k] += got[k]
                        counts[kind]["frames"] += args.frames
                    if not args.no_call:
                        got = page.evaluate(SAME_CALL, [args.calls])
                        calls[kind] += got["times"][1:]
                        counts[kind]["same"] = (got["hands"], got["sum"])
                log(f"turn {turn + 1}/{args.turns}: " + ", ".join(
                    f"{k} {statistics.median(loops[k] or [0]):.1f}/"
                    f"{statistics.median(calls[k] or [0]):.1f}" for k in kinds))
            for kind in kinds:
                loop = statistics.median(loops[kind]) if loops[kind] else None
                call = statistics.median(calls[kind]) if calls[kind] else None
                base_loop = statistics.median(loops["plain"]) if loops.get("plain") else None
                base_call = statistics.median(calls["plain"]) if calls.get("plain") else None
                print(json.dumps({"page": kind, "loop_model_ms": loop, "same_call_ms": call,
                                  "loop_vs_plain": loop / base_loop if loop and base_loop else None,
                                  "call_vs_plain": call / base_call if call and base_call else None,
                                  "counts": counts[kind], "loop_n": len(loops[kind]),
                                  "call_n": len(calls[kind])}), flush=True)
        finally:
            for context, _ in opened.values():
                context.close()
            bench.close()


if __name__ == "__main__":
    CAMERA_PHOTO.setdefault("hands", "hands")
    main()
