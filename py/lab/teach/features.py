"""What a teach sample is made of: an image's embedding, or a pose's normalised keypoints.

    from lab.teach.features import ImageFeatures, PoseFeatures

    features = await ImageFeatures.load()     # EfficientNet-Lite0 without its last layer
    vector = await features.of(frame)         # 1280 numbers (None: nothing to learn from)
    features.thumbnail(frame)                 # a small JPEG data URL of what it saw
    features.dispose()

Both have `mode`, `model` (the name a dataset file records), `dims`, `label`,
`name` and `dispose()`, so the demo treats them alike (and lab.core.models.ModelSlot
can hold either).
"""

import asyncio

from lab.classify.model import Classifier
from lab.core.bridge import to_js, to_py
from lab.core.engine import tf, tidy
from lab.pose.keypoints import normalised
from lab.pose.models import PoseModel

THUMB_SIZE = 64
EMBEDDING_LAYER = "avg_pool"  # the classifier's last layer before its 1,000-class dense layer


class ImageFeatures:
    """The classifier's 1280-number embedding of the frame's centre square."""

    mode, model, name = "images", "efficientnet-lite0", "images"
    label = "Images (EfficientNet-Lite0 features)"

    def __init__(self, classifier: Classifier):
        self.classifier = classifier
        base = classifier.model
        self.embedding = base.getLayer(EMBEDDING_LAYER).output
        self.embedder = tf.model(to_js({"inputs": base.inputs, "outputs": self.embedding}))
        self.dims = int(to_py(self.embedding.shape)[-1])

    @classmethod
    async def load(cls, name: str = "images") -> "ImageFeatures":
        return cls(await Classifier.load())

    def tensor(self, frame):
        """The embedding as a [1, dims] tensor (the caller disposes it)."""
        square = self.classifier.square(frame.image, frame.width, frame.height)
        with tidy():
            pixels = tf.browser.fromPixels(square)
            inputs = pixels.toFloat().div(127).sub(1).expandDims(0)
            return tf.keep(self.embedder.predict(inputs))

    async def of(self, frame) -> list[float] | None:
        embedding = self.tensor(frame)
        try:
            return [round(x, 5) for x in to_py(embedding.dataSync())]
        finally:
            embedding.dispose()

    def thumbnail(self, frame) -> str:
        """What the model saw (the centre square), as a small JPEG data URL."""
        return self.classifier.thumbnail(THUMB_SIZE)

    def dispose(self):
        self.classifier.dispose()


class PoseFeatures:
    """MoveNet's keypoints of the first person, centred and scaled (lab.pose.keypoints)."""

    mode, model, name = "poses", "movenet", "poses"
    label = "Poses (MoveNet keypoints)"
    dims = 34  # 17 keypoints, x and y

    def __init__(self, pose_model: PoseModel):
        self.pose_model = pose_model
        self.poses = []  # the last frame's
        self._one_at_a_time = asyncio.Lock()  # the frame loop and added photos share the model

    @classmethod
    async def load(cls, name: str = "poses") -> "PoseFeatures":
        return cls(await PoseModel.load("movenet"))

    async def of(self, frame) -> list[float] | None:
        async with self._one_at_a_time:
            self.poses = await self.pose_model.estimate(frame)
        if not self.poses or self.poses[0]["score"] < 0.2:
            return None  # nobody there: nothing to learn from or to judge
        return normalised(self.poses[0])

    def thumbnail(self, frame) -> None:
        return None

    def dispose(self):
        self.pose_model.dispose()


FEATURES = {"images": ImageFeatures, "poses": PoseFeatures}  # the teach demo's modes
