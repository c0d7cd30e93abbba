"""lab.hands.keypoints, lab.face.mesh, lab.segment.grid: the vision models' answers as plain Python."""

import math

import pytest

from lab.face.mesh import plain_faces
from lab.hands.keypoints import BONES, HAND_NUMBERS, NAMES, TIPS, plain_hands
from lab.segment.grid import COLUMNS, ROWS, cell_bounds, cell_weights


def a_hand(x0=100.0, handedness=1, score=0.9, nan_at=None):
    """A hand's numbers as js/hand_numbers.js lays them out; handedness 0 is MediaPipe's "Left"."""
    xys = [value for i in range(21) for value in (x0 + i, 50.0 + 2 * i)]
    if nan_at is not None:
        xys[2 * nan_at + 1] = math.nan
    return [score, handedness, *xys, *(0.001 * i for i in range(21))]


def test_hands_in_frame_pixels_left_to_right_with_their_box():
    [left, right] = plain_hands(a_hand(300.0, 0) + a_hand(100.0), scale_x=2.0, scale_y=0.5)
    # MediaPipe names hands as in a mirror; the lab's frames are not mirrored: the names swap
    assert (left["handedness"], right["handedness"]) == ("Left", "Right")
    wrist = left["keypoints"][0]
    assert wrist == {"name": "wrist", "x": 200.0, "y": 25.0, "z": 0.0, "score": 0.9}
    assert left["keypoints"][20]["name"] == "pinky_finger_tip" and left["keypoints"][20]["z"] == 0.02
    assert left["box"] == {"xMin": 200.0, "yMin": 25.0, "width": 40.0, "height": 20.0}
    assert len(NAMES) == 21 and all(NAMES[t].endswith("_tip") for t in TIPS)
    assert all(0 <= a < 21 and 0 <= b < 21 for a, b in BONES) and len(BONES) == 21


def test_a_hand_with_nan_or_missing_keypoints_is_no_hand():
    assert len(a_hand()) == HAND_NUMBERS
    assert plain_hands(a_hand(nan_at=7)) == []
    # js/hand_numbers.js gives a hand without its 21 keypoints a NaN score
    assert plain_hands(a_hand(score=math.nan) + a_hand(x0=math.nan)) == []
    assert plain_hands(a_hand()[:-1]) == []   # not a whole hand's numbers: none read
    deep_nan = a_hand()
    deep_nan[-1] = math.nan
    assert plain_hands(deep_nan)[0]["keypoints"][20]["z"] == 0.0
    assert plain_hands(a_hand(handedness=-1))[0]["handedness"] == "Unknown"


def test_faces_keep_the_mesh_order_and_scale_the_box():
    points = [{"x": float(i), "y": 2.0 * i, "z": -1.26} for i in range(478)]
    face = {"box": {"xMin": 10.0, "yMin": 20.0, "width": 30.0, "height": 40.0,
                    "xMax": 40.0, "yMax": 60.0}, "keypoints": points}
    [plain] = plain_faces([face], scale_x=2.0)
    assert plain["box"] == {"xMin": 20.0, "yMin": 20.0, "width": 60.0, "height": 40.0}
    assert len(plain["keypoints"]) == 478
    assert plain["keypoints"][3] == {"x": 6.0, "y": 6.0, "z": -1.3}
    assert plain_faces([{**face, "keypoints": points[:100]}]) == []
    assert plain_faces([{**face, "box": {**face["box"], "width": math.inf}}]) == []
    # a point without a number drops the face; a z without one is 0
    assert plain_faces([{**face, "keypoints": points[:-1] + [{"x": 1.0, "y": None}]}]) == []
    odd = points[:-1] + [{"x": 1.0, "y": 2.0, "z": math.nan}]
    assert plain_faces([{**face, "keypoints": odd}])[0]["keypoints"][-1] == {"x": 1.0, "y": 2.0,
                                                                            "z": 0.0}


@pytest.mark.parametrize("size", [480, 224, 481])
def test_grid_cells_cover_every_pixel_once_and_average_it(size):
    bounds = cell_bounds(size, ROWS)
    assert bounds[0][0] == 0 and bounds[-1][1] == size
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    weights = cell_weights(size, ROWS)
    assert len(weights) == ROWS and all(math.isclose(sum(row), 1.0) for row in weights)
    # a mask that is 1 in the top half: the top rows average 1, the bottom 0 (when they split)
    mask = [1.0 if y < size // 2 else 0.0 for y in range(size)]
    averages = [sum(w * m for w, m in zip(row, mask)) for row in weights]
    assert averages[0] == pytest.approx(1.0) and averages[-1] == pytest.approx(0.0)
    assert COLUMNS == 8 and ROWS == 6


def test_too_small_a_frame_for_the_grid_is_refused():
    with pytest.raises(ValueError, match="cannot split 5 pixels into 6 cells"):
        cell_bounds(5, ROWS)


def test_the_face_stage_is_said_in_words():
    from lab.a11y import describe
    face = {"keypoints": [{"x": 1.0, "y": 2.0, "z": 0.0}] * 468}
    assert describe("face", {"source": "image", "faces": []}) == "Photo: no face found."
    assert describe("face", {"source": "camera", "faces": [face]}) == "Camera: 1 face, 468 points each."


def test_the_frame_numbers_are_checked_and_rounded_as_round_does_but_for_halves():
    from lab.vision.numbers import all_finite, finite, tenth
    assert all_finite([1.0, 2, -3.5]) and finite(0.0, 1e300)
    assert not all_finite([1.0, math.nan]) and not all_finite([1.0, None])
    assert not finite("1") and not finite(math.inf)
    assert [tenth(v) for v in (12.34, 12.36, -0.04, 7.0)] == [12.3, 12.4, 0.0, 7.0]
    assert tenth(0.25) == 0.3  # halves up (round(0.25, 1) gives 0.2)
