"""The Layers API demo's model kept as files (issue 19): downloaded as model.json + weights with
its loss history as CSV, loaded in a fresh page, where it predicts the same value."""

import csv
import json

from conftest import guarded_app


def test_a_downloaded_model_loads_in_a_fresh_page_and_predicts_the_same(app, browsers, server, tmp_path):
    app.open(demo="regression")
    trained = app.train_regression(epochs=50)
    downloads = []
    app.page.on("download", lambda download: downloads.append(download))
    app.page.click("#regression-download")
    for _ in range(100):  # tf.io.browserDownloads starts the two one after the other
        if len(downloads) == 2:
            break
        app.page.wait_for_timeout(100)
    names = sorted(d.suggested_filename for d in downloads)
    assert names == ["regression.json", "regression.weights.bin"], names
    files = []
    for download in downloads:
        download.save_as(tmp_path / download.suggested_filename)
        files.append(str(tmp_path / download.suggested_filename))

    with app.page.expect_download() as info:
        app.page.click("#regression-loss-csv")
    assert info.value.suggested_filename.startswith("regression-loss-")
    rows = list(csv.reader(info.value.path().read_text().splitlines()))
    assert rows[0] == ["epoch", "loss"] and len(rows) == 51
    assert [float(loss) for _, loss in rows[1:]] == trained["loss"]

    with guarded_app(browsers(None), server) as fresh:
        fresh.open(demo="regression")
        fresh.page.set_input_files("#regression-load", files)
        loaded = fresh.wait_result("regression", "r.status === 'loaded'")
        assert loaded["prediction"] == trained["prediction"]  # the same float32 weights
        assert sorted(loaded["loaded"]) == names
        assert "predicts" in fresh.message("regression")

        fresh.page.set_input_files("#regression-load", [f for f in files if f.endswith(".json")])
        fresh.page.wait_for_selector("#regression-message.error")
        assert "weights are missing" in fresh.message("regression")


# what "Download model" saves, with the layer's size and the weights' names given
def _model_json(units: int, names=("dense_Dense1/kernel", "dense_Dense1/bias")) -> dict:
    return {
        "modelTopology": {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
            {"class_name": "Dense", "config": {
                "units": units, "activation": "linear", "use_bias": True, "name": "dense_Dense1",
                "kernel_initializer": {"class_name": "Zeros", "config": {}},
                "bias_initializer": {"class_name": "Zeros", "config": {}},
                "trainable": True, "batch_input_shape": [None, 1], "dtype": "float32"}}]},
            "keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js"},
        "format": "layers-model",
        "weightsManifest": [{"paths": ["./regression.weights.bin"], "weights": [
            {"name": names[0], "shape": [1, 1], "dtype": "float32"},
            {"name": names[1], "shape": [1], "dtype": "float32"}]}],
    }


MEMORY = "({tensors: tf.memory().numTensors, heap: tf.backend().wasm.HEAPU8.buffer.byteLength})"


def test_crafted_model_files_are_refused_with_nothing_left_allocated(app, tmp_path):
    """A layer of 300,000,000 units allocated 2.4 GB and failed, every try, until TF.js failed for
    every demo; a model whose weights did not fit left 4 tensors (issue 34)."""
    app.open(demo="regression")
    weights = tmp_path / "regression.weights.bin"
    weights.write_bytes(bytes(8))
    before = app.page.evaluate(MEMORY)
    crafted = [
        (_model_json(300_000_000), "300000000 units"),
        (_model_json(1, names=("other/kernel", "other/bias")), "no target variable"),
        ("[" * 20_000 + "]" * 20_000, "nests 20000 levels deep"),
    ]
    for model, says in crafted:
        path = tmp_path / "regression.json"
        path.write_text(model if isinstance(model, str) else json.dumps(model))
        app.page.evaluate("document.getElementById('regression-message').textContent = ''")
        app.page.set_input_files("#regression-load", [str(path), str(weights)])
        app.page.wait_for_function("document.getElementById('regression-message').textContent")
        message = app.message("regression")
        assert says in message and "Pick both files" in message, message
        assert app.page.evaluate(MEMORY) == before, says
    trained = app.train_regression(epochs=20)  # TF.js still works
    assert trained["prediction"] is not None

    # the same class of defect, in the same page: a tensor typed 20,000 deep ended Python
    app.page.click("#tab-tensors")
    app.page.fill("#tensors-a", "[" * 20_000 + "1" + "]" * 20_000)
    app.page.click("#tensors-run")
    app.page.wait_for_function("document.getElementById('tensors-message').textContent")
    assert "A nests its lists too deeply" in app.message("tensors")
