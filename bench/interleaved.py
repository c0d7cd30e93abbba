"""bench/run.py's side-by-side loops: the lab's page and the plain-JS page of a demo, and for the
vision demos' worker rows (face, hands) the anchor too, the plain-JS page with its model in a
Web Worker (bench/baseline/<demo>-worker.html, one frame queued ahead), in turns of a few frames.

    rounds = measure_interleaved(bench, demo, backend_label, models, warmup, pairs, timeout_s,
                                 page_sets)
    # {"python": [...], "js": [...]} per turn, per model; "anchor": [...] too for a worker row
    # that has one (ANCHORED): the worker target is judged against what plain JS itself reaches
"""

import time

from anchor_worker import DRAIN
from config import BUSY_SHARE, PAGE_SETS, SEGMENT_S, SETTLE_S, TRACKING, WORKER, log
from measure import open_loop_page
from pages import Bench, frames_of, wait_frames
from playwright.sync_api import Error as PlaywrightError  # timeouts, crashes
from stats import loop_numbers

ANCHORED = ("face", "hands")  # the demos with a plain-JS worker page (bench/anchor_worker.py)


def anchor_url(base: str, demo: str, model: str) -> str:
    query = f"backend=wasm&model={model}" + ("&tracking=1" if demo in TRACKING else "")
    return f"{base}/bench/baseline/{demo}-worker.html?{query}&inflight=2"


def open_anchor_page(bench: Bench, demo: str, model: str, warmup: int, timeout_s: float):
    """The plain-JS worker page in a context of its own, warmed up, its held frames done."""
    context = bench.browser(demo).new_context(viewport={"width": 1280, "height": 900})
    page = bench.new_page(context)
    page.goto(anchor_url(bench.server("plain"), demo, model))
    wait_frames(page, warmup, model, timeout_s)
    page.evaluate("window.__bench.gate.close()")
    page.evaluate(DRAIN, [300])
    return context, page


def order_of(sides: list, turn: int) -> list:
    """Two pages alternate which goes first; three rotate, the rotation reversed every round
    (as bench/anchor_worker.py), so each page follows each other page as often."""
    if len(sides) == 2:
        return sides if turn % 2 == 0 else sides[::-1]
    order = sides[turn % len(sides):] + sides[:turn % len(sides)]
    return order if turn // len(sides) % 2 == 0 else order[::-1]


def measure_interleaved(bench: Bench, demo: str, backend_label: str, models, warmup: int,
                        pairs: int, timeout_s: float, page_sets: int = PAGE_SETS) -> dict:
    """The Python and the plain-JS loop of each model in two pages open side by side, running
    in turns of a few frames each (bench/probe.js `gate`): `pairs` turns each, alternating
    which goes first. This machine's speed drifts by tens of percent from one second to the
    next, so loops timed minutes apart would mostly measure the drift; turns of under a second,
    many of them, weigh it on both alike; the turns are shared among `page_sets` pairs of pages.
    A worker row of an ANCHORED demo has a third page, the anchor: the pages' turns then rotate,
    each page gets a turn first that is not counted, and a turn starts once the one before has
    gone quiet (a worker answers the frames it holds after its turn).
    Returns {"python": [...], "js": [...]} (and "anchor"): per turn, per model, the numbers of
    `loop_numbers` (each turn is a "round" for `pair_rounds`)."""
    anchored = backend_label == WORKER and demo in ANCHORED
    sides = ["python", "js"] + (["anchor"] if anchored else [])
    turns = {side: [{} for _ in range(pairs)] for side in sides}
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
                if anchored:
                    opened.append(open_anchor_page(bench, demo, model, warmup, timeout_s))
                    pages["anchor"] = opened[-1][1]
                # a turn of about SEGMENT_S: a few frames, enough for intervals between them
                warm = loop_numbers(frames_of(pages["js"], model), 1, warmup - 2)
                count = max(4, min(20, round(SEGMENT_S * warm["fps"])))
                time.sleep(SETTLE_S)
                for side in sides if anchored else ():  # the first turns after loading ran apart
                    pages[side].evaluate("([n, ms]) => window.__bench.gate.run(n, ms)",
                                         [count, timeout_s * 1000])
                    pages[side].evaluate(DRAIN, [150])
                for turn in range(first, last):
                    for side in order_of(sides, turn):
                        frames = pages[side].evaluate(
                            "([count, ms]) => window.__bench.gate.run(count, ms)",
                            [count, timeout_s * 1000])
                        # the intervals between this turn's frames: the wait before the first
                        # one is the other page's turn
                        turns[side][turn][key] = {
                            **loop_numbers(frames, 0, count - 1), "page_set": page_set,
                            "busy": pages[side].evaluate(BUSY_SHARE,
                                                         [frames[0]["t"], frames[-1]["t"]])}
                        if anchored:  # quiet for 1.5 frames: a frame a worker still held
                            pages[side].evaluate(
                                DRAIN, [max(150, 1500 / turns[side][turn][key]["fps"])])
                for side, page in pages.items():
                    turns[side][first][key].update(
                        backend=page.evaluate("window.tf ? tf.getBackend() : "
                                              "document.documentElement.dataset.backend"),
                        isolated=page.evaluate("crossOriginIsolated"),
                        threads=page.evaluate(
                            "window.tf && tf.getBackend() === 'wasm' ? "
                            "tf.wasm.getThreadsCount() : null"))
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
