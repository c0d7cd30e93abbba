"""BENCHMARKS.md's section for the vision demos (issue 30: face, hands, segment), from the rows
bench/report.py's summarise() makes; each row names the run that measured it (results["runs"]).

    lines += vision_section(results)   # [] when no vision row was measured
    is_vision(row)                     # a face, hands or segment row ("hands static" too)
"""

from config import TARGET_EXTRA_MS, TARGET_RATIO, TARGET_WORKER_BUSY, VISION_MODELS, WORKER
from report_sections import extra_ms, fmt, interval, ratio_met, verdict

# issue 30's worker target: the median at least 1.10x the plain-JS page's fps, the 90%
# interval's lower bound at least 1.0x
WORKER_MEDIAN, WORKER_LOW = 1.10, 1.0


def is_vision(row: dict) -> bool:
    return row["demo"].split()[0] in VISION_MODELS


def mode_of(demo: str) -> str:
    """How the face and hand models ran on camera frames in both pages: a row's label says."""
    label = demo.partition(" ")[2]
    if label:
        return label
    return "tracking" if demo in ("face", "hands") else "–"


def worker_met(row: dict):
    ratio, low_high = row.get("ratio"), row.get("ratio_range")
    if ratio is None:
        return None
    return ratio >= WORKER_MEDIAN and (low_high[0] if low_high else ratio) >= WORKER_LOW


def busy(row: dict, side: str) -> str:
    share = row.get(f"{side}_busy")
    if share is None:
        return "–"
    return f"{share * 100:.0f}% {verdict(share <= TARGET_WORKER_BUSY)}"


def _row(row: dict) -> str:
    worker = row["backend"] == WORKER
    met = worker_met(row) if worker else ratio_met(row)
    extra = None if worker else extra_ms(row)
    in_loop = (f"{fmt(row['py_model_ms'], '', 1)} / {fmt(row['js_model_ms'], '', 1)}"
               if row.get("py_model_ms") is not None and not worker else "–")
    latency = f"{fmt(row.get('py_latency_ms'))} / {fmt(row.get('js_latency_ms'))}"
    return (f"| {row['demo'].split()[0]} | {row['model']} | {row['backend']} "
            f"| {mode_of(row['demo'])} | {fmt(row['py_fps'], '', 2)} | {fmt(row['js_fps'], '', 2)} "
            f"| {fmt(row.get('ratio'), '', 3)}{interval(row, 'ratio')} {verdict(met)} "
            f"| {in_loop} | {'–' if extra is None else f'{extra:+.1f}'} "
            f"{verdict(None if extra is None else extra <= TARGET_EXTRA_MS)} "
            f"| {busy(row, 'py') + ' / ' + busy(row, 'js') if worker else '–'} | {latency} |")


def vision_section(results: dict) -> list[str]:
    rows = [row for row in results["summary"] if is_vision(row)]
    if not rows:
        return []
    lines = ["## The vision demos: face, hands, person mask", "",
             "Each demo's Python loop (`?demo=face|hands|segment`, `?worker=0` on the page's thread, "
             "`wasm-worker` its default, the model in a worker) side by side with its plain-JS page "
             "(bench/baseline/face.html, hands.html, segment.html: the task package as ml5's "
             "examples use it, on the page's thread), in turns as above, on wasm, the fake camera "
             "showing a photo (face and segment: the astronaut; hands: two hands). Targets "
             f"(issue 30): on the page's thread the fps ratio ≥ {TARGET_RATIO} by its 90% "
             f"interval and at most {TARGET_EXTRA_MS:.0f} ms a frame more than plain JS outside the "
             f"model call; in a worker the ratio's median ≥ {WORKER_MEDIAN} and its interval's "
             f"lower bound ≥ {WORKER_LOW}, long tasks ≤ {TARGET_WORKER_BUSY:.0%} of the time; the "
             "soak flat (below). Long tasks are judged on both pages of a worker row: the "
             "plain-JS page, its model on the page's thread, shows what the worker spares.",
             "",
             "Mode: `tracking`, both pages follow the face or hands of the frame before on camera "
             "frames (MediaPipe's and ml5's way: the detector runs again only when the track is "
             "lost; hands: while fewer than two are tracked), as the lab does on camera frames "
             "(a photo is looked at afresh, `staticImageMode`). The `static` rows, both pages "
             "looking afresh on every camera frame as the lab did before it tracked, are gone: "
             "no camera frame runs that way now. Segment: `–`, the lab's default background "
             "(blurred; the plain-JS page draws the mask over the frame, as ml5's example); "
             "another word is a run's `--label` for a setting its `--select` changed (its command "
             "below): `mask`, the lab showing the mask (`#segment-background=mask`).", "",
             "| demo | model | backend | mode | lab fps | plain-JS fps | fps ratio (90%) "
             "| model call ms, lab / JS | lab − JS outside the model (≤ 2 ms) "
             f"| long tasks (≤ {TARGET_WORKER_BUSY:.0%}), lab / JS | latency ms, lab / JS |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [_row(row) for row in rows]
    runs = {}
    for key, run in (results.get("runs") or {}).items():
        runs.setdefault((run["date"], run["command"]), (run, []))[1].append(key)
    if runs:
        lines += ["", "Measured by:"]
        for (date, command), (run, keys) in sorted(runs.items()):
            lines.append(f"- {date}: `{command}`, load average {run.get('load_at_start')} → "
                         f"{run.get('load_at_end')}: {', '.join(sorted(keys))}")
    notes = results.get("vision_notes") or []  # levers measured apart (bench/face_costs.py)
    if notes:
        lines += ["", "Levers:"] + [f"- {note}" for note in notes]
    return lines + [""]
