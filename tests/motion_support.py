"""A fake camera that moves: the astronaut side to side, then up and down, then still, looped.

    path = moving_y4m(tmp_dir)           # SEGMENTS of SEGMENT_FRAMES frames each, 10 a second
    phase = app.page.evaluate(PHASE_JS)  # [segment, frame in it] of the frame the camera shows

Each frame carries its place in two grey blocks in its top-left corner (the segment, the frame
in it), so a test knows what the camera shows now without timing the loop.
"""

import math
from pathlib import Path

import numpy as np
from PIL import Image

from camera import _rgb_to_yuv420
from harness import PHOTOS

SEGMENTS = ("side", "up and down", "still")
SEGMENT_FRAMES = 24     # 2.4 s at 10 frames a second
PERIOD = 12             # frames of one swing: the segment's second half is not its first
WIDTH, HEIGHT, SCALE = 640, 480, 0.6
BLOCK = 40


def _offset(segment: int, frame: int) -> tuple[int, int]:
    swing = math.sin(2 * math.pi * frame / PERIOD)
    return {0: (round(110 * swing), 0), 1: (0, round(70 * swing)), 2: (0, 0)}[segment]


def moving_y4m(out_dir: Path) -> Path:
    photo = Image.open(PHOTOS / "astronaut_640x480.png").convert("RGB")
    person = photo.resize((round(WIDTH * SCALE), round(HEIGHT * SCALE)), Image.BILINEAR)
    out = out_dir / "moving.y4m"
    with out.open("wb") as f:
        f.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for segment in range(len(SEGMENTS)):
            for frame in range(SEGMENT_FRAMES):
                page = Image.new("RGB", (WIDTH, HEIGHT), (128, 128, 128))
                dx, dy = _offset(segment, frame)
                page.paste(person, ((WIDTH - person.width) // 2 + dx, (HEIGHT - person.height) // 2 + dy))
                pixels = np.asarray(page).copy()
                pixels[:BLOCK, :BLOCK] = 40 + 80 * segment
                pixels[:BLOCK, BLOCK:2 * BLOCK] = 20 + 9 * frame
                f.write(b"FRAME\n")
                for plane in _rgb_to_yuv420(pixels):
                    f.write(plane.tobytes())
    return out


# [segment, frame in it] of what the stage's <video> shows, from its two grey blocks
PHASE_JS = f"""() => {{
    const video = document.querySelector('#teach-stage video');
    if (!video || !video.videoWidth) return null;
    const canvas = window.__phase || (window.__phase = document.createElement('canvas'));
    canvas.width = {2 * BLOCK}; canvas.height = {BLOCK};
    const pen = canvas.getContext('2d', {{willReadFrequently: true}});
    pen.drawImage(video, 0, 0, {2 * BLOCK}, {BLOCK}, 0, 0, {2 * BLOCK}, {BLOCK});
    const grey = (x) => pen.getImageData(x, {BLOCK // 2}, 1, 1).data[1];
    return [Math.round((grey({BLOCK // 2}) - 40) / 80), Math.round((grey({BLOCK + BLOCK // 2}) - 20) / 9)];
}}"""
