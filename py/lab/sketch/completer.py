"""Completion while typing in the Sketch editor: Jedi on the sketch's code and its live namespace.

    from lab.sketch.completer import attach

    attach(editor)        # the SketchEditor: "." after a name (or Ctrl+Space) opens a list

Nothing is fetched at start: the first time the editor asks, the pinned Jedi and parso wheels
(vendor/completion/, made by setup from requirements/completion.txt) are fetched from this
server, unpacked into Pyodide's file system and imported. Names come from jedi.Interpreter with
the namespace of the sketch's last run (lab.core.runner.namespaces) and what a sketch imports
(lab.sketch.kit), so JavaScript objects (tf., ml5.) complete too; Python names carry their
signature and first docstring line. If the wheels cannot load, the editor says so once and
keeps working without a list. The list itself is CodeMirror's show-hint (js/sketch_hints.js).
"""

import asyncio
import inspect
import io
import json
import os
import sys
import zipfile

import js
from pyodide.ffi import JsProxy

import lab
from lab.core.pythonic import JsObject
from lab.sketch import kit
from lab.sketch.hints import (
    MAX_DESCRIBED,
    MAX_DETAIL,
    MAX_DETAILED,
    MAX_ITEMS,
    SKIPPED_IN_WHEELS,
    WHEELS,
    Item,
    announcement,
    asks_after,
    describe_key,
    first_line,
    keep_name,
)

WHEEL_DIR = "vendor/completion/"
UNPACKED = os.path.join(os.path.expanduser("~"), "completion")  # in Pyodide's own file system


class CompletionUnavailable(Exception):
    pass


async def _unpack(wheel: str):
    response = await js.fetch(WHEEL_DIR + wheel)
    if not response.ok:
        raise CompletionUnavailable(f"{WHEEL_DIR}{wheel} could not be loaded (the server "
                                    f"answered {response.status})")
    data = (await response.arrayBuffer()).to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.namelist() if not m.startswith(SKIPPED_IN_WHEELS)]
        for start in range(0, len(members), 400):
            archive.extractall(UNPACKED, members[start:start + 400])
            await asyncio.sleep(0)  # the page keeps answering while thousands of files unpack


class Completer:
    def __init__(self, editor):
        self.editor = editor
        self.jedi = None
        self.failed = ""
        self._loading = None
        self._base = None
        self.hidden = frozenset()
        self._described = {}  # (module, full name, kind): Item, for names outside the sketch

    async def _load(self):
        try:
            sys.path_importer_cache.pop(UNPACKED, None)
            for wheel in WHEELS:
                await _unpack(wheel)
            sys.path.append(UNPACKED)
            import jedi
            jedi.settings.case_insensitive_completion = False  # "te" offers tensor, not Tensor
            self._base = {name: getattr(kit, name) for name in kit.__all__}
            self._base.update(ml5=js.ml5, js=js, lab=lab)
            # what every JS object has (Object.prototype) and the bridge's own Python methods
            self.hidden = frozenset(dir(js.Object.new()))
            self.jedi = jedi
            self._complete("import math\nmath.s", 1, 6)  # Jedi's first answer is its slowest
            if self.failed:
                self.failed = ""
                self.editor.notice("")  # it loads now: the earlier failure is over
        except Exception as error:  # noqa: BLE001 (anything: the editor must keep working)
            why = str(error) or type(error).__name__
            self.failed = (f"Completion could not load: {why}. The editor works without it; "
                           "run ./lab serve (its setup puts Jedi in vendor/completion/) and reload.")
            self.editor.notice(self.failed, "warning")

    def _namespaces(self) -> list[dict]:
        from lab.core.runner import namespaces
        return [namespaces.get(self.editor.name, {}), self._base]

    def _target(self, dotted: str, spaces: list[dict]):
        """The object named before the dot, read without running Python properties."""
        head, *rest = dotted.split(".")
        for space in spaces:
            if head in space:
                value = space[head]
                break
        else:
            return None
        try:
            for part in rest:
                value = getattr(value, part) if isinstance(value, (JsProxy, JsObject)) \
                    else inspect.getattr_static(value, part)
        except Exception:  # noqa: BLE001 (a name not there yet: Jedi still knows the code)
            return None
        return value

    def _describe(self, completion, target, javascript: bool) -> Item:
        name = completion.name
        if javascript:
            try:
                value = getattr(target, name)
            except Exception:  # noqa: BLE001
                return Item(name, "JavaScript")
            if isinstance(value, JsObject):
                value = value.js
            kind = value.typeof if isinstance(value, JsProxy) else {
                bool: "boolean", int: "number", float: "number", str: "string"}.get(type(value), "")
            return Item(name, f"JavaScript {kind}".strip())
        key = describe_key(completion.module_name, completion.full_name, completion.type,
                           self._changing())
        if key in self._described:
            return self._described[key]
        signatures = completion.get_signatures()
        signature = signatures[0].to_string()[:MAX_DETAIL] if signatures else ""
        item = Item(name, completion.type, signature, first_line(completion.docstring(raw=True)))
        if key is not None:
            if len(self._described) >= MAX_DESCRIBED:
                self._described.clear()
            self._described[key] = item
        return item

    def _changing(self) -> tuple[str, ...]:
        """Modules whose names change as the sketch is edited and run: never cached."""
        from lab.core.runner import namespaces
        return ("__main__", namespaces.get(self.editor.name, {}).get("__name__", "__main__"))

    def _complete(self, code: str, line: int, column: int) -> dict:
        before = "\n".join(code.split("\n")[:line] + [code.split("\n")[line][:column]])
        dotted = asks_after(before)
        if dotted is None:
            return {"items": []}
        spaces = self._namespaces()
        target = self._target(dotted, spaces)
        javascript = isinstance(target, (JsProxy, JsObject))
        typed = before[len(before.rstrip("abcdefghijklmnopqrstuvwxyz"
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")):]
        found = self.jedi.Interpreter(code, spaces).complete(line + 1, column)
        seen = set()
        kept = [c for c in found if keep_name(c.name, typed, javascript, self.hidden)
                and not (c.name in seen or seen.add(c.name))][:MAX_ITEMS]
        items = [self._describe(c, target, javascript) if i < MAX_DETAILED
                 else Item(c.name, c.type) for i, c in enumerate(kept)]
        return {"from": column - len(typed), "items": [item.as_dict() for item in items],
                "said": announcement(len(items), f"{dotted}."),
                "spoken": [item.spoken() for item in items]}

    async def ask(self, code, line, column) -> str:
        """JSON for js/sketch_hints.js: {"from", "items", "said", "spoken"}; no items when there
        is nothing to offer (or completion could not load)."""
        code, line, column = str(code), int(line), int(column)
        if asks_after("\n".join(code.split("\n")[:line] + [code.split("\n")[line][:column]])) \
                is None:
            return json.dumps({"items": []})
        if self.jedi is None:
            if self._loading is None or self._loading.done():  # first ask, or after a failure
                self._loading = asyncio.ensure_future(self._load())
            await self._loading
        if self.jedi is None:
            return json.dumps({"items": [], "said": self.failed})
        try:
            return json.dumps(self._complete(code, line, column))
        except Exception as error:  # noqa: BLE001 (Jedi on half-typed code: no list, no harm)
            return json.dumps({"items": [], "said": f"No completions here ({type(error).__name__})."})


def attach(editor) -> Completer:
    """Completion for `editor` (a lab.editor.Editor): its list opens after a dot or Ctrl+Space."""
    completer = Completer(editor)
    status = js.document.createElement("p")
    status.id, status.className = f"{editor.name}-hint-status", "visually-hidden"
    status.setAttribute("aria-live", "polite")
    editor.cm.getWrapperElement().after(status)
    js.labHints.attach(editor.cm, editor._proxies.add(completer.ask), status)
    return completer
