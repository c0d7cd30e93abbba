"""Your own code can never lock you out of the lab: runaway loops, Stop, safe mode, floods.

Edited code runs in the page's own thread, so a mistake in it could freeze the
tab, and, saved, freeze every later visit. These tests make those mistakes
on purpose and check that the page says what happened, stays usable, and
keeps what the user wrote.
"""

import importlib.util
import json
import os

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import CHROMIUM, PHOTOS, QUIET_FLAGS, ROOT, App, Guards

EDIT_KEY = "browser-ml-lab/edit/{}"
UNFINISHED_KEY = "browser-ml-lab/unfinished/{}"
ENDLESS = "\nwhile True:\n    pass\n"


def seed(page, demo: str, source: str, unfinished: bool = False):
    """Put a saved edit (and its "did not finish" mark) in localStorage before the page loads."""
    items = {EDIT_KEY.format(demo): source}
    if unfinished:
        items[UNFINISHED_KEY.format(demo)] = "running"
    page.add_init_script(f"""
        if (!sessionStorage.getItem("seeded")) {{
            for (const [key, value] of Object.entries({json.dumps(items)}))
                localStorage.setItem(key, value);
            sessionStorage.setItem("seeded", "1");
        }}""")


def shipped(app, demo: str) -> str:
    return app.page.evaluate(f"fetch('py/lab/demos/{demo}.py').then(r => r.text())")


def train_briefly(app):
    """Another demo still works: a 20-epoch regression."""
    assert app.train_regression(20)["epochs_run"] == 20


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


@pytest.mark.camera("astronaut_640x480")
def test_stop_ends_a_camera_demo_and_releases_the_camera(app):
    app.open(demo="pose")
    app.wait_result("pose", "r.frame >= 2", timeout=90_000)
    app.page.click("#pose-code-stop")
    assert "Stopped" in app.message("pose")
    assert "pose" not in app.stats()["demos"]
    frames = app.result("pose")["frame"]
    app.page.wait_for_timeout(1_500)
    assert app.result("pose")["frame"] == frames  # no more frames published
    live = app.page.evaluate("""[...document.querySelectorAll('video')].flatMap(v =>
        v.srcObject ? v.srcObject.getTracks().filter(t => t.readyState === 'live') : []).length""")
    assert live == 0
    app.page.click("#tab-tensors")  # showing it again does not undo the Stop
    app.page.click("#tab-pose")
    app.page.wait_for_timeout(500)
    assert "pose" not in app.stats()["demos"]
    app.run_code("pose")
    app.wait_result("pose", "r.frame >= 2", timeout=90_000)


def test_a_print_flood_keeps_the_last_lines_and_the_page_answers(app):
    app.open()
    app.set_code("tensors", "for i in range(50_000):\n    print(i)\n")
    app.run_code("tensors")
    app.page.wait_for_function(
        "document.querySelector('#tensors-console').textContent.endsWith('49999\\n')")
    lines = app.page.locator("#tensors-console span:not(.console-dropped)").count()
    assert lines == 500
    assert "49,500 earlier lines not shown" in app.page.text_content("#tensors-console .console-dropped")
    assert app.page.evaluate("1 + 1") == 2


def test_an_error_repeated_by_a_handler_or_a_timer_is_shown_once(app):
    app.open()
    code = app.code("tensors") + (
        "\nimport js\n"
        "demo.on('#tensors-run', 'click', lambda event: 1 / 0)\n"
        "ticks = js.setInterval(demo.proxy(lambda: [][1]), 50)\n"
        "demo.on_stop(lambda: js.clearInterval(ticks))\n")
    app.set_code("tensors", code)
    app.run_code("tensors")
    for _ in range(5):
        app.page.click("#tensors-run")
    app.page.wait_for_timeout(1_000)  # ~20 ticks of the timer
    errors = app.console_errors("tensors")
    assert len(errors) == 2, errors
    assert any("ZeroDivisionError" in e for e in errors) and any("IndexError" in e for e in errors)
    app.page.click("#tensors-code-reset")  # the timer goes with its run
    app.page.wait_for_timeout(500)
    assert app.console_errors("tensors") == []


def test_a_tensor_too_big_for_memory_gets_tfjs_message_and_the_page_goes_on(app):
    app.open()
    before = app.num_tensors()
    app.set_code("tensors", "from lab import Demo, tf\ndemo = Demo('tensors')\n"
                            "huge = tf.zeros([100_000, 100_000])\n")
    app.run_code("tensors")
    message = app.message("tensors")
    assert "line 3 of tensors.py" in message and "JavaScript said RangeError" in message
    app.page.click("#tensors-code-reset")
    app.wait_result("tensors", "r.add")
    assert app.num_tensors() == before


CANNOT_WORK = {
    "x = input('Your name? ')": "input() cannot work in the page",
    "import time\ntime.sleep(2)": "await asyncio.sleep(2)",
    "exit()": "called exit()",
    "import sys\nsys.exit(3)": "called exit(3)",
    "raise KeyboardInterrupt": "raised KeyboardInterrupt",
}


def test_python_that_cannot_work_in_the_page_says_what_to_do(app):
    app.open()
    for code, words in CANNOT_WORK.items():
        app.set_code("tensors", code + "\n")
        app.run_code("tensors")
        assert words in app.message("tensors"), (code, app.message("tensors"))
        assert app.console_errors("tensors"), code  # the traceback, under the code
    app.set_code("tensors", "help(len)\n")
    app.run_code("tensors")
    assert "Return the number of items" in app.page.text_content("#tensors-console")
    assert app.message("tensors") == ""
    app.set_code("tensors", "x = 1\ndef broken(:\n")
    app.run_code("tensors")
    traceback = app.console_errors("tensors")[0]
    assert 'File "tensors.py", line 2' in traceback
    assert "lab/" not in traceback and "runner" not in traceback  # none of the app's frames


def test_tensors_a_run_left_behind_are_freed_when_it_ends(app):
    app.open()
    before = app.num_tensors()
    app.set_code("tensors", "from lab import Demo, tf\ndemo = Demo('tensors')\n"
                            "kept = [tf.ones([3]) for _ in range(10_000)]\n")
    app.run_code("tensors")
    assert app.num_tensors() == before + 10_000
    app.page.click("#tensors-code-stop")
    assert app.num_tensors() == before
    assert "Freed 10,000 tensors" in app.page.text_content("#tensors-console")


def test_with_site_data_blocked_the_lab_starts_and_says_edits_are_not_kept(
        playwright_instance, server, tmp_path):
    """Chromium set to block all site data, as a user can in its settings: localStorage throws."""
    profile = tmp_path / "profile"
    os.makedirs(profile / "Default")
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"profile": {"default_content_setting_values": {"cookies": 2}}}))
    context = playwright_instance.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=QUIET_FLAGS,
        viewport={"width": 1280, "height": 900})
    guards = Guards(server)
    try:
        app = App(guards.watch(context), server, guards).open()
        assert app.page.evaluate("window.labStorageBlocked") == "SecurityError"
        assert "keeps no data for this site" in app.page.text_content("#app-message")
        assert app.result("tensors")["add"] == [11, 22, 33, 44]
        app.set_code("tensors", app.code("tensors").replace("[1, 2, 3, 4]", "[2, 2, 2, 2]"))
        app.run_code("tensors")
        assert app.result("tensors")["add"] == [12, 22, 32, 42]
        assert "until this tab closes" in app.page.text_content("#tensors-code-state")
        train_briefly(app)

        # the teach demo keeps its samples in memory, and says they go with the tab
        app.page.click("#tab-teach")
        app.page.click("#teach-samples button[data-sample='chelsea']")
        app.wait_result("teach", "r.mode === 'images' && r.source === 'image'", timeout=120_000)
        rows = app.page.locator(".teach-class .teach-files")
        rows.nth(0).set_input_files(str(PHOTOS / "chelsea.png"))
        app.wait_result("teach", "r.classes[0].samples === 1", timeout=60_000)  # rows redrawn
        rows.nth(1).set_input_files(str(PHOTOS / "rocket.png"))
        taught = app.wait_result("teach", "r.classes[1].samples === 1 && r.prediction", timeout=60_000)
        assert taught["prediction"]["label"] == "Class 1"  # the cat on the stage
        assert "keeps no data for this site" in app.message("teach")
    finally:
        context.close()
    assert not guards.problems(), guards.problems()


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
    const cells = labWatchdog(300);  // a second watchdog, whose cells interrupt nothing
    const armed = await cells.armed;
    Atomics.store(cells, 1, 1);  // a demo script runs
    const start = performance.now();
    let fired = false;
    while (!fired && performance.now() - start < 5000) fired = Atomics.load(cells, 0) === 2;
    Atomics.store(cells, 1, 0);
    return {armed, fired};
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
        # (held before the worker starts, it never would: the page waits for this first)
        assert app.page.evaluate(WATCHDOG_HELD_AT_ONCE) == {"armed": True, "fired": True}
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
