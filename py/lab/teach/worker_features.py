"""The teach demo's image features in a Web Worker (js/classify_worker.js loaded with
`embedding`): the same calls as lab.teach.features.ImageFeatures.

    from lab.teach.worker_features import WorkerImageFeatures, load_image_features

    features = await WorkerImageFeatures.load()   # ModelLoadError, as the page's; WorkerFailed
    vector = await features.of(frame)             # the page's thread only grabs the picture
    features.thumbnail(frame)                     # drawn here, on the page: only for a sample
    features.dispose()                            # the worker goes with it
    features = await load_image_features(demo)    # or on the page's thread, with a message,
                                                  # if the worker cannot start

The worker cuts the same centre square on white and scales it the same way as
lab.classify.model.Classifier on the page, and answers with the classifier's
avg_pool layer: the same pixels give the page's vector, so a dataset made on
either side teaches the other. A picture bigger than 224 comes out a little
apart: the browser shrinks the worker's ImageBitmap with another filter than
the page's <video> or <img>.
"""

import js

from lab.classify.model import MODEL_URL, checked_model, draw_centre_square, load_failed
from lab.core.bridge import to_py
from lab.core.workers import WorkerModel, load_in_worker, start_worker
from lab.teach.features import EMBEDDING_LAYER, THUMB_SIZE, ImageFeatures


def thumbnail(image, width: int, height: int, size: int = THUMB_SIZE) -> str:
    """The picture's centre square on white, as a `size`-pixel JPEG data URL."""
    canvas = js.document.createElement("canvas")
    canvas.width = canvas.height = size
    context = canvas.getContext("2d")
    context.imageSmoothingQuality = "high"
    draw_centre_square(context, image, width, height, size)
    return canvas.toDataURL("image/jpeg", 0.8)


class WorkerImageFeatures(WorkerModel):
    mode, model, name, label = (ImageFeatures.mode, ImageFeatures.model, ImageFeatures.name,
                                ImageFeatures.label)
    worker_name = "features"

    def __init__(self, worker, dims: int, on_fallback=None):
        super().__init__(worker, on_fallback)
        self.dims = dims

    @classmethod
    async def load(cls, on_fallback=None) -> "WorkerImageFeatures":
        absolute, _ = await checked_model(MODEL_URL)  # before any worker: the page's messages
        worker, loaded = await start_worker(
            "js/classify_worker.js", cls.worker_name, {"url": absolute, "embedding": EMBEDDING_LAYER},
            lambda why: load_failed(why, MODEL_URL))
        return cls(worker, int(loaded.dims), on_fallback)

    async def load_on_page(self) -> ImageFeatures:
        return await ImageFeatures.load()

    async def of(self, frame) -> list[float] | None:
        """The embedding of a lab.media.frames.Frame (the stage's, or features.photo_frame())."""
        answer = await self.run(frame)
        if answer is None:
            return None if self.disposed or self.fallback is None else \
                await self.fallback.of(frame)
        return [round(x, 5) for x in to_py(answer.embedding)]

    def thumbnail(self, frame) -> str:
        """The frame's centre square, drawn on the page (the worker's copy is gone)."""
        if self.fallback is not None:
            return self.fallback.thumbnail(frame)
        return thumbnail(frame.image, frame.width, frame.height)


async def load_image_features(demo, in_worker: bool = True):
    """The image features in a worker when asked (else, or if it cannot start, on the page's
    thread, with a message saying so)."""
    return await load_in_worker(demo, in_worker, WorkerImageFeatures.load, ImageFeatures.load)
