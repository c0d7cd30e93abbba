"""Draw poses over the stage with p5: red dots on keypoints, red lines for the skeleton.

    from lab.pose.overlay import PoseOverlay, draw_poses

    overlay = PoseOverlay(stage, threshold)   # threshold: anything with a .value (a Slider)
    overlay.show(poses, model.skeleton, frame)   # the latest poses, drawn now

    def my_overlay(p):                    # or by hand: stage.on_draw(my_overlay)
        draw_poses(p, stage, poses, model.skeleton, threshold=0.2)

Poses are in the frame's own pixels (what `PoseModel.estimate` returns);
`stage.to_canvas` puts them where the frame is drawn, so the dots stay on the
person whatever size the frame and the canvas are shown at. A keypoint gets a
dot, and a bone a line, only when the keypoints' scores are above the threshold.
"""

import js

RED = "rgb(255, 0, 0)"
DOT_DIAMETER = 10   # canvas pixels
LINE_WEIGHT = 3


def draw_poses(p, stage, poses: list[dict], skeleton, threshold: float):
    """Draw `poses` on the p5 instance `p` (inside the stage's draw)."""
    bones, dots = [], []
    radius = DOT_DIAMETER / 2
    for pose in poses:
        points = pose["keypoints"]
        on_canvas = [stage.to_canvas(point["x"], point["y"]) for point in points]
        for start, end in skeleton:
            if points[start]["score"] > threshold and points[end]["score"] > threshold:
                (x0, y0), (x1, y1) = on_canvas[start], on_canvas[end]
                bones.append(f"M{x0:.1f} {y0:.1f}L{x1:.1f} {y1:.1f}")
        for point, (x, y) in zip(points, on_canvas):
            if point["score"] > threshold:  # a circle as two half arcs
                dots.append(f"M{x - radius:.1f} {y:.1f}a{radius} {radius} 0 1 0 {DOT_DIAMETER} 0"
                            f"a{radius} {radius} 0 1 0 {-DOT_DIAMETER} 0")
    if not dots:
        return
    # Each p5 call is a trip across the Python/JS bridge, every frame: stroke all the bones
    # and fill all the dots as two paths on p5's canvas, a handful of calls in all.
    context = p.drawingContext
    context.save()
    context.strokeStyle = context.fillStyle = RED
    context.lineWidth = LINE_WEIGHT
    context.stroke(js.Path2D.new("".join(bones)))
    context.fill(js.Path2D.new("".join(dots)))  # dots after lines, so a dot is never covered
    context.restore()



class PoseOverlay:
    """The latest poses over the stage, keypoints above `threshold.value`, redrawn when it changes."""

    def __init__(self, stage, threshold):
        self.stage, self.threshold = stage, threshold
        self.poses, self.skeleton, self.version = [], [], None
        stage.on_draw(self.draw)

    def show(self, poses: list[dict], skeleton, frame):
        """Draw `poses`, found on `frame` (a lab.media.frames.Frame), from now on."""
        self.poses, self.skeleton, self.version = poses, skeleton, frame.version
        self.stage.redraw()

    def draw(self, p):
        if self.version == self.stage.source_version:  # not the last source's poses on a new photo
            draw_poses(p, self.stage, self.poses, self.skeleton, self.threshold.value)
