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

from lab.classify.model import BACKGROUND, MODEL_URL, checked_model, load_failed
from lab.core.bridge import abandon, js_error_message, to_js, to_py
from lab.core.models import WorkerFailed
from lab.teach.features import EMBEDDING_LAYER, THUMB_SIZE, ImageFeatures

WORKER_NAME = "features"
WORKER_GONE = f"the {WORKER_NAME} worker"  # how js/worker_client.js's errors begin when it failed


def thumbnail(image, width: int, height: int, size: int = THUMB_SIZE) -> str:
    """The picture's centre square on white, as a `size`-pixel JPEG data URL."""
    canvas = js.document.createElement("canvas")
    canvas.width = canvas.height = size
    context = canvas.getContext("2d")
    context.imageSmoothingQuality = "high"
    context.fillStyle = BACKGROUND
    context.fillRect(0, 0, size, size)
    side = min(width, height)
    context.drawImage(image, (width - side) / 2, (height - side) / 2, side, side, 0, 0, size, size)
    return canvas.toDataURL("image/jpeg", 0.8)


class WorkerImageFeatures:
    mode, model, name, label = (ImageFeatures.mode, ImageFeatures.model, ImageFeatures.name,
                                ImageFeatures.label)

    def __init__(self, worker, dims: int, on_fallback=None):
        self.dims = dims
        self._worker = worker
        self._on_fallback = on_fallback  # told why, if the worker stops and the page takes over
        self.fallback = None  # the same features on the page's thread, once the worker has stopped
        self.disposed = False

    @property
    def where(self) -> str:
        return "page" if self.fallback is not None else "worker"

    @classmethod
    async def load(cls, on_fallback=None) -> "WorkerImageFeatures":
        absolute, _ = await checked_model(MODEL_URL)  # before any worker: the page's messages
        try:
            worker = js.labModelWorker("js/classify_worker.js", WORKER_NAME)
        except Exception as error:  # no Worker, or the script refused
            raise WorkerFailed(f"{WORKER_GONE} could not start ({js_error_message(error)})") from None
        try:
            loaded = await abandon(worker.load(to_js({"url": absolute,
                                                      "embedding": EMBEDDING_LAYER})))
        except BaseException as error:  # a failed load, or the demo stopped meanwhile
            worker.terminate()
            if not isinstance(error, Exception):
                raise
            why = js_error_message(error)
            if why.startswith(WORKER_GONE):
                raise WorkerFailed(why) from None
            raise load_failed(why, MODEL_URL) from None
        return cls(worker, int(loaded.dims), on_fallback)

    async def of(self, frame) -> list[float] | None:
        """The embedding of a lab.media.frames.Frame (the stage's, or features.photo_frame())."""
        if self.disposed:
            raise RuntimeError(f"{self.label} was disposed: load it again.")
        if self.fallback is not None:
            return await self.fallback.of(frame)
        camera = frame.source == "camera"
        try:  # a camera's answer starts the next frame in the worker (one in flight)
            answer = await abandon(self._worker.run(frame.image, frame.width, frame.height,
                                                    frame.version, camera))
        except Exception as error:
            if self.disposed:  # switched off or replaced meanwhile: this frame has no answer
                return None
            why = js_error_message(error)
            if not why.startswith(WORKER_GONE):
                raise RuntimeError(why) from None
            # the worker crashed: the demo goes on with the same features on the page's thread
            self._worker.terminate()
            fallback = await ImageFeatures.load()
            if self.disposed:  # switched off or replaced while it loaded
                fallback.dispose()
                return None
            self.fallback = fallback
            if self._on_fallback is not None:
                self._on_fallback(why)
            return await self.fallback.of(frame)
        frame.taken_ms_ago(js.performance.now() - answer.captured)
        return [round(x, 5) for x in to_py(answer.embedding)]

    def thumbnail(self, frame) -> str:
        """The frame's centre square, drawn on the page (the worker's copy is gone)."""
        if self.fallback is not None:
            return self.fallback.thumbnail(frame)
        return thumbnail(frame.image, frame.width, frame.height)

    def dispose(self):
        if not self.disposed:
            self.disposed = True
            self._worker.terminate()  # its model, its tensors and its thread, all at once
            if self.fallback is not None:
                self.fallback.dispose()


async def load_image_features(demo):
    """The image features in a worker (or, if it cannot start, on the page's thread, with a
    message saying so)."""
    def fell_back(why: str):
        demo.message(f"The model runs on the page's thread: {why}.", "warning", key="worker")

    try:
        return await WorkerImageFeatures.load(on_fallback=fell_back)
    except WorkerFailed as error:
        fell_back(str(error))
    return await ImageFeatures.load()
