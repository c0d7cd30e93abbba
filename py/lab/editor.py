"""Each demo's Python, editable in the page: Run (Ctrl/Cmd+Enter), Stop, Reset, and a console.

    from lab.editor import Editor

    async def run(name, source): ...          # the app runs the code in the page
    def stop(name): ...                        # the app ends the demo's current run
    editor = Editor("pose", run, stop)         # fills #pose-code with the editor and console
    editor.source                              # the code as the user left it
    editor.edited                              # True when it differs from py/lab/demos/pose.py
    editor.unfinished                          # its last run never finished (or ran away)
    editor.refresh()                           # after its section becomes visible
    editor.open_shared(source)                 # code from a link: shown, not run until Run
    editor.from_link                           # that code, until the user runs it or resets
    editor.restore_edit()                      # the saved edit a link's code hid, back

The shipped code is read from the same py/lab/demos/ files the app runs: one
source of truth. Edits are kept in localStorage (`lab.core.storage`), so they
survive a reload, until Reset brings back the shipped code. Another tab's edit of
the same demo, saved since this tab read or saved its own, is kept aside before
this one is saved (lab.editor_link), never overwritten. An edit whose run
did not finish is marked there too, so that the app does not run it again
at start-up (a script that froze the page would freeze every visit).

"Copy link" (`#<demo>-share`) puts the code, compressed, into the page's
address after '#' (lab.core.share), and copies that link. Opening it shows the
code in this editor with a notice; it runs only when the user presses Run, and
is kept in this browser only from then on. A saved edit it hides is never lost:
kept aside, with "Restore my edit" (lab.editor_link).

This is CodeMirror 5 in the page rather than PyScript's <py-editor>: that one
runs code in a web worker, where the page's DOM, camera, p5 sketch and loaded
models are out of reach. Here the code runs in the page's own interpreter.
"""

import js

from lab.core import storage
from lab.core.bridge import Proxies, to_js
from lab.core.runner import shipped_source
from lab.core.ui import document, element, show_message
from lab.editor_link import LinkedCode

STORAGE_KEY = "browser-ml-lab/edit/{name}"
UNFINISHED_KEY = "browser-ml-lab/unfinished/{name}"


def _button(label: str, id_: str, title: str):
    button = document.createElement("button")
    button.type, button.id, button.textContent, button.title = "button", id_, label, title
    return button


class Editor(LinkedCode):
    def __init__(self, name: str, run, stop):
        self.name = name
        self._run, self._stop = run, stop
        self._proxies = Proxies()  # the editor lives as long as the page
        self._key = STORAGE_KEY.format(name=name)
        self._unfinished_key = UNFINISHED_KEY.format(name=name)
        self.shipped = shipped_source(name)
        self.from_link = None  # code opened from a link, not run yet
        saved = storage.get(self._key)
        self._kept = saved  # the edit as this tab last read or saved it (another tab may save)

        panel = element(f"#{name}-code")
        bar = document.createElement("div")
        bar.className = "code-bar"
        title = document.createElement("span")
        title.className = "code-title"
        title.textContent = f"Python · py/lab/demos/{name}.py"
        self._state = document.createElement("span")
        self._state.className = "code-state"
        self._state.id = f"{name}-code-state"
        run_button = _button("Run ▶", f"{name}-code-run", "Run this code in the page (Ctrl+Enter)")
        run_button.className = "primary"
        stop_button = _button("Stop ■", f"{name}-code-stop",
                              "End this demo's current run: its loops, camera and handlers")
        reset_button = _button("Reset", f"{name}-code-reset", "Bring back the shipped code and run it")
        share_button = _button("Copy link", f"{name}-share",
                               "A link that opens this code here, in anyone's browser")
        bar.append(title, self._state, run_button, stop_button, reset_button, share_button)
        self._notice = document.createElement("div")
        self._notice.id = f"{name}-code-notice"
        self._notice.className = "message"
        self._notice.setAttribute("role", "status")
        self._notice.hidden = True
        host = document.createElement("div")
        host.className = "code-editor"
        host.id = f"{name}-editor"
        console_label = document.createElement("div")
        console_label.className = "console-label"
        console_label.textContent = "Output (print() and errors)"
        console = document.createElement("pre")
        console.className = "console"
        console.id = f"{name}-console"
        console.setAttribute("aria-live", "polite")
        panel.replaceChildren(bar, self._notice, host, console_label, console)

        run_key = self._proxies.add(lambda cm: self._start_run())
        self.cm = js.CodeMirror.new(host, to_js({
            "value": saved if saved is not None else self.shipped,
            "mode": "python",
            "lineNumbers": True,
            "indentUnit": 4,
            "tabSize": 4,
            "indentWithTabs": False,
            "matchBrackets": True,
            "autoCloseBrackets": True,
            "viewportMargin": 10,
            # a contenteditable lets screen readers read the code; the textarea input does not
            "inputStyle": "contenteditable",
            "screenReaderLabel": f"Python code of the {name} demo: Ctrl+Enter runs it, "
                                 "Escape then Tab leaves the editor",
            "extraKeys": {"Ctrl-Enter": run_key, "Cmd-Enter": run_key,
                          "Tab": self._proxies.add(self._tab)},
        }))
        self._leaving = False  # Escape was pressed: the next Tab moves the focus out
        self.cm.on("keydown", self._proxies.add(self._key_down))
        self.cm.on("change", self._proxies.add(self._changed))
        run_button.addEventListener("click", self._proxies.add(lambda event: self._start_run()))
        stop_button.addEventListener("click", self._proxies.add(lambda event: self._stop(name)))
        reset_button.addEventListener("click", self._proxies.add(lambda event: self._reset()))
        share_button.addEventListener("click", self._proxies.add(lambda event: self.share()))
        self._show_state()
        self.offer_restore()  # an edit kept aside when a link's code replaced it

    @property
    def source(self) -> str:
        return str(self.cm.getValue())

    @property
    def edited(self) -> bool:
        return self.source != self.shipped

    @property
    def unfinished(self) -> bool:
        return storage.get(self._unfinished_key) is not None

    def mark_unfinished(self, why: str = "running"):
        """Its run started (or ran away): until it finishes, start-up won't run it again."""
        storage.put(self._unfinished_key, why)

    def mark_finished(self):
        storage.remove(self._unfinished_key)

    def refresh(self):
        self.cm.refresh()  # CodeMirror measures itself wrongly while its section is hidden

    def _key_down(self, cm, event):
        if event.key == "Tab" and self._leaving:
            event.codemirrorIgnore = True  # not CodeMirror's key: the browser moves the focus
        if event.key != "Shift":
            self._leaving = event.key == "Escape"

    @staticmethod
    def _tab(cm):
        # Python wants spaces: indent a selection, or insert four spaces
        if cm.somethingSelected():
            cm.indentSelection("add")
        else:
            cm.replaceSelection("    ", "end")

    def _changed(self, *args):
        if self.from_link is not None:  # kept only once the user runs it
            self._show_state()
            return
        if not self.keep_other_tabs_edit(self._kept):
            self._show_state()
            return
        if self.edited:
            storage.put(self._key, self.source)
            self._kept = self.source
        else:
            storage.remove(self._key)
            self._kept = None
            self.mark_finished()  # the shipped code is what runs now
        self._show_state()

    def _show_state(self):
        kept = "kept in this browser" if storage.kept else "kept until this tab closes"
        self._state.textContent = ("from a link, not run yet" if self.from_link is not None
                                   else f"edited ({kept} until Reset)" if self.edited
                                   else "shipped code")
        self._state.classList.toggle("edited", self.edited)

    def _start_run(self):
        from asyncio import ensure_future
        if self.from_link is not None:  # the user chose to run it: theirs now, kept as an edit
            self.leave_link()  # the edit it replaces is kept aside
            self._changed()
            self.offer_restore()
        ensure_future(self._run(self.name, self.source))

    def _reset(self):
        if self.from_link is not None:
            self.leave_link()  # the saved edit the link's code hid is kept aside
        self.cm.setValue(self.shipped)  # fires _changed, which forgets the saved edit
        self.offer_restore()
        self._start_run()

    def notice(self, text: str, kind: str = "info"):
        """A note above the code about the editor itself (a link); empty hides it."""
        show_message(self._notice, text, kind)
