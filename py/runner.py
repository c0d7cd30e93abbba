"""Run a demo's script: the shipped file from py/demos/, or an edited copy.

    from lab.runner import run_script, shipped_source, format_error

    await run_script("tensors")                          # py/demos/tensors.py
    await run_script("tensors", edited, print=to_panel)  # same name, edited code
    try: ...
    except Exception as error:
        text = format_error(error, "tensors")            # traceback of the script's own lines

Scripts run in a fresh namespace, not as imports, so running one again starts
it afresh, and they may use top-level `await`. They run in the page's own
interpreter, so they reach the DOM, the camera, p5 and the models already
loaded. The script's file name is `<demo>.py`: tracebacks give its own line
numbers, and `format_error` leaves out the frames of the app's machinery.
"""

import ast
import inspect
import linecache
import traceback
from pathlib import Path

DEMO_DIR = Path(__file__).parent / "demos"


def shipped_source(name: str) -> str:
    return (DEMO_DIR / f"{name}.py").read_text()


def script_filename(name: str) -> str:
    return f"{name}.py"


async def run_script(name: str, source: str | None = None, print=None) -> dict:
    """Execute a demo script; return its namespace. Exceptions propagate to the caller.

    `print`, if given, replaces the builtin for this script (its functions included).
    """
    if source is None:
        source = shipped_source(name)
    filename = script_filename(name)
    # so that tracebacks can quote the script's lines, as they do for files on disk
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    code = compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    namespace = {"__name__": f"lab.demos.{name}", "__file__": filename}
    if print is not None:
        namespace["print"] = print
    outcome = eval(code, namespace)  # a coroutine when the script awaits at top level
    if inspect.isawaitable(outcome):
        await outcome
    return namespace


def format_error(error: BaseException, name: str) -> str:
    """The traceback a user needs: only the frames in the demo's own script."""
    filename = script_filename(name)
    report = traceback.TracebackException.from_exception(error)
    own = [frame for frame in report.stack if frame.filename == filename]
    if own:
        report.stack = traceback.StackSummary.from_list(own)
    return "".join(report.format()).rstrip()


def error_line(error: BaseException, name: str) -> int | None:
    """The line of the demo's script where `error` happened (or the syntax error is)."""
    if isinstance(error, SyntaxError) and error.filename == script_filename(name):
        return error.lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if f.filename == script_filename(name)]
    return frames[-1].lineno if frames else None
