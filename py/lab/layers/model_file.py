"""A TF.js Layers model's files, checked before TensorFlow.js sees them. Plain Python.

    from lab.layers.model_file import ModelFileError, read_model_json, declared_weights, \\
        weight_files, check_bytes, dense_weights

    model = read_model_json(text, "regression.json")   # dict; ModelFileError: too big, too deep,
                                                       # not JSON, not a Layers model
    need = declared_weights(model, "regression.json")  # bytes its weight files must hold, and
                                                       # [(name, shape)] of the weights it lists
    order = weight_files(model, ["regression.json", "regression.weights.bin"])  # in manifest order
    check_bytes(need[0], {"regression.weights.bin": 8}, "regression.json")
    dense_weights(model, inputs=1)     # [(name, shape)] the layers would build: Dense layers only
    check_dense(model, 1, "regression.json")    # the bytes needed, once layers and weights agree
    check_layers_model(model, "model.json")     # any Layers model: the bytes needed, once its
                                                # layers' sizes are among its weights' sizes

TensorFlow.js builds every layer, with its weights, before it reads the weight file:
a model.json that says "300,000,000 units" allocates gigabytes and then fails, and
what it allocated is never freed. So the layers and the weights the file declares are
counted here, against the bytes given and a sane total, before anything is allocated.
Every refusal is a ModelFileError whose text names the file, says what is wrong and
what to do; nothing else escapes, whatever the input (tests/unit/test_model_files.py).
"""

import math

from lab.core.safe_json import JsonLimitError, loads

MAX_JSON_CHARS = 10_000_000  # a model.json holds the layers, not the weights: KBs, not MBs
MAX_WEIGHT_BYTES = 256 * 2**20  # far beyond an image model for the browser (ours: 9 MB)
MAX_RANK = 8
MAX_UNITS = 100_000
# bytes per value, as stored in the weight file (a quantized weight: its quantization's dtype)
DTYPE_BYTES = {"float32": 4, "int32": 4, "bool": 1, "complex64": 8,
               "float16": 2, "uint8": 1, "uint16": 2}
MAX_INPUT = 4096  # pixels a side, or values a row
# config keys that size a layer's weights (the input shape sizes a Dense after a Flatten)
SIZE_KEYS = {"units", "filters", "output_dim", "input_dim", "batch_input_shape", "batchInputShape"}
PASS_THROUGH = {"Activation", "Dropout", "InputLayer"}  # layers without weights


class ModelFileError(ValueError):
    """A model's files cannot be loaded; the text names the file, what is wrong, what to do."""


def read_model_json(text, name: str) -> dict:
    """The parsed model.json `text`, once known to be a TF.js Layers model file."""
    try:
        model = loads(text, max_chars=MAX_JSON_CHARS, what=name)
    except JsonLimitError as error:  # too big or too deep: it says which
        raise ModelFileError(str(error)) from None
    except (ValueError, RecursionError) as error:
        raise ModelFileError(f"{name} is not a model file: {sentence_end(error)}.") from None
    if not isinstance(model, dict) or not isinstance(model.get("modelTopology"), dict) \
            or not isinstance(model.get("weightsManifest"), list):
        raise ModelFileError(f"{name} is JSON but not a TF.js model (it has no modelTopology and "
                             "weightsManifest).")
    return model


def _shape(shape, where: str) -> list[int]:
    if not isinstance(shape, list) or len(shape) > MAX_RANK or not all(
            type(dim) is int and dim >= 0 for dim in shape):
        raise ModelFileError(f"{where} has the shape {_short(shape)}: a shape is a list of at most "
                             f"{MAX_RANK} whole numbers, 0 or more.")
    return shape


def declared_weights(model: dict, name: str, most: int = MAX_WEIGHT_BYTES):
    """(bytes, [(weight name, shape)]) of every weight the manifest lists, in its order;
    ModelFileError if one is malformed or the total is beyond `most` bytes."""
    total, weights = 0, []
    for group in _groups(model, name):
        for spec in group.get("weights", []):
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
                raise ModelFileError(f"{name} lists a weight without a name: {_short(spec)}.")
            where = f"{name}'s weight {_short(spec['name'])}"
            shape = _shape(spec.get("shape"), where)
            quantization = spec.get("quantization")
            stored = quantization.get("dtype") if isinstance(quantization, dict) else spec.get("dtype")
            if not isinstance(stored, str) or stored not in DTYPE_BYTES:
                raise ModelFileError(f"{where} is stored as {_short(stored)}, which the lab does not "
                                     f"load: it takes {', '.join(DTYPE_BYTES)}.")
            total += math.prod(shape) * DTYPE_BYTES[stored]
            if total > most:
                raise ModelFileError(f"{name} declares more than {most / 2**20:,.0f} MB of weights: "
                                     "more than the lab loads in a browser.")
            weights.append((spec["name"], shape))
    return total, weights


def _groups(model: dict, name: str) -> list:
    groups = model.get("weightsManifest")
    if not isinstance(groups, list) or not all(
            isinstance(g, dict) and isinstance(g.get("paths", []), list)
            and all(isinstance(p, str) for p in g.get("paths", []))
            and isinstance(g.get("weights", []), list) for g in groups):
        raise ModelFileError(f"{name}'s weightsManifest is not a list of groups, each with its "
                             "paths and weights: the file is damaged.")
    return groups


def weight_files(model: dict, picked, name: str = "model.json") -> list[str]:
    """The names among `picked` of the manifest's weight files, in the manifest's order.

    A download renamed by the browser ("x.weights (1).bin") still loads when the manifest has one
    weight file and one other file was picked.
    """
    paths = [path for group in _groups(model, name) for path in group.get("paths", [])]
    others = [file for file in picked if file != name]
    wanted = [path.rsplit("/", 1)[-1] for path in paths]
    if all(base in others for base in wanted):
        return wanted
    if len(wanted) == 1 and len(others) == 1:
        return others
    missing = next(base for base in wanted if base not in others)
    raise ModelFileError(f"{name} needs its weight file {_short(missing)}, which was not picked "
                         f"(picked: {', '.join(_short(f) for f in picked)}).")


def check_bytes(need: int, sizes: dict, name: str):
    """ModelFileError unless the weight files' sizes ({file: bytes}) add up to `need` bytes."""
    have = sum(sizes.values())
    if have != need:
        files = " + ".join(f"{_short(file)} ({size:,} bytes)" for file, size in sizes.items())
        raise ModelFileError(f"{name} declares {need:,} bytes of weights, but {files or 'no file'} "
                             f"hold{'s' if len(sizes) == 1 else ''} {have:,}: the files are not from "
                             "the same download (or one is damaged). Pick the .json and the "
                             ".weights.bin saved together.")


def _layers(model: dict, name: str):
    topology = model["modelTopology"]
    topology = topology.get("model_config", topology)
    config = topology.get("config") if isinstance(topology, dict) else None
    layers = config.get("layers") if isinstance(config, dict) else config
    if not isinstance(topology, dict) or topology.get("class_name") != "Sequential" \
            or not isinstance(layers, list) or not layers \
            or not all(isinstance(layer, dict) and isinstance(layer.get("config"), dict)
                       for layer in layers):
        raise ModelFileError(f"{name} is not a Sequential model with a list of layers, as this "
                             "demo saves: load the files it downloaded.")
    return layers


def dense_weights(model: dict, inputs: int, name: str = "model.json", most: int = 1_000_000):
    """[(name, shape)] of the weights the model's layers would build, for a Sequential model of
    Dense layers taking `inputs` numbers; ModelFileError for any other model, or beyond `most`
    values in all."""
    weights, width, count = [], inputs, 0
    for index, layer in enumerate(_layers(model, name)):
        kind, config = layer.get("class_name"), layer["config"]
        shape = config.get("batch_input_shape", config.get("batchInputShape"))
        if shape is not None and (not isinstance(shape, list) or shape[1:] != [inputs]):
            raise ModelFileError(f"{name}'s model takes {_short(shape)}, not one number each: "
                                 "load a model this demo saved.")
        if kind in PASS_THROUGH:
            continue
        if kind != "Dense":
            raise ModelFileError(f"{name} has a {_short(kind)} layer: this demo loads models of "
                                 "Dense layers, as it saves them.")
        units, layer_name = config.get("units"), config.get("name", f"layer {index + 1}")
        if type(units) is not int or not 1 <= units <= MAX_UNITS:
            raise ModelFileError(f"{name}'s layer {_short(layer_name)} has {_short(units)} units, "
                                 f"where 1 to {MAX_UNITS:,} are loaded.")
        weights.append((f"{layer_name}/kernel", [width, units]))
        if config.get("use_bias", config.get("useBias", True)):
            weights.append((f"{layer_name}/bias", [units]))
        count += width * units + units
        if count > most:
            raise ModelFileError(f"{name}'s layers hold more than {most:,} numbers: more than "
                                 "this demo loads.")
        width = units
    return weights


def check_dense(model: dict, inputs: int, name: str, most: int = 1_000_000) -> int:
    """The bytes the weight files must hold, once the layers and the manifest agree."""
    built = dense_weights(model, inputs, name, most)
    need, listed = declared_weights(model, name)
    if sorted(map(repr, (shape for _, shape in built))) != \
            sorted(map(repr, (shape for _, shape in listed))):
        raise ModelFileError(f"{name}'s layers and the weights it lists do not match: the file was "
                             "edited or damaged. Load the files this demo saved.")
    return need


def check_layers_model(model: dict, name: str, most: int = MAX_WEIGHT_BYTES) -> int:
    """The bytes any Layers model's weight files must hold (ModelFileError for a graph model, a
    malformed manifest, or layers sized beyond the weights it lists).

    Without building the model, a layer's size (units, filters...) must be one of the sizes of
    the weights listed, which are bounded by `most`: a file cannot ask for a layer far larger
    than its weights.
    """
    topology = model["modelTopology"]
    if model.get("format") == "graph-model" or "node" in topology:
        raise ModelFileError(f"{name} is a TF.js graph model (a converted TensorFlow SavedModel "
                             "or frozen graph), not a Layers model.")
    need, listed = declared_weights(model, name, most)
    sizes = {dim for _, shape in listed for dim in shape}
    for key, value in _sized(topology):
        inputs = key in ("batch_input_shape", "batchInputShape")
        if inputs and isinstance(value, list) and all(
                dim is None or (type(dim) is int and 0 <= dim <= MAX_INPUT) for dim in value):
            continue
        if not inputs and type(value) is int and value in sizes:
            continue
        raise ModelFileError(f"{name} has a layer whose {key} is {_short(value)}, "
                             + ("not the size of any weight it lists: the file was edited or "
                                "damaged." if not inputs else
                                f"where inputs of up to {MAX_INPUT:,} a side are loaded."))
    return need


def _sized(value):
    """(key, value) of every layer size in a topology (its depth is bounded by safe_json)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SIZE_KEYS:
                yield key, item
            else:
                yield from _sized(item)
    elif isinstance(value, list):
        for item in value:
            yield from _sized(item)


def sentence_end(text) -> str:
    """`text` as the end of a sentence: one full stop after it, not two."""
    return str(text).strip().rstrip(".")


def _short(value, most: int = 60) -> str:
    text = str(value)
    return text if len(text) <= most else text[:most] + "…"
