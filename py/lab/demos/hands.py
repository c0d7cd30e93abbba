"""Hands: MediaPipe Hands finds 21 keypoints on each of up to two hands; p5 draws them.

The webcam plays under a p5 canvas, the palm detector and the hand landmark model run on each
frame, and every hand scored above the threshold gets its dots and bones, "Left" or "Right" at
the wrist and the fingertips named. No camera? A photo works too. A picture without a hand
says so, and shows no old hand.
"""

from lab import Demo
from lab.core.controls import Choice, Slider
from lab.core.engine import backend, num_tensors
from lab.core.models import ModelSlot
from lab.core.ui import element
from lab.core.urls import address_choice
from lab.hands.model import DEFAULT_MODEL, MODELS, HandModel
from lab.hands.overlay import HandOverlay
from lab.media.readout import Readout, worker_switch
from lab.media.recorder import Recorder
from lab.media.recording import HandRecording
from lab.media.stage import Stage
from lab.vision.worker_model import vision_loader

demo = Demo("hands")

# --- the webcam (or a photo, without a camera) under a p5 canvas -------------
stage = Stage(demo, "#hands-stage", width=640, height=480)
stage.image_picker(("hands", "astronaut", "chelsea"))   # sample photos, your own, "Use camera"

# --- the controls: the lite or full landmark model, the score a hand needs ----
# ?hands=full, e.g. for automation; a name it does not know is said, and the default used
first_model = address_choice(demo, "hands", MODELS, DEFAULT_MODEL, "hand model")
picker = Choice(demo, "#hands-model", {name: model.label for name, model in MODELS.items()},
                start=first_model)
element("#hands-backend").textContent = backend()

# --- dots, bones and names over the video, for hands above the threshold ----
overlay = HandOverlay(stage)
found = {"hands": [], "frame": None}   # the model's last answer, whatever the threshold


def show(hands, frame) -> list:
    """Draw and say the hands scored at the threshold or above; return them."""
    shown = [hand for hand in hands if hand["score"] >= threshold.value]
    overlay.show(shown, frame)
    if shown:
        demo.clear("none")
    elif hands:
        demo.message(f"No hand above the threshold: {len(hands)} found, scored below "
                     f"{threshold.value:.2f}. Lower the threshold to see them.", "info", key="none")
    else:
        demo.message("No hand found: hold a whole hand up to the camera, wrist in view and not "
                     "too close, in good light, or pick the Hands photo.", "info", key="none")
    return shown


def threshold_changed(value):
    if found["frame"] is not None:   # the last answer again, through the new threshold
        demo.publish(hands=show(found["hands"], found["frame"]), threshold=value)


threshold = Slider(demo, "#hands-threshold", start=0.5, shown_in="#hands-threshold-value",
                   on_change=threshold_changed)

# --- "Record hands": every frame's keypoints kept, then downloaded as CSV or JSON ---
recorder = Recorder(demo, HandRecording, "hands", "#hands-record")

# --- one model at a time: the one picked (if it can't load, the one before) ---
# where the model runs: a worker keeps the page's thread free for the video and the page
in_worker = worker_switch(demo, "#hands-worker",      # on, unless the address says ?worker=0
                          on_change=lambda on: models.dispose())   # the next frame loads it there
models = ModelSlot(demo, vision_loader(HandModel, demo, in_worker),
                   label=lambda name: MODELS[name].label, status="#hands-status", picker=picker)
readout = Readout(stage, "#hands")   # where it runs, frames per second, ms a frame


async def find_hands():
    await models.use(picker.value)   # loaded while the camera starts
    async for frame in stage.frames(again=lambda: picker.value):
        model = await models.use(picker.value)
        if model is None:
            continue
        stage.meter.timing(model)    # another model: its speed is another story
        demo.clear("address")
        hands = await model.estimate(frame)
        if frame.stale or model.disposed:   # the picture or the model changed meanwhile
            continue
        frame.done()
        found["hands"], found["frame"] = hands, frame
        shown = show(hands, frame)
        meter = stage.meter
        recorder.add(meter.frames, model.name, shown, frame)   # if recording
        readout.show(model, frame)   # "in a worker" once it takes over; numbers a person can read
        demo.publish(frame=meter.frames, model=model.name, fps=round(meter.fps, 2),
                     ms=round(frame.ms, 1), backend=backend(), where=model.where,
                     mirrored=stage.mirrored, source=frame.source, width=frame.width,
                     height=frame.height, tensors=num_tensors(), threshold=threshold.value,
                     hands=shown, recording=recorder.status)


demo.task(find_hands())
# the webcam; without one, the message says why and what to do, and a photo can stand in
demo.task(stage.start_camera())      # a task: the permission prompt may take a while
