"""Jedi, loaded in the background in steps short enough that typing goes on meanwhile.

    from lab.sketch.jedi_load import load, CompletionUnavailable

    jedi = await load(warm=[("stage = camera_stage(demo)\\nstage.", namespace)],
                      may_go=lambda: True)   # False while the user types: the long steps wait

The pinned Jedi and parso wheels (vendor/completion/, made by setup from
requirements/completion.txt) are fetched from this server and unpacked into Pyodide's file
system; their modules are compiled one file at a time before they are imported, and Jedi's
first answers (which parse the standard library's stubs) are asked one by one, so few steps
hold the page for long; those few (parsing the builtins' stubs is one) wait until `may_go()`,
i.e. a pause in typing, unless a list is waiting for Jedi. CompletionUnavailable says why
the wheels could not be had.
"""

import asyncio
import importlib
import io
import os
import py_compile
import sys
import time
import zipfile

import js

from lab.sketch.hints import SKIPPED_IN_WHEELS, WHEELS

WHEEL_DIR = "vendor/completion/"
UNPACKED = os.path.join(os.path.expanduser("~"), "completion")  # in Pyodide's own file system
SLICE = 0.03  # seconds of work between two chances for the page to answer a key
PAUSE_CHECK = 0.1  # seconds between two looks at whether the user still types
# Jedi's first answers, smallest first: each parses more of the stubs than the one before
FIRST_ASKS = ("", "import math\nmath.s", "import typing\ntyping.A")


class CompletionUnavailable(Exception):
    pass


class _Slices:
    """Gives the page a turn whenever SLICE has gone by since the last one."""

    def __init__(self):
        self.since = time.perf_counter()

    async def turn(self, now: bool = False):
        if now or time.perf_counter() - self.since > SLICE:
            await asyncio.sleep(0)
            self.since = time.perf_counter()


async def _fetch(wheel: str) -> bytes:
    response = await js.fetch(WHEEL_DIR + wheel)
    if not response.ok:
        raise CompletionUnavailable(f"{WHEEL_DIR}{wheel} could not be loaded (the server "
                                    f"answered {response.status})")
    return (await response.arrayBuffer()).to_bytes()


async def _unpack(data: bytes, slices: _Slices) -> list[str]:
    """The wheel's files in UNPACKED; the paths of its Python modules."""
    sources = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith(SKIPPED_IN_WHEELS):
                continue
            archive.extract(member, UNPACKED)
            if member.endswith(".py") and "/third_party/" not in member:
                sources.append(os.path.join(UNPACKED, member))
            await slices.turn()
    return sources


async def _when(may_go):
    while not may_go():
        await asyncio.sleep(PAUSE_CHECK)


async def load(warm=(), may_go=lambda: True) -> object:
    """Jedi, imported and asked its first questions (FIRST_ASKS, then `warm`: (code, namespace)
    pairs whose last line ends where a completion is asked)."""
    slices = _Slices()
    wheels = [await _fetch(wheel) for wheel in WHEELS]
    sources = []
    sys.path_importer_cache.pop(UNPACKED, None)
    for data in wheels:
        sources += await _unpack(data, slices)
    for path in sources:  # the import below reads the compiled files: no long compile at once
        try:
            py_compile.compile(path, doraise=True)
        except py_compile.PyCompileError:
            pass  # the import compiles it (and says what is wrong) as it would anyway
        await slices.turn()
    if UNPACKED not in sys.path:
        sys.path.append(UNPACKED)
    importlib.invalidate_caches()
    await _when(may_go)
    import parso
    await slices.turn(now=True)
    await _when(may_go)
    import jedi
    jedi.settings.case_insensitive_completion = False  # "te" offers tensor, not Tensor
    parso.load_grammar()
    for code, namespace in [(code, {}) for code in FIRST_ASKS] + list(warm):
        await slices.turn(now=True)
        await _when(may_go)
        _first_ask(jedi, code, namespace)
    return jedi


def _first_ask(jedi, code: str, namespace: dict):
    lines = code.split("\n")
    try:
        jedi.Interpreter(code, [namespace]).complete(len(lines), len(lines[-1]))
    except Exception:  # noqa: BLE001 (a warm-up only: the real ask says what goes wrong)
        pass
