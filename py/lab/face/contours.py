"""The face mesh's outlines as lines: which points to join, in MediaPipe's mesh order. No browser.

    from lab.face.contours import CONTOURS, IRISES, paths

    paths(478)     # [[61, 146, 91, ...], ...]: each a line through those points, irises included
    paths(468)     # without the irises (the mesh without them has no points 468-477)
    face_paths(faces, to_canvas, outlines=True)   # (dots, lines, boxes) as SVG path text

MediaPipe's face_mesh_connections (Apache-2.0), as face-landmarks-detection 1.0.6 holds them
(its constants.js): each contour's connections, joined into the lines they make. The package's
own export, util.getKeypointIndexByContour, keeps each connection's first point and the very
last one, so where a contour has two lines (upper and lower lip, say) the first line's last
point is lost (the mouth's corner 291, the eye's inner corner 362) and a line would jump from
one to the next: the lines are kept here instead (tests/unit/test_face_contours.py checks
them against the package's file).
"""

CONTOURS = {
    "lips": ((61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291),
             (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291),
             (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308),
             (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308)),
    "leftEye": ((263, 249, 390, 373, 374, 380, 381, 382, 362),
                (263, 466, 388, 387, 386, 385, 384, 398, 362)),
    "leftEyebrow": ((276, 283, 282, 295, 285), (300, 293, 334, 296, 336)),
    "leftIris": ((474, 475, 476, 477, 474),),
    "rightEye": ((33, 7, 163, 144, 145, 153, 154, 155, 133),
                 (33, 246, 161, 160, 159, 158, 157, 173, 133)),
    "rightEyebrow": ((46, 53, 52, 65, 55), (70, 63, 105, 66, 107)),
    "rightIris": ((469, 470, 471, 472, 469),),
    "faceOval": ((10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
                  400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21,
                  54, 103, 67, 109, 10),),
}
IRISES = ("leftIris", "rightIris")
DOT_RADIUS = 1.5    # canvas pixels


def paths(points: int) -> list[list[int]]:
    """The lines of every contour a mesh of `points` points has (the irises: 478 only)."""
    return [list(line) for name, lines in CONTOURS.items() for line in lines
            if points > max(line)]


def face_paths(faces: list[dict], to_canvas, outlines: bool = False) -> tuple[str, str, str]:
    """The faces' dots (every point; none with `outlines`), outline lines and boxes as path text.
    `to_canvas(x, y)` maps each axis on its own by a scale and a shift, as the stage's does."""
    dots, lines, boxes = [], [], []
    r = DOT_RADIUS
    # the map as x0 + sx * x, y0 + sy * y: one multiplication a point, not a call (468 a frame)
    x0, y0 = to_canvas(0.0, 0.0)
    x1, y1 = to_canvas(1.0, 1.0)
    sx, sy = x1 - x0, y1 - y0
    arc = f"a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0"  # a dot, from its left edge
    for face in faces:
        points = face["keypoints"]
        if outlines:
            for line in paths(len(points)):
                lines.append("M" + "L".join(f"{x0 + sx * points[i]['x']:.1f} "
                                            f"{y0 + sy * points[i]['y']:.1f}" for i in line))
        else:
            left = x0 - r
            dots.append("".join(f"M{left + sx * point['x']:.1f} {y0 + sy * point['y']:.1f}{arc}"
                                for point in points))
        box = face["box"]
        corners = [to_canvas(box["xMin"] + dx * box["width"], box["yMin"] + dy * box["height"])
                   for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))]
        boxes.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in corners) + "Z")
    return "".join(dots), "".join(lines), "".join(boxes)
