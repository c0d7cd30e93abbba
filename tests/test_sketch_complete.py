"""The Sketch editor's completion (issue 31): Jedi, loaded when the editor first asks, offers
the live namespace's names (JavaScript's too) after a dot; the keyboard picks, a live region
says what is offered. One page: a new sketch, typed into as a user types."""

EDITOR = "document.querySelector('#sketch-editor .CodeMirror').CodeMirror"
ACTIVE = "document.querySelector('.CodeMirror-hint-active .hint-name')?.textContent"
ALL_START = ("(start => document.querySelectorAll('.CodeMirror-hints li').length > 0 && "
             "[...document.querySelectorAll('.CodeMirror-hints .hint-name')]"
             ".every(e => e.textContent.startsWith(start)))")


def hints(page) -> list[str]:
    return page.eval_on_selector_all(".CodeMirror-hints li .hint-name",
                                     "found => found.map(e => e.textContent)")


def type_at_end(page, code: str, typed: str):
    """`code` in the editor, the cursor at its end, then `typed` typed key by key."""
    page.evaluate(f"code => {{ const cm = {EDITOR}; cm.setValue(code); cm.focus();"
                  " cm.setCursor(cm.lineCount(), 0); }", code)
    page.wait_for_function(f"{EDITOR}.hasFocus()")
    page.keyboard.type(typed)
    page.wait_for_function(f"code => {EDITOR}.getValue() === code", arg=code + typed)


def test_names_complete_after_a_dot_from_the_live_namespace_and_the_keyboard_picks(app):
    app.open(demo="sketch")
    page = app.page
    page.wait_for_selector("#sketch-list[data-loaded]", state="attached")
    assert not page.evaluate("performance.getEntriesByType('resource')"
                             ".some(e => e.name.includes('vendor/completion/'))")  # not at start
    page.click("#sketch-new")
    page.wait_for_selector("#sketch-code-notice:has-text('A new sketch')")   # its code is shown
    # the wheels cannot load: the editor says so and keeps working; tf's names still come
    # from the live object (no Jedi needed); the next ask tries Jedi again
    app.guards.allow_console_error(r"404")
    page.route("**/vendor/completion/*.whl", lambda route: route.fulfill(status=404, body="gone"))
    page.evaluate(f"{EDITOR}.focus()")   # the editor's first focus: Jedi starts loading
    page.wait_for_selector("#sketch-code-notice:has-text('Completion could not load')")
    type_at_end(page, "x = tf", ".")
    said = page.text_content("#sketch-code-notice")
    assert "vendor/completion/parso-0.8.7-py2.py3-none-any.whl could not be loaded (the server " \
           "answered 404)" in said and "./lab serve" in said, said
    page.wait_for_selector(".CodeMirror-hints li")
    assert "add" in hints(page) and "JavaScript function" in page.text_content(".CodeMirror-hints")
    page.keyboard.type("zeros")
    assert app.code("sketch") == "x = tf.zeros"
    page.keyboard.press("Escape")
    page.unroute("**/vendor/completion/*.whl")
    # what only Jedi can read says it is loading, then opens once Jedi is there
    type_at_end(page, "words = 'a b'.split()\nwords", ".")
    assert not page.is_visible("#sketch-code-notice:has-text('Completion could not load')")
    page.wait_for_selector(".hint-loading:has-text('Loading completions…')")
    assert page.text_content("#sketch-hint-status") == "Loading completions…"
    page.wait_for_selector(".CodeMirror-hints li", timeout=30_000)   # Jedi loads, this time
    assert "append" in hints(page) and not page.is_visible(".hint-loading")
    assert page.evaluate(f"{EDITOR}.getWrapperElement().dataset.completion") == "ready"
    page.keyboard.press("Escape")
    start = "from lab.sketch.kit import *\ndemo = Demo('sketch')\nstage = camera_stage(demo)\n"
    type_at_end(page, start + "x = tf", ".te")
    page.wait_for_function("document.querySelectorAll('.CodeMirror-hints li').length > 0 &&"
                           "[...document.querySelectorAll('.CodeMirror-hints .hint-name')]"
                           ".every(e => e.textContent.startsWith('te'))")
    offered = hints(page)
    assert "tensor" in offered and "tensor2d" in offered, offered   # TF.js's own, through JS
    assert "JavaScript function" in page.text_content(".CodeMirror-hints")
    status = page.text_content("#sketch-hint-status")
    assert "completions for tf." in status and "Enter or Tab inserts" in status, status
    # arrows choose, Enter inserts the chosen name
    chosen = offered.index("tensor")
    for _ in range(chosen):
        page.keyboard.press("ArrowDown")
    page.wait_for_function("document.getElementById('sketch-hint-status').textContent"
                           ".startsWith('tensor,') || document.getElementById('sketch-hint-status')"
                           ".textContent.includes(' tensor, ')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".CodeMirror-hints", state="detached")
    assert app.code("sketch").endswith("x = tf.tensor")

    # a Python object of the lab's: its method with signature and first docstring line
    type_at_end(page, start, "stage.fr")
    page.wait_for_function(f"{ALL_START}('fr')")
    offered = hints(page)
    assert "frames" in offered and offered.index("frames") > 0, offered
    detail = page.text_content(f".CodeMirror-hints li:nth-child({offered.index('frames') + 1})"
                               " .hint-detail")
    assert detail.startswith("frames(") and " · " in detail, detail     # signature · docstring
    # arrows until it is chosen: on a busy page a list may come back between the presses
    for _ in range(3 * len(offered)):
        if page.evaluate(ACTIVE) == "frames":
            break
        page.keyboard.press("ArrowDown")
    page.wait_for_function(f"{ACTIVE} === 'frames'")
    # a list that comes back (here: one more letter typed) keeps the name the arrows chose
    page.eval_on_selector(".CodeMirror-hints", "list => { list.dataset.before = '1'; }")
    page.keyboard.type("a")
    page.wait_for_selector(".CodeMirror-hints:not([data-before]) li")
    assert page.evaluate(ACTIVE) == "frames", hints(page)
    page.keyboard.press("Tab")                                           # Tab inserts too
    page.wait_for_selector(".CodeMirror-hints", state="detached")
    assert app.code("sketch").endswith("stage.frames")

    # Escape closes the list and leaves the code as typed; ml5 (JavaScript) completes
    type_at_end(page, start, "ml5.")
    page.wait_for_selector(".CodeMirror-hints li")
    assert "bodyPose" in hints(page) and "as_object_map" not in hints(page)
    page.keyboard.press("Escape")
    page.wait_for_selector(".CodeMirror-hints", state="detached")
    assert app.code("sketch").endswith("ml5.")
    assert page.evaluate(f"{EDITOR}.hasFocus()")   # Escape closed the list, not the editor

    # help() in the console shows the docstrings; after a run, its live names complete too
    page.keyboard.press("Escape")
    app.set_code("sketch", start.replace("camera_stage(demo)", "camera_stage(demo, camera=False)")
                 + "help(stage)\nimport js\nmade_at_run = js.eval('({onlyWhenRun: 1})')\n"
                 + "import types\nholder = types.SimpleNamespace(empty=None)\n")
    app.run_code("sketch")
    page.wait_for_selector("#sketch-console:has-text('class Stage')")
    console = page.text_content("#sketch-console")
    assert "A p5 canvas over the webcam's video" in console and "frames(self" in console
    type_at_end(page, app.code("sketch"), "made_at_run.o")
    page.wait_for_selector(".CodeMirror-hints li")
    assert hints(page) == ["onlyWhenRun"]
    page.keyboard.press("Escape")
    # an attribute that holds None says so (not "NoneType()"), from the object or from Jedi
    for code in ("", "print(\n"):   # code that does not parse yet is Jedi's
        type_at_end(page, code, "holder.em")
        page.wait_for_selector(".CodeMirror-hints li")
        assert hints(page) == ["empty"] and page.text_content(".hint-detail") == "None", code
        page.keyboard.press("Escape")

    # descriptions are kept between lists for the lab's names, not for the sketch's own code
    for doc in ("Bounce once.", "Bounce twice."):
        code = f"class Ball:\n    def bounce(self, height):\n        '{doc}'\n\nball = Ball()\n"
        type_at_end(page, code, "ball.bo")
        page.wait_for_selector(".CodeMirror-hints li")
        assert page.text_content(".CodeMirror-hints li .hint-detail") \
            == f"bounce(height) · {doc}"
        page.keyboard.press("Escape")
    type_at_end(page, start, "stage.fr")      # a second time: the same details
    page.wait_for_selector(".CodeMirror-hints li")
    detail = page.text_content(f".CodeMirror-hints li:nth-child({hints(page).index('frames') + 1})"
                               " .hint-detail")
    assert detail.startswith("frames(") and " · " in detail, detail
    page.keyboard.press("Escape")
