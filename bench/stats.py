"""Medians, turn-by-turn ratios and intervals bootstrapped over pairs of pages."""

import random
import statistics


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


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


# a row's turn-by-turn figures, each a spread(): pair_rounds's, and the anchor's (anchored)
PAIRED = ("ratio", "outside_extra_ms", "py_cost_vs_alone", "js_cost_vs_alone", "model_ratio",
          "py_busy", "js_busy", "py_latency_ms", "js_latency_ms", "anchor_ratio", "over_anchor",
          "anchor_busy", "anchor_latency_ms")


def pair_rounds(rounds: dict, inference_rounds: list[dict]) -> dict:
    """Per model, turn by turn (measure_interleaved): Python fps / JS fps, the model call's
    time in one page over the other, and each side's frame time against inference alone."""
    paired = {}
    for model in rounds["js"][0]:
        ratios, py_costs, js_costs, model_ratios = [], [], [], []
        # per turn: the share of the page's thread in long tasks; the median capture-to-drawn
        # time of the turn's frames (what each page publishes as `ms`)
        busy = {"python": [], "js": []}
        latency = {"python": [], "js": []}
        ratio_sets, model_ratio_sets = [], []  # the pair of pages each turn ran in
        extra, extra_sets = [], []  # Python's ms a frame around the model call over plain JS's
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
            for side, numbers in (("python", py), ("js", js)):
                if numbers.get("busy") is not None:
                    busy[side].append(numbers["busy"])
                if numbers.get("loop_ms_reported") is not None:
                    latency[side].append(numbers["loop_ms_reported"])
            if py.get("fps") and js.get("fps"):
                ratios.append(py["fps"] / js["fps"])
                ratio_sets.append(py.get("page_set"))
            if py.get("around_ms") is not None and js.get("around_ms") is not None:
                extra.append(py["around_ms"] - js["around_ms"])
                extra_sets.append(py.get("page_set"))
            if inference and py.get("frame_ms"):
                py_costs.append((py["frame_ms"] - inference) / inference)
            if inference and js.get("frame_ms"):
                js_costs.append((js["frame_ms"] - inference) / inference)
        paired[model] = {**anchored(rounds, model),
                         "ratio": spread(ratios, ratio_sets),
                         "py_cost_vs_alone": spread(py_costs),
                         "js_cost_vs_alone": spread(js_costs),
                         "model_ratio": spread(model_ratios, model_ratio_sets),
                         "outside_extra_ms": spread(extra, extra_sets),
                         "py_busy": spread(busy["python"]), "js_busy": spread(busy["js"]),
                         "py_latency_ms": spread(latency["python"]),
                         "js_latency_ms": spread(latency["js"])}
    return paired


def anchored(rounds: dict, model) -> dict:
    """A worker row's anchor (bench/interleaved.py), turn by turn: the plain-JS worker page's
    fps over the plain-JS page's (does plain JS itself reach the target?), the lab's over the
    anchor's, and the anchor's long tasks and latency; {} without an anchor."""
    ratios = {"anchor_ratio": [], "over_anchor": []}
    sets, busy, latency = [], [], []
    for py, js, anchor in zip(rounds["python"], rounds["js"], rounds.get("anchor", [])):
        py, js, anchor = py.get(model, {}), js.get(model, {}), anchor.get(model, {})
        if py.get("fps") and js.get("fps") and anchor.get("fps"):
            ratios["anchor_ratio"].append(anchor["fps"] / js["fps"])
            ratios["over_anchor"].append(py["fps"] / anchor["fps"])
            sets.append(py.get("page_set"))
        if anchor.get("busy") is not None:
            busy.append(anchor["busy"])
        if anchor.get("loop_ms_reported") is not None:
            latency.append(anchor["loop_ms_reported"])
    if not sets:
        return {}
    return {**{name: spread(values, sets) for name, values in ratios.items()},
            "anchor_busy": spread(busy), "anchor_latency_ms": spread(latency)}
