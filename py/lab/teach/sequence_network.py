"""A small recurrent network (a GRU) on motion windows, trained with the Layers API in the page.

    from lab.teach.sequence_network import SequenceHead, crops, window_input, FRAMES

    head = SequenceHead(dims=36, classes=2)   # as lab.teach.network.Head, on [FRAMES, dims] inputs
    xs = crops(clip)                          # a clip's windows (each FRAMES frames of shape and
                                              # step: lab.teach.motion.matched), to train on
    head.predict(window_input(window))        # the window being judged, the same way

A GRU over the window's frames and a softmax (not a Conv1D: the wasm backend
has no gradient kernel for convolutions, Conv2DBackpropFilter). A window is
WINDOW_SHARE of a clip, as in the DTW kNN; the network is trained on CROPS
windows of each clip, spread over it.
"""

from lab.core.bridge import to_js, to_py
from lab.core.engine import tf, tidy
from lab.teach.motion import matched, resample
from lab.teach.network import Head

FRAMES = 10          # a window's frames, resampled
WINDOW_SHARE = 0.6   # of a clip
CROPS = 6            # windows taken from each clip to train on
UNITS = 16


def window_input(window: list) -> list[float]:
    """A window (normalised frames) as the network's input, flat: FRAMES frames of shape and step."""
    return [v for frame in matched(resample(window, FRAMES)) for v in frame]


def crops(clip: list) -> list[list[float]]:
    """CROPS windows of the clip (WINDOW_SHARE of it each), from its start to its end."""
    size = max(2, round(len(clip) * WINDOW_SHARE))
    last = len(clip) - size
    starts = sorted({round(last * i / (CROPS - 1)) for i in range(CROPS)})
    return [window_input(clip[start:start + size]) for start in starts]


class SequenceHead(Head):
    """[FRAMES, dims] -> GRU -> softmax over the classes."""

    def _build(self, dims: int, classes: int):
        model = tf.sequential()
        model.add(tf.layers.gru(to_js({"units": UNITS, "inputShape": [FRAMES, dims],
                                       "name": "teach_motion_gru"})))
        model.add(tf.layers.dense(to_js({"units": classes, "activation": "softmax",
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
