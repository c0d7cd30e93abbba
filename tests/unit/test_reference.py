"""docs/reference.md is what tools/make_reference.py makes of the docstrings now."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("make_reference", ROOT / "tools/make_reference.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_the_committed_reference_is_current():
    text = _tool().render()
    assert (ROOT / "docs/reference.md").read_text() == text, \
        "docs/reference.md is not current: run python3 tools/make_reference.py"


def test_every_name_a_sketch_uses_is_documented():
    text = _tool().render()
    assert "(no docstring)" not in text
    for heading in ("class `Stage(", "class `Demo(", "`camera_stage(", "pose_model(demo", "### `tf`",
                    "class `KNN(", "class `Frame(", "class `HandModel(", "`loss_chart(",
                    "`async hand_model(demo", "`async face_model(demo", "`async segment_model(demo",
                    "`face_point(face", "class `Backdrop("):
        assert heading in text, heading
    assert "- `frames(again=None, when_empty=None)`" in text
