"""tools/serve.py's list of the app's own files (js/sw_listing.js reads it on a later visit)."""

import hashlib
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("lab_serve_unit", ROOT / "tools" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_list_holds_the_app_files_and_follows_an_edit(tmp_path):
    (tmp_path / "index.html").write_bytes(b"<html>")
    (tmp_path / "pyscript.toml").write_bytes(b"[files]")
    for name in ("py/lab/__pycache__/a.cpython-311.pyc", "vendor/x.js", "js/a.js", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "py/lab/a.py").write_bytes(b"print(1)\n")
    (tmp_path / "css").symlink_to(tmp_path / "js", target_is_directory=True)  # followed

    listed = serve.own_files(tmp_path)
    assert listed == {"index.html": sha(b"<html>"), "pyscript.toml": sha(b"[files]"),
                      "css/a.js": sha(b"x"), "js/a.js": sha(b"x"), "py/lab/a.py": sha(b"print(1)\n")}
    (tmp_path / "py/lab/a.py").write_bytes(b"print(22)\n")   # another size: hashed again
    assert serve.own_files(tmp_path)["py/lab/a.py"] == sha(b"print(22)\n")
