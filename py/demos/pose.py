"""Pose detection: PoseNet finds a person's keypoints on the webcam; p5 draws them.

The tutorial's last example, in Python. The webcam plays under a p5 canvas,
PoseNet runs on each frame, and every keypoint whose score is above the
threshold gets a red dot, every bone between two of them a red line. MoveNet
and BlazePose can be picked instead. No camera? A photo works too.
"""

import asyncio
import time

from js import URLSearchParams, location

from lab import Demo, tf
from lab.bridge import after_paint
from lab.camera import Stage
from lab.engine import num_tensors
from lab.pose_models import DEFAULT_MODEL, MODELS, ModelLoadError, PoseModel
from lab.pose_overlay import draw_poses
from lab.ui import document, element

demo = Demo("pose")
status = element("#pose-status")


class Settings:
    model = DEFAULT_MODEL           # the one the picker asks for
    threshold = 0.2                 # keypoints scored above this are drawn
    poses, skeleton, shown_on = [], [], None   # the latest poses and the source they came from


settings = Settings()
# ?pose=movenet (or blazepose) starts with that model, e.g. for automation
asked = URLSearchParams.new(location.search).get("pose")
if isinstance(asked, str) and asked in MODELS:
    settings.model = asked
elif isinstance(asked, str):  # (JS null when absent)
    demo.message(f'Unknown pose model "{asked}" in ?pose=: use one of {", ".join(MODELS)}. '
                 f"Starting with {MODELS[settings.model].label}.", "error", key="address")

# --- the webcam (or a photo, without a camera) under a p5 canvas -------------
stage = Stage(demo, "#pose-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"


def overlay(p):
    if settings.shown_on == stage.source_version:  # not last source's poses on a new photo
        draw_poses(p, stage, settings.poses, settings.skeleton, settings.threshold)


stage.on_draw(overlay)


# --- the controls: model picker and threshold slider --------------------------
picker = element("#pose-model")
picker.replaceChildren()
for name, choice in MODELS.items():
    option = document.createElement("option")
    option.value, option.textContent = name, choice.label
    picker.append(option)
picker.value = settings.model


def pick_model(event):
    settings.model = picker.value


def set_threshold(event):
    settings.threshold = float(element("#pose-threshold").value)
    element("#pose-threshold-value").textContent = f"{settings.threshold:.2f}"
    demo.publish(threshold=settings.threshold)
    stage.redraw()


demo.on("#pose-model", "change", pick_model)
demo.on("#pose-threshold", "input", set_threshold)
element("#pose-threshold").value = settings.threshold  # the slider starts where the code says
set_threshold(None)
element("#pose-backend").textContent = tf.getBackend()


# --- the model runs on each frame, one frame at a time ------------------------
async def load(name: str, current: PoseModel | None) -> PoseModel | None:
    """Load model `name` in place of `current`; if it can't load, say why and keep `current`."""
    status.textContent = f"Loading model… {MODELS[name].label}"
    try:
        model = await PoseModel.load(name)
    except ModelLoadError as error:
        demo.message(str(error), "error", key="model")
        if current is None:
            status.textContent = "No model loaded"
            return None
        settings.model = picker.value = current.name
        status.textContent = f"Model loaded: {current.label}"
        return current
    if current is not None:
        current.dispose()
    demo.clear("model")    # a failure to load is over
    demo.clear("address")  # and a model runs: what ?pose= asked for no longer matters
    status.textContent = f"Model loaded: {model.label}"
    return model


async def detect_poses():
    model, tried, frame, done_on, times = None, None, 0, None, []
    tracking = None                  # the source the model has followed the person on
    shown_at = 0.0                   # when the numbers beside the stage were last updated
    demo.on_stop(lambda: model and model.dispose())
    while True:
        if settings.model != tried:  # the picker asks for another model
            tried = settings.model   # before loading: a pick made meanwhile is seen next time
            model = await load(tried, model)
            if model is not None and settings.model == model.name:
                tried = model.name   # loaded, or the load failed and the last model goes on
            done_on, times = None, []
        # a still photo needs looking at once per model; the camera, every frame
        if model is None or stage.frame is None or done_on == (model.name, stage.source_version):
            await asyncio.sleep(0.1)
            continue
        source_version = stage.source_version
        if tracking != (model.name, source_version):  # a new picture: where the person was is no help
            model.reset()
            tracking = (model.name, source_version)
        started = time.monotonic()
        poses = await model.estimate(stage.frame, stage.frame_width, stage.frame_height)
        ended = time.monotonic()
        if stage.source_version != source_version:  # the source changed under it: start again
            continue                                 # (the model is reset for the new one above)
        settings.poses, settings.skeleton, settings.shown_on = poses, model.skeleton, source_version
        stage.redraw()  # the dots and lines of these poses, over the video
        if stage.source == "image":
            done_on = (model.name, source_version)

        frame += 1
        times = (times + [ended])[-11:]
        fps = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
        # the numbers twice a second: readable, and no new layout of the page at every frame
        if ended - shown_at >= 0.5 or stage.source == "image":
            shown_at = ended
            element("#pose-fps").textContent = f"{fps:.1f}"
            element("#pose-ms").textContent = f"{(ended - started) * 1000:.0f} ms"
        demo.publish(frame=frame, model=model.name, fps=round(fps, 2),
                     ms=round((ended - started) * 1000, 1), backend=tf.getBackend(),
                     threshold=settings.threshold, source=stage.source,
                     width=stage.frame_width, height=stage.frame_height,
                     tensors=num_tensors(), poses=poses)
        await after_paint()  # let the page show them, and answer, before the next frame


demo.task(detect_poses())
# the webcam; without one, the message says why and what to do, and a photo can stand in
demo.task(stage.start_camera())  # a task: the permission prompt may take a while
