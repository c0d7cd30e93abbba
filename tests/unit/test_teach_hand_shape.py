"""lab.teach.hand_shape: a hand sign's numbers, wherever the hand is and however big."""

from lab.teach.hand_shape import DIMS, best_hand, hand_vector


def hand(offset=(0.0, 0.0), scale=1.0, score=0.9, mirror=False):
    points = []
    for index in range(21):
        x, y = (index % 5) * 10.0 + index, (index // 5) * 12.0 + index * index * 0.1
        x = -x if mirror else x
        points.append({"name": str(index), "x": x * scale + offset[0], "y": y * scale + offset[1],
                       "score": score})
    return {"handedness": "Right", "score": score, "keypoints": points}


def test_position_and_size_are_removed():
    here = hand_vector(hand())
    assert len(here) == DIMS
    moved = hand_vector(hand(offset=(300, -40), scale=2.5))
    assert max(abs(a - b) for a, b in zip(here, moved)) <= 2e-4
    assert all(-0.5 <= v <= 0.5 for v in here)


def test_a_mirrored_hand_is_another_sign():
    here, mirrored = hand_vector(hand()), hand_vector(hand(mirror=True))
    assert max(abs(a - b) for a, b in zip(here, mirrored)) > 0.2


def test_the_surest_hand_is_taken_and_an_unsure_one_is_none():
    low, high = hand(score=0.6), hand(offset=(100, 0), score=0.95)
    assert best_hand([low, high]) is high
    assert best_hand([hand(score=0.3)]) is None
    assert best_hand([]) is None and best_hand(None) is None
