"""lab.teach.motion: clips normalised as a whole, DTW on known sequences, the still state, speed."""

import random

import pytest

from lab.teach.knn import fair_k
from lab.teach.motion import (
    banded_dtw,
    dtw,
    frame_vector,
    frames_of,
    matched,
    movement,
    normalise_clip,
    resample,
    subsequence_dtw,
)


def pose(dx=0.0, dy=0.0, scale=1.0, score=0.9):
    points = [{"x": (10.0 * (i % 4)) * scale + dx, "y": (15.0 * (i // 4)) * scale + dy,
               "score": score} for i in range(17)]
    return {"keypoints": points}


def test_a_known_warp_costs_nothing_and_a_different_sequence_does():
    a = [[0.0], [1.0], [2.0], [3.0]]
    slow = [[0.0], [0.0], [1.0], [1.0], [2.0], [3.0], [3.0]]
    assert dtw(a, slow) == 0.0                    # the same motion, slower: no distance
    assert dtw(a, a) == 0.0
    # |0-0| + |1-2| + |2-2| ... by hand: pairs (0,0) (1,0)? the cheapest path is 1 (of 4 + 3 steps)
    assert dtw([[0.0], [1.0], [2.0]], [[0.0], [2.0]]) == pytest.approx(1 / 5)
    assert dtw(a, [[3.0], [2.0], [1.0], [0.0]]) > 0.5   # backwards is another motion
    assert dtw([[1.0, 1.0]], [[4.0, 5.0]]) == pytest.approx(5 / 2)


def test_the_banded_dtw_is_the_full_one_near_the_diagonal():
    rng = random.Random(1)
    a = [[rng.random() for _ in range(3)] for _ in range(12)]
    b = [[rng.random() for _ in range(3)] for _ in range(9)]
    full = dtw(a, b)
    assert dtw(a, b, band=12) == pytest.approx(full)
    assert dtw(a, b, band=1) >= full - 1e-12     # a narrower band: never a shorter path
    costs = [sum((x - y) ** 2 for x, y in zip(p, q)) ** 0.5 for p in a for q in b]
    assert banded_dtw(costs, 12, 9) == pytest.approx(full)


def test_a_clip_keeps_its_motion_and_loses_its_place_and_size():
    side = [frame_vector(pose(dx=x)) for x in (0, 20, 40, 20, 0)]
    far = [frame_vector(pose(dx=300 + x / 2, dy=50, scale=0.5)) for x in (0, 20, 40, 20, 0)]
    near, away = normalise_clip(side), normalise_clip(far)
    assert len(near) == 5 and len(near[0]) == 34
    assert max(abs(a - b) for fa, fb in zip(near, away) for a, b in zip(fa, fb)) <= 2e-4
    assert movement(near) > 0.1
    still = normalise_clip([frame_vector(pose(dx=5)) for _ in range(5)])
    assert movement(still) == 0.0
    assert frames_of([v for frame in near for v in frame], 34) == near


def test_resampling_keeps_the_ends_and_interpolates_between():
    clip = [[0.0, 10.0], [1.0, 20.0], [2.0, 30.0]]
    assert resample(clip, 5) == [[0.0, 10.0], [0.5, 15.0], [1.0, 20.0], [1.5, 25.0], [2.0, 30.0]]
    assert resample(clip, 2) == [[0.0, 10.0], [2.0, 30.0]]
    assert resample([[1.0]], 3) == [[1.0], [1.0], [1.0]]


def test_a_dataset_keeps_clips_and_its_file_checks_them():
    from lab.teach.dataset import Dataset, DatasetError

    data = Dataset("motion-pose", "movenet", 2)
    assert data.add_sample(0, [0.1, 0.2] * 5)
    with pytest.raises(DatasetError, match="not 4 to 120 frames of 2"):
        data.add_sample(1, [0.1, 0.2, 0.3])
    with pytest.raises(DatasetError, match="not 4 to 120 frames"):
        data.add_sample(1, [0.1, 0.2] * 3)
    data.add_sample(1, [0.5, 0.5] * 4)
    again = Dataset.from_json(data.to_json(), "motion-pose", "movenet", 2)
    assert [s.features for c in again.classes for s in c.samples] == \
        [[0.1, 0.2] * 5, [0.5, 0.5] * 4]
    for bad in ([0.1] * 7, [0.1] * 242, [0.1, "x"] * 4):
        text = data.to_json().replace("[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]", str(bad).replace(" ", "")
                                      .replace("'", '"'))
        with pytest.raises(DatasetError, match="Sample 1 of “Class 2”"):
            Dataset.from_json(text, "motion-pose", "movenet", 2)


def test_a_window_finds_its_stretch_anywhere_in_a_clip():
    clip = [[float(v)] for v in (0, 1, 2, 3, 2, 1, 0, 1, 2, 3)]
    costs = lambda a, b: [abs(x[0] - y[0]) for x in a for y in b]  # noqa: E731
    window = [[3.0], [2.0], [1.0]]                      # the middle of the clip, going back
    assert subsequence_dtw(costs(window, clip), 3, 10) == 0.0
    assert subsequence_dtw(costs([[5.0], [5.0]], clip), 2, 10) == pytest.approx(2.0)
    # shape and step: a swing to the right is not one to the left, wherever it happens
    right = matched([[x, 0.0, x + 1, 0.0] for x in (0.0, 0.1, 0.2)])
    left = matched([[x, 0.0, x + 1, 0.0] for x in (0.9, 0.8, 0.7)])
    assert [f[-2] for f in right] == pytest.approx([0.4] * 3)
    assert [f[-2] for f in left] == pytest.approx([-0.4] * 3)
    assert right[0][:4] == pytest.approx([-0.5, 0.0, 0.5, 0.0])


def test_k_is_at_most_the_fewest_clips_of_a_class_so_that_each_class_can_be_named():
    assert fair_k(3, [0, 0, 1]) == 1          # k=3 of 3 clips: always the class of two
    assert fair_k(3, [0, 0, 0, 1, 1]) == 2
    assert fair_k(3, [0] * 5 + [1] * 4) == 3
    assert fair_k(0, [0, 1]) == 1 and fair_k(5, []) == 5
