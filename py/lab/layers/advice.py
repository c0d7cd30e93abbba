"""A 1-unit regression's exact answer, and why gradient descent blew up. Plain Python.

    from lab.layers.advice import least_squares, apart, largest_stable_rate, why_diverged

    least_squares([1, 2, 3, 4], [1, 3, 5, 7])             # (2.0, -1.0): slope, intercept
    apart(8.98, 9.0)                                      # "0.22% apart"

    largest_stable_rate([1, 2, 3, 4])                     # 0.12: above it, SGD diverges
    why_diverged(x, y, learning_rate=0.5, losses=[...])   # a sentence: the cause and the fix
"""

import math

from lab.inputs.forms import readable


def least_squares(x, y):
    """The exact best line y = slope * x + intercept, to compare training with."""
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    slope = (sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y))
             / sum((a - mean_x) ** 2 for a in x))
    return slope, mean_y - slope * mean_x


def apart(prediction, exact):
    if exact != 0 and math.isfinite(exact):
        return f"{readable(abs(prediction - exact) / abs(exact) * 100, 2)}% apart"
    return f"{readable(abs(prediction - exact))} apart"


def largest_stable_rate(x):
    """Gradient descent on the mean squared error diverges above this learning rate.

    It is 2 / (the largest eigenvalue of the loss's curvature), which depends on X alone.
    """
    xx, mx = sum(a * a for a in x) / len(x), sum(x) / len(x)
    curvature = (xx + 1) + math.sqrt((xx - 1) ** 2 + 4 * mx * mx)  # 2 x that eigenvalue
    return 2 / curvature


def why_diverged(x, y, learning_rate, losses):
    """What made the loss blow up, and what to do about it."""
    biggest = max(abs(value) for value in x + y)
    limit = largest_stable_rate(x)
    if math.isfinite(losses[0]) and learning_rate >= limit:
        smaller = float(f"{limit / 2:.0e}")  # a round number below the limit
        return (f"The learning rate {learning_rate:g} is too large for these X values: above "
                f"about {limit:.2g} each step overshoots. Try {smaller:g}"
                + (", or normalise X (divide it by its largest value) so that usual rates "
                   "work." if limit < 1e-3 else "."))
    return (f"The data's scale is the cause, not the learning rate: values reach "
            f"{readable(biggest, 2)}, and the loss (their squared errors) goes beyond what "
            "32-bit floats hold (about 3.4e38). Normalise X and Y (divide each by its largest "
            "value), train, and scale the prediction back.")
