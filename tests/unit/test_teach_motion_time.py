"""lab.teach.motion_time: a motion seen by a fast loop and by a slow one gives the same clip and the
same window; a pause starts the window again; crops spread over a clip."""

import math
import random

import pytest

from lab.teach.motion_time import MAX_GAP, RATE, TimedWindow, at_rate, crop_starts, hold_problem, seen_at


def swing(t: float) -> list[float]:
    """A keypoint swinging side to side once every 1.2 s, and one going up steadily."""
    return [math.sin(2 * math.pi * t / 1.2), 0.5 * t]


def taken(fps: float, seconds: float, start: float = 100.0, jitter: float = 0.0) -> list[float]:
    """When a loop running at `fps` (each frame up to `jitter` of its period late) took its frames."""
    pick = random.Random(7)
    return [start + (i + pick.uniform(0, jitter)) / fps for i in range(int(seconds * fps) + 1)]


def bend(step: float) -> float:
    """How far a straight line between two points of swing() `step` s apart strays from it."""
    return (2 * math.pi / 1.2) ** 2 * step ** 2 / 8 + 1e-9


def close(a: list, b: list, within: float) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= within for p, q in zip(a, b) for x, y in zip(p, q))


def test_frames_are_put_on_the_clock_each_between_the_two_taken_around_it():
    rows = [[0.0], [1.0], [3.0]]
    assert close(at_rate(rows, [0.0, 0.1, 0.2]), [[0.0], [1.0], [3.0]], 1e-9)
    assert close(at_rate(rows, [0.0, 0.2, 0.4]), [[0.0], [0.5], [1.0], [2.0], [3.0]], 1e-9)
    assert close(at_rate(rows, [0.0, 0.05, 0.1]), [[0.0], [3.0]], 1e-9)
    assert close(at_rate(rows, [5.0, 5.0, 5.25]), [[1.0], [1.8], [2.6]], 1e-9)
    assert at_rate([[2.0, 4.0]], [1.0]) == [[2.0, 4.0]] and at_rate([], []) == []


@pytest.mark.parametrize("fps, jitter", [(4.0, 0.0), (6.5, 0.8), (15.0, 0.5), (30.0, 0.0)])
def test_a_clip_recorded_at_any_loop_speed_is_the_same_frames_at_rate(fps, jitter):
    times = taken(fps, 2.4, jitter=jitter)
    clip = at_rate([swing(t) for t in times], times)
    expected = [swing(times[0] + i / RATE) for i in range(len(clip))]
    assert abs(len(clip) - 2.4 * RATE) <= 1
    # linear in between: off by at most the swing's curvature over one loop frame
    assert close(clip, expected, within=bend((1 + jitter) / fps))


def test_the_window_spans_the_same_seconds_whatever_the_loop_speed():
    frames = 14  # 1.3 s at RATE
    seen = {}
    for fps in (4.0, 10.0, 25.0):
        window = TimedWindow()
        results = []
        for t in taken(fps, 3.0, jitter=0.3):
            window.add(t, swing(t), keep=frames / RATE)
            results.append((t, window.last(frames)))
        t, last = results[-1]
        seen[fps] = last
        assert close(last, [swing(t - (frames - 1 - i) / RATE) for i in range(frames)],
                     within=bend(1.3 / fps))
        first = next(at for at, w in results if w is not None)
        assert first - results[0][0] >= (frames - 1) / RATE - 1e-9   # not before it spans them
        assert len(window) <= frames * fps / RATE + 3                 # the old frames let go
    # what a network is shown over the last 1.3 s: the same at 4, 10 or 25 frames a second
    assert close(seen[4.0], seen[25.0], within=0.35) and close(seen[10.0], seen[25.0], within=0.1)


def test_a_window_of_the_last_frames_counted_would_not_be_the_same():
    """Why time: the last 14 frames of a loop at 5 frames a second are 2.6 s, not 1.3 s."""
    slow, fast = taken(5.0, 3.0), taken(10.0, 3.0)
    assert slow[-1] - slow[-14] == pytest.approx(2 * (fast[-1] - fast[-14]))


def test_a_pause_in_the_loop_or_a_clock_going_back_starts_the_window_again():
    window = TimedWindow()
    for i in range(20):
        window.add(i / 10, [float(i)], keep=1.0)
    assert close(window.last(5), [[15.0], [16.0], [17.0], [18.0], [19.0]], 1e-9)
    window.add(1.9 + MAX_GAP + 0.01, [0.0], keep=1.0)
    assert len(window) == 1 and window.last(5) is None and window.last(1) == [[0.0]]
    window.add(0.5, [1.0], keep=1.0)
    assert len(window) == 1
    window.clear()
    assert window.last(1) is None and window.span() == 0.0


def test_crops_begin_from_the_clips_start_to_its_end():
    assert crop_starts(24, 14, 6) == [0, 2, 4, 6, 8, 10]
    assert crop_starts(16, 14, 6) == [0, 1, 2]
    assert crop_starts(10, 14, 6) == [0] and crop_starts(30, 14, 1) == [0]


def test_a_slow_loops_window_is_what_it_would_take_of_the_clip():
    times = taken(10.0, 3.0, start=0.0)
    clip = at_rate([swing(t) for t in times], times)
    assert close(seen_at(clip, RATE, end=25, frames=14), clip[12:26], 1e-9)   # at RATE: the crop
    for fps in (5.0, 3.5):
        window = TimedWindow()
        for t in [2.5 - k / fps for k in range(10, -1, -1)]:   # a loop's frames up to clip frame 25
            window.add(t, _at(clip, t), keep=2.0)
        assert close(seen_at(clip, fps, end=25, frames=14), window.last(14), 1e-9)
    assert not close(seen_at(clip, 3.5, end=25, frames=14), clip[12:26], 0.1)     # smoother
    held = seen_at(clip, 3.5, end=3, frames=14)   # before the clip began: its first frame, held
    assert close(held[:7], [clip[0]] * 7, 1e-9)


def _at(clip: list, t: float) -> list[float]:
    """The clip (at RATE from time 0) at time t, between its frames."""
    low = min(int(t * RATE), len(clip) - 2)
    share = t * RATE - low
    return [a + (b - a) * share for a, b in zip(clip[low], clip[low + 1])]


def test_a_hold_keeps_a_clip_of_enough_frames_at_rate_and_says_why_not_otherwise():
    # four frames at RATE make a clip, however many the loop took over those 0.3 s
    assert hold_problem([1.0, 1.1, 1.2, 1.3], held=0.5, missing="hand") is None
    assert hold_problem(taken(3, 2.0), held=2.1, missing="person") is None
    # a click, not a hold: how long it lasted and what to do
    said = hold_problem([1.0], held=0.05, missing="hand")
    assert said.startswith("No clip was kept: the hold lasted 0.1 s.") and "0.3 s at least" in said
    # a long hold in which the model found no one: said, not silently dropped
    said = hold_problem([], held=2.0, missing="hand")
    assert "held “Hold to record” for 2.0 s, but a hand was found in none of its frames" in said
    assert "Keep the hand in the picture while you do the motion" in said
    # ... or in a few frames close together
    said = hold_problem([5.0, 5.1], held=1.8, missing="person")
    assert "a person was found only over 0.1 s of it (2 frames)" in said and "0.3 s at least" in said
    assert "(1 frame)" in hold_problem([5.0], held=1.0, missing="person")
