"""The checks and rounding a model's answer goes through on every frame, as C loops where they
can be (a face is 468 points a frame). No browser needed.

    from lab.vision.numbers import all_finite, finite, tenth

    all_finite([1.0, 2.5])        # True; None, a string or NaN anywhere: False
    finite(x, y)                  # the same, for a few values
    tenth(12.345)                 # 12.3: round(value, 1), halves up, a few times quicker
"""

import math


def all_finite(values) -> bool:
    """Every value a finite number (None, a string or NaN: no), in a C loop."""
    try:
        return all(map(math.isfinite, values))
    except TypeError:
        return False


def finite(*values) -> bool:
    return all_finite(values)


def tenth(value: float) -> float:
    """`value` to the nearest tenth, halves up: round(value, 1) but for exact halves, and a
    few times quicker (round goes through the decimal digits)."""
    return math.floor(value * 10 + 0.5) / 10
