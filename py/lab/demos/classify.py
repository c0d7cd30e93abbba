"""Webcam image classification: the tutorial's "classify what the webcam sees".

TensorFlow.js loads an image classifier trained on ImageNet; the webcam plays under a
p5.js canvas; frame after frame the classifier names what it sees, and p5
draws the best guess over the video. No camera? Pick a photo instead.
"In a worker" runs the model in a Web Worker, off the page's thread.
"""

import time

from lab import Demo
from lab.classify.model import MODEL_NAME, MODEL_URL, ModelRunError, model_label
from lab.classify.view import BestGuess, show_speed, show_top, slow_hint
from lab.classify.worker_model import load_classifier
from lab.core import backend_pick
from lab.core.engine import backend, num_tensors
from lab.core.models import ModelSlot
from lab.core.urls import address_param
from lab.media.readout import worker_switch
from lab.media.stage import Stage

demo = Demo("classify")
# Another TF.js Layers image model (a Teachable Machine export, say): ?model=<its model.json>
model_url = address_param("model") or MODEL_URL
demo.publish(status="loading", model=model_label(model_url), backend=backend())

# --- The picture: the webcam (or a photo) under a p5 canvas ---------------------
stage = Stage(demo, "#classify-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"

# --- The model: EfficientNet-Lite0, loaded by TF.js -----------------------------
# where it runs: a worker keeps the page's thread free for the video and the page
in_worker = worker_switch(demo, "#classify-worker",   # on, unless the address says ?worker=0
                          on_change=lambda on: models.dispose())   # the next frame loads it there
models = ModelSlot(demo, lambda url: load_classifier(url, in_worker.value, demo), label=model_label)
demo.message("Loading the image classifier (9 MB)…", key="model")
started = time.perf_counter()
classifier = await models.use(model_url)   # None if it can't load: the message says why
if classifier is None and model_url != MODEL_URL and isinstance(models.failure, ModelRunError):
    failed = models.error      # TF.js could not run that model: back to the lab's own
    model_url = MODEL_URL
    classifier = await models.use(model_url)
    demo.message(f"{failed} Meanwhile the demo classifies with {MODEL_NAME}.", "warning", key="model")
    demo.publish(model=model_label(model_url))
if classifier is None:
    stage.placeholder = "No classifier: see the message above"
    demo.publish(status="error", error=models.error)
else:
    demo.publish(load_ms=round((time.perf_counter() - started) * 1000))

# --- The best guess, drawn on the video ------------------------------------------
guess = BestGuess(stage)


def nothing_to_classify():
    guess.show([])
    demo.publish(status="waiting", source=None)


# --- Classify, frame after frame --------------------------------------------------
async def classify_frames():
    # a photo is classified again when the model moves to the other side
    async for frame in stage.frames(again=lambda: in_worker.value, when_empty=nothing_to_classify):
        classifier = await models.use(model_url)   # loaded again on the other side when switched
        if classifier is None:       # it could not load there: the message says why
            continue
        top = await classifier.classify(frame, top_k=5)
        if frame.stale or classifier.disposed:   # the picture or the model changed meanwhile
            continue
        frame.done()
        await backend_pick.frame(demo, classifier, frame.ms, key=model_url)   # ?backend=auto: timed
        guess.show(top)
        meter = stage.meter
        if meter.due() or frame.source == "image":   # numbers a person can read
            show_top("#classify-top", top)
            show_speed("#classify-speed", meter, backend(), frame.source)
        if frame.source == "camera" and meter.recent == 3 and meter.ms > 1000:
            demo.message(slow_hint(backend(), meter.ms), "warning")
        demo.publish(status="running", source=frame.source, frame=meter.frames, backend=backend(),
                     size=[frame.width, frame.height], top=top, frames=meter.frames,
                     ms=round(frame.ms, 1), ms_per_frame=round(meter.ms, 1), fps=round(meter.fps, 1),
                     tensors=num_tensors(), where=classifier.where)


if classifier is not None:
    demo.task(stage.start_camera())  # a task: the permission prompt may take a while
    demo.task(classify_frames())
