"""Which TF.js backend runs a model when the address leaves it to the lab (`?backend=auto`):
plain Python, no browser (lab.core.backend_pick drives it in the page).

    from lab.core.backend_choice import Trial, hardware_gpu, no_gpu_choice, timed_choice

    gpu = hardware_gpu(probe)                  # None: software or no GPU, rule it out at once
    no_gpu_choice(probe)                       # {"mode": "auto", "chosen": "wasm", "reason": ...}
    trial = Trial(["wasm", "webgl"])
    step = trial.add(ms)                       # None: time more; a name: switch to it; DONE
    trial.skip("webgpu", "could not start")    # a candidate that fails is left out, with a note
    timed_choice(trial)                        # the fastest, its reason and every median
    version = lab_version(manifest["version"], "4.22.0", "1.4.0")   # what choices are kept for
    recall(text, "pose:movenet", gpu, version) # a remembered choice for this model and GPU

A choice is the contract's `backend_choice`: {mode: "auto"|"asked", chosen, reason, times_ms}.
"""

import re

from lab.core.safe_json import loads

# what browsers call their software rasterisers (Chromium, Mesa, Windows)
SOFTWARE = re.compile(r"swiftshader|llvmpipe|softpipe|software|basic render", re.I)
WARM_UP = 3      # first calls compile shaders or warm caches: not timed
MIN_TIMED = 5    # then at least this many timed calls
MAX_TIMED = 12   # and at most this many, while the times still spread
SPREAD = 0.25    # stop once the middle half of the times is this close to the median
LOSING = 1.5     # a candidate this much slower than the best after MIN_TIMED stops early
DONE = "done"
KEEP = 40        # remembered choices (models × GPUs) at most
VERSION = 1      # bump when the trial's way of measuring changes: everything is measured again


def is_software(renderer: str) -> bool:
    return bool(SOFTWARE.search(renderer or ""))


def hardware_gpu(probe: dict) -> str | None:
    """The hardware GPU's name (WebGL's renderer, else WebGPU's adapter), or None when the
    only GPU is a software one, a fallback adapter, or none."""
    webgl, webgpu = probe.get("webgl") or {}, probe.get("webgpu") or {}
    if webgl.get("present") and not webgl.get("caveat") and not is_software(webgl.get("renderer")):
        return webgl.get("renderer") or "WebGL"
    if webgpu.get("present") and not webgpu.get("fallback") \
            and not is_software(webgpu.get("renderer")):
        return webgpu.get("renderer") or "WebGPU"
    return None


def candidates(probe: dict, forced: bool = False) -> list[str]:
    """What a trial times: wasm, then the GPU backends this browser can offer (`forced`, for
    tests: software ones too, and a registered webgpu even without an adapter)."""
    webgl, webgpu = probe.get("webgl") or {}, probe.get("webgpu") or {}
    names = ["wasm"]
    soft_gl = webgl.get("caveat") or is_software(webgl.get("renderer"))
    if webgl.get("present") and (forced or not soft_gl):
        names.append("webgl")
    if "webgpu" in (probe.get("registered") or []) and (forced or (
            webgpu.get("present") and not webgpu.get("fallback"))):
        names.append("webgpu")
    return names


def no_gpu_choice(probe: dict) -> dict:
    webgl, webgpu = probe.get("webgl") or {}, probe.get("webgpu") or {}
    if webgl.get("renderer"):
        found = SOFTWARE.search(webgl["renderer"])
        gl = f"WebGL is software: {found.group(0) if found else webgl['renderer'][:80]}"
    else:
        gl = "no hardware WebGL" if webgl.get("caveat") else "no WebGL"
    gpu = "a fallback WebGPU adapter" if webgpu.get("present") else "no WebGPU adapter"
    return {"mode": "auto", "chosen": "wasm", "reason": f"wasm: no hardware GPU found ({gl}; {gpu})",
            "times_ms": {}}


def asked_choice(name: str, asked: str) -> dict:
    why = "asked for in the address" if name == asked else f"{asked} could not start"
    return {"mode": "asked", "chosen": name, "reason": f"{name}: {why}", "times_ms": {}}


def measuring_choice(names: list[str], now: str) -> dict:
    return {"mode": "auto", "chosen": now, "reason": f"measuring {', '.join(names)}…",
            "times_ms": {}}


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def reason(chosen: str, times: dict, notes: list[str] | None = None) -> str:
    """"webgl: 9 ms a frame; wasm 31 ms", and what was skipped."""
    others = ", ".join(f"{name} {_ms(ms)} ms" for name, ms in times.items() if name != chosen)
    text = f"{chosen}: {_ms(times[chosen])} ms a frame" + (f"; {others}" if others else "")
    return text + "".join(f"; {note}" for note in notes or [])


def _median(values) -> float:
    """statistics.median, without importing statistics (and decimal, fractions) at every boot."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


class Trial:
    """Each candidate in turn, on the real frames: a few warm-up calls, then timed calls until
    the median is steady (or clearly losing); then the next; the fastest wins."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        self.index = 0
        self.times: dict[str, list[float]] = {name: [] for name in self.names}
        self.notes: list[str] = []
        self.skipped: set[str] = set()

    @property
    def current(self) -> str | None:
        return self.names[self.index] if self.index < len(self.names) else None

    def medians(self) -> dict:
        return {name: round(_median(ms[WARM_UP:]), 1)
                for name, ms in self.times.items() if len(ms) > WARM_UP and name not in self.skipped}

    def _enough(self, name: str) -> bool:
        timed = sorted(self.times[name][WARM_UP:])
        if len(timed) < MIN_TIMED:
            return False
        median = _median(timed)
        best = min((ms for other, ms in self.medians().items() if other != name), default=None)
        if best is not None and median > LOSING * best:
            return True
        quarter = len(timed) // 4
        spread = (timed[-1 - quarter] - timed[quarter]) / median if median else 0
        return spread <= SPREAD or len(timed) >= MAX_TIMED

    def _next(self):
        self.index += 1
        return self.current or DONE

    def add(self, ms: float):
        """One call on the current candidate took `ms`: None to keep going, the next
        candidate's name to switch to, or DONE."""
        name = self.current
        if name is None:
            return DONE
        self.times[name].append(ms)
        return self._next() if self._enough(name) else None

    def skip(self, name: str, why: str):
        """`name` failed (to start, or mid-trial): left out, with a note; the next step."""
        self.skipped.add(name)
        self.notes.append(f"{name} skipped: {why}")
        if name == self.current:
            return self._next()
        return None

    def best(self) -> str:
        medians = self.medians()
        return min(medians, key=medians.get) if medians else "wasm"


def timed_choice(trial: Trial, remembered: bool = False) -> dict:
    medians, chosen = trial.medians(), trial.best()
    if chosen not in medians:  # nothing could be timed: wasm, as without a GPU
        return {"mode": "auto", "chosen": "wasm", "times_ms": medians,
                "reason": "; ".join(["wasm: nothing else could be timed", *trial.notes])}
    text = reason(chosen, medians, trial.notes)
    return {"mode": "auto", "chosen": chosen, "times_ms": medians,
            "reason": text + (" (measured before)" if remembered else "")}


# --- training: the Layers regression and teach's network, forward and backward --------------
# every kernel a fit of either runs (tf.profile of both, tests/test_backend_choice.py checks it);
# tfjs-backend-webgpu 4.22 registers all of them, as wasm, webgl and cpu do
TRAINING_KERNELS = ("Add", "ArgMax", "BatchMatMul", "Cast", "ClipByValue", "Equal", "GatherV2",
                    "GreaterEqual", "Identity", "LessEqual", "Log", "LogicalAnd", "Mean",
                    "Multiply", "Neg", "RealDiv", "Relu", "Reshape", "Select", "Slice", "Softmax",
                    "Sqrt", "Square", "Step", "Sub", "Sum", "ZerosLike", "_FusedMatMul")


def for_training(current: str, missing: list[str]) -> tuple[str, str | None]:
    """The backend a fit runs on, and why it is not `current` (None when it is)."""
    if not missing:
        return current, None
    return "wasm", (f"wasm: training needs {', '.join(missing[:3])}, which the {current} "
                    "backend lacks")


# --- remembered: per model and GPU, for this lab's version ------------------------------------
def lab_version(manifest_version, tfjs: str) -> str:
    """What a remembered choice is kept for: the lab's version (vendor/manifest.json's, which
    changes with any of its files), and the TF.js whose kernels were timed."""
    lab = manifest_version if isinstance(manifest_version, str) and manifest_version else "?"
    return f"lab {lab[:64]}, tfjs {tfjs}"


def _kept(text: str | None, version: str) -> dict:
    try:
        data = loads(text, max_chars=64_000, what="the kept backend choices") if text else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict) or data.get("version") != f"{VERSION}/{version}":
        return {}  # another lab or library version: its times say nothing about this one
    choices = data.get("choices")
    return choices if isinstance(choices, dict) else {}


def recall(text: str | None, model: str, gpu: str, version: str) -> dict | None:
    entry = _kept(text, version).get(f"{model}|{gpu}")
    if not isinstance(entry, dict) or not isinstance(entry.get("chosen"), str):
        return None
    times = entry.get("times_ms") if isinstance(entry.get("times_ms"), dict) else {}
    return {"mode": "auto", "chosen": entry["chosen"], "times_ms": times,
            "reason": str(entry.get("reason", entry["chosen"]))[:300] + " (measured before)"}


def remember(text: str | None, model: str, gpu: str, version: str, choice: dict | None) -> str:
    """The kept text with `choice` for this model and GPU (None forgets it)."""
    import json

    choices = dict(_kept(text, version))
    key = f"{model}|{gpu}"
    choices.pop(key, None)
    if choice is not None:
        choices[key] = {name: choice[name] for name in ("chosen", "reason", "times_ms")}
    while len(choices) > KEEP:
        choices.pop(next(iter(choices)))
    return json.dumps({"version": f"{VERSION}/{version}", "choices": choices})
