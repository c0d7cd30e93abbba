"""Write vendor/ml5/lab-ml5.min.js: ml5's bundle with tfjs-vis loaded when first used, not at load.

    python3 tools/patch_ml5.py           # after tools/build_vendor.py; ./lab runs it
    python3 tools/patch_ml5.py --check   # exit 1 if vendor/ml5/lab-ml5.min.js is missing or stale

ml5 1.4.0's bundle runs tfjs-vis (and the vega, vega-lite and d3 it charts with) as it loads,
on the page's thread while Python's snapshot streams in, though only the Teach panel's charts
use it (`ml5.tfvis`). Here the bundle's `tfvis` binding, tfjs-vis's webpack module, is a Proxy
that asks webpack for that module on first use: the same module, the same one TF.js (tfjs-vis
itself loads nothing at that moment but its own code). The page and the model workers load this
copy; node_modules' ml5.min.js stays as it is (the plain-JS pages load that one). The edit is
made on the minified text: each string to replace must be there exactly once, else this stops.
Byte-for-byte the same on every run; the file is written only when its bytes change.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "ml5" / "dist" / "ml5.min.js"
DEST = ROOT / "vendor" / "ml5" / "lab-ml5.min.js"
VIS_MODULE = "9778"  # tfjs-vis's dist/index.js in ml5 1.4.0's webpack module table
# (old, new): `n` is webpack's require, `gF` the bundle's binding of tfjs-vis (ml5.tfvis and the
# neuralNetwork's debug charts read it only when they draw)
EDITS = [
    (f"var gF=n({VIS_MODULE});",
     f"var gF=new Proxy({{}},{{get:(e,t)=>n({VIS_MODULE})[t],has:(e,t)=>t in n({VIS_MODULE}),"
     f"ownKeys:()=>Reflect.ownKeys(n({VIS_MODULE})),getOwnPropertyDescriptor:(e,t)=>{{"
     f"const r=Object.getOwnPropertyDescriptor(n({VIS_MODULE}),t);return r&&{{...r,configurable:!0}}}}}});"),
]


def patch(source: str) -> str:
    for old, new in EDITS:
        if source.count(old) != 1:
            raise ValueError(f"ml5.min.js: expected {old!r} once, found it {source.count(old)} times "
                             "(another ml5 version? see tools/patch_ml5.py)")
        source = source.replace(old, new)
    return source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the copy is up to date")
    args = parser.parse_args()
    if not SOURCE.is_file():
        print(f"missing: {SOURCE.relative_to(ROOT)} (run `npm ci --ignore-scripts`)", file=sys.stderr)
        return 1
    data = patch(SOURCE.read_text(encoding="utf-8")).encode("utf-8")
    current = DEST.read_bytes() if DEST.is_file() else None
    if args.check:
        if current != data:
            print(f"{DEST.relative_to(ROOT)} is missing or stale: run python3 tools/patch_ml5.py",
                  file=sys.stderr)
            return 1
        return 0
    if current != data:
        DEST.parent.mkdir(parents=True, exist_ok=True)
        DEST.write_bytes(data)
        print(f"{DEST.relative_to(ROOT)}: ml5 with tfjs-vis loaded on first use")
    return 0


if __name__ == "__main__":
    sys.exit(main())
