"""Draw faces over the stage with p5: a dot on each mesh point, or the outlines as lines, and the box.

    from lab.face.overlay import FaceOverlay, face_paths

    overlay = FaceOverlay(stage)                  # outlines: anything with a .value (a Toggle)
    overlay.show(faces, frame)                    # the latest faces (lab.face.mesh), drawn now

Faces are in the frame's own pixels; `stage.to_canvas` puts them where the frame is drawn. The
outlines (lips, eyes, brows, irises when the mesh has them, face oval) are MediaPipe's contour
lines (lab.face.contours, with the path text drawn: no browser), as ml5's faceMesh examples
draw them.
"""

import js

from lab.face.contours import face_paths

GREEN = "rgb(0, 200, 80)"
BOX_WEIGHT = 2
LINE_WEIGHT = 1.5  # the outlines


class FaceOverlay:
    """The latest faces over the stage, redrawn when they change or `outlines` is switched."""

    def __init__(self, stage, outlines=None):
        self.stage, self.outlines = stage, outlines
        self.faces, self.version = [], None
        stage.on_draw(self.draw)

    def show(self, faces: list[dict], frame):
        """Draw `faces`, found on `frame` (a lab.media.frames.Frame), from now on."""
        self.faces, self.version = faces, frame.version
        self.stage.redraw()

    def draw(self, p):
        if self.version != self.stage.source_version or not self.faces:
            return  # not the last source's faces on a new photo
        outlines = self.outlines is not None and bool(self.outlines.value)
        dots, lines, boxes = face_paths(self.faces, self.stage.to_canvas, outlines)
        # a few paths on p5's canvas: a few bridge calls a frame, not one per point
        context = p.drawingContext
        context.save()
        context.strokeStyle = context.fillStyle = GREEN
        context.lineJoin = "round"
        context.lineWidth = LINE_WEIGHT
        if lines:
            context.stroke(js.Path2D.new(lines))
        context.lineWidth = BOX_WEIGHT
        context.stroke(js.Path2D.new(boxes))
        if dots:
            context.fill(js.Path2D.new(dots))
        context.restore()
