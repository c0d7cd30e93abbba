"""Benchmark the Python-driven camera demos against the same loops in plain JavaScript.

    ./lab bench                      # the whole run (~30-40 min on 2 cores), writes the results
    ./lab bench --quick              # wasm only, fewer runs and frames (~10 min)
    ./lab bench --only boot,loops --backends wasm --merge bench/latest.json   # redo a part
    ./lab bench --render bench/latest.json     # rewrite BENCHMARKS.md from a results file

Headless Chromium (Debian's /usr/bin/chromium, or the program LAB_CHROMIUM names) with a fake
webcam fed a photo (tests/data/photos/*.png), the page served from this folder on a loopback port.
It measures:
- boot: time to `data-ready` and to the first classified frame / first pose,
  cold (fresh browser profile) and warm (same profile, browser restarted: HTTP
  and code caches), several runs, medians; under plain `python3 -m http.server`
  and under tools/serve.py (cross-origin isolated, vendor/ cached);
- loops: frames per second and per-frame time of classify and of each pose
  model on each backend, the lab's Python-driven demo and the plain-JS
  baseline (bench/baseline/*.html: same vendor/ files, models and loop) open
  side by side and running in turns of under a second (on wasm), giving the
  ratio Python / plain JS;
- the model's own inference time alone (a tight loop on a fixed frame, no
  camera, no drawing): the ceiling a loop can approach; the loop's own cost is
  the frame time minus that;
- soak: `tf.memory().numTensors` and the JS heap (after a forced GC) over
  1,000 frames of each Python-driven loop;
- visits: first and second visits with and without the service worker, on
  loopback and on a throttled server (bench/first_visit.py): bytes before
  `ready`, `ready` and first pose, the lab's pose page against the plain-JS one.

It writes bench/results/<date>.json (git-ignored), bench/latest.json and
BENCHMARKS.md (the table, the machine, the date, the targets met or not).
This is not part of the test suite: it never fails on a slow number.

The parts: config.py (what is measured, the targets), pages.py (servers,
browsers, pages with the probe), measure.py (each measurement), snippets.py
(the bridge's and teach's, in the page), run_loops.py (the loops part of a
run), first_visit.py and boot_timeline.py (visits; each boot stage against a
bare PyScript page, the floor), stats.py (medians and bootstrapped
intervals), merge.py (--merge: a part run over an earlier one's results),
report.py and report_sections.py (BENCHMARKS.md), this file (the command
line and the order of a run).
"""

import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import boot_timeline
import completion
import first_visit
from config import (
    ALL_PARTS,
    BACKENDS,
    NO_CAPTURE,
    PAGE_SETS,
    PRELOAD,
    ROOT,
    SOAK,
    TARGET_EXTRA_MS,
    TARGET_HEAP_MB,
    TARGET_RATIO,
    VISION_MODELS,
    WORKER,
    log,
    loop_demos,
)
from measure import (
    measure_boot,
    measure_soak,
)
from merge import keep_run_fields, merge
from pages import SELECT, Bench
from playwright.sync_api import sync_playwright  # noqa: E402
from report import machine, summarise, write_markdown
from run_loops import run_loops
from snippets import measure_bridge, measure_teach

PARTS = ALL_PARTS + ",timeline"  # bench/boot_timeline.py: the boot's stages against the floor
PARTS += ",completion"  # bench/completion.py: the sketch editor's completion, key to list


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="wasm only, fewer runs and frames")
    parser.add_argument("--runs", type=int, help="boot runs per case (default 3; quick 2)")
    parser.add_argument("--soak-frames", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=40,
                        help="turns of each wasm loop, Python and JS side by side (default 40)")
    parser.add_argument("--page-sets", type=int, default=PAGE_SETS,
                        help="pairs of pages the turns of each wasm loop are shared among "
                             f"(default {PAGE_SETS})")
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of inference alone per wasm backend (medians; default 3)")
    parser.add_argument("--only", default=PARTS,
                        help="comma-separated parts to run")
    parser.add_argument("--backends", help="comma-separated, of " + ", ".join(BACKENDS)
                        + f" (default: all), {NO_CAPTURE} (pose loops with no capture) and {WORKER} "
                             "(the lab's models in a Web Worker)")
    parser.add_argument("--demos", help="comma-separated demos whose loops and soak to run "
                        "(default: classify, pose and the vision demos the page has)")
    parser.add_argument("--models", help="comma-separated models of those demos (default: all)")
    parser.add_argument("--label", help="a word added to the demo in this run's loop and soak keys "
                        "(`hands static/wasm`): rows of another mode kept beside the usual ones")
    parser.add_argument("--select", action="append", default=[], metavar="SELECTOR=VALUE",
                        help="a <select> of the lab's loop pages, set before they warm up")
    parser.add_argument("--no-write", action="store_true", help="print JSON, write no files")
    parser.add_argument("--merge", metavar="JSON",
                        help="start from this results file and replace only the parts run now")
    parser.add_argument("--render", metavar="JSON",
                        help="only rewrite BENCHMARKS.md from a results file (e.g. bench/latest.json)")
    args = parser.parse_args()
    if args.render:
        results = json.loads(Path(args.render).read_text())
        results["summary"] = summarise(results)
        write_markdown(results, ROOT / "BENCHMARKS.md")
        return
    SELECT.update(choice.split("=", 1) for choice in args.select)
    parts = set(args.only.split(","))
    backends = (args.backends.split(",") if args.backends
                else ["wasm", "wasm+threads"] if args.quick else list(BACKENDS))
    runs = args.runs or (2 if args.quick else 3)
    if args.quick:
        args.pairs = min(args.pairs, 15)

    started = time.monotonic()
    results = {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "mode": "quick" if args.quick else "full" if parts >= set(PARTS.split(","))
               else f"`--only {args.only}`", "machine": machine(),
               "targets": {"ratio": TARGET_RATIO, "extra_ms": TARGET_EXTRA_MS,
                           "heap_mb": TARGET_HEAP_MB},
               "boot": {}, "loops": {}, "inference": {}, "soak": {}, "bridge": {}, "teach": {},
               "visits": [], "timeline": [], "completion": {}, "runs": {}, "notes": []}
    # when each part was measured: a merged run keeps the dates of the parts it did not redo
    vision_only = args.demos and not {"classify", "pose"} & set(args.demos.split(","))
    results["measured"] = {part: results["date"] for part in
                           ("boot", "soak", "bridge", "teach", "visits", "timeline", "completion")
                           if part in parts and not (part == "soak" and vision_only)}
    if not vision_only:  # the vision rows carry their own run (results["runs"])
        results["measured"].update({f"loops {backend}": results["date"] for backend in backends
                                    if parts & {"loops", "inference"}})
    if args.merge:
        merged = merge(results, args.merge, parts)
    demos = loop_demos(args.demos, results["notes"], args.models)
    this_run = {"date": results["date"], "command": "bench/run.py " + " ".join(sys.argv[1:]),
                "load_at_start": results["machine"]["load_average_at_start"]}
    work = Path(tempfile.mkdtemp(prefix="lab-bench-"))
    try:
        with sync_playwright() as playwright:
            bench = Bench(playwright, work)
            try:
                if "loops" in parts or "inference" in parts:
                    run_loops(bench, parts, backends, args, results, demos, args.label, this_run)
                if "bridge" in parts:
                    log("bridge: per-call costs, 5 runs")
                    results["bridge"] = measure_bridge(bench, 5)
                    log("   ", json.dumps({k: v["median"] for k, v in results["bridge"].items()}))
                if "teach" in parts:
                    log("teach: kNN over 1,000 image samples, the head trained, 3 runs")
                    results["teach"] = measure_teach(bench, 3)
                    log("   ", json.dumps({k: v["median"] for k, v in results["teach"].items()}))
                if "soak" in parts:
                    for demo, model in SOAK:
                        if demo not in dict(demos):
                            continue
                        backend = "wasm+threads" if "wasm+threads" in backends else "wasm"
                        key = f"{demo}" + (f" {args.label}" if args.label else "") \
                            + (f" ({model})" if model else "")
                        log(f"soak: {key} {backend}, {args.soak_frames} frames")
                        soak = measure_soak(bench, demo, backend, True, model, args.soak_frames, 10)
                        soak["backend"] = backend
                        results["soak"][key] = soak
                        if demo in VISION_MODELS:
                            results["runs"][f"soak {key}"] = this_run
                        log("   ", json.dumps(soak))
                if "boot" in parts:
                    cases = [("lab", True, "plain", None), ("lab, preload", True, "plain", PRELOAD),
                             ("lab", True, "isolated", None), ("plain JS", False, "plain", None)]
                    samples = {}
                    for run in range(runs):  # every case once per run: the load weighs alike
                        for demo in ("classify", "pose"):
                            for name, python, server, init_script in cases:
                                page = f"{name} ?demo={demo}"
                                label = "plain" if server == "plain" else "serve.py"
                                log(f"boot {run + 1}/{runs}: {page} on {label}")
                                key = f"{page}/{label}"
                                samples[key] = measure_boot(bench, server, demo, python, 1,
                                                            samples.get(key, {}).get("_rows"),
                                                            init_script)
                    results["boot"] = {key: {k: v for k, v in boot.items() if k != "_rows"}
                                       for key, boot in samples.items()}
                if "timeline" in parts:
                    log("timeline: each boot stage against the floor, first and second visit, 3 runs")
                    results["timeline"] = boot_timeline.summarise(boot_timeline.measure(
                        3, list(boot_timeline.PAGES), None, False, lambda line: log("   ", line), playwright))
                if "completion" in parts:
                    log("completion: `stage.` in the sketch editor, 20 fresh pages")
                    results["completion"] = completion.measure(
                        playwright, bench.server("isolated"), 20, bench.console_errors)
                if "visits" in parts:
                    log("visits: first and second, loopback and throttled, 2 runs")
                    results["visits"] = first_visit.summarise(
                        first_visit.measure(2, log=lambda line: log("   ", line), playwright=playwright))
                results["console_errors"] = sorted(set(bench.console_errors))[:30]
                results["off_origin_requests"] = sorted(set(bench.off_origin))[:30]
            finally:
                bench.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = round(time.monotonic() - started)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    this_run["load_at_end"] = results["load_average_at_end"]
    if vision_only and args.merge:  # the page's other parts stay the run they were
        keep_run_fields(results, merged)
    results["summary"] = summarise(results)
    if args.no_write:
        print(json.dumps(results, indent=1))
        return
    out_dir = Path(__file__).parent / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M")
    text = json.dumps(results, indent=1)
    (out_dir / f"{stamp}.json").write_text(text)
    (Path(__file__).parent / "latest.json").write_text(text)
    write_markdown(results, ROOT / "BENCHMARKS.md")
    log(f"wrote BENCHMARKS.md, bench/latest.json, bench/results/{stamp}.json "
        f"({(time.monotonic() - started) / 60:.1f} min)")
    if results.get("off_origin_requests"):
        sys.exit("the pages asked for other hosts: " + ", ".join(results["off_origin_requests"]))


if __name__ == "__main__":
    main()
