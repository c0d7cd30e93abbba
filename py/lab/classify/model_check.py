"""An image classifier's files checked before TF.js loads them: ours, or another given by ?model=.

    from lab.classify.model_check import MODEL_URL, checked_model, load_failed, check_input

    url, labels = await checked_model("my-model/model.json")
    # ModelLoadError (off site, missing, too big or deep, not a Layers model, weights that are not
    # the bytes served, no labels): the message names the file, what is wrong and what to do
    raise load_failed(why, url)       # the checked files still did not load
    check_input([None, 224, 224, 3], url)     # ModelLoadError unless a square RGB picture
    model = await load_layers_model(url, given)   # ModelRunError, with nothing left allocated

ml5 logs a failed load as an error and keeps the error as its model, and its message
cannot say which of the user's files is wrong. The files are checked (and the model built)
as any Layers model on this server is (lab.layers.served), then the labels are found.
"""

from lab.core.models import ModelLoadError
from lab.core.urls import OffSite, local_url
from lab.inputs.forms import address_text, quoted
from lab.layers.model_file import ModelFileError, sentence_end
from lab.layers.served import check_served_model, load_served_model, read_json

MODEL_URL = "vendor/models/efficientnet-lite0/model.json"
MODEL_NAME = "EfficientNet-Lite0 (ImageNet, 1000 classes)"
MAX_METADATA_CHARS = 10_000_000  # ImageNet's 1000 labels: 24 KB

_YOURS = ("?model= (in the address) or model_url (in the code) must name a TF.js Layers image "
          "model's model.json, such as a Teachable Machine export, with its weight files and "
          "metadata.json (the labels) beside it, in a folder of this project. Remove ?model= to "
          "use the built-in ImageNet classifier.")
_OURS = ("Run `./lab serve` from the project folder (it converts the model into "
         "vendor/models/efficientnet-lite0/), then reload the page.")


def model_label(url: str) -> str:
    """What a model is called on the page: ours by name, another by its model.json."""
    return MODEL_NAME if url == MODEL_URL else address_text(url)


async def _check_model(url: str, given: str, ours: bool):
    """Raise ModelLoadError unless `url` is a TF.js Layers model with its files and labels."""
    def refuse(what_is_wrong: str):
        if ours:
            raise ModelLoadError(f"The classifier model is missing or damaged: {what_is_wrong}. "
                                 f"{_OURS}")
        raise ModelLoadError(f"The model {quoted(given, 200)} cannot be used: {what_is_wrong}. {_YOURS}")

    try:
        model = await check_served_model(url)
    except ModelFileError as error:
        why = sentence_end(error)
        refuse(f"{MODEL_URL}: {why}" if ours and not why.startswith("its ") else why)
    metadata, why = await read_json(f"{url.rsplit('/', 1)[0]}/metadata.json", MAX_METADATA_CHARS)
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


class ModelRunError(ModelLoadError):
    """The files passed the checks, but TensorFlow.js could not load or run the model."""


def load_failed(why, url: str) -> ModelRunError:
    """What to say when the checked files still do not load (damaged weights, say)."""
    why = sentence_end(why)
    if url == MODEL_URL:
        return ModelRunError(f"TensorFlow.js could not load the classifier model ({why}). {_OURS}")
    return ModelRunError(f"TensorFlow.js could not load the model {quoted(url, 200)} ({why}): its "
                         "weight files may be damaged or not the ones exported with it. " + _YOURS)


async def load_layers_model(url: str, given: str):
    """The checked Layers model at `url` (lab.layers.served: one TF.js cannot load is disposed),
    or ModelRunError."""
    try:
        return await load_served_model(url)
    except RuntimeError as error:
        raise load_failed(error, given) from None


def check_input(shape, url: str):
    """ModelLoadError unless a model's input `shape` is a square RGB picture."""
    if len(shape) != 4 or shape[3] != 3 or shape[1] != shape[2]:
        raise ModelLoadError(f"The model {quoted(url, 200)} is not an image classifier for square "
                             f"RGB pictures: its input is {shape}, where [null, 224, 224, 3] (or "
                             f"another square size) is expected. {_YOURS}")
