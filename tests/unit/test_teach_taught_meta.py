"""lab.teach.taught_meta: an exported motion network's metadata, checked field by field."""

import pytest

from lab.teach.taught_meta import TaughtModelError, check_motion_metadata

GOOD = {"labels": ["side", "up and down"], "mode": "motion-pose", "windowSamples": 9,
        "sampleRate": 10, "windowFrames": 10, "inputShape": [10, 36],
        "keypoints": ["nose"] + ["k"] * 16}


def test_the_exported_metadata_gives_what_the_network_needs():
    meta = check_motion_metadata(dict(GOOD), frames=10)
    assert meta == {"labels": ["side", "up and down"], "mode": "motion-pose", "samples": 9,
                    "dims": 37, "keypoints": ["nose"] + ["k"] * 16}
    hands = check_motion_metadata({**GOOD, "mode": "motion-hands", "inputShape": [10, 44]}, 10)
    assert hands["dims"] == 45


@pytest.mark.parametrize("change, said", [
    ({"mode": "poses"}, "not a motion"),
    ({"mode": None}, "no mode"),
    ({"labels": ["one"]}, "2 to 50 names"),
    ({"labels": ["a", 3]}, "2 to 50 names"),
    ({"labels": ["a", "x" * 101]}, "2 to 50 names"),
    ({"windowSamples": 500}, "outside 2 to 121"),
    ({"windowSamples": True}, "no window length"),
    ({"windowSamples": 9.5}, "no window length"),
    ({"sampleRate": 30}, "10 frames at 30 a second"),
    ({"windowFrames": 16}, "16 frames"),
    ({"inputShape": [10, 44]}, "not [10, 36]"),
    ({"inputShape": "10x36"}, "no input shape"),
])
def test_a_field_missing_or_out_of_range_is_named(change, said):
    with pytest.raises(TaughtModelError) as raised:
        check_motion_metadata({**GOOD, **change}, frames=10)
    assert said in str(raised.value), str(raised.value)


def test_what_is_not_an_object_is_refused_and_odd_keypoints_are_left_out():
    with pytest.raises(TaughtModelError, match="not an object"):
        check_motion_metadata(["labels"], frames=10)
    assert check_motion_metadata({**GOOD, "keypoints": [1, 2]}, 10)["keypoints"] == []
