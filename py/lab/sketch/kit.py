"""What a sketch imports: the lab's public API in one place.

    from lab.sketch.kit import Demo, tf, tidy, camera_stage, PoseModel, Classifier

    demo = Demo("sketch")                # owns what the sketch starts: Stop ends it all
    stage = camera_stage(demo)           # #sketch-stage: the webcam, or a photo picked under it
    stage.on_draw(lambda p: p.circle(320, 240, 50))   # p5, drawn over the picture
    model = await pose_model(demo, "movenet")        # or "posenet", "blazepose"; freed on Stop
    classifier = await image_classifier(demo)        # EfficientNet-Lite0, 1,000 ImageNet classes
    features = await image_features(demo)            # 1,280 numbers a picture, for KNN
    hands = await hand_model(demo)       # MediaPipe Hands: point(hand, "index_finger_tip")
    faces = await face_model(demo)       # FaceMesh: face_point(face, "nose_tip")
    segmenter = await segment_model(demo)            # the person apart: Backdrop(stage)
    motion = await taught_motion(demo, "my-model/teach-motion-pose-model.json")  # teach's export
    rocket = await load_photo("rocket")  # a sample photo (or a path on this server), an <img>
    chart = loss_chart(demo)             # #sketch-chart: chart.add(loss) once an epoch
    demo.publish(anything=1)             # #sketch-result

Each name is the module's own (help(Stage) in a sketch shows its documentation). Every model
a sketch loads here is freed when the sketch stops (Stop, Run again, Reset): no tensor and no
worker is left behind.
"""

import itertools

from lab import Demo, tf, tidy
from lab.charts.loss_chart import LossChart
from lab.classify.model import Classifier, short_label
from lab.core.controls import Choice, Slider, Toggle
from lab.core.engine import num_tensors
from lab.core.ui import element
from lab.core.urls import address_param
from lab.face.model import FaceModel
from lab.hands.model import HandModel
from lab.media.photos import SAMPLES, open_photo, sample_url
from lab.media.stage import Stage
from lab.pose.keypoints import normalised
from lab.pose.models import PoseModel
from lab.pose.overlay import draw_poses
from lab.segment.backdrop import Backdrop
from lab.segment.model import SegmentModel
from lab.sketch.landmarks import FACE_POINTS, face_point
from lab.teach.features import ImageFeatures, PoseFeatures
from lab.teach.knn import KNN
from lab.teach.taught import TaughtMotion
from lab.vision.worker_model import load_vision_model

__all__ = ["Demo", "tf", "tidy", "LossChart", "Classifier", "short_label", "Choice", "Slider",
           "Toggle", "num_tensors", "element", "Stage", "normalised", "PoseModel", "draw_poses",
           "ImageFeatures", "PoseFeatures", "KNN", "camera_stage", "point",
           "pose_model", "image_classifier", "loss_chart", "dropped_file",
           "button", "image_features", "hand_model", "face_model", "segment_model",
           "face_point", "FACE_POINTS", "Backdrop", "load_photo", "taught_motion", "TaughtMotion"]

# what a sketch's stage offers under it: the demos' photos and one with hands
SKETCH_SAMPLES = ("astronaut", "chelsea", "coffee", "rocket", "hands")


def camera_stage(demo, selector: str = "#sketch-stage", width: int = 640, height: int = 480,
                 camera: bool = True) -> Stage:
    """A stage with the webcam (`camera`), or the photo picked under it (a sample: Astronaut,
    Cat, Coffee, Rocket, Hands; or your own), on a p5 canvas."""
    stage = Stage(demo, selector, width=width, height=height)
    stage.image_picker(SKETCH_SAMPLES)
    if camera:
        demo.task(stage.start_camera())  # a task: the permission prompt may take a while
    return stage


def point(pose: dict, name: str, min_score: float = 0.2) -> dict | None:
    """The keypoint `name` ("nose", "left_wrist"...) of a pose, or None if scored too low."""
    for keypoint in pose["keypoints"]:
        if keypoint["name"] == name and keypoint["score"] >= min_score:
            return keypoint
    return None


async def pose_model(demo, name: str = "movenet") -> PoseModel:
    """A pose model ("movenet", "posenet", "blazepose") on the page, disposed when `demo` stops."""
    model = await PoseModel.load(name)
    demo.on_stop(model.dispose)
    return model


async def image_classifier(demo) -> Classifier:
    """The ImageNet classifier on the page, disposed when `demo` stops."""
    classifier = await Classifier.load()
    demo.on_stop(classifier.dispose)
    return classifier


async def image_features(demo) -> ImageFeatures:
    """What EfficientNet-Lite0 makes of a picture (1,280 numbers), disposed when `demo` stops."""
    features = await ImageFeatures.load()
    demo.on_stop(features.dispose)
    return features


async def _vision_model(demo, kind, name: str, in_worker: bool | None, **settings):
    if in_worker is None:  # as the demos: in a worker unless the address says ?worker=0
        in_worker = address_param("worker") != "0"
    model = await load_vision_model(kind, name, in_worker, demo, **settings)
    demo.on_stop(model.dispose)
    return model


async def hand_model(demo, name: str = "lite", in_worker: bool | None = None) -> HandModel:
    """MediaPipe Hands ("lite" or "full"), freed when `demo` stops: `await
    hands.estimate(frame)` gives up to two hands, each with "handedness" ("Left", "Right") and
    21 named keypoints (lab.hands.keypoints.NAMES: point(hand, "index_finger_tip")). It runs in
    a Web Worker (after its first frames on the page) unless `in_worker` is False or ?worker=0."""
    return await _vision_model(demo, HandModel, name, in_worker)


async def face_model(demo, name: str = "mesh", max_faces: int = 1,
                     in_worker: bool | None = None) -> FaceModel:
    """MediaPipe FaceMesh ("mesh": 468 points; "irises": 478), up to `max_faces` faces, freed
    when `demo` stops: `await faces.estimate(frame)` gives each face's "box" and "keypoints"
    ({"x", "y", "z"}, numbered as MediaPipe's mesh: face_point(face, "nose_tip") names them).
    In a Web Worker as hand_model."""
    return await _vision_model(demo, FaceModel, name, in_worker, max_faces=max_faces)


async def segment_model(demo, in_worker: bool | None = None) -> SegmentModel:
    """MediaPipe selfie segmentation, freed when `demo` stops: `await segmenter.estimate(frame,
    threshold=0.5, mask=True)` gives "person_fraction" (the share of the picture that is the
    person), "grid" (8 x 6 cells) and "mask" (an ImageData: Backdrop(stage).show(mask, frame,
    "photo", photo=...) draws the person over a new background). In a Web Worker as hand_model."""
    return await _vision_model(demo, SegmentModel, "selfie", in_worker)


async def taught_motion(demo, url: str) -> TaughtMotion:
    """A motion network the teach demo exported (its model.json on this server, its
    -metadata.json beside it), freed when `demo` stops: `motion.predict(pose, at=frame.taken_at)`
    a frame gives None until the window of seconds it learnt is full, then {"label",
    "confidence", "confidences"}; a hand for a Motion (hand) network."""
    motion = await TaughtMotion.load(url)
    demo.on_stop(motion.dispose)
    return motion


async def load_photo(name: str):
    """A photo as an <img> to draw (p5's drawingContext.drawImage) or to put behind a person
    (Backdrop): a sample's name ("rocket", "chelsea", "coffee", "astronaut", "hands") or the
    path of a photo on this server ("my-photos/beach.jpg"). lab.media.photos.PhotoError if it
    cannot be read."""
    return await open_photo(sample_url(name) if name in SAMPLES else name, name)


def loss_chart(demo, selector: str = "#sketch-chart") -> LossChart:
    """The tab's loss chart (lab.charts.loss_chart), shown until `demo` stops."""
    chart = LossChart(selector)
    chart.canvas.hidden = False
    demo.on_stop(lambda: setattr(chart.canvas, "hidden", True))
    return chart


def dropped_file(event, *endings: str):
    """The file a drop `event` carries if its name ends with one of `endings` (".csv"), else None."""
    files = event.dataTransfer.files if event.dataTransfer else None
    file = files.item(0) if files and files.length else None
    return file if file and str(file.name).lower().endswith(endings) else None


_buttons = itertools.count(1)


def button(demo, text: str, box: str = "#sketch-output") -> str:
    """A button of the sketch's own, under the stage until `demo` stops; its selector, for
    demo.on(selector, "click", ...)."""
    import js
    made = js.document.createElement("button")
    made.type, made.textContent = "button", text
    made.id = f"sketch-button-{next(_buttons)}"
    element(box).append(made)
    demo.on_stop(made.remove)
    return f"#{made.id}"
