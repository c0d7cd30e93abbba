"""The teach training's plain-Python ends: when a training diverged, and what to say about it."""

import math

from lab.teach.training import balanced, diverged, why_diverged


def test_a_loss_that_is_not_a_number_or_infinite_is_a_divergence():
    assert not diverged([1.2, 0.8, 0.3])
    assert diverged([1.2, math.nan])
    assert diverged([math.inf])
    assert not diverged([])


def test_the_advice_names_the_epoch_and_a_smaller_round_learning_rate():
    said = why_diverged(1e30, [0.69, math.nan, math.nan])
    assert said.startswith("Training diverged: the loss became not a number at epoch 2.")
    assert "learning rate 1e+30 is too large" in said and "Try 0.001 " in said
    assert "kNN predicts meanwhile" in said
    # below the default: ten times smaller than the rate that blew up
    assert "Try 5e-05 " in why_diverged(0.0005, [math.inf])
    assert "became infinite at epoch 1" in why_diverged(0.0005, [math.inf])
    # the loss stayed a number but the weights did not
    assert "weights became infinite" in why_diverged(0.5, [0.7, 0.6])


def test_a_failed_training_says_what_tfjs_said_and_what_to_do():
    from lab.teach.training import why_failed

    said = why_failed("Cannot read properties of undefined (reading 'id').", epochs=3)
    assert said.startswith("Training failed after 3 epochs: TensorFlow.js said “Cannot read "
                           "properties of undefined (reading 'id')”.")
    assert "samples are as they were" in said and "Train again" in said and "reload" in said
    assert "before its first epoch" in why_failed("x", epochs=0)
    # a long or empty reason stays one readable line
    assert len(why_failed("a\n" * 1000, epochs=1)) < 600
    assert "no reason given" in why_failed("", epochs=1)


def test_balanced_repeats_each_class_up_to_the_largest_in_an_order_the_seed_fixes():
    xs, ys = ["a1", "a2", "a3", "a4", "b1", "c1", "c2"], [0, 0, 0, 0, 1, 2, 2]
    bx, by = balanced(xs, ys, seed=0)
    assert sorted(zip(by, bx)) == sorted([(0, "a1"), (0, "a2"), (0, "a3"), (0, "a4"),
                                          (1, "b1"), (1, "b1"), (1, "b1"), (1, "b1"),
                                          (2, "c1"), (2, "c2"), (2, "c1"), (2, "c2")])
    assert balanced(xs, ys, seed=0) == (bx, by)          # the same order again
    assert balanced(xs, ys, seed=1) != (bx, by)          # another seed, another order
    assert by != sorted(by)                              # shuffled: no batch holds one class only
    assert balanced([], []) == ([], [])
