"""lab.teach.taught_window: a loaded motion network's window, filled on a clock as teach's is."""

import pytest

from lab.teach.motion import frame_vector, normalise_clip
from lab.teach.taught_window import TaughtWindow

META = {"labels": ["side", "still"], "mode": "motion-pose", "samples": 4, "dims": 37,
        "keypoints": []}


def pose(dx: float, score: float = 0.9) -> dict:
    return {"score": score, "keypoints": [{"x": 100 + dx + 10 * i, "y": 50 + 20 * (i % 3),
                                           "score": 0.8} for i in range(17)]}


def test_the_window_is_full_once_it_spans_its_seconds_then_slides():
    window = TaughtWindow(META)
    assert [window.take(pose(d), at=d / 10) for d in range(3)] == [None, None, None]
    full = window.take(pose(3), at=0.3)
    assert full == normalise_clip([frame_vector(pose(d)) for d in range(4)])
    # a slower loop's frames, put back at 10 a second, each between the two taken around it
    slid = window.take(pose(5), at=0.5)
    assert slid == normalise_clip([frame_vector(pose(d)) for d in (2, 3, 4, 5)])


@pytest.mark.parametrize("nobody", [None, {"keypoints": []}, pose(0, score=0.1)])
def test_nobody_or_a_pose_the_model_is_unsure_of_starts_the_window_again(nobody):
    window = TaughtWindow(META)
    for d in range(4):
        window.take(pose(d), at=d / 10)
    assert window.take(nobody, at=0.4) is None
    assert window.take(pose(5), at=0.5) is None   # three frames more before it is full again
    assert len(window.frames) == 1


def test_a_hand_counts_whatever_its_score_and_other_keypoints_are_refused():
    hands = TaughtWindow({**META, "mode": "motion-hands", "dims": 45})
    hand = {"score": 0.05, "keypoints": [{"x": i, "y": 2 * i} for i in range(21)]}
    assert hands.take(hand, at=0.0) is None and len(hands.frames) == 1
    with pytest.raises(ValueError, match="motion-hands keypoints: 21 a frame, not 17"):
        hands.take(pose(0), at=0.1)
