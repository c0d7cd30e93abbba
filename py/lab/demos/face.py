"""Face mesh: MediaPipe FaceMesh finds 468 points on each face (478 with the irises); p5 draws them.

The webcam plays under a p5 canvas, the face mesh runs on each frame (in a Web Worker unless
"In a worker" is off), and every point gets a green dot (or the outlines of the lips, eyes,
brows and face are drawn as lines: switch "Outlines"), the face a box. No camera? A photo works
too. A picture without a face says so, and shows no old mesh.
"""

from lab import Demo
from lab.core.controls import Choice, Toggle
from lab.core.engine import backend, num_tensors
from lab.core.models import ModelSlot
from lab.core.ui import element
from lab.core.urls import address_choice
from lab.face.model import DEFAULT_MODEL, MODELS, FaceModel
from lab.face.overlay import FaceOverlay
from lab.media.readout import Readout, worker_switch
from lab.media.recorder import Recorder
from lab.media.recording import FaceRecording
from lab.media.stage import Stage
from lab.vision.worker_model import vision_loader

demo = Demo("face")

# --- the webcam (or a photo, without a camera) under a p5 canvas -------------
stage = Stage(demo, "#face-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"

# --- the controls: the mesh with or without irises, all points or the outlines ----
# ?face=irises, e.g. for automation; a name it does not know is said, and the default used
first_model = address_choice(demo, "face", MODELS, DEFAULT_MODEL, "face model")
picker = Choice(demo, "#face-model", {name: model.label for name, model in MODELS.items()},
                start=first_model)
outlines = Toggle(demo, "#face-outlines", start=False, on_change=lambda on: stage.redraw())
element("#face-backend").textContent = backend()

# --- green dots over the video ---------------------------------------------
mesh = FaceOverlay(stage, outlines)

# --- "Record faces": every frame's mesh kept, then downloaded as CSV or JSON ---
recorder = Recorder(demo, FaceRecording, "faces", "#face-record")

# --- one model at a time: the one picked (if it can't load, the one before) ---
# where the model runs: a worker keeps the page's thread free for the video and the page
in_worker = worker_switch(demo, "#face-worker",      # on, unless the address says ?worker=0
                          on_change=lambda on: models.dispose())   # the next frame loads it there
models = ModelSlot(demo, vision_loader(FaceModel, demo, in_worker),
                   label=lambda name: MODELS[name].label, status="#face-status", picker=picker)
readout = Readout(stage, "#face")   # where it runs, frames per second, ms a frame


async def find_faces():
    await models.use(picker.value)   # loaded while the camera starts
    async for frame in stage.frames(again=lambda: picker.value):
        model = await models.use(picker.value)
        if model is None:
            continue
        stage.meter.timing(model)    # another model: its speed is another story
        demo.clear("address")
        faces = await model.estimate(frame)
        if frame.stale or model.disposed:   # the picture or the model changed meanwhile
            continue
        frame.done()
        mesh.show(faces, frame)
        recorder.add(stage.meter.frames, model.name, faces, frame)   # if recording
        if faces:
            demo.clear("none")
        else:
            demo.message("No face found: face the camera, in good light, or pick a photo with "
                         "a face.", "info", key="none")
        readout.show(model, frame)   # "in a worker" once it takes over; numbers a person can read
        meter = stage.meter
        demo.publish(frame=meter.frames, model=model.name, fps=round(meter.fps, 2),
                     ms=round(frame.ms, 1), backend=backend(), where=model.where,
                     mirrored=stage.mirrored, source=frame.source, width=frame.width,
                     height=frame.height, tensors=num_tensors(), faces=faces,
                     recording=recorder.status)


demo.task(find_faces())
# the webcam; without one, the message says why and what to do, and a photo can stand in
demo.task(stage.start_camera())      # a task: the permission prompt may take a while
