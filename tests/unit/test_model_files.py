"""A Layers model's files checked before TF.js allocates anything (lab.layers.model_file)."""

import copy
import json

import pytest

from lab.layers.model_file import (
    MAX_JSON_CHARS,
    ModelFileError,
    check_bytes,
    check_dense,
    check_layers_model,
    declared_weights,
    dense_weights,
    read_model_json,
    weight_files,
)

# what the regression demo's "Download model" saves (tf.io.browserDownloads, TF.js 4.22)
SAVED = {
    "modelTopology": {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
        {"class_name": "Dense", "config": {
            "units": 1, "activation": "linear", "use_bias": True, "name": "dense_Dense1",
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": None, "trainable": True, "batch_input_shape": [None, 1],
            "dtype": "float32"}}]},
        "keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js"},
    "format": "layers-model", "generatedBy": "TensorFlow.js tfjs-layers v4.22.0",
    "convertedBy": None,
    "weightsManifest": [{"paths": ["./regression.weights.bin"], "weights": [
        {"name": "dense_Dense1/kernel", "shape": [1, 1], "dtype": "float32"},
        {"name": "dense_Dense1/bias", "shape": [1], "dtype": "float32"}]}],
}
PICKED = ["regression.json", "regression.weights.bin"]


def load(text, sizes=None, picked=PICKED):
    """What lab.layers.saved.load_model checks, in its order, before TF.js sees anything."""
    model = read_model_json(text, "regression.json")
    need = check_dense(model, 1, "regression.json")
    order = weight_files(model, picked, "regression.json")
    check_bytes(need, {name: (sizes or {}).get(name, 8) for name in order}, "regression.json")
    return need


def test_the_demos_own_download_passes_and_needs_its_8_bytes():
    assert load(json.dumps(SAVED)) == 8
    assert dense_weights(SAVED, 1) == [("dense_Dense1/kernel", [1, 1]), ("dense_Dense1/bias", [1])]
    # renamed by the browser on a second download: still the one weight file picked
    assert weight_files(SAVED, ["regression.json", "regression.weights (1).bin"],
                        "regression.json") == ["regression.weights (1).bin"]


def test_a_layer_of_300_million_units_is_refused_before_anything_is_built():
    crafted = copy.deepcopy(SAVED)
    crafted["modelTopology"]["config"]["layers"][0]["config"]["units"] = 300_000_000
    with pytest.raises(ModelFileError, match="300000000 units"):
        load(json.dumps(crafted))


def test_weights_that_are_not_the_layers_or_not_the_bytes_given_are_refused():
    wider = copy.deepcopy(SAVED)
    wider["modelTopology"]["config"]["layers"][0]["config"]["units"] = 2
    with pytest.raises(ModelFileError, match="do not match"):
        load(json.dumps(wider))
    with pytest.raises(ModelFileError, match="declares 8 bytes.*holds 12"):
        load(json.dumps(SAVED), {"regression.weights.bin": 12})
    huge = copy.deepcopy(SAVED)
    huge["weightsManifest"][0]["weights"][0]["shape"] = [100_000, 100_000]
    with pytest.raises(ModelFileError, match="more than 256 MB"):
        declared_weights(huge, "x.json")


def test_quantized_weights_count_at_their_stored_size():
    model = copy.deepcopy(SAVED)
    for spec in model["weightsManifest"][0]["weights"]:
        spec["quantization"] = {"dtype": "float16", "original_dtype": "float32"}
    assert declared_weights(model, "x.json")[0] == 4


def test_other_models_and_missing_files_are_refused_with_the_reason():
    conv = copy.deepcopy(SAVED)
    conv["modelTopology"]["config"]["layers"][0]["class_name"] = "Conv2D"
    with pytest.raises(ModelFileError, match="Conv2D layer"):
        load(json.dumps(conv))
    wide_input = copy.deepcopy(SAVED)
    wide_input["modelTopology"]["config"]["layers"][0]["config"]["batch_input_shape"] = [None, 3]
    with pytest.raises(ModelFileError, match="not one number"):
        load(json.dumps(wide_input))
    with pytest.raises(ModelFileError, match="needs its weight file"):
        weight_files(SAVED, ["regression.json"], "regression.json")
    with pytest.raises(ModelFileError, match="too big"):
        read_model_json(" " * (MAX_JSON_CHARS + 1), "m.json")
    with pytest.raises(ModelFileError, match="not a TF.js model"):
        read_model_json("[1, 2]", "m.json")


# an image model as Teachable Machine or the teach demo exports it, cut to two layers
IMAGE = {
    "modelTopology": {"class_name": "Model", "config": {"name": "m", "layers": [
        {"class_name": "InputLayer", "name": "input", "inbound_nodes": [],
         "config": {"batch_input_shape": [None, 224, 224, 3], "name": "input"}},
        {"class_name": "Conv2D", "name": "conv", "inbound_nodes": [[["input", 0, 0, {}]]],
         "config": {"filters": 16, "kernel_size": [3, 3], "name": "conv"}},
        {"class_name": "Dense", "name": "head", "inbound_nodes": [[["conv", 0, 0, {}]]],
         "config": {"units": 2, "name": "head"}}]}},
    "weightsManifest": [{"paths": ["model.weights.bin"], "weights": [
        {"name": "conv/kernel", "shape": [3, 3, 3, 16], "dtype": "float32"},
        {"name": "conv/bias", "shape": [16], "dtype": "float32"},
        {"name": "head/kernel", "shape": [16, 2], "dtype": "float32"},
        {"name": "head/bias", "shape": [2], "dtype": "float32"}]}],
}


def test_any_layers_model_is_sized_by_the_weights_it_lists():
    assert check_layers_model(IMAGE, "the file") == (432 + 16 + 32 + 2) * 4
    for key, value, says in [("filters", 300_000_000, "filters is 300000000"),
                             ("units", 5, "units is 5"),
                             ("batch_input_shape", [None, 10**6, 10**6, 3], "up to 4,096")]:
        crafted = copy.deepcopy(IMAGE)
        layer = {"filters": 1, "units": 2, "batch_input_shape": 0}[key]
        crafted["modelTopology"]["config"]["layers"][layer]["config"][key] = value
        with pytest.raises(ModelFileError, match=says):
            check_layers_model(crafted, "the file")
    graph = dict(IMAGE, format="graph-model")
    with pytest.raises(ModelFileError, match="graph model"):
        check_layers_model(graph, "the file")
