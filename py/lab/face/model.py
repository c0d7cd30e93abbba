"""The face mesh on the page's one TF.js: MediaPipe FaceMesh through face-landmarks-detection.

    from lab.face.model import FaceModel, MODELS, DEFAULT_MODEL

    model = await FaceModel.load("mesh")            # 468 points; "irises": 478, with the irises
    model = await FaceModel.load("mesh", max_faces=3)   # up to 3 faces (1 by default)
    faces = await model.estimate(frame)             # lab.face.mesh.plain_faces
    # [{"box": {"xMin", "yMin", "width", "height"}, "keypoints": [{"x", "y", "z"}, ...]}]
    model.dispose()

The short-range face detector and the face mesh run as human-models ships them; the mesh with
attention (irises) has its integer MatMuls made float by tools/patch_vision_models.py (the wasm
backend multiplies float32 only). One face unless load() is given max_faces. A photo stands alone
(static image mode); camera frames (a <video>) follow the face of the frame before, as ml5
does: the face detector runs again only once fewer faces than max_faces are followed.
"""

from lab.core.bridge import to_js
from lab.face.mesh import plain_faces
from lab.vision.detector import Choice, Detector

DETECTOR = "vendor/models/face/facemesh-detection-short.json"
MODELS = {
    "mesh": Choice("Face mesh (468 points)",
                   ("face/facemesh-detection-short.json", "face/facemesh.json"),
                   {"runtime": "tfjs", "refineLandmarks": False, "maxFaces": 1,
                    "detectorModelUrl": DETECTOR, "landmarkModelUrl": "vendor/models/face/facemesh.json"}),
    "irises": Choice("With irises (478 points)",
                     ("face/facemesh-detection-short.json", "face/facemesh-attention.json"),
                     {"runtime": "tfjs", "refineLandmarks": True, "maxFaces": 1,
                      "detectorModelUrl": DETECTOR,
                      "landmarkModelUrl": "vendor/models/face/facemesh-attention.json"}),
}
DEFAULT_MODEL = "mesh"
MAX_FACES = 10
# a photo is looked at afresh; a camera frame starts from the last one's findings (as ml5)
_STATIC = to_js({"staticImageMode": True, "flipHorizontal": False})
_TRACKING = to_js({"staticImageMode": False, "flipHorizontal": False})


class FaceModel(Detector):
    KIND = "face model"
    SCRIPT = "face-landmarks-detection"
    GLOBAL = "faceLandmarksDetection"
    CHOICES = MODELS
    TRACKS = True

    @classmethod
    def options(cls, choice, max_faces: int = 1):
        """Up to `max_faces` faces (1 to MAX_FACES): FaceModel.load("mesh", max_faces=3)."""
        if isinstance(max_faces, bool) or not isinstance(max_faces, int) \
                or not 1 <= max_faces <= MAX_FACES:
            raise ValueError(f"max_faces must be a whole number from 1 to {MAX_FACES}, "
                             f"not {max_faces!r}.")
        return {**super().options(choice), "maxFaces": max_faces}

    @classmethod
    def _create(cls, library, options):
        return library.createDetector(library.SupportedModels.MediaPipeFaceMesh, options)

    def _run(self, pixels):
        return self._detector.estimateFaces(pixels, _TRACKING if self._tracking else _STATIC)

    def _plain(self, found, scale_x, scale_y):
        return plain_faces(found, scale_x, scale_y)
