"""The demos' one list agrees with the page, the files and what PyScript mounts."""

import re
import tomllib
from pathlib import Path

from lab.demos import CAMERA, DEMOS, NAMES, by_name

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "index.html").read_text()


def test_every_demo_has_a_tab_a_section_and_a_script():
    for demo in DEMOS:
        tab = re.search(rf'<button[^>]*id="tab-{demo.name}"[^>]*>([^<]+)</button>', PAGE)
        assert tab and tab.group(1) == demo.title
        assert f'id="demo-{demo.name}"' in PAGE and f'id="{demo.name}-result"' in PAGE
    assert PAGE.count('role="tab"') == len(DEMOS)
    assert CAMERA == ("classify", "pose", "teach", "face", "sketch", "hands", "segment")
    assert by_name("pose").camera and by_name("nope") is None
    assert set(NAMES) <= {p.stem for p in (ROOT / "py").rglob("demos/*.py")}


def test_pyscript_mounts_every_python_file_of_the_package():
    config = tomllib.loads((ROOT / "pyscript.toml").read_text())
    files = config["files"]
    origin, target = files.get("{FROM}", ""), files.get("{TO}", "")
    mounted = {source.replace("{FROM}", origin) for source in files if source not in ("{FROM}", "{TO}")}
    package = ROOT / "py" / "lab" if (ROOT / "py" / "lab").is_dir() else ROOT / "py"
    on_disk = {"./" + p.relative_to(ROOT).as_posix() for p in package.rglob("*.py")}
    on_disk.discard("./py/main.py")  # the entry point: index.html runs it
    assert on_disk - mounted == set(), "not in pyscript.toml's [files]"
    assert mounted - on_disk == set(), "in pyscript.toml's [files] but not on disk"
    assert all(dest.replace("{TO}", target).startswith("./lab/") for dest in files.values()
               if dest not in (origin, target))


def test_no_two_test_files_share_a_name():
    """tests/ and tests/unit/ are one namespace for pytest (no __init__.py): a second
    test_x.py stops the whole collection."""
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert sorted(names) == sorted(set(names))


def test_each_demo_section_ends_before_the_next_begins():
    """A section left open hides the next demo inside a hidden one (a merge once did that)."""
    opened = []
    for tag in re.finditer(r"<(/?)section\b([^>]*)>", PAGE):
        name = re.search(r'id="([^"]*)"', tag.group(2))
        if tag.group(1):
            opened.pop()
        else:
            assert not opened, f"section {name and name.group(1)} begins inside {opened[-1]}"
            opened.append(name and name.group(1))
    assert not opened
