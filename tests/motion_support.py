"""A fake camera that moves: the astronaut side to side, then up and down, then still, looped.

    path = moving_y4m(tmp_dir)           # SEGMENTS of SEGMENT_FRAMES frames each, 10 a second
    path = moving_y4m(tmp_dir, "hand")   # a hand, moved the same way
    path = moving_y4m(tmp_dir, frames=LONG_FRAMES)   # three swings a segment: more windows judged
    phase = app.page.evaluate(PHASE_JS)  # [segment, frame in it] of the frame the camera shows
    browser = launch_moving(playwright_instance, path); yield from app_on(browser, server)
    wait_past(app, segment, first)       # at that frame of the segment, or past it
    record_clip(app, row, segment)       # or press(app, row, segment) ... release(app, row, segment)
    labels, results = judged_windows(app, 3, 2, judged_frames(LONG_FRAMES))   # every result the
                                         # page published while the camera showed a judged frame
    labels, results = judged_motions(app, judged_frames(LONG_FRAMES))   # the two moving segments,
                                         # from the one shown now (or next)
    told_apart(labels, results)

Each frame carries its place in two grey blocks in its top-left corner (the segment, the frame
in it), so a test knows what the camera shows now without timing the loop.
"""

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from camera import _rgb_to_yuv420
from conftest import App, Guards
from harness import CHROMIUM, PHOTOS, QUIET_FLAGS

SEGMENTS = ("side", "up and down", "still")
SEGMENT_FRAMES = 24     # 2.4 s at 10 frames a second
LONG_FRAMES = 36        # 3.6 s: three swings, three times the judged frames
PERIOD = 12             # frames of one swing: the segment's second half is not its first
WIDTH, HEIGHT, SCALE = 640, 480, 0.6
BLOCK = 40
STEP = 6                # the frame block's grey a frame: up to LONG_FRAMES frames within 255


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


def moving_y4m(out_dir: Path, subject: str = "astronaut", frames: int = SEGMENT_FRAMES) -> Path:
    person, background = _subject(subject)
    out = out_dir / f"moving-{subject}-{frames}.y4m"
    with out.open("wb") as f:
        f.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for segment in range(len(SEGMENTS)):
            for frame in range(frames):
                page = Image.new("RGB", (WIDTH, HEIGHT), background)
                dx, dy = _offset(segment, frame)
                page.paste(person, ((WIDTH - person.width) // 2 + dx, (HEIGHT - person.height) // 2 + dy))
                pixels = np.asarray(page).copy()
                pixels[:BLOCK, :BLOCK] = 40 + 80 * segment
                pixels[:BLOCK, BLOCK:2 * BLOCK] = 20 + STEP * frame
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
    return [Math.round((grey({BLOCK // 2}) - 40) / 80),
            Math.round((grey({BLOCK + BLOCK // 2}) - 20) / {STEP})];
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


def _in_phase(demo: str) -> str:
    return "([segment, first, last]) => { const p = (" + phase_js(demo) + ")(); " \
           "return !!p && p[0] === segment && p[1] >= first && p[1] <= last; }"


# the window (0.6 of a clip held over frames 2 to 21) then holds only this segment, with frames to
# spare for a busy loop's late results (and the one before the window's start it reads from), and
# the last two left out: near a segment's end the page's results show the next one's frames
# (the model's picture runs ahead of the phase read from the <video>)
def judged_frames(segment_frames: int) -> range:
    return range(16, segment_frames - 2)


# the camera at frame `first` of `segment` or past it (in the next segment): a busy page's polls,
# far apart, may miss a few frames, and then waiting for them would wait a whole loop of the camera
def _past(demo: str) -> str:
    return "([segment, first]) => { const p = (" + phase_js(demo) + ")(); " \
           "return !!p && (p[0] === segment && p[1] >= first || p[0] === (segment + 1) % 3); }"


def wait_phase(app, segment: int, first: int, last: int, demo: str = "teach"):
    app.page.wait_for_function(_in_phase(demo), arg=[segment, first, last], polling=40,
                               timeout=30_000)


def wait_past(app, segment: int, first: int, demo: str = "teach"):
    app.page.wait_for_function(_past(demo), arg=[segment, first], polling=40, timeout=30_000)


POINTER = {"pointerType": "mouse", "isPrimary": True, "button": 0, "pointerId": 1}


def _in_page(check: str, then: str | None, pointer: str, target: str) -> str:
    """A poll that, once `check` holds, runs `then` and sends the pointer event in the page
    itself: a busy page answers the test's calls a second or more late, and a hold begun or
    released then was short, or took in the next segment's frames."""
    return ("(arg) => { const now = (" + check + ")(arg); if (now) { (" + (then or "() => {}") +
            ")(); " + target + ".dispatchEvent(new PointerEvent('" + pointer + "', {..." +
            json.dumps(POINTER) + ", bubbles: true, cancelable: true, composed: true})); } return now; }")


def press(app, row: int, segment: int, at_start: str | None = None):
    """Press the row's button as the camera begins `segment` (the hold's first frame); the JS
    function `at_start` runs in the page just before. The button is found as the page has it
    then: a clip added meanwhile rebuilds the rows."""
    button = f"document.querySelectorAll('.teach-class .teach-record')[{int(row)}]"
    app.page.wait_for_function(_in_page(_in_phase("teach"), at_start, "pointerdown", button),
                               arg=[segment, 1, 3], polling=40, timeout=30_000)


def release(app, row: int, segment: int, count: int = 1, at_end: str | None = None):
    """Release the button past the segment's frame 21 (about two swings held), anywhere on the
    page; the JS function `at_end` runs in the page just before; the result once the row holds
    `count` clips."""
    app.page.wait_for_function(_in_page(_past("teach"), at_end, "pointerup", "document.documentElement"),
                               arg=[segment, 21], polling=40, timeout=30_000)
    try:
        app.wait_result("teach", f"r.recording === null && r.clips[{row}] >= {count}", timeout=30_000)
    except PlaywrightTimeout:
        pytest.fail(f"The hold was not counted as clip {count} of row {row} in 30 s: the page said "
                    f"{app.message('teach')!r}, its result {app.result('teach')}")


def record_clip(app, row: int, segment: int, count: int = 1) -> dict:
    """Hold the row's button over most of the segment (about two swings): one clip (the row's
    `count`th); the result then."""
    press(app, row, segment)
    release(app, row, segment, count)
    return app.wait_result("teach", f"r.recording === null && r.clips[{row}] >= {count}")


# every result `demo` publishes, with the camera's phase as it is published (a MutationObserver:
# none missed, none counted twice, whatever the loop's speed)
def _watch(demo: str) -> str:
    return f"""() => {{
    const box = document.getElementById('{demo}-result'), seen = window.__judged = [];
    window.__judging = new MutationObserver(() => {{
        const r = JSON.parse(box.textContent || 'null');
        if (r && r.prediction) seen.push([({phase_js(demo)})(), r]);
    }});
    window.__judging.observe(box, {{childList: true, characterData: true, subtree: true}});
}}"""


UNWATCH = "() => { window.__judging.disconnect(); return window.__judged; }"


def judged_windows(app, segments: int, start: int, judged: range,
                   demo: str = "teach") -> tuple[dict, list]:
    """(segment -> labels) and the results: every result `demo` published while the camera showed
    one of the `judged` frames of `segments` segments from `start` (a camera of
    moving_y4m(frames=...)), the window then in one segment."""
    wait_phase(app, start, 0, judged.start - 1, demo)
    return _judge(app, [(start + step) % len(SEGMENTS) for step in range(segments)], judged, demo)


def judged_motions(app, judged: range, demo: str = "teach", least: int = 12) -> tuple[dict, list]:
    """judged_windows over the two moving segments, from the one the camera shows now if `least`
    of its judged frames are still to come, else from whichever of them begins next (the still
    one between them is not judged then): no waiting for the first of them."""
    app.page.wait_for_function(
        "([last]) => { const p = (" + phase_js(demo) + ")(); "
        "return !!p && (p[0] === 0 || p[0] === 1) && p[1] >= 0 && p[1] <= last; }",
        arg=[judged.stop - least], polling=40, timeout=30_000)
    now = int(app.page.evaluate(phase_js(demo))[0])
    return _judge(app, [now, 1 - now], judged, demo)


def _judge(app, segments: list[int], judged: range, demo: str) -> tuple[dict, list]:
    app.page.evaluate(_watch(demo))
    for segment in segments:
        wait_phase(app, segment, 0, judged.stop, demo)   # there (it may come after another one)
        wait_past(app, segment, judged.stop, demo)
    labels, results = {i: [] for i in range(len(SEGMENTS))}, []
    for phase, r in app.page.evaluate(UNWATCH):
        if phase and phase[1] in judged:
            labels[phase[0]].append(r["prediction"]["label"])
            results.append(r)
    return labels, results


def named(labels: dict, least: int = 2, share: float = 0.7):
    """The first two segments named by their motion: in `least` windows, and `share` of them."""
    for segment, name in enumerate(SEGMENTS[:2]):
        said = Counter(labels[segment])
        assert said[name] >= least and said[name] >= share * len(labels[segment]), (name, labels)


def told_apart(labels: dict, results: list, least: int = 2, share: float = 0.7):
    """The first two segments named by their motion, the still one claiming none; tensors flat."""
    print("labels by segment:", labels, "movement:", [r["movement"] for r in results])
    named(labels, least, share)
    # still: no motion (a busy machine's frames lag: the window may still end in the swing first)
    assert labels[2] and labels[2][-1] is None and labels[2].count(None) >= 0.6 * len(labels[2]), labels
    assert any(r["still"] for r in results) and all(r["movement"] is not None for r in results)
    assert len({r["tensors"] for r in results}) == 1, [r["tensors"] for r in results]
