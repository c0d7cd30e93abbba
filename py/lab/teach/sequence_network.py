"""A small recurrent network (a GRU) on motion windows, trained with the Layers API in the page.

    from lab.teach.sequence_network import SequenceHead, crops, window_input, FRAMES

    head = SequenceHead(dims=36, classes=2, window_frames=14)   # as lab.teach.network.Head, on
                                              # [FRAMES, dims] inputs; a window is 14 frames at
                                              # lab.teach.motion_time.RATE (1.3 s)
    xs = crops(clip, 14)                      # a clip's windows (each FRAMES frames of shape and
                                              # step: lab.teach.motion.matched), to train on
    head.predict(window_input(window))        # the window being judged (14 frames at RATE), alike

A GRU over the window's frames and a softmax (not a Conv1D: the wasm backend
has no gradient kernel for convolutions, Conv2DBackpropFilter). Clips are kept at
RATE frames a second and the window is judged at RATE, so a window of
`window_frames` spans as many seconds in both: the network is trained on CROPS
windows of that many frames of each clip, spread over it, and judges the window
the camera loop took over those seconds, however fast the loop ran. A slow loop
sees the motion in fewer frames, joined by straight lines: each crop is also
trained on as a loop at LOOP_RATES would see it.
"""

import random

from lab.core.bridge import to_js, to_py
from lab.core.engine import tf, tidy
from lab.teach.motion import matched, resample
from lab.teach.motion_time import RATE, crop_starts, seen_at
from lab.teach.network import Head

FRAMES = 10          # a window's frames, resampled: the network's input
CROPS = 6            # windows taken from each clip to train on
LOOP_RATES = (RATE, 5.0, 3.5)   # each as the camera loop shows it at these frames a second
JITTER = 0.02        # of a normalised keypoint's place (a clip's boxes' mean side is 1)
UNITS = 16
SEED = 33            # the first weights: the same clips train the same network


def window_input(window: list) -> list[float]:
    """A window (normalised frames) as the network's input, flat: FRAMES frames of shape and step."""
    return [v for frame in matched(resample(window, FRAMES)) for v in frame]


def crops(clip: list, size: int) -> list[list[float]]:
    """CROPS windows of `size` frames of the clip (both at RATE), from its start to its end, each
    also as a loop at each of LOOP_RATES would show it; a clip shorter than a window is held at its
    first frame before it (as if nothing moved then)."""
    if len(clip) < size:
        clip = [clip[0]] * (size - len(clip)) + list(clip)
    jitter = random.Random(len(clip))   # the same crops for the same clip
    out = []
    for start in crop_starts(len(clip), size, CROPS):
        for fps in LOOP_RATES:
            window = window_input(seen_at(clip, fps, start + size - 1, size))
            # the slower loops' windows with the keypoints' own jitter too: the network learns the
            # motion, not the small differences of one clip's keypoints (a video's, a camera's)
            out.append(window if fps == RATE else [v + jitter.gauss(0, JITTER) for v in window])
    return out


class SequenceHead(Head):
    """[FRAMES, dims] -> GRU -> softmax over the classes; `window_frames`: how many frames at RATE
    the windows it learnt from (and must be shown) span. Its first weights come from SEED and
    its samples in the order given (MotionLesson balances and shuffles them by a seed): the same
    clips train the same network."""

    shuffle = False

    def __init__(self, dims: int, classes: int, window_frames: int):
        self.window_frames = window_frames
        super().__init__(dims, classes)

    def _build(self, dims: int, classes: int):
        model = tf.sequential()
        def seeded(kind: str, seed: int):
            return getattr(tf.initializers, kind)(to_js({"seed": seed}))
        model.add(tf.layers.gru(to_js({"units": UNITS, "inputShape": [FRAMES, dims],
                                       "kernelInitializer": seeded("glorotUniform", SEED),
                                       "recurrentInitializer": seeded("orthogonal", SEED + 1),
                                       "name": "teach_motion_gru"})))
        model.add(tf.layers.dense(to_js({"units": classes, "activation": "softmax",
                                         "kernelInitializer": seeded("glorotUniform", SEED + 2),
                                         "name": "teach_classes"})))
        return model

    def _inputs(self, features: list):
        return tf.tensor3d(to_js([v for row in features for v in row]),
                           to_js([len(features), FRAMES, self.dims]))

    def _tensors(self, features, labels):
        ys = tf.oneHot(tf.tensor1d(to_js(labels), "int32"), self.classes).toFloat()
        return self._inputs(features), ys

    def predict(self, features: list) -> list[float]:
        with tidy():
            return [float(x) for x in to_py(self.model.predict(self._inputs([features])).dataSync())]

    def predicted_classes(self, features: list) -> list[int]:
        if not features:
            return []
        with tidy():
            out = self.model.predict(self._inputs(features))
            return [int(x) for x in to_py(out.argMax(1).dataSync())]
