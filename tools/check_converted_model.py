"""Check the converted TF.js EfficientNet-Lite0 model against the PyTorch reference, in numpy.

Usage:
    python tools/check_converted_model.py [--model vendor/models/efficientnet-lite0/model.json]
        [--reference tests/data/classify_reference.json] [--photos tests/data/photos]
        [--tolerance 0.02]

Reads model.json and its float16 weight shards exactly as TF.js would, runs the Layers
graph with a small numpy interpreter (TF 'same' padding), feeds each 224x224 test photo
the way ml5 1.4.0 feeds a custom model (``x / 127 - 1``), and compares with the
reference made by tools/make_classify_reference.py: the top-1 class must match, and every
reference top-5 class must get a probability within the tolerance. Exit status 1 otherwise.
Needs only numpy (the PNGs are decoded with zlib).
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import zlib
from pathlib import Path

import numpy as np


def read_png_rgb(path: Path) -> np.ndarray:
    """Decode an 8-bit, non-interlaced RGB/RGBA PNG to an (H, W, 3) uint8 array."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        (length,), ctype = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if ctype == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif ctype == b"IDAT":
            idat += chunk
    width, height, depth, color, _, _, interlace = header
    channels = {2: 3, 6: 4}.get(color)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"{path}: only 8-bit non-interlaced RGB(A) PNGs are supported")
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(bytes(idat)), np.uint8).reshape(height, stride + 1)
    out = np.zeros((height, stride), np.int32)
    prev = np.zeros(stride, np.int32)
    for y in range(height):
        ftype, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if ftype == 0:
            cur = line
        elif ftype == 2:
            cur = (line + prev) & 0xFF
        elif ftype == 1:  # Sub: a running sum per channel
            cur = np.cumsum(line.reshape(width, channels), axis=0).reshape(-1) & 0xFF
        else:  # Average / Paeth depend on the byte just decoded: go byte by byte
            cur = np.zeros(stride, np.int32)
            for i in range(stride):
                a = cur[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                if ftype == 3:
                    pred = (a + b) >> 1
                elif ftype == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                else:
                    raise ValueError(f"{path}: bad PNG filter {ftype}")
                cur[i] = (line[i] + pred) & 0xFF
        out[y], prev = cur, cur
    return out.reshape(height, width, channels)[:, :, :3].astype(np.uint8)


def load_weights(model_json: Path, manifest: list) -> dict[str, np.ndarray]:
    weights = {}
    for group in manifest:
        blob = b"".join((model_json.parent / p).read_bytes() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            size = int(np.prod(spec["shape"]))
            q = spec.get("quantization", {}).get("dtype")
            dtype = {"float16": "<f2", None: "<f4"}[q]
            n_bytes = size * np.dtype(dtype).itemsize
            arr = np.frombuffer(blob[offset:offset + n_bytes], dtype).astype(np.float32)
            weights[spec["name"]] = arr.reshape(spec["shape"])
            offset += n_bytes
        if offset != len(blob):
            raise ValueError(f"weight group uses {offset} of {len(blob)} bytes")
    return weights


def _same_pad(x: np.ndarray, k: int, s: int) -> tuple[np.ndarray, int]:
    """TF 'SAME': out = ceil(in / s); the extra padding pixel goes after (bottom/right)."""
    n = x.shape[1]
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    before = total // 2
    return np.pad(x, ((0, 0), (before, total - before), (before, total - before), (0, 0))), out


def _conv(x, kernel, stride, depthwise):
    k = kernel.shape[0]
    xp, out = _same_pad(x, k, stride)
    acc = None
    for i in range(k):
        for j in range(k):
            patch = xp[:, i:i + stride * out:stride, j:j + stride * out:stride, :]
            term = patch * kernel[i, j, :, 0] if depthwise else patch @ kernel[i, j]
            acc = term if acc is None else acc + term
    return acc


_ACTIVATIONS = {
    "linear": lambda v: v,
    "relu6": lambda v: np.clip(v, 0.0, 6.0),
    "softmax": lambda v: (lambda e: e / e.sum(-1, keepdims=True))(np.exp(v - v.max(-1, keepdims=True))),
}


def run_model(topology: dict, weights: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    config = topology["config"]
    values: dict[str, np.ndarray] = {}
    for layer in config["layers"]:
        cls, name, cfg = layer["class_name"], layer["name"], layer["config"]
        inputs = [values[src[0]] for node in layer["inbound_nodes"] for src in node]
        if cls == "InputLayer":
            y = x
        elif cls in ("Conv2D", "DepthwiseConv2D"):
            if cfg["padding"] != "same" or cfg.get("dilation_rate", [1, 1]) != [1, 1]:
                raise ValueError(f"{name}: unsupported config")
            dw = cls == "DepthwiseConv2D"
            kernel = weights[f"{name}/depthwise_kernel" if dw else f"{name}/kernel"]
            y = _conv(inputs[0], kernel, cfg["strides"][0], dw)
            if cfg["use_bias"]:
                y = y + weights[f"{name}/bias"]
            y = _ACTIVATIONS[cfg["activation"]](y)
        elif cls == "Add":
            y = inputs[0] + inputs[1]
        elif cls == "GlobalAveragePooling2D":
            y = inputs[0].mean(axis=(1, 2))
        elif cls == "Dense":
            y = inputs[0] @ weights[f"{name}/kernel"] + weights[f"{name}/bias"]
            y = _ACTIVATIONS[cfg["activation"]](y)
        else:
            raise ValueError(f"layer class {cls} not handled by this checker")
        values[name] = y.astype(np.float32)
    (out_name, _, _), = config["output_layers"]
    return values[out_name]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=Path("vendor/models/efficientnet-lite0/model.json"))
    ap.add_argument("--reference", type=Path, default=Path("tests/data/classify_reference.json"))
    ap.add_argument("--photos", type=Path, default=Path("tests/data/photos"))
    ap.add_argument("--tolerance", type=float, default=0.02)
    args = ap.parse_args(argv)

    model = json.loads(args.model.read_text())
    labels = json.loads((args.model.parent / "metadata.json").read_text())["labels"]
    weights = load_weights(args.model, model["weightsManifest"])
    reference = {k: v for k, v in json.loads(args.reference.read_text()).items()
                 if not k.startswith("_")}

    ok, worst = True, 0.0
    for name, ref in reference.items():
        pixels = read_png_rgb(args.photos / f"{name}.png").astype(np.float32)
        x = (pixels / 127.0 - 1.0)[None]  # what ml5 1.4.0's imgToTensor hands the model
        probs = run_model(model["modelTopology"], weights, x)[0]
        top = np.argsort(-probs, kind="stable")[:5]
        diffs = [abs(float(probs[r["index"]]) - r["probability"]) for r in ref["top5"]]
        label_ok = all(labels[r["index"]] == r["label"] for r in ref["top5"])
        passed = label_ok and top[0] == ref["top5"][0]["index"] and max(diffs) <= args.tolerance
        ok &= passed
        worst = max(worst, max(diffs))
        got = ", ".join(f"{labels[i].split(',')[0]} {probs[i]:.3f}" for i in top)
        print(f"{'ok  ' if passed else 'FAIL'} {name}: {got} (max diff {max(diffs):.4f})")
    print(f"{'passed' if ok else 'FAILED'}: {len(reference)} photos, "
          f"max probability diff {worst:.4f} (tolerance {args.tolerance})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
