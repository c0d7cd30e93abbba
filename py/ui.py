"""The page's elements, its messages to the user, and the results it publishes.

    from lab import ui

    ui.message("tensors", "A is empty: type a list like [1, 2, 3].", kind="error")
    ui.publish("tensors", {"add": [11, 22, 33, 44]})   # JSON in #tensors-result
    ui.element("#tensors-a").value

Every demo has `#<demo>-message` (what went wrong and what to do) and
`#<demo>-result` (its latest result as JSON, for people and for automation).
"""

import json
import math

import js

document = js.document


def element(selector: str):
    found = document.querySelector(selector)
    if found is None:
        raise LookupError(f"The page has no element {selector!r}.")
    return found


def message(demo: str, text: str, kind: str = "info"):
    """Show `text` in the demo's message line; kind is info, ok or error. Empty hides it."""
    box = element(f"#{demo}-message")
    box.textContent = text
    box.className = f"message {kind}" if text else "message"
    box.hidden = not text


def _json_safe(value):
    # JSON has no NaN or Infinity: publish them as strings a reader can still test for.
    if isinstance(value, float) and not math.isfinite(value):
        return str(value).replace("inf", "Infinity").replace("nan", "NaN")
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def to_json(data) -> str:
    try:
        return json.dumps(data, allow_nan=False)
    except ValueError:  # a NaN or an infinity somewhere: walk the data only then
        return json.dumps(_json_safe(data), allow_nan=False)


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


def console(demo: str, text: str, kind: str = "out"):
    """Append to the demo's console (the panel under its code): print output or a traceback."""
    panel = document.getElementById(f"{demo}-console")
    if panel is None:
        return
    line = document.createElement("span")
    line.className = f"console-{kind}"
    line.textContent = text if text.endswith("\n") else text + "\n"
    panel.append(line)
    panel.scrollTop = panel.scrollHeight
