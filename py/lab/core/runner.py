"""Run a demo's script: the shipped file from py/lab/demos/, or an edited copy.

    from lab.core.runner import run_script, shipped_source, format_error, explain

    await run_script("tensors")                          # py/lab/demos/tensors.py
    await run_script("tensors", edited, print=to_panel)  # same name, edited code
    try: ...
    except BaseException as error:
        text = format_error(error, "tensors")            # traceback of the script's own lines
        advice = explain(error)                          # what it means here, in a line

Scripts run in a fresh namespace, not as imports, so running one again starts
it afresh, and they may use top-level `await`. They run in the page's own
interpreter, so they reach the DOM, the camera, p5 and the models already
loaded. The script's file name is `<demo>.py`: tracebacks give its own line
numbers, and `format_error` leaves out the frames of the app's machinery.
Every script is watched by `lab.core.guard`, which stops a loop that would freeze
the page. A few builtins that cannot work in a page (`input`, `help`'s pager,
`exit`) are replaced in the script's namespace by ones that say so.
"""

import ast
import inspect
import linecache
import time
import traceback
from pathlib import Path

from lab.core import guard

DEMO_DIR = Path(__file__).parent.parent / "demos"


class NotInThePage(RuntimeError):
    """A Python feature that needs a terminal or a blocking wait, which a web page has not."""


def shipped_source(name: str) -> str:
    return (DEMO_DIR / f"{name}.py").read_text()


def uses_ml5(source: str) -> bool:
    """Whether the code uses ml5 (a name, an attribute or an import of it; not a comment or a
    string): the page loads ml5, 4.5 MB, only for such code."""
    if "ml5" not in source:
        return False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False  # its run says what is wrong, in the words it uses for any script
    return any(isinstance(node, ast.Name) and node.id == "ml5"
               or isinstance(node, ast.Attribute) and node.attr == "ml5"
               or isinstance(node, ast.alias) and "ml5" in (node.name, node.asname)
               for node in ast.walk(tree))


def script_filename(name: str) -> str:
    return f"{name}.py"


def _input(prompt=""):
    raise NotInThePage("input() cannot work in the page: there is no terminal to type in. "
                       "Read a value from a field of the page instead, e.g. "
                       "element('#tensors-a').value (from lab.core.ui import element).")


def _exit(code=None):
    raise SystemExit(code)


def _sleep(seconds):
    raise NotInThePage(f"time.sleep({seconds!r}) would freeze the page. "
                       f"Use `await asyncio.sleep({seconds!r})` instead (import asyncio first).")


def _help_for(print_):
    def help_(thing=None):
        if thing is None:
            print_("help(thing) shows the documentation of a function, class or module, "
                   "e.g. help(len). There is no interactive help in the page.")
            return
        import pydoc  # here, when asked: it imports much of the standard library, which no boot needs

        print_(pydoc.render_doc(thing, "Help on %s:", renderer=pydoc.plaintext))
    return help_


def page_builtins(print_) -> dict:
    """Names put in each script's namespace in place of builtins that need a terminal."""
    return {"print": print_, "input": _input, "help": _help_for(print_),
            "exit": _exit, "quit": _exit}


def patch_blocking_calls():
    """time.sleep in the page: Pyodide can't block the page's thread; say what to do instead."""
    time.sleep = _sleep


namespaces: dict[str, dict] = {}  # each demo's last run: its script's names


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
    guard.watch(code)
    namespace = {"__name__": f"lab.demos.{name}", "__file__": filename}
    namespaces[name] = namespace  # the live names, for the editor's completion
    if print is not None:
        namespace.update(page_builtins(print))
    outcome = eval(code, namespace)  # a coroutine when the script awaits at top level
    if inspect.isawaitable(outcome):
        await outcome
    return namespace


def format_error(error: BaseException, name: str) -> str:
    """The traceback a user needs: only the frames in the demo's own script."""
    filename = script_filename(name)
    report = traceback.TracebackException.from_exception(error)
    own = [frame for frame in report.stack if frame.filename == filename]
    if own or isinstance(error, SyntaxError):  # a syntax error's frames are all the app's
        report.stack = traceback.StackSummary.from_list(own)
    return "".join(report.format()).rstrip()


def error_line(error: BaseException, name: str) -> int | None:
    """The line of the demo's script where `error` happened (or the syntax error is)."""
    if isinstance(error, SyntaxError) and error.filename == script_filename(name):
        return error.lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if f.filename == script_filename(name)]
    if frames:
        return frames[-1].lineno
    return error.line if isinstance(error, guard.Runaway) else None


def explain(error: BaseException) -> str:
    """What an error means in the page, and what to do, when Python's own words don't say it."""
    message = str(error)
    if isinstance(error, guard.Runaway):
        return ("While Python runs, the page can neither draw nor answer: in a long loop, "
                "`await asyncio.sleep(0)` now and then gives it a turn.")
    if "stack switching" in message:
        return ("That call needs to block the page, which Pyodide cannot do here: "
                "use its async form with `await` (e.g. `await asyncio.sleep(2)`).")
    if "I/O operation on closed file" in message:
        return "The page has no terminal to read from: use a field of the page instead."
    return ""


def describe(error: BaseException, name: str, who: str, doing: str = "") -> str:
    """One paragraph for the demo's message line: what went wrong, where, and what to do."""
    line = error_line(error, name)
    at = f" at line {line} of {name}.py" if line else ""
    advice = explain(error)
    advice = f" {advice}" if advice else ""
    if isinstance(error, guard.Runaway):
        return (f"{who} kept the page busy for over {error.seconds:.0f} s without a pause{at}, "
                f"so the lab stopped it.{advice}")
    if isinstance(error, SystemExit):
        code = "" if error.code is None else repr(error.code)
        return (f"{who} called exit({code}){at}: a script in the page has nothing to exit, "
                "so its run ended there.")
    if isinstance(error, KeyboardInterrupt) and guard.watchdog_fired():
        return (f"{who} kept the page busy for over {guard.WATCHDOG_LIMIT:.0f} s{at}, so the "
                f"lab's watchdog interrupted it.{advice}")
    if isinstance(error, KeyboardInterrupt):
        return f"{who} raised KeyboardInterrupt{at}: its run ended there."
    where = f" while {doing}" if doing else ""
    if type(error).__name__ == "JsException":  # TF.js, ml5 or the page refused: their words
        return f"{who} stopped{where}{at}: JavaScript said {str(error).rstrip('.')}.{advice}"
    text = str(error).rstrip(".")
    said = f": {text}." if text else "."
    return f"{who} stopped with {type(error).__name__}{where}{at}{said}{advice}"
