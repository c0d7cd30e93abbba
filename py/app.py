"""Start the app: the TensorFlow.js backend, the demo tabs, the first demo.

    from lab.app import main
    await main()        # py/main.py does this

The automation contract (README): `<html data-ready="1">` once this is done;
`?demo=<name>` opens a demo; `?backend=<name>` picks the backend.
"""

import js

from lab import engine, ui
from lab.demo import running
from lab.runner import run_script

DEMOS = ("tensors", "regression", "classify", "pose")
# Camera demos hold the camera and a frame loop: they run only while shown.
CAMERA_DEMOS = ("classify", "pose")
BUILT = {"tensors", "regression", "pose", "classify"}

_tab_proxies = []


def app_message(text: str, kind: str = "error"):
    box = ui.element("#app-message")
    box.textContent = text
    box.className = f"message {kind}" if text else "message"
    box.hidden = not text


async def start_demo(name: str):
    if name not in BUILT or running(name) is not None:
        return
    try:
        await run_script(name)
    except Exception as error:  # a broken demo must leave the others working
        ui.message(name, f"The {name} demo failed to start: {type(error).__name__}: {error}", "error")


async def show_demo(name: str):
    """Show one demo's section; start it if needed, stop camera demos left behind."""
    for other in DEMOS:
        ui.element(f"#demo-{other}").hidden = other != name
        tab = ui.element(f"#tab-{other}")
        tab.setAttribute("aria-selected", "true" if other == name else "false")
        if other != name and other in CAMERA_DEMOS and running(other) is not None:
            running(other).stop()
    js.document.documentElement.dataset.demo = name
    await start_demo(name)


def _wire_tabs():
    from pyodide.ffi import create_proxy

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
    await start_demo("tensors")  # cheap, and its result is part of the contract
    await show_demo(first)
    status.textContent = "Ready"
    js.document.documentElement.dataset.ready = "1"
