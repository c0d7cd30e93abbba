"""The segment demo (?demo=segment) in the real page: its numbers against MediaPipe's own runtime
(tests/data/vision_reference.json, with tests/test_vision_models.py's tolerances), what each
background draws on the stage, a picture with no person, a background photo that is not one,
and no tensor left behind by frames, background switches and a tab switch. One page for all.
"""

import os
from pathlib import Path

import pytest

from vision_reference import REFERENCE

PHOTOS = Path(__file__).parent / "data" / "photos"
SCREENSHOTS = os.environ.get("SEGMENT_SCREENSHOTS")   # a path prefix: the stage, to look at
ASTRONAUT = REFERENCE["segment"]["astronaut_640x480"]
COLOUR = (255, 0, 255)   # magenta: in neither photo's background
# Cells of the reference's 8 x 6 grid (row-major; 80 x 80 px each on the 640 x 480 photo):
BACKGROUND_CELL, PERSON_CELL = 0, 4 * 8 + 2     # top left (0.0 person), row 4 col 2 (1.0)
assert ASTRONAUT["grid"][BACKGROUND_CELL] < 0.01 and ASTRONAUT["grid"][PERSON_CELL] > 0.99

# The stage canvas's RGB at the middle of each cell (in the photo's pixels: drawn at scale 1).
PIXELS = """(cells) => {
    const canvas = document.querySelector('#segment-stage canvas');
    const scale = canvas.width / 640, context = canvas.getContext('2d');
    return cells.map(i => Array.from(context.getImageData(
        Math.round(((i % 8) * 80 + 40) * scale), Math.round((Math.floor(i / 8) * 80 + 40) * scale),
        1, 1).data.slice(0, 3)));
}"""


def near(a, b, tolerance=3):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def pixels(app, cells=(BACKGROUND_CELL, PERSON_CELL)):
    return [tuple(rgb) for rgb in app.page.evaluate(PIXELS, list(cells))]


def show(app, background, condition="true"):
    app.page.select_option("#segment-background", background)
    return app.wait_result("segment", f"r.source === 'image' && r.background === '{background}' "
                                      f"&& ({condition})")


@pytest.mark.camera("astronaut_640x480")
def test_the_astronaut_is_cut_out_as_mediapipe_finds_her_over_each_background(shared_app):
    app = shared_app.open(demo="segment")
    app.wait_result("segment", "r.frame >= 1", timeout=120_000)   # the camera, first
    app.page.set_input_files("#segment-file", str(PHOTOS / "astronaut_640x480.png"))
    app.page.fill("#segment-colour", "#ff00ff")
    r = show(app, "colour", "r.threshold === 0.5")
    assert (r["width"], r["height"], r["where"], r["model"], r["mirrored"]) == \
        (640, 480, "page", "selfie", False)
    assert r["tensors"] == app.num_tensors()
    # as tests/test_vision_models.py: resize filters differ only along the outline
    assert max(abs(a - b) for a, b in zip(r["grid"], ASTRONAUT["grid"], strict=True)) <= 0.1
    assert abs(r["person_fraction"] - ASTRONAUT["person_fraction"]) <= 0.02
    assert app.page.text_content("#segment-person") == f"{round(r['person_fraction'] * 100)} %"
    assert "No person" not in app.message("segment")
    app.page.wait_for_function(  # said once a second at most (lab.a11y)
        "document.getElementById('segment-stage-text').textContent.includes('a person, 4')")
    assert 'demo = Demo("segment")' in app.code("segment")   # its code, in its editor
    assert app.page.is_visible("#segment-share") and app.page.is_visible("#segment-open-sketch")

    background, person = pixels(app)
    assert near(background, COLOUR), background       # the background: the colour picked
    assert not near(person, COLOUR, 60), person       # the astronaut: her own picture

    show(app, "mask")
    assert pixels(app) == [(0, 0, 0), (255, 255, 255)]   # the mask itself
    show(app, "blur")
    blurred, still_person = pixels(app)
    assert not near(blurred, COLOUR, 60) and blurred != (0, 0, 0), blurred
    assert near(still_person, person), (still_person, person)   # the same cut-out

    app.page.fill("#segment-threshold", "0.95")   # surer pixels only: less of the frame
    stricter = app.wait_result("segment", "r.threshold === 0.95")
    assert stricter["person_fraction"] < r["person_fraction"]
    assert stricter["grid"] == r["grid"]           # the probabilities, whatever the threshold
    app.page.fill("#segment-threshold", "1")        # no pixel is that sure: said so
    app.wait_result("segment", "r.threshold === 1 && r.person_fraction === 0")
    assert "lower the threshold" in app.message("segment")
    app.page.fill("#segment-threshold", "0.5")
    show(app, "colour", "r.threshold === 0.5")
    if SCREENSHOTS:
        for background in ("colour", "mask", "blur"):
            show(app, background)
            app.page.locator("#segment-stage").screenshot(path=f"{SCREENSHOTS}-{background}.png")


@pytest.mark.camera("astronaut_640x480")
def test_a_cat_is_no_person_and_a_background_that_is_no_photo_is_said(shared_app):
    app = shared_app.open(demo="segment")
    show(app, "colour")
    # the reference's cat (224 x 224, her head: the whole photo, assets/samples/chelsea.jpg, is
    # mostly "person" to this model): 2% of pixels, no cell above 0.34, a faint scatter
    assert max(REFERENCE["segment"]["chelsea"]["grid"]) < 0.4
    app.page.set_input_files("#segment-file", str(PHOTOS / "chelsea.png"))
    r = app.wait_result("segment", "r.source === 'image' && r.width === 224")
    assert max(r["grid"]) < 0.5, r["grid"]
    assert "No person found: step into the camera's view" in app.message("segment")
    everywhere = pixels(app, range(48))
    assert not any(near(rgb, COLOUR, 60) for rgb in everywhere), everywhere   # no cut-out at all
    assert app.page.text_content("#segment-person") == f"{round(r['person_fraction'] * 100)} %"

    app.page.set_input_files("#segment-photo", files=[
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}])
    app.page.wait_for_function("document.getElementById('segment-message').textContent"
                               ".includes('“notes.txt” is not an image (text/plain)')")
    app.page.set_input_files("#segment-photo", files=[
        {"name": "broken.png", "mimeType": "image/png", "buffer": b"not a png at all"}])
    app.page.wait_for_function("document.getElementById('segment-message').textContent"
                               ".includes('Could not read “broken.png” as an image')")
    assert "The background stays as it was." in app.message("segment")
    assert app.page.input_value("#segment-background") == "colour"

    # the demo keeps running, and a real photo becomes the background
    app.page.set_input_files("#segment-file", str(PHOTOS / "astronaut_640x480.png"))
    app.page.set_input_files("#segment-photo", str(PHOTOS / "coffee.png"))
    r = app.wait_result("segment", "r.source === 'image' && r.width === 640 "
                                   "&& r.background === 'photo'")
    assert "No person" not in app.message("segment") and "stays as it was" not in app.message("segment")
    background, _ = pixels(app)
    assert not near(background, COLOUR, 60) and background != (0, 0, 0), background
    show(app, "colour")


@pytest.mark.camera("astronaut_640x480")
def test_frames_background_switches_and_a_tab_switch_leave_no_tensor_behind(shared_app):
    app = shared_app.open(demo="segment")
    app.page.click("#segment-camera")
    first = app.wait_result("segment", "r.source === 'camera' && r.frame >= 2", timeout=60_000)
    before, tensors = app.stats(), first["tensors"]   # published: no frame in flight then
    for background in ("blur", "mask", "photo", "colour", "blur"):
        app.page.select_option("#segment-background", background)
        app.wait_result("segment", f"r.source === 'camera' && r.background === '{background}' "
                                   f"&& r.frame >= {first['frame']} + 10", timeout=60_000)
        first = app.result("segment")
        if background == "colour":   # the camera, mirrored: source cell 30 (0.0) drawn at
            beside, on_her = pixels(app, [3 * 8 + 1, 4 * 8 + 5])   # canvas cell 25, 34 (1.0) at 37
            assert first["mirrored"] and near(beside, COLOUR), beside
            assert not near(on_her, COLOUR, 60), on_her
        if SCREENSHOTS:
            app.page.locator("#segment-stage").screenshot(path=f"{SCREENSHOTS}-camera-{background}.png")
    last = app.result("segment")
    assert last["tensors"] == tensors, (tensors, last)
    assert last["person_fraction"] > 0.3 and "No person" not in app.message("segment")
    # the same loops, listeners, proxies and canvases (numTensors may count a frame in flight)
    assert {**app.stats(), "numTensors": None} == {**before, "numTensors": None}

    app.page.click("#tab-tensors")    # the segment demo stops: its model is freed
    app.page.wait_for_function(f"tf.memory().numTensors < {tensors}")
    app.page.click("#tab-segment")    # and starts again, as it was
    again = app.wait_result("segment", "r.source === 'camera' && r.frame >= 2", timeout=60_000)
    assert again["tensors"] == tensors
