"""Completion's plain parts (lab.sketch.hints) and the pinned wheels the page loads."""

import importlib.util
from pathlib import Path

from lab.sketch.hints import (
    MAX_DETAIL,
    WHEELS,
    Item,
    announcement,
    asks_after,
    describe_key,
    first_line,
    keep_name,
)

ROOT = Path(__file__).resolve().parents[2]


def test_a_list_is_offered_after_a_dotted_name_only():
    assert asks_after("x = tf.") == "tf"
    assert asks_after("import x\nstage.fr") == "stage"
    assert asks_after("    a = stage.meter.fp") == "stage.meter"
    assert asks_after("ml5.") == "ml5"
    for nothing in ("x = 1.", "x = 1.5", "# see tf.", "print('tf.", 'f"{tf.', "tf", "", "a..",
                    "x = (tf"):
        assert asks_after(nothing) is None, nothing


def test_private_and_bridge_names_are_left_out():
    hidden = frozenset({"as_object_map", "constructor"})
    assert keep_name("tensor", "te", javascript=True, hidden=hidden)
    assert not keep_name("as_object_map", "", javascript=True, hidden=hidden)
    assert keep_name("constructor", "", javascript=False, hidden=hidden)   # a Python name of that name
    assert not keep_name("_cells", "")
    assert keep_name("_cells", "_c")


def test_the_first_docstring_line_is_short_and_items_are_said_in_words():
    assert first_line("\n  Each new picture.\n  More.\n\nOther.") == "Each new picture."
    assert first_line(None) == "" and first_line("") == ""
    long = first_line("x" * 500)
    assert len(long) == MAX_DETAIL and long.endswith("…")
    item = Item("frames", "function", "frames(again=None)", "Each new picture.")
    assert item.spoken() == "frames, function, frames(again=None), Each new picture."
    assert Item("tensor", "JavaScript function").as_dict() == {
        "name": "tensor", "kind": "JavaScript function", "signature": "", "doc": ""}
    assert announcement(0, "tf.") == "No completions for tf.."
    assert announcement(1, "tf.").startswith("1 completion for tf.")


def test_the_page_loads_the_wheels_setup_pins():
    spec = importlib.util.spec_from_file_location("vendor_wheels", ROOT / "tools/vendor_wheels.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    pins = tool.pins((ROOT / "requirements/completion.txt").read_text())
    assert set(pins) == {"jedi", "parso"}
    assert sorted(WHEELS) == sorted(tool.wheel_name(n, v) for n, (v, _) in pins.items())
    assert all(len(sha) == 64 for _, sha in pins.values())


def test_descriptions_are_kept_for_names_outside_the_sketch_only():
    kept = describe_key("lab.sketch.stage", "lab.sketch.stage.Stage.frames", "function",
                        ("__main__", "lab.demos.sketch"))
    assert kept == ("lab.sketch.stage", "lab.sketch.stage.Stage.frames", "function")
    assert describe_key("json", "json.dumps", "function") != describe_key("json", "json.dumps",
                                                                          "class")
    assert describe_key("lab.media.stage", "lab.media.stage.Stage.frame", "instance") is None
    assert describe_key("lab.media.stage", "lab.media.stage.Stage.mirror", "statement")
    # the sketch's own code and its run's names change as it is edited: described each time
    for module in ("__main__", "lab.demos.sketch"):
        assert describe_key(module, f"{module}.Ball.bounce", "function",
                            ("__main__", "lab.demos.sketch")) is None
    assert describe_key(None, "x.y", "function") is None
    assert describe_key("json", None, "module") is None
