"""Results published as JSON: numbers JSON cannot hold become strings a reader can test for."""

import json

from lab.core.results import to_json


def test_plain_results_are_plain_json():
    assert json.loads(to_json({"add": [11, 22], "name": "pose"})) == {"add": [11, 22], "name": "pose"}


def test_nan_and_infinities_are_published_as_strings_at_any_depth():
    data = {"loss": [1.0, float("nan")], "x": {"y": (float("inf"), -float("inf"))}}
    assert json.loads(to_json(data)) == {"loss": [1.0, "NaN"], "x": {"y": ["Infinity", "-Infinity"]}}
