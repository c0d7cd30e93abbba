"""The lab's modules come compiled (tools/make_bytecode.mjs, read by py/main.py's loader): the
page's Python reads each module's .pyc instead of compiling its .py, and compiles a .py whose
text is not the one the .pyc was made from (an edit made after setup shows, as without it)."""

import json

SNIPPET = r'''
import importlib.util, json, os, sys
import js

def pyc_of(name):
    return importlib.util.cache_from_source(importlib.util.find_spec(name).origin)

def matches(pyc, source_path):  # a hash-checked .pyc made from this very text
    return pyc is not None and pyc[4:8] == b"\x03\x00\x00\x00" and pyc[8:16] == \
        importlib.util.source_hash(open(source_path, "rb").read())

imported = [m for n, m in sys.modules.items() if n.startswith("lab.")
            and getattr(m, "__file__", None) and not n.startswith("lab.demos.")]
compiled = type(sys.modules["lab.app"].__loader__).__dict__.get("compiled", {})
found = {"imported": len(imported),
         "with_their_pyc": sum(matches(compiled.get(m.__cached__), m.__file__) for m in imported)}

# a .pyc with the text's hash is what Python runs: one made here from other code says so
source_path = importlib.util.find_spec("lab.vision.numbers").origin
found["numbers_not_yet_imported"] = "lab.vision.numbers" not in sys.modules
found["numbers_pyc_from_setup"] = matches(compiled.get(pyc_of("lab.vision.numbers")), source_path)
from importlib._bootstrap_external import _code_to_hash_pyc
text = open(source_path, "rb").read()
compiled[pyc_of("lab.vision.numbers")] = bytes(_code_to_hash_pyc(
    compile("FROM_THE_PYC = True", source_path, "exec"), importlib.util.source_hash(text),
    checked=True))
import lab.vision.numbers as numbers
found["pyc_read"] = getattr(numbers, "FROM_THE_PYC", False)

# an edited .py (setup's .pyc made from the text before) is compiled from its text
grid_path = importlib.util.find_spec("lab.segment.grid").origin
found["grid_not_yet_imported"] = "lab.segment.grid" not in sys.modules
found["grid_pyc_from_setup"] = matches(compiled.get(pyc_of("lab.segment.grid")), grid_path)
with open(grid_path, "ab") as out:
    out.write(b"\nEDITED_AFTER_SETUP = True\n")
import lab.segment.grid as grid
found["edit_shows"] = getattr(grid, "EDITED_AFTER_SETUP", False)
js.document.body.dataset.bytecode = json.dumps(found)
'''


def test_the_modules_are_read_compiled_and_an_edited_one_is_compiled_again(app):
    app.open()
    app.set_code("tensors", SNIPPET)
    app.run_code("tensors")
    found = json.loads(app.page.wait_for_function(
        "document.body.dataset.bytecode", timeout=30_000).json_value())
    assert found["imported"] > 20 and found["with_their_pyc"] == found["imported"], found
    assert found["numbers_not_yet_imported"] and found["numbers_pyc_from_setup"], found
    assert found["pyc_read"], found
    assert found["grid_not_yet_imported"] and found["grid_pyc_from_setup"], found
    assert found["edit_shows"], found
