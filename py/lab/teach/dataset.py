"""The teach demo's samples: classes, each with its feature vectors. Plain Python, no browser.

    from lab.teach.dataset import Dataset, DatasetError

    data = Dataset(mode="images", model="efficientnet-lite0", dims=1280)   # "Class 1", "Class 2"
    data.room(0)                    # None, or why class 0 takes no more samples (full, too big)
    data.add_sample(0, features, thumb="data:image/jpeg;base64,...")       # False: no room
                                    # (motions: a clip, its frames' numbers one after the other)
    data.add_class("Thumbs up"); data.rename(1, "Open hand"); data.clear_class(0)
    data.problem()                  # None, or what stops training/predicting, naming the class
    (train_x, train_y), (test_x, test_y) = data.split(test_share=0.15)
    text = data.to_json()           # the file "Download dataset" saves; len(text) == data.size()
    data = Dataset.from_json(text, mode="images", model="efficientnet-lite0", dims=1280)
    data.notes                      # what reading it left out (lab.teach.dataset_file)
    data.merge(other)               # (added, left out): the other's samples this one lacks

A dataset never grows past MAX_CHARS as a file, the most the lab reads back, so
what it keeps or downloads always loads again. `edits` counts the changes.
"""

import json
import random
from collections import Counter
from dataclasses import dataclass, field

from lab.teach.motion import MAX_CLIP_FRAMES, MIN_CLIP_FRAMES, MOTION_MODES, length_problem  # noqa: F401

FORMAT = "browser-ml-lab/teach-dataset"
VERSION = 1
MAX_CHARS = 64 * 1024 * 1024  # a dataset as a file: the most the lab reads, so the most it writes
MAX_SAMPLES = 2000  # per class: memory and kNN time stay small
MAX_CLASSES = 200   # a row each in the page
MAX_NAME_CHARS = 100
MODES = {"images": "image features", "poses": "pose keypoints", "hands": "hand keypoints",
         "motion-pose": "body motions", "motion-hands": "hand motions"}


class DatasetError(ValueError):
    """A dataset file or an edit that cannot be used; the text says why and what to do."""


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def tidy_name(name) -> str:
    """A class name as the lab keeps it: spaces normalised; DatasetError if none is left."""
    name = " ".join(str(name).split())
    if not name:
        raise DatasetError("A class needs a name.")
    if len(name) > MAX_NAME_CHARS:
        raise DatasetError(f"A class name has at most {MAX_NAME_CHARS} characters.")
    return name


@dataclass
class Sample:
    features: list
    thumb: str | None = None  # a small JPEG data URL, for images
    text: str = field(init=False, repr=False, compare=False)  # as the file holds it

    def __post_init__(self):
        self.text = _dumps({"features": self.features, "thumb": self.thumb})


@dataclass
class TeachClass:
    name: str
    samples: list = field(default_factory=list)

    def text_size(self) -> int:
        """Its length in the file: {"name":...,"samples":[...]}."""
        samples = sum(len(s.text) for s in self.samples) + max(len(self.samples) - 1, 0)
        return len('{"name":,"samples":[]}') + len(_dumps(self.name)) + samples


class Dataset:
    def __init__(self, mode: str, model: str, dims: int, names=("Class 1", "Class 2")):
        if mode not in MODES:
            raise DatasetError(f'Unknown mode "{mode}": use one of {", ".join(MODES)}.')
        self.mode, self.model, self.dims = mode, model, dims
        self.classes = [TeachClass(name) for name in names]
        self.edits = 0     # goes up at each change (lab.teach.keeper: what is not kept yet)
        self.notes = []    # what reading a file left out, said when it is loaded

    # classes ------------------------------------------------------------------
    def add_class(self, name: str | None = None) -> TeachClass:
        if len(self.classes) >= MAX_CLASSES:
            raise DatasetError(f"A dataset has at most {MAX_CLASSES} classes.")
        number = len(self.classes) + 1
        while name is None or name in self.names():
            name, number = f"Class {number}", number + 1
        self.classes.append(TeachClass(name))
        self.edits += 1
        return self.classes[-1]

    def remove_class(self, index: int):
        del self.classes[index]
        self.edits += 1

    def rename(self, index: int, name: str):
        name = tidy_name(name)
        if name in (c.name for i, c in enumerate(self.classes) if i != index):
            raise DatasetError(f"There is already a class called “{name}”: pick another name.")
        self.classes[index].name = name
        self.edits += 1

    def clear_class(self, index: int):
        self.classes[index].samples.clear()
        self.edits += 1

    def clear(self):
        for teach_class in self.classes:
            teach_class.samples.clear()
        self.edits += 1

    def names(self) -> list[str]:
        return [c.name for c in self.classes]

    # samples ------------------------------------------------------------------
    def room(self, index: int, extra: int = 0) -> str | None:
        """None when class `index` takes a sample of `extra` characters more; else why not."""
        if len(self.classes[index].samples) >= MAX_SAMPLES:
            return f"“{self.classes[index].name}” is full ({MAX_SAMPLES:,} samples): delete some first."
        if self.size() + extra + 1 > MAX_CHARS:
            return (f"The samples fill the {MAX_CHARS / 2**20:.0f} MB this browser keeps (and a dataset "
                    "file holds): delete some samples or a class, or download the dataset and "
                    "clear it, to record more.")
        return None

    def add_sample(self, index: int, features, thumb: str | None = None) -> bool:
        """False when there is no room (room() says why)."""
        problem = length_problem(len(features), self.dims, self.mode)
        if problem:
            raise DatasetError(f"A sample has {problem}.")
        sample = Sample([float(x) for x in features], thumb)
        if self.room(index, len(sample.text)) is not None:
            return False
        self.classes[index].samples.append(sample)
        self.edits += 1
        return True

    def remove_sample(self, index: int, sample: int):
        del self.classes[index].samples[sample]
        self.edits += 1

    def counts(self) -> list[int]:
        return [len(c.samples) for c in self.classes]

    def total(self) -> int:
        return sum(self.counts())

    def problem(self) -> str | None:
        """What stops a prediction or training now, naming the class; None when all is set."""
        if len(self.classes) < 2:
            return "Add a second class: it takes two or more to tell them apart."
        empty = [c.name for c in self.classes if not c.samples]
        if empty:
            names = ", ".join(f"“{name}”" for name in empty)
            verb = "has" if len(empty) == 1 else "have"
            return f"{names} {verb} no samples yet: record some or add photos."
        return None

    def features_and_labels(self):
        """(features, labels) of every sample, labels as class indices."""
        features, labels = [], []
        for label, teach_class in enumerate(self.classes):
            for sample in teach_class.samples:
                features.append(sample.features)
                labels.append(label)
        return features, labels

    def split(self, test_share: float = 0.15, seed: int = 0):
        """((train_x, train_y), (test_x, test_y)): `test_share` of each class held back
        (at least one sample of a class that has three or more)."""
        rng = random.Random(seed)
        train_x, train_y, test_x, test_y = [], [], [], []
        for label, teach_class in enumerate(self.classes):
            order = list(range(len(teach_class.samples)))
            rng.shuffle(order)
            held = round(len(order) * test_share) if len(order) >= 3 else 0
            held = max(held, 1) if len(order) >= 3 else 0
            for position, index in enumerate(order):
                features = teach_class.samples[index].features
                if position < held:
                    test_x.append(features)
                    test_y.append(label)
                else:
                    train_x.append(features)
                    train_y.append(label)
        return (train_x, train_y), (test_x, test_y)

    def merge(self, other: "Dataset") -> tuple[int, int]:
        """Add `other`'s samples that this one lacks, class by class (by name; its new classes
        after these): (how many were added, how many did not fit). A sample held n times there
        and m < n times here is added n - m times: a still camera records equal samples."""
        added = left_out = 0
        for theirs in other.classes:
            index = self.names().index(theirs.name) if theirs.name in self.names() else None
            if index is None:
                if len(self.classes) >= MAX_CLASSES:
                    left_out += len(theirs.samples)
                    continue
                self.add_class(theirs.name)
                index = len(self.classes) - 1
            samples = self.classes[index].samples
            have, seen, size = Counter(s.text for s in samples), Counter(), self.size()
            for sample in theirs.samples:
                seen[sample.text] += 1
                if seen[sample.text] <= have[sample.text]:
                    continue
                if len(samples) < MAX_SAMPLES and size + len(sample.text) + 1 <= MAX_CHARS:
                    samples.append(sample)
                    size += len(sample.text) + 1
                    added += 1
                else:
                    left_out += 1
        self.edits += 1
        return added, left_out

    # files ----------------------------------------------------------------------
    def _head(self) -> str:
        return _dumps({"format": FORMAT, "version": VERSION, "mode": self.mode,
                       "model": self.model, "dims": self.dims})[:-1] + ',"classes":['

    def size(self) -> int:
        """len(self.to_json()), without making it."""
        classes = sum(c.text_size() for c in self.classes) + max(len(self.classes) - 1, 0)
        return len(self._head()) + classes + len("]}")

    def to_dict(self) -> dict:
        return json.loads(self.to_json())

    def to_json(self) -> str:
        classes = ",".join('{"name":' + _dumps(c.name) + ',"samples":['
                           + ",".join(s.text for s in c.samples) + "]}" for c in self.classes)
        return self._head() + classes + "]}"

    @classmethod
    def from_json(cls, text: str, mode: str, model: str, dims: int) -> "Dataset":
        """The dataset in `text`; DatasetError (saying why) unless it is one of ours, of this
        `mode`, feature `model` and `dims`, whole and within the limits (lab.teach.dataset_file)."""
        from lab.teach.dataset_file import read  # it builds on this module
        return read(text, mode, model, dims)
