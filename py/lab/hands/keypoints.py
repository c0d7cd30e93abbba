"""Hands as plain Python: what hand-pose-detection gives, in the frame's pixels. No browser needed.

    from lab.hands.keypoints import plain_hands, NAMES, BONES

    plain_hands(numbers, scale_x=1.0, scale_y=1.0)   # numbers: js/hand_numbers.js's, as a list
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
# the lines a hand is drawn with: each finger from the wrist, and across the knuckles
BONES = ((0, 1), (1, 2), (2, 3), (3, 4), (0, 5), (5, 6), (6, 7), (7, 8), (5, 9), (9, 10),
         (10, 11), (11, 12), (9, 13), (13, 14), (14, 15), (15, 16), (13, 17), (0, 17),
         (17, 18), (18, 19), (19, 20))


HAND_NUMBERS = 2 + 3 * len(NAMES)   # a hand's numbers, as js/hand_numbers.js gives them
HANDEDNESS = {0.0: "Right", 1.0: "Left"}  # MediaPipe's "Left" (0), "Right" (1): the person's own


def plain_hand(numbers, scale_x: float = 1.0, scale_y: float = 1.0) -> dict | None:
    """One hand from its HAND_NUMBERS numbers (score, handedness, x0, y0 ... x20, y20, z0 ...
    z20), in the contract's form; None when it is not a whole, finite hand."""
    score, xys, zs = numbers[0], numbers[2:2 + 2 * len(NAMES)], numbers[2 + 2 * len(NAMES):]
    if not (finite(score) and all_finite(xys)):
        return None
    if not all_finite(zs):  # a z that is not a number is 0
        zs = [z if finite(z) else 0.0 for z in zs]
    score = round(score, 3)
    xs, ys = [tenth(x * scale_x) for x in xys[0::2]], [tenth(y * scale_y) for y in xys[1::2]]
    keypoints = [{"name": name, "x": x, "y": y, "z": round(z, 4), "score": score}
                 for name, x, y, z in zip(NAMES, xs, ys, zs, strict=True)]
    box = {"xMin": min(xs), "yMin": min(ys), "width": tenth(max(xs) - min(xs)),
           "height": tenth(max(ys) - min(ys))}
    return {"handedness": HANDEDNESS.get(numbers[1], "Unknown"),
            "score": score, "box": box, "keypoints": keypoints}


def plain_hands(numbers, scale_x: float = 1.0, scale_y: float = 1.0) -> list[dict]:
    """Every whole hand of `numbers` (js/hand_numbers.js: HAND_NUMBERS a hand, one after the
    other), left to right."""
    hands = [plain_hand(numbers[at:at + HAND_NUMBERS], scale_x, scale_y)
             for at in range(0, len(numbers) - HAND_NUMBERS + 1, HAND_NUMBERS)]
    return sorted((hand for hand in hands if hand), key=lambda hand: hand["keypoints"][0]["x"])
