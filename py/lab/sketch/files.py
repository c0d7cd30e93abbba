"""A sketch as a .py file: Download .py, Open .py (#sketch-open), and a .py dropped on the tab.

    from lab.sketch.files import SketchFiles

    SketchFiles(editor, panel)     # lab.sketch.panel makes it; wires #sketch-download, #sketch-open

A file is checked by its name and size before it is read (lab.sketch.book.check_file), and
its text is only ever put in the editor. A .py (or .txt) dropped anywhere on the tab opens as
a new sketch, except on the editor, which takes the text where it is dropped; other files go
on to what the running sketch listens for (a photo for its stage, a CSV).
"""

import asyncio

from lab.core.download import save_text
from lab.core.ui import element
from lab.sketch.book import SketchFileError, check_code, check_file, file_name, name_from_file


class SketchFiles:
    def __init__(self, editor, panel):
        self.editor, self.say = editor, panel.say
        add = editor._proxies.add  # as long as the page
        element("#sketch-download").addEventListener("click", add(panel._later(self._download)))
        element("#sketch-open").addEventListener("change", add(panel._later(self._opened)))
        section = element("#demo-sketch")
        section.addEventListener("dragover", add(self._drag_over))
        section.addEventListener("drop", add(self._dropped))

    async def _download(self, event):
        editor = self.editor
        name = editor.current.name if editor.current else editor._draft[0]
        save_text(editor.source, file_name(name), "text/x-python")

    async def _open_file(self, file):
        try:
            check_file(file.name, int(file.size))
            code = check_code(str(file.name), str(await file.text()))
        except SketchFileError as error:
            self.say(str(error), "error")
            return
        sketch = await self.editor.create(name_from_file(file.name), code)
        self.say(f"Opened “{file.name}” as the sketch “{sketch.name}”: read it, then press Run.",
                 "ok")

    async def _opened(self, event):
        files = event.target.files
        if files.length:
            await self._open_file(files.item(0))
        event.target.value = ""  # the same file chosen again still opens

    @staticmethod
    def _python_file(event):
        transfer = event.dataTransfer
        if not transfer or not transfer.files.length or event.target.closest(".CodeMirror"):
            return None
        file = transfer.files.item(0)
        return file if str(file.name).lower().endswith((".py", ".txt")) else None

    def _drag_over(self, event):
        if event.dataTransfer and "Files" in list(event.dataTransfer.types) \
                and not event.target.closest(".CodeMirror"):
            event.preventDefault()  # a sketch's own drop handler may take other files
            event.dataTransfer.dropEffect = "copy"

    def _dropped(self, event):
        file = self._python_file(event)
        if file is None:
            return
        event.preventDefault()
        event.stopImmediatePropagation()  # not a photo for a sketch's stage
        asyncio.ensure_future(self._open_file(file))

