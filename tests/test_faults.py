"""What goes wrong, on purpose: the camera, the model files, the address, the frame loop.

Each fault must end in a clear message in the page (what happened, what to
do) while the rest of the app keeps working, and nothing may leak: no second
loop, no flood of errors, no growing tensor count. Cases covered elsewhere are
not repeated here: no camera at all (test_classify.py, test_pose.py: the
`camera("none")` tests), the classifier's camera denied and missing
model.json (test_classify.py), unknown ?backend= and ?demo= on their own
(test_shell.py).

The 2,000-frame soak is marked `soak`: `pytest -m "not soak"` leaves it out.
"""

import contextlib
import time

import pytest

from camera import y4m_from_photo
from conftest import CHROMIUM, PHOTOS, QUIET_FLAGS, App, Guards, screenshot


# --- helpers -----------------------------------------------------------------------
def edited(source: str, anchor: str, insert: str) -> str:
    """`source` with `insert` (indented like `anchor`'s line) right after the line `anchor`."""
    assert source.count(anchor) == 1, f"the demo's code changed: {anchor!r} not found once"
    indent = anchor[:len(anchor) - len(anchor.lstrip())]
    body = "".join(f"{indent}{line}\n" for line in insert.splitlines())
    return source.replace(anchor, anchor + body)


@contextlib.contextmanager
def guarded_app(browser, server, **context_options):
    """An App on its own context of `browser`, with the same guards as the `app` fixture."""
    guards = Guards(server)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    page = guards.watch(context)
    try:
        yield App(page, server, guards)
    except BaseException:
        screenshot(page, "test_faults_guarded_app")
        raise
    finally:
        context.close()
    problems = guards.problems()
    if problems:
        pytest.fail("The page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture(scope="module")
def camera_asking_browser(playwright_instance, tmp_path_factory):
    """A camera is there, but the permission prompt is answered "Block" (no fake-UI flag)."""
    y4m = y4m_from_photo(PHOTOS / "astronaut_640x480.png", tmp_path_factory.mktemp("camera"))
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=QUIET_FLAGS + ["--use-fake-device-for-media-stream", "--deny-permission-prompts",
                            f"--use-file-for-fake-video-capture={y4m}"])
    yield browser
    browser.close()


# Chromium's fake camera can be opened by any number of pages at once, so "busy"
# cannot happen for real in this browser; this makes getUserMedia fail the first
# time exactly as Chrome does when another app holds the camera on Windows or Linux.
CAMERA_BUSY_ONCE = """
    const media = navigator.mediaDevices, real = media.getUserMedia.bind(media);
    let calls = 0;
    media.getUserMedia = (constraints) => ++calls === 1
        ? Promise.reject(new DOMException("Could not start video source", "NotReadableError"))
        : real(constraints);
"""


# --- the camera ----------------------------------------------------------------------
def test_pose_camera_denied_says_how_to_allow_it_and_photos_still_work(camera_asking_browser,
                                                                       server):
    with guarded_app(camera_asking_browser, server) as app:
        app.open(demo="pose")
        app.page.wait_for_selector("#pose-message.error", state="visible", timeout=90_000)
        message = app.message("pose")
        assert "Camera access was denied" in message and "Use camera" in message
        app.page.click("#pose-samples button[data-sample='astronaut']")
        result = app.wait_result("pose", "r.source === 'image' && r.frame >= 1", timeout=90_000)
        assert result["poses"] and result["poses"][0]["score"] > 0.3
        assert app.page.evaluate("document.querySelectorAll('video').length") == 0
        assert app.stats()["demos"]["pose"]["tasks"] == 1  # one loop, waiting for a new source


@pytest.mark.camera("astronaut_640x480")
def test_camera_busy_says_so_and_use_camera_tries_again(app):
    app.page.add_init_script(CAMERA_BUSY_ONCE)
    app.open(demo="pose")
    app.page.wait_for_selector("#pose-message.error", state="visible")
    message = app.message("pose")
    assert "camera is busy" in message and "close other apps" in message

    # the other app lets go: "Use camera" now gets it, and the error goes away
    app.page.click("#pose-camera")
    result = app.wait_result("pose", "r.source === 'camera' && r.frame >= 2", timeout=90_000)
    assert (result["width"], result["height"]) == (640, 480)
    assert app.message("pose") == ""


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


@pytest.mark.camera("chelsea")
def test_corrupt_classifier_weights_are_explained_and_the_page_keeps_working(app, guards):
    guards.allow_console_error(r".")  # ml5 logs the failed load itself
    app.page.route("**/models/efficientnet-lite0/group1-shard2of3.bin",
                   lambda route: route.fulfill(status=200, body=b"\x00garbage" * 64,
                                               content_type="application/octet-stream"))
    app.open(demo="classify")
    app.page.wait_for_selector("#classify-message.error", state="visible", timeout=90_000)
    message = app.message("classify")
    assert "classifier" in message and "./lab serve" in message
    app.page.click("#tab-pose")
    app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    app.page.click("#tab-tensors")
    assert app.result("tensors")["add"] == [11, 22, 33, 44]


# --- the address -----------------------------------------------------------------------
@pytest.mark.camera("astronaut_640x480")
def test_unknown_backend_with_a_camera_demo_falls_back_and_runs_it(app):
    app.open(demo="pose", backend="quantum")
    assert 'Unknown backend "quantum"' in app.page.text_content("#app-message")
    result = app.wait_result("pose", "r.frame >= 2", timeout=90_000)
    assert result["backend"] == "wasm" and result["source"] == "camera"


def test_a_demo_name_with_markup_is_shown_as_text(app):
    app.open(query="demo=%3Cimg%20src%3Dx%20onerror%3Dwindow.hacked%3D1%3E")
    message = app.page.text_content("#app-message")
    assert 'Unknown demo "<img src=x onerror=window.hacked=1>"' in message
    assert app.page.locator("#app-message img").count() == 0
    assert app.page.evaluate("window.hacked === undefined")
    assert app.page.is_visible("#demo-tensors")


# --- the frame loop -----------------------------------------------------------------------
@pytest.mark.camera("astronaut_640x480")
def test_an_exception_in_the_frame_loop_is_reported_once_and_the_loop_stops(app):
    app.open(demo="pose")
    first = app.wait_result("pose", "r.model === 'posenet' && r.frame >= 2", timeout=90_000)
    code = edited(app.code("pose"), "        frame += 1\n",
                  "if frame == 3:\n    raise RuntimeError('boom in frame 3')")
    app.set_code("pose", code)
    app.page.click("#pose-code-run")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=90_000)
    message = app.message("pose")
    assert "RuntimeError" in message and "boom in frame 3" in message
    assert "line" in message  # where, in the user's code
    app.page.wait_for_timeout(2_000)  # ~60 p5 frames: a flood would show now
    errors = app.console_errors("pose")
    assert len(errors) == 1 and "boom in frame 3" in errors[0]
    assert app.result("pose")["frame"] == 2  # frame 3 raised before publishing
    assert app.stats()["demos"]["pose"]["tasks"] == 0  # the loop is gone, not spinning
    assert app.num_tensors() == first["tensors"]  # its model is still held by the run

    # Reset runs the shipped code again: a fresh loop, and the same tensors as before
    app.page.click("#pose-code-reset")
    again = app.wait_result("pose", "r.model === 'posenet' && r.frame >= 3", timeout=90_000)
    assert again["tensors"] == first["tensors"]
    assert app.stats()["demos"]["pose"]["tasks"] == 1
    assert app.message("pose") == ""


@pytest.mark.camera("astronaut_640x480")
def test_an_exception_while_drawing_is_reported_once_and_the_loop_recovers(app):
    app.open(demo="pose")
    first = app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    code = edited(app.code("pose"), "def overlay(p):\n",
                  "    if settings.shown_on is not None:\n        raise ValueError('boom while drawing')")
    app.set_code("pose", code)
    app.page.click("#pose-code-run")
    app.page.wait_for_selector("#pose-message.error", state="visible", timeout=90_000)
    assert "ValueError while drawing on the stage" in app.message("pose")
    start = app.result("pose")["frame"]
    later = app.wait_result("pose", f"r.frame >= {start + 5}", timeout=90_000)  # still estimating
    errors = app.console_errors("pose")
    assert len(errors) == 1 and "boom while drawing" in errors[0]
    assert app.stats()["demos"]["pose"]["tasks"] == 1
    assert later["tensors"] == first["tensors"]


# --- soak ------------------------------------------------------------------------------------
@pytest.mark.soak
@pytest.mark.camera("astronaut_640x480")
def test_two_thousand_frames_leave_no_tensors_loops_handlers_or_heap_behind(app):
    """MoveNet, the fastest model: 2,000 frames of the Python-driven loop, nothing grows."""
    app.open(demo="pose")
    app.page.select_option("#pose-model", "movenet")
    start = app.wait_result("pose", "r.model === 'movenet' && r.frame >= 10", timeout=120_000)
    cdp = app.page.context.new_cdp_session(app.page)
    cdp.send("HeapProfiler.collectGarbage")
    heap_before = cdp.send("Runtime.getHeapUsage")["usedSize"]
    alive = app.stats()
    began = time.monotonic()

    end = app.wait_result("pose", f"r.model === 'movenet' && r.frame >= {start['frame'] + 2000}",
                          timeout=900_000)
    seconds = time.monotonic() - began
    cdp.send("HeapProfiler.collectGarbage")
    heap_growth_mb = (cdp.send("Runtime.getHeapUsage")["usedSize"] - heap_before) / 1e6
    print(f"2,000 frames in {seconds:.0f} s ({2000 / seconds:.1f} fps), "
          f"JS heap {heap_growth_mb:+.2f} MB, tensors {start['tensors']} -> {end['tensors']}")
    assert end["tensors"] == start["tensors"]
    # the same loops, listeners, proxies and canvases (numTensors may count a frame in flight)
    assert {**app.stats(), "numTensors": None} == {**alive, "numTensors": None}
    assert heap_growth_mb < 10
    assert end["poses"] and end["poses"][0]["score"] > 0.3  # still finding the person
