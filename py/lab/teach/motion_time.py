"""Motions on a clock: clips and the judged window as frames a fixed time apart, whatever the loop's speed.

    from lab.teach.motion_time import RATE, TimedWindow, at_rate, crop_starts

    rows = at_rate(rows, times)        # frames taken at `times` (s, rising) as frames RATE a second
                                       # apart, from the first time to the last, each linearly
                                       # between the two frames taken around it
    window = TimedWindow()
    window.add(at, row, keep=2.0)      # a frame of the camera loop taken at `at` (s); frames older
                                       # than `keep` seconds (but the one just before) are let go
    window.last(14)                    # the last 14 frames at RATE (1.3 s): None until it spans them
    window.clear()                     # nobody there, or a pause in the loop: start again
    seen_at(clip, 4.0, end=20, frames=14)   # the 14 frames at RATE ending at the clip's frame 20
                                       # as a loop taking 4 frames a second would show them
    hold_problem(times, held=2.0, missing="hand")   # None: the frames a hold of 2 s kept make a
                                       # clip; else what the page tells the user, and what to do

A clip recorded while the loop ran at 5 frames a second and one recorded at 15
come out alike, and so does the window judged against them: a motion is as long
in frames as it is in seconds, so a busy machine does not show the network (or
DTW) a faster motion than the one it learnt. A dataset keeps clips at RATE.
"""

import math
from collections import deque

from lab.teach.motion import MIN_CLIP_FRAMES

RATE = 10.0      # frames a second a clip is kept at, and the window judged at
MAX_GAP = 1.0    # seconds without a frame (a pause, a hidden tab) that end the window


def _between(rows, times, at: list[float]) -> list[list[float]]:
    """The frames at times `at` (rising), each linearly between the rows taken around it."""
    out, j, last = [], 0, len(times) - 1
    for t in at:
        while j < last - 1 and times[j + 1] < t:
            j += 1
        if last == 0:
            out.append(list(rows[0]))
            continue
        t0, t1 = times[j], times[j + 1]
        share = min(max((t - t0) / (t1 - t0), 0.0), 1.0) if t1 > t0 else 1.0
        out.append([a + (b - a) * share for a, b in zip(rows[j], rows[j + 1])])
    return out


def at_rate(rows: list, times: list[float], rate: float = RATE) -> list[list[float]]:
    """`rows` taken at `times` (seconds, rising) as frames `rate` a second apart from the first
    time to the last (a frame more each 1 / rate s)."""
    if not rows:
        return []
    span = times[-1] - times[0]
    count = math.floor(span * rate + 1e-6) + 1
    return _between(rows, times, [times[0] + i / rate for i in range(count)])


def seen_at(clip: list, fps: float, end: int, frames: int) -> list[list[float]]:
    """The window of `frames` frames of `clip` (at RATE) ending at its frame `end`, as a loop
    running at `fps` shows it: the frames it took (the last at `end`, 1 / fps s apart, the clip
    held at its first frame before it began) put back at RATE, each between the two around it.
    A slow loop's window is smoother than the clip: a network trained on such windows too
    knows the motion on a busy machine."""
    clip_times = [i / RATE for i in range(len(clip))]
    last = end / RATE
    start = last - (frames - 1) / RATE
    count = math.ceil((last - start) * fps - 1e-6) + 1   # back to a frame at or before the start
    taken = [last - (count - 1 - k) / fps for k in range(count)]
    rows = _between(clip, clip_times, taken)
    return _between(rows, taken, [last - (frames - 1 - i) / RATE for i in range(frames)])


def hold_problem(times: list[float], held: float, missing: str | None) -> str | None:
    """None when frames taken at `times` (s) make a clip (MIN_CLIP_FRAMES or more at RATE); else
    why no clip was kept and what to do. `held`: how long the button was held (s); `missing`:
    what the model must find in a frame ("person", "hand")."""
    span = times[-1] - times[0] if times else 0.0
    if times and math.floor(span * RATE + 1e-6) + 1 >= MIN_CLIP_FRAMES:
        return None
    least = (MIN_CLIP_FRAMES - 1) / RATE
    whole = f"hold “Hold to record” for the whole motion ({least:.1f} s at least)"
    if held < least + 1 / RATE:   # the hold itself was too short, whatever the frames
        return f"No clip was kept: the hold lasted {held:.1f} s. Try again, and {whole}."
    thing = f"a {missing}" if missing else "a picture"
    seen = ("in none of its frames" if not times else
            f"only over {span:.1f} s of it ({len(times)} frame{'s' * (len(times) != 1)})")
    keep = f"Keep the {missing} in the picture" if missing else "Keep the camera on"
    return (f"No clip was kept: you held “Hold to record” for {held:.1f} s, but {thing} was found "
            f"{seen}. {keep} while you do the motion, and {whole}.")


def crop_starts(length: int, size: int, count: int) -> list[int]:
    """Where `count` windows of `size` frames begin in a clip of `length`, spread from its start
    to its end (fewer when they would repeat; [0] when the clip is no longer than a window)."""
    last = max(length - size, 0)
    return sorted({round(last * i / (count - 1)) for i in range(count)}) if count > 1 else [0]


class TimedWindow:
    """The camera loop's last frames with the times they were taken."""

    def __init__(self):
        self.times, self.rows = deque(), deque()

    def __len__(self):
        return len(self.rows)

    def clear(self):
        self.times.clear()
        self.rows.clear()

    def add(self, at: float, row: list, keep: float):
        if self.times and not 0 <= at - self.times[-1] <= MAX_GAP:
            self.clear()   # a pause (or a clock that went back): what came before is not this motion
        self.times.append(at)
        self.rows.append(row)
        while len(self.times) > 2 and self.times[1] <= at - keep:
            self.times.popleft()
            self.rows.popleft()

    def span(self) -> float:
        return self.times[-1] - self.times[0] if self.times else 0.0

    def last(self, frames: int, rate: float = RATE) -> list[list[float]] | None:
        """The last `frames` frames `rate` a second apart, ending at the newest; None while the
        frames kept do not reach that far back."""
        if not self.times or frames < 1:
            return None
        end = self.times[-1]
        if end - self.times[0] < (frames - 1) / rate - 1e-6:
            return None
        return _between(self.rows, self.times, [end - (frames - 1 - i) / rate for i in range(frames)])
