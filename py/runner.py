"""Run a demo's script: the shipped file from py/demos/, or an edited copy.

    from lab.runner import run_script, shipped_source

    await run_script("tensors")                    # py/demos/tensors.py
    await run_script("tensors", edited_source)     # same name, edited code

Scripts run as `__main__`-like namespaces, not as imports, so running one
again starts it afresh. They may use top-level `await`. Line numbers in
tracebacks are the script's own (the file name is `<demo>.py`).
"""

import ast
import inspect
from pathlib import Path

DEMO_DIR = Path(__file__).parent / "demos"


def shipped_source(name: str) -> str:
    return (DEMO_DIR / f"{name}.py").read_text()


async def run_script(name: str, source: str | None = None) -> dict:
    """Execute a demo script; return its namespace. Exceptions propagate to the caller."""
    if source is None:
        source = shipped_source(name)
    code = compile(source, f"{name}.py", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    namespace = {"__name__": f"lab.demos.{name}", "__file__": f"{name}.py"}
    outcome = eval(code, namespace)  # a coroutine when the script awaits at top level
    if inspect.isawaitable(outcome):
        await outcome
    return namespace
