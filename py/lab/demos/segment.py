"""Segment: MediaPipe selfie segmentation tells the person from the background in each frame.

The webcam plays under a p5 canvas; the model gives a mask of the person, and the canvas shows
the person over a new background: the picture blurred, a colour, a photo of your own, or the
mask itself. The threshold says how sure the model must be that a pixel is the person; the share
of the frame that is the person is shown beside. No person: it says so and cuts nothing out.
"""

import js

from lab import Demo
from lab.core.controls import Choice, Slider
from lab.core.engine import backend, num_tensors
from lab.core.models import ModelSlot
from lab.core.ui import element
from lab.media.photos import PhotoError, open_photo
from lab.media.readout import Readout, worker_switch
from lab.media.stage import Stage
from lab.segment.backdrop import Backdrop
from lab.segment.model import DEFAULT_MODEL, MODELS, SegmentModel
from lab.segment.options import (
    BACKGROUNDS,
    DEFAULT_BACKGROUND,
    DEFAULT_COLOUR,
    check_colour,
    check_photo_file,
    has_person,
    no_person_message,
    person_share,
)
from lab.vision.worker_model import vision_loader

demo = Demo("segment")

# --- the webcam (or a photo, without a camera) under a p5 canvas -------------
stage = Stage(demo, "#segment-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"

# --- the controls: the background, its colour or photo, the threshold ---------
background = Choice(demo, "#segment-background", BACKGROUNDS, start=DEFAULT_BACKGROUND)
threshold = Slider(demo, "#segment-threshold", start=0.5, shown_in="#segment-threshold-value")
element("#segment-colour").value = DEFAULT_COLOUR
colour = {"value": DEFAULT_COLOUR}
photo = {"image": None, "url": None, "picked": 0}   # the background photo, once one is picked


def colour_picked(event):
    try:
        colour["value"] = check_colour(event.target.value)
    except ValueError as error:
        demo.message(str(error), "error", key="background")


async def photo_picked(event):
    files = event.target.files
    if not files.length:
        return
    file = files.item(0)
    event.target.value = ""          # the same file picked again still fires "change"
    try:
        check_photo_file(file.name, file.type, file.size)
        url = js.URL.createObjectURL(file)
        try:
            image = await open_photo(url, file.name)
        except PhotoError:
            js.URL.revokeObjectURL(url)
            raise
    except (ValueError, PhotoError) as error:
        demo.message(f"{error} The background stays as it was.", "error", key="background")
        return
    demo.clear("background")
    if photo["url"]:
        js.URL.revokeObjectURL(photo["url"])
    photo.update(image=image, url=url, picked=photo["picked"] + 1)
    background.value = "photo"

demo.on("#segment-colour", "input", colour_picked)
demo.on("#segment-photo", "change", photo_picked)
demo.on_stop(lambda: photo["url"] and js.URL.revokeObjectURL(photo["url"]))
element("#segment-backend").textContent = backend()

# --- the person over the background, drawn on the stage ---------------------
backdrop = Backdrop(stage)

# --- one model, in a worker (the page's thread stays free for the video) or on the page ---
in_worker = worker_switch(demo, "#segment-worker",      # on, unless the address says ?worker=0
                          on_change=lambda on: models.dispose())   # the next frame loads it there
models = ModelSlot(demo, vision_loader(SegmentModel, demo, in_worker),
                   label=lambda name: MODELS[name].label, status="#segment-status")
readout = Readout(stage, "#segment")   # where it runs, frames per second, ms a frame


def settings():                      # a photo is looked at again when one of these changes
    return background.value, colour["value"], threshold.value, photo["picked"]


async def segment():
    await models.use(DEFAULT_MODEL)   # loaded while the camera starts
    async for frame in stage.frames(again=settings):
        model = await models.use(DEFAULT_MODEL)
        if model is None:
            continue
        found = await model.estimate(frame, threshold=threshold.value, mask=True)
        if frame.stale or model.disposed:   # the picture changed meanwhile
            continue
        frame.done()
        mask = found.pop("mask")
        chosen = background.value
        if has_person(found["grid"], found["person_fraction"]):
            demo.clear("none")
            backdrop.show(mask, frame, chosen, colour["value"], photo["image"])
        else:
            backdrop.hide()
            demo.message(no_person_message(found["grid"], threshold.value), "info", key="none")
        if chosen == "photo" and photo["image"] is None:
            demo.message("Pick a background photo below; until then the colour stands in.",
                         "info", key="photo")
        else:
            demo.clear("photo")
        meter = stage.meter
        if readout.show(model, frame):   # "in a worker" once it takes over; numbers a person can read
            element("#segment-person").textContent = person_share(found["person_fraction"])
        demo.publish(frame=meter.frames, model=model.name, fps=round(meter.fps, 2),
                     ms=round(frame.ms, 1), backend=backend(), where=model.where,
                     mirrored=stage.mirrored, source=frame.source, width=frame.width,
                     height=frame.height, tensors=num_tensors(), background=chosen,
                     threshold=threshold.value, **found)


demo.task(segment())
# the webcam; without one, the message says why and what to do, and a photo can stand in
demo.task(stage.start_camera())      # a task: the permission prompt may take a while
