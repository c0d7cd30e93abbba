"""The Python <-> JavaScript bridge idioms, in one place.

    from lab.core.bridge import to_js, to_py, Proxies, js_error_message, after_paint, next_frame

    tf.tensor(to_js([[1, 2], [3, 4]]))        # lists become JS arrays
    model.compile(to_js({"loss": "meanSquaredError", "optimizer": "sgd"}))
    values = to_py(tensor.arraySync())        # JS arrays become lists

    proxies = Proxies()
    button.addEventListener("click", proxies.add(on_click))
    proxies.destroy()                          # when the handler is done

    while True:                                # a loop that runs a model on every frame
        await next_frame()                     # the page paints, and answers, in between
        ...

    # a JS call goes on when the Python waiting for it is cancelled: say what to free then
    detector = await abandon(createDetector(...), lambda detector: detector.dispose())
    poses = await abandon(estimatePoses(pixels), settled=pixels.dispose)

A Python function handed to JavaScript lives only for that one call unless it
is wrapped in a proxy, and a proxy lives until it is destroyed: `Proxies`
keeps them together so that a demo can destroy all of its own at once.
"""

import asyncio

import js
from pyodide.ffi import JsException, JsProxy, create_once_callable
from pyodide.ffi import create_proxy as _create_proxy
from pyodide.ffi import to_js as _to_js

from lab.core import guard
from lab.core.wait import Wait


def to_js(value):
    """Python value -> JavaScript value; dicts become plain JS objects, as JS APIs expect."""
    return _to_js(value, dict_converter=js.Object.fromEntries)


def to_py(value):
    """JavaScript value -> Python value (lists, dicts, numbers); Python values pass through."""
    return value.to_py() if isinstance(value, JsProxy) else value


def js_error_message(error) -> str:
    """The message of a JavaScript error caught in Python, without the JS class prefix."""
    if isinstance(error, JsException):
        message = getattr(error.js_error, "message", None) if hasattr(error, "js_error") else None
        return str(message) if message else str(error)
    return str(error)


def create_proxy(function, **options):
    """A proxy JavaScript may call any number of times; each call from the browser is a slice
    for `lab.core.guard` (how long the page's thread may be held)."""
    return _create_proxy(guard.entered(function), **options)


class Proxies:
    """Proxies for Python callables that JavaScript keeps, destroyed together."""

    def __init__(self):
        self._proxies = []

    def add(self, function):
        proxy = create_proxy(function)
        self._proxies.append(proxy)
        return proxy

    def destroy(self):
        while self._proxies:
            self._proxies.pop().destroy()

    def __len__(self):
        return len(self._proxies)


async def abandon(promise, unclaimed=None, settled=None):
    """Await JS `promise`; JavaScript goes on if the caller is cancelled (a JS call cannot be).

    `settled()` runs once the promise settles, however it ends and whoever still waits (free
    what the call reads); `unclaimed(value)` gets its value when it fulfils after the caller
    stopped waiting (free what nobody will use).
    """
    future = asyncio.ensure_future(promise)
    try:
        value = await Wait(future)
    except BaseException as error:
        if future.done() and not future.cancelled() and future.exception() is error:
            if settled is not None:  # the call failed: that is the answer
                settled()
            raise
        # cancelled, or the watchdog's interrupt: the call's end is still read
        future.add_done_callback(lambda done: _settled_late(done, unclaimed, settled))
        raise
    if settled is not None:
        settled()
    return value


async def outlived(future):
    """Wait until `future` is done; if the caller is cancelled, `future` goes on. Unlike
    asyncio.shield, a failure after that is not logged: whoever still holds it is told."""
    await asyncio.wait([future])


def _settled_late(future, unclaimed, settled):
    failed = future.cancelled() or future.exception() is not None  # retrieved: not logged
    if settled is not None:
        settled()
    if not failed and unclaimed is not None:
        unclaimed(future.result())


def after(promise, callback):
    """Call `callback()` once `promise` settles, fulfilled or rejected, without awaiting it.

    For cleanup that must wait for JavaScript to finish with something (a
    running `model.fit`, say) even when the Python side was cancelled.
    """
    def settle(*_):
        proxy.destroy()
        callback()

    proxy = create_proxy(settle)
    promise.then(proxy, proxy)


async def after_paint():
    """Wait until the browser has painted a frame, and has run what was waiting meanwhile.

    On the wasm backend a model's frame is one long task on the page's only
    thread. A loop resumed straight from `requestAnimationFrame` (as by
    `await tf.nextFrame()`) was seen to hold that thread for seconds, timers and
    automation calls waiting meanwhile (BENCHMARKS.md). A timeout queued from
    `requestAnimationFrame` runs after that frame's paint, behind what was queued before it.
    """
    await painted()


class _PaintWatch:
    """Whether the browser ran its animation frames (and painted) since `watch()`."""

    def __init__(self):
        self.painted = False
        self._proxy = None

    def watch(self):
        if self._proxy is None:
            self._proxy = _create_proxy(self._saw)  # one for the page's life
        self.painted = False
        js.requestAnimationFrame(self._proxy)

    def _saw(self, *_):
        self.painted = True


_paints = _PaintWatch()


async def next_frame():
    """after_paint() for a loop of model frames. A long model call lets the browser paint while
    it runs (Python resumes from it in a task of its own); waiting for another paint after the
    frame would then leave the thread idle until the display's next frame. So once a paint came
    during the frame, the loop waits only for a timeout: what was queued meanwhile still runs
    first, as after_paint() lets it."""
    if _paints.painted:
        await js.Promise.new(lambda resolve, _: js.setTimeout(resolve, 0))
    else:
        await painted()
    _paints.watch()


def painted():
    """after_paint() as a JS promise: for a JS caller that waits for what a callback returns
    (a training's onEpochEnd, say), so that the page paints and answers in between."""
    def wait(resolve, reject):
        js.requestAnimationFrame(create_once_callable(lambda *_: js.setTimeout(resolve, 0)))

    return js.Promise.new(wait)
