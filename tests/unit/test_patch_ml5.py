"""tools/patch_ml5.py: ml5's bundle with tfjs-vis asked for on first use, the rest byte for byte."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import patch_ml5  # noqa: E402


def test_the_patch_changes_only_the_tfvis_binding_and_the_bundle_still_parses(tmp_path):
    source = patch_ml5.SOURCE.read_text(encoding="utf-8")
    patched = patch_ml5.patch(source)
    (old, new), = patch_ml5.EDITS
    assert patched.replace(new, old) == source
    assert f"n({patch_ml5.VIS_MODULE})" in new and "new Proxy" in new
    # tfjs-vis's module is the one the patch defers (its exports: render, show, metrics, visor)
    start = source.index(f",{patch_ml5.VIS_MODULE}:(e,t,n)=>{{")
    assert "t.render=g" in source[start:start + 3000] and "t.visor=v.visor" in source[start:start + 3000]
    copy = tmp_path / "lab-ml5.min.js"
    copy.write_text(patched, encoding="utf-8")
    subprocess.run(["node", "--check", str(copy)], check=True)


def test_another_bundle_stops_the_patch_with_a_reason():
    with pytest.raises(ValueError, match="expected .* once, found it 0 times"):
        patch_ml5.patch("var gF=n(1234);")
    with pytest.raises(ValueError, match="found it 2 times"):
        patch_ml5.patch("var gF=n(9778);" * 2)
