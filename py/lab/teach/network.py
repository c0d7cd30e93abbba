"""A small dense network on the teach samples' features, trained with the Layers API in the page.

    from lab.teach.network import Head

    head = Head(dims=1280, classes=3)
    await head.train(train, test, epochs=50, learning_rate=0.001, batch_size=16,
                     on_epoch=lambda epoch, logs: ...)   # logs: loss, acc, val_loss, val_acc
    head.stop()                         # from a button: training ends after the current batch
    head.diverged                       # True: a loss or a weight became NaN or infinite
    head.predict(features)              # [0.1, 0.8, 0.1]
    report = head.evaluate(test_x, test_y)   # accuracy, per_class, confusion (plain Python)
    head.dispose("“Use kNN” was pressed")    # the network and its optimizer's state freed; a
                                        # training under way stops, and `head.dropped` says why
    with head.kept():                   # (an export) dropped meanwhile, it is freed at the end
        await head.model.save(...)

`metrics` is plain Python (as is lab.teach.training: when a training diverged, what to say);
the rest needs TF.js.
"""

from contextlib import contextmanager

from lab.core.bridge import abandon, create_proxy, painted, to_js, to_py
from lab.core.engine import tf, tidy
from lab.teach.training import diverged

HIDDEN_UNITS = 64


def metrics(labels: list[int], predicted: list[int], classes: int) -> dict:
    """Accuracy, each class's accuracy (None for a class with no test sample) and the
    confusion matrix (rows: the true class, columns: the predicted one)."""
    confusion = [[0] * classes for _ in range(classes)]
    for truth, guess in zip(labels, predicted):
        confusion[truth][guess] += 1
    per_class = [row[i] / sum(row) if sum(row) else None for i, row in enumerate(confusion)]
    right = sum(confusion[i][i] for i in range(classes))
    return {"accuracy": right / len(labels) if labels else None, "per_class": per_class,
            "confusion": confusion}


class Head:
    """Features -> one hidden ReLU layer -> a softmax over the classes."""

    shuffle = True   # fit shuffles the samples at each epoch (Math.random's order)

    def __init__(self, dims: int, classes: int):
        self.dims, self.classes = dims, classes
        self.model = self._build(dims, classes)
        # ours to free with the model: model.dispose() frees only an optimizer it made from a name
        self.optimizer = None
        self.training = False
        self.users = 0           # kept() blocks under way: they still read the weights
        self.trained = False
        self.diverged = False
        self.disposed = False
        self.dropped = None      # why dispose() came, if it did

    def _build(self, dims: int, classes: int):
        model = tf.sequential()
        model.add(tf.layers.dense(to_js({"units": HIDDEN_UNITS, "activation": "relu",
                                         "inputShape": [dims], "name": "teach_hidden"})))
        model.add(tf.layers.dense(to_js({"units": classes, "activation": "softmax",
                                         "name": "teach_classes"})))
        return model

    async def train(self, train, test, epochs: int, learning_rate: float, batch_size: int,
                    on_epoch=None):
        """Fit on `train` ((features, labels)), checking on `test` at each epoch if it has any."""
        self.optimizer = tf.train.adam(learning_rate)
        self.model.compile(to_js({"optimizer": self.optimizer,
                                  "loss": "categoricalCrossentropy", "metrics": ["accuracy"]}))
        with tidy():
            xs, ys = self._tensors(*train)
            tf.keep(xs), tf.keep(ys)
            validation = [tf.keep(t) for t in self._tensors(*test)] if test[0] else None

        def epoch_end(epoch, logs):
            logs = to_py(logs)
            if on_epoch is not None:
                on_epoch(int(epoch), logs)
            if diverged([logs.get("loss", 0.0)]):  # no epoch brings it back
                self.diverged = True
                self.stop()
            # fit would go on without a paint: the chart, the status and Stop need one
            return painted()
        callback = create_proxy(epoch_end)

        def settled():  # TF.js is done with the data and the callback
            for tensor in [xs, ys, *(validation or [])]:
                tensor.dispose()
            callback.destroy()
            self.training = False
            if self.disposed and not self.users:  # dispose() came while fit still read the weights
                self._free()

        options = {"epochs": epochs, "batchSize": batch_size, "shuffle": self.shuffle,
                   "callbacks": {"onEpochEnd": callback}}
        if validation:
            options["validationData"] = validation
        self.training = True
        _on_a_backend_that_trains()
        # if the demo stops meanwhile, fit goes on to its next batch: free what it reads then
        await abandon(self.model.fit(xs, ys, to_js(options)), settled=settled)
        if not self.disposed:
            self.diverged = self.diverged or not self._finite()
        self.trained = True

    def _finite(self) -> bool:
        """Every weight is a number: a loss can stay finite while weights overflow."""
        with tidy():
            return all(bool(weight.isFinite().all().dataSync()[0])
                       for weight in self.model.getWeights())

    def _tensors(self, features, labels):
        xs = tf.tensor2d(to_js(features), to_js([len(features), self.dims]))
        ys = tf.oneHot(tf.tensor1d(to_js(labels), "int32"), self.classes).toFloat()
        return xs, ys

    def stop(self):
        self.model.stopTraining = True

    def predict(self, features: list) -> list[float]:
        with tidy():
            out = self.model.predict(tf.tensor2d(to_js([features]), to_js([1, self.dims])))
            return [float(x) for x in to_py(out.dataSync())]

    def predicted_classes(self, features: list) -> list[int]:
        if not features:
            return []
        with tidy():
            out = self.model.predict(tf.tensor2d(to_js(features), to_js([len(features), self.dims])))
            return [int(x) for x in to_py(out.argMax(1).dataSync())]

    def evaluate(self, features: list, labels: list[int]) -> dict:
        return metrics(labels, self.predicted_classes(features), self.classes)

    def dispose(self, why: str | None = None):
        if self.disposed:
            return
        self.disposed, self.dropped = True, why
        self.stop()
        if not self.training and not self.users:  # else when the last of them is done
            self._free()

    @contextmanager
    def kept(self):
        """The weights stay for the block, even if dispose() comes meanwhile (an export that
        awaits: the network asked for is the one saved)."""
        self.users += 1
        try:
            yield self
        finally:
            self.users -= 1
            if self.disposed and not self.users and not self.training:
                self._free()

    def _free(self):
        # after a failed training its weights may be gone already (TF.js says "already
        # disposed"): what is left is still freed
        for thing in (self.model, self.optimizer):
            try:
                if thing is not None:
                    thing.dispose()
            except Exception:  # a JsException: nothing more to free there
                pass


def _on_a_backend_that_trains():
    """Before a fit: a backend that lacks a kernel training needs gives way to wasm (the badge
    says why), as lab.core.pythonic does for the Layers API demo."""
    from lab.core import backend_pick
    from lab.core.engine import for_training

    why = for_training()
    if why:
        backend_pick.trained_on_wasm(why)
