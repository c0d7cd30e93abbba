"""lab.segment.grid.drawn_cutoff: the float32 cut that draws the pixels toBinaryMask draws."""

import math

import numpy as np

from lab.segment.grid import drawn_cutoff


def js_round(x: float) -> int:
    return math.floor(x + 0.5)  # JavaScript's Math.round: halves up


def drawn(p: np.float32, threshold: float) -> bool:
    """toBinaryMask's test: the mask's byte, Math.round(p * 255), at least its alpha cutoff."""
    return js_round(float(p) * 255) >= js_round(255 * threshold)


def test_the_cutoff_is_the_smallest_float32_toBinaryMask_draws():
    for threshold in [i / 1000 for i in range(1001)] + [0.5, 0.3, 0.8, 1 / 3, 127.5 / 255]:
        cut = np.float32(drawn_cutoff(threshold))
        assert float(cut) == drawn_cutoff(threshold)          # a float32 exactly
        below = np.nextafter(cut, np.float32(-1))
        if js_round(255 * threshold) == 0:
            assert cut == 0.0                                 # every pixel is drawn
            continue
        assert drawn(cut, threshold) and not drawn(below, threshold), threshold


def test_pixels_either_side_of_the_cutoff_draw_as_toBinaryMask_does():
    rng = np.random.default_rng(1)
    for threshold in (0.5, 0.3, 0.8, 0.05, 0.999):
        cut = np.float32(drawn_cutoff(threshold))
        near = cut + np.arange(-50, 50, dtype=np.float32) * np.spacing(cut)
        for p in np.concatenate([near, rng.random(2000, dtype=np.float32)]):
            assert (p >= cut) == drawn(p, threshold), (threshold, p)
