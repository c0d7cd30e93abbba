"""The hand, face and person-mask models through the lab's Python (lab.hands.model,
lab.face.model, lab.segment.model) in the real page, against MediaPipe's own runtime, with the
tolerances tests/test_vision_models.py justifies; and the contract's shape of their answers."""

import statistics

import pytest

from vision_reference import REFERENCE, errors, size

# Run as the Core API demo's edited code: what a demo script will do.
PYTHON = '''
import time
import js
from lab import Demo
from lab.face.model import FaceModel
from lab.hands.model import HandModel
from lab.segment.model import SegmentModel

demo = Demo("tensors")
engine = js.tf


async def photo(name):
    image = js.Image.new()
    image.src = f"tests/data/photos/{name}.png"
    await image.decode()
    return image


async def twice(model, image, **options):
    await model.estimate(image, width=image.naturalWidth, height=image.naturalHeight, **options)
    start = time.perf_counter()
    found = await model.estimate(image, width=image.naturalWidth, height=image.naturalHeight,
                                 **options)
    return found, round((time.perf_counter() - start) * 1000)


hands, astronaut, cat = await photo("hands"), await photo("astronaut_640x480"), await photo("chelsea")
before = engine.memory().numTensors
out, ms, errors = {}, {}, []
for kind, name, image in [(HandModel, "full", hands), (HandModel, "full", cat),
                          (FaceModel, "irises", astronaut), (FaceModel, "irises", cat),
                          (SegmentModel, "selfie", astronaut)]:
    model = await kind.load(name)
    key = f"{name}/{image.src.split('/')[-1]}"
    out[key], ms[key] = await twice(model, image)
    model.dispose()
# the mask to draw: the pixels body-segmentation's toBinaryMask gives, at any threshold
from lab.segment.model import CLEAR, PERSON
model, drawn_same = await SegmentModel.load("selfie"), {}
for threshold in (0.5, 0.25, 0.92):  # 0.25: toBinaryMask keeps p >= 63.5 / 255
    pixels = js.labPixels(astronaut, 640, 480)
    [person] = await model._detector.segmentPeople(pixels)
    wanted = await js.bodySegmentation.toBinaryMask(person, PERSON, CLEAR, False, threshold)
    person.mask.mask.dispose()
    pixels.dispose()
    drawn = (await model.estimate(astronaut, 640, 480, threshold=threshold, mask=True))["mask"]
    drawn_same[str(threshold)] = [(drawn.width, drawn.height) == (wanted.width, wanted.height),
                                  drawn.data.to_py() == wanted.data.to_py(),
                                  sum(wanted.data.to_py()[3::4]) // 255]
model.dispose()
for wrong in [lambda: HandModel.check("huge"),
              lambda: FaceModel.options(FaceModel.check("mesh"), max_faces=0)]:
    try:
        wrong()
    except ValueError as error:
        errors.append(str(error))
demo.publish(vision=out, vision_ms=ms, vision_errors=errors, drawn_same=drawn_same,
             vision_left=engine.memory().numTensors - before)
'''


def test_the_python_models_give_the_contracts_answers(shared_app):
    app = shared_app
    app.open(demo="tensors")
    app.set_code("tensors", PYTHON)
    app.run_code("tensors")
    r = app.wait_result("tensors", "r.vision_left !== undefined", timeout=120_000)
    app.page.click("#tensors-code-reset")  # the page as it was, for the next test
    print("python route ms:", r["vision_ms"])
    assert r["vision_left"] == 0, r["vision_left"]
    assert r["vision_errors"] == ['Unknown hand model "huge": choose one of lite, full.',
                                  "max_faces must be a whole number from 1 to 10, not 0."]
    found = r["vision"]
    assert found["full/chelsea.png"] == [] and found["irises/chelsea.png"] == []
    hands = found["full/hands.png"]
    reference = REFERENCE["hands"]["hands"]["full"]
    # MediaPipe names a hand as in a mirror; the page names the person's own (lab.hands.keypoints)
    swapped = {"Left": "Right", "Right": "Left"}
    assert [hand["handedness"] for hand in hands] == [swapped[ref["handedness"]] for ref in reference]
    for hand, ref in zip(hands, reference, strict=True):
        points = hand["keypoints"]
        assert [p["name"] for p in points][:2] == ["wrist", "thumb_cmc"] and len(points) == 21
        assert set(points[0]) == {"name", "x", "y", "z", "score"}
        assert set(hand["box"]) == {"xMin", "yMin", "width", "height"}
        err = errors([(p["x"], p["y"]) for p in points], ref["keypoints"])
        assert statistics.median(err) <= 0.03 * size(ref["keypoints"])  # as in test_vision_models.py
    [face] = found["irises/astronaut_640x480.png"]
    [ref] = REFERENCE["face"]["astronaut_640x480"]["irises"]
    err = errors([(p["x"], p["y"]) for p in face["keypoints"]], ref["keypoints"])
    assert len(err) == 478 and max(err) <= 0.06 * size(ref["keypoints"])
    assert set(face["box"]) == {"xMin", "yMin", "width", "height"}
    segment, ref = found["selfie/astronaut_640x480.png"], REFERENCE["segment"]["astronaut_640x480"]
    assert max(abs(a - b) for a, b in zip(segment["grid"], ref["grid"], strict=True)) <= 0.1
    assert abs(segment["person_fraction"] - ref["person_fraction"]) <= 0.02
    # lab.segment.model draws its mask itself: byte for byte toBinaryMask's, and a person in it
    # that grows as the threshold falls
    drawn = r["drawn_same"]
    assert all(same_size and same for same_size, same, _ in drawn.values()), drawn
    assert 0 < drawn["0.92"][2] < drawn["0.5"][2] < drawn["0.25"][2] < 640 * 480, drawn


@pytest.mark.camera("astronaut_640x480")
def test_the_face_demo_shows_the_mesh_and_says_when_there_is_no_face(app):
    app.open(demo="face", query="face=irises")
    r = app.wait_result("face", "r.frame >= 1 && r.model === 'irises'", timeout=120_000)
    assert (r["source"], r["width"], r["height"], r["where"]) == ("camera", 640, 480, "page")
    [face] = r["faces"]
    [ref] = REFERENCE["face"]["astronaut_640x480"]["irises"]
    err = errors([(p["x"], p["y"]) for p in face["keypoints"]], ref["keypoints"])
    # the fake camera's frames went through YUV 4:2:0 and back: a little more than a PNG's error
    assert len(err) == 478 and statistics.median(err) <= 0.03 * size(ref["keypoints"])
    app.page.wait_for_function(  # said once a second at most (lab.a11y)
        "document.getElementById('face-stage-text').textContent.includes('1 face, 478 points')")
    app.page.click("#face-samples button[data-sample='coffee']")   # a cup: no face
    r = app.wait_result("face", "r.source === 'image' && r.faces.length === 0", timeout=60_000)
    assert "No face found" in app.message("face")
    assert r["tensors"] == app.num_tensors()
