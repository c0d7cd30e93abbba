"""A sketch's taught_motion (lab.teach.taught) checks the files it is given before TF.js reads
them, as the classify demo checks its ?model= (lab.layers.served): a model.json that lies about
its sizes allocates nothing, and the sketch's message names the file and what to do."""

import json

import pytest

from sketch_support import open_sketches

META = {"labels": ["side", "up and down"], "mode": "motion-pose", "windowSamples": 9,
        "sampleRate": 10, "windowFrames": 10, "inputShape": [10, 36]}
KERNEL = [36, 2]


def model_json(units: int) -> str:
    """A Sequential model of one Dense layer of `units`, listing a 36x2 kernel and its bias."""
    dense = {"class_name": "Dense", "config": {"name": "dense", "units": units,
                                                "batch_input_shape": [None, 10, 36]}}
    return json.dumps({
        "format": "layers-model",
        "modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [dense]}},
        "weightsManifest": [{"paths": ["motion.weights.bin"], "weights": [
            {"name": "dense/kernel", "shape": KERNEL, "dtype": "float32"},
            {"name": "dense/bias", "shape": [2], "dtype": "float32"}]}]})


SKETCH = """from lab.sketch.kit import Demo, taught_motion, tf
demo = Demo("sketch")
motion = await taught_motion(demo, "crafted-motion/motion.json")
"""


@pytest.mark.camera("astronaut")
def test_a_motion_model_whose_files_lie_about_their_sizes_is_refused_before_tfjs_builds_it(
        shared_app):
    app = open_sketches(shared_app)
    files = {"motion.json": model_json(300_000_000), "motion-metadata.json": json.dumps(META),
             "motion.weights.bin": bytes(4 * (36 * 2 + 2))}
    app.page.route("**/crafted-motion/*", lambda route: route.fulfill(
        status=200, content_type="application/octet-stream",
        body=files[route.request.url.rsplit("/", 1)[-1]]))
    try:
        app.page.click("#sketch-new")
        app.page.wait_for_selector("#sketch-code-notice:has-text('A new sketch')")
        before = app.stats()["numTensors"]
        for lie, said in ((None, "has a layer whose units is 300000000, not the size of any weight"),
                          ("short", "its weight files hold 100 bytes, where it declares 296")):
            if lie == "short":
                files.update({"motion.json": model_json(2), "motion.weights.bin": bytes(100)})
            app.page.evaluate("document.getElementById('sketch-message').textContent = ''")
            app.set_code("sketch", SKETCH)
            app.run_code("sketch")
            app.page.wait_for_function("document.getElementById('sketch-message').textContent")
            message = app.message("sketch")
            assert "The motion model motion.json cannot be used: " in message and said in message \
                and "Export the motion network from the teach demo again" in message, message
            assert app.stats()["numTensors"] == before
    finally:
        app.page.unroute("**/crafted-motion/*")
