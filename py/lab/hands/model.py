"""Hand keypoints on the page's one TF.js: MediaPipe Hands through hand-pose-detection.

    from lab.hands.model import HandModel, MODELS, DEFAULT_MODEL

    model = await HandModel.load("lite")        # or "full" (bigger, steadier)
    hands = await model.estimate(frame)         # up to two hands (lab.hands.keypoints.plain_hands)
    # [{"handedness": "Right", "score": 0.97, "box": {...}, "keypoints": [{"name": "wrist", ...}]}]
    model.dispose()

The palm detector (vendor/models/hands/handdetect.json) is MediaPipe's 256-px one and the
landmark models are renamed to what the package reads, both by tools/patch_vision_models.py,
which also patches the vendored hand-pose-detection bundle for that palm detector. A photo stands
alone (static image mode): the palms are looked for afresh. Camera frames (a <video>) follow the
hands of the frame before, as ml5 does: the palm detector runs again only while fewer than two
hands are followed.
"""

import js
from pyodide.ffi import JsBuffer

from lab.core.bridge import to_js
from lab.hands.keypoints import plain_hands
from lab.vision.detector import Choice, Detector


def _choice(kind: str, label: str) -> Choice:
    return Choice(label, ("hands/handdetect.json", f"hands/handlandmark-{kind}.json"),
                  {"runtime": "tfjs", "modelType": kind, "maxHands": 2,
                   "detectorModelUrl": "vendor/models/hands/handdetect.json",
                   "landmarkModelUrl": f"vendor/models/hands/handlandmark-{kind}.json"})


MODELS = {"lite": _choice("lite", "MediaPipe Hands (lite)"),
          "full": _choice("full", "MediaPipe Hands (full)")}
DEFAULT_MODEL = "lite"
# a photo is looked at afresh; a camera frame starts from the last one's findings (as ml5)
_STATIC = to_js({"staticImageMode": True, "flipHorizontal": False})
_TRACKING = to_js({"staticImageMode": False, "flipHorizontal": False})


class HandModel(Detector):
    KIND = "hand model"
    SCRIPT = "hand-pose-detection"
    HELPER = "hand-numbers"   # js/hand_numbers.js
    GLOBAL = "handPoseDetection"
    CHOICES = MODELS
    TRACKS = True

    @classmethod
    def _create(cls, library, options):
        return library.createDetector(library.SupportedModels.MediaPipeHands, options)

    def _run(self, pixels):
        return self._detector.estimateHands(pixels, _TRACKING if self._tracking else _STATIC)

    @classmethod
    def _read(cls, found):
        # one typed array (the worker sends it so already), not JSON of 42 named points a hand
        if not isinstance(found, JsBuffer):
            found = js.labHandNumbers(found)
        return found.to_memoryview().tolist()

    def _plain(self, found, scale_x, scale_y):
        return plain_hands(found, scale_x, scale_y)
