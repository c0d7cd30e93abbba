"""Where sketches are kept: this browser's IndexedDB (js/sketches.js), or memory when it refuses.

    from lab.sketch.keep import SketchStore

    store = SketchStore()
    sketches = await store.load()          # [Sketch], as kept (what is not a sketch is left out)
    copied = await store.save(sketch, copy_id, copy_name)   # sketch.rev updated; a Sketch when
                                           # another tab had saved it meanwhile (its version, kept)
    await store.remove(sketch_id)
    store.kept                             # False: nothing outlives this tab
    store.why_not                          # what to tell the user then

With site data blocked, js/pyodide.mjs has put an IndexedDB kept in memory in its place:
sketches then last as long as the tab, and `kept` says so. If IndexedDB fails here (full, or
refused), the store carries on in memory and says why.
"""

import json

import js

from lab.core import storage
from lab.core.bridge import js_error_message
from lab.core.safe_json import loads
from lab.sketch.book import MAX_CODE, Sketch

MAX_KEPT_CHARS = 400 * (MAX_CODE + 1000)   # far beyond any sketchbook: a bound before parsing


class SketchStore:
    def __init__(self):
        self.memory: dict[str, Sketch] = {}
        self.kept = storage.kept
        self.why_not = "" if self.kept else ("This browser keeps no data for this site, so your "
                                             "sketches last until this tab closes: download "
                                             "them (Download .py) to keep them.")

    def _fail(self, error):
        self.kept = False
        self.why_not = (f"This browser would not keep your sketches ({js_error_message(error)}), "
                        "so they last until this tab closes: download them (Download .py) to "
                        "keep them.")

    async def load(self) -> list:
        if self.kept:
            try:
                text = await js.labSketches.all()
                records = loads(str(text), max_chars=MAX_KEPT_CHARS, what="The kept sketches")
            except Exception as error:  # refused, or not what we wrote
                self._fail(error)
            else:
                found = (Sketch.from_record(r) for r in records) if isinstance(records, list) else ()
                self.memory = {s.id: s for s in found if s is not None}
        return list(self.memory.values())

    async def save(self, sketch: Sketch, copy_id: str, copy_name: str) -> Sketch | None:
        copied = None
        if self.kept:
            try:
                answer = json.loads(str(await js.labSketches.save(
                    json.dumps(sketch.record()), json.dumps({"id": copy_id, "name": copy_name}))))
                sketch.rev = answer["rev"]
                copied = Sketch.from_record(answer["copied"]) if answer["copied"] else None
            except Exception as error:
                self._fail(error)
        if not self.kept:
            sketch.rev += 1
        self.memory[sketch.id] = sketch
        if copied is not None:
            self.memory[copied.id] = copied
        return copied

    async def remove(self, sketch_id: str):
        self.memory.pop(sketch_id, None)
        if self.kept:
            try:
                await js.labSketches.remove(sketch_id)
            except Exception as error:
                self._fail(error)
