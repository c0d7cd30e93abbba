"""Each measurement of a run: boot, frame loops (one page alone; side by side, in turns, in
bench/interleaved.py), inference, soak. The bridge's and teach's, run as Python snippets in
the page, are in bench/snippets.py."""

import json
import shutil
import tempfile
import time
from pathlib import Path

from config import (
    BACKENDS,
    BOOT_FLAGS,
    CHROMIUM,
    LOOP_ONLY,
    NO_CAPTURE,
    PYTHON_START_BUSY,
    SETTLE_S,
    WORKER,
    log,
)
from pages import Bench, choose, frames_of, heap, url_for, wait_frames
from playwright.sync_api import Error as PlaywrightError  # noqa: E402  (timeouts, crashes)
from stats import loop_numbers, median


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


def _extra(backend_label: str, python: bool) -> dict:
    """The address's extra parameters for a loop variant (config.LOOP_ONLY)."""
    if backend_label == NO_CAPTURE:
        return {"bench-frame": "once", **({} if python else {"pixels": "lab"})}
    if backend_label == WORKER:
        return {"worker": "1"} if python else {}
    return {}


def measure_loop(bench: Bench, demo: str, backend_label: str, python: bool, models, warmup: int,
                 count: int, timeout_s: float) -> dict:
    """Frames per second of the running demo, per model (each model in a page of its own)."""
    server_kind, backend = {**BACKENDS, **LOOP_ONLY}[backend_label]
    extra = _extra(backend_label, python)
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
    extra = _extra(backend_label, python)
    context = bench.browser(demo).new_context(viewport={"width": 1280, "height": 900})
    page = bench.new_page(context)
    page.goto(url_for(bench.server(server_kind), python, demo, backend, model, **extra))
    choose(page, python, timeout_s)  # run.py --select, before the warm-up
    wait_frames(page, warmup, model, timeout_s)
    page.evaluate("window.__bench.gate.close()")
    return context, page


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
