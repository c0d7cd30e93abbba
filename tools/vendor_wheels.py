"""Put the pure-Python wheels the page loads into Pyodide (requirements/completion.txt: Jedi and
parso, for the Sketch editor's completion) in vendor/completion/, hash-checked.

    .venv/bin/python tools/vendor_wheels.py     # setup runs it (./lab serve, ./lab test)

pip downloads each pinned wheel once into .cache/wheels (git-ignored) with --require-hashes, so
an unknown file is refused; a wheel already there is checked against its pinned sha256 again
before it is copied. The page fetches them only when the editor first asks for completion.
"""

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements" / "completion.txt"
CACHE = ROOT / ".cache" / "wheels"
OUT = ROOT / "vendor" / "completion"


def pins(text: str) -> dict[str, tuple[str, str]]:
    """{name: (version, sha256)} from a requirements file of `name==version --hash=sha256:…`."""
    found = {}
    joined = re.sub(r"\\\n\s*", " ", text)
    for line in joined.splitlines():
        match = re.match(r"\s*([A-Za-z0-9_.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if match:
            found[match[1].lower()] = (match[2], match[3])
    return found


def wheel_name(name: str, version: str) -> str:
    return f"{name}-{version}-py2.py3-none-any.whl"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    wanted = pins(REQUIREMENTS.read_text())
    paths = {name: CACHE / wheel_name(name, version) for name, (version, _) in wanted.items()}
    if not all(path.is_file() for path in paths.values()):
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary=:all:", "--require-hashes", "-r", str(REQUIREMENTS),
                        "-d", str(CACHE)], check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, path in paths.items():
        if not path.is_file():
            sys.exit(f"error: pip did not produce {path.relative_to(ROOT)}")
        if sha256(path) != wanted[name][1]:
            sys.exit(f"error: {path.relative_to(ROOT)} is not the pinned file (sha256 differs): "
                     "delete it to download it again")
        target = OUT / path.name
        if not target.is_file() or sha256(target) != wanted[name][1]:
            shutil.copyfile(path, target)
    print(f"vendor/completion/: {', '.join(p.name for p in paths.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
