"""k nearest clips by dynamic time warping: the motions' kNN (lab.teach.motion has the DTW).

    from lab.teach.motion_match import ClipMatcher, LENGTH

    matcher = ClipMatcher()
    matcher.fit(clips, labels, classes=2)   # clips: frames of numbers, any lengths
    matcher.predict(window, k=3)            # [0.67, 0.33]: the share of the k nearest clips (k at
                                            # most the fewest clips of a class: lab.teach.knn.fair_k)
    matcher.ms                              # how long the last predict() took
    matcher.dispose()

Every clip is resampled to LENGTH frames and the window to WINDOW_LENGTH (it is
shorter: a part of a motion), each frame as its shape and its step
(lab.teach.motion.matched); the frame distances of the window to every frame of
every clip come from TF.js in one tidy() (a matMul), then a subsequence DTW (the
window against the best stretch of the clip) runs in Python on each clip's matrix.
"""

import time

from lab.teach.knn import fair_k, vote
from lab.teach.motion import matched, resample, subsequence_dtw

LENGTH = 16         # frames a clip is compared at
WINDOW_LENGTH = 10  # frames the window is compared at: it is 0.6 of a clip (MotionLesson)


class ClipMatcher:
    def __init__(self):
        self.frames = None   # a kept [clips * LENGTH, dims] tensor
        self.labels: list[int] = []
        self.classes = 0
        self.ms = None

    def fit(self, clips: list, labels: list[int], classes: int):
        from lab.core.bridge import to_js
        from lab.core.engine import tf, tidy

        self.dispose()
        self.labels, self.classes = list(labels), classes
        if not clips:
            return
        rows = [frame for clip in clips for frame in matched(resample(clip, LENGTH))]
        with tidy():
            self.frames = tf.keep(tf.tensor2d(to_js(rows)))

    def distances(self, window: list) -> list[float]:
        """The DTW distance of `window` to the best-matching stretch of each clip."""
        from lab.core.bridge import to_js, to_py
        from lab.core.engine import tf, tidy

        query = matched(resample(window, WINDOW_LENGTH))
        clips = len(self.labels)
        with tidy():
            q = tf.tensor2d(to_js(query))                          # [WINDOW_LENGTH, dims]
            # |c - q|^2 = |c|^2 + |q|^2 - 2 c.q, for every clip frame c and window frame q
            squared = self.frames.square().sum(1, True).add(q.square().sum(1).expandDims(0)) \
                .sub(self.frames.matMul(q.transpose()).mul(2))
            costs = squared.relu().sqrt().reshape(to_js([clips, LENGTH, WINDOW_LENGTH])) \
                .transpose(to_js([0, 2, 1]))                      # [clips, window, clip frames]
            costs = to_py(costs.dataSync())
        costs = costs.tolist() if hasattr(costs, "tolist") else list(costs)
        size = LENGTH * WINDOW_LENGTH
        return [subsequence_dtw(costs[start:start + size], WINDOW_LENGTH, LENGTH)
                for start in range(0, len(costs), size)]

    def predict(self, window: list, k: int = 3) -> list[float]:
        if self.frames is None or not self.labels or not window:
            return [0.0] * self.classes
        start = time.perf_counter()
        distances = self.distances(window)
        k = fair_k(k, self.labels)   # a class of fewer clips than k can still be named
        nearest = sorted(range(len(distances)), key=distances.__getitem__)[:k]
        confidences = vote([self.labels[i] for i in nearest], self.classes)
        self.ms = round((time.perf_counter() - start) * 1000, 2)
        return confidences

    def dispose(self):
        if self.frames is not None:
            self.frames.dispose()
            self.frames = None
