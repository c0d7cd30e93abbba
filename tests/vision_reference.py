"""MediaPipe's answers for the test photos (tests/data/vision_reference.json, made by
tools/make_vision_reference.py) and how far the page's are from them, for the vision tests.

    from vision_reference import REFERENCE, errors, size, hand_within_tolerance
    hand_within_tolerance(page_points, REFERENCE["hands"]["hands"]["lite"][0]["keypoints"])
    errors(page_points, REFERENCE["hands"]["hands"]["full"][0]["keypoints"])   # px, per keypoint
"""

import json
import statistics
from pathlib import Path

REFERENCE = json.loads((Path(__file__).parent / "data" / "vision_reference.json").read_text())


def errors(page_points, reference_points):
    return [((x - rx) ** 2 + (y - ry) ** 2) ** 0.5
            for (x, y), (rx, ry) in zip(page_points, reference_points, strict=True)]


def size(points):
    """The longest side of the points' box: the hand's or face's size in pixels."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def hand_within_tolerance(page_points, reference_points) -> tuple[bool, str]:
    """Whether a hand's 21 keypoints (x, y) are as close to MediaPipe's as the page's models can
    be (tests/test_vision_models.py, the models alone; the demos' tests), and how close.

    Not the same palm detector (the page's is MediaPipe's 256-px one, mediapipe 0.10.14's the
    192-px one), so the landmark model sees a crop shifted and scaled a little, resized with
    another filter: keypoints agree to a few per cent of the hand's size. The one exception is a
    point the photo does not show: hands.png's left hand has its wrist cut by the bottom edge,
    guessed, and where depends on the crop (MediaPipe's own lite and full models put it 12 px
    apart)."""
    err = errors(page_points, reference_points)
    scale = size(reference_points)
    ok = (statistics.median(err) <= 0.03 * scale and sorted(err)[-2] <= 0.06 * scale
          and max(err) <= 0.12 * scale)
    return ok, (f"median {statistics.median(err):.1f} px, max {max(err):.1f} px "
                f"(hand {scale:.0f} px)")
