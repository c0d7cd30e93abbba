"""The teach demo's buttons: record, photos (videos for motions), names, classes, and the rest.

    wire_controls(demo, stage, lessons, rows)

Recording is held: a pointer pressed on a row's "Hold to record" (mouse or
touch), or Space/Enter held on it; it ends when released anywhere (the key or
pointer may be released after the focus or the pointer left the button), when
the pointer leaves the page, when the window loses focus or the tab is hidden,
and when its class is deleted. A motion's class takes video files, one clip each
(lab.teach.video_clip). Samples go to the class they were meant for (the
object, not its row: rows move when a class above is deleted). Every edit is
kept in this browser at once (lab.teach.keep); if it cannot be, the message says so.
"""

import js

from lab.core.ui import element
from lab.media.photos import PhotoError, check_image_file, open_photo
from lab.teach.dataset import MOTION_MODES, DatasetError
from lab.teach.features import photo_frame
from lab.teach.panel import wire_panel
from lab.teach.video_clip import VideoError, clip_of_video, recording_rate

RECORD_KEYS = (" ", "Enter")
NOT_KEPT = ("This browser keeps no data for this site, so the samples last until this tab is "
            "closed: use “Download dataset” to keep them.")


def _row(event) -> int | None:
    row = event.target.closest(".teach-class")
    return int(row.dataset.index) if row else None  # JS null outside a row


def wire_controls(demo, stage, lessons, rows):
    async def save():
        lesson = lessons.current
        if lesson is not None and not await lesson.save():
            demo.message(NOT_KEPT, "warning", key="kept")

    def edited(classes: bool = False, rebuild: bool = True):
        """After an edit: the kNN refitted, the rows shown again, the dataset kept."""
        lesson = lessons.current
        lesson.changed(classes=classes)
        if rebuild:
            rows.show(lesson.dataset, recording=lesson.index_of(lesson.recording))
        demo.task(save())

    # --- hold to record ------------------------------------------------------------
    def start_recording(event):
        button = event.target.closest(".teach-record")
        if not button or lessons.current is None:
            return
        if event.type == "keydown" and (event.key not in RECORD_KEYS or event.repeat):
            return
        event.preventDefault()  # no scrolling on Space, no text selection on a long press
        lesson = lessons.current
        lesson.recording = lesson.dataset.classes[_row(event)]
        button.classList.add("recording")
        button.setAttribute("aria-pressed", "true")

    def stop_recording(event=None):
        lesson = lessons.current
        if lesson is None or lesson.recording is None:
            return
        if event is not None and event.type == "keyup" and event.key not in RECORD_KEYS:
            return
        lesson.recording = None
        edited()

    demo.on("#teach-classes", "pointerdown", start_recording)
    demo.on("#teach-classes", "keydown", start_recording)
    # released anywhere: the focus or the pointer may have left the list meanwhile
    for event in ("keyup", "pointerup", "pointercancel", "pointerleave"):
        demo.on("html", event, stop_recording)
    hidden = demo.proxy(lambda *_: js.document.hidden and stop_recording())
    left = demo.proxy(lambda *_: stop_recording())  # another window: its keyup never comes here
    js.document.addEventListener("visibilitychange", hidden)
    js.window.addEventListener("blur", left)

    def unwire():
        js.document.removeEventListener("visibilitychange", hidden)
        js.window.removeEventListener("blur", left)
    demo.on_stop(unwire)

    # --- a row's name, photos, clear, delete, and a sample's thumbnail -----------
    def renamed(event):
        if not event.target.matches(".teach-name") or lessons.current is None:
            return
        index = _row(event)
        try:
            lessons.current.dataset.rename(index, event.target.value)
            demo.clear("classes")
        except DatasetError as error:
            demo.message(str(error), "error", key="classes")
        rows.relabel(lessons.current.dataset, index)  # in place: the focus moves on as it was
        edited(rebuild=False)

    async def photos_added(event):
        if not event.target.matches(".teach-files") or lessons.current is None:
            return
        asked = lessons.current
        target = asked.dataset.classes[_row(event)]  # its row may move while the photos are read
        files = [event.target.files.item(i) for i in range(event.target.files.length)]
        event.target.value = ""  # the same files again still fire "change"
        problems = []
        for number, file in enumerate(files):
            lesson = await lessons.ready()  # its features loaded, wherever they run now
            if lesson is not asked:  # another mode meanwhile, or no model: the message says why
                break
            try:
                if lesson.features.mode in MOTION_MODES:  # a video: one clip
                    problem = await _add_video(lesson, target, file, recording_rate(stage.meter.fps),
                                               lambda text: demo.message(text, "info", key="photos"))
                else:
                    problem = await _add_photo(lesson, target, file)
            except LookupError:
                left = len(files) - number
                problems.append(f"“{target.name}” was deleted meanwhile: {left} of its "
                                f"{len(files)} files were not added.")
                break
            if problem:
                problems.append(problem)
        if problems:
            demo.message(" ".join(problems), "error", key="photos")
        else:  # a later batch that worked: an earlier batch's error is no longer true
            demo.clear("photos")
        if lessons.current is not None:
            edited()

    def clicked(event):
        lesson, index = lessons.current, _row(event)
        if lesson is None or index is None:
            return
        if event.target.closest(".teach-clear"):
            lesson.dataset.clear_class(index)
            edited()
        elif event.target.closest(".teach-remove"):
            lesson.dataset.remove_class(index)
            edited(classes=True)
        elif thumb := event.target.closest(".teach-thumb"):
            lesson.dataset.remove_sample(index, int(thumb.dataset.sample))
            edited()

    def add_class(event):
        if lessons.current is not None:
            try:
                lessons.current.dataset.add_class()
            except DatasetError as error:  # the most classes a dataset holds
                demo.message(str(error), "error", key="classes")
                return
            edited(classes=True)
            rows.box.querySelector(".teach-class:last-child .teach-name").focus()

    demo.on("#teach-classes", "change", renamed)
    demo.on("#teach-classes", "change", photos_added)
    demo.on("#teach-classes", "click", clicked)
    demo.on("#teach-add-class", "click", add_class)
    element("#teach-add-class").disabled = False
    wire_panel(demo, lessons, rows, edited)


async def _add_photo(lesson, teach_class, file) -> str | None:
    """Add the photo `file` to `teach_class`; what went wrong, or None. LookupError: the class
    was deleted meanwhile."""
    try:
        check_image_file(file)
    except PhotoError as error:
        return str(error)
    url = js.URL.createObjectURL(file)
    try:
        image = await open_photo(url, file.name)
        frame = photo_frame(image)  # a picture of its own, never taken for a camera frame
        vector = await lesson.features.of(frame)
        thumb = lesson.features.thumbnail(frame)
    except PhotoError as error:
        return str(error)
    finally:
        js.URL.revokeObjectURL(url)
    if vector is None:
        return f"No {lesson.features.missing} was found in “{file.name}”."
    if not lesson.add(teach_class, vector, thumb):  # full: the class, or the whole dataset
        return lesson.dataset.room(lesson.index_of(teach_class)) or "This class is full."
    return None


async def _add_video(lesson, teach_class, file, rate: float, told) -> str | None:
    """Add the video `file` to `teach_class` as one clip; what went wrong, or None. LookupError:
    the class was deleted meanwhile. `told(text)`: how far the reading is."""
    try:
        rows = await clip_of_video(file, lesson.features, rate, told)
    except VideoError as error:
        return str(error)
    return lesson.add_clip(teach_class, rows)
