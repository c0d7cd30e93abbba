"""A model in a Web Worker (js/worker_client.js), from Python: what the pose, classifier and
teach workers share. Each subclass says how to load its model and read its answers.

    class WorkerPoseModel(WorkerModel):
        worker_name = "pose"                        # its errors begin "the pose worker"

        @classmethod
        async def load(cls, name, on_fallback=None):
            worker, loaded = await start_worker("js/pose_worker.js", cls.worker_name,
                                                {"family": ..., "options": ...}, load_failed)
            return cls(worker, on_fallback)

        async def load_on_page(self):               # the same model on the page's thread
            return await PoseModel.load(self.name)

        async def estimate(self, frame):
            answer = await self.run(frame)          # None: see self.fallback, or disposed
            ...

    model = await load_in_worker(demo, in_worker.value,
                                 lambda told: WorkerPoseModel.load(name, told),
                                 lambda: PoseModel.load(name))
    model.where                                     # "page" first, "worker" once it took over

`load_in_worker` loads the model on the page's thread first, so the first frame comes as soon
as there, and the same model in a worker meanwhile, which takes over once it has loaded
(PageThenWorker). A worker that cannot start raises WorkerFailed, and the page's thread keeps
the model, with a message (key "worker"); one that stops mid-run is replaced by the same
model on the page's thread (`fallback`), told to `on_fallback`, and the demo goes on.
"""

import asyncio

import js

from lab.core.bridge import abandon, js_error_message, outlived, to_js
from lab.core.models import WorkerFailed


def gone(worker_name: str) -> str:
    """How js/worker_client.js's errors begin when the worker itself failed."""
    return f"the {worker_name} worker"


def stopped(answer) -> str | None:
    """Why, if `answer` says the worker was stopped on purpose while the call waited
    (js/worker_client.js answers such calls {stopped: why} rather than failing them)."""
    why = getattr(answer, "stopped", None)
    return str(why) if why else None


async def start_worker(script: str, worker_name: str, fields: dict, load_failed):
    """(the worker, its load answer) for `script` loaded with `fields`. WorkerFailed if the
    worker cannot start or stops; `load_failed(why)`, a ModelLoadError, is raised if the model
    itself does not load. A demo that stops meanwhile ends the worker."""
    try:
        worker = js.labModelWorker(script, worker_name)
    except Exception as error:  # no Worker, or the script refused
        raise WorkerFailed(f"{gone(worker_name)} could not start ({js_error_message(error)})") \
            from None
    try:
        loaded = await abandon(worker.load(to_js(fields)))
    except BaseException as error:  # a failed load, or the demo stopped meanwhile
        worker.terminate()
        if not isinstance(error, Exception):
            raise
        why = js_error_message(error)
        if why.startswith(gone(worker_name)):
            raise WorkerFailed(why) from None
        raise load_failed(why) from None
    if why := stopped(loaded):  # stopped while it loaded, by whoever else holds it
        raise WorkerFailed(why)
    return worker, loaded


class WorkerModel:
    """A model whose frames run in a worker; `where` says where it runs now."""

    worker_name = "model"

    def __init__(self, worker, on_fallback=None):
        self._worker = worker
        self._on_fallback = on_fallback  # told why, if the worker stops and the page takes over
        self.fallback = None  # the same model on the page's thread, once the worker has stopped
        self._falling_back = None  # loading it
        self.disposed = False

    @property
    def where(self) -> str:
        return "page" if self.fallback is not None else "worker"

    async def load_on_page(self):
        """The same model on the page's thread (a subclass says how)."""
        raise NotImplementedError

    async def use_backend(self, name: str):
        """Run the worker's model on TF.js backend `name` from its next frame (?backend=auto's
        trial): the worker's answer, {backend: the one in use}."""
        answer = await abandon(self._worker.backend(name))
        if why := stopped(answer):
            raise RuntimeError(why)
        return answer

    async def run(self, frame, key=None, fields: dict | None = None, image=None, width=None,
                  height=None):
        """The worker's answer for a lab.media.frames.Frame (or `image`, `width`, `height`), or
        None: disposed meanwhile, or the worker stopped and `fallback` now answers instead.
        A camera frame's answer starts the next one in the worker (one in flight); a frame
        captured ahead is timed from its capture."""
        if self.disposed:
            raise RuntimeError(f"{self.label} was disposed: load it again.")
        if self.fallback is not None:
            return None
        camera = getattr(frame, "source", None) == "camera"
        key = getattr(frame, "version", None) if key is None else key
        try:
            answer = await abandon(self._worker.run(
                frame.image if image is None else image, width or frame.width,
                height or frame.height, key, camera, to_js(fields) if fields else None))
        except Exception as error:
            if self.disposed:  # switched off or replaced meanwhile: this frame has no answer
                return None
            why = js_error_message(error)
            if not why.startswith(gone(self.worker_name)):
                raise RuntimeError(why) from None
            await self._fall_back(why)
            return None
        if why := stopped(answer):  # disposed meanwhile; else stopped elsewhere: the page takes over
            if not self.disposed:
                await self._fall_back(why)
            return None
        if hasattr(frame, "taken_ms_ago"):
            frame.taken_ms_ago(js.performance.now() - answer.captured)
        return answer

    async def _fall_back(self, why: str):
        """The worker crashed: the demo goes on with the same model on the page's thread. Every
        frame that saw the crash waits for the one load (two would leave a model unfreed)."""
        if self._falling_back is None:
            self._worker.terminate()
            self._falling_back = asyncio.ensure_future(self._load_fallback(why))
        await outlived(self._falling_back)  # a frame given up on leaves the load going
        self._falling_back.result()  # its failure, if it failed

    async def _load_fallback(self, why: str):
        fallback = await self.load_on_page()
        if self.disposed:  # switched off or replaced while it loaded
            fallback.dispose()
            return
        self.fallback = fallback
        if self._on_fallback is not None:
            self._on_fallback(why)

    def dispose(self):
        if not self.disposed:
            self.disposed = True
            self._worker.terminate()  # its model, its tensors and its thread, all at once
            if self.fallback is not None:
                self.fallback.dispose()


class PageThenWorker:
    """A model on the page's thread until the same model has loaded in a worker, then the
    worker's: it reads as the model it holds now (`model.estimate(frame)`, `model.name`).

    The worker loads TF.js, its backend and the model again, which would delay the
    first frame; loaded beside a page model that already runs, it costs the demo nothing.
    """

    def __init__(self, page_model, worker_load, fell_back, took_over):
        self.now = page_model  # the model that answers the next call
        self.disposed = False
        self._fell_back, self._took_over = fell_back, took_over
        self._moving = asyncio.ensure_future(self._move(worker_load))

    def __getattr__(self, name):  # what the model does: the one that answers now
        return getattr(self.__dict__["now"], name)

    @property
    def where(self) -> str:
        return self.now.where

    @property
    def moving(self) -> bool:
        """The worker is still loading the model, which will move there."""
        return not self._moving.done()

    async def _move(self, worker_load):
        try:
            model = await worker_load(self._fell_back)
        except Exception as error:  # WorkerFailed, or the model will not load there
            self._fell_back(str(error))
            return
        if self.disposed:  # dispose() cancels this; a model that comes anyway is freed
            model.dispose()
            return
        page_model, self.now = self.now, model
        page_model.dispose()  # a frame it still runs ends first, and keeps its answer
        self._took_over()

    def dispose(self):
        if not self.disposed:
            self.disposed = True
            self._moving.cancel()  # a worker still loading is stopped (start_worker)
            self.now.dispose()


async def load_in_worker(demo, in_worker: bool, worker_load, page_load):
    """`await page_load()`; when `in_worker`, as a PageThenWorker whose worker comes from
    `await worker_load(on_fallback)`. If the worker cannot start, the model stays on the
    page's thread, with a message saying so; the message goes when it no longer holds."""
    def fell_back(why: str):
        demo.message(f"The model runs on the page's thread: {why}. It gives the same answers "
                     "there, the page a little less free; reload the page to try the worker again.",
                     "warning", key="worker")

    page_model = await page_load()
    if not in_worker:
        demo.clear("worker")
        return page_model
    return PageThenWorker(page_model, worker_load, fell_back, lambda: demo.clear("worker"))
