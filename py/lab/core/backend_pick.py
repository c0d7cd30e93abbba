"""`?backend=auto` in the page: the backend each camera demo's model runs on, by measuring.

    from lab.core import backend_pick

    await backend_pick.start("wasm", forced=False)      # engine.start_backend does this
    await backend_pick.frame(demo, model, frame.ms, key=model.name)   # after frame.done()
    backend_pick.choice()                               # the contract's backend_choice
    backend_pick.measure_again()                        # the badge's Measure again button

Without a hardware GPU (js/backend.js's labGpuProbe) nothing is measured: wasm, as it started.
With one (or `&trial=1`, for tests), the open demo's model is timed on its real frames on each
candidate, where it runs (the page's engine, or its worker's), and the fastest is kept and
remembered in this browser per model and GPU, for this version of the lab and of TF.js;
the decisions are lab.core.backend_choice's.
"""

import js
from pyodide.ffi import create_proxy

from lab.core import backend_choice as rules
from lab.core import storage, ui
from lab.core.bridge import js_error_message, to_py
from lab.core.engine import switch, tf

KEPT = "browser-ml-lab/backend-choice"
_mode = "auto"
_forced = False
_gpu = None          # the hardware GPU's name: choices are remembered per GPU
_probe: dict = {}
_page: dict = {}     # the choice before any model is measured
_now = None          # _Pick for the model being measured or run
_again = False       # Measure again was pressed: the next frame starts a trial
_proxies = []


class _Pick:
    def __init__(self, key: str, where: str, model):
        self.key, self.where, self.model = key, where, model
        self.trial = None
        self.choice = None
        self.published = None


def _version() -> str:
    # a new version of the lab, or of the libraries whose kernels are timed, is measured again
    manifest = getattr(getattr(js, "labBoot", None), "manifest", None)  # js/boot.js read it
    return rules.lab_version(getattr(manifest, "version", None) if manifest else None,
                             getattr(tf.version, "tfjs-core", "?"))


def _show(choice: dict):
    ui.element("#backend").textContent = choice["chosen"]
    why = choice["reason"].split(": ", 1)[-1] if choice["reason"].startswith(choice["chosen"]) \
        else choice["reason"]
    ui.element("#backend-why").textContent = why
    ui.element("#backend-measure").hidden = not (_mode == "auto" and (_gpu or _forced))


async def start(started: str, requested: str | None, forced: bool = False):
    """Called once the page's backend has started: `requested` None means auto."""
    global _mode, _forced, _gpu, _probe, _page
    button = ui.element("#backend-measure")
    proxy = create_proxy(lambda event: measure_again())
    _proxies.append(proxy)
    button.addEventListener("click", proxy)
    if requested is not None:
        _mode, _page = "asked", rules.asked_choice(started, requested)
        _show(_page)
        return
    _forced = forced
    try:
        probed = getattr(js, "labGpuProbed", None)  # js/backend.js started it beside Python
        _probe = to_py(await (probed or js.labGpuProbe(forced)))
    except Exception as error:  # a probe that fails finds no GPU: wasm, as without one
        _probe = {"error": js_error_message(error)}
    _gpu = rules.hardware_gpu(_probe)
    if started != "wasm":  # wasm could not start: what did is all there is to run on
        _gpu, _forced = None, False
        _page = {"mode": "auto", "chosen": started, "times_ms": {},
                 "reason": f"{started}: the wasm backend could not start"}
    elif _gpu is None and not forced:
        _page = rules.no_gpu_choice(_probe)
    else:
        _page = {"mode": "auto", "chosen": started, "times_ms": {},
                 "reason": f"{started}: until a model is measured"}
    _show(_page)


def choice() -> dict:
    """The open demo's choice (or the page's, before any model ran)."""
    return dict(_now.choice if _now is not None and _now.choice else _page)


def measure_again():
    """Forget the remembered choice of the model that runs; its next frame starts a trial."""
    global _again
    if _now is not None:
        storage.put(KEPT, rules.remember(storage.get(KEPT), _now.key, _gpu_key(), _version(), None))
    _again = True
    ui.element("#backend-why").textContent = "measuring from the next frame…"


def trained_on_wasm(why: str):
    """A fit moved the page's engine to wasm (lab.core.engine.for_training): the badge says so."""
    global _page, _now
    _now = None  # a camera model's next frame starts from its remembered choice again
    _page = {"mode": _mode, "chosen": "wasm", "reason": why, "times_ms": {}}
    _show(_page)


def _gpu_key() -> str:
    return _gpu or (_probe.get("webgl") or {}).get("renderer") or "no GPU"


async def _use(model, where: str, name: str) -> str | None:
    """Run `model` on backend `name`: None if it did, else why not."""
    try:
        if where == "worker":
            answer = to_py(await model.use_backend(name))
            return None if answer.get("backend") == name else "it could not start"
        return None if await switch(name) else "it could not start"
    except Exception as error:
        return js_error_message(error)


async def _begin(demo, model, key: str, where: str) -> _Pick:
    global _again
    pick = _Pick(key, where, model)
    remembered = None if _again else rules.recall(storage.get(KEPT), key, _gpu_key(), _version())
    _again = False
    if remembered is not None:
        why = await _use(model, where, remembered["chosen"])
        if why is None:
            pick.choice = remembered
            return pick
    names = rules.candidates(_probe, _forced)
    pick.trial = rules.Trial(names)
    await _use(model, where, names[0])
    pick.choice = rules.measuring_choice(names, names[0])
    return pick


async def _step(pick: _Pick, ms: float):
    trial = pick.trial
    step = trial.add(ms)
    while step not in (None, rules.DONE):
        why = await _use(pick.model, pick.where, step)
        if why is None:
            pick.choice = rules.measuring_choice(trial.names, step)
            return
        step = trial.skip(step, why)
    if step == rules.DONE:
        pick.choice = rules.timed_choice(trial)
        pick.trial = None
        await _use(pick.model, pick.where, pick.choice["chosen"])
        storage.put(KEPT, rules.remember(storage.get(KEPT), pick.key, _gpu_key(), _version(),
                                         pick.choice))


async def frame(demo, model, ms: float, key: str):
    """After each done frame of a camera demo: its result gains `backend_choice`; under auto
    with a GPU to try, the frame's time feeds the trial, which may switch the backend."""
    global _now
    if _mode != "auto" or (_gpu is None and not _forced):
        if demo.result.get("backend_choice") != _page:
            demo.publish(backend_choice=dict(_page))
        return
    if getattr(model, "moving", False):  # timed where it will run: once in its worker
        return
    key, where = f"{demo.name}:{key}", model.where
    if _now is None or _now.key != key or _now.where != where or _now.model is not model or _again:
        if _now is not None and _now.where == "page" and where != "page":
            await switch(_page["chosen"])  # the page's engine goes back to what it started on
        _now = await _begin(demo, model, key, where)
    elif _now.trial is not None:
        await _step(_now, ms)
    if _now.choice != _now.published:
        _now.published = dict(_now.choice)
        demo.publish(backend_choice=_now.published)
        _show(_now.choice)
