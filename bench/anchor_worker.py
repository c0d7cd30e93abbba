"""The anchor of the worker target (issue 30): does plain JavaScript itself, its model in a Web
Worker, reach 1.10 of the plain-JS page with its model on the page's thread?

    .venv/bin/python bench/anchor_worker.py --demo hands --model full
    .venv/bin/python bench/anchor_worker.py --demo face --model irises --no-lab --inflight 1
    .venv/bin/python bench/anchor_worker.py --model full --keep runs.jsonl   # then, later:
    .venv/bin/python bench/anchor_worker.py --model full --pool runs.jsonl

Pages, open side by side in one browser (the fake camera as in ./lab bench), run in turns of
about 0.8 s each whose order rotates (bench/probe.js's gate), shared among --page-sets sets of
pages: `page`, the plain-JS page-thread baseline (bench/baseline/<demo>.html, tracking, as the
bench's rows); `worker`, the same in plain JS with the model in a Web Worker
(bench/baseline/<demo>-worker.html); `lab`, the lab's page with its model in its worker
(?worker=1; --no-lab leaves it out). Per turn its fps, the share of it the page's thread spent
in long tasks, and the median capture-to-answer time; the ratios to `page` turn by turn, with
their 90% intervals (stats.spread, bootstrapped over the sets of pages). A worker page keeps
answering the frames it holds after its turn: the next turn waits until it is quiet (no frame
for 1.5 frames' time, which also covers the frame the lab's pump sends ahead). Each set
of pages first runs a turn of each page that is not counted.
`--keep FILE` adds a run's turns to FILE; `--pool FILE` runs nothing and takes the turns of
every run kept there for the same demo, model and --inflight together (a set of pages is then
a run's set). Not part of ./lab bench; under the browser lock like any bench.
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from config import BUSY_SHARE, SEGMENT_S, SETTLE_S, TRACKING, log
from pages import Bench, wait_frames
from playwright.sync_api import sync_playwright
from stats import spread

# resolves once no frame has been published for `quiet` ms: a worker page's held frames are done
DRAIN = """([quiet]) => new Promise((resolve) => {
  let count = window.__bench.frames.length;
  const check = () => {
    const now = window.__bench.frames.length;
    if (now === count) resolve(now); else { count = now; setTimeout(check, quiet); }
  };
  setTimeout(check, quiet);
})"""


def addresses(base: str, demo: str, model: str, inflight: int, lab: bool) -> dict:
    query = f"backend=wasm&model={model}" + ("&tracking=1" if demo in TRACKING else "")
    pages = {"page": f"{base}/bench/baseline/{demo}.html?{query}",
             "worker": f"{base}/bench/baseline/{demo}-worker.html?{query}&inflight={inflight}"}
    if lab:
        pages["lab"] = f"{base}/?demo={demo}&backend=wasm&{demo}={model}&worker=1"
    return pages


def run_set(bench: Bench, urls: dict, demo: str, model: str, turns: int, page_set: int,
            numbers: dict):
    """`turns` turns of each page, in rotating order; each turn's numbers appended per side."""
    contexts, pages = [], {}
    try:
        for side, url in urls.items():
            context = bench.browser(demo).new_context(viewport={"width": 1280, "height": 900})
            contexts.append(context)
            pages[side] = bench.new_page(context)
            pages[side].goto(url)
        for page in pages.values():
            wait_frames(page, 8, model, 300)
            page.evaluate("window.__bench.gate.close()")
            page.evaluate(DRAIN, [300])
        warm = wait_frames(pages["page"], 8, model, 300)[-6:]
        fps = 5000 / (warm[-1]["t"] - warm[0]["t"])
        count = max(4, min(20, round(SEGMENT_S * fps)))
        time.sleep(SETTLE_S)
        sides = list(pages)
        for side in sides:  # a turn each, not counted: the first turns after loading ran apart
            pages[side].evaluate("([n]) => window.__bench.gate.run(n, 60000)", [count])
            pages[side].evaluate(DRAIN, [150])
        for turn in range(turns):
            order = sides[turn % len(sides):] + sides[:turn % len(sides)]
            for side in order if turn // len(sides) % 2 == 0 else order[::-1]:
                frames = pages[side].evaluate("([n]) => window.__bench.gate.run(n, 60000)", [count])
                times = [f["t"] for f in frames]
                numbers[side].append({
                    "fps": (len(times) - 1) * 1000 / (times[-1] - times[0]), "set": page_set,
                    "busy": pages[side].evaluate(BUSY_SHARE, [times[0], times[-1]]),
                    "latency": statistics.median(f["ms"] for f in frames if f["ms"] is not None),
                    "own": statistics.median(f["worker_ms"] for f in frames)
                    if all(f.get("worker_ms") for f in frames) else None,
                    "model": statistics.median(f["model_ms"] for f in frames)
                    if all(f.get("model_ms") for f in frames) else None})
                # quiet for 1.5 frames: the lab's pump may have sent its worker a frame it
                # answers to no one until the next turn
                pages[side].evaluate(DRAIN, [max(150, 1500 / numbers[side][-1]["fps"])])
    finally:
        for context in contexts:
            context.close()
        time.sleep(SETTLE_S)


def summary(numbers: dict) -> dict:
    """Per page: medians over turns; the ratios to `page` turn by turn with 90% intervals."""
    sides = {}
    for side, turns in numbers.items():
        sides[side] = {
            "fps": spread([t["fps"] for t in turns])["median"],
            "busy": spread([t["busy"] for t in turns])["median"],
            "latency_ms": spread([t["latency"] for t in turns])["median"],
            "model_call_ms": spread([t["model"] for t in turns]).get("median")}
        pairs = list(zip(turns, numbers["page"]))
        if side != "page":
            ratio = spread([t["fps"] / p["fps"] for t, p in pairs], [t["set"] for t in turns])
            sides[side]["ratio"] = {k: ratio[k] for k in ("median", "ci90")}
        if side == "lab" and "worker" in numbers:  # the lab's worker over plain JS's
            ratio = spread([t["fps"] / w["fps"] for t, w in zip(turns, numbers["worker"])],
                           [t["set"] for t in turns])
            sides[side]["over_worker"] = {k: ratio[k] for k in ("median", "ci90")}
        if all(t["own"] for t in turns):  # the plain-JS worker: its own time a frame
            ceiling = spread([1000 / p["fps"] / t["own"] for t, p in pairs],
                             [t["set"] for t in turns])
            sides[side].update(own_ms=spread([t["own"] for t in turns])["median"],
                               ceiling={k: ceiling[k] for k in ("median", "ci90")})
    return sides


def pooled(paths: list, demo: str, model: str, inflight: int) -> tuple[list, dict]:
    """The turns of every run kept (--keep) for this demo, model and inflight, a set of pages
    being (run, set); the pages that every such run had."""
    runs = [json.loads(line) for path in paths for line in Path(path).read_text().splitlines()]
    runs = [r for r in runs if (r["demo"], r["model"], r["inflight"]) == (demo, model, inflight)]
    sides = [side for side in runs[0]["numbers"] if all(side in r["numbers"] for r in runs)]
    numbers = {side: [{**t, "set": f"{n}/{t['set']}"} for n, r in enumerate(runs)
                      for t in r["numbers"][side]] for side in sides}
    return [r["date"] for r in runs], numbers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demo", default="hands", choices=("hands", "face"))
    parser.add_argument("--model", default="full", help="hands: lite|full; face: mesh|irises")
    parser.add_argument("--turns", type=int, default=24, help="turns of each page in all")
    parser.add_argument("--page-sets", type=int, default=2)
    parser.add_argument("--inflight", type=int, default=2,
                        help="frames the plain-JS worker holds at once (2: one queued ahead)")
    parser.add_argument("--no-lab", action="store_true", help="leave the lab's page out")
    parser.add_argument("--keep", metavar="FILE", help="add this run's turns to FILE (JSON lines)")
    parser.add_argument("--pool", metavar="FILE", nargs="+",
                        help="run nothing: the turns of the runs kept in FILEs, taken together")
    args = parser.parse_args()
    result = {"demo": args.demo, "model": args.model, "inflight": args.inflight}
    if args.pool:
        result["runs"], numbers = pooled(args.pool, args.demo, args.model, args.inflight)
    else:
        result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        load_at_start = [round(x, 2) for x in os.getloadavg()]
        with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
            bench = Bench(playwright, Path(work))
            try:
                urls = addresses(bench.server("plain"), args.demo, args.model, args.inflight,
                                 not args.no_lab)
                numbers = {side: [] for side in urls}
                for page_set in range(args.page_sets):
                    log(f"{args.demo} {args.model}: pages {page_set + 1} of {args.page_sets}")
                    run_set(bench, urls, args.demo, args.model, args.turns // args.page_sets,
                            page_set, numbers)
            finally:
                bench.close()
        result["load"] = [load_at_start, [round(x, 2) for x in os.getloadavg()]]
        if args.keep:
            with open(args.keep, "a") as kept:
                kept.write(json.dumps({**result, "numbers": numbers}) + "\n")
    result.update(turns=len(numbers["page"]), sides=summary(numbers))
    print(json.dumps(result))
    for side, row in result["sides"].items():
        ratio = row.get("ratio")
        print(f"{args.demo} {args.model} {side}: fps {row['fps']:.2f}, long tasks "
              f"{row['busy']:.0%}, latency {row['latency_ms']:.0f} ms" + (
                  f", the model call on its thread {row['model_call_ms']:.1f} ms"
                  if side == "page" and row["model_call_ms"] else "") + (
                  f"; ÷ page {ratio['median']:.3f} (90%: {ratio['ci90'][0]:.3f}–"
                  f"{ratio['ci90'][1]:.3f})" if ratio else "") + (
                  f"; ÷ plain-JS worker {row['over_worker']['median']:.3f} (90%: "
                  f"{row['over_worker']['ci90'][0]:.3f}–{row['over_worker']['ci90'][1]:.3f})"
                  if "over_worker" in row else "") + (
                  f"; its own {row['own_ms']:.1f} ms a frame, ceiling (the page's frame over "
                  f"it) {row['ceiling']['median']:.3f} (90%: {row['ceiling']['ci90'][0]:.3f}–"
                  f"{row['ceiling']['ci90'][1]:.3f})" if "ceiling" in row else ""), flush=True)


if __name__ == "__main__":
    main()
