"""What a sketch imports: the lab's public API in one place.

    from lab.sketch.kit import Demo, tf, tidy, camera_stage, PoseModel, Classifier

    demo = Demo("sketch")                # owns what the sketch starts: Stop ends it all
    stage = camera_stage(demo)           # #sketch-stage: the webcam, or a photo picked under it
    stage.on_draw(lambda p: p.circle(320, 240, 50))   # p5, drawn over the picture
    model = await pose_model(demo, "movenet")        # or "posenet", "blazepose"; freed on Stop
    classifier = await image_classifier(demo)        # EfficientNet-Lite0, 1,000 ImageNet classes
    features = await image_features(demo)            # 1,280 numbers a picture, for KNN
    chart = loss_chart(demo)             # #sketch-chart: chart.add(loss) once an epoch
    demo.publish(anything=1)             # #sketch-result

Each name is the module's own (help(Stage) in a sketch shows its documentation).
"""

import itertools

from lab import Demo, tf, tidy
from lab.charts.loss_chart import LossChart
from lab.classify.model import Classifier, short_label
from lab.core.controls import Choice, Slider, Toggle
from lab.core.engine import num_tensors
from lab.core.ui import element
from lab.media.stage import Stage
from lab.pose.keypoints import normalised
from lab.pose.models import PoseModel
from lab.pose.overlay import draw_poses
from lab.teach.features import ImageFeatures, PoseFeatures
from lab.teach.knn import KNN

__all__ = ["Demo", "tf", "tidy", "LossChart", "Classifier", "short_label", "Choice", "Slider",
           "Toggle", "num_tensors", "element", "Stage", "normalised", "PoseModel", "draw_poses",
           "ImageFeatures", "PoseFeatures", "KNN", "camera_stage", "point",
           "pose_model", "image_classifier", "loss_chart", "dropped_file",
           "button", "image_features"]


def camera_stage(demo, selector: str = "#sketch-stage", width: int = 640, height: int = 480,
                 camera: bool = True) -> Stage:
    """A stage with the webcam (`camera`), or the photo picked under it, on a p5 canvas."""
    stage = Stage(demo, selector, width=width, height=height)
    stage.image_picker()
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
