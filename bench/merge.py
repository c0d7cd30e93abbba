"""A part run merged into an earlier run's results (`./lab bench --only ... --merge JSON`).

    merged = merge(results, Path("bench/latest.json"), parts)  # the parts not run now: from there
    ...                                                          # run the parts asked for
    keep_run_fields(results, merged)   # a vision-only run: the page's other parts stay as they were

`results` is the new run's dict (bench/run.py), its "measured" dates already set for the parts
run now; merge() fills in the rest from the earlier file and notes which date each part is from.
"""

import json
from pathlib import Path

PARTS = ("boot", "loops", "inference", "soak", "bridge", "teach", "visits", "timeline",
         "completion", "runs")
PER_KEY = ("loops", "inference", "soak", "runs")  # merged key by key: this run's keys replace
DATED = ("boot", "soak", "bridge", "teach", "visits", "timeline", "completion")
# a vision-only run leaves the rest of the page's run as it was
RUN_FIELDS = ("date", "mode", "machine", "seconds", "load_average_at_end", "measured", "notes",
              "vision_notes")


def merge(results: dict, path: Path, parts: set[str]) -> dict:
    """Start `results` from the run in `path` for the parts not in `parts`; return that run."""
    merged = json.loads(Path(path).read_text())
    for part in PARTS:
        if part not in parts or part in PER_KEY:
            results[part] = type(results[part])(merged.get(part) or results[part])
    earlier = merged.get("measured") or {}
    for part in DATED:
        if part not in parts and merged.get(part):
            results["measured"][part] = earlier.get(part, merged["date"])
    for key in merged.get("loops", {}):
        if key in merged.get("runs", {}):
            continue  # a vision row: its own run says when
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
    return merged


def keep_run_fields(results: dict, merged: dict):
    """The earlier run's date, machine, notes and the like, over this run's."""
    for field in RUN_FIELDS:
        results[field] = merged.get(field, results.get(field))
