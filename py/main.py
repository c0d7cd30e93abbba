# Entry point: index.html runs this file; the app itself is the `lab` package.
import marshal
import os
import re
import sys
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, PathFinder, SourceFileLoader

import js

MAX_BYTECODE = 16_000_000
PYC = re.compile(r"(?:[a-z0-9_]+/)*__pycache__/[a-z0-9_]+\.cpython-[0-9]+\.pyc")


class CompiledLoader(SourceFileLoader):
    """Reads a module's .pyc from `compiled` (path -> bytes) where setup made one; Python checks
    it against the .py's hash, and compiles the .py instead when they differ (an edit shows)."""
    compiled: dict = {}

    def get_data(self, path):
        found = self.compiled.get(path)
        return found if found is not None else super().get_data(path)


async def use_bytecode(answer):
    """The lab's modules as setup compiled them (tools/make_bytecode.mjs), read instead of
    compiling each .py. No file, or one not as setup writes it, and Python compiles as usual."""
    try:
        data = await answer
        if data is None or data.byteLength > MAX_BYTECODE:
            return
        files = marshal.loads(data.to_bytes())
        if not (isinstance(files, dict) and all(
                isinstance(name, str) and PYC.fullmatch(name) and isinstance(pyc, bytes)
                for name, pyc in files.items())):
            return
        base = PathFinder.find_spec("lab").submodule_search_locations[0]
        CompiledLoader.compiled = {os.path.join(base, name): pyc for name, pyc in files.items()}

        def lab_folders(path):  # the lab package's folders; any other path: Python's own finder
            if path != base and not path.startswith(base + os.sep):
                raise ImportError(path)
            return FileFinder(path, (CompiledLoader, SOURCE_SUFFIXES))

        sys.path_hooks.insert(0, lab_folders)
    except Exception as error:  # only slower: every module is compiled from its .py
        js.console.warn(f"The lab's compiled modules were not used ({error}): Python compiles them.")


js.performance.mark("lab:main")  # the lab's files are in Python's file system (bench/boot_timeline.py)
await js.labBoot.scriptsLoaded()  # PyScript starts beside them (js/boot_scripts.js)
if js.labBoot.missing():  # a library the app needs did not load: js/boot_scripts.js said which
    js.document.getElementById("boot-status").textContent = "Stopped: a library did not load"
else:
    await use_bytecode(js.labBoot.bytecode)
    from lab.app import main

    js.performance.mark("lab:imported")
    await main()
