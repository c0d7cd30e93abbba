"""How a teach training ended, when it did not end as asked. Plain Python, no browser.

    from lab.teach.training import TrainingDiverged, TrainingStopped, diverged, why_diverged

    diverged([0.69, float("nan")])            # True: no epoch brings such a loss back
    why_diverged(1e30, [0.69, float("nan")])  # "Training diverged: the loss became not a
                                              # number at epoch 2. ... Try 0.001 ..."
    raise TrainingStopped("Training stopped after 3 epochs: the classes changed. kNN predicts.")
    raise TrainingFailed(why_failed("Tensor is disposed.", epochs=2))   # any other failure
    xs, ys = balanced(xs, ys, seed=0)         # each class as many samples as the largest (its own
                                              # repeated), in an order fixed by `seed`
"""

import math
import random

DEFAULT_RATE = 0.001  # index.html's #teach-rate


class TrainingStopped(Exception):
    """The network was dropped while it trained (the text says why): kNN predicts."""


class TrainingDiverged(Exception):
    """The training blew up (the text says what to change): kNN predicts."""


class TrainingFailed(Exception):
    """TF.js (or the page) refused the training for another reason (the text says what and what
    to do): the samples stay, kNN predicts."""


def balanced(xs: list, ys: list[int], seed: int = 0) -> tuple[list, list[int]]:
    """`xs` (labelled `ys`) with each class's samples repeated, in turn, up to the largest class's
    count, then shuffled by `seed`: a class taught with one clip and another with two weigh alike,
    and the same samples give the same order (a training that can be told again)."""
    by_class: dict[int, list] = {}
    for x, y in zip(xs, ys):
        by_class.setdefault(y, []).append(x)
    most = max((len(v) for v in by_class.values()), default=0)
    pairs = [(own[i % len(own)], y) for y, own in sorted(by_class.items()) for i in range(most)]
    random.Random(seed).shuffle(pairs)
    return [x for x, _ in pairs], [y for _, y in pairs]


def diverged(losses: list[float]) -> bool:
    return any(not math.isfinite(loss) for loss in losses)


def why_diverged(learning_rate: float, losses: list[float]) -> str:
    """What happened and what to change: the features are bounded (an embedding, or keypoints
    centred and scaled), so the learning rate is the cause, not the data's scale."""
    bad = next((i for i, loss in enumerate(losses) if not math.isfinite(loss)), None)
    if bad is None:
        what = "the network's weights became infinite"
    else:
        value = "not a number" if math.isnan(losses[bad]) else "infinite"
        what = f"the loss became {value} at epoch {bad + 1}"
    smaller = float(f"{min(learning_rate / 10, DEFAULT_RATE):.0e}")  # a round number
    return (f"Training diverged: {what}. The learning rate {learning_rate:g} is too large: each "
            f"step overshoots. Try {smaller:g} and train again; kNN predicts meanwhile.")


def why_failed(said: str, epochs: int) -> str:
    """What happened and what to do when a training failed in TF.js: `said`, its words; `epochs`,
    how many had ended."""
    said = " ".join(str(said).split())[:300].rstrip(".") or "no reason given"
    when = "before its first epoch ended" if not epochs else f"after {epochs} epochs"
    return (f"Training failed {when}: TensorFlow.js said “{said}”. Your samples are as they were "
            "and kNN predicts. Press Train again; if it fails again, reload the page (or try "
            "?backend=wasm, the backend every training here is tested on).")
