"""The window a loaded motion network judges: a sketch's frames, on a clock, as the teach demo took them.

    from lab.teach.taught_window import TaughtWindow

    window = TaughtWindow(meta)        # meta: lab.teach.taught_meta.check_motion_metadata's
    frames = window.take(found, at)    # this frame's pose or hand, taken at `at` (s): None until
                                       # the last meta["samples"] frames at RATE are there, then
                                       # them, normalised as a whole (lab.teach.motion.normalise_clip)

Nobody there (no pose, or one MoveNet scores under MIN_SCORE, as the teach demo's
lab.teach.features.MotionPoseFeatures) ends the motion so far: the window starts again.
"""

from lab.teach.motion import frame_vector, normalise_clip
from lab.teach.motion_time import RATE, TimedWindow

MIN_SCORE = 0.2   # a pose's and its keypoints' score the teach demo counts (lab.teach.features)


class TaughtWindow:
    def __init__(self, meta: dict):
        self.meta, self.frames = meta, TimedWindow()
        self.hands = meta["mode"] == "motion-hands"

    def take(self, found: dict | None, at: float) -> list[list[float]] | None:
        if not found or not found.get("keypoints") or (
                not self.hands and (found.get("score") or 0.0) < MIN_SCORE):
            self.frames.clear()
            return None
        # a hand's keypoints are not scored one by one: its box takes them all
        row = frame_vector(found, min_score=0.0 if self.hands else MIN_SCORE)
        dims = self.meta["dims"]
        if len(row) != dims:
            raise ValueError(f"This model takes {self.meta['mode']} keypoints: {(dims - 3) // 2} a "
                             f"frame, not {(len(row) - 3) // 2}.")
        samples = self.meta["samples"]
        self.frames.add(at, row, keep=samples / RATE)
        window = self.frames.last(samples)
        return None if window is None else normalise_clip(window)
