"""tools/patch_posenet.py: human-models' PoseNet made loadable by pose-detection (no browser needed)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import patch_posenet  # noqa: E402


def test_the_input_size_is_freed_and_the_outputs_come_in_pose_detections_order():
    original = json.loads((patch_posenet.SOURCE / "posenet.json").read_text())
    patched = patch_posenet.patch(original)
    [(name, spec)] = patched["signature"]["inputs"].items()
    assert [d["size"] for d in spec["tensorShape"]["dim"]] == ["1", "-1", "-1", "3"]
    [placeholder] = [n for n in patched["modelTopology"]["node"] if n["op"] == "Placeholder"]
    assert [d["size"] for d in placeholder["attr"]["shape"]["shape"]["dim"]] == ["1", "-1", "-1", "3"]
    outputs = [name.split("/")[1] for name in patched["signature"]["outputs"]]
    assert outputs == ["offset_2", "heatmap_2", "displacement_fwd_2", "displacement_bwd_2"]
    # nothing else changes: same graph, same weights manifest, and the original is untouched
    def graph_but_input(model):
        return [node for node in model["modelTopology"]["node"] if node["op"] != "Placeholder"]
    assert graph_but_input(patched) == graph_but_input(original)
    assert patched["weightsManifest"] == original["weightsManifest"]
    assert list(original["signature"]["outputs"])[0].startswith("MobilenetV1/displacement_fwd")


def test_setup_output_is_deterministic_and_checked():
    run = [sys.executable, str(ROOT / "tools" / "patch_posenet.py")]
    subprocess.run(run, check=True, capture_output=True)
    first = (patch_posenet.DEST / "posenet.json").read_bytes()
    subprocess.run(run, check=True, capture_output=True)
    assert (patch_posenet.DEST / "posenet.json").read_bytes() == first
    assert subprocess.run(run + ["--check"], capture_output=True).returncode == 0
    weights = "posenet.bin"
    assert (patch_posenet.DEST / weights).read_bytes() == (patch_posenet.SOURCE / weights).read_bytes()
