"""The Sketch tab (issue 31): the user's own sketches run like the demos; the examples, files
downloaded, opened and dropped, a stuck loop, a demo opened as a sketch.

One shared page (the fake camera shows the astronaut) holds these tests: they leave it as they
found it. Where sketches are kept (tabs, links, no site data): test_sketch_keeping.py.
"""

import re

import pytest

from lab.sketch.gallery import EXAMPLES
from sketch_support import EDITOR, items, open_sketches

# what each example publishes first, once it has run (a JS condition on its result `r`)
FIRST = {
    "playground": "r.matmul", "csv_network": "r.rows === 8", "photo_classifier": "r.top",
    "pose_paddle": "r.source", "squat_counter": "r.source", "teachable": "r.samples",
    "mouse_regression": "r.source", "line_fit": "r.prediction", "nose_trail": "r.source",
    "webcam_labels": "r.top", "xor_network": "r.predictions", "pose_skeleton": "r.keypoints",
    "jumping_jacks": "r.source", "finger_painting": "r.painted > 0", "face_filter": "r.faces >= 1",
    "background_swap": "r.person > 0.05",
}
# a file dropped on the tab's list, as the browser hands it over
DROP = """([name, text]) => {
    const carried = new DataTransfer();
    carried.items.add(new File([text], name));
    document.getElementById('sketch-list').dispatchEvent(
        new DragEvent('drop', {dataTransfer: carried, bubbles: true, cancelable: true}));
}"""


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
