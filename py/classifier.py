"""An ImageNet image classifier for camera frames and photos: EfficientNet-Lite0, loaded by ml5.

    from lab.classifier import load_classifier, ModelMissing

    classifier = await load_classifier()     # ModelMissing if setup did not build the model
    top = await classifier.classify(stage.frame, top_k=5)
    # [{"label": "espresso", "index": 967, "confidence": 0.94}, ...]
    short_label(top[0]["label"])             # "tabby, tabby cat" -> "tabby"
    classifier.dispose()                     # Demo: demo.on_stop(classifier.dispose)

The model is tools/convert_efficientnet.py's TF.js Layers conversion of
EfficientNet-Lite0 (ImageNet top-1 ~75%), served from vendor/models/. ml5's
`imageClassifier` loads it (it needs an absolute URL to a model.json, and reads
the 1000 labels from the metadata.json beside it).

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
from pyodide.ffi import JsException

from lab.bridge import js_error_message, to_js, to_py
from lab.engine import tf, tidy

MODEL_URL = "vendor/models/efficientnet-lite0/model.json"
MODEL_NAME = "EfficientNet-Lite0 (ImageNet, 1000 classes)"
IMAGE_SIZE = 224
BACKGROUND = "#ffffff"  # what a photo's transparent parts are composited on (README)
# Where a result is ready as soon as the model returns, read it at once: an await costs a
# turn of the event loop. Not on webgl (the GPU may still be working) nor on cpu, whose
# frames of seconds need that turn for the page to answer in between.
READ_AT_ONCE = ("wasm",)


class ModelMissing(RuntimeError):
    """The model's files are not where setup puts them."""


def short_label(label: str) -> str:
    """ImageNet labels list synonyms: "tabby, tabby cat" -> "tabby"."""
    return str(label).split(",")[0].strip()


def absolute_url(relative: str) -> str:
    # ml5 treats anything but an absolute http(s) URL as a model *name* (and then
    # downloads MobileNet from the internet): resolve against the page's address.
    return js.URL.new(relative, js.location.href).href


async def _check_model_files(url: str, ours: bool):
    for name in ("model.json", "metadata.json"):
        file_url = url.rsplit("/", 1)[0] + "/" + name
        try:
            response = await js.fetch(file_url, to_js({"method": "HEAD", "cache": "no-cache"}))
            found = response.ok
        except JsException:
            found = False
        if found:
            continue
        if ours:
            raise ModelMissing(
                f"The classifier model is missing ({file_url.split('/vendor/')[-1]} could not be "
                "loaded). Run `./lab serve` from the project folder (it converts the model into "
                "vendor/models/efficientnet-lite0/), then reload the page.")
        raise ModelMissing(
            f"No model at {file_url}: ?model= must point to a TF.js Layers model.json, with its "
            "metadata.json (the labels) beside it, served by this page's server. Remove ?model= "
            "to use the built-in ImageNet classifier.")


class ImageClassifier:
    def __init__(self, ml5_classifier):
        self.ml5 = ml5_classifier
        self.model = ml5_classifier.model
        self.labels = list(to_py(ml5_classifier.mapStringToIndex))
        # 224 for ours and Teachable Machine's; another model may ask for another size
        self.size = int(to_py(self.model.inputs[0].shape)[1] or IMAGE_SIZE)
        self._canvas = js.document.createElement("canvas")
        self._canvas.width = self._canvas.height = self.size
        self._context = self._canvas.getContext("2d", to_js({"willReadFrequently": True}))
        self._context.imageSmoothingQuality = "high"

    def _square(self, frame, width: int, height: int):
        """The frame's centre square, drawn onto the model-sized (224x224) canvas.

        On white first: a photo's transparent parts show white, as on the stage, and
        never what the canvas held from the last picture.
        """
        side = min(width, height)
        self._context.fillStyle = BACKGROUND
        self._context.fillRect(0, 0, self.size, self.size)
        self._context.drawImage(frame, (width - side) / 2, (height - side) / 2, side, side,
                                0, 0, self.size, self.size)
        return self._canvas

    async def classify(self, frame, top_k: int = 5, width: int | None = None,
                       height: int | None = None) -> list[dict]:
        """Top-k ImageNet classes for a <video>, <img> or <canvas>, best first.

        `width`/`height` default to the frame's own pixel size.
        """
        width = width or getattr(frame, "videoWidth", 0) or frame.naturalWidth or frame.width
        height = height or getattr(frame, "videoHeight", 0) or frame.naturalHeight or frame.height
        square = self._square(frame, width, height)
        with tidy():
            pixels = tf.browser.fromPixels(square)
            inputs = pixels.toFloat().div(127).sub(1).expandDims(0)
            probabilities = self.model.predict(inputs).as1D()
            best = tf.topk(probabilities, min(top_k, len(self.labels)))
            values, indices = tf.keep(best.values), tf.keep(best.indices)
        try:
            if tf.getBackend() in READ_AT_ONCE:
                confidences, classes = to_py(values.dataSync()), to_py(indices.dataSync())
            else:
                confidences, classes = to_py(
                    await js.Promise.all(to_js([values.data(), indices.data()])))
        finally:
            values.dispose()
            indices.dispose()
        return [{"label": self.labels[int(i)], "index": int(i), "confidence": float(c)}
                for c, i in zip(confidences, classes)]

    def dispose(self):
        self.model.dispose()


async def load_classifier(url: str = MODEL_URL) -> ImageClassifier:
    """Load the model with ml5 and warm it up (the first prediction compiles kernels)."""
    ours = url == MODEL_URL
    url = absolute_url(url)
    await _check_model_files(url, ours)
    loading = js.ml5.imageClassifier(url)
    ml5_classifier = await loading if hasattr(loading, "then") else loading
    await ml5_classifier.ready
    model = ml5_classifier.model
    if model is None or not hasattr(model, "predict"):
        # ml5 catches a failed load, logs it and keeps the error as its "model"
        raise RuntimeError(f"ml5 could not load the classifier model: {js_error_message(model)}. "
                           "Rebuild it with `./lab serve`, then reload the page.")
    classifier = ImageClassifier(ml5_classifier)
    with tidy():
        classifier.model.predict(tf.zeros(to_js([1, classifier.size, classifier.size, 3]))).dataSync()
    return classifier
