"""A motion network teach exported, loaded back for a sketch: keypoints in, frame by frame; a
label out once its window of seconds is full.

    from lab.teach.taught import TaughtMotion

    motion = await TaughtMotion.load("my-model/teach-motion-pose-model.json")
    guess = motion.predict(pose, at=frame.taken_at)  # a pose (pose_model) or hand (hand_model)
    guess     # None until the window is full; else {"label", "confidence", "confidences"}
    motion.dispose()

The window and its normalisation are the teach demo's own (lab.teach.taught_window,
lab.teach.sequence_network.window_input), so the network sees what it learnt from; the
metadata beside the model is checked field by field first (lab.teach.taught_meta).
"""

import time

from lab.core.bridge import to_js, to_py
from lab.core.engine import tf, tidy
from lab.core.models import ModelLoadError
from lab.core.urls import local_url
from lab.layers.model_file import ModelFileError
from lab.layers.served import check_served_model, load_served_model, read_json
from lab.teach.sequence_network import FRAMES, window_input
from lab.teach.taught_meta import (
    MAX_METADATA_CHARS,
    TODO,
    TaughtModelError,
    check_motion_metadata,
)
from lab.teach.taught_window import TaughtWindow


class TaughtMotion:
    """An exported motion network and the window of frames it judges."""

    def __init__(self, model, meta: dict):
        self.model, self.meta = model, meta
        self.labels = meta["labels"]
        self.window = TaughtWindow(meta)
        self.disposed = False

    @classmethod
    async def load(cls, url: str) -> "TaughtMotion":
        """The model at `url` (on this page's server) and its -metadata.json beside it."""
        address = local_url(url, "The motion model", "put its files in a folder of this project")
        meta_url = address.removesuffix(".json") + "-metadata.json"
        data, why = await read_json(meta_url, MAX_METADATA_CHARS)
        if data is None:
            raise ModelLoadError(f"The motion model's metadata ({meta_url.rsplit('/', 1)[-1]}) "
                                 f"cannot be read: {why}. Keep it beside the model.")
        try:
            meta = check_motion_metadata(data, FRAMES)
        except TaughtModelError as error:
            raise ModelLoadError(str(error)) from None
        try:  # model.json is outside input too: bounded and checked before TF.js builds it
            await check_served_model(address)
            model = await load_served_model(address)
        except (ModelFileError, RuntimeError) as error:
            name = address.rsplit("/", 1)[-1]
            raise ModelLoadError(f"The motion model {name} cannot be used: "
                                 f"{str(error).rstrip('.')}. {TODO}") from None
        return cls(model, meta)

    def predict(self, found: dict | None, at: float | None = None) -> dict | None:
        """The motion the last window shows, from this frame's pose or hand (None: nobody there,
        and the window starts again); None until the window spans the seconds it learnt."""
        if self.disposed:
            raise RuntimeError("This motion model was disposed: load it again.")
        window = self.window.take(found, time.perf_counter() if at is None else at)
        if window is None:
            return None
        flat = window_input(window)
        with tidy():
            x = tf.tensor3d(to_js(flat), to_js([1, FRAMES, len(flat) // FRAMES]))
            scores = [float(s) for s in to_py(self.model.predict(x).dataSync())]
        best = max(range(len(scores)), key=scores.__getitem__)
        return {"label": self.labels[best], "confidence": scores[best],
                "confidences": dict(zip(self.labels, scores))}

    def dispose(self):
        """Free the network's weights (the sketch's Stop does it for taught_motion's)."""
        if not self.disposed:
            self.disposed = True
            self.model.dispose()
