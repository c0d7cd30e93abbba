"""Teach's Hands mode in a real Chromium: two hand signs from photo files (the two hands of
tests/data/photos/hands.png, each on a white page), told apart on their mirror images; a picture
without a hand says so and records nothing; the dataset file keeps the mode."""

import json

import pytest
from PIL import Image, ImageOps

from conftest import PHOTOS

HANDS = {"up": (0, 0, 360, 382), "down": (370, 0, 720, 382)}  # the boxes of hands.png's two hands


def on_white(crop: Image.Image) -> Image.Image:
    """The hand in the middle of a white 640x480 picture: the palm model misses a hand that
    fills the frame."""
    page = Image.new("RGB", (640, 480), "white")
    page.paste(crop, ((640 - crop.width) // 2, (480 - crop.height) // 2))
    return page


@pytest.fixture
def hand_photos(tmp_path):
    photo = Image.open(PHOTOS / "hands.png").convert("RGB")
    paths = {}
    for name, box in HANDS.items():
        hand = on_white(photo.crop(box))
        paths[name] = tmp_path / f"{name}.png"
        hand.save(paths[name])
        paths[f"{name} mirrored"] = tmp_path / f"{name}-mirrored.png"
        ImageOps.mirror(hand).save(paths[f"{name} mirrored"])
    return paths


def label_of(app, path, label: str) -> dict:
    app.page.set_input_files("#teach-file", str(path))
    return app.wait_result("teach", f"r.source === 'image' && r.prediction && "
                                    f"r.prediction.label === {json.dumps(label)}", timeout=60_000)


@pytest.mark.camera("chelsea")
def test_two_hand_signs_are_told_apart_and_no_hand_records_nothing(shared_app, hand_photos, tmp_path):
    app = shared_app
    app.open(demo="teach")
    app.wait_result("teach", "r.mode && r.frame >= 1", timeout=120_000)
    app.page.select_option("#teach-mode", "hands")
    shown = app.wait_result("teach", "r.mode === 'hands' && r.frame >= 1", timeout=120_000)
    assert shown["where"] == "page" and shown["prediction"] is None
    # the camera shows a cat: said plainly, and a hold records nothing
    app.page.wait_for_function("document.querySelector('#teach-message').textContent"
                               ".includes('No hand found')")
    button = app.page.locator(".teach-class .teach-record").nth(0)
    button.hover()
    app.page.mouse.down()
    frame = app.result("teach")["frame"]
    held = app.wait_result("teach", f"r.recording === 0 && r.frame >= {frame + 2}")
    app.page.mouse.up()
    assert held["classes"][0]["samples"] == 0

    for row, name in enumerate(HANDS):
        field = app.page.locator(".teach-class .teach-name").nth(row)
        field.fill(name)
        field.press("Tab")
        app.page.locator(".teach-class .teach-files").nth(row).set_input_files(str(hand_photos[name]))
        app.wait_result("teach", f"r.classes[{row}].samples === 1", timeout=60_000)
    label_of(app, hand_photos["up mirrored"], "up")
    r = label_of(app, hand_photos["down mirrored"], "down")
    assert r["prediction"]["confidences"]["down"] > r["prediction"]["confidences"]["up"]
    assert r["tensors"] == app.num_tensors()

    # a photo without a hand adds nothing, and says so
    app.page.locator(".teach-class .teach-files").nth(0).set_input_files(str(PHOTOS / "coffee.png"))
    app.page.wait_for_function("document.querySelector('#teach-message').textContent"
                               ".includes('No hand was found')")
    assert app.result("teach")["classes"][0]["samples"] == 1

    # the dataset file keeps the mode and loads back in Hands
    with app.page.expect_download() as download:
        app.page.click("#teach-download")
    saved = tmp_path / "teach-hands.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert (data["mode"], data["dims"], len(data["classes"][0]["samples"][0]["features"])) == \
        ("hands", 42, 42)
    app.page.once("dialog", lambda dialog: dialog.accept())
    app.page.click("#teach-clear")
    app.wait_result("teach", "r.classes.every(c => c.samples === 0)")
    app.page.set_input_files("#teach-load", str(saved))
    loaded = app.wait_result("teach", "r.classes.every(c => c.samples === 1)")
    assert [c["name"] for c in loaded["classes"]] == ["up", "down"] and loaded["mode"] == "hands"
    label_of(app, hand_photos["up"], "up")
    # left as found: no samples kept for the next test, and images again
    app.page.once("dialog", lambda dialog: dialog.accept())
    app.page.click("#teach-clear")
    app.wait_result("teach", "r.classes.every(c => c.samples === 0)")
    app.page.select_option("#teach-mode", "images")
    app.wait_result("teach", "r.mode === 'images' && r.frame >= 1", timeout=120_000)
