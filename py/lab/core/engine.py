"""The page's one TensorFlow.js engine, and the backend it runs on.

`tf` is the page's TensorFlow.js (vendor/tfjs/), the global `tf` that the wasm
backend and the task packages use too, so they and Python share one engine, one
backend and one count of tensors. ml5, loaded when a sketch uses it, bundles the
same version, whose copy finds that engine and joins it.

    from lab.core.engine import tf, tidy, start_backend, backend

    name, warning = await start_backend("auto")      # None or "auto": measured (backend_pick)
    backend()                                         # "wasm": read once, not from TF.js each frame
    await switch("webgl")                             # False (and the old one kept) if it fails
    with tidy():                                      # tensors made inside are disposed
        total = tf.tensor(to_js([1, 2])).sum().arraySync()
"""

from contextlib import contextmanager

import js

from lab.inputs.forms import address_text

tf = js.tf

# wasm first: without a GPU it is by far the fastest here (see README).
BACKENDS = ("wasm", "webgl", "cpu")
ASKABLE = ("auto", "wasm", "webgl", "webgpu", "cpu")  # what ?backend= may say
DEFAULT_BACKEND = "wasm"


@contextmanager
def tidy():
    """`tf.tidy` for a Python block: tensors made inside are disposed at the end.

    Only for synchronous code: a scope held open across an `await` would also
    catch the tensors of whatever else runs meanwhile.
    """
    engine = tf.engine()
    engine.startScope()
    try:
        yield
    finally:
        engine.endScope()


_started = None  # the backend start_backend started


def backend() -> str:
    """The backend in use (without asking TF.js again, once the app has started one)."""
    return _started or str(tf.getBackend())


def num_tensors() -> int:
    """How many tensors TensorFlow.js holds now (a leak shows as a count that keeps growing)."""
    return tf.memory().numTensors


async def _try_backend(name: str) -> bool:
    # js/backend.js gave the wasm binaries' place, and started wasm unless ?backend= said otherwise
    try:
        if name == "webgpu":  # its script loads only when asked for (js/backend.js)
            await js.labLoadScripts("tfjs-backend-webgpu")
        started = await tf.setBackend(name)
        await tf.ready()
    except Exception:  # a backend that throws while starting counts as not available
        return False
    return bool(started) and tf.getBackend() == name


async def switch(name: str) -> bool:
    """Run on `name` from now on; False, with the backend before kept, if it cannot start
    (TF.js leaves no backend in use after a failed start: the one before is set again)."""
    global _started
    if _started == name:
        return True
    before = _started or str(tf.getBackend())
    if await _try_backend(name):
        _started = name
        return True
    await _try_backend(before)
    return False


async def start_backend(requested: str | None, forced_trial: bool = False):
    """Start `requested` (None or "auto": wasm, then lab.core.backend_pick measures where a
    GPU may beat it); return (backend in use, warning or None)."""
    from lab.core import backend_pick  # it drives this module

    warning = None
    requested = requested if isinstance(requested, str) and requested else None  # JS null too
    if requested and requested not in ASKABLE:
        warning = (f'Unknown backend "{address_text(requested)}": use one of {", ".join(ASKABLE)} '
                   f"in ?backend=. Choosing automatically ({DEFAULT_BACKEND} without a GPU).")
        requested = None
    if requested == "auto":
        requested = None
    name, fell_back = await _start(requested or DEFAULT_BACKEND)
    await backend_pick.start(name, requested, forced_trial)
    return name, fell_back or warning


async def _start(wanted: str):
    global _started
    if await _try_backend(wanted):
        _started = wanted
        return wanted, None
    for fallback in BACKENDS:
        if fallback != wanted and await _try_backend(fallback):
            _started = fallback
            slower = " (slower)" if fallback == "cpu" else ""  # wasm beats webgl without a GPU
            return fallback, (f'The {wanted} backend could not start in this browser; '
                              f"using {fallback} instead{slower}.")
    raise RuntimeError("No TensorFlow.js backend could start (tried wasm, webgl, cpu).")


def missing_kernels(name: str, kernels) -> list[str]:
    """Which of `kernels` backend `name` has none of (TF.js's registry: no need to start it)."""
    return [kernel for kernel in kernels if not tf.getKernel(kernel, name)]


def for_training() -> str | None:
    """Before a fit: a backend that lacks a kernel training needs gives way to wasm (already
    started, so the switch is at once); why, or None when the backend in use trains."""
    from lab.core.backend_choice import TRAINING_KERNELS
    from lab.core.backend_choice import for_training as decide

    global _started
    current = backend()
    name, why = decide(current, missing_kernels(current, TRAINING_KERNELS))
    if why is not None:
        tf.setBackend(name)  # wasm is registered and started: TF.js switches before it awaits
        _started = name
    return why
