"""What fails a browser test: requests off the origin, console errors, Python tracebacks, a crashed
renderer (Guards); and the screenshot a failed test leaves in test-results/.

    guards = Guards(server)                   # conftest's `guards` fixture
    page = guards.watch(context)              # a new page of `context`, watched
    guards.allow_console_error("404")         # a test that provokes one on purpose
    guards.problems()                         # what went wrong, as lines
    screenshot(page, "name")                  # test-results/name.png
"""

import contextlib
import json
import re
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "test-results"

# What fails a test, shared with the Firefox harness (tests/firefox/driver.mjs)
GUARD_RULES_FILE = Path(__file__).resolve().parent / "guards.json"
GUARD_RULES = json.loads(GUARD_RULES_FILE.read_text())
HARMLESS_CONSOLE = [re.compile(p) for p in GUARD_RULES["harmless_console"]]


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


def screenshot(page, name: str):
    """What the page looked like, in test-results/<name>.png."""
    RESULTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    except PlaywrightError as error:  # a crashed page has nothing left to show
        print(f"no screenshot {name}: {error}")
