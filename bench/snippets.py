"""What a run measures inside the page with a Python snippet, run through the Core API editor:
the bridge's per-call costs and the teach demo's (bench/run.py's `bridge` and `teach` parts).

    measure_bridge(bench, 5)   # {key: {"median", "each"}}, from BRIDGE_SNIPPET
    measure_teach(bench, 3)    # likewise, from TEACH_SNIPPET
    print_costs(step_costs(SNIPPET, "FACE", 3))   # a bench/*_costs.py tool: its own browser,
                                                  # each step's median over runs, printed
"""

import json
import shutil
import tempfile
from pathlib import Path

from pages import Bench, url_for
from playwright.sync_api import sync_playwright
from stats import median

BRIDGE_SNIPPET = r"""
# bench/run.py's bridge part: what crossing between Python and JavaScript costs in this page
import asyncio, json, time
import js
from pyodide.ffi import create_proxy

def nothing(*args):
    return 1

proxy = create_proxy(nothing)
js.eval("window.__benchCall = (fn, n) => { const t = performance.now();"
        " for (let i = 0; i < n; i++) fn(i); return performance.now() - t; }")
costs = {"js_to_python_call_us": js.__benchCall(proxy, 5000) / 5000 * 1000}
proxy.destroy()
started = time.perf_counter()
for _ in range(5000):
    js.Math.max(1, 2)
costs["python_to_js_call_us"] = (time.perf_counter() - started) / 5000 * 1e6
started = time.perf_counter()
for _ in range(500):
    await js.Promise.resolve(1)
costs["await_js_promise_us"] = (time.perf_counter() - started) / 500 * 1e6
started = time.perf_counter()
for _ in range(500):
    await asyncio.sleep(0)
costs["asyncio_sleep_0_us"] = (time.perf_counter() - started) / 500 * 1e6

# lab.tf (Python values in and out) against the raw JsProxy with to_js, on the same call
from lab import tf
from lab.core.bridge import to_js
from lab.core.engine import tf as raw_tf
started = time.perf_counter()
for _ in range(2000):
    raw_tf.tensor(to_js([1, 2, 3, 4])).dispose()
raw = (time.perf_counter() - started) / 2000 * 1e6
started = time.perf_counter()
for _ in range(2000):
    tf.tensor([1, 2, 3, 4]).dispose()
costs["raw_tensor_call_us"] = raw
costs["pythonic_tensor_call_us"] = (time.perf_counter() - started) / 2000 * 1e6

# the runaway guard: a loop turn in a demo script (watched) against the same loop exec'd apart
def turns(n):
    for _ in range(n):
        pass

apart = {}
exec("def turns(n):\n    for _ in range(n):\n        pass\n", apart)
started = time.perf_counter()
turns(200_000)
watched = time.perf_counter() - started
started = time.perf_counter()
apart["turns"](200_000)
costs["guard_per_loop_turn_us"] = (watched - (time.perf_counter() - started)) / 200_000 * 1e6
print("BRIDGE", json.dumps({k: round(v, 2) for k, v in costs.items()}))
"""


def snippet_samples(bench: Bench, snippet: str, marker: str, runs: int) -> list[dict]:
    """Run `snippet` in the Core API editor `runs` times: the JSON it printed after `marker`,
    one dict a run."""
    samples = []
    context = bench.browser("classify").new_context()
    try:
        page = bench.new_page(context)
        page.goto(url_for(bench.server("plain"), True, "tensors", "wasm"))
        page.wait_for_function("document.documentElement.dataset.ready === '1'", timeout=240_000)
        for _ in range(runs):
            page.evaluate("([s]) => document.querySelector('#tensors-editor .CodeMirror')"
                          ".CodeMirror.setValue(s)", [snippet])
            done = int(page.get_attribute("#tensors-code", "data-runs") or 0)
            page.click("#tensors-code-run")
            page.wait_for_function(f"Number(document.getElementById('tensors-code')"
                                   f".dataset.runs) > {done}", timeout=600_000)
            text = page.text_content("#tensors-console")
            if marker not in text:  # the snippet failed: its traceback is in the console
                raise RuntimeError(f"the {marker} snippet printed no result: {text[-1500:]}")
            samples.append(json.loads(text.split(marker, 1)[1].strip().splitlines()[0]))
        page.click("#tensors-code-reset")
    finally:
        context.close()
    return samples


def _snippet_runs(bench: Bench, snippet: str, marker: str, runs: int) -> dict:
    """snippet_samples as {key: {"median", "each"}}."""
    return _medians(snippet_samples(bench, snippet, marker, runs))


def _medians(samples: list[dict]) -> dict:
    return {key: {"median": median([s[key] for s in samples]),
                  "each": [s[key] for s in samples]} for key in samples[0]}


def samples_apart(snippet: str, marker: str, runs: int) -> list[dict]:
    """snippet_samples in a browser of its own (the bench/*_costs.py scripts)."""
    work = Path(tempfile.mkdtemp(prefix="lab-costs-"))
    try:
        with sync_playwright() as playwright:
            bench = Bench(playwright, work)
            try:
                return snippet_samples(bench, snippet, marker, runs)
            finally:
                bench.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def step_costs(snippet: str, marker: str, runs: int) -> dict:
    """samples_apart as {step: {"median", "each"}} (bench/face_costs.py, segment_costs.py...)."""
    return _medians(samples_apart(snippet, marker, runs))


def print_costs(costs: dict):
    """One line a step: its median over runs (ms), then each run's."""
    width = max(map(len, costs), default=0) + 2
    for step, numbers in costs.items():
        each = json.dumps([round(x, 2) for x in numbers["each"]])
        print(f"{step:{width}s} {numbers['median']:8.2f} ms  {each}")


def measure_bridge(bench: Bench, runs: int) -> dict:
    """Per-call costs of the Python/JS bridge, run in the page through the Core API editor."""
    return _snippet_runs(bench, BRIDGE_SNIPPET, "BRIDGE", runs)


def measure_teach(bench: Bench, runs: int) -> dict:
    """The teach demo's own costs: kNN over 1,000 image samples, training the head."""
    return _snippet_runs(bench, TEACH_SNIPPET, "TEACH", runs)


TEACH_SNIPPET = r"""
# bench/run.py's teach part: the teach demo's kNN and trained head, on random features
import asyncio, json, random, time
from lab.teach.knn import KNN
from lab.teach.network import Head

random.seed(1)
samples = []
for _ in range(1000):  # a pause now and then: the runaway guard stops 3 s without one
    samples.append([random.random() for _ in range(1280)])
    await asyncio.sleep(0)
labels = [i % 3 for i in range(1000)]
knn = KNN("cosine")
knn.fit(samples, labels, 3)
await asyncio.sleep(0)
knn.predict(samples[0], 3)  # warm: the first call compiles
times = []
for query in samples[:50]:
    started = time.perf_counter()
    knn.predict(query, 3)
    times.append((time.perf_counter() - started) * 1000)
    await asyncio.sleep(0)
costs = {"knn_1000_images_ms": sorted(times)[len(times) // 2]}
times = []
for query in samples[:20]:
    started = time.perf_counter()
    knn.add(query, 0)
    times.append((time.perf_counter() - started) * 1000)
    await asyncio.sleep(0)
costs["knn_add_sample_ms"] = sorted(times)[len(times) // 2]
knn.dispose()
head = Head(1280, 3)
started = time.perf_counter()
await head.train((samples[:300], labels[:300]), ([], []), epochs=50, learning_rate=0.001,
                 batch_size=16)
costs["train_300_samples_50_epochs_s"] = time.perf_counter() - started
head.dispose()
print("TEACH", json.dumps(costs))
"""
