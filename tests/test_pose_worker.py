"""The pose demo with its model in a Web Worker (the default, ?worker=1 or the "In a worker"
switch): on the page's thread first, then in the worker once it has loaded the model.

The same models as on the page's thread, from the same vendored files; the page's
thread only grabs each frame and draws. The fake camera shows the astronaut.
"""

import pytest

from pose_support import assert_found_where_they_are, on_camera

# How many turns of a 5 ms timer the page's thread gets through in 2 s while the demo runs: a
# model frame on that thread holds the timer as long as the frame runs (a key pressed waits too).
TIMER_TURNS = """() => new Promise(done => {
    let turns = 0;
    const start = performance.now();
    const tick = () => {
        turns++;
        if (performance.now() - start < 2000) setTimeout(tick, 5); else done(turns);
    };
    setTimeout(tick, 5);
})"""

# Every `where` #pose-result says, in order (repeats left out), from the page's start.
WHERE_SAID = """window.__whereSaid = [];
new MutationObserver(() => {
    const text = document.getElementById('pose-result')?.textContent;
    const where = text && text.trim() && JSON.parse(text).where;
    if (where && window.__whereSaid.at(-1) !== where) window.__whereSaid.push(where);
}).observe(document, {subtree: true, childList: true, characterData: true});"""


def keypoints(result: dict) -> dict:
    return {p["name"]: p for p in result["poses"][0]["keypoints"]}


@pytest.mark.camera("astronaut_640x480")
def test_the_worker_finds_the_same_keypoints_as_the_page_and_leaves_the_page_free(app):
    app.page.add_init_script(WHERE_SAID)
    app.open(demo="pose", query="pose=movenet", worker=None)  # the default
    app.wait_result("pose", "r.where === 'worker' && r.frame >= 1", timeout=120_000)
    in_worker = app.wait_result("pose", f"r.where === 'worker' && r.frame >= "
                                        f"{app.result('pose')['frame'] + 5}", timeout=90_000)
    # the page's thread answered until the worker had loaded the model, then freed its model
    assert app.page.evaluate("window.__whereSaid") == ["page", "worker"]
    assert in_worker["tensors"] == 0 and app.message("pose") == ""
    assert app.page.is_checked("#pose-worker")
    assert_found_where_they_are(keypoints(in_worker), on_camera, 0.3)
    # one worker, its tensors flat from frame to frame (labStats() adds them up)
    before = app.stats()
    app.wait_result("pose", f"r.frame >= {in_worker['frame'] + 10}", timeout=90_000)
    after = app.stats()
    assert before["workers"] == after["workers"] == 1
    assert before["workerTensors"] == after["workerTensors"] > 0
    turns_beside_worker = app.page.evaluate(TIMER_TURNS)
    # typing in the demo's editor while the model runs: every key is taken and shows
    code = app.code("pose")
    app.page.click("#pose-editor .CodeMirror-code .CodeMirror-line >> nth=0")  # not the measuring copy
    app.page.keyboard.press("Home")
    app.page.keyboard.type("# typed while the model runs\n", delay=20)
    assert app.code("pose").startswith("# typed while the model runs\n")
    app.set_code("pose", code)
    # drawn on the stage as before: a red dot on the nose
    nose = keypoints(in_worker)["nose"]
    assert app.page.evaluate("""([x, y]) => {
        const canvas = document.querySelector('#pose-stage canvas');
        const mirrored = JSON.parse(document.getElementById('pose-result').textContent).mirrored;
        const density = canvas.width / 640, cx = mirrored ? 640 - x : x;
        const data = canvas.getContext('2d').getImageData(
            Math.round((cx - 3) * density), Math.round((y - 3) * density), 6, 6).data;
        let red = 0;
        for (let i = 0; i < data.length; i += 4)
            if (data[i] >= 200 && data[i + 1] <= 60 && data[i + 2] <= 60) red++;
        return red; }""", [nose["x"], nose["y"]]) > 0

    # switched off: the same model on the page's thread finds the same places
    app.page.uncheck("#pose-worker")
    app.wait_result("pose", "r.where === 'page' && r.frame >= 1", timeout=120_000)
    assert app.stats()["workers"] == 0
    on_page = app.wait_result("pose", f"r.where === 'page' && r.frame >= "
                                      f"{app.result('pose')['frame'] + 5}", timeout=90_000)
    for name in ("nose", "left_eye", "right_eye", "left_shoulder", "right_shoulder"):
        a, b = keypoints(in_worker)[name], keypoints(on_page)[name]
        assert abs(a["x"] - b["x"]) < 6 and abs(a["y"] - b["y"]) < 6, (name, a, b)
    # the worker left the page's thread free: the same timer turned far more often beside it
    # than with the model's frames on the thread (both measured under whatever else runs)
    turns_beside_model = app.page.evaluate(TIMER_TURNS)
    assert turns_beside_worker >= 1.5 * turns_beside_model, (turns_beside_worker, turns_beside_model)

    # and back in a worker, with another model: it loads there
    app.page.check("#pose-worker")
    app.page.select_option("#pose-model", "blazepose")
    blaze = app.wait_result("pose", "r.where === 'worker' && r.model === 'blazepose' && r.frame >= 1",
                            timeout=120_000)
    assert blaze["poses"] and blaze["poses"][0]["keypoints3D"]
    assert app.stats()["workers"] == 1  # the last model's worker went with it

    # flipped twice while a model loads: it ends where the switch says
    app.page.select_option("#pose-model", "movenet")
    app.page.uncheck("#pose-worker")
    app.page.check("#pose-worker")
    app.page.uncheck("#pose-worker")
    app.wait_result("pose", "r.model === 'movenet' && r.frame >= 1", timeout=120_000)
    settled = app.wait_result("pose", f"r.frame >= {app.result('pose')['frame'] + 3}")
    assert settled["where"] == "page" and app.stats()["workers"] == 0, settled["where"]

    # the demo stopped (another tab): its worker is gone
    app.page.click("#tab-tensors")
    app.page.wait_for_function("JSON.parse(labStats()).workers === 0")


@pytest.mark.camera("astronaut_640x480")
def test_a_worker_that_cannot_start_leaves_the_model_on_the_page_with_a_message(app, guards):
    guards.allow_console_error(r"pose_worker|404")
    app.page.route("**/js/pose_worker.js", lambda route: route.fulfill(status=404, body="gone"))
    app.open(demo="pose", query="pose=movenet&worker=1")
    app.page.wait_for_function("document.querySelector('#pose-message').textContent"
                               ".includes(\"The model runs on the page's thread\")",
                               timeout=120_000)
    result = app.wait_result("pose", f"r.frame >= {(app.result('pose').get('frame') or 0) + 2}",
                             timeout=60_000)
    assert result["where"] == "page" and result["poses"][0]["score"] > 0.3
    assert app.stats()["workers"] == 0


# the real worker script, which stops with an uncaught error at its fifth frame
CRASH_AT_FIFTH_FRAME = """
;(() => {
  const serve = self.onmessage;
  let runs = 0;
  self.onmessage = (event) => {
    if (event.data.type === "run" && ++runs === 5) setTimeout(() => { throw new Error("test crash"); });
    else serve(event);
  };
})();
"""


@pytest.mark.camera("astronaut_640x480")
def test_a_worker_that_crashes_mid_run_hands_the_model_to_the_page(app, guards):
    guards.allow_console_error(r"test crash")

    def crashing(route):
        real = route.fetch()
        route.fulfill(response=real, body=real.text() + CRASH_AT_FIFTH_FRAME)

    app.page.route("**/js/pose_worker.js", crashing)
    app.open(demo="pose", query="pose=movenet&worker=1")
    app.wait_result("pose", "r.where === 'worker' && r.frame >= 1", timeout=120_000)
    taken_over = app.wait_result("pose", "r.where === 'page'", timeout=120_000)
    assert "the pose worker stopped" in app.message("pose")
    assert "test crash" in app.message("pose")
    assert "reload the page to try the worker again" in app.message("pose")  # what to do
    # the demo goes on, on the page's thread, with one model and no worker
    later = app.wait_result("pose", f"r.frame >= {taken_over['frame'] + 3}", timeout=90_000)
    assert later["where"] == "page" and later["poses"][0]["score"] > 0.3
    assert app.stats()["workers"] == 0
