"""Where a camera demo's model runs and how fast: its "In a worker" switch, and the lines beside
its stage that say where the model runs, the frames per second and the time a frame takes.

    from lab.media.readout import Readout, worker_switch

    in_worker = worker_switch(demo, "#hands-worker", on_change=lambda on: models.dispose())
    readout = Readout(stage, "#hands")   # #hands-fps, #hands-ms, and #hands-where if the page has it
    async for frame in stage.frames():
        ...
        frame.done()
        if readout.show(model, frame):   # True when the numbers were written (see show)
            element("#hands-other").textContent = ...   # a number of the demo's own, as often

The switch starts on unless the address says `?worker=0` (tests, or a browser whose workers fail).
"""

WHERE = {"worker": "in a worker", "page": "on the page's thread"}


def worker_switch(demo, selector: str, on_change=None):
    """The checkbox `selector` ("In a worker"), a lab.core.controls.Toggle: on unless the page's
    address has ?worker=0."""
    from lab.core.controls import Toggle  # the browser's: Readout is tested without one
    from lab.core.urls import address_param

    return Toggle(demo, selector, start=address_param("worker") != "0", on_change=on_change)


class Readout:
    """The lines beside `stage` named `prefix` + "-where", "-fps" and "-ms"."""

    def __init__(self, stage, prefix: str, page=None):
        if page is None:
            import js

            page = js.document
        self.stage = stage
        self._fps = _found(page, f"{prefix}-fps")
        self._ms = _found(page, f"{prefix}-ms")
        self._where = page.querySelector(f"{prefix}-where") or None   # JS null: not None
        self._shown_where = None

    def show(self, model, frame) -> bool:
        """Say where `model` runs once that changes (the worker takes over after the page's
        thread started); the fps and ms of `frame` at most twice a second (readable, and no new
        layout at every frame), and for each photo. True when those numbers were written."""
        if self._where is not None and model.where != self._shown_where:
            self._shown_where = model.where
            self._where.textContent = WHERE.get(model.where, model.where)
        meter = self.stage.meter
        if not (meter.due() or frame.source == "image"):
            return False
        self._fps.textContent = f"{meter.fps:.1f}"
        self._ms.textContent = f"{frame.ms:.0f} ms"
        return True


def _found(page, selector: str):
    found = page.querySelector(selector)
    if not found:
        raise LookupError(f"The page has no element {selector!r}.")
    return found
