"""Test harness: the real page, served by Python's http.server, in Debian's Chromium.

Every test that uses `page` gets these guards for free:
- a request to any other host is blocked and fails the test;
- an uncaught JS error, a console error or a Python traceback fails the test;
- a failing test leaves a screenshot in test-results/.

    def test_something(app):                 # the page, booted (data-ready="1")
        app.open(demo="tensors")
        assert app.result("tensors")["add"] == [11, 22, 33, 44]

    @pytest.mark.camera("astronaut")         # fake webcam fed tests/data/photos/astronaut.png
    def test_pose(app): ...

    @pytest.mark.camera("none")              # a browser with no camera at all
"""

import contextlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from camera import y4m_from_photo
from harness import CHROMIUM, QUIET_FLAGS, camera_flags, serve_folder

ROOT = Path(__file__).resolve().parent.parent


def _importable_lab():
    """`lab` for the unit tests (tests/unit/): the package the page mounts, py/lab/, imported
    here without a browser (its names that need Pyodide load only when used)."""
    sys.path.insert(0, str(ROOT / "py"))


_importable_lab()


def pytest_collection_modifyitems(items):
    """The fast unit tests first: they need no browser and fail in seconds."""
    items.sort(key=lambda item: "unit" not in Path(str(item.fspath)).parts)
PHOTOS = Path(__file__).resolve().parent / "data" / "photos"  # also harness.PHOTOS
RESULTS = ROOT / "test-results"
BOOT_TIMEOUT_MS = 120_000

# What fails a test, shared with the Firefox harness (tests/firefox/driver.mjs)
GUARD_RULES_FILE = Path(__file__).resolve().parent / "guards.json"
GUARD_RULES = json.loads(GUARD_RULES_FILE.read_text())
HARMLESS_CONSOLE = [re.compile(p) for p in GUARD_RULES["harmless_console"]]


@pytest.fixture(scope="session")
def server():
    """The project folder served as a user serves it (http.server), on a free loopback port."""
    url, stop = serve_folder(ROOT)
    yield url
    stop()


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as p:
        yield p


# Why Chromium ended a renderer (CDP Target.targetCrashed): its status and the process's exit
# code or signal; signal 5 (SIGTRAP) is V8 giving up, e.g. out of memory; 9 is a kill from outside.
class Browsers:
    """One Chromium per camera setup, launched on first use and shared by the session.

    A browser one of whose renderers crashed is closed (`forget`), so that the next test, or the
    crashed test's rerun, starts in a fresh one.
    """

    def __init__(self, playwright_instance, tmp_path_factory):
        self.playwright, self.tmp = playwright_instance, tmp_path_factory
        self.launched = {}
        self.crashes: list[str] = []  # "status <s>, exit code or signal <n>", in order

    def __call__(self, camera: str | None):
        if camera not in self.launched:
            args = QUIET_FLAGS + camera_flags(camera, self.tmp.mktemp("camera"))
            browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=args)
            session = browser.new_browser_cdp_session()
            session.on("Target.targetCrashed", lambda event: self.crashes.append(
                f"status {event['status']}, exit code or signal {event['errorCode']}"))
            session.send("Target.setDiscoverTargets", {"discover": True})
            self.launched[camera] = browser
        return self.launched[camera]

    def forget(self, camera: str | None):
        browser = self.launched.pop(camera, None)
        if browser is not None:
            browser.close()

    def close(self):
        for browser in self.launched.values():
            browser.close()


@pytest.fixture(scope="session")
def browsers(playwright_instance, tmp_path_factory):
    launched = Browsers(playwright_instance, tmp_path_factory)
    yield launched
    launched.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


class Guards:
    """What the page did that a test must not allow."""

    def __init__(self, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.external: list[str] = []
        self.errors: list[str] = []
        self.allowed_errors: list[re.Pattern] = []
        self.crashed = False

    def allow_console_error(self, pattern: str):
        """Let a test that provokes an error on purpose say which console line is expected."""
        self.allowed_errors.append(re.compile(pattern))

    def on_route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        same_origin = (parsed.scheme in GUARD_RULES["allowed_schemes"]
                       or f"{parsed.scheme}://{parsed.netloc}" == self.origin)
        (self.requests if same_origin else self.external).append(url)
        # A request still in flight when its test closes the context: raised here, Playwright
        # would report it at the next test's first call on the same browser.
        with contextlib.suppress(PlaywrightError):
            if same_origin:
                route.continue_()
            else:
                route.abort("blockedbyclient")

    def on_console(self, message):
        text = message.text
        if message.type == "error" or GUARD_RULES["traceback"] in text:
            if any(p.search(text) for p in HARMLESS_CONSOLE + self.allowed_errors):
                return
            self.errors.append(f"console.{message.type}: {text[:2000]}")

    def on_page_error(self, error):
        text = str(error)
        if not any(p.search(text) for p in self.allowed_errors):
            self.errors.append(f"uncaught: {text[:2000]}")

    def on_crash(self, page):
        self.crashed = True
        self.errors.append(f"the page's renderer crashed (Chromium's 'Target crashed') at {page.url}")

    def watch(self, context, service_worker: bool = False):
        """A new page of `context`, its requests routed and its errors recorded here.

        Without a service worker unless asked (tests/test_offline.py): page.route() does not see
        what a worker serves, and each test would keep a whole offline copy in the background.
        The stub is what Playwright's service_workers="block" installs, for every context here."""
        if not service_worker:
            context.add_init_script("if (navigator.serviceWorker) navigator.serviceWorker.register"
                                    " = async () => undefined;")
        # the page loads more files than resource timing keeps by default (250): tests read them
        context.add_init_script("performance.setResourceTimingBufferSize(5000);")
        context.route("**/*", self.on_route)
        page = context.new_page()
        page.on("console", self.on_console)
        page.on("pageerror", self.on_page_error)
        page.on("crash", self.on_crash)
        return page

    def problems(self) -> list[str]:
        return [f"request left the origin: {u}" for u in self.external] + self.errors


CAMERA_DEMOS = ("classify", "pose", "teach", "face", "hands", "segment")  # model in a worker?


class App:
    """The page, with helpers that speak the automation contract."""

    def __init__(self, page, server: str, guards: Guards, shared: bool = False):
        self.page, self.server, self.guards = page, server, guards
        self.shared = shared  # `shared_app`: open() keeps a page already booted at that address
        self.opened = None

    def open(self, demo: str | None = None, backend: str | None = None, query: str = "",
             worker: str | None = "0"):
        """A camera demo runs its model on the page's thread (`?worker=0`) unless `query` says
        where, or `worker` is None: the page's default, the page's thread first and then a
        worker, is tested in tests/test_*_worker.py; the rest need no worker loading beside."""
        params = [f"demo={demo}"] if demo else []
        params += [f"backend={backend}"] if backend else []
        params += [query] if query else []
        if demo in CAMERA_DEMOS and worker is not None and "worker=" not in query:
            params += [f"worker={worker}"]
        url = f"{self.server}/" + ("?" + "&".join(params) if params else "")
        if self.shared and self.opened == url:
            return self
        self.page.goto(url)
        self.wait_ready()
        self.opened = url
        return self

    def wait_ready(self):
        self.page.wait_for_function("document.documentElement.dataset.ready === '1'",
                                    timeout=BOOT_TIMEOUT_MS)

    def result(self, demo: str) -> dict:
        text = self.page.text_content(f"#{demo}-result") or ""
        return json.loads(text) if text.strip() else {}

    def wait_result(self, demo: str, condition: str = "true", timeout: int = 60_000) -> dict:
        """Wait until #<demo>-result holds JSON `r` for which the JS expression `condition` holds,
        and return that `r` (not a later one: a running loop may publish again meanwhile)."""
        handle = self.page.wait_for_function(
            """([demo, condition]) => {
                const text = document.getElementById(demo + "-result").textContent;
                if (!text.trim()) return false;
                const r = JSON.parse(text);
                return Function("r", "return (" + condition + ")")(r) ? r : false;
            }""", arg=[demo, condition], timeout=timeout)
        return handle.json_value()

    def run_code(self, demo: str, times: int = 1, timeout: int = 90_000):
        """Click the editor's Run `times` times; return once those runs have finished starting
        (`#<demo>-code[data-runs]`): the run before them is stopped, its loop publishes no more."""
        done = int(self.page.get_attribute(f"#{demo}-code", "data-runs") or 0) + times
        for _ in range(times):
            self.page.click(f"#{demo}-code-run")
        self.page.wait_for_function(
            f"Number(document.getElementById('{demo}-code').dataset.runs) >= {done}",
            timeout=timeout)

    def message(self, demo: str) -> str:
        box = self.page.locator(f"#{demo}-message")
        return box.text_content() if box.is_visible() else ""

    def num_tensors(self) -> int:
        return self.page.evaluate("tf.memory().numTensors")

    def stats(self) -> dict:
        """labStats(): tensors, and each demo's live tasks, listeners and proxies."""
        return json.loads(self.page.evaluate("labStats()"))

    def code(self, demo: str) -> str:
        """The Python in `demo`'s editor."""
        return self.page.evaluate(f"document.querySelector('#{demo}-editor .CodeMirror')"
                                  ".CodeMirror.getValue()")

    def set_code(self, demo: str, source: str):
        self.page.evaluate("([demo, source]) => document.querySelector(`#${demo}-editor .CodeMirror`)"
                           ".CodeMirror.setValue(source)", [demo, source])

    def train_regression(self, epochs: int = 20) -> dict:
        """Train the Layers API demo briefly from its tab; its published result when trained."""
        self.page.click("#tab-regression")
        self.page.fill("#regression-epochs", str(epochs))
        self.page.click("#regression-train")
        return self.wait_result("regression", "r.status === 'trained'")

    def console_errors(self, demo: str) -> list[str]:
        """The errors shown in the output panel under `demo`'s editor."""
        return self.page.locator(f"#{demo}-console .console-error").all_text_contents()


def screenshot(page, name: str):
    """What the page looked like, in test-results/<name>.png."""
    RESULTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    except PlaywrightError as error:  # a crashed page has nothing left to show
        print(f"no screenshot {name}: {error}")


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


# --- for the fault tests ----------------------------------------------------------------
def edited(source: str, anchor: str, insert: str) -> str:
    """`source` with `insert` (indented like `anchor`'s line) right after the line `anchor`."""
    assert source.count(anchor) == 1, f"the demo's code changed: {anchor!r} not found once"
    indent = anchor[:len(anchor) - len(anchor.lstrip())]
    body = "".join(f"{indent}{line}\n" for line in insert.splitlines())
    return source.replace(anchor, anchor + body)


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


@pytest.fixture(scope="module")
def camera_asking_browser(playwright_instance, tmp_path_factory):
    """A camera is there, but the permission prompt is answered "Block" (no fake-UI flag)."""
    y4m = y4m_from_photo(PHOTOS / "astronaut_640x480.png", tmp_path_factory.mktemp("camera"))
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=QUIET_FLAGS + ["--use-fake-device-for-media-stream", "--deny-permission-prompts",
                            f"--use-file-for-fake-video-capture={y4m}"])
    yield browser
    browser.close()
