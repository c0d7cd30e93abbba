"""The teach demo's class list: one row per class, built from the dataset, and the prediction.

    from lab.teach.view import ClassList

    rows = ClassList("#teach-classes")
    rows.show(dataset)                  # a .teach-class per class (name, record, photos, count)
    rows.show_added(dataset, 0)         # class 0 has one sample more (while recording)
    rows.show_confidences([0.8, 0.2])   # a bar per class

Each row: `input.teach-name`, `button.teach-record` (hold to record), `input.teach-files`
(add photos), `.teach-count`, `button.teach-clear` (clear the class), `button.teach-remove`
(delete the class) and `.teach-thumbs` (the latest samples; pressing one removes it).
The rows carry `data-index`; the demo listens on the list and reads it from the event.
"""

from lab.core.ui import document, element

SHOWN_SAMPLES = 12  # thumbnails per class: the latest ones


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


class ClassList:
    def __init__(self, selector: str):
        self.box = element(selector)

    def show(self, dataset, recording: int | None = None):
        rows = []
        for index, teach_class in enumerate(dataset.classes):
            row = _make("div", "teach-class", data_index=index)
            name = _make("input", "teach-name", aria_label=f"Name of class {index + 1}")
            name.value = teach_class.name
            record = _make("button", "teach-record" + (" recording" if recording == index else ""),
                           "Hold to record", type="button",
                           title="Hold (mouse, touch, or Space on the keyboard) to add a sample "
                                 "at each frame")
            files = _make("label", "teach-files-label", "Add photos ")
            picker = _make("input", "teach-files", type="file", accept="image/*", multiple="")
            files.append(picker)
            count = _make("span", "teach-count", f"{len(teach_class.samples)} samples")
            clear = _make("button", "teach-clear", "Clear", type="button")
            remove = _make("button", "teach-remove", "Delete class", type="button")
            thumbs = _make("div", "teach-thumbs")
            first = max(0, len(teach_class.samples) - SHOWN_SAMPLES)
            for number, sample in enumerate(teach_class.samples[first:], start=first):
                thumbs.append(_thumb(teach_class.name, number, sample))
            bar = _make("div", "teach-bar")
            bar.append(_make("span"))
            row.append(name, record, files, count, clear, remove, bar, thumbs)
            rows.append(row)
        self.box.replaceChildren(*rows)

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
