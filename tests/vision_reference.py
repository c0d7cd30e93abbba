"""MediaPipe's answers for the test photos (tests/data/vision_reference.json, made by
tools/make_vision_reference.py) and how far the page's are from them, for the vision tests.

    from vision_reference import REFERENCE, errors, size
    errors(page_points, REFERENCE["hands"]["hands"]["full"][0]["keypoints"])   # px, per keypoint
"""

import json
from pathlib import Path

REFERENCE = json.loads((Path(__file__).parent / "data" / "vision_reference.json").read_text())


def errors(page_points, reference_points):
    return [((x - rx) ** 2 + (y - ry) ** 2) ** 0.5
            for (x, y), (rx, ry) in zip(page_points, reference_points, strict=True)]


def size(points):
    """The longest side of the points' box: the hand's or face's size in pixels."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(max(xs) - min(xs), max(ys) - min(ys))
