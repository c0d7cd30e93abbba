"""A teach dataset file (or the copy kept in this browser) read field by field. Plain Python.

    from lab.teach.dataset_file import read

    data = read(text, "images", "efficientnet-lite0", 1280)   # a Dataset, or DatasetError
    data.notes     # what was left out: ["12 thumbnails that were not JPEG or PNG pictures", ...]

The text is bounded in size and depth before it is parsed (lab.core.safe_json).
Every field is checked (a motion's sample is a clip: 4 to 120 frames of `dims`
numbers): what makes the file unusable is refused with a message
that names the field (and the class), and the dataset in use is not touched;
what can be left out is, and `notes` says so: samples past a class's limit,
thumbnails that are not small JPEG or PNG data URLs.
"""

import math
import re

from lab.core.safe_json import JsonLimitError, loads
from lab.teach import dataset as limits
from lab.teach.dataset import FORMAT, MODES, VERSION, Dataset, DatasetError, Sample, TeachClass, tidy_name

MAX_THUMB_CHARS = 40_000  # a 64-pixel thumbnail is a few KB, even as PNG
THUMB = re.compile(r"data:image/(?:jpeg|png);base64,[A-Za-z0-9+/]*={0,2}")
KINDS = ", ".join(f"“{mode}”" for mode in MODES)
CHOOSE = "choose a file saved by “Download dataset”."


def _number_of_floats(features, dims: int, where: str, mode: str = "images") -> list[float]:
    if not isinstance(features, list):
        raise DatasetError(f"{where} has no list of numbers (“features”).")
    problem = limits.length_problem(len(features), dims, mode)
    if problem:
        raise DatasetError(f"{where} has {problem}.")
    if not set(map(type, features)) <= {float, int}:
        raise DatasetError(f"{where} holds something other than numbers.")
    try:
        floats = list(map(float, features))
    except OverflowError:
        floats = [math.inf]
    if not all(map(math.isfinite, floats)):
        raise DatasetError(f"{where} holds a number that is not finite.")
    return floats


def _thumb(thumb) -> tuple[str | None, bool]:
    """(the thumbnail to keep, whether one was dropped)."""
    if thumb is None:
        return None, False
    if isinstance(thumb, str) and len(thumb) <= MAX_THUMB_CHARS and THUMB.fullmatch(thumb):
        return thumb, False
    return None, True


def _check_head(data, mode: str, model: str, dims: int):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DatasetError(f"The file is JSON but not a teach dataset: {CHOOSE}")
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise DatasetError("The file has no version number (“version”): it was not saved by the lab.")
    if version > VERSION:
        raise DatasetError("The file was saved by a newer version of the lab: open it there.")
    theirs = data.get("mode")
    if theirs is None:
        raise DatasetError(f"The file does not say what its samples are (it has no “mode”, which "
                           f"would be one of {KINDS}): it is damaged or was not saved by the lab.")
    if not isinstance(theirs, str) or theirs not in MODES:
        raise DatasetError(f"The file's samples are of an unknown kind (“mode” is "
                           f"{str(theirs)[:40]!r}, not one of {KINDS}).")
    if theirs != mode:
        raise DatasetError(f"This dataset holds {MODES[theirs]}, and the demo is learning from "
                           f"{MODES[mode]}: switch to “{theirs}” first, then load it.")
    if data.get("model") != model:
        raise DatasetError(f"This dataset's features come from another model "
                           f"(“{str(data.get('model'))[:40]}”, here “{model}”): they cannot be mixed.")
    if data.get("dims") != dims or type(data.get("dims")) is not int:
        raise DatasetError(f"This dataset's samples have {str(data.get('dims'))[:20]} numbers each, "
                           f"and this model makes {dims}: it was not made with this model.")
    classes = data.get("classes")
    if not isinstance(classes, list):
        raise DatasetError("The file has no list of classes (“classes”): it is damaged.")
    if len(classes) > limits.MAX_CLASSES:
        raise DatasetError(f"The file has {len(classes)} classes, more than the {limits.MAX_CLASSES} "
                           "the lab shows.")
    return classes


def read(text, mode: str, model: str, dims: int) -> Dataset:
    """The dataset in `text` (see the module's docstring); DatasetError says why not."""
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"The file is empty: {CHOOSE}")
    try:
        data = loads(text, max_chars=limits.MAX_CHARS, what="The file")
    except JsonLimitError as error:
        raise DatasetError(str(error)) from None
    except (ValueError, RecursionError):
        raise DatasetError(f"The file is not a dataset (it is not JSON): {CHOOSE}") from None
    entries = _check_head(data, mode, model, dims)
    dataset = Dataset(mode, model, dims, names=())
    dropped_thumbs, beyond = 0, []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("samples"), list):
            raise DatasetError(f"Class {number} in the file has no list of samples: it is damaged.")
        if not isinstance(entry.get("name"), str):
            raise DatasetError(f"Class {number} in the file has no name.")
        try:
            name = tidy_name(entry["name"])
        except DatasetError as error:
            raise DatasetError(f"Class {number} in the file: {error}") from None
        if name in dataset.names():
            raise DatasetError(f"Two classes in the file are called “{name}” (spaces aside): "
                               "the lab needs a name for each.")
        teach_class = TeachClass(name)
        dataset.classes.append(teach_class)
        entries_of_class = entry["samples"]
        if len(entries_of_class) > limits.MAX_SAMPLES:
            beyond.append(f"{len(entries_of_class) - limits.MAX_SAMPLES:,} of “{name}”")
        for place, sample in enumerate(entries_of_class[:limits.MAX_SAMPLES], 1):
            where = f"Sample {place} of “{name}”"
            if not isinstance(sample, dict):
                raise DatasetError(f"{where} is not a sample: the file is damaged.")
            features = _number_of_floats(sample.get("features"), dims, where, mode)
            thumb, dropped = _thumb(sample.get("thumb"))
            dropped_thumbs += dropped
            teach_class.samples.append(Sample(features, thumb))
    if dataset.size() > limits.MAX_CHARS:
        raise DatasetError(f"The samples are too many for the lab ({dataset.size() / 1e6:.0f} MB "
                           f"once read, at most {limits.MAX_CHARS / 1e6:.0f} MB).")
    if beyond:
        dataset.notes.append(f"Left out, past the {limits.MAX_SAMPLES:,} samples a class holds: "
                             f"{', '.join(beyond)}.")
    if dropped_thumbs:
        dataset.notes.append(f"Left out: {dropped_thumbs:,} thumbnails that were not small JPEG or "
                             "PNG pictures (their samples are kept).")
    return dataset
