"""What the tests and the benchmark share: the browsers (Debian's Chromium and Firefox ESR, or
those LAB_CHROMIUM and LAB_FIREFOX name), Chromium's flags, the fake camera, the folder served as
`python3 -m http.server` serves it.

    from harness import CHROMIUM, QUIET_FLAGS, camera_flags, serve_folder

    url, stop = serve_folder(ROOT)                       # http://127.0.0.1:<free port>
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=QUIET_FLAGS + camera_flags("astronaut", work_dir))
"""

import functools
import http.server
import os
import threading
from pathlib import Path

from camera import y4m_from_photo

# Debian's, unless the environment names another program (on Ubuntu both are snaps, and there is
# no firefox-esr): LAB_CHROMIUM=/snap/bin/chromium LAB_FIREFOX=/usr/bin/firefox ./lab test.
# The Firefox tests drive it over WebDriver BiDi (tests/firefox/driver.mjs).
CHROMIUM = os.environ.get("LAB_CHROMIUM") or "/usr/bin/chromium"
FIREFOX = os.environ.get("LAB_FIREFOX") or "/usr/bin/firefox-esr"
PHOTOS = Path(__file__).resolve().parent / "data" / "photos"
# Flags that keep Chromium quiet offline (no component updates, no sync, no lookups of
# Google's hosts) and let a video play without a click.
QUIET_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-quic", "--autoplay-policy=no-user-gesture-required"]


def camera_flags(photo: str | None, work: Path) -> list[str]:
    """A camera fed `photo` (tests/data/photos/<photo>.png), "none" for no camera device,
    None for a browser that asks nothing about cameras."""
    if photo is None:
        return []
    flags = ["--use-fake-ui-for-media-stream"]  # grant the permission prompt
    if photo != "none":
        y4m = y4m_from_photo(PHOTOS / f"{photo}.png", work)
        flags += ["--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={y4m}"]
    return flags


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(root: Path, port: int = 0):
    """Serve `root` exactly as `python3 -m http.server` does; return (base URL, stop)."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def stop():
        httpd.shutdown()
        httpd.server_close()
    return f"http://127.0.0.1:{httpd.server_address[1]}", stop
