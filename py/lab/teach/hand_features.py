"""Teach features from a hand: MediaPipe Hands' 21 keypoints, centred and scaled.

    from lab.teach.hand_features import HandFeatures

    features = await HandFeatures.load()      # the lite hand model, on the page's thread
    vector = await features.of(frame)         # 42 numbers (lab.teach.hand_shape), None: no hand
    features.poses                            # the last frame's hands, the one used first
    features.dispose()
    features = await MotionHandFeatures.load()   # a hand motion's frames (lab.teach.motion)

It has what lab.teach.features' kinds have (`mode`, `model`, `dims`, `label`,
`where`, `missing`...), so the teach demo treats it alike. The hand model runs on
the page's thread, "In a worker" or not.
"""

import asyncio

from lab.hands.model import HandModel
from lab.teach.hand_shape import DIMS, best_hand, hand_vector
from lab.teach.motion import frame_vector


class HandFeatures:
    mode, model, name = "hands", "mediapipe-hands-lite", "hands"
    label = "Hands (MediaPipe keypoints)"
    dims = DIMS
    missing = "hand"  # "No hand found"
    says_missing = True  # on every frame without one: a hand is easily out of the picture
    where = "page"

    def __init__(self, hand_model):
        self.hand_model = hand_model
        self.poses = []  # the last frame's hands, the one learnt from first
        self._one_at_a_time = asyncio.Lock()  # the frame loop and added photos share the model

    @property
    def disposed(self) -> bool:
        return self.hand_model.disposed

    @classmethod
    async def load(cls, in_worker: bool = False, demo=None) -> "HandFeatures":
        return cls(await HandModel.load("lite"))

    async def hand(self, frame) -> dict | None:
        """The hand learnt from in `frame`, or None."""
        async with self._one_at_a_time:
            hands = await self.hand_model.estimate(frame)
        hand = best_hand(hands)
        self.poses = [hand] + [h for h in hands if h is not hand] if hand else []
        return hand

    async def of(self, frame) -> list[float] | None:
        hand = await self.hand(frame)
        return hand_vector(hand) if hand else None

    def thumbnail(self, frame) -> None:
        return None

    def dispose(self):
        self.hand_model.dispose()


class MotionHandFeatures(HandFeatures):
    """A hand motion's frames: the hand's keypoints in the frame's pixels and their box
    (lab.teach.motion.frame_vector); a clip or window is normalised as a whole."""

    mode, name = "motion-hands", "motion-hands"
    label = "Motion (hand: MediaPipe keypoints over time)"

    async def of(self, frame) -> list[float] | None:
        hand = await self.hand(frame)
        return frame_vector(hand, min_score=0.0) if hand else None
