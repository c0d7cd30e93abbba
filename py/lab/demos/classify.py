"""Webcam image classification: the tutorial's "classify what the webcam sees".

ml5.js loads an image classifier trained on ImageNet; the webcam plays under a
p5.js canvas; frame after frame the classifier names what it sees, and p5
draws the best guess over the video. No camera? Pick a photo instead.
"""

import time

from lab import Demo
from lab.classify.model import MODEL_NAME, MODEL_URL, Classifier, ModelLoadError
from lab.classify.view import BestGuess, show_speed, show_top, slow_hint
from lab.core.engine import backend, num_tensors
from lab.core.urls import address_param
from lab.media.stage import Stage

demo = Demo("classify")
# Another TF.js Layers image model (a Teachable Machine export, say): ?model=<its model.json>
model_url = address_param("model") or MODEL_URL
model_name = MODEL_NAME if model_url == MODEL_URL else model_url
demo.publish(status="loading", model=model_name, backend=backend())

# --- The picture: the webcam (or a photo) under a p5 canvas ---------------------
stage = Stage(demo, "#classify-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"

# --- The model: EfficientNet-Lite0, loaded by ml5 ------------------------------
demo.message("Loading the image classifier (9 MB)…", key="model")
started = time.perf_counter()
try:
    classifier = await Classifier.load(model_url)
    demo.on_stop(classifier.dispose)
    demo.clear("model")
    demo.publish(load_ms=round((time.perf_counter() - started) * 1000))
except ModelLoadError as error:
    classifier = None
    stage.placeholder = "No classifier: see the message above"
    demo.message(str(error), "error", key="model")
    demo.publish(status="error", error=str(error))

# --- The best guess, drawn on the video ------------------------------------------
guess = BestGuess(stage)


def nothing_to_classify():
    guess.show([])
    demo.publish(status="waiting", source=None)


# --- Classify, frame after frame --------------------------------------------------
async def classify_frames():
    async for frame in stage.frames(when_empty=nothing_to_classify):
        top = await classifier.classify(frame, top_k=5)
        if frame.stale:              # the picture changed meanwhile: that answer is not about it
            continue
        frame.done()
        guess.show(top)
        meter = stage.meter
        if meter.due() or frame.source == "image":   # numbers a person can read
            show_top("#classify-top", top)
            show_speed("#classify-speed", meter, backend(), frame.source)
        if frame.source == "camera" and meter.recent == 3 and meter.ms > 1000:
            demo.message(slow_hint(backend(), meter.ms), "warning")
        demo.publish(status="running", source=frame.source, frame=meter.frames, backend=backend(),
                     size=[frame.width, frame.height], top=top, frames=meter.frames,
                     ms_per_frame=round(meter.ms, 1), fps=round(meter.fps, 1),
                     tensors=num_tensors())


if classifier is not None:
    demo.task(stage.start_camera())  # a task: the permission prompt may take a while
    demo.task(classify_frames())
