"""Edited code that would lock the user out: an endless loop stopped at its line and not run
again after a reload, an unfinished edit, ?safe, and the watchdog of an isolated page."""

import importlib.util

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import ROOT, App, Guards
from user_code_support import EDIT_KEY, ENDLESS, seed, train_briefly


def test_an_endless_loop_is_stopped_at_its_line_and_not_run_again_after_a_reload(app):
    app.open()
    code = app.code("tensors") + ENDLESS
    loop_lines = {code.count("\n") - 1, code.count("\n")}  # `while True:` and `pass`
    app.set_code("tensors", code)
    app.page.click("#tensors-code-run")
    app.page.wait_for_selector("#tensors-message.error", timeout=30_000)
    message = app.message("tensors")
    assert "kept the page busy" in message and "asyncio.sleep" in message
    assert any(f"line {n} of tensors.py" in message for n in loop_lines), message
    assert app.page.locator("#tensors-message a[href='?safe']").count() == 1
    assert "Runaway" in app.console_errors("tensors")[0]
    assert "tensors" not in app.stats()["demos"]  # the run was ended
    assert app.page.evaluate("1 + 1") == 2
    train_briefly(app)

    app.open(demo="tensors")  # a new visit
    assert app.code("tensors") == code  # nothing the user wrote is lost
    assert "did not finish last time" in app.message("tensors")
    assert app.page.get_attribute("#tensors-code", "data-runs") is None  # not run
    assert app.result("tensors") == {}

    app.set_code("tensors", code.replace(ENDLESS, "\n"))
    app.run_code("tensors")
    assert app.result("tensors")["add"] == [11, 22, 33, 44]
    assert app.message("tensors") == ""
    app.open(demo="tensors")  # it finished: the next visit runs it again
    assert app.result("tensors")["add"] == [11, 22, 33, 44]


def test_a_saved_edit_that_never_finished_is_not_run_and_the_page_starts(page, server, guards):
    seed(page, "tensors", "from lab import Demo\ndemo = Demo('tensors')" + ENDLESS, unfinished=True)
    app = App(page, server, guards).open()
    assert "did not finish last time" in app.message("tensors")
    assert "while True" in app.code("tensors")
    assert app.page.get_attribute("#tensors-code", "data-runs") is None
    train_briefly(app)


def test_safe_mode_runs_the_shipped_code_and_keeps_the_saved_edits(page, server, guards):
    broken = "from lab import Demo\ndemo = Demo('tensors')\nraise ValueError('broken on purpose')\n"
    seed(page, "tensors", broken)
    app = App(page, server, guards).open(query="safe")
    assert app.result("tensors")["add"] == [11, 22, 33, 44]
    assert app.message("tensors") == ""
    banner = app.page.text_content("#app-message")
    assert "Safe mode" in banner
    assert app.page.locator("#app-message a").get_attribute("href") == "/"  # the way back
    assert app.code("tensors") == broken  # there to look at, fix or Reset
    assert app.page.evaluate(f"localStorage.getItem('{EDIT_KEY.format('tensors')}')") == broken
    app.run_code("tensors")  # Run in safe mode runs what the editor holds
    assert "broken on purpose" in app.message("tensors")


@pytest.fixture(scope="module")
def isolated_server():
    """The lab served cross-origin isolated (tools/serve.py), where the watchdog can work."""
    spec = importlib.util.spec_from_file_location("lab_serve", ROOT / "tools" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    url, stop = serve.start(isolated=True, cached=False)
    yield url
    stop()


WATCHDOG_HELD_AT_ONCE = """async () => {
    const cells = labWatchdog(1000);  // a second watchdog, whose cells interrupt nothing
    const armed = await cells.armed;
    Atomics.store(cells, 1, 1);  // a demo script runs
    let start = performance.now();
    let fired = false;
    while (!fired && performance.now() - start < 8000) fired = Atomics.load(cells, 0) === 2;
    Atomics.store(cells, 0, 0);  // as Pyodide does when it raises KeyboardInterrupt
    start = performance.now();
    let again = false;  // while the interrupted code is being handled
    while (!again && performance.now() - start < 600) again = Atomics.load(cells, 0) === 2;
    Atomics.store(cells, 1, 0);
    return {armed, fired, again};
}"""


def test_where_the_page_is_isolated_the_watchdog_stops_what_python_cannot_see(
        browsers, isolated_server):
    """A regular expression that backtracks for ever runs in C: only the interrupt buffer stops it."""
    guards = Guards(isolated_server)
    context = browsers(None).new_context(viewport={"width": 1280, "height": 900})
    try:
        app = App(guards.watch(context), isolated_server, guards).open()
        assert app.page.evaluate("crossOriginIsolated")
        # once its worker says it runs, a watchdog fires even when the thread is held at once
        # (held before the worker starts, it never would: the page waits for this first);
        # it does not fire again while what it interrupted is handled
        assert app.page.evaluate(WATCHDOG_HELD_AT_ONCE) == {"armed": True, "fired": True,
                                                            "again": False}
        app.set_code("tensors", "import re\nfrom lab import Demo\ndemo = Demo('tensors')\n"
                                "re.match(r'(a+)+$', 'a' * 40 + 'b')\n")
        try:
            app.run_code("tensors", timeout=60_000)
        except PlaywrightTimeoutError:  # the page's thread is stuck: its watchdogs can still tell
            cells = [worker.evaluate("self.watched && [...self.watched, Date.now() & 0x7fffffff]")
                     for worker in app.page.workers if worker.url.endswith("watchdog.js")]
            raise AssertionError("the script was not stopped; watchdog cells [interrupt, running, "
                                 f"last beat, fired, now]: {cells}") from None
        message = app.message("tensors")
        assert "watchdog interrupted it" in message and "line 4 of tensors.py" in message
        assert app.page.evaluate("1 + 1") == 2
        app.page.click("#tensors-code-reset")
        assert app.wait_result("tensors", "r.add")["add"] == [11, 22, 33, 44]
    finally:
        context.close()
    assert not guards.problems(), guards.problems()
