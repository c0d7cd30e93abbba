"""A trained Layers model kept as files, and loaded back; the loss history as CSV.

    from lab.layers.saved import save_model, load_model, loss_csv, LoadError

    await save_model(model, "regression")     # downloads regression.json + regression.weights.bin
    model, y = await load_model(files, x)     # the .json and its .bin; its prediction at x
    loss_csv([0.5, 0.25])                     # "epoch,loss\\n1,0.5\\n2,0.25\\n"

TensorFlow.js's own formats (tf.io.browserDownloads, tf.io.browserFiles): the
files load as they are with tf.loadLayersModel in any TF.js page. Nothing
leaves the browser: the files are made here and read here. `loss_csv` needs no browser.
"""

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


async def load_model(files, x: float):
    """The Layers model in `files` (its model.json and weight files) and its prediction at
    `x`, or LoadError."""
    from lab.core.bridge import js_error_message
    from lab.core.engine import tidy
    from lab.core.pythonic import tf

    files = list(files)
    names = [str(file.name) for file in files]
    jsons = [file for file in files if str(file.name).endswith(".json")]
    if len(jsons) != 1:
        raise LoadError(f"{'No' if not jsons else 'More than one'} .json file among "
                        f"{', '.join(names) or 'no files'}. {HOW}")
    weights = [file for file in files if file is not jsons[0]]
    if not weights:
        raise LoadError(f"Only {jsons[0].name} was picked: its weights are missing. {HOW}")
    try:
        model = await tf.loadLayersModel(tf.io.browserFiles([jsons[0], *weights]))
    except Exception as error:
        raise LoadError(f"Could not load {', '.join(names)} as a TensorFlow.js Layers model "
                        f"({js_error_message(error)}). {HOW}") from None
    try:
        with tidy():
            return model, float(model.predict(tf.tensor2d([[x]])).dataSync()[0])
    except Exception as error:
        model.dispose()
        raise LoadError(f"{jsons[0].name} is a model, but not one that predicts from one number "
                        f"({js_error_message(error)}): load a model this demo saved.") from None
