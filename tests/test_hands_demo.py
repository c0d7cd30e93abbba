"""The hands demo (?demo=hands) in the real page, one page for the module: MediaPipe's answers on
the hands photo, nothing on a cat (and nothing left drawn), the threshold, the address, a
recording across a model switch, and no tensor left behind by model and tab switches."""

import csv
import json

import pytest

from conftest import PHOTOS
from vision_reference import REFERENCE, hand_within_tolerance

CAMERA = pytest.mark.camera("chelsea")   # a cat: no hand on the camera
ASKED = "<b>" + "x" * 60                 # ?hands= that is no model, longer than a message shows

# Every text the hands demo's message line shows from the page's start, in window.messagesSeen.
RECORD_MESSAGES = """
    window.messagesSeen = [];
    document.addEventListener("DOMContentLoaded", () => {
        const box = document.getElementById("hands-message");
        new MutationObserver(() => window.messagesSeen.push(box.textContent))
            .observe(box, {childList: true, characterData: true, subtree: true});
    });
"""
# What the overlay drew over the camera's video: the canvas holds only the overlays there.
DRAWN_PIXELS = """() => {
    const canvas = document.querySelector('#hands-stage canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]) drawn++;
    return drawn;
}"""
# Pixels of the hands' own colours (lab.hands.overlay: amber, cyan), which the photo has none of.
HAND_PIXELS = """() => {
    const canvas = document.querySelector('#hands-stage canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if ((r > 230 && g > 150 && g < 220 && b < 60) || (r < 60 && g > 190 && b > 220)) drawn++;
    }
    return drawn;
}"""
SET_THRESHOLD = """(value) => { const s = document.getElementById('hands-threshold');
    s.value = value; s.dispatchEvent(new Event('input')); }"""


def on_camera_without_hands(app):
    r = app.wait_result("hands", "r.source === 'camera' && r.frame >= 1", timeout=90_000)
    assert r["hands"] == []
    assert app.message("hands").startswith("No hand found: hold a whole hand up to the camera")
    assert app.page.evaluate(DRAWN_PIXELS) == 0   # no dot, bone or label, old or new
    return r


def the_photo(app):
    app.page.set_input_files("#hands-file", str(PHOTOS / "hands.png"))
    return app.wait_result("hands", "r.source === 'image' && r.width === 720 && r.frame >= 1",
                           timeout=90_000)


def assert_like_mediapipe(r, variant):
    reference = REFERENCE["hands"]["hands"][variant]
    hands = r["hands"]
    assert len(hands) == len(reference) == 2, hands
    swapped = {"Left": "Right", "Right": "Left"}   # MediaPipe names hands as in a mirror
    for hand, ref in zip(hands, reference, strict=True):
        assert hand["handedness"] == swapped[ref["handedness"]] and 0.5 <= hand["score"] <= 1
        points = hand["keypoints"]
        assert len(points) == 21 and points[0]["name"] == "wrist"
        assert points[20]["name"] == "pinky_finger_tip"
        assert all(set(p) == {"name", "x", "y", "z", "score"} for p in points)
        ok, how_close = hand_within_tolerance([(p["x"], p["y"]) for p in points], ref["keypoints"])
        assert ok, f"{variant}: {how_close}"
        assert set(hand["box"]) == {"xMin", "yMin", "width", "height"}


@CAMERA
def test_two_hands_on_the_photo_none_on_a_cat_and_the_threshold(shared_app):
    app = shared_app
    app.page.add_init_script(RECORD_MESSAGES)
    app.open(demo="hands", query=f"worker=0&hands={ASKED}")
    r = on_camera_without_hands(app)
    assert (r["model"], r["where"], r["mirrored"], r["backend"]) == ("lite", "page", True, "wasm")
    assert app.page.input_value("#hands-model") == "lite"
    said = next(text for text in app.page.evaluate("window.messagesSeen") if "Unknown" in text)
    assert said.startswith(f"Unknown hand model '{ASKED[:30]}…{ASKED[-5:]}' (63 characters) in "
                           "?hands=: use one of lite, full.")
    assert len(said) < 160 and not app.page.query_selector("#hands-message b")

    r = the_photo(app)
    assert (r["height"], r["mirrored"], r["threshold"]) == (382, False, 0.5)
    assert_like_mediapipe(r, "lite")
    assert app.message("hands") == ""
    assert app.page.evaluate(HAND_PIXELS) > 1000
    app.page.wait_for_function("document.getElementById('hands-stage-text').textContent"
                               " === 'Photo: 2 hands, left and left.'")   # both are left hands

    app.page.evaluate(SET_THRESHOLD, "1")   # above every hand's score: none shown
    r = app.wait_result("hands", "r.threshold === 1")
    assert r["hands"] == []
    assert app.message("hands").startswith("No hand above the threshold: 2 found")
    assert app.page.evaluate(HAND_PIXELS) == 0
    app.page.evaluate(SET_THRESHOLD, "0.5")
    assert len(app.wait_result("hands", "r.threshold === 0.5")["hands"]) == 2

    app.page.click("#hands-camera")   # back to the cat: the hands are gone from the stage too
    on_camera_without_hands(app)


@CAMERA
def test_a_recording_across_model_switches_leaves_no_tensor(shared_app):
    app = shared_app
    app.open(demo="hands", query=f"worker=0&hands={ASKED}")
    # tensors as published: counted between two frames, none in flight
    on_camera = app.wait_result("hands", "r.source === 'camera' && r.frame >= 1")["tensors"]
    r = the_photo(app)
    assert r["model"] == "lite"
    before = r["tensors"]
    app.page.click("#hands-record")
    assert app.page.get_attribute("#hands-record", "aria-pressed") == "true"
    app.page.select_option("#hands-model", "full")   # the photo is looked at again, by full
    r = app.wait_result("hands", "r.model === 'full' && r.recording && r.recording.frames >= 1",
                        timeout=90_000)
    assert_like_mediapipe(r, "full")
    app.page.select_option("#hands-model", "lite")
    again = app.wait_result("hands", "r.model === 'lite' && r.recording && r.recording.frames >= 2",
                            timeout=90_000)
    assert again["tensors"] == before   # full's weights went with it
    app.page.click("#hands-record")
    app.wait_result("hands", "r.recording === null")

    with app.page.expect_download() as info:
        app.page.click("#hands-record-csv")
    assert info.value.suggested_filename.startswith("hands-hands-")
    rows = list(csv.DictReader(info.value.path().read_text().splitlines()))
    assert [row["model"] for row in rows[::21]] == ["full", "full", "lite", "lite"]
    assert [row["keypoint"] for row in rows[:21]] == [p["name"] for p in r["hands"][0]["keypoints"]]
    assert {row["handedness"] for row in rows} == {"Left"} and len(rows) == 4 * 21
    with app.page.expect_download() as info:
        app.page.click("#hands-record-json")
    data = json.loads(info.value.path().read_text())
    assert [entry["model"] for entry in data["frames"]] == ["full", "lite"]
    assert data["frames"][0]["hands"] == r["hands"]

    app.page.click("#tab-tensors")   # the demo stops, its model freed; shown again, it restarts
    app.page.click("#tab-hands")
    r = app.wait_result("hands", "r.source === 'camera' && r.frame >= 2", timeout=90_000)
    assert r["tensors"] == on_camera and app.stats()["canvases"]["hands"] == 1


@CAMERA
def test_the_face_demo_records_its_mesh_the_same_way(shared_app):
    app = shared_app
    app.open(demo="hands", query=f"worker=0&hands={ASKED}")
    app.page.click("#tab-face")
    app.wait_result("face", "r.source === 'camera' && r.frame >= 1", timeout=90_000)
    app.page.click("#face-record")
    app.page.click("#face-samples button[data-sample='astronaut']")
    r = app.wait_result("face", "r.source === 'image' && r.recording && r.recording.frames >= 1",
                        timeout=90_000)
    app.page.click("#face-record")
    app.wait_result("face", "r.recording === null")
    assert "Recorded" in app.page.text_content("#face-record-status")
    with app.page.expect_download() as info:
        app.page.click("#face-record-csv")
    assert info.value.suggested_filename.startswith("face-faces-")
    rows = list(csv.DictReader(info.value.path().read_text().splitlines()))
    assert list(rows[0]) == ["time", "frame", "model", "face", "point", "x", "y", "z"]
    points = r["faces"][0]["keypoints"]
    assert len(rows) == len(points) == 468 and [row["point"] for row in rows] == \
        [str(i) for i in range(468)]
    assert all((float(row["x"]), float(row["y"]), float(row["z"])) == (p["x"], p["y"], p["z"])
               for row, p in zip(rows, points, strict=True))
    with app.page.expect_download() as info:
        app.page.click("#face-record-json")
    frames = json.loads(info.value.path().read_text())["frames"]   # the cat's first, without faces
    assert [entry["faces"] for entry in frames if entry["frame"] == r["frame"]] == [r["faces"]]
    app.page.click("#tab-hands")


@CAMERA
def test_its_code_runs_again_from_the_editor_and_shares_as_a_link(shared_app):
    app = shared_app
    app.open(demo="hands", query=f"worker=0&hands={ASKED}")
    assert 'demo = Demo("hands")' in app.code("hands")
    app.set_code("hands", app.code("hands") + '\ndemo.publish(edited="yes")\n')
    app.run_code("hands")
    r = app.wait_result("hands", "r.edited === 'yes' && r.source === 'camera' && r.frame >= 1",
                        timeout=90_000)
    assert r["hands"] == [] and app.console_errors("hands") == []
    app.page.click("#hands-share")
    app.page.wait_for_function("document.getElementById('hands-share').dataset.link")
    assert "?demo=hands#code=hands." in app.page.get_attribute("#hands-share", "data-link")
    app.page.click("#hands-code-reset")
    app.wait_result("hands", "r.edited === undefined && r.frame >= 1", timeout=90_000)
