"""Pose detection: PoseNet finds a person's keypoints on the webcam; p5 draws them.

The tutorial's last example, in Python. The webcam plays under a p5 canvas,
PoseNet runs on each frame, and every keypoint whose score is above the
threshold gets a red dot, every bone between two of them a red line. MoveNet
and BlazePose can be picked instead. No camera? A photo works too.
"""

from lab import Demo
from lab.core import backend_pick
from lab.core.controls import Choice, Slider
from lab.core.engine import backend, num_tensors
from lab.core.models import ModelSlot
from lab.core.ui import element
from lab.core.urls import address_choice
from lab.media.readout import Readout, worker_switch
from lab.media.stage import Stage
from lab.pose.models import DEFAULT_MODEL, MODELS
from lab.pose.overlay import PoseOverlay
from lab.pose.record_controls import PoseRecorder
from lab.pose.worker_model import load_pose_model

demo = Demo("pose")

# --- the webcam (or a photo, without a camera) under a p5 canvas -------------
stage = Stage(demo, "#pose-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"

# --- the controls: which model, and the score a keypoint needs to be drawn ----
# ?pose=movenet, e.g. for automation; a name it does not know is said, and the default used
first_model = address_choice(demo, "pose", MODELS, DEFAULT_MODEL, "pose model")
picker = Choice(demo, "#pose-model", {name: model.label for name, model in MODELS.items()},
                start=first_model)


def threshold_changed(value):
    demo.publish(threshold=value)
    stage.redraw()


threshold = Slider(demo, "#pose-threshold", start=0.2, shown_in="#pose-threshold-value",
                   on_change=threshold_changed)
element("#pose-backend").textContent = backend()

# --- red dots and lines over the video, for keypoints above the threshold ----
skeleton = PoseOverlay(stage, threshold)

# --- "Record poses": every frame's keypoints kept, then downloaded as CSV or JSON ---
recorder = PoseRecorder(demo)

# --- one model at a time: the one picked (if it can't load, the one before) ---
# where the model runs: a worker keeps the page's thread free for the video and the page
in_worker = worker_switch(demo, "#pose-worker",      # on, unless the address says ?worker=0
                          on_change=lambda on: models.dispose())   # the next frame loads it there
models = ModelSlot(demo, lambda name: load_pose_model(name, in_worker.value, demo),
                   label=lambda name: MODELS[name].label, status="#pose-status", picker=picker)
readout = Readout(stage, "#pose")   # frames per second, ms a frame


async def detect_poses():
    await models.use(picker.value)   # loaded while the camera starts
    async for frame in stage.frames(again=lambda: picker.value):
        model = await models.use(picker.value)
        if model is None:
            continue
        stage.meter.timing(model)    # another model: its speed is another story
        demo.clear("address")        # a model runs: what ?pose= asked for no longer matters
        poses = await model.estimate(frame)
        if frame.stale or model.disposed:   # the picture or the model changed meanwhile
            continue
        frame.done()
        await backend_pick.frame(demo, model, frame.ms, key=model.name)   # ?backend=auto: timed
        skeleton.show(poses, model.skeleton, frame)
        meter = stage.meter
        recorder.add(meter.frames, model.name, poses, frame)   # if recording
        readout.show(model, frame)   # numbers a person can read
        demo.publish(frame=meter.frames, model=model.name, fps=round(meter.fps, 2),
                     ms=round(frame.ms, 1), backend=backend(), threshold=threshold.value,
                     source=frame.source, width=frame.width, height=frame.height,
                     tensors=num_tensors(), poses=poses, recording=recorder.status,
                     where=model.where)


demo.task(detect_poses())
# the webcam; without one, the message says why and what to do, and a photo can stand in
demo.task(stage.start_camera())      # a task: the permission prompt may take a while
