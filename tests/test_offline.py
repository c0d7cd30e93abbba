"""The service worker (js/service-worker.js): the offline copy, versions, compressed files.

Each test serves its own copy of the site (symlinks to this folder, with the files a test changes
written for real) on one port for all its visits, since the worker and its cache belong to that
origin. The server records what it was asked, so "not downloaded again" means the server never saw
the request. The shared folder is never changed: other tests may be serving it.
"""

import functools
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT, App, Guards

OFFLINE_TIMEOUT_MS = 180_000


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
            self.manifest["version"] = hashlib.sha256(
                json.dumps(self.manifest["files"], sort_keys=True).encode()).hexdigest()[:16]
            self.save_manifest()

    def save_manifest(self):
        (self.folder / "vendor" / "manifest.json").write_text(json.dumps(self.manifest))

    def start(self, port: int = 0) -> str:
        site = self

        class Recording(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                site.asked.append(self.path.lstrip("/"))
                super().do_GET()

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
    """An App on a context where the service worker may run, on `site`'s server."""
    marker = request.node.get_closest_marker("camera")
    browser = browsers(marker.args[0] if marker else None)
    url = site.start()
    guards = Guards(url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    page = guards.watch(context, service_worker=True)
    failed = []
    # Chromium reports a HEAD the worker answered as failed (ERR_ABORTED) though fetch() resolves
    page.on("requestfailed", lambda r: r.method == "HEAD" or failed.append(f"{r.url}: {r.failure}"))
    app = App(page, url, guards)
    app.failed_requests = failed
    yield app
    context.close()
    problems = guards.problems()
    if problems:
        pytest.fail("The page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


def visit(app, demo="tensors") -> str:
    """Open `demo`, through the worker; wait until the offline copy is settled; what it said."""
    app.open(demo=demo)
    assert app.page.evaluate("document.documentElement.dataset.worker") == "1"
    app.page.wait_for_function("document.documentElement.dataset.offline",
                               timeout=OFFLINE_TIMEOUT_MS)
    return app.page.text_content("#boot-offline")


def cache_keys(app) -> list[str]:
    return app.page.evaluate(
        "caches.open('lab-files').then(c => c.keys()).then(ks => ks.map(k => k.url))")


@pytest.mark.camera("astronaut_640x480")
def test_second_visit_with_the_server_stopped_every_demo_runs(offline_app, site):
    said = visit(offline_app)
    assert "Kept for offline use" in said
    assert offline_app.page.evaluate("document.documentElement.dataset.offline") == "ready"
    site.stop()
    site.httpd = None

    offline_app.open(demo="tensors")
    assert offline_app.result("tensors")["add"] == [11, 22, 33, 44]
    assert "Working offline" in offline_app.page.text_content("#boot-offline")
    assert offline_app.train_regression(epochs=20)["status"] == "trained"
    offline_app.open(demo="classify")
    top = offline_app.wait_result("classify", "r.frames >= 1", timeout=90_000)
    assert top
    offline_app.open(demo="pose")
    assert offline_app.wait_result("pose", "r.frame >= 1", timeout=90_000)
    assert offline_app.failed_requests == []


def test_a_changed_file_is_fetched_again_an_unchanged_one_is_not(offline_app, site):
    visit(offline_app)
    changed = "vendor/codemirror/addon/edit/closebrackets.js"
    new = (ROOT / changed).read_bytes() + b"\n// version 2\n"
    site.write(changed, new)
    site.asked.clear()

    said = visit(offline_app)
    assert "A new version of the lab is ready (1 file changed" in said, said
    assert changed in site.asked
    vendor = [p for p in site.asked if p.startswith("vendor/") and p != "vendor/manifest.json"]
    assert vendor == [changed], vendor  # nothing else of vendor/ again: not the snapshot, not ml5
    served = offline_app.page.evaluate(f"fetch('{changed}').then(r => r.text())")
    assert served.endswith("// version 2\n")
    assert not [k for k in cache_keys(offline_app)
                if changed in k and hashlib.sha256(new).hexdigest() not in k]  # the old one went


def test_python_files_never_go_stale(offline_app, site):
    """The rule: py/ (and the app's other own files) come from the server whenever it answers,
    manifest or not; the cached copy is the last one the server gave, used only without it."""
    edited = []
    offline_app.page.on("console", lambda m: edited.append(m.text) if "edited since" in m.text else None)
    visit(offline_app)
    assert edited == []
    main = (ROOT / "py" / "main.py").read_bytes()
    site.write("py/main.py", main + b'\nprint("py/main.py edited since the first visit")\n',
               manifest=False)  # a user's edit: setup did not run again
    # a file of the package, which the page preloads (js/boot.js) while Python starts
    package = (ROOT / "py" / "lab" / "__init__.py").read_bytes()
    site.write("py/lab/__init__.py", package + b'\nprint("py/lab edited since the first visit")\n',
               manifest=False)
    site.asked.clear()

    offline_app.open(demo="tensors")
    assert sorted(edited) == ["py/lab edited since the first visit",
                              "py/main.py edited since the first visit"]
    # preloaded, then taken by Python's own request: the server was asked once
    assert site.asked.count("py/lab/__init__.py") == 1, site.asked
    site.stop()
    site.httpd = None
    offline_app.open(demo="tensors")
    assert len(edited) == 4  # offline, the copies kept are the edited ones


def test_a_corrupt_gzip_or_a_file_unlike_the_manifest_is_named_and_fetched_plainly(offline_app, site):
    offline_app.guards.allow_console_error(r"^$")  # never: warnings only, checked below
    site.write("vendor/p5/p5.min.js.gz", b"\x1f\x8b\x08\x00 not gzip at all" * 100, manifest=False)
    mismatched = "vendor/codemirror/mode/python/python.js"
    site.manifest["files"][mismatched]["sha256"] = "0" * 64
    site.save_manifest()
    said = visit(offline_app)

    notes = offline_app.page.text_content("#boot-notes")
    assert "vendor/p5/p5.min.js.gz could not be used" in notes, notes
    assert "fetched vendor/p5/p5.min.js uncompressed instead" in notes
    assert f"{mismatched} does not match the sha256 in vendor/manifest.json" in notes
    assert "Not everything could be kept for offline use" in said
    assert offline_app.page.evaluate("document.documentElement.dataset.offline") == "incomplete"
    assert "vendor/p5/p5.min.js" in site.asked  # the plain file, after the bad .gz
    keys = cache_keys(offline_app)
    assert [k for k in keys if "p5.min.js?sha256=" in k]  # checked against the manifest: kept
    assert not [k for k in keys if "python/python.js" in k]  # unlike the manifest: never kept
    assert offline_app.page.evaluate("typeof p5 === 'function' && typeof CodeMirror === 'function'")


@pytest.mark.camera("astronaut_640x480")
def test_the_preload_asks_for_the_model_the_address_picks_not_the_default(offline_app):
    """js/boot.js preloads the first demo's own model (its section's data-model), unless the
    address picks another (its data-model-param: ?pose=). The page's own requests are in its
    resource timing; the service worker's offline copy, made later, is not."""
    offline_app.open(demo="pose", query="pose=movenet")
    assert offline_app.page.evaluate("document.documentElement.dataset.worker") == "1"
    offline_app.wait_result("pose", "r.frame >= 1 && r.model === 'movenet'", timeout=120_000)
    asked = offline_app.page.evaluate(
        "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
    assert not [p for p in asked if "/vendor/models/posenet/" in p], asked
    assert [p for p in asked if "/vendor/models/movenet-lightning/" in p], asked
