"""File names for what the page downloads (lab.core.download), without a browser."""

import time

from lab.core.download import file_name, safe_part


def test_names_say_what_and_when_with_only_safe_characters():
    when = time.mktime((2026, 11, 20, 14, 22, 33, 0, 0, -1))
    assert file_name("pose", "movenet", ext="png", when=when) == "pose-movenet-20261120-142233.png"
    assert file_name("classify", "my model/model.json", ext="png", when=when) == \
        "classify-my-model-model.json-20261120-142233.png"
    assert file_name("regression", "", ext="csv", when=when) == "regression-20261120-142233.csv"


def test_a_part_with_nothing_safe_left_is_named_none():
    assert safe_part("../..") == "none"
    assert safe_part("ÉfficientNet Lite0 (ImageNet)") == "fficientNet-Lite0-ImageNet"


def test_names_given_in_the_same_second_differ():
    """Issue 34, item 17: five snapshots in one second were five downloads of one name."""
    when = time.mktime((2026, 11, 21, 9, 0, 1, 0, 0, -1))
    names = [file_name("pose", "posenet", ext="png", when=when) for _ in range(5)]
    assert names == ["pose-posenet-20261121-090001.png"] + [
        f"pose-posenet-20261121-090001-{n}.png" for n in range(2, 6)]
    assert file_name("pose", "posenet", ext="csv", when=when) == "pose-posenet-20261121-090001.csv"
