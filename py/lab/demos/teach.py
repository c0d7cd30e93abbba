"""Teach the lab your own classes: record them from the webcam (or add photos), predict at once.

Pick what to learn from: images (what EfficientNet-Lite0 makes of each frame,
1,280 numbers) or poses (MoveNet's keypoints, centred and scaled). Name two
classes or more and hold "Hold to record" for each: the k nearest recorded
samples name what the camera sees now. Train a small network on the same
samples to get a model you can export.
"""

from lab import Demo
from lab.classify.view import BestGuess
from lab.core.controls import Choice, Slider
from lab.core.engine import num_tensors
from lab.media.stage import Stage
from lab.teach.controls import wire_controls
from lab.teach.features import FEATURES
from lab.teach.lesson import LessonSlot
from lab.teach.view import ClassList

demo = Demo("teach")

# --- the picture: the webcam (or a photo) under a p5 canvas --------------------
stage = Stage(demo, "#teach-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"
guess = BestGuess(stage)             # the predicted class, drawn on the video

# --- what to learn from, and how many recorded samples vote -------------------------
mode = Choice(demo, "#teach-mode", {name: kind.label for name, kind in FEATURES.items()},
              start="images")
k = Slider(demo, "#teach-k", start=3, shown_in="#teach-k-value", format="{:.0f}")

# --- the classes: one row each (name, hold to record, photos, samples) -------------
rows = ClassList("#teach-classes")
lessons = LessonSlot(demo, rows, mode, FEATURES)   # one per mode, kept in this browser
wire_controls(demo, stage, lessons, rows)          # the rows' buttons, train, download, load...


# --- record and predict, frame after frame -----------------------------------------
def anything_changed():
    """A still photo is looked at again when this changes: a sample, a recording, the mode, k."""
    return mode.value, lessons.version, lessons.recording, k.value


async def teach_and_predict():
    await lessons.use(mode.value)    # while the camera starts
    async for frame in stage.frames(again=anything_changed):
        lesson = await lessons.use(mode.value)
        if lesson is None:
            continue
        vector = await lesson.features.of(frame)     # None: no person in the picture
        if frame.stale:              # the picture changed meanwhile: no sample from it
            continue
        frame.done()
        if vector is not None and lesson.recording is not None:
            recording = lesson.recording
            if lesson.record(vector, lesson.features.thumbnail(frame)):
                rows.show_added(lesson.dataset, recording)
            else:
                demo.message("This class is full: delete some of its samples first.", "warning")
        confidences = lesson.predict(vector, int(k.value))
        prediction = lesson.prediction(confidences)
        rows.show_confidences(confidences or [0.0] * len(lesson.dataset.classes))
        guess.say(f"{prediction['label']} {prediction['confidence']:.0%}" if prediction else "")
        demo.publish(**lesson.summary(), prediction=prediction, k=int(k.value),
                     frame=stage.meter.frames, source=frame.source, tensors=num_tensors())


demo.task(teach_and_predict())
demo.task(stage.start_camera())      # a task: the permission prompt may take a while
