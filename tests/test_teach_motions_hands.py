"""Teach's Motion (hand) mode in a real Chromium whose fake camera moves a hand (the left one of
tests/data/photos/hands.png) side to side, then up and down, then holds it still
(tests/motion_support.py): one clip of each motion, recorded by holding "Hold to record", names
the motion at other moments; the still hand claims no motion; tensors stay flat."""

import pytest

from motion_support import (
    LONG_FRAMES,
    SEGMENTS,
    app_on,
    judged_frames,
    judged_windows,
    launch_moving,
    moving_y4m,
    record_clip,
    told_apart,
)

# three swings a segment, every result published while a window holds only it judged: a
# busy machine's few frames a second still give each segment several windows
JUDGED = judged_frames(LONG_FRAMES)


@pytest.fixture(scope="module")
def hand_browser(playwright_instance, tmp_path_factory):
    browser = launch_moving(playwright_instance,
                            moving_y4m(tmp_path_factory.mktemp("hand"), "hand", frames=LONG_FRAMES))
    yield browser
    browser.close()


@pytest.fixture
def hand_app(hand_browser, server):
    yield from app_on(hand_browser, server)


def test_two_hand_motions_are_told_apart_and_a_still_hand_claims_none(hand_app):
    app = hand_app
    app.open(demo="teach")
    app.page.select_option("#teach-mode", "motion-hands")
    first = app.wait_result("teach", "r.mode === 'motion-hands' && r.frame >= 1", timeout=120_000)
    assert first["clips"] == [0, 0] and first["prediction"] is None and first["where"] == "page"
    # a still hand moves 0.0001 here (MediaPipe's keypoints do not drift as MoveNet's do): "Still
    # below" lower than the body's 0.05, so that the hand's smaller up-and-down swing counts
    app.page.eval_on_selector("#teach-still", "el => { el.value = '0.02'; "
                              "el.dispatchEvent(new Event('input', {bubbles: true})); }")
    for row, name in enumerate(SEGMENTS[:2]):
        field = app.page.locator(".teach-class .teach-name").nth(row)
        field.fill(name)
        field.press("Tab")
    record_clip(app, 0, 0)
    taught = record_clip(app, 1, 1)
    assert 4 <= taught["window_frames"] <= 30 and taught["record_ms"] > 0, taught
    assert "No hand found" not in app.message("teach")
    told_apart(*judged_windows(app, 3, 2, JUDGED))   # still first: it comes next
