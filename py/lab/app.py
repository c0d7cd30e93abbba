"""Start the app: the TensorFlow.js backend, the demo tabs, the first demo.

    from lab.app import main
    await main()        # py/main.py does this

The automation contract (README): `<html data-ready="1">` once this is done;
`?demo=<name>` opens a demo; `?backend=<name>` picks the backend.
"""

import asyncio

import js
from pyodide.ffi import create_proxy

from lab import a11y
from lab.core import engine, guard, ownership, share, storage, ui
from lab.core.bridge import js_error_message
from lab.core.demo import SAFE_MODE_LINK, running
from lab.core.runner import describe, format_error, patch_blocking_calls, run_script, uses_ml5
from lab.demos import CAMERA, NAMES, by_name
from lab.editor import Editor
from lab.inputs.forms import address_text
from lab.page import app_message, console_print, stats, tab_keys
from lab.sketch.editor import SketchEditor

_tab_proxies = []
editors: dict = {}
stopped_by_user: set = set()     # demos whose Stop was pressed: not restarted by showing them
# ?safe: every demo starts from its shipped code; saved edits stay in their editors, not run
SAFE_MODE = js.URLSearchParams.new(js.location.search).has("safe")


async def run_demo(name: str, source: str | None = None):
    """Run a demo's code (`source`, or the shipped file); a failure is shown, never raised."""
    editor = editors.get(name)
    mine = editor is not None and source is not None and source != editor.shipped
    if editor is not None:
        ui.clear_console(name)
    ui.message(name, "")  # what the last run said is not about this one
    stopped_by_user.discard(name)
    if mine:
        editor.mark_unfinished()  # cleared below if its top level returns; kept if it never does
    finished = True
    try:
        if not await _scripts_for(name, source or ""):
            return
        await run_script(name, source if mine else None, print=console_print(name))
    except asyncio.CancelledError:
        raise
    except BaseException as error:  # a broken demo must leave the others working
        finished = not isinstance(error, guard.Runaway)
        guard.reset()
        _report_failure(name, error, mine)
    finally:
        ownership.claim(None)  # what this task does next is not the script's
        if mine and finished:
            editor.mark_finished()
        # for automation: how many runs of this demo's code have finished (`data-runs`)
        panel = js.document.getElementById(f"{name}-code")
        if panel:
            runs = panel.getAttribute("data-runs")  # a str, or JS null the first time
            panel.setAttribute("data-runs", str(int(runs) + 1 if isinstance(runs, str) else 1))


async def _scripts_for(name: str, source: str) -> bool:
    """Load what the demo needs that the page has not loaded yet (index.html: its section's
    data-scripts, js/boot.js's labLoadScripts), and ml5 for code that names it; False, with a
    message, if a file can't load."""
    needs = ui.element(f"#demo-{name}").getAttribute("data-scripts")  # JS null when none
    needs = (needs if isinstance(needs, str) else "") + (" ml5" if uses_ml5(source) else "")
    if not needs.strip():
        return True
    try:
        await js.labLoadScripts(needs)
    except Exception as error:
        ui.message(name, f"This demo cannot start: {js_error_message(error)}", "error")
        return False
    return True


def _report_failure(name: str, error: BaseException, mine: bool):
    who = "Your edited code" if mine else f"The {name} demo"
    runaway = isinstance(error, guard.Runaway)
    if runaway and running(name) is not None:
        running(name).stop()  # whatever its top level had started
    ui.message(name, describe(error, name, who) + " The traceback is under the code; fix it "
               "and Run again, or Reset.", "error", SAFE_MODE_LINK if runaway else None)
    ui.console(name, format_error(error, name), "error")


async def start_demo(name: str):
    """Start a demo shown for the first time (or again): its saved edit, or its shipped code."""
    if name not in NAMES or running(name) is not None or name in stopped_by_user \
            or not by_name(name).autorun:
        return
    editor = editors.get(name)
    if editor is None or not editor.edited or SAFE_MODE or editor.from_link is not None:
        await run_demo(name)  # code from a link waits in its editor for Run
    elif editor.unfinished:
        # a script that froze the page would freeze it again at every visit
        ui.message(name, "Your edited code did not finish last time (it kept the page busy, or "
                   "the page was closed while it ran), so it was not run again. It is in the "
                   "editor below: fix it and press Run, or Reset to the shipped code.", "error",
                   SAFE_MODE_LINK)
    else:
        await run_demo(name, editor.source)


async def run_from_editor(name: str, source: str):
    """The editor's Run: show that demo, and replace whatever of it is running."""
    if js.document.documentElement.dataset.demo != name:
        await show_demo(name, start=False)
    await run_demo(name, source)


def stop_demo(name: str):
    """The editor's Stop: end the demo's current run, as a new run would, and keep it stopped."""
    stopped_by_user.add(name)
    current = running(name)
    if current is not None:
        current.stop()
    ui.message(name, "Stopped: this demo's loops, camera and handlers are ended. "
               "Press Run to start it again.", "info")


async def show_demo(name: str, start: bool = True):
    """Show one demo's section; start it if needed, stop camera demos left behind."""
    for other in NAMES:
        ui.element(f"#demo-{other}").hidden = other != name
        tab = ui.element(f"#tab-{other}")
        tab.setAttribute("aria-selected", "true" if other == name else "false")
        tab.tabIndex = 0 if other == name else -1  # Tab reaches the shown tab; arrows the others
        if other != name and other in CAMERA and running(other) is not None:
            running(other).stop()
    js.document.documentElement.dataset.demo = name
    if name in editors:
        editors[name].refresh()
    if start:
        await start_demo(name)


def _wire_tabs():
    for name in NAMES:
        async def on_click(event, name=name):
            app_message("", key="demo")  # a tab picked: the word on ?demo= is answered
            await show_demo(name)
            # keep the address bar in step, so a reload or a shared link opens the same demo
            params = js.URLSearchParams.new(js.location.search)
            params.set("demo", name)
            js.history.replaceState(None, "", f"?{params.toString()}")

        proxy = create_proxy(on_click)  # lives as long as the page
        _tab_proxies.append(proxy)
        ui.element(f"#tab-{name}").addEventListener("click", proxy)
    keys = create_proxy(tab_keys)
    _tab_proxies.append(keys)
    ui.element("[role=tablist]").addEventListener("keydown", keys)


def _open_shared_link() -> str | None:
    """Code in the address after '#' (a "Copy link"): shown in its editor, not run; its demo."""
    try:
        found = share.read_fragment(str(js.location.hash), NAMES)
    except share.ShareError as error:
        app_message(str(error), "error", key="share")
        return None
    if found is None:
        return None
    app_message("", key="share")
    name, source = found
    editors[name].open_shared(source)
    return name


async def _on_hash_change(event):
    """A link pasted into the open lab's address bar changes only the part after '#': the
    browser does not reload, so the code is opened here, in its demo's tab."""
    name = _open_shared_link()
    if name is not None:
        await show_demo(name)


def _leave_safe_mode_link():
    params = js.URLSearchParams.new(js.location.search)
    params.delete("safe")
    query = params.toString()
    return (f"?{query}" if query else js.location.pathname, "Leave safe mode.")


async def main():
    params = js.URLSearchParams.new(js.location.search)
    status = ui.element("#boot-status")
    guard.install()
    guard.start_watchdog()  # where the page is cross-origin isolated
    ownership.install()
    patch_blocking_calls()
    # a browser task every half second: the thread was free then, so a slice starts afresh
    heartbeat = create_proxy(guard.entered(lambda: None))
    _tab_proxies.append(heartbeat)
    js.setInterval(heartbeat, 500)

    status.textContent = "Starting TensorFlow.js…"
    try:
        backend, warning = await engine.start_backend(params.get("backend"),
                                                      forced_trial=params.get("trial") == "1")
    except RuntimeError as error:
        app_message(f"{error} This browser cannot run the demos.")
        status.textContent = "No backend"
        return
    ui.element("#backend").textContent = backend
    js.document.documentElement.dataset.backend = backend
    if warning:
        app_message(warning, "warning", key="backend")

    requested = params.get("demo")
    first = requested if requested in NAMES else "tensors"
    if requested and requested not in NAMES:
        app_message(f'Unknown demo "{address_text(requested)}" in ?demo=: use one of {", ".join(NAMES)}. '
                    "Showing tensors.", "warning", key="demo")

    _wire_tabs()
    for name in NAMES:
        editors[name] = (SketchEditor if name == "sketch" else Editor)(name, run_from_editor, stop_demo)
    editors["sketch"].link_demos(editors, show_demo)
    _open_shared_link()
    hash_changed = create_proxy(_on_hash_change)
    _tab_proxies.append(hash_changed)
    js.window.addEventListener("hashchange", hash_changed)
    if SAFE_MODE:
        app_message("Safe mode: every demo runs its shipped code. Your saved edits are still in "
                    "their editors, not run: press Run to try one, or Reset to drop it.",
                    "warning", _leave_safe_mode_link())
    elif not storage.kept:
        app_message(storage.WHY_NOT_KEPT, "warning")
    a11y.install()
    js.performance.mark("lab:tabs")  # the boot's stages, for the bench (bench/boot_timeline.py)
    stats_proxy = create_proxy(stats)
    _tab_proxies.append(stats_proxy)
    js.window.labStats = stats_proxy
    await guard.watchdog_armed()  # before any demo script: one could hold the thread at once
    js.performance.mark("lab:demo")
    await start_demo("tensors")  # cheap, and its result is part of the contract
    await show_demo(first)
    status.textContent = "Ready"
    js.document.documentElement.dataset.ready = "1"
