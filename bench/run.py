"""Benchmark the Python-driven camera demos against the same loops in plain JavaScript.

    ./lab bench                      # the whole run (~30-40 min on 2 cores), writes the results
    ./lab bench --quick              # wasm only, fewer runs and frames (~10 min)
    ./lab bench --only boot,loops --backends wasm --merge bench/latest.json   # redo a part
    ./lab bench --render bench/latest.json     # rewrite BENCHMARKS.md from a results file

Headless Chromium (/usr/bin/chromium) with a fake webcam fed a photo
(tests/data/photos/*.png), the page served from this folder on a loopback port.
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
  1,000 frames of each Python-driven loop.

It writes bench/results/<date>.json (git-ignored), bench/latest.json and
BENCHMARKS.md (the table, the machine, the date, the targets met or not).
This is not part of the test suite: it never fails on a slow number.
"""

import argparse
import datetime
import functools
import http.server
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import Error as PlaywrightError  # noqa: E402  (timeouts, crashes)
from playwright.sync_api import sync_playwright  # noqa: E402

from camera import y4m_from_photo  # noqa: E402  (tests/camera.py)
from tools.serve import start as start_lab_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--autoplay-policy=no-user-gesture-required", "--use-fake-ui-for-media-stream",
         "--use-fake-device-for-media-stream"]
# boots keep their HTTP cache, so they are not routed (Bench.new_page): no other host resolves
BOOT_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
SAME_ORIGIN = ("http://127.0.0.1", "data:", "blob:")
ALL_PARTS = "boot,loops,inference,soak,bridge"
PROBE = (Path(__file__).parent / "probe.js").read_text()
PRELOAD = (Path(__file__).parent / "preload.js").read_text()  # the boot case `lab, preload`
# From the interpreter's wasm arriving to `ready`: how much of it the main thread is busy
# (long tasks), i.e. how little is left for loading a model beside it on the same thread.
PYTHON_START_BUSY = """() => {
  const wasm = performance.getEntriesByType("resource").find(
    e => e.name.endsWith("/pyodide.asm.wasm"));
  const ready = window.__bench.ready;
  if (!wasm || ready === null) return null;
  const start = wasm.responseEnd;
  const busy = window.__bench.busy.reduce((sum, [at, ms]) =>
    sum + Math.max(0, Math.min(at + ms, ready) - Math.max(at, start)), 0);
  return {from_ms: start, to_ms: ready, busy_ms: busy};
}"""
PHOTOS = ROOT / "tests" / "data" / "photos"
CAMERA_PHOTO = {"classify": "chelsea", "pose": "astronaut_640x480"}
POSE_MODELS = ("posenet", "movenet", "blazepose")
# backend label -> (server, tf backend)
BACKENDS = {"wasm": ("plain", "wasm"), "wasm+threads": ("isolated", "wasm"),
            "webgl": ("plain", "webgl"), "cpu": ("plain", "cpu")}
# Not a backend but the wasm pose loops with the camera captured once (bench/probe.js), both
# pages capturing as js/pixels.js does: the loop's cost without capture. Run when asked for.
NO_CAPTURE = "wasm-no-capture"
LOOP_ONLY = {NO_CAPTURE: ("plain", "wasm")}
# fps ratio: met unless its whole 90% interval is below 0.95 (a noisy ratio is judged by its
# interval). Loop: outside the model call, Python adds at most 2 ms a frame over the plain-JS loop
# (the plain-JS loop itself costs a quarter of a frame here, so a share of the model is no target).
TARGET_RATIO, TARGET_EXTRA_MS, TARGET_HEAP_MB = 0.95, 2.0, 10.0
SETTLE_S = 2.0  # after closing a page, before the next one is timed
SEGMENT_S = 0.8  # a turn of the interleaved loops (measure_interleaved)
PAGE_SETS = 4  # pairs of pages the turns of one loop are shared among (--page-sets)


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


# servers -------------------------------------------------------------------------
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def start_plain_server():
    """Exactly `python3 -m http.server`: no isolation, the browser's own heuristic caching."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_Quiet, directory=str(ROOT)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def stop():
        httpd.shutdown()
        httpd.server_close()
    return f"http://127.0.0.1:{httpd.server_address[1]}", stop


# pages ---------------------------------------------------------------------------
class Bench:
    def __init__(self, playwright, work: Path):
        self.pw, self.work = playwright, work
        self.servers = {}
        self.browsers = {}
        self.console_errors = []
        self.off_origin = []

    def server(self, kind: str) -> str:
        if kind not in self.servers:
            if kind == "plain":
                self.servers[kind] = start_plain_server()
            else:
                self.servers[kind] = start_lab_server(isolated=True, cached=True)
        return self.servers[kind][0]

    def camera_args(self, demo: str):
        y4m = y4m_from_photo(PHOTOS / f"{CAMERA_PHOTO[demo]}.png", self.work)
        return FLAGS + [f"--use-file-for-fake-video-capture={y4m}"]

    def browser(self, demo: str):
        if demo not in self.browsers:
            self.browsers[demo] = self.pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=self.camera_args(demo))
        return self.browsers[demo]

    def new_page(self, context, cache: bool = False):
        """A page with the probe; requests to other hosts never leave the machine.

        Playwright's routing, which aborts them, also turns the HTTP cache off
        (microsoft/playwright#7220), so a page that must keep its cache (`cache=True`,
        a warm visit) is not routed: its browser resolves no host but 127.0.0.1
        (BOOT_FLAGS), and every request to another host is recorded in
        `off_origin`, which the run reports and fails on.
        """
        context.add_init_script(PROBE)
        if cache:
            context.on("request", lambda request: None if request.url.startswith(
                SAME_ORIGIN) else self.off_origin.append(request.url))
        else:
            context.route("**/*", self._same_origin_only)
        page = context.new_page()
        page.on("console", lambda m: self.console_errors.append(m.text[:300])
                if m.type == "error" else None)
        return page

    @staticmethod
    def _same_origin_only(route):
        url = route.request.url
        if url.startswith(SAME_ORIGIN):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def close(self):
        for browser in self.browsers.values():
            browser.close()
        for _, stop in self.servers.values():
            stop()


def url_for(base: str, python: bool, demo: str, backend: str, model: str | None = None,
            **extra) -> str:
    if python:
        query = {"demo": demo, "backend": backend, **({"pose": model} if model else {})}
        path = "/"
    else:
        query = {"backend": backend, **({"model": model} if model else {})}
        path = f"/bench/baseline/{demo}.html"
    query.update(extra)
    return base + path + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def frames_of(page, model=None):
    frames = page.evaluate("window.__bench.frames")
    return [f for f in frames if model is None or f["model"] in (None, model)]


def wait_frames(page, count: int, model: str | None, timeout_s: float):
    condition = """([count, model]) => window.__bench.frames.filter(
        f => model === null || f.model === null || f.model === model).length >= count"""
    page.wait_for_function(condition, arg=[count, model], timeout=timeout_s * 1000, polling=250)
    return frames_of(page, model)


def loop_numbers(frames: list, warmup: int, count: int) -> dict:
    """fps and per-frame time over `count` frames after `warmup` ones."""
    window = frames[warmup:warmup + count + 1]
    intervals = [b["t"] - a["t"] for a, b in zip(window, window[1:])]
    span = window[-1]["t"] - window[0]["t"]
    # each frame's interval minus the model time the page reports for it: the loop's own time,
    # both taken in the same frame, so the machine's drift mostly cancels
    outside = [b["t"] - a["t"] - b["ms"] for a, b in zip(window, window[1:])
               if b["ms"] is not None]
    # the same with the model's own time (estimatePoses, timed by bench/probe.js alike in both
    # pages): what the loop costs around the model (capture, drawing, bridge, paint), per frame
    model = [b["model_ms"] for b in window[1:] if b.get("model_ms") is not None]
    around = [b["t"] - a["t"] - b["model_ms"] for a, b in zip(window, window[1:])
              if b.get("model_ms") is not None]
    numbers = {"frames": len(intervals), "fps": round(len(intervals) * 1000 / span, 2),
               "frame_ms": median(intervals), "outside_ms": median(outside),
               "loop_ms_reported": median([f["ms"] for f in window]),
               "tensors_first": window[0]["tensors"], "tensors_last": window[-1]["tensors"]}
    if len(around) >= len(intervals) // 2:
        numbers.update(model_ms=median(model), around_ms=median(around),
                       loop_cost=round(statistics.median(around) / statistics.median(model), 3))
    return numbers


def heap(cdp) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    return cdp.send("Runtime.getHeapUsage")["usedSize"] / 1e6


# measurements ---------------------------------------------------------------------
def measure_boot(bench: Bench, server_kind: str, demo: str, python: bool, runs: int,
                 rows: dict | None = None, init_script: str | None = None) -> dict:
    """Cold (fresh profile) and warm (same profile, browser restarted) boots.

    The pages are not routed, so that the warm visit has the HTTP and code caches
    a user's second visit has (see Bench.new_page).
    Samples are added to `rows` ({"cold": [], "warm": []}), so that cases can be
    interleaved run by run (the machine's load then weighs on each alike).
    `init_script` runs before the page's own scripts (a lever, e.g. PRELOAD).
    """
    base = bench.server(server_kind)
    model = "posenet" if demo == "pose" else None
    url = url_for(base, python, demo, "wasm", model)
    rows = rows if rows is not None else {"cold": [], "warm": []}
    for run in range(runs):
        profile = Path(tempfile.mkdtemp(prefix="bench-profile-", dir=bench.work))
        try:
            for kind in ("cold", "warm"):
                context = bench.pw.chromium.launch_persistent_context(
                    str(profile), executable_path=CHROMIUM, headless=True,
                    args=bench.camera_args(demo) + BOOT_FLAGS)
                try:
                    page = bench.new_page(context, cache=True)
                    if init_script:
                        page.add_init_script(init_script)
                    page.goto(url)
                    first = wait_frames(page, 1, model, 240)[0]
                    ready = page.evaluate("window.__bench.ready")
                    sample = {"ready_ms": ready, "first_frame_ms": first["t"]}
                    if python:
                        sample["python_start"] = page.evaluate(PYTHON_START_BUSY)
                    rows[kind].append(sample)
                finally:
                    context.close()
        except PlaywrightError as error:
            log(f"  boot {demo} {server_kind} run {run}: timed out ({error})")
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    result = {"_rows": rows}
    for kind, samples in rows.items():
        result[kind] = {"runs": len(samples),
                        "ready_ms": median([s["ready_ms"] for s in samples]),
                        "first_frame_ms": median([s["first_frame_ms"] for s in samples]),
                        "samples": samples}
        starts = [s["python_start"] for s in samples if s.get("python_start")]
        if starts:
            result[kind]["python_start_ms"] = median([p["to_ms"] - p["from_ms"] for p in starts])
            result[kind]["python_start_busy"] = median(
                [p["busy_ms"] / (p["to_ms"] - p["from_ms"]) for p in starts])
    return result


def measure_loop(bench: Bench, demo: str, backend_label: str, python: bool, models, warmup: int,
                 count: int, timeout_s: float) -> dict:
    """Frames per second of the running demo, per model (each model in a page of its own)."""
    server_kind, backend = {**BACKENDS, **LOOP_ONLY}[backend_label]
    extra = {"bench-frame": "once", **({} if python else {"pixels": "lab"})} \
        if backend_label == NO_CAPTURE else {}
    base = bench.server(server_kind)
    results = {}
    for model in models:
        # Each model in a page of its own context, Python and JS alike (?pose= / ?model=), and
        # a pause after it: a closed page's renderer takes a while to go, a Python page
        # (Pyodide's heap) longer than a plain-JS one, and it must not weigh on the next page.
        context = bench.browser(demo).new_context(viewport={"width": 1280, "height": 900})
        page = None
        try:
            page = bench.new_page(context)
            page.goto(url_for(base, python, demo, backend, model, **extra))
            frames = wait_frames(page, warmup + count + 1, model, timeout_s)
            numbers = loop_numbers(frames, warmup, count)
            numbers["backend"] = page.evaluate("tf.getBackend()")
            numbers["isolated"] = page.evaluate("crossOriginIsolated")
            numbers["threads"] = page.evaluate(
                "tf.getBackend() === 'wasm' ? tf.wasm.getThreadsCount() : null")
            results[model or demo] = numbers
        except PlaywrightError:
            try:
                got = len(frames_of(page, model)) if page else 0
            except PlaywrightError:  # the page crashed
                got = "?"
            results[model or demo] = {"error": f"timed out after {timeout_s:.0f} s "
                                               f"({got} frames)"}
        finally:
            context.close()
            time.sleep(SETTLE_S)
    return results


def open_loop_page(bench: Bench, demo: str, backend_label: str, python: bool, model,
                   warmup: int, timeout_s: float):
    """A loop page (the lab's or the plain-JS one) in a context of its own, warmed up."""
    server_kind, backend = {**BACKENDS, **LOOP_ONLY}[backend_label]
    extra = {"bench-frame": "once", **({} if python else {"pixels": "lab"})} \
        if backend_label == NO_CAPTURE else {}
    context = bench.browser(demo).new_context(viewport={"width": 1280, "height": 900})
    page = bench.new_page(context)
    page.goto(url_for(bench.server(server_kind), python, demo, backend, model, **extra))
    wait_frames(page, warmup, model, timeout_s)
    page.evaluate("window.__bench.gate.close()")
    return context, page


def measure_interleaved(bench: Bench, demo: str, backend_label: str, models, warmup: int,
                        pairs: int, timeout_s: float, page_sets: int = PAGE_SETS) -> dict:
    """The Python and the plain-JS loop of each model in two pages open side by side, running
    in turns of a few frames each (bench/probe.js `gate`): `pairs` turns each, alternating
    which goes first. This machine's speed drifts by tens of percent from one second to the
    next, so loops timed minutes apart would mostly measure the drift; turns of under a second,
    many of them, weigh it on both alike; the turns are shared among `page_sets` pairs of pages.
    Returns {"python": [...], "js": [...]}: per turn, per model, the numbers of `loop_numbers`
    (each turn is a "round" for `pair_rounds`)."""
    turns = {"python": [{} for _ in range(pairs)], "js": [{} for _ in range(pairs)]}
    for model in models:
        key = model or demo
        # The turns are shared among pairs of pages: two pages of the same kind can differ
        # by a few percent for as long as they live, and one pair alone would keep that.
        sets = min(page_sets, pairs)
        for page_set in range(sets):
            first, last = page_set * pairs // sets, (page_set + 1) * pairs // sets
            opened = []
            try:
                pages = {}
                for python in (True, False):
                    opened.append(open_loop_page(bench, demo, backend_label, python, model,
                                                 warmup, timeout_s))
                    pages["python" if python else "js"] = opened[-1][1]
                # a turn of about SEGMENT_S: a few frames, enough for intervals between them
                warm = loop_numbers(frames_of(pages["js"], model), 1, warmup - 2)
                count = max(4, min(20, round(SEGMENT_S * warm["fps"])))
                time.sleep(SETTLE_S)
                for turn in range(first, last):
                    for side in (("python", "js") if turn % 2 == 0 else ("js", "python")):
                        frames = pages[side].evaluate(
                            "([count, ms]) => window.__bench.gate.run(count, ms)",
                            [count, timeout_s * 1000])
                        # the intervals between this turn's frames: the wait before the first
                        # one is the other page's turn
                        turns[side][turn][key] = {**loop_numbers(frames, 0, count - 1),
                                                  "page_set": page_set}
                for side, page in pages.items():
                    turns[side][first][key].update(
                        backend=page.evaluate("tf.getBackend()"),
                        isolated=page.evaluate("crossOriginIsolated"),
                        threads=page.evaluate(
                            "tf.getBackend() === 'wasm' ? tf.wasm.getThreadsCount() : null"))
            except PlaywrightError as error:
                log(f"  {demo} {key} {backend_label}: {str(error).splitlines()[0]}")
                for side in turns:
                    for turn in turns[side][first:last]:
                        turn.setdefault(key, {"error": f"failed: {str(error).splitlines()[0]}"})
            finally:
                for context, _ in opened:
                    context.close()
                time.sleep(SETTLE_S)
    return turns


def combine_rounds(rounds: list[dict]) -> dict:
    """Per model: the median fps and frame time over rounds, and each round's numbers."""
    combined = {}
    for model in rounds[0]:
        ok = [r[model] for r in rounds if "error" not in r.get(model, {"error": 1})]
        if not ok:
            combined[model] = rounds[0][model]
            continue
        combined[model] = {**ok[0], "fps": median([n["fps"] for n in ok]),
                           "frame_ms": median([n["frame_ms"] for n in ok]),
                           "outside_ms": median([n.get("outside_ms") for n in ok]),
                           "rounds": [n["fps"] for n in ok]}
        if all(n.get("loop_cost") is not None for n in ok):
            combined[model].update(
                model_ms=median([n["model_ms"] for n in ok]),
                around_ms=median([n["around_ms"] for n in ok]),
                loop_cost=round(statistics.median(n["loop_cost"] for n in ok), 3),
                loop_costs=[n["loop_cost"] for n in ok],
                loop_cost_sets=[n.get("page_set") for n in ok])
    return combined


def combine_inference(rounds: list[dict]) -> dict:
    """Per model: the median of every round's median inference time, and each round's."""
    combined = {}
    for model in rounds[0]:
        ok = [r[model] for r in rounds if "error" not in r.get(model, {"error": 1})]
        combined[model] = ({"inference_ms": median([n["inference_ms"] for n in ok]),
                            "rounds": [n["inference_ms"] for n in ok]} if ok else rounds[0][model])
    return combined


def spread(values: list, groups: list | None = None) -> dict:
    """Median, lowest, highest and a 90% interval for the median (bootstrap, fixed seed).

    With `groups` (one label per value: the pair of pages a turn ran in), the bootstrap draws
    groups, then values within each drawn group: pages differ from one another for as long as
    they live, so turns of one pair of pages are not independent, and an interval over the
    turns alone would be too narrow."""
    labelled = [(v, g) for v, g in zip(values, groups or [None] * len(values)) if v is not None]
    values = [v for v, _ in labelled]
    if not values:
        return {}
    draw = random.Random(0)
    clusters = {}
    for value, group in labelled:
        clusters.setdefault(group, []).append(value)
    clusters = list(clusters.values())
    if len(clusters) > 1:
        medians = sorted(statistics.median([v for c in draw.choices(clusters, k=len(clusters))
                                            for v in draw.choices(c, k=len(c))])
                         for _ in range(2000))
    else:
        medians = sorted(statistics.median(draw.choices(values, k=len(values)))
                         for _ in range(2000))
    return {"median": round(statistics.median(values), 3), "low": round(min(values), 3),
            "high": round(max(values), 3), "ci90": [round(medians[100], 3), round(medians[1899], 3)],
            "each": [round(v, 3) for v in values]}


def pair_rounds(rounds: dict, inference_rounds: list[dict]) -> dict:
    """Per model, turn by turn (measure_interleaved): Python fps / JS fps, the model call's
    time in one page over the other, and each side's frame time against inference alone."""
    paired = {}
    for model in rounds["js"][0]:
        ratios, py_costs, js_costs, model_ratios = [], [], [], []
        ratio_sets, model_ratio_sets = [], []  # the pair of pages each turn ran in
        for r, (py, js) in enumerate(zip(rounds["python"], rounds["js"])):
            py, js = py.get(model, {}), js.get(model, {})
            if py.get("model_ms") and js.get("model_ms"):  # the same model call, in each page
                model_ratios.append(py["model_ms"] / js["model_ms"])
                model_ratio_sets.append(py.get("page_set"))
            if len(inference_rounds) == len(rounds["js"]):  # measured in the same round
                inference = inference_rounds[r].get(model, {}).get("inference_ms")
            else:  # interleaved turns: inference alone was measured just before them
                inference = median([i.get(model, {}).get("inference_ms") for i in inference_rounds
                                    if i.get(model, {}).get("inference_ms")])
            if py.get("fps") and js.get("fps"):
                ratios.append(py["fps"] / js["fps"])
                ratio_sets.append(py.get("page_set"))
            if inference and py.get("frame_ms"):
                py_costs.append((py["frame_ms"] - inference) / inference)
            if inference and js.get("frame_ms"):
                js_costs.append((js["frame_ms"] - inference) / inference)
        paired[model] = {"ratio": spread(ratios, ratio_sets),
                         "py_cost_vs_alone": spread(py_costs),
                         "js_cost_vs_alone": spread(js_costs),
                         "model_ratio": spread(model_ratios, model_ratio_sets)}
    return paired


def measure_inference(bench: Bench, demo: str, backend_label: str, models, frames: int,
                      timeout_s: float) -> dict:
    server_kind, backend = BACKENDS[backend_label]
    base = bench.server(server_kind)
    results = {}
    context = bench.browser(demo).new_context()
    try:
        for model in models:
            page = bench.new_page(context)
            try:
                page.goto(url_for(base, False, demo, backend, model, mode="inference",
                                  frames=frames))
                page.wait_for_function(
                    f"(() => {{ const t = document.getElementById('{demo}-result').textContent;"
                    " return t && ['done', 'error'].includes(JSON.parse(t).status); })()",
                    timeout=timeout_s * 1000, polling=250)
                r = json.loads(page.text_content(f"#{demo}-result"))
                results[model or demo] = ({"inference_ms": median(r["inference_ms"]),
                                           "samples": [round(x, 1) for x in r["inference_ms"]]}
                                          if r["status"] == "done" else {"error": r["error"]})
            except PlaywrightError:
                results[model or demo] = {"error": f"timed out after {timeout_s:.0f} s"}
            finally:
                page.close()
    finally:
        context.close()
    return results


def measure_soak(bench: Bench, demo: str, backend_label: str, python: bool, model: str | None,
                 frames: int, warmup: int) -> dict:
    server_kind, backend = BACKENDS[backend_label]
    context = bench.browser(demo).new_context()
    try:
        page = bench.new_page(context)
        cdp = context.new_cdp_session(page)
        page.goto(url_for(bench.server(server_kind), python, demo, backend, model))
        start_frames = wait_frames(page, warmup, model, 300)
        heap_before = heap(cdp)
        start = start_frames[-1]
        began = time.monotonic()
        end_frames = wait_frames(page, warmup + frames, model, frames * 5 + 120)
        heap_after = heap(cdp)
        end = end_frames[-1]
        return {"frames": end["frame"] - start["frame"], "seconds": round(time.monotonic() - began),
                "tensors_before": start["tensors"], "tensors_after": end["tensors"],
                "heap_mb_before": round(heap_before, 2), "heap_mb_after": round(heap_after, 2),
                "heap_mb_growth": round(heap_after - heap_before, 2)}
    except PlaywrightError as error:
        return {"error": f"timed out: {error}"}
    finally:
        context.close()


BRIDGE_SNIPPET = r"""
# bench/run.py's bridge part: what crossing between Python and JavaScript costs in this page
import asyncio, json, time
import js
from pyodide.ffi import create_proxy

def nothing(*args):
    return 1

proxy = create_proxy(nothing)
js.eval("window.__benchCall = (fn, n) => { const t = performance.now();"
        " for (let i = 0; i < n; i++) fn(i); return performance.now() - t; }")
costs = {"js_to_python_call_us": js.__benchCall(proxy, 5000) / 5000 * 1000}
proxy.destroy()
started = time.perf_counter()
for _ in range(5000):
    js.Math.max(1, 2)
costs["python_to_js_call_us"] = (time.perf_counter() - started) / 5000 * 1e6
started = time.perf_counter()
for _ in range(500):
    await js.Promise.resolve(1)
costs["await_js_promise_us"] = (time.perf_counter() - started) / 500 * 1e6
started = time.perf_counter()
for _ in range(500):
    await asyncio.sleep(0)
costs["asyncio_sleep_0_us"] = (time.perf_counter() - started) / 500 * 1e6
print("BRIDGE", json.dumps({k: round(v, 2) for k, v in costs.items()}))
"""


def measure_bridge(bench: Bench, runs: int) -> dict:
    """Per-call costs of the Python/JS bridge, run in the page through the Core API editor."""
    samples = []
    context = bench.browser("classify").new_context()
    try:
        page = bench.new_page(context)
        page.goto(url_for(bench.server("plain"), True, "tensors", "wasm"))
        page.wait_for_function("document.documentElement.dataset.ready === '1'", timeout=240_000)
        for _ in range(runs):
            page.evaluate("([s]) => document.querySelector('#tensors-editor .CodeMirror')"
                          ".CodeMirror.setValue(s)", [BRIDGE_SNIPPET])
            runs = int(page.get_attribute("#tensors-code", "data-runs") or 0)
            page.click("#tensors-code-run")
            page.wait_for_function(f"Number(document.getElementById('tensors-code')"
                                   f".dataset.runs) > {runs}", timeout=120_000)
            text = page.text_content("#tensors-console")
            samples.append(json.loads(text.split("BRIDGE", 1)[1].strip().splitlines()[0]))
        page.click("#tensors-code-reset")
    finally:
        context.close()
    return {key: {"median": median([s[key] for s in samples]),
                  "each": [s[key] for s in samples]} for key in samples[0]}


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


def fmt(value, unit="", digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{unit}"


def verdict(ok):
    return "–" if ok is None else ("met" if ok else "**not met**")


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
            for field in ("ratio", "py_cost_vs_alone", "js_cost_vs_alone", "model_ratio"):
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


def ratio_met(row):
    """The fps ratio's target, judged by its 90% interval: missed only if all of it is below."""
    ratio = row.get("ratio")
    if ratio is None:
        return None
    low_high = row.get("ratio_range")
    return (low_high[1] if low_high else ratio) >= TARGET_RATIO


def extra_ms(row):
    """What the Python loop adds over the plain-JS loop outside the model call, ms a frame."""
    if row.get("py_around_ms") is not None and row.get("js_around_ms") is not None:
        return row["py_around_ms"] - row["js_around_ms"]  # in the frame itself: holds under drift
    if row.get("py_outside_ms") is not None and row.get("js_outside_ms") is not None:
        return row["py_outside_ms"] - row["js_outside_ms"]
    return None


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
        "call, the Python loop adds at most 2 ms a frame over the plain-JS loop (capture, drawing, "
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

    def interval(row, field, digits=3):  # the 90% interval of a median over turns
        low_high = row.get(field + "_range")
        if not low_high or low_high[0] == low_high[1]:
            return ""
        return f" (90%: {fmt(low_high[0], '', digits)}–{fmt(low_high[1], '', digits)})"

    for row in results["summary"]:
        ratio = row.get("ratio")
        cost = row.get("py_loop_cost")
        extra = extra_ms(row)
        mark = "" if row.get("loop_cost_measure") == "in frame" else " †"
        in_loop = (f"{fmt(row['py_model_ms'], '', 1)} / {fmt(row['js_model_ms'], '', 1)}"
                   if row.get("py_model_ms") is not None else "–")
        lines.append(
            f"| {row['demo']} | {row['model']} | {row['backend']} | {fmt(row['py_fps'], '', 2)} "
            f"| {fmt(row['js_fps'], '', 2)} "
            f"| {fmt(ratio, '', 3)}{interval(row, 'ratio')} "
            f"{verdict(ratio_met(row))} "
            f"| {fmt(row['py_frame_ms'])} | {fmt(row['js_frame_ms'])} | {fmt(row['inference_ms'])} "
            f"| {in_loop} "
            f"| {fmt(None if cost is None else cost * 100, '%', 1)}{mark}"
            f"{within(row, 'py_loop_cost', 100, '%', 0)} "
            f"| {fmt(None if row.get('js_loop_cost') is None else row['js_loop_cost'] * 100, '%', 1)}"
            f"{mark}{within(row, 'js_loop_cost', 100, '%', 0)} "
            f"| {'–' if extra is None else f'{extra:+.1f}'} "
            f"{verdict(None if extra is None else extra <= TARGET_EXTRA_MS)} |")
        for error in row["errors"]:
            lines.append(f"|  | ↳ {error} | | | | | | | | | | | |")
    lines += ["", "fps: on the page's own clock, from when each frame's result is published. On "
              "wasm the Python page and the plain-JS page are open side by side and run in turns "
              "(`--pairs`, 40 each by default, shared among `--page-sets` pairs of pages, 4 by "
              "default; bench/probe.js holds "
              "a page's loop between two frames while the other runs): a turn is the few frames "
              "that take about 0.8 s, and which page goes first alternates. fps is the median over turns, of the intervals "
              "between a turn's frames (the `rounds` field in the JSON has each turn). webgl and "
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

    outside = [row for row in results["summary"]
               if row.get("py_outside_ms") is not None and row.get("js_outside_ms") is not None]
    if outside:
        lines += ["Time per frame outside the model call (median over frames, then over turns): "
                  "each frame's interval minus the model time the page itself reports for that "
                  "frame. Both come from the same frame, so this holds where the fps ratio drifts. "
                  "It is what the loop adds: waiting for a paint, drawing, the bridge, the page's "
                  "own updates. The page's time includes capturing the frame (the lab: js/pixels.js; "
                  "plain JS: `tf.browser.fromPixels`, as the tutorial's ml5 does), and on the "
                  "Python side also the await of the model's promise and turning its result into "
                  "Python (1-2 ms). classify reports a rolling mean "
                  "over 30 frames, so its figures are rougher.", "",
                  "The last column compares the model call itself (`estimatePoses`, timed alike in "
                  "both pages by bench/probe.js): its time in the lab page over its time in the "
                  "plain-JS page of the turn next to it, median over turns (90% interval). Above "
                  "1, the "
                  "same call on the same frame ran slower in the lab page.", "",
                  "| demo | model | backend | Python, ms | plain JS, ms | Python − JS "
                  "| model call, lab ÷ plain JS |",
                  "|---|---|---|---|---|---|---|"]
        for row in outside:
            model_ratio = row.get("model_ratio")
            lines.append(f"| {row['demo']} | {row['model']} | {row['backend']} "
                         f"| {fmt(row['py_outside_ms'], '', 1)} | {fmt(row['js_outside_ms'], '', 1)} "
                         f"| {row['py_outside_ms'] - row['js_outside_ms']:+.1f} "
                         f"| {fmt(model_ratio, '', 3)}{interval(row, 'model_ratio')} |")
        lines.append("")

    bridge = results.get("bridge") or {}
    if bridge:
        labels = {"js_to_python_call_us": "JavaScript calls a Python function (a p5 callback, say)",
                  "python_to_js_call_us": "Python calls a JavaScript function (`js.Math.max(1, 2)`)",
                  "await_js_promise_us": "Python awaits an already resolved JavaScript promise",
                  "asyncio_sleep_0_us": "`await asyncio.sleep(0)` (one turn of the browser's event loop)"}
        lines += ["## The bridge: what one crossing costs", "",
                  "| crossing | µs (median of 5 runs) |", "|---|---|"]
        for key, label in labels.items():
            if key in bridge:
                lines.append(f"| {label} | {fmt(bridge[key]['median'], '', 1)} |")
        lines += ["", "Measured in the page by a snippet run through the Core API editor "
                  "(`BRIDGE_SNIPPET` in bench/run.py). A frame of the camera demos makes a few "
                  "dozen calls and two or three awaits: about 1 ms of a 40–200 ms frame.", ""]

    lines += ["## Soak: 1,000 frames of each Python-driven loop", "",
              "| loop | backend | frames | time | tensors before → after | JS heap before → after "
              "(after GC) | target |", "|---|---|---|---|---|---|---|"]
    for key, soak in results["soak"].items():
        if "error" in soak:
            lines.append(f"| {key} | | | | {soak['error']} | | |")
            continue
        ok = soak["tensors_after"] == soak["tensors_before"] and soak["heap_mb_growth"] < TARGET_HEAP_MB
        lines.append(f"| {key} | {soak.get('backend', '')} | {soak['frames']} | {soak['seconds']} s "
                     f"| {soak['tensors_before']} → {soak['tensors_after']} "
                     f"| {soak['heap_mb_before']:.1f} → {soak['heap_mb_after']:.1f} MB "
                     f"({soak['heap_mb_growth']:+.2f}) | {verdict(ok)} |")

    lines += ["", "## Time to a usable page (medians, ms since navigation)", "",
              "| page | server | visit | runs | ready | first frame |", "|---|---|---|---|---|---|"]
    for key, boot in results["boot"].items():
        for kind in ("cold", "warm"):
            b = boot[kind]
            lines.append(f"| {key.split('/')[0]} | {key.split('/')[1]} | {kind} | {b['runs']} "
                         f"| {fmt(b['ready_ms'])} | {fmt(b['first_frame_ms'])} |")
    lines += ["", "`ready` is `<html data-ready=\"1\">` (Python booted, backend started, demo "
              "started; for the plain-JS pages: backend started). `first frame` is the first "
              "classified frame / first pose published. Cold: a fresh browser profile; warm: the "
              "same profile after a browser restart (HTTP and code caches). `plain` is "
              "`python3 -m http.server`; `serve.py` is tools/serve.py (COOP/COEP, vendor/ cached "
              "for a week). `lab, preload`: the lab with bench/preload.js, which asks for "
              "Pyodide's, TF.js's and the model's files from the page's first moment. The boots "
              "are not routed through Playwright, whose routing turns the HTTP cache off: "
              "Chromium resolves no host but 127.0.0.1, and the run lists any request to another "
              "host.", ""]
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
    path.write_text("\n".join(lines))


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
    parser.add_argument("--only", default=ALL_PARTS,
                        help="comma-separated parts to run")
    parser.add_argument("--backends", help="comma-separated, of " + ", ".join(BACKENDS)
                        + f" (default: all), and {NO_CAPTURE} (pose loops with no capture)")
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
    parts = set(args.only.split(","))
    backends = (args.backends.split(",") if args.backends
                else ["wasm", "wasm+threads"] if args.quick else list(BACKENDS))
    runs = args.runs or (2 if args.quick else 3)
    if args.quick:
        args.pairs = min(args.pairs, 15)

    started = time.monotonic()
    results = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "mode": "quick" if args.quick else "full" if parts >= set(ALL_PARTS.split(","))
               else f"`--only {args.only}`", "machine": machine(),
               "targets": {"ratio": TARGET_RATIO, "extra_ms": TARGET_EXTRA_MS,
                           "heap_mb": TARGET_HEAP_MB},
               "boot": {}, "loops": {}, "inference": {}, "soak": {}, "bridge": {}, "notes": []}
    # when each part was measured: a merged run keeps the dates of the parts it did not redo
    results["measured"] = {part: results["date"] for part in ("boot", "soak", "bridge")
                           if part in parts}
    results["measured"].update({f"loops {backend}": results["date"] for backend in backends
                                if parts & {"loops", "inference"}})
    if args.merge:
        merged = json.loads(Path(args.merge).read_text())
        for part in ("boot", "loops", "inference", "soak", "bridge"):
            if part not in parts or part in ("loops", "inference"):  # loops: per backend
                results[part] = dict(merged.get(part, {}))
        earlier = merged.get("measured") or {}
        for part in ("boot", "soak", "bridge"):
            if part not in parts and merged.get(part):
                results["measured"][part] = earlier.get(part, merged["date"])
        for key in merged.get("loops", {}):
            label = f"loops {key.split('/')[1]}"
            results["measured"].setdefault(label, earlier.get(label, merged["date"]))
        older = {}
        for part, date in results["measured"].items():
            if date != results["date"]:
                older.setdefault(date, []).append(part)
        results["notes"].append(
            "Merged run: " + "; ".join(f"{', '.join(sorted(kept))} from the run of {date}"
                                       for date, kept in sorted(older.items()))
            + f"; the rest from this run ({results['date']}).")
    work = Path(tempfile.mkdtemp(prefix="lab-bench-"))
    try:
        with sync_playwright() as playwright:
            bench = Bench(playwright, work)
            try:
                if "loops" in parts or "inference" in parts:
                    for backend in backends:
                        slow = not backend.startswith("wasm")
                        warmup, count = (1, 5) if slow else (6, None)
                        timeout = 600 if slow else 240
                        for demo, models in (("classify", [None]), ("pose", list(POSE_MODELS))):
                            if backend == NO_CAPTURE and demo != "pose":
                                continue  # classify's capture is ml5's own
                            key = f"{demo}/{backend}"
                            inference_rounds = []
                            if backend == NO_CAPTURE and "loops" not in parts:
                                continue  # the same model calls as on wasm
                            if "inference" in parts and (slow or "loops" not in parts):
                                log(f"inference alone: {key}")
                                results["inference"][key] = measure_inference(
                                    bench, demo, backend, models, 5 if slow else 30, timeout)
                            if "loops" in parts and slow:
                                # seconds a frame: one page after the other is enough
                                rounds = {"js": [], "python": []}
                                for python in (False, True):
                                    side = "python" if python else "js"
                                    log(f"loop: {key} {side}")
                                    numbers = measure_loop(bench, demo, backend, python,
                                                           models, warmup, count, timeout)
                                    rounds[side].append(numbers)
                                    log("   ", json.dumps({m: (n.get("fps"), n.get("error"))
                                                          for m, n in numbers.items()}))
                            elif "loops" in parts:
                                for r in range(args.rounds if "inference" in parts
                                               and backend != NO_CAPTURE else 0):
                                    log(f"inference alone: {key} ({r + 1}/{args.rounds})")
                                    inference_rounds.append(measure_inference(
                                        bench, demo, backend, models, 20, timeout))
                                log(f"loops: {key}, Python and JS side by side, "
                                    f"{args.pairs} turns each")
                                rounds = measure_interleaved(bench, demo, backend, models,
                                                             warmup, args.pairs, timeout,
                                                             args.page_sets)
                                for model in rounds["js"][0]:
                                    fps = {side: median([t[model].get("fps") for t in turns])
                                           for side, turns in rounds.items()}
                                    log(f"    {model}: fps {fps}")
                            if "loops" in parts:
                                results["loops"][key] = {side: combine_rounds(runs_)
                                                         for side, runs_ in rounds.items()}
                                if inference_rounds:
                                    results["inference"][key] = combine_inference(inference_rounds)
                                if not slow:
                                    results["loops"][key]["paired"] = pair_rounds(
                                        rounds, inference_rounds)
                if "bridge" in parts:
                    log("bridge: per-call costs, 5 runs")
                    results["bridge"] = measure_bridge(bench, 5)
                    log("   ", json.dumps({k: v["median"] for k, v in results["bridge"].items()}))
                if "soak" in parts:
                    for demo, model in (("classify", None), ("pose", "movenet")):
                        backend = "wasm+threads" if "wasm+threads" in backends else "wasm"
                        key = f"{demo}" + (f" ({model})" if model else "")
                        log(f"soak: {key} {backend}, {args.soak_frames} frames")
                        soak = measure_soak(bench, demo, backend, True, model, args.soak_frames, 10)
                        soak["backend"] = backend
                        results["soak"][key] = soak
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
                results["console_errors"] = sorted(set(bench.console_errors))[:30]
                results["off_origin_requests"] = sorted(set(bench.off_origin))[:30]
            finally:
                bench.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = round(time.monotonic() - started)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["summary"] = summarise(results)
    if args.no_write:
        print(json.dumps(results, indent=1))
        return
    out_dir = Path(__file__).parent / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M")
    text = json.dumps(results, indent=1)
    (out_dir / f"{stamp}.json").write_text(text)
    (Path(__file__).parent / "latest.json").write_text(text)
    write_markdown(results, ROOT / "BENCHMARKS.md")
    log(f"wrote BENCHMARKS.md, bench/latest.json, bench/results/{stamp}.json "
        f"({results['seconds'] / 60:.1f} min)")
    if results.get("off_origin_requests"):
        sys.exit("the pages asked for other hosts: " + ", ".join(results["off_origin_requests"]))


if __name__ == "__main__":
    main()
