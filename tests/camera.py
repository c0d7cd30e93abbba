"""Turn a photo into a fake webcam for Chromium.

    path = y4m_from_photo(Path("tests/data/photos/chelsea.png"), tmp_dir)
    # chromium --use-fake-device-for-media-stream --use-file-for-fake-video-capture=<path>

Y4M is a text header plus raw YUV 4:2:0 frames; Chromium loops the file.
"""

from pathlib import Path

import numpy as np
from PIL import Image


def _rgb_to_yuv420(rgb: np.ndarray):
    rgb = rgb.astype(np.float32)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    # BT.601 full range ("C420jpeg"), which Chromium reads back to the same RGB
    y = 0.299 * r + 0.587 * g + 0.114 * b
    u = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
    v = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
    h, w = y.shape
    u = u.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
    v = v.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
    return [np.clip(np.round(c), 0, 255).astype(np.uint8) for c in (y, u, v)]


def y4m_from_photo(photo: Path, out_dir: Path, frames: int = 2) -> Path:
    image = Image.open(photo).convert("RGB")
    width, height = image.size
    image = image.crop((0, 0, width - width % 2, height - height % 2))  # 4:2:0 needs even sizes
    planes = _rgb_to_yuv420(np.asarray(image))
    out = out_dir / f"{photo.stem}.y4m"
    with out.open("wb") as f:
        f.write(f"YUV4MPEG2 W{image.width} H{image.height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            f.write(b"FRAME\n")
            for plane in planes:
                f.write(plane.tobytes())
    return out
