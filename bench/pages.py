"""Servers, browsers and pages for the benchmark: the lab and the plain-JS baselines, probed."""

from pathlib import Path

from config import (
    CAMERA_PHOTO,
    CHROMIUM,
    MODEL_PARAM,
    PROBE,
    QUIET_FLAGS,
    ROOT,
    SAME_ORIGIN,
    TRACKING,
    camera_flags,
    serve_folder,
)
from tools.serve import start as start_lab_server  # noqa: E402


def start_plain_server():
    """Exactly `python3 -m http.server`: no isolation, the browser's own heuristic caching."""
    return serve_folder(ROOT)


# pages ---------------------------------------------------------------------------
class Bench:
    def __init__(self, playwright, work: Path):
        self.pw, self.work = playwright, work
        self.servers = {}
        self.browsers = {}
        self.console_errors = []
        self.off_origin = []

    def server(self, kind: str) -> str:
        if kind not in self.servers:
            if kind == "plain":
                self.servers[kind] = start_plain_server()
            else:
                self.servers[kind] = start_lab_server(isolated=True, cached=True)
        return self.servers[kind][0]

    def camera_args(self, demo: str):
        return QUIET_FLAGS + camera_flags(CAMERA_PHOTO[demo], self.work)

    def browser(self, demo: str):
        if demo not in self.browsers:
            self.browsers[demo] = self.pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=self.camera_args(demo))
        return self.browsers[demo]

    def new_page(self, context, cache: bool = False):
        """A page with the probe; requests to other hosts never leave the machine.

        Playwright's routing, which aborts them, also turns the HTTP cache off
        (microsoft/playwright#7220), so a page that must keep its cache (`cache=True`,
        a warm visit) is not routed: its browser resolves no host but 127.0.0.1
        (BOOT_FLAGS), and every request to another host is recorded in
        `off_origin`, which the run reports and fails on.
        """
        context.add_init_script(PROBE)
        if cache:
            context.on("request", lambda request: None if request.url.startswith(
                SAME_ORIGIN) else self.off_origin.append(request.url))
        else:
            context.route("**/*", self._same_origin_only)
        page = context.new_page()
        page.on("console", lambda m: self.console_errors.append(m.text[:300])
                if m.type == "error" else None)
        return page

    @staticmethod
    def _same_origin_only(route):
        url = route.request.url
        if url.startswith(SAME_ORIGIN):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def close(self):
        for browser in self.browsers.values():
            browser.close()
        for _, stop in self.servers.values():
            stop()


def url_for(base: str, python: bool, demo: str, backend: str, model: str | None = None,
            **extra) -> str:
    if python:
        query = {"demo": demo, "backend": backend,
                 **({MODEL_PARAM[demo]: model} if model and demo in MODEL_PARAM else {})}
        if demo in CAMERA_PHOTO:  # the model on the page's thread, as the tutorial's
            query["worker"] = "0"  # (the lab's default hands it to a worker: wasm-worker)
        path = "/"
    else:
        query = {"backend": backend, **({"model": model} if model else {})}
        if demo in TRACKING:  # camera frames follow the last one's findings, as in the lab
            query["tracking"] = "1"
        path = f"/bench/baseline/{demo}.html"
    query.update(extra)
    return base + path + "?" + "&".join(f"{k}={v}" for k, v in query.items())


# run.py --select: <select>s of the lab's loop pages, set before they warm up ({"#id": value})
SELECT: dict[str, str] = {}


def choose(page, python: bool, timeout_s: float):
    for selector, value in SELECT.items() if python else ():  # the plain-JS pages have none
        page.select_option(selector, value, timeout=timeout_s * 1000)


def frames_of(page, model=None):
    frames = page.evaluate("window.__bench.frames")
    return [f for f in frames if model is None or f["model"] in (None, model)]


def wait_frames(page, count: int, model: str | None, timeout_s: float):
    condition = """([count, model]) => window.__bench.frames.filter(
        f => model === null || f.model === null || f.model === model).length >= count"""
    page.wait_for_function(condition, arg=[count, model], timeout=timeout_s * 1000, polling=250)
    return frames_of(page, model)


def heap(cdp) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    return cdp.send("Runtime.getHeapUsage")["usedSize"] / 1e6
