"""A lesson of motions: each hold of "Hold to record" is one clip; a sliding window is judged.

    from lab.teach.motion_lesson import MotionLesson

    lesson = await MotionLesson.start(features)   # as lab.teach.lesson.Lesson, for motion modes
    lesson.recording = target          # frames go to a clip while its button is held ...
    lesson.record(row, None, at=t)     # ... one frame (lab.teach.motion.frame_vector) taken at
                                       # t (s, perf_counter's clock; now when left out): None
    lesson.recording = None            # released: the clip, at RATE frames a second and normalised,
                                       # is one sample (with a small trace of it as its thumbnail);
                                       # a hold too short, or too few frames with someone found in
                                       # it: `notice` says so and what to do
    lesson.predict(row, k=3, still=0.05, at=t)   # the last `window_frames` frames at RATE (0.6 of
                                       # the median clip's seconds) against every stretch of the clips
                                       # by DTW kNN (lab.teach.motion_match); a window that moves
                                       # less than `still` claims no motion: `still` is True
    lesson.add_clip(target, rows, times)   # a clip from elsewhere (lab.teach.video_clip): None, or
                                       # why not (times None: the rows are at RATE already)
    lesson.summary()                   # adds window_frames, window_seconds, clips, still, movement,
                                       # match_ms, record_ms (recording's cost per frame of the last clip)
    await lesson.train(...)            # lab.teach.sequence_network: a GRU on windows of the clips

Time, not frames, is what a clip and the window are measured in (lab.teach.motion_time): a loop
slower than while recording shows the same motion in the window.
"""

import time

from lab.teach.dataset import MAX_CLIP_FRAMES, MIN_CLIP_FRAMES
from lab.teach.lesson import Lesson
from lab.teach.motion import frames_of, movement, normalise_clip
from lab.teach.motion_match import ClipMatcher
from lab.teach.motion_time import RATE, TimedWindow, at_rate, hold_problem
from lab.teach.training import balanced

DEFAULT_WINDOW = 10   # frames at RATE, until there are clips to take the length from
WINDOW_SHARE = 0.6    # of a clip's frames: the window is a part of a motion, wherever it began
MAX_WINDOW = 60
TRACE_SIZE = 64


class MotionLesson(Lesson):
    def __init__(self, features, dataset):
        self.matcher = ClipMatcher()
        self._recording, self.clip, self.clip_times = None, [], []
        self._record_s, self.record_ms = 0.0, None  # recording's cost, per frame of the last clip
        self._held_from = time.perf_counter()       # when the button went down
        self.window = TimedWindow()
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
        self._recording, self.clip, self.clip_times, self._record_s = teach_class, [], [], 0.0
        self._held_from = time.perf_counter()

    def record(self, vector: list, thumb, at: float | None = None) -> None:
        """One frame more of the clip, taken at `at` (None: no sample is added until the button is
        released)."""
        started = time.perf_counter()
        at = started if at is None else at
        # a hold is up to MAX_CLIP_FRAMES at RATE: frames beyond are let go
        if self._recording is not None and (not self.clip_times or
                                            at - self.clip_times[0] < MAX_CLIP_FRAMES / RATE):
            self.clip.append(vector)
            self.clip_times.append(at)
        self._record_s += time.perf_counter() - started

    def _commit(self):
        """The frames recorded since the button went down, as one clip of its class."""
        started = time.perf_counter()
        rows, times, target = self.clip, self.clip_times, self._recording
        self.clip, self.clip_times = [], []
        if target is None or self.index_of(target) is None:
            return
        # a hold too short, or one in which the model found too few frames, is said, not kept
        self.notice = hold_problem(times, started - self._held_from,
                                   getattr(self.features, "missing", None))
        if self.notice:
            return
        self.notice = self.add_clip(target, rows, times)
        # what recording cost the frame loop, per frame of the clip: each frame's record() and
        # the clip's normalising, trace, refit and save at the release
        self.record_ms = round((self._record_s + time.perf_counter() - started) * 1000 / len(rows), 3)

    def add_clip(self, target, rows: list, times: list | None = None) -> str | None:
        """`rows` (frame_vector()s: a hold's, or a video file's, taken at `times` in seconds; None:
        RATE a second) as one clip of `target`, MIN_CLIP_FRAMES or more at RATE; None, or why not
        (the class is full). LookupError: it was deleted."""
        index = self.index_of(target)
        if index is None:
            raise LookupError(f"The class “{target.name}” was deleted.")
        clip = normalise_clip((rows if times is None else at_rate(rows, times))[:MAX_CLIP_FRAMES])
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

    def predict(self, vector, k: int, still: float = 0.0, at: float | None = None):
        if vector is None:  # nobody there: the motion so far is over
            self.window.clear()
            self.still, self.moved = False, None
            return None
        network = self.method == "network"
        frames = self.head.window_frames if network else self.window_frames
        self.window.add(time.perf_counter() if at is None else at, vector,
                        keep=max(frames, self.window_frames) / RATE)
        window = self.window.last(frames)
        if self.dataset.problem() is not None or window is None:
            return None
        window = normalise_clip(window)
        self.moved = round(movement(window), 4)
        self.still = self.moved < still
        if self.still:
            return [0.0] * len(self.dataset.classes)
        if network:
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
                "window_seconds": round((self.window_frames - 1) / RATE, 2),
                "clips": [len(c.samples) for c in self.dataset.classes], "still": self.still,
                "movement": self.moved, "match_ms": self.matcher.ms, "record_ms": self.record_ms}

    # the trained network: windows of the clips, as the window is judged -----------------
    def training_data(self):
        """Windows of the clips, each class as many as the largest's (balanced): a class with one
        clip and one with two weigh alike; in a fixed order (SequenceHead does not shuffle)."""
        from lab.teach.sequence_network import crops

        def windows(part):
            xs, ys = [], []
            for flat, label in zip(*part):
                taken = crops(frames_of(flat, self.dataset.dims), self.window_frames)
                xs += taken
                ys += [label] * len(taken)
            return xs, ys
        train, test = super().training_data()
        return balanced(*windows(train)), windows(test)

    def new_head(self):
        from lab.teach.sequence_network import SequenceHead
        return SequenceHead(self.dataset.dims + 2, len(self.dataset.classes),  # shape and step
                            self.window_frames)

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
