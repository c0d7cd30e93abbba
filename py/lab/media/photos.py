"""Photos in place of the webcam: the bundled samples, a file the user picks or drops.

    from lab.media.photos import SAMPLES, sample_url, open_photo, PhotoError, wire_picker

    image = await open_photo("assets/samples/chelsea.jpg")   # a decoded <img>, or PhotoError
    wire_picker(stage)      # #<demo>-file, #<demo>-samples, #<demo>-camera, drops on the section

Elements `wire_picker` wires, all optional, inside the demo's section:
`#<demo>-file` (an `<input type="file">`), `#<demo>-samples` (an empty
container: it gets one button per sample photo), `#<demo>-camera` (a button
that (re)starts the camera). A photo can also be dropped anywhere on the demo's
section: dropped where nothing takes it, the browser would open it in place of
the lab.
"""

import js
from pyodide.ffi import JsException

from lab.core.urls import OffSite, local_url

SAMPLE_DIR = "assets/samples"
# name -> (file in SAMPLE_DIR, button label); photos free to share, see CREDITS.md there
SAMPLES = {
    "astronaut": ("astronaut.jpg", "Astronaut"),
    "chelsea": ("chelsea.jpg", "Cat"),
    "coffee": ("coffee.jpg", "Coffee"),
    "rocket": ("rocket.jpg", "Rocket"),
    "hands": ("hands.jpg", "Hands"),
}
# what a demo offers unless it names its own (the hands demo puts its photo first)
EVERYDAY = ("astronaut", "chelsea", "coffee", "rocket")
FORMATS = "choose a JPEG, PNG, GIF or WebP photo."


class PhotoError(ValueError):
    """A photo could not be shown; the text says which and what to do."""


def sample_url(name: str) -> str:
    return f"{SAMPLE_DIR}/{SAMPLES[name][0]}"


async def open_photo(url: str, name: str | None = None):
    """The photo at `url` (on this page's server, or a blob: URL), decoded, as an <img>."""
    try:
        url = local_url(url, "The photo", "Save it on this computer, then pick it below or "
                        "drop it on this demo.")
    except OffSite as error:
        raise PhotoError(str(error)) from None
    image = js.document.createElement("img")
    image.src = url
    try:
        await image.decode()
    except JsException:
        label = name or url.rsplit("/", 1)[-1]
        raise PhotoError(f"Could not read “{label}” as an image: {FORMATS}") from None
    return image


def check_image_file(file):
    """PhotoError unless `file` (a File) says it is an image."""
    if not str(file.type).startswith("image/"):
        raise PhotoError(f"“{file.name}” is not an image ({file.type or 'unknown type'}): {FORMATS}")


def wire_picker(stage, samples=EVERYDAY):
    """Wire the demo's photo controls to `stage` (see the module docstring); missing ones are skipped."""
    demo, document = stage.demo, js.document
    prefix = f"#{demo.name}"
    if document.querySelector(f"{prefix}-file"):  # JS null when absent, not None
        async def picked(event):
            files = event.target.files
            if files.length:
                await stage.use_file(files.item(0))
            event.target.value = ""  # choosing the same file again still fires "change"
        demo.on(f"{prefix}-file", "change", picked)

    box = document.querySelector(f"{prefix}-samples")
    if box:
        box.replaceChildren()
        for name in samples:
            button = document.createElement("button")
            button.type = "button"
            button.dataset.sample = name
            button.textContent = SAMPLES[name][1]
            box.append(button)

        async def sample_clicked(event):
            button = event.target.closest("button[data-sample]")
            if button:  # a click between the buttons finds none (JS null)
                await stage.use_sample(button.dataset.sample)
        demo.on(f"{prefix}-samples", "click", sample_clicked)

    if document.querySelector(f"{prefix}-camera"):
        async def camera_clicked(event):
            await stage.start_camera()
        demo.on(f"{prefix}-camera", "click", camera_clicked)

    section = stage.container.closest("section")  # JS null (falsy, not None) if none
    area = f"#{section.id}" if section and section.id else stage.selector

    def carries_files(event):
        return bool(event.dataTransfer) and "Files" in list(event.dataTransfer.types)

    def drag_over(event):
        if carries_files(event):
            event.preventDefault()
            event.dataTransfer.dropEffect = "copy"

    def dropped(event):  # not async: the browser's own action must be cancelled right now
        if not carries_files(event) or not event.dataTransfer.files.length:
            return None  # text dragged into a field or the editor goes there as usual
        file = event.dataTransfer.files.item(0)
        in_editor = bool(event.target.closest(".CodeMirror"))
        if in_editor and not str(file.type).startswith("image/"):
            return None  # the editor takes a dropped text file itself
        event.preventDefault()
        return stage.use_file(file)  # a coroutine: the demo runs it as a task
    demo.on(area, "dragover", drag_over)
    demo.on(area, "drop", dropped)
