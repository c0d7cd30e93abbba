"""Teach's Motion (body) mode in a real Chromium whose fake camera moves the astronaut side to
side, then up and down, then holds still (tests/motion_support.py): one clip of each motion,
recorded by holding "Hold to record", names the motion at other moments (the next loops: a window
of the last frames, caught at any point of the swing); the still segment claims no motion; tensors
stay flat; the dataset file keeps the clips."""

import json
import time
from collections import Counter

import pytest

from conftest import App, Guards
from harness import CHROMIUM, QUIET_FLAGS
from motion_support import PHASE_JS, SEGMENT_FRAMES, SEGMENTS, moving_y4m

IN_PHASE = "([segment, first, last]) => { const p = (" + PHASE_JS + ")(); " \
           "return !!p && p[0] === segment && p[1] >= first && p[1] <= last; }"
JUDGED = range(17, SEGMENT_FRAMES)  # the window (0.6 of a 2 s clip) then holds only this segment


@pytest.fixture(scope="module")
def moving_browser(playwright_instance, tmp_path_factory):
    y4m = moving_y4m(tmp_path_factory.mktemp("moving"))
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=QUIET_FLAGS + ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                            f"--use-file-for-fake-video-capture={y4m}"])
    yield browser
    browser.close()


@pytest.fixture
def moving_app(moving_browser, server):
    guards = Guards(server)
    context = moving_browser.new_context(viewport={"width": 1280, "height": 900})
    yield App(guards.watch(context), server, guards)
    context.close()
    problems = guards.problems()
    if problems:
        pytest.fail("The page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


def wait_phase(app, segment: int, first: int, last: int):
    app.page.wait_for_function(IN_PHASE, arg=[segment, first, last], polling=40, timeout=30_000)


def record_clip(app, row: int, segment: int):
    """Hold the row's button over most of the segment (about two swings): one clip."""
    wait_phase(app, segment, 1, 3)
    app.page.locator(".teach-class .teach-record").nth(row).hover()
    app.page.mouse.down()
    wait_phase(app, segment, 21, 23)
    app.page.mouse.up()
    return app.wait_result("teach", f"r.recording === null && r.clips[{row}] === 1")


def judged_loop(app, segments: int = len(SEGMENTS)) -> dict:
    """(segment -> labels) over one loop of the camera (its first `segments`), the window in one
    segment; and the results."""
    labels, results = {i: [] for i in range(len(SEGMENTS))}, []
    wait_phase(app, 0, 0, 2)
    end = time.monotonic() + segments * SEGMENT_FRAMES / 10
    while time.monotonic() < end:
        phase, text = app.page.evaluate(
            "() => [(" + PHASE_JS + ")(), document.getElementById('teach-result').textContent]")
        r = json.loads(text)
        if phase and phase[1] in JUDGED and r["prediction"] is not None:
            labels[phase[0]].append(r["prediction"]["label"])
            results.append(r)
        time.sleep(0.1)
    return labels, results


def test_two_motions_from_clips_are_told_apart_and_still_claims_none(moving_app, tmp_path):
    app = moving_app
    app.open(demo="teach")
    app.wait_result("teach", "r.mode && r.frame >= 1", timeout=120_000)
    app.page.select_option("#teach-mode", "motion-pose")
    first = app.wait_result("teach", "r.mode === 'motion-pose' && r.frame >= 1", timeout=120_000)
    assert first["clips"] == [0, 0] and first["prediction"] is None
    for row, name in enumerate(SEGMENTS[:2]):
        field = app.page.locator(".teach-class .teach-name").nth(row)
        field.fill(name)
        field.press("Tab")
    record_clip(app, 0, 0)
    taught = record_clip(app, 1, 1)
    assert 4 <= taught["window_frames"] <= 30, taught["window_frames"]

    labels, results = judged_loop(app)
    print("labels by segment:", labels, "DTW ms:", sorted(r["match_ms"] for r in results if r["match_ms"]),
          "movement:", [r["movement"] for r in results])
    for segment, name in enumerate(SEGMENTS[:2]):
        said = Counter(labels[segment])
        assert said[name] >= 2 and said[name] >= 0.7 * len(labels[segment]), (name, labels)
    # still: no motion (a busy machine's frames lag: the window may still end in the swing first)
    assert labels[2] and labels[2][-1] is None and labels[2].count(None) >= 0.6 * len(labels[2]), labels
    assert any(r["still"] for r in results) and all(r["movement"] is not None for r in results)
    assert len({r["tensors"] for r in results}) == 1, [r["tensors"] for r in results]

    # a trained network (a GRU on windows of the clips) names them too, and exports with metadata
    app.page.fill("#teach-epochs", "150")
    app.page.fill("#teach-rate", "0.01")
    app.page.click("#teach-train")
    trained = app.wait_result("teach", "r.trained && r.method === 'network'", timeout=60_000)
    labels, results = judged_loop(app, segments=2)
    print("network's labels by segment:", labels)
    # each motion named in its own segment, not one label for all; how often is issue 33's open item:
    # the network takes windows of a fixed number of frames, so a loop slower than when the clips
    # were recorded (a busy machine) shows it motions at another speed and it errs (DTW does not)
    for segment, name in enumerate(SEGMENTS[:2]):
        assert name in labels[segment], (name, labels)
    assert {r["tensors"] for r in results} == {trained["tensors"]}
    files = {}
    app.page.on("download", lambda d: files.update({d.suggested_filename: d.path()}))
    app.page.click("#teach-export")
    app.page.wait_for_function("document.querySelector('#teach-message').textContent"
                               ".includes('Exported')")
    app.page.wait_for_timeout(500)  # the second download follows the first
    meta = json.loads(open(files["teach-motion-pose-model-metadata.json"]).read())
    assert (meta["labels"], meta["windowFrames"], meta["inputShape"]) == \
        (list(SEGMENTS[:2]), 10, [10, 36])
    assert meta["keypoints"][0] == "nose" and "normalise_clip" in meta["inputs"]
    app.page.click("#teach-use-knn")

    # the dataset file keeps the clips; 50 of each loaded back name the motions again, quickly
    with app.page.expect_download() as download:
        app.page.click("#teach-download")
    saved = tmp_path / "teach-motion-pose.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert (data["mode"], data["dims"]) == ("motion-pose", 34)
    clips = [c["samples"][0] for c in data["classes"]]
    assert all(len(c["features"]) % 34 == 0 and len(c["features"]) >= 4 * 34 for c in clips)
    assert all(c["thumb"].startswith("data:image/png;base64,") for c in clips)   # the trace
    for entry in data["classes"]:
        entry["samples"] *= 50
    many = tmp_path / "many.json"
    many.write_text(json.dumps(data))
    app.page.once("dialog", lambda dialog: dialog.accept())
    app.page.click("#teach-clear")
    app.wait_result("teach", "r.clips.every(n => n === 0)")
    app.page.set_input_files("#teach-load", str(many))
    app.wait_result("teach", "r.clips.every(n => n === 50)")
    wait_phase(app, 0, JUDGED.start, JUDGED.stop - 1)
    r = app.wait_result("teach", "r.prediction && r.prediction.label === 'side' && r.match_ms",
                        timeout=10_000)
    timed = [app.wait_result("teach", f"r.frame > {r['frame'] + i} && r.match_ms")["match_ms"]
             for i in range(5)]
    print("DTW kNN over 100 clips, ms a frame:", timed)
    assert sorted(timed)[2] <= 10, timed
