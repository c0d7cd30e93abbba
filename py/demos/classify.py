"""Webcam image classification: the tutorial's "classify what the webcam sees".

ml5.js loads an image classifier trained on ImageNet; the webcam plays under a
p5.js canvas; frame after frame the classifier names what it sees, and p5
draws the best guess over the video. No camera? Pick a photo instead.
"""

import time

from js import URLSearchParams, document, location

from lab import Demo, tf
from lab.bridge import after_paint
from lab.camera import Stage
from lab.classifier import MODEL_NAME, MODEL_URL, ModelLoadError, load_classifier
from lab.classify_view import FrameMeter, draw_guess, guess_text, show_speed, show_top, slow_hint
from lab.engine import num_tensors

demo = Demo("classify")
# Another TF.js Layers image model (a Teachable Machine export, say): ?model=<its model.json>
model_url = URLSearchParams.new(location.search).get("model") or MODEL_URL
model_name = MODEL_NAME if model_url == MODEL_URL else model_url
demo.publish(status="loading", model=model_name, backend=tf.getBackend())

# --- The picture: the webcam (or a photo) under a p5 canvas ---------------------
stage = Stage(demo, "#classify-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"

# --- The model: EfficientNet-Lite0, loaded by ml5 ------------------------------
demo.message("Loading the image classifier (9 MB)…")
started = time.perf_counter()
try:
    classifier = await load_classifier(model_url)  # noqa: F704 (demo scripts may await)
    demo.on_stop(classifier.dispose)
    demo.message("")
    demo.publish(load_ms=round((time.perf_counter() - started) * 1000))
except ModelLoadError as error:
    classifier = None
    stage.placeholder = "No classifier: see the message above"
    demo.message(str(error), "error")
    demo.publish(status="error", error=str(error))

# --- The best guess, drawn on the video ------------------------------------------
guess = ""
stage.on_draw(lambda p: draw_guess(p, guess))


# --- Classify, frame after frame --------------------------------------------------
async def classify_frames():
    global guess
    meter = FrameMeter()
    frame = 0                        # frames classified since the demo started
    photo_done = None                # a still photo needs classifying only once
    measured = None                  # the source the meter's numbers are about
    while True:
        await after_paint()          # let the page paint, and answer, between two classifications
        if stage.frame is None:
            if guess:
                guess = ""
                stage.redraw()
            demo.publish(status="waiting", source=None)
            continue
        if stage.source_version == photo_done or document.hidden:
            continue
        version = stage.source_version
        if version != measured:
            meter.reset()
            measured = version
        start = time.perf_counter()
        top = await classifier.classify(stage.frame, top_k=5)
        meter.add((time.perf_counter() - start) * 1000)
        if stage.source_version != version:  # the picture changed meanwhile: that answer is stale
            continue
        if stage.source == "image":
            photo_done = version
        frame += 1
        guess = guess_text(top)
        stage.redraw()               # the new guess, over the video
        show_top("#classify-top", top)
        show_speed("#classify-speed", meter, tf.getBackend(), stage.source)
        if stage.source == "camera" and meter.recent == 3 and meter.ms > 1000:
            demo.message(slow_hint(tf.getBackend(), meter.ms), "warning")
        demo.publish(status="running", source=stage.source, frame=frame, backend=tf.getBackend(),
                     size=[stage.frame_width, stage.frame_height], top=top,
                     frames=meter.frames, ms_per_frame=round(meter.ms, 1),
                     fps=round(meter.fps, 1), tensors=num_tensors())


if classifier is not None:
    demo.task(stage.start_camera())  # a task: the permission prompt may take a while
    demo.task(classify_frames())
