"""What is being taught: the dataset, the kNN on it, and a trained head when there is one.

    from lab.teach.lesson import Lesson

    lesson = await Lesson.start(features)      # (by hand) the dataset kept for this mode, or a new one
    target = lesson.dataset.classes[0]         # samples go to a class, wherever its row is now
    lesson.add(target, vector, thumb)          # False: the class is full; LookupError: deleted
    lesson.recording = target                  # while its button is held: record() adds to it
    lesson.replace(dataset)                    # a loaded file: the network trained before goes
    lesson.predict(vector, k=3)                # [0.67, 0.33], by the method in use
    lesson.changed(classes=True)               # after an edit: kNN refitted; after a change of
                                               # classes the head is dropped (kNN predicts again)
    report = await lesson.train(epochs=50, learning_rate=0.001, batch_size=16, on_epoch=...)
                                               # TrainingStopped: the head was dropped meanwhile
                                               # (the classes changed, Use kNN, another mode);
                                               # TrainingDiverged: it blew up (kNN predicts);
                                               # TrainingFailed: TF.js refused it (kNN predicts)
    kept = await lesson.save()                 # False: this browser keeps nothing (lab.teach.keeper:
                                               # other tabs' samples merged, reloads mid-hold kept)
    lesson.dispose()
"""

from lab.core.bridge import js_error_message
from lab.teach.dataset import Dataset, DatasetError
from lab.teach.keeper import Keeper
from lab.teach.knn import KNN
from lab.teach.network import Head
from lab.teach.training import TrainingDiverged, TrainingFailed, TrainingStopped, why_diverged, why_failed

TEST_SHARE = 0.15


class Lesson:
    def __init__(self, features, dataset: Dataset):
        self.features, self.dataset = features, dataset
        self.knn = KNN("cosine" if features.mode == "images" else "euclidean")
        self.head = None
        self.report = None       # the trained head's accuracy on the held-back samples
        self.recording = None    # the class (a TeachClass) being recorded, while its button is held
        self.version = 0         # goes up at each change: a still photo is judged again
        self.restore_problem = None
        self.notice = None       # (motions) what a clip just recorded needs said, once
        self.keeper = Keeper(features.mode)  # Lesson.start gives the one that restored it
        self.changed(classes=True)

    @classmethod
    async def start(cls, features, keeper: Keeper | None = None) -> "Lesson":
        """The dataset kept for this mode (lab.teach.keeper), or a new one."""
        keeper = keeper or Keeper(features.mode)
        lesson = cls(features, await keeper.restore(features))
        lesson.keeper, lesson.restore_problem = keeper, keeper.problem
        return lesson

    def replace(self, dataset: Dataset, keep_head: bool = False):
        """Another dataset in this one's place (a file, another tab's): recording stops, and a
        network trained on the old one is dropped, unless `keep_head` and the classes are the same."""
        same = keep_head and dataset.names() == self.dataset.names()
        self.dataset, self.recording = dataset, None
        if not same:
            self.drop_head()
        self.changed(classes=True)

    @property
    def method(self) -> str:
        return "network" if self.head is not None and self.head.trained else "knn"

    def changed(self, classes: bool = False):
        """Refit the kNN after an edit; `classes`: the set of classes changed (a class added,
        deleted, or another dataset): a head's outputs no longer name them, so it is dropped."""
        self.refit()
        if classes:
            self.drop_head("the classes changed")
        if self.index_of(self.recording) is None:  # its class was deleted: nothing to record into
            self.recording = None
        self.version += 1

    def refit(self):
        """The kNN on the samples as they are now."""
        features, labels = self.dataset.features_and_labels()
        self.knn.fit(features, labels, len(self.dataset.classes))

    def index_of(self, teach_class) -> int | None:
        """The row of `teach_class` now (by identity: two classes may hold equal samples)."""
        return next((i for i, c in enumerate(self.dataset.classes) if c is teach_class), None)

    def add(self, teach_class, vector: list, thumb: str | None) -> bool:
        """Add a sample to `teach_class`; False when it is full, LookupError when it was deleted."""
        index = self.index_of(teach_class)
        if index is None:
            raise LookupError(f"The class “{teach_class.name}” was deleted.")
        if not self.dataset.add_sample(index, vector, thumb):
            return False
        self.knn.add(vector, index)
        self.version += 1
        self.keeper.soon(self)  # a reload in the middle of a hold loses at most a second of it
        return True

    def record(self, vector: list, thumb: str | None, at: float | None = None) -> bool:
        """Add a sample to the class being recorded; False (and recording stops) when it is full.
        Recording also stops if that class is gone. (`at`: when the frame was taken, for motions.)"""
        if self.recording is None:
            return True
        try:
            if self.add(self.recording, vector, thumb):
                return True
        except LookupError:
            self.recording = None
            return True
        self.recording = None
        return False

    def predict(self, vector: list | None, k: int, still: float = 0.0,
                at: float | None = None) -> list[float] | None:
        """Each class's confidence, or None while the dataset cannot predict (problem()).
        `still`, `at`: (motions) how little a window may move and still be no motion; when the
        frame was taken (s, perf_counter's clock)."""
        if vector is None or self.dataset.problem() is not None:
            return None
        if self.method == "network":
            return self.head.predict(vector)
        return self.knn.predict(vector, k)

    async def train(self, epochs: int, learning_rate: float, batch_size: int, on_epoch=None):
        problem = self.dataset.problem()
        if problem:
            raise DatasetError(problem)
        head, losses = None, []

        def epoch_end(epoch, logs):
            losses.append(logs.get("loss", 0.0))
            if on_epoch is not None:
                on_epoch(epoch, logs)

        def stopped():
            return TrainingStopped(f"Training stopped after {len(losses)} epochs: "
                                   f"{head.dropped or 'the network was dropped'}. kNN predicts.")
        try:
            train, test = self.training_data()
            self.drop_head("a new training started")
            head = self.head = self.new_head()
            await head.train(train, test, epochs, learning_rate, batch_size, epoch_end)
            report = None if self.head is not head or head.diverged else head.evaluate(*test)
        except Exception as error:  # TF.js refused (memory, a backend gone...): say so, go on
            if head is not None and self.head is not head:
                raise stopped() from None  # dropped meanwhile: that is what ended it
            self.drop_head()
            self.version += 1
            raise TrainingFailed(why_failed(js_error_message(error), len(losses))) from error
        if self.head is not head:  # dropped while it trained: it is freed, kNN predicts
            raise stopped()
        if head.diverged:
            self.drop_head()
            self.version += 1
            raise TrainingDiverged(why_diverged(learning_rate, losses))
        self.report = report
        self.version += 1
        return self.report

    def training_data(self):
        """((train_x, train_y), (test_x, test_y)): TEST_SHARE of each class held back."""
        return self.dataset.split(TEST_SHARE)

    def new_head(self) -> Head:
        return Head(self.features.dims, len(self.dataset.classes))

    def drop_head(self, why: str | None = None):
        """Back to kNN; a training under way stops, and says `why`."""
        if self.head is not None:
            self.head.dispose(why)
        self.head, self.report = None, None

    def prediction(self, confidences: list[float] | None) -> dict | None:
        """{"label": the best class, "confidences": {class: confidence}} for #teach-result."""
        if not confidences:
            return None
        names = self.dataset.names()
        best = max(range(len(confidences)), key=confidences.__getitem__)
        return {"label": names[best], "confidence": round(confidences[best], 4),
                "confidences": {name: round(c, 4) for name, c in zip(names, confidences)}}

    def caption(self, prediction: dict | None) -> str:
        """What the stage says about `prediction`."""
        return f"{prediction['label']} {prediction['confidence']:.0%}" if prediction else ""

    def summary(self) -> dict:
        """What #teach-result says about the lesson."""
        return {"mode": self.features.mode, "method": self.method,
                "classes": [{"name": c.name, "samples": len(c.samples)}
                            for c in self.dataset.classes],
                "trained": self.head is not None and self.head.trained,
                "accuracy": self.report["accuracy"] if self.report else None,
                "recording": self.index_of(self.recording), "where": self.features.where}

    async def save(self) -> bool:
        """Keep the dataset in this browser (lab.teach.keeper: it says what went wrong);
        False: this browser keeps nothing."""
        return await self.keeper.save(self)

    def dispose(self, why: str = "the demo stopped"):
        self.drop_head(why)
        self.knn.dispose()


def __getattr__(name: str):
    """LessonSlot's old home (lab.teach.slot now): a saved edit of the demo may import it here."""
    if name == "LessonSlot":
        from lab.teach.slot import LessonSlot
        return LessonSlot
    raise AttributeError(f"module 'lab.teach.lesson' has no attribute '{name}'")
