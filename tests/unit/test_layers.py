"""The Layers API demo's plain-Python helpers (lab.layers), without a browser."""

import csv
import io

import pytest

from lab.layers.advice import apart, largest_stable_rate, least_squares, why_diverged
from lab.layers.saved import loss_csv


def test_the_exact_line_and_how_far_a_prediction_is_from_it():
    assert least_squares([1, 2, 3, 4], [1, 3, 5, 7]) == (2.0, -1.0)
    assert apart(8.98, 9.0) == "0.22% apart"
    assert apart(0.5, 0.0) == "0.5000 apart"


def test_a_rate_above_the_stable_limit_is_blamed_and_a_smaller_one_suggested():
    x, y = [1, 2, 3, 4], [1, 3, 5, 7]
    assert largest_stable_rate(x) == pytest.approx(0.1198, abs=1e-4)
    assert "Try 0.06" in why_diverged(x, y, 0.5, [30.0, float("inf")])
    assert "data's scale" in why_diverged([1e20, 2e20], [1, 2], 1e-50, [float("inf")])


def test_the_loss_history_is_one_csv_row_per_epoch_with_every_digit():
    rows = list(csv.reader(io.StringIO(loss_csv([0.5, 0.1234567890123, float("nan")]))))
    assert rows == [["epoch", "loss"], ["1", "0.5"], ["2", "0.1234567890123"], ["3", "nan"]]
