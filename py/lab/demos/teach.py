"""Teach the lab your own classes: record them from the webcam (or add photos), predict at once.

Pick what to learn from: images (what EfficientNet-Lite0 makes of each frame,
1,280 numbers), poses (MoveNet's keypoints, centred and scaled) or hands (one
hand's 21 keypoints, centred and scaled: hand signs); or a motion of the body
or of a hand: each hold records one clip, and the last frames are compared with
the clips by dynamic time warping. Name two
classes or more and hold "Hold to record" for each: the k nearest recorded
samples name what the camera sees now. Train a small network on the same
samples to get a model you can export. "In a worker" runs the model in a Web
Worker, off the page's thread.
"""

from lab import Demo
from lab.classify.view import BestGuess
from lab.core import backend_pick
from lab.core.controls import Choice, Slider, Toggle
from lab.core.engine import num_tensors
from lab.core.urls import address_param
from lab.media.stage import Stage
from lab.teach.controls import wire_controls
from lab.teach.features import FEATURES
from lab.teach.slot import LessonSlot
from lab.teach.view import ClassList

demo = Demo("teach")

# --- the picture: the webcam (or a photo) under a p5 canvas --------------------
stage = Stage(demo, "#teach-stage", width=640, height=480)
stage.image_picker()                 # sample photos, your own photo, "Use camera"
guess = BestGuess(stage)             # the predicted class, drawn on the video

# --- what to learn from, where its model runs, how many recorded samples vote ------
mode = Choice(demo, "#teach-mode", {name: kind.label for name, kind in FEATURES.items()},
              start="images")
# a worker keeps the page's thread free for the video and the page
in_worker = Toggle(demo, "#teach-worker", start=address_param("worker") != "0",
                   on_change=lambda on: lessons.move())   # the samples stay, the model moves
k = Slider(demo, "#teach-k", start=3, shown_in="#teach-k-value", format="{:.0f}")
# motions: a window that moves less than this is still, no motion claimed
still = Slider(demo, "#teach-still", start=0.05, shown_in="#teach-still-value", format="{:.3f}")

# --- the classes: one row each (name, hold to record, photos, samples) -------------
rows = ClassList("#teach-classes")
lessons = LessonSlot(demo, rows, mode, FEATURES, in_worker)   # one per mode, kept in this browser
wire_controls(demo, stage, lessons, rows)          # the rows' buttons, train, download, load...


# --- record and predict, frame after frame -----------------------------------------
def anything_changed():
    """A still photo is looked at again when this changes: a sample, a recording, the mode, k,
    where the model runs."""
    return mode.value, lessons.version, lessons.recording, k.value, in_worker.value, still.value


async def teach_and_predict():
    await lessons.use(mode.value)    # while the camera starts
    async for frame in stage.frames(again=anything_changed):
        lesson = await lessons.use(mode.value)
        if lesson is None:
            continue
        features = lesson.features
        vector = await features.of(frame)      # None: no person in the picture
        if frame.stale or features.disposed:   # the picture or the model changed meanwhile
            continue
        frame.done()
        if getattr(features, "says_missing", False):   # hands: say so, nothing is recorded
            if vector is None:
                demo.message(f"No {features.missing} found: show one to the camera, "
                             "the wrist and all five fingers in the picture.", "info", key="found")
            else:
                demo.clear("found")
        # ?backend=auto: timed on the model that runs (poses: the pose model under the features)
        await backend_pick.frame(demo, getattr(features, "pose_model", features), frame.ms,
                                 key=features.model)
        if vector is not None and lesson.recording is not None:
            row = lesson.index_of(lesson.recording)
            # motions: None, the clip is added when the button is released
            added = lesson.record(vector, features.thumbnail(frame), at=frame.taken_at)
            if added:
                rows.show_added(lesson.dataset, row)
            elif added is False and row is not None:  # full: room() says if the class or all is
                demo.message(lesson.dataset.room(row) or "This class is full.", "warning")
        if lesson.notice:   # a clip too short, or no room for it
            demo.message(lesson.notice, "warning", key="clip")
            lesson.notice = None
        confidences = lesson.predict(vector, int(k.value), still=still.value, at=frame.taken_at)
        prediction = lesson.prediction(confidences)
        rows.show_confidences(confidences or [0.0] * len(lesson.dataset.classes))
        guess.say(lesson.caption(prediction))
        demo.publish(**lesson.summary(), prediction=prediction, k=int(k.value),
                     frame=stage.meter.frames, source=frame.source, tensors=num_tensors())


demo.task(teach_and_predict())
demo.task(stage.start_camera())      # a task: the permission prompt may take a while
