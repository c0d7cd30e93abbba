"""Mirror and Snapshot on the camera demos (issue 19): the webcam shown as in a mirror with its
overlay aligned, photos as they are, and a PNG of what the stage shows."""

import io
import re

import pytest
from PIL import Image

from pose_support import STAGE_WIDTH, count_red, keypoints, to_canvas

VIDEO_TRANSFORM = "getComputedStyle(document.querySelector('#pose-stage video')).transform"


@pytest.mark.camera("astronaut_640x480")
def test_the_webcam_is_mirrored_with_its_overlay_and_the_choice_is_remembered(app):
    app.open(demo="pose")
    result = app.wait_result("pose", "r.frame >= 2 && r.mirrored === true", timeout=90_000)
    assert app.page.is_checked("#pose-mirror")
    assert app.page.evaluate(VIDEO_TRANSFORM) == "matrix(-1, 0, 0, 1, 0, 0)"
    nose = keypoints(result)["nose"]
    # published in the camera's own pixels: the astronaut's nose is left of the middle
    assert 260 < nose["x"] < 320, nose
    # a 640x480 frame fills the 640x480 canvas: x is drawn at width - x, and nothing at x
    assert count_red(app, STAGE_WIDTH - nose["x"], nose["y"]) >= 9
    assert count_red(app, nose["x"], nose["y"]) == 0

    app.page.uncheck("#pose-mirror")
    result = app.wait_result("pose", f"r.mirrored === false && r.frame > {result['frame']}")
    assert app.page.evaluate(VIDEO_TRANSFORM) == "none"
    nose = keypoints(result)["nose"]
    assert count_red(app, nose["x"], nose["y"]) >= 9
    assert count_red(app, STAGE_WIDTH - nose["x"], nose["y"]) == 0

    app.open(demo="pose")  # remembered in this browser
    app.wait_result("pose", "r.frame >= 1 && r.source === 'camera'", timeout=90_000)
    assert not app.page.is_checked("#pose-mirror")
    assert app.result("pose")["mirrored"] is False


# The canvas's colour at drawing coordinates (x, y).
PIXEL = """([x, y]) => Array.from(document.querySelector('#pose-stage canvas')
    .getContext('2d').getImageData(x, y, 1, 1).data).slice(0, 3)"""


@pytest.mark.camera("none")
def test_a_photo_is_not_mirrored_until_asked_and_its_overlay_follows(app):
    app.open(demo="pose")
    app.page.click("#pose-samples button[data-sample='astronaut']")
    result = app.wait_result("pose", "r.source === 'image' && r.frame >= 1", timeout=90_000)
    assert result["mirrored"] is False and not app.page.is_checked("#pose-mirror")
    nose = keypoints(result)["nose"]
    x, y = to_canvas(result, nose["x"], nose["y"])
    assert count_red(app, x, y) >= 9
    plain = app.page.evaluate(PIXEL, [200, 400])  # a part of the photo without red

    app.page.check("#pose-mirror")
    result = app.wait_result("pose", "r.mirrored === true")
    assert count_red(app, STAGE_WIDTH - x, y) >= 9 and count_red(app, x, y) == 0
    assert app.page.evaluate(PIXEL, [STAGE_WIDTH - 1 - 200, 400]) == plain  # the photo, flipped
    # the webcam keeps its own setting
    assert app.page.evaluate("localStorage.getItem('browser-ml-lab/mirror/camera')") is None


@pytest.mark.camera("astronaut_640x480")
def test_the_snapshot_is_a_png_of_the_video_with_its_overlay(app):
    app.open(demo="pose")
    result = app.wait_result("pose", "r.frame >= 2 && r.mirrored === true", timeout=90_000)
    with app.page.expect_download() as download:
        app.page.click("#pose-snapshot")
    assert re.fullmatch(r"pose-posenet-\d{8}-\d{6}\.png", download.value.suggested_filename)
    shot = Image.open(download.value.path())
    assert shot.format == "PNG" and shot.size == (640, 480)
    shot = shot.convert("RGB")
    nose = keypoints(result)["nose"]
    x, y = to_canvas(result, nose["x"], nose["y"])
    red = sum(1 for dx in range(-3, 4) for dy in range(-3, 4)
              if (p := shot.getpixel((round(x) + dx, round(y) + dy)))[0] >= 200 and p[1] <= 60 and p[2] <= 60)
    assert red >= 9
    # the video is in it, mirrored: the camera frame's grey border, the suit's white on the right
    assert all(abs(c - shot.getpixel((20, 240))[0]) < 8 for c in shot.getpixel((20, 240)))
    assert shot.getpixel((20, 240))[0] > 60


@pytest.mark.camera("chelsea")
def test_the_classifier_and_teach_have_mirror_and_snapshot_too(app):
    app.open(demo="classify")
    app.wait_result("classify", "r.status === 'running' && r.frames >= 1", timeout=90_000)
    assert app.result("classify")["mirrored"] is True and app.page.is_checked("#classify-mirror")
    with app.page.expect_download() as download:
        app.page.click("#classify-snapshot")
    assert re.fullmatch(r"classify-EfficientNet-Lite0.*-\d{8}-\d{6}\.png",
                        download.value.suggested_filename), download.value.suggested_filename
    shot = Image.open(io.BytesIO(download.value.path().read_bytes())).convert("RGB")
    assert shot.size == (640, 480)
    # the label's dark box is drawn at the top left, not mirrored with the video
    assert max(shot.getpixel((14, 30))) < 120

    # and so does teach (the same page: its tab)
    app.page.click("#tab-teach")
    app.wait_result("teach", "r.frame >= 1 && r.mirrored === true", timeout=90_000)
    assert app.page.is_checked("#teach-mirror")
    with app.page.expect_download() as download:
        app.page.click("#teach-snapshot")
    assert re.fullmatch(r"teach-\d{8}-\d{6}\.png", download.value.suggested_filename)
    assert Image.open(download.value.path()).size == (640, 480)
