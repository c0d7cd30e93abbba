"""The pose demo's models: picking, loading, failing to load (the model files), the address."""

import pytest

from pose_support import RECORD_MESSAGES, pick_model


@pytest.mark.camera("astronaut_640x480")
def test_a_model_that_cannot_load_says_so_and_the_last_one_keeps_running(app):
    app.guards.allow_console_error(r"status of 404")
    app.page.route("**/movenet-lightning.json", lambda route: route.fulfill(status=404, body="gone"))
    app.open(demo="pose")
    app.wait_result("pose", "r.model === 'posenet' && r.frame >= 1", timeout=90_000)
    app.page.select_option("#pose-model", "movenet")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=60_000)
    message = app.message("pose")
    assert "Could not load MoveNet SinglePose Lightning" in message
    assert "vendor/models/movenet-lightning/movenet-lightning.json" in message and "./lab serve" in message
    assert app.page.text_content("#pose-status") == "Model loaded: PoseNet (MobileNetV1)"
    assert app.page.input_value("#pose-model") == "posenet"
    frame = app.result("pose")["frame"]
    result = app.wait_result("pose", f"r.frame >= {frame + 2}")  # PoseNet still runs
    assert result["model"] == "posenet"
    # another model loads, and the message goes
    pick_model(app, "blazepose", after_frames=1)
    assert app.message("pose") == ""
    assert app.page.text_content("#pose-status") == "Model loaded: BlazePose lite"


@pytest.mark.camera("astronaut_640x480")
def test_when_the_default_model_cannot_load_another_can_be_picked(app):
    app.guards.allow_console_error(r"status of 404")
    asked = []
    app.page.route("**/posenet/posenet.json",
                   lambda route: (asked.append(route.request.url), route.fulfill(status=404, body="gone")))
    app.open(demo="pose")
    app.page.wait_for_selector("#pose-status:has-text('No model loaded')", timeout=60_000)
    assert "Could not load PoseNet (MobileNetV1)" in app.message("pose")
    app.page.wait_for_timeout(1000)
    assert len(asked) == 1  # said once, not retried in a loop
    result = pick_model(app, "movenet", after_frames=1)
    assert result["poses"] and app.message("pose") == ""


FRAMES_IN_ORDER = """(n) => new Promise(done => {
    const el = document.getElementById('pose-result'); const frames = [];
    const observer = new MutationObserver(() => {
        const r = JSON.parse(el.textContent);
        if (r.frame !== undefined && r.frame !== frames[frames.length - 1]) frames.push(r.frame);
        if (frames.length >= n) { observer.disconnect(); done(frames); }
    });
    observer.observe(el, {childList: true, characterData: true, subtree: true});
})"""


@pytest.mark.camera("astronaut_640x480")
def test_running_the_code_again_keeps_one_loop_one_camera_and_no_leak(app):
    app.open(demo="pose")
    first = app.wait_result("pose", "r.model === 'posenet' && r.frame >= 2", timeout=90_000)
    for _ in range(3):  # the editor's Run: the same script again, as edited code runs
        app.run_code("pose")  # from here on, #pose-result is the new run's
        result = app.wait_result("pose", "r.model === 'posenet' && r.frame >= 2", timeout=90_000)
        assert result["tensors"] == first["tensors"]  # the last run's model was freed
    assert app.page.locator("#pose-stage canvas").count() == 1
    assert app.page.locator("#pose-stage video").count() == 1
    # one loop: each frame number once, in order (two loops would interleave their counts)
    frames = app.page.evaluate(FRAMES_IN_ORDER, 6)
    assert frames == list(range(frames[0], frames[0] + 6))


@pytest.mark.camera("astronaut_640x480")
def test_a_model_picked_while_another_loads_is_the_one_that_runs(app):
    app.open(demo="pose")
    app.wait_result("pose", "r.model === 'posenet' && r.frame >= 1", timeout=90_000)
    app.page.select_option("#pose-model", "movenet")
    app.page.select_option("#pose-model", "blazepose")  # before MoveNet has finished loading
    result = app.wait_result("pose", "r.model === 'blazepose' && r.frame >= 2", timeout=90_000)
    assert app.page.input_value("#pose-model") == "blazepose"
    assert result["poses"]


@pytest.mark.camera("astronaut_640x480")
def test_the_address_can_pick_the_first_model(app):
    app.open(demo="pose", query="pose=movenet")
    result = app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    assert result["model"] == "movenet" and result["poses"]
    assert app.page.input_value("#pose-model") == "movenet"

    app.page.add_init_script(RECORD_MESSAGES)
    app.open(demo="pose", query="pose=openpose" + "x" * 300)  # echoed bounded: 36 characters and its length
    result = app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    assert result["model"] == "posenet"
    said = [text for text in app.page.evaluate("window.messagesSeen") if "openpose" in text]
    assert said and f"Unknown pose model 'openpose{'x' * 22}…xxxxx' (308 characters)" in said[0]
    assert "movenet" in said[0]
    # once the model runs, that note about the address is over: it does not stay on show
    app.page.wait_for_function("document.getElementById('pose-message').textContent === ''")


@pytest.mark.camera("astronaut_640x480")
def test_a_model_address_on_another_site_is_refused_before_any_request(app):
    """A pose model's URL (here one the page's own code points at a hub) must be on this server."""
    app.open(demo="pose")
    app.wait_result("pose", "r.model === 'posenet' && r.frame >= 1", timeout=90_000)
    code = app.code("pose").replace(
        "from lab.pose.models import DEFAULT_MODEL, MODELS\n",
        "from lab.pose.models import DEFAULT_MODEL, MODELS, ModelChoice\n"
        "MODELS['movenet'] = ModelChoice('MoveNet from a hub', 'MoveNet', (), {\n"
        "    'modelType': 'SinglePose.Lightning',\n"
        "    'modelUrl': 'https://tfhub.example/movenet/model.json'})\n")
    assert "tfhub.example" in code, "the demo's imports changed"
    app.set_code("pose", code)
    app.run_code("pose")
    app.wait_result("pose", "r.model === 'posenet' && r.frame >= 1", timeout=90_000)
    app.page.select_option("#pose-model", "movenet")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=90_000)
    message = app.message("pose")
    assert "Could not load MoveNet from a hub" in message and "modelUrl" in message
    assert "'https://tfhub.example/movenet/model.json' is on another site (tfhub.example)" in message
    assert "vendor/models/" in message and ".." not in message
    # PoseNet goes on; and the harness saw no request leave the page (it fails the test if one did)
    frame = app.result("pose")["frame"]
    app.wait_result("pose", f"r.model === 'posenet' && r.frame > {frame}", timeout=90_000)
    assert app.page.input_value("#pose-model") == "posenet"


# --- the model files -----------------------------------------------------------------
@pytest.mark.camera("astronaut_640x480")
def test_corrupt_pose_model_names_its_files_and_another_model_still_runs(app, guards):
    guards.allow_console_error(r".")  # the failed load logs its own error; the page must say it
    app.page.route("**/models/posenet/posenet.bin",
                   lambda route: route.fulfill(status=200, body=b"\x00garbage" * 64,
                                               content_type="application/octet-stream"))
    app.open(demo="pose")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=90_000)
    message = app.message("pose")
    assert "Could not load PoseNet" in message and "vendor/models/posenet/posenet.json" in message
    assert "./lab serve" in message

    app.page.select_option("#pose-model", "movenet")
    result = app.wait_result("pose", "r.model === 'movenet' && r.frame >= 2", timeout=90_000)
    assert result["poses"][0]["score"] > 0.3
    app.page.click("#tab-tensors")
    assert app.result("tensors")["add"] == [11, 22, 33, 44]


@pytest.mark.camera("astronaut_640x480")
def test_a_model_that_failed_to_load_is_not_downloaded_again_and_again(app, guards):
    guards.allow_console_error(r".")
    app.page.route("**/models/posenet/posenet.bin",
                   lambda route: route.fulfill(status=200, body=b"\x00garbage" * 64,
                                               content_type="application/octet-stream"))
    app.open(demo="pose")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=90_000)
    app.page.wait_for_timeout(8_000)
    fetched = [url for url in app.guards.requests if url.endswith("/posenet/posenet.bin")]
    assert len(fetched) <= 2, f"posenet.bin fetched {len(fetched)} times in 8 s"  # + preload
    assert app.page.text_content("#pose-status") == "No model loaded"


@pytest.mark.camera("astronaut_640x480")
def test_missing_file_of_a_picked_model_keeps_the_running_one(app, guards):
    guards.allow_console_error(r"404|Failed to load|Request to")
    app.page.route("**/models/blazepose/blazepose-lite.json",
                   lambda route: route.fulfill(status=404, body="not found"))
    app.open(demo="pose")
    before = app.wait_result("pose", "r.model === 'posenet' && r.frame >= 2", timeout=90_000)
    app.page.select_option("#pose-model", "blazepose")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=90_000)
    message = app.message("pose")
    assert "Could not load BlazePose lite" in message
    assert "vendor/models/blazepose/blazepose-lite.json" in message
    # the picker goes back to the model that works, and it keeps running
    assert app.page.input_value("#pose-model") == "posenet"
    frame = app.result("pose")["frame"]
    later = app.wait_result("pose", f"r.model === 'posenet' && r.frame >= {frame + 3}")
    assert later["frame"] > before["frame"]
    # BlazePose's first model was never loaded, so none of its tensors stay behind
    assert later["tensors"] == before["tensors"]
