"""Your own code can never lock you out of the lab: runaway loops, Stop, safe mode, floods.

Edited code runs in the page's own thread, so a mistake in it could freeze the
tab, and, saved, freeze every later visit. These tests make those mistakes
on purpose and check that the page says what happened, stays usable, and
keeps what the user wrote.
"""

import json
import os

import pytest

from conftest import CHROMIUM, PHOTOS, QUIET_FLAGS, App, Guards
from user_code_support import train_briefly


@pytest.mark.camera("astronaut_640x480")
def test_stop_ends_a_camera_demo_and_releases_the_camera(app):
    app.open(demo="pose")
    app.wait_result("pose", "r.frame >= 2", timeout=90_000)
    app.page.click("#pose-code-stop")
    app.wait_message("pose", "Stopped")
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
    # 50,000 prints take seconds alone, far longer beside another test's model on 2 cores
    app.page.wait_for_function(
        "document.querySelector('#tensors-console').textContent.endsWith('49999\\n')",
        timeout=180_000)
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
    # 2,000: well inside the guard's slice (lab.core.guard.LIMIT) on a busy machine, where 10,000
    # bridge calls in one statement ran past it and the run was stopped (its tensors freed)
    app.set_code("tensors", "from lab import Demo, tf\ndemo = Demo('tensors')\n"
                            "kept = [tf.ones([3]) for _ in range(2_000)]\n")
    app.run_code("tensors")
    assert app.num_tensors() == before + 2_000, (app.message("tensors"),
                                                 app.page.text_content("#tensors-console"))
    app.page.click("#tensors-code-stop")
    assert app.num_tensors() == before
    assert "Freed 2,000 tensors" in app.page.text_content("#tensors-console")


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
