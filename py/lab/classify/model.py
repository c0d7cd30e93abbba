"""An ImageNet image classifier for camera frames and photos: EfficientNet-Lite0, a TF.js Layers model.

    from lab.classify.model import Classifier, ModelLoadError

    classifier = await Classifier.load()     # ModelLoadError: the file given, what's wrong, what to do
    top = await classifier.classify(stage.frame, top_k=5)
    # [{"label": "espresso", "index": 967, "confidence": 0.94}, ...]
    short_label(top[0]["label"])             # "tabby, tabby cat" -> "tabby"
    classifier.dispose()                     # Demo: demo.on_stop(classifier.dispose)

The same model can run in a Web Worker instead: lab.classify.worker_model.

The model is tools/convert_efficientnet.py's TF.js Layers conversion of
EfficientNet-Lite0 (ImageNet top-1 ~75%), served from vendor/models/, with its 1000
labels in the metadata.json beside it, where ml5's `imageClassifier` reads them too.
Another model (?model=) must be on this page's server, and is checked before TF.js
sees it (lab.classify.model_check), which then loads it here rather than in ml5: ml5
keeps a failed load as its model, and what that load made could never be freed.

`classify` does what ml5 1.4.0's `classifier.classify()` does for such a model
(pixels -> 224x224 -> x / 127 - 1 -> predict), with two differences:
- ml5 leaks two tensors per call (its `imgToTensor` input and the `as1D()`
  view of the output are never disposed): a webcam loop would grow memory by
  two 224x224x3-sized tensors per frame. Here everything is made in one
  `tidy()` and only the top-k values are read back: the tensor count stays flat.
- ml5 squashes a 640x480 frame into a square; here the centre square is cut
  out first (as the model was evaluated), by drawing it onto a 224x224 canvas,
  whose smoothing also keeps a big frame from aliasing when shrunk.
For a 224x224 image both give the same numbers (tests/test_classify.py checks).
"""

import js

from lab.classify.model_check import (  # noqa: F401 (where the rest of the lab takes them from)
    MODEL_NAME,
    MODEL_URL,
    ModelRunError,
    check_input,
    checked_model,
    load_failed,
    load_layers_model,
    model_label,
)
from lab.core.bridge import js_error_message, to_js, to_py
from lab.core.engine import backend, tf, tidy
from lab.core.models import ModelLoadError

IMAGE_SIZE = 224
BACKGROUND = "#ffffff"  # what a photo's transparent parts are composited on (README)
# Where a result is ready as soon as the model returns, read it at once: an await costs a
# turn of the event loop. Not on webgl (the GPU may still be working) nor on cpu, whose
# frames of seconds need that turn for the page to answer in between.
READ_AT_ONCE = ("wasm",)


def short_label(label: str) -> str:
    """ImageNet labels list synonyms: "tabby, tabby cat" -> "tabby"."""
    return str(label).split(",")[0].strip()


def picture(frame, width: int | None = None, height: int | None = None):
    """(image, width, height) of a stage's Frame, or of a <video>, <img> or <canvas> at its own
    pixel size unless given."""
    if hasattr(frame, "image"):
        return frame.image, frame.width, frame.height
    width = width or getattr(frame, "videoWidth", 0) or frame.naturalWidth or frame.width
    height = height or getattr(frame, "videoHeight", 0) or frame.naturalHeight or frame.height
    return frame, width, height


def top_classes(labels: list, confidences, classes) -> list[dict]:
    """The answer of classify(): each class's label, index and confidence, best first."""
    return [{"label": labels[int(i)], "index": int(i), "confidence": float(c)}
            for c, i in zip(confidences, classes)]


def draw_centre_square(context, image, width: int, height: int, size: int):
    """The centre square of `image` (`width` x `height` pixels), on white, filling `context`'s
    `size` x `size` canvas: what the classifier sees (js/classify_worker.js draws the same)."""
    side = min(width, height)
    context.fillStyle = BACKGROUND
    context.fillRect(0, 0, size, size)
    context.drawImage(image, (width - side) / 2, (height - side) / 2, side, side, 0, 0, size, size)


class Classifier:
    """One loaded image classifier. Build it with `await Classifier.load(url)`."""

    where = "page"  # the page's thread (lab.classify.worker_model.WorkerClassifier: "worker")

    def __init__(self, model, labels: list, name: str = MODEL_URL):
        self.name = name  # the model.json given, as lab.core.models.ModelSlot knows it
        self.disposed = False
        self.model = model
        self.labels = list(labels)
        # 224 for ours and Teachable Machine's; another model may ask for another size
        self.size = int(to_py(self.model.inputs[0].shape)[1] or IMAGE_SIZE)
        self._canvas = js.document.createElement("canvas")
        self._canvas.width = self._canvas.height = self.size
        self._context = self._canvas.getContext("2d", to_js({"willReadFrequently": True}))
        self._context.imageSmoothingQuality = "high"

    @property
    def label(self) -> str:
        """The model's name, as the page shows it."""
        return model_label(self.name)

    def square(self, frame, width: int, height: int):
        """The frame's centre square, drawn onto the model-sized (224x224) canvas.

        On white first: a photo's transparent parts show white, as on the stage, and
        never what the canvas held from the last picture.
        """
        draw_centre_square(self._context, frame, width, height, self.size)
        return self._canvas

    async def classify(self, frame, top_k: int = 5, width: int | None = None,
                       height: int | None = None) -> list[dict]:
        """Top-k ImageNet classes for a stage's frame (lab.media.frames.Frame), or a <video>,
        <img> or <canvas>, best first. `width`/`height` default to its own pixel size.
        """
        square = self.square(*picture(frame, width, height))
        with tidy():
            pixels = tf.browser.fromPixels(square)
            inputs = pixels.toFloat().div(127).sub(1).expandDims(0)
            probabilities = self.model.predict(inputs).as1D()
            best = tf.topk(probabilities, min(top_k, len(self.labels)))
            values, indices = tf.keep(best.values), tf.keep(best.indices)
        try:
            if backend() in READ_AT_ONCE:
                confidences, classes = to_py(values.dataSync()), to_py(indices.dataSync())
            else:
                confidences, classes = to_py(
                    await js.Promise.all(to_js([values.data(), indices.data()])))
        finally:
            values.dispose()
            indices.dispose()
        return top_classes(self.labels, confidences, classes)

    def thumbnail(self, size: int = 64) -> str:
        """The last square the model saw, as a `size`-pixel JPEG data URL."""
        small = js.document.createElement("canvas")
        small.width = small.height = size
        small.getContext("2d").drawImage(self._canvas, 0, 0, size, size)
        return small.toDataURL("image/jpeg", 0.8)

    @classmethod
    async def load(cls, url: str = MODEL_URL) -> "Classifier":
        """Load the model and warm it up (the first prediction compiles kernels).

        ModelLoadError, saying which file is wrong and what to do, if it can't; then nothing it
        made is left allocated.
        """
        given = url
        url, labels = await checked_model(given)
        model = await load_layers_model(url, given)
        try:
            check_input(to_py(model.inputs[0].shape), given)
            classifier = cls(model, labels, given)
            with tidy():
                model.predict(tf.zeros(to_js([1, classifier.size, classifier.size, 3]))).dataSync()
        except ModelLoadError:
            model.dispose()
            raise
        except Exception as error:  # TF.js could not run it
            model.dispose()
            raise load_failed(js_error_message(error), given) from None
        return classifier

    def dispose(self):
        """Free the model's weights (TF.js memory)."""
        if not self.disposed:
            self.disposed = True
            self.model.dispose()
