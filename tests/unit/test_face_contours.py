"""lab.face.contours: the face's outlines as MediaPipe's lines, and the path text drawn from them."""

import re
from pathlib import Path

import pytest

from lab.face.contours import CONTOURS, IRISES, face_paths, paths

CONSTANTS = (Path(__file__).resolve().parents[2] / "node_modules" / "@tensorflow-models" /
             "face-landmarks-detection" / "dist" / "constants.js")
NAMES = {"lips": "LIPS", "leftEye": "LEFT_EYE", "leftEyebrow": "LEFT_EYEBROW",
         "leftIris": "LEFT_IRIS", "rightEye": "RIGHT_EYE", "rightEyebrow": "RIGHT_EYEBROW",
         "rightIris": "RIGHT_IRIS", "faceOval": "FACE_OVAL"}


def package_connections(text: str, name: str) -> list[tuple[int, int]]:
    block = re.search(rf"var {name}_CONNECTIONS = \[(.*?)\];", text, re.S).group(1)
    return [(int(a), int(b)) for a, b in re.findall(r"\[(\d+),\s*(\d+)\]", block)]


@pytest.mark.skipif(not CONSTANTS.exists(), reason="node_modules is not installed")
def test_the_lines_join_exactly_the_packages_connections():
    text = CONSTANTS.read_text()
    for contour, name in NAMES.items():
        ours = [pair for line in CONTOURS[contour] for pair in zip(line, line[1:])]
        assert ours == package_connections(text, name), contour
    assert set(CONTOURS) == set(NAMES)


def test_the_package_export_would_lose_the_mouths_corner():
    # why the lines are kept here: each connection's first point, then the last one
    lips = [line[:-1] for line in CONTOURS["lips"]]
    exported = [i for line in lips for i in line] + [CONTOURS["lips"][-1][-1]]
    assert 291 not in exported and all(291 in line for line in CONTOURS["lips"][:2])


def test_irises_only_on_a_mesh_that_has_them():
    with_irises, without = paths(478), paths(468)
    assert len(with_irises) == len(without) + 2
    iris_lines = [list(line) for name in IRISES for line in CONTOURS[name]]
    assert all(line in with_irises and line not in without for line in iris_lines)
    assert all(max(line) < 468 for line in without)


def a_face(points: int) -> dict:
    return {"box": {"xMin": 10.0, "yMin": 20.0, "width": 30.0, "height": 40.0},
            "keypoints": [{"x": float(i), "y": 1.0, "z": 0.0} for i in range(points)]}


def test_outlines_are_lines_not_dots():
    double = lambda x, y: (2 * x, 2 * y)  # noqa: E731
    dots, lines, boxes = face_paths([a_face(468)], double, outlines=True)
    assert dots == ""
    assert lines.count("M") == len(paths(468)) and lines.count("L") == sum(
        len(line) - 1 for line in paths(468))
    assert lines.startswith("M122.0 2.0L292.0 2.0")  # 61 -> 146, doubled
    assert boxes == "M20.0 40.0L80.0 40.0L80.0 120.0L20.0 120.0Z"
    dots, lines, _ = face_paths([a_face(478)], double)
    assert lines == "" and dots.count("M") == 478


def test_each_dot_lands_where_the_stages_map_puts_its_point():
    mirrored = lambda x, y: (640 - (8 + 1.5 * x), 3 + 1.5 * y)  # noqa: E731  (as Stage.to_canvas)
    face = a_face(468)
    dots, _, boxes = face_paths([face], mirrored)
    starts = [part.split("a")[0] for part in dots.split("M")[1:]]
    expected = [mirrored(p["x"], p["y"]) for p in face["keypoints"]]
    assert starts == [f"{x - 1.5:.1f} {y:.1f}" for x, y in expected]
    assert boxes.startswith("M617.0 33.0L572.0 33.0")
