"""tools/patch_vision_models.py: human-models' hand, face and selfie models made to fit the task packages."""

import json
import math
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import patch_vision_models as pvm  # noqa: E402


def original(name):
    return json.loads((pvm.MODELS / f"{name}.json").read_text())


def dangling_inputs(model):
    """Node inputs that name neither a node nor a weight (a broken graph)."""
    known = {n["name"] for n in model["modelTopology"]["node"]}
    known |= {w["name"] for g in model["weightsManifest"] for w in g["weights"]}
    return [i for n in model["modelTopology"]["node"] for i in n.get("input", [])
            if i.lstrip("^").split(":")[0] not in known]


def shape(spec):
    return [int(d["size"]) for d in spec["tensorShape"]["dim"]]


@pytest.mark.parametrize("name", ["handlandmark-lite", "handlandmark-full"])
def test_hand_landmarks_come_out_under_the_names_hand_pose_detection_reads(name):
    before = original(name)
    after = pvm.swap_hand_outputs(before)
    nodes = {n["name"]: n for n in after["modelTopology"]["node"]}
    # the package's execute() list: Identity_2 landmarks, Identity_1 hand flag, Identity handedness
    assert nodes["Identity_2"]["input"] == ["Identity_dense/BiasAdd"]
    assert nodes["Identity"]["op"] == "Sigmoid" and "handedness" in nodes["Identity"]["input"][0]
    assert "handflag" in nodes["Identity_1"]["input"][0]
    assert nodes["Identity_3"]["input"] == ["Identity_3_dense/BiasAdd"]
    outputs = after["signature"]["outputs"]
    assert {k: shape(v) for k, v in outputs.items()} == {
        "Identity:0": [1, 1], "Identity_1:0": [1, 1], "Identity_2:0": [1, 63], "Identity_3:0": [1, 63]}
    # the same graph under other names, the same weights; the original untouched
    assert Counter(n["op"] for n in after["modelTopology"]["node"]) == \
        Counter(n["op"] for n in before["modelTopology"]["node"])
    assert after["weightsManifest"] == before["weightsManifest"]
    assert not dangling_inputs(after)
    assert shape(before["signature"]["outputs"]["Identity:0"]) == [1, 63]
    with pytest.raises(ValueError, match="already patched"):
        pvm.swap_hand_outputs(after)


def test_facemesh_attention_has_no_integer_matmul_left_and_its_consumers_still_get_int32():
    before = original("facemesh-attention")
    after = pvm.float_integer_matmuls(before)
    nodes = {n["name"]: n for n in after["modelTopology"]["node"]}
    matmuls = [n for n in nodes.values() if "MatMul" in n["op"]]
    assert all(n["attr"]["T"]["type"] == "DT_FLOAT" for n in matmuls)
    patched = [n for n in matmuls if n["name"].endswith("/lab_float")]
    assert len(patched) == 3
    for node in patched:
        assert [nodes[i]["attr"]["DstT"]["type"] for i in node["input"]] == ["DT_FLOAT", "DT_FLOAT"]
        assert [nodes[i]["attr"]["SrcT"]["type"] for i in node["input"]] == ["DT_INT32", "DT_INT32"]
        back = nodes[node["name"].removesuffix("/lab_float")]   # the name its consumers read
        assert (back["op"], back["input"], back["attr"]["DstT"]["type"]) == \
            ("Cast", [node["name"]], "DT_INT32")
    assert not dangling_inputs(after)
    assert after["weightsManifest"] == before["weightsManifest"]
    assert len(after["modelTopology"]["node"]) == len(before["modelTopology"]["node"]) + 9
    with pytest.raises(ValueError, match="already patched"):
        pvm.float_integer_matmuls(after)


def test_selfie_gives_background_then_person_as_two_channels():
    before = original("selfie")
    after = pvm.two_channel_selfie(before)
    [(name, spec)] = after["signature"]["outputs"].items()
    assert shape(spec) == [1, 256, 256, 2]
    nodes = {n["name"]: n for n in after["modelTopology"]["node"]}
    out = nodes[name.split(":")[0]]
    assert out["op"] == "Squeeze"
    pack = nodes[out["input"][0]]
    assert pack["op"] == "Pack" and pack["attr"]["axis"]["i"] == "3"
    background, person = (nodes[i] for i in pack["input"])
    assert person["name"] == "activation_10" and person["op"] == "Sigmoid"
    # sigmoid(-x) = 1 - sigmoid(x), on the same logits
    assert background["op"] == "Sigmoid" and nodes[background["input"][0]]["op"] == "Neg"
    assert nodes[background["input"][0]]["input"] == person["input"]
    assert not dangling_inputs(after)
    assert after["weightsManifest"] == before["weightsManifest"]


def anchor_count(config: str) -> int:
    """MediaPipe's SsdAnchorsCalculator's anchor count for a minified anchor config (1 aspect
    ratio plus the interpolated one per layer; layers with the same stride share a grid)."""
    size = int(re.search(r"inputSizeHeight:(\d+)", config)[1])
    strides = [int(s) for s in re.search(r"strides:\[([\d,]+)\]", config)[1].split(",")]
    assert int(re.search(r"numLayers:(\d+)", config)[1]) == len(strides)
    total = 0
    for stride, layers in Counter(strides).items():
        side = math.ceil(size / stride)
        total += side * side * 2 * layers
    return total


def test_the_palm_constants_become_the_256_px_models():
    source = pvm.HANDS_JS.read_text()
    patched = pvm.patch_palm_bundle(source)
    (old_anchors, new_anchors), (old_boxes, new_boxes) = pvm.PALM_256[:2]
    assert anchor_count(old_anchors) == 2016 and "numBoxes:2016" in old_boxes
    # the palm model's output is [1, 2944, 19]: as many anchors as boxes
    [spec] = original("handdetect")["signature"]["outputs"].values()
    assert shape(spec) == [1, anchor_count(new_anchors), 19]
    assert "numBoxes:2944" in new_boxes and new_anchors in patched and new_boxes in patched
    assert "outputTensorSize:{width:256,height:256}" in patched and "192" not in patched
    # nothing else changes
    restored = patched
    for old, new in pvm.PALM_256:
        restored = restored.replace(new, old)
    assert restored == source
    with pytest.raises(ValueError, match="another package version"):
        pvm.patch_palm_bundle(patched)


def test_setup_output_is_deterministic_and_checked():
    run = [sys.executable, str(ROOT / "tools" / "patch_vision_models.py")]
    subprocess.run(run, check=True, capture_output=True)
    files = pvm.build()
    first = {rel: (pvm.VENDOR / rel).read_bytes() for rel in files}
    assert first == files
    subprocess.run(run, check=True, capture_output=True)
    assert {rel: (pvm.VENDOR / rel).read_bytes() for rel in files} == first
    assert subprocess.run(run + ["--check"], capture_output=True).returncode == 0
    assert first[Path("models/hands/handlandmark-full.bin")] == \
        (pvm.MODELS / "handlandmark-full.bin").read_bytes()
