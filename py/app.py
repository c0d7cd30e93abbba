"""Start the app: the TensorFlow.js backend, the demo tabs, the first demo.

    from lab.app import main
    await main()        # py/main.py does this

The automation contract (README): `<html data-ready="1">` once this is done;
`?demo=<name>` opens a demo; `?backend=<name>` picks the backend.
"""

import js
from pyodide.ffi import create_proxy

from lab import demo as demos, engine, ui
from lab.demo import running
from lab.editor import Editor
from lab.runner import error_line, format_error, run_script

DEMOS = ("tensors", "regression", "classify", "pose")
# Camera demos hold the camera and a frame loop: they run only while shown.
CAMERA_DEMOS = ("classify", "pose")
BUILT = {"tensors", "regression", "pose", "classify"}

_tab_proxies = []
editors: dict = {}


def app_message(text: str, kind: str = "error"):
    box = ui.element("#app-message")
    box.textContent = text
    box.className = f"message {kind}" if text else "message"
    box.hidden = not text


def console_print(name: str):
    """A print() for a demo's script: its output goes to the console under the demo's code."""
    def print_(*values, sep=" ", end="\n", file=None, flush=False):
        ui.console(name, sep.join(map(str, values)) + end)
    return print_


async def run_demo(name: str, source: str | None = None):
    """Run a demo's code (the editor's, if edited); a failure is shown, never raised."""
    if source is None and name in editors and editors[name].edited:
        source = editors[name].source
    ui.clear(f"#{name}-console") if name in editors else None
    try:
        await run_script(name, source, print=console_print(name))
    except Exception as error:  # a broken demo must leave the others working
        line = error_line(error, name)
        where = f" at line {line} of {name}.py" if line else ""
        mine = "Your edited code" if source is not None else f"The {name} demo"
        ui.message(name, f"{mine} stopped with {type(error).__name__}{where}: {error}. "
                   "The traceback is under the code; fix it and Run again, or Reset.", "error")
        ui.console(name, format_error(error, name), "error")
    finally:
        # for automation: how many runs of this demo's code have finished (`data-runs`)
        panel = js.document.getElementById(f"{name}-code")
        if panel is not None:
            runs = panel.getAttribute("data-runs")  # a str, or JS null the first time
            panel.setAttribute("data-runs", str(int(runs) + 1 if isinstance(runs, str) else 1))


async def start_demo(name: str):
    if name in BUILT and running(name) is None:
        await run_demo(name)


async def run_from_editor(name: str, source: str):
    """The editor's Run: show that demo, and replace whatever of it is running."""
    if js.document.documentElement.dataset.demo != name:
        await show_demo(name, start=False)
    await run_demo(name, source)


def stats() -> str:
    """What is alive, for automation and tests: tensors, and each demo's loops and handlers."""
    alive = {name: demos.running(name).counts() for name in DEMOS if demos.running(name)}
    canvases = {name: js.document.querySelectorAll(f"#demo-{name} canvas").length for name in DEMOS}
    return ui.to_json({"numTensors": engine.num_tensors(), "demos": alive, "canvases": canvases})


async def show_demo(name: str, start: bool = True):
    """Show one demo's section; start it if needed, stop camera demos left behind."""
    for other in DEMOS:
        ui.element(f"#demo-{other}").hidden = other != name
        tab = ui.element(f"#tab-{other}")
        tab.setAttribute("aria-selected", "true" if other == name else "false")
        if other != name and other in CAMERA_DEMOS and running(other) is not None:
            running(other).stop()
    js.document.documentElement.dataset.demo = name
    if name in editors:
        editors[name].refresh()
    if start:
        await start_demo(name)


def _wire_tabs():
    for name in DEMOS:
        async def on_click(event, name=name):
            await show_demo(name)
            # keep the address bar in step, so a reload or a shared link opens the same demo
            params = js.URLSearchParams.new(js.location.search)
            params.set("demo", name)
            js.history.replaceState(None, "", f"?{params.toString()}")

        proxy = create_proxy(on_click)  # lives as long as the page
        _tab_proxies.append(proxy)
        ui.element(f"#tab-{name}").addEventListener("click", proxy)


async def main():
    params = js.URLSearchParams.new(js.location.search)
    status = ui.element("#boot-status")

    status.textContent = "Starting TensorFlow.js…"
    try:
        backend, warning = await engine.start_backend(params.get("backend"))
    except RuntimeError as error:
        app_message(f"{error} This browser cannot run the demos.")
        status.textContent = "No backend"
        return
    ui.element("#backend").textContent = backend
    js.document.documentElement.dataset.backend = backend
    if warning:
        app_message(warning, "warning")

    requested = params.get("demo")
    first = requested if requested in DEMOS else "tensors"
    if requested and requested not in DEMOS:
        app_message(f'Unknown demo "{requested}" in ?demo=: use one of {", ".join(DEMOS)}. '
                    "Showing tensors.", "warning")

    _wire_tabs()
    for name in sorted(BUILT):
        editors[name] = Editor(name, run_from_editor)
    stats_proxy = create_proxy(stats)
    _tab_proxies.append(stats_proxy)
    js.window.labStats = stats_proxy
    await start_demo("tensors")  # cheap, and its result is part of the contract
    await show_demo(first)
    status.textContent = "Ready"
    js.document.documentElement.dataset.ready = "1"
