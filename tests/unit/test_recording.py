"""A recording of poses (lab.pose.recording) as CSV and JSON, without a browser."""

import csv
import io
import json

from lab.pose.recording import COLUMNS, PoseRecording


def pose(x, with_3d=False):
    found = {"score": 0.9, "keypoints": [{"name": "nose", "x": x, "y": 2.5, "score": 0.99},
                                         {"name": "left_eye", "x": x + 1, "y": 1.5, "score": 0.5}]}
    if with_3d:
        found["keypoints3D"] = [{"name": "nose", "x": 0.01, "y": -0.5, "z": -0.2, "score": 0.9},
                                {"name": "left_eye", "x": 0.02, "y": -0.6, "z": -0.25, "score": 0.8}]
    return found


def clock(times):
    values = iter(times)
    return lambda: next(values)


def test_every_keypoint_of_every_frame_is_a_row_naming_its_model():
    recording = PoseRecording(clock=clock([10.0, 10.5, 11.25]))
    assert recording.add(7, "posenet", [pose(100.0)], 640, 480)
    assert recording.add(8, "blazepose", [pose(101.0, with_3d=True)], 640, 480)
    assert (recording.frames, recording.rows, recording.seconds) == (2, 4, 1.25)
    rows = list(csv.reader(io.StringIO(recording.to_csv())))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1] == ["0.5", "7", "posenet", "0", "nose", "100.0", "2.5", "0.99", "", "", "", ""]
    assert rows[4] == ["1.25", "8", "blazepose", "0", "left_eye", "102.0", "1.5", "0.5",
                       "0.02", "-0.6", "-0.25", "0.8"]
    assert len(rows) == 5
    data = json.loads(recording.to_json())
    assert [entry["frame"] for entry in data["frames"]] == [7, 8]
    assert data["frames"][1]["poses"] == [pose(101.0, with_3d=True)]
    assert data["frames"][0]["model"] == "posenet" and data["frames"][0]["width"] == 640


def test_memory_stays_bounded_at_the_limit():
    recording = PoseRecording(limit=5, clock=clock([0.0, 0.1, 0.2, 0.3, 0.4]))
    assert recording.add(1, "movenet", [pose(1.0)], 640, 480)
    assert recording.add(2, "movenet", [pose(1.0)], 640, 480)
    assert not recording.add(3, "movenet", [pose(1.0)], 640, 480)  # 6 rows > 5
    assert recording.full and recording.rows == 4 and recording.frames == 2
    assert not recording.add(4, "movenet", [], 640, 480)  # full stays full


def test_a_frame_without_a_person_is_kept_without_rows():
    recording = PoseRecording(clock=clock([0.0, 1.0]))
    assert recording.add(1, "posenet", [], 640, 480)
    assert recording.frames == 1 and recording.to_csv().count("\n") == 1
