"""A site of its own for the service worker's tests (tests/test_offline*.py).

    pytest_plugins = ["offline_site"]    # in a test file: its fixtures `site` and `offline_app`

    def test_x(offline_app, site):
        said = offline_app.visit("tensors")      # through the worker, the offline copy settled
        site.write("js/x.js", b"...")            # the server's copy changed, as setup would
        site.stop()

Each test serves its own copy of the site (symlinks to this folder, with the files a test changes
written for real) on one port for all its visits, since the worker and its cache belong to that
origin. The server records what it was asked, so "not downloaded again" means the server never saw
the request. The shared folder is never changed: other tests may be serving it.
"""

import functools
import hashlib
import http.server
import importlib.util
import json
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT, App, Guards

OFFLINE_TIMEOUT_MS = 180_000
_spec = importlib.util.spec_from_file_location("lab_serve", ROOT / "tools" / "serve.py")
_serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_serve)
ISOLATION_HEADERS = _serve.ISOLATION_HEADERS  # what ./lab serve sends with every file


class Site:
    """A copy of the site in `folder`: symlinks to ROOT, except what `write` replaced."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir()
        for entry in ROOT.iterdir():
            if entry.name in ("index.html", "pyscript.toml", "sw.js", "css", "js", "py", "assets",
                              "vendor"):
                (folder / entry.name).symlink_to(entry)
        self.manifest = json.loads((ROOT / "vendor" / "manifest.json").read_text())
        self._real("vendor/manifest.json")
        self.save_manifest()
        self.asked: list[str] = []
        self.httpd = None
        self.isolated = False

    def _real(self, relative: str):
        """Turn every symlinked folder on the way to `relative` into a real one."""
        path = self.folder
        for part in Path(relative).parts[:-1]:
            path = path / part
            if path.is_symlink():
                target = path.resolve()
                path.unlink()
                path.mkdir()
                for child in target.iterdir():
                    (path / child.name).symlink_to(child)
        last = path / Path(relative).name
        if last.is_symlink():
            last.unlink()
        return last

    def write(self, relative: str, data: bytes, manifest: bool = True):
        """Change a file on the server; with `manifest`, as setup would (new size and sha256)."""
        self._real(relative).write_bytes(data)
        if manifest:
            self.manifest["files"][relative] = {"size": len(data),
                                                "sha256": hashlib.sha256(data).hexdigest()}
            self.write_version()

    def list_missing(self, relative: str):
        """List in the manifest a file the server does not have (a setup cut short, say)."""
        self.manifest["files"][relative] = {"size": 1, "sha256": "0" * 64}
        self.write_version()

    def write_version(self):
        self.manifest["version"] = hashlib.sha256(
            json.dumps(self.manifest["files"], sort_keys=True).encode()).hexdigest()[:16]
        self.save_manifest()

    def save_manifest(self):
        (self.folder / "vendor" / "manifest.json").write_text(json.dumps(self.manifest))

    def start(self, port: int = 0) -> str:
        """Serve as `python3 -m http.server` does, or, `isolated`, as `./lab serve` does (with
        tools/serve.py's cross-origin isolation headers, its list of the app's files, and vendor/
        sent gzip-encoded, which it says: then a first visit loads without the worker)."""
        site = self

        class Recording(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                site.asked.append(self.path.lstrip("/"))
                if not (site.isolated and _serve.send_own_files(self)):
                    super().do_GET()

            def send_head(self):
                if site.isolated:
                    return _serve.send_head_gzip_first(self, super().send_head)
                return super().send_head()

            def end_headers(self):
                for name, value in (ISOLATION_HEADERS.items() if site.isolated else ()):
                    self.send_header(name, value)
                if site.isolated:
                    self.send_header("Server-Timing", _serve.GZIP_SIGNAL)
                super().end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(Recording, directory=str(self.folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site(tmp_path):
    made = Site(tmp_path / "site")
    yield made
    if made.httpd:
        made.stop()
    shutil.rmtree(tmp_path / "site", ignore_errors=True)


@pytest.fixture
def offline_app(request, browsers, site):
    """An App on a context where the service worker may run, on `site`'s server (cross-origin
    isolated for a test marked `isolated`)."""
    marker = request.node.get_closest_marker("camera")
    browser = browsers(marker.args[0] if marker else None)
    site.isolated = request.node.get_closest_marker("isolated") is not None
    url = site.start()
    guards = Guards(url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    page = guards.watch(context, service_worker=True)
    failed = []
    # Chromium reports a HEAD the worker answered as failed (ERR_ABORTED) though fetch() resolves
    page.on("requestfailed", lambda r: r.method == "HEAD" or failed.append(f"{r.url}: {r.failure}"))
    app = OfflineApp(page, url, guards)
    app.failed_requests = failed
    yield app
    context.close()
    problems = guards.problems()
    if problems:
        pytest.fail("The page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


class OfflineApp(App):
    """An App whose page the service worker controls."""

    def visit(self, demo="tensors", worker="1") -> str:
        """Open `demo`, through the worker (`worker`: "after-ready", a first visit under a server
        that sends vendor/ gzip-encoded, which registers it once the page is ready); wait until
        the offline copy is settled; what it said."""
        self.open(demo=demo)
        assert self.page.evaluate("document.documentElement.dataset.worker") == worker
        self.page.wait_for_function("document.documentElement.dataset.offline",
                                    timeout=OFFLINE_TIMEOUT_MS)
        return self.page.text_content("#boot-offline")

    def cache_keys(self) -> list[str]:
        return self.page.evaluate(
            "caches.open('lab-files').then(c => c.keys()).then(ks => ks.map(k => k.url))")

    def served(self, path: str) -> str:
        """`path` as the page gets it now (through the service worker), as text."""
        # bounded: evaluate has no timeout, and a fetch the worker never answers would hold the run
        return self.page.evaluate(f"""Promise.race([fetch('{path}').then(r => r.text()),
            new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 30 s')),
                                                  30000))])""")
