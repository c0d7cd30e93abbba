"""A hand as teach features: its 21 keypoints with position and size removed. Plain Python.

    from lab.teach.hand_shape import best_hand, hand_vector

    hand = best_hand(hands)        # the surest of lab.hands.keypoints.plain_hands' hands, or None
    hand_vector(hand)              # [x0, y0, ..., x20, y20]: centred on the hand's box, divided
                                   # by its longer side (as lab.pose.keypoints.normalised does)

The same hand sign gives the same numbers wherever the hand is and however big it
looks; a mirrored hand (the other hand making the sign) gives other numbers.
"""

from lab.pose.keypoints import normalised

MIN_SCORE = 0.5  # a hand the model is less sure of is not taken for one
DIMS = 42        # 21 keypoints, x and y


def best_hand(hands: list) -> dict | None:
    """The hand the model is surest of (the left-most of equals), None when none is sure enough."""
    sure = [hand for hand in hands or [] if hand.get("score", 0.0) >= MIN_SCORE]
    return max(sure, key=lambda hand: hand["score"]) if sure else None


def hand_vector(hand: dict) -> list[float]:
    """The hand's keypoints, centred and scaled: 42 numbers within -0.5..0.5."""
    return normalised(hand, min_score=0.0)  # the model scores the hand, not its points
