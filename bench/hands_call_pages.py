"""The pages bench/hands_call.py opens and what it runs in them: the hands demo's lab page
(?demo=hands&worker=0) or its plain-JS page (bench/baseline/hands.html?tracking=1), lite, wasm,
warmed up and stopped at bench/probe.js's gate, with the package's model calls counted and marked.

    context, page = open_page(bench, "lab-bare")   # a kind: "lab", "plain" or a variant below
    loop_turn(page, 10)      # {"model_ms": [...], "calls": n, "palms": n, "landmarks": n}
    page.evaluate(SAME_CALL, [8])   # the same call in any page: {"times": [...], ...}

Variants: `plain+lab-js` (the lab's engine hooks, js/ownership.js and js/wasm_ranks.js, added
to the plain page, every tensor owned), `lab-no-hooks` (js/wasm_ranks.js served empty, the
ownership hooks taken off the engine), `lab-video-hidden` / `plain-video-shown` (the camera's
<video> on screen or not), `plain+trash` / `plain+garbage` (memory touched or JS garbage made
between two calls, untimed), `lab-no-overlay`, `lab-small-publish`, `lab-bare` (the hands
demo's code edited in its editor and run again: without the overlay, without the hands in the
result, or with nothing after the model but a minimal publish; `lab-gc-off`, `lab-gc-frozen`:
Python's cycle collector off, or the heap there is frozen out of it; `lab-edited`: edited
without a change, their base).
"""

from pages import url_for, wait_frames

# counts what the package runs: estimateHands calls, palm-detector and landmark model runs
COUNTERS = r"""(() => {
  const diag = window.__diag = {calls: 0, palms: 0, landmarks: 0, inputs: {}};
  const wrap = () => {
    const lib = window.handPoseDetection;
    if (!lib || lib.__diag) return;
    lib.__diag = true;
    const create = lib.createDetector;
    lib.createDetector = async function (...args) {
      const detector = await create.apply(this, args);
      const estimate = detector.estimateHands;
      detector.estimateHands = function (image, config) {
        diag.calls++;
        const key = image && image.shape ? `${image.shape.join("x")} ${image.dtype}` : String(image);
        diag.inputs[key] = (diag.inputs[key] || 0) + 1;
        diag.config = JSON.stringify(config);
        if (window.__hcBefore) window.__hcBefore();  // a variant's work between two calls
        performance.mark("hc-start");
        return estimate.call(this, image, config).finally(() => performance.mark("hc-end"));
      };
      const palm = detector.detectorModel, hand = detector.landmarkModel;
      const predict = palm.predict.bind(palm), execute = hand.execute.bind(hand);
      palm.predict = (...a) => { diag.palms++; return predict(...a); };
      hand.execute = (...a) => { diag.landmarks++; return execute(...a); };
      return detector;
    };
  };
  document.addEventListener("load", (e) => { if (e.target.tagName === "SCRIPT") wrap(); }, true);
  document.addEventListener("DOMContentLoaded", wrap);
})();"""

ENVIRONMENT = """() => ({backend: tf.getBackend(), version: tf.version.tfjs,
  threads: tf.wasm.getThreadsCount(), isolated: crossOriginIsolated,
  flags: tf.env().getFlags(), engine_own: Object.keys(tf.engine()).filter(
    k => typeof tf.engine()[k] === "function"),
  tensors: tf.memory().numTensors, wasm_bytes: tf.memory().numBytes,
  heap_mb: performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1e5) / 10 : null,
  videos: [...document.querySelectorAll("video")].map(v => `${v.videoWidth}x${v.videoHeight}`)})"""

# the same call in every page: a detector of its own, the lab's options, one kept camera frame
SAME_CALL = """async ([calls]) => {
  const lib = window.handPoseDetection, root = location.origin + "/vendor/models/hands/";
  if (!window.__same) {
    const detector = await lib.createDetector(lib.SupportedModels.MediaPipeHands, {
      runtime: "tfjs", modelType: "lite", maxHands: 2, detectorModelUrl: root + "handdetect.json",
      landmarkModelUrl: root + "handlandmark-lite.json"});
    const video = [...document.querySelectorAll("video")].find(v => v.videoWidth > 0);
    const frame = tf.keep(tf.browser.fromPixels(video));
    window.__same = {detector, frame, sum: tf.sum(frame).dataSync()[0]};
    for (let i = 0; i < 3; i++) await detector.estimateHands(frame, {flipHorizontal: false});
  }
  const {detector, frame, sum} = window.__same, times = [];
  let hands = null;
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    hands = await detector.estimateHands(frame, {staticImageMode: false, flipHorizontal: false});
    times.push(performance.now() - start);
  }
  return {times, hands: hands.length, sum};
}"""


NO_HOOKS = """() => { const e = tf.engine();
  for (const k of ["trackTensor", "disposeTensor", "makeVariable"]) delete e[k]; }"""
# variants: the camera's <video> playing on screen or not (the lab shows it under its canvas;
# the plain page keeps it hidden and p5 draws its frames)
SETUP = {
    "lab-video-hidden": "() => { document.querySelector('#hands-stage video').style.visibility"
                        " = 'hidden'; }",
    "plain-video-shown": "() => { const v = document.querySelector('video'); v.hidden = false;"
                         " v.style.cssText = 'position:absolute;left:0;top:0;width:640px'; }",
}
# variants of the lab: its hands demo's code edited in the page's editor and run again
EDITS = {
    "lab-no-overlay": [("    overlay.show(shown, frame)\n", "")],
    "lab-small-publish": [("hands=shown, recording=recorder.status)", "hands=[], recording=None)")],
    "lab-bare": [("        frame.done()\n", "        frame.done()\n        demo.publish(frame=stage.meter."
                  "frames, model=model.name, ms=round(frame.ms, 1), where=model.where)\n"
                  "        continue\n")],
    # Python's cycle collector (incremental in 3.14.0: each young collection also walks a slice
    # of the old objects) off, or the objects there are at the demo's start frozen out of it;
    # `lab-edited` runs the code edited without a change, the fair base for the two
    "lab-edited": [("from lab import Demo\n", "from lab import Demo\n\n")],
    "lab-gc-off": [("from lab import Demo\n", "from lab import Demo\nimport gc\ngc.disable()\n")],
    "lab-gc-frozen": [("from lab import Demo\n", "from lab import Demo\nimport gc\ngc.freeze()\n")],
}
EDIT = """([edits]) => { const cm = document.querySelector('#hands-editor .CodeMirror').CodeMirror;
  let code = cm.getValue();
  for (const [old, now] of edits) {
    if (!code.includes(old)) throw new Error('not in the code: ' + old);
    code = code.replace(old, now);
  }
  cm.setValue(code); }"""
# variants of the plain page: work between two calls, not timed
BEFORE = {
    # read and write 32 MB: what the model reads next is no longer in the CPU's caches
    "plain+trash": """() => { const big = new Float64Array(4 << 20);
      window.__hcBefore = () => { for (let i = 0; i < big.length; i += 8) big[i] += 1; }; }""",
    # 30,000 small objects a frame, as a page's bridge and JSON make: more GC during calls
    "plain+garbage": """() => { window.__hcKeep = [];
      window.__hcBefore = () => { const made = [];
        for (let i = 0; i < 30000; i++) made.push({x: i, y: [i, String(i)]});
        window.__hcKeep.push(made); if (window.__hcKeep.length > 20) window.__hcKeep.shift(); }; }""",
}
LAB_JS = ("js/ownership.js", "js/wasm_ranks.js")


def open_page(bench, kind: str):
    python = kind.startswith("lab")
    context = bench.browser("hands").new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COUNTERS)
    if kind == "lab-no-hooks":
        context.route("**/js/wasm_ranks.js", lambda route: route.fulfill(
            body="", content_type="text/javascript"))
    page = bench.new_page(context)
    page.goto(url_for(bench.server("plain"), python, "hands", "wasm", "lite"))
    wait_frames(page, 8, "lite", 240)
    if kind == "plain+lab-js":
        for script in LAB_JS:
            page.add_script_tag(url=f"/{script}")
        page.evaluate("labTensors.owner = 'bench'")  # every tensor noted, as in a demo's step
    if kind == "lab-no-hooks":
        page.evaluate(NO_HOOKS)
    if kind in BEFORE:
        page.evaluate(BEFORE[kind])
    if kind in SETUP:
        page.evaluate(SETUP[kind])
    if kind in EDITS:
        page.evaluate(EDIT, [EDITS[kind]])
        seen = len(page.evaluate("window.__bench.frames"))
        page.click("#hands-code-run")
        wait_frames(page, seen + 12, "lite", 240)
    wait_frames(page, 12, "lite", 240)
    page.evaluate("window.__bench.gate.close()")
    return context, page


def loop_turn(page, frames: int) -> dict:
    before = page.evaluate("({...window.__diag})")
    published = page.evaluate("([n]) => window.__bench.gate.run(n, 60000)", [frames])
    after = page.evaluate("({...window.__diag})")
    return {"model_ms": [f["model_ms"] for f in published[1:]],
            **{k: after[k] - before[k] for k in ("calls", "palms", "landmarks")}}

