"""bench/run.py's frame loops and inference part: for each backend, the classify and pose
models, the lab's page and the plain-JS page (side by side in turns on wasm, one after the other
on the slow backends), into results["loops"] and results["inference"].

    run_loops(bench, parts, backends, args, results, demos)
    # args: run.py's pairs, rounds, page_sets; demos: config.loop_demos(...); label: a word
    # added to each key's demo (run.py --label); this_run: what a vision row says of its run
"""

import json

from config import NO_CAPTURE, VISION_MODELS, WORKER, log
from interleaved import measure_interleaved
from measure import measure_inference, measure_loop
from stats import combine_inference, combine_rounds, median, pair_rounds


def run_loops(bench, parts: set, backends: list, args, results: dict, demos: list,
              label: str | None = None, this_run: dict | None = None):
    for backend in backends:
        slow = not backend.startswith("wasm")
        warmup, count = (1, 5) if slow else (6, None)
        timeout = 600 if slow else 240
        for demo, models in demos:
            if backend == NO_CAPTURE and demo != "pose":
                continue  # bench/probe.js captures once only for the pose models
            key = f"{demo}" + (f" {label}" if label else "") + f"/{backend}"
            inference_rounds = []
            if backend in (NO_CAPTURE, WORKER) and "loops" not in parts:
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
                               and backend not in (NO_CAPTURE, WORKER) else 0):
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
                if demo in VISION_MODELS and this_run:
                    results["runs"][key] = this_run
                results["loops"][key] = {side: combine_rounds(runs_)
                                         for side, runs_ in rounds.items()}
                if inference_rounds:
                    results["inference"][key] = combine_inference(inference_rounds)
                if not slow:
                    results["loops"][key]["paired"] = pair_rounds(
                        rounds, inference_rounds)
