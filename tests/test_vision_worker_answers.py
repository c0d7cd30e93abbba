"""The hand, face and person-mask models in a Web Worker (js/vision_worker.js,
lab.vision.worker_model) give the page's answers: photo by photo, camera frames followed as on
the page (the face's), and the person mask to draw. The demos run there: test_vision_worker.py.

The worker and the page run the same task package and model files on the same TF.js build and
backend (wasm), fed the same RGBA bytes (js/pixels.js reads them on the page either
way): the answers are the same up to the contract's rounding, so the tolerance is that
rounding (0.1 px, 1e-4), not a model's error.
"""

import pytest

# Run as the Core API demo's edited code: each model on the page's thread and in a worker, on
# the same photo; the page's tensors before and after the worker's frames.
PYTHON = '''
import js
from pyodide.ffi import create_proxy

from lab import Demo
from lab.core.bridge import to_js
from lab.face.model import FaceModel
from lab.hands.model import HandModel
from lab.segment.model import SegmentModel
from lab.vision.worker_model import WorkerDetector

demo = Demo("tensors")
engine = js.tf


async def photo(name):
    image = js.Image.new()
    image.src = f"tests/data/photos/{name}.png"
    await image.decode()
    return image


async def camera():
    stream = await js.navigator.mediaDevices.getUserMedia(to_js({"video": True}))
    video = js.document.createElement("video")
    video.muted = True
    video.srcObject = stream
    await video.play()
    return video, stream, {"width": video.videoWidth, "height": video.videoHeight}


async def followed(model, video, size, image, image_size):
    """Three camera frames then the photo: the answers, and how often the face detector ran."""
    inner = model._detector.detector
    bound, runs = inner.detectFaces.bind(inner), []
    spy = create_proxy(lambda *args: runs.append(1) or bound(*args))
    inner.detectFaces = spy
    try:
        answers = [await model.estimate(video, **size) for _ in range(3)]
        answers.append(await model.estimate(image, **image_size))
    finally:
        inner.detectFaces = bound
        spy.destroy()
    return answers, len(runs)


video, stream, video_size = await camera()
out = {}
for kind, name, picture, options in [(HandModel, "lite", "hands", {}),
                                     (FaceModel, "irises", "astronaut_640x480", {}),
                                     (SegmentModel, "selfie", "astronaut_640x480",
                                      {"threshold": 0.5})]:
    image = await photo(picture)
    size = {"width": image.naturalWidth, "height": image.naturalHeight}
    on_page = await kind.load(name)
    page_found = [await on_page.estimate(image, **size, **options) for _ in range(3)]
    page_mask = options and (await on_page.estimate(image, **size, **options, mask=True))["mask"]
    tracked = {}
    if kind is FaceModel:  # camera frames follow the face; a photo after them stands alone
        tracked["page"], tracked["detector_runs"] = await followed(on_page, video, video_size,
                                                                   image, size)
    on_page.dispose()
    before = engine.memory().numTensors
    worker = await WorkerDetector.load(kind, name)
    found = [await worker.estimate(image, **size, **options) for _ in range(3)]
    if tracked:
        tracked["worker"] = [await worker.estimate(video, **video_size) for _ in range(3)]
        tracked["worker"].append(await worker.estimate(image, **size))
    mask = None
    if options:  # and the mask to draw, as the segment demo asks for it
        drawn = (await worker.estimate(image, **size, **options, mask=True)).pop("mask")
        opaque = drawn.data.to_py()[3::4]
        mask = {"width": drawn.width, "height": drawn.height, "bytes": drawn.data.length,
                "person": sum(1 for alpha in opaque if alpha) / len(opaque),
                "differ": (int.from_bytes(drawn.data.to_py()) ^ int.from_bytes(   # pixels:
                    page_mask.data.to_py())).bit_count() // 32}       # all four bytes flip
    out[kind.__name__] = {"page": page_found, "worker": found, "where": worker.where,
                          "page_tensors": engine.memory().numTensors - before, "mask": mask,
                          "worker_tensors": js.labWorkerStats().tensors, "tracked": tracked}
    worker.dispose()
for track in stream.getTracks():
    track.stop()
demo.publish(vision_worker=out, workers_left=js.labWorkerStats().workers)
'''


def close(a, b, tolerance: float, path: str = ""):
    """`a` and `b` equal, numbers within `tolerance`, everything else exactly."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), path
        for key in a:
            close(a[key], b[key], tolerance, f"{path}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            close(x, y, tolerance, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert abs(a - b) <= tolerance, (path, a, b)
    else:
        assert a == b, (path, a, b)


@pytest.mark.camera("astronaut_640x480")
def test_the_worker_gives_the_pages_answers(shared_app):
    app = shared_app
    app.open(demo="tensors")
    app.set_code("tensors", PYTHON)
    app.run_code("tensors")
    r = app.wait_result("tensors", "r.workers_left !== undefined", timeout=150_000)
    app.page.click("#tensors-code-reset")  # the page as it was, for the next test
    assert r["workers_left"] == 0
    hands, faces, segment = (r["vision_worker"][k] for k in ("HandModel", "FaceModel",
                                                               "SegmentModel"))
    assert len(hands["page"][0]) == 2 and len(faces["page"][0]) == 1  # something to find
    assert len(faces["page"][0][0]["keypoints"]) == 478
    for found in (hands, faces, segment):
        assert found["where"] == "worker"
        assert found["page_tensors"] == 0 and found["worker_tensors"] > 0
        # call by call, one step of the contract's rounding (0.1 px, 1e-4) apart at most
        close(found["worker"], found["page"], 0.1 if found is not segment else 1e-4)
        # a photo stands alone: face-landmarks-detection would start from the last call's face
        # region even in static image mode, the lab resets it
        assert found["page"][0] == found["page"][1] == found["page"][2]
    # camera frames follow the face (the detector ran on the first only), in the worker alike;
    # the photo after them is looked at afresh: the photo's own answer
    tracked = faces["tracked"]
    assert tracked["detector_runs"] == 2
    close(tracked["worker"], tracked["page"], 0.1)
    # and following differs from looking afresh (the first camera frame), so a worker that
    # looked afresh at every frame would not pass the line above
    first, second = (tracked["page"][i][0]["keypoints"] for i in (0, 1))
    assert max(abs(a[axis] - b[axis]) for a, b in zip(first, second) for axis in "xy") > 0.5
    assert tracked["page"][3] == faces["page"][0]
    mask = segment["mask"]
    assert (mask["width"], mask["height"], mask["bytes"]) == (640, 480, 640 * 480 * 4)
    # the mask drawn is the one summed up: the person's share is the share drawn opaque
    assert abs(mask["person"] - segment["page"][0]["person_fraction"]) < 0.01
    # and it is the page's mask (bytes of a pixel the model is unsure of may differ)
    assert mask["differ"] <= 0.001 * 640 * 480, mask["differ"]
