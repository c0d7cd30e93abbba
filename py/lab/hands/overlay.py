"""Draw hands over the stage with p5: a dot on each of the 21 keypoints, the bones between them,
"Left" or "Right" at the wrist and the fingertips named.

    from lab.hands.overlay import HandOverlay, hand_drawing

    overlay = HandOverlay(stage)                  # on the stage's canvas, redrawn on demand
    overlay.show(hands, frame)                    # the latest hands (lab.hands.keypoints), drawn now
    hand_drawing(hands, to_canvas)                # what is drawn, as path text and labels: no browser

Hands are in the frame's own pixels; `stage.to_canvas` puts them where the frame is drawn (and
flips x when the stage is mirrored, so labels still read left to right). The skeleton is
lab.hands.keypoints.BONES, the one definition. Each hand has its colour (left amber, right
cyan) with a dark edge, so that it reads on a bright or a dark picture alike.
"""

from lab.hands.keypoints import BONES, TIPS

COLOURS = {"Left": "rgb(255, 190, 0)", "Right": "rgb(0, 225, 255)", "Unknown": "rgb(255, 255, 255)"}
EDGE = "rgba(0, 0, 0, 0.85)"
DOT_RADIUS = 4      # canvas pixels
LINE_WEIGHT = 3
TIP_NAMES = {4: "thumb", 8: "index", 12: "middle", 16: "ring", 20: "pinky"}
HAND_FONT, TIP_FONT = "bold 15px sans-serif", "12px sans-serif"


# each hand's path text in one str.format call (a C loop), its points given flat: x0, y0, x1, ...
_BONES = "".join(f"M{{{2 * a}:.1f}} {{{2 * a + 1}:.1f}}L{{{2 * b}:.1f}} {{{2 * b + 1}:.1f}}"
                 for a, b in BONES)
_DOTS = "".join(f"M{{{2 * i}:.1f}} {{{2 * i + 1}:.1f}}m{-DOT_RADIUS} 0"   # from its left edge
                f"a{DOT_RADIUS} {DOT_RADIUS} 0 1 0 {2 * DOT_RADIUS} 0"
                f"a{DOT_RADIUS} {DOT_RADIUS} 0 1 0 {-2 * DOT_RADIUS} 0" for i in range(21))


def hand_drawing(hands: list[dict], to_canvas) -> list[dict]:
    """For each hand: its colour, its bones and dots as path text, and its labels
    [(text, x, y, font)] at the wrist and the fingertips, all in canvas coordinates.
    `to_canvas(x, y)` maps each axis on its own by a scale and a shift, as the stage's does."""
    drawn = []
    # the map as x0 + sx * x, y0 + sy * y: one multiplication a coordinate, not a call a point
    x0, y0 = to_canvas(0.0, 0.0)
    x1, y1 = to_canvas(1.0, 1.0)
    sx, sy = x1 - x0, y1 - y0
    for hand in hands:
        keypoints = hand["keypoints"]
        xs = [x0 + sx * point["x"] for point in keypoints]
        ys = [y0 + sy * point["y"] for point in keypoints]
        flat = [value for point in zip(xs, ys) for value in point]
        bones, dots = _BONES.format(*flat), _DOTS.format(*flat)
        labels = [(hand["handedness"], xs[0] + 8, ys[0] + 18, HAND_FONT)]
        labels += [(TIP_NAMES[tip], xs[tip] + 7, ys[tip] - 7, TIP_FONT) for tip in TIPS]
        drawn.append({"colour": COLOURS.get(hand["handedness"], COLOURS["Unknown"]),
                      "bones": bones, "dots": dots, "labels": labels})
    return drawn


class HandOverlay:
    """The latest hands over the stage; none drawn for another picture than theirs."""

    def __init__(self, stage):
        self.stage = stage
        self.hands, self.version = [], None
        stage.on_draw(self.draw)

    def show(self, hands: list[dict], frame):
        """Draw `hands`, found on `frame` (a lab.media.frames.Frame), from now on."""
        self.hands, self.version = hands, frame.version
        self.stage.redraw()

    def draw(self, p):
        import js  # here, not above: hand_drawing() is tested without a browser (tests/unit)

        if self.version != self.stage.source_version or not self.hands:
            return  # not the last source's hands on a new photo
        # a few paths and texts per hand on p5's canvas: a handful of bridge calls, not one a point
        context = p.drawingContext
        context.save()
        context.lineJoin = context.lineCap = "round"
        for hand in hand_drawing(self.hands, self.stage.to_canvas):
            bones, dots = js.Path2D.new(hand["bones"]), js.Path2D.new(hand["dots"])
            context.strokeStyle = EDGE
            context.lineWidth = LINE_WEIGHT + 3
            context.stroke(bones)
            context.strokeStyle = context.fillStyle = hand["colour"]
            context.lineWidth = LINE_WEIGHT
            context.stroke(bones)
            context.fill(dots)   # dots after bones, so that a dot is never covered
            context.strokeStyle = EDGE
            context.lineWidth = 1.5
            context.stroke(dots)
            context.lineWidth = 3
            font = None
            for text, x, y, label_font in hand["labels"]:
                if label_font != font:   # the wrist's, then the tips' one
                    context.font = font = label_font
                context.strokeText(text, x, y)
                context.fillText(text, x, y)
        context.restore()
