"""The page fixtures (a conftest plugin): `guards`, `page`, `app`, `shared_app` (one booted page
per module for tests that leave it as they found it), and `guarded_app` for a page of a browser
of a test's own.

    def test_x(app): ...                      # a fresh page, booted by app.open()
    def test_y(shared_app): ...               # the module's page, booted once per address
    with guarded_app(browser, server) as app: ...
"""

import contextlib

import pytest

from app_support import App
from guards_support import Guards, screenshot


@pytest.fixture
def guards(server):
    return Guards(server)


@pytest.fixture
def page(request, browsers, server, guards):
    marker = request.node.get_closest_marker("camera")
    camera = marker.args[0] if marker else None
    crashes_before = len(browsers.crashes)
    context = browsers(camera).new_context(viewport={"width": 1280, "height": 900})
    page = guards.watch(context)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed and not guards.crashed:
        screenshot(page, request.node.name)
    context.close()
    if guards.crashed:
        guards.errors += [f"Chromium says: {why}" for why in browsers.crashes[crashes_before:]]
        browsers.forget(camera)
    problems = guards.problems()
    if problems:
        pytest.fail("The page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def app(page, server, guards):
    return App(page, server, guards)


class SharedPages:
    """One booted page per test module, for tests that leave the page as they found it
    (`shared_app`): a boot is most of a short test's time. The guards are checked after each
    test; a failed test or a crash closes the page, so the next test boots a fresh one."""

    def __init__(self, browsers, server):
        self.browsers, self.server = browsers, server
        self.app, self.context, self.camera = None, None, None

    def get(self, camera: str | None) -> App:
        if self.app is not None and self.camera != camera:
            self.close()
        if self.app is None:
            guards = Guards(self.server)
            self.context = self.browsers(camera).new_context(viewport={"width": 1280, "height": 900})
            self.app = App(guards.watch(self.context), self.server, guards, shared=True)
            self.camera = camera
        guards = self.app.guards
        guards.errors.clear()
        guards.external.clear()
        guards.allowed_errors.clear()
        return self.app

    def close(self):
        if self.context is not None:
            self.context.close()
        self.app, self.context = None, None


@pytest.fixture(scope="module")
def shared_pages(browsers, server):
    pages = SharedPages(browsers, server)
    yield pages
    pages.close()


@pytest.fixture
def shared_app(request, shared_pages, browsers):
    """Like `app`, but the page (and its boot) is shared with the module's other `shared_app`
    tests: `open()` with the same address keeps it. For tests that leave it as they found it."""
    marker = request.node.get_closest_marker("camera")
    camera = marker.args[0] if marker else None
    crashes_before = len(browsers.crashes)
    app = shared_pages.get(camera)
    yield app
    guards = app.guards
    failed = getattr(request.node, "report_call", None)
    failed = failed is not None and failed.failed
    if failed and not guards.crashed:
        screenshot(app.page, request.node.name)
    if guards.crashed:
        guards.errors += [f"Chromium says: {why}" for why in browsers.crashes[crashes_before:]]
        shared_pages.close()
        browsers.forget(camera)
    problems = guards.problems()
    if failed or problems:
        shared_pages.close()
    if problems:
        pytest.fail("The page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


@contextlib.contextmanager
def guarded_app(browser, server, **context_options):
    """An App on its own context of `browser`, with the same guards as the `app` fixture."""
    guards = Guards(server)
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_options})
    page = guards.watch(context)
    try:
        yield App(page, server, guards)
    except BaseException:
        screenshot(page, "guarded_app")
        raise
    finally:
        context.close()
    problems = guards.problems()
    if problems:
        pytest.fail("The page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)
