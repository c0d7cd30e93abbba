"""An ImageNet image classifier for camera frames and photos: EfficientNet-Lite0, loaded by ml5.

    from lab.classify.model import Classifier, ModelLoadError

    classifier = await Classifier.load()     # ModelLoadError: the file given, what's wrong, what to do
    top = await classifier.classify(stage.frame, top_k=5)
    # [{"label": "espresso", "index": 967, "confidence": 0.94}, ...]
    short_label(top[0]["label"])             # "tabby, tabby cat" -> "tabby"
    classifier.dispose()                     # Demo: demo.on_stop(classifier.dispose)

The same model can run in a Web Worker instead: lab.classify.worker_model.

The model is tools/convert_efficientnet.py's TF.js Layers conversion of
EfficientNet-Lite0 (ImageNet top-1 ~75%), served from vendor/models/. ml5's
`imageClassifier` loads it (it needs an absolute URL to a model.json, and reads
the 1000 labels from the metadata.json beside it). Another model (?model=) must be
on this page's server, and is checked before ml5 sees it.

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

import json

import js

from lab.core.bridge import js_error_message, to_js, to_py
from lab.core.engine import backend, tf, tidy
from lab.core.models import ModelLoadError, fetch_file, first_missing
from lab.core.urls import OffSite, local_url
from lab.inputs.forms import quoted

MODEL_URL = "vendor/models/efficientnet-lite0/model.json"
MODEL_NAME = "EfficientNet-Lite0 (ImageNet, 1000 classes)"
IMAGE_SIZE = 224
BACKGROUND = "#ffffff"  # what a photo's transparent parts are composited on (README)
# Where a result is ready as soon as the model returns, read it at once: an await costs a
# turn of the event loop. Not on webgl (the GPU may still be working) nor on cpu, whose
# frames of seconds need that turn for the page to answer in between.
READ_AT_ONCE = ("wasm",)


def model_label(url: str) -> str:
    """What a model is called on the page: ours by name, another by its model.json."""
    return MODEL_NAME if url == MODEL_URL else url


def short_label(label: str) -> str:
    """ImageNet labels list synonyms: "tabby, tabby cat" -> "tabby"."""
    return str(label).split(",")[0].strip()


def absolute_url(relative: str) -> str:
    # ml5 treats anything but an absolute http(s) URL as a model *name* (and then
    # downloads MobileNet from the internet): resolve against the page's address.
    return js.URL.new(relative, js.location.href).href


_YOURS = ("?model= (in the address) or model_url (in the code) must name a TF.js Layers image "
          "model's model.json, such as a Teachable Machine export, with its weight files and "
          "metadata.json (the labels) beside it, in a folder of this project. Remove ?model= to "
          "use the built-in ImageNet classifier.")
_OURS = ("Run `./lab serve` from the project folder (it converts the model into "
         "vendor/models/efficientnet-lite0/), then reload the page.")


def _sentence(text: str) -> str:
    """`text` as the end of a sentence: one full stop, not two."""
    return str(text).strip().rstrip(".")


async def _json(url: str):
    """(parsed JSON, None) or (None, why not)."""
    response = await fetch_file(url)
    if response is None:
        return None, "there is no such file on this page's server"
    text = await response.text()
    try:
        return json.loads(text), None
    except ValueError as error:
        return None, f"it is not JSON ({_sentence(error)})"


async def _check_model(url: str, given: str, ours: bool):
    """Raise ModelLoadError unless `url` is a TF.js Layers model with its files and labels.

    Checked here, before ml5 sees it: ml5 logs a failed load as an error and keeps the error
    as its model, and its message could not say which of the user's files is wrong.
    """
    def refuse(what_is_wrong: str):
        if ours:
            raise ModelLoadError(f"The classifier model is missing or damaged: {what_is_wrong}. "
                                 f"{_OURS}")
        raise ModelLoadError(f"The model {quoted(given, 200)} cannot be used: {what_is_wrong}. {_YOURS}")

    model, why = await _json(url)
    if model is None:
        refuse(why if not ours else f"{MODEL_URL}: {why}")
    topology = model.get("modelTopology") if isinstance(model, dict) else None
    if not isinstance(topology, dict) or not isinstance(model.get("weightsManifest"), list):
        refuse("it is JSON but not a TF.js model (it has no modelTopology and weightsManifest)")
    if model.get("format") == "graph-model" or "node" in topology:
        refuse("it is a TF.js graph model (a converted TensorFlow SavedModel or frozen graph); "
               "the classifier loads Layers models")
    folder = url.rsplit("/", 1)[0]
    for group in model["weightsManifest"]:
        for path in group.get("paths", []) if isinstance(group, dict) else []:
            if await first_missing([f"{folder}/{path}"]):
                refuse(f"its weight file {path} is not beside it")
    metadata, why = await _json(f"{folder}/metadata.json")
    if not isinstance(metadata, dict) or not isinstance(metadata.get("labels"), list):
        refuse(f"metadata.json beside it, where ml5 reads the labels, is missing or has no "
               f"labels list ({why or 'no labels'})")
    # where ml5 1.4.0 takes them from: model.json's ml5Specs first, else metadata.json
    specs = model.get("ml5Specs")
    labels = specs.get("mapStringToIndex") if isinstance(specs, dict) else None
    return list(labels) if isinstance(labels, list) and labels else list(metadata["labels"])


async def checked_model(url: str) -> tuple[str, list]:
    """`url` as an absolute address on this page's server, and the model's labels; or
    ModelLoadError (off site, missing, not a Layers model, no labels), whichever thread loads it."""
    try:
        absolute = local_url(url, "The model", "Put the model's files (model.json, its weight "
                             "files and metadata.json) in a folder of this project, say my-model/, "
                             "and open ?demo=classify&model=my-model/model.json.")
    except OffSite as error:
        raise ModelLoadError(str(error)) from None
    return absolute, await _check_model(absolute, url, url == MODEL_URL)


def load_failed(why, url: str) -> ModelLoadError:
    """What to say when the checked files still do not load (damaged weights, say)."""
    why = _sentence(why)
    if url == MODEL_URL:
        return ModelLoadError(f"ml5 could not load the classifier model ({why}). {_OURS}")
    return ModelLoadError(f"ml5 could not load the model {quoted(url, 200)} ({why}): its weight "
                          "files may be damaged or not the ones exported with it. " + _YOURS)


def check_input(shape, url: str):
    """ModelLoadError unless a model's input `shape` is a square RGB picture."""
    if len(shape) != 4 or shape[3] != 3 or shape[1] != shape[2]:
        raise ModelLoadError(f"The model {quoted(url, 200)} is not an image classifier for square "
                             f"RGB pictures: its input is {shape}, where [null, 224, 224, 3] (or "
                             f"another square size) is expected. {_YOURS}")


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

    def __init__(self, ml5_classifier, name: str = MODEL_URL):
        self.name = name  # the model.json given, as lab.core.models.ModelSlot knows it
        self.disposed = False
        self.ml5 = ml5_classifier
        self.model = ml5_classifier.model
        self.labels = list(to_py(ml5_classifier.mapStringToIndex))
        # 224 for ours and Teachable Machine's; another model may ask for another size
        self.size = int(to_py(self.model.inputs[0].shape)[1] or IMAGE_SIZE)
        self._canvas = js.document.createElement("canvas")
        self._canvas.width = self._canvas.height = self.size
        self._context = self._canvas.getContext("2d", to_js({"willReadFrequently": True}))
        self._context.imageSmoothingQuality = "high"

    @property
    def label(self) -> str:
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
        """Load the model with ml5 and warm it up (the first prediction compiles kernels).

        ModelLoadError, saying which file is wrong and what to do, if it can't.
        """
        given = url
        url, _ = await checked_model(given)
        loading = js.ml5.imageClassifier(url)
        ml5_classifier = await loading if hasattr(loading, "then") else loading
        await ml5_classifier.ready
        model = ml5_classifier.model
        if not model or not hasattr(model, "predict"):
            # ml5 catches a failed load, logs it and keeps the error as its "model"
            raise load_failed(js_error_message(model), given)
        try:
            check_input(to_py(model.inputs[0].shape), given)
        except ModelLoadError:
            model.dispose()
            raise
        classifier = cls(ml5_classifier, given)
        with tidy():
            classifier.model.predict(tf.zeros(to_js([1, classifier.size, classifier.size, 3]))).dataSync()
        return classifier

    def dispose(self):
        if not self.disposed:
            self.disposed = True
            self.model.dispose()
