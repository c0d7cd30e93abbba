"""lab.core.backend_choice: ?backend=auto's rules, without a browser."""

from lab.core import backend_choice as rules

SWIFTSHADER = "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)"
NVIDIA = "ANGLE (NVIDIA, NVIDIA GeForce GTX 1070 Direct3D11 vs_5_0 ps_5_0, D3D11)"
NO_WEBGPU = {"present": False, "fallback": False, "renderer": ""}


def probe(renderer="", caveat=False, webgpu=NO_WEBGPU, registered=("wasm", "webgl", "cpu")):
    return {"webgl": {"present": bool(renderer), "caveat": caveat,
                      "renderer": renderer},
            "webgpu": webgpu, "registered": list(registered)}


def test_software_gpus_are_ruled_out_at_once():
    assert rules.hardware_gpu(probe(caveat=True)) is None       # the browser said so
    assert rules.hardware_gpu(probe(SWIFTSHADER)) is None       # by name
    assert rules.hardware_gpu(probe("llvmpipe (LLVM 15.0.6, 256 bits)")) is None
    assert rules.hardware_gpu(probe("Microsoft Basic Render Driver")) is None
    fallback = {"present": True, "fallback": True, "renderer": "Google SwiftShader"}
    assert rules.hardware_gpu(probe(caveat=True, webgpu=fallback)) is None
    assert rules.hardware_gpu({}) is None                      # no probe at all: no GPU
    assert rules.hardware_gpu(probe(NVIDIA)) == NVIDIA
    gpu = {"present": True, "fallback": False, "renderer": "apple metal-3"}
    assert rules.hardware_gpu(probe(caveat=True, webgpu=gpu)) == "apple metal-3"


def test_without_a_gpu_wasm_says_why():
    choice = rules.no_gpu_choice(probe(caveat=True))
    assert choice == {"mode": "auto", "chosen": "wasm", "times_ms": {},
                      "reason": "wasm: no hardware GPU found (no hardware WebGL; no WebGPU adapter)"}
    named = rules.no_gpu_choice(probe(SWIFTSHADER, caveat=True))["reason"]
    assert named == "wasm: no hardware GPU found (WebGL is software: SwiftShader; no WebGPU adapter)"


def test_candidates_are_wasm_then_what_the_gpu_offers():
    assert rules.candidates(probe(caveat=True)) == ["wasm"]
    assert rules.candidates(probe(NVIDIA)) == ["wasm", "webgl"]
    gpu = {"present": True, "fallback": False, "renderer": "nvidia"}
    registered = ("wasm", "webgl", "webgpu")
    assert rules.candidates(probe(NVIDIA, webgpu=gpu, registered=registered)) \
        == ["wasm", "webgl", "webgpu"]
    # forced (tests, no GPU): SwiftShader's WebGL, and a registered webgpu that will not start
    assert rules.candidates(probe(SWIFTSHADER, registered=registered), forced=True) \
        == ["wasm", "webgl", "webgpu"]


def run(trial, times: dict):
    """Feed each candidate its times in turn; the steps the trial asked for."""
    steps = []
    while trial.current is not None:
        name = trial.current
        for ms in times[name]:
            step = trial.add(ms)
            if step is not None:
                steps.append(step)
                break
        else:
            raise AssertionError(f"{name}: the trial wanted more than {len(times[name])} calls")
    return steps


def test_the_fastest_wins_after_warm_up_and_a_steady_median():
    trial = rules.Trial(["wasm", "webgl"])
    # warm-up calls are slow (shader compiles) and not counted
    steps = run(trial, {"wasm": [175, 90] + [31, 30, 32, 31, 30, 33] * 3,
                        "webgl": [7000, 600, 40] + [9, 9.5, 8.8, 9.1, 9, 9.2] * 3})
    assert steps == ["webgl", rules.DONE]
    choice = rules.timed_choice(trial)
    assert choice["chosen"] == "webgl" and choice["times_ms"] == {"wasm": 31.0, "webgl": 9.0}
    assert choice["reason"] == "webgl: 9.0 ms a frame; wasm 31 ms"
    assert len(trial.times["webgl"]) == rules.WARM_UP + rules.MIN_TIMED


def test_a_clearly_slower_candidate_stops_early_and_spread_times_run_longer():
    trial = rules.Trial(["wasm", "webgl"])
    noisy = [60, 120, 55, 130, 58, 125, 61, 118, 59, 122, 60, 119, 57, 121, 58]
    run(trial, {"wasm": [100] * 3 + noisy, "webgl": [7000] * 3 + [530] * 20})
    assert len(trial.times["wasm"]) == rules.WARM_UP + rules.MAX_TIMED  # spread: ran longest
    assert len(trial.times["webgl"]) == rules.WARM_UP + rules.MIN_TIMED  # losing: stopped
    assert rules.timed_choice(trial)["chosen"] == "wasm"


def test_a_candidate_that_fails_is_skipped_with_a_note():
    trial = rules.Trial(["wasm", "webgl", "webgpu"])
    for ms in [40] * 8:
        step = trial.add(ms)
    assert step == "webgl"
    for ms in [500] * 8:
        step = trial.add(ms)
        if step:
            break
    assert step == "webgpu"
    assert trial.skip("webgpu", "it could not start") == rules.DONE
    choice = rules.timed_choice(trial)
    assert choice["chosen"] == "wasm" and set(choice["times_ms"]) == {"wasm", "webgl"}
    assert choice["reason"] == "wasm: 40 ms a frame; webgl 500 ms; webgpu skipped: it could not start"


def test_choices_are_remembered_per_model_gpu_and_version():
    choice = {"mode": "auto", "chosen": "webgl", "reason": "webgl: 9 ms a frame; wasm 31 ms",
              "times_ms": {"wasm": 31, "webgl": 9}}
    text = rules.remember(None, "pose:movenet", NVIDIA, "tfjs 4.22.0", choice)
    again = rules.recall(text, "pose:movenet", NVIDIA, "tfjs 4.22.0")
    assert again["chosen"] == "webgl" and again["times_ms"] == {"wasm": 31, "webgl": 9}
    assert again["reason"].endswith("(measured before)")
    assert rules.recall(text, "pose:posenet", NVIDIA, "tfjs 4.22.0") is None   # another model
    assert rules.recall(text, "pose:movenet", "Intel UHD 620", "tfjs 4.22.0") is None  # GPU
    assert rules.recall(text, "pose:movenet", NVIDIA, "tfjs 4.23.0") is None   # new library
    forgotten = rules.remember(text, "pose:movenet", NVIDIA, "tfjs 4.22.0", None)
    assert rules.recall(forgotten, "pose:movenet", NVIDIA, "tfjs 4.22.0") is None
    for bad in ("not json", "[" * 100 + "]" * 100, '{"version": 1, "choices": []}', "x" * 100_000):
        assert rules.recall(bad, "pose:movenet", NVIDIA, "tfjs 4.22.0") is None
    many = None
    for index in range(rules.KEEP + 5):
        many = rules.remember(many, f"m{index}", NVIDIA, "v", choice)
    assert rules.recall(many, "m0", NVIDIA, "v") is None
    assert rules.recall(many, f"m{rules.KEEP + 4}", NVIDIA, "v")["chosen"] == "webgl"


def test_asked_backends_say_so():
    assert rules.asked_choice("cpu", "cpu")["reason"] == "cpu: asked for in the address"
    assert rules.asked_choice("wasm", "webgpu") == {
        "mode": "asked", "chosen": "wasm", "reason": "wasm: webgpu could not start", "times_ms": {}}


def test_training_falls_back_to_wasm_where_a_kernel_is_missing():
    assert rules.for_training("webgpu", []) == ("webgpu", None)
    assert rules.for_training("webgpu", ["Step", "Select"]) == (
        "wasm", "wasm: training needs Step, Select, which the webgpu backend lacks")


def test_webgpu_4_22_registers_every_kernel_training_needs():
    """Read from the package's own kernel files (the page's copy is bundled in ml5, the same
    4.22 code): WebGPU trains the regression and teach's network, no fallback needed there."""
    from pathlib import Path

    kernels = Path(__file__).resolve().parents[2] / "node_modules/@tensorflow/tfjs-backend-webgpu"
    version = (kernels / "package.json").read_text()
    assert '"version": "4.22.0"' in version
    have = {path.name.removesuffix(".js") for path in (kernels / "dist/kernels").glob("*.js")}
    assert [name for name in rules.TRAINING_KERNELS if name not in have] == []
