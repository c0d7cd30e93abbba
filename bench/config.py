"""What the benchmark measures and against what: browsers, flags, photos, models, targets."""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))



from harness import CHROMIUM, PHOTOS, QUIET_FLAGS, camera_flags, serve_folder  # noqa: E402,F401

# boots keep their HTTP cache, so they are not routed (Bench.new_page): no other host resolves
BOOT_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
SAME_ORIGIN = ("http://127.0.0.1", "data:", "blob:")
ALL_PARTS = "boot,loops,inference,soak,bridge,teach,visits"
PROBE = (Path(__file__).parent / "probe.js").read_text()
PRELOAD = (Path(__file__).parent / "preload.js").read_text()  # the boot case `lab, preload`
# From the interpreter's wasm arriving to `ready`: how much of it the main thread is busy
# (long tasks), i.e. how little is left for loading a model beside it on the same thread.
PYTHON_START_BUSY = """() => {
  const wasm = performance.getEntriesByType("resource").find(
    e => e.name.endsWith("/pyodide.asm.wasm"));
  const ready = window.__bench.ready;
  if (!wasm || ready === null) return null;
  const start = wasm.responseEnd;
  return {from_ms: start, to_ms: ready, busy_ms: window.__bench.busyIn(start, ready)};
}"""
# How much of [from, to] (ms on the page's clock) the page's thread spent in long tasks: what
# typing, a slider or a tab switch would have waited behind while the loop ran.
BUSY_SHARE = """([from, to]) => to > from ? window.__bench.busyIn(from, to) / (to - from) : null"""
CAMERA_PHOTO = {"classify": "chelsea", "pose": "astronaut_640x480", "face": "astronaut_640x480",
                "hands": "hands", "segment": "astronaut_640x480"}
POSE_MODELS = ("posenet", "movenet", "blazepose")
# the vision demos (issue 30): each model's loop row, against bench/baseline/<demo>.html; the
# address parameter that picks the model in the lab (?face=, ?hands=); the soak's model
VISION_MODELS = {"face": ("mesh", "irises"), "hands": ("lite", "full"), "segment": ("selfie",)}
MODEL_PARAM = {"pose": "pose", "face": "face", "hands": "hands"}
# the demos whose models follow the camera from frame to frame (lab.vision.detector): their
# plain-JS pages too (?tracking=1, as ml5's examples)
TRACKING = ("face", "hands")
SOAK = (("classify", None), ("pose", "movenet"), ("face", "mesh"), ("hands", "lite"),
        ("segment", "selfie"))
# backend label -> (server, tf backend)
BACKENDS = {"wasm": ("plain", "wasm"), "wasm+threads": ("isolated", "wasm"),
            "webgl": ("plain", "webgl"), "cpu": ("plain", "cpu")}
# Not a backend but the wasm pose loops with the camera captured once (bench/probe.js), both
# pages capturing as js/pixels.js does: the loop's cost without capture. Run when asked for.
NO_CAPTURE = "wasm-no-capture"
# The lab's models in a Web Worker (?worker=1) against the same plain-JS pages. Run when asked.
WORKER = "wasm-worker"
LOOP_ONLY = {NO_CAPTURE: ("plain", "wasm"), WORKER: ("plain", "wasm")}
# fps ratio: met unless its whole 90% interval is below 0.95 (a noisy ratio is judged by its
# interval). Loop: outside the model call, Python adds at most 2 ms a frame over the plain-JS loop
# (the plain-JS loop itself costs a quarter of a frame here, so a share of the model is no target).
TARGET_RATIO, TARGET_EXTRA_MS, TARGET_HEAP_MB = 0.95, 2.0, 10.0
# The model in a worker (issue 22): at least 1.10x the plain-JS fps by the 90% interval's lower
# bound (PoseNet, whose loop adds least around its model, 1.0x), long tasks on the page's thread
# at most 10% of the time, capture-to-drawn latency at most the plain-JS page's + 20 ms.
TARGET_WORKER_RATIO, TARGET_WORKER_BUSY, TARGET_WORKER_LATENCY_MS = 1.10, 0.10, 20.0
TARGET_WORKER_RATIO_BY_MODEL = {"posenet": 1.0}
SETTLE_S = 2.0  # after closing a page, before the next one is timed
SEGMENT_S = 0.8  # a turn of the interleaved loops (measure_interleaved)
PAGE_SETS = 4  # pairs of pages the turns of one loop are shared among (--page-sets)


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def loop_demos(asked: str | None, notes: list, models: str | None = None) -> list[tuple[str, list]]:
    """[(demo, its models)] to run loops for: those `asked` (comma-separated; default all) whose
    tab index.html has, with only the `models` named (comma-separated; default all). A vision
    demo without its tab yet is left out, with a note."""
    demos = [("classify", [None]), ("pose", list(POSE_MODELS))]
    demos += [(demo, list(models)) for demo, models in VISION_MODELS.items()]
    if models:
        kept = set(models.split(","))
        demos = [(demo, [m for m in ms if m is None or m in kept] or ms) for demo, ms in demos]
    if asked:
        wanted = set(asked.split(","))
        demos = [(demo, models) for demo, models in demos if demo in wanted]
    page = (ROOT / "index.html").read_text()
    kept = []
    for demo, models in demos:
        if f'id="demo-{demo}"' in page:
            kept.append((demo, models))
        else:
            notes.append(f"No {demo} rows: the page has no ?demo={demo} tab yet.")
    return kept
