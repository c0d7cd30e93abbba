"""A demo's controls as Python values: a picker, a slider, a switch that a loop can read each frame.

    from lab.core.controls import Choice, Slider

    picker = Choice(demo, "#pose-model", {"posenet": "PoseNet", "movenet": "MoveNet"},
                    start="posenet")
    picker.value                        # "movenet" once the user picks it
    threshold = Slider(demo, "#pose-threshold", start=0.2, shown_in="#pose-threshold-value",
                       on_change=lambda value: stage.redraw())
    threshold.value                     # 0.35 once the user drags it there
    in_worker = Toggle(demo, "#pose-worker", start=False, on_change=lambda on: ...)

Each keeps the element's value as a Python attribute, updated by the element's
event: reading it in a frame loop costs no trip to the page.
"""

from lab.core.ui import document, element


class Choice:
    """A <select> filled from `options` ({value: label}), starting at `start`."""

    def __init__(self, demo, selector: str, options: dict, start: str, on_change=None):
        self.element = element(selector)
        self.element.replaceChildren()
        for name, label in options.items():
            option = document.createElement("option")
            option.value, option.textContent = name, label
            self.element.append(option)
        self._on_change = on_change
        self.value = start
        demo.on(selector, "change", self._changed)

    @property
    def value(self) -> str:
        """The option picked now."""
        return self._value

    @value.setter
    def value(self, value: str):
        self._value = str(value)
        self.element.value = self._value

    def _changed(self, event):
        self._value = str(self.element.value)
        if self._on_change is not None:
            self._on_change(self._value)


class Slider:
    """An <input type="range"> starting at `start`, its value shown in `shown_in` as `format`."""

    def __init__(self, demo, selector: str, start: float, shown_in: str | None = None,
                 on_change=None, format: str = "{:.2f}"):
        self.element = element(selector)
        self._shown_in = element(shown_in) if shown_in else None
        self._format, self._on_change = format, on_change
        self.element.value = start  # the slider starts where the code says
        demo.on(selector, "input", self._changed)
        self._changed(None)

    def _changed(self, event):
        self.value = float(self.element.value)
        if self._shown_in is not None:
            self._shown_in.textContent = self._format.format(self.value)
        if self._on_change is not None:
            self._on_change(self.value)


class Toggle:
    """A checkbox starting at `start`; `on_change(value)` when the user flips it."""

    def __init__(self, demo, selector: str, start: bool, on_change=None):
        self.element = element(selector)
        self.element.checked = bool(start)
        self.value = bool(start)
        self._on_change = on_change
        demo.on(selector, "change", self._changed)

    def _changed(self, event):
        self.value = bool(self.element.checked)
        if self._on_change is not None:
            self._on_change(self.value)
