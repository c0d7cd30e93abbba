"""Bounded JSON (lab.core.safe_json), without a browser."""

import json
import random

import pytest

from lab.core.safe_json import MAX_DEPTH, JsonLimitError, depth, loads


def test_it_parses_what_json_parses_within_the_limits():
    data = {"a": [1, 2, {"b": "x[y{z"}], "c": None, "d": "\\\"]"}
    assert loads(json.dumps(data), max_chars=1000) == data


@pytest.mark.parametrize("text, expected", [
    ("1", 0), ('"[[["', 0), ("[]", 1), ('{"a": [[1]]}', 3), ('["\\"[", [2]]', 2), ("[[]][[[]]]", 3),
])
def test_depth_skips_brackets_inside_strings(text, expected):
    assert depth(text) == expected


def test_a_small_file_nested_very_deep_is_refused_before_parsing():
    text = "[" * 20_000 + "]" * 20_000
    with pytest.raises(JsonLimitError, match="20000 levels deep"):
        loads(text, max_chars=100_000, what="The file")
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH, max_chars=1000) is not None


def test_a_long_text_is_refused_by_its_length_before_any_scan():
    with pytest.raises(JsonLimitError, match="too big"):
        loads("[" + "1," * 600 + "1]", max_chars=1000, what="The link")


def test_random_and_truncated_text_only_ever_raises_value_error():
    rng = random.Random(7)
    alphabet = '[]{}",:0123456789.eE-+ truefalsnul\\'
    good = json.dumps({"a": [1, 2.5, {"b": ["c", None, True]}], "d": "e\\\"f"})
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        for candidate in (text, good[:rng.randrange(len(good))]):
            try:
                loads(candidate, max_chars=100)
            except ValueError:
                pass


def test_what_is_not_text_is_refused():
    with pytest.raises(JsonLimitError, match="not text"):
        loads(b"[]", max_chars=10)
