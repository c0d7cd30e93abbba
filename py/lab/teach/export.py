"""Export what the teach demo trained, as TF.js Layers models other pages can load.

    from lab.teach.export import export_image_model, export_pose_model

    await export_image_model(features, head, labels)   # model.json, model.weights.bin, metadata.json
    await export_pose_model(head, labels)              # teach-pose-model.json, .weights.bin, metadata
    await export_keypoint_model(head, labels, mode, names)   # poses, hands, motions: teach-<mode>-...

The image model is the classifier's EfficientNet base and the trained head as
one model taking the same input as the classify demo's ([1, 224, 224, 3], pixels
/ 127 - 1), so `?demo=classify&model=<folder>/model.json` and `ml5.imageClassifier`
load it, with the labels from metadata.json beside it (when the features run in a
worker, the base is loaded on the page for the export, then freed). The pose model takes the
34 numbers `lab.pose.keypoints.normalised` makes of MoveNet's 17 keypoints; the others
say in their metadata what their input is (a motion's: the window's length, the keypoint order,
the normalisation).
"""

import json
import time

from lab.core.bridge import to_js
from lab.core.download import save_text
from lab.core.engine import tf
from lab.teach.features import ImageFeatures

POSE_NORMALISATION = (
    "MoveNet SinglePose Lightning's 17 keypoints (in its order), each as x, y: minus the "
    "centre of the box around the keypoints scored 0.2 or more (all of them when fewer than "
    "two are), divided by that box's longer side (lab.pose.keypoints.normalised).")


def _metadata(labels: list[str], **more) -> str:
    return json.dumps({"labels": list(labels), "packageName": "browser-ml-lab",
                       "modelName": "teach", "timeStamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
                       **more}, indent=2)


async def export_image_model(features, head, labels: list[str]):
    """Download the base with the head on top, and metadata.json with the labels."""
    # in a worker, the features' weights are out of reach: the page's fallback, or the same base
    # loaded here for the export
    base = getattr(features, "fallback", None) or features
    loaded = not isinstance(base, ImageFeatures)
    if loaded:
        base = await ImageFeatures.load()
    applied = []
    try:
        output = base.embedding
        for layer in head.model.layers:  # the trained layers themselves: their weights are shared
            output = layer.apply(output)
            applied.append(layer)
        combined = tf.model(to_js({"inputs": base.classifier.model.inputs, "outputs": output}))
        # not disposed: every weight it holds belongs to the classifier or to the head
        await combined.save("downloads://model")
    finally:
        # each apply counted one more user of the layer's weights (TF.js frees them at none):
        # undone, or the head's weights outlive it
        for layer in applied:
            layer.dispose()
        if loaded:
            base.dispose()
    save_text(_metadata(labels, imageSize=base.classifier.size), "metadata.json",
              "application/json")


HAND_NORMALISATION = (
    "MediaPipe Hands' 21 keypoints of the hand it is surest of (in its order), each as x, y: minus "
    "the centre of the box around them, divided by that box's longer side "
    "(lab.teach.hand_shape.hand_vector).")
MOTION_NORMALISATION = (
    "A window of the last {seconds} s of frames (0.6 of the recorded clips' median length), "
    "timed by when each frame was taken: resampled to {rate:g} frames a second ending at the "
    "newest ({samples} frames, each linearly between the two frames taken around its time; "
    "lab.teach.motion_time), then to {frames} frames evenly over them; the keypoints of all its "
    "frames minus their mean centre, divided by their boxes' mean longer side "
    "(lab.teach.motion.normalise_clip); then each frame as its shape (each keypoint minus the "
    "frame's mean) and its step (that mean minus the frame before's, times 4), "
    "lab.teach.motion.matched. Input shape [1, {frames}, {dims}].")


async def export_keypoint_model(head, labels: list[str], mode: str, keypoint_names: list[str]):
    """The trained network on keypoints (poses, hands, motions), with what its input is."""
    more = {"keypoints": list(keypoint_names), "mode": mode}
    if mode.startswith("motion"):
        from lab.teach.motion_lesson import WINDOW_SHARE
        from lab.teach.motion_time import RATE
        from lab.teach.sequence_network import FRAMES

        seconds = round((head.window_frames - 1) / RATE, 3)   # what the network learnt from
        more.update(inputs=MOTION_NORMALISATION.format(seconds=seconds, rate=RATE, frames=FRAMES,
                                                       samples=head.window_frames, dims=head.dims),
                    windowFrames=FRAMES, windowSeconds=seconds, sampleRate=RATE,
                    windowSamples=head.window_frames, windowShareOfClip=WINDOW_SHARE,
                    inputShape=[FRAMES, head.dims])
    else:
        more["inputs"] = HAND_NORMALISATION if mode == "hands" else POSE_NORMALISATION
    name = keypoint_model_file(mode).removesuffix(".json")
    await head.model.save(f"downloads://{name}")
    save_text(_metadata(labels, **more), f"{name}-metadata.json", "application/json")


def keypoint_model_file(mode: str) -> str:
    """The model file export_keypoint_model downloads for `mode` (poses: the name it always had)."""
    return f"teach-{'pose' if mode == 'poses' else mode}-model.json"


async def export_pose_model(head, labels: list[str], keypoint_names: list[str]):
    await export_keypoint_model(head, labels, "poses", keypoint_names)
