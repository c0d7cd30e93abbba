"""lab.core.backend_choice.lab_version: a remembered backend choice holds for one lab version."""

from lab.core import backend_choice as rules

CHOICE = {"chosen": "webgl", "reason": "webgl: 9.0 ms a frame; wasm 31 ms",
          "times_ms": {"webgl": 9.0, "wasm": 31.0}}
GPU = "ANGLE (NVIDIA GeForce GTX 1070)"


def test_a_choice_made_under_one_lab_version_is_measured_again_under_another():
    before = rules.lab_version("26373b459705af3f", "4.22.0")
    kept = rules.remember(None, "classify:model.json", GPU, before, CHOICE)
    assert rules.recall(kept, "classify:model.json", GPU, before)["chosen"] == "webgl"
    after = rules.lab_version("811e40b688ae1d32", "4.22.0")  # a file of the lab changed
    assert rules.recall(kept, "classify:model.json", GPU, after) is None
    assert rules.recall(kept, "classify:model.json", GPU,
                        rules.lab_version("26373b459705af3f", "4.22.1")) is None


def test_no_manifest_or_an_odd_one_still_gives_a_bounded_key():
    assert rules.lab_version(None, "4.22.0") == "lab ?, tfjs 4.22.0"
    assert rules.lab_version(12, "4.22.0") == "lab ?, tfjs 4.22.0"
    assert len(rules.lab_version("v" * 10_000, "4.22.0")) < 100
