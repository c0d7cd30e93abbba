"""Where a first visit's page thread goes while the lab boots: a Chromium trace (CPU samples, script
compiles and evaluations) of one first visit, served as bench/boot_timeline.py serves it, with the
samples inside ml5.min.js split by the bundle's parts through its source map (issue 35).

    .venv/bin/python bench/script_profile.py                         # lab Core API, 3 first visits
    .venv/bin/python bench/script_profile.py --path "/?demo=pose" --runs 1 --top 40

Each sample is given to the deepest frame of ml5.min.js on its stack (a native call, a compile or
the garbage collector it causes counts for the code that caused it), then to that frame's source
file (node_modules/ml5/dist/ml5.min.js.map) and the package it belongs to.
"""

import argparse
import collections
import json
import re
import subprocess
import tempfile
from pathlib import Path

from boot_timeline import OBSERVE
from first_visit import CHROMIUM, QUIET_FLAGS, ROOT, Wire, camera_flags, serve
from playwright.sync_api import sync_playwright

CATEGORIES = ["devtools.timeline", "v8", "v8.execute", "disabled-by-default-devtools.timeline",
              "disabled-by-default-v8.compile", "disabled-by-default-v8.cpu_profiler", "toplevel",
              "blink.user_timing", "loading"]
# source map positions -> source files, with node's source-map package (setup installs it for npm)
MAP_POSITIONS = """
const {SourceMapConsumer} = require(process.argv[1] + "/node_modules/source-map");
const fs = require("fs");
const map = new SourceMapConsumer(JSON.parse(fs.readFileSync(process.argv[2])));
const positions = JSON.parse(fs.readFileSync(0));
console.log(JSON.stringify(positions.map(([line, column]) =>
  map.originalPositionFor({line: line + 1, column}).source)));
"""


def part(source: str | None) -> str:
    """The package (or ml5's own folder) a source file of the bundle belongs to."""
    if not source:
        return "(unmapped)"
    path = source.replace("webpack://ml5/", "")
    if path.startswith("./src/"):
        return "ml5 " + path.split("/")[2].removesuffix(".js")
    found = re.findall(r"node_modules/((?:@[^/]+/)?[^/]+)", path)
    return found[0] if found else path


def trace_visit(browser, base: str, path: str) -> list:
    context = browser.new_context(service_workers="allow")
    context.add_init_script(OBSERVE)
    page = context.new_page()
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(base + path, wait_until="commit")
    page.wait_for_function("window.__boot && 'ready' in window.__boot", timeout=120_000, polling=50)
    ready = page.evaluate("window.__boot.ready")
    events = json.loads(browser.stop_tracing())["traceEvents"]
    context.close()
    return events, ready


def main_thread(events: list) -> tuple:
    """(pid, tid) of the renderer's main thread that ran the lab's page."""
    names = {(e["pid"], e["tid"]) for e in events
             if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    counts = collections.Counter((e["pid"], e["tid"]) for e in events
                                 if e.get("name") == "EvaluateScript" and (e["pid"], e["tid"]) in names)
    return counts.most_common(1)[0][0]


def samples(events: list, thread: tuple):
    """(timestamp µs, stack as [callFrame...] leaf first) for each CPU sample of the thread."""
    nodes, parents, out = {}, {}, []
    pid, tid = thread
    profile_ids = {e["id"] for e in events if e.get("name") == "Profile" and e["pid"] == pid
                   and e["tid"] == tid}
    chunks = [e for e in events if e.get("name") == "ProfileChunk" and e.get("id") in profile_ids]
    start = next(e["args"]["data"]["startTime"] for e in events if e.get("name") == "Profile"
                 and e.get("id") in profile_ids)
    t = start
    for chunk in chunks:
        data = chunk["args"]["data"]
        for node in data.get("cpuProfile", {}).get("nodes", []):
            nodes[node["id"]] = node["callFrame"]
            if "parent" in node:
                parents[node["id"]] = node["parent"]
        for sample, delta in zip(data.get("cpuProfile", {}).get("samples", []), data.get("timeDeltas", [])):
            t += delta
            stack, node = [], sample
            while node is not None:
                stack.append(nodes[node])
                node = parents.get(node)
            out.append((t, stack))
    return out


def analyse(events: list, ml5_map: Path, top: int) -> dict:
    thread = main_thread(events)
    mine = [e for e in events if (e["pid"], e["tid"]) == thread and e.get("ph") == "X"]
    nav = min(e["ts"] for e in events if e.get("name") == "navigationStart" or
              (e.get("name") == "TracingStartedInBrowser"))
    navs = [e["ts"] for e in events if e.get("name") == "navigationStart" and (e["pid"], e["tid"]) == thread]
    nav = navs[-1] if navs else nav
    scripts = collections.defaultdict(lambda: {"evaluate_ms": 0.0, "compile_ms": 0.0, "at_ms": None})
    for e in mine:
        data = e.get("args", {}).get("data", {})
        url = data.get("url") or e.get("args", {}).get("fileName") or ""
        name = url.rsplit("/", 1)[-1].split("?")[0]
        if not name:
            continue
        if e["name"] == "EvaluateScript":
            scripts[name]["evaluate_ms"] += e.get("dur", 0) / 1000
            if scripts[name]["at_ms"] is None:
                scripts[name]["at_ms"] = round((e["ts"] - nav) / 1000)
        elif e["name"] in ("v8.compile", "v8.compileModule"):
            scripts[name]["compile_ms"] += e.get("dur", 0) / 1000
    sampled = samples(events, thread)
    in_ml5, parts, leaves, positions = [], collections.Counter(), collections.Counter(), []
    for i, (t, stack) in enumerate(sampled):
        dt = (sampled[i + 1][0] - t) / 1000 if i + 1 < len(sampled) else 0
        frame = next((f for f in stack if f.get("url", "").endswith("/ml5.min.js")), None)
        if frame is None:
            continue
        in_ml5.append((t, dt, frame, stack[0]))
        positions.append([frame["lineNumber"], frame["columnNumber"]])
    sources = json.loads(subprocess.run(["node", "-e", MAP_POSITIONS, str(ROOT), str(ml5_map)],
                                        input=json.dumps(positions), capture_output=True, text=True,
                                        check=True).stdout) if positions else []
    files = collections.Counter()
    for (_t, dt, _frame, leaf), source in zip(in_ml5, sources):
        parts[part(source)] += dt
        files[(source or "?").replace("webpack://ml5/", "")] += dt
        leaves[leaf.get("functionName") or leaf.get("url", "").rsplit("/", 1)[-1] or "(anonymous)"] += dt
    span = (round((in_ml5[0][0] - nav) / 1000), round((in_ml5[-1][0] - nav) / 1000)) if in_ml5 else None
    return {"scripts": {k: {kk: round(vv, 1) if isinstance(vv, float) else vv for kk, vv in v.items()}
                        for k, v in sorted(scripts.items(), key=lambda kv: -kv[1]["evaluate_ms"])[:top]},
            "ml5_sampled_ms": round(sum(dt for _, dt, _, _ in in_ml5), 1), "ml5_span_ms": span,
            "parts": {k: round(v, 1) for k, v in parts.most_common(top)},
            "files": {k: round(v, 1) for k, v in files.most_common(top)},
            "leaves": {k: round(v, 1) for k, v in leaves.most_common(top)}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/?demo=tensors")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--root", help="serve this folder instead (another build of the lab)")
    parser.add_argument("--map", default=str(ROOT / "node_modules/ml5/dist/ml5.min.js.map"))
    parser.add_argument("--save", help="write each trace there (a folder)")
    args = parser.parse_args()
    with sync_playwright() as p, tempfile.TemporaryDirectory() as work:
        httpd, base = serve(Wire(False, True), Path(args.root) if args.root else ROOT)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=QUIET_FLAGS + camera_flags("astronaut_640x480", Path(work)))
        for run in range(args.runs):
            events, ready = trace_visit(browser, base, args.path)
            if args.save:
                Path(args.save).mkdir(parents=True, exist_ok=True)
                (Path(args.save) / f"trace-{run}.json").write_text(json.dumps(events))
            print(json.dumps({"run": run, "ready": round(ready), **analyse(events, Path(args.map), args.top)},
                             indent=1), flush=True)
        browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main()
