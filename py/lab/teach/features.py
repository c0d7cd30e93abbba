"""What a teach sample is made of: an image's embedding, or a pose's normalised keypoints.

    from lab.teach.features import ImageFeatures, MotionPoseFeatures, PoseFeatures, photo_frame

    features = await ImageFeatures.load()     # EfficientNet-Lite0 without its last layer
    features = await MotionPoseFeatures.load()   # motions: each frame's keypoints, not normalised
    features = await ImageFeatures.load(in_worker=True, demo=demo)   # in a Web Worker, or here
                                              # with a message if it cannot start there
    vector = await features.of(frame)         # 1280 numbers (None: nothing to learn from)
    features.thumbnail(frame)                 # a small JPEG data URL of what it saw
    features.where                            # "page" or "worker"
    features.dispose()
    vector = await features.of(photo_frame(image))   # a photo added to a class

Both have `mode`, `model` (the name a dataset file records), `dims`, `label`,
`name`, `where`, `disposed` and `dispose()`, so the demo treats them alike (and
lab.core.models.ModelSlot can hold either). lab.teach.worker_features has the
image features in a worker; the pose features hold lab.pose.worker_model's
model there.
"""

import asyncio
import itertools

from lab.classify.model import Classifier
from lab.core.bridge import to_js, to_py
from lab.core.engine import tf, tidy
from lab.media.frames import Frame
from lab.pose.keypoints import normalised
from lab.pose.worker_model import load_pose_model
from lab.teach.hand_features import HandFeatures, MotionHandFeatures
from lab.teach.motion import frame_vector

THUMB_SIZE = 64
EMBEDDING_LAYER = "avg_pool"  # the classifier's last layer before its 1,000-class dense layer

_photos = itertools.count(1)


def photo_frame(image) -> Frame:
    """A photo (a decoded <img>) added to a class, as a frame of its own: its version is one no
    stage frame has (those count up from 0), so a pose model tracks nothing from the picture
    before and a worker's frame taken ahead from the camera is never given as its answer."""
    return Frame(image, image.naturalWidth, image.naturalHeight, "image", -next(_photos), 0)


class ImageFeatures:
    """The classifier's 1280-number embedding of the frame's centre square."""

    mode, model, name = "images", "efficientnet-lite0", "images"
    label = "Images (EfficientNet-Lite0 features)"
    missing = None  # every picture has features
    where = "page"  # the page's thread (lab.teach.worker_features.WorkerImageFeatures: "worker")

    def __init__(self, classifier: Classifier):
        self.classifier = classifier
        base = classifier.model
        self.embedding = base.getLayer(EMBEDDING_LAYER).output
        self.embedder = tf.model(to_js({"inputs": base.inputs, "outputs": self.embedding}))
        self.dims = int(to_py(self.embedding.shape)[-1])

    @property
    def disposed(self) -> bool:
        """True once dispose() ran."""
        return self.classifier.disposed

    @classmethod
    async def load(cls, in_worker: bool = False, demo=None) -> "ImageFeatures":
        """On the page's thread, or `in_worker` (lab.teach.worker_features) when it can start;
        with the `demo`, its message about the worker comes and goes as it holds."""
        if demo is not None:
            from lab.teach.worker_features import load_image_features  # it falls back on this class
            return await load_image_features(demo, in_worker)
        return cls(await Classifier.load())

    def tensor(self, frame):
        """The embedding as a [1, dims] tensor (the caller disposes it)."""
        square = self.classifier.square(frame.image, frame.width, frame.height)
        with tidy():
            pixels = tf.browser.fromPixels(square)
            inputs = pixels.toFloat().div(127).sub(1).expandDims(0)
            return tf.keep(self.embedder.predict(inputs))

    async def of(self, frame) -> list[float] | None:
        """The embedding of `frame` (1,280 numbers) as a Python list."""
        embedding = self.tensor(frame)
        try:
            return [round(x, 5) for x in to_py(embedding.dataSync())]
        finally:
            embedding.dispose()

    def thumbnail(self, frame) -> str:
        """What the model saw (the centre square), as a small JPEG data URL."""
        return self.classifier.thumbnail(THUMB_SIZE)

    def dispose(self):
        """Free the model's weights."""
        self.classifier.dispose()


class PoseFeatures:
    """MoveNet's keypoints of the first person, centred and scaled (lab.pose.keypoints)."""

    mode, model, name = "poses", "movenet", "poses"
    label = "Poses (MoveNet keypoints)"
    dims = 34  # 17 keypoints, x and y
    missing = "person"  # "No person found"

    def __init__(self, pose_model):
        self.pose_model = pose_model  # lab.pose.models.PoseModel, or WorkerPoseModel in a worker
        self.poses = []  # the last frame's
        self._one_at_a_time = asyncio.Lock()  # the frame loop and added photos share the model

    @property
    def where(self) -> str:
        """Where the pose model runs: "page" or "worker"."""
        return self.pose_model.where

    @property
    def disposed(self) -> bool:
        """True once dispose() ran."""
        return self.pose_model.disposed

    @classmethod
    async def load(cls, in_worker: bool = False, demo=None) -> "PoseFeatures":
        """On the page's thread, or `in_worker` when it can start (else here, with a message)."""
        return cls(await load_pose_model("movenet", in_worker, demo))

    async def of(self, frame) -> list[float] | None:
        """`frame`: a lab.media.frames.Frame (the stage's, or photo_frame())."""
        async with self._one_at_a_time:
            self.poses = await self.pose_model.estimate(frame)
        if not self.poses or self.poses[0]["score"] < 0.2:
            return None  # nobody there: nothing to learn from or to judge
        return normalised(self.poses[0])

    def thumbnail(self, frame) -> None:
        """What the model saw, as a small JPEG data URL."""
        return None

    def dispose(self):
        """Free the pose model."""
        self.pose_model.dispose()


class MotionPoseFeatures(PoseFeatures):
    """A motion's frames: MoveNet's keypoints in the frame's pixels and their box
    (lab.teach.motion.frame_vector); a clip or window is normalised as a whole."""

    mode, name = "motion-pose", "motion-pose"
    label = "Motion (body: MoveNet keypoints over time)"

    async def of(self, frame) -> list[float] | None:
        async with self._one_at_a_time:
            self.poses = await self.pose_model.estimate(frame)
        if not self.poses or self.poses[0]["score"] < 0.2:
            return None
        return frame_vector(self.poses[0])


FEATURES = {"images": ImageFeatures, "poses": PoseFeatures, "hands": HandFeatures,
            "motion-pose": MotionPoseFeatures, "motion-hands": MotionHandFeatures}  # the modes
