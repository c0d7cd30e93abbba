"""The teach demo's samples: classes, each with its feature vectors. Plain Python, no browser.

    from lab.teach.dataset import Dataset, DatasetError

    data = Dataset(mode="images", model="efficientnet-lite0", dims=1280)   # "Class 1", "Class 2"
    data.add_sample(0, features, thumb="data:image/jpeg;base64,...")
    data.add_class("Thumbs up"); data.rename(1, "Open hand"); data.clear_class(0)
    data.problem()                  # None, or what stops training/predicting, naming the class
    (train_x, train_y), (test_x, test_y) = data.split(test_share=0.15)
    text = data.to_json()           # the file "Download dataset" saves
    data = Dataset.from_json(text, mode="images", model="efficientnet-lite0")   # DatasetError

A file made in the other mode or with another feature model is refused with a
message that says why, and the dataset in use is not touched.
"""

import json
import random
from dataclasses import dataclass, field

FORMAT = "browser-ml-lab/teach-dataset"
VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_SAMPLES = 2000  # per class: memory and kNN time stay small
MODES = {"images": "image features", "poses": "pose keypoints"}


class DatasetError(ValueError):
    """A dataset file or an edit that cannot be used; the text says why and what to do."""


@dataclass
class Sample:
    features: list
    thumb: str | None = None  # a small JPEG data URL, for images


@dataclass
class TeachClass:
    name: str
    samples: list = field(default_factory=list)


class Dataset:
    def __init__(self, mode: str, model: str, dims: int, names=("Class 1", "Class 2")):
        if mode not in MODES:
            raise DatasetError(f'Unknown mode "{mode}": use one of {", ".join(MODES)}.')
        self.mode, self.model, self.dims = mode, model, dims
        self.classes = [TeachClass(name) for name in names]

    # classes ------------------------------------------------------------------
    def add_class(self, name: str | None = None) -> TeachClass:
        number = len(self.classes) + 1
        while name is None or name in self.names():
            name, number = f"Class {number}", number + 1
        self.classes.append(TeachClass(name))
        return self.classes[-1]

    def remove_class(self, index: int):
        del self.classes[index]

    def rename(self, index: int, name: str):
        name = " ".join(str(name).split())
        if not name:
            raise DatasetError("A class needs a name.")
        if name in (c.name for i, c in enumerate(self.classes) if i != index):
            raise DatasetError(f"There is already a class called “{name}”: pick another name.")
        self.classes[index].name = name

    def clear_class(self, index: int):
        self.classes[index].samples.clear()

    def clear(self):
        for teach_class in self.classes:
            teach_class.samples.clear()

    def names(self) -> list[str]:
        return [c.name for c in self.classes]

    # samples ------------------------------------------------------------------
    def add_sample(self, index: int, features, thumb: str | None = None) -> bool:
        """False when the class is full (MAX_SAMPLES)."""
        if len(features) != self.dims:
            raise DatasetError(f"A sample has {len(features)} numbers where {self.dims} are expected.")
        samples = self.classes[index].samples
        if len(samples) >= MAX_SAMPLES:
            return False
        samples.append(Sample([float(x) for x in features], thumb))
        return True

    def remove_sample(self, index: int, sample: int):
        del self.classes[index].samples[sample]

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

    # files ----------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "mode": self.mode, "model": self.model,
                "dims": self.dims,
                "classes": [{"name": c.name,
                             "samples": [{"features": s.features, "thumb": s.thumb}
                                         for s in c.samples]}
                            for c in self.classes]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, mode: str, model: str) -> "Dataset":
        """The dataset in `text`; DatasetError (saying why) unless it is one of ours, of this
        `mode` and feature `model`, whole and within the limits."""
        if not text.strip():
            raise DatasetError("The file is empty: choose a dataset file saved by “Download dataset”.")
        if len(text) > MAX_FILE_BYTES:
            raise DatasetError(f"The file is too big ({len(text) / 1e6:.0f} MB; at most "
                               f"{MAX_FILE_BYTES / 1e6:.0f} MB).")
        try:
            data = json.loads(text)
        except ValueError:
            raise DatasetError("The file is not a dataset (it is not JSON): choose a file saved "
                               "by “Download dataset”.") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise DatasetError("The file is JSON but not a teach dataset: choose a file saved by "
                               "“Download dataset”.")
        if data.get("mode") != mode:
            theirs = MODES.get(data.get("mode"), "another kind of sample")
            raise DatasetError(f"This dataset holds {theirs}, and the demo is learning from "
                               f"{MODES[mode]}: switch to “{data.get('mode')}” first, then load it.")
        if data.get("model") != model:
            raise DatasetError(f"This dataset's features come from another model "
                               f"(“{data.get('model')}”, here “{model}”): they cannot be mixed.")
        try:
            dataset = cls(mode, model, int(data["dims"]), names=())
            for entry in data["classes"]:
                teach_class = dataset.add_class(str(entry["name"]))
                index = len(dataset.classes) - 1
                for sample in entry["samples"]:
                    dataset.add_sample(index, sample["features"], sample.get("thumb"))
                if teach_class.name != str(entry["name"]):
                    raise DatasetError(f"Two classes are called “{entry['name']}”.")
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, DatasetError):
                raise
            raise DatasetError(f"The dataset file is damaged ({type(error).__name__}: {error}).") from None
        return dataset
