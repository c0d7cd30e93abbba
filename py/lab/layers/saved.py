"""A trained Layers model kept as files, and loaded back; the loss history as CSV.

    from lab.layers.saved import save_model, load_model, loss_csv, LoadError

    await save_model(model, "regression")     # downloads regression.json + regression.weights.bin
    model, y = await load_model(files, x)     # the .json and its .bin; its prediction at x
    loss_csv([0.5, 0.25])                     # "epoch,loss\\n1,0.5\\n2,0.25\\n"

TensorFlow.js's own format (tf.io.browserDownloads): the files load as they are
with tf.loadLayersModel in any TF.js page. Here they are checked before loading
(lab.layers.model_file), and a model that fails to load is disposed. Nothing
leaves the browser: the files are made here and read here. `loss_csv` needs no browser.
"""

from lab.layers.model_file import (
    MAX_JSON_CHARS,
    ModelFileError,
    check_bytes,
    check_dense,
    read_model_json,
    weight_files,
)

HOW = ("Pick both files that “Download model” saved, together in the file dialog (Ctrl- or "
       "Shift-click): the .json file and its .weights.bin file.")


class LoadError(RuntimeError):
    """The files picked are not a model this page can load; the text says what to pick."""


def loss_csv(losses) -> str:
    """The loss after each epoch, one row per epoch, counted from 1."""
    return "epoch,loss\n" + "".join(f"{epoch},{loss!r}\n" for epoch, loss in enumerate(losses, 1))


async def save_model(model, name: str):
    """Download `model` as `name`.json (topology, weight manifest) and `name`.weights.bin."""
    await model.save(f"downloads://{name}")


async def _read(promise, name: str):
    """A file's contents; LoadError if the browser cannot read it (moved or deleted since)."""
    from lab.core.bridge import js_error_message
    try:
        return await promise
    except Exception as error:
        raise LoadError(f"{name} could not be read ({js_error_message(error)}). {HOW}") from None


async def load_model(files, x: float):
    """The Layers model in `files` (its model.json and weight files) and its prediction at
    `x`, or LoadError, with nothing left allocated.

    The files are checked first (lab.layers.model_file: the layers it would build, the
    weights it lists, the bytes picked); then TF.js builds the model and sets its weights
    here, not in tf.loadLayersModel, so that a model which still fails is disposed.
    """
    import js

    from lab.core.bridge import js_error_message, to_js
    from lab.core.engine import tf, tidy
    from lab.core.pythonic import JsObject
    from lab.layers.served import build_model

    files = list(files)
    names = [str(file.name) for file in files]
    jsons = [file for file in files if str(file.name).endswith(".json")]
    if len(jsons) != 1:
        raise LoadError(f"{'No' if not jsons else 'More than one'} .json file among "
                        f"{', '.join(names) or 'no files'}. {HOW}")
    name = str(jsons[0].name)
    by_name = {str(file.name): file for file in files if file is not jsons[0]}
    if not by_name:
        raise LoadError(f"Only {name} was picked: its weights are missing. {HOW}")
    try:
        if jsons[0].size > MAX_JSON_CHARS:  # before it is read
            raise ModelFileError(f"{name} is {jsons[0].size / 1e6:.1f} MB: too big for a "
                                 "model.json, which holds the layers, not the weights.")
        text = str(await _read(jsons[0].text(), name))
        model_json = read_model_json(text, name)
        need = check_dense(model_json, 1, name)
        order = weight_files(model_json, names, name)
        check_bytes(need, {file: int(by_name[file].size) for file in order}, name)
    except ModelFileError as error:
        raise LoadError(f"{error} {HOW}") from None
    data = await _read(js.Blob.new(to_js([by_name[file] for file in order])).arrayBuffer(),
                       ", ".join(order))
    parsed = js.JSON.parse(text)  # safe now: its size and depth are checked
    specs = js.Array.new()
    for group in parsed.weightsManifest:
        for spec in getattr(group, "weights", None) or []:
            specs.push(spec)
    try:
        model = await build_model(parsed.modelTopology, data, specs)
    except RuntimeError as error:
        raise LoadError(f"Could not load {', '.join(names)} as a TensorFlow.js Layers model "
                        f"({error}). {HOW}") from None
    try:
        with tidy():
            return JsObject(model), float(model.predict(tf.tensor2d(to_js([[x]]))).dataSync()[0])
    except Exception as error:
        model.dispose()
        raise LoadError(f"{name} is a model, but not one that predicts from one number "
                        f"({js_error_message(error)}): load a model this demo saved.") from None
