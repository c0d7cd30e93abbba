"""What every model of the lab shares: one load error, one check that its files are there.

    from lab.core.models import ModelLoadError, first_missing

    missing = await first_missing(["vendor/models/a/model.json", "vendor/models/a/w.bin"])
    if missing:
        raise ModelLoadError(f"Could not load A: {missing} is missing. Run ./lab serve ...")

    models = ModelSlot(demo, PoseModel.load, label=lambda name: MODELS[name].label,
                       status="#pose-status", picker=picker)
    model = await models.use("movenet")   # loaded (the one before is disposed); or, if it
                                          # can't load, the one before, and the message says why

A model class loads with `await Model.load(...)` and raises ModelLoadError, whose
text names the file, what is wrong and what to do; the demo shows it as it is.
"""

import js
from pyodide.ffi import JsException

from lab.core.bridge import abandon, to_js
from lab.core.ui import element


class ModelLoadError(RuntimeError):
    """A model could not be loaded; the message says which file, why and what to do."""


class WorkerFailed(RuntimeError):
    """A model's Web Worker could not start, or stopped: the page's thread can run it instead."""


class InFlight:
    """A detector on the page's thread (`self._detector`, with dispose()) whose frame may still
    run when the model is disposed: its weights are freed once that frame ends.

        found = await self._in_flight(pixels, lambda: self._detector.estimatePoses(pixels))
    """

    disposed = False
    _pending = False  # a frame is in flight (JavaScript still reads the weights)

    async def _in_flight(self, pixels, call, unclaimed=None):
        """`call()`'s promise, awaited; `pixels` (the tensor it reads) disposed once it settles;
        `unclaimed(value)` frees what it gives if the caller stopped waiting (lab.core.bridge)."""
        def settled():  # JavaScript is done with the pixels and the weights
            pixels.dispose()
            self._pending = False
            if self.disposed:  # dispose() was called while this frame was running
                self._detector.dispose()

        try:
            running = call()
        except Exception:
            settled()
            raise
        self._pending = True
        return await abandon(running, unclaimed, settled=settled)

    def dispose(self):
        """Free the model's tensors; if a frame is still running, as soon as it ends."""
        if self.disposed:
            return
        self.disposed = True
        if not self._pending:
            self._detector.dispose()


async def fetch_file(url: str, method: str = "GET"):
    """The response for `url`, or None if there is none (no such file, or no server)."""
    try:
        response = await js.fetch(url, to_js({"method": method, "cache": "no-cache"}))
    except JsException:
        return None
    return response if response.ok else None


async def first_missing(urls) -> str | None:
    """The first of `urls` this page's server does not have, or None when all are there."""
    for url in urls:
        if await fetch_file(url, "HEAD") is None:
            return url
    return None


class ModelSlot:
    """One model at a time, by name, for a demo whose user can pick another one.

    A model has `name`, `label` and `dispose()`. A name that failed to load is not
    tried again until another is asked for; `picker` (a lab.core.controls.Choice)
    goes back to the model in use; `status` (a selector) says what is loaded.
    """

    def __init__(self, demo, load, label, status: str | None = None, picker=None):
        self.demo, self._load, self._label, self._picker = demo, load, label, picker
        self._status = element(status) if status else None
        self.model = None
        self._failed = None
        self.error = None  # why the last load failed, until one succeeds
        self.failure = None  # that ModelLoadError itself
        self._disposals = 0  # a load that ends after a dispose() is out of date
        demo.on_stop(self.dispose)

    async def use(self, name: str):
        """The model called `name`, loaded if need be; the one before if it can't load."""
        if (self.model is not None and self.model.name == name) or name == self._failed:
            return self.model
        self._say(f"Loading model… {self._label(name)}")
        asked = self._disposals
        try:
            model = await self._load(name)
        except ModelLoadError as error:
            self._failed, self.error, self.failure = name, str(error), error
            self.demo.message(str(error), "error", key="model")
            if self.model is None:
                self._say("No model loaded")
            else:
                if self._picker is not None:  # picked again later, it is tried again
                    self._picker.value = self.model.name
                    self._failed = None
                self._say(f"Model loaded: {self.model.label}")
            return self.model
        if self._disposals != asked:  # disposed while it loaded: a switch flipped, or the end
            model.dispose()
            return None if self.demo.stopped else await self.use(name)
        self.dispose()
        self.model, self._failed, self.error, self.failure = model, None, None, None
        self.demo.clear("model")  # a failure to load is over
        self._say(f"Model loaded: {model.label}")
        return model

    def _say(self, text: str):
        if self._status is not None:
            self._status.textContent = text

    def dispose(self):
        self._disposals += 1
        self._failed = None  # after a switch, a name that failed may load: it is tried again
        if self.model is not None:
            self.model.dispose()
            self.model = None
