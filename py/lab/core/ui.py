"""The page's elements, its messages to the user, and the results it publishes.

    from lab.core import ui

    ui.message("tensors", "A is empty: type a list like [1, 2, 3].", kind="error")
    ui.publish("tensors", {"add": [11, 22, 33, 44]})   # JSON in #tensors-result
    ui.element("#tensors-a").value

Every demo has `#<demo>-message` (what went wrong and what to do) and
`#<demo>-result` (its latest result as JSON, for people and for automation).
"""

import js
from pyodide.ffi import create_once_callable

from lab.core.output import OutputBuffer, clip
from lab.core.results import to_json

document = js.document


def element(selector: str):
    """The page's element for a CSS `selector`; a clear error if there is none."""
    found = document.querySelector(selector)
    if not found:  # JS null arrives as pyodide's JsNull, which is falsy but not None
        raise LookupError(f"The page has no element {selector!r}.")
    return found


def message(demo: str, text: str, kind: str = "info", link: tuple[str, str] | None = None):
    """Show `text` in the demo's message line; kind is info, ok or error. Empty hides it.

    `link`, as (address, words), follows the text: a way out, such as safe mode.
    """
    show_message(element(f"#{demo}-message"), text, kind, link)


def show_message(box, text: str, kind: str = "info", link: tuple[str, str] | None = None):
    box.textContent = text
    if text and link:
        anchor = document.createElement("a")
        anchor.href, anchor.textContent = link
        box.append(" ", anchor)
    box.className = f"message {kind}" if text else "message"
    box.hidden = not text


def publish(demo: str, data: dict):
    element(f"#{demo}-result").textContent = to_json(data)


def append_block(selector: str, label: str, text: str):
    """Add a labelled block of monospace text (a printed tensor, say) to a container."""
    figure = document.createElement("figure")
    caption = document.createElement("figcaption")
    caption.textContent = label
    pre = document.createElement("pre")
    pre.textContent = text
    figure.append(caption, pre)
    element(selector).append(figure)


def clear(selector: str):
    element(selector).replaceChildren()


_outputs: dict = {}              # demo -> OutputBuffer of its console
_flush_pending: set = set()
CONSOLE_LINES = 500             # the newest lines a console keeps


def console(demo: str, text: str, kind: str = "out"):
    """Append to the demo's console (the panel under its code): print output or a traceback.

    A flood of lines is held and shown at the page's next turn, newest CONSOLE_LINES only.
    """
    if not document.getElementById(f"{demo}-console"):
        return
    buffer = _outputs.setdefault(demo, OutputBuffer(keep=CONSOLE_LINES))
    text = text if text.endswith("\n") else text + "\n"
    if buffer.add(text, kind):
        _write(demo, [(clip(text), kind)], 0)
    if demo not in _flush_pending:
        _flush_pending.add(demo)
        js.setTimeout(create_once_callable(lambda: _flush(demo)), 0)


def _flush(demo: str):
    _flush_pending.discard(demo)
    lines, dropped = _outputs[demo].take()
    _write(demo, lines, dropped)


def _write(demo: str, lines, dropped: int):
    panel = document.getElementById(f"{demo}-console")
    if not panel:
        return
    fragment = document.createDocumentFragment()
    for text, kind in lines:
        line = document.createElement("span")
        line.className = f"console-{kind}"
        line.textContent = text
        fragment.append(line)
    panel.append(fragment)
    spans = panel.querySelectorAll("span:not(.console-dropped)")
    extra = spans.length - CONSOLE_LINES
    for index in range(max(extra, 0)):
        spans[index].remove()
    dropped += max(extra, 0)
    if dropped:
        note = panel.querySelector(".console-dropped")
        if not note:
            note = document.createElement("span")
            note.className = "console-dropped"
            note.dataset.count = "0"
            panel.prepend(note)
        total = int(note.dataset.count) + dropped
        note.dataset.count = str(total)
        note.textContent = f"… {total:,} earlier lines not shown (only the last {CONSOLE_LINES} are kept)\n"
    panel.scrollTop = panel.scrollHeight


def clear_console(demo: str):
    panel = document.getElementById(f"{demo}-console")
    if panel:
        panel.replaceChildren()
    if demo in _outputs:
        _outputs[demo].take()
