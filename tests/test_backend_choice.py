"""?backend=auto, the default: the backend picked by measuring where a hardware GPU exists.

This machine has none (WebGL is SwiftShader, WebGPU gives no adapter): auto rules the software
GPU out with no trial and runs wasm. `&trial=1` forces the trial anyway, as a GPU would: the
pose model is timed on the fake camera's frames on wasm and on SwiftShader's WebGL (webgpu is
registered but cannot start: skipped with a note), wasm is kept and remembered.
"""

import pytest

from lab.core.backend_choice import TRAINING_KERNELS

# the kernels a fit of the regression's model and of teach's network runs, on this page's TF.js
FIT_KERNELS = """async () => {
  const used = new Set();
  const fit = async (layers, xs, ys, compile) => {
    const model = tf.sequential({layers});
    model.compile(compile);
    const info = await tf.profile(() => model.fit(xs, ys, {epochs: 2, batchSize: 4,
                                                           validationSplit: 0.25, verbose: 0}));
    info.kernelNames.filter((name) => !name.endsWith("__op")).forEach((name) => used.add(name));
    model.optimizer.dispose();
    model.dispose();
    tf.dispose([xs, ys]);
  };
  await fit([tf.layers.dense({units: 1, inputShape: [1]})], tf.ones([8, 1]), tf.ones([8, 1]),
            {loss: "meanSquaredError", optimizer: tf.train.sgd(0.01)});
  await fit([tf.layers.dense({units: 16, activation: "relu", inputShape: [8]}),
             tf.layers.dense({units: 3, activation: "softmax"})],
            tf.randomNormal([8, 8]), tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], "int32"), 3),
            {optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy"});
  return [...used].sort();
}"""
MISSING = """(kernels) => Object.fromEntries(Object.keys(tf.engine().registryFactory).map(
    (backend) => [backend, kernels.filter((name) => !tf.getKernel(name, backend))]))"""

MEASURED = "r.backend_choice && Object.keys(r.backend_choice.times_ms).length >= 2"
BACKENDS_STARTED = "Object.keys(tf.engine().registry).sort()"


def assert_trial_kept_wasm(choice: dict):
    assert choice["mode"] == "auto" and choice["chosen"] == "wasm", choice
    times = choice["times_ms"]
    assert set(times) == {"wasm", "webgl"} and 0 < times["wasm"] < times["webgl"], choice
    # webgpu is registered (navigator.gpu exists) but has no adapter here: it fails to start
    assert choice["reason"].startswith(f"wasm: {times['wasm']:.0f} ms a frame; webgl "), choice
    assert "webgpu skipped" in choice["reason"], choice


@pytest.mark.camera("astronaut_640x480")
def test_auto_without_a_gpu_runs_wasm_at_once_and_says_why(app):
    app.open(demo="pose", query="pose=movenet")
    result = app.wait_result("pose", "r.frame >= 2 && r.backend_choice", timeout=90_000)
    choice = result["backend_choice"]
    assert choice == {"mode": "auto", "chosen": "wasm", "times_ms": {},
                      "reason": "wasm: no hardware GPU found (WebGL is software: SwiftShader; "
                                "no WebGPU adapter)"}, choice
    assert app.stats()["backend_choice"] == choice
    # no trial: no other backend was ever started
    assert app.page.evaluate(BACKENDS_STARTED) == ["wasm"]
    assert app.page.text_content("#backend") == "wasm"
    assert "no hardware GPU found" in app.page.text_content("#backend-why")
    assert not app.page.is_visible("#backend-measure")
    # plain http.server: not isolated, so wasm's single-threaded build (tools/serve.py's test)
    assert not app.page.evaluate("crossOriginIsolated")
    loaded = [url.split("/", 3)[-1] for url in app.guards.requests]
    assert "vendor/tfjs-backend-wasm/tfjs-backend-wasm-simd.wasm" in loaded
    # the probe on its own, as auto ran it: a software WebGL, no WebGPU adapter (its cost is
    # the bench's to measure, not a test's)
    probe = app.page.evaluate("labGpuProbe()")
    assert not probe["webgpu"]["present"], probe
    assert probe["webgl"]["caveat"] or "SwiftShader" in probe["webgl"]["renderer"], probe
    assert "wasm" in probe["registered"], probe

    # training: lab.core.backend_choice's list is what a fit runs; every backend here has it all
    # (webgpu's script loads only where it may run: loaded here to read its kernels, though this
    # machine has no adapter for it)
    assert set(app.page.evaluate(FIT_KERNELS)) <= set(TRAINING_KERNELS)
    assert "webgpu" not in probe["registered"], probe
    app.page.evaluate("labLoadScripts('tfjs-backend-webgpu')")
    missing = app.page.evaluate(MISSING, list(TRAINING_KERNELS))
    assert missing == {"wasm": [], "webgl": [], "webgpu": [], "cpu": []}, missing


@pytest.mark.camera("astronaut_640x480")
def test_forced_trial_measures_keeps_wasm_remembers_and_measures_again(app):
    app.open(demo="pose", query="pose=movenet&backend=auto&trial=1")
    result = app.wait_result("pose", MEASURED, timeout=120_000)
    first = result["backend_choice"]
    assert_trial_kept_wasm(first)
    assert app.page.evaluate("tf.getBackend()") == "wasm"
    assert app.stats()["backend_choice"] == first
    assert app.page.text_content("#backend") == "wasm"
    assert app.page.is_visible("#backend-measure")
    # poses kept coming on every backend during the trial, and after it
    later = app.wait_result("pose", f"r.frame >= {result['frame'] + 2}")
    assert later["poses"][0]["score"] > 0.3

    # reload: the choice for this model and GPU is remembered, no trial
    app.page.reload()
    app.wait_ready()
    again = app.wait_result("pose", "r.frame >= 3 && r.backend_choice", timeout=90_000)
    remembered = again["backend_choice"]
    assert remembered["chosen"] == "wasm" and remembered["times_ms"] == first["times_ms"]
    assert remembered["reason"].endswith("(measured before)"), remembered
    assert app.page.evaluate(BACKENDS_STARTED) == ["wasm"]

    # Measure again runs the trial once more
    app.page.click("#backend-measure")
    app.wait_result("pose", "r.backend_choice.reason.startsWith('measuring')", timeout=30_000)
    measured = app.wait_result("pose", MEASURED + " && !r.backend_choice.reason.includes('before')",
                               timeout=120_000)["backend_choice"]
    assert_trial_kept_wasm(measured)
    assert "webgl" in app.page.evaluate(BACKENDS_STARTED)

    # teach times its features model (MoveNet's keypoints here) the same way
    app.page.click("#tab-teach")
    app.page.select_option("#teach-mode", "poses")
    taught = app.wait_result("teach", "r.mode === 'poses' && " + MEASURED, timeout=180_000)
    assert_trial_kept_wasm(taught["backend_choice"])


@pytest.mark.camera("astronaut_640x480")
def test_forced_trial_runs_in_the_model_worker(app):
    """The default: the page's thread first, then the worker, where the trial runs (WebGL on
    an OffscreenCanvas); the page's own engine never leaves wasm."""
    app.open(demo="pose", query="pose=movenet&trial=1", worker=None)
    result = app.wait_result("pose", f"r.where === 'worker' && {MEASURED}", timeout=120_000)
    assert_trial_kept_wasm(result["backend_choice"])
    assert app.page.evaluate(BACKENDS_STARTED) == ["wasm"]
    later = app.wait_result("pose", f"r.frame >= {result['frame'] + 2}")
    assert later["where"] == "worker" and later["poses"][0]["score"] > 0.3
    assert app.stats()["workers"] == 1


def test_asking_for_webgpu_without_an_adapter_falls_back_and_says_so(app):
    """Asked for, TF.js's webgpu backend loads (navigator.gpu exists), but cannot start
    without an adapter: the page says so, runs wasm, and measures nothing."""
    app.open(backend="webgpu")
    assert "webgpu" in app.page.evaluate("Object.keys(tf.engine().registryFactory)")
    message = app.page.text_content("#app-message")
    assert "The webgpu backend could not start in this browser; using wasm instead." in message
    assert app.stats()["backend_choice"] == {"mode": "asked", "chosen": "wasm", "times_ms": {},
                                             "reason": "wasm: webgpu could not start"}
    assert app.page.text_content("#backend") == "wasm"
    assert app.page.evaluate("tf.getBackend()") == "wasm"
    assert app.result("tensors")["add"] == [11, 22, 33, 44]
