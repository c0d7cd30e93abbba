"""The Sketch tab (issue 31): where the user's sketches are kept. In this browser, as typed,
through renames, copies, deletes and two tabs; a share link's sketch unsaved until run; in
memory when the browser keeps no site data. Each test opens its own page.
"""

import json

from conftest import CHROMIUM, QUIET_FLAGS, App, Guards
from lab.core.share import fragment
from sketch_support import EDITOR, items, open_sketches

SEED = """async (count) => {  // kept as the editor keeps them (js/sketches.js), the newest
    for (let i = 0; i < count; i++) {
        const record = {id: `seeded-${i}`, name: `Seeded ${i}`, code: `print(${i})\\n`,
                        created: 4e9 + i, updated: 4e9 + i, origin: "", rev: 0};
        await labSketches.save(JSON.stringify(record), JSON.stringify({id: `copy-${i}`, name: "x"}));
    } }"""


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
