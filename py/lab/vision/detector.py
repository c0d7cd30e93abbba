"""A TF.js task package's model on the page's one TF.js: what hands, faces and person masks share.

    from lab.hands.model import HandModel          # a Detector; so are FaceModel, SegmentModel

    model = await HandModel.load("lite")           # from vendor/models/, run once on a blank frame
    hands = await model.estimate(frame)            # a stage frame (or: image, width=..., height=...)
    model.dispose()                                # its weights freed (after a frame in flight)

A subclass names its package (SCRIPT: the lazy script index.html lists; GLOBAL: what it defines),
its CHOICES (name -> Choice: the files it needs under vendor/models/ and the package's options,
model URLs relative to the page), and how to create, run and read it (_create, _run, _plain).
A TRACKS model follows the camera from frame to frame (its _run reads self._tracking); a photo
is looked at afresh.
Every model URL must be on this page's server (else ModelLoadError, before any request), and
every file is looked for before any is loaded, so that a missing one is named and nothing is
half-loaded. One call at a time per model: the caller awaits `estimate` before the next.
"""

import json
from dataclasses import dataclass

import js
from pyodide.ffi import JsProxy

from lab.core.bridge import abandon, js_error_message, to_js
from lab.core.engine import tf
from lab.core.models import InFlight, ModelLoadError, first_missing
from lab.core.urls import OffSite, local_url

URL_OPTIONS = ("modelUrl", "detectorModelUrl", "landmarkModelUrl")
SETUP = "run ./lab serve, which builds vendor/ from the npm packages, then reload."


def tracks(image) -> bool:
    """Whether frames of `image` follow one another (a <video>: the camera), as js/pixels.js
    and js/worker_client.js tell a camera frame from a photo."""
    return str(getattr(image, "tagName", "")).upper() == "VIDEO"


@dataclass(frozen=True)
class Choice:
    label: str       # what a picker shows
    files: tuple     # under vendor/models/, to say what is missing
    config: dict     # the package's options, model URLs relative to the page


class Detector(InFlight):
    """A model of the page's TF.js behind one of the tfjs-models packages (hands, face, person
    mask): load() by name, estimate(frame), dispose()."""
    KIND = "model"            # "hand model", in messages
    SCRIPT = ""               # the package's lazy script (index.html's data-lazy name)
    HELPER = ""               # a lazy script of the lab's own that _read uses, if any
    GLOBAL = ""               # the global the package defines
    CHOICES: dict = {}
    TRACKS = False            # follows what it found from one camera frame to the next
    where = "page"            # the page's thread
    _tracking = False         # the last call was on a camera frame (a <video>)

    def __init__(self, name: str, detector):
        self.name = name
        self.choice = self.CHOICES[name]
        self._detector = detector

    @property
    def label(self) -> str:
        """The model's name, as the page shows it."""
        return self.choice.label

    @classmethod
    def check(cls, name: str) -> Choice:
        """The choice called `name`, or ValueError naming the ones there are."""
        if name not in cls.CHOICES:
            raise ValueError(f'Unknown {cls.KIND} "{name}": choose one of {", ".join(cls.CHOICES)}.')
        return cls.CHOICES[name]

    @classmethod
    def options(cls, choice: Choice, **settings) -> dict:
        """The package's options, with absolute URLs on this page's server (else ModelLoadError);
        a subclass checks its own `settings` here (ValueError) and adds them."""
        if settings:
            raise TypeError(f"{cls.__name__} takes no settings {sorted(settings)}")
        options = dict(choice.config)
        for key in URL_OPTIONS:
            if key in options:
                try:
                    options[key] = local_url(options[key], f"{choice.label}'s {key}",
                                             "Put the model's .json and .bin files under this "
                                             "project and give their path from the page.")
                except OffSite as error:
                    raise ModelLoadError(f"Could not load {choice.label}: {error}") from None
        return options

    @classmethod
    async def prepare(cls, name: str, **settings) -> tuple[Choice, dict]:
        """(the choice, the package's options) for model `name`, once its files are all there:
        ValueError, or ModelLoadError naming the first file missing, before any is loaded."""
        choice = cls.check(name)
        options = cls.options(choice, **settings)
        missing = await first_missing(f"vendor/models/{path}" for path in choice.files)
        if missing:
            raise ModelLoadError(f"Could not load {choice.label}: {missing} is missing. {SETUP}")
        return choice, options

    @classmethod
    def load_failed(cls, choice: Choice, why: str) -> ModelLoadError:
        """The error that says `choice` could not load, why, and the files it needs."""
        files = ", ".join(f"vendor/models/{f}" for f in choice.files)
        return ModelLoadError(f"Could not load {choice.label} ({why}). It needs {files}: {SETUP}")

    @classmethod
    async def load(cls, name: str, warm_up: bool = True, **settings):
        """Load model `name` from vendor/models/ and run it once, so the first real frame is fast."""
        choice, options = await cls.prepare(name, **settings)
        try:
            await js.labLoadScripts(f"{cls.SCRIPT} {cls.HELPER}")
        except Exception as error:
            raise ModelLoadError(f"Could not load {choice.label}: {js_error_message(error)}") from None
        library = getattr(js, cls.GLOBAL, None)
        if library is None:
            raise ModelLoadError(f"Could not load {choice.label}: the page has no {cls.SCRIPT} "
                                 f"script. {SETUP}")
        try:  # if the demo stops meanwhile, the model is freed once it has loaded
            detector = await abandon(cls._create(library, to_js(options)),
                                     lambda detector: detector.dispose())
        except Exception as error:
            raise cls.load_failed(choice, js_error_message(error)) from None
        model = cls(name, detector)
        model.settings = settings
        if warm_up:
            try:  # the first run compiles kernels and allocates buffers: before the first frame
                await model._estimate(tf.zeros(to_js([256, 256, 3]), "int32"))
            except BaseException:
                model.dispose()
                raise
        return model

    @classmethod
    def _create(cls, library, options):
        """The package's promise of a detector."""
        raise NotImplementedError

    def _run(self, pixels):
        """The detector on `pixels` (an int32 [height, width, 3] tensor): a promise or coroutine
        of plain JSON-able JS values (or of what _plain takes)."""
        raise NotImplementedError

    @classmethod
    def _read(cls, found):
        """What _run found (a JS value, on the page or from the worker), as _plain takes it:
        plain Python, by JSON."""
        return json.loads(js.JSON.stringify(found)) if isinstance(found, JsProxy) else found

    def _plain(self, found, scale_x: float, scale_y: float):
        """What _read gave, as the contract's plain Python, in the frame's pixels."""
        raise NotImplementedError

    async def estimate(self, frame, width: int | None = None, height: int | None = None):
        """What the model finds in `frame`, in its own pixels: a lab.media.frames.Frame, or a
        <video>, <img> or <canvas> with its width and height."""
        if self.disposed:
            raise RuntimeError(f"{self.label} was disposed: load it again.")
        image = getattr(frame, "image", frame)
        if image is not frame:
            width, height = frame.width, frame.height
        if self.TRACKS:
            self._track(tracks(image))
        # js/pixels.js: the frame as the tensor fromPixels would give, cheaper on wasm
        pixels = js.labPixels(image, width, height)
        pixel_height, pixel_width = pixels.shape[0], pixels.shape[1]
        found = await self._estimate(pixels)
        return self._plain(found, width / pixel_width if pixel_width else 1.0,
                           height / pixel_height if pixel_height else 1.0)

    def _track(self, tracking: bool):
        """A camera frame follows the one before, as ml5 does (the package's detector runs
        again only once the track is lost); a photo stands alone, from nothing the model saw
        before (the package reuses its last regions even in static image mode)."""
        if not (tracking and self._tracking):
            self._detector.reset()
        self._tracking = tracking

    async def _estimate(self, pixels):
        """Run the detector on `pixels` (a tensor it then disposes)."""
        return self._read(await self._in_flight(pixels, lambda: self._run(pixels)))
