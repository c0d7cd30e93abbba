"""The pose demo in a real Chromium: real models on real photos, through the fake camera.

The fake camera is fed scikit-image's astronaut, scaled to 480x480 and centred
on a grey 640x480 frame (tests/data/photos/astronaut_640x480.png: a 640x480
camera frame needs no cropping, so the keypoints' expected places are known).
On the 512x512 photo the keypoints are at (STACK-NOTES, all three models agree
within a few pixels): nose (222, 121), left eye (246, 101), right eye (204, 99),
left shoulder (319, 275), right shoulder (107, 258). The person's left is on
the right of the picture: they face the camera. Tests of one camera share a page (`fresh`).
"""

import re

import pytest
from PIL import Image

from pose_support import (
    MODELS,
    ON_PHOTO,
    RECORD_STATUS,
    STAGE_WIDTH,
    assert_found_where_they_are,
    count_red,
    keypoints,
    on_camera,
    person_at,
    pick_model,
    red_in_whole_canvas,
    red_on_screen,
    set_threshold,
    to_canvas,
)


@pytest.mark.camera("astronaut_640x480")
@pytest.mark.parametrize("model", MODELS)
def test_keypoints_land_on_the_person_and_are_drawn_in_red(shared_app, model):
    # a narrow window: the canvas is shown smaller than it draws; the dots must follow
    shared_app.page.set_viewport_size({"width": 560, "height": 900})
    app = shared_app.open(demo="pose", fresh=True)
    app.page.wait_for_selector("#pose-status:has-text('Model loaded')", timeout=90_000)
    app.page.evaluate(RECORD_STATUS)
    result = pick_model(app, model)
    label = app.page.locator("#pose-model option:checked").text_content()
    if model != "posenet":  # a switch: the status line says so, then says it's done
        said = app.page.evaluate("window.statusSeen")
        assert said[-2:] == [f"Loading model… {label}", f"Model loaded: {label}"], said

    assert result["backend"] == "wasm" and result["source"] == "camera"
    assert (result["width"], result["height"]) == (640, 480)
    assert result["threshold"] == 0.2 and result["fps"] > 0
    assert app.page.text_content("#pose-status") == f"Model loaded: {label}"
    assert re.fullmatch(r"\d+\.\d", app.page.text_content("#pose-fps"))
    assert app.page.text_content("#pose-backend") == "wasm"
    assert app.message("pose") == ""

    points = keypoints(result)
    assert_found_where_they_are(points, on_camera, 0.2)
    nose = points["nose"]

    # a red dot at the nose, and a red line between the shoulders (the skeleton)
    left, right = points["left_shoulder"], points["right_shoulder"]
    # (MoveNet and BlazePose smooth from frame to frame: the frame drawn may have moved a few
    # pixels from the one published, hence a little slack around each point)
    assert count_red(app, *to_canvas(result, nose["x"], nose["y"])) >= 9
    for t in (1 / 3, 1 / 2, 2 / 3):  # along the line between the shoulders, away from the dots
        x, y = left["x"] + t * (right["x"] - left["x"]), left["y"] + t * (right["y"] - left["y"])
        assert count_red(app, *to_canvas(result, x, y), radius=5) >= 3, f"no line at {t:.2f}"
    # and where the page shows it, at the canvas's displayed size
    shown_width = app.page.evaluate("document.querySelector('#pose-stage canvas').clientWidth")
    assert shown_width < STAGE_WIDTH
    assert red_on_screen(app, result, nose["x"], nose["y"]) >= 4
    app.page.set_viewport_size({"width": 1280, "height": 900})  # as the next test's page opens


# js/pixels.js's capture against TF.js's own, on the camera's <video> and on a photo; and
# the same picture as the pose worker gets it (its RGBA bytes read on the page, made a tensor)
# and as the vision worker does (its RGB values made on the page, in an array given back)
SAME_PIXELS = """async () => {
    const photo = new Image();
    photo.src = 'tests/data/photos/astronaut_640x480.png';  // an <img>, not the <video>
    await photo.decode();
    const video = document.querySelector('#pose-stage video');
    const compared = {};
    for (const [name, source, width, height] of [
            ['camera', video, video.videoWidth, video.videoHeight],
            ['photo', photo, photo.naturalWidth, photo.naturalHeight]]) {
        const before = tf.memory().numTensors;
        const ours = labPixels(source, width, height), theirs = tf.browser.fromPixels(source);
        const bytes = labPixels.fromRgba(labPixels.rgba(source, width, height), width, height);
        const reused = new Int32Array(width * height * 3).fill(7);  // the last frame's, say
        const rgb = tf.tensor3d(labPixels.rgb(source, width, height, undefined, reused),
                                [height, width, 3], 'int32');
        const differ = tf.tidy(() => tf.notEqual(ours, theirs).sum().dataSync()[0]);
        const rgbDiffer = tf.tidy(() => tf.notEqual(rgb, theirs).sum().dataSync()[0]);
        const bytesDiffer = tf.tidy(() => tf.notEqual(bytes, theirs).sum().dataSync()[0]);
        compared[name] = {shape: ours.shape, theirs: theirs.shape, dtype: ours.dtype, differ,
                          bytes: bytes.shape, bytesDiffer, rgbDiffer,
                          mean: tf.tidy(() => ours.mean().dataSync()[0])};
        ours.dispose(); theirs.dispose(); bytes.dispose(); rgb.dispose();
        compared[name].leaked = tf.memory().numTensors - before;
    }
    return compared;
}"""


@pytest.mark.camera("astronaut_640x480")
def test_the_models_see_the_camera_frame_pixel_for_pixel(shared_app):
    app = shared_app.open(demo="pose", fresh=True)
    app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    assert app.page.evaluate("tf.getBackend()") == "wasm"  # where the fast capture runs
    compared = app.page.evaluate(SAME_PIXELS)
    assert compared["camera"]["shape"] == [480, 640, 3] == compared["camera"]["theirs"]
    assert compared["photo"]["shape"] == [480, 640, 3] == compared["photo"]["theirs"]
    for name, seen in compared.items():
        assert seen["dtype"] == "int32" and seen["leaked"] == 0, (name, seen)
        assert seen["differ"] == 0, f"{name}: {seen['differ']} values differ from fromPixels"
        assert seen["bytes"] == seen["shape"] and seen["bytesDiffer"] == 0, (name, seen)
        assert seen["rgbDiffer"] == 0, (name, seen)
        assert 40 < seen["mean"] < 220, (name, seen)  # a picture, not a blank


@pytest.mark.camera("rocket")  # no person, and no pure red to mistake for a dot
def test_a_frame_with_no_person_gives_no_keypoints_and_no_error(shared_app):
    app = shared_app.open(demo="pose", fresh=True)
    for model in MODELS:
        result = pick_model(app, model)
        above = [p for pose in result["poses"] for p in pose["keypoints"] if p["score"] > 0.2]
        assert above == [], f"{model} found keypoints on a rocket launch: {above}"
        assert red_in_whole_canvas(app) == 0
        assert app.message("pose") == ""
        assert app.page.text_content("#pose-status").startswith("Model loaded")


@pytest.mark.camera("astronaut_640x480")
def test_model_switches_and_frames_leak_no_tensors(shared_app):
    app = shared_app.open(query="worker=0", fresh=True)  # the Core API tab: the pose demo has not run yet
    baseline = app.num_tensors()
    app.page.click("#tab-pose")  # its model on the page's thread, where its tensors are counted
    first = app.wait_result("pose", "r.model === 'posenet' && r.frame >= 2", timeout=90_000)
    loaded = {"posenet": first["tensors"]}

    for model in ("movenet", "blazepose", "posenet", "movenet", "blazepose"):  # five switches
        result = pick_model(app, model, after_frames=2)
        loaded.setdefault(model, result["tensors"])
        assert result["tensors"] == loaded[model], \
            f"{model}: tensors {result['tensors']}, first {loaded[model]}"

    # 50 frames of BlazePose (two models per frame, and tracking between frames)
    start = app.wait_result("pose", "r.model === 'blazepose'")
    end = app.wait_result("pose", f"r.frame >= {start['frame'] + 50}", timeout=240_000)
    assert end["tensors"] == start["tensors"] == loaded["blazepose"]

    # leaving the tab stops the demo and frees its model, also in the middle of a frame
    app.page.click("#tab-tensors")
    app.page.wait_for_function(f"tf.memory().numTensors === {baseline}", timeout=15_000)
    for delay_ms in (0, 60, 120):
        # coming back starts it again, from the default model
        app.page.evaluate("document.getElementById('pose-result').textContent = ''")
        app.page.click("#tab-pose")
        again = app.wait_result("pose", "r.model === 'posenet' && r.frame >= 2", timeout=90_000)
        assert again["tensors"] == loaded["posenet"]
        app.page.wait_for_timeout(delay_ms)  # a PoseNet frame takes 150-400 ms here
        app.page.click("#tab-tensors")
        app.page.wait_for_function(f"tf.memory().numTensors === {baseline}", timeout=15_000)


@pytest.mark.camera("none")
def test_without_a_camera_a_photo_stands_in(shared_app):
    app = shared_app.open(demo="pose", fresh=True)
    app.page.wait_for_selector("#pose-message.error", state="visible")
    assert "No camera was found" in app.message("pose")
    app.page.wait_for_selector("#pose-status:has-text('Model loaded')", timeout=90_000)
    app.page.click("#pose-samples button[data-sample='astronaut']")
    result = app.wait_result("pose", "r.source === 'image' && r.frame >= 1", timeout=90_000)
    assert (result["width"], result["height"]) == (512, 512)  # assets/samples/astronaut.jpg
    points = keypoints(result)
    assert_found_where_they_are(points, lambda x, y: (x, y), 0.2)
    nose_on_canvas = to_canvas(result, points["nose"]["x"], points["nose"]["y"])
    assert count_red(app, *nose_on_canvas) >= 9  # the photo is letterboxed: 40 px bars left and right

    # the threshold slider: above every score, nothing is drawn
    set_threshold(app, 1)
    assert app.wait_result("pose", "r.threshold === 1")["threshold"] == 1
    assert app.page.text_content("#pose-threshold-value") == "1.00"
    app.page.wait_for_timeout(300)  # p5 draws at 30 fps
    assert count_red(app, *nose_on_canvas) == 0  # the photo's own nose is not red
    nothing_drawn = red_in_whole_canvas(app)   # the flag's stripes have some pure red of their own
    set_threshold(app, 0.2)
    app.page.wait_for_timeout(300)
    assert red_in_whole_canvas(app) > nothing_drawn + 200  # 17 dots and the lines between them

    # another photo, without a person: no keypoints, nothing drawn, no error
    app.page.click("#pose-samples button[data-sample='coffee']")
    coffee = app.wait_result("pose", "r.width === 600 && r.height === 400", timeout=30_000)
    assert all(p["score"] <= 0.2 for pose in coffee["poses"] for p in pose["keypoints"])
    app.page.wait_for_timeout(300)
    drawn = red_in_whole_canvas(app)
    set_threshold(app, 1)
    app.page.wait_for_timeout(300)
    assert red_in_whole_canvas(app) == drawn
    assert app.message("pose") == ""  # the camera's message went when a photo was chosen


@pytest.mark.camera("none")
@pytest.mark.parametrize("model", ["movenet", "blazepose"])
def test_each_photo_is_looked_at_afresh(shared_app, tmp_path, model):
    """MoveNet and BlazePose follow a person from frame to frame; a new photo is a new scene."""
    app = shared_app.open(demo="pose", query=f"pose={model}", fresh=True)
    app.page.wait_for_selector("#pose-status:has-text('Model loaded')", timeout=90_000)
    frame = 0
    for name, left, top in (("left", 0, 150), ("right", 450, 0), ("left again", 0, 150)):
        path, to_photo = person_at(tmp_path, name.replace(" ", "_"), left, top)
        app.page.set_input_files("#pose-file", path)
        result = app.wait_result("pose", f"r.source === 'image' && r.frame > {frame}", timeout=60_000)
        frame = result["frame"]
        assert (result["width"], result["height"]) == (900, 600)
        points = keypoints(result)
        nose, (x, y) = points["nose"], to_photo(*ON_PHOTO["nose"])
        assert nose["score"] > 0.2 and abs(nose["x"] - x) < 25 and abs(nose["y"] - y) < 25, \
            f"{model}, person on the {name}: nose at {nose}, expected near ({x:.0f}, {y:.0f})"


@pytest.mark.camera("none")
@pytest.mark.parametrize("backend", ["wasm", "cpu"])  # js/pixels.js: its own capture, fromPixels
def test_a_transparent_photo_is_seen_on_white_never_as_the_last_picture(shared_app, tmp_path, backend):
    clear, white = tmp_path / "clear.png", tmp_path / "white.png"
    Image.new("RGBA", (512, 512), (0, 0, 0, 0)).save(clear)
    Image.new("RGB", (512, 512), (255, 255, 255)).save(white)
    app = shared_app.open(demo="pose", backend=backend, query="pose=movenet", fresh=True)  # fastest on cpu
    app.page.wait_for_selector("#pose-status:has-text('Model loaded')", timeout=90_000)
    app.page.set_input_files("#pose-file", str(white))
    on_white = app.wait_result("pose", "r.source === 'image' && r.frame >= 1", timeout=90_000)
    app.page.wait_for_timeout(300)
    drawn_on_white = red_in_whole_canvas(app)

    # the astronaut, then the transparent photo: the capture canvas still held the astronaut
    app.page.click("#pose-samples button[data-sample='astronaut']")
    seen = app.wait_result("pose", f"r.frame > {on_white['frame']}", timeout=90_000)
    assert keypoints(seen)["nose"]["score"] > 0.5
    app.page.set_input_files("#pose-file", str(clear))
    on_clear = app.wait_result("pose", f"r.frame > {seen['frame']}", timeout=90_000)
    got = [p["score"] for pose in on_clear["poses"] for p in pose["keypoints"]]
    expected = [p["score"] for pose in on_white["poses"] for p in pose["keypoints"]]
    assert got == pytest.approx(expected, abs=0.01)  # what a white photo gives, not the astronaut
    # MoveNet finds no one on white
    assert not on_clear["poses"] or keypoints(on_clear)["nose"]["score"] < 0.5
    app.page.wait_for_timeout(300)
    assert red_in_whole_canvas(app) == drawn_on_white  # the same dots (or none), on white
