"""BENCHMARKS.md's tables after the frame loops (bench/report.py writes the page): the model in a
worker, time outside the model call, the bridge, teach, the soak, boots and visits; and the
verdicts and number formats every table shares.

    lines += worker_table(rows)        # the `wasm-worker` rows
    lines += later_sections(results)   # from the outside-the-model table to the visits
"""

import boot_timeline
import first_visit
from config import (
    TARGET_EXTRA_MS,
    TARGET_HEAP_MB,
    TARGET_RATIO,
    TARGET_WORKER_BUSY,
    TARGET_WORKER_LATENCY_MS,
    TARGET_WORKER_RATIO,
    TARGET_WORKER_RATIO_BY_MODEL,
    VISION_MODELS,
    WORKER,
)


def fmt(value, unit="", digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{unit}"


def verdict(ok):
    return "–" if ok is None else ("met" if ok else "**not met**")


def interval(row, field, digits=3):  # the 90% interval of a median over turns
    low_high = row.get(field + "_range")
    if not low_high or low_high[0] == low_high[1]:
        return ""
    return f" (90%: {fmt(low_high[0], '', digits)}–{fmt(low_high[1], '', digits)})"


def ratio_met(row):
    """The fps ratio's target, judged by its 90% interval: missed only if all of it is below."""
    ratio = row.get("ratio")
    if ratio is None:
        return None
    low_high = row.get("ratio_range")
    return (low_high[1] if low_high else ratio) >= TARGET_RATIO


def extra_ms(row):
    """What the Python loop adds over the plain-JS loop outside the model call, ms a frame."""
    if row.get("outside_extra_ms") is not None:  # turn by turn, in the frame itself
        return row["outside_extra_ms"]
    if row.get("py_around_ms") is not None and row.get("js_around_ms") is not None:
        return row["py_around_ms"] - row["js_around_ms"]  # in the frame itself: holds under drift
    if row.get("py_outside_ms") is not None and row.get("js_outside_ms") is not None:
        return row["py_outside_ms"] - row["js_outside_ms"]
    return None


def extra_met(row):
    """The ms-outside target, judged by the 90% interval of the turns' differences when there
    is one: missed only if all of it is above."""
    extra = extra_ms(row)
    if extra is None:
        return None
    low_high = row.get("outside_extra_ms_range")
    return (low_high[0] if low_high else extra) <= TARGET_EXTRA_MS


def extra_said(row) -> str:
    """The ms-outside cell: the figure, its interval, met or not."""
    extra = extra_ms(row)
    if extra is None:
        return "– –"
    low_high = row.get("outside_extra_ms_range")
    within = f" (90%: {low_high[0]:+.1f} to {low_high[1]:+.1f})" if low_high else ""
    return f"{extra:+.1f}{within} {verdict(extra_met(row))}"


def worker_table(rows: list[dict]) -> list[str]:
    """The model in a Web Worker (`?worker=1`) against the plain-JS page, and its targets."""
    lines = ["## The model in a Web Worker", "",
             f"`{WORKER}`: the lab with its model in a worker (`?worker=1`, the lab's default; "
             "frames are counted once the worker has taken over from the page's thread), side by "
             "side with the plain-JS page (its model on the page's thread, as the tutorial wrote "
             "it), in turns as above. The other rows run the lab's model on the page's thread "
             "(`?worker=0`). Long tasks: the share of each turn the page's thread spent in tasks over "
             "50 ms (what typing or a slider waits behind). Latency: the median capture-to-drawn "
             "time each page publishes (`ms`). The page reads each camera frame's pixels "
             "(js/pixels.js) and transfers them to the pose worker, which makes them a tensor; the "
             "classifier's worker gets an ImageBitmap and reads only the model-sized square.", "",
             f"| demo | model | fps ratio (lower bound ≥ {TARGET_WORKER_RATIO}"
             + "".join(f"; {model} {ratio}" for model, ratio in TARGET_WORKER_RATIO_BY_MODEL.items())
             + ") "
             f"| long tasks, lab / plain JS (≤ {TARGET_WORKER_BUSY:.0%}) "
             f"| latency ms, lab / plain JS (≤ plain JS + {TARGET_WORKER_LATENCY_MS:.0f}) |",
             "|---|---|---|---|---|"]
    for row in rows:
        low = (row.get("ratio_range") or [row.get("ratio")])[0]
        target = TARGET_WORKER_RATIO_BY_MODEL.get(row["model"], TARGET_WORKER_RATIO)
        busy, js_busy = row.get("py_busy"), row.get("js_busy")
        late, js_late = row.get("py_latency_ms"), row.get("js_latency_ms")
        lines.append(
            f"| {row['demo']} | {row['model']} | {fmt(row.get('ratio'), '', 3)}"
            f"{interval(row, 'ratio')} {verdict(None if low is None else low >= target)} "
            f"| {fmt(None if busy is None else busy * 100, '%', 0)} / "
            f"{fmt(None if js_busy is None else js_busy * 100, '%', 0)} "
            f"{verdict(None if busy is None else busy <= TARGET_WORKER_BUSY)} "
            f"| {fmt(late, '', 0)} / {fmt(js_late, '', 0)} "
            f"{verdict(None if None in (late, js_late) else late <= js_late + TARGET_WORKER_LATENCY_MS)} |")
    return lines + [""]


def later_sections(results: dict) -> list[str]:
    lines = []
    outside = [row for row in results["summary"] if row["backend"] != WORKER
               and row["demo"].split()[0] not in VISION_MODELS
               and row.get("py_outside_ms") is not None and row.get("js_outside_ms") is not None]
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
                  "asyncio_sleep_0_us": "`await asyncio.sleep(0)` (one turn of the browser's event loop)",
                  "raw_tensor_call_us": "`tf.tensor(to_js([1, 2, 3, 4])).dispose()` on the raw JsProxy",
                  "pythonic_tensor_call_us": "the same through `lab.tf` (`tf.tensor([1, 2, 3, 4])`: "
                                             "lists in, JsObject back; lab/pythonic.py's rules)",
                  "guard_per_loop_turn_us": "what the runaway guard adds to one turn of a loop in a "
                                            "demo script (sys.monitoring's JUMP event)"}
        lines += ["## The bridge: what one crossing costs", "",
                  "| crossing | µs (median of 5 runs) |", "|---|---|"]
        for key, label in labels.items():
            if key in bridge:
                lines.append(f"| {label} | {fmt(bridge[key]['median'], '', 1)} |")
        lines += ["", "Measured in the page by a snippet run through the Core API editor "
                  "(`BRIDGE_SNIPPET` in bench/snippets.py). A frame of the camera demos makes a few "
                  "dozen calls and two or three awaits: about 1 ms of a 40–200 ms frame.", ""]

    teach = results.get("teach") or {}
    if teach:
        labels = {"knn_1000_images_ms": ("kNN: one prediction over 1,000 image samples "
                                         "(1,280 numbers each, k = 3)", "ms", "≤ 5 ms"),
                  "knn_add_sample_ms": ("kNN: one recorded sample added to the matrix", "ms", ""),
                  "train_300_samples_50_epochs_s": ("the head trained on 300 samples, 50 epochs, "
                                                    "batch 16", "s", "reported")}
        lines += ["## The teach demo", "", "| what | median of 3 runs | target |", "|---|---|---|"]
        for key, (label, unit, target) in labels.items():
            if key in teach:
                lines.append(f"| {label} | {fmt(teach[key]['median'], '', 2)} {unit} | {target} |")
        lines += ["", "Random features, in the page, on wasm (`TEACH_SNIPPET` in bench/snippets.py, "
                  "`--only teach`).", ""]

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
    if results.get("timeline"):
        lines += ["## Where a boot's time goes: the lab against the floor", "",
                  "bench/boot_timeline.py (`--only timeline`): ms since navigation, medians of 3, "
                  "first visit in a fresh context, second from what it kept. The floor is a bare "
                  "PyScript page (bench/floor/) on the same Pyodide, snapshot and loader; its "
                  "docstring says what each stage is.", ""]
        lines += boot_timeline.table(results["timeline"]) + [""]
        lines += boot_timeline.auto_check(results["timeline"]) + [""]
    if results.get("visits"):
        lines += ["## First and second visits", "",
                  "bench/first_visit.py (`--only visits`): each first visit in a fresh browser "
                  "context; the lab with the service worker (`worker`: its gzip copies, kept for "
                  "the second visit, which it answers from its cache) and without (`no worker`: "
                  "plainly, as before it); the plain-JS pose page's second visit comes from the "
                  "HTTP cache. `no snapshot`: the server has no vendor/pyodide/snapshot.bin, so "
                  "Python starts the long way in the page: the first visit a snapshot made in the "
                  "browser would have (its second visit would restore it, as `worker` does). "
                  "`throttled`: the server shares 20 Mbit/s and waits 40 ms before each "
                  "answer. Bytes are what the server wrote before `ready`. Targets (issue 18): "
                  "Core API first visit ≤ 15 MB; the lab's pose page ≤ 1.6× the plain-JS page's "
                  "first visit (ready and first pose), ≤ 1.3× on the second.", ""]
        lines += first_visit.table(results["visits"]) + [""]
    return lines
