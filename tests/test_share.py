"""Copy link under each editor (issue 19): the code in the URL's fragment, opened in a fresh
browser, shown but not run until Run; a broken link says so and the demo's own code stays."""

from conftest import guarded_app
from lab.core.share import fragment

ADDED = '\nprint("sent by a link")\ndemo.publish(shared="yes")\n'


def test_a_shared_link_shows_the_code_and_runs_it_only_on_run(app, browsers, server):
    app.open(demo="tensors")
    source = app.code("tensors") + ADDED
    app.set_code("tensors", source)
    app.page.click("#tensors-share")
    app.page.wait_for_function("document.getElementById('tensors-share').dataset.link")
    link = app.page.get_attribute("#tensors-share", "data-link")
    assert link == app.page.url and "#code=tensors." in link and "sent" not in link
    app.page.wait_for_selector("#tensors-code-notice:has-text('address bar')")

    with guarded_app(browsers(None), server) as fresh:  # another profile: nothing saved there
        fresh.page.goto(link)
        fresh.wait_ready()
        assert fresh.code("tensors") == source
        notice = fresh.page.text_content("#tensors-code-notice")
        assert "came from a link" in notice and "Run" in notice
        assert fresh.page.text_content("#tensors-code-state") == "from a link, not run yet"
        # the demo's own code ran, not the link's
        assert fresh.result("tensors")["add"] == [11, 22, 33, 44]
        assert "shared" not in fresh.result("tensors")
        assert "sent by a link" not in fresh.page.text_content("#tensors-console")
        assert fresh.page.evaluate("localStorage.getItem('browser-ml-lab/edit/tensors')") is None

        fresh.run_code("tensors")
        assert fresh.wait_result("tensors", "r.shared === 'yes'")["add"] == [11, 22, 33, 44]
        assert "sent by a link" in fresh.page.text_content("#tensors-console")
        assert fresh.page.is_hidden("#tensors-code-notice")
        assert fresh.page.evaluate("localStorage.getItem('browser-ml-lab/edit/tensors')") == source


def test_a_broken_link_says_so_and_the_shipped_code_stays(app):
    shipped = (app.open(demo="tensors"), app.code("tensors"))[1]
    app.page.goto(f"{app.server}/?demo=tensors#code=tensors.eJzLSM3JyVcozy_KSQEAGgQEXQ")
    app.page.reload()
    app.wait_ready()
    message = app.page.text_content("#app-message")
    assert "could not be read" in message and "copied whole" in message
    assert app.code("tensors") == shipped
    assert app.result("tensors")["add"] == [11, 22, 33, 44]
    assert app.page.is_hidden("#tensors-code-notice")


def test_a_link_pasted_into_the_open_lab_opens_its_code_without_a_reload(app):
    app.open(demo="tensors")
    source = app.code("regression") + ADDED
    app.page.evaluate("() => { window.sameDocument = true; }")
    app.page.evaluate("hash => { location.hash = hash; }", "#" + fragment("regression", source))
    app.page.wait_for_function("document.documentElement.dataset.demo === 'regression'")
    assert app.page.evaluate("window.sameDocument")  # no reload: the page's state stayed
    assert app.code("regression") == source
    assert "came from a link" in app.page.text_content("#regression-code-notice")
    assert "shared" not in app.result("regression")  # shown, not run


EDIT_KEY, ASIDE_KEY = "browser-ml-lab/edit/tensors", "browser-ml-lab/edit-aside/tensors"


def _open_link(app, source: str):
    app.page.goto(f"{app.server}/?demo=tensors#{fragment('tensors', source)}")
    app.page.reload()
    app.wait_ready()


def _kept(app, key: str):
    return app.page.evaluate("key => localStorage.getItem(key)", key)


def test_a_link_opened_over_a_saved_edit_keeps_both(app):
    """The link's code hid the saved edit, and Reset then deleted it (issue 34)."""
    shipped = (app.open(demo="tensors"), app.code("tensors"))[1]
    mine, linked = shipped + "\n# my own edit\n", shipped + ADDED
    app.set_code("tensors", mine)
    assert _kept(app, EDIT_KEY) == mine

    _open_link(app, linked)
    assert app.code("tensors") == linked
    notice = app.page.text_content("#tensors-code-notice")
    assert "came from a link" in notice and "saved edit of this demo is not lost" in notice
    app.page.click("#tensors-code-reset")  # Reset: the shipped code, and the edit kept aside
    app.page.wait_for_function(f"localStorage.getItem('{EDIT_KEY}') === null")
    assert app.code("tensors") == shipped and _kept(app, ASIDE_KEY) == mine
    assert "kept aside" in app.page.text_content("#tensors-code-notice")
    app.page.click("#tensors-code-restore")
    assert app.code("tensors") == mine and _kept(app, EDIT_KEY) == mine
    assert _kept(app, ASIDE_KEY) is None and "Your edit is back" in app.page.text_content(
        "#tensors-code-notice")

    _open_link(app, linked)  # Run the link's code: it is the edit now, and mine goes aside
    app.run_code("tensors")
    assert _kept(app, EDIT_KEY) == linked and _kept(app, ASIDE_KEY) == mine
    app.page.click("#tensors-code-restore")  # a swap: neither is lost
    assert app.code("tensors") == mine and _kept(app, ASIDE_KEY) == linked
    app.page.click("#tensors-code-forget")
    assert _kept(app, ASIDE_KEY) is None and app.page.is_hidden("#tensors-code-notice")

    _open_link(app, "#" * 200_001)  # the limit is in characters: 700,001 used to open
    assert "longer than 200,000 characters" in app.page.text_content("#app-message")
    assert app.code("tensors") == mine
