"""The progress lines while the page boots (js/boot.js): one per stage, and a failure names its
stage, the file and what to do."""

import pytest


def lines(app, stage: str) -> list[str]:
    return [e["text"] for e in app.page.evaluate("labBoot.log") if e["stage"] == stage]


@pytest.mark.camera("astronaut_640x480")
def test_each_stage_has_its_progress_line(app):
    app.open(demo="pose")
    app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    python = lines(app, "python")
    assert python[0].startswith("Python: ")
    assert any(" of " in t and t.endswith(" MB") for t in python), python
    assert python[-1].endswith("MB, started"), python
    assert lines(app, "backend")[-1] == "TF.js backend: wasm"
    model = lines(app, "model")
    assert model and model[-1].startswith("Model: ") and model[-1].endswith("MB, loaded"), model
    done, total = model[-1].removeprefix("Model: ").split(" MB")[0].split(" of ")
    assert done == total and float(total) > 1
    assert app.page.get_attribute("#boot-progress", "data-failed") is None
    assert app.page.locator(".code-panel pre.code-preview").count() == 0  # editors in their place
    # a screen reader hears each stage once (a status line), not every megabyte
    assert app.page.get_attribute("#boot-progress", "aria-live") is None
    assert app.page.text_content("#boot-said") in [line for stage in ("python", "backend", "model")
                                                    for line in lines(app, stage)]


def test_a_python_file_that_does_not_load_names_the_stage_and_what_to_do(app):
    app.guards.allow_console_error(r"404|pyodide|Pyodide|WebAssembly|wasm")
    app.page.route("**/vendor/pyodide/pyodide.asm.wasm",
                   lambda route: route.fulfill(status=404, body="not found"))
    app.page.goto(app.server + "/?demo=tensors")
    app.page.wait_for_function("document.getElementById('boot-progress').dataset.failed",
                               timeout=60_000)
    assert app.page.get_attribute("#boot-progress", "data-failed") == "python"
    said = app.page.text_content("#boot-python")
    assert said.startswith("Python failed: vendor/pyodide/pyodide.asm.wasm could not be loaded "
                           "(the server answered 404)"), said
    assert "./lab serve" in said
    assert app.page.is_visible("#boot-python")
    assert app.page.text_content("#boot-alert") == said  # said at once (role=alert)
    # the demo's code can still be read: it is shown while Python starts, until its editor
    assert "from lab import Demo" in app.page.text_content("#tensors-code pre.code-preview")
    assert "read-only until Python has started" in app.page.text_content("#tensors-code")


@pytest.mark.camera("astronaut_640x480")
def test_a_model_file_that_does_not_load_names_the_model_stage(app):
    app.guards.allow_console_error(r"404")
    app.page.route("**/vendor/models/posenet/posenet.bin",
                   lambda route: route.fulfill(status=404, body="not found"))
    app.open(demo="pose")
    app.page.wait_for_function("document.getElementById('boot-progress').dataset.failed === 'model'",
                               timeout=60_000)
    said = app.page.text_content("#boot-model")
    assert said.startswith("Model failed: vendor/models/posenet/posenet.bin could not be loaded "
                           "(the server answered 404)"), said



# When each script was asked for, against the moment the page became ready (data-ready).
SCRIPT_TIMES = """() => {
    const asked = {};
    for (const e of performance.getEntriesByType("resource"))
        for (const name of ["p5.min.js", "pose-detection.min.js"])
            if (e.name.endsWith("/" + name)) asked[name] = e.startTime;  // not hand-pose-detection
    return {asked, ready: window.readyAt};
}"""
RECORD_READY = """new MutationObserver(() => {
    if (document.documentElement.dataset.ready === "1" && window.readyAt === undefined)
        window.readyAt = performance.now();
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-ready"]});"""


@pytest.mark.camera("astronaut_640x480")
def test_the_core_api_tab_does_not_wait_for_p5_or_pose_detection(app):
    app.page.add_init_script(RECORD_READY)
    app.open()
    app.page.wait_for_function("typeof p5 === 'function' && window.poseDetection !== undefined")
    times = app.page.evaluate(SCRIPT_TIMES)
    # asked for after the page was ready (in the background, for the other tabs)
    assert times["asked"]["p5.min.js"] > times["ready"], times
    assert times["asked"]["pose-detection.min.js"] > times["ready"], times
    # a camera demo opened first has them before it is ready
    app.open(demo="pose")
    app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    times = app.page.evaluate(SCRIPT_TIMES)
    assert max(times["asked"].values()) < times["ready"], times


@pytest.mark.camera("astronaut_640x480")
def test_a_script_a_demo_needs_that_does_not_load_is_said_in_that_demo(app):
    app.guards.allow_console_error(r"404|p5\.min\.js")
    app.page.route("**/vendor/p5/p5.min.js", lambda route: route.fulfill(status=404, body="gone"))
    app.open()
    app.page.click("#tab-pose")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=60_000)
    said = app.message("pose")
    assert "p5.js did not load: vendor/p5/p5.min.js could not be loaded" in said, said
    assert "./lab serve" in said
    # the rest of the page works
    app.page.click("#tab-tensors")
    app.page.fill("#tensors-a", "[1, 2]")
    app.page.fill("#tensors-b", "[3, 4]")
    app.page.select_option("#tensors-op", "add")
    app.page.click("#tensors-run")
    assert app.wait_result("tensors", "r.playground && r.playground.result")["playground"][
        "result"] == [4, 6]


@pytest.mark.camera("astronaut_640x480")
@pytest.mark.parametrize("library, file, answer", [
    ("p5.js", "vendor/p5/p5.min.js", "missing"),
    ("pose-detection", "vendor/pose-detection/pose-detection.min.js", "damaged")])
def test_a_library_the_first_demo_needs_that_does_not_load_is_named(app, library, file, answer):
    """Issue 34, item 15: opened first (?demo=pose), the demo loads its libraries at boot; one
    that fails is named with its file and what to do, not as a Python AttributeError."""
    app.guards.allow_console_error(r"404")
    reply = {"status": 404, "body": "gone"} if answer == "missing" else {
        "status": 200, "body": "// cut short", "content_type": "text/javascript"}
    app.page.route(f"**/{file}", lambda route: route.fulfill(**reply))
    app.open(demo="pose")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=60_000)
    said = app.message("pose")
    why = "could not be loaded" if answer == "missing" else "ran but did not define it"
    assert f"{library} did not load: {file} {why}" in said, said
    assert "./lab serve" in said and "AttributeError" not in said
    assert app.console_errors("pose") == []


def test_without_tensorflow_js_the_page_names_it_and_stops_cleanly(app):
    """No demo runs without TensorFlow.js. The page says which file and what to do, and Python
    stops before the app, with no traceback."""
    # the scripts that build on TF.js fail too: the line under the header says why
    app.guards.allow_console_error(r"404|tfjs|'tf'|'engine'|RowPartitionType|tf\.|tf is not")
    app.page.route("**/vendor/tfjs/tf.es2017.min.js", lambda route: route.fulfill(status=404, body="gone"))
    app.page.goto(app.server + "/?demo=tensors")
    app.page.wait_for_function("document.getElementById('boot-status').textContent.startsWith("
                               "'Stopped')", timeout=60_000)
    assert app.page.get_attribute("#boot-progress", "data-failed") == "libraries"
    said = app.page.text_content("#boot-libraries")
    assert said.startswith("TensorFlow.js did not load: vendor/tfjs/tf.es2017.min.js could not "
                           "be loaded"), said
    assert "./lab serve" in said and app.page.is_visible("#boot-libraries")
    assert app.page.text_content("#boot-status") == "Stopped: a library did not load"


def test_an_own_script_that_does_not_load_is_named_and_the_rest_works(app):
    """The lab's own js/pixels.js (the pose demo's camera input) missing: said at once, with
    what to do; the page still starts and the Core API tab works."""
    app.guards.allow_console_error(r"404")
    app.page.route("**/js/pixels.js", lambda route: route.fulfill(status=404, body="gone"))
    app.open()
    said = app.page.text_content("#boot-libraries")
    assert said.startswith("js/pixels.js could not be loaded (the server answered 404): the lab's "
                           "own files are incomplete"), said
    assert app.page.get_attribute("#boot-progress", "data-failed") == "libraries"
    assert app.result("tensors")["add"] == [11, 22, 33, 44]
