"""A TF.js Layers model on this page's server: its files checked before TF.js reads them, then
built so that one which fails leaves nothing allocated.

    from lab.layers.served import read_json, check_served_model, load_served_model, build_model

    data, why = await read_json(url, max_chars)   # (parsed, None) or (None, why not): bounded
    model_json = await check_served_model(url)    # ModelFileError: what is wrong, as a sentence
    model = await load_served_model(url)          # RuntimeError(TF.js's reason) if it still fails
    model = await build_model(topology, data, specs)   # the same, from what is already read

TF.js builds every layer before it reads the weights, so a model.json that lies about its sizes
would allocate gigabytes: the layers and weights are checked against the bytes the server has
(lab.layers.model_file) first. Used by the classify demo (lab.classify.model_check), a sketch's
taught motion (lab.teach.taught) and the regression demo's files (lab.layers.saved).
"""

import js

from lab.core.bridge import js_error_message
from lab.core.models import fetch_file
from lab.core.safe_json import loads
from lab.layers.model_file import MAX_JSON_CHARS, ModelFileError, check_layers_model, sentence_end


def served_length(response) -> int | None:
    """The bytes a response says it holds, when they are the file's own (not compressed)."""
    length = response.headers.get("content-length")
    if not length or response.headers.get("content-encoding") or not str(length).isdigit():
        return None
    return int(str(length))


async def read_json(url: str, max_chars: int):
    """(parsed JSON, None) or (None, why not), never reading more than `max_chars`."""
    response = await fetch_file(url)
    if response is None:
        return None, "there is no such file on this page's server"
    length = served_length(response)
    if length is not None and length > max_chars:  # refused before it is read
        return None, f"it is {length / 1e6:.1f} MB, more than the {max_chars / 1e6:.0f} MB the lab reads"
    text = await response.text()
    try:
        return loads(str(text), max_chars=max_chars, what="it"), None
    except (ValueError, RecursionError) as error:
        why = sentence_end(error)
        return None, why if why.startswith("it ") else f"it is not JSON ({why})"


async def check_served_model(url: str) -> dict:
    """`url`'s model.json, parsed, once it is a Layers model whose weight files are beside it with
    the bytes it declares; ModelFileError (the end of a sentence) if not."""
    model, why = await read_json(url, MAX_JSON_CHARS)
    if model is None:
        raise ModelFileError(why)
    topology = model.get("modelTopology") if isinstance(model, dict) else None
    if not isinstance(topology, dict) or not isinstance(model.get("weightsManifest"), list):
        raise ModelFileError("it is JSON but not a TF.js model (it has no modelTopology and "
                             "weightsManifest)")
    if model.get("format") == "graph-model" or "node" in topology:
        raise ModelFileError("it is a TF.js graph model (a converted TensorFlow SavedModel or "
                             "frozen graph), not a Layers model")
    try:
        need = check_layers_model(model, "the file")
    except ModelFileError as error:
        raise ModelFileError(sentence_end(error)) from None
    folder, have = url.rsplit("/", 1)[0], 0
    for group in model["weightsManifest"]:
        for path in group.get("paths", []):
            response = await fetch_file(f"{folder}/{path}", "HEAD")
            if response is None:
                raise ModelFileError(f"its weight file {str(path)[:100]!r} is not beside it")
            length = served_length(response)
            have = None if have is None or length is None else have + length
    if have is not None and have != need:
        raise ModelFileError(f"its weight files hold {have:,} bytes, where it declares {need:,}: "
                             "they are not the ones exported with it (or one is damaged)")
    return model


async def build_model(topology, weight_data, specs):
    """A Layers model from its topology and weights, built here rather than in
    tf.loadLayersModel so that one TF.js cannot load is disposed (its layers' weights are made
    before the file's are set); RuntimeError with TF.js's reason if it fails."""
    from lab.core.engine import tf

    config = js.Object.new()
    config.modelTopology = topology
    model = values = None
    try:
        model = await tf.models.modelFromJSON(config)
        values = tf.io.decodeWeights(weight_data, specs)
        model.loadWeights(values, True)
    except Exception as error:
        if model is not None:
            model.dispose()
        raise RuntimeError(js_error_message(error)) from None
    finally:
        if values is not None:
            tf.dispose(values)
    return model


async def load_served_model(url: str):
    """The (checked) Layers model at `url`, built by build_model."""
    from lab.core.engine import tf

    try:
        artifacts = await tf.io.browserHTTPRequest(url).load()
    except Exception as error:
        raise RuntimeError(js_error_message(error)) from None
    return await build_model(artifacts.modelTopology, artifacts.weightData, artifacts.weightSpecs)
