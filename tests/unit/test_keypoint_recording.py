"""Hands and faces recorded frame after frame (lab.media.recording), as CSV and JSON, without a
browser; the hand overlay's drawing (lab.hands.overlay) and the hands stage said in words."""

import csv
import io
import json

from lab.hands.keypoints import BONES, NAMES, TIPS
from lab.media.recording import MAX_ROWS, FaceRecording, HandRecording


def a_hand(handedness="Left", x0=10.0):
    return {"handedness": handedness, "score": 0.97, "box": {},
            "keypoints": [{"name": name, "x": x0 + i, "y": 2.0 * i, "z": -0.01 * i, "score": 0.97}
                          for i, name in enumerate(NAMES)]}


def a_face(points=468):
    return {"box": {}, "keypoints": [{"x": float(i), "y": 1.5, "z": -2.0} for i in range(points)]}


def clock(times):
    values = iter(times)
    return lambda: next(values)


def test_hands_give_21_named_rows_each_naming_hand_and_model():
    recording = HandRecording(clock=clock([5.0, 5.5, 6.0]))
    assert recording.add(3, "lite", [a_hand("Left"), a_hand("Right", 300.0)], 720, 382)
    assert recording.add(4, "full", [], 720, 382)   # no hand: a frame, no rows
    assert (recording.frames, recording.rows, recording.seconds) == (2, 42, 1.0)
    rows = list(csv.DictReader(io.StringIO(recording.to_csv())))
    assert list(rows[0]) == ["time", "frame", "model", "hand", "handedness", "keypoint",
                             "x", "y", "z", "score"]
    assert len(rows) == 42 and [row["keypoint"] for row in rows[:21]] == list(NAMES)
    assert rows[21] == {"time": "0.5", "frame": "3", "model": "lite", "hand": "1",
                        "handedness": "Right", "keypoint": "wrist", "x": "300.0", "y": "0.0",
                        "z": "-0.0", "score": "0.97"}
    data = json.loads(recording.to_json())
    assert data["limit_rows"] == MAX_ROWS
    assert [entry["frame"] for entry in data["frames"]] == [3, 4]
    assert data["frames"][0]["hands"][1] == a_hand("Right", 300.0)
    assert data["frames"][1]["hands"] == [] and data["frames"][0]["width"] == 720


def test_faces_give_a_row_per_mesh_point_and_stop_at_the_limit():
    recording = FaceRecording(limit=1000, clock=clock([0.0, 0.1, 0.2, 0.3]))
    assert recording.add(1, "irises", [a_face(478)], 640, 480)
    assert not recording.add(2, "irises", [a_face(478), a_face(478)], 640, 480)   # 1434 > 1000
    assert recording.full and not recording.add(3, "mesh", [], 640, 480)
    rows = list(csv.reader(io.StringIO(recording.to_csv())))
    assert rows[0] == ["time", "frame", "model", "face", "point", "x", "y", "z"]
    assert rows[1] == ["0.1", "1", "irises", "0", "0", "0.0", "1.5", "-2.0"]
    assert rows[-1][4] == "477" and len(rows) == 479
    assert "1,000 keypoints (about 2 frames of one of the faces)" in FaceRecording.limit_text(1000)


def test_the_hand_overlay_draws_every_bone_and_dot_and_names_wrist_and_tips():
    from lab.hands.overlay import COLOURS, hand_drawing
    [left, right] = hand_drawing([a_hand("Left"), a_hand("Right", 300.0)],
                                 lambda x, y: (2 * x, 2 * y))
    assert left["bones"].count("M") == len(BONES) == 21
    assert left["dots"].count("M") == 21 and "nan" not in left["dots"] + left["bones"]
    assert (left["colour"], right["colour"]) == (COLOURS["Left"], COLOURS["Right"])
    texts = [label[0] for label in right["labels"]]
    assert texts == ["Right", "thumb", "index", "middle", "ring", "pinky"] and len(TIPS) == 5
    wrist = right["labels"][0]
    assert wrist[1:3] == (600.0 + 8, 0.0 + 18)   # beside the wrist, in canvas coordinates
    assert hand_drawing([], lambda x, y: (x, y)) == []


def test_the_hands_stage_is_said_in_words():
    from lab.a11y import describe
    assert describe("hands", {"source": "image", "hands": []}) == "Photo: no hand found."
    assert describe("hands", {"source": "camera", "hands": [a_hand("Right")]}) == \
        "Camera: 1 hand, the right one."
    assert describe("hands", {"source": "image", "hands": [a_hand("Left"), a_hand("Right")]}) == \
        "Photo: 2 hands, left and right."
