"""The browsers (a conftest plugin): Playwright, one Chromium per camera setup for the session
(`browsers`), and `camera_asking_browser`, whose camera permission prompt is answered "Block".
"""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from camera import y4m_from_photo
from harness import CHROMIUM, QUIET_FLAGS, camera_flags

PHOTOS = Path(__file__).resolve().parent / "data" / "photos"  # also harness.PHOTOS


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
