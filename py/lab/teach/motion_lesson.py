"""A lesson of motions: each hold of "Hold to record" is one clip; a sliding window is judged.

    from lab.teach.motion_lesson import MotionLesson

    lesson = await MotionLesson.start(features)   # as lab.teach.lesson.Lesson, for motion modes
    lesson.recording = target          # frames go to a clip while its button is held ...
    lesson.record(row, None)           # ... one frame (lab.teach.motion.frame_vector): None
    lesson.recording = None            # released: the clip, normalised, is one sample (with a
                                       # small trace of it as its thumbnail); too short: `notice`
    lesson.predict(row, k=3, still=0.05)   # the last `window_frames` frames (0.6 of a clip)
                                       # against every stretch of the clips
                                       # by DTW kNN (lab.teach.motion_match); a window that moves
                                       # less than `still` claims no motion: `still` is True
    lesson.add_clip(target, rows)      # a clip from elsewhere (lab.teach.video_clip): None, or why not
    lesson.summary()                   # adds window_frames, clips, still, movement, match_ms,
                                       # record_ms (recording's cost per frame of the last clip)
    await lesson.train(...)            # lab.teach.sequence_network: a GRU on windows of the clips
"""

import time
from collections import deque

from lab.teach.dataset import MAX_CLIP_FRAMES, MIN_CLIP_FRAMES
from lab.teach.lesson import Lesson
from lab.teach.motion import frames_of, movement, normalise_clip
from lab.teach.motion_match import ClipMatcher

DEFAULT_WINDOW = 10   # frames, until there are clips to take the length from
WINDOW_SHARE = 0.6    # of a clip's frames: the window is a part of a motion, wherever it began
MAX_WINDOW = 60
TRACE_SIZE = 64


class MotionLesson(Lesson):
    def __init__(self, features, dataset):
        self.matcher = ClipMatcher()
        self._recording, self.clip = None, []
        self._record_s, self.record_ms = 0.0, None  # recording's cost, per frame of the last clip
        self.window = deque()
        self.window_frames = DEFAULT_WINDOW
        self.still, self.moved = False, None
        super().__init__(features, dataset)

    # recording: one clip per hold --------------------------------------------------
    @property
    def recording(self):
        return self._recording

    @recording.setter
    def recording(self, teach_class):
        if teach_class is not self._recording:
            self._commit()
        self._recording, self.clip, self._record_s = teach_class, [], 0.0

    def record(self, vector: list, thumb) -> None:
        """One frame more of the clip (None: no sample is added until the button is released)."""
        started = time.perf_counter()
        if self._recording is not None and len(self.clip) < MAX_CLIP_FRAMES:
            self.clip.append(vector)
        self._record_s += time.perf_counter() - started

    def _commit(self):
        """The frames recorded since the button went down, as one clip of its class."""
        started = time.perf_counter()
        rows, target = self.clip, self._recording
        self.clip = []
        if target is None or not rows or self.index_of(target) is None:
            return
        if len(rows) < MIN_CLIP_FRAMES:
            self.notice = (f"That clip had {len(rows)} frames: hold “Hold to record” for the whole "
                           f"motion ({MIN_CLIP_FRAMES} frames at least).")
            return
        self.notice = self.add_clip(target, rows)
        # what recording cost the frame loop, per frame of the clip: each frame's record() and
        # the clip's normalising, trace, refit and save at the release
        self.record_ms = round((self._record_s + time.perf_counter() - started) * 1000 / len(rows), 3)

    def add_clip(self, target, rows: list) -> str | None:
        """`rows` (MIN_CLIP_FRAMES or more frame_vector()s: a hold's, or a video file's) as one
        clip of `target`; None, or why not (the class is full). LookupError: it was deleted."""
        index = self.index_of(target)
        if index is None:
            raise LookupError(f"The class “{target.name}” was deleted.")
        clip = normalise_clip(rows[:MAX_CLIP_FRAMES])
        if not self.dataset.add_sample(index, [v for frame in clip for v in frame], trace(clip)):
            return self.dataset.room(index) or "This class is full."
        self.refit()
        self.version += 1
        self.keeper.soon(self)
        return None

    # the clips and the window -------------------------------------------------------
    def clips(self) -> tuple[list, list[int]]:
        features, labels = self.dataset.features_and_labels()
        return [frames_of(flat, self.dataset.dims) for flat in features], labels

    def refit(self):
        clips, labels = self.clips()
        self.matcher.fit(clips, labels, len(self.dataset.classes))
        lengths = [len(clip) for clip in clips]
        self.window_frames = min(max(round(WINDOW_SHARE * _median(lengths)),
                                     MIN_CLIP_FRAMES), MAX_WINDOW) if lengths else DEFAULT_WINDOW

    def add(self, teach_class, vector, thumb) -> bool:
        raise LookupError("A motion is learnt from clips: hold “Hold to record” while doing it.")

    def predict(self, vector, k: int, still: float = 0.0) -> list[float] | None:
        if vector is None:  # nobody there: the motion so far is over
            self.window.clear()
            self.still, self.moved = False, None
            return None
        self.window.append(vector)
        while len(self.window) > self.window_frames:
            self.window.popleft()
        if self.dataset.problem() is not None or len(self.window) < self.window_frames:
            return None
        window = normalise_clip(list(self.window))
        self.moved = round(movement(window), 4)
        self.still = self.moved < still
        if self.still:
            return [0.0] * len(self.dataset.classes)
        if self.method == "network":
            from lab.teach.sequence_network import window_input
            return self.head.predict(window_input(window))
        return self.matcher.predict(window, k)

    def prediction(self, confidences):
        if self.still and confidences is not None:
            return {"label": None, "confidence": 0.0,
                    "confidences": {name: 0.0 for name in self.dataset.names()}}
        return super().prediction(confidences)

    def caption(self, prediction) -> str:
        return "still" if prediction and prediction["label"] is None else super().caption(prediction)

    def summary(self) -> dict:
        return {**super().summary(), "window_frames": self.window_frames,
                "clips": [len(c.samples) for c in self.dataset.classes], "still": self.still,
                "movement": self.moved, "match_ms": self.matcher.ms, "record_ms": self.record_ms}

    # the trained network: windows of the clips, as the window is judged -----------------
    def training_data(self):
        from lab.teach.sequence_network import crops

        def windows(part):
            xs, ys = [], []
            for flat, label in zip(*part):
                taken = crops(frames_of(flat, self.dataset.dims))
                xs += taken
                ys += [label] * len(taken)
            return xs, ys
        train, test = super().training_data()
        return windows(train), windows(test)

    def new_head(self):
        from lab.teach.sequence_network import SequenceHead
        return SequenceHead(self.dataset.dims + 2, len(self.dataset.classes))  # shape and step

    def dispose(self, why: str = "the demo stopped"):
        super().dispose(why)
        self.matcher.dispose()


def trace(clip: list) -> str | None:
    """A small PNG of the clip: each keypoint's path, faint at the start, dark at the end."""
    import js

    canvas = js.document.createElement("canvas")
    canvas.width = canvas.height = TRACE_SIZE
    pen = canvas.getContext("2d")
    pen.fillStyle = "#ffffff"
    pen.fillRect(0, 0, TRACE_SIZE, TRACE_SIZE)
    half = TRACE_SIZE / 2
    for step in range(1, len(clip)):
        pen.strokeStyle = f"rgba(0, 90, 120, {0.2 + 0.8 * step / len(clip):.2f})"
        pen.beginPath()
        for index in range(0, len(clip[step]), 2):
            pen.moveTo(half + clip[step - 1][index] * half, half + clip[step - 1][index + 1] * half)
            pen.lineTo(half + clip[step][index] * half, half + clip[step][index + 1] * half)
        pen.stroke()
    return canvas.toDataURL("image/png")


def _median(values) -> float:
    """The middle of `values` (statistics.median's answer, without importing statistics at boot)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
