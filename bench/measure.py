"""Each measurement of a run: boot, frame loops (side by side, in turns), inference, soak.
The bridge's and teach's, run as Python snippets in the page, are in bench/snippets.py."""

import json
import shutil
import tempfile
import time
from pathlib import Path

from config import (
    BACKENDS,
    BOOT_FLAGS,
    BUSY_SHARE,
    CHROMIUM,
    LOOP_ONLY,
    NO_CAPTURE,
    PAGE_SETS,
    PYTHON_START_BUSY,
    SEGMENT_S,
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
                        turns[side][turn][key] = {
                            **loop_numbers(frames, 0, count - 1), "page_set": page_set,
                            "busy": pages[side].evaluate(BUSY_SHARE,
                                                         [frames[0]["t"], frames[-1]["t"]])}
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
