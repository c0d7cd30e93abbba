"""lab.sketch.landmarks: the face mesh's points a sketch names, checked against MediaPipe's
outlines (lab.face.contours) and a real mesh (MediaPipe's own, on the astronaut photo)."""

import json
from pathlib import Path

import pytest

from lab.face.contours import CONTOURS
from lab.sketch.landmarks import FACE_POINTS, face_point

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "vision_reference.json"


def ends(contour: str) -> set[int]:
    return {point for line in CONTOURS[contour] for point in (line[0], line[-1])}


def test_the_names_sit_on_mediapipes_outlines():
    oval = set(CONTOURS["faceOval"][0])
    assert set(FACE_POINTS["left_eye"]) == ends("leftEye")
    assert set(FACE_POINTS["right_eye"]) == ends("rightEye")
    assert FACE_POINTS["left_eyebrow"] == CONTOURS["leftEyebrow"][0]
    assert FACE_POINTS["right_eyebrow"] == CONTOURS["rightEyebrow"][0]
    assert {FACE_POINTS["mouth_left"][0], FACE_POINTS["mouth_right"][0]} == ends("lips") - {78, 308}
    inner_lips = {p for line in CONTOURS["lips"][2:] for p in line}
    assert {FACE_POINTS["upper_lip"][0], FACE_POINTS["lower_lip"][0]} <= inner_lips
    for name in ("forehead", "chin", "left_cheek", "right_cheek"):
        assert FACE_POINTS[name][0] in oval, name
    assert all(0 <= i < 468 for points in FACE_POINTS.values() for i in points)


def test_on_a_real_face_the_points_are_where_a_face_has_them():
    mesh = json.loads(REFERENCE.read_text())["face"]["astronaut_640x480"]["mesh"][0]["keypoints"]
    face = {"keypoints": [{"x": x, "y": y} for x, y in mesh]}
    at = {name: face_point(face, name) for name in FACE_POINTS}
    # the photo is not mirrored: the person's left eye is on the picture's right
    assert at["right_eye"]["x"] < at["nose_tip"]["x"] < at["left_eye"]["x"]
    assert at["forehead"]["y"] < at["left_eyebrow"]["y"] < at["left_eye"]["y"] < at["nose_tip"]["y"]
    assert at["nose_tip"]["y"] < at["upper_lip"]["y"] <= at["lower_lip"]["y"] < at["chin"]["y"]
    assert at["mouth_right"]["x"] < at["mouth"]["x"] < at["mouth_left"]["x"]
    assert at["right_cheek"]["x"] < at["right_eye"]["x"] and at["left_eye"]["x"] < at["left_cheek"]["x"]
    assert at["left_eye"] == {"x": round((mesh[263][0] + mesh[362][0]) / 2, 1),
                              "y": round((mesh[263][1] + mesh[362][1]) / 2, 1), "z": 0.0}


def test_an_unknown_name_says_which_there_are():
    with pytest.raises(KeyError, match="nose_tip"):
        face_point({"keypoints": []}, "nose")
