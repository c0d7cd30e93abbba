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
never a second loop or a leaked proxy. An exception in a handler or task is
shown in the demo's message line and its traceback in the demo's console
(under its code editor); the rest of the page carries on.
"""

import asyncio
import inspect

from lab import ui
from lab.bridge import Proxies
from lab.runner import error_line, format_error

_running: dict = {}


def running(name: str):
    """The current run of demo `name`, or None."""
    return _running.get(name)


class Demo:
    def __init__(self, name: str):
        previous = _running.get(name)
        if previous is not None:
            previous.stop()
        self.name = name
        self.result: dict = {}
        self.stopped = False
        self._proxies = Proxies()
        self._listeners = []
        self._tasks = set()
        self._cleanups = []
        _running[name] = self
        ui.clear(f"#{name}-output")
        ui.message(name, "")

    # what the user sees -------------------------------------------------
    def show(self, label: str, value):
        """Add a labelled block to the demo's output; tensors print as TensorFlow.js prints them."""
        text = value.toString() if hasattr(value, "dataSync") else str(value)
        ui.append_block(f"#{self.name}-output", label, text)

    def message(self, text: str, kind: str = "info"):
        ui.message(self.name, text, kind)

    def publish(self, **fields):
        self.result.update(fields)
        ui.publish(self.name, self.result)

    def report(self, error: BaseException, doing: str = ""):
        """Show an unexpected exception: one line in the message, the traceback in the console."""
        where = f" while {doing}" if doing else ""
        line = error_line(error, self.name)
        at = f" (line {line} of {self.name}.py)" if line else ""
        self.message(f"{type(error).__name__}{where}{at}: {error}", "error")
        ui.console(self.name, format_error(error, self.name), "error")

    # what it owns ---------------------------------------------------------
    def on(self, selector: str, event: str, handler):
        """Call `handler(event)` on a DOM event until the demo stops. Errors are reported."""
        target = ui.element(selector)

        def listener(js_event):
            try:
                outcome = handler(js_event)
            except Exception as error:  # a demo's bug must not take the page down
                self.report(error, f"handling {event}")
                return
            if inspect.isawaitable(outcome):
                self.task(outcome)

        proxy = self._proxies.add(listener)
        target.addEventListener(event, proxy)
        self._listeners.append((target, event, proxy))
        return proxy

    def proxy(self, function):
        """A JS-callable proxy for `function`, destroyed when the demo stops."""
        return self._proxies.add(function)

    def task(self, awaitable):
        """Run a coroutine in the background; cancelled when the demo stops."""
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
        self._cleanups.append(callback)
        return callback

    def stop(self):
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
        if _running.get(self.name) is self:
            del _running[self.name]
