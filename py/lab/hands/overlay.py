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


def hand_drawing(hands: list[dict], to_canvas) -> list[dict]:
    """For each hand: its colour, its bones and dots as path text, and its labels
    [(text, x, y, font)] at the wrist and the fingertips, all in canvas coordinates."""
    drawn = []
    r = DOT_RADIUS
    for hand in hands:
        points = [to_canvas(point["x"], point["y"]) for point in hand["keypoints"]]
        bones = "".join(f"M{points[a][0]:.1f} {points[a][1]:.1f}L{points[b][0]:.1f} {points[b][1]:.1f}"
                        for a, b in BONES)
        dots = "".join(f"M{x - r:.1f} {y:.1f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0"
                       for x, y in points)
        wrist = points[0]
        labels = [(hand["handedness"], wrist[0] + 8, wrist[1] + 18, HAND_FONT)]
        labels += [(TIP_NAMES[tip], points[tip][0] + 7, points[tip][1] - 7, TIP_FONT) for tip in TIPS]
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
            for text, x, y, font in hand["labels"]:
                context.font = font
                context.strokeText(text, x, y)
                context.fillText(text, x, y)
        context.restore()
