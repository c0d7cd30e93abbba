"""The Sketch tab's controls around its editor: the list, New, Examples, name, files, demos' links.

    from lab.sketch.panel import SketchPanel

    ui = SketchPanel(editor)      # lab.sketch.editor.SketchEditor makes it; wires #sketch-*
    ui.render()                   # #sketch-list again (newest first), the shown one marked
    ui.shown()                    # after another sketch is shown: its name, the list

Everything a file or the storage gave is shown as text (textContent), never as HTML.
Download, Open and drops are lab.sketch.files'.
"""

import asyncio
import time

import js

from lab.core.ui import document, element
from lab.sketch import gallery
from lab.sketch.book import SketchNameError, clean_name, newest_first
from lab.sketch.files import SketchFiles
from lab.sketch.from_demo import as_sketch

NAME = "sketch"


def _when(seconds: float) -> str:
    return time.strftime("%d %b %H:%M", time.localtime(seconds))


class SketchPanel:
    def __init__(self, editor):
        self.editor = editor
        add = editor._proxies.add  # as long as the page
        self.list = element("#sketch-list")
        self.name = element("#sketch-name")
        element("#sketch-code .code-title").textContent = "Python · your sketch"
        element("#sketch-code-reset").title = "Bring back the code this sketch started from"
        for selector, handler in (
                ("#sketch-new", self._new), ("#sketch-duplicate", self._duplicate),
                ("#sketch-delete", self._delete), ("#sketch-list", self._picked),
                ("#sketch-examples", self._example)):
            element(selector).addEventListener("click", add(self._later(handler)))
        self.name.addEventListener("change", add(self._later(self._renamed)))
        self.name.addEventListener("keydown", add(self._name_key))
        self.files = SketchFiles(editor, self)
        self._fill_examples()

    def _later(self, handler):
        """An event handler that may await: run as a task, its failure said above the code."""
        async def guarded(event):
            try:
                await handler(event)
            except Exception as error:  # the storage refused, say: the tab carries on
                self.say(f"That did not work: {error}", "error")

        def on_event(event):
            asyncio.ensure_future(guarded(event))
        return on_event

    def say(self, text: str, kind: str = "info"):
        self.editor.notice(text, kind)

    @staticmethod
    def confirm(question: str) -> bool:
        return bool(js.window.confirm(question))

    # the list ---------------------------------------------------------------------
    def render(self):
        current = self.editor.current
        items = []
        for sketch in newest_first(self.editor.sketches.values()):
            item = document.createElement("li")
            button = document.createElement("button")
            button.type = "button"
            button.dataset.sketch = sketch.id
            title = document.createElement("span")
            title.className = "sketch-title"
            title.textContent = sketch.name
            when = document.createElement("span")
            when.className = "sketch-when"
            when.textContent = _when(sketch.updated)
            button.append(title, when)
            if sketch is current:
                button.setAttribute("aria-current", "true")
            item.append(button)
            items.append(item)
        self.list.replaceChildren(*items)
        element("#sketch-empty").hidden = bool(items)

    @staticmethod
    def say_where_kept(store):
        """Under the list, when sketches last only as long as the tab: why, and what to do."""
        line = element("#sketch-kept")
        if line.textContent != store.why_not:
            line.textContent = store.why_not
        line.hidden = store.kept

    def shown(self):
        editor = self.editor
        self.name.value = editor.current.name if editor.current else editor._draft[0]
        element("#sketch-delete").disabled = editor.current is None
        self.render()
        editor._show_state()

    async def _picked(self, event):
        button = event.target.closest("button[data-sketch]")
        sketch = self.editor.sketches.get(str(button.dataset.sketch)) if button else None
        if sketch is not None and sketch is not self.editor.current:
            self.editor.show(sketch)

    # the buttons ----------------------------------------------------------------------
    async def _new(self, event):
        editor = self.editor
        await editor.create(editor.fresh_name(), editor.shipped)
        self.say("A new sketch, kept in this browser as you type: press Run to run it.", "ok")

    async def _duplicate(self, event):
        await self.editor.duplicate()
        self.say(f"Duplicated: this is “{self.editor.current.name}”.", "ok")

    async def _delete(self, event):
        current = self.editor.current
        if current is None or not self.confirm(
                f"Delete the sketch “{current.name}” from this browser? This cannot be undone "
                "(Download .py first to keep a copy)."):
            return
        await self.editor.delete()
        self.say(f"Deleted “{current.name}”.", "ok")

    async def _renamed(self, event):
        try:
            name = clean_name(self.name.value)
        except SketchNameError as error:
            self.say(str(error), "error")
            self.shown()
            return
        await self.editor.rename(name)

    def _name_key(self, event):
        if event.key == "Escape":
            self.shown()  # the name it had
        elif event.key == "Enter":
            self.name.blur()  # "change" follows

    # examples and demos ---------------------------------------------------------------
    def _fill_examples(self):
        box = element("#sketch-examples")
        for example in gallery.EXAMPLES:
            button = document.createElement("button")
            button.type = "button"
            button.dataset.example = example.name
            title = document.createElement("strong")
            title.textContent = example.title
            about = document.createElement("span")
            about.textContent = example.description
            button.append(title, about)
            box.append(button)

    async def _example(self, event):
        button = event.target.closest("button[data-example]")
        if not button:
            return
        example = gallery.by_name(str(button.dataset.example))
        self.editor.draft(example.title, example.code)
        self.say(f"The example “{example.title}”: press Run. It is kept as a sketch of yours "
                 "once you change it or run it.", "info")
        element("#sketch-editor").scrollIntoView()

    def wire_demos(self, editors: dict, show_demo):
        for name, editor in editors.items():
            if name == NAME:
                continue
            button = document.createElement("button")
            button.type, button.id = "button", f"{name}-open-sketch"
            button.textContent = "Open as a sketch"
            button.title = "This code, as it is now, in a new sketch of your own (Sketch tab)"
            element(f"#{name}-code .code-bar").append(button)

            async def open_it(event, name=name, editor=editor):
                await show_demo(NAME, start=False)
                js.history.replaceState(None, "", f"?demo={NAME}")
                await self.editor.loaded
                await self.editor.create(f"{name} demo", as_sketch(editor.source, name),
                                         as_sketch(editor.shipped, name))
                self.say(f"The {name} demo's code, as a sketch of yours: press Run.", "ok")
            button.addEventListener("click", self.editor._proxies.add(self._later(open_it)))
