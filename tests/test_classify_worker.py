"""The image classifier with its model in a Web Worker (?worker=1 or the "In a worker" switch).

The same model as on the page's thread, from the same vendored files, fed the same square of
the same picture: the answers must agree. The fake camera shows chelsea (a cat).
"""

import pytest

from classify_support import PHOTOS, assert_matches_reference, labels

TOLERANCE = 0.02  # worker and page may scale the picture down along different paths


def assert_same_answer(a: list, b: list):
    assert a[0]["label"] == b[0]["label"], (labels(a), labels(b))
    got = {e["label"]: e["confidence"] for e in b}
    for entry in a[:3]:
        assert abs(got[entry["label"]] - entry["confidence"]) < TOLERANCE, (a, b)


def next_result(app, condition: str, timeout: int = 120_000) -> dict:
    frame = app.result("classify").get("frame") or 0
    return app.wait_result("classify", f"r.frame > {frame} && {condition}", timeout=timeout)


@pytest.mark.camera("chelsea")
def test_the_worker_classifies_as_the_page_does_and_goes_with_the_demo(app):
    app.open(demo="classify", query="worker=1")
    app.wait_result("classify", "r.where === 'worker' && r.frames >= 3", timeout=120_000)
    assert app.page.is_checked("#classify-worker")
    camera_in_worker = next_result(app, "r.where === 'worker' && r.source === 'camera'")
    assert_matches_reference(camera_in_worker["top"], "chelsea", tolerance=0.12)
    assert app.message("classify") == ""
    # what a user sees: the best guess listed beside the video
    best = camera_in_worker["top"][0]["label"].split(",")[0]
    app.page.wait_for_function(f"document.querySelector('#classify-top li')?.textContent"
                               f".includes({best!r})")

    # one worker, its tensors flat from frame to frame (labStats() adds them up)
    before = app.stats()
    after_ten = app.wait_result("classify", f"r.frame >= {camera_in_worker['frame'] + 10}",
                                timeout=90_000)
    after = app.stats()
    assert before["workers"] == after["workers"] == 1
    assert before["workerTensors"] == after["workerTensors"] > 0
    assert after_ten["tensors"] == camera_in_worker["tensors"]  # none left on the page either

    # a photo: exactly the reference's 224x224 pixels
    app.page.set_input_files("#classify-file", str(PHOTOS / "coffee.png"))
    photo_in_worker = next_result(app, "r.source === 'image' && r.size[0] === 224")
    assert photo_in_worker["where"] == "worker"
    assert_matches_reference(photo_in_worker["top"], "coffee", tolerance=0.01)

    # switched off: the photo is classified again, on the page's thread, the same way
    app.page.uncheck("#classify-worker")
    photo_on_page = next_result(app, "r.where === 'page' && r.source === 'image'")
    assert app.stats()["workers"] == 0
    assert_same_answer(photo_in_worker["top"], photo_on_page["top"])

    # and the camera, on the page's thread
    app.page.click("#classify-camera")
    camera_on_page = next_result(app, "r.where === 'page' && r.source === 'camera'")
    assert_same_answer(camera_in_worker["top"], camera_on_page["top"])

    # back in a worker; the demo stopped (another tab): its worker is gone
    app.page.check("#classify-worker")
    next_result(app, "r.where === 'worker' && r.source === 'camera'")
    assert app.stats()["workers"] == 1
    app.page.click("#tab-tensors")
    app.page.wait_for_function("JSON.parse(labStats()).workers === 0")


@pytest.mark.camera("chelsea")
def test_a_worker_that_cannot_start_leaves_the_model_on_the_page_with_a_message(app, guards):
    guards.allow_console_error(r"classify_worker|404")
    app.page.route("**/js/classify_worker.js", lambda route: route.fulfill(status=404, body="gone"))
    app.open(demo="classify", query="worker=1")
    app.page.wait_for_function("document.querySelector('#classify-message').textContent"
                               ".includes('the classify worker')", timeout=120_000)
    result = app.wait_result("classify", f"r.frames >= {(app.result('classify').get('frames') or 0) + 1}",
                             timeout=60_000)
    assert result["where"] == "page" and app.page.is_checked("#classify-worker")  # still asked for
    assert_matches_reference(result["top"], "chelsea", tolerance=0.12)
    message = app.message("classify")
    assert message.startswith("The model runs on the page's thread: the classify worker")
    assert app.stats()["workers"] == 0
    more = app.wait_result("classify", f"r.frames >= {result['frames'] + 3}", timeout=60_000)
    assert more["where"] == "page" and more["tensors"] == result["tensors"]


@pytest.mark.camera("chelsea")
def test_damaged_weights_are_explained_with_the_worker_on_as_on_the_page(app, guards):
    # the page's thread loads the model first: a model it cannot load goes to no worker
    guards.allow_console_error(r".")  # the failed weight file, in the worker
    app.page.route("**/models/efficientnet-lite0/group1-shard2of3.bin",
                   lambda route: route.fulfill(status=200, body=b"\x00garbage" * 64,
                                               content_type="application/octet-stream"))
    app.open(demo="classify", query="worker=1")
    app.page.wait_for_selector("#classify-message.error", state="visible", timeout=90_000)
    message = app.message("classify")
    # the words the page's thread uses: its check finds the weight files' sizes wrong before
    # ml5 loads anything (lab.classify.model_check)
    assert message.startswith("The classifier model is missing or damaged: its weight files hold")
    assert "./lab serve" in message and "worker" not in message
    assert app.result("classify")["status"] == "error"
    app.page.wait_for_function("JSON.parse(labStats()).workers === 0")
