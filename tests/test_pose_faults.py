"""The pose demo when things go wrong on purpose: the camera refused or busy, exceptions in the
frame loop; and the long soak."""

import time

import pytest

from conftest import edited, guarded_app

# --- what goes wrong, on purpose: the camera, the model files, the frame loop -------------
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


# --- the frame loop -----------------------------------------------------------------------
@pytest.mark.camera("astronaut_640x480")
def test_an_exception_in_the_frame_loop_is_reported_once_and_the_loop_stops(app):
    app.open(demo="pose")
    first = app.wait_result("pose", "r.model === 'posenet' && r.frame >= 2", timeout=90_000)
    code = edited(app.code("pose"), "        frame.done()\n",
                  "if stage.meter.frames == 3:\n    raise RuntimeError('boom in frame 3')")
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
    code = edited(app.code("pose"), "skeleton = PoseOverlay(stage, threshold)\n",
                  "def broken(p):\n    if skeleton.poses:\n        raise ValueError('boom while drawing')\n"
                  "stage.on_draw(broken)")
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
def test_a_hundred_frames_leave_no_tensors_loops_handlers_or_heap_behind(app):
    """MoveNet, the fastest model: 100 frames of the Python-driven loop, nothing grows (a leak
    of one tensor or proxy a frame shows as a hundred; the long soak is the bench's, 1,000
    frames of each loop, `./lab bench --only soak`)."""
    app.open(demo="pose")
    app.page.select_option("#pose-model", "movenet")
    start = app.wait_result("pose", "r.model === 'movenet' && r.frame >= 10", timeout=120_000)
    cdp = app.page.context.new_cdp_session(app.page)
    cdp.send("HeapProfiler.collectGarbage")
    heap_before = cdp.send("Runtime.getHeapUsage")["usedSize"]
    alive = app.stats()
    began = time.monotonic()

    end = app.wait_result("pose", f"r.model === 'movenet' && r.frame >= {start['frame'] + 100}",
                          timeout=240_000)
    seconds = time.monotonic() - began
    cdp.send("HeapProfiler.collectGarbage")
    heap_growth_mb = (cdp.send("Runtime.getHeapUsage")["usedSize"] - heap_before) / 1e6
    print(f"100 frames in {seconds:.0f} s ({100 / seconds:.1f} fps), "
          f"JS heap {heap_growth_mb:+.2f} MB, tensors {start['tensors']} -> {end['tensors']}")
    assert end["tensors"] == start["tensors"]
    # the same loops, listeners, proxies and canvases (numTensors may count a frame in flight)
    assert {**app.stats(), "numTensors": None} == {**alive, "numTensors": None}
    assert heap_growth_mb < 10
    assert end["poses"] and end["poses"][0]["score"] > 0.3  # still finding the person
