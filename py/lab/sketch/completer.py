"""Completion while typing in the Sketch editor: the live object, or Jedi on the sketch's code.

    from lab.sketch.completer import attach

    attach(editor)        # the SketchEditor: "." after a name (or Ctrl+Space) opens a list

Nothing is fetched at start: when the editor first gets the focus, Jedi loads in the background
(lab.sketch.jedi_load). `name.` for a name whose object the code makes plain (`tf`, `ml5`,
`lab`, the last run's names, `stage = camera_stage(demo)`: lab.sketch.fast_names) is answered
from the object itself, at once, Jedi loaded or not; everything else is Jedi's
(jedi.Interpreter with the namespace of the sketch's last run and what a sketch imports,
lab.sketch.kit), and until Jedi is there the list says "Loading completions…" and opens when it
is (`ml5.` waits for ml5 itself: lab.sketch.lazy_ml5). Python names carry their signature and
first docstring line. If the wheels cannot load, the editor says so once and keeps working
with the lists it can give. The list itself is CodeMirror's show-hint (js/sketch_hints.js).
"""

import asyncio
import inspect
import json

import js
from pyodide.ffi import JsProxy

import lab
from lab.core.pythonic import JsObject
from lab.sketch import fast_names, jedi_load, members
from lab.sketch.hints import (
    MAX_DESCRIBED,
    MAX_DETAIL,
    MAX_DETAILED,
    MAX_ITEMS,
    Item,
    announcement,
    asks_after,
    describe_key,
    first_line,
    keep_name,
)
from lab.sketch.lazy_ml5 import LazyMl5

LOADING = "Loading completions…"
QUIET = 0.8  # seconds without a change: the user paused typing (Jedi's long steps may run)
# what Jedi is asked once it loads, so that the first list the user asks for is not its slowest
WARM = "from lab.sketch.kit import *\ndemo = Demo('sketch')\nstage = camera_stage(demo)\nstage."


def _javascript(value) -> bool:
    return isinstance(value, (JsProxy, JsObject))


class Completer:
    def __init__(self, editor):
        self.editor = editor
        self.jedi = None
        self.failed = ""
        self._loading = None
        self._urgent = False  # a list waits for Jedi: no more waiting for pauses in typing
        self._names = self._ml5_names = None  # the sketch's names: made at the first list
        self._hidden = None
        self._described = {}  # (module, full name, kind): Item, for names outside the sketch

    @property
    def _base(self) -> dict:
        """The sketch's names (lab.sketch.kit, js, lab): imported here, not at the page's boot,
        since kit imports every model's module."""
        if self._names is None:
            from lab.sketch import kit
            self._names = {name: getattr(kit, name) for name in kit.__all__} | {"js": js, "lab": lab}
        return self._names

    @property
    def _ml5(self) -> LazyMl5:
        """ml5 among the sketch's names: it loads only when used (`ml5.` waits for it)."""
        if self._ml5_names is None:
            self._ml5_names = LazyMl5(self._base)
        return self._ml5_names

    @property
    def hidden(self) -> frozenset:
        """What every JS object has (Object.prototype) and the bridge's own Python methods."""
        if self._hidden is None:
            self._hidden = frozenset(dir(js.Object.new()))
        return self._hidden

    def preload(self, *_):
        """Jedi starts loading (the editor got the focus); a failed load is tried again."""
        if self.jedi is not None or (self._loading is not None and not self._loading.done()):
            return
        if self.failed:
            self.failed = ""
            self.editor.notice("")  # tried again: the earlier failure may be over
        self._set_state("loading")
        self._loading = asyncio.ensure_future(self._load())

    def _set_state(self, state: str):
        self.editor.cm.getWrapperElement().dataset.completion = state  # for automation

    async def _load(self):
        try:
            self.jedi = await jedi_load.load(warm=[(WARM, self._base)], may_go=self._may_go)
            self.failed = ""
            self._set_state("ready")
        except Exception as error:  # noqa: BLE001 (anything: the editor must keep working)
            why = str(error) or type(error).__name__
            self.failed = (f"Completion could not load: {why}. The editor works without it; "
                           "run ./lab serve (its setup puts Jedi in vendor/completion/) and reload.")
            self._set_state("failed")
            self.editor.notice(self.failed, "warning")

    def _may_go(self) -> bool:
        changed = getattr(self.editor.cm.state, "labChanged", None)  # js/sketch_hints.js
        return self._urgent or not isinstance(changed, (int, float)) or \
            js.performance.now() - changed > QUIET * 1000

    def _namespaces(self) -> list[dict]:
        from lab.core.runner import namespaces
        return [namespaces.get(self.editor.name, {}), self._base]

    def _changing(self) -> tuple[str, ...]:
        """Modules whose names change as the sketch is edited and run: never cached."""
        from lab.core.runner import namespaces
        return ("__main__", namespaces.get(self.editor.name, {}).get("__name__", "__main__"))

    def _describe_js(self, target, name: str) -> Item:
        try:
            value = getattr(target, name)
        except Exception:  # noqa: BLE001
            return Item(name, "JavaScript")
        if isinstance(value, JsObject):
            value = value.js
        kind = value.typeof if isinstance(value, JsProxy) else {
            bool: "boolean", int: "number", float: "number", str: "string"}.get(type(value), "")
        return Item(name, f"JavaScript {kind}".strip())

    def _kept(self, key, make) -> Item:
        if key is None:
            return make()
        if key not in self._described:
            if len(self._described) >= MAX_DESCRIBED:
                self._described.clear()
            self._described[key] = make()
        return self._described[key]

    def _fast(self, code: str, line: int, column: int, dotted: str, typed: str) -> list | None:
        """The list read from the object itself (lab.sketch.fast_names), or None: Jedi's."""
        found = fast_names.source(code, line, column, dotted, self._namespaces(), _javascript)
        if found is None:
            return None
        if found.instance_of is None and _javascript(found.value):
            names = [n for n in sorted(dir(found.value), key=lambda n: (
                n.startswith("__"), n.startswith("_"), n.lower()))
                if n.startswith(typed) and keep_name(n, typed, True, self.hidden)][:MAX_ITEMS]
            return [self._describe_js(found.value, n) if i < MAX_DETAILED else
                    Item(n, "JavaScript") for i, n in enumerate(names)]
        instance = found.instance_of is not None
        owner = found.instance_of if instance else found.value
        listed = [(n, k) for n, k in members.python_names(owner, typed, instance, found.live)
                  if keep_name(n, typed)][:MAX_ITEMS]
        changing = self._changing()
        return [self._kept(members.description_key(owner, n, k, instance, changing),
                           lambda n=n, k=k: members.describe(owner, n, k, instance))
                if i < MAX_DETAILED else Item(n, k) for i, (n, k) in enumerate(listed)]

    def _describe(self, completion, target, javascript: bool) -> Item:
        if javascript:
            return self._describe_js(target, completion.name)
        if target is not None and completion.type == "instance":
            try:
                if inspect.getattr_static(target, completion.name) is None:
                    return Item(completion.name, "None")  # not NoneType()'s signature
            except AttributeError:
                pass
        key = describe_key(completion.module_name, completion.full_name, completion.type,
                           self._changing())

        def make():
            signatures = completion.get_signatures()
            signature = signatures[0].to_string()[:MAX_DETAIL] if signatures else ""
            return Item(completion.name, completion.type, signature,
                        first_line(completion.docstring(raw=True)))
        return self._kept(key, make)

    def _with_jedi(self, code: str, line: int, column: int, dotted: str, typed: str) -> list:
        spaces = self._namespaces()
        target = fast_names.target(dotted, spaces, _javascript)
        javascript = _javascript(target)
        found = self.jedi.Interpreter(code, spaces).complete(line + 1, column)
        seen = set()
        kept = [c for c in found if keep_name(c.name, typed, javascript, self.hidden)
                and not (c.name in seen or seen.add(c.name))][:MAX_ITEMS]
        return [self._describe(c, target, javascript) if i < MAX_DETAILED
                else Item(c.name, c.type) for i, c in enumerate(kept)]

    def _complete(self, code: str, line: int, column: int) -> dict:
        before = "\n".join(code.split("\n")[:line] + [code.split("\n")[line][:column]])
        dotted = asks_after(before)
        if dotted is None:
            return {"items": []}
        if self._ml5.wanted(dotted):
            return self._ml5.answer()
        typed = fast_names.typed_after_dot(before)
        try:
            items = self._fast(code, line, column, dotted, typed)
        except Exception:  # noqa: BLE001 (an object that will not say: Jedi may)
            items = None
        if items is None:
            if self.jedi is None:
                self.preload()  # not loading yet (or again, after a failure)
                return {"items": [], "loading": not self.failed,
                        "said": self.failed or LOADING}
            items = self._with_jedi(code, line, column, dotted, typed)
        return {"from": column - len(typed), "items": [item.as_dict() for item in items],
                "said": announcement(len(items), f"{dotted}."),
                "spoken": [item.spoken() for item in items]}

    def ask(self, code, line, column) -> str:
        """JSON for js/sketch_hints.js: {"from", "items", "said", "spoken"}; no items when there
        is nothing to offer, with "loading" while Jedi loads (then ask `ready`)."""
        try:
            return json.dumps(self._complete(str(code), int(line), int(column)))
        except Exception as error:  # noqa: BLE001 (Jedi on half-typed code: no list, no harm)
            return json.dumps({"items": [], "said": f"No completions here ({type(error).__name__})."})

    async def ready(self) -> bool:
        """Once Jedi (or ml5, when `ml5.` was asked for) has loaded (True) or could not (False)."""
        if (ml5 := await self._ml5.ready()) is not None:
            return ml5
        self._urgent = True
        self.preload()
        if self._loading is not None:
            await asyncio.wait([self._loading])
        return self.jedi is not None


def attach(editor) -> Completer:
    """Completion for `editor` (a lab.editor.Editor): its list opens after a dot or Ctrl+Space;
    Jedi loads when the editor first gets the focus."""
    completer = Completer(editor)
    status = js.document.createElement("p")
    status.id, status.className = f"{editor.name}-hint-status", "visually-hidden"
    status.setAttribute("aria-live", "polite")
    editor.cm.getWrapperElement().after(status)
    js.labHints.attach(editor.cm, editor._proxies.add(completer.ask),
                       editor._proxies.add(completer.ready), status,
                       editor._proxies.add(completer.preload))
    return completer
