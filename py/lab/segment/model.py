"""The person apart from the background: MediaPipe's selfie segmentation through body-segmentation.

    from lab.segment.model import SegmentModel, MODELS, DEFAULT_MODEL

    model = await SegmentModel.load("selfie")
    found = await model.estimate(frame, threshold=0.5)
    # {"person_fraction": 0.42, "grid": [48 numbers]}: the share of pixels whose probability of
    # being the person is above `threshold`, and the probabilities averaged over 8 columns x 6
    # rows, row-major (lab.segment.grid)
    found = await model.estimate(frame, threshold=0.5, mask=True)
    found["mask"]     # also an ImageData of the frame's size: the person opaque white, the
                      # rest transparent (the pixels body-segmentation's toBinaryMask gives), to draw
    model.dispose()

selfie.json (general, 256x256) outputs one channel, p(person), where body-segmentation reads the
second of two: tools/patch_vision_models.py makes it output (1 - p, p). The package gives the
mask as an RGBA tensor; summed_up reads it with a few TF.js ops and one read of 49 numbers
(and one of the mask's pixels to draw: cheaper than toBinaryMask's loops over bytes, the same
pixels). The mask's tensor is freed before estimate() returns: the ImageData is plain pixels.
"""

from functools import lru_cache

import js

from lab.core.bridge import to_js
from lab.core.engine import tf, tidy
from lab.segment.grid import COLUMNS, ROWS, cell_weights, drawn_cutoff
from lab.vision.detector import Choice, Detector

MODELS = {"selfie": Choice("MediaPipe selfie segmentation", ("segment/selfie.json",),
                           {"runtime": "tfjs", "modelType": "general",
                            "modelUrl": "vendor/models/segment/selfie.json"})}
DEFAULT_MODEL = "selfie"
PERSON = to_js({"r": 255, "g": 255, "b": 255, "a": 255})   # toBinaryMask's colours: the
CLEAR = to_js({"r": 0, "g": 0, "b": 0, "a": 0})            # person opaque, the rest transparent


def check_threshold(threshold) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
            or not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be a number from 0 to 1, not {threshold!r}.")
    return float(threshold)


@lru_cache(maxsize=8)
def _weights(size: int, parts: int):
    """cell_weights as one flat Float32Array, made once per frame size."""
    return js.Float32Array.new(to_js([w for row in cell_weights(size, parts) for w in row]))


SELECTOR = js.Float32Array.new(to_js([1, 0, 0, 0]))  # the mask's first (red) channel


def summed_up(rgba, threshold: float, cutoff: float | None):
    """The person in body-segmentation's RGBA mask tensor ([height, width, 4], p(person) in
    red and alpha): (person_fraction and the 8 x 6 grid as 49 numbers, read at once; with
    `cutoff` (lab.segment.grid.drawn_cutoff) the pixels toBinaryMask would draw, as an
    Int32Array of -1 (four bytes of 255) or 0, one a pixel). js/vision_worker.js does the same."""
    height, width = rgba.shape[0], rgba.shape[1]
    with tidy():
        # p(person) alone: a matMul picks the channel, many times faster than a strided slice
        person = tf.matMul(rgba.reshape(to_js([-1, 4])), tf.tensor2d(SELECTOR, to_js([4, 1])))
        person = person.reshape(to_js([height, width]))
        rows = tf.tensor2d(_weights(height, ROWS), to_js([ROWS, height]))
        columns = tf.tensor2d(_weights(width, COLUMNS), to_js([COLUMNS, width]))
        grid = tf.matMul(tf.matMul(rows, person), columns, False, True).reshape(to_js([-1]))
        inside = person.greater(threshold).cast("float32").mean().reshape(to_js([1]))
        numbers = tf.concat(to_js([inside, grid])).dataSync()
        drawn = None
        if cutoff is not None:
            drawn = person.greaterEqual(cutoff).cast("int32").mul(tf.scalar(-1, "int32")).dataSync()
    return numbers, drawn


def as_image(drawn, width: int, height: int):
    """summed_up's pixels as the ImageData toBinaryMask gives (the person opaque white)."""
    return js.ImageData.new(js.Uint8ClampedArray.new(drawn.buffer, drawn.byteOffset,
                                                     drawn.byteLength), width, height)


def _tensor(person):
    """The mask's RGBA tensor: body-segmentation 1.0.2 keeps it as `mask.mask` (what its
    toTensor() resolves to), read here without a promise."""
    return person.mask.mask


def _free(people):
    """A frame's masks that nobody will read (the demo stopped waiting for them)."""
    for person in people:
        _tensor(person).dispose()


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
        person as an ImageData (as body-segmentation's toBinaryMask draws it) to draw."""
        self._threshold = check_threshold(threshold)
        self._with_mask = bool(mask)
        return await super().estimate(frame, width, height)

    async def _estimate(self, pixels):
        """segmentPeople awaited as a promise (one task turn), then summed up here."""
        people = await self._in_flight(pixels, lambda: self._detector.segmentPeople(pixels),
                                       _free)
        [person] = people
        rgba = _tensor(person)
        try:
            cutoff = drawn_cutoff(self._threshold) if self._with_mask else None
            numbers, drawn = summed_up(rgba, self._threshold, cutoff)
            height, width = rgba.shape[0], rgba.shape[1]
        finally:
            rgba.dispose()
        numbers = numbers.to_py()
        found = {"person_fraction": round(numbers[0], 4),
                 "grid": [round(v, 4) for v in numbers[1:]]}
        if drawn is not None:
            found["mask"] = as_image(drawn, width, height)
        return found

    def _plain(self, found, scale_x, scale_y):
        return found  # shares and averages: the same in any pixels
