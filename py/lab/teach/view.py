"""The teach demo's class list: one row per class, built from the dataset, and the prediction.

    from lab.teach.view import ClassList

    rows = ClassList("#teach-classes")
    rows.show(dataset)                  # a .teach-class per class (name, record, photos, count);
                                        # the focus stays on the control it was on
    rows.show(dataset, recording=0)     # class 0's record button pressed
    rows.relabel(dataset, 1)            # class 1 renamed: its field and buttons' names, in place
    rows.show_added(dataset, 0)         # class 0 has one sample more (while recording)
    rows.show_confidences([0.8, 0.2])   # a bar per class

Each row: `input.teach-name`, `button.teach-record` (hold to record, `aria-pressed`),
`input.teach-files` (add photos; videos, a clip each, for motions), `.teach-count`,
`button.teach-clear` (clear the class), `button.teach-remove` (delete the class) and
`.teach-thumbs` (the latest samples; pressing one removes it). Every button's accessible name
says its class. The rows carry `data-index`; the demo listens on the list and reads it from the
event.

A rebuilt list would drop the keyboard's focus to <body>: `show` puts it back on the same
control of the same class (found by identity, as rows move), on a neighbour's when that class or
sample is gone, or on "Add a class" when no class is left.
"""

from lab.core.ui import document, element
from lab.teach.dataset import MOTION_MODES

SHOWN_SAMPLES = 12  # thumbnails per class: the latest ones
CONTROLS = ("teach-name", "teach-record", "teach-files", "teach-clear", "teach-remove",
            "teach-thumb")
ADD_CLASS = "#teach-add-class"


def _make(tag: str, class_name: str = "", text: str = "", **attributes):
    node = document.createElement(tag)
    if class_name:
        node.className = class_name
    if text:
        node.textContent = text
    for name, value in attributes.items():
        node.setAttribute(name.replace("_", "-"), str(value))
    return node


def _thumb(name: str, number: int, sample):
    thumb = _make("button", "teach-thumb", type="button", data_sample=number,
                  title=f"Sample {number + 1}: press to remove it",
                  aria_label=f"Remove sample {number + 1} of {name}")
    if sample.thumb:
        thumb.append(_make("img", src=sample.thumb, alt=""))
    else:
        thumb.textContent = "•"
    return thumb


def _labels(row, name: str):
    """The row's controls' accessible names, each with the class's name."""
    row.querySelector(".teach-record").setAttribute("aria-label", f"Hold to record {name}")
    picker = row.querySelector(".teach-files")
    kind = "videos" if picker.accept.startswith("video") else "photos"
    picker.setAttribute("aria-label", f"Add {kind} to {name}")
    row.querySelector(".teach-clear").setAttribute("aria-label", f"Clear {name}")
    row.querySelector(".teach-remove").setAttribute("aria-label", f"Delete class {name}")
    for thumb in row.querySelectorAll(".teach-thumb"):
        thumb.setAttribute("aria-label", f"Remove sample {int(thumb.dataset.sample) + 1} of {name}")


class ClassList:
    def __init__(self, selector: str):
        self.box = element(selector)
        self.shown = []  # the TeachClass of each row, as last shown

    def show(self, dataset, recording: int | None = None):
        focus = self._focused()
        rows = []
        for index, teach_class in enumerate(dataset.classes):
            row = _make("div", "teach-class", data_index=index)
            name = _make("input", "teach-name", aria_label=f"Name of class {index + 1}")
            name.value = teach_class.name
            record = _make("button", "teach-record" + (" recording" if recording == index else ""),
                           "Hold to record", type="button",
                           aria_pressed="true" if recording == index else "false",
                           title="Hold (mouse, touch, or Space on the keyboard) to add a sample "
                                 "at each frame")
            motion = dataset.mode in MOTION_MODES
            files = _make("label", "teach-files-label", "Add videos " if motion else "Add photos ")
            picker = _make("input", "teach-files", type="file", multiple="",
                           accept="video/webm,video/mp4,video/*" if motion else "image/*")
            files.append(picker)
            unit = "clips" if motion else "samples"   # a clip per hold or video
            count = _make("span", "teach-count", f"{len(teach_class.samples)} {unit}")
            clear = _make("button", "teach-clear", "Clear", type="button")
            remove = _make("button", "teach-remove", "Delete class", type="button")
            thumbs = _make("div", "teach-thumbs")
            first = max(0, len(teach_class.samples) - SHOWN_SAMPLES)
            for number, sample in enumerate(teach_class.samples[first:], start=first):
                thumbs.append(_thumb(teach_class.name, number, sample))
            bar = _make("div", "teach-bar")
            bar.append(_make("span"))
            row.append(name, record, files, count, clear, remove, bar, thumbs)
            _labels(row, teach_class.name)
            rows.append(row)
        self.box.replaceChildren(*rows)
        self.shown = list(dataset.classes)
        if focus is not None:
            self._refocus(dataset, *focus)

    def relabel(self, dataset, index: int):
        """Class `index`'s name as the dataset has it now (a rename, or a refused one)."""
        row = self.box.querySelector(f'.teach-class[data-index="{index}"]')
        if row:  # JS null when there is no such row
            name = dataset.classes[index].name
            row.querySelector(".teach-name").value = name
            _labels(row, name)

    def _focused(self):
        """(row, its class, control, sample number, typed name) of the focused control in the
        list, or None."""
        active = document.activeElement
        row = active.closest(".teach-class") if active else None
        if not row or not self.box.contains(row):
            return None
        index = int(row.dataset.index)
        control = next((c for c in CONTROLS if active.classList.contains(c)), "teach-record")
        sample = int(active.dataset.sample) if control == "teach-thumb" else None
        typed = active.value if control == "teach-name" else None
        return index, self.shown[index] if index < len(self.shown) else None, control, sample, typed

    def _refocus(self, dataset, index, teach_class, control, sample, typed):
        now = next((i for i, c in enumerate(dataset.classes) if c is teach_class), None)
        if now is None:  # its class is gone: the row that took its place, or the one above
            if not dataset.classes:
                element(ADD_CLASS).focus()
                return
            now, control, typed = min(index, len(dataset.classes) - 1), "teach-name", None
        row = self.box.children.item(now)
        target = None
        if control == "teach-thumb":  # the sample after the removed one, else the one before
            for number in (sample, sample - 1):
                target = row.querySelector(f'.teach-thumb[data-sample="{number}"]') or None
                if target is not None:
                    break
        elif control == "teach-name" and typed is not None:
            target = row.querySelector(".teach-name")
            target.value = typed  # what was being typed, not yet a name
        else:
            target = row.querySelector(f".{control}") or None
        (target or row.querySelector(".teach-record")).focus()

    def show_added(self, dataset, index: int):
        """One sample more in class `index` (recording): its count and thumbnail, the rest as is."""
        row = self.box.querySelector(f'.teach-class[data-index="{index}"]')
        if not row:  # JS null when the list was rebuilt meanwhile
            return
        teach_class = dataset.classes[index]
        number = len(teach_class.samples) - 1
        row.querySelector(".teach-count").textContent = f"{number + 1} samples"
        thumbs = row.querySelector(".teach-thumbs")
        thumbs.append(_thumb(teach_class.name, number, teach_class.samples[number]))
        while thumbs.children.length > SHOWN_SAMPLES:
            thumbs.firstElementChild.remove()

    def show_confidences(self, confidences: list[float]):
        for index, confidence in enumerate(confidences):
            bar = self.box.querySelector(f'.teach-class[data-index="{index}"] .teach-bar span')
            if bar:
                bar.style.width = f"{confidence * 100:.0f}%"
