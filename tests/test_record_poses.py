"""Record poses in the pose demo (issue 19): every frame's keypoints while recording, across a
change of model, downloaded as CSV and JSON that match what the page published meanwhile."""

import csv
import json
from collections import defaultdict

import pytest

from pose_support import keypoints

# Every result the pose demo publishes from now on, in window.published.
COLLECT = """() => {
    window.published = [];
    new MutationObserver(records => {
        for (const record of records)
            for (const node of record.addedNodes)
                if (node.data && node.data.trim()) window.published.push(JSON.parse(node.data));
    }).observe(document.getElementById('pose-result'), {childList: true});
}"""


def download(app, selector):
    with app.page.expect_download() as info:
        app.page.click(selector)
    return info.value.suggested_filename, info.value.path().read_text()


@pytest.mark.camera("astronaut_640x480")
def test_a_recording_across_two_models_downloads_what_was_published(app):
    app.open(demo="pose")
    app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    assert app.page.is_disabled("#pose-record-csv") and app.page.is_disabled("#pose-record-json")
    app.page.evaluate(COLLECT)
    app.page.click("#pose-record")
    assert app.page.get_attribute("#pose-record", "aria-pressed") == "true"
    app.wait_result("pose", "r.recording && r.recording.frames >= 3 && r.model === 'posenet'")
    app.page.select_option("#pose-model", "movenet")  # the recording goes on
    running = app.wait_result("pose", "r.recording && r.recording.frames >= 1 && r.model === 'movenet'",
                              timeout=90_000)
    app.wait_result("pose", f"r.model === 'movenet' && r.frame >= {running['frame'] + 2}")
    app.page.click("#pose-record")
    app.wait_result("pose", "r.recording === null")
    assert "Recorded" in app.page.text_content("#pose-record-status")

    # the frames published while recording (not the note that it started, with no frame yet)
    published = {r["frame"]: r for r in app.page.evaluate("window.published")
                 if r.get("recording") and r["recording"]["frames"] >= 1}
    assert {r["model"] for r in published.values()} == {"posenet", "movenet"}
    last = published[max(published)]
    assert last["recording"]["frames"] == len(published) and last["recording"]["seconds"] > 0

    name, text = download(app, "#pose-record-csv")
    assert name.startswith("pose-poses-") and name.endswith(".csv")
    rows = list(csv.DictReader(text.splitlines()))
    assert list(rows[0]) == ["time", "frame", "model", "pose", "keypoint", "x", "y", "score",
                             "x3d", "y3d", "z3d", "score3d"]
    by_frame = defaultdict(list)
    for row in rows:
        by_frame[int(row["frame"])].append(row)
    assert set(by_frame) == set(published)
    assert len(rows) == 17 * len(published)  # PoseNet and MoveNet: 17 keypoints a frame
    for number, frame_rows in by_frame.items():
        shown = keypoints(published[number])
        for row in frame_rows:
            assert row["model"] == published[number]["model"]
            point = shown[row["keypoint"]]
            assert (float(row["x"]), float(row["y"]), float(row["score"])) == \
                (point["x"], point["y"], point["score"])
    times = [float(rows[i]["time"]) for i in range(0, len(rows), 17)]
    assert times == sorted(times) and times[-1] == last["recording"]["seconds"]

    name, text = download(app, "#pose-record-json")
    assert name.endswith(".json")
    data = json.loads(text)
    assert [entry["frame"] for entry in data["frames"]] == sorted(published)
    for entry in data["frames"]:
        assert entry["poses"] == published[entry["frame"]]["poses"]
        assert entry["model"] == published[entry["frame"]]["model"]
    assert data["limit_rows"] == 100_000


@pytest.mark.camera("astronaut_640x480")
def test_a_recording_stops_with_the_demo_and_stays_downloadable_after_a_tab_switch(app):
    app.open(demo="pose")
    app.wait_result("pose", "r.frame >= 1", timeout=120_000)
    app.page.click("#pose-record")
    recorded = app.wait_result("pose", "r.recording && r.recording.frames >= 3", timeout=90_000)
    app.page.click("#tab-tensors")        # a camera demo stops when its tab is hidden
    app.page.click("#tab-pose")
    app.wait_result("pose", "r.frame >= 1 && r.recording === null", timeout=120_000)
    assert "before this run" in app.page.text_content("#pose-record-status")
    assert app.page.get_attribute("#pose-record", "aria-pressed") == "false"
    name, text = download(app, "#pose-record-csv")
    rows = list(csv.DictReader(text.splitlines()))
    assert len({row["frame"] for row in rows}) >= recorded["recording"]["frames"]
