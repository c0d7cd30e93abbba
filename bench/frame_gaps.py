"""What fills the main thread between two model frames, in the lab page and in its plain-JS baseline.

    .venv/bin/python bench/frame_gaps.py                 # MoveNet, Python page then JS page
    .venv/bin/python bench/frame_gaps.py --model posenet --seconds 8

A diagnostic beside `./lab bench`, not part of it. For each page it records a
Chrome trace of a few seconds of the running pose loop (wasm backend, fake
camera), finds the model's frames (main-thread tasks over 25 ms), and prints:
the median frame task, the median gap between two frames, and for the gap of
median length, each task in it (what the loop adds: the Python code after a
result, the rendering pass, turns of the event loop). Gaps are taken within one
page's trace, so the machine's drift between runs does not enter them.
"""

import argparse
import collections
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from config import POSE_MODELS  # noqa: E402  (bench/: servers, pages, the probe)
from pages import Bench, url_for, wait_frames  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink", "cc",
              "toplevel", "v8.execute"]
FRAME_TASK_US = 25_000  # a main-thread task this long is a model frame


def main_thread_tasks(trace_path: Path) -> tuple[list[dict], list[dict]]:
    """(top-level tasks, all complete events) of the busiest renderer main thread."""
    events = json.loads(trace_path.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    busy = collections.Counter()
    for e in events:
        if e.get("ph") == "X" and names.get((e["pid"], e["tid"])) == "CrRendererMain":
            busy[(e["pid"], e["tid"])] += e.get("dur", 0)
    thread = busy.most_common(1)[0][0]
    complete = sorted((e for e in events if (e["pid"], e["tid"]) == thread
                       and e.get("ph") == "X" and "dur" in e), key=lambda e: e["ts"])
    tasks = [e for e in complete if e["name"] == "ThreadControllerImpl::RunTask"]
    return tasks, complete


def report(label: str, trace_path: Path):
    tasks, complete = main_thread_tasks(trace_path)
    frames = [t for t in tasks if t["dur"] > FRAME_TASK_US]
    if len(frames) < 3:
        print(f"== {label}: only {len(frames)} model frames in the trace")
        return
    gaps = sorted(((b["ts"] - (a["ts"] + a["dur"]), a, b) for a, b in zip(frames, frames[1:])),
                  key=lambda gap: gap[0])
    print(f"== {label}: {len(frames)} model frames; frame task median "
          f"{statistics.median(t['dur'] for t in frames) / 1000:.1f} ms; gap between frames "
          f"median {gaps[len(gaps) // 2][0] / 1000:.2f} ms "
          f"(lowest {gaps[0][0] / 1000:.2f}, highest {gaps[-1][0] / 1000:.2f})")
    gap, before, after = gaps[len(gaps) // 2]
    start = before["ts"] + before["dur"]
    print("   the median gap, task by task (ms from the end of a frame, ms long, what ran):")
    for task in tasks:
        if start <= task["ts"] < after["ts"] and task["dur"] >= 30:
            inside = [e["name"] for e in complete
                      if task["ts"] < e["ts"] < task["ts"] + task["dur"] and e["dur"] > 50][:4]
            print(f"   {(task['ts'] - start) / 1000:7.2f} {task['dur'] / 1000:6.2f}  "
                  f"{' > '.join(inside)}")
    busy = sum(t["dur"] for t in tasks if start <= t["ts"] < after["ts"])
    print(f"   busy {busy / 1000:.2f} of {gap / 1000:.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="movenet", choices=POSE_MODELS)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lab-gaps-"))
    with sync_playwright() as playwright:
        bench = Bench(playwright, work)
        try:
            base = bench.server("plain")
            browser = bench.browser("pose")
            for label, python in (("Python (the lab page)", True), ("plain JS (baseline)", False)):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                try:
                    page = bench.new_page(context)
                    page.goto(url_for(base, python, "pose", "wasm", args.model))
                    wait_frames(page, 10, args.model, 300)
                    trace = work / f"trace-{'py' if python else 'js'}.json"
                    browser.start_tracing(page=page, path=str(trace), categories=CATEGORIES)
                    page.wait_for_timeout(args.seconds * 1000)
                    browser.stop_tracing()
                    report(label, trace)
                finally:
                    context.close()
        finally:
            bench.close()


if __name__ == "__main__":
    main()
