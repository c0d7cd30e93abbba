"""A hand, face or person-mask model in a Web Worker (js/vision_worker.js): the same calls and
the same plain answers as its lab.vision.detector.Detector on the page's thread.

    from lab.face.model import FaceModel
    from lab.vision.worker_model import WorkerDetector, load_vision_model, vision_loader

    model = await WorkerDetector.load(FaceModel, "mesh")   # ModelLoadError as FaceModel's;
    faces = await model.estimate(frame)                    # WorkerFailed; where == "worker"
    model.dispose()                                        # the worker goes with it
    model = await load_vision_model(FaceModel, "mesh", in_worker=True, demo=demo)
    # the page's thread first, then the worker once it has loaded the model; the page's thread
    # only, with a message, if the worker cannot start (lab.core.workers.load_in_worker)
    models = ModelSlot(demo, vision_loader(FaceModel, demo, in_worker), ...)   # in_worker: a
                                                           # Toggle (its value then) or a bool

The worker loads the same task package and model files from vendor/ on its own TF.js
(on wasm) and gets each frame's RGBA bytes, read on the page as the page's model reads them,
so it finds what the page's model finds. A segmentation model's estimate(frame, threshold=...,
mask=True) gives the mask too, as lab.segment.model.SegmentModel does on the page: an ImageData
(the pixels body-segmentation's toBinaryMask gives: the person opaque white, the rest
transparent), its bytes moved from the worker, not copied.
"""

import js

from lab.core.workers import WorkerModel, load_in_worker, start_worker
from lab.segment.grid import drawn_cutoff
from lab.segment.model import check_threshold

SCRIPT = "js/vision_worker.js"


def _worker_name(kind) -> str:
    """What its errors call the worker: "the face worker", "the hand worker"..."""
    return kind.KIND.removesuffix(" model")


def rounded_summary(found: dict) -> dict:
    """The worker's person-mask summary as SegmentModel gives it on the page (lab.segment.model)."""
    return {"person_fraction": round(float(found["person_fraction"]), 4),
            "grid": [round(float(v), 4) for v in found["grid"]]}


class WorkerDetector(WorkerModel):
    """`kind`'s model `name` (FaceModel's "mesh", say), in a worker."""

    def __init__(self, kind, name: str, worker, settings: dict, on_fallback=None):
        super().__init__(worker, on_fallback)
        self.kind, self.name, self.choice = kind, name, kind.CHOICES[name]
        self.worker_name = _worker_name(kind)
        self.settings = settings

    @property
    def label(self) -> str:
        return self.choice.label

    @classmethod
    async def load(cls, kind, name: str, on_fallback=None, **settings) -> "WorkerDetector":
        """`kind.load(name, **settings)`'s model, loaded and run once in a new worker."""
        choice, options = await kind.prepare(name, **settings)  # the page's checks and words
        worker, _ = await start_worker(SCRIPT, _worker_name(kind),
                                       {"package": kind.SCRIPT, "options": options},
                                       lambda why: kind.load_failed(choice, why))
        return cls(kind, name, worker, settings, on_fallback)

    async def load_on_page(self):
        return await self.kind.load(self.name, **self.settings)

    async def estimate(self, frame, width: int | None = None, height: int | None = None,
                       **options):
        """What the model finds in `frame` (a lab.media.frames.Frame, or a <video>, <img> or
        <canvas> with its width and height), as the page's model says it; a segmentation model
        takes `threshold` and `mask` too."""
        fields, key = {}, getattr(frame, "version", None)
        if self.kind.SCRIPT == "body-segmentation":
            threshold = check_threshold(options.pop("threshold", 0.5))
            fields = {"threshold": threshold, "mask": bool(options.pop("mask", False))}
            key = f"{key}/{threshold}/{fields['mask']}"  # what the pump's frame ahead was asked
        if options:
            raise TypeError(f"{self.kind.__name__}.estimate takes no {sorted(options)}")
        image = getattr(frame, "image", frame)
        if image is not frame:
            width, height = frame.width, frame.height
        sent = dict(fields)
        if fields.get("mask"):  # the worker draws what toBinaryMask would (lab.segment.grid)
            sent["cutoff"] = drawn_cutoff(fields["threshold"])
        answer = await self.run(frame, key, sent, image, width, height)
        if answer is None:
            if self.disposed or self.fallback is None:
                return None if fields else []
            asked = {k: v for k, v in fields.items() if v is not False}  # mask only if asked
            return await self.fallback.estimate(frame, width, height, **asked)
        found = self.kind._read(answer.found)
        if not fields:
            return self.kind._plain(self, found, 1.0, 1.0)  # the frame's own pixels already
        found = rounded_summary(found)
        if fields["mask"]:
            mask = answer.mask
            found["mask"] = js.ImageData.new(mask.data, mask.width, mask.height)
        return found


async def load_vision_model(kind, name: str, in_worker: bool, demo, **settings):
    """`kind`'s model `name` in a worker when asked (else, or if the worker cannot start, on
    the page's thread, with a message saying so)."""
    return await load_in_worker(
        demo, in_worker,
        lambda told: WorkerDetector.load(kind, name, on_fallback=told, **settings),
        lambda: kind.load(name, **settings))


def vision_loader(kind, demo, in_worker, **settings):
    """What ModelSlot takes to load `kind`'s models: by name, where `in_worker` says then."""
    def load(name: str):
        where = getattr(in_worker, "value", in_worker)
        return load_vision_model(kind, name, bool(where), demo, **settings)
    return load
