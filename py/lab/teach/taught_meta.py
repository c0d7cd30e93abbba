"""The metadata of a motion network teach exported, checked field by field before a sketch uses it.

    from lab.teach.taught_meta import check_motion_metadata, TaughtModelError

    meta = check_motion_metadata(safe_json.loads(text, max_chars=MAX_METADATA_CHARS), frames=10)
    meta["labels"], meta["mode"], meta["samples"], meta["dims"]   # what the network needs

A field missing or out of its range raises TaughtModelError, whose text says which and what to do.
"""

from lab.teach.motion_time import RATE

MAX_METADATA_CHARS = 200_000
MAX_LABELS = 50
MAX_LABEL_CHARS = 100
MAX_SAMPLES = 121        # a window's frames at RATE: at most a clip's
MODES = {"motion-pose": 17, "motion-hands": 21}   # keypoints a frame
EXTRA = 3                # a frame's box: centre x, centre y, longer side (lab.teach.motion.frame_vector)
TODO = "Export the motion network from the teach demo again and keep its files together."


class TaughtModelError(ValueError):
    """Metadata that is not a teach motion network's: the text says why and what to do."""


def _field(data: dict, name: str, kind, what: str):
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TaughtModelError(f"The model's metadata has no {what} ({name}). {TODO}")
    return value


def check_motion_metadata(data, frames: int) -> dict:
    """{labels, mode, samples, dims, keypoints} from an exported motion network's metadata;
    `frames`: the input length this lab's networks take (lab.teach.sequence_network.FRAMES)."""
    if not isinstance(data, dict):
        raise TaughtModelError(f"The model's metadata is not an object. {TODO}")
    mode = _field(data, "mode", str, "mode")
    if mode not in MODES:
        raise TaughtModelError(f"The model was taught in mode {mode[:40]!r}, not a motion: a "
                               f"sketch loads motion networks ({', '.join(MODES)}).")
    labels = _field(data, "labels", list, "labels")
    if not 2 <= len(labels) <= MAX_LABELS or not all(
            isinstance(label, str) and 0 < len(label) <= MAX_LABEL_CHARS for label in labels):
        raise TaughtModelError(f"The model's labels must be 2 to {MAX_LABELS} names of at most "
                               f"{MAX_LABEL_CHARS} characters. {TODO}")
    samples = _field(data, "windowSamples", int, "window length")
    if not 2 <= samples <= MAX_SAMPLES:
        raise TaughtModelError(f"The model's window of {samples} frames is outside 2 to "
                               f"{MAX_SAMPLES}. {TODO}")
    rate = _field(data, "sampleRate", (int, float), "frame rate")
    takes = _field(data, "windowFrames", int, "input length")
    if rate != RATE or takes != frames:
        raise TaughtModelError(f"The model takes {takes} frames at {rate} a second; this lab makes "
                               f"{frames} at {RATE:g}. {TODO}")
    shape = _field(data, "inputShape", list, "input shape")
    if shape != [frames, _input_dims(mode)]:
        raise TaughtModelError(f"The model's input shape {shape!r:.40} is not [{frames}, "
                               f"{_input_dims(mode)}], a {mode} window's. {TODO}")
    keypoints = data.get("keypoints", [])
    if not isinstance(keypoints, list) or not all(isinstance(k, str) for k in keypoints):
        keypoints = []
    return {"labels": list(labels), "mode": mode, "samples": samples,
            "dims": MODES[mode] * 2 + EXTRA,   # a frame as lab.teach.motion.frame_vector makes it
            "keypoints": [k[:40] for k in keypoints[:MODES[mode]]]}


def _input_dims(mode: str) -> int:
    """A matched frame's numbers: each keypoint's shape (x, y) and the frame's step (x, y)."""
    return MODES[mode] * 2 + 2
