"""The person apart from the background: MediaPipe's selfie segmentation through body-segmentation.

    from lab.segment.model import SegmentModel, MODELS, DEFAULT_MODEL

    model = await SegmentModel.load("selfie")
    found = await model.estimate(frame, threshold=0.5)
    # {"person_fraction": 0.42, "grid": [48 numbers]}: the share of pixels whose probability of
    # being the person is above `threshold`, and the probabilities averaged over 8 columns x 6
    # rows, row-major (lab.segment.grid)
    found = await model.estimate(frame, threshold=0.5, mask=True)
    found["mask"]     # also an ImageData of the frame's size: the person opaque white, the
                      # rest transparent (body-segmentation's toBinaryMask), to draw with
    model.dispose()

selfie.json (general, 256x256) outputs one channel, p(person), where body-segmentation reads the
second of two: tools/patch_vision_models.py makes it output (1 - p, p). The mask's tensor is
freed before estimate() returns: the ImageData is plain pixels, nothing to dispose.
"""

from functools import lru_cache

import js

from lab.core.bridge import to_js, to_py
from lab.core.engine import tf, tidy
from lab.segment.grid import COLUMNS, ROWS, cell_weights
from lab.vision.detector import Choice, Detector

MODELS = {"selfie": Choice("MediaPipe selfie segmentation", ("segment/selfie.json",),
                           {"runtime": "tfjs", "modelType": "general",
                            "modelUrl": "vendor/models/segment/selfie.json"})}
DEFAULT_MODEL = "selfie"
PERSON = to_js({"r": 255, "g": 255, "b": 255, "a": 255})   # the mask: the person opaque,
CLEAR = to_js({"r": 0, "g": 0, "b": 0, "a": 0})            # the background transparent


def check_threshold(threshold) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
            or not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be a number from 0 to 1, not {threshold!r}.")
    return float(threshold)


@lru_cache(maxsize=8)
def _weights(size: int, parts: int):
    """cell_weights as a JS array, made once per frame size: not a list of lists every frame."""
    return to_js(cell_weights(size, parts))


class SegmentModel(Detector):
    KIND = "segmentation model"
    SCRIPT = "body-segmentation"
    GLOBAL = "bodySegmentation"
    CHOICES = MODELS
    _threshold = 0.5
    _with_mask = False

    @classmethod
    def _create(cls, library, options):
        return library.createSegmenter(library.SupportedModels.MediaPipeSelfieSegmentation, options)

    async def estimate(self, frame, width: int | None = None, height: int | None = None,
                       threshold: float = 0.5, mask: bool = False) -> dict:
        """The person in `frame`: the share of it that is the person (mask above `threshold`) and
        the mask averaged over 8 x 6 cells (lab.segment.grid); with mask=True also "mask", the
        person as an ImageData (body-segmentation's toBinaryMask) to draw."""
        self._threshold = check_threshold(threshold)
        self._with_mask = bool(mask)
        return await super().estimate(frame, width, height)

    async def _run(self, pixels):
        [person] = await self._detector.segmentPeople(pixels)
        rgba = await person.mask.toTensor()  # [height, width, 4]: p(person) in the red channel
        try:
            height, width = rgba.shape[0], rgba.shape[1]
            with tidy():
                mask = rgba.slice(to_js([0, 0, 0]), to_js([height, width, 1])).reshape(
                    to_js([height, width]))
                rows = tf.tensor2d(_weights(height, ROWS))
                columns = tf.tensor2d(_weights(width, COLUMNS))
                grid = tf.matMul(tf.matMul(rows, mask), columns, False, True)
                values = to_py(grid.reshape(to_js([-1])).arraySync())
                inside = mask.greater(self._threshold).cast("float32").mean().arraySync()
            drawn = None
            if self._with_mask:  # read while the mask's tensor lives
                drawn = await js.bodySegmentation.toBinaryMask(
                    person, PERSON, CLEAR, False, self._threshold)
        finally:
            rgba.dispose()
        found = {"person_fraction": round(float(inside), 4), "grid": [round(v, 4) for v in values]}
        if drawn is not None:
            found["mask"] = drawn
        return found

    def _plain(self, found, scale_x, scale_y):
        return found  # shares and averages: the same in any pixels
