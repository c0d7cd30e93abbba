"""k-nearest neighbours on the recorded samples: instant, nothing to train.

    from lab.teach.knn import KNN

    knn = KNN(metric="cosine")          # images: the angle between embeddings; poses: "euclidean"
    knn.fit(features, labels, classes=2)   # the samples as one tensor on the engine
    knn.add(features[0], 1)             # one more (recording)
    knn.predict(query, k=3)             # [0.67, 0.33]: the share of the k nearest in each class
    knn.dispose()

The distances and the top k are TF.js ops on the whole sample matrix (one
matMul for cosine), run in one tidy(); only k indices come back to Python.
`vote` and `fair_k` are the plain-Python part, tested without a browser.
"""

from collections import Counter


def fair_k(k: int, labels: list[int]) -> int:
    """`k`, at most the fewest samples a class has (of those with any), at least 1: with two
    clips of one motion and one of another, k=3 would always name the first; k=1 names the
    nearest (motions: a clip per hold, so a class may have very few)."""
    return max(1, min([int(k), *Counter(labels).values()]))


def vote(neighbours: list[int], classes: int) -> list[float]:
    """Each class's share of the nearest samples' labels (`neighbours`, nearest first).

    A tie goes to the class of the nearest sample among the tied ones: it gets a
    small extra share, so that the confidences still sum to 1 and its bar is longest.
    """
    if not neighbours or classes <= 0:
        return [0.0] * max(classes, 0)
    counts = [0.0] * classes
    for label in neighbours:
        counts[label] += 1
    best = max(counts)
    tied = [label for label in range(classes) if counts[label] == best]
    if len(tied) > 1:
        winner = next(label for label in neighbours if label in tied)
        counts[winner] += 0.5
    total = sum(counts)
    return [count / total for count in counts]


class KNN:
    """k nearest neighbours over feature vectors (a tensor kept between calls): fit() the samples,
    then ask which class a new one is nearest to."""
    def __init__(self, metric: str = "cosine"):
        if metric not in ("cosine", "euclidean"):
            raise ValueError(f'Unknown metric "{metric}": use "cosine" or "euclidean".')
        self.metric = metric
        self.samples = None  # an [n, dims] tensor, kept (not freed by a run's tidy)
        self.labels: list[int] = []
        self.classes = 0

    def fit(self, features: list, labels: list[int], classes: int):
        """Keep `features` (one list of numbers per sample) and their `labels` (0 to classes - 1)."""
        from lab.core.bridge import to_js
        from lab.core.engine import tf, tidy

        self.dispose()
        self.labels, self.classes = list(labels), classes
        if not features:
            return
        with tidy():
            matrix = tf.tensor2d(to_js(features))
            if self.metric == "cosine":  # unit rows: a matMul then gives the cosine
                matrix = matrix.div(matrix.norm("euclidean", 1, True).add(1e-8))
            self.samples = tf.keep(matrix)

    def add(self, features: list, label: int):
        """One more sample, without building the matrix again from Python lists."""
        from lab.core.bridge import to_js
        from lab.core.engine import tf, tidy

        with tidy():
            row = tf.tensor2d(to_js([features]))
            if self.metric == "cosine":
                row = row.div(row.norm().add(1e-8))
            grown = row if self.samples is None else tf.concat(to_js([self.samples, row]))
            grown = tf.keep(grown)
        self.dispose()
        self.samples = grown
        self.labels.append(label)

    def predict(self, query: list, k: int = 3) -> list[float]:
        """Each class's confidence for `query`: the share of its k nearest samples."""
        from lab.core.bridge import to_js, to_py
        from lab.core.engine import tf, tidy

        if self.samples is None or not self.labels:
            return [0.0] * self.classes
        k = max(1, min(int(k), len(self.labels)))
        with tidy():
            point = tf.tensor2d(to_js([query]))
            if self.metric == "cosine":
                point = point.div(point.norm().add(1e-8))
                closeness = self.samples.matMul(point.transpose()).as1D()
            else:
                closeness = self.samples.sub(point).square().sum(1).neg()
            nearest = to_py(tf.topk(closeness, k).indices.dataSync())
        return vote([self.labels[int(i)] for i in nearest], self.classes)

    def dispose(self):
        """Free the kept samples' tensor."""
        if self.samples is not None:
            self.samples.dispose()
            self.samples = None
