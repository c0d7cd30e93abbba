"""A run of one demo: what it shows, what it publishes, and everything it owns.

    from lab import Demo

    demo = Demo("regression")            # stops the previous run of "regression"
    demo.on("#regression-train", "click", train)   # sync or async handler
    demo.task(warm_up())                 # background work, cancelled on stop
    demo.on_stop(model.dispose)          # anything else to undo
    demo.publish(prediction=6.98)        # merged into #regression-result
    demo.stop()

Running a demo again, shipped or edited, builds a new `Demo` with the same
name: the old run's handlers, proxies, tasks and models go first, so there is
never a second loop or a leaked proxy. An exception in a handler, task or
callback is shown in the demo's message line and its traceback in the demo's
console (under its code editor), once however often it repeats; the rest of
the page carries on. Code that holds the page's thread too long
(`lab.core.guard.Runaway`) stops the whole run, so that it cannot do it again.
"""

import asyncio
import contextvars
import inspect
import itertools

from lab.core import guard, ownership, ui
from lab.core.bridge import Proxies
from lab.core.runner import describe, error_line, format_error

SAFE_MODE_LINK = ("?safe", "Start every demo from its shipped code (safe mode).")

_running: dict = {}
_run_numbers = itertools.count(1)


def running(name: str):
    """The current run of demo `name`, or None."""
    return _running.get(name)


async def _interruptible(coroutine):
    """The watchdog's KeyboardInterrupt, as a Runaway: asyncio would re-raise it out of the loop."""
    try:
        return await coroutine
    except KeyboardInterrupt as error:
        raise guard.Runaway.from_interrupt(error) from None  # keeps the script's frames


class Demo:
    """A run of a demo (or a sketch): it owns what the run starts (tasks, handlers, proxies,
    tensors, models) and frees it all when it stops. `Demo("sketch")` stops the sketch's previous
    run first."""
    def __init__(self, name: str):
        previous = _running.get(name)
        if previous is not None:
            previous.stop()
        self.name = name
        self.run_id = f"{name}#{next(_run_numbers)}"
        ownership.claim(self.run_id)  # tensors this script makes from here on are this run's
        self.result: dict = {}
        self.stopped = False
        self._proxies = Proxies()
        self._listeners = []
        self._tasks = set()
        self._cleanups = []
        self._shown_errors = set()      # (kind, text, line) of each error already shown
        self._message_key = None        # what the message shown now is about
        self._message_kind = None
        self.repeats = 0                # how many times one came again
        _running[name] = self
        ui.clear(f"#{name}-output")
        ui.message(name, "")

    # what the user sees -------------------------------------------------
    def show(self, label: str, value):
        """Add a labelled block to the demo's output; tensors print as TensorFlow.js prints them."""
        text = value.toString() if hasattr(value, "dataSync") else str(value)
        ui.append_block(f"#{self.name}-output", label, text)

    def message(self, text: str, kind: str = "info", link=None, key: str | None = None):
        """Say `text` in the demo's message line (empty: hide it). `key` names what it is
        about ("camera", "model"), so that `clear(key)` takes back only that message; a keyed
        progress note ("info") does not hide an error or a warning about something else."""
        if kind == "info" and key is not None and self._message_kind in ("error", "warning") \
                and self._message_key != key and text:
            return
        ui.message(self.name, text, kind, link)
        self._message_key = key if text else None
        self._message_kind = kind if text else None

    def clear(self, key: str):
        """Hide the message line if what it says is about `key` (a newer message stays)."""
        if self._message_key == key:
            self.message("")

    def message_about(self) -> str | None:
        """The key of the message shown now, if it has one."""
        return self._message_key

    def publish(self, **fields):
        """Add `fields` to the run's result and show it as JSON in #<name>-result (a sketch:
        #sketch-result), for people and automation alike."""
        self.result.update(fields)
        ui.publish(self.name, self.result)

    def report(self, error: BaseException, doing: str = ""):
        """Show an exception: one line in the message, the traceback in the console, once."""
        line = error_line(error, self.name)
        key = (type(error).__name__, str(error), line)
        if key in self._shown_errors:  # a callback failing at every frame: say it once
            self.repeats += 1
            return
        self._shown_errors.add(key)
        runaway = isinstance(error, guard.Runaway)
        text = describe(error, self.name, "This demo's code", doing)
        if runaway:
            text += " Fix it and Run again, or Reset."
        self.message(text, "error", link=SAFE_MODE_LINK if runaway else None)
        ui.console(self.name, format_error(error, self.name), "error")
        if runaway:
            guard.reset()  # the clean-up below may run the script's own functions
            self.stop()

    # what it owns ---------------------------------------------------------
    def on(self, selector: str, event: str, handler):
        """Call `handler(event)` on a DOM event until the demo stops. Errors are reported."""
        target = ui.element(selector)

        def listener(js_event):
            try:
                with ownership.owning(self.run_id):
                    outcome = handler(js_event)
            except (Exception, guard.Runaway) as error:  # a demo's bug must not take the page down
                self.report(error, f"handling {event}")
                return
            if inspect.isawaitable(outcome):
                self.task(outcome)

        proxy = self._proxies.add(listener)
        target.addEventListener(event, proxy)
        self._listeners.append((target, event, proxy))
        return proxy

    def proxy(self, function):
        """A JS-callable proxy for `function`, destroyed when the demo stops; errors are reported."""
        def call(*args):
            try:
                with ownership.owning(self.run_id):
                    return function(*args)
            except (Exception, guard.Runaway) as error:
                self.report(error)
                return None
        return self._proxies.add(call)

    def task(self, awaitable):
        """Run a coroutine in the background; cancelled when the demo stops."""
        if asyncio.iscoroutine(awaitable):  # it and what it makes belong to this run
            awaitable = _interruptible(awaitable)
            context = contextvars.copy_context()
            context.run(ownership.claim, self.run_id)
            task = asyncio.get_event_loop().create_task(awaitable, context=context)
        else:
            task = asyncio.ensure_future(awaitable)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task):
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None and not self.stopped:
            self.report(task.exception())

    def counts(self) -> dict:
        """How many tasks (loops), listeners and proxies this run holds."""
        return {"tasks": len(self._tasks), "listeners": len(self._listeners),
                "proxies": len(self._proxies)}

    def on_stop(self, callback):
        """Call `callback()` when this run stops (Stop, Run again, a new Demo of the same name);
        returns it."""
        self._cleanups.append(callback)
        return callback

    def stop(self):
        """End the run: cancel its tasks, remove its handlers, destroy its proxies, run its on_stop
        callbacks and free the tensors it left."""
        if self.stopped:
            return
        self.stopped = True
        for task in list(self._tasks):
            task.cancel()
        for target, event, proxy in self._listeners:
            target.removeEventListener(event, proxy)
        self._listeners.clear()
        while self._cleanups:
            cleanup = self._cleanups.pop()
            try:
                cleanup()
            except Exception as error:  # keep cleaning up the rest
                self.report(error, "cleaning up")
        self._proxies.destroy()
        freed = ownership.free(self.run_id)
        if freed:
            ui.console(self.name, f"Freed {freed:,} tensors that this run's code left in memory.",
                       "info")
        if _running.get(self.name) is self:
            del _running[self.name]
