"""The camera demos run their models in a Web Worker by default (js/vision_worker.js,
lab.vision.worker_model): the face demo there and its outlines drawn, back on the page's thread
when asked or when the worker cannot start; the hands and segment demos there alike. That the
worker's answers are the page's: test_vision_worker_answers.py.
"""

import math

import pytest

from conftest import PHOTOS
from lab.face.contours import paths
from vision_reference import REFERENCE, hand_within_tolerance


def far_from_dots_and_box(face: dict, count: int = 6) -> list[tuple[int, int]]:
    """The longest outline segments whose midpoints are over 4 px from every outline point
    and from the box: green there only if the segment is drawn as a line."""
    points, box = face["keypoints"], face["box"]
    on_outline = {i for line in paths(len(points)) for i in line}
    found = []
    for line in paths(len(points)):
        for a, b in zip(line, line[1:]):
            x, y = (points[a]["x"] + points[b]["x"]) / 2, (points[a]["y"] + points[b]["y"]) / 2
            near_dot = min(math.dist((x, y), (points[i]["x"], points[i]["y"]))
                           for i in on_outline)
            near_box = min(abs(x - box["xMin"]), abs(x - box["xMin"] - box["width"]),
                           abs(y - box["yMin"]), abs(y - box["yMin"] - box["height"]))
            if near_dot > 4 and near_box > 4:
                found.append((near_dot, (a, b)))
    return [pair for _, pair in sorted(found, reverse=True)[:count]]


# the face demo's green at the midpoint of each of these outline segments
GREEN_AT_MIDPOINTS = """([points, pairs]) => {
    const canvas = document.querySelector('#face-stage canvas');
    const r = JSON.parse(document.getElementById('face-result').textContent);
    const density = canvas.width / 640, context = canvas.getContext('2d');
    return pairs.map(([a, b]) => {
        const x = (points[a].x + points[b].x) / 2, y = (points[a].y + points[b].y) / 2;
        const cx = r.mirrored ? 640 - x : x;
        const data = context.getImageData(Math.round(cx * density) - 1,
                                          Math.round(y * density) - 1, 3, 3).data;
        let green = 0;
        for (let i = 0; i < data.length; i += 4)
            if (data[i] <= 60 && data[i + 1] >= 160 && data[i + 2] <= 120) green++;
        return green > 0;
    });
}"""


@pytest.mark.camera("astronaut_640x480")
def test_the_face_demo_runs_its_model_in_a_worker_and_draws_the_outlines(shared_app):
    app = shared_app
    app.open(demo="face", worker=None)  # the default
    first = app.wait_result("face", "r.where === 'worker' && r.frame >= 1", timeout=120_000)
    later = app.wait_result("face", f"r.where === 'worker' && r.frame >= {first['frame'] + 3}",
                            timeout=60_000)
    assert app.page.is_checked("#face-worker") and app.message("face") == ""
    assert app.page.text_content("#face-where") == "in a worker"
    assert len(later["faces"]) == 1 and len(later["faces"][0]["keypoints"]) == 468
    stats = app.stats()
    assert stats["workers"] == 1 and stats["workerTensors"] > 0
    assert later["tensors"] == first["tensors"] == app.num_tensors()  # flat on the page
    # outlines: lines between the outlines' points, where dots on those points leave gaps
    app.page.check("#face-outlines")
    app.wait_result("face", f"r.frame >= {later['frame'] + 2}", timeout=60_000)
    face = later["faces"][0]
    pairs = far_from_dots_and_box(face)
    assert len(pairs) >= 4, pairs
    assert all(app.page.evaluate(GREEN_AT_MIDPOINTS, [face["keypoints"], pairs])), pairs
    app.page.uncheck("#face-outlines")
    # switched off: the page's thread, the worker gone
    app.page.uncheck("#face-worker")
    on_page = app.wait_result("face", "r.where === 'page' && r.frame >= 1", timeout=120_000)
    assert app.stats()["workers"] == 0 and len(on_page["faces"]) == 1
    app.page.wait_for_function(
        "document.getElementById('face-where').textContent === \"on the page's thread\"")


@pytest.mark.camera("astronaut_640x480")
def test_a_face_worker_that_cannot_start_leaves_the_model_on_the_page(shared_app):
    app = shared_app
    app.guards.allow_console_error(r"vision_worker|404")
    app.page.route("**/js/vision_worker.js", lambda route: route.fulfill(status=404, body="gone"))
    try:
        # ?worker_wait (seconds, for tests): how long a worker may take to answer its load
        app.open(demo="face", query="worker=0&worker_wait=2")
        r = app.wait_result("face", "r.frame >= 1", timeout=120_000)
        assert r["where"] == "page" and not app.page.is_checked("#face-worker")
        app.page.check("#face-worker")  # asked for, but it cannot start
        app.page.wait_for_function("document.querySelector('#face-message').textContent"
                                   ".includes(\"The model runs on the page's thread\")",
                                   timeout=120_000)
        assert "the face worker" in app.message("face")
        r = app.wait_result("face", f"r.frame >= {app.result('face')['frame'] + 2}",
                            timeout=60_000)
        assert r["where"] == "page" and len(r["faces"]) == 1
        assert app.stats()["workers"] == 0

        # one that starts but never answers its load (Firefox isolated did, now and then: issue
        # 32) is stopped after the wait; the model stays on the page's thread, which says so
        app.page.unroute("**/js/vision_worker.js")
        app.page.route("**/js/vision_worker.js", lambda route: route.fulfill(
            status=200, content_type="text/javascript", body="self.onmessage = () => {};"))
        app.page.uncheck("#face-worker")
        app.wait_result("face", f"r.frame >= {app.result('face')['frame'] + 1}", timeout=60_000)
        app.page.check("#face-worker")
        said = app.wait_message("face", "did not answer", timeout=30_000)
        assert "The model runs on the page's thread: the face worker did not answer" in said, said
        assert "reload the page" in said, said
        r = app.wait_result("face", f"r.frame >= {app.result('face')['frame'] + 2}",
                            timeout=60_000)
        assert r["where"] == "page" and len(r["faces"]) == 1
        assert app.stats()["workers"] == 0
    finally:
        app.page.unroute("**/js/vision_worker.js")


@pytest.mark.camera("astronaut_640x480")
def test_the_hands_and_segment_demos_run_their_models_in_the_worker(shared_app):
    app = shared_app
    app.open(demo="segment", worker=None)  # the default
    app.wait_result("segment", "r.where === 'worker' && r.frame >= 1", timeout=120_000)
    app.page.set_input_files("#segment-file", str(PHOTOS / "astronaut_640x480.png"))
    r = app.wait_result("segment", "r.source === 'image' && r.where === 'worker' && r.frame >= 1",
                        timeout=120_000)
    reference = REFERENCE["segment"]["astronaut_640x480"]
    assert max(abs(a - b) for a, b in zip(r["grid"], reference["grid"])) <= 0.1
    assert app.page.text_content("#segment-where") == "in a worker"
    assert app.message("segment") == "" and app.stats()["workers"] == 1
    app.open(demo="hands", worker=None)
    app.wait_result("hands", "r.where === 'worker' && r.frame >= 1", timeout=120_000)
    app.page.set_input_files("#hands-file", str(PHOTOS / "hands.png"))
    r = app.wait_result("hands", "r.source === 'image' && r.where === 'worker' && r.frame >= 1",
                        timeout=120_000)
    assert len(r["hands"]) == 2 and app.page.text_content("#hands-where") == "in a worker"
    for hand, expected in zip(r["hands"], REFERENCE["hands"]["hands"]["lite"]):
        ok, how = hand_within_tolerance([[k["x"], k["y"]] for k in hand["keypoints"]],
                                        expected["keypoints"])
        assert ok, how
