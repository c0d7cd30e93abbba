"""The classify demo's camera: released when the tab is left (even while it starts), and a
refused permission explained."""

import pytest

from classify_support import LIVE_TRACKS, SLOW_CAMERA, TRACK_STREAMS
from conftest import QUIET_FLAGS, App, Guards
from harness import CHROMIUM


@pytest.mark.camera("chelsea")
def test_leaving_the_tab_releases_camera_model_and_loop(app):
    app.page.add_init_script(TRACK_STREAMS)
    app.open(query="worker=0")  # the tensors tab: nothing of the classifier exists yet
    baseline = app.num_tensors()
    app.page.click("#tab-classify")  # its model on the page's thread, where its tensors are counted
    first = app.wait_result("classify", "r.status === 'running' && r.frames >= 3", timeout=90_000)
    assert app.page.evaluate(LIVE_TRACKS) == 1
    model_tensors = first["tensors"] - baseline
    assert model_tensors > 50  # EfficientNet-Lite0's weights

    app.page.click("#tab-tensors")
    # the tab's click handler runs as a Python task, after the click itself has returned
    app.page.wait_for_function(f"{LIVE_TRACKS} === 0", timeout=5_000)  # the camera's light goes off
    assert app.num_tensors() == baseline              # the model is disposed
    assert app.page.locator("#classify-stage canvas, #classify-stage video").count() == 0
    frames = app.result("classify")["frames"]
    app.page.wait_for_timeout(1500)
    assert app.result("classify")["frames"] == frames  # the loop stopped

    # coming back starts one fresh run: one camera, one model, one canvas
    app.page.click("#tab-classify")
    # the new run opens the camera after its model loaded and its result was reset
    app.page.wait_for_function(f"{LIVE_TRACKS} === 1", timeout=90_000)
    again = app.wait_result("classify", "r.status === 'running' && r.frames >= 3", timeout=90_000)
    assert app.page.evaluate(LIVE_TRACKS) == 1
    assert app.page.evaluate("window.__streams.length") == 2
    assert again["tensors"] == first["tensors"]
    assert app.page.locator("#classify-stage canvas").count() == 1
    assert app.page.locator("#classify-stage video").count() == 1


@pytest.mark.camera("chelsea")
def test_leaving_the_tab_while_the_camera_starts_releases_it(app):
    app.page.add_init_script(SLOW_CAMERA)
    app.open(demo="classify")
    app.page.wait_for_function("window.__asking === true")
    app.page.click("#tab-tensors")
    app.page.wait_for_function("window.__streams.length === 1", timeout=10_000)
    app.page.wait_for_function(f"{LIVE_TRACKS} === 0", timeout=5_000)
    assert app.page.locator("#classify-stage video").count() == 0


@pytest.fixture
def app_camera_denied(playwright_instance, server, tmp_path):
    """A browser with a camera whose user says no to the permission prompt."""
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=QUIET_FLAGS + ["--use-fake-device-for-media-stream",
                            "--use-fake-ui-for-media-stream=deny"])
    guards = Guards(server)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", guards.on_route)
    page = context.new_page()
    page.on("console", guards.on_console)
    page.on("pageerror", guards.on_page_error)
    yield App(page, server, guards)
    browser.close()
    assert not guards.problems(), guards.problems()


def test_camera_permission_denied_says_how_to_allow_it(app_camera_denied):
    app = app_camera_denied
    app.open(demo="classify")
    app.page.wait_for_selector("#classify-message.error", state="visible")
    message = app.message("classify")
    assert "Camera access was denied" in message and "Allow the camera" in message
    assert "photo" in message
    app.page.click("#classify-samples button[data-sample='coffee']")
    result = app.wait_result("classify", "r.source === 'image' && r.frames >= 1")
    assert result["top"][0]["label"] == "espresso"
