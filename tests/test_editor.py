"""Edit a demo's Python in the page and run it again, without a reload."""

import pytest

TUTORIAL_LINE = "a = tf.tensor([1, 2, 3, 4])"


def run_with_keyboard(app, demo: str):
    app.page.click(f"#{demo}-editor .CodeMirror-code")
    app.page.keyboard.press("Control+Enter")


def test_the_editor_shows_the_shipped_file(app, server):
    app.open()
    shipped = app.page.evaluate("fetch('py/lab/demos/tensors.py').then(r => r.text())")
    assert app.code("tensors") == shipped
    numbers = app.page.locator("#tensors-editor .CodeMirror-code .CodeMirror-linenumber")
    assert numbers.nth(2).text_content() == "3" and numbers.nth(2).is_visible()
    assert app.page.locator("#tensors-editor .cm-keyword").count() > 0  # highlighted
    assert app.page.text_content("#tensors-code-state") == "shipped code"


def test_edited_core_api_code_runs_in_the_page_and_prints(app):
    app.open()
    edited = app.code("tensors").replace(TUTORIAL_LINE, "a = tf.tensor([2, 2, 2, 2])")
    edited += 'print("hello from the editor")\n'
    app.set_code("tensors", edited)
    run_with_keyboard(app, "tensors")
    result = app.wait_result("tensors", "r.a && r.a[0] === 2")
    assert result["add"] == [12, 22, 32, 42]
    assert result["mul"] == [20, 40, 60, 80]
    assert "hello from the editor" in app.page.text_content("#tensors-console")
    # replaced, not added to: still one set of printed tensors
    assert app.page.locator("#tensors-output figure").count() == 4
    assert "edited" in app.page.text_content("#tensors-code-state")


def test_a_syntax_error_shows_a_traceback_and_the_page_keeps_working(app):
    app.open()
    lines = app.code("tensors").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("demo = Demo(")) + 1
    lines.insert(line - 1, "def broken(:")  # right after the run starts
    app.set_code("tensors", "\n".join(lines))
    app.page.click("#tensors-code-run")
    app.page.wait_for_selector("#tensors-console .console-error")
    console = app.page.text_content("#tensors-console")
    assert "SyntaxError" in console and f'File "tensors.py", line {line}' in console
    assert f"line {line} of tensors.py" in app.message("tensors")
    # the rest of the page works: the playground and another demo
    app.page.fill("#tensors-a", "[1, 2]")
    app.page.fill("#tensors-b", "[3, 4]")
    app.page.select_option("#tensors-op", "add")
    app.page.click("#tensors-run")
    assert app.wait_result("tensors", "r.playground.result")["playground"]["result"] == [4, 6]
    assert app.train_regression(20)["epochs_run"] == 20


def test_a_runtime_error_names_the_edited_line(app):
    app.open()
    source = app.code("tensors") + "\nresult = 1 / 0\n"
    app.set_code("tensors", source)
    app.page.click("#tensors-code-run")
    app.page.wait_for_selector("#tensors-console .console-error")
    console = app.page.text_content("#tensors-console")
    last = len(source.splitlines())
    assert f'File "tensors.py", line {last}' in console and "ZeroDivisionError" in console
    assert "result = 1 / 0" in console  # the line itself is quoted
    assert "app.py" not in console and "runner.py" not in console  # only the user's frames


def test_edits_survive_a_reload_until_reset(app):
    app.open()
    shipped = app.code("tensors")
    edited = shipped.replace(TUTORIAL_LINE, "a = tf.tensor([5, 5, 5, 5])")
    app.set_code("tensors", edited)
    app.page.reload()
    app.wait_ready()
    assert app.code("tensors") == edited
    assert app.result("tensors")["a"] == [5, 5, 5, 5]  # the edited code is what runs
    app.page.click("#tensors-code-reset")
    result = app.wait_result("tensors", "r.a[0] === 1")
    assert result["add"] == [11, 22, 33, 44]
    assert app.code("tensors") == shipped
    app.page.reload()
    app.wait_ready()
    assert app.code("tensors") == shipped


def test_running_ten_times_leaves_no_extra_loops_handlers_or_tensors(app):
    app.open(demo="regression")
    app.page.fill("#regression-epochs", "10")
    app.page.click("#regression-train")
    app.wait_result("regression", "r.status === 'trained'")
    app.run_code("regression")
    first = app.stats()
    app.run_code("regression", 10)
    app.page.fill("#regression-epochs", "10")
    app.page.click("#regression-train")
    app.wait_result("regression", "r.status === 'trained'")
    app.run_code("regression")
    last = app.stats()
    assert last["demos"] == first["demos"]
    assert last["canvases"] == first["canvases"]
    assert last["numTensors"] == first["numTensors"]


RED_DOTS = """() => {
    const canvas = document.querySelector('#pose-stage canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let red = 0;
    for (let i = 0; i < data.length; i += 4)
        if (data[i] >= 200 && data[i + 1] <= 60 && data[i + 2] <= 60) red++;
    return red;
}"""


def above(result, threshold):
    return sum(1 for pose in result["poses"] for k in pose["keypoints"] if k["score"] > threshold)


@pytest.mark.camera("astronaut_640x480")
def test_a_higher_threshold_in_the_pose_code_draws_fewer_dots(app):
    app.open(demo="pose")
    before = app.wait_result("pose", "r.frame > 3 && r.poses && r.poses.length > 0", timeout=120_000)
    assert before["threshold"] == 0.2
    app.page.wait_for_timeout(300)  # a painted frame with this result's dots
    red_before = app.page.evaluate(RED_DOTS)
    source = app.code("pose")
    assert '"#pose-threshold", start=0.2,' in source
    app.set_code("pose", source.replace('"#pose-threshold", start=0.2,', '"#pose-threshold", start=0.6,', 1))
    app.page.click("#pose-code-run")
    after = app.wait_result("pose", "r.threshold === 0.6 && r.frame > 3 && r.poses.length > 0",
                            timeout=120_000)
    app.page.wait_for_timeout(300)
    red_after = app.page.evaluate(RED_DOTS)
    assert app.page.input_value("#pose-threshold") == "0.6"  # the slider follows the code
    assert 0 < above(after, 0.6) < above(before, 0.2)
    assert red_after < red_before
