"""Completion in the Sketch editor: how long from the key to the list of names shown.

    ./lab bench --only completion --merge bench/latest.json   # this part; the others kept
    .venv/bin/python bench/completion.py --pages 20           # alone: prints the figures
    .venv/bin/python bench/completion.py --into bench/latest.json   # and keeps them there

Issue 31's target: a completion shown at most 150 ms after the key. Each page is a fresh
browser context on tools/serve.py's lab (`?demo=sketch`); the editor is given code ending in a
name, then the `.` key is pressed as a user types it (Playwright's keyboard) and the time is
taken on the page's clock, from the key's `keydown` event to the first animation frame after
the list (`.CodeMirror-hints`) is in the page: the frame that paints it. Rows:
`first`: the page's first completion, `stage.` right after the editor's first focus (which
starts loading Jedi in the background: lab.sketch.completer); `new`: a target's first list,
`tf.` (JavaScript) and `chart.` (a LossChart: Python, described for the first time);
`warm`: `stage.` again (WARM_PER_PAGE times); `jedi`: a target only Jedi reads (a list that
`'a b'.split()` made), once Jedi has loaded. Median, with the 90% interval of the median
bootstrapped over the pages (bench/stats.py), and the range 90% of the tries fall in (5th to
95th percentile). `held_ms`: the longest task on the page's thread from the first focus until
Jedi is loaded (what a key typed then may have waited for).
"""

import argparse
import datetime
import json
import sys
from pathlib import Path

from config import CHROMIUM, QUIET_FLAGS, ROOT, SAME_ORIGIN, log
from stats import spread

TARGET_MS = 150.0
WARM_PER_PAGE = 3
START = "from lab.sketch.kit import *\ndemo = Demo('sketch')\nstage = camera_stage(demo)\nstage"
EDITOR = "document.querySelector('#sketch-editor .CodeMirror').CodeMirror"
# arm one measurement: the editor set to `code`, the cursor at its end, the key and the list
# timed as they come (the list is appended to <body> by CodeMirror's show-hint)
ARM = """code => {
    const cm = $EDITOR;
    if (cm.state.completionActive) cm.state.completionActive.close();
    cm.setValue(code); cm.focus(); cm.setCursor(cm.lineCount(), 0);
    const timed = window.__completion = {key: null, listed: null, painted: null, names: []};
    document.addEventListener("keydown", (event) => {
        if (event.key === ".") timed.key = event.timeStamp;
    }, {capture: true, once: true});
    const seen = new MutationObserver(() => {
        const items = document.querySelectorAll(".CodeMirror-hints li .hint-name");
        if (!items.length || timed.key === null) return;   // a list after the key only
        seen.disconnect();
        timed.listed = performance.now();
        timed.names = [...items].map(e => e.textContent);
        requestAnimationFrame(() => { timed.painted = performance.now(); });
    });
    seen.observe(document.body, {childList: true, subtree: true});
    return cm.hasFocus();
}""".replace("$EDITOR", EDITOR)


STAGE = (START, "frames")
NEW_TARGETS = (("x = tf", "add"), (START.rsplit("\n", 1)[0] + "\nchart = loss_chart(demo)\nchart",
                                   "add"))
JEDI = ("words = 'a b'.split()\nwords", "append")
LONG_TASKS = """() => { window.__long = [];
    new PerformanceObserver(list => { for (const e of list.getEntries())
        window.__long.push([e.startTime, e.duration]); }).observe({type: "longtask"}); }"""


def _one(page, code: str = START, expected: str = "frames") -> dict:
    """One `.` typed after `code`: ms from the key to the list in the page, and painted."""
    page.evaluate(ARM, code)
    page.wait_for_function(f"{EDITOR}.hasFocus()")
    page.keyboard.press(".")
    page.wait_for_function("window.__completion.painted !== null", timeout=60_000, polling="raf")
    timed = page.evaluate("window.__completion")
    if expected not in timed["names"]:
        raise RuntimeError(f"{code.rsplit(chr(10), 1)[-1]}. offered {timed['names'][:10]}, "
                           f"not {expected}")
    return {"listed_ms": round(timed["listed"] - timed["key"], 1),
            "shown_ms": round(timed["painted"] - timed["key"], 1)}


def _same_origin_only(route):
    if route.request.url.startswith(SAME_ORIGIN):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def measure(playwright, base: str, pages: int = 20, errors: list | None = None) -> dict:
    """`pages` fresh pages on the lab at `base`: each one's first completion, then WARM_PER_PAGE
    warm ones. The tries and their summaries (see the module's docstring)."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=QUIET_FLAGS)
    tries = {"first": [], "new": [], "warm": [], "jedi": []}
    held = []
    try:
        for number in range(pages):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", _same_origin_only)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text[:300])
                    if errors is not None and m.type == "error" else None)
            page.goto(f"{base}/?demo=sketch")
            page.wait_for_function("document.documentElement.dataset.ready === '1'",
                                   timeout=120_000)
            page.wait_for_selector("#sketch-list[data-loaded]", state="attached")
            page.evaluate(LONG_TASKS)
            focused = page.evaluate("performance.now()")
            tries["first"].append({"page": number, **_one(page, *STAGE)})
            for code, expected in NEW_TARGETS:
                page.keyboard.press("Escape")
                tries["new"].append({"page": number, **_one(page, code, expected)})
            for _ in range(WARM_PER_PAGE):
                page.keyboard.press("Escape")
                tries["warm"].append({"page": number, **_one(page, *STAGE)})
            page.keyboard.press("Escape")
            page.wait_for_function(f"{EDITOR}.getWrapperElement().dataset.completion === 'ready'",
                                   timeout=60_000)
            held.append(page.evaluate("from => Math.max(0, ...window.__long.filter("
                                      "([at]) => at >= from).map(([, took]) => took))", focused))
            tries["jedi"].append({"page": number, **_one(page, *JEDI)})
            context.close()
            log("   ", f"page {number + 1}/{pages}: first {tries['first'][-1]['shown_ms']} ms, "
                f"new {[t['shown_ms'] for t in tries['new'][-len(NEW_TARGETS):]]} ms, "
                f"warm {[t['shown_ms'] for t in tries['warm'][-WARM_PER_PAGE:]]} ms, "
                f"jedi {tries['jedi'][-1]['shown_ms']} ms, held {held[-1]:.0f} ms")
    finally:
        browser.close()
    summary = summarise(tries)
    summary["held_ms"] = {"median": _percentile(held, 0.5), "p5": _percentile(held, 0.05),
                          "p95": _percentile(held, 0.95), "each": held}
    return summary


def _percentile(values: list, share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def summarise(tries: dict) -> dict:
    """Per kind (first, warm): the shown and listed times' spread (median, ci90 of the median,
    bootstrapped by page), the 5th and 95th percentiles, and every try."""
    summary = {"target_ms": TARGET_MS, "tries": tries}
    for kind, rows in tries.items():
        pages = [row["page"] for row in rows]
        for field in ("shown_ms", "listed_ms"):
            values = [row[field] for row in rows]
            numbers = spread(values, pages)
            numbers.pop("each", None)
            numbers["p5"], numbers["p95"] = _percentile(values, 0.05), _percentile(values, 0.95)
            numbers["tries"] = len(values)
            summary[f"{kind}_{field}"] = numbers
    return summary


def section(results: dict) -> list[str]:
    """BENCHMARKS.md's lines for a run that measured completion (none otherwise)."""
    done = results.get("completion")
    if not done:
        return []

    def row(label, numbers):
        met = "✅" if numbers["median"] <= TARGET_MS else "❌"
        return (f"| {label} | {numbers['tries']} | {numbers['median']:,.0f} "
                f"({numbers['ci90'][0]:,.0f} to {numbers['ci90'][1]:,.0f}) {met} "
                f"| {numbers['p5']:,.0f} to {numbers['p95']:,.0f} |")
    lines = ["## Completion in the Sketch editor", "",
             "bench/completion.py (`./lab bench --only completion --merge bench/latest.json`): "
             "ms from the `.` key to the list of names painted in the sketch editor. Target "
             f"(issue 31): ≤ {TARGET_MS:.0f} ms. First: `stage.` in a fresh page right after the "
             "editor's first focus (which starts loading Jedi in the background); new target: "
             "a target's first list (`tf.`, `chart.`); warm: `stage.` again, "
             f"{WARM_PER_PAGE} times in each page; Jedi: a target only Jedi reads (`words.`, "
             "a list), once it has loaded. The median's 90% interval is bootstrapped over the "
             "pages.", "",
             "| completion | tries | median ms (90% interval) | 90% of tries, ms |",
             "|---|---|---|---|"]
    labels = {"first": "first of the session (after the focus)", "new": "a new target's first",
              "warm": "warm", "jedi": "Jedi's (after it loads)"}
    for kind, label in labels.items():
        if f"{kind}_shown_ms" in done:
            lines.append(row(label, done[f"{kind}_shown_ms"]))
    held = done.get("held_ms")
    notes = ["`name.` for a name whose object the code makes plain (the kit's, the last run's, "
             "`stage = camera_stage(demo)`) is read from the object (lab.sketch.fast_names); "
             "the rest is Jedi's."]
    if held:
        notes.append(f"While Jedi loads, the longest task on the page's thread: {held['median']:,.0f} "
                     f"ms (median; {held['p5']:,.0f} to {held['p95']:,.0f}); its long steps wait "
                     "for a pause in typing.")
    return lines + [""] + [" ".join(notes), ""]


def save(summary: dict, path: Path):
    """`summary` as the results file's completion part (as `./lab bench --only completion
    --merge` keeps it), and BENCHMARKS.md rewritten from the file."""
    from report import summarise, write_markdown

    results = json.loads(path.read_text())
    results["completion"] = {key: value for key, value in summary.items() if key != "tries"}
    results.setdefault("measured", {})["completion"] = datetime.datetime.now(
        datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    path.write_text(json.dumps(results, indent=1))
    results["summary"] = summarise(results)
    write_markdown(results, ROOT / "BENCHMARKS.md")


def main():
    from playwright.sync_api import sync_playwright
    from tools.serve import start

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20, help="fresh pages (default 20)")
    parser.add_argument("--into", metavar="JSON", help="also keep the figures in this results "
                        "file (bench/latest.json) and rewrite BENCHMARKS.md from it")
    args = parser.parse_args()
    base, stop = start(isolated=True, cached=True)
    errors = []
    try:
        with sync_playwright() as playwright:
            summary = measure(playwright, base, args.pages, errors)
    finally:
        stop()
    if args.into:
        save(summary, Path(args.into))
    print(json.dumps({key: value for key, value in summary.items() if key != "tries"}, indent=1))
    print("\n".join(section({"completion": summary})))
    if errors:
        sys.exit("console errors: " + "; ".join(sorted(set(errors))[:10]))


if __name__ == "__main__":
    main()
