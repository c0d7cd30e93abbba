"""Hands as plain Python: what hand-pose-detection gives, in the frame's pixels. No browser needed.

    from lab.hands.keypoints import plain_hands, NAMES, BONES

    plain_hands(found, scale_x=1.0, scale_y=1.0)
    # [{"handedness": "Left", "score": 0.97, "box": {"xMin", "yMin", "width", "height"},
    #   "keypoints": [{"name": "wrist", "x": 141.7, "y": 340.4, "z": 0.0123, "score": 0.97}, ...]}]

x and y are the frame's pixels; z is hand-pose-detection's 3D keypoint's (metres, around the
hand's centre, towards the camera negative); a keypoint's score is its hand's (the model scores
hands, not points). A hand with a keypoint that is not a finite number is left out: a user sees
"no hand", never NaN.

`handedness` is the person's own hand. MediaPipe names a hand as if the picture were mirrored
(a selfie view) and its documentation says to swap the name for a picture that is not; the
frames the lab gives the model never are (a mirrored stage is only drawn so), so it is swapped.
"""

from lab.vision.numbers import all_finite, finite, tenth

NAMES = ("wrist", "thumb_cmc", "thumb_mcp", "thumb_ip", "thumb_tip",
         "index_finger_mcp", "index_finger_pip", "index_finger_dip", "index_finger_tip",
         "middle_finger_mcp", "middle_finger_pip", "middle_finger_dip", "middle_finger_tip",
         "ring_finger_mcp", "ring_finger_pip", "ring_finger_dip", "ring_finger_tip",
         "pinky_finger_mcp", "pinky_finger_pip", "pinky_finger_dip", "pinky_finger_tip")
TIPS = (4, 8, 12, 16, 20)
SWAPPED = {"Left": "Right", "Right": "Left"}   # MediaPipe's name -> the person's own hand
# the lines a hand is drawn with: each finger from the wrist, and across the knuckles
BONES = ((0, 1), (1, 2), (2, 3), (3, 4), (0, 5), (5, 6), (6, 7), (7, 8), (5, 9), (9, 10),
         (10, 11), (11, 12), (9, 13), (13, 14), (14, 15), (15, 16), (13, 17), (0, 17),
         (17, 18), (18, 19), (19, 20))


def plain_hand(hand: dict, scale_x: float = 1.0, scale_y: float = 1.0) -> dict | None:
    """One hand in the contract's form, or None when it is not a whole, finite hand."""
    points, deep = hand.get("keypoints") or [], hand.get("keypoints3D") or []
    score = hand.get("score")
    if len(points) != len(NAMES) or not finite(score):
        return None
    xs, ys = [p.get("x") for p in points], [p.get("y") for p in points]
    if not (all_finite(xs) and all_finite(ys)):
        return None
    zs = [p.get("z", 0.0) for p in deep[:len(NAMES)]] + [0.0] * (len(NAMES) - len(deep))
    if not all_finite(zs):  # a z that is not a number is 0
        zs = [z if finite(z) else 0.0 for z in zs]
    score = round(score, 3)
    xs, ys = [tenth(x * scale_x) for x in xs], [tenth(y * scale_y) for y in ys]
    keypoints = [{"name": point.get("name") or name, "x": x, "y": y, "z": round(z, 4),
                  "score": score}
                 for point, name, x, y, z in zip(points, NAMES, xs, ys, zs, strict=True)]
    box = {"xMin": min(xs), "yMin": min(ys), "width": tenth(max(xs) - min(xs)),
           "height": tenth(max(ys) - min(ys))}
    return {"handedness": SWAPPED.get(hand.get("handedness"), "Unknown"),
            "score": score, "box": box, "keypoints": keypoints}


def plain_hands(found: list, scale_x: float = 1.0, scale_y: float = 1.0) -> list[dict]:
    """Every whole hand of `found` (hand-pose-detection's hands, as dicts), left to right."""
    hands = [plain_hand(hand, scale_x, scale_y) for hand in found]
    return sorted((hand for hand in hands if hand), key=lambda hand: hand["keypoints"][0]["x"])
