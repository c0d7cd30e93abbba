"""BENCHMARKS.md from a run's results: the tables, the targets met or not, the notes."""

import os
import platform
import subprocess
from pathlib import Path

import completion
from config import (
    CHROMIUM,
    NO_CAPTURE,
    WORKER,
    log,
)
from report_kept import keep_hand_written
from report_sections import extra_said, fmt, interval, later_sections, ratio_met, verdict, worker_table
from report_vision import is_vision, vision_section
from stats import PAIRED, spread


# the report -------------------------------------------------------------------------
def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(memory) / 1e6, 1),
            "os": platform.platform(), "chromium": chromium.strip().splitlines()[-1:] or None,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def summarise(results: dict) -> list[dict]:
    """One row per (demo, model, backend): Python vs JS, and the targets."""
    rows = []
    for key, entry in results["loops"].items():
        demo, backend = key.split("/")
        for model, js_numbers in entry.get("js", {}).items():
            py = entry.get("python", {}).get(model, {})
            inference = results["inference"].get(key, {}).get(model, {}).get("inference_ms")
            row = {"demo": demo, "model": model, "backend": backend,
                   "py_fps": py.get("fps"), "js_fps": js_numbers.get("fps"),
                   "py_frame_ms": py.get("frame_ms"), "js_frame_ms": js_numbers.get("frame_ms"),
                   "inference_ms": inference,
                   "py_outside_ms": py.get("outside_ms"),
                   "js_outside_ms": js_numbers.get("outside_ms"),
                   "errors": [e for e in (py.get("error"), js_numbers.get("error")) if e]}
            if row["py_fps"] and row["js_fps"]:
                row["ratio"] = round(row["py_fps"] / row["js_fps"], 3)
            if row["py_frame_ms"] and inference:
                row["py_cost_vs_alone"] = round((row["py_frame_ms"] - inference) / inference, 3)
            if row["js_frame_ms"] and inference:
                row["js_cost_vs_alone"] = round((row["js_frame_ms"] - inference) / inference, 3)
            paired = entry.get("paired", {}).get(model, {})
            for field in PAIRED:
                if paired.get(field):  # turn by turn: the median, and how sure it is
                    row[field] = paired[field]["median"]
                    if paired[field].get("ci90"):
                        row[field + "_range"] = paired[field]["ci90"]
            # The loop's cost: in the frame itself when the model's own time per frame is known
            # (pose: bench/probe.js times estimatePoses), else against inference alone.
            row["loop_cost_measure"] = ("in frame" if py.get("loop_cost") is not None
                                        and js_numbers.get("loop_cost") is not None
                                        else "vs inference alone")
            for side, numbers in (("py", py), ("js", js_numbers)):
                if row["loop_cost_measure"] == "in frame":
                    row[f"{side}_loop_cost"] = numbers["loop_cost"]
                    row[f"{side}_model_ms"] = numbers["model_ms"]
                    row[f"{side}_around_ms"] = numbers["around_ms"]
                    costs = numbers.get("loop_costs") or [numbers["loop_cost"]]
                    row[f"{side}_loop_cost_range"] = spread(
                        costs, numbers.get("loop_cost_sets"))["ci90"]
                else:
                    row[f"{side}_loop_cost"] = row.get(f"{side}_cost_vs_alone")
                    if row.get(f"{side}_cost_vs_alone_range"):
                        row[f"{side}_loop_cost_range"] = row[f"{side}_cost_vs_alone_range"]
            rows.append(row)
    return rows


def lever_notes(results: dict) -> list[str]:
    """What each lever bought, from this run's numbers."""
    notes = []
    boot = results.get("boot", {})

    def delta(a, b, kind, field):
        x, y = boot.get(a, {}).get(kind, {}).get(field), boot.get(b, {}).get(kind, {}).get(field)
        return None if x is None or y is None else (x, y, x - y)

    for demo in ("classify", "pose"):
        for kind in ("cold", "warm"):
            d = delta(f"lab ?demo={demo}/plain", f"lab ?demo={demo}/serve.py", kind, "first_frame_ms")
            if d:
                notes.append(f"tools/serve.py instead of http.server, ?demo={demo}, {kind}: first "
                             f"frame {d[0]:,.0f} → {d[1]:,.0f} ms ({-d[2]:+,.0f} ms).")
        for kind in ("cold", "warm"):
            d = delta(f"lab ?demo={demo}/plain", f"lab, preload ?demo={demo}/plain", kind,
                      "first_frame_ms")
            if d:
                notes.append(f"Preloading Pyodide's, TF.js's and the model's files from the page's "
                             f"first moment (bench/preload.js), ?demo={demo}, {kind}: first frame "
                             f"{d[0]:,.0f} → {d[1]:,.0f} ms ({-d[2]:+,.0f} ms).")
        start = boot.get(f"lab ?demo={demo}/plain", {}).get("cold", {})
        if start.get("python_start_busy") is not None:
            notes.append(f"Loading the model beside the interpreter, ?demo={demo}: from Pyodide's "
                         f"wasm arriving to `ready` ({start['python_start_ms']:,.0f} ms, cold) the "
                         f"page's one thread is busy {start['python_start_busy']:.0%} of the time "
                         "in long tasks, so a model loaded beside it (JS, on the same thread) "
                         "could only fill the gaps.")
        cold = boot.get(f"lab ?demo={demo}/plain", {}).get("cold", {}).get("first_frame_ms")
        warm = boot.get(f"lab ?demo={demo}/plain", {}).get("warm", {}).get("first_frame_ms")
        if cold and warm:
            notes.append(f"Caching between visits, ?demo={demo}: first frame cold {cold:,.0f} ms, "
                         f"warm {warm:,.0f} ms.")
    threads = {n.get("threads") for entry in results.get("loops", {}).values()
               for side in entry.values() for n in side.values() if n.get("isolated")}
    threads.discard(None)
    if threads:
        notes.append(f"wasm threads: with cross-origin isolation TF.js loads its threaded build, "
                     f"but XNNPACK runs {', '.join(map(str, sorted(threads)))} thread(s) here: "
                     "TF.js 4.22 uses half the logical cores (capped at 4), i.e. 1 on 2 cores, and "
                     "tf.wasm.setThreadsCount() does not raise it (tensorflow/tfjs#8513). "
                     "Compare the wasm and wasm+threads rows.")
    return notes


def write_markdown(results: dict, path: Path):
    m = results["machine"]
    lines = [
        "# Benchmarks: Python-driven demos vs plain JavaScript",
        "",
        f"Measured {results['date']} by `./lab bench` ({results['mode']} run, "
        f"{results['seconds'] / 60:.0f} min). Machine: {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gb']} GB, no GPU; {' '.join(m['chromium'] or [])} headless; fake webcam "
        f"from a photo. Load average at start {m['load_average_at_start']}, at end "
        f"{results['load_average_at_end']}: other processes on the machine slow every number "
        "here alike; ratios are measured side by side, in turns, so they hold better than absolute "
        "times.",
        "",
        "Targets: the Python-driven loop reaches 0.95 of the plain-JS loop's frame rate, judged by "
        "the ratio's 90% interval (met unless the whole interval is below 0.95); outside the model "
        "call, the Python loop adds at most 2 ms a frame over the plain-JS loop, judged likewise by "
        "the 90% interval of the turns' differences (capture, drawing, "
        "bridge, waiting for a paint: the plain-JS loop itself spends a quarter of a frame there "
        "here, so a share of the model's time is no target); no tensor growth and under 10 MB JS "
        "heap growth over 1,000 frames.",
        "",
        "## Frame loops",
        "",
        "| demo | model | backend | Python fps | plain-JS fps | ratio (≥ 0.95, by its interval) "
        "| Python ms/frame | JS ms/frame | inference alone, ms | model in the loop, ms: Python / JS "
        "| Python loop cost | JS loop cost | Python − JS outside the model (≤ 2 ms) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    def within(row, field, scale=1, unit="", digits=2):
        low_high = row.get(field + "_range")
        if not low_high or low_high[0] == low_high[1]:
            return ""
        return f" ({fmt(low_high[0] * scale, unit, digits)} to {fmt(low_high[1] * scale, unit, digits)})"

    for row in [row for row in results["summary"] if not is_vision(row)]:
        ratio = row.get("ratio")
        # in a worker the lab's page calls no model: no model time, loop cost or time outside it
        on_page = row["backend"] != WORKER
        cost = row.get("py_loop_cost") if on_page else None
        mark = "" if row.get("loop_cost_measure") == "in frame" else " †"
        in_loop = (f"{fmt(row['py_model_ms'], '', 1)} / {fmt(row['js_model_ms'], '', 1)}"
                   if row.get("py_model_ms") is not None and on_page else "–")
        lines.append(
            f"| {row['demo']} | {row['model']} | {row['backend']} | {fmt(row['py_fps'], '', 2)} "
            f"| {fmt(row['js_fps'], '', 2)} "
            f"| {fmt(ratio, '', 3)}{interval(row, 'ratio')} "
            f"{verdict(ratio_met(row))} "
            f"| {fmt(row['py_frame_ms'])} | {fmt(row['js_frame_ms'])} | {fmt(row['inference_ms'])} "
            f"| {in_loop} "
            f"| {fmt(None if cost is None else cost * 100, '%', 1)}{mark if on_page else ''}"
            f"{within(row, 'py_loop_cost', 100, '%', 0) if on_page else ''} "
            f"| {fmt(None if row.get('js_loop_cost') is None else row['js_loop_cost'] * 100, '%', 1)}"
            f"{mark}{within(row, 'js_loop_cost', 100, '%', 0)} "
            f"| {extra_said(row) if on_page else '– –'} |")
        for error in row["errors"]:
            lines.append(f"|  | ↳ {error} | | | | | | | | | | | |")
    lines += ["", "fps: on the page's own clock, from when each frame's result is published. On "
              "wasm the Python page and the plain-JS page are open side by side and run in turns "
              "(`--pairs`, 40 each by default, shared among `--page-sets` pairs of pages, 4 by "
              "default; bench/probe.js holds a page's loop between two frames while the other "
              "runs): a turn is the few frames that take about 0.8 s, and which page goes first "
              "alternates. fps is the median over turns, of the intervals between a turn's frames "
              "(the `rounds` field in the JSON has each turn). webgl and "
              "cpu: 5 frames of each page, one page after the other. ms/frame: the median time "
              "between two frames. Inference alone: median of 20 model calls (5 on webgl/cpu) on "
              "a fixed 640×480 frame in the plain-JS page (no camera, no drawing), on wasm "
              "measured `--rounds` times just before the loops.", "",
              "Loop cost, pose: taken inside each frame, so the machine's drift cancels. "
              "bench/probe.js times each `estimatePoses` call in both pages alike, from the call "
              "until its promise settles (the model in the loop); each frame's interval minus "
              "that frame's model time is what the loop adds around the model: capturing the "
              "camera frame, turning the result into Python, drawing, publishing, waiting for a "
              "paint, and on the Python side the turn of the event loop before Python resumes. "
              "The cost is the median of that over the median model time, per turn, then the "
              "median over turns (in brackets: the 90% interval of that median, bootstrapped over "
              "the pairs of pages and the turns within each). † classify: its model time per "
              "frame is not timed apart, so its loop "
              "cost is its frame time against inference alone, taken in another page just "
              "before: rougher.", "",
              "On wasm the ratio is taken turn by turn (Python fps over the plain-JS fps of the "
              "turn next to it) and shown as the median, with its 90% interval in brackets "
              "(bootstrap over the pairs of pages and the turns within each: a page keeps its own "
              "speed for as long as it lives, so its turns are not independent draws). This "
              "machine's speed drifts by tens of percent from "
              "one second to the next (the same MoveNet call on the same frame takes 35 to 75 ms "
              "in windows a second apart, in one page as in another), so loops timed one after "
              "the other, even back to back, mostly measure that drift; turns of under a second, "
              "many of them, weigh it on both pages alike. The ratio's target is met unless its "
              "whole 90% interval is below 0.95.", "",
              "wasm runs single-threaded under `python3 -m http.server`; `wasm+threads` is the "
              "same page served by tools/serve.py (cross-origin isolated: TF.js picks its "
              "multi-threaded wasm build).", ""]
    if any(row["backend"] == NO_CAPTURE for row in results["summary"]):
        lines += [f"`{NO_CAPTURE}` is not something a user runs: the wasm pose loops with the "
                  "camera captured once (bench/probe.js keeps the first frame's tensor and hands "
                  "out clones of it), in both pages, the plain-JS one capturing as the lab does "
                  "(`?pixels=lab`). Its loop cost is what is left without the capture: reading "
                  "the result, drawing, publishing, the paint and the turns of the event loop. "
                  "It is the least a loop that shows every frame can cost here.", ""]

    in_worker = [row for row in results["summary"] if row["backend"] == WORKER
                 and not is_vision(row)]
    if in_worker:
        lines += worker_table(in_worker)
    lines += vision_section(results)
    lines += later_sections(results)
    lines += completion.section(results)
    if results.get("off_origin_requests"):
        lines += ["**Requests to other hosts** (the run fails on them): "
                  + ", ".join(results["off_origin_requests"]), ""]
    levers = lever_notes(results)
    if levers:
        lines += ["## Speed levers", ""] + [f"- {note}" for note in levers] + [""]
    if results.get("notes"):
        lines += ["## Notes", ""] + [f"- {note}" for note in results["notes"]] + [""]
    lines += ["Raw numbers: bench/latest.json (this run), bench/results/ (every run, git-ignored).",
              ""]
    text, kept = keep_hand_written("\n".join(lines), path.read_text() if path.exists() else "")
    path.write_text(text)
    log(f"kept {len(kept)} hand-written section(s) of {path.name}: {'; '.join(kept) or '-'}")
