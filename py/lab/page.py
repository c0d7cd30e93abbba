"""The page around the demos: its own message line, each demo's print(), the tabs' arrow keys,
and labStats() for automation.

    from lab.page import app_message, console_print, stats, tab_keys

    app_message("Safe mode: …", "info", key="safe")   # one message per key ("" removes it)
    print_ = console_print("pose")                      # a demo script's print()
    js.window.labStats = create_proxy(stats)            # lab.app.main does this
"""

import js

from lab.core import backend_pick, engine, ui
from lab.core import demo as demos
from lab.core.bridge import to_py
from lab.demos import NAMES


def app_message(text: str, kind: str = "error", link=None, key: str = "app"):
    """A message about the whole page, one per `key` (empty text removes it)."""
    box = ui.element("#app-message")
    item = box.querySelector(f'[data-key="{key}"]')
    if text and not item:  # JS null (JsNull) is falsy, and not None
        item = ui.document.createElement("div")
        item.dataset.key = key
        box.append(item)
    if text:
        ui.show_message(item, text, kind, link)
    elif item:
        item.remove()
    box.hidden = box.childElementCount == 0


def console_print(name: str):
    """A print() for a demo's script: its output goes to the console under the demo's code."""
    def print_(*values, sep=" ", end="\n", file=None, flush=False):
        ui.console(name, sep.join(map(str, values)) + end)
    return print_


def stats() -> str:
    """What is alive, for automation and tests: tensors, and each demo's loops and handlers."""
    alive = {name: demos.running(name).counts() for name in NAMES if demos.running(name)}
    canvases = {name: js.document.querySelectorAll(f"#demo-{name} canvas").length for name in NAMES}
    workers = (to_py(js.labWorkerStats()) if hasattr(js, "labWorkerStats")
               else {"workers": 0, "tensors": 0})
    return ui.to_json({"numTensors": engine.num_tensors(), "demos": alive, "canvases": canvases,
                       "workers": workers["workers"], "workerTensors": workers["tensors"],
                       "backend_choice": backend_pick.choice()})


# ARIA tabs, activated by Enter or Space only: passing over a camera demo must not start it
_TAB_MOVES = {"ArrowRight": 1, "ArrowDown": 1, "ArrowLeft": -1, "ArrowUp": -1}


def tab_keys(event):
    names = list(NAMES)
    current = str(event.target.id).removeprefix("tab-")
    if current not in names or event.altKey or event.ctrlKey or event.metaKey:
        return
    if event.key in _TAB_MOVES:
        target = names[(names.index(current) + _TAB_MOVES[event.key]) % len(names)]
    elif event.key in ("Home", "End"):
        target = names[0 if event.key == "Home" else -1]
    else:
        return
    event.preventDefault()
    ui.element(f"#tab-{target}").focus()
