"""Stop a script that keeps the page's only thread, so that the page stays usable.

    from lab.core import guard

    guard.install()                    # once, at start-up
    code = compile(source, "tensors.py", "exec")
    guard.watch(code)                  # this script's loops and calls are watched
    exec(code, namespace)              # `while True: pass` raises guard.Runaway after LIMIT s

While Python runs, the browser can neither paint nor answer a click: a loop
that never gives the thread back freezes the tab. Python's own monitoring
(`sys.monitoring`, PEP 669) calls us back on each loop turn and each call in
the watched code objects only (the demo scripts, shipped or edited), so the
app's own code and the libraries pay nothing. A "slice" starts each time the
browser hands control to Python (an asyncio callback, or a JS callback into a
guarded function); a watched script that is still running LIMIT seconds into
its slice gets `Runaway` raised at its current line.

`Runaway` derives from BaseException, like KeyboardInterrupt, so that a
script's `except Exception:` cannot swallow it and carry on looping. Code
that runs entirely inside one C call (`sum(range(10**12))`) makes no event
and is not stopped: only Pyodide's interrupt buffer reaches it, and that
needs a cross-origin isolated page (see `start_watchdog`).
"""

import asyncio.events
import functools
import sys
import time

LIMIT = 3.0                      # seconds a slice may run watched code
WATCHDOG_LIMIT = 8.0             # isolated pages: seconds before the interrupt buffer is used
_TOOL = 4                        # a sys.monitoring tool id the app keeps for itself
_CHECK_EVERY = 256               # events between two looks at the clock

_slice_start = time.monotonic()
_depth = 0                       # >0 while Python runs, entered from the browser
_events = 0
_tripped = False                 # this slice was stopped: stop each later event too
_installed = False
_cells = None                    # js/watchdog.js's shared memory, where the page is isolated
_RUNNING, _FIRED = 1, 3          # its cells: "a watched slice runs", "times it interrupted"
_flagged = False                 # this slice told the watchdog that watched code runs


class Runaway(BaseException):
    """Watched code kept the page's thread longer than LIMIT seconds."""

    def __init__(self, line: int, filename: str, seconds: float):
        self.line, self.filename, self.seconds = line, filename, seconds
        super().__init__(
            f"the code kept the page busy for over {seconds:.0f} s without a pause "
            f"(at line {line} of {filename}), so the lab stopped it")

    @classmethod
    def from_interrupt(cls, error: KeyboardInterrupt) -> "Runaway":
        """The watchdog's KeyboardInterrupt as a Runaway at the deepest demo script line."""
        import traceback
        watched = [f for f in traceback.extract_tb(error.__traceback__)
                   if not f.filename.startswith(("/", "<"))]  # demo scripts are "<name>.py"
        line, filename = (watched[-1].lineno, watched[-1].filename) if watched else (0, "the demo")
        return cls(line, filename, WATCHDOG_LIMIT).with_traceback(error.__traceback__)


def _new_slice():
    global _slice_start, _tripped
    _slice_start = time.monotonic()
    _tripped = False


def reset():
    """Start a fresh slice: after a Runaway was handled, the app's own work may go on
    (and the watchdog, told that no watched code runs, does not interrupt it)."""
    _new_slice()
    _stand_down()


def _stand_down():
    """Tell the watchdog no watched code runs (a SIGINT that came too late hits nothing)."""
    global _flagged
    if _flagged:
        _cells[_RUNNING] = 0
        _cells[0] = 0
        _flagged = False


def entered(function):
    """Wrap a callable that JavaScript calls, so that each call from the browser is a slice."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        global _depth
        if _depth == 0:
            _new_slice()
        _depth += 1
        try:
            return function(*args, **kwargs)
        finally:
            _depth -= 1
            if _depth == 0 and _flagged:  # the page's thread is given back
                _stand_down()
    return wrapper


def _on_event(code, *_):
    global _events, _tripped, _flagged
    if _cells is not None and not _flagged:
        _cells[_RUNNING] = 1
        _flagged = True
    _events += 1
    if not _tripped and _events % _CHECK_EVERY:
        return None
    elapsed = time.monotonic() - _slice_start
    if elapsed < LIMIT:
        return None
    _tripped = True
    frame = sys._getframe(1)  # the watched frame that made this event
    raise Runaway(frame.f_lineno, code.co_filename, LIMIT)


def watch(code):
    """Watch every code object in `code` (the script, its functions, lambdas, comprehensions)."""
    if not _installed:
        return
    events = sys.monitoring.events.JUMP | sys.monitoring.events.PY_START
    stack = [code]
    while stack:
        current = stack.pop()
        sys.monitoring.set_local_events(_TOOL, current, events)
        stack.extend(c for c in current.co_consts if hasattr(c, "co_code"))


def install():
    """Watch slices from now on: each asyncio callback the browser runs starts one."""
    global _installed
    if _installed:
        return
    monitoring = sys.monitoring
    if monitoring.get_tool(_TOOL) is None:
        monitoring.use_tool_id(_TOOL, "lab-guard")
    monitoring.register_callback(_TOOL, monitoring.events.JUMP, _on_event)
    monitoring.register_callback(_TOOL, monitoring.events.PY_START, _on_event)
    # Pyodide's event loop runs each ready callback (a task's step, say) as Handle._run,
    # from a browser task of its own: that is where a slice begins.
    run = asyncio.events.Handle._run
    asyncio.events.Handle._run = entered(run)
    _installed = True


def start_watchdog(limit: float = WATCHDOG_LIMIT) -> bool:
    """Where the page is cross-origin isolated, also arm Pyodide's interrupt buffer.

    js/watchdog.js runs a worker that writes SIGINT there when a slice that
    ran a demo script keeps the page's thread over `limit` seconds; Python
    then raises KeyboardInterrupt, even in code this module does not watch
    (a regular expression backtracking for minutes, say). False where the page
    is not isolated: there is no memory another thread could write.
    """
    global _cells
    import js
    cells = js.labWatchdog(int(limit * 1000)) if hasattr(js, "labWatchdog") else None
    if not cells:
        return False
    import pyodide_js
    pyodide_js.setInterruptBuffer(js.Int32Array.new(cells.buffer, 0, 1))
    _cells = cells
    return True


async def watchdog_armed() -> bool:
    """Wait until the watchdog runs (it starts only while the page's thread is free: a demo
    script that held the thread before then would never be interrupted). False where there is
    no watchdog, or it did not start (js/watchdog.js then says so in the console)."""
    return _cells is not None and bool(await _cells.armed)


def watchdog_fired() -> bool:
    """Whether the watchdog interrupted a script since the last time this was asked."""
    if _cells is None or _cells[_FIRED] == 0:
        return False
    _cells[_FIRED] = 0
    return True
