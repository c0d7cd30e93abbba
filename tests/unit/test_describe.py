"""The camera stages in words (lab.a11y.describe): what a screen reader says about each."""

from lab.a11y import describe

NOSE = {"name": "nose", "x": 222, "y": 121, "score": 0.9}
EYE = {"name": "left_eye", "x": 246, "y": 101, "score": 0.1}


def test_nothing_on_stage_says_what_to_do():
    assert describe("pose", {}) == "Nothing on the stage yet: start the camera or pick a photo."


def test_the_classifier_says_its_best_guess_and_its_confidence():
    result = {"source": "camera", "top": [{"label": "tabby, tabby cat", "confidence": 0.383}]}
    assert describe("classify", result) == "Camera: tabby, tabby cat, 38%."
    assert describe("classify", {"source": "image", "top": []}) == "Photo: not classified yet."


def test_pose_counts_people_and_keypoints_above_the_threshold_only():
    one = {"keypoints": [NOSE, EYE]}
    assert describe("pose", {"source": "image", "threshold": 0.2, "poses": [one]}) \
        == "Photo: 1 person, 1 keypoint above the threshold."
    assert describe("pose", {"source": "camera", "threshold": 0.2, "poses": [one, one]}) \
        == "Camera: 2 people, 2 keypoints above the threshold."
    assert describe("pose", {"source": "camera", "threshold": 0.95, "poses": [one]}) \
        == "Camera: no person found."


def test_teach_says_its_prediction_or_why_there_is_none():
    result = {"source": "camera", "prediction": {"label": "cup", "confidence": 0.8}}
    assert describe("teach", result) == "Camera: looks like cup, 80%."
    assert describe("teach", {"source": "camera", "prediction": None}) \
        == "Camera: no prediction yet (two classes need samples)."
