"""The image classifier in a Web Worker (js/classify_worker.js): the same calls as
lab.classify.model.Classifier.

    from lab.classify.worker_model import load_classifier, WorkerClassifier

    classifier = await WorkerClassifier.load(url)    # ModelLoadError, as Classifier's; WorkerFailed
    top = await classifier.classify(frame, top_k=5)  # the page's thread only grabs the picture
    classifier.dispose()                             # the worker goes with it
    classifier = await load_classifier(url, in_worker=True, demo=demo)   # or the page's thread,
                                                     # with a message, if the worker cannot start

The worker runs its own TF.js (ml5's, on wasm), loaded from vendor/ like the page's, and
does what Classifier.square() and classify() do on the page. The files are checked here
first, by the page's own check, so a missing or damaged model is explained in the same words
whichever thread loads it; the labels are read where ml5 reads them.
"""

import js

from lab.classify.model import (
    IMAGE_SIZE,
    MODEL_URL,
    Classifier,
    check_input,
    checked_model,
    load_failed,
    model_label,
    picture,
)
from lab.core.bridge import abandon, js_error_message, to_js, to_py
from lab.core.models import ModelLoadError, WorkerFailed

WORKER_GONE = "the classify worker"  # how js/worker_client.js's errors begin when it failed


class WorkerClassifier:
    def __init__(self, name: str, worker, labels: list, size: int, on_fallback=None):
        self.name, self.labels, self.size = name, labels, size
        self._worker = worker
        self._on_fallback = on_fallback  # told why, if the worker stops and the page takes over
        self.fallback = None  # the same model on the page's thread, once the worker has stopped
        self.disposed = False

    @property
    def where(self) -> str:
        return "page" if self.fallback is not None else "worker"

    @property
    def label(self) -> str:
        return model_label(self.name)

    @classmethod
    async def load(cls, url: str = MODEL_URL, on_fallback=None) -> "WorkerClassifier":
        absolute, labels = await checked_model(url)  # before any worker: the same messages
        try:
            worker = js.labModelWorker("js/classify_worker.js", "classify")
        except Exception as error:  # no Worker, or the script refused
            raise WorkerFailed(f"{WORKER_GONE} could not start ({js_error_message(error)})") from None
        try:
            loaded = await abandon(worker.load(to_js({"url": absolute})))
        except BaseException as error:  # a failed load, or the demo stopped meanwhile
            worker.terminate()
            if not isinstance(error, Exception):
                raise
            why = js_error_message(error)
            if why.startswith(WORKER_GONE):
                raise WorkerFailed(why) from None
            raise load_failed(why, url) from None
        try:
            check_input(to_py(loaded.shape), url)
        except ModelLoadError:
            worker.terminate()
            raise
        return cls(url, worker, labels, int(loaded.size or IMAGE_SIZE), on_fallback)

    async def classify(self, frame, top_k: int = 5, width: int | None = None,
                       height: int | None = None) -> list[dict]:
        """Top-k classes for a stage's frame (lab.media.frames.Frame), or a <video>, <img> or
        <canvas>, best first: Classifier.classify's answer, computed in the worker."""
        if self.disposed:
            raise RuntimeError(f"{self.label} was disposed: load it again.")
        if self.fallback is not None:
            return await self.fallback.classify(frame, top_k, width, height)
        image, width, height = picture(frame, width, height)
        top_k = min(top_k, len(self.labels))
        camera = getattr(frame, "source", None) == "camera"
        # the pump's frame ahead is only taken by a call for the same picture and the same k
        key = f"{getattr(frame, 'version', None)}/{top_k}"
        try:  # a camera's answer starts the next frame in the worker (one in flight)
            answer = await abandon(self._worker.run(image, width, height, key, camera,
                                                    to_js({"topK": top_k})))
        except Exception as error:
            if self.disposed:  # switched off or replaced meanwhile: this frame has no answer
                return []
            why = js_error_message(error)
            if not why.startswith(WORKER_GONE):
                raise RuntimeError(why) from None
            # the worker crashed: the demo goes on with the same model on the page's thread
            self._worker.terminate()
            fallback = await Classifier.load(self.name)
            if self.disposed:  # switched off or replaced while it loaded
                fallback.dispose()
                return []
            self.fallback = fallback
            if self._on_fallback is not None:
                self._on_fallback(why)
            return await self.fallback.classify(frame, top_k, width, height)
        if hasattr(frame, "taken_ms_ago"):  # captured before this loop asked: timed from then
            frame.taken_ms_ago(js.performance.now() - answer.captured)
        return [{"label": self.labels[int(i)], "index": int(i), "confidence": float(c)}
                for c, i in zip(to_py(answer.values), to_py(answer.indices))]

    def dispose(self):
        if not self.disposed:
            self.disposed = True
            self._worker.terminate()  # its model, its tensors and its thread, all at once
            if self.fallback is not None:
                self.fallback.dispose()


async def load_classifier(url: str, in_worker: bool, demo):
    """The classifier at `url` in a worker when asked (else, or if the worker cannot start, on
    the page's thread, with a message saying so)."""
    def fell_back(why: str):
        demo.message(f"The model runs on the page's thread: {why}.", "warning", key="worker")

    if in_worker:
        try:
            return await WorkerClassifier.load(url, on_fallback=fell_back)
        except WorkerFailed as error:
            fell_back(str(error))
    return await Classifier.load(url)
