"""First and second visits: bytes over the wire before `ready`, time to `ready` and to the first
pose, with and without the service worker, on loopback and on a throttled network; the plain-JS
pose page (bench/baseline/pose.html) beside the lab.

    .venv/bin/python bench/first_visit.py                 # 2 runs of each, ~5 min
    .venv/bin/python bench/first_visit.py --runs 3 --only throttled
    .venv/bin/python bench/first_visit.py --pages "lab pose, worker;plain-JS pose"

The server sends vendor/'s .gz copies gzip-encoded, as `./lab serve` does (tools/serve.py;
`--no-gzip`: as plain http.server). The throttle is the server's (a shared 20 Mbit/s and 40 ms
before each answer), not Chromium's network emulation: that one is set per target, and the
service worker's own fetches escape the page's. Bytes are what the server wrote (bodies),
counted up to the moment the page is ready.
Each first visit is a fresh browser context (empty HTTP cache and service worker storage).
"""

import argparse
import functools
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

import serve as lab_serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from harness import CHROMIUM, QUIET_FLAGS, camera_flags  # noqa: E402

RATE = 20e6 / 8  # bytes per second
LATENCY = 0.040
NO_WORKER = "if (navigator.serviceWorker) navigator.serviceWorker.register = async () => undefined;"


class Wire:
    def __init__(self, throttled: bool, gzip: bool = True):
        self.throttled, self.sent, self.lock = throttled, 0, threading.Lock()
        self.by_path = {}  # path (no query) -> bytes written, since the server started
        self.snapshot = True  # False: the server has no vendor/pyodide/snapshot.bin (nor its .gz)
        self.gzip = gzip  # as ./lab serve: vendor/'s .gz copies sent gzip-encoded, and said so
        self.next_free = time.monotonic()

    def take(self, n: int, path: str = ""):
        with self.lock:
            self.sent += n
            self.by_path[path] = self.by_path.get(path, 0) + n
            if not self.throttled:
                return
            now = time.monotonic()
            self.next_free = max(self.next_free, now) + n / RATE
            wait = self.next_free - now
        time.sleep(wait)


def serve(wire: Wire, directory: Path = ROOT):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            # as ./lab serve: the app files' list, which a later visit's service worker reads
            if not lab_serve.send_own_files(self):
                super().do_GET()

        def send_head(self):
            if wire.throttled:
                time.sleep(LATENCY)
            if not wire.snapshot and "/snapshot.bin" in self.path:
                self.send_error(404)
                return None
            if wire.gzip:
                return lab_serve.send_head_gzip_first(self, super().send_head)
            return super().send_head()

        def end_headers(self):
            if wire.gzip:
                self.send_header("Server-Timing", lab_serve.GZIP_SIGNAL)
            super().end_headers()

        def copyfile(self, source, outputfile):
            while chunk := source.read(16384):
                wire.take(len(chunk), self.path.split("?")[0])
                outputfile.write(chunk)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


PAGES = {  # name: (path and query, worker, pose, snapshot)
    # a bare PyScript page on the same Pyodide, snapshot and loader: Python's own bytes (issue 35)
    "floor": ("/bench/floor/index.html", False, False, True),
    "lab Core API, no worker": ("/?demo=tensors", False, False, True),
    "lab Core API, worker": ("/?demo=tensors", True, False, True),
    "lab pose, no worker": ("/?demo=pose", False, True, True),
    "lab pose, worker": ("/?demo=pose", True, True, True),
    # the model on the page's thread only: no Web Worker loading it again beside (issue 22)
    "lab pose, worker, model on the page only": ("/?demo=pose&worker=0", True, True, True),
    # Python started in the page instead of restored from setup's snapshot: what a first visit
    # would cost if the snapshot were made in the browser (issue 18 asked for both, measured)
    "lab pose, worker, no snapshot": ("/?demo=pose", True, True, False),
    "plain-JS pose": ("/bench/baseline/pose.html", False, True, True),
}
PLAIN = "plain-JS pose"


def one_visit(page, url, wire, pose):
    start_bytes, start, paths = wire.sent, time.monotonic(), dict(wire.by_path)
    page.goto(url, wait_until="commit")
    page.wait_for_function("document.documentElement.dataset.ready === '1'", timeout=300_000,
                           polling=20)
    ready_s, ready_bytes = time.monotonic() - start, wire.sent - start_bytes
    pose_s = pose_bytes = None
    if pose:
        page.wait_for_function("""(() => { const t = document.getElementById('pose-result').textContent;
            return t.trim() && JSON.parse(t).frame >= 1; })()""", timeout=300_000, polling=20)
        pose_s, pose_bytes = time.monotonic() - start, wire.sent - start_bytes
    # the biggest files this visit had before its first pose (or ready): where the bytes went
    files = {k: v - paths.get(k, 0) for k, v in wire.by_path.items() if v > paths.get(k, 0)}
    biggest = sorted(files.items(), key=lambda kv: -kv[1])[:8]
    return {"ready_s": round(ready_s, 2), "mb_before_ready": round(ready_bytes / 1e6, 2),
            "first_pose_s": pose_s and round(pose_s, 2),
            "mb_before_first_pose": pose_bytes and round(pose_bytes / 1e6, 2),
            "biggest_mb": {k: round(v / 1e6, 2) for k, v in biggest}}


def measure(runs: int, only: str | None = None, log=print, playwright=None,
            pages: list[str] | None = None, gzip: bool = True) -> list[dict]:
    """Every page of PAGES, first visit (and second: from the service worker's cache for the lab,
    from the HTTP cache for the plain-JS page), `runs` times per network; one row per visit.
    `playwright`: a running one (bench/run.py's), else one is started here; `pages`: some of
    PAGES only."""
    if playwright is None:
        with sync_playwright() as started:
            return measure(runs, only, log, started, pages, gzip)
    p = playwright
    results = []
    with tempfile.TemporaryDirectory() as work:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=QUIET_FLAGS + camera_flags("astronaut_640x480", Path(work)))
        for network in [n for n in ("loopback", "throttled") if only in (None, n)]:
            wire = Wire(network == "throttled", gzip)
            httpd, base = serve(wire)
            for run in range(runs):
                for name, (path, worker, pose, snapshot) in PAGES.items():
                    if pages and name not in pages:
                        continue
                    wire.snapshot = snapshot
                    context = browser.new_context(service_workers="allow" if worker else "block")
                    if not worker:
                        context.add_init_script(NO_WORKER)
                    page = context.new_page()
                    row = {"network": network, "page": name, "run": run, "visit": "first",
                           **one_visit(page, base + path, wire, pose)}
                    results.append(row)
                    log(json.dumps(row))
                    # the plain page's second visit: its HTTP cache (none without the snapshot: there is
                    # no snapshot made in the browser to start from)
                    if (worker and snapshot) or name == PLAIN:
                        if worker:
                            page.wait_for_function("document.documentElement.dataset.offline",
                                                   timeout=300_000)
                        row = {"network": network, "page": name, "run": run, "visit": "second",
                               **one_visit(page, base + path, wire, pose)}
                        results.append(row)
                        log(json.dumps(row))
                    context.close()
            httpd.shutdown()
        browser.close()
    return results


def summarise(results: list[dict]) -> list[dict]:
    """Medians per (network, page, visit), and the lab's pose page against the plain-JS one's
    same visit: `ready` and first pose, as ratios (issue 18's targets: 1.6x first, 1.3x second)."""
    rows = []
    keys = sorted({(r["network"], r["page"], r["visit"]) for r in results},
                  key=lambda k: (k[0], list(PAGES).index(k[1]), k[2]))
    for key in keys:
        mine = [r for r in results if (r["network"], r["page"], r["visit"]) == key]
        poses = [r["first_pose_s"] for r in mine if r["first_pose_s"] is not None]
        rows.append({"network": key[0], "page": key[1], "visit": key[2], "runs": len(mine),
                     "ready_s": statistics.median(r["ready_s"] for r in mine),
                     "mb_before_ready": statistics.median(r["mb_before_ready"] for r in mine),
                     "first_pose_s": statistics.median(poses) if poses else None,
                     "mb_before_first_pose": statistics.median(
                         [r.get("mb_before_first_pose") or 0 for r in mine])})
    for row in rows:
        plain = next((r for r in rows if r["page"] == PLAIN and r["network"] == row["network"]
                      and r["visit"] == row["visit"]), None)
        if plain and row["page"].startswith("lab pose"):
            row["ready_ratio"] = round(row["ready_s"] / plain["ready_s"], 2)
            if row["first_pose_s"] and plain["first_pose_s"]:
                row["first_pose_ratio"] = round(row["first_pose_s"] / plain["first_pose_s"], 2)
    return rows


def table(rows: list[dict]) -> list[str]:
    lines = ["| network | page | visit | runs | ready (s) | MB before ready | first pose (s) "
             "| MB before first pose | lab ÷ plain JS: ready, first pose |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ratios = (f"{r['ready_ratio']:.2f}, {r.get('first_pose_ratio', float('nan')):.2f}"
                  if "ready_ratio" in r else "")
        pose = f"{r['first_pose_s']:.2f}" if r["first_pose_s"] is not None else ""
        lines.append(f"| {r['network']} | {r['page']} | {r['visit']} | {r['runs']} "
                     f"| {r['ready_s']:.2f} | {r['mb_before_ready']:.1f} | {pose} "
                     f"| {r.get('mb_before_first_pose') or ''} | {ratios} |")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--only", choices=["loopback", "throttled"])
    parser.add_argument("--pages", help="some of the pages only, by name, separated by ';'")
    parser.add_argument("--no-gzip", action="store_true", help="serve as plain http.server: no gzip")
    args = parser.parse_args()
    pages = args.pages.split(";") if args.pages else None
    rows = summarise(measure(args.runs, args.only, log=lambda line: print(line, flush=True),
                             pages=pages, gzip=not args.no_gzip))
    print("\n" + "\n".join(table(rows)))


if __name__ == "__main__":
    main()
