"""The Sketch tab (issue 31): the user's own sketches, kept in this browser, run like the demos.

One shared page (the fake camera shows the astronaut) holds the tests that leave it as they
found it; the others each open their own.
"""

import json
import re

import pytest

from conftest import CHROMIUM, QUIET_FLAGS, App, Guards
from lab.core.share import fragment
from lab.sketch.gallery import EXAMPLES

# what each example publishes first, once it has run (a JS condition on its result `r`)
FIRST = {
    "playground": "r.matmul", "csv_network": "r.rows === 8", "photo_classifier": "r.top",
    "pose_paddle": "r.source", "squat_counter": "r.source", "teachable": "r.samples",
    "mouse_regression": "r.source", "line_fit": "r.prediction", "nose_trail": "r.source",
    "webcam_labels": "r.top", "xor_network": "r.predictions", "pose_skeleton": "r.keypoints",
    "jumping_jacks": "r.source", "finger_painting": "r.painted > 0", "face_filter": "r.faces >= 1",
    "background_swap": "r.person > 0.05",
}
EDITOR = "document.querySelector('#sketch-editor .CodeMirror').CodeMirror"
# a file dropped on the tab's list, as the browser hands it over
DROP = """([name, text]) => {
    const carried = new DataTransfer();
    carried.items.add(new File([text], name));
    document.getElementById('sketch-list').dispatchEvent(
        new DragEvent('drop', {dataTransfer: carried, bubbles: true, cancelable: true}));
}"""


SEED = """async (count) => {  // kept as the editor keeps them (js/sketches.js), the newest
    for (let i = 0; i < count; i++) {
        const record = {id: `seeded-${i}`, name: `Seeded ${i}`, code: `print(${i})\\n`,
                        created: 4e9 + i, updated: 4e9 + i, origin: "", rev: 0};
        await labSketches.save(JSON.stringify(record), JSON.stringify({id: `copy-${i}`, name: "x"}));
    } }"""


def open_sketches(app, query: str = ""):
    app.open(demo="sketch", query=query)
    app.page.wait_for_selector("#sketch-list[data-loaded]", state="attached")
    return app


def wait_code(app, code: str):
    app.page.wait_for_function(f"code => {EDITOR}.getValue() === code", arg=code)


def clear_result(app):
    app.page.evaluate("document.getElementById('sketch-result').textContent = ''")


@pytest.mark.camera("astronaut")
def test_every_example_runs_to_its_first_result(shared_app):
    app = open_sketches(shared_app)
    assert {e.name for e in EXAMPLES} == set(FIRST)
    before, vision = None, None   # vision: the console when a hand, face or person model's run began
    for example in EXAMPLES:
        loads_vision = any(f"{kind}_model(demo" in example.code for kind in ("hand", "face", "segment"))
        if loads_vision and before is None:   # what is alive with no sketch running
            stop_sketch(app)
            before = app.stats()
        app.page.click(f"[data-example={example.name}]")
        wait_code(app, example.code)
        clear_result(app)
        app.run_code("sketch")
        if vision is not None:            # its models were disposed, not swept up as leftovers
            assert swept(console(app)[len(vision):]) < 10, example.name
        vision = console(app) if loads_vision else None
        if example.needs == "hand":   # the fake camera shows no hand: the Hands photo does
            app.page.click("#sketch-samples button[data-sample='hands']")
        result = app.wait_result("sketch", FIRST[example.name], timeout=90_000)
        assert not app.page.locator("#sketch-console .console-error").count(), example.name
        if example.needs in ("camera", "hand"):
            assert result["source"] == ("camera" if example.needs == "camera" else "image"), \
                example.name
        if example.name == "csv_network":  # then a CSV of the user's, dropped on the tab
            app.page.evaluate(DROP, ["mine.csv", "a,b\n1,2\n2,4\n3,6\n4,8\n"])
            assert app.wait_result("sketch", "r.file === 'mine.csv'")["rows"] == 4
    stop_sketch(app)
    assert {e.title for e in EXAMPLES} <= set(items(app))   # each example that ran is kept
    if vision is not None:
        assert swept(console(app)[len(vision):]) < 10
    # the hand, face and person models were freed as each stopped: no tensor, no worker left
    app.page.wait_for_function("([tensors, workers]) => { const s = JSON.parse(labStats());"
                               " return s.numTensors <= tensors && s.workers === workers; }",
                               arg=[before["numTensors"], before["workers"]], timeout=10_000)


def stop_sketch(app):
    app.page.click("#sketch-code-stop")
    app.page.wait_for_function("!JSON.parse(labStats()).demos.sketch")


def swept(text: str) -> int:
    """The most tensors a stop in `text` freed as a run's leftovers: a model left to that sweep
    would free all its weights (hundreds); FaceModel leaves one of its own (lab.face.model)."""
    return max((int(n.replace(",", "")) for n in re.findall(r"Freed ([\d,]+) tensors", text)),
               default=0)


def console(app) -> str:
    """The sketch's console, once what a stop wrote there is shown (lab.core.ui.console shows
    it at the page's next turn: a timer of 0 ms, which runs before the one set here)."""
    app.page.evaluate("new Promise(done => setTimeout(done, 0))")
    return app.page.text_content("#sketch-console")


def items(app) -> list[str]:
    """The names in #sketch-list, top to bottom."""
    return app.page.eval_on_selector_all("#sketch-list [data-sketch] .sketch-title",
                                         "found => found.map(e => e.textContent)")


def wait_saved(app):
    app.page.wait_for_selector("#sketch-code-state:text-is('saved in this browser')")


def test_kept_as_typed_renamed_duplicated_deleted_and_two_tabs_lose_nothing(app):
    open_sketches(app)
    shipped = app.code("sketch")
    assert items(app) == [] and "Sketch 1" == app.page.input_value("#sketch-name")
    assert len(shipped.splitlines()) <= 15
    app.page.click("#sketch-new")
    app.page.wait_for_function("document.querySelectorAll('#sketch-list [data-sketch]').length == 1")
    app.set_code("sketch", "print('mine')\n")
    wait_saved(app)
    app.page.reload()
    app.wait_ready()
    app.page.wait_for_selector("#sketch-list[data-loaded]", state="attached")
    assert items(app) == ["Sketch 1"] and app.code("sketch") == "print('mine')\n"
    assert "mine" not in app.page.text_content("#sketch-console")   # not run before Run

    app.page.fill("#sketch-name", "  My   idea ")
    app.page.press("#sketch-name", "Enter")
    app.page.wait_for_function("document.querySelector('#sketch-list .sketch-title')"
                               ".textContent === 'My idea'")
    app.page.click("#sketch-duplicate")
    app.page.wait_for_function("document.querySelectorAll('#sketch-list [data-sketch]').length == 2")
    assert items(app) == ["My idea copy", "My idea"]   # newest first
    assert app.page.get_attribute("#sketch-list li:first-child button", "aria-current") == "true"
    app.page.once("dialog", lambda dialog: dialog.accept())
    app.page.click("#sketch-delete")
    app.page.wait_for_function("document.querySelectorAll('#sketch-list [data-sketch]').length == 1")
    assert items(app) == ["My idea"] and app.code("sketch") == "print('mine')\n"

    # a second tab on the same sketch: both edit it, both versions are kept
    other = app.page.context.new_page()
    other.on("console", app.guards.on_console)
    other.goto(app.page.url)
    other.wait_for_selector("#sketch-list[data-loaded]", state="attached", timeout=60_000)
    app.set_code("sketch", "print('first tab')\n")
    wait_saved(app)
    other.evaluate(f"{EDITOR}.setValue(\"print('second tab')\\n\")")
    other.wait_for_selector("#sketch-code-notice:has-text('another tab')")
    names = other.eval_on_selector_all("#sketch-list .sketch-title", "e => e.map(x => x.textContent)")
    assert sorted(names) == ["My idea", "My idea (other tab)"]
    # what one tab keeps is listed in the other at once; 50 sketches list at once
    other.click("#sketch-new")
    app.page.wait_for_function("[...document.querySelectorAll('#sketch-list .sketch-title')]"
                               ".some(e => e.textContent === 'Sketch 1')")
    other.evaluate(SEED, 50)   # through the page's own keep API, as the editor saves
    app.page.wait_for_function("document.querySelectorAll('#sketch-list [data-sketch]').length == 53")
    assert items(app)[:2] == ["Seeded 49", "Seeded 48"] and app.code("sketch") == "print('first tab')\n"
    other.close()
    codes = app.page.evaluate("labSketches.all()")   # what the browser keeps
    mine = sorted(s["code"] for s in json.loads(codes) if s["name"].startswith("My idea"))
    assert mine == ["print('first tab')\n", "print('second tab')\n"]


@pytest.mark.camera("astronaut")
def test_download_then_open_gives_the_same_code_and_odd_files_are_refused(shared_app):
    app = open_sketches(shared_app)
    app.page.click("[data-example=xor_network]")
    code = next(e for e in EXAMPLES if e.name == "xor_network").code
    wait_code(app, code)
    with app.page.expect_download() as info:
        app.page.click("#sketch-download")
    download = info.value
    assert download.suggested_filename == "XOR-network.py"
    data = open(download.path(), "rb").read()
    assert data.decode() == code
    app.page.set_input_files("#sketch-open", {"name": "my_xor.py", "mimeType": "text/x-python",
                                             "buffer": data})
    app.page.wait_for_function("document.querySelector('#sketch-list [aria-current] .sketch-title')"
                               "?.textContent === 'my xor'")
    assert app.code("sketch") == code
    app.page.set_input_files("#sketch-open", {"name": "cat.png", "mimeType": "image/png",
                                             "buffer": b"\x89PNG"})
    app.page.wait_for_selector("#sketch-code-notice:has-text('not a Python file')")
    app.page.set_input_files("#sketch-open", {"name": "big.py", "mimeType": "text/x-python",
                                             "buffer": b"#" * 900_000})
    app.page.wait_for_selector("#sketch-code-notice:has-text('more than a sketch holds')")
    assert app.code("sketch") == code
    app.page.evaluate(DROP, ["dropped.py", "print('dropped')\n"])
    app.page.wait_for_function("document.querySelector('#sketch-list [aria-current] .sketch-title')"
                               "?.textContent === 'dropped'")
    assert app.code("sketch") == "print('dropped')\n"
    # Reset: after a confirm, the code the sketch started from, run
    app.set_code("sketch", "print('changed')\n")
    app.page.once("dialog", lambda dialog: dialog.accept())
    app.page.click("#sketch-code-reset")
    app.page.wait_for_selector("#sketch-console:has-text('dropped')")
    assert app.code("sketch") == "print('dropped')\n"


@pytest.mark.camera("astronaut")
def test_an_endless_loop_is_stopped_at_its_line_and_stop_frees_what_a_sketch_leaks(shared_app):
    app = open_sketches(shared_app)
    app.page.click("#sketch-new")
    app.page.wait_for_selector("#sketch-code-notice:has-text('A new sketch')")
    app.set_code("sketch", 'from lab import Demo, tf\ndemo = Demo("sketch")\n'
                           "kept = [tf.tensor([1, 2, 3]) for _ in range(40)]\n"
                           "demo.publish(made=len(kept))\n")
    app.run_code("sketch")
    app.wait_result("sketch", "r.made === 40")
    app.page.click("#sketch-code-stop")
    app.page.wait_for_selector("#sketch-console:has-text('Freed 40 tensors')")
    app.set_code("sketch", "i = 0\nwhile True:\n    i += 1\n")
    app.run_code("sketch")
    message = app.message("sketch")
    assert "at line 3 of sketch.py" in message and "busy" in message
    app.page.click("#tab-tensors")   # the rest of the page still answers
    app.wait_result("tensors", "r.add")


@pytest.mark.camera("astronaut")
def test_open_a_demo_as_a_sketch(shared_app):
    app = open_sketches(shared_app)
    app.page.click("#tab-tensors")
    app.wait_result("tensors", "r.add")
    app.page.click("#tensors-open-sketch")
    app.page.wait_for_function("document.documentElement.dataset.demo === 'sketch'")
    app.page.wait_for_function("document.querySelector('#sketch-list [aria-current] .sketch-title')"
                               "?.textContent.startsWith('tensors demo')")
    assert 'Demo("sketch")' in app.code("sketch") and "?demo=sketch" in app.page.url
    clear_result(app)
    app.run_code("sketch")
    assert app.wait_result("sketch", "r.add")["add"] == [11, 22, 33, 44]


def test_a_share_link_opens_a_new_sketch_unsaved_and_not_run(app, browsers, server):
    source = 'from lab import Demo\ndemo = Demo("sketch")\nprint("from a link")\ndemo.publish(linked=1)\n'
    link = f"{server}/?demo=sketch#{fragment('sketch', source)}"
    app.page.goto(link)
    app.wait_ready()
    app.page.wait_for_selector("#sketch-list[data-loaded]", state="attached")
    assert app.code("sketch") == source
    assert "came from a link" in app.page.text_content("#sketch-code-notice")
    assert app.page.text_content("#sketch-code-state").startswith("from a link")
    assert items(app) == [] and not app.result("sketch")
    assert "from a link" not in app.page.text_content("#sketch-console")
    app.run_code("sketch")
    app.wait_result("sketch", "r.linked === 1")
    app.page.wait_for_function("document.querySelectorAll('#sketch-list [data-sketch]').length == 1")
    assert items(app) == ["Shared sketch"]


def test_with_site_data_blocked_sketches_work_in_memory_and_it_says_so(
        playwright_instance, server, tmp_path):
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"profile": {"default_content_setting_values": {"cookies": 2}}}))
    context = playwright_instance.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=QUIET_FLAGS,
        viewport={"width": 1280, "height": 900})
    guards = Guards(server)
    try:
        app = open_sketches(App(guards.watch(context), server, guards))
        assert "until this tab closes" in app.page.text_content("#sketch-kept")
        app.page.click("#sketch-new")
        app.page.wait_for_selector("#sketch-list [data-sketch]")
        app.set_code("sketch", 'from lab import Demo\nDemo("sketch").publish(kept="memory")\n')
        app.page.wait_for_selector("#sketch-code-state:text-is('kept until this tab closes')")
        assert items(app) == ["Sketch 1"]
        app.run_code("sketch")
        app.wait_result("sketch", "r.kept === 'memory'")
    finally:
        context.close()
    assert not guards.problems(), guards.problems()
