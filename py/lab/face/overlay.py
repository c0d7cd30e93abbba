"""Draw faces over the stage with p5: a dot on each mesh point, or on the outlines only, and the box.

    from lab.face.overlay import FaceOverlay, face_paths

    overlay = FaceOverlay(stage)                  # outlines: anything with a .value (a Toggle)
    overlay.show(faces, frame)                    # the latest faces (lab.face.mesh), drawn now
    face_paths(faces, to_canvas, outline=None)    # (dots, boxes) as SVG path text: no browser

Faces are in the frame's own pixels; `stage.to_canvas` puts them where the frame is drawn. The
outlines (lips, eyes, brows, irises, face oval) are face-landmarks-detection's own contours.
"""

import js

GREEN = "rgb(0, 200, 80)"
DOT_RADIUS = 1.5    # canvas pixels
BOX_WEIGHT = 2


def face_paths(faces: list[dict], to_canvas, outline=None) -> tuple[str, str]:
    """The faces' dots (every point, or the indices in `outline`) and boxes as path text."""
    dots, boxes = [], []
    r = DOT_RADIUS
    for face in faces:
        points = face["keypoints"]
        chosen = points if outline is None else [points[i] for i in outline if i < len(points)]
        for point in chosen:
            x, y = to_canvas(point["x"], point["y"])
            dots.append(f"M{x - r:.1f} {y:.1f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0")
        box = face["box"]
        corners = [to_canvas(box["xMin"] + dx * box["width"], box["yMin"] + dy * box["height"])
                   for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))]
        boxes.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in corners) + "Z")
    return "".join(dots), "".join(boxes)


def _contour_indices() -> list[int]:
    library = js.faceLandmarksDetection
    contours = library.util.getKeypointIndexByContour(
        library.SupportedModels.MediaPipeFaceMesh).to_py()
    return sorted({index for indices in contours.values() for index in indices})


class FaceOverlay:
    """The latest faces over the stage, redrawn when they change or `outlines` is switched."""

    def __init__(self, stage, outlines=None):
        self.stage, self.outlines = stage, outlines
        self.faces, self.version, self._outline = [], None, None
        stage.on_draw(self.draw)

    def show(self, faces: list[dict], frame):
        """Draw `faces`, found on `frame` (a lab.media.frames.Frame), from now on."""
        self.faces, self.version = faces, frame.version
        self.stage.redraw()

    def draw(self, p):
        if self.version != self.stage.source_version or not self.faces:
            return  # not the last source's faces on a new photo
        outline = None
        if self.outlines is not None and self.outlines.value:
            if self._outline is None:
                self._outline = _contour_indices()
            outline = self._outline
        dots, boxes = face_paths(self.faces, self.stage.to_canvas, outline)
        # two paths on p5's canvas: a few bridge calls a frame, not one per point
        context = p.drawingContext
        context.save()
        context.strokeStyle = context.fillStyle = GREEN
        context.lineWidth = BOX_WEIGHT
        context.stroke(js.Path2D.new(boxes))
        context.fill(js.Path2D.new(dots))
        context.restore()
