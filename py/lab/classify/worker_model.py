"""The image classifier in a Web Worker (js/classify_worker.js): the same calls as
lab.classify.model.Classifier.

    from lab.classify.worker_model import load_classifier, WorkerClassifier

    classifier = await WorkerClassifier.load(url)    # ModelLoadError, as Classifier's; WorkerFailed
    top = await classifier.classify(frame, top_k=5)  # the page's thread only grabs the picture
    classifier.dispose()                             # the worker goes with it
    classifier = await load_classifier(url, in_worker=True, demo=demo)   # or the page's thread,
                                                     # with a message, if the worker cannot start

The worker runs its own TF.js (on wasm), loaded from vendor/ like the page's, and
does what Classifier.square() and classify() do on the page. The files are checked here
first, by the page's own check, so a missing or damaged model is explained in the same words
whichever thread loads it; the labels are read where ml5 reads them.
"""


from lab.classify.model import (
    IMAGE_SIZE,
    MODEL_URL,
    Classifier,
    check_input,
    checked_model,
    load_failed,
    model_label,
    picture,
    top_classes,
)
from lab.core.bridge import to_py
from lab.core.models import ModelLoadError
from lab.core.workers import WorkerModel, load_in_worker, start_worker


class WorkerClassifier(WorkerModel):
    worker_name = "classify"

    def __init__(self, name: str, worker, labels: list, size: int, on_fallback=None):
        super().__init__(worker, on_fallback)
        self.name, self.labels, self.size = name, labels, size

    @property
    def label(self) -> str:
        return model_label(self.name)

    @classmethod
    async def load(cls, url: str = MODEL_URL, on_fallback=None) -> "WorkerClassifier":
        absolute, labels = await checked_model(url)  # before any worker: the same messages
        worker, loaded = await start_worker("js/classify_worker.js", cls.worker_name,
                                            {"url": absolute}, lambda why: load_failed(why, url))
        try:
            check_input(to_py(loaded.shape), url)
        except ModelLoadError:
            worker.terminate()
            raise
        return cls(url, worker, labels, int(loaded.size or IMAGE_SIZE), on_fallback)

    async def load_on_page(self) -> Classifier:
        return await Classifier.load(self.name)

    async def classify(self, frame, top_k: int = 5, width: int | None = None,
                       height: int | None = None) -> list[dict]:
        """Top-k classes for a stage's frame (lab.media.frames.Frame), or a <video>, <img> or
        <canvas>, best first: Classifier.classify's answer, computed in the worker."""
        image, width, height = picture(frame, width, height)
        top_k = min(top_k, len(self.labels))
        # the pump's frame ahead is only taken by a call for the same picture and the same k
        key = f"{getattr(frame, 'version', None)}/{top_k}"
        answer = await self.run(frame, key, {"topK": top_k}, image, width, height)
        if answer is None:
            return [] if self.disposed or self.fallback is None else \
                await self.fallback.classify(frame, top_k, width, height)
        return top_classes(self.labels, to_py(answer.values), to_py(answer.indices))


async def load_classifier(url: str, in_worker: bool, demo):
    """The classifier at `url` in a worker when asked (else, or if the worker cannot start, on
    the page's thread, with a message saying so)."""
    return await load_in_worker(demo, in_worker,
                                lambda told: WorkerClassifier.load(url, on_fallback=told),
                                lambda: Classifier.load(url))
