"""The loss chart's log scale and curve (lab.charts.scale), without a browser."""

import math

from lab.charts.scale import curve_path, decade_y, decades

BOX = (56, 12, 500, 100)  # left, top, width, height


def test_the_axis_spans_whole_powers_of_ten_at_least_one_apart():
    assert decades([0.9, 0.02]) == (-2, 0)
    assert decades([5.0]) == (0, 1)
    assert decades([1.0, 1.0]) == (0, 1)       # one decade widened, never zero tall
    assert decades([0.5, 0.5]) == (-1, 0)
    assert decades([math.nan, 0.0, -1.0, math.inf]) is None  # nothing a log scale can show
    assert decades([]) is None


def test_the_curve_runs_from_the_first_epoch_on_the_left_to_the_last_on_the_right():
    axis = decades([1.0, 0.1, 0.01])
    assert axis == (-2, 0)
    path = curve_path([1.0, 0.1, 0.01], epochs=3, box=BOX, axis=axis)
    assert path == "M 56.0 12.0 L 306.0 62.0 L 556.0 112.0"
    assert decade_y(0, BOX, axis) == 12 and decade_y(-2, BOX, axis) == 112


def test_losses_a_log_scale_cannot_show_are_left_out_not_drawn_at_zero():
    path = curve_path([1.0, math.nan, 0.0, 0.1], epochs=4, box=BOX, axis=(-1, 0))
    assert path.count("L") == 1 and path.startswith("M 56.0 12.0")
    assert curve_path([math.nan], epochs=1, box=BOX, axis=(0, 1)) == ""
