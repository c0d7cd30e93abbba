"""Write vendor/manifest.json (every file the page loads: size and sha256) and gzip copies of the
big files beside them (vendor/**/<name>.gz). Both are generated, git-ignored, made by setup.

    python3 tools/make_manifest.py          # after the other setup steps (vendor/ complete)
    python3 tools/make_manifest.py --check  # exit 1 when the manifest is missing or out of date

The service worker (js/service-worker.js) reads the manifest, checked field by field
(js/manifest_check.js: keep this format in step with it): vendor/ and assets/ files are served
from its cache by sha256, a file whose hash changed is fetched again, and a file with a `gz`
entry is fetched compressed and inflated in the worker (`python3 -m http.server` sends no
Content-Encoding). The app's own files (index.html, pyscript.toml, css/, js/, py/: every js/*.js,
so the worker's own files too) are listed as well, so that a version is kept whole for offline
use, own files included (js/sw_versions.js); the worker always asks the server for those first.
"""

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "vendor" / "manifest.json"
# what the page may load, relative to ROOT (globs); vendor/ is filtered by SKIP below
INCLUDE = ["index.html", "pyscript.toml", "css/*.css", "js/*.js", "js/*.mjs", "py/**/*.py",
           "assets/samples/*.jpg", "vendor/**/*"]
SKIP_NAMES = {"manifest.json", "LICENSE", "CREDITS.md"}
SKIP_SUFFIXES = (".gz", ".stamp", ".map", ".md")
# a gzip copy only where it saves a real share of the bytes (python_stdlib.zip, weights: hardly)
GZIP_MIN_SIZE = 32_000
GZIP_MAX_RATIO = 0.8


def page_files() -> list[Path]:
    found = set()
    for pattern in INCLUDE:
        for path in ROOT.glob(pattern):
            rel = path.relative_to(ROOT)
            if (path.is_file() and path.name not in SKIP_NAMES and not path.name.endswith(SKIP_SUFFIXES)
                    and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts)):
                found.add(path)
    return sorted(found)


def gzip_copy(path: Path, data: bytes) -> int | None:
    """Keep <path>.gz up to date when worth it; its size, or None (and no copy)."""
    target = path.with_name(path.name + ".gz")
    if len(data) < GZIP_MIN_SIZE or "vendor" not in path.relative_to(ROOT).parts[:1]:
        target.unlink(missing_ok=True)
        return None
    if target.exists() and target.stat().st_mtime_ns >= path.stat().st_mtime_ns:
        packed = target.read_bytes()
        if gzip.decompress(packed) == data:
            return len(packed)
    packed = gzip.compress(data, compresslevel=9, mtime=0)  # mtime=0: the same bytes every run
    if len(packed) > GZIP_MAX_RATIO * len(data):
        target.unlink(missing_ok=True)
        return None
    target.write_bytes(packed)
    return len(packed)


def build() -> dict:
    files = {}
    for path in page_files():
        data = path.read_bytes()
        entry = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        packed = gzip_copy(path, data)
        if packed is not None:
            entry["gz"] = packed
        files[path.relative_to(ROOT).as_posix()] = entry
    listing = json.dumps(files, sort_keys=True).encode()
    return {"version": hashlib.sha256(listing).hexdigest()[:16], "files": files}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the manifest is current")
    args = parser.parse_args()
    if not (ROOT / "vendor").is_dir():
        print("vendor/ is missing: run the other setup steps first", file=sys.stderr)
        return 1
    if args.check:
        current = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
        files = {p.relative_to(ROOT).as_posix(): p for p in page_files()}
        stale = sorted(set(files) ^ set(current.get("files", {})))
        stale += [name for name, p in files.items() if name in current.get("files", {}) and
                  current["files"][name]["sha256"] != hashlib.sha256(p.read_bytes()).hexdigest()]
        for name in stale:
            print(f"manifest out of date: {name}", file=sys.stderr)
        return 1 if stale or not current else 0
    manifest = build()
    text = json.dumps(manifest, indent=0, sort_keys=True)
    if not MANIFEST.exists() or MANIFEST.read_text() != text:
        MANIFEST.write_text(text)
    files = manifest["files"].values()
    plain = sum(e["size"] for e in files)
    wire = sum(e.get("gz", e["size"]) for e in files)
    print(f"vendor/manifest.json: {len(files)} files, version {manifest['version']}, "
          f"{plain / 1e6:.1f} MB ({wire / 1e6:.1f} MB with the gzip copies)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
