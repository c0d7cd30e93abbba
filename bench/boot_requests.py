"""What the page asked for while it booted, and what held its thread: one lab page, first visit
and a few later ones through the service worker (issue 35). Where bench/boot_timeline.py says
which stage is late, this says why: each request before a moment (ms since navigation) with
when it was asked for, when the service worker took it, its first and last byte; the lab's own
.py requests summed up; and the long animation frames with the scripts that made them.

    .venv/bin/python bench/boot_requests.py                        # /?demo=tensors, 2 later visits
    .venv/bin/python bench/boot_requests.py --path "/?demo=pose" --before 1500 --visits 1

A module PyScript imports one after the other (pyscript/core-*.js, then toml-*.js ...) whose
`worker` column is far from its `first byte` waited for the service worker, busy with other
requests; a long frame at that moment says what held the page's thread instead.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from boot_timeline import OBSERVE
from first_visit import CHROMIUM, QUIET_FLAGS, Wire, camera_flags, serve
from playwright.sync_api import sync_playwright

FRAMES = """window.__frames = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__frames.push({
    start: e.startTime, ms: e.duration,
    scripts: e.scripts.filter((s) => s.duration >= 10).map((s) => [
      (s.sourceURL || "").split("/").slice(-2).join("/"), Math.round(s.startTime),
      "+" + Math.round(s.duration)].join(" "))});
}).observe({ type: "long-animation-frame", buffered: true });"""
REQUESTS = """(before) => performance.getEntriesByType("resource")
  .filter((e) => e.startTime < before && !new URL(e.name).pathname.includes("/py/"))
  .map((e) => ({ name: new URL(e.name).pathname.split("/").slice(-2).join("/"), by: e.initiatorType,
                 asked: e.startTime, worker: e.workerStart, first: e.responseStart, last: e.responseEnd }))
  .sort((a, b) => a.asked - b.asked)"""
OWN = """() => { const own = performance.getEntriesByType("resource")
  .filter((e) => new URL(e.name).pathname.includes("/py/"));
  return own.length ? { n: own.length, first_asked: Math.min(...own.map((e) => e.startTime)),
                        last_byte: Math.max(...own.map((e) => e.responseEnd)) } : { n: 0 }; }"""
MARKS = "performance.getEntriesByType('mark').map((m) => `${m.name} ${Math.round(m.startTime)}`)"


def report(page, before: int) -> list[str]:
    """The lines for the visit `page` shows now."""
    lines = ["marks: " + ", ".join(page.evaluate(MARKS))]
    lines.append(f"{'request':<52} {'by':<7} {'asked':>6} {'worker':>7} {'first byte':>11} {'last':>6}")
    for r in page.evaluate(REQUESTS, before):
        worker = f"{r['worker']:7.0f}" if r["worker"] else "      –"  # 0: not through the worker
        lines.append(f"{r['name']:<52} {r['by']:<7} {r['asked']:6.0f} {worker} {r['first']:11.0f} "
                     f"{r['last']:6.0f}")
    own = page.evaluate(OWN)
    if own["n"]:
        lines.append(f"the lab's .py: {own['n']} requests, first asked {own['first_asked']:.0f}, "
                     f"last byte {own['last_byte']:.0f}")
    for f in page.evaluate("window.__frames"):
        if f["start"] < before:
            lines.append(f"long frame {f['start']:.0f} +{f['ms']:.0f} ms  " + "; ".join(f["scripts"]))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/?demo=tensors")
    parser.add_argument("--visits", type=int, default=2, help="later visits, after the first")
    parser.add_argument("--before", type=int, default=1200, help="requests asked for before (ms)")
    args = parser.parse_args()
    httpd, base = serve(Wire(False))
    with sync_playwright() as p, tempfile.TemporaryDirectory() as work:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=QUIET_FLAGS + camera_flags("astronaut_640x480", Path(work)))
        context = browser.new_context(service_workers="allow")
        context.add_init_script(OBSERVE + FRAMES)
        page = context.new_page()
        for visit in range(1 + args.visits):
            if visit:  # the worker has kept the files
                page.wait_for_function("document.documentElement.dataset.offline", timeout=120_000)
            page.goto(base + args.path, wait_until="commit")
            page.wait_for_function("window.__boot && 'ready' in window.__boot", timeout=120_000, polling=50)
            ready = page.evaluate("window.__boot.ready")
            print(f"\n## {'first' if not visit else f'later ({visit})'} visit: ready at {ready:.0f} ms")
            print("\n".join(report(page, args.before)), flush=True)
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    sys.exit(main())
