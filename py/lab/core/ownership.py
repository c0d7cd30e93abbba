"""Which demo run made each tensor, so that what a run leaves behind is freed when it ends.

    from lab.core import ownership

    ownership.install()                  # once, at start-up
    ownership.claim("tensors#3")         # this task, and the tasks it starts, own what they make
    with ownership.owning("tensors#3"):  # a callback from JavaScript, for its duration
        ...
    ownership.count("tensors#3")         # tensors it made that are still alive
    ownership.free("tensors#3")          # dispose them (not those kept with tf.keep)

js/ownership.js notes the owner of each tensor TF.js makes while Python names
one. A task's owner is a context variable, which asyncio copies into every
task started from it; each time Pyodide's loop runs a callback (a task's
step), its owner is named for that step only. Tensors made later by
JavaScript on its own (a model still loading, say) have no owner here: the
objects that hold them dispose them.
"""

import asyncio.events
import contextvars
from contextlib import contextmanager

import js

_owner = contextvars.ContextVar("lab_tensor_owner", default=None)
_installed = False


def claim(run: str | None):
    """From now on, what the current task (and the tasks it starts) makes belongs to `run`."""
    _owner.set(run)
    js.labTensors.owner = run  # for the rest of this step too


@contextmanager
def owning(run: str):
    """What is made in this block belongs to `run` (for calls from JavaScript)."""
    api = js.labTensors
    previous = api.owner
    api.owner = run
    try:
        yield
    finally:
        api.owner = previous


def count(run: str) -> int:
    return js.labTensors.count(run)


def free(run: str) -> int:
    return js.labTensors.free(run)


def install():
    global _installed
    if _installed:
        return
    api = js.labTensors
    run_step = asyncio.events.Handle._run

    def run_owned(handle):
        context = handle._context
        owner = context.get(_owner) if context is not None else None
        if owner is not None:
            api.owner = owner
        try:
            return run_step(handle)
        finally:
            if api.owner is not None:  # claimed during the step, or named above
                api.owner = None

    asyncio.events.Handle._run = run_owned
    _installed = True
