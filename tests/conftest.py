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

import sys
from pathlib import Path

import pytest

pytest.register_assert_rewrite("app_support", "browsers_support", "guards_support", "pages_support")
# the names test files take from here (their homes: tests/*_support.py)
from app_support import BOOT_TIMEOUT_MS, App  # noqa: E402, F401
from guards_support import GUARD_RULES_FILE, RESULTS, Guards  # noqa: E402, F401
from harness import CHROMIUM, QUIET_FLAGS, serve_folder  # noqa: E402, F401
from pages_support import guarded_app  # noqa: E402, F401

pytest_plugins = ["browsers_support", "pages_support", "schedule_support"]  # fixtures, xdist order
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


@pytest.fixture(scope="session")
def server():
    """The project folder served as a user serves it (http.server), on a free loopback port."""
    url, stop = serve_folder(ROOT)
    yield url
    stop()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


# --- for the fault tests ----------------------------------------------------------------
def edited(source: str, anchor: str, insert: str) -> str:
    """`source` with `insert` (indented like `anchor`'s line) right after the line `anchor`."""
    assert source.count(anchor) == 1, f"the demo's code changed: {anchor!r} not found once"
    indent = anchor[:len(anchor) - len(anchor.lstrip())]
    body = "".join(f"{indent}{line}\n" for line in insert.splitlines())
    return source.replace(anchor, anchor + body)
