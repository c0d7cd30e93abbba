"""Where a boot's time goes: each stage of the lab's boot against a bare PyScript page (the floor),
first and second visit, medians of a few runs in one browser (issue 35).

    .venv/bin/python bench/boot_timeline.py                     # loopback, 3 runs, ~3 min
    .venv/bin/python bench/boot_timeline.py --runs 1 --pages "floor;lab Core API"
    .venv/bin/python bench/boot_timeline.py --rev HEAD~2,HEAD~1   # the lab at those commits beside

The floor is bench/floor/: the lab's vendored PyScript and Pyodide, restored from the same snapshot
by the lab's loader (js/pyodide.mjs), and one line of Python that sets `data-ready`. Stages, in ms
on the page's clock (since navigation): `worker` (js/boot.js asks for the scripts: the service
worker controls the page, or there is none), `scripts` (PyScript asks js/pyodide.mjs for Python:
every script before it has run), `python` (Python restored from the snapshot), `files` (py/main.py
starts: the lab's files are in Python's file system), `imports` (`lab.app` imported, once the
scripts have run), `backend` (the badge shows one), `tabs` (the tabs and the demos' editors made),
`demo` (the Core API's script starts), `core` (the Core API's result), `model` (the model's files
arrived), `ready` (`data-ready`), `first_pose`; and when the page had the big files
(`snapshot_in`...). `--rev` serves the lab's own files at another commit (a `git archive` of it,
with this folder's vendor/) on a second server: a lever's before and after side by side in one run.
Each first visit is a fresh browser context; the second reloads it (the lab's once its service
worker has kept the files).
"""

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from first_visit import CHROMIUM, NO_WORKER, QUIET_FLAGS, ROOT, Wire, camera_flags, serve
from playwright.sync_api import sync_playwright
from stats import spread

# name: (path and query, service worker, waits for a first pose, served at --rev too)
PAGES = {
    "floor": ("/bench/floor/index.html", False, False, False),
    "lab Core API": ("/?demo=tensors", True, False, True),
    "lab Core API, no service worker": ("/?demo=tensors", False, False, True),
    "lab pose": ("/?demo=pose", True, True, True),
    "lab pose, backend=wasm": ("/?demo=pose&backend=wasm", True, True, False),
    "plain-JS pose": ("/bench/baseline/pose.html", False, True, False),
}
STAGES = ("worker", "scripts", "python", "files", "imports", "backend", "tabs", "demo", "core", "model",
          "ready", "first_pose")
# the app's own files tools/make_manifest.py lists (the rest of its list is vendor/ and assets/)
OWN_FILES = ("index.html", "pyscript.toml", "css/*.css", "js/*.js", "js/*.mjs", "py/**/*.py")
INTERVALS = ("ready", "over_floor", "first_pose")
# when the page had each big file's last byte (resource timing), by name: where the stages wait
FILES = {"snapshot_in": "/snapshot.bin", "wasm_in": "/pyodide.asm.wasm", "stdlib_in": "/python_stdlib.zip",
         "ml5_in": "/ml5.min.js", "core_js_in": "/pyscript/core.js"}
# Before the page's own scripts: when the DOM first shows each stage, on the page's clock.
OBSERVE = """window.__boot = {};
(() => {
  const at = (key) => { if (!(key in window.__boot)) window.__boot[key] = performance.now(); };
  const observer = new MutationObserver(() => {
    const text = (id) => { const el = document.getElementById(id); return el ? el.textContent.trim() : ""; };
    const backend = text("backend");
    if (backend && backend !== "–") at("backend");
    if (text("tensors-result")) at("core");
    const pose = text("pose-result");
    if (pose && !("first_pose" in window.__boot)) {
      try { if (JSON.parse(pose).frame >= 1) at("first_pose"); } catch (e) { /* half written */ }
    }
    if (document.documentElement && document.documentElement.dataset.ready === "1") at("ready");
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true,
                               attributeFilter: ["data-ready"] });
})();"""
TIMELINE = """(FILES) => {
  const mark = (name) => { const m = performance.getEntriesByName(name, "mark").at(-1);
                           return m ? m.startTime : undefined; };
  const log = (window.labBoot && window.labBoot.log) || [];
  const model = log.find((e) => e.stage === "model" && e.state === "done");
  const resources = performance.getEntriesByType("resource");
  const own = resources.filter((e) => new URL(e.name).pathname.includes("/py/"));
  const arrived = (end) => { const e = resources.findLast((r) => new URL(r.name).pathname.endsWith(end));
                             return e ? e.responseEnd : undefined; };
  return { ...window.__boot, worker: mark("lab:scripts-asked"),
           scripts: mark("lab:pyodide-asked"), python: mark("lab:python-restored"),
           scripts_run: mark("lab:scripts-run"), files: mark("lab:main"), imports: mark("lab:imported"),
           model: model && model.t, tabs: mark("lab:tabs"), demo: mark("lab:demo"),
           ...Object.fromEntries(Object.entries(FILES).map(([k, end]) => [k, arrived(end)])),
           py_requests: own.length,
           py_last: own.length ? Math.max(...own.map((e) => e.responseEnd)) : undefined };
}"""


def checkout(rev: str, work: Path) -> Path:
    """The tracked files at `rev`, with this folder's generated vendor/ beside them and a manifest
    that lists `rev`'s own files (so that its service worker keeps a whole version, as setup's
    manifest would let it)."""
    folder = work / f"rev-{rev.replace('/', '_')}"
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    (folder / "vendor").mkdir()
    for entry in (ROOT / "vendor").iterdir():
        if entry.name != "manifest.json":
            (folder / "vendor" / entry.name).symlink_to(entry)
    manifest = json.loads((ROOT / "vendor" / "manifest.json").read_text())
    files = {path: entry for path, entry in manifest["files"].items()
             if path.startswith(("vendor/", "assets/"))}
    for pattern in OWN_FILES:
        for path in folder.glob(pattern):
            data = path.read_bytes()
            files[path.relative_to(folder).as_posix()] = {"size": len(data),
                                                          "sha256": hashlib.sha256(data).hexdigest()}
    listing = json.dumps(files, sort_keys=True).encode()
    (folder / "vendor" / "manifest.json").write_text(json.dumps(
        {"version": hashlib.sha256(listing).hexdigest()[:16], "files": files}))
    return folder


def visit(page, url: str, pose: bool) -> dict:
    page.goto(url, wait_until="commit")
    wait = "window.__boot && 'ready' in window.__boot" + (" && 'first_pose' in window.__boot" if pose else "")
    page.wait_for_function(wait, timeout=120_000, polling=50)
    return {k: round(v) for k, v in page.evaluate(TIMELINE, FILES).items() if v is not None}


def measure(runs: int, pages: list[str], rev: str | None, throttled: bool, log=print,
            playwright=None, gzip: bool = True, rev_first: bool = False,
            alternate: bool = False) -> list[dict]:
    """One row per page, visit and run; `playwright`: a running one, else one is started here;
    `gzip`: vendor/ sent gzip-encoded, as ./lab serve does; `rev_first`: the --rev pages first;
    `alternate`: the other way round every other run (the page served first in a pair tends to
    be the slower one)."""
    if playwright is None:
        with sync_playwright() as started:
            return measure(runs, pages, rev, throttled, log, started, gzip, rev_first, alternate)
    p = playwright
    results = []
    with tempfile.TemporaryDirectory() as work:
        bases = {"": serve(Wire(throttled, gzip))}
        for one in rev.split(",") if rev else []:
            bases[f" @{one[:12]}"] = serve(Wire(throttled, gzip), checkout(one, Path(work)))
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=QUIET_FLAGS + camera_flags("astronaut_640x480", Path(work)))
        for run in range(runs):  # every page once per run: the machine's drift weighs alike
            for name in pages:
                path, worker, pose, at_rev = PAGES[name]
                first = rev_first != (alternate and run % 2 == 1)
                for suffix, (_, base) in sorted(bases.items(), key=lambda b: first and not b[0]):
                    if suffix and not at_rev:
                        continue
                    context = browser.new_context(service_workers="allow" if worker else "block")
                    context.add_init_script(OBSERVE if worker else NO_WORKER + OBSERVE)
                    page = context.new_page()
                    for which in ("first", "second"):
                        if which == "second" and worker:
                            page.wait_for_function("document.documentElement.dataset.offline",
                                                   timeout=120_000)
                        row = {"page": name + suffix, "visit": which, "run": run,
                               **visit(page, base + path, pose)}
                        results.append(row)
                        log(json.dumps(row))
                    context.close()
        browser.close()
        for httpd, _ in bases.values():
            httpd.shutdown()
    return results


def summarise(results: list[dict]) -> list[dict]:
    """Medians per page and visit of every stage; `ready` above the floor's same visit and run
    (`over_floor`); for ready, over_floor and first_pose also a 90% interval of the median
    (bootstrap over the runs: bench/stats.py)."""
    rows = []
    floor = {(r["visit"], r["run"]): r["ready"] for r in results if r["page"] == "floor" and "ready" in r}
    for key in dict.fromkeys((r["page"], r["visit"]) for r in results):
        mine = [r for r in results if (r["page"], r["visit"]) == key]
        for r in mine:
            if "ready" in r and (r["visit"], r["run"]) in floor and r["page"].startswith("lab"):
                r["over_floor"] = r["ready"] - floor[r["visit"], r["run"]]
        row = {"page": key[0], "visit": key[1], "runs": len(mine)}
        for stage in (*STAGES, "scripts_run", *FILES, "py_requests", "py_last", "over_floor"):
            values = [r[stage] for r in mine if stage in r]
            if values:
                row[stage] = round(statistics.median(values))
            if values and stage in INTERVALS:
                row[stage + "_ci90"] = [round(v) for v in spread(values)["ci90"]]
        rows.append(row)
    return rows


def _cell(row: dict, key: str, sign: str = "") -> str:
    if key not in row:
        return ""
    low, high = row.get(key + "_ci90", (None, None))
    return f"{row[key]:{sign},}" + (f" [{low:{sign},}, {high:{sign},}]" if low is not None else "")


def table(rows: list[dict]) -> list[str]:
    stages = [s for s in STAGES if any(s in r for r in rows) and s not in ("ready", "first_pose")]
    head = ["page", "visit", "runs", *stages, "ready [90%]", "ready − floor [90%]", "first pose [90%]",
            "py requests"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["page"], r["visit"], str(r["runs"]), *(f"{r[s]:,}" if s in r else "" for s in stages),
                 _cell(r, "ready"), _cell(r, "over_floor", "+"), _cell(r, "first_pose"),
                 str(r.get("py_requests", ""))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def arrivals(rows: list[dict]) -> list[str]:
    """When the page had each big file (its last byte, ms since navigation), medians."""
    head = ["page", "visit", *FILES, "last .py"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["page"], r["visit"], *(f"{r[k]:,}" if k in r else "" for k in (*FILES, "py_last"))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def auto_check(rows: list[dict]) -> list[str]:
    """Issue 32: the first pose under ?backend=auto (the default) no later than under
    ?backend=wasm, each visit (within 5%: this machine drifts by more from page to page)."""
    lines = []
    for which in ("first", "second"):
        auto = next((r for r in rows if r["page"] == "lab pose" and r["visit"] == which), {})
        wasm = next((r for r in rows if r["page"] == "lab pose, backend=wasm" and r["visit"] == which), {})
        if "first_pose" in auto and "first_pose" in wasm:
            met = auto["first_pose"] <= wasm["first_pose"] * 1.05
            lines.append(f"- {which} visit, first pose: auto {auto['first_pose']:,} ms, wasm "
                         f"{wasm['first_pose']:,} ms: {'met' if met else '**not met**'} (auto ≤ wasm + 5%)")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", help="page names, separated by ';' (default: all)")
    parser.add_argument("--rev", help="also serve the lab's pages at these commits (a,b), beside")
    parser.add_argument("--throttled", action="store_true", help="20 Mbit/s, 40 ms a request")
    parser.add_argument("--json", help="write the rows there too")
    parser.add_argument("--no-gzip", action="store_true", help="as plain http.server: no gzip")
    parser.add_argument("--rev-first", action="store_true", help="the --rev pages first each run")
    parser.add_argument("--alternate", action="store_true", help="and the other way every other run")
    args = parser.parse_args()
    pages = args.pages.split(";") if args.pages else list(PAGES)
    if unknown := [name for name in pages if name not in PAGES]:
        sys.exit(f"unknown pages {unknown}: pick among {list(PAGES)}")
    rows = summarise(measure(args.runs, pages, args.rev, args.throttled, lambda line: print(line, flush=True),
                             gzip=not args.no_gzip, rev_first=args.rev_first, alternate=args.alternate))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    print("\n" + "\n".join(table(rows) + [""] + arrivals(rows) + [""] + auto_check(rows)))


if __name__ == "__main__":
    main()
