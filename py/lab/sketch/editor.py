"""The Sketch tab's editor: the demos' editor (lab.editor: Run, Stop, Reset, console, link),
holding one of the user's sketches at a time, kept as they type.

    from lab.sketch.editor import SketchEditor

    editor = SketchEditor("sketch", run, stop)     # as lab.editor.Editor; the app makes it
    editor.link_demos(editors, show_demo)          # each demo's "Open as a sketch"
    await editor.loaded                            # the kept sketches are listed
    editor.current                                 # the Sketch shown (None: not kept yet)
    await editor.create("My idea", code)           # a new kept sketch, shown, not run
    editor.draft("Example: Pose", code)            # shown, kept from its first change or Run

Saving waits for a pause in typing (SAVE_DELAY) and writes the sketch's record
(lab.sketch.keep); the text of a sketch is taken at each change, so switching
sketches never loses the last keys typed. The tab's buttons are lab.sketch.panel's.
"""

import asyncio
import time

import js

from lab.editor import Editor
from lab.sketch import completer, panel
from lab.sketch.book import Sketch, clean_name, copy_name, merge, new_id, newest_first, unique_name
from lab.sketch.keep import SketchStore

SAVE_DELAY = 0.4  # seconds of quiet typing before a save


class SketchEditor(Editor):
    current = None          # the Sketch shown; None while a draft (not kept yet)

    def __init__(self, name: str, run, stop):
        self.store = SketchStore()
        self.sketches: dict[str, Sketch] = {}
        self._draft = ("Sketch 1", "")  # name and starting code of what is shown, unkept
        self._switching = False         # the code is being replaced, not typed
        self._dirty: set[str] = set()
        self._saving = None
        self._refreshing, self._again = None, False  # another tab's changes, read again
        self._one_save = asyncio.Lock()  # one write at a time: each knows the revision before
        super().__init__(name, run, stop)
        self._draft = ("Sketch 1", self.shipped)  # what shows until the kept ones are read
        self.ui = panel.SketchPanel(self)
        self.completer = completer.attach(self)  # Jedi loads when the editor first asks
        self.loaded = asyncio.ensure_future(self._load())

    # what is kept ------------------------------------------------------------
    async def _load(self):
        for sketch in await self.store.load():
            self.sketches[sketch.id] = sketch
        if self.current is None and self.from_link is None and not self._dirty:
            listed = newest_first(self.sketches.values())
            if listed:
                self.show(listed[0])
            else:
                self.draft(self.fresh_name(), self.shipped)
        self.ui.render()
        self.ui.list.dataset.loaded = "1"  # for automation: the kept sketches are listed
        js.labSketches.onChange(self._proxies.add(self._other_tab_changed))

    def _other_tab_changed(self):
        if self._refreshing is None or self._refreshing.done():
            self._refreshing = asyncio.ensure_future(self._refresh())
        else:
            self._again = True  # one more read once this one is done: many saves, few reads

    async def _refresh(self):
        """Another tab kept or removed a sketch: list what is kept now."""
        self._again = True
        while self._again:
            self._again = False
            kept = await self.store.load()
            shown = {self.current.id} if self.current is not None else set()
            self.sketches = merge(self.sketches, kept, self._dirty | shown)
            self.ui.render()

    def names(self, leaving_out=None) -> list[str]:
        return [s.name for s in self.sketches.values() if s is not leaving_out]

    def _key_down(self, cm, event):
        super()._key_down(cm, event)
        if event.key == "Escape" and getattr(cm.state, "completionActive", None):
            self._leaving = False  # Escape closed the completion list: Tab still indents

    def fresh_name(self) -> str:
        return unique_name("Sketch 1", self.names())

    def _changed(self, *args):
        if self._switching:
            return
        if self.from_link is not None:  # kept only once the user runs it
            self._show_state()
            return
        if self.current is None:  # a draft becomes a sketch at its first change
            name, origin = self._draft
            self.current = Sketch.new(unique_name(name, self.names()), self.source, time.time(),
                                      origin)
            self.sketches[self.current.id] = self.current
            self.ui.render()
        self.current.code = self.source
        self.current.updated = time.time()
        self._dirty.add(self.current.id)
        if self._saving is None or self._saving.done():
            self._saving = asyncio.ensure_future(self._save_soon())
        self._show_state()

    async def _save_soon(self):
        await asyncio.sleep(SAVE_DELAY)
        await self.save_now()

    async def save_now(self):
        """Write every sketch changed since the last save."""
        async with self._one_save:
            while self._dirty:
                sketch = self.sketches.get(self._dirty.pop())
                if sketch is not None:  # else deleted meanwhile
                    await self._write(sketch)
        self._show_state()

    async def _write(self, sketch: Sketch):
        copy_name_ = unique_name(f"{sketch.name} (other tab)", self.names())
        copied = await self.store.save(sketch, new_id(), copy_name_)
        if copied is not None:
            self.sketches[copied.id] = copied
            self.notice(f"“{sketch.name}” was also changed in another tab. Both are kept: "
                        f"that tab's version is “{copied.name}”, this one kept its name.",
                        "warning")
            self.ui.render()

    def _show_state(self):
        if getattr(self, "ui", None) is None:  # the base editor's constructor: not set up yet
            return
        kept = "saved in this browser" if self.store.kept else "kept until this tab closes"
        self._state.textContent = (
            "from a link, not run yet: not kept" if self.from_link is not None
            else "not kept until you change it or press Run" if self.current is None
            else "saving…" if self._dirty else kept)
        self._state.classList.toggle("edited", bool(self._dirty))
        self.ui.say_where_kept(self.store)

    # what is shown -------------------------------------------------------------
    def _replace_code(self, code: str):
        self._switching = True
        try:
            self.cm.setValue(code)
            self.cm.clearHistory()  # Undo does not bring back another sketch's code
        finally:
            self._switching = False

    def show(self, sketch: Sketch):
        self.from_link = None
        self.notice("")
        self.current = sketch
        self._replace_code(sketch.code)
        self.ui.shown()

    def draft(self, name: str, code: str, from_link: str | None = None):
        """Show code that is kept only from its first change (or Run): an example, a link."""
        self.current = None
        self.from_link = from_link
        self._draft = (name, code)
        self.notice("")
        self._replace_code(code)
        self.ui.shown()

    async def create(self, name: str, code: str, origin: str | None = None) -> Sketch:
        sketch = Sketch.new(unique_name(clean_name(name, "Sketch"), self.names()), code,
                            time.time(), origin)
        self.sketches[sketch.id] = sketch
        self._dirty.add(sketch.id)
        self.show(sketch)
        await self.save_now()
        return sketch

    async def rename(self, name: str):
        if self.current is None:
            self._draft = (name, self._draft[1])
            return
        self.current.name = unique_name(name, self.names(leaving_out=self.current))
        self.current.updated = time.time()
        self._dirty.add(self.current.id)
        self.ui.shown()
        await self.save_now()

    async def duplicate(self):
        if self.current is None:  # a draft: keep it first
            self._changed()
        original = self.current
        await self.create(copy_name(original.name, self.names()), self.source, original.origin)

    async def delete(self):
        if self.current is not None:
            gone = self.sketches.pop(self.current.id)
            self._dirty.discard(gone.id)
            await self.store.remove(gone.id)
        listed = newest_first(self.sketches.values())
        if listed:
            self.show(listed[0])
        else:
            self.draft(self.fresh_name(), self.shipped)

    # the base editor's buttons, for a sketch --------------------------------------
    def _start_run(self):
        if self.current is None and self.from_link is None:  # a draft that runs is kept
            self._changed()
        super()._start_run()

    def _reset(self):
        origin = self.current.origin if self.current is not None else self._draft[1]
        if self.source != origin and not self.ui.confirm(
                "Bring back the code this sketch started from? What you changed is lost "
                "(Download .py first to keep it)."):
            return
        self.from_link = None
        self.notice("")
        self.cm.setValue(origin)
        self._start_run()

    def open_shared(self, source: str):
        """Code from a link: a new sketch, shown, not run and not kept until Run."""
        self.draft("Shared sketch", source, from_link=source)
        self.notice("This sketch came from a link and has not run. Read it first: press Run to "
                    "run it (it is then kept in this browser as a new sketch).", "warning")
        self._show_state()

    def link_demos(self, editors: dict, show_demo):
        """Each demo's "Open as a sketch": its code as it is now, in a new sketch."""
        self.ui.wire_demos(editors, show_demo)
