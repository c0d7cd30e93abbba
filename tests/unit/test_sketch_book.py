"""The sketchbook's pure rules (lab.sketch.book, from_demo, gallery): no browser."""

import ast
from pathlib import Path

import pytest

from lab.sketch.book import (
    MAX_CODE,
    Sketch,
    SketchFileError,
    SketchNameError,
    check_code,
    check_file,
    clean_name,
    copy_name,
    file_name,
    merge,
    name_from_file,
    newest_first,
    unique_name,
)
from lab.sketch.from_demo import as_sketch
from lab.sketch.gallery import EXAMPLES, STARTERS, by_name

TEMPLATE = Path(__file__).resolve().parents[2] / "py" / "lab" / "demos" / "sketch.py"


def test_the_list_is_newest_first_and_stable():
    old = Sketch("a", "Old", "", created=1.0, updated=5.0)
    new = Sketch("b", "New", "", created=2.0, updated=9.0)
    tie = Sketch("c", "Tie", "", created=3.0, updated=5.0)
    assert [s.id for s in newest_first([old, new, tie])] == ["b", "c", "a"]
    assert newest_first([]) == []


def test_names_are_tidied_numbered_and_copied():
    assert clean_name("  my \n  idea ") == "my idea"
    assert len(clean_name("x" * 500)) == 60
    with pytest.raises(SketchNameError):
        clean_name("   ")
    assert clean_name("", fallback="Untitled") == "Untitled"
    assert unique_name("Sketch 1", []) == "Sketch 1"
    assert unique_name("Sketch 1", ["Sketch 1", "sketch 2"]) == "Sketch 3"
    assert unique_name("Walk", ["walk"]) == "Walk 2"
    assert copy_name("Walk", ["Walk"]) == "Walk copy"
    assert copy_name("Walk", ["Walk", "Walk copy"]) == "Walk copy 2"
    assert len(copy_name("y" * 60, [])) <= 60


def test_files_are_checked_before_they_are_read():
    check_file("pose.py", 1200)
    check_file("NOTES.TXT", 10)
    with pytest.raises(SketchFileError, match="not a Python file"):
        check_file("cat.png", 10)
    with pytest.raises(SketchFileError, match="more than a sketch holds"):
        check_file("big.py", 4 * MAX_CODE + 1)
    with pytest.raises(SketchFileError, match="more than a sketch holds"):
        check_code("big.py", "#" * (MAX_CODE + 1))
    with pytest.raises(SketchFileError, match="NUL"):
        check_code("odd.py", "a\x00b")
    assert check_code("win.py", "a\r\nb\rc") == "a\nb\nc"
    assert name_from_file("my_pose_game.py") == "my pose game"
    assert name_from_file(".py") == "Opened sketch"
    assert file_name("My idea!") == "My-idea.py" and file_name("???") == "sketch.py"


def test_a_kept_record_is_taken_on_trust_only_when_it_is_a_sketch():
    sketch = Sketch.new("Walk", "print(1)", now=10.0)
    assert Sketch.from_record(sketch.record()) == sketch and sketch.origin == "print(1)"
    assert Sketch.from_record(None) is None
    assert Sketch.from_record({"id": "x"}) is None
    assert Sketch.from_record({**sketch.record(), "code": 5}) is None
    assert Sketch.from_record({**sketch.record(), "code": "#" * (MAX_CODE + 1)}) is None
    assert Sketch.from_record({**sketch.record(), "name": "  "}).name == "Untitled sketch"


def test_another_tabs_changes_merge_into_the_list_without_touching_what_is_shown_here():
    shown, older, gone, unsaved = (Sketch.new(n, "x = 1", now=1.0) for n in "ABCD")
    newer = Sketch.from_record({**older.record(), "code": "x = 2", "rev": older.rev + 1})
    made_there = Sketch.new("E", "x = 3", now=2.0)
    theirs_of_shown = Sketch.from_record({**shown.record(), "code": "theirs", "rev": 9})
    here = {s.id: s for s in (shown, older, gone, unsaved)}
    merged = merge(here, [theirs_of_shown, newer, made_there], {shown.id, unsaved.id})
    assert set(merged) == {shown.id, older.id, unsaved.id, made_there.id}   # C removed there
    assert merged[shown.id] is shown and merged[unsaved.id] is unsaved     # kept as they are here
    assert merged[older.id].code == "x = 2" and merged[made_there.id] is made_there


def test_a_demo_becomes_a_sketch_by_its_name_and_stage_only():
    source = 'demo = Demo("pose")\nstage = Stage(demo, "#pose-stage")\npicker = "#pose-model"\n'
    assert as_sketch(source, "pose") == ('demo = Demo("sketch")\nstage = Stage(demo, '
                                         '"#sketch-stage")\npicker = "#pose-model"\n')
    assert as_sketch("Demo('tensors')", "tensors") == 'Demo("sketch")'
    assert as_sketch('Demo("pose")', "tensors") == 'Demo("pose")'


def test_every_example_is_listed_short_described_and_compiles():
    files = {path.stem for path in STARTERS.glob("*.py")}
    assert {e.name for e in EXAMPLES} == files and len(EXAMPLES) >= 12
    assert len({e.title for e in EXAMPLES}) == len(EXAMPLES)
    for example in EXAMPLES:
        assert len(example.code.splitlines()) <= 40, example.name
        assert 20 < len(example.description) <= 100, example.name
        compile(example.code, example.name, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        assert 'Demo("sketch")' in example.code and example.needs in ("", "camera", "hand", "photo")
    assert by_name("teachable").needs == "camera"
    template = TEMPLATE.read_text()
    assert len(template.splitlines()) <= 15 and 'Demo("sketch")' in template
