"""The stage's Mirror switch: the picture shown as in a mirror, or as the camera sees it.

    switch = MirrorSwitch(demo)          # wires #<demo>-mirror (a checkbox) if the page has one
    switch.on["camera"], switch.on["image"]   # True, False unless the user chose otherwise
    switch.show("camera")                # the checkbox shows the setting of what is on stage

One setting per kind of source, remembered in this browser: a webcam is
mirrored by default (as in every video call: your right hand moves on the
right), a photo is not. Mirroring changes only what is drawn; the models see,
and the demos publish, the source's own pixels.
"""

from lab.core import storage

KEY = "browser-ml-lab/mirror/{source}"
DEFAULTS = {"camera": True, "image": False}


def remembered(source: str) -> bool:
    """The user's choice for `source` ("camera" or "image"), or its default."""
    value = storage.get(KEY.format(source=source))
    return DEFAULTS[source] if value not in ("0", "1") else value == "1"


class MirrorSwitch:
    def __init__(self, demo, on_change=None):
        from lab.core.ui import document  # the browser's: the rest is tested without one

        self.on = {source: remembered(source) for source in DEFAULTS}
        self.source = "camera"  # what the checkbox is about now
        self._on_change = on_change
        selector = f"#{demo.name}-mirror"
        self.box = document.querySelector(selector) or None  # JS null is not None
        if self.box is not None:
            demo.on(selector, "change", self._changed)
            self.show(self.source)

    def mirrored(self, source) -> bool:
        return source in self.on and self.on[source]

    def show(self, source):
        """The checkbox shows the setting for `source` (None: nothing on stage, the camera's)."""
        self.source = source if source in self.on else "camera"
        if self.box is not None:
            self.box.checked = self.on[self.source]

    def _changed(self, event):
        self.on[self.source] = bool(self.box.checked)
        storage.put(KEY.format(source=self.source), "1" if self.on[self.source] else "0")
        if self._on_change is not None:
            self._on_change()
