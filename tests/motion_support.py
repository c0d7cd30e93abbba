"""A fake camera that moves: the astronaut side to side, then up and down, then still, looped.

    path = moving_y4m(tmp_dir)           # SEGMENTS of SEGMENT_FRAMES frames each, 10 a second
    path = moving_y4m(tmp_dir, "hand")   # a hand, moved the same way
    phase = app.page.evaluate(PHASE_JS)  # [segment, frame in it] of the frame the camera shows
    app.page.evaluate(START_WEBM); data = app.page.evaluate(STOP_WEBM)   # a WebM of the camera
    data = app.page.evaluate(NOBODY_WEBM)   # a WebM of a second without anyone, base64
    browser = launch_moving(playwright_instance, path); yield from app_on(browser, server)
    wait_past(app, segment, first)       # at that frame of the segment, or past it
    record_clip(app, row, segment); labels, results = judged_loop(app, start=2); told_apart(labels, results)

Each frame carries its place in two grey blocks in its top-left corner (the segment, the frame
in it), so a test knows what the camera shows now without timing the loop.
"""

import json
import math
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from camera import _rgb_to_yuv420
from conftest import App, Guards
from harness import CHROMIUM, PHOTOS, QUIET_FLAGS

SEGMENTS = ("side", "up and down", "still")
SEGMENT_FRAMES = 24     # 2.4 s at 10 frames a second
PERIOD = 12             # frames of one swing: the segment's second half is not its first
WIDTH, HEIGHT, SCALE = 640, 480, 0.6
BLOCK = 40


def _offset(segment: int, frame: int) -> tuple[int, int]:
    swing = math.sin(2 * math.pi * frame / PERIOD)
    return {0: (round(110 * swing), 0), 1: (0, round(70 * swing)), 2: (0, 0)}[segment]


def _subject(name: str):
    """What moves, and the background: the astronaut on grey, or a hand (the left one of
    hands.png, as tests/test_teach_hands.py crops it) on white."""
    if name == "hand":
        hand = Image.open(PHOTOS / "hands.png").convert("RGB").crop((0, 0, 360, 382))
        return hand.resize((round(hand.width * 0.8), round(hand.height * 0.8)), Image.BILINEAR), \
            (255, 255, 255)
    photo = Image.open(PHOTOS / "astronaut_640x480.png").convert("RGB")
    return photo.resize((round(WIDTH * SCALE), round(HEIGHT * SCALE)), Image.BILINEAR), (128, 128, 128)


def moving_y4m(out_dir: Path, subject: str = "astronaut") -> Path:
    person, background = _subject(subject)
    out = out_dir / f"moving-{subject}.y4m"
    with out.open("wb") as f:
        f.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for segment in range(len(SEGMENTS)):
            for frame in range(SEGMENT_FRAMES):
                page = Image.new("RGB", (WIDTH, HEIGHT), background)
                dx, dy = _offset(segment, frame)
                page.paste(person, ((WIDTH - person.width) // 2 + dx, (HEIGHT - person.height) // 2 + dy))
                pixels = np.asarray(page).copy()
                pixels[:BLOCK, :BLOCK] = 40 + 80 * segment
                pixels[:BLOCK, BLOCK:2 * BLOCK] = 20 + 9 * frame
                f.write(b"FRAME\n")
                for plane in _rgb_to_yuv420(pixels):
                    f.write(plane.tobytes())
    return out


# [segment, frame in it] of what a demo's stage <video> shows, from its two grey blocks
def phase_js(demo: str) -> str:
    return f"""() => {{
    const video = document.querySelector('#{demo}-stage video');
    if (!video || !video.videoWidth) return null;
    const canvas = window.__phase || (window.__phase = document.createElement('canvas'));
    canvas.width = {2 * BLOCK}; canvas.height = {BLOCK};
    const pen = canvas.getContext('2d', {{willReadFrequently: true}});
    pen.drawImage(video, 0, 0, {2 * BLOCK}, {BLOCK}, 0, 0, {2 * BLOCK}, {BLOCK});
    const grey = (x) => pen.getImageData(x, {BLOCK // 2}, 1, 1).data[1];
    return [Math.round((grey({BLOCK // 2}) - 40) / 80), Math.round((grey({BLOCK + BLOCK // 2}) - 20) / 9)];
}}"""


PHASE_JS = phase_js("teach")


def launch_moving(playwright_instance, y4m: Path):
    """A headless Chromium whose fake camera plays `y4m` in a loop."""
    return playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=QUIET_FLAGS + ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                            f"--use-file-for-fake-video-capture={y4m}"])


def app_on(browser, server):
    """(a fixture's body) A page of the lab in a new context of `browser`, checked by the guards."""
    guards = Guards(server)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield App(guards.watch(context), server, guards)
    context.close()
    problems = guards.problems()
    if problems:
        pytest.fail("The page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


IN_PHASE = "([segment, first, last]) => { const p = (" + PHASE_JS + ")(); " \
           "return !!p && p[0] === segment && p[1] >= first && p[1] <= last; }"
# the window (0.6 of a clip held over frames 2 to 21) then holds only this segment, with frames to
# spare for a busy loop's late results (and the one before the window's start it reads from), and
# the last two left out: near a segment's end the page's results show the next one's frames
# (the model's picture runs ahead of the phase read from the <video>)
JUDGED = range(16, SEGMENT_FRAMES - 2)


# the camera at frame `first` of `segment` or past it (in the next segment): a busy page's polls,
# far apart, may miss a few frames, and then waiting for them would wait a whole loop of the camera
PAST = "([segment, first]) => { const p = (" + PHASE_JS + ")(); " \
       "return !!p && (p[0] === segment && p[1] >= first || p[0] === (segment + 1) % 3); }"


def wait_phase(app, segment: int, first: int, last: int):
    app.page.wait_for_function(IN_PHASE, arg=[segment, first, last], polling=40, timeout=30_000)


def wait_past(app, segment: int, first: int):
    app.page.wait_for_function(PAST, arg=[segment, first], polling=40, timeout=30_000)


def record_clip(app, row: int, segment: int):
    """Hold the row's button over most of the segment (about two swings): one clip."""
    wait_phase(app, segment, 1, 3)
    app.page.locator(".teach-class .teach-record").nth(row).hover()
    app.page.mouse.down()
    wait_past(app, segment, 21)
    app.page.mouse.up()
    return app.wait_result("teach", f"r.recording === null && r.clips[{row}] === 1")


def judged_loop(app, segments: int = len(SEGMENTS), start: int = 0,
                demo: str = "teach") -> tuple[dict, list]:
    """(segment -> labels) over `segments` segments of the camera from segment `start`, the window
    in one segment; and the results (`demo`'s, each with a `prediction`)."""
    labels, results = {i: [] for i in range(len(SEGMENTS))}, []
    if demo == "teach":
        wait_phase(app, start, 0, 2)
    end = time.monotonic() + segments * SEGMENT_FRAMES / 10
    while time.monotonic() < end:
        phase, text = app.page.evaluate(
            f"() => [({phase_js(demo)})(), document.getElementById('{demo}-result').textContent]")
        r = json.loads(text)
        if phase and phase[1] in JUDGED and r["prediction"] is not None:
            labels[phase[0]].append(r["prediction"]["label"])
            results.append(r)
        time.sleep(0.1)
    return labels, results


def told_apart(labels: dict, results: list):
    """The first two segments named by their motion, the still one claiming none; tensors flat."""
    print("labels by segment:", labels, "movement:", [r["movement"] for r in results])
    for segment, name in enumerate(SEGMENTS[:2]):
        said = Counter(labels[segment])
        assert said[name] >= 2 and said[name] >= 0.7 * len(labels[segment]), (name, labels)
    # still: no motion (a busy machine's frames lag: the window may still end in the swing first)
    assert labels[2] and labels[2][-1] is None and labels[2].count(None) >= 0.6 * len(labels[2]), labels
    assert any(r["still"] for r in results) and all(r["movement"] is not None for r in results)
    assert len({r["tensors"] for r in results}) == 1, [r["tensors"] for r in results]


# a WebM of what the teach stage's camera shows from now until STOP_WEBM (MediaRecorder, as a
# user's own recording would be: no duration in its header)
START_WEBM = """() => {
    const stream = document.querySelector('#teach-stage video').srcObject;
    const recorder = window.__recorder = new MediaRecorder(stream, {mimeType: 'video/webm'});
    window.__chunks = [];
    recorder.ondataavailable = (event) => window.__chunks.push(event.data);
    recorder.start();
}"""
BASE64 = """async (blob) => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return btoa(text);
}"""
STOP_WEBM = """async () => {
    const recorder = window.__recorder;
    await new Promise((done) => { recorder.onstop = done; recorder.stop(); });
    return await (""" + BASE64 + """)(new Blob(window.__chunks, {type: 'video/webm'}));
}"""
# a second of a canvas changing colour, no one in it
NOBODY_WEBM = """async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320; canvas.height = 240;
    const pen = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(10), {mimeType: 'video/webm'});
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.start();
    for (let i = 0; i < 10; i++) {
        pen.fillStyle = `rgb(${90 + 12 * i}, 130, 150)`;
        pen.fillRect(0, 0, 320, 240);
        await new Promise((done) => setTimeout(done, 100));
    }
    await new Promise((done) => { recorder.onstop = done; recorder.stop(); });
    return await (""" + BASE64 + """)(new Blob(chunks, {type: 'video/webm'}));
}"""
